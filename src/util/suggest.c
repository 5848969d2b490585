/* SPDX-License-Identifier: GPL-2.0-only */
#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

#include "util/xalloc.h"

size_t suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *suggest_closest(const char *word, const char *const *choices)
{
    const char *best = NULL;
    size_t best_d = 3;  /* suggest only close matches */
    for (const char *const *p = choices; *p; p++) {
        size_t d = suggest_distance(word, *p);
        if (d < best_d) {
            best_d = d;
            best = *p;
        }
    }
    return best;
}

char *suggest_join(const char *const *choices)
{
    size_t len = 1;
    for (const char *const *p = choices; *p; p++)
        len += strlen(*p) + 2;
    char *s = xmalloc(len);
    s[0] = '\0';
    for (const char *const *p = choices; *p; p++) {
        if (p != choices)
            strcat(s, ", ");
        strcat(s, *p);
    }
    return s;
}
