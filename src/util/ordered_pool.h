/* SPDX-License-Identifier: GPL-2.0-only */
/* Independent tasks on several threads, their results taken in task order.
 *
 * `vgicsim run` runs one simulation per model and seed; they share nothing, so they
 * can run at once on the machine's cores. What the user sees must not depend on how
 * many ran at once: the report, the messages on standard error and their order are
 * those of running the tasks one after the other. So the work of a task runs on any
 * thread, but its fold (printing its messages, adding its result to the report) runs on
 * the calling thread, in task order.
 *
 * Memory stays bounded however many tasks there are: a task starts only when fewer than
 * `window` tasks are started and not yet folded, and the caller keeps each task's result
 * in one of `window` slots, reused once the task is folded. */
#ifndef VGICSIM_UTIL_ORDERED_POOL_H
#define VGICSIM_UTIL_ORDERED_POOL_H

#include <stddef.h>

/* The window `vgicsim run` and `check` use: two tasks per thread, so that a thread that
 * finishes can start another while the calling thread folds. */
static inline size_t ordered_pool_window(unsigned threads)
{
    return 2 * (size_t)(threads ? threads : 1);
}

/* task: 0..n-1; slot: task % window, the caller's storage for that task's result. */
typedef void ordered_pool_fn(size_t task, size_t slot, void *ctx);

/* Runs work(task) for every task 0..n-1 on up to `threads` threads (the calling thread
 * among them) and fold(task) on the calling thread in increasing task order, each after
 * its own work has returned. window >= 1; with threads <= 1, or if no thread can be
 * created, work and fold alternate on the calling thread. work may be called from
 * several threads at once, so it must touch nothing another task touches except
 * through `ctx` data it only reads. */
void ordered_pool_run(size_t n, unsigned threads, size_t window, ordered_pool_fn *work,
                      ordered_pool_fn *fold, void *ctx);

#endif
