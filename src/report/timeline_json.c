/* SPDX-License-Identifier: GPL-2.0-only */
/* A run's timelines as Chrome Trace Event Format JSON (see timeline_json.h).
 *
 * The file is {"traceEvents": [...], "displayTimeUnit": ..., "otherData": {...}}: every
 * event is an object jansson builds and writes, one at a time, so that a timeline of half
 * a million events never has to exist as one JSON tree in memory; only the array's
 * brackets and commas are written here.
 *
 * Processes are models (pid 1, 2, ...), threads are tracks (tid: the track's number,
 * record/timeline.h), named by metadata events. Spans are complete events ("X"),
 * instants "i" (thread scope), and each instance's instants are joined by a flow: "s" at
 * its first, "t" at the ones between, "f" (binding to the enclosing slice) at its last. */
#include "report/timeline_json.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/vgic_model.h"
#include "util/xalloc.h"

struct writer {
    FILE *out;
    bool first;
    bool failed;
    uint32_t clock_mhz;
};

static void emit(struct writer *w, json_t *ev)
{
    if (!w->failed && fputs(w->first ? "\n" : ",\n", w->out) == EOF)
        w->failed = true;
    w->first = false;
    if (!w->failed && json_dumpf(ev, w->out, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                                 JSON_REAL_PRECISION(15)) != 0)
        w->failed = true;
    json_decref(ev);
}

static json_t *timestamp(const struct writer *w, uint64_t cycles)
{
    if (!w->clock_mhz)
        return json_integer((json_int_t)cycles);
    return json_real((double)cycles / w->clock_mhz);
}

static json_t *event(const struct writer *w, const char *name, const char *cat, const char *ph,
                     uint64_t ts, uint32_t pid, uint32_t tid)
{
    json_t *ev = json_object();
    json_object_set_new(ev, "name", json_string(name));
    if (cat)
        json_object_set_new(ev, "cat", json_string(cat));
    json_object_set_new(ev, "ph", json_string(ph));
    json_object_set_new(ev, "ts", timestamp(w, ts));
    json_object_set_new(ev, "pid", json_integer(pid));
    json_object_set_new(ev, "tid", json_integer(tid));
    return ev;
}

static void metadata(struct writer *w, const char *what, uint32_t pid, uint32_t tid,
                     json_t *args)
{
    json_t *ev = json_object();
    json_object_set_new(ev, "name", json_string(what));
    json_object_set_new(ev, "ph", json_string("M"));
    json_object_set_new(ev, "pid", json_integer(pid));
    json_object_set_new(ev, "tid", json_integer(tid));
    json_object_set_new(ev, "args", args);
    emit(w, ev);
}

/* ---- track names, looked up by track ---- */

static int by_track(const void *a, const void *b)
{
    const struct timeline_name *x = *(const struct timeline_name *const *)a;
    const struct timeline_name *y = *(const struct timeline_name *const *)b;
    return x->track < y->track ? -1 : x->track > y->track;
}

struct names {
    const struct timeline_name **sorted;
    size_t n;
};

static void names_init(struct names *nm, const struct timeline *tl)
{
    nm->n = tl->n_names;
    nm->sorted = xmalloc((nm->n ? nm->n : 1) * sizeof(*nm->sorted));
    for (size_t i = 0; i < nm->n; i++)
        nm->sorted[i] = &tl->names[i];
    qsort(nm->sorted, nm->n, sizeof(*nm->sorted), by_track);
}

static const char *track_name(const struct names *nm, uint32_t track)
{
    size_t lo = 0, hi = nm->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (nm->sorted[mid]->track < track)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nm->n && nm->sorted[lo]->track == track ? nm->sorted[lo]->name : "?";
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- flows: each instance's instants in order ---- */

struct flow_key {
    uint64_t id;
    size_t event;
};

static int by_instance(const void *a, const void *b)
{
    const struct flow_key *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->event < y->event ? -1 : x->event > y->event;
}

/* phase[e]: the flow phase of instant e ('s', 't', 'f'), or 0 for none (an instance
 * with one instant in the timeline). */
static char *flow_phases(const struct timeline *tl)
{
    char *phase = xcalloc(tl->n ? tl->n : 1, 1);
    struct flow_key *keys = xmalloc((tl->n ? tl->n : 1) * sizeof(*keys));
    size_t n = 0;
    for (size_t e = 0; e < tl->n; e++)
        if (tl->events[e].id)
            keys[n++] = (struct flow_key){tl->events[e].id, e};
    qsort(keys, n, sizeof(*keys), by_instance);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && keys[j].id == keys[i].id)
            j++;
        if (j - i > 1) {
            phase[keys[i].event] = 's';
            for (size_t k = i + 1; k < j - 1; k++)
                phase[keys[k].event] = 't';
            phase[keys[j - 1].event] = 'f';
        }
        i = j;
    }
    free(keys);
    return phase;
}

/* ---- one model ---- */

static const char *const instant_names[] = {
    [TL_RAISED] = "raised", [TL_LISTED] = "listed", [TL_ACKED] = "acknowledged",
    [TL_COMPLETED] = "completed",
};

static void span_name(const struct timeline *tl, const struct names *nm,
                      const struct timeline_event *e, char *buf, size_t size)
{
    switch ((enum timeline_kind)e->kind) {
    case TL_INJECT: snprintf(buf, size, "inject INTID %u", e->arg); return;
    case TL_EXIT:
        snprintf(buf, size, "exit (%s)",
                 e->arg < VGIC_EXIT_REASONS ? vgic_exit_reason_names[e->arg] : "?");
        return;
    case TL_HANDLE: snprintf(buf, size, e->arg ? "wake-up" : "handle the exit"); return;
    case TL_FLUSH: snprintf(buf, size, "flush"); return;
    case TL_ENTRY: snprintf(buf, size, "entry"); return;
    case TL_ACCESS:
        snprintf(buf, size, "%s", e->arg < tl->n_access_names && tl->access_names[e->arg]
                                      ? tl->access_names[e->arg] : "access");
        return;
    case TL_HANDLER: snprintf(buf, size, "handler INTID %u", e->arg); return;
    case TL_HOLD: snprintf(buf, size, "held by %s", track_name(nm, e->arg)); return;
    case TL_WAIT: snprintf(buf, size, "wait for %s", track_name(nm, e->arg)); return;
    case TL_BLOCKED: snprintf(buf, size, "blocked in WFI"); return;
    default: snprintf(buf, size, "?"); return;
    }
}

static const char *category(enum timeline_kind kind)
{
    switch (kind) {
    case TL_INJECT: return "host";
    case TL_HOLD:
    case TL_WAIT: return "contention";
    case TL_RAISED:
    case TL_LISTED:
    case TL_ACKED:
    case TL_COMPLETED: return "instance";
    default: return "vcpu";
    }
}

static void write_model(struct writer *w, const struct timeline_of_model *m, uint32_t pid)
{
    const struct timeline *tl = m->tl;
    metadata(w, "process_name", pid, 0, json_pack("{s:s}", "name", m->model));
    metadata(w, "process_sort_index", pid, 0, json_pack("{s:i}", "sort_index", (int)pid));
    struct names nm;
    names_init(&nm, tl);
    /* Only tracks with events get a thread (a 512-vCPU run's idle ones stay out). */
    uint32_t *tracks = xmalloc((tl->n ? tl->n : 1) * sizeof(*tracks));
    for (size_t e = 0; e < tl->n; e++)
        tracks[e] = tl->events[e].track;
    qsort(tracks, tl->n, sizeof(*tracks), by_u32);
    for (size_t i = 0; i < tl->n; i++) {
        if (i && tracks[i] == tracks[i - 1])
            continue;
        metadata(w, "thread_name", pid, tracks[i],
                 json_pack("{s:s}", "name", track_name(&nm, tracks[i])));
        metadata(w, "thread_sort_index", pid, tracks[i],
                 json_pack("{s:I}", "sort_index", (json_int_t)tracks[i]));
    }
    free(tracks);

    char *phase = flow_phases(tl);
    char name[160];
    for (size_t i = 0; i < tl->n; i++) {
        const struct timeline_event *e = &tl->events[i];
        enum timeline_kind kind = (enum timeline_kind)e->kind;
        if (kind < TL_RAISED) {
            span_name(tl, &nm, e, name, sizeof(name));
            json_t *ev = event(w, name, category(kind), "X", e->ts, pid, e->track);
            json_object_set_new(ev, "dur", timestamp(w, e->dur));
            json_object_set_new(ev, "args", json_pack("{s:I,s:I}", "from_cycle",
                                                      (json_int_t)e->ts, "cycles",
                                                      (json_int_t)e->dur));
            emit(w, ev);
            continue;
        }
        snprintf(name, sizeof(name), "%s INTID %u", instant_names[kind], e->arg);
        json_t *ev = event(w, name, category(kind), "i", e->ts, pid, e->track);
        json_object_set_new(ev, "s", json_string("t"));
        char id[32];
        snprintf(id, sizeof(id), "0x%" PRIx64, e->id);
        json_object_set_new(ev, "args", json_pack("{s:I,s:s,s:I}", "intid", (json_int_t)e->arg,
                                                  "instance", id, "cycle", (json_int_t)e->ts));
        emit(w, ev);
        if (phase[i]) {
            char ph[2] = {phase[i], 0};
            snprintf(name, sizeof(name), "INTID %u", e->arg);
            json_t *flow = event(w, name, "instance", ph, e->ts, pid, e->track);
            json_object_set_new(flow, "id", json_string(id));
            if (phase[i] != 's')
                json_object_set_new(flow, "bp", json_string("e"));
            emit(w, flow);
        }
    }
    free(phase);
    free(nm.sorted);
}

int timeline_json_write(FILE *out, const struct timeline_doc *doc)
{
    struct writer w = {.out = out, .first = true, .clock_mhz = doc->clock_mhz};
    if (fputs("{\"traceEvents\": [", out) == EOF)
        return -1;
    for (size_t i = 0; i < doc->n_models; i++)
        write_model(&w, &doc->models[i], (uint32_t)i + 1);
    if (w.failed || fputs("\n],\n\"displayTimeUnit\": \"ns\",\n\"otherData\": ", out) == EOF)
        return -1;

    json_t *other = json_object();
    json_object_set_new(other, "generator", json_string("vgicsim"));
    json_object_set_new(other, "version", json_string(doc->version));
    json_object_set_new(other, "scenario", json_string(doc->scenario));
    json_object_set_new(other, "seed", json_integer((json_int_t)doc->seed));
    json_object_set_new(other, "ts_unit", json_string(doc->clock_mhz ? "us" : "cycles"));
    json_object_set_new(other, "clock_mhz", doc->clock_mhz ? json_integer(doc->clock_mhz)
                                                           : json_null());
    json_object_set_new(other, "event_cap", json_integer(TIMELINE_MAX_EVENTS));
    json_t *window = json_array(), *truncated = json_array();
    if (doc->n_models) {
        json_array_append_new(window, json_integer((json_int_t)doc->models[0].tl->from));
        uint64_t to = doc->models[0].tl->to;
        json_array_append_new(window, to == UINT64_MAX ? json_null() : json_integer((json_int_t)to));
    }
    for (size_t i = 0; i < doc->n_models; i++)
        if (doc->models[i].tl->truncated)
            json_array_append_new(truncated, json_string(doc->models[i].model));
    json_object_set_new(other, "window_cycles", window);
    json_object_set_new(other, "truncated", truncated);
    int rc = json_dumpf(other, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(other);
    if (rc != 0 || fputs("\n}\n", out) == EOF)
        return -1;
    return 0;
}
