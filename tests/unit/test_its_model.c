/* SPDX-License-Identifier: GPL-2.0-only */
/* The emulated ITS through the model interface, on every model: a guest driver written
 * out by hand (tables in a small guest memory, commands in the queue, GITS_CWRITER
 * written), then MSIs: what KVM's vgic-its.c does with each command and each MSI
 * (translation, drops, MOVI, DISCARD, INV, INVALL, MOVALL, CLEAR, the translation cache by
 * release), checked on the interrupts' state, the list registers and the counters. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "gic/gic_its.h"
#include "gic/gic_regs.h"
#include "model/model_registry.h"
#include "model/vgic_model.h"
#include "test_support.h"

/* ---- a guest memory: a few pages, enough for the tables below --------------------- */

enum { PAGE = 4096, N_PAGES = 64 };
static struct {
    uint64_t addr[N_PAGES];
    uint8_t data[N_PAGES][PAGE];
    uint32_t n;
} mem;

static uint8_t *page_of(uint64_t gpa, bool create)
{
    uint64_t base = gpa & ~(uint64_t)(PAGE - 1);
    for (uint32_t i = 0; i < mem.n; i++)
        if (mem.addr[i] == base)
            return mem.data[i];
    if (!create)
        return NULL;
    ck_assert_uint_lt(mem.n, N_PAGES);
    mem.addr[mem.n] = base;
    memset(mem.data[mem.n], 0, PAGE);
    return mem.data[mem.n++];
}

static bool read_guest(void *sim, uint64_t gpa, void *buf, uint32_t len)
{
    (void)sim;
    for (uint32_t i = 0; i < len; i++) {
        const uint8_t *p = page_of(gpa + i, false);
        ((uint8_t *)buf)[i] = p ? p[(gpa + i) % PAGE] : 0;
    }
    return true;
}

static void write_guest(void *sim, uint64_t gpa, const void *buf, uint32_t len)
{
    (void)sim;
    for (uint32_t i = 0; i < len; i++)
        page_of(gpa + i, true)[(gpa + i) % PAGE] = ((const uint8_t *)buf)[i];
}

/* ---- the machine ----------------------------------------------------------------- */

enum {
    VCPUS = 2,
    PROP_BASE = 0x100000,
    PEND_BASE = 0x200000,        /* vCPU n's at + n * 0x10000 */
    DEV_TABLE = 0x300000,
    COLL_TABLE = 0x310000,
    QUEUE = 0x400000,
    LPI = 8195,
};
#define VALID (UINT64_C(1) << 63)

static uint32_t kicks[VCPUS], pended_count, last_pended;
static void hook_kick(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)sim, (void)when;
    kicks[vcpu]++;
}
static void hook_pended(void *sim, int32_t bank, uint32_t value, uint64_t when)
{
    (void)sim, (void)when;
    ck_assert_int_eq(bank, -1);
    pended_count++;
    last_pended = value;
}

struct fx {
    const struct vgic_model_ops *ops;
    struct vgic_model *m;
    uint64_t now;
    uint32_t cwriter;
};

static struct fx open_model(const char *name, uint32_t release)
{
    memset(&mem, 0, sizeof(mem));
    memset(kicks, 0, sizeof(kicks));
    pended_count = last_pended = 0;
    static const uint32_t no_hw[1];
    struct gic_config cfg = {
        .version = GIC_V3, .vcpus = VCPUS, .spis = 32, .list_registers = 4,
        .priority_bits = 5, .hw_mapped = no_hw, .kvm_release = release,
        .its = true, .lpis = 8192,
    };
    struct cost_model zero;
    memset(&zero, 0, sizeof(zero));
    zero.preset = "zero";
    struct vgic_hooks hooks = {
        .kick = hook_kick, .pended = hook_pended,
        .read_guest = read_guest, .write_guest = write_guest,
    };
    struct fx f = {.ops = vgic_model_by_name(name), .now = 1000};
    ck_assert_ptr_nonnull(f.ops);
    f.m = f.ops->create(f.ops, &cfg, &zero, &hooks, NULL);
    return f;
}

static void close_model(struct fx *f) { f->ops->destroy(f->m); }

static void write_reg(struct fx *f, enum gic_frame frame, uint32_t redist, uint32_t offset,
                      uint32_t width, uint64_t value)
{
    struct vgic_ctx ctx = {.now = f->now, .vcpu = 0};
    f->now = f->ops->mmio_write(f->m, &ctx, frame, redist, offset, width, value) + 1;
}

static uint64_t read_reg(struct fx *f, enum gic_frame frame, uint32_t redist, uint32_t offset,
                         uint32_t width)
{
    struct vgic_ctx ctx = {.now = f->now, .vcpu = 0};
    uint64_t v;
    f->now = f->ops->mmio_read(f->m, &ctx, frame, redist, offset, width, &v) + 1;
    return v;
}

static void set_prop(uint32_t intid, uint8_t prop)
{
    write_guest(NULL, PROP_BASE + intid - 8192, &prop, 1);
}

/* What a Linux guest does at boot: the distributor enabled (KVM delivers LPIs only then,
 * as every interrupt), the LPI tables, EnableLPIs, the ITS's tables and queue, the ITS
 * enabled. */
static void boot_driver(struct fx *f)
{
    write_reg(f, GIC_FRAME_GICD, 0, GICD_CTLR, 4, 2);   /* EnableGrp1 */
    write_reg(f, GIC_FRAME_GICR, 0, GICR_PROPBASER, 8, PROP_BASE | 13);   /* 14 ID bits */
    for (uint32_t v = 0; v < VCPUS; v++) {
        write_reg(f, GIC_FRAME_GICR, v, GICR_PENDBASER, 8, PEND_BASE + v * 0x10000);
        write_reg(f, GIC_FRAME_GICR, v, GICR_CTLR, 4, 1);
    }
    write_reg(f, GIC_FRAME_GITS, 0, GITS_BASER, 8, VALID | DEV_TABLE);
    write_reg(f, GIC_FRAME_GITS, 0, GITS_BASER + 8, 8, VALID | COLL_TABLE);
    write_reg(f, GIC_FRAME_GITS, 0, GITS_CBASER, 8, VALID | QUEUE);
    write_reg(f, GIC_FRAME_GITS, 0, GITS_CTLR, 4, 1);
}

static void command(struct fx *f, struct gic_its_cmd cmd)
{
    uint64_t words[GIC_ITS_CMD_WORDS];
    gic_its_cmd_encode(&cmd, words);
    write_guest(NULL, QUEUE + f->cwriter, words, sizeof(words));
    f->cwriter = (f->cwriter + GIC_ITS_CMD_SIZE) % PAGE;
    write_reg(f, GIC_FRAME_GITS, 0, GITS_CWRITER, 8, f->cwriter);
}

static void msi(struct fx *f, uint32_t device, uint32_t event)
{
    struct vgic_ctx ctx = {.now = f->now, .vcpu = VGIC_HOST_CONTEXT};
    f->now = f->ops->msi(f->m, &ctx, device, event) + 1;
}

static struct vgic_irq_snapshot lpi_state(struct fx *f, uint32_t intid)
{
    struct vgic_irq_snapshot s;
    f->ops->irq_state(f->m, 0, intid, &s);
    return s;
}

static uint64_t counter(struct fx *f, const char *name)
{
    struct vgic_counters c;
    f->ops->counters(f->m, &c);
    return vgic_counters_get(&c, name);
}

/* Device 1 (16 events), collection 0 on vCPU 1 and collection 1 on vCPU 0, event 3 ->
 * LPI 8195 in collection 0, configured priority 0xa0 and enabled. */
static void map_one(struct fx *f)
{
    boot_driver(f);
    set_prop(LPI, 0xa1);
    command(f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPD, .device = 1, .size = 3,
                                    .itt_addr = 0x500000, .valid = true});
    command(f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPC, .collection = 0, .target = 1,
                                    .valid = true});
    command(f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPC, .collection = 1, .target = 0,
                                    .valid = true});
    command(f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPTI, .device = 1, .event = 3,
                                    .intid = LPI, .collection = 0});
}

static const char *const models[] = {"ref", "perf"};

/* ---- the tests --------------------------------------------------------------------- */

START_TEST(registers_after_boot)
{
    struct fx f = open_model(models[_i], 0);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_CTLR, 4), 0x80000000u);  /* quiescent */
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_IIDR, 4), 0x4b00043bu);
    /* Enabling without valid tables is refused. */
    write_reg(&f, GIC_FRAME_GITS, 0, GITS_CTLR, 4, 1);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_CTLR, 4) & 1, 0);
    map_one(&f);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_CTLR, 4), 0x80000001u);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_CREADR, 8), 4 * 32);
    /* PLPIS, 8-byte ITEs, 16 EventID and DeviceID bits. */
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_TYPER, 8), 0x1ef71u);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GICR, 1, GICR_TYPER, 4) & 1, 1);   /* PLPIS */
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GICR, 1, GICR_CTLR, 4) & 1, 1);    /* EnableLPIs */
    /* The table types and entry sizes are KVM's whatever the guest wrote. */
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_BASER, 8) >> 48 & 0x7ff, 0x107);
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_BASER + 8, 8) >> 48 & 0x7ff, 0x407);
    ck_assert_uint_eq(f.ops->counters ? counter(&f, "its_commands") : 0, 4);
    close_model(&f);
}
END_TEST

START_TEST(mapti_reads_the_configuration)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    struct vgic_irq_snapshot s = lpi_state(&f, LPI);
    ck_assert(s.s.enabled);
    ck_assert_uint_eq(s.s.priority, 0xa0);
    ck_assert_int_eq(s.s.target, 1);
    ck_assert(!s.pending);
    /* An LPI nothing maps does not exist. */
    ck_assert_int_eq(lpi_state(&f, LPI + 1).s.target, -1);
    close_model(&f);
}
END_TEST

START_TEST(msi_pends_and_kicks_the_target)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    msi(&f, 1, 3);
    ck_assert_uint_eq(pended_count, 1);
    ck_assert_uint_eq(last_pended, LPI);
    ck_assert(lpi_state(&f, LPI).pending);
    ck_assert_uint_eq(kicks[1], 1);
    /* The target takes it: listed at its entry, acknowledged by IAR. */
    struct vgic_ctx ctx = {.now = f.now, .vcpu = 1};
    f.now = f.ops->vcpu_entry(f.m, &ctx) + 1;
    ctx.now = f.now;
    f.now = f.ops->cpu_write(f.m, &ctx, GIC_CPU_PMR, 0xff) + 1;
    ctx.now = f.now;
    f.now = f.ops->cpu_write(f.m, &ctx, GIC_CPU_IGRPEN1, 1) + 1;
    ctx.now = f.now;
    uint64_t iar;
    f.now = f.ops->cpu_read(f.m, &ctx, GIC_CPU_IAR, &iar) + 1;
    ck_assert_uint_eq(iar, LPI);
    close_model(&f);
}
END_TEST

START_TEST(unmapped_msis_are_dropped)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    msi(&f, 1, 4);   /* event not mapped */
    msi(&f, 2, 3);   /* device not mapped */
    ck_assert_uint_eq(pended_count, 0);
    ck_assert_uint_eq(counter(&f, "msis_dropped"), 2);
    /* The ITS disabled: dropped too. */
    write_reg(&f, GIC_FRAME_GITS, 0, GITS_CTLR, 4, 0);
    msi(&f, 1, 3);
    ck_assert_uint_eq(pended_count, 0);
    close_model(&f);
}
END_TEST

START_TEST(lpis_disabled_on_the_target_drop_msis)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    write_reg(&f, GIC_FRAME_GICR, 1, GICR_CTLR, 4, 0);
    msi(&f, 1, 3);
    ck_assert_uint_eq(pended_count, 0);
    close_model(&f);
}
END_TEST

START_TEST(movi_retargets_and_discard_unmaps)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_MOVI, .device = 1, .event = 3,
                                     .collection = 1});
    ck_assert_int_eq(lpi_state(&f, LPI).s.target, 0);
    msi(&f, 1, 3);
    ck_assert_uint_eq(kicks[0], 1);
    ck_assert_uint_eq(kicks[1], 0);
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_DISCARD, .device = 1, .event = 3});
    uint32_t before = pended_count;
    msi(&f, 1, 3);
    ck_assert_uint_eq(pended_count, before);
    close_model(&f);
}
END_TEST

START_TEST(disabled_lpi_latches_until_inv_enables_it)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    set_prop(LPI, 0xa0);   /* disabled in memory: KVM does not see it yet */
    ck_assert(lpi_state(&f, LPI).s.enabled);
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_INV, .device = 1, .event = 3});
    ck_assert(!lpi_state(&f, LPI).s.enabled);
    /* INT on a disabled LPI latches it: pending, not queued, no kick. */
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_INT, .device = 1, .event = 3});
    ck_assert(lpi_state(&f, LPI).s.pending_latch);
    ck_assert_uint_eq(kicks[1], 0);
    /* Enabled in memory, then INVALL of its collection: now it is delivered. */
    set_prop(LPI, 0x81);
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_INVALL, .collection = 0});
    ck_assert(lpi_state(&f, LPI).s.enabled);
    ck_assert_uint_eq(lpi_state(&f, LPI).s.priority, 0x80);
    ck_assert_uint_eq(kicks[1], 1);
    /* CLEAR takes the pending state away. */
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_CLEAR, .device = 1, .event = 3});
    ck_assert(!lpi_state(&f, LPI).s.pending_latch);
    close_model(&f);
}
END_TEST

START_TEST(movall_moves_every_lpi_of_a_vcpu)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_MOVALL, .target = 1, .target2 = 0});
    ck_assert_int_eq(lpi_state(&f, LPI).s.target, 0);
    close_model(&f);
}
END_TEST

START_TEST(errors_are_silent_and_creadr_moves_on)
{
    struct fx f = open_model(models[_i], 0);
    map_one(&f);
    /* MAPC to a vCPU that does not exist, MAPTI of an unmapped device, a GICv4 VMAPP. */
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPC, .collection = 2, .target = 7,
                                     .valid = true});
    command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_MAPTI, .device = 9, .event = 0,
                                     .intid = LPI + 1, .collection = 0});
    command(&f, (struct gic_its_cmd){.opcode = 0x29});
    ck_assert_uint_eq(read_reg(&f, GIC_FRAME_GITS, 0, GITS_CREADR, 8), 7 * 32);
    ck_assert_int_eq(lpi_state(&f, LPI + 1).s.target, -1);
    close_model(&f);
}
END_TEST

/* The cache changes what an MSI costs, never whether it is delivered: before v5.4 there
 * is none; v5.4..v6.9 and v6.10+ hit from the second MSI of a translation on. */
START_TEST(translation_cache_by_release)
{
    static const uint32_t releases[] = {503, 608, 610};
    static const uint64_t hits[] = {0, 1, 1};
    for (size_t r = 0; r < 3; r++) {
        struct fx f = open_model(models[_i], releases[r]);
        map_one(&f);
        msi(&f, 1, 3);
        msi(&f, 1, 3);
        ck_assert_uint_eq(pended_count, 2);
        if (_i == 0)   /* the reference model's counters are KVM's cache */
            ck_assert_uint_eq(counter(&f, "its_cache_hits"), hits[r]);
        else           /* perf's: the first MSI publishes, the second takes it, lock-free */
            ck_assert_uint_eq(counter(&f, "msi_fast_hits"), 1);
        /* DISCARD invalidates: the next MSI misses and is dropped. */
        command(&f, (struct gic_its_cmd){.opcode = GIC_ITS_DISCARD, .device = 1, .event = 3});
        msi(&f, 1, 3);
        ck_assert_uint_eq(pended_count, 2);
        close_model(&f);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("its_model");
    TCase *tc = tcase_create("its");
    int n = (int)(sizeof(models) / sizeof(models[0]));
    tcase_add_loop_test(tc, registers_after_boot, 0, n);
    tcase_add_loop_test(tc, mapti_reads_the_configuration, 0, n);
    tcase_add_loop_test(tc, msi_pends_and_kicks_the_target, 0, n);
    tcase_add_loop_test(tc, unmapped_msis_are_dropped, 0, n);
    tcase_add_loop_test(tc, lpis_disabled_on_the_target_drop_msis, 0, n);
    tcase_add_loop_test(tc, movi_retargets_and_discard_unmaps, 0, n);
    tcase_add_loop_test(tc, disabled_lpi_latches_until_inv_enables_it, 0, n);
    tcase_add_loop_test(tc, movall_moves_every_lpi_of_a_vcpu, 0, n);
    tcase_add_loop_test(tc, errors_are_silent_and_creadr_moves_on, 0, n);
    tcase_add_loop_test(tc, translation_cache_by_release, 0, n);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
