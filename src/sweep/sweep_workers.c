/* SPDX-License-Identifier: GPL-2.0-only */
/* Running a sweep's points in worker processes.
 *
 * A pool: each worker is forked once and reads point numbers ("P\n") from its command
 * pipe; for each it runs the point and writes one line back on its result pipe, a JSON
 * array of the point's rows (sweep_rows.c), then waits for the next. The parent hands a
 * point to every idle worker, in table order, and closes a worker's command pipe when
 * nothing is left, which ends it. So fast and slow points balance over the workers, and
 * the table comes out the same whatever the number of workers: rows are stored by
 * point, never in the order they arrive.
 *
 * Processes rather than threads, although a simulation shares nothing with another and
 * `run --jobs` and `check --jobs` run theirs on threads (util/ordered_pool.h): a crash in
 * one point ends one worker and cannot corrupt the others' results, and a row comes back
 * as the JSON a shard's part file holds (sweep_rows.c), so a sweep run whole and one
 * merged from shards print the same table. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/fd_write.h"
#include "util/progress.h"
#include "util/xalloc.h"

/* The worker's life: read point numbers until the pipe closes. */
static void worker_main(const struct sweep_job *job, int cmd_fd, int res_fd)
{
    FILE *in = fdopen(cmd_fd, "r");
    struct sweep_row *rows = xcalloc(job->n_models, sizeof(*rows));
    uint64_t p;
    int status = 0;
    /* No trailing "\n" in the format: it would wait for the next command. */
    while (in && fscanf(in, "%" SCNu64, &p) == 1) {
        sweep_run_point(job, p, rows);
        json_t *arr = json_array();
        for (size_t m = 0; m < job->n_models; m++)
            json_array_append_new(arr, sweep_row_to_json(&rows[m], job->space, job->columns,
                                                         job->repeat > 1));
        char *line = json_dumps(arr, JSON_COMPACT | JSON_REAL_PRECISION(17));
        json_decref(arr);
        bool ok = line && fd_write_all(res_fd, line, strlen(line)) && fd_write_all(res_fd, "\n", 1);
        free(line);
        if (!ok) {
            status = 1;
            break;
        }
    }
    sweep_rows_free(rows, job->n_models);
    free(rows);
    _exit(status);
}

struct worker {
    pid_t pid;
    int cmd_fd, res_fd;        /* -1 once closed */
    bool busy;
    uint64_t point;            /* the point it runs, when busy */
    char *buf;                 /* result bytes not yet ending in a newline */
    size_t len, cap;
};

struct pool {
    const struct sweep_job *job;
    const struct sweep_shard *shard;
    struct sweep_row *rows;
    uint64_t next, total;      /* next shard index to hand out; points in the shard */
    struct progress progress;
    const char *command;
};

static bool start_worker(struct pool *pl, struct worker *w, struct worker *all, size_t n_all)
{
    int cmd[2], res[2];
    if (pipe(cmd) != 0)
        return false;
    if (pipe(res) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return false;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(cmd[0]);
        close(cmd[1]);
        close(res[0]);
        close(res[1]);
        return false;
    }
    if (pid == 0) {
        /* A worker dies with the sweep, and leaves signals and cleanup to it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (getppid() == 1)
            _exit(1);
        close(cmd[1]);
        close(res[0]);
        for (size_t i = 0; i < n_all; i++) {
            if (all[i].cmd_fd >= 0)
                close(all[i].cmd_fd);
            if (all[i].res_fd >= 0)
                close(all[i].res_fd);
        }
        worker_main(pl->job, cmd[0], res[1]);
    }
    close(cmd[0]);
    close(res[1]);
    w->pid = pid;
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    return true;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Gives the worker the next point, or ends it when none is left. */
static bool feed(struct pool *pl, struct worker *w)
{
    if (pl->next >= pl->total) {
        close_fd(&w->cmd_fd);
        return true;
    }
    w->point = sweep_shard_point(pl->shard, pl->next);
    char line[32];
    int len = snprintf(line, sizeof(line), "%" PRIu64 "\n", w->point);
    if (!fd_write_all(w->cmd_fd, line, (size_t)len))
        return false;
    w->busy = true;
    pl->next++;
    return true;
}

/* Stores the rows of one result line of w's point. */
static bool take_result(struct pool *pl, struct worker *w, const char *line, size_t len)
{
    json_error_t jerr;
    json_t *arr = json_loadb(line, len, 0, &jerr);
    const struct sweep_job *job = pl->job;
    bool ok = json_is_array(arr) && json_array_size(arr) == job->n_models;
    uint64_t slot = (w->point - (pl->shard->index - 1)) / pl->shard->count;
    const char *names[VGIC_MAX_MODELS];
    for (size_t m = 0; m < job->n_models; m++)
        names[m] = job->models[m]->name;
    for (size_t m = 0; ok && m < job->n_models; m++) {
        char *err = NULL;
        struct sweep_row *row = &pl->rows[slot * job->n_models + m];
        ok = sweep_row_from_json(json_array_get(arr, m), job->space, job->columns,
                                 job->repeat > 1, names, job->n_models, row, &err) &&
             row->point == w->point && row->model == names[m];
        free(err);
    }
    json_decref(arr);
    if (!ok) {
        progress_clear(&pl->progress);
        fprintf(stderr, "vgicsim %s: a worker sent a malformed result for point %" PRIu64 "\n",
                pl->command, w->point);
    }
    return ok;
}

/* Reads what w has sent; false when it failed (died, or sent garbage). */
static bool drain(struct pool *pl, struct worker *w)
{
    if (w->cap - w->len < 4096) {
        w->cap = w->cap ? w->cap * 2 : 65536;
        w->buf = xrealloc(w->buf, w->cap);
    }
    ssize_t r = read(w->res_fd, w->buf + w->len, w->cap - w->len);
    if (r < 0 && errno == EINTR)
        return true;
    if (r <= 0) {
        close_fd(&w->res_fd);
        return !w->busy && w->len == 0;   /* EOF is fine only when it owes nothing */
    }
    w->len += (size_t)r;
    char *nl;
    while ((nl = memchr(w->buf, '\n', w->len))) {
        size_t line_len = (size_t)(nl - w->buf);
        if (!w->busy || !take_result(pl, w, w->buf, line_len))
            return false;
        w->busy = false;
        memmove(w->buf, nl + 1, w->len - line_len - 1);
        w->len -= line_len + 1;
        progress_step(&pl->progress);
        if (!feed(pl, w))
            return false;
    }
    return true;
}

static void describe_failure(struct pool *pl, const struct worker *w, int wstatus)
{
    char how[64];
    if (WIFSIGNALED(wstatus))
        snprintf(how, sizeof(how), "was killed by signal %d (%s)", WTERMSIG(wstatus),
                 strsignal(WTERMSIG(wstatus)));
    else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0)
        snprintf(how, sizeof(how), "exited with status %d", WEXITSTATUS(wstatus));
    else
        snprintf(how, sizeof(how), "stopped answering");
    if (!w->busy) {
        progress_clear(&pl->progress);
        fprintf(stderr, "vgicsim %s: a worker process %s\n", pl->command, how);
        return;
    }
    const struct sweep_space *s = pl->job->space;
    size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
    sweep_point_choice(s, w->point, choice);
    progress_clear(&pl->progress);
    fprintf(stderr, "vgicsim %s: the worker process running point %" PRIu64 " (", pl->command,
            w->point);
    for (size_t k = 0; k < s->n_axes; k++)
        fprintf(stderr, "%s%s=%s", k ? ", " : "", ESC(s->axes[k].key),
                ESC(s->axes[k].values[choice[k]]));
    fprintf(stderr, ") %s\n", how);
    free(choice);
}

static bool run_pool(struct pool *pl, unsigned jobs)
{
    size_t n = jobs;
    struct worker *ws = xcalloc(n, sizeof(*ws));
    for (size_t i = 0; i < n; i++)
        ws[i].cmd_fd = ws[i].res_fd = -1;
    /* A worker that died must not kill the sweep through SIGPIPE: its pipe says EPIPE. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
    sigaction(SIGPIPE, &ign, &old_pipe);

    bool ok = true;
    size_t started = 0;
    for (; started < n && ok; started++) {
        ok = start_worker(pl, &ws[started], ws, started);
        if (!ok) {
            progress_clear(&pl->progress);
            fprintf(stderr, "vgicsim %s: cannot start a worker process: %s\n", pl->command,
                    strerror(errno));
        } else {
            ok = feed(pl, &ws[started]);
        }
    }
    struct pollfd *pfd = xcalloc(n, sizeof(*pfd));
    struct worker *failed = NULL;
    while (ok) {
        size_t np = 0;
        for (size_t i = 0; i < started; i++)
            if (ws[i].res_fd >= 0)
                pfd[np++] = (struct pollfd){.fd = ws[i].res_fd, .events = POLLIN};
        if (np == 0)
            break;
        if (poll(pfd, np, -1) < 0) {
            if (errno == EINTR)
                continue;
            ok = false;
            break;
        }
        for (size_t j = 0, i = 0; j < np && ok; j++) {
            while (ws[i].res_fd != pfd[j].fd)
                i++;
            if (pfd[j].revents && !drain(pl, &ws[i])) {
                failed = &ws[i];
                ok = false;
            }
        }
    }
    /* Ending: close every pipe (idle workers exit), and on failure stop the others. */
    for (size_t i = 0; i < started; i++) {
        close_fd(&ws[i].cmd_fd);
        close_fd(&ws[i].res_fd);
        if (!ok && &ws[i] != failed)
            kill(ws[i].pid, SIGTERM);
    }
    for (size_t i = 0; i < started; i++) {
        int wstatus = 0;
        while (waitpid(ws[i].pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
        if (&ws[i] == failed)
            describe_failure(pl, &ws[i], wstatus);
        else if (ok && !(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)) {
            describe_failure(pl, &ws[i], wstatus);
            ok = false;
        }
        free(ws[i].buf);
    }
    sigaction(SIGPIPE, &old_pipe, NULL);
    free(pfd);
    free(ws);
    return ok;
}

bool sweep_run_points(const struct sweep_job *job, const struct sweep_shard *shard,
                      unsigned jobs, struct sweep_row *rows, const char *command)
{
    struct pool pl = {
        .job = job, .shard = shard, .rows = rows, .command = command,
        .total = sweep_shard_points(shard, job->space->n_points),
    };
    progress_start(&pl.progress, command, "points", pl.total);
    bool ok = true;
    if (jobs > pl.total)
        jobs = (unsigned)(pl.total ? pl.total : 1);
    if (jobs <= 1) {
        for (uint64_t i = 0; i < pl.total; i++) {
            sweep_run_point(job, sweep_shard_point(shard, i), &rows[i * job->n_models]);
            progress_step(&pl.progress);
        }
    } else {
        ok = run_pool(&pl, jobs);
    }
    progress_end(&pl.progress);
    return ok;
}
