/* SPDX-License-Identifier: GPL-2.0-only */
/* "Did you mean" suggestions: the closest of a list of names to a misspelt word (a
 * scenario's keys, the commands, the kinds of `vgicsim list`). */
#ifndef VGICSIM_UTIL_SUGGEST_H
#define VGICSIM_UTIL_SUGGEST_H

#include <stddef.h>

/* The edit distance (insertions, deletions, substitutions; case-insensitive) between two
 * words; a large number for words longer than 64 characters. */
size_t suggest_distance(const char *a, const char *b);

/* The name of `choices` (NULL-terminated) closest to `word` when it is within two edits,
 * the first of equally close ones; NULL when none is that close. */
const char *suggest_closest(const char *word, const char *const *choices);

/* The names of `choices` (NULL-terminated) joined by ", " (malloc'd). */
char *suggest_join(const char *const *choices);

#endif
