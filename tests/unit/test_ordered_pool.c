/* SPDX-License-Identifier: GPL-2.0-only */
/* util/ordered_pool.h: every task's work runs exactly once, tasks really run at once
 * on several threads, folds come on the calling thread in task order, each after its
 * own work and reading the slot its work wrote, and never more than `window` tasks are
 * started and not yet folded. `vgicsim run --jobs` relies on all of it for reports that
 * do not depend on the number of threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "test_support.h"
#include "util/ordered_pool.h"

enum { MAX_TASKS = 64, MAX_WINDOW = 8 };

struct record {
    size_t n, window;
    pthread_t caller;
    atomic_uint runs[MAX_TASKS];       /* work calls per task */
    atomic_bool worked[MAX_TASKS];     /* its work has returned */
    atomic_size_t started, folded, max_outstanding;
    atomic_bool other_thread_worked;   /* some work ran off the calling thread */
    uint64_t slot_value[MAX_WINDOW];   /* what task t's work leaves in its slot */
    size_t next_fold;
    bool hold_first;                   /* task 0 waits until task 1 has started */
    bool logging;                      /* one thread only: keep the call order */
    char log[4 * MAX_TASKS];           /* 'w' and 'f' in call order */
    size_t log_n;
};

static void pause_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static void work(size_t task, size_t slot, void *ctx)
{
    struct record *r = ctx;
    ck_assert_uint_lt(task, r->n);
    ck_assert_uint_eq(slot, task % r->window);
    size_t outstanding = atomic_fetch_add(&r->started, 1) + 1 - atomic_load(&r->folded);
    size_t max = atomic_load(&r->max_outstanding);
    while (outstanding > max && !atomic_compare_exchange_weak(&r->max_outstanding, &max,
                                                              outstanding))
        ;
    if (!pthread_equal(pthread_self(), r->caller))
        atomic_store(&r->other_thread_worked, true);
    if (task == 0 && r->hold_first) {
        /* Task 1 can only start while this one waits if another thread takes it. The
         * bound is for a broken pool, never for a slow machine. */
        for (int i = 0; atomic_load(&r->runs[1]) == 0; i++) {
            if (i == 60000)
                ck_abort_msg("task 1 never started while task 0 was running");
            pause_ms(1);
        }
    } else if (task % 3 == 0) {
        pause_ms(2);     /* finish out of order */
    }
    if (r->logging && r->log_n + 1 < sizeof(r->log))
        r->log[r->log_n++] = 'w';
    r->slot_value[slot] = task * 7 + 1;
    atomic_fetch_add(&r->runs[task], 1);
    atomic_store(&r->worked[task], true);
}

static void fold(size_t task, size_t slot, void *ctx)
{
    struct record *r = ctx;
    ck_assert(pthread_equal(pthread_self(), r->caller));
    ck_assert_uint_eq(task, r->next_fold);
    ck_assert(atomic_load(&r->worked[task]));
    ck_assert_uint_eq(r->slot_value[slot], task * 7 + 1);
    if (r->logging && r->log_n + 1 < sizeof(r->log))
        r->log[r->log_n++] = 'f';
    r->next_fold++;
    atomic_fetch_add(&r->folded, 1);
}

static void run(struct record *r, size_t n, unsigned threads, size_t window, bool hold_first)
{
    ck_assert_uint_le(n, MAX_TASKS);
    ck_assert_uint_le(window, MAX_WINDOW);
    *r = (struct record){.n = n, .window = window, .caller = pthread_self(),
                         .hold_first = hold_first, .logging = threads <= 1};
    ordered_pool_run(n, threads, window, work, fold, r);
    ck_assert_uint_eq(r->next_fold, n);
    for (size_t t = 0; t < n; t++)
        ck_assert_uint_eq(atomic_load(&r->runs[t]), 1);
    ck_assert_uint_le(atomic_load(&r->max_outstanding), window);
}

START_TEST(test_threads_fold_in_order)
{
    static struct record r;
    run(&r, 40, 3, 4, true);
    ck_assert(atomic_load(&r.other_thread_worked));
    ck_assert_uint_ge(atomic_load(&r.max_outstanding), 2);
}
END_TEST

START_TEST(test_window_of_one_is_one_at_a_time)
{
    static struct record r;
    run(&r, 20, 4, 1, false);
    ck_assert_uint_eq(atomic_load(&r.max_outstanding), 1);
}
END_TEST

START_TEST(test_one_thread_alternates)
{
    static struct record r;
    run(&r, 6, 1, 2, false);
    ck_assert(!atomic_load(&r.other_thread_worked));
    ck_assert_str_eq(r.log, "wfwfwfwfwfwf");
}
END_TEST

START_TEST(test_more_threads_than_tasks)
{
    static struct record r;
    run(&r, 2, 16, 8, false);
    run(&r, 1, 16, 8, false);
    run(&r, 0, 16, 8, false);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ordered_pool");
    TCase *tc = tcase_create("ordered_pool");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_threads_fold_in_order);
    tcase_add_test(tc, test_window_of_one_is_one_at_a_time);
    tcase_add_test(tc, test_one_thread_alternates);
    tcase_add_test(tc, test_more_threads_than_tasks);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
