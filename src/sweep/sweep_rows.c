/* SPDX-License-Identifier: GPL-2.0-only */
/* A sweep table row as JSON: what worker processes send back and what a part file
 * holds. One layout for both, so that a row read back is the row that was written. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "costs/cost_model.h"
#include "report/report_data.h"
#include "util/xalloc.h"

/* JSON integers are signed 64-bit: a larger cycle count is written as a real (never as
 * a wrapped negative number). */
static json_t *json_u64(uint64_t v)
{
    return v <= INT64_MAX ? json_integer((json_int_t)v) : json_real((double)v);
}

static bool u64_of(json_t *j, uint64_t *out)
{
    if (json_is_integer(j) && json_integer_value(j) >= 0) {
        *out = (uint64_t)json_integer_value(j);
        return true;
    }
    if (json_is_real(j)) {
        double d = json_real_value(j);
        if (d >= 9223372036854775808.0 && d < 18446744073709551616.0 && d == floor(d)) {
            *out = (uint64_t)d;
            return true;
        }
    }
    return false;
}

static json_t *stat_json(const struct sweep_stat *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "count", json_u64(s->count));
    json_object_set_new(o, "mean", json_real(s->mean));
    json_object_set_new(o, "p50", json_u64(s->p50));
    json_object_set_new(o, "p90", json_u64(s->p90));
    json_object_set_new(o, "p99", json_u64(s->p99));
    json_object_set_new(o, "max", json_u64(s->max));
    return o;
}

/* The parts of the counter report_breakdowns[b] in a row. */
static const uint64_t *parts_of(const struct sweep_row *r, int b)
{
    return b == RB_MAINTENANCE ? r->maintenance_by_cause : r->exits_by_reason;
}

json_t *sweep_row_to_json(const struct sweep_row *r, const struct sweep_space *s)
{
    size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
    sweep_point_choice(s, r->point, choice);
    json_t *o = json_object();
    json_object_set_new(o, "point", json_u64(r->point));
    json_t *vals = json_object();
    for (size_t k = 0; k < s->n_axes; k++)
        json_object_set_new(vals, s->axes[k].key, json_string(s->axes[k].values[choice[k]]));
    free(choice);
    json_object_set_new(o, "values", vals);
    json_object_set_new(o, "model", json_string(r->model));
    json_object_set_new(o, "preset", json_string(r->preset));
    json_object_set_new(o, "delivered", json_u64(r->delivered));
    json_object_set_new(o, "undelivered", json_u64(r->undelivered));
    json_object_set_new(o, "delivery", stat_json(&r->delivery));
    json_object_set_new(o, "injection", stat_json(&r->injection));
    json_object_set_new(o, "service", stat_json(&r->service));
    json_t *stages = json_object();
    for (int st = 0; st < REC_NR_STAGES; st++)
        json_object_set_new(stages, rec_stage_names[st], stat_json(&r->stages[st]));
    json_object_set_new(o, "stages", stages);
    json_t *c = json_object();
    json_object_set_new(c, "kicks", json_u64(r->kicks));
    json_object_set_new(c, "exits", json_u64(r->exits));
    json_object_set_new(c, "maintenance_interrupts", json_u64(r->maintenance_interrupts));
    json_object_set_new(c, "lr_overflows", json_u64(r->lr_overflows));
    for (int b = 0; b < RB_COUNT; b++) {
        json_t *parts = json_object();
        const uint64_t *v = parts_of(r, b);
        for (size_t p = 0; p < report_breakdowns[b].n_parts; p++)
            json_object_set_new(parts, report_breakdowns[b].parts[p], json_u64(v[p]));
        json_object_set_new(c, report_breakdowns[b].name, parts);
    }
    json_object_set_new(o, "counters", c);
    json_object_set_new(o, "expectation_failures", json_u64(r->expectation_failures));
    return o;
}

/* Reading back: every field must be there with its type; a missing or mistyped one
 * names itself in the error. */
struct reader {
    bool ok;
    char *err;
};

static json_t *field(struct reader *rd, json_t *o, const char *where, const char *name)
{
    json_t *v = rd->ok ? json_object_get(o, name) : NULL;
    if (rd->ok && !v) {
        rd->err = xasprintf("%s has no \"%s\"", where, name);
        rd->ok = false;
    }
    return v;
}

static void get_u64(struct reader *rd, json_t *o, const char *where, const char *name,
                    uint64_t *out)
{
    json_t *v = field(rd, o, where, name);
    if (rd->ok && !u64_of(v, out)) {
        rd->err = xasprintf("%s: \"%s\" is not a non-negative integer", where, name);
        rd->ok = false;
    }
}

/* An object member `name` of o (`where`); NULL after an error. */
static json_t *get_object(struct reader *rd, json_t *o, const char *where, const char *name)
{
    json_t *v = field(rd, o, where, name);
    if (rd->ok && !json_is_object(v)) {
        rd->err = xasprintf("%s: \"%s\" is not an object", where, name);
        rd->ok = false;
    }
    return rd->ok ? v : NULL;
}

static void get_stat(struct reader *rd, json_t *o, const char *where, const char *name,
                     struct sweep_stat *s)
{
    json_t *st = get_object(rd, o, where, name);
    get_u64(rd, st, name, "count", &s->count);
    json_t *mean = field(rd, st, name, "mean");
    if (rd->ok && !json_is_number(mean)) {
        rd->err = xasprintf("%s: \"mean\" is not a number", name);
        rd->ok = false;
    }
    if (rd->ok)
        s->mean = json_number_value(mean);
    get_u64(rd, st, name, "p50", &s->p50);
    get_u64(rd, st, name, "p90", &s->p90);
    get_u64(rd, st, name, "p99", &s->p99);
    get_u64(rd, st, name, "max", &s->max);
}

bool sweep_row_from_json(json_t *o, const struct sweep_space *s, const char *const *models,
                         size_t n_models, struct sweep_row *out, char **err)
{
    struct reader rd = {.ok = json_is_object(o)};
    if (!rd.ok) {
        *err = xstrdup("a row is not an object");
        return false;
    }
    memset(out, 0, sizeof(*out));
    get_u64(&rd, o, "a row", "point", &out->point);
    if (rd.ok && out->point >= s->n_points) {
        rd.err = xasprintf("row of point %" PRIu64 ", but the sweep has %" PRIu64 " points",
                           out->point, s->n_points);
        rd.ok = false;
    }
    /* The values must be the point's: a row from another sweep would otherwise pass. */
    json_t *vals = field(&rd, o, "a row", "values");
    if (rd.ok) {
        size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
        sweep_point_choice(s, out->point, choice);
        rd.ok = json_is_object(vals) && json_object_size(vals) == s->n_axes;
        for (size_t k = 0; k < s->n_axes && rd.ok; k++) {
            const char *v = json_string_value(json_object_get(vals, s->axes[k].key));
            rd.ok = v && strcmp(v, s->axes[k].values[choice[k]]) == 0;
        }
        free(choice);
        if (!rd.ok)
            rd.err = xasprintf("the values of point %" PRIu64 " are not the sweep's",
                               out->point);
    }
    json_t *model = field(&rd, o, "a row", "model");
    if (rd.ok) {
        const char *name = json_string_value(model);
        for (size_t m = 0; name && m < n_models && !out->model; m++)
            if (strcmp(name, models[m]) == 0)
                out->model = models[m];
        if (!out->model) {
            rd.err = xasprintf("point %" PRIu64 ": a row of a model the sweep did not run",
                               out->point);
            rd.ok = false;
        }
    }
    json_t *preset = field(&rd, o, "a row", "preset");
    if (rd.ok) {
        const struct cost_preset *cp = cost_preset_by_name(json_string_value(preset));
        if (!cp) {
            rd.err = xasprintf("point %" PRIu64 ": not a cost preset of this vgicsim",
                               out->point);
            rd.ok = false;
        } else {
            out->preset = cp->name;
        }
    }
    get_u64(&rd, o, "a row", "delivered", &out->delivered);
    get_u64(&rd, o, "a row", "undelivered", &out->undelivered);
    get_stat(&rd, o, "a row", "delivery", &out->delivery);
    get_stat(&rd, o, "a row", "injection", &out->injection);
    get_stat(&rd, o, "a row", "service", &out->service);
    /* Stages and the parts of counters are required too: parts are merged only with parts
     * of the same build (sweep_header_mismatch), which writes them all. */
    json_t *stages = get_object(&rd, o, "a row", "stages");
    for (int st = 0; st < REC_NR_STAGES; st++)
        get_stat(&rd, stages, "stages", rec_stage_names[st], &out->stages[st]);
    json_t *c = get_object(&rd, o, "a row", "counters");
    get_u64(&rd, c, "counters", "kicks", &out->kicks);
    get_u64(&rd, c, "counters", "exits", &out->exits);
    get_u64(&rd, c, "counters", "maintenance_interrupts", &out->maintenance_interrupts);
    get_u64(&rd, c, "counters", "lr_overflows", &out->lr_overflows);
    for (int b = 0; b < RB_COUNT; b++) {
        const struct report_breakdown_info *info = &report_breakdowns[b];
        json_t *parts = get_object(&rd, c, "counters", info->name);
        uint64_t *v = b == RB_MAINTENANCE ? out->maintenance_by_cause : out->exits_by_reason;
        for (size_t p = 0; p < info->n_parts; p++)
            get_u64(&rd, parts, info->name, info->parts[p], &v[p]);
    }
    get_u64(&rd, o, "a row", "expectation_failures", &out->expectation_failures);
    if (!rd.ok)
        *err = rd.err;
    return rd.ok;
}
