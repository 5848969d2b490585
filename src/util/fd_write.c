/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing a whole buffer to a file descriptor (see fd_write.h). */
#include "util/fd_write.h"

#include <errno.h>
#include <unistd.h>

bool fd_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) {
            /* Not an error write(2) reports, but no progress either: never spin on it. */
            errno = EIO;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}
