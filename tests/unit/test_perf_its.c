/* SPDX-License-Identifier: GPL-2.0-only */
/* The performance core's own side of the ITS, through the model interface
 * (test_its_model checks what every model must do alike): the MSI fast path -- a
 * translation published by the slow path, retracted by any configuration write, never
 * mistaken for a new one when the epoch's stamp comes round --, LPIs posted to their
 * overflow set when the shadow slots are full and delivered in priority order, an LPI
 * moved while listed, EnableLPIs 1 -> 0 taking a listed LPI off its list (written by
 * another vCPU while the LPIs are in the target's LRs, and queued there again before it
 * left the guest), and an LPI that outlives its last ITE on a list. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "gic/gic_its.h"
#include "gic/gic_regs.h"
#include "model/model_registry.h"
#include "model/vgic_model.h"
#include "test_support.h"

/* ---- guest memory: what the driver below writes, at fixed small offsets -------------- */

enum {
    PROP = 0x0000, PEND0 = 0x10000, PEND1 = 0x20000, DEV_TABLE = 0x30000,
    COLL_TABLE = 0x40000, QUEUE = 0x50000, ITT = 0x60000, MEM_SIZE = 0x70000,
    QUEUE_BYTES = 0x1000,   /* CBASER.Size 0: one 4 KiB page */
    LRS = 4, LPI0 = 8200, EVENTS = 8, SPURIOUS = 1023,
};
#define VALID (UINT64_C(1) << 63)
static uint8_t guest[MEM_SIZE];

static bool read_guest(void *sim, uint64_t gpa, void *buf, uint32_t len)
{
    (void)sim;
    if (gpa + len > MEM_SIZE)
        return false;
    memcpy(buf, &guest[gpa], len);
    return true;
}

static void write_guest(void *sim, uint64_t gpa, const void *buf, uint32_t len)
{
    (void)sim;
    if (gpa + len <= MEM_SIZE)
        memcpy(&guest[gpa], buf, len);
}

/* ---- the machine: perf, 2 vCPUs, 4 LRs, zero costs --------------------------------- */

static uint32_t kicks[2];
static void on_kick(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim, (void)when;
    kicks[vcpu]++;
}

static const struct vgic_model_ops *ops;
static struct vgic_model *m;
static uint64_t now;
static uint32_t cwriter;

static void open_perf(void)
{
    memset(guest, 0, sizeof(guest));
    memset(kicks, 0, sizeof(kicks));
    now = 1, cwriter = 0;
    static const uint32_t none[1];
    struct gic_config cfg = {
        .version = GIC_V3, .vcpus = 2, .spis = 32, .list_registers = LRS, .priority_bits = 5,
        .hw_mapped = none, .its = true, .lpis = 8192,
    };
    static struct cost_model zero;
    zero.preset = "zero";
    struct vgic_hooks hooks = {.kick = on_kick, .read_guest = read_guest,
                               .write_guest = write_guest};
    ops = vgic_model_by_name("perf");
    ck_assert_ptr_nonnull(ops);
    m = ops->create(ops, &cfg, &zero, &hooks, NULL);
}

static struct vgic_ctx on(int32_t vcpu) { return (struct vgic_ctx){.now = now, .vcpu = vcpu}; }

static void write_reg(enum gic_frame frame, uint32_t redist, uint32_t offset, uint64_t value)
{
    struct vgic_ctx ctx = on(0);
    now = ops->mmio_write(m, &ctx, frame, redist, offset, offset == GICR_CTLR ||
                          offset == GITS_CTLR || offset == GICD_CTLR ? 4 : 8, value) + 1;
}

static void command(struct gic_its_cmd cmd)
{
    uint64_t words[GIC_ITS_CMD_WORDS];
    gic_its_cmd_encode(&cmd, words);
    write_guest(NULL, QUEUE + cwriter, words, sizeof(words));
    cwriter = (cwriter + GIC_ITS_CMD_SIZE) % QUEUE_BYTES;
    write_reg(GIC_FRAME_GITS, 0, GITS_CWRITER, cwriter);
}

static void msi(uint32_t device, uint32_t event)
{
    struct vgic_ctx ctx = on(VGIC_HOST_CONTEXT);
    now = ops->msi(m, &ctx, device, event) + 1;
}

static uint64_t counter(const char *name)
{
    struct vgic_counters c;
    ops->counters(m, &c);
    return vgic_counters_get(&c, name);
}

static struct vgic_irq_snapshot lpi(uint32_t intid)
{
    struct vgic_irq_snapshot s;
    ops->irq_state(m, 0, intid, &s);
    return s;
}

/* A driver's bring-up, then device 1 with EVENTS events: event e -> LPI0 + e in
 * collection 0 (vCPU 1), priority 0x80 - e * 8 (the later, the higher), enabled;
 * collection 1 is vCPU 0's. */
static void map_device(void)
{
    write_reg(GIC_FRAME_GICD, 0, GICD_CTLR, 2);
    write_reg(GIC_FRAME_GICR, 0, GICR_PROPBASER, PROP | 13);
    write_reg(GIC_FRAME_GICR, 0, GICR_PENDBASER, PEND0);
    write_reg(GIC_FRAME_GICR, 1, GICR_PENDBASER, PEND1);
    write_reg(GIC_FRAME_GICR, 0, GICR_CTLR, 1);
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);
    write_reg(GIC_FRAME_GITS, 0, GITS_BASER, VALID | DEV_TABLE);
    write_reg(GIC_FRAME_GITS, 0, GITS_BASER + 8, VALID | COLL_TABLE);
    write_reg(GIC_FRAME_GITS, 0, GITS_CBASER, VALID | QUEUE);
    write_reg(GIC_FRAME_GITS, 0, GITS_CTLR, 1);
    command((struct gic_its_cmd){.opcode = GIC_ITS_MAPD, .device = 1, .size = 3,
                                 .itt_addr = ITT, .valid = true});
    command((struct gic_its_cmd){.opcode = GIC_ITS_MAPC, .collection = 0, .target = 1,
                                 .valid = true});
    command((struct gic_its_cmd){.opcode = GIC_ITS_MAPC, .collection = 1, .target = 0,
                                 .valid = true});
    for (uint32_t e = 0; e < EVENTS; e++) {
        guest[PROP + LPI0 + e - 8192] = (uint8_t)((0x80 - e * 8) | 1);
        command((struct gic_its_cmd){.opcode = GIC_ITS_MAPTI, .device = 1, .event = e,
                                     .intid = LPI0 + e, .collection = 0});
    }
}

/* The vCPU enters, takes and completes every interrupt its LRs offer (IAR until
 * spurious, EOIR each), and exits; the INTIDs acknowledged are appended to out[]. */
static uint32_t run_guest(uint32_t vcpu, uint32_t *out, uint32_t n)
{
    struct vgic_ctx ctx = on((int32_t)vcpu);
    now = ops->vcpu_entry(m, &ctx) + 1;
    ctx = on((int32_t)vcpu);
    now = ops->cpu_write(m, &ctx, GIC_CPU_PMR, 0xff) + 1;
    ctx = on((int32_t)vcpu);
    now = ops->cpu_write(m, &ctx, GIC_CPU_IGRPEN1, 1) + 1;
    for (;;) {
        uint64_t iar;
        ctx = on((int32_t)vcpu);
        now = ops->cpu_read(m, &ctx, GIC_CPU_IAR, &iar) + 1;
        if (iar == SPURIOUS)
            break;
        out[n++] = (uint32_t)iar;
        ctx = on((int32_t)vcpu);
        now = ops->cpu_write(m, &ctx, GIC_CPU_EOIR, iar) + 1;
    }
    ctx = on((int32_t)vcpu);
    now = ops->vcpu_exit(m, &ctx) + 1;
    return n;
}

static bool listed_on_entry(uint32_t vcpu, uint32_t intid)
{
    struct vgic_ctx ctx = on((int32_t)vcpu);
    now = ops->vcpu_entry(m, &ctx) + 1;
    struct vgic_vcpu_snapshot s;
    ops->vcpu_state(m, vcpu, &s);
    bool found = false;
    for (uint32_t i = 0; i < s.vif.used_lrs; i++)
        found |= s.vif.lr[i].intid == intid;
    return found;
}

static void leave(uint32_t vcpu)
{
    struct vgic_ctx ctx = on((int32_t)vcpu);
    now = ops->vcpu_exit(m, &ctx) + 1;
}

/* ---- the tests ------------------------------------------------------------------------ */

START_TEST(published_translation_hits_until_a_configuration_write)
{
    open_perf();
    map_device();
    msi(1, 0);   /* resolved by the slow path, then published */
    ck_assert_uint_eq(counter("msi_fast_misses"), 1);
    ck_assert_uint_eq(counter("msi_fast_hits"), 0);
    msi(1, 0);
    ck_assert_uint_eq(counter("msi_fast_hits"), 1);
    ck_assert(lpi(LPI0).pending);
    /* Any command retracts every translation: the next MSI takes the slow path again,
     * and publishes once more. */
    command((struct gic_its_cmd){.opcode = GIC_ITS_SYNC});
    msi(1, 0);
    ck_assert_uint_eq(counter("msi_fast_misses"), 2);
    msi(1, 0);
    ck_assert_uint_eq(counter("msi_fast_hits"), 2);
    /* DISCARD: the slow path drops it, and drops are never published. */
    command((struct gic_its_cmd){.opcode = GIC_ITS_DISCARD, .device = 1, .event = 1});
    msi(1, 1);
    msi(1, 1);
    ck_assert_uint_eq(counter("msis_dropped"), 2);
    ck_assert_uint_eq(counter("msi_fast_hits"), 2);
    ops->destroy(m);
}
END_TEST

START_TEST(lpis_disabled_retract_the_published_translation)
{
    open_perf();
    map_device();
    msi(1, 2);
    msi(1, 2);
    ck_assert_uint_eq(counter("msi_fast_hits"), 1);
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 0);
    uint64_t dropped = counter("msis_dropped");
    msi(1, 2);
    ck_assert_uint_eq(counter("msis_dropped"), dropped + 1);
    /* The ITS disabled too: dropped, from the slow path. */
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);
    msi(1, 2);
    msi(1, 2);
    write_reg(GIC_FRAME_GITS, 0, GITS_CTLR, 0);
    msi(1, 2);
    ck_assert_uint_eq(counter("msis_dropped"), dropped + 2);
    ops->destroy(m);
}
END_TEST

/* An entry's stamp is the epoch's low 16 bits: 32768 configuration writes after a
 * DISCARD the stamp of the translation it retracted is current again, and only the
 * table's emptying at that turn keeps the MSI from reaching an LPI that no longer
 * exists. */
START_TEST(stale_translation_never_comes_back_with_the_stamp)
{
    open_perf();
    map_device();
    msi(1, 3);
    msi(1, 3);
    ck_assert_uint_eq(counter("msi_fast_hits"), 1);
    struct vgic_ctx ctx = on(1);
    now = ops->vcpu_entry(m, &ctx) + 1;   /* listed, so that DISCARD leaves it existing */
    leave(1);
    command((struct gic_its_cmd){.opcode = GIC_ITS_DISCARD, .device = 1, .event = 3});
    for (uint32_t i = 1; i < 32768; i++)
        write_reg(GIC_FRAME_GICR, 0, GICR_PROPBASER, PROP | 13);   /* ignored: LPIs on */
    uint64_t hits = counter("msi_fast_hits");
    msi(1, 3);
    ck_assert_uint_eq(counter("msi_fast_hits"), hits);
    ck_assert_uint_eq(counter("msis_dropped"), 1);
    ops->destroy(m);
}
END_TEST

/* Eight LPIs posted to a vCPU with four shadow slots: four overflow, all eight are
 * delivered, highest priority first. */
START_TEST(overflowing_lpis_are_delivered_in_priority_order)
{
    open_perf();
    map_device();
    for (uint32_t e = 0; e < EVENTS; e++)
        msi(1, e);
    ck_assert_uint_eq(counter("overflow_posts"), EVENTS - LRS);
    ck_assert_uint_eq(kicks[1], 1);   /* one notification for the whole burst */
    uint32_t acked[EVENTS * 2], n = 0;
    for (uint32_t round = 0; round < 4 && n < EVENTS; round++)
        n = run_guest(1, acked, n);
    ck_assert_uint_eq(n, EVENTS);
    for (uint32_t i = 0; i < EVENTS; i++)
        ck_assert_uint_eq(acked[i], LPI0 + EVENTS - 1 - i);
    for (uint32_t e = 0; e < EVENTS; e++) {
        ck_assert(!lpi(LPI0 + e).pending);
        ck_assert_int_eq(lpi(LPI0 + e).s.listed_on, -1);
    }
    ops->destroy(m);
}
END_TEST

/* MOVI of a pending LPI listed on vCPU 1: at vCPU 1's next exit it leaves for vCPU 0,
 * which is notified and takes it. */
START_TEST(moved_lpi_migrates_at_the_prune)
{
    open_perf();
    map_device();
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);
    msi(1, 4);
    ck_assert(listed_on_entry(1, LPI0 + 4));
    leave(1);
    command((struct gic_its_cmd){.opcode = GIC_ITS_MOVI, .device = 1, .event = 4,
                                 .collection = 1});
    ck_assert_int_eq(lpi(LPI0 + 4).s.target, 0);
    ck_assert_int_eq(lpi(LPI0 + 4).s.listed_on, 1);   /* until vCPU 1 prunes */
    struct vgic_ctx ctx = on(1);
    now = ops->vcpu_entry(m, &ctx) + 1;
    leave(1);
    ck_assert_int_eq(lpi(LPI0 + 4).s.listed_on, 0);
    ck_assert_uint_ge(kicks[0], 1);
    uint32_t acked[4];
    ck_assert_uint_eq(run_guest(0, acked, 0), 1);
    ck_assert_uint_eq(acked[0], LPI0 + 4);
    ops->destroy(m);
}
END_TEST

/* EnableLPIs 1 -> 0 takes the vCPU's LPIs off its list, pending; back on, the next MSI
 * queues the one still pending again. */
START_TEST(lpis_disabled_leave_the_list_pending)
{
    open_perf();
    map_device();
    msi(1, 5);
    msi(1, 6);
    ck_assert(listed_on_entry(1, LPI0 + 6));
    leave(1);   /* not taken: both still pending on the list */
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 0);
    ck_assert_int_eq(lpi(LPI0 + 5).s.listed_on, -1);
    ck_assert_int_eq(lpi(LPI0 + 6).s.listed_on, -1);
    ck_assert(lpi(LPI0 + 5).s.pending_latch);
    uint32_t acked[4];
    ck_assert_uint_eq(run_guest(1, acked, 0), 0);   /* nothing listed */
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);
    msi(1, 5);
    ck_assert_uint_eq(run_guest(1, acked, 0), 1);
    ck_assert_uint_eq(acked[0], LPI0 + 5);
    /* Nothing queued it again, and the pending table's sync at EnableLPIs 0 -> 1 set its
     * latch from the table, clear here (its_sync_lpi_pending_table). */
    ck_assert(!lpi(LPI0 + 6).s.pending_latch);
    ck_assert_int_eq(lpi(LPI0 + 6).s.listed_on, -1);
    ops->destroy(m);
}
END_TEST

/* The LRs of vCPU `vcpu` as its snapshot shows them: whether `intid` is in one. */
static bool in_lrs(uint32_t vcpu, uint32_t intid)
{
    struct vgic_vcpu_snapshot s;
    ops->vcpu_state(m, vcpu, &s);
    bool found = false;
    for (uint32_t i = 0; i < s.vif.used_lrs; i++)
        found |= s.vif.lr[i].intid == intid;
    return found;
}

/* EnableLPIs 1 -> 0 written by vCPU 0 for vCPU 1 while vCPU 1 is in the guest with the
 * LPIs in its LRs: they are unlisted at once (the writer's CAS: any context sees it, and
 * vCPU 1 is not woken by them), vCPU 1's LRs keep them until its exit, its next entry
 * lists none; back on, an MSI is delivered once. */
START_TEST(lpis_disabled_by_another_vcpu_while_in_the_lrs)
{
    open_perf();
    map_device();
    msi(1, 5);
    msi(1, 6);
    struct vgic_ctx ctx = on(1);
    now = ops->vcpu_entry(m, &ctx) + 1;
    ck_assert(in_lrs(1, LPI0 + 5) && in_lrs(1, LPI0 + 6));
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 0);   /* from vCPU 0 */
    ck_assert_int_eq(lpi(LPI0 + 5).s.listed_on, -1);
    ck_assert_int_eq(lpi(LPI0 + 6).s.listed_on, -1);
    ck_assert(in_lrs(1, LPI0 + 5) && in_lrs(1, LPI0 + 6));   /* until vCPU 1 exits */
    ck_assert(!ops->vcpu_has_pending(m, 1));
    /* Its list empty without them, the exit folds nothing (vgic_sync_hwstate returns on
     * an empty ap_list): the instances the LRs held are gone, as in the reference model. */
    leave(1);
    ck_assert(!lpi(LPI0 + 5).s.pending_latch && !lpi(LPI0 + 6).s.pending_latch);
    ck_assert_int_eq(lpi(LPI0 + 5).s.listed_on, -1);
    ck_assert(!ops->vcpu_has_pending(m, 1));
    ck_assert(!listed_on_entry(1, LPI0 + 5) && !in_lrs(1, LPI0 + 6));
    leave(1);
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);
    msi(1, 7);
    uint32_t acked[8];
    ck_assert_uint_eq(run_guest(1, acked, 0), 1);
    ck_assert_uint_eq(acked[0], LPI0 + 7);
    for (uint32_t e = 5; e <= 7; e++)
        ck_assert_int_eq(lpi(LPI0 + e).s.listed_on, -1);
    ops->destroy(m);
}
END_TEST

/* The same, then EnableLPIs on again and the LPIs queued again before vCPU 1 ever left
 * the guest (its descriptor still holds them when they are published to it afresh): at
 * its exit and entry each is listed once, and taken once; with more LPIs than slots, in
 * priority order. */
START_TEST(lpis_queued_again_before_the_vcpu_left)
{
    open_perf();
    map_device();
    for (uint32_t e = 0; e < EVENTS; e++)
        msi(1, e);
    struct vgic_ctx ctx = on(1);
    now = ops->vcpu_entry(m, &ctx) + 1;
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 0);
    write_reg(GIC_FRAME_GICR, 1, GICR_CTLR, 1);   /* the pending table clears the latches */
    for (uint32_t e = 0; e < EVENTS; e++)
        ck_assert(!lpi(LPI0 + e).s.pending_latch);
    for (uint32_t e = 0; e < EVENTS; e++)
        msi(1, EVENTS - 1 - e);
    for (uint32_t e = 0; e < EVENTS; e++)
        ck_assert_int_eq(lpi(LPI0 + e).s.listed_on, 1);
    leave(1);
    uint32_t acked[EVENTS * 2], n = 0;
    for (uint32_t round = 0; round < 4; round++)
        n = run_guest(1, acked, n);
    ck_assert_uint_eq(n, EVENTS);
    for (uint32_t i = 0; i < EVENTS; i++)
        ck_assert_uint_eq(acked[i], LPI0 + EVENTS - 1 - i);
    for (uint32_t e = 0; e < EVENTS; e++)
        ck_assert_int_eq(lpi(LPI0 + e).s.listed_on, -1);
    ops->destroy(m);
}
END_TEST

/* DISCARD of a pending LPI on a list: it exists until its list lets it go, is still
 * delivered, then no longer exists. */
START_TEST(discarded_lpi_lives_while_listed)
{
    open_perf();
    map_device();
    msi(1, 7);
    ck_assert(listed_on_entry(1, LPI0 + 7));
    leave(1);
    command((struct gic_its_cmd){.opcode = GIC_ITS_DISCARD, .device = 1, .event = 7});
    ck_assert_int_eq(lpi(LPI0 + 7).s.target, 1);
    uint32_t acked[4];
    ck_assert_uint_eq(run_guest(1, acked, 0), 1);
    ck_assert_uint_eq(acked[0], LPI0 + 7);
    ck_assert_int_eq(lpi(LPI0 + 7).s.target, -1);   /* pruned: gone */
    /* Mapped again, it starts afresh from its configuration. */
    command((struct gic_its_cmd){.opcode = GIC_ITS_MAPTI, .device = 1, .event = 7,
                                 .intid = LPI0 + 7, .collection = 1});
    ck_assert_int_eq(lpi(LPI0 + 7).s.target, 0);
    ck_assert(!lpi(LPI0 + 7).pending);
    ops->destroy(m);
}
END_TEST

/* A machine without an ITS has no ITS counters (reports without one are unchanged). */
START_TEST(no_its_no_its_counters)
{
    static const uint32_t none[1];
    struct gic_config cfg = {.version = GIC_V3, .vcpus = 1, .spis = 32, .list_registers = 4,
                             .priority_bits = 5, .hw_mapped = none};
    static struct cost_model zero;
    const struct vgic_model_ops *p = vgic_model_by_name("perf");
    struct vgic_model *plain = p->create(p, &cfg, &zero, &(struct vgic_hooks){0}, NULL);
    struct vgic_counters c;
    p->counters(plain, &c);
    for (uint32_t i = 0; i < c.n_extra; i++)
        ck_assert_msg(strstr(c.extra[i].name, "msi") == NULL &&
                          strstr(c.extra[i].name, "its") == NULL, "%s", c.extra[i].name);
    p->destroy(plain);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("perf_its");
    TCase *tc = tcase_create("perf_its");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, published_translation_hits_until_a_configuration_write);
    tcase_add_test(tc, lpis_disabled_retract_the_published_translation);
    tcase_add_test(tc, stale_translation_never_comes_back_with_the_stamp);
    tcase_add_test(tc, overflowing_lpis_are_delivered_in_priority_order);
    tcase_add_test(tc, moved_lpi_migrates_at_the_prune);
    tcase_add_test(tc, lpis_disabled_leave_the_list_pending);
    tcase_add_test(tc, lpis_disabled_by_another_vcpu_while_in_the_lrs);
    tcase_add_test(tc, lpis_queued_again_before_the_vcpu_left);
    tcase_add_test(tc, discarded_lpi_lives_while_listed);
    tcase_add_test(tc, no_its_no_its_counters);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
