/* SPDX-License-Identifier: GPL-2.0-only */
/* The result of `vgicsim compare` as text (a terminal), markdown (a CI comment) or JSON
 * (tools). Text and markdown list what changed beyond the limits (regressions,
 * improvements, changes within the noise, statistics only one report has); JSON lists
 * every statistic compared with its verdict. docs/report.md describes all three. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "compare/compare.h"
#include "report/text_table.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char *const verdict_text[] = {
    [CMP_REGRESSION] = "REGRESSION", [CMP_IMPROVEMENT] = "improved",
    [CMP_NOISE] = "within the 95% intervals", [CMP_UNCHANGED] = "unchanged",
    [CMP_FEW_SAMPLES] = "too few samples", [CMP_ONLY_BASE] = "only in base",
    [CMP_ONLY_NEW] = "only in new",
};

/* Rows a reader must see: anything but "unchanged" and "too few samples". */
static bool listed(const struct cmp_row *row)
{
    return row->verdict != CMP_UNCHANGED && row->verdict != CMP_FEW_SAMPLES;
}

static void value_text(char *buf, size_t size, const struct cmp_stat *s)
{
    if (!s) {
        snprintf(buf, size, "-");
        return;
    }
    bool whole = s->value == floor(s->value) && fabs(s->value) < 1e15;
    int n = snprintf(buf, size, whole ? "%.0f" : "%.1f", s->value);
    if (s->has_ci && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " ±%.1f", (s->ci_high - s->ci_low) / 2);
}

static void change_text(char *buf, size_t size, const struct cmp_row *row)
{
    if (!row->base || !row->cur)
        snprintf(buf, size, "-");
    else if (isnan(row->change_pct))
        snprintf(buf, size, row->cur->value == row->base->value ? "0%%" : "from 0");
    else
        snprintf(buf, size, "%+.2f%%", row->change_pct);
}

static void seeds_text(char *buf, size_t size, const struct cmp_report *r)
{
    json_int_t first = json_integer_value(json_object_get(r->seeds, "first"));
    json_int_t count = json_integer_value(json_object_get(r->seeds, "count"));
    if (count <= 1)
        snprintf(buf, size, "seed %" JSON_INTEGER_FORMAT, first);
    else
        snprintf(buf, size, "seeds %" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT " (%"
                 JSON_INTEGER_FORMAT " runs)", first, first + count - 1, count);
}

static const char *build_text(const struct cmp_report *r, char *buf, size_t size)
{
    json_t *commit = json_object_get(r->vgicsim, "commit");
    json_t *version = json_object_get(r->vgicsim, "version");
    snprintf(buf, size, "vgicsim %s, commit %s",
             json_is_string(version) ? ESC(json_string_value(version)) : "?",
             json_is_string(commit) ? ESC(json_string_value(commit)) : "unknown");
    return buf;
}

static void limits_text(FILE *out, const struct cmp_limits *l)
{
    fprintf(out, "threshold %g%%", l->threshold_pct);
    for (size_t i = 0; i < l->n_thresholds; i++)
        fprintf(out, "%s%s %g%%", i ? ", " : " (", ESC(l->thresholds[i].pattern),
                l->thresholds[i].value);
    fprintf(out, "%s; changes of at most %g ignored", l->n_thresholds ? ")" : "", l->min_delta);
    for (size_t i = 0; i < l->n_min_deltas; i++)
        fprintf(out, "%s%s %g", i ? ", " : " (", ESC(l->min_deltas[i].pattern),
                l->min_deltas[i].value);
    fprintf(out, "%s; not judged below %g sample%s", l->n_min_deltas ? ")" : "", l->min_samples,
            l->min_samples == 1 ? "" : "s");
}

static void summary_text(FILE *out, const struct cmp_result *res)
{
    size_t total = res->n_rows - res->counts[CMP_ONLY_BASE] - res->counts[CMP_ONLY_NEW];
    fprintf(out, "%zu statistics of %zu model%s compared: %zu regression%s, %zu improvement%s, "
            "%zu within the noise, %zu with too few samples\n",
            total, res->models_compared, res->models_compared == 1 ? "" : "s",
            res->counts[CMP_REGRESSION], res->counts[CMP_REGRESSION] == 1 ? "" : "s",
            res->counts[CMP_IMPROVEMENT], res->counts[CMP_IMPROVEMENT] == 1 ? "" : "s",
            res->counts[CMP_NOISE], res->counts[CMP_FEW_SAMPLES]);
}

int cmp_write_text(FILE *out, const struct cmp_output *o)
{
    char a[160], b[160], seeds[96];
    /* What the reports and the command line say is shown escaped (util/escape.h). */
    fprintf(out, "comparing %s (base) with %s (new)\n", ESC(o->base->path), ESC(o->cur->path));
    seeds_text(seeds, sizeof(seeds), o->base);
    fprintf(out, "  scenario '%s', sha256 %s, %s\n", ESC(o->base->scenario_name),
            o->base->sha256 ? ESC(o->base->sha256) : "unknown", seeds);
    fprintf(out, "  base: %s; new: %s\n", build_text(o->base, a, sizeof(a)),
            build_text(o->cur, b, sizeof(b)));
    fprintf(out, "  ");
    limits_text(out, o->limits);
    fprintf(out, "\n");
    for (size_t i = 0; i < o->result->n_notes; i++)
        fprintf(out, "  note: %s\n", ESCT(o->result->notes[i]));

    struct text_table *t = text_table_new(6, 2);
    static const char *const head[] = {"model", "statistic", "base", "new", "change", "verdict"};
    for (size_t c = 0; c < 6; c++)
        text_table_cell(t, "%s", head[c]);
    text_table_end_row(t);
    size_t shown = 0;
    for (size_t i = 0; i < o->result->n_rows; i++) {
        const struct cmp_row *row = &o->result->rows[i];
        if (!listed(row))
            continue;
        char vb[64], vn[64], ch[32];
        value_text(vb, sizeof(vb), row->base);
        value_text(vn, sizeof(vn), row->cur);
        change_text(ch, sizeof(ch), row);
        text_table_cell(t, "%s", ESC(row->model));
        text_table_cell(t, "%s", ESC(row->name));
        text_table_cell(t, "%s", vb);
        text_table_cell(t, "%s", vn);
        text_table_cell(t, "%s", ch);
        text_table_cell(t, "%s", verdict_text[row->verdict]);
        text_table_end_row(t);
        shown++;
    }
    if (shown)
        text_table_print(out, t, "  ", 2);
    else
        fprintf(out, "  no statistic changed beyond the limits\n");
    text_table_free(t);
    summary_text(out, o->result);
    return ferror(out) ? -1 : 0;
}

/* Markdown table cells: a '|' would end the cell. */
static void md_cell(FILE *out, const char *s)
{
    fputs("| ", out);
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc(' ', out);
}

int cmp_write_markdown(FILE *out, const struct cmp_output *o)
{
    const struct cmp_result *res = o->result;
    size_t reg = res->counts[CMP_REGRESSION];
    if (reg)
        fprintf(out, "### vgicsim compare: %zu regression%s\n\n", reg, reg == 1 ? "" : "s");
    else
        fprintf(out, "### vgicsim compare: no regression\n\n");
    char a[160], b[160], seeds[96];
    seeds_text(seeds, sizeof(seeds), o->base);
    fprintf(out, "Scenario `%s`, %s. Base `%s` (%s), new `%s` (%s).\n",
            ESC(o->base->scenario_name), seeds, ESC(o->base->path),
            build_text(o->base, a, sizeof(a)), ESC(o->cur->path), build_text(o->cur, b, sizeof(b)));
    fprintf(out, "Limits: ");
    limits_text(out, o->limits);
    fprintf(out, ".\n\n");
    for (size_t i = 0; i < res->n_notes; i++)
        fprintf(out, "> note: %s\n", ESCT(res->notes[i]));
    if (res->n_notes)
        fprintf(out, "\n");

    size_t shown = 0;
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct cmp_row *row = &res->rows[i];
        if (!listed(row))
            continue;
        if (shown++ == 0)
            fprintf(out, "| model | statistic | base | new | change | verdict |\n"
                         "|:--|:--|--:|--:|--:|:--|\n");
        char vb[64], vn[64], ch[32];
        value_text(vb, sizeof(vb), row->base);
        value_text(vn, sizeof(vn), row->cur);
        change_text(ch, sizeof(ch), row);
        md_cell(out, ESC(row->model));
        md_cell(out, ESC(row->name));
        md_cell(out, vb);
        md_cell(out, vn);
        md_cell(out, ch);
        fprintf(out, "| %s%s%s |\n", row->verdict == CMP_REGRESSION ? "**" : "",
                cmp_verdict_names[row->verdict], row->verdict == CMP_REGRESSION ? "**" : "");
    }
    if (!shown)
        fprintf(out, "No statistic changed beyond the limits.\n");
    fprintf(out, "\n");
    summary_text(out, res);
    return ferror(out) ? -1 : 0;
}

static json_t *number_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }

static json_t *side_json(const struct cmp_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(r->path));
    json_object_set_new(o, "scenario", json_string(r->scenario_name));
    json_object_set_new(o, "sha256", r->sha256 ? json_string(r->sha256) : json_null());
    json_object_set_new(o, "seeds", json_deep_copy(r->seeds));
    json_object_set_new(o, "vgicsim", json_deep_copy(r->vgicsim));
    return o;
}

static json_t *stat_json(const struct cmp_stat *s)
{
    if (!s)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "value", json_real(s->value));
    if (s->has_ci) {
        json_t *ci = json_array();
        json_array_append_new(ci, json_real(s->ci_low));
        json_array_append_new(ci, json_real(s->ci_high));
        json_object_set_new(o, "ci95", ci);
    }
    if (s->has_samples)
        json_object_set_new(o, "samples", json_real(s->samples));
    return o;
}

static json_t *rules_json(const struct cmp_rule *rules, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "pattern", json_string(rules[i].pattern));
        json_object_set_new(e, "value", json_real(rules[i].value));
        json_array_append_new(a, e);
    }
    return a;
}

int cmp_write_json(FILE *out, const struct cmp_output *o)
{
    const struct cmp_result *res = o->result;
    json_t *root = json_object();
    json_object_set_new(root, "compare_format", json_integer(1));
    json_object_set_new(root, "base", side_json(o->base));
    json_object_set_new(root, "new", side_json(o->cur));
    json_t *lim = json_object();
    json_object_set_new(lim, "threshold_pct", json_real(o->limits->threshold_pct));
    json_object_set_new(lim, "thresholds", rules_json(o->limits->thresholds, o->limits->n_thresholds));
    json_object_set_new(lim, "min_delta", json_real(o->limits->min_delta));
    json_object_set_new(lim, "min_deltas", rules_json(o->limits->min_deltas, o->limits->n_min_deltas));
    json_object_set_new(lim, "min_samples", json_real(o->limits->min_samples));
    json_object_set_new(root, "limits", lim);
    json_t *notes = json_array();
    for (size_t i = 0; i < res->n_notes; i++)
        json_array_append_new(notes, json_string(res->notes[i]));
    json_object_set_new(root, "notes", notes);

    json_t *rows = json_array();
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct cmp_row *row = &res->rows[i];
        json_t *e = json_object();
        json_object_set_new(e, "model", json_string(row->model));
        json_object_set_new(e, "statistic", json_string(row->name));
        json_object_set_new(e, "base", stat_json(row->base));
        json_object_set_new(e, "new", stat_json(row->cur));
        json_object_set_new(e, "change_pct", number_or_null(row->change_pct));
        json_object_set_new(e, "threshold_pct", json_real(row->threshold_pct));
        json_object_set_new(e, "min_delta", json_real(row->min_delta));
        json_object_set_new(e, "verdict", json_string(cmp_verdict_names[row->verdict]));
        json_array_append_new(rows, e);
    }
    json_object_set_new(root, "statistics", rows);

    json_t *sum = json_object();
    json_object_set_new(sum, "models", json_integer((json_int_t)res->models_compared));
    for (int v = 0; v <= CMP_ONLY_NEW; v++)
        json_object_set_new(sum, cmp_verdict_names[v], json_integer((json_int_t)res->counts[v]));
    json_object_set_new(root, "summary", sum);
    json_object_set_new(root, "exit_status", json_integer(o->exit_status));

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    json_decref(root);
    return rc == 0 && !ferror(out) ? 0 : -1;
}
