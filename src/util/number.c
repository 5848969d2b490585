/* SPDX-License-Identifier: GPL-2.0-only */
#include "util/number.h"

#include <ctype.h>

bool number_parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    /* "0x" only: the format documents that spelling, and one spelling per number keeps
     * files greppable ("0X1F" is refused like any other malformed number). */
    if (s[0] == '0' && s[1] == 'x') {
        base = 16;
        s += 2;
    }
    if (!*s || *s == '_')
        return false;
    uint64_t v = 0;
    char prev = 0;
    for (; *s; s++) {
        unsigned d;
        if (*s == '_') {
            if (prev == '_')
                return false;
            prev = '_';
            continue;
        }
        if (isdigit((unsigned char)*s))
            d = (unsigned)(*s - '0');
        else if (base == 16 && isxdigit((unsigned char)*s))
            d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
        prev = *s;
    }
    if (prev == '_')
        return false;
    *out = v;
    return true;
}
