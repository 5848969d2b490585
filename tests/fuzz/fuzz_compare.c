/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness: `vgicsim compare` on two JSON reports. The input is BASE, a NUL
 * byte, then NEW (no NUL: the same text for both). The harness goes through cli_compare
 * itself, with the two texts in temporary files, so that the command's identity checks
 * and its output are fuzzed with the reading and judging of src/compare (whose
 * cmp_report_parse and cmp_judge a direct harness could call instead). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuzz_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Reports and messages are not what is tested: the command writes them to
     * /dev/null. Only the FILE pointers are swapped, so that libFuzzer (which keeps its
     * own copy of stderr) and the sanitizers (which write to fd 2) still report. */
    static FILE *quiet;
    if (!quiet && !(quiet = fopen("/dev/null", "w")))
        abort();
    FILE *saved_out = stdout, *saved_err = stderr;
    stdout = quiet;
    stderr = quiet;
    const uint8_t *nul = memchr(data, 0, size);
    size_t base_len = nul ? (size_t)(nul - data) : size;
    const uint8_t *cur = nul ? nul + 1 : data;
    size_t cur_len = nul ? size - base_len - 1 : size;
    char *base = fuzz_write_temp(data, base_len), *now = fuzz_write_temp(cur, cur_len);
    char *argv[] = {"compare", "--threshold", "5", base, now, NULL};
    cli_compare(5, argv);
    stdout = saved_out;
    stderr = saved_err;
    unlink(base);
    unlink(now);
    free(base);
    free(now);
    return 0;
}
