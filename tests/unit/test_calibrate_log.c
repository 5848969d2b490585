/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the micro-bench log reader (src/calibrate/mb_log.c): the output as
 * micro-bench prints it, the variants users paste (mail quoting, blank lines, squeezed
 * and wrapped columns, no header, chatter around the table, CRLF, a killed run), and
 * malformed logs with each problem's exact line and column. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate/calib_fit.h"
#include "calibrate/mb_log.h"
#include "test_support.h"
#include "util/xalloc.h"

/* ---- helpers -------------------------------------------------------------------- */

static bool parse(const char *text, struct mb_log *log, struct diag_list *diags)
{
    diag_init(diags);
    return mb_log_parse("t.log", text, strlen(text), log, diags);
}

/* Parses text that must be valid; returns the log (free with mb_log_free). */
static struct mb_log parse_ok(const char *text)
{
    struct mb_log log;
    struct diag_list diags;
    bool ok = parse(text, &log, &diags);
    if (!ok) {
        char *first = diag_format(&diags.items[0]);
        ck_abort_msg("unexpected error: %s", first);
    }
    diag_free(&diags);
    return log;
}

/* Parses text that must be malformed with exactly these diagnostics (formatted as
 * diag_print does, without the trailing newline), in order. */
static void parse_fails(const char *text, size_t n, ...)
{
    struct mb_log log;
    struct diag_list diags;
    ck_assert_msg(!parse(text, &log, &diags), "malformed log accepted");
    ck_assert_uint_eq(log.n_rows, 0);
    ck_assert_ptr_null(log.rows);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        ck_assert_msg(i < diags.count, "only %zu diagnostics, expected %zu", diags.count, n);
        char *got = diag_format(&diags.items[i]);
        ck_assert_msg(strncmp(got, want, strlen(want)) == 0, "diagnostic %zu:\n  got  %s\n  want %s...",
                      i, got, want);
        free(got);
    }
    va_end(ap);
    ck_assert_msg(diags.count == n, "%zu diagnostics, expected %zu", diags.count, n);
    diag_free(&diags);
    mb_log_free(&log);
}

static const struct mb_row *row(const struct mb_log *log, const char *name)
{
    for (size_t i = 0; i < log->n_rows; i++)
        if (strcmp(log->rows[i].name, name) == 0)
            return &log->rows[i];
    ck_abort_msg("no row %s", name);
    return NULL;
}

static void check_row(const struct mb_log *log, const char *name, double total, double avg)
{
    const struct mb_row *r = row(log, name);
    ck_assert_msg(!r->skipped, "%s skipped", name);
    ck_assert_msg(r->total_ns == total, "%s total %f, want %f", name, r->total_ns, total);
    ck_assert_msg(r->avg_ns == avg, "%s avg %f, want %f", name, r->avg_ns, avg);
}

/* The table exactly as micro-bench's printf formats write it. */
static char *microbench_output(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fprintf(f, "Timer Frequency %d Hz (Output in microseconds)\n", 25000000);
    fprintf(f, "\n%-30s%18s%13s%18s%13s\n", "name", "total ns", "", "avg ns", "");
    for (int i = 0; i < 92; ++i)
        fputc('-', f);
    fputc('\n', f);
    static const struct { const char *name; unsigned long t, tf, a, af; } rows[] = {
        {"hvc", 20095360, 0, 306, 0},       {"mmio_read_user", 110350040, 0, 1683, 0},
        {"mmio_read_vgic", 29572840, 0, 451, 0}, {"eoi", 964080, 0, 14, 0},
        {"ipi", 126236640, 0, 1926, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        fprintf(f, "%-30s%15lu.%-15lu%15lu.%-15lu\n", rows[i].name, rows[i].t, rows[i].tf,
                rows[i].a, rows[i].af);
    fprintf(f, "ipi_hw test skipped\n");
    fprintf(f, "%-30s%15lu.%-15lu%15lu.%-15lu\n", "lpi", 142848920ul, 5ul, 2179ul, 0ul);
    fprintf(f, "%-30s%15lu.%-15lu%15lu.%-15lu\n", "timer_10ms", 231040ul, 0ul, 902ul, 3ul);
    fclose(f);
    return text;
}

/* ---- what micro-bench prints ------------------------------------------------------ */

START_TEST(test_microbench_output)
{
    char *text = microbench_output();
    struct mb_log log = parse_ok(text);
    ck_assert(log.has_timer);
    ck_assert_uint_eq(log.timer_hz, 25000000);
    ck_assert_uint_eq(log.header_line, 3);
    ck_assert_uint_eq(log.n_rows, 8);
    check_row(&log, "hvc", 20095360.0, 306.0);
    check_row(&log, "mmio_read_user", 110350040.0, 1683.0);
    check_row(&log, "mmio_read_vgic", 29572840.0, 451.0);
    check_row(&log, "eoi", 964080.0, 14.0);
    check_row(&log, "ipi", 126236640.0, 1926.0);
    check_row(&log, "lpi", 142848920.5, 2179.0);
    check_row(&log, "timer_10ms", 231040.0, 902.3);
    const struct mb_row *hw = row(&log, "ipi_hw");
    ck_assert(hw->skipped);
    ck_assert_uint_eq(hw->line, 10);
    ck_assert_uint_eq(hw->col, 1);
    ck_assert_str_eq(log.rows[0].name, "hvc");    /* log order */
    ck_assert_uint_eq(log.rows[0].line, 5);
    mb_log_free(&log);
    free(text);
}
END_TEST

/* The Kunpeng 920 log as the kvm list quoted it: "> " on every line, blank lines
 * between all of them, run_tests.sh chatter before and after. */
START_TEST(test_mail_quoted_with_blank_lines)
{
    struct mb_log log;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(mb_log_read(test_fixture("microbench-kunpeng920.log"), &log, &diags));
    ck_assert_uint_eq(diags.count, 0);
    ck_assert_uint_eq(log.timer_hz, 100000000);
    ck_assert_uint_eq(log.n_rows, 8);
    check_row(&log, "hvc", 26774980.0, 408.0);
    check_row(&log, "mmio_read_user", 151183350.0, 2306.0);
    check_row(&log, "mmio_read_vgic", 41849830.0, 638.0);
    check_row(&log, "eoi", 1735610.0, 26.0);
    check_row(&log, "ipi", 111260770.0, 1697.0);
    check_row(&log, "lpi", 142124570.0, 2168.0);
    check_row(&log, "timer_10ms", 466660.0, 1822.0);
    ck_assert(row(&log, "ipi_hw")->skipped);
    /* columns count from the start of the line, quote marks included */
    ck_assert_uint_eq(row(&log, "hvc")->col, 3);
    mb_log_free(&log);
    diag_free(&diags);
}
END_TEST

/* A mail client wrapped rows after the total and the header after "avg"; another
 * squeezed the columns. */
START_TEST(test_wrapped_and_squeezed)
{
    struct mb_log log = parse_ok(
        "name                                    total ns                         avg\n"
        "ns\n"
        "--------------------------------------------------------------------------------------------\n"
        "hvc                                  87727475.0\n"
        "1338.0\n"
        "mmio_read_user 348083225.0 5311.0\n"
        "mmio_read_vgic\t125456300.0\t1914.0\n"
        "eoi                                    820875.0\n"
        "\n"
        "        12.0\n"
        "qemu-system-aarch64: terminating on signal 15 from pid 23273 (timeout)\n");
    ck_assert_uint_eq(log.header_line, 1);
    ck_assert(!log.has_timer);
    ck_assert_uint_eq(log.n_rows, 4);
    check_row(&log, "hvc", 87727475.0, 1338.0);
    check_row(&log, "mmio_read_user", 348083225.0, 5311.0);
    check_row(&log, "mmio_read_vgic", 125456300.0, 1914.0);
    check_row(&log, "eoi", 820875.0, 12.0);
    mb_log_free(&log);
}
END_TEST

/* Only the rows, pasted into a message: other "word number" lines are not rows. */
START_TEST(test_rows_without_header)
{
    struct mb_log log = parse_ok("On my machine (v6.19, 64 cores):\n"
                                 "cores 64 and 2 sockets\n"
                                 "hyp_call   20095360.0   306.0\n"
                                 "ipi 126236640.0 1926.0\r\n"
                                 "That is all 3 of them.\n");
    ck_assert_uint_eq(log.header_line, 0);
    ck_assert_uint_eq(log.n_rows, 2);
    check_row(&log, "hyp_call", 20095360.0, 306.0);
    check_row(&log, "ipi", 126236640.0, 1926.0);
    mb_log_free(&log);
}
END_TEST

/* CRLF line endings, a killed run (the table stops after eoi), unknown tests inside
 * the table (a newer micro-bench) kept for the caller to name. */
START_TEST(test_crlf_killed_run_unknown_test)
{
    struct mb_log log = parse_ok(
        "Timer Frequency 50000000 Hz (Output in microseconds)\r\n"
        "name                                    total ns                         avg ns\r\n"
        "--------------------------------------------------------------------------------------------\r\n"
        "hvc                                 296915440.0                         4530.0\r\n"
        "vtimer_read                            100000.0                           12.5\r\n"
        "eoi                                   6779880.0                          103.0\r\n"
        "qemu-system-aarch64: terminating on signal 15 from pid 3097 (timeout)\r\n"
        "FAIL micro-bench (timeout; duration=90s)\r\n");
    ck_assert_uint_eq(log.timer_hz, 50000000);
    ck_assert_uint_eq(log.n_rows, 3);
    check_row(&log, "vtimer_read", 100000.0, 12.5);
    check_row(&log, "eoi", 6779880.0, 103.0);
    mb_log_free(&log);
}
END_TEST

START_TEST(test_empty_and_chatter_only)
{
    struct mb_log log = parse_ok("");
    ck_assert_uint_eq(log.n_rows, 0);
    mb_log_free(&log);
    log = parse_ok("PASS selftest-setup\nSKIP micro-bench (test marked as manual run only)\n");
    ck_assert_uint_eq(log.n_rows, 0);
    ck_assert_uint_eq(log.header_line, 0);
    mb_log_free(&log);
}
END_TEST

/* ---- malformed logs ----------------------------------------------------------------- */

static const char header[] =
    "name                                    total ns                         avg ns\n";

START_TEST(test_bad_number)
{
    char *text = xasprintf("%shvc        2009x360.0     306.0\n", header);
    parse_fails(text, 1, "t.log:2:12: error: hvc: total ns '2009x360.0' is not a number");
    free(text);
    text = xasprintf("%seoi  964080.0  14.\n", header);
    parse_fails(text, 1, "t.log:2:16: error: eoi: avg ns '14.' is not a number of nanoseconds "
                         "(no digit after the '.')");
    free(text);
}
END_TEST

/* issue 19: a negative average was skipped with exit 0; micro-bench prints unsigned
 * figures, so it is a malformed log, located (exit 2). */
START_TEST(test_negative_figures)
{
    char *text = xasprintf("%shvc  20095360.0  -306.0\n", header);
    parse_fails(text, 1, "t.log:2:18: error: hvc: avg ns '-306.0' is negative");
    free(text);
    text = xasprintf("%seoi  -964080.0  14.0\n", header);
    parse_fails(text, 1, "t.log:2:6: error: eoi: total ns '-964080.0' is negative");
    free(text);
    /* A wrapped row's average too. */
    text = xasprintf("%sipi  126236640.0\n  -1926.0\n", header);
    parse_fails(text, 1, "t.log:3:3: error: ipi: avg ns '-1926.0' is negative");
    free(text);
}
END_TEST

/* issue 19: what a log says is echoed escaped: a terminal escape sequence or a carriage
 * return from the log cannot reach the terminal. */
START_TEST(test_echo_escaped)
{
    char *text = xasprintf("%seoi   \033[31mfast\r\n", header);
    parse_fails(text, 1, "t.log:2:7: error: eoi: expected TOTAL_NS AVG_NS or 'test skipped', "
                         "got '\\x1b[31mfast'");
    free(text);
    text = xasprintf("%shvc 1.0 1.0 \xc3\x28\x07\n", header);
    parse_fails(text, 1, "t.log:2:13: error: hvc: unexpected '\\xc3(\\x07' after avg ns");
    free(text);
}
END_TEST

START_TEST(test_quoted_printable_source)
{
    parse_fails("hvc                                  20095360.0                          30=\n"
                "6.0\n",
                1, "t.log:1:74: error: hvc: avg ns '30=' is not a number of nanoseconds (a "
                   "quoted-printable soft line break");
}
END_TEST

START_TEST(test_extra_field_and_missing_average)
{
    char *text = xasprintf("%s"
                           "hvc  20095360.0  306.0  12.0\n"
                           "ipi  126236640.0\n"
                           "lpi  142848920.0  2179.0\n"
                           "eoi  964080.0\n",
                           header);
    parse_fails(text, 3,
                "t.log:2:25: error: hvc: unexpected '12.0' after avg ns",
                "t.log:3:18: error: ipi: avg ns missing",
                "t.log:5:15: error: eoi: avg ns missing");
    free(text);
}
END_TEST

START_TEST(test_average_above_total)
{
    char *text = xasprintf("%s\n> ipi    1926.0    126236640.0\n", header);
    parse_fails(text, 1, "t.log:3:20: error: ipi: avg ns 126236640.0 is larger than total ns "
                         "1926.0");
    free(text);
}
END_TEST

START_TEST(test_duplicate_and_second_table)
{
    char *text = xasprintf("%shvc 1.0 1.0\neoi 2.0 2.0\n  hvc 3.0 3.0\n", header);
    parse_fails(text, 1, "t.log:4:3: error: 'hvc' appears twice (first at line 2)");
    free(text);
    text = xasprintf("Baseline:\n%shvc 1.0 1.0\n\nPatch:\n\n%shvc 1.0 1.0\n", header, header);
    parse_fails(text, 1, "t.log:7:1: error: a second result table (the first starts at line 2)");
    free(text);
}
END_TEST

START_TEST(test_garbage_rows)
{
    char *text = xasprintf("%seoi   fast\nipi\n", header);
    parse_fails(text, 2, "t.log:2:7: error: eoi: expected TOTAL_NS AVG_NS or 'test skipped', "
                         "got 'fast'",
                "t.log:3:5: error: ipi: TOTAL_NS AVG_NS missing");
    free(text);
    text = xasprintf("%shvc 1.0 1.0\nEXIT: STATUS=1\nipi 2.0 2.0\n", header);
    parse_fails(text, 1, "t.log:4:1: error: a row of 'ipi' after the end of the table (line 3 "
                         "ended it)");
    free(text);
}
END_TEST

START_TEST(test_timer_and_nul)
{
    parse_fails("Timer Frequency 25MHz Hz (Output in microseconds)\n", 1,
                "t.log:1:17: error: Timer Frequency '25MHz' is not a frequency in Hz");
    static const char nul[] = "hvc 1.0 1.0\nei\0 2.0\n";
    struct mb_log log;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(!mb_log_parse("t.log", nul, sizeof(nul) - 1, &log, &diags));
    ck_assert_uint_eq(diags.count, 1);
    ck_assert_uint_eq(diags.items[0].line, 2);
    ck_assert_uint_eq(diags.items[0].col, 3);
    diag_free(&diags);
}
END_TEST

START_TEST(test_unreadable_file)
{
    struct mb_log log;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(!mb_log_read("/nonexistent/micro-bench.log", &log, &diags));
    ck_assert_uint_eq(diags.count, 1);
    ck_assert_str_eq(diags.items[0].msg, "cannot read: No such file or directory");
    diag_free(&diags);
}
END_TEST

/* ---- from rows to the plan ---------------------------------------------------------- */

START_TEST(test_plan_sorts_rows)
{
    char *text = microbench_output();
    struct mb_log log = parse_ok(text);
    struct calib_plan plan;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(calib_plan_make(&log, "t.log", GIC_V3, &plan, &diags));
    /* in fitting order: lpi after ipi, whose ipi_delivery is on its path */
    ck_assert_uint_eq(plan.n_points, 5);
    static const char *const fitted[] = {"hvc", "mmio_read_vgic", "eoi", "ipi", "lpi"};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(plan.points[i].test->name, fitted[i]);
        ck_assert_str_eq(plan.points[i].row->name, fitted[i]);
    }
    ck_assert(plan.points[3].measured_ns == 1926.0);
    ck_assert(plan.points[4].measured_ns == 2179.0);
    ck_assert_uint_eq(plan.n_skips, 3);
    static const char *const skipped[] = {"mmio_read_user", "ipi_hw", "timer_10ms"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(plan.skips[i].row->name, skipped[i]);
    ck_assert_ptr_nonnull(strstr(plan.skips[0].why, "userspace"));
    ck_assert_ptr_nonnull(strstr(plan.skips[1].why, "micro-bench skipped it"));
    calib_plan_free(&plan);
    mb_log_free(&log);
    free(text);
}
END_TEST

/* lpi needs an ITS, which GICv2 has not: on a GICv2 base preset its row is skipped with
 * the reason, in log order among the others, and the rest is fitted as on GICv3. */
START_TEST(test_plan_lpi_needs_gicv3)
{
    char *text = microbench_output();
    struct mb_log log = parse_ok(text);
    struct calib_plan plan;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(calib_plan_make(&log, "t.log", GIC_V2, &plan, &diags));
    ck_assert_uint_eq(plan.n_points, 4);
    ck_assert_str_eq(plan.points[3].test->name, "ipi");
    ck_assert_uint_eq(plan.n_skips, 4);
    ck_assert_str_eq(plan.skips[2].row->name, "lpi");
    ck_assert_str_eq(plan.skips[2].why, "it needs GICv3 (an ITS) and the base preset is GICv2: "
                                        "calibrate a GICv3 preset with it");
    ck_assert_uint_eq(diags.count, 0);
    /* held out on GICv2: the log has it, the plan does not */
    ck_assert(!calib_plan_hold_out(&plan, "lpi"));
    calib_plan_free(&plan);
    mb_log_free(&log);
    free(text);
}
END_TEST

START_TEST(test_plan_rejects_hvc_twice)
{
    struct mb_log log = parse_ok("hvc 1.0 1.0\neoi 0.0 0.0\nhyp_call 2.0 2.0\n");
    struct calib_plan plan;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(!calib_plan_make(&log, "t.log", GIC_V3, &plan, &diags));
    ck_assert_uint_eq(diags.count, 1);
    char *got = diag_format(&diags.items[0]);
    ck_assert_str_eq(got, "t.log:3:1: error: 'hyp_call' is the same test as 'hvc' (line 1): "
                          "calibrate fits one run; keep one table");
    free(got);
    diag_free(&diags);
    mb_log_free(&log);

    log = parse_ok("hyp_call 2.0 2.0\neoi 0.0 0.0\n");
    diag_init(&diags);
    ck_assert(calib_plan_make(&log, "t.log", GIC_V3, &plan, &diags));
    ck_assert_uint_eq(plan.n_points, 1);
    ck_assert_str_eq(plan.points[0].test->name, "hvc");
    ck_assert_uint_eq(plan.n_skips, 1);       /* eoi measured 0.0: nothing to fit */
    ck_assert_str_eq(plan.skips[0].why, "no positive measurement to fit");
    calib_plan_free(&plan);
    mb_log_free(&log);
}
END_TEST

/* ipi_hw measured (a GICv4.1 host) is fitted on a GICv3 base preset, in micro-bench's
 * order: after ipi, before lpi. On GICv2, which GICv4.1 extends no more than it has an
 * ITS, it is skipped with its own reason. */
START_TEST(test_plan_ipi_hw)
{
    struct mb_log log = parse_ok("lpi 2000000.0 2000.0\nipi_hw 1000000.0 1000.0\n"
                                 "ipi 3000000.0 3000.0\n");
    struct calib_plan plan;
    struct diag_list diags;
    diag_init(&diags);
    ck_assert(calib_plan_make(&log, "t.log", GIC_V3, &plan, &diags));
    ck_assert_uint_eq(plan.n_points, 3);
    static const char *const fitted[] = {"ipi", "ipi_hw", "lpi"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(plan.points[i].test->name, fitted[i]);
    ck_assert(plan.points[1].measured_ns == 1000.0);
    ck_assert_uint_eq(plan.n_skips, 0);
    ck_assert(calib_plan_hold_out(&plan, "ipi_hw"));
    ck_assert(plan.points[1].held_out && !plan.points[0].held_out);
    calib_plan_free(&plan);

    ck_assert(calib_plan_make(&log, "t.log", GIC_V2, &plan, &diags));
    ck_assert_uint_eq(plan.n_points, 1);
    ck_assert_str_eq(plan.points[0].test->name, "ipi");
    ck_assert_uint_eq(plan.n_skips, 2);
    ck_assert_str_eq(plan.skips[1].row->name, "ipi_hw");
    ck_assert_str_eq(plan.skips[1].why, "it needs GICv4.1 (vSGIs), which extends GICv3, and the "
                                        "base preset is GICv2: calibrate a GICv3 preset with it");
    ck_assert_uint_eq(diags.count, 0);
    calib_plan_free(&plan);
    mb_log_free(&log);
}
END_TEST

static Suite *calibrate_log_suite(void)
{
    Suite *s = suite_create("calibrate_log");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, test_microbench_output);
    tcase_add_test(tc, test_mail_quoted_with_blank_lines);
    tcase_add_test(tc, test_wrapped_and_squeezed);
    tcase_add_test(tc, test_rows_without_header);
    tcase_add_test(tc, test_crlf_killed_run_unknown_test);
    tcase_add_test(tc, test_empty_and_chatter_only);
    suite_add_tcase(s, tc);
    TCase *bad = tcase_create("malformed");
    tcase_add_test(bad, test_bad_number);
    tcase_add_test(bad, test_negative_figures);
    tcase_add_test(bad, test_echo_escaped);
    tcase_add_test(bad, test_quoted_printable_source);
    tcase_add_test(bad, test_extra_field_and_missing_average);
    tcase_add_test(bad, test_average_above_total);
    tcase_add_test(bad, test_duplicate_and_second_table);
    tcase_add_test(bad, test_garbage_rows);
    tcase_add_test(bad, test_timer_and_nul);
    tcase_add_test(bad, test_unreadable_file);
    suite_add_tcase(s, bad);
    TCase *plan = tcase_create("plan");
    tcase_add_test(plan, test_plan_sorts_rows);
    tcase_add_test(plan, test_plan_lpi_needs_gicv3);
    tcase_add_test(plan, test_plan_ipi_hw);
    tcase_add_test(plan, test_plan_rejects_hvc_twice);
    suite_add_tcase(s, plan);
    return s;
}

int main(void) { return test_run_suite(calibrate_log_suite()); }
