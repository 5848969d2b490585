/* SPDX-License-Identifier: GPL-2.0-only */
/* Halting the guest (KVM's kvm_arm_halt_guest around an active-state change), on both
 * models through the model interface: every other vCPU in the guest leaves and comes
 * back, and coming back is an entry like any other — a maintenance condition its flush
 * leaves holding is signalled at once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gic/gic_regs.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "test_support.h"

static const char *const MODELS[] = {"ref", "perf"};

struct seen {
    unsigned maintenance[2], halted[2];
};

static void on_maintenance(void *sim, uint32_t vcpu, uint64_t when)
{
    (void)when;
    ((struct seen *)sim)->maintenance[vcpu]++;
}

static void on_halted(void *sim, uint32_t vcpu, uint64_t from, uint64_t until)
{
    ck_assert_uint_lt(from, until);
    ((struct seen *)sim)->halted[vcpu]++;
}

/* One list register; vCPU 0 has two SPIs on its list when vCPU 1 activates a third
 * through GICD_ISACTIVER, which halts the guest (GICv3 model). vCPU 0's flush on the way
 * back in lists one and sets UIE for the rest, and with a single LR the underflow
 * condition holds the moment it enters: one maintenance interrupt. */
START_TEST(test_restart_after_halt_signals_maintenance)
{
    static const char text[] =
        "version: 1\n"
        "gic: {version: 3, vcpus: 2, spis: 32, list_registers: 1}\n"
        "trace:\n"
        "  - {at: 100, pulse: {intid: 32}}\n";
    struct scenario s;
    struct diag_list d;
    diag_init(&d);
    ck_assert(scenario_load_text("halt.yaml", text, strlen(text), NULL, 0, &s, &d));
    diag_free(&d);
    uint32_t nr = gic_nr_irqs(&s.gic);
    uint8_t *enabled = malloc(nr), *level = calloc(nr, 1);   /* every SPI edge */
    memset(enabled, 1, nr);
    struct vgic_boot_config boot = {.priority = 0xa0, .pmr = 0xff, .enabled = enabled,
                                    .level_spis = level};

    for (size_t i = 0; i < sizeof(MODELS) / sizeof(MODELS[0]); i++) {
        const struct vgic_model_ops *ops = vgic_model_by_name(MODELS[i]);
        ck_assert_ptr_nonnull(ops);
        struct seen seen = {0};
        struct vgic_hooks hooks = {.maintenance = on_maintenance, .halted = on_halted};
        struct vgic_model *m = ops->create(ops, &s.gic, &s.costs, &hooks, &seen);
        ops->boot(m, &boot);
        uint64_t t = 1000;
        t = ops->vcpu_entry(m, &(struct vgic_ctx){.now = t, .vcpu = 0});
        t = ops->vcpu_entry(m, &(struct vgic_ctx){.now = t, .vcpu = 1});
        for (uint32_t intid = 32; intid <= 33; intid++) {   /* edge SPIs, to vCPU 0 */
            t = ops->set_line(m, &(struct vgic_ctx){.now = t, .vcpu = VGIC_HOST_CONTEXT}, intid, 0, true);
            t = ops->set_line(m, &(struct vgic_ctx){.now = t, .vcpu = VGIC_HOST_CONTEXT}, intid, 0, false);
        }
        ck_assert_uint_eq(seen.maintenance[0], 0);
        /* The write traps: vCPU 1 leaves the guest, the hypervisor emulates it. */
        t = ops->vcpu_exit(m, &(struct vgic_ctx){.now = t, .vcpu = 1});
        ops->mmio_write(m, &(struct vgic_ctx){.now = t, .vcpu = 1}, GIC_FRAME_GICD, 0, GICD_ISACTIVER + 4, 4,
                        UINT64_C(1) << (40 - 32));
        ck_assert_msg(seen.halted[0] == 1, "%s: vCPU 0 halted %u times", MODELS[i],
                      seen.halted[0]);
        ck_assert_msg(seen.maintenance[0] == 1,
                      "%s: %u maintenance interrupts on vCPU 0 after the halt", MODELS[i],
                      seen.maintenance[0]);
        struct vgic_vcpu_snapshot v0;
        ops->vcpu_state(m, 0, &v0);
        ck_assert_uint_eq(v0.vif.used_lrs, 1);   /* one listed, the others wait */
        ck_assert(v0.in_guest);
        ops->destroy(m);
    }
    free(enabled);
    free(level);
    scenario_free(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model_halt");
    TCase *tc = tcase_create("halt");
    tcase_add_test(tc, test_restart_after_halt_signals_maintenance);
    suite_add_tcase(s, tc);
    return test_run_suite(s);
}
