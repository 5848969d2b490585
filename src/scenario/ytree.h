/* A located YAML tree: libyaml's event stream turned into nodes that remember the
 * file, line and column they came from, so that every later error can point at the
 * exact node. Only the scenario loader uses it; nothing after the loader sees YAML. */
#ifndef VGICSIM_SCENARIO_YTREE_H
#define VGICSIM_SCENARIO_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario/scenario.h"
#include "util/arena.h"
#include "util/diag.h"

enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode;

struct ypair {
    struct ynode *key;      /* always a scalar */
    struct ynode *value;
};

struct ynode {
    enum ynode_type type;
    struct scn_loc loc;
    /* scalar */
    const char *str;        /* NUL-terminated */
    size_t len;
    bool plain;             /* written without quotes (only plain scalars can be numbers/booleans) */
    /* sequence */
    struct ynode **items;
    size_t n_items;
    /* mapping */
    struct ypair *pairs;
    size_t n_pairs;
};

struct ytree {
    struct arena arena;     /* owns all nodes and strings */
    struct ynode *root;     /* NULL for an empty document */
};

void ytree_init(struct ytree *t);
void ytree_free(struct ytree *t);

/* Parses one YAML document. `file` labels locations (it is copied). Locations are
 * shifted by line0/col0 (both 0 for a file). With col0 > 0 the text is part of a
 * one-line command-line argument (a --set value): every location is then on line
 * line0 + 1, at column col0 + 1 + its offset in the text. Returns false and adds
 * diagnostics on syntax errors, on more than one document, on duplicate mapping keys
 * and on non-scalar keys. An empty document leaves the root NULL. */
bool ytree_parse(struct ytree *t, const char *file, const char *text, size_t len,
                 uint32_t line0, uint32_t col0, struct diag_list *diags);

/* Reads and parses a file, with clear errors for a missing, unreadable, empty or
 * binary file. */
bool ytree_load_file(struct ytree *t, const char *path, struct diag_list *diags);

/* The value stored under `key` in a mapping node, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Node constructors (in the tree's arena), used by --set. */
struct ynode *ynode_new_map(struct ytree *t, struct scn_loc loc);
void ynode_map_set(struct ytree *t, struct ynode *map, struct ynode *key, struct ynode *value);
struct ynode *ynode_new_scalar(struct ytree *t, struct scn_loc loc, const char *s, size_t len,
                               bool plain);

/* A shallow copy whose list or map can be changed without changing `n` (which an
 * alias may share with its anchor). */
struct ynode *ynode_copy(struct ytree *t, const struct ynode *n);

const char *ynode_type_name(const struct ynode *n);

#endif
