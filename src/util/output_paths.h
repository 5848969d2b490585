/* SPDX-License-Identifier: GPL-2.0-only */
/* Refusing an output that would overwrite the command's own input or another of its
 * outputs: `run -o S.yaml S.yaml`, `calibrate LOG -o LOG`, `run -o X --plot X` would each
 * destroy data and exit 0. Every command with an output checks all of its paths here
 * before it does any work.
 *
 * Two paths are the same file when they are the same inode (st_dev and st_ino, after
 * following symbolic links): `./x`, `x`, `d/../x`, a hard link or a link to x are all x.
 * An output that does not exist yet cannot be an input; two of them are the same when
 * their normalised paths are (the real path of the folder, then the base name). Only
 * regular files and new files can collide: two outputs on /dev/null or on standard
 * output ("-") are fine, and "-" as an input is standard input, not a file. */
#ifndef VGICSIM_UTIL_OUTPUT_PATHS_H
#define VGICSIM_UTIL_OUTPUT_PATHS_H

#include <stdbool.h>
#include <stddef.h>

struct io_path {
    const char *path;        /* NULL: not given (skipped) */
    const char *role;        /* for the message: "the scenario", "-o", "--plot" */
};

/* False, after printing "vgicsim COMMAND: ROLE 'PATH' is ROLE 'PATH': ... nothing was
 * written" on standard error, when an output is an input or another output. */
bool output_paths_check(const char *command, const struct io_path *inputs, size_t n_inputs,
                        const struct io_path *outputs, size_t n_outputs);

#endif
