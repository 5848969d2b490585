/* SPDX-License-Identifier: GPL-2.0-only */
/* Explicit YAML tags: the few a scenario may carry, checked against the node they are on. */
#include "scenario/ytree_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/number.h"
#include "util/xalloc.h"

/* "!!str" for tag:yaml.org,2002:str, the tag as written otherwise. */
static char *tag_display(const char *tag)
{
    static const char core[] = "tag:yaml.org,2002:";
    if (strncmp(tag, core, sizeof(core) - 1) == 0)
        return xasprintf("!!%s", tag + sizeof(core) - 1);
    if (tag[0] == '!')
        return xstrdup(tag);
    return xasprintf("!<%s>", tag);
}

static bool is_null_text(const char *s)
{
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

static bool is_bool_text(const char *s)
{
    static const char *const forms[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (!strcmp(s, forms[i]))
            return true;
    return false;
}

static bool is_int_text(const char *s)
{
    uint64_t v;
    return number_parse_u64(s[0] == '-' || s[0] == '+' ? s + 1 : s, &v);
}

/* Applies an explicit tag to a node, or reports it. Accepted: !!str on scalars (the
 * value is a string, never a number), !!int, !!bool and !!null on scalars whose text
 * is such a value, !!seq on lists and !!map on maps. */
void ytag_apply(struct ybuilder *b, struct ynode *n, const char *tag)
{
    if (!tag)
        return;
    static const struct {
        const char *tag;
        enum ytag t;
    } known[] = {
        {"tag:yaml.org,2002:str", YTAG_STR},   {"tag:yaml.org,2002:int", YTAG_INT},
        {"tag:yaml.org,2002:bool", YTAG_BOOL}, {"tag:yaml.org,2002:null", YTAG_NULL},
        {"tag:yaml.org,2002:seq", YTAG_SEQ},   {"tag:yaml.org,2002:map", YTAG_MAP},
    };
    enum ytag t = YTAG_NONE;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (!strcmp(tag, known[i].tag))
            t = known[i].t;
    char *shown = tag_display(tag);
    if (t == YTAG_NONE) {
        ybuild_error(b, n->loc, "unsupported YAML tag '%s' (vgicsim accepts !!str, !!int, !!bool, "
                     "!!null, !!seq and !!map)", ESC(shown));
    } else if ((t == YTAG_SEQ) != (n->type == YNODE_SEQ) ||
               (t == YTAG_MAP) != (n->type == YNODE_MAP)) {
        ybuild_error(b, n->loc, "the tag '%s' is on %s", ESC(shown), ynode_type_name(n));
    } else if (t == YTAG_INT && !is_int_text(n->str)) {
        ybuild_error(b, n->loc, "the tag '!!int' is on '%s', which is not an integer",
                     ESC(n->str));
    } else if (t == YTAG_BOOL && !is_bool_text(n->str)) {
        ybuild_error(b, n->loc, "the tag '!!bool' is on '%s', which is not true or false",
                     ESC(n->str));
    } else if (t == YTAG_NULL && !is_null_text(n->str)) {
        ybuild_error(b, n->loc, "the tag '!!null' is on '%s', which is not null",
                     ESC(n->str));
    } else {
        n->tag = (uint8_t)t;
        if (t == YTAG_STR)
            n->plain = false;  /* a string, whatever it looks like */
        else if (n->type == YNODE_SCALAR)
            n->plain = true;   /* an int, bool or null, even if quoted */
    }
    free(shown);
}
