/* SPDX-License-Identifier: GPL-2.0-only */
/* Stackful coroutines ("fibers") for the process view of the simulation.
 *
 * A fiber is a function running on a stack of its own that can be suspended in the
 * middle -- with all its local variables and its call chain intact -- and resumed later
 * exactly there. The scheduler (engine/sched.c) runs each operation of the simulation
 * on a fiber so that an operation can wait, in simulated time, for a lock another
 * operation holds, and resume when it gets it, without being written as a state
 * machine (SystemC's threads, SimGrid's raw contexts and OMNeT++'s activity() do the
 * same).
 *
 * Switching saves only what the C calling convention says a callee must preserve (the
 * callee-saved registers and the stack pointer; not the floating-point control state,
 * which vgicsim never changes): a switch costs a few nanoseconds. x86-64 and
 * AArch64 switch in a few instructions of assembly (fiber.c); any other machine, or a
 * build with -DVGICSIM_FIBER_UCONTEXT, uses POSIX ucontext (slower: glibc's swapcontext
 * saves the signal mask with a system call). Sanitizer builds tell AddressSanitizer and
 * ThreadSanitizer about every switch (their fiber annotations), so both keep working
 * across stacks.
 *
 * Fibers belong to one thread: a fiber is only ever switched to from the thread that
 * created it. Not async-signal-safe.
 */
#ifndef VGICSIM_ENGINE_FIBER_H
#define VGICSIM_ENGINE_FIBER_H

#include <stdbool.h>
#include <stddef.h>

struct fiber_backend;

/* A context that can be switched to: a fiber, or the thread's own stack (the "main"
 * context, which fiber_init_main describes). Opaque; its fields are fiber.c's. */
struct fiber {
    void *sp;                  /* saved stack pointer (assembly backends) */
    void *uc;                  /* ucontext_t (ucontext backend) */
    void *stack;               /* the mapping, guard page included (NULL: main) */
    size_t stack_size;         /* usable bytes above the guard page */
    void (*entry)(void *);
    void *arg;
    const void *san_bottom;    /* AddressSanitizer: this context's stack bounds */
    size_t san_size;
    void *san_fake;            /* AddressSanitizer: its fake stack while suspended */
    void *tsan;                /* ThreadSanitizer: its fiber object */
    bool ucontext;             /* switched with the ucontext backend */
};

/* The stack size of a fiber: enough for any operation of the models with room to spare
 * (an operation's deepest path is a few kilobytes), more under the sanitizers, whose
 * instrumented frames are several times larger. */
size_t fiber_default_stack(void);

/* Describes the calling thread's own stack as the context fibers switch back to. */
void fiber_init_main(struct fiber *main_ctx);
/* A fiber that will run entry(arg) when first switched to. entry must never return:
 * it switches away for good instead (a finished fiber is simply never resumed), or
 * loops. use_ucontext forces the portable backend (tests compare the two). Exits
 * through xalloc's out-of-memory path when the stack cannot be mapped. */
void fiber_create(struct fiber *f, size_t stack_size, void (*entry)(void *), void *arg,
                  bool use_ucontext);
/* Releases a fiber's stack, or what a main context (fiber_init_main) acquired by
 * switching (its saved ucontext). The fiber must not be running. */
void fiber_destroy(struct fiber *f);
/* Suspends `from` (the running context) and resumes `to` where it stopped (or starts it).
 * Returns when something switches back to `from`. */
void fiber_switch(struct fiber *from, struct fiber *to);

#endif
