/* SPDX-License-Identifier: GPL-2.0-only */
#include "report/text_table.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/debug_checks.h"
#include "util/xalloc.h"

struct row {
    char **cells;          /* `columns` entries; NULL = blank */
    char *heading;         /* a heading row: printed alone */
};

struct text_table {
    size_t columns, label_cols;
    struct row *rows;
    size_t n_rows;
    size_t filled;         /* cells in the current (last, open) row */
    bool open;
};

struct text_table *text_table_new(size_t columns, size_t label_cols)
{
    VGICSIM_ASSERT(columns > 0 && label_cols <= columns);
    struct text_table *t = xcalloc(1, sizeof(*t));
    t->columns = columns;
    t->label_cols = label_cols;
    return t;
}

static struct row *new_row(struct text_table *t)
{
    t->rows = xrealloc(t->rows, (t->n_rows + 1) * sizeof(*t->rows));
    struct row *r = &t->rows[t->n_rows++];
    memset(r, 0, sizeof(*r));
    return r;
}

void text_table_cell(struct text_table *t, const char *fmt, ...)
{
    if (!t->open) {
        struct row *r = new_row(t);
        r->cells = xcalloc(t->columns, sizeof(*r->cells));
        t->open = true;
        t->filled = 0;
    }
    VGICSIM_ASSERT(t->filled < t->columns);
    va_list ap;
    va_start(ap, fmt);
    t->rows[t->n_rows - 1].cells[t->filled++] = xvasprintf(fmt, ap);
    va_end(ap);
}

void text_table_end_row(struct text_table *t)
{
    if (!t->open) {
        struct row *r = new_row(t);
        r->cells = xcalloc(t->columns, sizeof(*r->cells));
    }
    t->open = false;
}

void text_table_heading(struct text_table *t, const char *fmt, ...)
{
    if (t->open)
        text_table_end_row(t);
    struct row *r = new_row(t);
    va_list ap;
    va_start(ap, fmt);
    r->heading = xvasprintf(fmt, ap);
    va_end(ap);
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

void text_table_print(FILE *out, const struct text_table *t, const char *indent, size_t gap)
{
    size_t *w = xcalloc(t->columns, sizeof(*w));
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t c = 0; t->rows[i].cells && c < t->columns; c++)
            if (t->rows[i].cells[c] && width(t->rows[i].cells[c]) > w[c])
                w[c] = width(t->rows[i].cells[c]);
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct row *r = &t->rows[i];
        if (r->heading) {
            fprintf(out, "%s%s\n", indent, r->heading);
            continue;
        }
        /* Trailing blank cells print nothing, so lines carry no trailing spaces. */
        size_t last = t->columns;
        while (last > 0 && (!r->cells[last - 1] || !*r->cells[last - 1]))
            last--;
        fputs(indent, out);
        for (size_t c = 0; c < last; c++) {
            const char *cell = r->cells[c] ? r->cells[c] : "";
            size_t pad = w[c] - width(cell);
            if (c > 0)
                fprintf(out, "%*s", (int)gap, "");
            if (c < t->label_cols)
                fprintf(out, "%s%*s", cell, c + 1 < last ? (int)pad : 0, "");
            else
                fprintf(out, "%*s%s", (int)pad, "", cell);
        }
        fputc('\n', out);
    }
    free(w);
}

void text_table_free(struct text_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows; i++) {
        if (t->rows[i].cells)
            for (size_t c = 0; c < t->columns; c++)
                free(t->rows[i].cells[c]);
        free(t->rows[i].cells);
        free(t->rows[i].heading);
    }
    free(t->rows);
    free(t);
}
