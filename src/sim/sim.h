/* SPDX-License-Identifier: GPL-2.0-only */
/* Running a scenario against one vGIC model: the simulated machine around the model
 * (vCPUs entering and leaving the guest, the guest's interrupt handling, devices,
 * the trace and the workload) driven by the discrete-event engine. */
#ifndef VGICSIM_SIM_SIM_H
#define VGICSIM_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vgic_model.h"
#include "record/recorder.h"
#include "scenario/scenario.h"
#include "util/diag.h"

/* A failed expectation: a trace `expect`/`check` or an end-of-run `expect`. */
struct sim_failure {
    struct scn_loc loc;
    char *message;
};

enum sim_stop {
    SIM_STOP_IDLE,        /* no event left */
    SIM_STOP_UNTIL,       /* run.until reached */
    SIM_STOP_LIMIT,       /* safety limit: the machine never went idle */
    SIM_STOP_STALLED,     /* simulated time stopped advancing (SIM_MAX_EVENTS_PER_CYCLE) */
    SIM_STOP_OVERLOADED,  /* too many operations waiting at once (SIM_MAX_WAITING_PROCESSES) */
    SIM_STOP_GUEST_MEMORY,/* the guest's memory written reached GUEST_MEM_MAX_PAGES (an ITS
                             whose tables a trace scatters over the address space) */
};
enum { SIM_NR_STOPS = SIM_STOP_GUEST_MEMORY + 1 };
/* Short name ("idle", "until", "safety_limit", "stalled", "overloaded", "guest_memory") and
 * a sentence saying why the run ended, for reports. */
const char *sim_stop_name(enum sim_stop stop);
const char *sim_stop_reason(enum sim_stop stop);

struct sim_result {
    const char *model;               /* "ref", "perf" */
    struct recorder *rec;
    struct vgic_counters counters;
    uint64_t end_time;               /* simulated cycle of the last event processed */
    enum sim_stop stop;
    uint64_t events;                 /* events processed */
    uint64_t dropped_sgis;           /* generated SGIs dropped: the sender's queue was full
                                        (SIM_MAX_QUEUED_ACTIONS) */
    size_t steps_done, steps_total;
    struct sim_failure *failures;
    size_t n_failures;
};

/* Without run.until, a run that is still busy this many cycles after its last input
 * (the latest trace step or generated interrupt scheduled) is stopped: the machine
 * never went idle, e.g. a level line that stays asserted. */
#define SIM_SAFETY_LIMIT_CYCLES UINT64_C(10000000000)

/* The same limit counted in events: a run that processes this many events after its last
 * input (trace step or generated interrupt) is stopped too (SIM_STOP_LIMIT), run.until or
 * not. With near-zero costs a storm advances time so slowly that the cycle limit would take
 * forever; real runs drain in a few thousand events once their inputs end. */
#define SIM_SAFETY_LIMIT_EVENTS UINT64_C(100000000)

/* A run that processes this many events without simulated time advancing is stopped
 * (SIM_STOP_STALLED): with every cost 0, a level line held high would otherwise loop
 * forever at one cycle. Real bursts stay far below it (a burst of 960 SPIs on 512
 * vCPUs is some ten thousand events at one cycle). */
#define SIM_MAX_EVENTS_PER_CYCLE UINT64_C(1000000)

/* Actions (trace steps, generated SGIs) waiting for one vCPU are bounded: a generated
 * SGI that finds its sender's queue this full is dropped and counted (dropped_sgis), so
 * that an IPI storm saturates instead of growing without bound. Trace steps are never
 * dropped (the trace itself bounds them). */
#define SIM_MAX_QUEUED_ACTIONS 4096

/* What of a loaded scenario only the simulation can check, reported in `diags` as the
 * loader reports (FILE:LINE:COL): an expect.counters map's `model:` names a registered
 * model. Commands call it after loading; false when something is wrong. */
bool sim_validate(const struct scenario *s, struct diag_list *diags);

/* What a run keeps grows with what is waiting, not with simulated time: raises of one
 * line coalesce in the injectors' queues (at most two per line, sim_host.c), the
 * recorder follows at most REC_MAX_OPEN_INSTANCES instances, a vCPU queues at most
 * SIM_MAX_QUEUED_ACTIONS generated SGIs. What is left is how many operations wait at
 * once when the machine is driven far beyond what it serves -- thousands of generators,
 * each its own host thread, waiting for one lock. Each is a process of the scheduler
 * that keeps its fiber's stack (128 KiB mapped, a few KiB touched), and the mappings
 * count against the kernel's limit of about 65,530 a process, which ended such runs with
 * "out of memory (fiber stack)", exit 3. So a run in which more than this many operations
 * (host injections, vCPU operations) wait at once stops before its next event
 * (SIM_STOP_OVERLOADED), with its report. A real host has at most a few hundred CPUs;
 * 4,096 threads waiting for the vgic at once is past anything the costs describe. */
#define SIM_MAX_WAITING_PROCESSES 4096

/* Runs the scenario with the given seed. Never fails on valid input. */
void sim_run(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
             struct sim_result *out);

/* What a run can do besides the report. */
struct sched_observer;
struct timeline;
struct sim_options {
    bool record_digest;   /* fold every recorder input into rec_digest (tests/pinned) */
    /* Filled with the run as a timeline (record/timeline.h, initialised by the caller with
     * its window); NULL: none. The observer below is then the timeline's. */
    struct timeline *timeline;
    /* Told about every lock, cache line and injector hold and wait (tests of the timing;
     * timelines). NULL: none. */
    const struct sched_observer *observer;
};
void sim_run_with(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
                  const struct sim_options *opts, struct sim_result *out);
void sim_result_free(struct sim_result *r);

#endif
