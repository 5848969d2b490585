/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the simulation layer: the machine state around the model. */
#ifndef VGICSIM_SIM_SIM_INTERNAL_H
#define VGICSIM_SIM_SIM_INTERNAL_H

#include "engine/event_queue.h"
#include "sim/sim.h"
#include "workload/generator.h"

enum sim_event {
    EV_STEP_ISSUE,       /* a = step index */
    EV_GENERATOR,        /* a = generator index */
    EV_VCPU,             /* a = vCPU: its current phase is due */
    EV_KICK_ARRIVES,     /* a = vCPU: the kick's IPI (or wake-up) reaches it */
    EV_MAINTENANCE,      /* a = vCPU: a maintenance interrupt reaches the host */
    EV_REASSERT,         /* a = INTID, b = bank: a HW-mapped line still high fires again */
};

/* Where a vCPU is. */
enum vcpu_mode {
    VCPU_GUEST,          /* in the guest (idle, in a handler, or performing a step) */
    VCPU_HYP,            /* in the hypervisor: between an exit and the next entry */
    VCPU_BLOCKED,        /* in the hypervisor, blocked in WFI until kicked */
};

/* The phase whose end the vCPU's EV_VCPU event marks. */
enum vcpu_phase {
    PH_NONE,
    PH_IRQ_ENTRY,        /* guest exception entry, then IAR */
    PH_HANDLER,          /* handler body; interruptible */
    PH_CPU_STEP,         /* a non-trapping CPU-interface access done */
    PH_SYNC,             /* world switch out done: sync (fold, prune) */
    PH_HANDLE,           /* sync done: handle the exit reason */
    PH_FLUSH,            /* exit handled: flush */
    PH_ENTER,            /* flush done: world switch in, then guest */
    PH_RESUME,           /* back to the guest's next thing */
    PH_TIMER_LOAD,       /* woken by its background timer: the vCPU load evaluates it */
};

enum exit_reason { EXIT_ASYNC, EXIT_MMIO, EXIT_SYSREG, EXIT_WFI };

/* Something a vCPU has to do in the guest: a trace step, or an SGI a generator
 * asks it to send. */
struct vcpu_action {
    int64_t step;        /* trace step index, or -1 for a generated SGI */
    uint64_t issued;
    uint32_t sgi_intid;  /* generated SGI */
    uint32_t sgi_to;
};

struct handler_frame {
    uint32_t value;      /* what IAR returned */
    uint64_t remaining;  /* handler cycles still to run */
};

enum { SIM_MAX_NESTING = 16, SIM_MAX_SGI_WRITES = 32 };

struct sim_vcpu {
    uint32_t id;
    enum vcpu_mode mode;
    enum vcpu_phase phase;
    struct eq_handle timer;        /* the pending EV_VCPU event, if phase != PH_NONE */
    uint64_t phase_end;
    bool eoi_mode;                 /* the guest's current EOImode */

    /* hypervisor side */
    enum exit_reason reason;
    bool request;                  /* a kick arrived while in the hypervisor */
    bool exit_pending;             /* a kick/MI arrived during a non-interruptible guest op */
    bool wfi_bounced;              /* the last WFI returned at once (see sim_vcpu.c) */
    bool kicked;                   /* a kick arrived in the hypervisor before the flush */
    uint64_t trap_began;           /* the guest's access that the current trap emulates */
    /* HW-mapped PPIs (the virtual timer) whose physical interrupt fired on this vCPU's
     * CPU and that the host has not taken yet: bit n is PPI 16 + n. */
    uint32_t phys_ppis, phys_ppi_pulses;

    /* guest side */
    struct handler_frame frames[SIM_MAX_NESTING];
    int depth;
    bool handler_running;          /* frames[depth-1] runs until phase_end */

    /* the action in progress */
    bool acting;
    bool act_trapped;              /* the action's access traps to the hypervisor */
    struct vcpu_action act;
    uint64_t act_values[SIM_MAX_SGI_WRITES];  /* register values still to write */
    uint32_t act_n, act_next;
    uint64_t act_result;           /* a read's value */

    /* queued actions (ring buffer) */
    struct vcpu_action *queue;
    size_t q_head, q_len, q_cap;
};

struct sim {
    const struct scenario *s;
    const struct vgic_model_ops *ops;
    struct vgic_model *model;
    struct recorder *rec;
    struct event_queue q;
    uint64_t now;
    uint64_t input_horizon;        /* latest cycle of an input event scheduled so far */
    uint64_t events_at_last_input; /* events processed when the last input was issued */
    /* The trace's initial issues (steps with `at`, each issuer's first step, a leading
     * check), sorted by (cycle, index), fed to the run loop one at a time instead of all
     * pushed into the event queue at the start: as if they had been pushed first, in
     * index order (see sim_run), with the queue holding only what is in flight. */
    uint32_t *agenda;
    size_t agenda_n, agenda_next;
    uint64_t agenda_seq;           /* queue events numbered from here were pushed after */
    bool building_agenda;          /* sim_steps_init is filling it */
    bool barrier_released;         /* a step completion just released a `check` */
    struct sim_vcpu *vcpus;
    struct generator *gens;
    struct gen_event *gen_ahead;   /* each generator's next event, already scheduled */
    bool auto_mode;
    /* device lines as the devices drive them; auto_lower: raised by a level
     * generator, so the guest's handler lowers it before EOIR */
    uint8_t *line_high;            /* [bank index] */
    uint8_t *auto_lower;
    /* trace bookkeeping */
    int64_t *next_same_issuer;     /* per step */
    uint8_t *step_done;
    size_t steps_done;
    size_t low_incomplete;         /* every step before it has completed */
    size_t barrier_next;           /* next check step waiting for a barrier */
    uint32_t *sgi_targets;         /* scratch: the vCPUs one SGI write reaches */
    struct scn_loc current_loc;    /* the scenario entry the current event comes from */
    struct sim_result *out;
    size_t failures_cap;
};

/* sim.c */
/* Schedules an input event (a trace step's issue, a generator's next interrupt). */
void sim_push_input(struct sim *sim, uint64_t time, enum sim_event kind, uint64_t a);
void sim_fail(struct sim *sim, struct scn_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
uint32_t sim_line_index(const struct sim *sim, uint32_t intid, int32_t vcpu);
/* Returns the cycle at which the device's injection has completed. */
uint64_t sim_device_line(struct sim *sim, uint32_t intid, int32_t vcpu, bool level, bool pulse,
                         bool auto_lower);
/* Is the INTID a HW-mapped PPI, whose physical interrupt fires on the CPU where its vCPU
 * runs (the virtual timer), rather than a device interrupt injected from elsewhere? */
bool sim_ppi_is_local(const struct sim *sim, uint32_t intid);
uint64_t sim_cost(const struct sim *sim, enum cost_op op);
void sim_completed(struct sim *sim, struct sim_vcpu *v, uint32_t value, uint64_t t);

/* sim_vcpu.c */
void sim_vcpu_schedule(struct sim *sim, struct sim_vcpu *v, enum vcpu_phase ph, uint64_t at);
void sim_vcpu_event(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_kick_arrives(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_maintenance(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_halted(struct sim *sim, struct sim_vcpu *v, uint64_t from, uint64_t until);
/* A HW-mapped PPI of v fires (a rising line, or a pulse): the physical interrupt on v's
 * own CPU (sim_ppi_is_local). */
void sim_vcpu_phys_ppi(struct sim *sim, struct sim_vcpu *v, uint32_t intid, bool pulse);
void sim_vcpu_enqueue(struct sim *sim, struct sim_vcpu *v, const struct vcpu_action *a);
/* The vCPU leaves the guest at t (a trap or an asynchronous exit). */
void sim_vcpu_begin_exit(struct sim *sim, struct sim_vcpu *v, uint64_t t, enum exit_reason reason);

/* sim_steps.c */
void sim_steps_init(struct sim *sim);
/* The next initial issue of the trace (cycle and step index), if any is left. */
bool sim_steps_next_initial(struct sim *sim, uint64_t *time, uint32_t *index);
void sim_steps_issue(struct sim *sim, size_t index);
void sim_steps_completed(struct sim *sim, size_t index, uint64_t t);
/* Starts the vCPU's current action (v->act) in the guest at sim->now. */
void sim_steps_begin(struct sim *sim, struct sim_vcpu *v);
void sim_steps_finish(struct sim *sim, struct sim_vcpu *v, uint64_t t);
/* The trapped part of the current action, called in the hypervisor. */
uint64_t sim_steps_handle_trap(struct sim *sim, struct sim_vcpu *v, uint64_t t);
/* The interrupts a write of `value` by vCPU `accessor` to a register pends (ISPENDR,
 * GICD_SGIR, GICD_SPENDSGIR), as KVM decodes the access (src/vgic): `raised` is called
 * for each. redist < 0: the accessor's own redistributor. */
void sim_write_raises(const struct gic_config *gic, uint32_t accessor, enum gic_frame frame,
                      int32_t redist, uint32_t offset, uint32_t width_bits, uint64_t value,
                      void (*raised)(void *arg, int32_t bank, uint32_t value), void *arg);

/* sim_expect.c */
void sim_expect_check_end(struct sim *sim);

#endif
