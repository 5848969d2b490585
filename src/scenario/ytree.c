/* SPDX-License-Identifier: GPL-2.0-only */
#include "scenario/ytree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/number.h"
#include "util/xalloc.h"

/* ---- the encoded items of a lazy sequence ---- */

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

static void enc_reserve(struct ylazy *z, size_t more)
{
    if (z->cap - z->len >= more)
        return;
    size_t cap = z->cap ? z->cap : 4096;
    while (cap - z->len < more)
        cap *= 2;
    z->buf = xrealloc(z->buf, cap);
    z->cap = cap;
}

static void enc_byte(struct ylazy *z, unsigned char b)
{
    enc_reserve(z, 1);
    z->buf[z->len++] = b;
}

static void enc_varint(struct ylazy *z, uint64_t v)
{
    enc_reserve(z, 10);
    while (v >= 0x80) {
        z->buf[z->len++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    z->buf[z->len++] = (unsigned char)v;
}

/* Where a node of an item landed in the encoding, for an anchor on it. */
struct enc_mark {
    const struct ynode *node;   /* the node looked for */
    size_t offset;              /* found: its first byte */
    uint32_t prev_line;         /* the line its delta is relative to */
    bool first, found;
};

struct enc_marks {
    struct enc_mark *items;
    size_t count;
};

static void enc_node(struct ylazy *z, const struct ynode *n, uint32_t *prev_line, bool first,
                     struct enc_marks *marks)
{
    for (size_t k = 0; k < marks->count; k++) {
        if (marks->items[k].node == n && !marks->items[k].found)
            marks->items[k] = (struct enc_mark){n, z->len, *prev_line, first, true};
    }
    enc_byte(z, (unsigned char)(n->type | (n->plain ? 4 : 0) | (n->via_alias ? 8 : 0) |
                                (n->tag << 4)));
    if (first) {
        enc_varint(z, n->loc.line);
    } else {
        int64_t d = (int64_t)n->loc.line - (int64_t)*prev_line;
        enc_varint(z, d >= 0 ? (uint64_t)d << 1 : ((uint64_t)(-d) << 1) | 1);
    }
    *prev_line = n->loc.line;
    enc_varint(z, n->loc.col);
    if (n->via_alias)
        enc_varint(z, n->def_line);
    switch (n->type) {
    case YNODE_SCALAR:
        enc_varint(z, n->len);
        enc_reserve(z, n->len);
        memcpy(z->buf + z->len, n->str, n->len);
        z->len += n->len;
        break;
    case YNODE_SEQ:
        enc_varint(z, n->n_items);
        for (size_t i = 0; i < n->n_items; i++)
            enc_node(z, n->items[i], prev_line, false, marks);
        break;
    case YNODE_MAP:
        enc_varint(z, n->n_pairs);
        for (size_t i = 0; i < n->n_pairs; i++) {
            enc_node(z, n->pairs[i].key, prev_line, false, marks);
            enc_node(z, n->pairs[i].value, prev_line, false, marks);
        }
        break;
    }
}

static void lazy_append(struct ylazy *z, const struct ynode *item, struct enc_marks *marks)
{
    if (z->count == z->starts_cap) {
        z->starts_cap = z->starts_cap ? z->starts_cap * 2 : 1024;
        z->starts = xrealloc(z->starts, z->starts_cap * sizeof(*z->starts));
    }
    z->starts[z->count++] = z->len;
    uint32_t line = 0;
    enc_node(z, item, &line, true, marks);
}

static uint64_t dec_varint(const unsigned char **p)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
}

static struct ynode *dec_node(const unsigned char **p, struct arena *a, const char *file,
                              uint32_t *prev_line, bool first)
{
    struct ynode *n = arena_alloc(a, sizeof(*n));
    unsigned char head = *(*p)++;
    n->type = head & 3;
    n->plain = head & 4;
    n->via_alias = head & 8;
    n->tag = head >> 4;
    uint64_t l = dec_varint(p);
    if (first)
        n->loc.line = (uint32_t)l;
    else
        n->loc.line = (uint32_t)(l & 1 ? *prev_line - (l >> 1) : *prev_line + (l >> 1));
    *prev_line = n->loc.line;
    n->loc.col = (uint32_t)dec_varint(p);
    n->loc.file = file;
    if (n->via_alias)
        n->def_line = (uint32_t)dec_varint(p);
    switch (n->type) {
    case YNODE_SCALAR:
        n->len = dec_varint(p);
        n->str = arena_strndup(a, (const char *)*p, n->len);
        *p += n->len;
        break;
    case YNODE_SEQ:
        n->n_items = dec_varint(p);
        n->items = arena_alloc(a, n->n_items * sizeof(*n->items));
        for (size_t i = 0; i < n->n_items; i++)
            n->items[i] = dec_node(p, a, file, prev_line, false);
        break;
    case YNODE_MAP:
        n->n_pairs = dec_varint(p);
        n->pairs = arena_alloc(a, n->n_pairs * sizeof(*n->pairs));
        for (size_t i = 0; i < n->n_pairs; i++) {
            n->pairs[i].key = dec_node(p, a, file, prev_line, false);
            n->pairs[i].value = dec_node(p, a, file, prev_line, false);
        }
        break;
    }
    return n;
}

static void lazy_free(struct ylazy *z)
{
    while (z) {
        struct ylazy *next = z->next;
        free(z->buf);
        free(z->starts);
        free(z);
        z = next;
    }
}

/* ---- nodes ---- */

void ytree_init(struct ytree *t)
{
    arena_init(&t->arena);
    t->root = NULL;
    t->lazy = NULL;
}

void ytree_free(struct ytree *t)
{
    arena_free(&t->arena);
    lazy_free(t->lazy);
    t->root = NULL;
    t->lazy = NULL;
}

const char *ynode_type_name(const struct ynode *n)
{
    switch (n->type) {
    case YNODE_SCALAR: return "a scalar";
    case YNODE_SEQ: return "a list";
    case YNODE_MAP: return "a map";
    }
    return "?";
}

const char *ytag_name(enum ytag tag)
{
    static const char *const names[] = {
        [YTAG_NONE] = "", [YTAG_STR] = "!!str", [YTAG_INT] = "!!int", [YTAG_BOOL] = "!!bool",
        [YTAG_NULL] = "!!null", [YTAG_SEQ] = "!!seq", [YTAG_MAP] = "!!map",
    };
    return tag <= YTAG_MAP ? names[tag] : "?";
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n_pairs; i++) {
        const char *k = map->pairs[i].key->str;
        if (k[0] == key[0] && strcmp(k, key) == 0)
            return map->pairs[i].value;
    }
    return NULL;
}

struct ynode *ynode_item(const struct ynode *seq, size_t i, struct arena *scratch)
{
    if (!seq->lazy)
        return seq->items[i];
    const struct ylazy_view *v = seq->lazy;
    for (size_t k = 0; k < v->n_patches; k++)
        if (v->patches[k].index == i)
            return v->patches[k].node;
    const unsigned char *p = v->enc->buf + v->enc->starts[i];
    uint32_t line = 0;
    return dec_node(&p, scratch, v->enc->file, &line, true);
}

void ynode_set_item(struct ytree *t, struct ynode *seq, size_t i, struct ynode *value)
{
    if (!seq->lazy) {
        seq->items[i] = value;
        return;
    }
    const struct ylazy_view *old = seq->lazy;
    struct ylazy_view *v = arena_alloc(&t->arena, sizeof(*v));
    struct ypatch *patches = arena_alloc(&t->arena, (old->n_patches + 1) * sizeof(*patches));
    size_t n = 0;
    for (size_t k = 0; k < old->n_patches; k++)
        if (old->patches[k].index != i)
            patches[n++] = old->patches[k];
    patches[n++] = (struct ypatch){i, value};
    *v = (struct ylazy_view){.enc = old->enc, .patches = patches, .n_patches = n};
    seq->lazy = v;
}

static struct ynode *node_new(struct arena *a, enum ynode_type type, struct scn_loc loc)
{
    struct ynode *n = arena_alloc(a, sizeof(*n));
    n->type = (uint8_t)type;
    n->loc = loc;
    return n;
}

struct ynode *ynode_new_map(struct ytree *t, struct scn_loc loc)
{
    return node_new(&t->arena, YNODE_MAP, loc);
}

static struct ynode *scalar_new(struct arena *a, struct scn_loc loc, const char *s, size_t len,
                                bool plain)
{
    struct ynode *n = node_new(a, YNODE_SCALAR, loc);
    n->str = arena_strndup(a, s, len);
    n->len = len;
    n->plain = plain;
    return n;
}

struct ynode *ynode_new_scalar(struct ytree *t, struct scn_loc loc, const char *s, size_t len,
                               bool plain)
{
    return scalar_new(&t->arena, loc, s, len, plain);
}

struct ynode *ynode_copy(struct ytree *t, const struct ynode *n)
{
    struct ynode *c = node_new(&t->arena, n->type, n->loc);
    *c = *n;
    if (n->type == YNODE_SEQ && !n->lazy && n->n_items) {
        c->items = arena_alloc(&t->arena, n->n_items * sizeof(*c->items));
        memcpy(c->items, n->items, n->n_items * sizeof(*c->items));
    }
    if (n->type == YNODE_MAP && n->n_pairs) {
        c->pairs = arena_alloc(&t->arena, n->n_pairs * sizeof(*c->pairs));
        memcpy(c->pairs, n->pairs, n->n_pairs * sizeof(*c->pairs));
    }
    return c;
}

void ynode_map_set(struct ytree *t, struct ynode *map, struct ynode *key, struct ynode *value)
{
    for (size_t i = 0; i < map->n_pairs; i++) {
        if (strcmp(map->pairs[i].key->str, key->str) == 0) {
            map->pairs[i].value = value;
            return;
        }
    }
    map->pairs = arena_grow(&t->arena, map->pairs, map->n_pairs * sizeof(*map->pairs),
                            (map->n_pairs + 1) * sizeof(*map->pairs));
    map->pairs[map->n_pairs++] = (struct ypair){key, value};
}

/* ---- reading the input ---- */

/* libyaml pulls the input through this reader, which enforces the size limit and
 * remembers enough of what it handed over to locate an encoding error: libyaml gives
 * a byte offset for those, not a line and column, and its errors lie in the last
 * bytes it was handed (its raw buffer holds 16 KiB). */
enum { READ_CHUNK = 16384, HISTORY = 4 * READ_CHUNK, HISTORY_KEEP = 2 * READ_CHUNK };

enum text_encoding { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

struct reader {
    FILE *f;                    /* a file, or */
    const unsigned char *text;  /* text in memory */
    size_t text_len;
    uint64_t total;             /* bytes handed to libyaml */
    uint64_t nonblank;          /* not blanks or line breaks, in the first chunk that has any */
    int read_errno;             /* a read error, or 0 */
    bool too_big;
    enum text_encoding enc;     /* as found at the start */
    size_t bom;                 /* bytes of a byte order mark at the start */
    /* File input: the last bytes handed over, and the position of the first of them. */
    unsigned char hist[HISTORY + READ_CHUNK];
    size_t hist_len;
    uint64_t hist_off;
    uint32_t hist_line, hist_col;
};

/* The encoding libyaml will detect (it looks for a UTF-16 byte order mark). */
static enum text_encoding detect_encoding(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
        return ENC_UTF16LE;
    if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
        return ENC_UTF16BE;
    return ENC_UTF8;
}

/* Advances a line/column position over bytes (columns count characters: UTF-8
 * continuation bytes and UTF-16 low surrogates do not start one). */
static void advance(const unsigned char *p, size_t n, uint32_t *line, uint32_t *col)
{
    const unsigned char *end = p + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
        (*line)++;
        *col = 1;
        p = nl + 1;
    }
    for (; p < end; p++)
        *col += (*p & 0xc0) != 0x80;
}

static void advance_enc(enum text_encoding enc, const unsigned char *p, size_t n,
                        uint32_t *line, uint32_t *col)
{
    if (enc == ENC_UTF8) {
        advance(p, n, line, col);
        return;
    }
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned unit = enc == ENC_UTF16LE ? p[i] | (unsigned)p[i + 1] << 8
                                           : (unsigned)p[i] << 8 | p[i + 1];
        if (unit == '\n') {
            (*line)++;
            *col = 1;
        } else if (unit < 0xdc00 || unit > 0xdfff) {
            (*col)++;
        }
    }
}

/* Bytes of a byte order mark at the start of the input (not a character). */
static size_t bom_length(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        return 3;
    return detect_encoding(p, n) != ENC_UTF8 ? 2 : 0;
}

static size_t count_nonblank(const unsigned char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n';
    return k;
}

static void remember(struct reader *r, const unsigned char *p, size_t n)
{
    if (r->total == 0) {
        r->enc = detect_encoding(p, n);
        r->bom = bom_length(p, n);
        r->hist_off = r->bom;  /* positions count from after the mark */
        p += r->bom;
        n -= r->bom;
    }
    if (r->hist_len + n > HISTORY) {
        size_t drop = (r->hist_len - HISTORY_KEEP) & ~(size_t)1;  /* whole UTF-16 units */
        advance_enc(r->enc, r->hist, drop, &r->hist_line, &r->hist_col);
        memmove(r->hist, r->hist + drop, r->hist_len - drop);
        r->hist_len -= drop;
        r->hist_off += drop;
    }
    memcpy(r->hist + r->hist_len, p, n);
    r->hist_len += n;
}

static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    struct reader *r = data;
    *size_read = 0;
    if (r->total >= YTREE_MAX_INPUT_BYTES) {
        r->too_big = true;
        return 0;
    }
    if (size > READ_CHUNK)
        size = READ_CHUNK;
    if (size > YTREE_MAX_INPUT_BYTES - r->total)
        size = (size_t)(YTREE_MAX_INPUT_BYTES - r->total);
    size_t got;
    if (r->f) {
        got = fread(buffer, 1, size, r->f);
        if (got == 0 && ferror(r->f)) {
            r->read_errno = errno ? errno : EIO;
            return 0;
        }
        remember(r, buffer, got);
    } else {
        got = r->text_len - (size_t)r->total;
        if (got > size)
            got = size;
        memcpy(buffer, r->text + r->total, got);
    }
    if (r->nonblank == 0)  /* only whether there is any is asked */
        r->nonblank = count_nonblank(buffer, got);
    r->total += got;
    *size_read = got;
    return 1;
}

/* Line and column (1-based) of a byte offset of the input; false when it is no longer
 * known (file input keeps only the last bytes, where libyaml's errors lie). */
static bool reader_position(const struct reader *r, uint64_t off, uint32_t *line, uint32_t *col)
{
    if (!r->f) {
        size_t bom = bom_length(r->text, r->text_len);
        size_t end = (size_t)(off < r->text_len ? off : r->text_len);
        *line = 1;
        *col = 1;
        if (end > bom)
            advance_enc(detect_encoding(r->text, r->text_len), r->text + bom, end - bom, line,
                        col);
        return true;
    }
    if (off < r->hist_off || off > r->hist_off + r->hist_len) {
        *line = *col = off < r->hist_off && off <= r->bom ? 1 : 0;
        return *line != 0;
    }
    *line = r->hist_line;
    *col = r->hist_col;
    advance_enc(r->enc, r->hist, (size_t)(off - r->hist_off), line, col);
    return true;
}

/* ---- building the tree from libyaml events ---- */

/* A collection under construction: children are gathered in a vector (reused from one
 * collection to the next at the same depth) and copied into the arena at its end. */
struct frame {
    struct ynode *node;
    struct ynode **kids;     /* for a map: key, value, key, value, ... */
    size_t n, cap;
    char *anchor;            /* the anchor it defines when complete, or NULL */
    struct ylazy *lazy;      /* the streamed trace: items are encoded, not kept */
};

/* An anchor's node: a node of the tree, or (defined inside a trace item that is
 * complete) a node of the item's encoding, decoded again for each alias. */
struct anchor {
    char *name;                 /* NULL: a free slot */
    struct ynode *node;         /* or NULL, and then: */
    const struct ylazy *enc;
    size_t offset;
    uint32_t prev_line;
    bool first;
};

struct open_anchor {
    char *name;              /* owned copy */
    const struct ynode *node;
};

struct builder {
    struct ytree *t;
    const char *file;
    uint32_t line0, col0;
    struct diag_list *diags;
    struct reader *reader;
    bool stream_trace;
    struct frame *stack;
    size_t depth, cap;
    size_t lazy_depth;       /* depth of the lazy frame + 1, or 0 */
    struct arena item;       /* scratch for the item being streamed */
    struct anchor *anchors;  /* open addressing by name; later definitions replace */
    size_t n_anchors, anchors_cap;
    struct open_anchor *open_anchors;  /* defined inside the open trace item */
    size_t n_open, open_cap;
    uint64_t nodes;          /* nodes kept in the tree's arena */
    uint64_t alias_nodes, alias_bytes;
    bool ok;
    bool stop;               /* a limit was hit: parse no further */
    bool blank;              /* the input holds only blanks (libyaml may stumble on tabs) */
};

static struct scn_loc mark_loc(const struct builder *b, yaml_mark_t m)
{
    if (b->col0 > 0) {
        /* Part of a one-line argument: libyaml moves the mark to a new line at the end
         * of the text (and the text may hold line breaks), but the argument is one line. */
        return (struct scn_loc){
            .file = b->file, .line = b->line0 + 1, .col = (uint32_t)m.index + 1 + b->col0,
        };
    }
    return (struct scn_loc){
        .file = b->file,
        .line = (uint32_t)m.line + 1 + b->line0,
        .col = (uint32_t)m.column + 1,
    };
}

__attribute__((format(printf, 3, 4)))
static void berror(struct builder *b, struct scn_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_add(b->diags, loc.file, loc.line, loc.col, "%s", msg);
    free(msg);
    b->ok = false;
}

/* Nodes inside a streamed trace item go to the scratch arena. */
static bool in_item(const struct builder *b)
{
    return b->lazy_depth && b->depth >= b->lazy_depth;
}

static struct arena *cur_arena(struct builder *b)
{
    return in_item(b) ? &b->item : &b->t->arena;
}

/* Counts a node allocated in `a` against the limit of kept nodes (`alias`: a copy
 * made for an alias). */
static bool count_node(struct builder *b, const struct arena *a, struct scn_loc loc,
                       bool alias)
{
    if (a != &b->t->arena || ++b->nodes <= YTREE_MAX_NODES)
        return true;
    if (alias)
        berror(b, loc, "this alias expands the scenario past %llu YAML nodes outside its "
               "trace (the limit; a YAML bomb?)", (unsigned long long)YTREE_MAX_NODES);
    else
        berror(b, loc, "the scenario has more than %llu YAML nodes outside its trace (the "
               "limit; see docs/scenario-format.md)", (unsigned long long)YTREE_MAX_NODES);
    b->stop = true;
    return false;
}

/* Counts a node repeated by the alias at `use` against the limits of aliases. */
static bool count_alias(struct builder *b, const struct ynode *n, const struct scn_loc *use)
{
    b->alias_nodes++;
    if (n->type == YNODE_SCALAR)
        b->alias_bytes += n->len;
    if (b->alias_nodes <= YTREE_MAX_ALIAS_NODES && b->alias_bytes <= YTREE_MAX_ALIAS_BYTES)
        return true;
    if (!b->stop)
        berror(b, *use, "aliases repeat more than %llu nodes or %llu MiB of text in all (the "
               "limit; a YAML bomb?)", (unsigned long long)YTREE_MAX_ALIAS_NODES,
               (unsigned long long)(YTREE_MAX_ALIAS_BYTES >> 20));
    b->stop = true;
    return false;
}

/* A node repeated at `level` must not nest deeper than the limit either (an alias can
 * put a deep node deep down, and anchors on such nodes would compound). */
static bool check_copy_depth(struct builder *b, const struct ynode *n, size_t level,
                             struct scn_loc loc)
{
    if (n->type == YNODE_SCALAR || level < YTREE_MAX_DEPTH)
        return true;
    if (!b->stop)
        berror(b, loc, "with this alias, lists and maps are nested more than %d deep (the "
               "limit)", YTREE_MAX_DEPTH);
    b->stop = true;
    return false;
}

/* Makes `n`, in `a` at nesting `level`, a node repeated by the alias at `use`: counted
 * against the limits of aliases, nodes and depth (false, after reporting, past them)
 * and located at the alias (errors inside a repeated node point at the alias that
 * repeats it), remembering the line of the node it repeats. */
static bool repeat_at(struct builder *b, const struct arena *a, struct ynode *n,
                      const struct scn_loc *use, size_t level)
{
    if (!count_alias(b, n, use) || !check_copy_depth(b, n, level, *use) ||
        !count_node(b, a, *use, true))
        return false;
    n->def_line = n->via_alias ? n->def_line : n->loc.line;
    n->via_alias = true;
    n->loc = *use;
    return true;
}

/* A copy of `n` in `a`, at nesting `level`, repeated by the alias at `use` (see
 * repeat_at); NULL past the limits. */
static struct ynode *deep_copy(struct builder *b, struct arena *a, const struct ynode *n,
                               const struct scn_loc *use, size_t level)
{
    struct ynode *c = arena_alloc(a, sizeof(*c));
    *c = *n;
    if (!repeat_at(b, a, c, use, level))
        return NULL;
    switch (n->type) {
    case YNODE_SCALAR:
        c->str = arena_strndup(a, n->str, n->len);
        break;
    case YNODE_SEQ:
        c->items = arena_alloc(a, n->n_items * sizeof(*c->items));
        for (size_t i = 0; i < n->n_items; i++)
            if (!(c->items[i] = deep_copy(b, a, n->items[i], use, level + 1)))
                return NULL;
        break;
    case YNODE_MAP:
        c->pairs = arena_alloc(a, n->n_pairs * sizeof(*c->pairs));
        for (size_t i = 0; i < n->n_pairs; i++) {
            if (!(c->pairs[i].key = deep_copy(b, a, n->pairs[i].key, use, level + 1)) ||
                !(c->pairs[i].value = deep_copy(b, a, n->pairs[i].value, use, level + 1)))
                return NULL;
        }
        break;
    }
    return c;
}

/* Marks a node decoded from an encoded anchor, and every node under it, as repeated by
 * the alias at `use` (see repeat_at). */
static bool relabel(struct builder *b, struct arena *a, struct ynode *n,
                    const struct scn_loc *use, size_t level)
{
    if (!repeat_at(b, a, n, use, level))
        return false;
    if (n->type == YNODE_SEQ) {
        for (size_t i = 0; i < n->n_items; i++)
            if (!relabel(b, a, n->items[i], use, level + 1))
                return false;
    } else if (n->type == YNODE_MAP) {
        for (size_t i = 0; i < n->n_pairs; i++)
            if (!relabel(b, a, n->pairs[i].key, use, level + 1) ||
                !relabel(b, a, n->pairs[i].value, use, level + 1))
                return false;
    }
    return true;
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u;  /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `name`: its anchor, or the free slot where it goes. */
static size_t anchor_slot(const struct builder *b, const char *name)
{
    size_t mask = b->anchors_cap - 1, i = (size_t)hash_name(name) & mask;
    while (b->anchors[i].name && strcmp(b->anchors[i].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Registers an anchor once its node is complete (`name` is handed over). A later
 * definition of the same name replaces the earlier one (YAML 1.2 rule). Inside a trace
 * item the node lives in the item's scratch until the item is encoded (see
 * encode_item). */
static void define_anchor(struct builder *b, char *name, struct ynode *n)
{
    if (2 * (b->n_anchors + 1) > b->anchors_cap) {
        struct anchor *old = b->anchors;
        size_t old_cap = b->anchors_cap;
        b->anchors_cap = old_cap ? old_cap * 2 : 64;
        b->anchors = xcalloc(b->anchors_cap, sizeof(*b->anchors));
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].name)
                b->anchors[anchor_slot(b, old[i].name)] = old[i];
        free(old);
    }
    size_t i = anchor_slot(b, name);
    if (b->anchors[i].name)
        free(b->anchors[i].name);
    else
        b->n_anchors++;
    b->anchors[i] = (struct anchor){.name = name, .node = n};
    if (in_item(b)) {
        if (b->n_open == b->open_cap) {
            b->open_cap = b->open_cap ? b->open_cap * 2 : 8;
            b->open_anchors = xrealloc(b->open_anchors, b->open_cap * sizeof(*b->open_anchors));
        }
        b->open_anchors[b->n_open++] = (struct open_anchor){xstrdup(name), n};
    }
}

static const struct anchor *find_anchor(const struct builder *b, const char *name)
{
    if (!b->anchors_cap)
        return NULL;
    const struct anchor *an = &b->anchors[anchor_slot(b, name)];
    return an->name && (an->node || an->enc) ? an : NULL;
}

/* Encodes a complete trace item. Its scratch is reused for the next one, so anchors
 * defined inside it are pointed at the encoding instead. */
static void encode_item(struct builder *b, struct ylazy *z, const struct ynode *item)
{
    struct enc_mark one;
    struct enc_marks marks = {&one, b->n_open};
    if (b->n_open > 1)
        marks.items = xmalloc(b->n_open * sizeof(*marks.items));
    for (size_t k = 0; k < b->n_open; k++)
        marks.items[k] = (struct enc_mark){.node = b->open_anchors[k].node};
    lazy_append(z, item, &marks);
    for (size_t k = 0; k < b->n_open; k++) {
        struct anchor *an = &b->anchors[anchor_slot(b, b->open_anchors[k].name)];
        const struct enc_mark *m = &marks.items[k];
        /* Unless redefined since, or dropped from the item (a key that was reported). */
        if (an->name && an->node == m->node) {
            an->node = NULL;
            if (m->found) {
                an->enc = z;
                an->offset = m->offset;
                an->prev_line = m->prev_line;
                an->first = m->first;
            }
        }
        free(b->open_anchors[k].name);
    }
    if (marks.items != &one)
        free(marks.items);
    b->n_open = 0;
}

/* A copy of an anchor's node for an alias at `use`, in the current arena. */
static struct ynode *alias_copy(struct builder *b, const struct anchor *an, struct scn_loc use)
{
    struct arena *a = cur_arena(b);
    if (an->node)
        return deep_copy(b, a, an->node, &use, b->depth);
    const unsigned char *p = an->enc->buf + an->offset;
    uint32_t line = an->prev_line;
    struct ynode *n = dec_node(&p, a, an->enc->file, &line, an->first);
    return relabel(b, a, n, &use, b->depth) ? n : NULL;
}

static void frame_push_kid(struct frame *f, struct ynode *kid)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->kids = xrealloc(f->kids, f->cap * sizeof(*f->kids));
    }
    f->kids[f->n++] = kid;
}

/* Attaches a finished node to the collection being built (or makes it the root). */
static void attach(struct builder *b, struct ynode *n)
{
    if (b->depth == 0) {
        b->t->root = n;
        return;
    }
    struct frame *f = &b->stack[b->depth - 1];
    if (f->lazy) {
        encode_item(b, f->lazy, n);
        f->n++;
        arena_reset(&b->item);
        return;
    }
    if (f->node->type == YNODE_MAP && f->n % 2 == 0) {
        /* n is a key */
        if (n->type != YNODE_SCALAR) {
            berror(b, n->loc, "mapping keys must be plain scalars, not %s", ynode_type_name(n));
        } else {
            for (size_t i = 0; i < f->n; i += 2) {
                /* Earlier keys that were not scalars are already reported. */
                if (f->kids[i]->type != YNODE_SCALAR)
                    continue;
                if (f->kids[i]->str[0] == n->str[0] && strcmp(f->kids[i]->str, n->str) == 0) {
                    berror(b, n->loc, "duplicate key '%s' (first given at line %u)", n->str,
                           f->kids[i]->loc.line);
                    break;
                }
            }
        }
    }
    frame_push_kid(f, n);
}

static bool push_collection(struct builder *b, struct ynode *n, const yaml_char_t *anchor,
                            struct ylazy *lazy)
{
    if (b->depth >= YTREE_MAX_DEPTH) {
        berror(b, n->loc, "lists and maps are nested more than %d deep here (the limit)",
               YTREE_MAX_DEPTH);
        b->stop = true;
        return false;
    }
    if (b->depth == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        b->stack = xrealloc(b->stack, cap * sizeof(*b->stack));
        memset(b->stack + b->cap, 0, (cap - b->cap) * sizeof(*b->stack));
        b->cap = cap;
    }
    struct frame *f = &b->stack[b->depth++];
    f->node = n;
    f->n = 0;
    f->anchor = anchor ? xstrdup((const char *)anchor) : NULL;
    f->lazy = lazy;
    if (lazy)
        b->lazy_depth = b->depth;
    return true;
}

static void pop_collection(struct builder *b)
{
    struct frame *f = &b->stack[b->depth - 1];
    struct ynode *n = f->node;
    if (f->lazy) {
        n->n_items = f->n;
        b->lazy_depth = 0;
    } else if (n->type == YNODE_SEQ) {
        struct arena *a = cur_arena(b);
        n->items = arena_alloc(a, f->n * sizeof(*n->items));
        if (f->n)  /* an empty list has no kids vector (memcpy from NULL is undefined) */
            memcpy(n->items, f->kids, f->n * sizeof(*n->items));
        n->n_items = f->n;
    } else {
        size_t np = f->n / 2;
        n->pairs = arena_alloc(cur_arena(b), np * sizeof(*n->pairs));
        size_t out = 0;
        for (size_t i = 0; i + 1 < f->n; i += 2) {
            if (f->kids[i]->type != YNODE_SCALAR)
                continue;  /* already reported */
            n->pairs[out++] = (struct ypair){f->kids[i], f->kids[i + 1]};
        }
        n->n_pairs = out;
    }
    char *anchor = f->anchor;
    f->anchor = NULL;
    b->depth--;
    /* The node is complete; an anchor on it is defined from now on (still inside a
     * trace item's scratch when the item is not complete yet). */
    if (anchor) {
        b->depth++;
        define_anchor(b, anchor, n);
        b->depth--;
    }
    attach(b, n);
}

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
static void apply_tag(struct builder *b, struct ynode *n, const yaml_char_t *tag_u)
{
    if (!tag_u)
        return;
    const char *tag = (const char *)tag_u;
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
        berror(b, n->loc, "unsupported YAML tag '%s' (vgicsim accepts !!str, !!int, !!bool, "
               "!!null, !!seq and !!map)", shown);
    } else if ((t == YTAG_SEQ) != (n->type == YNODE_SEQ) ||
               (t == YTAG_MAP) != (n->type == YNODE_MAP)) {
        berror(b, n->loc, "the tag '%s' is on %s", shown, ynode_type_name(n));
    } else if (t == YTAG_INT && !is_int_text(n->str)) {
        berror(b, n->loc, "the tag '!!int' is on '%s', which is not an integer", n->str);
    } else if (t == YTAG_BOOL && !is_bool_text(n->str)) {
        berror(b, n->loc, "the tag '!!bool' is on '%s', which is not true or false", n->str);
    } else if (t == YTAG_NULL && !is_null_text(n->str)) {
        berror(b, n->loc, "the tag '!!null' is on '%s', which is not null", n->str);
    } else {
        n->tag = (uint8_t)t;
        if (t == YTAG_STR)
            n->plain = false;  /* a string, whatever it looks like */
        else if (n->type == YNODE_SCALAR)
            n->plain = true;   /* an int, bool or null, even if quoted */
    }
    free(shown);
}

/* Whether the sequence starting now is the value of the top-level `trace` key. */
static bool is_top_trace(const struct builder *b, const yaml_event_t *ev)
{
    if (!b->stream_trace || b->depth != 1 || ev->data.sequence_start.anchor)
        return false;
    const struct frame *f = &b->stack[0];
    return f->node->type == YNODE_MAP && f->n % 2 == 1 &&
           f->kids[f->n - 1]->type == YNODE_SCALAR && !strcmp(f->kids[f->n - 1]->str, "trace");
}

/* Whether the whole input is blanks and line breaks (read to its end, if need be). */
static bool input_blank(struct reader *r)
{
    unsigned char buf[READ_CHUNK];
    size_t got;
    while (r->nonblank == 0 && read_handler(r, buf, sizeof(buf), &got) && got > 0)
        ;
    return r->nonblank == 0 && !r->too_big && !r->read_errno;
}

static void syntax_error(struct builder *b, const yaml_parser_t *p)
{
    struct reader *r = b->reader;
    if (b->col0 == 0 && r->nonblank == 0 && input_blank(r)) {
        b->blank = true;  /* reported by the caller: an empty file */
        b->ok = false;
        return;
    }
    if (r->too_big) {
        uint32_t line = 0, col = 0;
        reader_position(r, r->total, &line, &col);
        diag_add(b->diags, b->file, line, col,
                 "the scenario is larger than %llu MiB (the limit); reading stopped here",
                 (unsigned long long)(YTREE_MAX_INPUT_BYTES >> 20));
        b->ok = false;
        return;
    }
    if (r->read_errno) {
        diag_add(b->diags, b->file, 0, 0, "cannot read the scenario: %s",
                 strerror(r->read_errno));
        b->ok = false;
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        /* libyaml leaves problem_mark at 0 here; problem_offset is the byte. */
        uint32_t line = 0, col = 0;
        if (b->col0 > 0) {
            line = b->line0 + 1;
            col = b->col0 + 1 + (uint32_t)p->problem_offset;
        } else {
            reader_position(r, p->problem_offset, &line, &col);
            line += b->line0;
        }
        const char *problem = p->problem ? p->problem : "invalid text";
        if (p->problem_value == 0 && strstr(problem, "control characters"))
            diag_add(b->diags, b->file, line, col,
                     "this is a binary file, not a YAML scenario (NUL byte at offset %zu)",
                     p->problem_offset);
        else if (p->problem_value >= 0)
            diag_add(b->diags, b->file, line, col,
                     "invalid text: %s (0x%x at byte offset %zu; scenarios are UTF-8, or "
                     "UTF-16 with a byte order mark)",
                     problem, (unsigned)p->problem_value, p->problem_offset);
        else
            diag_add(b->diags, b->file, line, col, "invalid text: %s (at byte offset %zu)",
                     problem, p->problem_offset);
        b->ok = false;
        return;
    }
    struct scn_loc loc = mark_loc(b, p->problem_mark);
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->context)
        diag_add(b->diags, loc.file, loc.line, loc.col, "YAML syntax error: %s %s", problem,
                 p->context);
    else
        diag_add(b->diags, loc.file, loc.line, loc.col, "YAML syntax error: %s", problem);
    b->ok = false;
}

/* Handles one event; false once parsing must stop. */
static bool on_event(struct builder *b, yaml_event_t *ev, int *documents)
{
    struct scn_loc loc = mark_loc(b, ev->start_mark);
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        return false;
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1) {
            berror(b, loc, "a scenario file holds exactly one YAML document; found a second one");
            return false;
        }
        return true;
    case YAML_SCALAR_EVENT: {
        if (!count_node(b, cur_arena(b), loc, false))
            return false;
        struct ynode *n = scalar_new(cur_arena(b), loc, (const char *)ev->data.scalar.value,
                                     ev->data.scalar.length,
                                     ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
        apply_tag(b, n, ev->data.scalar.tag);
        if (ev->data.scalar.anchor)
            define_anchor(b, xstrdup((const char *)ev->data.scalar.anchor), n);
        attach(b, n);
        return !b->stop;
    }
    case YAML_SEQUENCE_START_EVENT: {
        struct ylazy *lazy = NULL;
        if (is_top_trace(b, ev)) {
            lazy = xcalloc(1, sizeof(*lazy));
            lazy->file = b->file;
            lazy->next = b->t->lazy;
            b->t->lazy = lazy;
        }
        if (!count_node(b, cur_arena(b), loc, false))
            return false;
        struct ynode *n = node_new(cur_arena(b), YNODE_SEQ, loc);
        apply_tag(b, n, ev->data.sequence_start.tag);
        if (lazy) {
            struct ylazy_view *v = arena_alloc(&b->t->arena, sizeof(*v));
            v->enc = lazy;
            n->lazy = v;
        }
        return push_collection(b, n, ev->data.sequence_start.anchor, lazy);
    }
    case YAML_MAPPING_START_EVENT: {
        if (!count_node(b, cur_arena(b), loc, false))
            return false;
        struct ynode *n = node_new(cur_arena(b), YNODE_MAP, loc);
        apply_tag(b, n, ev->data.mapping_start.tag);
        return push_collection(b, n, ev->data.mapping_start.anchor, NULL);
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        pop_collection(b);
        return !b->stop;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        const struct anchor *target = find_anchor(b, name);
        struct ynode *n = NULL;
        if (!target) {
            bool open = false;
            for (size_t i = 0; i < b->depth; i++)
                open |= b->stack[i].anchor && !strcmp(b->stack[i].anchor, name);
            if (open)
                berror(b, loc, "the alias '*%s' is inside the node it names (a node cannot "
                       "contain itself)", name);
            else
                berror(b, loc, "unknown alias '*%s'", name);
            n = scalar_new(cur_arena(b), loc, "", 0, false);
        } else {
            n = alias_copy(b, target, loc);
            if (!n)
                return false;
        }
        attach(b, n);
        return !b->stop;
    }
    default:
        return true;
    }
}

static bool parse_with(struct ytree *t, const char *file, struct reader *r, uint32_t line0,
                       uint32_t col0, bool stream_trace, struct diag_list *diags, bool *blank)
{
    struct builder b = {
        .t = t, .file = arena_strdup(&t->arena, file), .line0 = line0, .col0 = col0,
        .diags = diags, .reader = r, .stream_trace = stream_trace, .ok = true,
    };
    arena_init(&b.item);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_add(diags, file, 0, 0, "cannot initialise the YAML parser");
        return false;
    }
    yaml_parser_set_input(&parser, read_handler, r);

    int documents = 0;
    for (bool more = true; more;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(&b, &parser);
            break;
        }
        more = on_event(&b, &ev, &documents);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    for (size_t i = 0; i < b.cap; i++) {
        free(b.stack[i].kids);
        free(b.stack[i].anchor);
    }
    free(b.stack);
    for (size_t i = 0; i < b.anchors_cap; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    for (size_t k = 0; k < b.n_open; k++)
        free(b.open_anchors[k].name);
    free(b.open_anchors);
    arena_free(&b.item);
    if (blank)
        *blank = b.blank;
    /* An empty document ("---" alone) holds an empty plain scalar: no content. */
    if (!b.ok || (t->root && t->root->type == YNODE_SCALAR && t->root->plain &&
                  t->root->len == 0))
        t->root = NULL;
    return b.ok;
}

bool ytree_parse(struct ytree *t, const char *file, const char *text, size_t len,
                 uint32_t line0, uint32_t col0, bool stream_trace, struct diag_list *diags)
{
    struct reader *r = xcalloc(1, sizeof(*r));
    r->text = (const unsigned char *)text;
    r->text_len = len;
    bool blank = false;
    bool ok = parse_with(t, file, r, line0, col0, stream_trace, diags, &blank);
    if (blank)  /* the caller reports an empty text */
        ok = true;
    free(r);
    return ok;
}

const char *ytree_file_label(const char *path)
{
    return strcmp(path, "-") == 0 ? YTREE_STDIN_LABEL : path;
}

bool ytree_load_file(struct ytree *t, const char *path, struct diag_list *diags)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *label = ytree_file_label(path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        diag_add(diags, path, 0, 0, "cannot open the scenario: %s", strerror(errno));
        return false;
    }
    struct reader *r = xcalloc(1, sizeof(*r));
    r->f = f;
    r->hist_line = r->hist_col = 1;
    bool blank = false;
    bool ok = parse_with(t, label, r, 0, 0, true, diags, &blank);
    if ((ok || blank) && !t->root) {
        ok = false;
        if (r->nonblank == 0)
            diag_add(diags, label, 1, 1,
                     "the scenario file is empty (it needs at least 'version: 1', 'gic' and "
                     "a trace or workload)");
        else
            diag_add(diags, label, 1, 1,
                     "the scenario holds no YAML content (it needs at least 'version: 1', "
                     "'gic' and a trace or workload)");
    }
    if (!is_stdin)
        fclose(f);
    free(r);
    return ok;
}
