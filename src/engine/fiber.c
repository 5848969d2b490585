/* SPDX-License-Identifier: GPL-2.0-only */
/* Stackful coroutines (see fiber.h).
 *
 * The assembly backends. vgicsim_fiber_swap(save, load) pushes the callee-saved
 * registers (not the floating-point control state: see below) on the running stack, stores the
 * stack pointer through `save`, loads `load` as the stack pointer and pops the same
 * frame from there: the other context returns from its own call to vgicsim_fiber_swap.
 * A new fiber's stack is laid out as if it had called vgicsim_fiber_swap from the first
 * instruction of vgicsim_fiber_start, with the fiber and the C function to run it in
 * two callee-saved registers (an address in a register, not a symbol in the assembly,
 * so that neither link-time optimisation nor position-independent code needs to know).
 *
 * The sanitizers. AddressSanitizer keeps shadow memory per stack and must be told when
 * the stack changes (__sanitizer_start_switch_fiber before, ..._finish_ after); a
 * fiber's first entry learns from the finish call where the stack it came from lies,
 * so the main context's bounds need no guessing. ThreadSanitizer keeps one fiber object
 * per context and is told which one runs next (__tsan_switch_to_fiber). */
#include "engine/fiber.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define FIBER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FIBER_TSAN 1
#endif
#endif

#ifdef FIBER_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef FIBER_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#if !defined(VGICSIM_FIBER_UCONTEXT) && (defined(__x86_64__) || defined(__aarch64__))
#define FIBER_HAVE_ASM 1
#endif

#ifdef FIBER_HAVE_ASM
void vgicsim_fiber_swap(void **save, void *load);
void vgicsim_fiber_start(void);
/* Called (through vgicsim_fiber_start) on a new fiber's own stack. */
void vgicsim_fiber_run(struct fiber *f);
#endif

static void fiber_run_common(struct fiber *f);

#if defined(FIBER_HAVE_ASM) && defined(__x86_64__)
/* System V x86-64: rbx, rbp and r12-r15 are callee-saved. (So are the MXCSR control bits
 * and the x87 control word, which nothing in vgicsim changes: every context runs with the
 * thread's defaults, so the switch need not carry them -- loading MXCSR alone costs more
 * than the rest of a switch.) The start frame carries the fiber in r12 and
 * vgicsim_fiber_run in r13. */
__asm__(".text\n"
        ".globl vgicsim_fiber_swap\n"
        ".type vgicsim_fiber_swap,@function\n"
        "vgicsim_fiber_swap:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size vgicsim_fiber_swap, .-vgicsim_fiber_swap\n"
        ".globl vgicsim_fiber_start\n"
        ".type vgicsim_fiber_start,@function\n"
        "vgicsim_fiber_start:\n"
        "    movq %r12, %rdi\n"
        "    call *%r13\n"
        "    ud2\n"
        ".size vgicsim_fiber_start, .-vgicsim_fiber_start\n");

enum { START_FRAME_WORDS = 7 };   /* r15..r12, rbx, rbp, return address */

static void *start_frame(struct fiber *f, char *top)
{
    /* At vgicsim_fiber_start the stack pointer must be 16-byte aligned, as it is just
     * before a call; the frame below it is what vgicsim_fiber_swap pops. */
    uintptr_t sp = ((uintptr_t)top & ~(uintptr_t)15) - 16;
    uint64_t *w = (uint64_t *)sp - START_FRAME_WORDS;
    memset(w, 0, START_FRAME_WORDS * sizeof(*w));
    w[2] = (uint64_t)(uintptr_t)vgicsim_fiber_run;   /* r13 */
    w[3] = (uint64_t)(uintptr_t)f;                   /* r12 */
    w[6] = (uint64_t)(uintptr_t)vgicsim_fiber_start;
    return w;
}
#elif defined(FIBER_HAVE_ASM) && defined(__aarch64__)
/* AAPCS64: x19-x28, the frame pointer x29, the link register x30 and the low halves of
 * v8-v15 (d8-d15) are callee-saved. The start frame carries the fiber in x19,
 * vgicsim_fiber_run in x20 and vgicsim_fiber_start in x30. */
__asm__(".text\n"
        ".globl vgicsim_fiber_swap\n"
        ".type vgicsim_fiber_swap,%function\n"
        "vgicsim_fiber_swap:\n"
        "    sub sp, sp, #160\n"
        "    stp x19, x20, [sp, #0]\n"
        "    stp x21, x22, [sp, #16]\n"
        "    stp x23, x24, [sp, #32]\n"
        "    stp x25, x26, [sp, #48]\n"
        "    stp x27, x28, [sp, #64]\n"
        "    stp x29, x30, [sp, #80]\n"
        "    stp d8, d9, [sp, #96]\n"
        "    stp d10, d11, [sp, #112]\n"
        "    stp d12, d13, [sp, #128]\n"
        "    stp d14, d15, [sp, #144]\n"
        "    mov x2, sp\n"
        "    str x2, [x0]\n"
        "    mov sp, x1\n"
        "    ldp x19, x20, [sp, #0]\n"
        "    ldp x21, x22, [sp, #16]\n"
        "    ldp x23, x24, [sp, #32]\n"
        "    ldp x25, x26, [sp, #48]\n"
        "    ldp x27, x28, [sp, #64]\n"
        "    ldp x29, x30, [sp, #80]\n"
        "    ldp d8, d9, [sp, #96]\n"
        "    ldp d10, d11, [sp, #112]\n"
        "    ldp d12, d13, [sp, #128]\n"
        "    ldp d14, d15, [sp, #144]\n"
        "    add sp, sp, #160\n"
        "    ret\n"
        ".size vgicsim_fiber_swap, .-vgicsim_fiber_swap\n"
        ".globl vgicsim_fiber_start\n"
        ".type vgicsim_fiber_start,%function\n"
        "vgicsim_fiber_start:\n"
        "    mov x0, x19\n"
        "    blr x20\n"
        "    brk #0\n"
        ".size vgicsim_fiber_start, .-vgicsim_fiber_start\n");

enum { START_FRAME_WORDS = 20 };

static void *start_frame(struct fiber *f, char *top)
{
    uintptr_t sp = (uintptr_t)top & ~(uintptr_t)15;
    uint64_t *w = (uint64_t *)sp - START_FRAME_WORDS;
    memset(w, 0, START_FRAME_WORDS * sizeof(*w));
    w[0] = (uint64_t)(uintptr_t)f;                        /* x19 */
    w[1] = (uint64_t)(uintptr_t)vgicsim_fiber_run;        /* x20 */
    w[11] = (uint64_t)(uintptr_t)vgicsim_fiber_start;     /* x30 */
    return w;
}
#endif

static void fiber_begin(struct fiber *f);

#ifdef FIBER_HAVE_ASM
void vgicsim_fiber_run(struct fiber *f)
{
    fiber_begin(f);
    fiber_run_common(f);
}
#endif

/* ---- sanitizer bookkeeping around a switch ---- */

static void san_before(struct fiber *from, struct fiber *to)
{
#ifdef FIBER_ASAN
    __sanitizer_start_switch_fiber(&from->san_fake, to->san_bottom, to->san_size);
#else
    (void)from;
#endif
#ifdef FIBER_TSAN
    __tsan_switch_to_fiber(to->tsan, 0);
#else
    (void)to;
#endif
}

/* Back on `self`'s stack: where the previous context's stack lies (ASan learns it
 * here; a fiber's first entry records the main context's bounds through it). */
static void san_after(struct fiber *self, struct fiber *prev_out)
{
#ifdef FIBER_ASAN
    const void *bottom = NULL;
    size_t size = 0;
    __sanitizer_finish_switch_fiber(self->san_fake, &bottom, &size);
    if (prev_out && !prev_out->stack) {
        prev_out->san_bottom = bottom;
        prev_out->san_size = size;
    }
#else
    (void)self, (void)prev_out;
#endif
}

/* The context that started a fiber: the first fiber_switch to a fresh fiber records it,
 * so that its first entry can tell the sanitizer about that context's stack. */
static _Thread_local struct fiber *starting_from;

/* The first thing a fiber does on its own stack: tell the sanitizer the switch is over.
 * It must come before any call the compiler knows does not return -- fiber_run_common
 * is one (it ends in abort()) -- because AddressSanitizer calls __asan_handle_no_return
 * before such a call, which inspects the current stack and fails on a stack it has not
 * been told about yet. So fiber_begin is its own call, ahead of fiber_run_common. */
static void fiber_begin(struct fiber *f)
{
    san_after(f, starting_from);
    starting_from = NULL;
}

static void fiber_run_common(struct fiber *f)
{
    f->entry(f->arg);
    /* entry never returns (fiber.h); if it did, nothing could be resumed here. */
    fputs("vgicsim: a fiber's entry returned\n", stderr);
    abort();
}

/* ---- the ucontext backend ---- */

static void ucontext_entry(unsigned int hi, unsigned int lo)
{
    struct fiber *f = (struct fiber *)(((uintptr_t)hi << 16 << 16) | (uintptr_t)lo);
    fiber_begin(f);
    fiber_run_common(f);
}

static ucontext_t *uc_of(struct fiber *f)
{
    if (!f->uc) {
        f->uc = calloc(1, sizeof(ucontext_t));
        if (!f->uc) {
            fputs("vgicsim: out of memory\n", stderr);
            exit(3);
        }
    }
    return f->uc;
}

/* ---- creation and switching ---- */

size_t fiber_default_stack(void)
{
#if defined(FIBER_ASAN) || defined(FIBER_TSAN)
    return (size_t)1 << 20;
#else
    return (size_t)128 << 10;
#endif
}

void fiber_init_main(struct fiber *main_ctx)
{
    memset(main_ctx, 0, sizeof(*main_ctx));
#ifdef FIBER_TSAN
    main_ctx->tsan = __tsan_get_current_fiber();
#endif
}

void fiber_create(struct fiber *f, size_t stack_size, void (*entry)(void *), void *arg,
                  bool use_ucontext)
{
    memset(f, 0, sizeof(*f));
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    stack_size = (stack_size + page - 1) / page * page;
    /* One guard page below the stack: an overflow faults instead of corrupting memory. */
    char *map = mmap(NULL, stack_size + page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED || mprotect(map, page, PROT_NONE) != 0) {
        fputs("vgicsim: out of memory (fiber stack)\n", stderr);
        exit(3);
    }
    f->stack = map;
    f->stack_size = stack_size;
    f->entry = entry;
    f->arg = arg;
    f->san_bottom = map + page;
    f->san_size = stack_size;
#ifdef FIBER_TSAN
    f->tsan = __tsan_create_fiber(0);
#endif
#ifdef FIBER_HAVE_ASM
    if (!use_ucontext) {
        f->sp = start_frame(f, map + page + stack_size);
        return;
    }
#endif
    (void)use_ucontext;
    f->ucontext = true;
    ucontext_t *uc = uc_of(f);
    if (getcontext(uc) != 0) {
        fputs("vgicsim: getcontext failed\n", stderr);
        abort();
    }
    uc->uc_stack.ss_sp = map + page;
    uc->uc_stack.ss_size = stack_size;
    uc->uc_link = NULL;
    uintptr_t p = (uintptr_t)f;
    makecontext(uc, (void (*)(void))ucontext_entry, 2, (unsigned int)(p >> 16 >> 16),
                (unsigned int)(p & 0xffffffffu));
}

void fiber_destroy(struct fiber *f)
{
#ifdef FIBER_ASAN
    /* A fiber abandoned in the middle of a wait (a run that stopped) never returned from
     * its frames: their redzones stay poisoned in ASan's shadow, which munmap does not
     * clear, and a stack mapped later at the same address -- another run's, on another
     * thread -- would start poisoned (ASan then fails describing the false report). */
    if (f->stack)
        __asan_unpoison_memory_region(f->san_bottom, f->san_size);
#endif
    if (f->stack)
        munmap(f->stack, f->stack_size + (size_t)sysconf(_SC_PAGESIZE));
#ifdef FIBER_TSAN
    if (f->tsan && f->stack)
        __tsan_destroy_fiber(f->tsan);
#endif
    free(f->uc);
    memset(f, 0, sizeof(*f));
}

/* Switches go from any context to any other (the scheduler passes the event loop from
 * fiber to fiber). All fibers of one scheduler use the same backend, so a switch between
 * two fibers uses theirs; the main context is saved by the backend of the fiber it
 * switches to and restored by the same backend when a fiber switches back to it. */
void fiber_switch(struct fiber *from, struct fiber *to)
{
    starting_from = from;
    san_before(from, to);
#ifdef FIBER_HAVE_ASM
    if (!to->ucontext && !from->ucontext) {
        vgicsim_fiber_swap(&from->sp, to->sp);
        san_after(from, NULL);
        return;
    }
#endif
    /* Mixed or ucontext switches: the main context is saved as a ucontext too. */
    if (swapcontext(uc_of(from), uc_of(to)) != 0) {
        fputs("vgicsim: swapcontext failed\n", stderr);
        abort();
    }
    san_after(from, NULL);
}
