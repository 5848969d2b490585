/* SPDX-License-Identifier: GPL-2.0-only */
/* Escaping text that came from the user before it is shown: a value of a scenario, a
 * command-line argument, a name read from a report or a log may hold a newline (which
 * could forge a "FILE:LINE:COL: error:" line), a terminal escape sequence, a byte that is
 * not UTF-8, or a Unicode control that reorders or breaks the line. Every message, text
 * report, table and CSV field that echoes such a value shows it escaped, C-style, as git
 * and `ls -b` do:
 *
 *   \\  \"  \n  \t  \r  \0    a backslash, a double quote, the usual control characters
 *   \xNN                      any other control byte (0x01-0x1f, 0x7f), and each byte
 *                             that is not part of valid UTF-8
 *   \uXXXX                    a valid but invisible or line-breaking code point: the C1
 *                             controls U+0080-U+009F (U+0085 is a line break to YAML),
 *                             U+2028 and U+2029, the bidirectional controls (U+061C,
 *                             U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), U+200B and
 *                             U+FEFF
 *
 * Printable UTF-8 (accented letters, CJK, emoji) is kept as it is: it cannot forge a
 * line, and a name written in it should read as written.
 *
 * Two modes: ESC_VALUE escapes a single value (backslash and double quote included, so
 * that the escaped form is unambiguous); ESC_TEXT leaves backslashes and quotes alone and
 * is for a whole message whose values were escaped already (util/diag.c escapes every
 * diagnostic that way, a net under the values escaped where the message is written). */
#ifndef VGICSIM_UTIL_ESCAPE_H
#define VGICSIM_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum esc_mode { ESC_VALUE, ESC_TEXT };

/* Whether `s` (`len` bytes) needs escaping at all: the common case costs one scan. */
bool esc_needed(const char *s, size_t len, enum esc_mode mode);

/* The escaped form of `len` bytes of `s`, malloc'd (never NULL). */
char *esc_dup(const char *s, size_t len, enum esc_mode mode);

/* Writes the escaped form of `s` (a C string) to `out`; returns EOF on a write error. */
int esc_fputs(const char *s, FILE *out);

/* The escaped form of `len` bytes of `s` (SIZE_MAX: up to its NUL; NULL shows as
 * "(null)") in `buf` (`size` >= 16), shortened to what fits with "..." at its end: for a
 * value quoted in a message, where a megabyte of it helps no one. Returns buf. */
const char *esc_short(char *buf, size_t size, const char *s, size_t len, enum esc_mode mode);

/* ESC(s): the value `s` escaped for a message, in a buffer that lives until the end of
 * the enclosing block: fprintf(stderr, "unknown model '%s'\n", ESC(name)). ESCN: the
 * first n bytes of s. ESCT: a message made elsewhere (ESC_TEXT). */
enum { ESC_SHORT_MAX = 512 };
#define ESC(s) esc_short((char[ESC_SHORT_MAX]){0}, ESC_SHORT_MAX, (s), SIZE_MAX, ESC_VALUE)
#define ESCN(s, n) esc_short((char[ESC_SHORT_MAX]){0}, ESC_SHORT_MAX, (s), (n), ESC_VALUE)
#define ESCT(s) esc_short((char[4 * ESC_SHORT_MAX]){0}, 4 * ESC_SHORT_MAX, (s), SIZE_MAX, \
                          ESC_TEXT)

#endif
