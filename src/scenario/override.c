/* SPDX-License-Identifier: GPL-2.0-only */
#include "scenario/override.h"

#include <string.h>

#include "util/escape.h"
#include "util/number.h"

#define SET_FILE "--set"

static struct scn_loc set_loc(uint32_t ordinal, size_t col0)
{
    return (struct scn_loc){.file = SET_FILE, .line = ordinal, .col = (uint32_t)col0 + 1};
}

bool override_apply(struct ytree *t, const char *arg, uint32_t ordinal, struct diag_list *diags)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        diag_add(diags, SET_FILE, ordinal, 1,
                 "'%s': --set expects KEY=VALUE, e.g. gic.list_registers=8", ESC(arg));
        return false;
    }
    size_t key_len = (size_t)(eq - arg);
    const char *value_text = eq + 1;
    if (*value_text == '\0') {
        diag_add(diags, SET_FILE, ordinal, (uint32_t)key_len + 2, "--set %s: missing value",
                 ESCN(arg, key_len));
        return false;
    }

    /* Parse the value as a YAML document of its own, located inside the argument. */
    struct ynode *saved_root = t->root;
    t->root = NULL;  /* stays NULL when the value holds no YAML content */
    bool parsed = ytree_parse(t, SET_FILE, value_text, strlen(value_text), ordinal - 1,
                              (uint32_t)key_len + 1, false, diags);
    struct ynode *value = t->root;
    t->root = saved_root;
    if (!parsed)
        return false;
    if (!value) {
        diag_add(diags, SET_FILE, ordinal, (uint32_t)key_len + 2, "--set %s: missing value",
                 ESCN(arg, key_len));
        return false;
    }

    /* Every node on the path is changed in a copy, never in place: the tree may be a
     * scenario source's, shared by many loads (scenario_source_load). */
    struct ynode *node = t->root = ynode_copy(t, t->root);
    size_t seg_start = 0;
    for (;;) {
        size_t seg_end = seg_start;
        while (seg_end < key_len && arg[seg_end] != '.')
            seg_end++;
        bool last = seg_end == key_len;
        const char *seg = arg + seg_start;
        size_t seg_len = seg_end - seg_start;
        struct scn_loc loc = set_loc(ordinal, seg_start);
        if (seg_len == 0) {
            diag_add(diags, loc.file, loc.line, loc.col, "--set %s: empty path component",
                     ESCN(arg, key_len));
            return false;
        }
        if (node->type == YNODE_SEQ) {
            char buf[32];
            uint64_t index;
            if (seg_len >= sizeof(buf) ||
                (memcpy(buf, seg, seg_len), buf[seg_len] = '\0', !number_parse_u64(buf, &index))) {
                /* Name the list (the path before this component), not the component: "'-1'
                 * is a list" would say the opposite of what is wrong. */
                const char *list = seg_start ? ESCN(arg, seg_start - 1) : "the scenario";
                if (node->n_items == 0)
                    diag_add(diags, loc.file, loc.line, loc.col,
                             "--set %s: '%s' is an empty list; it has no item '%s'",
                             ESCN(arg, seg_end), list, ESCN(seg, seg_len));
                else
                    diag_add(diags, loc.file, loc.line, loc.col,
                             "--set %s: '%s' is a list; give an item's index from 0 to %zu, "
                             "not '%s'%s", ESCN(arg, seg_end), list, node->n_items - 1,
                             ESCN(seg, seg_len),
                             seg[0] == '-' ? " (indices count from 0, never from the end)" : "");
                return false;
            }
            if (index >= node->n_items) {
                diag_add(diags, loc.file, loc.line, loc.col,
                         "--set %s: index %llu is past the end of the list (%zu items)",
                         ESCN(arg, seg_end), (unsigned long long)index, node->n_items);
                return false;
            }
            if (last) {
                ynode_set_item(t, node, (size_t)index, value);
                return true;
            }
            /* Change a copy (an item of a lazy list is decoded into a fresh one). */
            struct ynode *item = node->lazy ? ynode_item(node, (size_t)index, &t->arena)
                                            : ynode_copy(t, node->items[index]);
            ynode_set_item(t, node, (size_t)index, item);
            node = item;
        } else if (node->type == YNODE_MAP) {
            struct ynode *key = ynode_new_scalar(t, loc, seg, seg_len, true);
            if (last) {
                ynode_map_set(t, node, key, value);
                return true;
            }
            struct ynode *child = ynode_get(node, key->str);
            if (!child) {
                child = ynode_new_map(t, loc);
                ynode_map_set(t, node, key, child);
            } else if (child->type == YNODE_SCALAR && node == t->root &&
                       strcmp(key->str, "costs") == 0) {
                /* `costs: NAME` is shorthand for `costs: {preset: NAME}`. */
                struct ynode *map = ynode_new_map(t, child->loc);
                ynode_map_set(t, map, ynode_new_scalar(t, child->loc, "preset", 6, true), child);
                ynode_map_set(t, node, key, map);
                child = map;
            } else {
                /* Change a copy: the value may be shared with another load. */
                child = ynode_copy(t, child);
                ynode_map_set(t, node, key, child);
            }
            node = child;
        } else {
            diag_add(diags, loc.file, loc.line, loc.col,
                     "--set %s: '%s' is a single value; it has no '%s' inside",
                     ESCN(arg, key_len), ESCN(arg, seg_start - 1), ESCN(seg, seg_len));
            return false;
        }
        seg_start = seg_end + 1;
    }
}
