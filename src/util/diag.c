/* SPDX-License-Identifier: GPL-2.0-only */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/xalloc.h"

void diag_init(struct diag_list *dl)
{
    memset(dl, 0, sizeof(*dl));
}

void diag_free(struct diag_list *dl)
{
    for (size_t i = 0; i < dl->count; i++) {
        free(dl->items[i].file);
        free(dl->items[i].msg);
    }
    free(dl->items);
    diag_init(dl);
}

void diag_add(struct diag_list *dl, const char *file, uint32_t line, uint32_t col,
              const char *fmt, ...)
{
    if (dl->count == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 8;
        dl->items = xrealloc(dl->items, dl->cap * sizeof(*dl->items));
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    dl->items[dl->count++] = (struct diag){
        .file = xstrdup(file ? file : "<input>"), .line = line, .col = col, .msg = msg,
    };
}

/* Insertion sort: lists are short and the sort must be stable. */
void diag_sort(struct diag_list *dl)
{
    /* Rank files by first appearance so that messages of one file stay together. */
    size_t n = dl->count;
    size_t *rank = xcalloc(n ? n : 1, sizeof(*rank));
    for (size_t i = 0; i < n; i++) {
        rank[i] = i;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(dl->items[j].file, dl->items[i].file) == 0) {
                rank[i] = rank[j];
                break;
            }
        }
    }
    for (size_t i = 1; i < n; i++) {
        struct diag d = dl->items[i];
        size_t r = rank[i];
        size_t j = i;
        while (j > 0) {
            const struct diag *p = &dl->items[j - 1];
            int later = rank[j - 1] > r ||
                        (rank[j - 1] == r &&
                         (p->line > d.line || (p->line == d.line && p->col > d.col)));
            if (!later)
                break;
            dl->items[j] = dl->items[j - 1];
            rank[j] = rank[j - 1];
            j--;
        }
        dl->items[j] = d;
        rank[j] = r;
    }
    free(rank);
}

/* The file name is a value (a path as given); the message is text whose values the
 * code that wrote it escaped (util/escape.h), escaped again here as text, so that no
 * message can break its line or reach the terminal with a control character whatever
 * a writer forgot. */
char *diag_format(const struct diag *d)
{
    char *file = esc_dup(d->file, strlen(d->file), ESC_VALUE);
    char *msg = esc_dup(d->msg, strlen(d->msg), ESC_TEXT);
    char *s = d->line == 0 ? xasprintf("%s: error: %s", file, msg)
                           : xasprintf("%s:%u:%u: error: %s", file, d->line, d->col, msg);
    free(file);
    free(msg);
    return s;
}

void diag_print(const struct diag_list *dl, FILE *out)
{
    for (size_t i = 0; i < dl->count; i++) {
        char *s = diag_format(&dl->items[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}
