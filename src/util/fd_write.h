/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing a whole buffer to a file descriptor. */
#ifndef VGICSIM_UTIL_FD_WRITE_H
#define VGICSIM_UTIL_FD_WRITE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes all `len` bytes of `buf` to `fd`. A write(2) may take only part of them (a pipe
 * that is full, a signal) or be interrupted before writing anything (EINTR); neither is an
 * error, the rest is written again. False on an error, with errno set (EIO when the
 * descriptor took no byte and gave no reason). */
bool fd_write_all(int fd, const void *buf, size_t len);

#endif
