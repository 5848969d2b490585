/* SPDX-License-Identifier: GPL-2.0-only */
/* vgicsim list presets|costs|releases|metrics|registers: what the names in scenarios and
 * options may be, one per line with its meaning. Every name comes from the table the
 * program itself reads (the cost presets and operations of costs/, the modelled releases
 * of vgic/vgic_release, the run report's names of report/report_scalar through
 * sweep_metric_list, the register catalogues of gic/), never from a copy, so the list
 * cannot drift from what is accepted. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "costs/cost_model.h"
#include "gic/cpu_regs.h"
#include "gic/gic_regs.h"
#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/suggest.h"
#include "util/xalloc.h"
#include "vgic/vgic_release.h"

/* The lines of one kind, collected so that the names can be aligned. */
struct list_out {
    char **names;
    char **meanings;
    size_t n;
};

static void add(const char *name, const char *meaning, void *ctx)
{
    struct list_out *o = ctx;
    o->names = xrealloc(o->names, (o->n + 1) * sizeof(*o->names));
    o->meanings = xrealloc(o->meanings, (o->n + 1) * sizeof(*o->meanings));
    o->names[o->n] = xstrdup(name);
    o->meanings[o->n] = xstrdup(meaning ? meaning : "");
    o->n++;
}

static void list_presets(struct list_out *o)
{
    for (size_t i = 0; i < cost_preset_count; i++) {
        const struct cost_preset *p = &cost_presets[i];
        bool dflt = cost_preset_default(p->version) == p;
        char *m = xasprintf("GICv%d, %u MHz%s: %s", (int)p->version, (unsigned)p->clock_mhz,
                            dflt ? " [default for its GIC version]" : "", p->description);
        add(p->name, m, o);
        free(m);
    }
}

static void list_costs(struct list_out *o)
{
    for (int op = 0; op < COST_OP_COUNT; op++)
        add(cost_op_name((enum cost_op)op), cost_op_description((enum cost_op)op), o);
}

static void list_releases(struct list_out *o)
{
    for (uint32_t code = VGIC_RELEASE_OLDEST; code <= VGIC_RELEASE_NEWEST; code++) {
        if (!vgic_release_valid(code))
            continue;
        char name[VGIC_RELEASE_NAME_MAX], meaning[VGIC_RELEASE_MEANING_MAX];
        add(vgic_release_name(code, name, sizeof(name)),
            vgic_release_meaning(code, meaning, sizeof(meaning)), o);
    }
}

static void list_metrics(struct list_out *o)
{
    sweep_metric_list(add, o);
}

static const char *versions(uint8_t v)
{
    return v == (GIC_REG_V2 | GIC_REG_V3) ? "v2 v3" : v == GIC_REG_V2 ? "v2" : "v3";
}

static void list_registers(struct list_out *o)
{
    for (size_t i = 0; i < gic_reg_catalog_size; i++) {
        const struct gic_reg_desc *r = &gic_reg_catalog[i];
        char *where = r->stride
            ? xasprintf("%s 0x%04x + %un, n 0..%u", gic_frame_name(r->frame), (unsigned)r->offset,
                        (unsigned)r->stride, (unsigned)r->count - 1)
            : xasprintf("%s 0x%04x", gic_frame_name(r->frame), (unsigned)r->offset);
        char *m = xasprintf("%s, %u-bit, %s: %s", where, (unsigned)r->width,
                            versions(r->versions), r->meaning ? r->meaning : "");
        add(r->name, m, o);
        free(where);
        free(m);
    }
    static const char *const access[] = {[GIC_CPU_RO] = "read-only", [GIC_CPU_WO] = "write-only",
                                         [GIC_CPU_RW] = "read-write"};
    for (int i = 0; i < GIC_CPU_REG_COUNT; i++) {
        const struct gic_cpu_reg_desc *r = gic_cpu_reg_desc((enum gic_cpu_reg)i);
        const char *meaning = gic_cpu_reg_meaning((enum gic_cpu_reg)i);
        char *m = xasprintf("CPU interface (cpu: step), %u-bit %s, %s: %s", (unsigned)r->width,
                            access[r->access], versions(r->versions), meaning ? meaning : "");
        add(r->name, m, o);
        free(m);
    }
}

/* The kinds, in the order --help lists them. */
static const struct list_kind {
    const char *name;
    const char *summary;
    void (*fill)(struct list_out *o);
} kinds[] = {
    {"presets", "cost presets (costs: PRESET, --set costs.preset=PRESET)", list_presets},
    {"costs", "cost operations (costs: {OP: CYCLES}, --set costs.OP=CYCLES)", list_costs},
    {"releases", "modelled KVM releases (hypervisor: {kvm: RELEASE})", list_releases},
    {"metrics", "what --metric of sweep, merge and sensitivity names (or a unique ending)",
     list_metrics},
    {"registers", "registers of trace steps (read/write reg:, then cpu:)", list_registers},
};
enum { N_KINDS = sizeof(kinds) / sizeof(kinds[0]) };

struct list_args {
    const struct list_kind *kind;
};

static error_t list_parse(int key, char *arg, struct argp_state *state)
{
    struct list_args *a = state->input;
    switch (key) {
    case ARGP_KEY_ARG: {
        if (a->kind)
            argp_error(state, "list takes one kind; '%s' is a second one", ESC(arg));
        const char *names[N_KINDS + 1] = {0};
        for (size_t i = 0; i < N_KINDS; i++) {
            names[i] = kinds[i].name;
            if (strcmp(arg, kinds[i].name) == 0)
                a->kind = &kinds[i];
        }
        if (!a->kind) {
            const char *hint = suggest_closest(arg, names);
            char *all = suggest_join(names);
            if (hint)
                argp_error(state, "unknown kind '%s' (did you mean '%s'?)", ESC(arg), hint);
            else
                argp_error(state, "unknown kind '%s' (expected one of: %s)", ESC(arg), all);
            free(all);
        }
        return 0;
    }
    case ARGP_KEY_NO_ARGS:
        argp_error(state, "say what to list: presets, costs, releases, metrics or registers");
        return 0;
    default: return ARGP_ERR_UNKNOWN;
    }
}

static char *list_help(int key, const char *text, void *input)
{
    (void)input;
    if (key != ARGP_KEY_HELP_POST_DOC || !text)
        return (char *)text;
    char *doc = xstrdup("Kinds:\n");
    for (size_t i = 0; i < N_KINDS; i++) {
        char *next = xasprintf("%s  %-10s %s\n", doc, kinds[i].name, kinds[i].summary);
        free(doc);
        doc = next;
    }
    char *full = xasprintf("%s\n%s", doc, text);
    free(doc);
    return full;
}

static const struct argp list_argp = {
    NULL, list_parse, "KIND",
    "List the names a scenario or an option may use, one per line: the name, then what it "
    "means (the same tables the program reads, so the list is what vgicsim accepts).\v"
    "Exit status: 0; 2 on an unknown kind or bad usage.",
    NULL, list_help, NULL,
};

static void print_list(FILE *out, const struct list_out *o)
{
    size_t width = 0;
    for (size_t i = 0; i < o->n; i++)
        if (strlen(o->names[i]) > width)
            width = strlen(o->names[i]);
    for (size_t i = 0; i < o->n; i++)
        fprintf(out, "%-*s  %s\n", (int)width, o->names[i], o->meanings[i]);
}

int cli_list(int argc, char **argv)
{
    struct list_args a = {0};
    cli_argp_parse(&list_argp, argc, argv, &a);
    struct list_out o = {0};
    a.kind->fill(&o);
    print_list(stdout, &o);
    for (size_t i = 0; i < o.n; i++) {
        free(o.names[i]);
        free(o.meanings[i]);
    }
    free(o.names);
    free(o.meanings);
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "vgicsim list: cannot write the standard output: %s\n",
                strerror(errno ? errno : EIO));
        return CLI_EXIT_INVALID;
    }
    return CLI_EXIT_OK;
}
