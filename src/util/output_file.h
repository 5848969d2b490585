/* SPDX-License-Identifier: GPL-2.0-only */
/* The one writer of every command's output: produced in memory, then written to `-o
 * FILE` complete or not at all (a regular file keeps its permissions and is not replaced
 * when read-only), or to standard output. output_file.c says exactly how. */
#ifndef VGICSIM_UTIL_OUTPUT_FILE_H
#define VGICSIM_UTIL_OUTPUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

/* Produces the output into `out`; returns 0 on success. */
typedef int output_writer(FILE *out, void *ctx);

/* Writes what `write` produces to `path` (NULL or "-": standard output). Returns false
 * after printing "vgicsim COMMAND: cannot write WHAT: reason" (or "could not produce the
 * output") on standard error when anything fails. */
bool output_file_write(const char *command, const char *path, output_writer *write, void *ctx);

#endif
