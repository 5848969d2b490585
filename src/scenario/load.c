/* SPDX-License-Identifier: GPL-2.0-only */
#include "scenario/load.h"

#include <stdlib.h>
#include <string.h>

#include "scenario/convert_internal.h"
#include "scenario/override.h"
#include "scenario/ytree.h"
#include "util/xalloc.h"

void scenario_free(struct scenario *s)
{
    arena_free(&s->arena);
    memset(s, 0, sizeof(*s));
}

/* The default name: the file's base name without a .yaml/.yml extension. */
static const char *default_name(struct scenario *s, const char *path)
{
    if (strcmp(path, YTREE_STDIN_LABEL) == 0)
        return arena_strdup(&s->arena, "stdin");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
        len -= 5;
    else if (len > 4 && strcmp(base + len - 4, ".yml") == 0)
        len -= 4;
    return arena_strndup(&s->arena, base, len);
}

static const char *const top_keys[] = {
    "version", "name", "description", "seed", "gic", "costs", "guest",
    "trace", "workload", "expect", "hypervisor", "host", "its", "run", NULL,
};

static void conv_run(struct conv *c, const struct ynode *n)
{
    static const char *const keys[] = {"until", NULL};
    if (!conv_expect_type(c, n, YNODE_MAP, "run"))
        return;
    conv_check_keys(c, n, "run", keys);
    const struct ynode *until = ynode_get(n, "until");
    if (until && conv_cycles(c, until, "run.until", &c->s->until))
        c->s->has_until = true;
}

static void conv_root(struct conv *c, const struct ynode *root)
{
    struct scenario *s = c->s;
    if (root->type != YNODE_MAP) {
        conv_error(c, root, "a scenario is a map (version, gic, trace, ...), not %s",
                   ynode_type_name(root));
        return;
    }
    conv_check_keys(c, root, "the scenario", top_keys);

    const struct ynode *n = ynode_get(root, "version");
    uint64_t version;
    if (!n)
        conv_error(c, root, "missing required key 'version' (write 'version: 1')");
    else if (conv_u64(c, n, "version", &version) && version != 1)
        conv_error(c, n, "version: this is format version 1; version %s is not supported",
                   n->str);

    if ((n = ynode_get(root, "name")))
        conv_string(c, n, "name", &s->name);
    if ((n = ynode_get(root, "description")))
        conv_string(c, n, "description", &s->description);
    s->seed = 1;
    if ((n = ynode_get(root, "seed")))
        conv_u64(c, n, "seed", &s->seed);

    const struct ynode *gic = ynode_get(root, "gic");
    if (gic) {
        conv_gic(c, gic);
    } else {
        conv_error(c, root, "missing required key 'gic' (the machine: version, vcpus, ...)");
        c->version_ok = c->vcpus_ok = c->spis_ok = c->its_ok = c->lpis_ok = false;
    }
    conv_costs(c, ynode_get(root, "costs"));
    conv_guest(c, ynode_get(root, "guest"));
    conv_hypervisor(c, ynode_get(root, "hypervisor"));
    conv_host(c, ynode_get(root, "host"));
    conv_its(c, ynode_get(root, "its"));

    if ((n = ynode_get(root, "run")))
        conv_run(c, n);

    const struct ynode *trace = ynode_get(root, "trace");
    const struct ynode *workload = ynode_get(root, "workload");
    if (trace)
        conv_trace(c, trace);
    if (workload)
        conv_workload(c, workload);
    if (!trace && !workload)
        conv_error(c, root, "nothing to simulate: give a 'trace', a 'workload' or both");
    else if (s->n_steps == 0 && s->n_generators == 0 &&
             (!trace || trace->type == YNODE_SEQ) && (!workload || workload->type == YNODE_SEQ))
        conv_error(c, trace ? trace : workload,
                   "nothing to simulate: the trace and the workload are both empty");

    /* An unbounded generator needs an end of time (an invalid run.until is reported
     * on its own). */
    if (!s->has_until && !ynode_get(ynode_get(root, "run"), "until")) {
        for (size_t i = 0; i < s->n_generators; i++) {
            const struct scn_generator *g = &s->generators[i];
            if (!g->has_count) {
                struct ynode at = {.loc = g->loc};
                conv_error(c, &at,
                           "workload[%zu]: without 'count' this generator never ends; give "
                           "'count' or bound the run with 'run: {until: CYCLES}'",
                           i);
            }
        }
    }

    if ((n = ynode_get(root, "expect")))
        conv_expect(c, n);
}

/* Applies the overrides to `t` (whose nodes are only ever changed in copies), then
 * converts it into `out`. */
static bool load_tree(struct ytree *t, const char *path, const char *const *sets,
                      size_t n_sets, struct scenario *out, struct diag_list *diags)
{
    memset(out, 0, sizeof(*out));
    arena_init(&out->arena);
    size_t before = diags->count;
    for (size_t i = 0; i < n_sets; i++)
        override_apply(t, sets[i], (uint32_t)(i + 1), diags);
    if (diags->count != before) {
        diag_sort(diags);
        scenario_free(out);
        return false;
    }

    struct conv c = {
        .s = out, .diags = diags, .errors_at_start = before, .version_ok = true,
        .vcpus_ok = true, .spis_ok = true, .its_ok = true, .lpis_ok = true,
    };
    arena_init(&c.scratch);
    out->path = arena_strdup(&out->arena, path);
    conv_root(&c, t->root);
    arena_free(&c.scratch);
    if (!out->name)
        out->name = default_name(out, path);
    diag_sort(diags);
    if (diags->count != before) {
        scenario_free(out);
        return false;
    }
    return true;
}

bool scenario_load(const char *path, const char *const *sets, size_t n_sets,
                   struct scenario *out, struct diag_list *diags)
{
    struct scenario_source *src = scenario_source_open(path, diags);
    if (!src) {
        memset(out, 0, sizeof(*out));
        return false;
    }
    bool ok = scenario_source_load(src, sets, n_sets, out, diags);
    scenario_source_free(src);
    return ok;
}

bool scenario_load_text(const char *name, const char *text, size_t len,
                        const char *const *sets, size_t n_sets, struct scenario *out,
                        struct diag_list *diags)
{
    struct ytree t;
    ytree_init(&t);
    bool ok = false;
    memset(out, 0, sizeof(*out));
    if (ytree_parse(&t, name, text, len, 0, 0, true, diags)) {
        if (!t.root)
            diag_add(diags, name, 1, 1, "the scenario holds no YAML content");
        else
            ok = load_tree(&t, name, sets, n_sets, out, diags);
    }
    ytree_free(&t);
    return ok;
}

/* A source keeps the parsed file: its tree, with the trace's steps encoded compactly
 * (ytree.h). A load applies its overrides to copies of the nodes on their paths, in an
 * arena of its own, and converts; the source itself is never changed, so loads are
 * independent and the file is parsed once however many loads follow. */
struct scenario_source {
    char *label;        /* as locations name the file (ytree_file_label) */
    struct ytree tree;
};

struct scenario_source *scenario_source_open(const char *path, struct diag_list *diags)
{
    /* Only reading and YAML syntax are checked here: content errors may be fixed by
     * the overrides of a load. */
    struct scenario_source *src = xcalloc(1, sizeof(*src));
    ytree_init(&src->tree);
    if (!ytree_load_file(&src->tree, path, diags)) {
        ytree_free(&src->tree);
        free(src);
        return NULL;
    }
    src->label = xstrdup(ytree_file_label(path));
    return src;
}

bool scenario_source_load(const struct scenario_source *src, const char *const *sets,
                          size_t n_sets, struct scenario *out, struct diag_list *diags)
{
    /* A view of the source's tree: same nodes, but new nodes and copies go to its own
     * arena (and nothing of the source's is freed with it). */
    struct ytree view;
    ytree_init(&view);
    view.root = src->tree.root;
    bool ok = load_tree(&view, src->label, sets, n_sets, out, diags);
    ytree_free(&view);
    return ok;
}

void scenario_source_free(struct scenario_source *src)
{
    if (!src)
        return;
    ytree_free(&src->tree);
    free(src->label);
    free(src);
}
