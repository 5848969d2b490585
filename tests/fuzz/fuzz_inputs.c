/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: the inputs of `vgicsim merge`, `vgicsim plot` and `vgicsim
 * calibrate` (issue 19), in one harness so that CI's fuzz stage stays short. The first
 * byte chooses the command ('m', 'p', 'c'; any other byte modulo 3), the second its
 * options, and the rest is the input:
 *
 *   m  up to four sweep parts separated by NUL bytes, each in a temporary file, merged by
 *      cli_merge itself (reading, checking that the parts fit, dealing the rows back,
 *      writing the table in the chosen format, escaped, to /dev/null);
 *   p  a JSON run report, read as `plot` reads it (cmp_report_parse, the reader compare
 *      and plot share) and turned into the gnuplot script (report_plot_script: every
 *      check of the distributions, the title, the data blocks), without running gnuplot;
 *   c  a micro-bench log in a temporary file, through cli_calibrate (the reader, the plan,
 *      the fit of whatever tests it holds, the table and the costs written to /dev/null).
 *
 * Messages and outputs are not what is tested: standard output and error are swapped for
 * /dev/null (FILE pointers only, so that libFuzzer and the sanitizers still report). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuzz_run.h"
#include "compare/compare.h"
#include "report/report_plot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PARTS = 4 };

static void fuzz_merge(uint8_t opts, const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"text", "csv", "json", "text"};
    char *parts[MAX_PARTS];
    size_t n = 0;
    while (n < MAX_PARTS) {
        const uint8_t *nul = n + 1 < MAX_PARTS ? memchr(data, 0, size) : NULL;
        size_t len = nul ? (size_t)(nul - data) : size;
        parts[n++] = fuzz_write_temp(data, len);
        if (!nul)
            break;
        data = nul + 1;
        size -= len + 1;
    }
    char *argv[6 + MAX_PARTS] = {"merge", "--format", (char *)formats[opts & 3], "-o",
                                 "/dev/null"};
    int argc = 5;
    for (size_t i = 0; i < n; i++)
        argv[argc++] = parts[i];
    argv[argc] = NULL;
    cli_merge(argc, argv);
    for (size_t i = 0; i < n; i++) {
        unlink(parts[i]);
        free(parts[i]);
    }
}

static void fuzz_plot(uint8_t opts, const uint8_t *data, size_t size)
{
    static const char *const metrics[] = {"delivery", "injection", "service", "delivery"};
    struct cmp_report r;
    if (!cmp_report_parse("fuzz.json", (const char *)data, size, &r))
        return;
    struct report_plot_opts o = {.metric = metrics[opts & 3], .histogram = (opts & 4) != 0};
    char *script = NULL;
    size_t len = 0;
    report_plot_script(r.root, &o, "fuzz.json", &script, &len);
    free(script);
    cmp_report_free(&r);
}

static void fuzz_calibrate(uint8_t opts, const uint8_t *data, size_t size)
{
    char *log = fuzz_write_temp(data, size);
    char *argv[] = {"calibrate", log, "--clock-mhz", "2600", "--format",
                    (opts & 1) ? "csv" : "text", "-o", "/dev/null", NULL};
    cli_calibrate(8, argv);
    unlink(log);
    free(log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static FILE *quiet;
    if (!quiet && !(quiet = fopen("/dev/null", "w")))
        abort();
    FILE *saved_out = stdout, *saved_err = stderr;
    stdout = quiet;
    stderr = quiet;
    uint8_t which = data[0], opts = data[1];
    data += 2;
    size -= 2;
    switch (which == 'm' ? 0 : which == 'p' ? 1 : which == 'c' ? 2 : which % 3) {
    case 0: fuzz_merge(opts, data, size); break;
    case 1: fuzz_plot(opts, data, size); break;
    default: fuzz_calibrate(opts, data, size); break;
    }
    stdout = saved_out;
    stderr = saved_err;
    return 0;
}
