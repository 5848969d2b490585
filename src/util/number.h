/* SPDX-License-Identifier: GPL-2.0-only */
/* The integer literal of the scenario format (docs/scenario-format.md): decimal or 0x
 * hexadecimal, '_' allowed between digits. The loader reads every number of a file
 * with it, and the command line every number it takes (--seed, --repeat, --jobs,
 * --clock-mhz, a merged table's seed), so that a number is written the same way
 * everywhere. */
#ifndef VGICSIM_UTIL_NUMBER_H
#define VGICSIM_UTIL_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* Parses the whole of `s`. Returns false, leaving *out alone, when the text is not such
 * a literal (a sign, a leading, trailing or doubled '_', any other character) or
 * overflows 64 bits. */
bool number_parse_u64(const char *s, uint64_t *out);

#endif
