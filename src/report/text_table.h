/* SPDX-License-Identifier: GPL-2.0-only */
/* Column-aligned text tables for the human-readable reports: every column as wide as its
 * widest cell, so that figures line up whatever their size. Cells are added row by row;
 * the first `label_cols` columns are left-aligned, the others (numbers) right-aligned.
 * A heading row is printed as it is and does not widen any column. Widths count UTF-8
 * characters, not bytes (the "±" of interval rows). */
#ifndef VGICSIM_REPORT_TEXT_TABLE_H
#define VGICSIM_REPORT_TEXT_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct text_table;

struct text_table *text_table_new(size_t columns, size_t label_cols);
/* Appends a cell to the current row (printf-style). */
void text_table_cell(struct text_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends the current row; missing cells are blank. */
void text_table_end_row(struct text_table *t);
/* A full-width line of text between rows (e.g. a section title). */
void text_table_heading(struct text_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints every row, each prefixed by `indent`, columns separated by `gap` spaces. */
void text_table_print(FILE *out, const struct text_table *t, const char *indent, size_t gap);
void text_table_free(struct text_table *t);

#endif
