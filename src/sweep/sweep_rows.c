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

/* A value: an integer when it is one (below 2^53), null when the run has none. */
static json_t *value_json(double v)
{
    if (isnan(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *sweep_row_to_json(const struct sweep_row *r, const struct sweep_space *s,
                          const struct sweep_columns *cols, bool repeat)
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
    json_object_set_new(o, "clock_mhz", r->clock_mhz ? json_integer(r->clock_mhz) : json_null());
    json_t *m = json_object();
    for (size_t c = 0; c < cols->n; c++)
        json_object_set_new(m, cols->c[c].name, value_json(r->v[c]));
    json_object_set_new(o, "metrics", m);
    if (repeat) {
        json_t *ci = json_object();
        for (size_t c = 0; c < cols->n; c++) {
            json_t *e = json_null();
            if (!isnan(r->ci[2 * c])) {
                e = json_array();
                json_array_append_new(e, value_json(r->ci[2 * c]));
                json_array_append_new(e, value_json(r->ci[2 * c + 1]));
            }
            json_object_set_new(ci, cols->c[c].name, e);
        }
        json_object_set_new(o, "ci95", ci);
    }
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

/* A value: a number, or null (NAN). */
static void get_value(struct reader *rd, json_t *o, const char *where, const char *name,
                      double *out)
{
    json_t *v = field(rd, o, where, name);
    if (!rd->ok)
        return;
    if (json_is_null(v)) {
        *out = NAN;
    } else if (json_is_number(v)) {
        *out = json_number_value(v);
    } else {
        rd->err = xasprintf("%s: \"%s\" is neither a number nor null", where, name);
        rd->ok = false;
    }
}

bool sweep_row_from_json(json_t *o, const struct sweep_space *s,
                         const struct sweep_columns *cols, bool repeat,
                         const char *const *models, size_t n_models, struct sweep_row *out,
                         char **err)
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
    json_t *clock = field(&rd, o, "a row", "clock_mhz");
    if (rd.ok && !json_is_null(clock)) {
        if (!json_is_integer(clock) || json_integer_value(clock) < 1 ||
            json_integer_value(clock) > UINT32_MAX) {
            rd.err = xasprintf("point %" PRIu64 ": \"clock_mhz\" is neither null nor a "
                               "clock in MHz", out->point);
            rd.ok = false;
        } else {
            out->clock_mhz = (uint32_t)json_integer_value(clock);
        }
    }
    /* Every column of the table, and no other. */
    json_t *m = get_object(&rd, o, "a row", "metrics");
    if (rd.ok && json_object_size(m) != cols->n) {
        rd.err = xasprintf("point %" PRIu64 ": \"metrics\" has %zu values, the table %zu "
                           "columns", out->point, json_object_size(m), cols->n);
        rd.ok = false;
    }
    out->v = xcalloc(cols->n + 1, sizeof(*out->v));
    for (size_t c = 0; c < cols->n && rd.ok; c++)
        get_value(&rd, m, "metrics", cols->c[c].name, &out->v[c]);
    json_t *ci = repeat ? get_object(&rd, o, "a row", "ci95") : NULL;
    if (repeat)
        out->ci = xcalloc(2 * cols->n + 1, sizeof(*out->ci));
    for (size_t c = 0; ci && c < cols->n && rd.ok; c++) {
        json_t *e = field(&rd, ci, "ci95", cols->c[c].name);
        if (!rd.ok)
            break;
        if (json_is_null(e)) {
            out->ci[2 * c] = out->ci[2 * c + 1] = NAN;
        } else if (json_is_array(e) && json_array_size(e) == 2 &&
                   json_is_number(json_array_get(e, 0)) && json_is_number(json_array_get(e, 1))) {
            out->ci[2 * c] = json_number_value(json_array_get(e, 0));
            out->ci[2 * c + 1] = json_number_value(json_array_get(e, 1));
        } else {
            rd.err = xasprintf("ci95: \"%s\" is neither null nor [low, high]", cols->c[c].name);
            rd.ok = false;
        }
    }
    if (!rd.ok) {
        *err = rd.err;
        free(out->v);
        free(out->ci);
        out->v = out->ci = NULL;
    }
    return rd.ok;
}
