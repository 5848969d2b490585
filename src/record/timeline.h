/* SPDX-License-Identifier: GPL-2.0-only */
/* A run as a timeline: what each vCPU, each host injector thread and each lock (or cache
 * line) did when, kept compactly while the simulation runs and written afterwards in the
 * Chrome Trace Event Format (report/timeline_json.c; `vgicsim run --timeline`), which
 * Perfetto's UI and chrome://tracing open.
 *
 * Tracks: one per vCPU, per injector and per lock or line that was held or waited for.
 * Spans: injections, lock holds and waits, exits, flushes, entries, trapped accesses and
 * interrupt handlers. Instants: an instance raised, listed, acknowledged and completed,
 * each carrying the instance's id so that the writer can link them with flow arrows.
 *
 * Bounded: only what overlaps a window of simulated time is kept (the whole run by
 * default), and at most TIMELINE_MAX_EVENTS events; past that the timeline stops and says
 * so (timeline_truncated). Not thread-safe: one timeline belongs to one simulation. */
#ifndef VGICSIM_RECORD_TIMELINE_H
#define VGICSIM_RECORD_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { TIMELINE_MAX_EVENTS = 500000 };

enum timeline_kind {
    /* spans */
    TL_INJECT,        /* arg: INTID */
    TL_EXIT,          /* leaving the guest and syncing; arg: the exit reason (vgic's) */
    TL_HANDLE,        /* handling the exit (a trapped access's emulation); arg 1: the
                         wake-up from WFI instead */
    TL_FLUSH,         /* the flush of the list registers */
    TL_ENTRY,         /* the world switch back in */
    TL_ACCESS,        /* a trapped register access, issued to done; arg: recorder kind */
    TL_HANDLER,       /* an interrupt's handler, IAR to EOIR; arg: INTID */
    TL_HOLD,          /* a lock or line held; arg: the holder's track */
    TL_WAIT,          /* a wait for a lock or line; arg: the resource's track */
    TL_BLOCKED,       /* a vCPU blocked in WFI */
    /* instants (dur 0) */
    TL_RAISED,        /* arg: INTID; id: the instance */
    TL_LISTED,
    TL_ACKED,
    TL_COMPLETED,
    TL_KINDS,
};

/* Tracks: vCPUs are 0.., injectors TIMELINE_INJECTOR_TRACK + k, resources
 * TIMELINE_RESOURCE_TRACK + their order of first appearance. */
enum { TIMELINE_INJECTOR_TRACK = 1u << 20, TIMELINE_RESOURCE_TRACK = 1u << 24 };

struct timeline_event {
    uint64_t ts, dur;
    uint64_t id;
    uint32_t track;
    uint16_t kind;
    uint32_t arg;
};

struct timeline_resource {
    uint16_t kind;    /* the model's resource kind (vgic_res_kind) */
    uint32_t index;
};

struct timeline_name {
    uint32_t track;
    char *name;
};

struct timeline {
    uint64_t from, to;                 /* the window, in cycles (inclusive) */
    struct timeline_event *events;
    size_t n, cap;
    bool truncated;                    /* TIMELINE_MAX_EVENTS reached: later ones dropped */
    struct timeline_resource *res;     /* track TIMELINE_RESOURCE_TRACK + i */
    size_t n_res, cap_res;
    uint32_t *slots;                   /* res index + 1 by hash of (kind, index); 0 free */
    size_t cap_slots;
    struct timeline_name *names;       /* the tracks' names, in the order given */
    size_t n_names, cap_names;
    char **access_names;               /* TL_ACCESS's arg names a register (the recorder's
                                          access kinds) */
    size_t n_access_names;
};

/* An empty timeline keeping what overlaps [from, to] (cycles). */
void timeline_init(struct timeline *tl, uint64_t from, uint64_t to);
void timeline_free(struct timeline *tl);

/* A span [from, until) on `track` (kept when it overlaps the window). */
void timeline_span(struct timeline *tl, uint32_t track, enum timeline_kind kind, uint32_t arg,
                   uint64_t from, uint64_t until);
/* An instant at t: an instance `id` of INTID `intid`. */
void timeline_instant(struct timeline *tl, uint32_t track, enum timeline_kind kind,
                      uint32_t intid, uint64_t id, uint64_t t);
/* The track of a resource (a lock, a line), found by its owner's kind and index; *is_new
 * says whether this is its first appearance (the caller then names it). */
uint32_t timeline_resource_track(struct timeline *tl, uint16_t kind, uint32_t index,
                                 bool *is_new);
/* Names a track (copied); name each track once. */
void timeline_name_track(struct timeline *tl, uint32_t track, const char *name);
/* Names TL_ACCESS's arg `kind` (copied). */
void timeline_name_access(struct timeline *tl, uint32_t kind, const char *name);

#endif
