/* SPDX-License-Identifier: GPL-2.0-only */
/* A located YAML tree: libyaml's event stream turned into nodes that remember the
 * file, line and column they came from, so that every later error can point at the
 * exact node. Only the scenario loader uses it; nothing after the loader sees YAML.
 *
 * Hostile input is bounded here (docs/scenario-format.md, "Limits"): the input size,
 * the nesting depth, the number of nodes kept, and what aliases may expand to are
 * limited, each with a located error that stops the parse.
 *
 * The items of the top-level `trace:` list, which may number millions, are not kept
 * as nodes: each item is built in a scratch arena when it is complete, encoded into a
 * compact byte string (its nodes, texts and locations) and the scratch is reused. A
 * sequence read that way is "lazy": ynode_item decodes one item at a time. */
#ifndef VGICSIM_SCENARIO_YTREE_H
#define VGICSIM_SCENARIO_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "util/arena.h"
#include "util/diag.h"

/* Limits (errors, never clamps). */
#define YTREE_MAX_INPUT_BYTES (UINT64_C(256) << 20)  /* 256 MiB of YAML text */
#define YTREE_MAX_DEPTH 64                           /* nested lists and maps */
#define YTREE_MAX_NODES (UINT64_C(4) << 20)          /* nodes kept outside trace items */
#define YTREE_MAX_ALIAS_NODES (UINT64_C(4) << 20)    /* nodes repeated by aliases, in all */
#define YTREE_MAX_ALIAS_BYTES (UINT64_C(256) << 20)  /* text repeated by aliases, in all */

enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

/* An explicit YAML tag on a node (only these are accepted; see ytree_tag.c). */
enum ytag { YTAG_NONE, YTAG_STR, YTAG_INT, YTAG_BOOL, YTAG_NULL, YTAG_SEQ, YTAG_MAP };

struct ynode;
struct ylazy;

struct ypair {
    struct ynode *key;      /* always a scalar */
    struct ynode *value;
};

/* An item of a lazy sequence replaced by a --set override. */
struct ypatch {
    size_t index;
    struct ynode *node;
};

struct ylazy_view {
    const struct ylazy *enc;       /* the encoded items, owned by the tree that read them */
    const struct ypatch *patches;  /* sorted by index */
    size_t n_patches;
};

struct ynode {
    uint8_t type;           /* enum ynode_type */
    bool plain;             /* scalar written without quotes and not tagged !!str: only
                               such scalars can be numbers, booleans or null */
    uint8_t tag;            /* enum ytag, as written */
    bool via_alias;         /* repeated by an alias: loc is the alias, def_line the line
                               of the node it repeats */
    uint32_t def_line;
    struct scn_loc loc;
    union {
        struct {            /* scalar */
            const char *str;        /* NUL-terminated */
            size_t len;
        };
        struct {            /* sequence */
            struct ynode **items;   /* NULL when lazy */
            size_t n_items;
            const struct ylazy_view *lazy;
        };
        struct {            /* mapping */
            struct ypair *pairs;
            size_t n_pairs;
        };
    };
};

struct ytree {
    struct arena arena;     /* owns all nodes and strings */
    struct ynode *root;     /* NULL for an empty document */
    struct ylazy *lazy;     /* the encoded trace items read by this tree, or NULL */
};

void ytree_init(struct ytree *t);
void ytree_free(struct ytree *t);

/* Parses one YAML document from memory. `file` labels locations (it is copied).
 * Locations are shifted by line0/col0 (both 0 for a file). With col0 > 0 the text is
 * part of a one-line command-line argument (a --set value): every location is then on
 * line line0 + 1, at column col0 + 1 + its offset in the text. Returns false and adds
 * diagnostics on syntax and encoding errors, on more than one document, on duplicate
 * mapping keys, non-scalar keys, unsupported tags and on exceeded limits. An empty
 * document leaves the root NULL. With `stream_trace`, the top-level `trace:` list is
 * read lazily (see above). */
bool ytree_parse(struct ytree *t, const char *file, const char *text, size_t len,
                 uint32_t line0, uint32_t col0, bool stream_trace, struct diag_list *diags);

/* Reads and parses a scenario file ("-": standard input, labelled "<stdin>") with the
 * top-level trace read lazily, with clear errors for a missing, unreadable, empty,
 * binary or oversized file. Reading stops at the first error. */
bool ytree_load_file(struct ytree *t, const char *path, struct diag_list *diags);

/* The label ytree_load_file gives standard input. */
#define YTREE_STDIN_LABEL "<stdin>"

/* How locations name the file ytree_load_file reads from `path`: the path itself, or
 * YTREE_STDIN_LABEL for "-". */
const char *ytree_file_label(const char *path);

/* The value stored under `key` in a mapping node, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Item i (< n_items) of a sequence. An item of a lazy sequence is decoded into
 * `scratch` (it lives until scratch is reset or freed) unless an override replaced it. */
struct ynode *ynode_item(const struct ynode *seq, size_t i, struct arena *scratch);

/* Replaces item i of a sequence node that belongs to `t` (a copy: see ynode_copy). */
void ynode_set_item(struct ytree *t, struct ynode *seq, size_t i, struct ynode *value);

/* Node constructors (in the tree's arena), used by --set. */
struct ynode *ynode_new_map(struct ytree *t, struct scn_loc loc);
void ynode_map_set(struct ytree *t, struct ynode *map, struct ynode *key, struct ynode *value);
struct ynode *ynode_new_scalar(struct ytree *t, struct scn_loc loc, const char *s, size_t len,
                               bool plain);

/* A shallow copy whose list or map can be changed without changing `n` (which another
 * load of the same source may share). */
struct ynode *ynode_copy(struct ytree *t, const struct ynode *n);

const char *ynode_type_name(const struct ynode *n);

/* How a tag is written, for messages ("!!str"). */
const char *ytag_name(enum ytag tag);

#endif
