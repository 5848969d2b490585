/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a JSON run report back for `vgicsim compare` (format: docs/report.md). The
 * file is parsed with jansson, duplicate keys rejected, and every member compare uses is
 * checked for presence and type before anything is compared, so that a file of another
 * shape or version is refused with the JSON pointer of what does not fit instead of
 * being compared as "nothing changed". */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "report/json_report.h"
#include "report/report_data.h"
#include "util/escape.h"
#include "util/input_file.h"
#include "util/xalloc.h"

/* The statistics of a latency summary that are judged: extremes are single samples. */
static const char *const judged_fields[] = {"mean", "p50", "p90", "p99", "p99.9"};

struct reader {
    const char *file;
    bool ok;
    struct cmp_report *r;
};

__attribute__((format(printf, 3, 4)))
static void fail_at(struct reader *rd, const char *pointer, const char *fmt, ...)
{
    if (!rd->ok)
        return;          /* the first problem is the one worth reading */
    rd->ok = false;
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    /* The message names keys and values of the file: escaped as a whole (util/escape.h). */
    char *shown = esc_dup(what, strlen(what), ESC_TEXT);
    fprintf(stderr, "%s: error: %s: %s\n", ESC(rd->file), pointer, shown);
    free(shown);
    free(what);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

/* Member `key` of object `o` (at `pointer`) of the given type; NULL after a message. */
static json_t *member(struct reader *rd, json_t *o, const char *pointer, const char *key,
                      json_type type)
{
    if (!rd->ok)
        return NULL;
    json_t *v = json_object_get(o, key);
    if (!v) {
        fail_at(rd, pointer[0] ? pointer : "/", "missing member '%s'", key);
        return NULL;
    }
    bool fits = json_typeof(v) == type ||
                (type == JSON_REAL && json_typeof(v) == JSON_INTEGER);
    if (!fits) {
        static const char *const wanted[] = {
            [JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
            [JSON_INTEGER] = "an integer", [JSON_REAL] = "a number", [JSON_TRUE] = "a boolean",
            [JSON_FALSE] = "a boolean", [JSON_NULL] = "null",
        };
        fail_at(rd, pointer, "'%s' is %s, expected %s", key, type_name(v), wanted[type]);
        return NULL;
    }
    return v;
}

static void add_stat(struct cmp_model *m, const char *name, double value, json_t *ci,
                     bool has_samples, double samples)
{
    m->stats = xrealloc(m->stats, (m->n_stats + 1) * sizeof(*m->stats));
    struct cmp_stat *s = &m->stats[m->n_stats++];
    *s = (struct cmp_stat){.name = xstrdup(name), .value = value, .has_samples = has_samples,
                           .samples = samples};
    if (ci) {
        s->has_ci = true;
        s->ci_low = json_number_value(json_array_get(ci, 0));
        s->ci_high = json_number_value(json_array_get(ci, 1));
    }
}

/* An interval [low, high] of a ci95 object, or NULL when the object has none. */
static json_t *interval(struct reader *rd, json_t *ci, const char *pointer, const char *key)
{
    if (!ci)
        return NULL;
    json_t *a = json_object_get(ci, key);
    if (!a)
        return NULL;
    if (!json_is_array(a) || json_array_size(a) != 2 || !json_is_number(json_array_get(a, 0)) ||
        !json_is_number(json_array_get(a, 1))) {
        fail_at(rd, pointer, "ci95 '%s' is not an interval [low, high]", ESC(key));
        return NULL;
    }
    return a;
}

static json_t *optional_ci(struct reader *rd, json_t *o, const char *pointer)
{
    json_t *ci = json_object_get(o, "ci95");
    if (ci && !json_is_object(ci)) {
        fail_at(rd, pointer, "'ci95' is %s, expected an object", type_name(ci));
        return NULL;
    }
    return ci;
}

/* A latency summary {count, min, mean, p50, p90, p99, p99.9, max, [ci95], ...}. */
static void read_summary(struct reader *rd, struct cmp_model *m, json_t *parent,
                         const char *pointer, const char *key, const char *stat_prefix)
{
    json_t *s = member(rd, parent, pointer, key, JSON_OBJECT);
    if (!s)
        return;
    char *here = xasprintf("%s/%s", pointer, key);
    for (int f = 0; f < RF_FIELDS; f++)
        member(rd, s, here, report_field_names[f], JSON_REAL);
    json_t *ci = optional_ci(rd, s, here);
    if (rd->ok) {
        double count = json_number_value(json_object_get(s, "count"));
        for (size_t f = 0; f < sizeof(judged_fields) / sizeof(judged_fields[0]); f++) {
            char *name = xasprintf("%s.%s", stat_prefix, judged_fields[f]);
            json_t *iv = interval(rd, ci, here, judged_fields[f]);
            add_stat(m, name, json_number_value(json_object_get(s, judged_fields[f])), iv, true,
                     count);
            free(name);
        }
    }
    free(here);
}

/* The objects of counters inside `counters`: the parts of a counter (its causes or
 * reasons) and the model's own. The parts came within report_format 2: a report of an
 * older vgicsim has none, and their statistics are then in one report only, as a model's
 * own counter that one side lacks is. */
static bool counter_group(const char *key, bool *optional)
{
    *optional = false;
    for (int b = 0; b < RB_COUNT; b++)
        if (strcmp(key, report_breakdowns[b].name) == 0)
            *optional = true;
    return *optional || strcmp(key, "model") == 0;
}

/* Counters: numbers, an optional ci95, and (at the top level) the groups above. */
static void read_counters(struct reader *rd, struct cmp_model *m, json_t *o,
                          const char *pointer, const char *prefix, bool top)
{
    json_t *ci = optional_ci(rd, o, pointer);
    const char *key;
    json_t *v;
    bool optional;
    json_object_foreach(o, key, v) {
        if (!rd->ok)
            return;
        if (strcmp(key, "ci95") == 0)
            continue;
        if (top && counter_group(key, &optional))
            continue;
        if (!json_is_number(v)) {
            fail_at(rd, pointer, "counter '%s' is %s, expected a number", ESC(key),
                    type_name(v));
            return;
        }
        char *name = xasprintf("%s.%s", prefix, key);
        json_t *iv = interval(rd, ci, pointer, key);
        add_stat(m, name, json_number_value(v), iv, false, 0);
        free(name);
    }
    if (!top)
        return;
    const char *groups[RB_COUNT + 1];
    for (int b = 0; b < RB_COUNT; b++)
        groups[b] = report_breakdowns[b].name;
    groups[RB_COUNT] = "model";
    for (int g = 0; g <= RB_COUNT && rd->ok; g++) {
        counter_group(groups[g], &optional);
        if (optional && !json_object_get(o, groups[g]))
            continue;
        char *here = xasprintf("%s/%s", pointer, groups[g]);
        json_t *sub = member(rd, o, pointer, groups[g], JSON_OBJECT);
        char *sub_prefix = xasprintf("%s.%s", prefix, groups[g]);
        if (sub)
            read_counters(rd, m, sub, here, sub_prefix, false);
        free(sub_prefix);
        free(here);
    }
}

/* latency.stages: {NAME: SUMMARY, ...}, judged as "stages.NAME.STAT". Every member is
 * read, whatever its name, as counters are, so that a stage added later is compared and
 * not refused; a report of an older vgicsim has no `stages` (see counter_group). */
static void read_stages(struct reader *rd, struct cmp_model *m, json_t *lat, const char *lp)
{
    json_t *stages = json_object_get(lat, "stages");
    if (!stages)
        return;
    if (!json_is_object(stages)) {
        fail_at(rd, lp, "'stages' is %s, expected an object", type_name(stages));
        return;
    }
    char *sp = xasprintf("%s/stages", lp);
    const char *key;
    json_t *v;
    json_object_foreach(stages, key, v) {
        char *prefix = xasprintf("stages.%s", key);
        read_summary(rd, m, stages, sp, key, prefix);
        free(prefix);
        if (!rd->ok)
            break;
    }
    free(sp);
}

static void read_model(struct reader *rd, json_t *mj, size_t index)
{
    char *p = xasprintf("/models/%zu", index);
    if (!json_is_object(mj)) {
        fail_at(rd, p, "a model entry is %s, expected an object", type_name(mj));
        free(p);
        return;
    }
    json_t *name = member(rd, mj, p, "model", JSON_STRING);
    if (name && !*json_string_value(name))
        fail_at(rd, p, "'model' is empty");
    for (size_t i = 0; rd->ok && i < rd->r->n_models; i++)
        if (strcmp(rd->r->models[i].name, json_string_value(name)) == 0)
            fail_at(rd, p, "model '%s' appears twice in one report",
                    ESC(json_string_value(name)));
    json_t *runs = member(rd, mj, p, "runs", JSON_ARRAY);
    if (runs && json_array_size(runs) == 0)
        fail_at(rd, p, "'runs' is empty");
    member(rd, mj, p, "interrupts", JSON_OBJECT);
    member(rd, mj, p, "distributions", JSON_OBJECT);
    json_t *lat = member(rd, mj, p, "latency", JSON_OBJECT);
    json_t *cnt = member(rd, mj, p, "counters", JSON_OBJECT);
    if (!rd->ok) {
        free(p);
        return;
    }
    struct cmp_report *r = rd->r;
    r->models = xrealloc(r->models, (r->n_models + 1) * sizeof(*r->models));
    struct cmp_model *m = &r->models[r->n_models++];
    *m = (struct cmp_model){.name = xstrdup(json_string_value(name))};

    char *lp = xasprintf("%s/latency", p);
    for (int k = 0; k < REPORT_METRICS; k++)
        read_summary(rd, m, lat, lp, report_metric_names[k], report_metric_names[k]);
    read_stages(rd, m, lat, lp);
    json_t *classes = member(rd, lat, lp, "by_class", JSON_OBJECT);
    char *cp = xasprintf("%s/by_class", lp);
    for (int c = 0; classes && c < REPORT_CLASSES; c++) {
        /* The LPI class is only in reports of machines with an ITS. */
        if (c == REPORT_CLASS_LPI && !json_object_get(classes, report_class_names[c]))
            continue;
        json_t *cls = member(rd, classes, cp, report_class_names[c], JSON_OBJECT);
        char *clp = xasprintf("%s/%s", cp, report_class_names[c]);
        for (int k = 0; cls && k < REPORT_IRQ_METRICS; k++) {
            char *prefix = xasprintf("%s.%s", report_metric_names[k], report_class_names[c]);
            read_summary(rd, m, cls, clp, report_metric_names[k], prefix);
            free(prefix);
        }
        free(clp);
    }
    free(cp);
    member(rd, lat, lp, "by_vcpu", JSON_ARRAY);
    member(rd, lat, lp, "by_intid", JSON_ARRAY);
    json_t *regs = member(rd, lat, lp, "by_register", JSON_ARRAY);
    size_t i;
    json_t *e;
    json_array_foreach(regs, i, e) {
        char *rp = xasprintf("%s/by_register/%zu", lp, i);
        json_t *reg = json_is_object(e) ? member(rd, e, rp, "register", JSON_STRING) : NULL;
        if (!json_is_object(e))
            fail_at(rd, rp, "a register entry is %s, expected an object", type_name(e));
        if (reg) {
            char *prefix = xasprintf("trapped_access.%s", json_string_value(reg));
            read_summary(rd, m, e, rp, "trapped_access", prefix);
            free(prefix);
        }
        free(rp);
        if (!rd->ok)
            break;
    }
    free(lp);
    char *kp = xasprintf("%s/counters", p);
    read_counters(rd, m, cnt, kp, "counters", true);
    free(kp);
    free(p);
}

/* The seeds a report covers: `first` a seed (an integer from 0 to 2^64 - 1; the writer
 * gives those past 2^63 - 1 as a number, JSON integers being signed), `count` the runs
 * (at least one). A seed count of -1 is no configuration to compare with another: the
 * report is refused, as plot refuses it. */
static void read_seeds(struct reader *rd, json_t *seeds)
{
    json_t *first = member(rd, seeds, "/seeds", "first", JSON_REAL);
    json_t *count = member(rd, seeds, "/seeds", "count", JSON_INTEGER);
    if (!rd->ok)
        return;
    double f = json_number_value(first);
    if (!(f >= 0 && f < 18446744073709551616.0 && f == floor(f)) ||
        (json_is_real(first) && f < 9223372036854775808.0))
        fail_at(rd, "/seeds", "'first' is not a seed (an integer from 0 to 2^64 - 1)");
    else if (json_integer_value(count) < 1)
        fail_at(rd, "/seeds", "'count' is %" JSON_INTEGER_FORMAT ": a report covers at least "
                "one run", json_integer_value(count));
}

static void read_root(struct reader *rd, json_t *root)
{
    struct cmp_report *r = rd->r;
    if (!json_is_object(root)) {
        fail_at(rd, "/", "the document is %s, expected an object", type_name(root));
        return;
    }
    json_t *fmt = json_object_get(root, "report_format");
    if (!fmt) {
        fail_at(rd, "/", "missing member 'report_format': not a vgicsim JSON report (write one "
                "with 'vgicsim run --format json')");
        return;
    }
    if (!json_is_integer(fmt)) {
        fail_at(rd, "/", "'report_format' is %s, expected an integer", type_name(fmt));
        return;
    }
    if (json_integer_value(fmt) != JSON_REPORT_FORMAT) {
        rd->ok = false;
        fprintf(stderr, "%s: error: report format %" JSON_INTEGER_FORMAT " is not supported: "
                "this vgicsim reads format %d (run the scenario again with this vgicsim to "
                "make a new baseline)\n", ESC(rd->file), json_integer_value(fmt),
                JSON_REPORT_FORMAT);
        return;
    }
    r->vgicsim = member(rd, root, "", "vgicsim", JSON_OBJECT);
    json_t *scn = member(rd, root, "", "scenario", JSON_OBJECT);
    json_t *name = scn ? member(rd, scn, "/scenario", "name", JSON_STRING) : NULL;
    json_t *sha = scn ? json_object_get(scn, "sha256") : NULL;
    if (scn && rd->ok && !(json_is_string(sha) || json_is_null(sha)))
        fail_at(rd, "/scenario", "'sha256' must be a string or null");
    r->seeds = member(rd, root, "", "seeds", JSON_OBJECT);
    if (r->seeds)
        read_seeds(rd, r->seeds);
    r->configuration = member(rd, root, "", "configuration", JSON_OBJECT);
    static const struct {
        const char *key;
        json_type type;
    } conf_members[] = {{"overrides", JSON_ARRAY}, {"gic", JSON_OBJECT}, {"costs", JSON_OBJECT},
                        {"guest", JSON_OBJECT}, {"run", JSON_OBJECT}};
    /* configuration.hypervisor (the modelled release) is newer than report_format 2's
     * first reports: not required, so that older reports still compare. */
    for (size_t i = 0; r->configuration && i < sizeof(conf_members) / sizeof(conf_members[0]); i++)
        member(rd, r->configuration, "/configuration", conf_members[i].key, conf_members[i].type);
    json_t *models = member(rd, root, "", "models", JSON_ARRAY);
    if (!rd->ok)
        return;
    r->scenario_name = json_string_value(name);
    r->sha256 = json_is_string(sha) ? json_string_value(sha) : NULL;
    if (json_array_size(models) == 0)
        fail_at(rd, "/models", "no model in the report");
    size_t i;
    json_t *m;
    json_array_foreach(models, i, m) {
        read_model(rd, m, i);
        if (!rd->ok)
            break;
    }
}

bool cmp_report_parse(const char *name, const char *text, size_t len, struct cmp_report *out)
{
    memset(out, 0, sizeof(*out));
    out->path = name;
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        /* jansson leaves the text empty when it ran out of memory. */
        fprintf(stderr, "%s:%d:%d: error: not valid JSON: %s\n", ESC(name),
                err.line < 1 ? 1 : err.line, err.column < 1 ? 1 : err.column,
                err.text[0] ? ESC(err.text) : "out of memory");
        return false;
    }
    out->root = root;
    struct reader rd = {.file = name, .ok = true, .r = out};
    read_root(&rd, root);
    if (!rd.ok) {
        cmp_report_free(out);
        return false;
    }
    return true;
}

bool cmp_report_load(const char *path, struct cmp_report *out)
{
    memset(out, 0, sizeof(*out));
    /* Read up to the limit (a device or a pipe may never end; a FIFO nobody writes to is
     * not waited for: util/input_file.h). */
    char *buf, why_buf[64];
    size_t len;
    const char *why;
    if (!input_read_all(path, CMP_MAX_REPORT_BYTES, &buf, &len, &why, why_buf,
                        sizeof(why_buf))) {
        if (why == why_buf)
            fprintf(stderr, "%s: error: %s, not a vgicsim report\n", ESC(path), why);
        else
            fprintf(stderr, "%s: error: cannot read the report: %s\n", ESC(path), why);
        return false;
    }
    bool ok = cmp_report_parse(path, buf, len, out);
    free(buf);
    return ok;
}

void cmp_report_free(struct cmp_report *r)
{
    for (size_t i = 0; i < r->n_models; i++) {
        for (size_t k = 0; k < r->models[i].n_stats; k++)
            free(r->models[i].stats[k].name);
        free(r->models[i].stats);
        free(r->models[i].name);
    }
    free(r->models);
    json_decref(r->root);
    memset(r, 0, sizeof(*r));
}
