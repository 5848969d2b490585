/* SPDX-License-Identifier: GPL-2.0-only */
#include "bench_util.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double bench_median(double *v, size_t n)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* A "Key:   123 kB" line of /proc/self/status, or -1. */
static long status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t klen = strlen(key);
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            v = strtol(line + klen + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

long bench_rss_kib(void) { return status_kib("VmRSS"); }

char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f) {
        for (;;) {
            if (cap - n < 65536) {
                cap = cap ? cap * 2 : 1 << 20;
                buf = xrealloc(buf, cap + 1);
            }
            size_t got = fread(buf + n, 1, cap - n, f);
            n += got;
            if (got == 0)
                break;
        }
    }
    if (!f || ferror(f)) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

uint64_t bench_parse_u64(const char *prog, const char *s, const char *what)
{
    char *end;
    if (*s < '0' || *s > '9') {
        fprintf(stderr, "%s: invalid %s '%s'\n", prog, what, s);
        exit(2);
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || v == 0) {
        fprintf(stderr, "%s: invalid %s '%s'\n", prog, what, s);
        exit(2);
    }
    return v;
}

int bench_parse_reps(const char *prog, const char *s, int max)
{
    uint64_t r = bench_parse_u64(prog, s, "repetition count");
    if (r > (uint64_t)max) {
        fprintf(stderr, "%s: at most %d repetitions\n", prog, max);
        exit(2);
    }
    return (int)r;
}

size_t bench_parse_operands(const char *prog, int argc, char **argv, int first, const char *what,
                            uint64_t max, const char *too_big, const uint64_t *defaults,
                            size_t n_defaults, uint64_t *out)
{
    if (first >= argc) {
        memcpy(out, defaults, n_defaults * sizeof(*out));
        return n_defaults;
    }
    size_t n = (size_t)(argc - first);
    if (n > BENCH_MAX_OPERANDS) {
        fprintf(stderr, "%s: at most %d sizes\n", prog, BENCH_MAX_OPERANDS);
        exit(2);
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = bench_parse_u64(prog, argv[first + (int)i], what);
        if (out[i] > max) {
            fprintf(stderr, "%s: %s\n", prog, too_big);
            exit(2);
        }
    }
    return n;
}

bool bench_in_child(void (*fn)(void *arg, double *results), void *arg, double *results,
                    size_t n, long *peak_kib)
{
    int fds[2];
    if (pipe(fds) != 0) {
        perror("bench: pipe");
        return false;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench: fork");
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < n; i++)
            results[i] = 0.0;
        fn(arg, results);
        size_t len = n * sizeof(*results);
        _exit(write(fds[1], results, len) == (ssize_t)len ? 0 : 3);
    }
    close(fds[1]);
    size_t len = n * sizeof(*results), got = 0;
    while (got < len) {
        ssize_t k = read(fds[0], (char *)results + got, len - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fds[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != len) {
        fprintf(stderr, "bench: child process failed\n");
        return false;
    }
    *peak_kib = ru.ru_maxrss;
    return true;
}
