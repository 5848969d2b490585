/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal to the simulation layer: the machine state around the model. */
#ifndef VGICSIM_SIM_SIM_INTERNAL_H
#define VGICSIM_SIM_SIM_INTERNAL_H

#include "engine/event_queue.h"
#include "engine/sched.h"
#include "record/timeline.h"
#include "sim/sim.h"
#include "sim/sim_guest_mem.h"
#include "workload/generator.h"

enum sim_event {
    EV_STEP_ISSUE,       /* a = step index */
    EV_GENERATOR,        /* a = generator index */
    EV_VCPU,             /* a = vCPU: its current phase is due */
    EV_KICK_ARRIVES,     /* a = vCPU: the kick's IPI (or wake-up) reaches it */
    EV_MAINTENANCE,      /* a = vCPU: a maintenance interrupt reaches the host */
    EV_REASSERT,         /* a = INTID, b = bank: a HW-mapped line still high fires again */
    /* What reached a vCPU while it was busy (see sim_vcpu_park), delivered again: */
    EV_DISPATCH,         /* a = vCPU: an action was queued for it */
    EV_PHYS_PPI,         /* a = vCPU: a HW-mapped PPI fired on its CPU */
    EV_HALT_BEGIN,       /* a = vCPU, b = cycle: another vCPU's halt forces it out */
    EV_HALT_END,         /* a = vCPU, b = cycle: ... and lets it back in */
    EV_WAKE,             /* not queued: a process of the scheduler goes on (sched.h) */
    EV_VIRQ,             /* a = vCPU: its interface may signal with no exit (GICv4), or
                            that, set aside while it was busy, delivered again */
};

/* Who a process is, to the scheduler's observers (timelines): vCPU i is actor i, injector
 * k is actor vcpus + k; the harness (trace checks) is SIM_ACTOR_HARNESS, the VMM (vmm
 * steps) SIM_ACTOR_VMM. */
enum { SIM_ACTOR_HARNESS = -1, SIM_ACTOR_VMM = -2 };

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
    PH_WFI_LOAD,         /* woken from WFI: KVM's vgic load (wfi_wake), then `after_load` */
};

enum exit_reason {
    EXIT_ASYNC,          /* an interrupt took it out (a kick, a maintenance interrupt, ...) */
    EXIT_MMIO, EXIT_SYSREG, EXIT_WFI,
    EXIT_ABORTED,        /* an entry given up before the guest ran: back to sync, flush */
};

/* Something a vCPU has to do in the guest: a trace step, or an SGI a generator
 * asks it to send. */
struct vcpu_action {
    int64_t step;        /* trace step index, or -1 for a generated SGI */
    uint64_t issued;
    uint32_t sgi_intid;  /* generated SGI */
    uint32_t sgi_to;
};

/* Events that reached a vCPU while it was busy inside an operation (a process waiting
 * for a lock) or halted by another vCPU: delivered again, in order, once it is free. At
 * most one of each kind but the halts is kept (kicks and dispatches coalesce). */
enum { SIM_MAX_PARKED = 8 };
struct parked_event {
    uint32_t kind;
    uint64_t a, b;
};

struct handler_frame {
    uint32_t value;      /* what IAR returned */
    uint64_t remaining;  /* handler cycles still to run */
    uint64_t acked;      /* when IAR returned it (the timeline's handler span) */
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
    bool kick_ipi_sent;            /* KVM's EXITING_GUEST_MODE: a kick IPI is on its way
                                      to the vCPU in the guest; until its next entry,
                                      kicks send no IPI (kvm_arch_vcpu_should_kick) */
    uint64_t trap_began;           /* the guest's access that the current trap emulates */
    uint64_t stage_began;          /* the timeline's spans: when the exit, the exit's
                                      handling or the flush began, ... */
    uint64_t flush_done;           /* ... when the flush ended, when it blocked */
    uint64_t blocked_since;
    bool woken;                    /* in the hypervisor because it was woken from WFI */
    enum vcpu_phase after_load;    /* what follows PH_WFI_LOAD */
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

    /* busy: this vCPU's operation (a process) is in progress and may be waiting; halted:
     * another vCPU's halt holds it out of the guest. Either way what reaches it waits. */
    uint32_t busy;
    bool halted;
    enum vcpu_phase halted_phase;  /* a guest phase the halt interrupted ... */
    uint64_t halted_remaining;     /* ... and the cycles it had left */
    struct parked_event parked[SIM_MAX_PARKED];
    uint32_t n_parked;
};

/* A raise on its way into KVM through an injector (host thread): a line's change, or a
 * device's MSI. */
enum raise_kind { RAISE_PULSE, RAISE_HIGH, RAISE_LOW, RAISE_MSI };
struct raise {
    uint32_t intid;                /* MSI: the EventID */
    int32_t vcpu;                  /* PPIs: the bank; SPIs: SCN_NO_VCPU */
    uint32_t device;               /* MSI: the DeviceID ... */
    int32_t gen;                   /* ... and the generator that sent it, or -1 */
    uint8_t kind;                  /* enum raise_kind */
    int64_t step;                  /* the trace step it completes, or -1 */
    uint64_t at;                   /* when it reached the injector */
};

/* An injector: one injection at a time, the others wait in order (sim_host.c). */
struct sim_injector {
    struct raise *q;               /* ring buffer */
    size_t head, len, cap;
    bool running;                  /* a process is injecting the queue */
    uint64_t free_at;              /* when its last injection ended */
};

/* The guest's ITS driver as the guest keeps it (sim_its.c): what it last wrote to the
 * registers that say where its tables are, and its write offset in the command queue. */
struct sim_its_driver {
    uint64_t propbaser;            /* GICR_PROPBASER (one value for the VM) */
    uint64_t cbaser;               /* GITS_CBASER */
    uint64_t cwriter;              /* the offset of its next command (GITS_CWRITER) */
};

struct sim {
    const struct scenario *s;
    const struct vgic_model_ops *ops;
    struct vgic_model *model;
    struct recorder *rec;
    struct event_queue q;
    struct sched sched;            /* every event is handled in a process (engine/sched.h) */
    struct vgic_hooks hooks;       /* what the model is given (its scheduler included) */
    uint64_t now;
    uint64_t input_horizon;        /* latest cycle of an input event scheduled so far */
    uint64_t limit;                /* the loop: the cycle past which the run stops ... */
    uint64_t same_cycle;           /* ... and how many events it handled at `now` */
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
    /* host side (sim_host.c): the injectors (named ones, then one per generator, then the
     * trace's), which one serves each INTID by name (-1: the raiser's default), the pulses
     * and raises queued and not yet started per line (coalesced: an irqfd's eventfd counts
     * signals, one injection serves them all), and who drove each line last. */
    struct sim_injector *injectors;
    uint32_t n_injectors;
    int32_t *named_injector;       /* [INTID] */
    uint8_t *line_queued;          /* [line] bit raise_kind */
    uint32_t *line_injector;       /* [line] */
    int32_t *device_injector;      /* [DeviceID] with gic.its: the named injector, or -1 */
    uint8_t **msi_queued;          /* [generator]: bit e - intid_lo set while an MSI of
                                      EventID e it sent is queued, not started */
    /* the guest's memory and its ITS driver (sim_its.c) */
    struct guest_mem mem;
    struct sim_its_driver drv;
    struct vgic_boot_its boot_its;
    struct vgic_boot_its_device *boot_devices;
    /* trace bookkeeping */
    int64_t *next_same_issuer;     /* per step */
    uint8_t *step_done;
    size_t steps_done;
    size_t low_incomplete;         /* every step before it has completed */
    size_t barrier_next;           /* next check step waiting for a barrier */
    uint32_t *sgi_targets;         /* scratch: the vCPUs one SGI write reaches */
    struct scn_loc current_loc;    /* the scenario entry the last event came from (each
                                      process keeps its own: sched_tag) */
    struct sim_result *out;
    size_t failures_cap;
    struct timeline *tl;           /* sim_options.timeline, or NULL */
    struct sched_observer tl_observer;
};

/* Every model operation the simulation calls starts at ctx->now, which may be ahead of
 * the event being handled (the second of two accesses, a host path's cost). A model with
 * the scheduler synchronises each shared thing it touches itself; one that runs its
 * operations whole (the lockstep checker) is made to wait until everything earlier has
 * happened, so that each operation still runs at its start cycle. Returns ctx. */
static inline const struct vgic_ctx *sim_at(struct sim *sim, const struct vgic_ctx *ctx)
{
    if (sim->hooks.sched)
        return ctx;
    sched_sync(&sim->sched, ctx->now);
    return ctx;
}

/* An operation that injects interrupt instances (a device's injection, a trapped write
 * that pends SGIs or sets ISPENDR bits, the host taking the timer): while it runs, the
 * model's `pended` hook tells the recorder which instances KVM now has -- those raised
 * by `start`. Begun and ended in the process that runs the operation. */
/* An LPI has no line the simulation sees rise: which LPI a device's MSI (or an INT
 * command) makes pending is the ITS's translation. So an operation that sends one says so
 * (sim_injection_raises_lpi), and the `pended` hook records the LPI it pends as an instance
 * raised when the device sent the MSI (or the guest its command): `lpi` is then that LPI,
 * for the injection's end. Any other operation that pends an LPI (an enable, a pending
 * table read) raises no instance: it only lets an earlier one be delivered. */
enum { SIM_NO_LPI = UINT32_MAX };
struct sim_injection {
    uint64_t start;
    uint64_t waited0;   /* the process's waits before it */
    bool raises_lpi;    /* its first LPI made pending is a new instance ... */
    uint64_t lpi_raised;/* ... raised at this cycle ... */
    uint32_t lpi_track; /* ... on this timeline track */
    uint32_t lpi;       /* the LPI it raised, or SIM_NO_LPI */
};
static inline void sim_injection_begin(struct sim *sim, struct sim_injection *inj,
                                       uint64_t start)
{
    inj->start = start;
    inj->waited0 = sched_waited(&sim->sched);
    inj->raises_lpi = false;
    inj->lpi = SIM_NO_LPI;
    sched_set_local(&sim->sched, inj);
}
static inline void sim_injection_raises_lpi(struct sim_injection *inj, uint64_t raised,
                                            uint32_t track)
{
    inj->raises_lpi = true;
    inj->lpi_raised = raised;
    inj->lpi_track = track;
}
/* Returns how long the operation waited for locks or cache lines. */
static inline uint64_t sim_injection_end(struct sim *sim, struct sim_injection *inj)
{
    sched_set_local(&sim->sched, NULL);
    return sched_waited(&sim->sched) - inj->waited0;
}

/* The INTID of a value IAR returned (or EOIR was given): bits 9:0 on GICv2, whose SGIs
 * carry their source above; the whole value on GICv3, whose LPIs reach past 10 bits. */
static inline uint32_t sim_value_intid(const struct sim *sim, uint32_t value)
{
    return sim->s->gic.version == GIC_V2 ? value & GIC_V2_INTID_MASK : value & GIC_V3_INTID_MASK;
}

/* Does an INTID have a device line of the simulation (sim_line_index)? PPIs and SPIs. */
static inline bool sim_has_line(const struct sim *sim, uint32_t intid)
{
    return !gic_intid_is_sgi(intid) && intid < gic_nr_irqs(&sim->s->gic);
}

/* sim.c */
/* Queues an event (the one way the simulation queues one: the scheduler learns of it). */
struct eq_handle sim_push(struct sim *sim, uint64_t time, enum sim_event kind, uint64_t a,
                          uint64_t b);
/* Schedules an input event (a trace step's issue, a generator's next interrupt). */
void sim_push_input(struct sim *sim, uint64_t time, enum sim_event kind, uint64_t a);
void sim_fail(struct sim *sim, struct scn_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
uint32_t sim_line_index(const struct sim *sim, uint32_t intid, int32_t vcpu);
/* Is the INTID a HW-mapped PPI, whose physical interrupt fires on the CPU where its vCPU
 * runs (the virtual timer), rather than a device interrupt injected from elsewhere? */
bool sim_ppi_is_local(const struct sim *sim, uint32_t intid);
int32_t sim_actor_injector(const struct sim *sim, uint32_t injector);
/* Is `device` an assigned device whose MSIs the host's GIC injects directly (GICv4)? */
bool sim_direct_device(const struct sim *sim, uint32_t device);
uint64_t sim_cost(const struct sim *sim, enum cost_op op);
void sim_completed(struct sim *sim, struct sim_vcpu *v, uint32_t value, uint64_t t);

/* sim_host.c */
void sim_host_init(struct sim *sim);
void sim_host_free(struct sim *sim);
/* The injector that serves `intid` when the raiser's own is `fallback`. */
uint32_t sim_injector_for(const struct sim *sim, uint32_t intid, uint32_t fallback);
/* The default injectors: generator g's, and the trace's device steps'. */
uint32_t sim_injector_of_generator(const struct sim *sim, uint32_t g);
uint32_t sim_injector_of_trace(const struct sim *sim);
/* A device drives a line: its output changes now (a rising edge or a pulse is a new
 * interrupt instance), and the change reaches KVM through `injector` -- at once if it is
 * idle (the calling process becomes the injection), else after the injections queued
 * before it. A trace step (`step` >= 0) completes when its injection does. HW-mapped
 * PPIs fire on their vCPU's own CPU instead (no injector). */
void sim_device_line(struct sim *sim, uint32_t injector, uint32_t intid, int32_t vcpu,
                     bool level, bool pulse, bool auto_lower, int64_t step);
/* The guest's handler lowers the line of a level interrupt its device raised (the device
 * register it writes lowers it at once, from the vCPU's own context). Returns when done. */
uint64_t sim_device_lower(struct sim *sim, uint32_t intid, int32_t vcpu, uint64_t t);
/* A HW-mapped line that is still high fires again (its physical interrupt was
 * deactivated): injected again by whoever drove it last. */
void sim_device_reassert(struct sim *sim, uint32_t intid, int32_t bank);

/* The injector that serves DeviceID `device`'s MSIs when the sender's own is `fallback`. */
uint32_t sim_injector_for_device(const struct sim *sim, uint32_t device, uint32_t fallback);
/* A device sends an MSI (EventID `event`): it reaches KVM through `injector` like a line's
 * change (sim_device_line). `gen`: the generator that sends it (an MSI of the same event
 * already queued by it serves this one too, as an irqfd counts its signals), or -1 for a
 * trace step (`step`), which completes when its injection does. */
void sim_device_msi(struct sim *sim, uint32_t injector, uint32_t device, uint32_t event,
                    int32_t gen, int64_t step);

/* sim_its.c */
/* The model's read_guest and write_guest hooks: the guest's memory. */
bool sim_guest_read(void *sim, uint64_t gpa, void *buf, uint32_t len);
void sim_guest_write(void *sim, uint64_t gpa, const void *buf, uint32_t len);
/* Auto mode with gic.its: the booted driver's tables and each device's LPIs configured in
 * guest memory; boot->its filled. */
void sim_its_boot(struct sim *sim, struct vgic_boot_config *boot);
/* A trapped guest write of `value` (`width_bits`) at `offset` of `frame`: the driver
 * remembers what it wrote to GICR_PROPBASER, GITS_CBASER and GITS_CWRITER. */
void sim_its_note_write(struct sim *sim, enum gic_frame frame, uint32_t offset,
                        uint32_t width_bits, uint64_t value);
/* The ITT address the driver gives DeviceID `device` (MAPD without one). */
uint64_t sim_its_itt_of(uint32_t device);
/* The driver writes one command at its write offset in the queue and moves the offset. */
void sim_its_queue_command(struct sim *sim, const struct gic_its_cmd *cmd);
/* The offset the driver writes to GITS_CWRITER now: past its latest command. */
uint64_t sim_its_cwriter(const struct sim *sim);
/* The guest's store of an LPI's configuration byte (read-modify-write of its table). */
void sim_its_lpi_config(struct sim *sim, const struct scn_lpi_config *c);
void sim_its_free(struct sim *sim);

/* sim_vcpu.c */
/* Is v busy or halted? Then an event for it is set aside (`kind`, `a`, `b`: what the
 * event queue would carry) and delivered again when it is free; true if it was. */
bool sim_vcpu_park(struct sim *sim, struct sim_vcpu *v, uint32_t kind, uint64_t a, uint64_t b);
void sim_vcpu_busy_begin(struct sim_vcpu *v);
void sim_vcpu_busy_end(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_halt_begin(struct sim *sim, struct sim_vcpu *v, uint64_t at);
void sim_vcpu_halt_end(struct sim *sim, struct sim_vcpu *v, uint64_t until);
/* An action queued for v may start (v idle in the guest) or wake it (blocked). */
void sim_vcpu_consider(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_schedule(struct sim *sim, struct sim_vcpu *v, enum vcpu_phase ph, uint64_t at);
void sim_vcpu_event(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_kick_arrives(struct sim *sim, struct sim_vcpu *v);
/* The model says v's interface may signal with no exit (the virq hook, GICv4). */
void sim_vcpu_virq(struct sim *sim, struct sim_vcpu *v);
void sim_vcpu_maintenance(struct sim *sim, struct sim_vcpu *v);
/* A HW-mapped PPI of v fires (a rising line, or a pulse): the physical interrupt on v's
 * own CPU (sim_ppi_is_local). */
void sim_vcpu_phys_ppi(struct sim *sim, struct sim_vcpu *v, uint32_t intid, bool pulse);
/* What the HW-mapped PPIs that fired on v's CPU (and are not taken yet) do now. */
void sim_vcpu_phys_ppi_pending(struct sim *sim, struct sim_vcpu *v);
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
