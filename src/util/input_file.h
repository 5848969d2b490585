/* SPDX-License-Identifier: GPL-2.0-only */
/* Opening and reading the files commands read (scenarios, JSON reports, sweep parts,
 * micro-bench logs), so that no input can hang a command or make it read without end:
 *
 *  - open() never waits: a named pipe that no program writes to would block an ordinary
 *    open for ever, so every input is opened with O_NONBLOCK, then:
 *  - a regular file is read normally;
 *  - a pipe (named, `<(...)` or standard input) is read normally: a read waits only while
 *    a program holds it open for writing, and one nobody writes to reads as empty, which
 *    input_empty_why() puts in words;
 *  - a device stays non-blocking: /dev/zero and /dev/urandom are read (up to the reader's
 *    size limit), a terminal or any device with nothing to read at once fails with EAGAIN,
 *    which input_strerror() puts in words, instead of waiting for input;
 *  - a folder is refused (EISDIR);
 *  - input_read_all stops at a size limit, so an endless input ends.
 * "-" (standard input) is opened by the callers, as before: it is what the user chose. */
#ifndef VGICSIM_UTIL_INPUT_FILE_H
#define VGICSIM_UTIL_INPUT_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Opens `path` for reading as above; -1 with errno set on failure (EISDIR for a folder).
 * `is_pipe` (may be NULL) tells whether it is a pipe. */
int input_open(const char *path, bool *is_pipe);

/* strerror(err), except EISDIR ("it is a folder") and EAGAIN, which a non-blocking device gives when it has nothing to
 * read: "it has nothing to read (a terminal or a device that waits for input; vgicsim does
 * not wait)". */
const char *input_strerror(int err);

/* What to say of a pipe that gave no byte: "it is a pipe nothing was written to (a named
 * pipe that no program has open for writing; vgicsim does not wait for one)". */
const char *input_empty_why(void);

/* Reads all of `path` ("-": standard input) into a malloc'd, NUL-terminated buffer of at
 * most `max` bytes. On failure returns false and points *why at the reason: the errno
 * text (input_strerror), "larger than N MiB (the limit)" in `why_buf`, or
 * input_empty_why() for an empty pipe. *buf is then NULL. */
bool input_read_all(const char *path, size_t max, char **buf, size_t *len, const char **why,
                    char *why_buf, size_t why_size);

#endif
