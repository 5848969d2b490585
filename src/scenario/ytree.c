#include "scenario/ytree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/xalloc.h"

void ytree_init(struct ytree *t)
{
    arena_init(&t->arena);
    t->root = NULL;
}

void ytree_free(struct ytree *t)
{
    arena_free(&t->arena);
    t->root = NULL;
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

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n_pairs; i++)
        if (strcmp(map->pairs[i].key->str, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

static struct ynode *node_new(struct ytree *t, enum ynode_type type, struct scn_loc loc)
{
    struct ynode *n = arena_alloc(&t->arena, sizeof(*n));
    n->type = type;
    n->loc = loc;
    return n;
}

struct ynode *ynode_new_map(struct ytree *t, struct scn_loc loc)
{
    return node_new(t, YNODE_MAP, loc);
}

struct ynode *ynode_new_scalar(struct ytree *t, struct scn_loc loc, const char *s, size_t len,
                               bool plain)
{
    struct ynode *n = node_new(t, YNODE_SCALAR, loc);
    n->str = arena_strndup(&t->arena, s, len);
    n->len = len;
    n->plain = plain;
    return n;
}

struct ynode *ynode_copy(struct ytree *t, const struct ynode *n)
{
    struct ynode *c = node_new(t, n->type, n->loc);
    *c = *n;
    if (n->n_items) {
        c->items = arena_alloc(&t->arena, n->n_items * sizeof(*c->items));
        memcpy(c->items, n->items, n->n_items * sizeof(*c->items));
    }
    if (n->n_pairs) {
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

/* ---- building the tree from libyaml events ---- */

/* A collection under construction: children are gathered in a heap vector and
 * copied into the arena when the collection ends. */
struct frame {
    struct ynode *node;
    struct ynode **kids;     /* for a map: key, value, key, value, ... */
    size_t n, cap;
};

struct anchor {
    char *name;
    struct ynode *node;
};

struct builder {
    struct ytree *t;
    const char *file;
    uint32_t line0, col0;
    struct diag_list *diags;
    struct frame *stack;
    size_t depth, cap;
    struct anchor *anchors;
    size_t n_anchors;
    bool ok;
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

static void add_anchor(struct builder *b, const yaml_char_t *name, struct ynode *n)
{
    if (!name)
        return;
    b->anchors = xrealloc(b->anchors, (b->n_anchors + 1) * sizeof(*b->anchors));
    b->anchors[b->n_anchors++] = (struct anchor){xstrdup((const char *)name), n};
}

static struct ynode *find_anchor(const struct builder *b, const char *name)
{
    /* Later definitions of the same anchor name override earlier ones (YAML 1.2 rule). */
    for (size_t i = b->n_anchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return b->anchors[i].node;
    return NULL;
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
    if (f->node->type == YNODE_MAP && f->n % 2 == 0) {
        /* n is a key */
        if (n->type != YNODE_SCALAR) {
            diag_add(b->diags, n->loc.file, n->loc.line, n->loc.col,
                     "mapping keys must be plain scalars, not %s", ynode_type_name(n));
            b->ok = false;
        } else {
            for (size_t i = 0; i < f->n; i += 2) {
                /* Earlier keys that were not scalars are already reported. */
                if (f->kids[i]->type != YNODE_SCALAR)
                    continue;
                if (strcmp(f->kids[i]->str, n->str) == 0) {
                    diag_add(b->diags, n->loc.file, n->loc.line, n->loc.col,
                             "duplicate key '%s' (first given at line %u)", n->str,
                             f->kids[i]->loc.line);
                    b->ok = false;
                    break;
                }
            }
        }
    }
    frame_push_kid(f, n);
}

static void push_collection(struct builder *b, struct ynode *n)
{
    if (b->depth == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->stack = xrealloc(b->stack, b->cap * sizeof(*b->stack));
    }
    b->stack[b->depth++] = (struct frame){.node = n};
}

static void pop_collection(struct builder *b)
{
    struct frame f = b->stack[--b->depth];
    struct ynode *n = f.node;
    if (n->type == YNODE_SEQ) {
        n->items = arena_alloc(&b->t->arena, f.n * sizeof(*n->items));
        if (f.n)  /* an empty list has no kids vector (memcpy from NULL is undefined) */
            memcpy(n->items, f.kids, f.n * sizeof(*n->items));
        n->n_items = f.n;
    } else {
        size_t np = f.n / 2;
        n->pairs = arena_alloc(&b->t->arena, np * sizeof(*n->pairs));
        size_t out = 0;
        for (size_t i = 0; i + 1 < f.n; i += 2) {
            if (f.kids[i]->type != YNODE_SCALAR)
                continue;  /* already reported */
            n->pairs[out++] = (struct ypair){f.kids[i], f.kids[i + 1]};
        }
        n->n_pairs = out;
    }
    free(f.kids);
    attach(b, n);
}

static void syntax_error(struct builder *b, const yaml_parser_t *p)
{
    struct scn_loc loc = mark_loc(b, p->problem_mark);
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->context)
        diag_add(b->diags, loc.file, loc.line, loc.col, "YAML syntax error: %s %s", problem,
                 p->context);
    else
        diag_add(b->diags, loc.file, loc.line, loc.col, "YAML syntax error: %s", problem);
    b->ok = false;
}

bool ytree_parse(struct ytree *t, const char *file, const char *text, size_t len,
                 uint32_t line0, uint32_t col0, struct diag_list *diags)
{
    struct builder b = {
        .t = t, .file = arena_strdup(&t->arena, file), .line0 = line0, .col0 = col0,
        .diags = diags, .ok = true,
    };
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_add(diags, file, 0, 0, "cannot initialise the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

    int documents = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            syntax_error(&b, &parser);
            break;
        }
        struct scn_loc loc = mark_loc(&b, ev.start_mark);
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                diag_add(diags, loc.file, loc.line, loc.col,
                         "a scenario file holds exactly one YAML document; found a second one");
                b.ok = false;
                done = true;
            }
            break;
        case YAML_SCALAR_EVENT: {
            struct ynode *n = ynode_new_scalar(t, loc, (const char *)ev.data.scalar.value,
                                               ev.data.scalar.length,
                                               ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
            add_anchor(&b, ev.data.scalar.anchor, n);
            attach(&b, n);
            break;
        }
        case YAML_SEQUENCE_START_EVENT: {
            struct ynode *n = node_new(t, YNODE_SEQ, loc);
            add_anchor(&b, ev.data.sequence_start.anchor, n);
            push_collection(&b, n);
            break;
        }
        case YAML_MAPPING_START_EVENT: {
            struct ynode *n = node_new(t, YNODE_MAP, loc);
            add_anchor(&b, ev.data.mapping_start.anchor, n);
            push_collection(&b, n);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            pop_collection(&b);
            break;
        case YAML_ALIAS_EVENT: {
            struct ynode *target = find_anchor(&b, (const char *)ev.data.alias.anchor);
            if (!target) {
                diag_add(diags, loc.file, loc.line, loc.col, "unknown alias '*%s'",
                         (const char *)ev.data.alias.anchor);
                b.ok = false;
                target = ynode_new_scalar(t, loc, "", 0, false);
            }
            attach(&b, target);
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    while (b.depth > 0)
        free(b.stack[--b.depth].kids);
    free(b.stack);
    for (size_t i = 0; i < b.n_anchors; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    /* An empty document ("---" alone) holds an empty plain scalar: no content. */
    if (!b.ok || (t->root && t->root->type == YNODE_SCALAR && t->root->plain &&
                  t->root->len == 0))
        t->root = NULL;
    return b.ok;
}

/* Line and column (1-based) of a byte offset, for errors found before parsing. */
static void offset_position(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

bool ytree_load_file(struct ytree *t, const char *path, struct diag_list *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, path, 0, 0, "cannot open the scenario: %s", strerror(errno));
        return false;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            text = xrealloc(text, cap);
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    bool read_error = ferror(f);
    int saved_errno = errno;
    fclose(f);
    if (read_error) {
        /* Reading a directory lands here (EISDIR). */
        diag_add(diags, path, 0, 0, "cannot read the scenario: %s", strerror(saved_errno));
        free(text);
        return false;
    }

    bool ok = false;
    const char *nul = memchr(text, '\0', len);
    size_t blank = 0;
    while (blank < len && strchr(" \t\r\n", text[blank]))
        blank++;
    if (nul) {
        uint32_t line, col;
        offset_position(text, (size_t)(nul - text), &line, &col);
        diag_add(diags, path, line, col,
                 "this is a binary file, not a YAML scenario (NUL byte at offset %zu)",
                 (size_t)(nul - text));
    } else if (blank == len) {
        diag_add(diags, path, 1, 1,
                 "the scenario file is empty (it needs at least 'version: 1', 'gic' and a "
                 "trace or workload)");
    } else if (ytree_parse(t, path, text, len, 0, 0, diags)) {
        if (!t->root) {
            /* Only comments or an empty document. */
            diag_add(diags, path, 1, 1,
                     "the scenario holds no YAML content (it needs at least 'version: 1', "
                     "'gic' and a trace or workload)");
        } else {
            ok = true;
        }
    }
    free(text);
    return ok;
}
