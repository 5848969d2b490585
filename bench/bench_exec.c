/* SPDX-License-Identifier: GPL-2.0-only */
/* Runs a command once and prints "SECONDS PEAK_KIB STATUS": its wall time, its peak
 * resident set size (wait4's ru_maxrss) and its exit status (-1 if killed by a
 * signal).  The command's standard output goes to FILE (--out) or /dev/null, its
 * standard error to /dev/null unless --stderr.  Needs nothing but the C library, so
 * bench/compare-main.sh builds it with the compiler alone.
 *   bench_exec [--out FILE] [--stderr] -- COMMAND [ARG...] */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *out = "/dev/null";
    int keep_stderr = 0, i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--stderr") == 0)
            keep_stderr = 1;
        else
            break;
    }
    if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
        fprintf(stderr, "usage: bench_exec [--out FILE] [--stderr] -- COMMAND [ARG...]\n");
        return 2;
    }
    char **cmd = argv + i + 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_exec: fork");
        return 3;
    }
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_WRONLY);
        if (fd < 0 || null < 0 || dup2(fd, 1) < 0 || (!keep_stderr && dup2(null, 2) < 0))
            _exit(127);
        execvp(cmd[0], cmd);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("bench_exec: wait4");
        return 3;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%.6f %ld %d\n", secs, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
