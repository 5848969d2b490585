/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading the output of kvm-unit-tests' arm/micro-bench as users paste it.
 *
 * micro-bench prints, after its boot lines,
 *
 *     Timer Frequency 25000000 Hz (Output in microseconds)
 *
 *     name                                    total ns                         avg ns
 *     --------------------------------------------------------------------------------------------
 *     hvc                                  20095360.0                          306.0
 *     ipi_hw test skipped
 *     ...
 *
 * one row per test (`%-30s%15lu.%-15lu%15lu.%-15lu`), or `NAME test skipped` when the
 * test's preparation found the feature missing. What users paste around it varies:
 * the qemu command line, run_tests.sh lines (BUILD_HEAD=, EXIT: STATUS=1, PASS
 * micro-bench), shell prompts, mail quoting ("> " on every line), blank lines between
 * rows, columns squeezed or widened by a mail client, and rows wrapped after the total
 * (the average on the next line). The reader accepts all of that; see docs/calibrate.md
 * for the exact rules. Everything else inside the table is an error located at
 * FILE:LINE:COLUMN (1-based, bytes of the original line).
 *
 * Nothing here knows what the tests mean; src/calibrate/calib_tests.h does, and names
 * the rows micro-bench prints. */
#ifndef VGICSIM_CALIBRATE_MB_LOG_H
#define VGICSIM_CALIBRATE_MB_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* A log larger than this is not a micro-bench log. */
enum { MB_LOG_MAX_BYTES = 16 * 1024 * 1024 };

struct mb_row {
    char *name;             /* test name as printed */
    uint32_t line, col;     /* where the name is */
    bool skipped;           /* "NAME test skipped" */
    double total_ns;        /* when !skipped */
    double avg_ns;          /* when !skipped: what calibrate fits */
};

struct mb_log {
    bool has_timer;
    uint64_t timer_hz;      /* "Timer Frequency N Hz": the counter micro-bench reads */
    uint32_t header_line;   /* the "name total ns avg ns" line; 0 when the paste has none */
    struct mb_row *rows;    /* in log order */
    size_t n_rows;
};

/* Parses `text` (`len` bytes; `name` labels locations). Returns false with every
 * problem in `diags` when the log is malformed; `out` then holds nothing (mb_log_free
 * is still safe). A log without any row is not malformed here: the caller decides. */
bool mb_log_parse(const char *name, const char *text, size_t len, struct mb_log *out,
                  struct diag_list *diags);

/* Reads the file (`-`: standard input) and parses it. A file that cannot be read, is
 * too large or holds NUL bytes is reported in `diags` as well. */
bool mb_log_read(const char *path, struct mb_log *out, struct diag_list *diags);

void mb_log_free(struct mb_log *log);

#endif
