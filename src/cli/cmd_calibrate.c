/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim calibrate LOG --clock-mhz MHZ: fit cost operations to a kvm-unit-tests
 * arm/micro-bench log. The work is in src/calibrate/; this is the command line. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calibrate/calib_fit.h"
#include "calibrate/calib_report.h"
#include "calibrate/mb_log.h"
#include "cli/cli.h"
#include "util/escape.h"
#include "util/number.h"
#include "util/output_paths.h"
#include "util/xalloc.h"

enum { OPT_CLOCK = 1000, OPT_PRESET, OPT_EMIT, OPT_HOLD_OUT };

struct calibrate_args {
    const char *log;
    const char *clock;
    const char *preset;
    const char *format;
    const char *output;
    const char *emit_dir;
    const char *hold_out;
};

static const struct argp_option calibrate_options[] = {
    {"clock-mhz", OPT_CLOCK, "MHZ", 0,
     "The host's CPU clock in MHz (required, except with --hold-out all, where it defaults "
     "to the preset's): micro-bench reports nanoseconds, vgicsim counts cycles",
     0},
    {"preset", OPT_PRESET, "BASE", 0,
     "The cost preset to start from (default: the default preset of GICv3, kvm-gicv3-vhe); "
     "the equivalent scenarios use its GIC version, and the operations no test "
     "determines keep its values",
     0},
    {"format", 'f', "FORMAT", 0,
     "The per-test table: text (the default) or csv (test,measured_ns,simulated_ns,error_pct)",
     0},
    {"output", 'o', "FILE", 0,
     "Write the fitted costs (a YAML mapping usable as a scenario's costs: value) to FILE; "
     "'-' is standard output, and the table then goes to standard error",
     0},
    {"hold-out", OPT_HOLD_OUT, "TESTS", 0,
     "Leave these tests (comma-separated, e.g. ipi; 'all': fit nothing) out of the fit and "
     "only predict them with the fitted costs: how well the costs describe figures they "
     "were not fitted to. Their error does not count towards the 5 %",
     0},
    {"emit-scenarios", OPT_EMIT, "DIR", 0,
     "Also write each fitted test's equivalent scenario, with the fitted costs in it, to "
     "DIR/TEST.yaml (DIR is created if missing)",
     0},
    {0},
};

static error_t calibrate_parse(int key, char *arg, struct argp_state *state)
{
    struct calibrate_args *a = state->input;
    switch (key) {
    case OPT_CLOCK: a->clock = arg; return 0;
    case OPT_PRESET: a->preset = arg; return 0;
    case OPT_EMIT: a->emit_dir = arg; return 0;
    case OPT_HOLD_OUT: a->hold_out = arg; return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case ARGP_KEY_ARG:
        if (a->log)
            argp_error(state, "calibrate takes one log; '%s' is a second one", ESC(arg));
        a->log = arg;
        return 0;
    case ARGP_KEY_END:
        if (!a->log)
            argp_error(state, "which log? (the output of kvm-unit-tests arm/micro-bench; "
                              "'-' reads standard input)");
        if (!a->clock && !(a->hold_out && strcmp(a->hold_out, "all") == 0))
            argp_error(state, "--clock-mhz MHZ is required: the host's CPU clock (micro-bench "
                              "reports nanoseconds, vgicsim counts cycles)");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static const struct argp calibrate_argp = {
    calibrate_options, calibrate_parse, "LOG",
    "Fit vgicsim's cost operations to LOG, the output of kvm-unit-tests arm/micro-bench "
    "on a host (pasted as it is: the table 'name  total ns  avg ns' with whatever surrounds "
    "it). Each test vgicsim can express (hvc, mmio_read_vgic, eoi, ipi, and on a GICv3 "
    "preset ipi_hw and lpi) is run as an equivalent scenario on the reference model (for "
    "ipi_hw, the sender's trapped write, with the GICv4.1 vSGI the model does not deliver "
    "added to it) and the operations it determines are adjusted until its simulated "
    "latency matches the measured average; tests vgicsim cannot express are named with the "
    "reason. Prints, per test, the measured and "
    "simulated nanoseconds and the error; docs/calibrate.md explains every step.\v"
    "Exit status: 0 when every fitted test is within 5 %; 1 when one cannot be brought "
    "within 5 % (nothing is written then); 2 on bad usage, an unreadable or malformed log "
    "(each problem printed as LOG:LINE:COLUMN: error: ...), a log with no test calibrate "
    "can use, or an output that is the log or another output.",
    NULL, NULL, NULL,
};

/* ---- writers for cli_write_output ---- */

static int write_costs(FILE *out, void *report)
{
    calib_write_costs(out, report);
    return ferror(out) ? -1 : 0;
}

static int write_text(FILE *out, void *ctx)
{
    fputs(ctx, out);
    return ferror(out) ? -1 : 0;
}

/* Every scenario is built before any is written, so that a failure writes none. */
static int emit_scenarios(const char *dir, const struct calib_report *r)
{
    char *texts[CALIB_N_TESTS] = {0};
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < r->plan->n_points; i++) {
        char *why = NULL;
        texts[i] = calib_point_scenario(r, &r->plan->points[i], &why);
        if (!texts[i]) {
            fprintf(stderr, "vgicsim calibrate: %s: %s\n", r->plan->points[i].row->name, why);
            free(why);
            status = CLI_EXIT_FAILED;
        }
    }
    if (status == CLI_EXIT_OK && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "vgicsim calibrate: cannot create %s: %s\n", ESC(dir), strerror(errno));
        status = CLI_EXIT_INVALID;
    }
    for (size_t i = 0; status == CLI_EXIT_OK && i < r->plan->n_points; i++) {
        char *path = xasprintf("%s/%s.yaml", dir, r->plan->points[i].test->name);
        status = cli_write_output("calibrate", path, write_text, texts[i]);
        free(path);
    }
    for (size_t i = 0; i < CALIB_N_TESTS; i++)
        free(texts[i]);
    return status;
}

static bool parse_clock(const char *text, uint32_t *mhz)
{
    uint64_t v;
    if (!number_parse_u64(text, &v) || v < COST_CLOCK_MHZ_MIN || v > COST_CLOCK_MHZ_MAX)
        return false;
    *mhz = (uint32_t)v;
    return true;
}

static void list_presets(FILE *out)
{
    for (size_t i = 0; i < cost_preset_count; i++)
        fprintf(out, "%s%s", i ? ", " : "", cost_presets[i].name);
}

/* --hold-out TESTS: comma-separated names, or all. */
static bool hold_out(struct calib_plan *plan, const char *list)
{
    char *copy = xstrdup(list), *save = NULL;
    bool ok = true;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (calib_plan_hold_out(plan, name))
            continue;
        const char *why;
        if (strcmp(name, "all") != 0 && !calib_test_for_row(name, &why))
            fprintf(stderr, "vgicsim calibrate: --hold-out: '%s' is not a test calibrate fits "
                            "(hvc, mmio_read_vgic, eoi, ipi, ipi_hw, lpi, or all)\n", ESC(name));
        else
            fprintf(stderr, "vgicsim calibrate: --hold-out: the log has no '%s' to hold out\n",
                    ESC(name));
        ok = false;
    }
    free(copy);
    return ok;
}

/* No test to fit: located at the table when there is one. */
static void no_usable_test(const char *name, const struct mb_log *log, const struct calib_report *r)
{
    if (!log->n_rows && !log->header_line)
        fprintf(stderr, "%s: error: no micro-bench result in it (a table 'name  total ns  avg "
                        "ns' with rows such as 'hvc  20095360.0  306.0')\n", ESC(name));
    else if (!log->n_rows)
        fprintf(stderr, "%s:%u:1: error: the result table has no row\n", ESC(name),
                log->header_line);
    else
        fprintf(stderr, "%s:%u:%u: error: no test calibrate can use (it fits hvc, "
                        "mmio_read_vgic, eoi, ipi, ipi_hw and lpi)\n", ESC(name),
                log->header_line ? log->header_line : log->rows[0].line,
                log->header_line ? 1 : log->rows[0].col);
    calib_write_skips(stderr, r, "  ");
}

/* The log, -o and the scenarios --emit-scenarios would write are distinct files
 * (`calibrate LOG -o LOG` would replace the log with the costs). Checked once the tests
 * to emit are known, before anything is fitted or written. */
static bool distinct_outputs(const struct calibrate_args *a, const struct calib_plan *plan)
{
    const struct io_path in[] = {{a->log, "the log"}};
    struct io_path out[1 + CALIB_N_TESTS] = {{a->output, "-o"}};
    size_t n = 1;
    for (size_t i = 0; a->emit_dir && i < plan->n_points && n < 1 + CALIB_N_TESTS; i++)
        out[n++] = (struct io_path){
            xasprintf("%s/%s.yaml", a->emit_dir, plan->points[i].test->name),
            "--emit-scenarios' file"};
    bool ok = output_paths_check("calibrate", in, 1, out, n);
    for (size_t i = 1; i < n; i++)
        free((char *)out[i].path);
    return ok;
}

int cli_calibrate(int argc, char **argv)
{
    struct calibrate_args a = {.format = "text"};
    cli_argp_parse(&calibrate_argp, argc, argv, &a);

    const struct cost_preset *base = a.preset ? cost_preset_by_name(a.preset)
                                              : cost_preset_default(GIC_V3);
    if (!base) {
        fprintf(stderr, "vgicsim calibrate: unknown preset '%s' (", ESC(a.preset));
        list_presets(stderr);
        fprintf(stderr, ")\n");
        return CLI_EXIT_INVALID;
    }
    uint32_t clock = base->clock_mhz;
    if (a.clock && !parse_clock(a.clock, &clock)) {
        fprintf(stderr, "vgicsim calibrate: --clock-mhz expects a whole number of MHz from %d "
                        "to %d, got '%s'\n", COST_CLOCK_MHZ_MIN, COST_CLOCK_MHZ_MAX, ESC(a.clock));
        return CLI_EXIT_INVALID;
    }
    bool csv = strcmp(a.format, "csv") == 0;
    if (!csv && strcmp(a.format, "text") != 0) {
        fprintf(stderr, "vgicsim calibrate: unknown format '%s' (text or csv)\n",
                ESC(a.format));
        return CLI_EXIT_INVALID;
    }
    bool costs_to_stdout = a.output && strcmp(a.output, "-") == 0;

    struct mb_log log;
    struct diag_list diags;
    diag_init(&diags);
    const char *name = strcmp(a.log, "-") == 0 ? "<stdin>" : a.log;
    struct calib_plan plan;
    if (!mb_log_read(a.log, &log, &diags) || !calib_plan_make(&log, name, base->version, &plan, &diags)) {
        diag_sort(&diags);
        diag_print(&diags, stderr);
        diag_free(&diags);
        mb_log_free(&log);
        return CLI_EXIT_INVALID;
    }
    diag_free(&diags);
    int status = CLI_EXIT_OK;

    struct calib_costs costs;
    calib_costs_init(&costs, base, clock);
    struct calib_report r = {.log_name = name, .log = &log, .plan = &plan, .costs = &costs};
    if (plan.n_points == 0) {
        no_usable_test(name, &log, &r);
        status = CLI_EXIT_INVALID;
        goto out;
    }
    if (a.hold_out && !hold_out(&plan, a.hold_out)) {
        status = CLI_EXIT_INVALID;
        goto out;
    }
    if (!distinct_outputs(&a, &plan)) {
        status = CLI_EXIT_INVALID;
        goto out;
    }

    char *why = NULL;
    r.fit_ok = calib_fit(&plan, &costs, &why);
    FILE *table = costs_to_stdout ? stderr : stdout;
    if (csv) {
        calib_write_csv(table, &r);
        calib_write_skips(stderr, &r, "vgicsim calibrate: ");
    } else {
        calib_write_text(table, &r);
    }
    if (!r.fit_ok) {
        fprintf(stderr, "vgicsim calibrate: fit failed: %s\n", why);
        free(why);
        status = CLI_EXIT_FAILED;
        goto out;
    }
    if (a.output) {
        status = cli_write_output("calibrate", costs_to_stdout ? NULL : a.output, write_costs,
                                  &r);
    } else if (!csv) {
        fprintf(stdout, "\nfitted costs:\n");
        calib_write_costs(stdout, &r);
    }
    if (status == CLI_EXIT_OK && a.emit_dir)
        status = emit_scenarios(a.emit_dir, &r);
out:
    calib_plan_free(&plan);
    mb_log_free(&log);
    return status;
}
