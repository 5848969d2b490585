/* SPDX-License-Identifier: GPL-2.0-only */
/* Building the located tree from libyaml's events: collections on a stack, duplicate
 * and non-scalar keys, the depth and node limits, one document, the top-level trace
 * streamed item by item; syntax errors located; the entry points. The other jobs are the
 * files beside it (ytree_internal.h lists them). */
#include "scenario/ytree_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "util/escape.h"
#include "util/input_file.h"
#include "util/xalloc.h"

static struct scn_loc mark_loc(const struct ybuilder *b, yaml_mark_t m)
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

void ybuild_error(struct ybuilder *b, struct scn_loc loc, const char *fmt, ...)
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
bool ybuild_in_item(const struct ybuilder *b)
{
    return b->lazy_depth && b->depth >= b->lazy_depth;
}

struct arena *ybuild_arena(struct ybuilder *b)
{
    return ybuild_in_item(b) ? &b->item : &b->t->arena;
}

/* Counts a node allocated in `a` against the limit of kept nodes (`alias`: a copy
 * made for an alias). */
bool ybuild_count_node(struct ybuilder *b, const struct arena *a, struct scn_loc loc,
                        bool alias)
{
    if (a != &b->t->arena || ++b->nodes <= YTREE_MAX_NODES)
        return true;
    if (alias)
        ybuild_error(b, loc, "this alias expands the scenario past %llu YAML nodes outside its "
                     "trace (the limit; a YAML bomb?)", (unsigned long long)YTREE_MAX_NODES);
    else
        ybuild_error(b, loc, "the scenario has more than %llu YAML nodes outside its trace (the "
                     "limit; see docs/scenario-format.md)", (unsigned long long)YTREE_MAX_NODES);
    b->stop = true;
    return false;
}

static void frame_push_kid(struct yframe *f, struct ynode *kid)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->kids = xrealloc(f->kids, f->cap * sizeof(*f->kids));
    }
    f->kids[f->n++] = kid;
}

/* Attaches a finished node to the collection being built (or makes it the root). */
static void attach(struct ybuilder *b, struct ynode *n)
{
    if (b->depth == 0) {
        b->t->root = n;
        return;
    }
    struct yframe *f = &b->stack[b->depth - 1];
    if (f->lazy) {
        yanchor_encode_item(b, f->lazy, n);
        f->n++;
        arena_reset(&b->item);
        return;
    }
    if (f->node->type == YNODE_MAP && f->n % 2 == 0) {
        /* n is a key */
        if (n->type != YNODE_SCALAR) {
            ybuild_error(b, n->loc, "mapping keys must be plain scalars, not %s",
                         ynode_type_name(n));
        } else {
            for (size_t i = 0; i < f->n; i += 2) {
                /* Earlier keys that were not scalars are already reported. */
                if (f->kids[i]->type != YNODE_SCALAR)
                    continue;
                if (f->kids[i]->str[0] == n->str[0] && strcmp(f->kids[i]->str, n->str) == 0) {
                    ybuild_error(b, n->loc, "duplicate key '%s' (first given at line %u)",
                                 ESC(n->str), f->kids[i]->loc.line);
                    break;
                }
            }
        }
    }
    frame_push_kid(f, n);
}

static bool push_collection(struct ybuilder *b, struct ynode *n, const yaml_char_t *anchor,
                            struct ylazy *lazy)
{
    if (b->depth >= YTREE_MAX_DEPTH) {
        ybuild_error(b, n->loc, "lists and maps are nested more than %d deep here (the limit)",
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
    struct yframe *f = &b->stack[b->depth++];
    f->node = n;
    f->n = 0;
    f->anchor = anchor ? xstrdup((const char *)anchor) : NULL;
    f->lazy = lazy;
    if (lazy)
        b->lazy_depth = b->depth;
    return true;
}

static void pop_collection(struct ybuilder *b)
{
    struct yframe *f = &b->stack[b->depth - 1];
    struct ynode *n = f->node;
    if (f->lazy) {
        n->n_items = f->n;
        b->lazy_depth = 0;
    } else if (n->type == YNODE_SEQ) {
        struct arena *a = ybuild_arena(b);
        n->items = arena_alloc(a, f->n * sizeof(*n->items));
        if (f->n)  /* an empty list has no kids vector (memcpy from NULL is undefined) */
            memcpy(n->items, f->kids, f->n * sizeof(*n->items));
        n->n_items = f->n;
    } else {
        size_t np = f->n / 2;
        n->pairs = arena_alloc(ybuild_arena(b), np * sizeof(*n->pairs));
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
        yanchor_define(b, anchor, n);
        b->depth--;
    }
    attach(b, n);
}

/* Whether the sequence starting now is the value of the top-level `trace` key. */
static bool is_top_trace(const struct ybuilder *b, const yaml_event_t *ev)
{
    if (!b->stream_trace || b->depth != 1 || ev->data.sequence_start.anchor)
        return false;
    const struct yframe *f = &b->stack[0];
    return f->node->type == YNODE_MAP && f->n % 2 == 1 &&
           f->kids[f->n - 1]->type == YNODE_SCALAR && !strcmp(f->kids[f->n - 1]->str, "trace");
}

static void syntax_error(struct ybuilder *b, const yaml_parser_t *p)
{
    struct yreader *r = b->reader;
    if (b->col0 == 0 && r->nonblank == 0 && yreader_blank(r)) {
        b->blank = true;  /* reported by the caller: an empty file */
        b->ok = false;
        return;
    }
    if (r->too_big) {
        uint32_t line = 0, col = 0;
        yreader_position(r, r->total, &line, &col);
        diag_add(b->diags, b->file, line, col,
                 "the scenario is larger than %llu MiB (the limit); reading stopped here",
                 (unsigned long long)(YTREE_MAX_INPUT_BYTES >> 20));
        b->ok = false;
        return;
    }
    if (r->read_errno) {
        diag_add(b->diags, b->file, 0, 0, "cannot read the scenario: %s",
                 input_strerror(r->read_errno));
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
            yreader_position(r, p->problem_offset, &line, &col);
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
static bool on_event(struct ybuilder *b, yaml_event_t *ev, int *documents)
{
    struct scn_loc loc = mark_loc(b, ev->start_mark);
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        return false;
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1) {
            ybuild_error(b, loc,
                         "a scenario file holds exactly one YAML document; found a second one");
            return false;
        }
        return true;
    case YAML_SCALAR_EVENT: {
        if (!ybuild_count_node(b, ybuild_arena(b), loc, false))
            return false;
        const char *value = (const char *)ev->data.scalar.value;
        size_t length = ev->data.scalar.length;
        /* A quoted scalar may write a NUL ("\0", "\x00", "\u0000"); every string of the
         * scenario is a C string from here on, which would end at it ("seed\0typo" read
         * as seed), so it is refused where it is written. */
        if (memchr(value, '\0', length))
            ybuild_error(b, loc, "'%s' holds a NUL character (\\0): no string of a "
                         "scenario may contain one", ESCN(value, length));
        struct ynode *n = ynode_alloc_scalar(ybuild_arena(b), loc, value, length,
                                             ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
        ytag_apply(b, n, (const char *)ev->data.scalar.tag);
        if (ev->data.scalar.anchor)
            yanchor_define(b, xstrdup((const char *)ev->data.scalar.anchor), n);
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
        if (!ybuild_count_node(b, ybuild_arena(b), loc, false))
            return false;
        struct ynode *n = ynode_alloc(ybuild_arena(b), YNODE_SEQ, loc);
        ytag_apply(b, n, (const char *)ev->data.sequence_start.tag);
        if (lazy) {
            struct ylazy_view *v = arena_alloc(&b->t->arena, sizeof(*v));
            v->enc = lazy;
            n->lazy = v;
        }
        return push_collection(b, n, ev->data.sequence_start.anchor, lazy);
    }
    case YAML_MAPPING_START_EVENT: {
        if (!ybuild_count_node(b, ybuild_arena(b), loc, false))
            return false;
        struct ynode *n = ynode_alloc(ybuild_arena(b), YNODE_MAP, loc);
        ytag_apply(b, n, (const char *)ev->data.mapping_start.tag);
        return push_collection(b, n, ev->data.mapping_start.anchor, NULL);
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        pop_collection(b);
        return !b->stop;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        const struct yanchor *target = yanchor_find(b, name);
        struct ynode *n = NULL;
        if (!target) {
            bool open = false;
            for (size_t i = 0; i < b->depth; i++)
                open |= b->stack[i].anchor && !strcmp(b->stack[i].anchor, name);
            if (open)
                ybuild_error(b, loc, "the alias '*%s' is inside the node it names (a node cannot "
                             "contain itself)", ESC(name));
            else
                ybuild_error(b, loc, "unknown alias '*%s'", ESC(name));
            n = ynode_alloc_scalar(ybuild_arena(b), loc, "", 0, false);
        } else {
            n = yalias_copy(b, target, loc);
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

static bool parse_with(struct ytree *t, const char *file, struct yreader *r, uint32_t line0,
                       uint32_t col0, bool stream_trace, struct diag_list *diags, bool *blank)
{
    struct ybuilder b = {
        .t = t, .file = arena_strdup(&t->arena, file), .line0 = line0, .col0 = col0,
        .diags = diags, .reader = r, .stream_trace = stream_trace, .ok = true,
    };
    arena_init(&b.item);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_add(diags, file, 0, 0, "cannot initialise the YAML parser");
        return false;
    }
    yaml_parser_set_input(&parser, yreader_read, r);

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
    struct yreader *r = xcalloc(1, sizeof(*r));
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
    bool is_stdin = strcmp(path, "-") == 0, is_pipe = false;
    const char *label = ytree_file_label(path);
    /* Opened without waiting for a FIFO's writer, a device left non-blocking
     * (util/input_file.h). */
    int fd = is_stdin ? -1 : input_open(path, &is_pipe);
    FILE *f = is_stdin ? stdin : fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        diag_add(diags, path, 0, 0, "cannot open the scenario: %s", input_strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    struct yreader *r = xcalloc(1, sizeof(*r));
    r->f = f;
    r->hist_line = r->hist_col = 1;
    bool blank = false;
    bool ok = parse_with(t, label, r, 0, 0, true, diags, &blank);
    if ((ok || blank) && !t->root) {
        ok = false;
        if (is_pipe && r->total == 0)
            diag_add(diags, label, 1, 1, "nothing to read: %s", input_empty_why());
        else if (r->nonblank == 0)
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
