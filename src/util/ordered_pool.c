/* SPDX-License-Identifier: GPL-2.0-only */
/* Independent tasks on several threads, folded in task order (see ordered_pool.h).
 *
 * One mutex guards the counters: next_start (the next task to hand out) and next_fold
 * (the next task to fold). Task t may start only while t < next_fold + window, so the
 * slot t % window it writes was freed by the fold of task t - window, and a slot's done
 * flag always belongs to the oldest task using it. Helper threads only work; the calling
 * thread folds whenever the next task is done and works otherwise, so no thread sits
 * idle while there is something to start. */
#include "util/ordered_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* a task was done, or a fold freed a slot */
    size_t n, window;
    size_t next_start, next_fold;
    bool *done;             /* per slot: its task's work has returned */
    ordered_pool_fn *work;
    void *ctx;
};

/* Under the lock: the next task, if one may start now. */
static bool take(struct pool *p, size_t *task)
{
    if (p->next_start >= p->n || p->next_start >= p->next_fold + p->window)
        return false;
    *task = p->next_start++;
    return true;
}

/* Under the lock (released while working): runs `task` and marks it done. */
static void run_task(struct pool *p, size_t task)
{
    size_t slot = task % p->window;
    pthread_mutex_unlock(&p->mu);
    p->work(task, slot, p->ctx);
    pthread_mutex_lock(&p->mu);
    VGICSIM_ASSERT(!p->done[slot]);
    p->done[slot] = true;
}

static void *helper(void *arg)
{
    struct pool *p = arg;
    pthread_mutex_lock(&p->mu);
    while (p->next_start < p->n) {
        size_t task;
        if (take(p, &task)) {
            run_task(p, task);
            pthread_cond_broadcast(&p->cv);
        } else {
            pthread_cond_wait(&p->cv, &p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

void ordered_pool_run(size_t n, unsigned threads, size_t window, ordered_pool_fn *work,
                      ordered_pool_fn *fold, void *ctx)
{
    VGICSIM_ASSERT(window >= 1);
    if (threads <= 1 || n <= 1) {
        for (size_t t = 0; t < n; t++) {
            work(t, t % window, ctx);
            fold(t, t % window, ctx);
        }
        return;
    }
    struct pool p = {
        .n = n, .window = window, .done = xcalloc(window, sizeof(bool)), .work = work,
        .ctx = ctx,
    };
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    size_t helpers = threads - 1 < n - 1 ? threads - 1 : n - 1;
    pthread_t *tid = xcalloc(helpers, sizeof(*tid));
    size_t started = 0;
    /* A thread that cannot be created is work the calling thread does itself. */
    while (started < helpers && pthread_create(&tid[started], NULL, helper, &p) == 0)
        started++;

    pthread_mutex_lock(&p.mu);
    while (p.next_fold < n) {
        size_t slot = p.next_fold % window, task;
        if (p.done[slot]) {
            p.done[slot] = false;
            pthread_mutex_unlock(&p.mu);
            fold(p.next_fold, slot, ctx);
            pthread_mutex_lock(&p.mu);
            p.next_fold++;
            pthread_cond_broadcast(&p.cv);
        } else if (take(&p, &task)) {
            run_task(&p, task);
        } else {
            pthread_cond_wait(&p.cv, &p.mu);
        }
    }
    pthread_mutex_unlock(&p.mu);

    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    free(tid);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    free(p.done);
}
