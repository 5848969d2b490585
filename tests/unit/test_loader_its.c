/* SPDX-License-Identifier: GPL-2.0-only */
/* Scenario loader: the emulated ITS — gic.its and gic.lpis (spec section 2), the its
 * section (2c), hypervisor.direct_injection (2a), injectors' devices (2b), the msi, its
 * and lpi_config steps, frame: gits and the GITS_* names (5), MSI generators (6), and
 * LPIs where an INTID can be delivered (checks, expect, guest.handlers)
 * (src/scenario/convert_its.c and the sections it extends). */
#include <stdint.h>
#include <string.h>

#include "gic/gic_its.h"
#include "gic/gic_regs.h"
#include "loader_helpers.h"
#include "scenario/load.h"

/* A v3 machine with an ITS (lines 1 and 2). */
#define HDRI "version: 1\ngic: {version: 3, vcpus: 2, its: true}\n"

/* ---- the machine ---- */

START_TEST(test_machine_defaults_and_values)
{
    struct scenario s;
    LOAD_OK(HDR3 PULSE40, &s);
    ck_assert(!s.gic.its);
    ck_assert_uint_eq(s.gic.lpis, 8192);
    ck_assert_int_eq(s.gic.direct_injection, GIC_DI_NONE);
    ck_assert_uint_eq(s.its.n_devices, 0);
    scenario_free(&s);

    LOAD_OK("version: 1\ngic: {version: 3, vcpus: 2, its: true, lpis: 65536}\n"
            "hypervisor: {direct_injection: none}\n" PULSE40, &s);
    ck_assert(s.gic.its);
    ck_assert_uint_eq(s.gic.lpis, 65536);
    ck_assert(gic_intid_is_lpi(&s.gic, 8192 + 65535));
    ck_assert_int_eq(s.gic.direct_injection, GIC_DI_NONE);
    scenario_free(&s);
    LOAD_OK("version: 1\ngic: {version: 3, vcpus: 2, its: false}\n" PULSE40, &s);
    ck_assert(!s.gic.its);
    scenario_free(&s);
}
END_TEST

START_TEST(test_machine_errors)
{
    const char *T = "version: 1\n"
                    "gic: {version: 2, vcpus: 2, its: true}\n"   /* 2 */
                    "hypervisor: {direct_injection: gicv4.1}\n"  /* 3 */
                    PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "its: ", "gic.its: GICv2 has no ITS (LPIs and MSIs are "
                                      "GICv3's); use gic.version: 3"),
                 AFTER(3, "injection: ", "hypervisor.direct_injection: gicv4.1 is GICv4's, "
                                         "which extends GICv3: a GICv2 machine has only "
                                         "'none'"));
    T = "version: 1\n"
        "gic: {version: 3, vcpus: 2, lpis: 9000}\n"      /* 2 */
        "hypervisor: {direct_injection: gicv4.0}\n"      /* 3 */
        PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "lpis: ", "gic.lpis: LPIs need an ITS: add gic.its: true"));
    T = "version: 1\n"
        "gic: {version: 3, vcpus: 2, its: true}\n"                    /* 2 */
        "hypervisor: {kvm: \"5.6\", direct_injection: gicv4.1}\n"    /* 3 */
        PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "injection: ", "hypervisor.direct_injection: gicv4.1 came to "
                                            "KVM with 5.7; hypervisor.kvm is 5.6 (use "
                                            "gicv4.0, or a later release)"));
    T = "version: 1\n"
        "gic: {version: 3, vcpus: 2, its: yes, lpis: 8191}\n"   /* 2 */
        "hypervisor: {direct_injection: v4, kvm: \"6.19\"}\n"   /* 3 */
        PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "its: ", "gic.its: expected true or false, got 'yes'"),
                 AFTER(2, "lpis: ", "gic.lpis: 8191 is out of range (8192..65536)"),
                 AFTER(3, "injection: ", "hypervisor.direct_injection: 'v4' is not one of: "
                                         "none, gicv4.0, gicv4.1"));
    T = "version: 1\ngic: {version: 3, vcpus: 2, its: true, lpis: 65537}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(2, "lpis: ", "gic.lpis: 65537 is out of range (8192..65536)"));
}
END_TEST

START_TEST(test_set_overrides)
{
    const char *const set[] = {"gic.its=true", "gic.lpis=16384",
                               "hypervisor.direct_injection=none"};
    struct scenario s;
    LOAD_OK_SET(HDR3 "trace:\n  - msi: {device: 1, event: 2}\n", set, &s);
    ck_assert(s.gic.its);
    ck_assert_uint_eq(s.gic.lpis, 16384);
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_MSI);
    scenario_free(&s);
    const char *const bad[] = {"hypervisor.kvm=5.4", "hypervisor.direct_injection=gicv4.1"};
    EXPECT_DIAGS_SET(HDRI PULSE40, bad,
                     SET_AT(2, 29, "hypervisor.direct_injection: gicv4.1 came to KVM with 5.7"));
}
END_TEST

/* ---- the its section ---- */

START_TEST(test_devices)
{
    const char *T = HDRI
        "its:\n"
        "  devices:\n"
        "    - {id: 0, events: 32, lpi_base: 8192}\n"                       /* 5 */
        "    - {id: 65535, events: 4, lpi_base: 8224, vcpu: 1, passthrough: true}\n"
        "    - {id: 7, events: 1, lpi_base: 16383, passthrough: true}\n"    /* the last LPI */
        "hypervisor: {direct_injection: none}\n" PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.its.n_devices, 3);
    const struct scn_its_device *d = &s.its.devices[0];
    ck_assert_uint_eq(d->id, 0);
    ck_assert_uint_eq(d->events, 32);
    ck_assert_uint_eq(d->lpi_base, 8192);
    ck_assert_uint_eq(d->vcpu, 0);
    ck_assert(!d->passthrough);
    ck_assert_uint_eq(d->loc.line, 5);
    ck_assert_uint_eq(d->loc.col, 7);
    d = &s.its.devices[1];
    ck_assert_uint_eq(d->id, 65535);
    ck_assert_uint_eq(d->vcpu, 1);
    ck_assert(d->passthrough);       /* with direct_injection: none, software-injected */
    ck_assert_uint_eq(s.its.devices[2].id, 7);
    /* The machine's list of assigned DeviceIDs, ascending whatever the file's order. */
    ck_assert_uint_eq(s.gic.n_passthrough, 2);
    ck_assert_uint_eq(s.gic.passthrough[0], 7);
    ck_assert_uint_eq(s.gic.passthrough[1], 65535);
    scenario_free(&s);

    /* The largest device: 65536 events; the most LPIs KVM's ITS can name end at 65535. */
    LOAD_OK("version: 1\ngic: {version: 3, vcpus: 1, its: true, lpis: 65536}\n"
            "its: {devices: [{id: 1, events: 57344, lpi_base: 8192}]}\n" PULSE40, &s);
    ck_assert_uint_eq(s.its.devices[0].events, 57344);
    scenario_free(&s);
    LOAD_OK(HDRI "its: {}\n" PULSE40, &s);
    ck_assert_uint_eq(s.its.n_devices, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_device_errors)
{
    const char *T = HDRI
        "its:\n"
        "  devices:\n"
        "    - {id: 0, events: 32, lpi_base: 8192, vcpu: 2}\n"            /* 5 */
        "    - {id: 0, events: 4, lpi_base: 8300}\n"                      /* 6 */
        "    - {id: 2, events: 8, lpi_base: 8220}\n"                      /* 7 */
        "    - {id: 3, events: 0, lpi_base: 9000}\n"                      /* 8 */
        "    - {id: 65536, events: 1, lpi_base: 100}\n"                   /* 9 */
        "    - {id: 5, events: 200, lpi_base: 16300}\n"                   /* 10 */
        "    - {events: 1, passthrough: 1, evnets: 3}\n"                  /* 11 */
        "    - 5\n"                                                       /* 12 */
        "  device: []\n"                                                  /* 13 */
        PULSE40;
    EXPECT_DIAGS(T,
                 AFTER(5, "vcpu: ", "its.devices[0].vcpu: vCPU 2 does not exist"),
                 AFTER(6, "id: ", "its.devices[1].id: DeviceID 0 is already its.devices[0]'s"),
                 AFTER(7, "lpi_base: ", "its.devices[2]: LPIs 8220..8227 overlap those of "
                                        "its.devices[0] (device 0, LPIs 8192..8223): an LPI "
                                        "belongs to one event"),
                 AFTER(8, "events: ", "its.devices[3].events: 0 is out of range (1..65536)"),
                 AFTER(9, "id: ", "its.devices[4].id: 65536 is out of range (0..65535)"),
                 AFTER(9, "lpi_base: ", "its.devices[4].lpi_base: 100 is not an LPI of the "
                                        "machine (LPIs 8192-16383 with gic.lpis = 8192)"),
                 AFTER(10, "events: ", "its.devices[5]: events 0..199 map to LPIs "
                                       "16300..16499, past the machine's last LPI 16383 "
                                       "(gic.lpis = 8192)"),
                 AT(11, "{events", "its.devices[6]: missing 'id'"),
                 AT(11, "{events", "its.devices[6]: missing 'lpi_base'"),
                 AFTER(11, "passthrough: ", "its.devices[6].passthrough: expected true or "
                                            "false"),
                 AT(11, "evnets", "unknown key 'evnets' in its.devices[6] (did you mean "
                                  "'events'?)"),
                 AT(12, "5", "its.devices[7]: expected a map"),
                 AT(13, "device", "unknown key 'device' in its (did you mean 'devices'?)"));

    /* 16-bit INTIDs: KVM's ITS refuses an LPI past 65535, even one the machine has. */
    T = "version: 1\ngic: {version: 3, vcpus: 1, its: true, lpis: 65536}\n"
        "its:\n"
        "  devices:\n"
        "    - {id: 1, events: 2, lpi_base: 65535}\n"            /* 5 */
        "    - {id: 2, events: 1, lpi_base: 65536}\n"            /* 6 */
        PULSE40;
    EXPECT_DIAGS(T,
                 AFTER(5, "events: ", "its.devices[0]: events 0..1 map to LPIs 65535..65536, "
                                      "past 65535: KVM's ITS refuses INTIDs wider than 16 "
                                      "bits"),
                 AFTER(6, "lpi_base: ", "its.devices[1].lpi_base: LPI 65536 is past 65535: "
                                        "KVM's ITS refuses INTIDs wider than 16 bits"));

    /* The overlap is reported at the later device in the file, whatever the LPI order. */
    T = HDRI
        "its:\n"
        "  devices:\n"
        "    - {id: 1, events: 100, lpi_base: 9000}\n"         /* 5 */
        "    - {id: 2, events: 2000, lpi_base: 8192}\n"        /* 6 */
        "    - {id: 3, events: 1, lpi_base: 10000}\n"          /* 7: overlaps nothing */
        PULSE40;
    EXPECT_DIAGS(T, AFTER(6, "lpi_base: ", "its.devices[1]: LPIs 8192..10191 overlap those "
                                           "of its.devices[0] (device 1, LPIs 9000..9099)"),
                 AFTER(7, "lpi_base: ", "its.devices[2]: LPIs 10000..10000 overlap those "
                                        "of its.devices[1] (device 2, LPIs 8192..10191)"));

    T = HDR3 "its: {devices: []}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "its: ", "its: needs an ITS: set gic.its: true"));
    T = HDRI "its: {devices: {id: 1}}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "devices: ", "its.devices: expected a list, got a map"));
}
END_TEST

/* More devices than there are DeviceIDs is refused before any is read. */
START_TEST(test_device_count_capped)
{
    enum { N = 65537 };
    static const char head[] = HDRI "its:\n  devices: [";   /* the list starts on line 4 */
    static const char item[] = "{id: 1, events: 1, lpi_base: 8192}, ";
    size_t len = strlen(head) + N * strlen(item) + 64;
    char *T = malloc(len);
    ck_assert_ptr_nonnull(T);
    char *p = T + sprintf(T, "%s", head);
    for (int i = 0; i < N; i++)
        p += sprintf(p, "%s", item);
    sprintf(p - 2, "]\n%s", PULSE40);
    EXPECT_DIAGS(T, AT_LC(4, 12, "its.devices: 65537 devices; at most 65536 (one per 16-bit "
                                 "DeviceID)"));
    free(T);
}
END_TEST

/* ---- steps ---- */

START_TEST(test_msi_and_lpi_config_steps)
{
    const char *T = HDRI
        "trace:\n"
        "  - msi: {device: 0, event: 3}\n"                                    /* 4 */
        "  - {msi: {device: 65535, event: 65535}, at: 100}\n"
        "  - {lpi_config: {intid: 8200, priority: 0x80, enabled: true}, vcpu: 1}\n"
        "  - {lpi_config: {intid: 16383, enabled: false}, vcpu: 0}\n"
        "  - {lpi_config: {intid: 8192, priority: 0}, vcpu: 0}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_step *st = &s.steps[0];
    ck_assert_int_eq(st->kind, SCN_STEP_MSI);
    ck_assert_int_eq(st->vcpu, SCN_NO_VCPU);
    ck_assert_uint_eq(st->u.msi.device, 0);
    ck_assert_uint_eq(st->u.msi.event, 3);
    st = &s.steps[1];
    ck_assert_uint_eq(st->u.msi.device, 65535);
    ck_assert_uint_eq(st->u.msi.event, 65535);
    ck_assert(st->has_at);
    st = &s.steps[2];
    ck_assert_int_eq(st->kind, SCN_STEP_LPI_CONFIG);
    ck_assert_int_eq(st->vcpu, 1);
    ck_assert_uint_eq(st->u.lpi.intid, 8200);
    ck_assert(st->u.lpi.has_priority && st->u.lpi.has_enabled);
    ck_assert_uint_eq(st->u.lpi.priority, 0x80);
    ck_assert(st->u.lpi.enabled);
    st = &s.steps[3];
    ck_assert(!st->u.lpi.has_priority && st->u.lpi.has_enabled && !st->u.lpi.enabled);
    st = &s.steps[4];
    ck_assert(st->u.lpi.has_priority && !st->u.lpi.has_enabled);
    ck_assert_uint_eq(st->u.lpi.priority, 0);
    scenario_free(&s);
}
END_TEST

START_TEST(test_msi_and_lpi_config_errors)
{
    const char *T = HDRI
        "trace:\n"
        "  - {msi: {device: 0, event: 3}, vcpu: 0}\n"                         /* 4 */
        "  - msi: {device: 65536, event: 70000}\n"                            /* 5 */
        "  - msi: {event: 1, vcpu: 0}\n"                                      /* 6 */
        "  - {lpi_config: {intid: 40}, vcpu: 0}\n"                            /* 7 */
        "  - lpi_config: {intid: 16384, priority: 256}\n"                     /* 8 */
        "  - {lpi_config: {priority: 1, enabled: 2}, vcpu: 0}\n";             /* 9 */
    EXPECT_DIAGS(T,
                 AFTER(4, "vcpu: ", "trace[0]: an 'msi' step is a device's, not a vCPU's"),
                 AFTER(5, "device: ", "trace[1].msi.device: 65536 is out of range (0..65535)"),
                 AFTER(5, "event: ", "trace[1].msi.event: 70000 is out of range (0..65535)"),
                 AFTER(6, "msi: ", "trace[2].msi: missing 'device'"),
                 AT(6, "vcpu", "unknown key 'vcpu' in trace[2].msi"),
                 AFTER(7, "lpi_config: ", "trace[3].lpi_config: give 'priority', 'enabled' "
                                          "or both"),
                 AFTER(7, "intid: ", "trace[3].lpi_config.intid: 40 is not an LPI of the "
                                     "machine (LPIs 8192-16383 with gic.lpis = 8192)"),
                 AT(8, "lpi_config", "trace[4]: a 'lpi_config' step needs 'vcpu'"),
                 AFTER(8, "intid: ", "trace[4].lpi_config.intid: 16384 is not an LPI"),
                 AFTER(8, "priority: ", "trace[4].lpi_config.priority: 256 is out of range "
                                        "(0..255)"),
                 AFTER(9, "lpi_config: ", "trace[5].lpi_config: missing 'intid'"),
                 AFTER(9, "enabled: ", "trace[5].lpi_config.enabled: expected true or false"));

    /* Without an ITS, each step says so once, and nothing more. */
    T = HDR3
        "trace:\n"
        "  - msi: {device: 0, event: 3}\n"                           /* 4 */
        "  - {its: {cmd: SYNC, target: 0}, vcpu: 0}\n"               /* 5 */
        "  - {lpi_config: {intid: 1}, vcpu: 0}\n";                   /* 6 */
    EXPECT_DIAGS(T, AFTER(4, "msi: ", "trace[0].msi: needs an ITS: set gic.its: true"),
                 AFTER(5, "its: ", "trace[1].its: needs an ITS: set gic.its: true"),
                 AFTER(6, "lpi_config: ", "trace[2].lpi_config: needs an ITS: set gic.its: "
                                          "true"));
}
END_TEST

/* Every command with the fields it takes, what the loader fills by default, and which
 * fields it records as given. */
START_TEST(test_its_commands)
{
    const char *T = HDRI
        "its: {devices: [{id: 3, events: 32, lpi_base: 8192}, "
        "{id: 4, events: 1, lpi_base: 8224}, {id: 5, events: 33, lpi_base: 8225}]}\n"
        "trace:\n"
        "  - {its: {cmd: MAPD, device: 3}, vcpu: 0}\n"                                 /* 0 */
        "  - {its: {cmd: MAPD, device: 4}, vcpu: 0}\n"                                 /* 1 */
        "  - {its: {cmd: MAPD, device: 5}, vcpu: 0}\n"                                 /* 2 */
        "  - {its: {cmd: MAPD, device: 9}, vcpu: 0}\n"                                 /* 3 */
        "  - {its: {cmd: MAPD, device: 0xffffffff, size: 31, valid: false}, vcpu: 0}\n"
        "  - {its: {cmd: MAPC, collection: 1, target: 1}, vcpu: 0}\n"                  /* 5 */
        "  - {its: {cmd: MAPC, collection: 65535, valid: false}, vcpu: 0}\n"           /* 6 */
        "  - {its: {cmd: MAPTI, device: 3, event: 4, intid: 0xffffffff, collection: 1},"
        " vcpu: 1}\n"                                                                  /* 7 */
        "  - {its: {cmd: MAPI, device: 3, event: 5, collection: 0}, vcpu: 0}\n"        /* 8 */
        "  - {its: {cmd: INT, device: 3, event: 6}, vcpu: 0}\n"                        /* 9 */
        "  - {its: {cmd: CLEAR, device: 3, event: 6}, vcpu: 0}\n"
        "  - {its: {cmd: DISCARD, device: 3, event: 6}, vcpu: 0}\n"
        "  - {its: {cmd: INV, device: 3, event: 0xffffffff}, vcpu: 0}\n"
        "  - {its: {cmd: INVALL, collection: 2}, vcpu: 0}\n"                           /* 13 */
        "  - {its: {cmd: MOVI, device: 3, event: 6, collection: 7}, vcpu: 0}\n"
        "  - {its: {cmd: MOVALL, from: 1, target: 65535}, vcpu: 0}\n"                  /* 15 */
        "  - {its: {cmd: SYNC, target: 9}, vcpu: 1, at: 5}\n";                         /* 16 */
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.n_steps, 17);
    const struct scn_its_step *c = &s.steps[0].u.its;
    ck_assert_int_eq(s.steps[0].kind, SCN_STEP_ITS);
    ck_assert_int_eq(s.steps[0].vcpu, 0);
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MAPD);
    ck_assert_uint_eq(c->cmd.device, 3);
    ck_assert_uint_eq(c->cmd.size, 4);         /* 32 events: 5 EventID bits */
    ck_assert(c->cmd.valid);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_DEVICE);
    ck_assert_uint_eq(s.steps[1].u.its.cmd.size, 0);     /* 1 event: 1 bit, the fewest */
    ck_assert_uint_eq(s.steps[2].u.its.cmd.size, 5);     /* 33 events: 6 bits */
    ck_assert_uint_eq(s.steps[3].u.its.cmd.size, 15);    /* not declared: KVM's 16 bits */
    c = &s.steps[4].u.its;
    ck_assert_uint_eq(c->cmd.device, 0xffffffffu);
    ck_assert_uint_eq(c->cmd.size, 31);
    ck_assert(!c->cmd.valid);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_DEVICE | GIC_ITS_F_SIZE | GIC_ITS_F_VALID);
    c = &s.steps[5].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MAPC);
    ck_assert_uint_eq(c->cmd.collection, 1);
    ck_assert_uint_eq(c->cmd.target, 1);
    ck_assert(c->cmd.valid);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_COLLECTION | GIC_ITS_F_TARGET);
    c = &s.steps[6].u.its;
    ck_assert_uint_eq(c->cmd.collection, 65535);
    ck_assert(!c->cmd.valid);
    ck_assert_uint_eq(c->cmd.target, 0);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_COLLECTION | GIC_ITS_F_VALID);
    c = &s.steps[7].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MAPTI);
    ck_assert_uint_eq(c->cmd.event, 4);
    ck_assert_uint_eq(c->cmd.intid, 0xffffffffu);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT | GIC_ITS_F_INTID |
                                     GIC_ITS_F_COLLECTION);
    c = &s.steps[8].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MAPI);
    ck_assert_uint_eq(c->cmd.intid, 0);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT | GIC_ITS_F_COLLECTION);
    static const uint8_t de[] = {GIC_ITS_INT, GIC_ITS_CLEAR, GIC_ITS_DISCARD, GIC_ITS_INV};
    for (size_t i = 0; i < 4; i++) {
        c = &s.steps[9 + i].u.its;
        ck_assert_uint_eq(c->cmd.opcode, de[i]);
        ck_assert_uint_eq(c->cmd.device, 3);
        ck_assert_uint_eq(c->fields, GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT);
    }
    ck_assert_uint_eq(s.steps[12].u.its.cmd.event, 0xffffffffu);
    c = &s.steps[13].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_INVALL);
    ck_assert_uint_eq(c->cmd.collection, 2);
    ck_assert_uint_eq(c->fields, GIC_ITS_F_COLLECTION);
    c = &s.steps[14].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MOVI);
    ck_assert_uint_eq(c->cmd.collection, 7);
    c = &s.steps[15].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_MOVALL);
    ck_assert_uint_eq(c->cmd.target, 1);        /* from: RDbase1 */
    ck_assert_uint_eq(c->cmd.target2, 65535);   /* target: RDbase2 */
    ck_assert_uint_eq(c->fields, GIC_ITS_F_TARGET | GIC_ITS_F_TARGET2);
    c = &s.steps[16].u.its;
    ck_assert_uint_eq(c->cmd.opcode, GIC_ITS_SYNC);
    ck_assert_uint_eq(c->cmd.target, 9);        /* no such vCPU: KVM's to refuse */
    ck_assert_uint_eq(c->fields, GIC_ITS_F_TARGET);
    ck_assert_int_eq(s.steps[16].vcpu, 1);
    scenario_free(&s);
}
END_TEST

START_TEST(test_its_command_errors)
{
    const char *T = HDRI
        "trace:\n"
        "  - {its: {cmd: MAPT, device: 0}, vcpu: 0}\n"                            /* 4 */
        "  - {its: {cmd: FROB}, vcpu: 0}\n"                                       /* 5 */
        "  - {its: {device: 0}, vcpu: 0}\n"                                       /* 6 */
        "  - {its: {cmd: MAPC, device: 0, collection: 1, tagret: 0}, vcpu: 0}\n"  /* 7 */
        "  - {its: {cmd: MAPTI, device: 0, event: 1}, vcpu: 0}\n"                 /* 8 */
        "  - {its: {cmd: MAPD, device: 0x100000000, size: 32}, vcpu: 0}\n"        /* 9 */
        "  - {its: {cmd: INVALL, collection: 65536}, vcpu: 0}\n"                  /* 10 */
        "  - {its: {cmd: MOVALL, from: 0}, vcpu: 0}\n"                            /* 11 */
        "  - {its: {cmd: SYNC, target: 65536, valid: true}, vcpu: 0}\n"           /* 12 */
        "  - its: {cmd: INT, device: 0, event: 0}\n"                              /* 13 */
        "  - {its: {cmd: mapd, device: 0}, vcpu: 0}\n";                           /* 14 */
    EXPECT_DIAGS(T,
                 AFTER(4, "cmd: ", "trace[0].its.cmd: unknown ITS command 'MAPT' (did you "
                                   "mean 'MAPD'?)"),
                 AFTER(5, "cmd: ", "trace[1].its.cmd: unknown ITS command 'FROB' (one of: "
                                   "MAPD, MAPC, MAPTI, MAPI, INT, CLEAR, DISCARD, INV, "
                                   "INVALL, MOVI, MOVALL, SYNC)"),
                 AFTER(6, "its: ", "trace[2].its: missing 'cmd' (MAPD, MAPC"),
                 AFTER(7, "its: ", "trace[3].its: MAPC needs 'target'"),
                 AT(7, "device", "trace[3].its: MAPC takes no 'device' (its keys: cmd, "
                                 "collection, target, valid)"),
                 AT(7, "tagret", "unknown key 'tagret' in trace[3].its (did you mean "
                                 "'target'?)"),
                 AFTER(8, "its: ", "trace[4].its: MAPTI needs 'intid'"),
                 AFTER(8, "its: ", "trace[4].its: MAPTI needs 'collection'"),
                 AFTER(9, "device: ", "trace[5].its.device: 0x100000000 is out of range "
                                      "(0..4294967295)"),
                 AFTER(9, "size: ", "trace[5].its.size: 32 is out of range (0..31)"),
                 AFTER(10, "collection: ", "trace[6].its.collection: 65536 is out of range "
                                           "(0..65535)"),
                 AFTER(11, "its: ", "trace[7].its: MOVALL needs 'target'"),
                 AFTER(12, "target: ", "trace[8].its.target: 65536 is out of range "
                                       "(0..65535)"),
                 AT(12, "valid", "trace[8].its: SYNC takes no 'valid' (its keys: cmd, "
                                 "target)"),
                 AT(13, "its", "trace[9]: an 'its' step needs 'vcpu'"),
                 AFTER(14, "cmd: ", "trace[10].its.cmd: unknown ITS command 'mapd' (did you "
                                    "mean 'MAPD'?)"));
}
END_TEST

START_TEST(test_gits_registers)
{
    const char *T = HDRI
        "trace:\n"
        "  - {read: {reg: GITS_CTLR, expect: 0}, vcpu: 0}\n"                  /* 0 */
        "  - {write: {reg: GITS_CWRITER, value: 0x20}, vcpu: 0}\n"            /* 1 */
        "  - {read: {reg: GITS_BASER, n: 1}, vcpu: 0}\n"                      /* 2 */
        "  - {write: {reg: GITS_TRANSLATER, value: 3}, vcpu: 1}\n"            /* 3 */
        "  - {read: {offset: 0x10040, frame: gits, width: 16}, vcpu: 0}\n"    /* 4 */
        "  - {read: {reg: GITS_BASER7, width: 32, byte: 4}, vcpu: 0}\n";      /* 5 */
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_mmio *io = &s.steps[0].u.mmio;
    ck_assert_int_eq(io->frame, GIC_FRAME_GITS);
    ck_assert_uint_eq(io->offset, GITS_CTLR);
    ck_assert_uint_eq(io->width, 32);
    io = &s.steps[1].u.mmio;
    ck_assert_uint_eq(io->offset, GITS_CWRITER);
    ck_assert_uint_eq(io->width, 64);
    ck_assert_uint_eq(s.steps[2].u.mmio.offset, GITS_BASER + 8);
    ck_assert_uint_eq(s.steps[3].u.mmio.offset, GITS_TRANSLATER);
    io = &s.steps[4].u.mmio;
    ck_assert_int_eq(io->frame, GIC_FRAME_GITS);
    ck_assert_uint_eq(io->offset, 0x10040);
    ck_assert_uint_eq(io->width, 16);
    ck_assert_ptr_null(io->reg);
    ck_assert_uint_eq(s.steps[5].u.mmio.offset, GITS_BASER + 7 * 8 + 4);
    scenario_free(&s);

    T = HDRI
        "trace:\n"
        "  - {read: {reg: GITS_CTLR, redist: 0}, vcpu: 0}\n"                  /* 4 */
        "  - {read: {offset: 0x20000, frame: gits}, vcpu: 0}\n"               /* 5 */
        "  - {read: {reg: GITS_BASER, n: 8}, vcpu: 0}\n"                      /* 6 */
        "  - vmm: {read: GITS_CTLR}\n"                                        /* 7 */
        "  - {write: {reg: GITS_CTLR, value: 0x100000000}, vcpu: 0}\n";       /* 8 */
    EXPECT_DIAGS(T,
                 AFTER(4, "redist: ", "trace[0].read: 'redist' selects a redistributor; it "
                                      "goes with GICR registers only"),
                 AFTER(5, "offset: ", "trace[1].read: offset 0x20000 lies outside the gits "
                                      "frame (0..0x1ffff)"),
                 AFTER(6, "n: ", "trace[2].read.n: 8 is out of range (0..7)"),
                 AFTER(7, "read: ", "trace[3].vmm: GITS_CTLR is an ITS register: a vmm step "
                                    "reaches the distributor, the redistributors"),
                 AFTER(8, "value: ", "trace[4].write.value: 0x100000000 does not fit in a "
                                     "32-bit access"));

    T = HDR3
        "trace:\n"
        "  - {read: {reg: GITS_CTLR}, vcpu: 0}\n"                             /* 4 */
        "  - {read: {offset: 0, frame: gits}, vcpu: 0}\n";                    /* 5 */
    EXPECT_DIAGS(T, AFTER(4, "reg: ", "trace[0].read.reg: needs an ITS: set gic.its: true"),
                 AFTER(5, "frame: ", "trace[1].read.frame: needs an ITS: set gic.its: true"));
    T = HDR2
        "trace:\n"
        "  - {read: {reg: GITS_CTLR}, vcpu: 0}\n"                             /* 4 */
        "  - {read: {offset: 0, frame: gits}, vcpu: 0}\n";                    /* 5 */
    EXPECT_DIAGS(T, AFTER(4, "reg: ", "trace[0].read: GITS_CTLR is not a GICv2 register"),
                 AFTER(5, "frame: ", "trace[1].read: GICv2 has no ITS (GITS)"));
}
END_TEST

/* ---- LPIs where an INTID is delivered, and where it is not ---- */

START_TEST(test_lpis_delivered)
{
    const char *T = "version: 1\ngic: {version: 3, vcpus: 2, its: true, lpis: 16384}\n"
        "guest: {handlers: {8192: 100, 24575: 200}}\n"
        "trace:\n"
        "  - check: {intid: 8200, pending: true, lr: none}\n"
        "  - check: {intid: 24575, vcpu: 1, enabled: false, priority: 0xa0}\n"
        "expect:\n"
        "  acks: [{intid: 8200, count: 1}, {vcpu: 1, intid: 24575, count: 0}]\n"
        "  ack_order: [{vcpu: 0, intids: [27, 8200, 40]}]\n";
    struct scenario s;
    LOAD_OK(T, &s);
    ck_assert_uint_eq(s.steps[0].u.check.intid, 8200);
    ck_assert_int_eq(s.steps[0].u.check.vcpu, SCN_NO_VCPU);   /* LPIs are not banked */
    ck_assert_uint_eq(s.steps[1].u.check.intid, 24575);
    ck_assert_int_eq(s.steps[1].u.check.vcpu, 1);
    ck_assert_uint_eq(s.guest.n_handlers, 2);
    ck_assert_uint_eq(s.guest.handlers[1].intid, 24575);
    ck_assert_uint_eq(s.expect.n_acks, 2);
    ck_assert_uint_eq(s.expect.acks[0].intid, 8200);
    ck_assert_uint_eq(s.expect.orders[0].intids[1], 8200);
    scenario_free(&s);
}
END_TEST

START_TEST(test_lpis_refused)
{
    const char *T = HDRI
        "guest: {handlers: {16384: 100}}\n"                                   /* 3 */
        "trace:\n"
        "  - check: {intid: 8200, phys_active: false}\n"                      /* 5 */
        "  - line: {intid: 8200, level: 1}\n"                                 /* 6 */
        "  - pulse: {intid: 8200}\n"                                          /* 7 */
        "  - {sgi: {intid: 8200, targets: self}, vcpu: 0}\n"                  /* 8 */
        "expect: {acks: [{intid: 16384, count: 1}]}\n";                       /* 9 */
    EXPECT_DIAGS(T,
                 AFTER(3, "handlers: {", "guest.handlers.16384: INTID 16384 does not exist "
                                         "(SGIs 0-15, PPIs 16-31, SPIs 32-95 with gic.spis = "
                                         "64, LPIs 8192-16383 with gic.lpis = 8192)"),
                 AFTER(5, "phys_active: ", "trace[0].check: INTID 8200 is not HW-mapped"),
                 AFTER(6, "intid: ", "trace[1].line.intid: INTID 8200 is an LPI, which has "
                                     "no line and is not accepted here"),
                 AFTER(7, "intid: ", "trace[2].pulse.intid: INTID 8200 is an LPI"),
                 AFTER(8, "intid: ", "trace[3].sgi: SGIs are INTIDs 0..15"),
                 AFTER(9, "intid: ", "expect.acks[0].intid: INTID 16384 does not exist"));
    T = "version: 1\ngic: {version: 3, vcpus: 2, its: true, hw_mapped: [8192]}\n" /* 2 */
        "workload:\n"
        "  - {kind: periodic, intid: [8192, 8200], period: 10, count: 1}\n";      /* 4 */
    EXPECT_DIAGS(T,
                 AFTER(2, "hw_mapped: [", "gic.hw_mapped: INTID 8192 is an LPI"),
                 AFTER(4, "intid: [", "workload[0].intid: INTID 8192 is an LPI"),
                 AFTER(4, "8192, ", "workload[0].intid: INTID 8200 is an LPI"));
    /* Without an ITS, an LPI does not exist, and the message says what would make it. */
    T = HDR3 "trace:\n  - check: {intid: 8200}\n";
    EXPECT_DIAGS(T, AFTER(4, "intid: ", "trace[0].check.intid: INTID 8200 does not exist "
                                        "(SGIs 0-15, PPIs 16-31, SPIs 32-95 with gic.spis = "
                                        "64; LPIs, from 8192, need gic.its: true)"));
}
END_TEST

/* ---- workload and host ---- */

START_TEST(test_msi_generators)
{
    const char *T = HDRI
        "workload:\n"
        "  - {kind: periodic, msi: {device: 2, events: [0, 7]}, period: 100, count: 3}\n"
        "  - {kind: poisson, msi: {device: 65535, events: 65535}, mean_gap: 50, count: 1,"
        " trigger: edge}\n"
        "  - {kind: burst, msi: {device: 0, events: [4, 5]}, period: 10, count: 1, size: 2}\n";
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_generator *g = &s.generators[0];
    ck_assert(g->msi);
    ck_assert_uint_eq(g->device, 2);
    ck_assert_uint_eq(g->intid_lo, 0);
    ck_assert_uint_eq(g->intid_hi, 7);
    ck_assert_int_eq(g->trigger, SCN_TRIGGER_EDGE);
    ck_assert_int_eq(g->vcpu, SCN_NO_VCPU);
    g = &s.generators[1];
    ck_assert(g->msi);
    ck_assert_uint_eq(g->device, 65535);
    ck_assert_uint_eq(g->intid_lo, 65535);
    ck_assert_uint_eq(g->intid_hi, 65535);
    g = &s.generators[2];
    ck_assert_int_eq(g->kind, SCN_GEN_BURST);
    ck_assert_uint_eq(g->intid_lo, 4);
    ck_assert_uint_eq(g->size, 2);
    scenario_free(&s);
    LOAD_OK(HDRI "workload: [{kind: periodic, intid: 40, period: 100, count: 3}]\n", &s);
    ck_assert(!s.generators[0].msi);
    scenario_free(&s);
}
END_TEST

START_TEST(test_msi_generator_errors)
{
    const char *T = HDRI
        "workload:\n"
        "  - {kind: periodic, msi: {device: 1, events: 2}, intid: 40, vcpu: 0,"
        " trigger: level, period: 1, count: 1}\n"                                     /* 4 */
        "  - {kind: ipi, msi: {device: 1, events: 2}, from: 0, to: 1, period: 1, count: 1}\n"
        "  - {kind: periodic, msi: {device: 65536, events: [2, 1]}, period: 1, count: 1}\n"
        "  - {kind: periodic, msi: {events: 65536, devise: 1}, period: 1, count: 1}\n" /* 7 */
        "  - {kind: periodic, period: 1, count: 1}\n";                                 /* 8 */
    EXPECT_DIAGS(T,
                 AFTER(4, "intid: ", "workload[0]: 'intid' does not go with 'msi'"),
                 AFTER(4, "vcpu: ", "workload[0]: 'vcpu' does not go with 'msi'"),
                 AFTER(4, "trigger: ", "workload[0]: MSIs are edges: 'trigger: level' does "
                                       "not go with 'msi'"),
                 AFTER(5, "msi: ", "workload[1]: an ipi generator sends SGIs; 'msi' is for "
                                   "the other kinds"),
                 AFTER(6, "device: ", "workload[2].msi.device: 65536 is out of range "
                                      "(0..65535)"),
                 AFTER(6, "events: ", "workload[2].msi.events: the range [2, 1] is empty"),
                 AFTER(7, "msi: ", "workload[3].msi: missing 'device'"),
                 AFTER(7, "events: ", "workload[3].msi.events: 65536 is out of range "
                                      "(0..65535)"),
                 AT(7, "devise", "unknown key 'devise' in workload[3].msi (did you mean "
                                 "'device'?)"),
                 AT(8, "{kind", "workload[4]: missing 'intid' (an INTID or a range [first, "
                                "last]) or 'msi' (a device's MSIs)"));
    T = HDR3 "workload:\n"
        "  - {kind: periodic, msi: {device: 1, events: 2}, period: 1, count: 1}\n";   /* 4 */
    EXPECT_DIAGS(T, AFTER(4, "msi: ", "workload[0].msi: needs an ITS: set gic.its: true"));
}
END_TEST

START_TEST(test_injector_devices)
{
    const char *T = HDRI
        "host:\n"
        "  injectors:\n"
        "    - {name: vfio-nic, devices: [9, 2, 65535]}\n"
        "    - {name: both, devices: [3], intids: [40, 41]}\n"
        "    - {name: lines, intids: 42}\n" PULSE40;
    struct scenario s;
    LOAD_OK(T, &s);
    const struct scn_injector *inj = &s.host.injectors[0];
    ck_assert_uint_eq(inj->n_devices, 3);
    ck_assert_uint_eq(inj->devices[0], 2);      /* ascending */
    ck_assert_uint_eq(inj->devices[1], 9);
    ck_assert_uint_eq(inj->devices[2], 65535);
    ck_assert_uint_eq(inj->n_intids, 0);
    inj = &s.host.injectors[1];
    ck_assert_uint_eq(inj->n_devices, 1);
    ck_assert_uint_eq(inj->devices[0], 3);
    ck_assert_uint_eq(inj->n_intids, 2);
    ck_assert_uint_eq(s.host.injectors[2].n_devices, 0);
    scenario_free(&s);

    T = HDRI
        "host:\n"
        "  injectors:\n"
        "    - {name: a, devices: [1, 2]}\n"                  /* 5 */
        "    - {name: b, devices: [2, 65536], intids: 8200}\n" /* 6 */
        "    - {name: c}\n"                                   /* 7 */
        "    - {name: d, devices: []}\n"                      /* 8 */
        "    - {name: e, devices: 4}\n" PULSE40;              /* 9 */
    EXPECT_DIAGS(T,
                 AFTER(6, "devices: [", "host.injectors[1].devices: DeviceID 2 is already "
                                        "served by injectors[0]; a device has one injector"),
                 AFTER(6, "[2, ", "host.injectors[1].devices: 65536 is out of range "
                                  "(0..65535)"),
                 AFTER(6, "intids: ", "host.injectors[1].intids: INTID 8200 is an LPI"),
                 AT(7, "{name", "host.injectors[2]: missing 'intids' (an INTID, [first, "
                                "last] or a list) or 'devices' (ITS DeviceIDs)"),
                 AFTER(8, "devices: ", "host.injectors[3].devices: the list is empty"),
                 AFTER(9, "devices: ", "host.injectors[4].devices: expected a list"));
    T = HDR3 "host: {injectors: [{name: a, devices: [1]}]}\n" PULSE40;
    EXPECT_DIAGS(T, AFTER(3, "devices: ", "host.injectors[0].devices: needs an ITS: set "
                                          "gic.its: true"));
}
END_TEST

LOADER_MAIN("loader_its", test_machine_defaults_and_values, test_machine_errors,
            test_set_overrides, test_devices,
            test_device_errors, test_device_count_capped, test_msi_and_lpi_config_steps, test_msi_and_lpi_config_errors,
            test_its_commands, test_its_command_errors, test_gits_registers,
            test_lpis_delivered, test_lpis_refused, test_msi_generators,
            test_msi_generator_errors, test_injector_devices)
