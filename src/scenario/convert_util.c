/* SPDX-License-Identifier: GPL-2.0-only */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "util/escape.h"
#include "util/number.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* Replaces each CONV_INDEX in msg by the index of the item being converted. */
static char *fill_index(struct conv *c, char *msg)
{
    if (!strchr(msg, CONV_INDEX[0]))
        return msg;
    char num[24];
    int nlen = snprintf(num, sizeof(num), "%zu", c->item_index);
    size_t n = 0;
    for (const char *p = msg; *p; p++)
        n += *p == CONV_INDEX[0] ? (size_t)nlen : 1;
    char *out = xmalloc(n + 1), *o = out;
    for (const char *p = msg; *p; p++) {
        if (*p == CONV_INDEX[0]) {
            memcpy(o, num, (size_t)nlen);
            o += nlen;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    free(msg);
    return out;
}

void conv_error(struct conv *c, const struct ynode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = fill_index(c, xvasprintf(fmt, ap));
    va_end(ap);
    /* A node repeated by an alias is located at the alias; say where it comes from. */
    if (at->via_alias)
        diag_add(c->diags, at->loc.file, at->loc.line, at->loc.col,
                 "%s (in the node this alias repeats from line %u)", msg, at->def_line);
    else
        diag_add(c->diags, at->loc.file, at->loc.line, at->loc.col, "%s", msg);
    free(msg);
}

struct scn_loc conv_loc(struct conv *c, const struct ynode *n)
{
    struct scn_loc loc = n->loc;
    if (loc.file != c->file_src) {
        c->file_src = loc.file;
        c->file_dst = arena_strdup(&c->s->arena, loc.file);
    }
    loc.file = c->file_dst;
    return loc;
}

void conv_check_keys(struct conv *c, const struct ynode *map, const char *what,
                     const char *const *allowed)
{
    for (size_t i = 0; i < map->n_pairs; i++) {
        const struct ynode *key = map->pairs[i].key;
        bool known = false;
        /* The first characters first: this runs for every key of every step. */
        for (const char *const *p = allowed; *p && !known; p++)
            known = (*p)[0] == key->str[0] && strcmp(*p, key->str) == 0;
        if (known)
            continue;
        if (key->plain && strcmp(key->str, "<<") == 0) {
            conv_error(c, key, "merge keys ('<<') are not supported in %s: write the keys "
                       "out (an alias may repeat a whole map)", what);
            continue;
        }
        const char *hint = suggest_closest(key->str, allowed);
        if (hint) {
            conv_error(c, key, "unknown key '%s' in %s (did you mean '%s'?)", ESC(key->str), what,
                       hint);
        } else {
            char *list = suggest_join(allowed);
            conv_error(c, key, "unknown key '%s' in %s (expected one of: %s)", ESC(key->str), what,
                       list);
            free(list);
        }
    }
}

static bool is_null(const struct ynode *n)
{
    return n->type == YNODE_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0);
}

bool conv_expect_type(struct conv *c, const struct ynode *n, enum ynode_type type,
                      const char *what)
{
    if (n->type == type && !(type == YNODE_SCALAR && is_null(n)))
        return true;
    const char *want = type == YNODE_MAP ? "a map" : type == YNODE_SEQ ? "a list" : "a value";
    if (is_null(n))
        conv_error(c, n, "%s: expected %s, but no value is given", what, want);
    else
        conv_error(c, n, "%s: expected %s, got %s", what, want, ynode_type_name(n));
    return false;
}

const char *conv_path(char *buf, size_t size, const char *what, const char *key)
{
    /* Called for every value of every step: no printf. */
    size_t lw = strlen(what), lk = strlen(key);
    if (lw + 1 + lk >= size) {
        snprintf(buf, size, "%s.%s", what, key);
        return buf;
    }
    memcpy(buf, what, lw);
    buf[lw] = '.';
    memcpy(buf + lw + 1, key, lk + 1);
    return buf;
}

bool conv_u64(struct conv *c, const struct ynode *n, const char *what, uint64_t *out)
{
    if (!conv_expect_type(c, n, YNODE_SCALAR, what))
        return false;
    if (n->tag == YTAG_STR) {
        conv_error(c, n, "%s: expected an integer, got the string '%s' (tagged !!str)", what,
                   ESC(n->str));
        return false;
    }
    if (!n->plain) {
        conv_error(c, n, "%s: expected an integer, got the quoted string \"%s\"", what,
                   ESC(n->str));
        return false;
    }
    if (n->str[0] == '-') {
        conv_error(c, n, "%s: expected a non-negative integer, got %s", what, ESC(n->str));
        return false;
    }
    if (!number_parse_u64(n->str, out)) {
        conv_error(c, n,
                   "%s: expected an integer (decimal or 0x hexadecimal, '_' allowed between "
                   "digits), got '%s'",
                   what, ESC(n->str));
        return false;
    }
    return true;
}

/* An integer of at most `max`, which `limit` names in the error ("the largest cycle
 * value, 2^48"). */
static bool conv_u64_at_most(struct conv *c, const struct ynode *n, const char *what,
                             uint64_t max, const char *limit, uint64_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (v > max) {
        conv_error(c, n, "%s: %s cycles is more than %s = %llu (docs/scenario-format.md, "
                   "\"Limits\")", what, ESC(n->str), limit, (unsigned long long)max);
        return false;
    }
    *out = v;
    return true;
}

bool conv_cycles(struct conv *c, const struct ynode *n, const char *what, uint64_t *out)
{
    return conv_u64_at_most(c, n, what, CYC_MAX_INPUT, "the largest cycle value, 2^48", out);
}

bool conv_cost(struct conv *c, const struct ynode *n, const char *what, uint64_t *out)
{
    return conv_u64_at_most(c, n, what, CYC_MAX_COST,
                            "the largest cost of one operation, 2^32", out);
}

bool conv_u64_range(struct conv *c, const struct ynode *n, const char *what, uint64_t lo,
                    uint64_t hi, uint64_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (v < lo || v > hi) {
        conv_error(c, n, "%s: %s is out of range (%llu..%llu)", what, ESC(n->str),
                   (unsigned long long)lo, (unsigned long long)hi);
        return false;
    }
    *out = v;
    return true;
}

bool conv_u32_range(struct conv *c, const struct ynode *n, const char *what, uint32_t lo,
                    uint32_t hi, uint32_t *out)
{
    uint64_t v;
    if (!conv_u64_range(c, n, what, lo, hi, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool conv_bool(struct conv *c, const struct ynode *n, const char *what, bool *out)
{
    if (!conv_expect_type(c, n, YNODE_SCALAR, what))
        return false;
    if (n->plain && n->tag != YTAG_NULL && (!strcmp(n->str, "true") || !strcmp(n->str, "True") ||
                     !strcmp(n->str, "TRUE"))) {
        *out = true;
        return true;
    }
    if (n->plain && (!strcmp(n->str, "false") || !strcmp(n->str, "False") ||
                     !strcmp(n->str, "FALSE"))) {
        *out = false;
        return true;
    }
    conv_error(c, n, "%s: expected true or false, got '%s'", what, ESC(n->str));
    return false;
}

bool conv_string(struct conv *c, const struct ynode *n, const char *what, const char **out)
{
    if (!conv_expect_type(c, n, YNODE_SCALAR, what))
        return false;
    if (n->len == 0) {
        conv_error(c, n, "%s: expected a non-empty string", what);
        return false;
    }
    *out = arena_strdup(&c->s->arena, n->str);
    return true;
}

int conv_choice(struct conv *c, const struct ynode *n, const char *what,
                const char *const *choices)
{
    if (!conv_expect_type(c, n, YNODE_SCALAR, what))
        return -1;
    for (int i = 0; choices[i]; i++)
        if (strcmp(choices[i], n->str) == 0)
            return i;
    char *list = suggest_join(choices);
    conv_error(c, n, "%s: '%s' is not one of: %s", what, ESC(n->str), list);
    free(list);
    return -1;
}

uint32_t conv_vcpus(const struct conv *c)
{
    return c->vcpus_ok ? c->s->gic.vcpus : GIC_V3_MAX_VCPUS;
}

uint32_t conv_nr_irqs(const struct conv *c)
{
    return c->spis_ok ? gic_nr_irqs(&c->s->gic) : GIC_NR_PRIVATE + GIC_MAX_SPIS;
}

bool conv_vcpu(struct conv *c, const struct ynode *n, const char *what, uint32_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (v >= conv_vcpus(c)) {
        conv_error(c, n, "%s: vCPU %llu does not exist (the machine has %u vCPUs: 0..%u)",
                   what, (unsigned long long)v, conv_vcpus(c), conv_vcpus(c) - 1);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool conv_has_its(const struct conv *c)
{
    return c->its_ok ? c->s->gic.its : true;
}

uint32_t conv_lpis(const struct conv *c)
{
    return c->its_ok && c->lpis_ok ? c->s->gic.lpis : GIC_MAX_LPIS;
}

bool conv_require_its(struct conv *c, const struct ynode *at, const char *what)
{
    if (conv_has_its(c))
        return true;
    conv_error(c, at, "%s: needs an ITS: set gic.its: true (GICv3)", what);
    return false;
}

/* Is `v` an LPI of the machine (any LPI while gic.its or gic.lpis is invalid)? */
static bool is_machine_lpi(const struct conv *c, uint64_t v)
{
    return conv_has_its(c) && v >= GIC_LPI_BASE && v - GIC_LPI_BASE < conv_lpis(c);
}

/* The machine's INTIDs, for messages about one that does not exist. */
static void intid_missing(struct conv *c, const struct ynode *n, const char *what, uint64_t v)
{
    uint32_t nr = conv_nr_irqs(c);
    if (conv_has_its(c))
        conv_error(c, n, "%s: INTID %llu does not exist (SGIs 0-15, PPIs 16-31, SPIs 32-%u "
                   "with gic.spis = %u, LPIs %u-%u with gic.lpis = %u)",
                   what, (unsigned long long)v, nr - 1, nr - GIC_NR_PRIVATE, GIC_LPI_BASE,
                   GIC_LPI_BASE + conv_lpis(c) - 1, conv_lpis(c));
    else
        conv_error(c, n, "%s: INTID %llu does not exist (SGIs 0-15, PPIs 16-31, SPIs 32-%u "
                   "with gic.spis = %u%s)",
                   what, (unsigned long long)v, nr - 1, nr - GIC_NR_PRIVATE,
                   v >= GIC_LPI_BASE ? "; LPIs, from 8192, need gic.its: true" : "");
}

bool conv_intid_any(struct conv *c, const struct ynode *n, const char *what, uint32_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (v < conv_nr_irqs(c)) {
        *out = (uint32_t)v;
        return true;
    }
    if (is_machine_lpi(c, v))
        conv_error(c, n, "%s: INTID %llu is an LPI, which has no line and is not accepted "
                   "here: a device sends it as an MSI through the ITS ('msi' steps, msi "
                   "generators, injectors' 'devices')", what, (unsigned long long)v);
    else
        intid_missing(c, n, what, v);
    return false;
}

bool conv_intid_deliverable(struct conv *c, const struct ynode *n, const char *what,
                            uint32_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (v < conv_nr_irqs(c) || is_machine_lpi(c, v)) {
        *out = (uint32_t)v;
        return true;
    }
    intid_missing(c, n, what, v);
    return false;
}

bool conv_lpi(struct conv *c, const struct ynode *n, const char *what, uint32_t *out)
{
    uint64_t v;
    if (!conv_u64(c, n, what, &v))
        return false;
    if (!is_machine_lpi(c, v)) {
        conv_error(c, n, "%s: %llu is not an LPI of the machine (LPIs %u-%u with gic.lpis "
                   "= %u)", what, (unsigned long long)v, GIC_LPI_BASE,
                   GIC_LPI_BASE + conv_lpis(c) - 1, conv_lpis(c));
        return false;
    }
    *out = (uint32_t)v;
    return true;
}
