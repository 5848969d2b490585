/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the located YAML tree (ytree.h), which is built by six files, one job each:
 *   ytree_build.c   the libyaml event builder and the entry points (ytree_parse,
 *                   ytree_load_file)
 *   ytree_input.c   reading the text: size limit, encoding and byte order mark, the
 *                   position of a byte offset
 *   ytree_alias.c   anchors and aliases, and the guards against alias bombs
 *   ytree_tag.c     explicit tags
 *   ytree_encode.c  the compact encoding of a streamed trace's items
 *   ytree_node.c    nodes: reading, constructors, changes (--set)
 * Only these files include it. */
#ifndef VGICSIM_SCENARIO_YTREE_INTERNAL_H
#define VGICSIM_SCENARIO_YTREE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario/ytree.h"
#include "util/arena.h"
#include "util/diag.h"

/* ---- the encoded items of a lazy sequence (ytree_encode.c) ---- */

/* Each item is encoded on its own (so that any item can be decoded alone), node by
 * node in document order:
 *   byte      type (bits 0-1) | plain (bit 2) | via_alias (bit 3) | tag (bits 4-6)
 *   varint    line: absolute for the item's first node, zigzag delta to the previous
 *             node's line after that
 *   varint    column
 *   varint    def_line (via_alias only)
 *   scalar:   varint length, then the bytes
 *   list/map: varint count (items, or pairs: key and value nodes follow alternately)
 * A step of a typical trace takes 40-60 bytes. */
struct ylazy {
    unsigned char *buf;
    size_t len, cap;
    size_t *starts;         /* offset of item i in buf */
    size_t count, starts_cap;
    const char *file;       /* every encoded node is in this file */
    struct ylazy *next;     /* the tree's other lazy lists */
};

/* Where a node of an item landed in the encoding, for an anchor on it. */
struct yenc_mark {
    const struct ynode *node;   /* the node looked for */
    size_t offset;              /* found: its first byte */
    uint32_t prev_line;         /* the line its delta is relative to */
    bool first, found;
};

struct yenc_marks {
    struct yenc_mark *items;
    size_t count;
};

/* Encodes `item` at the end of `z`, recording where each node `marks` looks for lands. */
void ylazy_append(struct ylazy *z, const struct ynode *item, struct yenc_marks *marks);
/* Decodes the node at *p (advanced past it) into `a`; `prev_line` and `first` as when it
 * was encoded (an item's first node: first, and prev_line is then ignored). */
struct ynode *ylazy_decode(const unsigned char **p, struct arena *a, const char *file,
                           uint32_t *prev_line, bool first);
/* Frees `z` and the lazy lists chained after it. */
void ylazy_free(struct ylazy *z);

/* ---- nodes (ytree_node.c) ---- */

struct ynode *ynode_alloc(struct arena *a, enum ynode_type type, struct scn_loc loc);
struct ynode *ynode_alloc_scalar(struct arena *a, struct scn_loc loc, const char *s, size_t len,
                                 bool plain);

/* ---- reading the input (ytree_input.c) ---- */

/* libyaml pulls the input through this reader, which enforces the size limit and
 * remembers enough of what it handed over to locate an encoding error: libyaml gives
 * a byte offset for those, not a line and column, and its errors lie in the last
 * bytes it was handed (its raw buffer holds 16 KiB). */
enum { YREAD_CHUNK = 16384, YREAD_HISTORY = 4 * YREAD_CHUNK, YREAD_HISTORY_KEEP = 2 * YREAD_CHUNK };

enum ytext_encoding { YENC_UTF8, YENC_UTF16LE, YENC_UTF16BE };

struct yreader {
    FILE *f;                    /* a file, or */
    const unsigned char *text;  /* text in memory */
    size_t text_len;
    uint64_t total;             /* bytes handed to libyaml */
    uint64_t nonblank;          /* not blanks or line breaks, in the first chunk that has any */
    int read_errno;             /* a read error, or 0 */
    bool too_big;
    enum ytext_encoding enc;     /* as found at the start */
    size_t bom;                 /* bytes of a byte order mark at the start */
    /* File input: the last bytes handed over, and the position of the first of them. */
    unsigned char hist[YREAD_HISTORY + YREAD_CHUNK];
    size_t hist_len;
    uint64_t hist_off;
    uint32_t hist_line, hist_col;
};

/* libyaml's read handler (`data` is the struct yreader). */
int yreader_read(void *data, unsigned char *buffer, size_t size, size_t *size_read);
/* Line and column (1-based) of a byte offset of the input; false when it is no longer
 * known (file input keeps only the last bytes, where libyaml's errors lie). */
bool yreader_position(const struct yreader *r, uint64_t off, uint32_t *line, uint32_t *col);
/* Whether the whole input is blanks and line breaks (read to its end, if need be). */
bool yreader_blank(struct yreader *r);

/* ---- the builder (ytree_build.c) ---- */

/* A collection under construction: children are gathered in a vector (reused from one
 * collection to the next at the same depth) and copied into the arena at its end. */
struct yframe {
    struct ynode *node;
    struct ynode **kids;     /* for a map: key, value, key, value, ... */
    size_t n, cap;
    char *anchor;            /* the anchor it defines when complete, or NULL */
    struct ylazy *lazy;      /* the streamed trace: items are encoded, not kept */
};

/* An anchor's node: a node of the tree, or (defined inside a trace item that is
 * complete) a node of the item's encoding, decoded again for each alias. */
struct yanchor {
    char *name;                 /* NULL: a free slot */
    struct ynode *node;         /* or NULL, and then: */
    const struct ylazy *enc;
    size_t offset;
    uint32_t prev_line;
    bool first;
};

struct yopen_anchor {
    char *name;              /* owned copy */
    const struct ynode *node;
};

struct ybuilder {
    struct ytree *t;
    const char *file;
    uint32_t line0, col0;
    struct diag_list *diags;
    struct yreader *reader;
    bool stream_trace;
    struct yframe *stack;
    size_t depth, cap;
    size_t lazy_depth;       /* depth of the lazy frame + 1, or 0 */
    struct arena item;       /* scratch for the item being streamed */
    struct yanchor *anchors;  /* open addressing by name; later definitions replace */
    size_t n_anchors, anchors_cap;
    struct yopen_anchor *open_anchors;  /* defined inside the open trace item */
    size_t n_open, open_cap;
    uint64_t nodes;          /* nodes kept in the tree's arena */
    uint64_t alias_nodes, alias_bytes;
    bool ok;
    bool stop;               /* a limit was hit: parse no further */
    bool blank;              /* the input holds only blanks (libyaml may stumble on tabs) */
};

__attribute__((format(printf, 3, 4)))
void ybuild_error(struct ybuilder *b, struct scn_loc loc, const char *fmt, ...);
/* Nodes inside a streamed trace item go to the scratch arena. */
bool ybuild_in_item(const struct ybuilder *b);
/* The arena the node being built goes to: the tree's, or the item's scratch. */
struct arena *ybuild_arena(struct ybuilder *b);
/* Counts a node allocated in `a` against the limit of kept nodes (`alias`: a copy made
 * for an alias); false, after reporting and stopping the parse, past it. */
bool ybuild_count_node(struct ybuilder *b, const struct arena *a, struct scn_loc loc,
                       bool alias);

/* ---- anchors and aliases (ytree_alias.c) ---- */

/* Registers an anchor once its node is complete (`name`, malloc'd, is handed over). */
void yanchor_define(struct ybuilder *b, char *name, struct ynode *n);
/* The anchor of that name, or NULL. */
const struct yanchor *yanchor_find(const struct ybuilder *b, const char *name);
/* Encodes a complete trace item into `z`, pointing the anchors defined in it at the
 * encoding. */
void yanchor_encode_item(struct ybuilder *b, struct ylazy *z, const struct ynode *item);
/* A copy of an anchor's node for the alias at `use`, in the current arena; NULL past the
 * limits of aliases (reported). */
struct ynode *yalias_copy(struct ybuilder *b, const struct yanchor *an, struct scn_loc use);

/* ---- tags (ytree_tag.c) ---- */

/* Applies the explicit tag `tag` (libyaml's form; NULL: none) to a node, or reports it. */
void ytag_apply(struct ybuilder *b, struct ynode *n, const char *tag);

#endif
