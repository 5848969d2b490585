/* SPDX-License-Identifier: GPL-2.0-only */
/* C-style escaping of user text for messages and reports (escape.h says what is
 * escaped and why). One function, piece(), decides how each character is shown; the
 * others only differ in where the pieces go. */
#include "util/escape.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The length of the valid UTF-8 sequence at s[0..n) and its code point, or 0 when the
 * bytes there are not one (truncated, overlong, a surrogate, past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Code points that are valid but must not reach a terminal or a report as they are:
 * they break lines, reorder the text around them, or are invisible. */
static bool hidden_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200b || cp == 0x200e ||
           cp == 0x200f || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* How the character at s[0..n) is shown: returns how many bytes of s it takes and puts
 * its escaped form in out (NUL-terminated, at most 7 bytes), or leaves out empty when the
 * bytes are shown as they are. */
static size_t piece(const unsigned char *s, size_t n, enum esc_mode mode, char out[8])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char c = s[0];
    out[0] = '\0';
    if (c >= 0x20 && c < 0x7f) {
        if (mode == ESC_VALUE && (c == '\\' || c == '"')) {
            out[0] = '\\', out[1] = (char)c, out[2] = '\0';
        }
        return 1;
    }
    if (c < 0x80) {
        const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
                            : c == '\0' ? "\\0" : NULL;
        if (named) {
            strcpy(out, named);
        } else {
            out[0] = '\\', out[1] = 'x', out[2] = hex[c >> 4], out[3] = hex[c & 15];
            out[4] = '\0';
        }
        return 1;
    }
    uint32_t cp;
    size_t len = utf8_seq(s, n, &cp);
    if (!len) {
        out[0] = '\\', out[1] = 'x', out[2] = hex[c >> 4], out[3] = hex[c & 15], out[4] = '\0';
        return 1;
    }
    if (hidden_code_point(cp)) {
        out[0] = '\\', out[1] = 'u';
        for (int k = 0; k < 4; k++)
            out[2 + k] = hex[(cp >> (12 - 4 * k)) & 15];
        out[6] = '\0';
    }
    return len;
}

bool esc_needed(const char *s, size_t len, enum esc_mode mode)
{
    const unsigned char *p = (const unsigned char *)s;
    char out[8];
    for (size_t i = 0; i < len;) {
        /* Plain ASCII is by far the most common: decided without piece(). */
        if (p[i] >= 0x20 && p[i] < 0x7f && (mode == ESC_TEXT || (p[i] != '\\' && p[i] != '"'))) {
            i++;
            continue;
        }
        i += piece(p + i, len - i, mode, out);
        if (out[0])
            return true;
    }
    return false;
}

char *esc_dup(const char *s, size_t len, enum esc_mode mode)
{
    if (!esc_needed(s, len, mode))
        return xstrndup(s, len);
    /* At most 6 bytes shown per byte of input (\u2028 for 3 bytes is less). */
    char *buf = xmalloc(len * 4 + 1), *o = buf;
    const unsigned char *p = (const unsigned char *)s;
    char out[8];
    for (size_t i = 0; i < len;) {
        size_t k = piece(p + i, len - i, mode, out);
        if (out[0]) {
            size_t m = strlen(out);
            memcpy(o, out, m);
            o += m;
        } else {
            memcpy(o, p + i, k);
            o += k;
        }
        i += k;
    }
    *o = '\0';
    return buf;
}

int esc_fputs(const char *s, FILE *out)
{
    size_t len = strlen(s);
    if (!esc_needed(s, len, ESC_VALUE))
        return fputs(s, out);
    char *e = esc_dup(s, len, ESC_VALUE);
    int rc = fputs(e, out);
    free(e);
    return rc;
}

const char *esc_short(char *buf, size_t size, const char *s, size_t len, enum esc_mode mode)
{
    if (!s)
        s = "(null)";
    if (len == SIZE_MAX)
        len = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    char out[8];
    for (size_t i = 0; i < len;) {
        size_t k = piece(p + i, len - i, mode, out);
        const char *add = out[0] ? out : (const char *)p + i;
        size_t m = out[0] ? strlen(out) : k;
        /* Room for this piece and, if more follows, for "..." and the NUL. */
        size_t need = i + k < len ? m + 4 : m + 1;
        if (o + need > size) {
            memcpy(buf + o, "...", 4);
            return buf;
        }
        memcpy(buf + o, add, m);
        o += m;
        i += k;
    }
    buf[o] = '\0';
    return buf;
}
