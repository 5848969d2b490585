/* SPDX-License-Identifier: GPL-2.0-only */
/* The sweep table in its three formats, and the JSON one read back (`vgicsim merge`).
 * Every format is a pure function of the header and the rows, so a table is
 * byte-identical whether its rows were computed here, by workers or in shards. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"
#include "util/escape.h"
#include "util/input_file.h"
#include "util/number.h"
#include "util/xalloc.h"

enum { SWEEP_TABLE_FORMAT = 2 };   /* bumped when the JSON table changes meaning */

bool sweep_format_parse(const char *name, enum sweep_format *out)
{
    static const struct {
        const char *name;
        enum sweep_format f;
    } formats[] = {{"text", SWEEP_TEXT}, {"csv", SWEEP_CSV}, {"json", SWEEP_JSON}};
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].f;
            return true;
        }
    return false;
}

bool sweep_unit_parse(const char *name, enum sweep_unit *out)
{
    static const struct {
        const char *name;
        enum sweep_unit u;
    } units[] = {{"auto", SWEEP_UNIT_AUTO}, {"cycles", SWEEP_UNIT_CYCLES}, {"ns", SWEEP_UNIT_NS}};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strcmp(name, units[i].name) == 0) {
            *out = units[i].u;
            return true;
        }
    return false;
}

bool sweep_table_clock_known(const struct sweep_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (!t->rows[i].clock_mhz)
            return false;
    return true;
}

/* ---- text and CSV: the columns shown ---- */

/* The columns text and CSV show by default, by their report names, with the headers
 * each format gives them and the text's narrowest width. */
static const struct shown_default {
    const char *column, *text, *csv;
    int width;
} shown_defaults[] = {
    {"interrupts.delivered", "delivered", "delivered", 9},
    {"interrupts.undelivered", NULL, "undelivered", 0},
    {"delivery.p50", "dlv_p50", "delivery_p50", 9},
    {"delivery.p99", "dlv_p99", "delivery_p99", 9},
    {"delivery.mean", "dlv_mean", "delivery_mean", 9},
    {"injection.p50", "inj_p50", "injection_p50", 9},
    {"injection.p99", NULL, "injection_p99", 0},
    {"service.p50", "svc_p50", "service_p50", 9},
    {"counters.exits", "exits", "exits", 7},
    {"counters.kicks", NULL, "kicks", 0},
    {"counters.maintenance_interrupts", "maint", "maintenance_interrupts", 7},
    {"counters.lr_overflows", "lr_ovf", "lr_overflows", 7},
    {"expectation_failures", "fail", "expectation_failures", 5},
};

/* One column as shown: a table column in cycles or in nanoseconds, its interval's ends
 * (CSV with --repeat) or both in one cell (text). */
struct shown {
    char *header;
    size_t col;
    bool ns;
    int part;                /* 0 the value (text: with ± half the interval), 1 low, 2 high */
    int width;
};

struct layout {
    struct shown *c;
    size_t n;
};

static void show(struct layout *l, char *header, size_t col, bool ns, int part, int width)
{
    l->c = xrealloc(l->c, (l->n + 1) * sizeof(*l->c));
    l->c[l->n++] = (struct shown){header, col, ns, part, width};
}

/* Adds column `col` under `name` in the units asked, with its interval's ends in CSV. */
static void show_column(struct layout *l, const struct sweep_table *t, size_t col,
                        const char *name, int width, enum sweep_format f, enum sweep_unit unit,
                        bool any_clock)
{
    bool cycles = t->h->columns.c[col].ref.unit == REPORT_CYCLES;
    bool repeat = t->h->repeat > 1 && f == SWEEP_CSV;
    for (int ns = 0; ns < 2; ns++) {
        if (ns ? !(cycles && unit != SWEEP_UNIT_CYCLES && any_clock)
               : cycles && unit == SWEEP_UNIT_NS)
            continue;
        const char *sfx = ns ? "_ns" : "";
        show(l, xasprintf("%s%s", name, sfx), col, ns, 0, width);
        if (repeat) {
            show(l, xasprintf("%s%s_ci95_lo", name, sfx), col, ns, 1, 0);
            show(l, xasprintf("%s%s_ci95_hi", name, sfx), col, ns, 2, 0);
        }
    }
}

static struct layout layout_of(const struct sweep_table *t, enum sweep_format f,
                               enum sweep_unit unit, const struct sweep_metrics *ms)
{
    struct layout l = {0};
    bool any_clock = false;
    for (size_t i = 0; i < t->n_rows && !any_clock; i++)
        any_clock = t->rows[i].clock_mhz != 0;
    const struct sweep_columns *cols = &t->h->columns;
    size_t n_def = sizeof(shown_defaults) / sizeof(shown_defaults[0]);
    bool *shown = xcalloc(cols->n + 1, sizeof(*shown));
    for (size_t d = 0; d < n_def; d++) {
        const char *name = f == SWEEP_TEXT ? shown_defaults[d].text : shown_defaults[d].csv;
        size_t col = sweep_columns_find(cols, shown_defaults[d].column);
        if (!name || col == SIZE_MAX)
            continue;
        show_column(&l, t, col, name, shown_defaults[d].width, f, unit, any_clock);
        shown[col] = true;
    }
    /* Then every --metric column not shown yet, under its report name. */
    for (size_t i = 0; ms && i < ms->n; i++)
        for (size_t k = 0; k < ms->m[i].n; k++) {
            size_t col = ms->m[i].index[k];
            if (shown[col])
                continue;
            shown[col] = true;
            show_column(&l, t, col, cols->c[col].name, 0, f, unit, any_clock);
        }
    free(shown);
    return l;
}

static void layout_free(struct layout *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->c[i].header);
    free(l->c);
}

/* A number as tables print it: an integer as one, anything else (and every mean) with
 * one decimal. */
static char *number(double v, bool decimal)
{
    return decimal || v != floor(v) || fabs(v) >= 1e18 ? xasprintf("%.1f", v)
                                                        : xasprintf("%.0f", v);
}

/* The text of one shown column of row r ("" when the row has no value). */
static char *cell(const struct sweep_table *t, const struct sweep_row *r, const struct shown *s,
                  enum sweep_format f)
{
    double scale = 1;
    if (s->ns) {
        if (!r->clock_mhz)
            return xstrdup("");
        scale = 1000.0 / (double)r->clock_mhz;
    }
    const struct report_scalar_ref *ref = &t->h->columns.c[s->col].ref;
    bool decimal = s->ns || (ref->unit == REPORT_CYCLES && ref->field == RF_MEAN);
    double v = s->part == 0 ? r->v[s->col] : r->ci ? r->ci[2 * s->col + s->part - 1] : NAN;
    if (isnan(v))
        return xstrdup("");
    char *text = number(v * scale, decimal);
    if (f == SWEEP_TEXT && s->part == 0 && r->ci && !isnan(r->ci[2 * s->col])) {
        char *half = xasprintf("%.1f", (r->ci[2 * s->col + 1] - r->ci[2 * s->col]) / 2 * scale);
        char *both = xasprintf("%s±%s", text, half);
        free(text);
        free(half);
        text = both;
    }
    return text;
}

/* Columns in characters (± is two bytes in UTF-8, one character). */
static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* ---- text ---- */

/* A varied column is as wide as its key or its widest value (at least 12), as shown:
 * keys and values are what a user typed or a part says, so they are shown escaped
 * (util/escape.h), and a newline in one cannot break the table. */
static int column_width(const struct sweep_axis *a)
{
    size_t w = 12;
    for (size_t i = 0; i <= a->n_values; i++) {
        const char *v = i < a->n_values ? a->values[i] : a->key;
        char *e = esc_dup(v, strlen(v), ESC_VALUE);
        if (strlen(e) > w)
            w = strlen(e);
        free(e);
    }
    return w > 200 ? 200 : (int)w;
}

static void text_cell(FILE *out, int width, const char *v)
{
    char *e = esc_dup(v, strlen(v), ESC_VALUE);
    fprintf(out, "%-*s ", width, e);
    free(e);
}

/* A header or a cell, escaped (a header may be a column a merged part named), padded to
 * `width` characters. */
static void pad(FILE *out, const char *s, int width, bool left)
{
    char *e = esc_dup(s, strlen(s), ESC_VALUE);
    int n = chars(e);
    if (left)
        fputs(e, out);
    for (; n < width; n++)
        fputc(' ', out);
    if (!left)
        fputs(e, out);
    free(e);
}

static void write_text(FILE *out, const struct sweep_table *t, enum sweep_unit unit,
                       const struct sweep_metrics *ms)
{
    const struct sweep_space *s = &t->h->space;
    struct layout l = layout_of(t, SWEEP_TEXT, unit, ms);
    /* Each column as wide as its header, its widest cell and its narrowest width. */
    char **cells = xcalloc(t->n_rows * l.n + 1, sizeof(*cells));
    for (size_t c = 0; c < l.n; c++) {
        char *shown = esc_dup(l.c[c].header, strlen(l.c[c].header), ESC_VALUE);
        if (chars(shown) > l.c[c].width)
            l.c[c].width = chars(shown);
        free(shown);
        for (size_t i = 0; i < t->n_rows; i++) {
            char *v = cell(t, &t->rows[i], &l.c[c], SWEEP_TEXT);
            if (!*v) {
                free(v);
                v = xstrdup("-");
            }
            if (chars(v) > l.c[c].width)
                l.c[c].width = chars(v);
            cells[i * l.n + c] = v;
        }
    }
    size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
    int *width = xcalloc(s->n_axes + 1, sizeof(*width));
    for (size_t k = 0; k < s->n_axes; k++) {
        width[k] = column_width(&s->axes[k]);
        text_cell(out, width[k], s->axes[k].key);
    }
    fprintf(out, "%-5s", "model");
    for (size_t c = 0; c < l.n; c++) {
        fputc(' ', out);
        pad(out, l.c[c].header, l.c[c].width, false);
    }
    fputc('\n', out);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct sweep_row *r = &t->rows[i];
        sweep_point_choice(s, r->point, choice);
        for (size_t k = 0; k < s->n_axes; k++)
            text_cell(out, width[k], s->axes[k].values[choice[k]]);
        fprintf(out, "%-5s", r->model);
        for (size_t c = 0; c < l.n; c++) {
            fputc(' ', out);
            pad(out, cells[i * l.n + c], l.c[c].width, false);
            free(cells[i * l.n + c]);
        }
        fputc('\n', out);
    }
    free(cells);
    free(width);
    free(choice);
    layout_free(&l);
}

/* ---- CSV (RFC 4180: a field with a comma, quote or line break is quoted) ---- */

/* Escaped first (util/escape.h: no control character reaches a spreadsheet or a
 * terminal), then quoted as RFC 4180 says. */
static void csv_field(FILE *out, const char *raw)
{
    char *v = esc_dup(raw, strlen(raw), ESC_VALUE);
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, out);
        free(v);
        return;
    }
    fputc('"', out);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
    free(v);
}

static void write_csv(FILE *out, const struct sweep_table *t, enum sweep_unit unit,
                      const struct sweep_metrics *ms)
{
    const struct sweep_space *s = &t->h->space;
    struct layout l = layout_of(t, SWEEP_CSV, unit, ms);
    size_t *choice = xcalloc(s->n_axes, sizeof(*choice));
    for (size_t k = 0; k < s->n_axes; k++) {
        csv_field(out, s->axes[k].key);
        fputc(',', out);
    }
    fputs("model", out);
    for (size_t c = 0; c < l.n; c++) {
        fputc(',', out);
        csv_field(out, l.c[c].header);
    }
    fputc('\n', out);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct sweep_row *r = &t->rows[i];
        sweep_point_choice(s, r->point, choice);
        for (size_t k = 0; k < s->n_axes; k++) {
            csv_field(out, s->axes[k].values[choice[k]]);
            fputc(',', out);
        }
        fputs(r->model, out);
        for (size_t c = 0; c < l.n; c++) {
            char *v = cell(t, r, &l.c[c], SWEEP_CSV);
            fputc(',', out);
            fputs(v, out);
            free(v);
        }
        fputc('\n', out);
    }
    free(choice);
    layout_free(&l);
}

/* ---- JSON ---- */

static json_t *strings_json(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *table_json(const struct sweep_table *t)
{
    const struct sweep_header *h = t->h;
    json_t *root = json_object();
    json_object_set_new(root, "sweep_format", json_integer(SWEEP_TABLE_FORMAT));
    json_t *self = json_object();
    json_object_set_new(self, "version", json_string(h->version));
    json_object_set_new(self, "commit", json_string(h->commit));
    json_object_set_new(root, "vgicsim", self);
    json_t *scn = json_object();
    json_object_set_new(scn, "name", str_or_null(h->scenario_name));
    json_object_set_new(scn, "path", json_string(h->scenario_path));
    json_object_set_new(scn, "sha256", str_or_null(h->scenario_digest));
    json_object_set_new(root, "scenario", scn);
    json_object_set_new(root, "sets", strings_json(h->sets, h->n_sets));
    /* A seed above 2^63-1 does not fit a JSON integer: it is written as a string. */
    json_t *seed = !h->has_seed            ? json_null()
                   : h->seed <= INT64_MAX ? json_integer((json_int_t)h->seed)
                                          : json_sprintf("%" PRIu64, h->seed);
    json_object_set_new(root, "seed", seed);
    json_object_set_new(root, "models", strings_json(h->models, h->n_models));
    json_t *varied = json_array();
    for (size_t k = 0; k < h->space.n_axes; k++) {
        json_t *ax = json_object();
        json_object_set_new(ax, "key", json_string(h->space.axes[k].key));
        json_object_set_new(ax, "values",
                            strings_json(h->space.axes[k].values, h->space.axes[k].n_values));
        json_array_append_new(varied, ax);
    }
    json_object_set_new(root, "varied", varied);
    json_object_set_new(root, "points", json_integer((json_int_t)h->space.n_points));
    json_t *shard = json_object();
    json_object_set_new(shard, "index", json_integer((json_int_t)h->shard.index));
    json_object_set_new(shard, "count", json_integer((json_int_t)h->shard.count));
    json_object_set_new(root, "shard", shard);
    json_object_set_new(root, "repeat", json_integer((json_int_t)h->repeat));
    json_t *columns = json_array();
    for (size_t c = 0; c < h->columns.n; c++)
        json_array_append_new(columns, json_string(h->columns.c[c].name));
    json_object_set_new(root, "columns", columns);
    json_t *runs = json_array();
    for (size_t i = 0; i < t->n_rows; i++)
        json_array_append_new(runs, sweep_row_to_json(&t->rows[i], &h->space, &h->columns,
                                                       h->repeat > 1));
    json_object_set_new(root, "runs", runs);
    return root;
}

int sweep_table_write(FILE *out, const struct sweep_table *t, enum sweep_format f,
                      enum sweep_unit unit, const struct sweep_metrics *ms)
{
    switch (f) {
    case SWEEP_TEXT: write_text(out, t, unit, ms); break;
    case SWEEP_CSV: write_csv(out, t, unit, ms); break;
    case SWEEP_JSON: {
        json_t *root = table_json(t);
        /* 10 significant digits: the precision means are rounded to (sweep_run.c). */
        int rc = json_dumpf(root, out,
                            JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        json_decref(root);
        if (rc != 0)
            return -1;
        fputc('\n', out);
        break;
    }
    }
    return ferror(out) ? -1 : 0;
}

/* ---- reading a JSON table back ---- */

struct parse {
    const char *path;
    bool ok;
    char *err;
};

static void fail(struct parse *p, char *msg)
{
    if (p->ok) {
        p->err = msg;
        p->ok = false;
    } else {
        free(msg);
    }
}

static json_t *need(struct parse *p, json_t *o, const char *name, json_type type)
{
    json_t *v = p->ok ? json_object_get(o, name) : NULL;
    if (p->ok && (!v || json_typeof(v) != type))
        fail(p, xasprintf("\"%s\" is missing or of the wrong type", name));
    return p->ok ? v : NULL;
}

static char *need_str(struct parse *p, json_t *o, const char *name, bool nullable)
{
    json_t *v = p->ok ? json_object_get(o, name) : NULL;
    if (p->ok && nullable && json_is_null(v))
        return NULL;
    if (p->ok && !json_is_string(v))
        fail(p, xasprintf("\"%s\" is missing or not a string", name));
    return p->ok ? xstrdup(json_string_value(v)) : NULL;
}

static char **need_strings(struct parse *p, json_t *o, const char *name, size_t *n)
{
    json_t *a = need(p, o, name, JSON_ARRAY);
    *n = 0;
    if (!a)
        return NULL;
    char **v = xcalloc(json_array_size(a) + 1, sizeof(*v));
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (!s) {
            fail(p, xasprintf("\"%s\" holds something other than strings", name));
            break;
        }
        v[(*n)++] = xstrdup(s);
    }
    return v;
}

static uint64_t need_count(struct parse *p, json_t *o, const char *name)
{
    json_t *v = need(p, o, name, JSON_INTEGER);
    if (v && json_integer_value(v) < 1)
        fail(p, xasprintf("\"%s\" must be at least 1", name));
    return v && p->ok ? (uint64_t)json_integer_value(v) : 0;
}

static void read_header(struct parse *p, json_t *root, struct sweep_header *h)
{
    json_t *fmt = need(p, root, "sweep_format", JSON_INTEGER);
    if (fmt && json_integer_value(fmt) != SWEEP_TABLE_FORMAT)
        fail(p, xasprintf("sweep_format %" JSON_INTEGER_FORMAT " is not supported (this "
                          "vgicsim reads %d)", json_integer_value(fmt), SWEEP_TABLE_FORMAT));
    json_t *self = need(p, root, "vgicsim", JSON_OBJECT);
    h->version = need_str(p, self, "version", false);
    h->commit = need_str(p, self, "commit", false);
    json_t *scn = need(p, root, "scenario", JSON_OBJECT);
    h->scenario_name = need_str(p, scn, "name", true);
    h->scenario_path = need_str(p, scn, "path", false);
    h->scenario_digest = need_str(p, scn, "sha256", true);
    h->sets = need_strings(p, root, "sets", &h->n_sets);
    json_t *seed = p->ok ? json_object_get(root, "seed") : NULL;
    if (p->ok && !json_is_null(seed)) {
        h->has_seed = true;
        if (json_is_integer(seed) && json_integer_value(seed) >= 0)
            h->seed = (uint64_t)json_integer_value(seed);
        else if (!json_is_string(seed) || !number_parse_u64(json_string_value(seed), &h->seed))
            fail(p, xstrdup("\"seed\" is neither null nor a non-negative integer"));
    }
    h->models = need_strings(p, root, "models", &h->n_models);
    if (p->ok && (h->n_models == 0 || h->n_models > VGIC_MAX_MODELS))
        fail(p, xasprintf("\"models\" must name 1 to %d models", VGIC_MAX_MODELS));
    json_t *varied = need(p, root, "varied", JSON_ARRAY);
    for (size_t k = 0; varied && p->ok && k < json_array_size(varied); k++) {
        json_t *ax = json_array_get(varied, k);
        struct sweep_axis axis = {0};
        if (!json_is_object(ax)) {
            fail(p, xstrdup("\"varied\" holds something other than objects"));
            break;
        }
        axis.key = need_str(p, ax, "key", false);
        axis.values = need_strings(p, ax, "values", &axis.n_values);
        if (p->ok && axis.n_values == 0)
            fail(p, xasprintf("--vary %s has no values", axis.key));
        char *err = NULL;
        if (p->ok && !sweep_space_add(&h->space, &axis, &err))
            fail(p, err);
        sweep_axis_free(&axis);
    }
    if (p->ok && h->space.n_axes == 0)
        fail(p, xstrdup("\"varied\" is empty"));
    uint64_t points = need_count(p, root, "points");
    if (p->ok && points != h->space.n_points)
        fail(p, xasprintf("\"points\" is %" PRIu64 " but the varied values make %" PRIu64,
                          points, h->space.n_points));
    json_t *shard = need(p, root, "shard", JSON_OBJECT);
    h->shard.index = need_count(p, shard, "index");
    h->shard.count = need_count(p, shard, "count");
    if (p->ok && h->shard.index > h->shard.count)
        fail(p, xasprintf("shard %" PRIu64 " of %" PRIu64 " does not exist", h->shard.index,
                          h->shard.count));
    h->repeat = need_count(p, root, "repeat");
    /* The columns: the standard ones first, then names of the run report. */
    size_t n_names = 0;
    char **names = need_strings(p, root, "columns", &n_names);
    sweep_columns_standard(&h->columns);
    size_t n_std = h->columns.n;
    for (size_t c = 0; c < n_names && p->ok; c++) {
        size_t index;
        if (c < n_std ? strcmp(names[c], h->columns.c[c].name) != 0
                      : !sweep_columns_add(&h->columns, names[c], &index) || index != c)
            fail(p, xasprintf("\"columns\": '%s' is not the column this vgicsim has there",
                              ESC(names[c])));
    }
    if (p->ok && n_names < n_std)
        fail(p, xasprintf("\"columns\" lacks the standard column %s",
                          h->columns.c[n_names].name));
    for (size_t c = 0; c < n_names; c++)
        free(names[c]);
    free(names);
}

/* The rows of a shard are its points in order, each with one row per model in the
 * header's order: anything else is not a table vgicsim wrote. */
static void read_rows(struct parse *p, json_t *root, const struct sweep_header *h,
                      struct sweep_row **rows, size_t *n_rows)
{
    json_t *runs = need(p, root, "runs", JSON_ARRAY);
    if (!runs)
        return;
    uint64_t points = sweep_shard_points(&h->shard, h->space.n_points);
    if (json_array_size(runs) != points * h->n_models) {
        fail(p, xasprintf("shard %" PRIu64 " of %" PRIu64 " should have %" PRIu64
                          " rows, it has %zu", h->shard.index, h->shard.count,
                          points * h->n_models, json_array_size(runs)));
        return;
    }
    *rows = xcalloc(json_array_size(runs) + 1, sizeof(**rows));
    for (size_t i = 0; i < json_array_size(runs) && p->ok; i++) {
        char *err = NULL;
        struct sweep_row *r = &(*rows)[i];
        if (!sweep_row_from_json(json_array_get(runs, i), &h->space, &h->columns,
                                 h->repeat > 1, (const char *const *)h->models, h->n_models,
                                 r, &err)) {
            fail(p, xasprintf("row %zu: %s", i + 1, err));
            free(err);
        } else if (r->point != sweep_shard_point(&h->shard, i / h->n_models) ||
                   r->model != h->models[i % h->n_models]) {
            fail(p, xasprintf("row %zu is not in the order vgicsim writes", i + 1));
        }
        *n_rows = i + 1;
    }
}

bool sweep_table_read(const char *path, const char *command, struct sweep_header *h,
                      struct sweep_row **rows, size_t *n_rows)
{
    memset(h, 0, sizeof(*h));
    *rows = NULL;
    *n_rows = 0;
    /* Read whole, with a limit, without waiting on a FIFO (util/input_file.h): a forged
     * part of hundreds of MiB would otherwise take minutes and gigabytes before being
     * refused (issue 19). */
    char *text, why_buf[64];
    size_t len;
    const char *why;
    if (!input_read_all(path, SWEEP_MAX_PART_BYTES, &text, &len, &why, why_buf,
                        sizeof(why_buf))) {
        if (why == why_buf)
            fprintf(stderr, "vgicsim %s: cannot read %s: %s: not a part vgicsim writes (cut "
                    "the sweep into more shards)\n", command, ESC(path), why);
        else
            fprintf(stderr, "vgicsim %s: cannot read %s: %s\n", command, ESC(path), why);
        return false;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root) {
        /* jansson says nothing when it runs out of memory. */
        const char *reason = jerr.text[0] ? ESC(jerr.text) : "out of memory";
        if (jerr.line > 0)
            fprintf(stderr, "%s:%d:%d: error: not valid JSON: %s\n", ESC(path), jerr.line,
                    jerr.column, reason);
        else
            fprintf(stderr, "vgicsim %s: cannot read %s: %s\n", command, ESC(path), reason);
        return false;
    }
    struct parse p = {.path = path, .ok = json_is_object(root)};
    if (!p.ok)
        p.err = xstrdup("not a JSON object");
    read_header(&p, root, h);
    read_rows(&p, root, h, rows, n_rows);
    json_decref(root);
    if (!p.ok) {
        fprintf(stderr, "%s: error: not a vgicsim sweep table (--format json): %s\n", ESC(path),
                ESCT(p.err));
        free(p.err);
        sweep_header_free(h);
        sweep_rows_free(*rows, *n_rows);
        free(*rows);
        *rows = NULL;
        *n_rows = 0;
    }
    return p.ok;
}
