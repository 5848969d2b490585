/* Running a scenario against one vGIC model: the simulated machine around the model
 * (vCPUs entering and leaving the guest, the guest's interrupt handling, devices,
 * the trace and the workload) driven by the discrete-event engine. */
#ifndef VGICSIM_SIM_SIM_H
#define VGICSIM_SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vgic_model.h"
#include "report/recorder.h"
#include "scenario/scenario.h"

/* A failed expectation: a trace `expect`/`check` or an end-of-run `expect`. */
struct sim_failure {
    struct scn_loc loc;
    char *message;
};

enum sim_stop {
    SIM_STOP_IDLE,        /* no event left */
    SIM_STOP_UNTIL,       /* run.until reached */
    SIM_STOP_LIMIT,       /* safety limit: the machine never went idle */
};

struct sim_result {
    const char *model;               /* "ref", "perf" */
    struct recorder *rec;
    struct vgic_counters counters;
    uint64_t end_time;               /* simulated cycle of the last event processed */
    enum sim_stop stop;
    uint64_t events;                 /* events processed */
    size_t steps_done, steps_total;
    struct sim_failure *failures;
    size_t n_failures;
};

/* Without run.until, a run that is still busy this many cycles after its last input
 * (the latest trace step or generated interrupt scheduled) is stopped: the machine
 * never went idle, e.g. a level line that stays asserted. */
#define SIM_SAFETY_LIMIT_CYCLES UINT64_C(10000000000)

/* Runs the scenario with the given seed. Never fails on valid input. */
void sim_run(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
             struct sim_result *out);

/* What a run can do besides the report. */
struct sim_options {
    bool record_digest;   /* fold every recorder input into rec_digest (tests/pinned) */
};
void sim_run_with(const struct scenario *s, const struct vgic_model_ops *ops, uint64_t seed,
                  const struct sim_options *opts, struct sim_result *out);
void sim_result_free(struct sim_result *r);

#endif
