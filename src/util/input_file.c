/* SPDX-License-Identifier: GPL-2.0-only */
/* Inputs opened without waiting and read with a limit (input_file.h says why each kind
 * of file is treated as it is). */
#include "util/input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

int input_open(const char *path, bool *is_pipe)
{
    if (is_pipe)
        *is_pipe = false;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    /* Regular files ignore O_NONBLOCK; a pipe gets ordinary reads back (waiting for the
     * program that writes it, if there is one); a device keeps it (see the header). */
    if (S_ISFIFO(st.st_mode)) {
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        if (is_pipe)
            *is_pipe = true;
    }
    return fd;
}

const char *input_strerror(int err)
{
    if (err == EISDIR)
        return "it is a folder";
    if (err == EAGAIN || err == EWOULDBLOCK)
        return "it has nothing to read (a terminal or a device that waits for input; "
               "vgicsim does not wait)";
    return strerror(err);
}

const char *input_empty_why(void)
{
    return "it is a pipe nothing was written to (a named pipe that no program has open "
           "for writing: vgicsim does not wait for one)";
}

bool input_read_all(const char *path, size_t max, char **buf, size_t *len, const char **why,
                    char *why_buf, size_t why_size)
{
    *buf = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0, is_pipe = false;
    int fd = is_stdin ? STDIN_FILENO : input_open(path, &is_pipe);
    if (fd < 0) {
        *why = input_strerror(errno);
        return false;
    }
    /* Grown as the input arrives: a file's size may change under us, and a pipe has none. */
    size_t cap = 65536, n = 0;
    char *b = xmalloc(cap + 1);
    bool ok = true;
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            cap = cap > max / 2 ? max + 1 : cap * 2;
            b = xrealloc(b, cap + 1);
        }
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *why = input_strerror(errno);
            ok = false;
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (!is_stdin)
        close(fd);
    if (ok && n > max) {
        if (max >= 1024 * 1024)
            snprintf(why_buf, why_size, "larger than %zu MiB (the limit)", max >> 20);
        else
            snprintf(why_buf, why_size, "larger than %zu bytes (the limit)", max);
        *why = why_buf;
        ok = false;
    }
    if (ok && n == 0 && is_pipe) {
        *why = input_empty_why();
        ok = false;
    }
    if (!ok) {
        free(b);
        return false;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return true;
}
