/* SPDX-License-Identifier: GPL-2.0-only */
/* The ITS's command format (Arm IHI 0069, "ITS commands"): the 32-byte commands a driver
 * writes into the command queue, as four little-endian 64-bit words, with one encoder
 * (the simulated guest's driver) and one decoder (the hypervisor's ITS emulation), so
 * the two cannot disagree about a field. Architecture only: what KVM does with each
 * command is src/vgic/vgic_its.c's. */
#ifndef VGICSIM_GIC_GIC_ITS_H
#define VGICSIM_GIC_GIC_ITS_H

#include <stdbool.h>
#include <stdint.h>

enum gic_its_opcode {
    GIC_ITS_MOVI = 0x01,
    GIC_ITS_INT = 0x03,
    GIC_ITS_CLEAR = 0x04,
    GIC_ITS_SYNC = 0x05,
    GIC_ITS_MAPD = 0x08,
    GIC_ITS_MAPC = 0x09,
    GIC_ITS_MAPTI = 0x0a,
    GIC_ITS_MAPI = 0x0b,
    GIC_ITS_INV = 0x0c,
    GIC_ITS_INVALL = 0x0d,
    GIC_ITS_MOVALL = 0x0e,
    GIC_ITS_DISCARD = 0x0f,
};

enum {
    GIC_ITS_CMD_SIZE = 32,       /* bytes per command */
    GIC_ITS_CMD_WORDS = 4,
};

/* One command with every field the architecture defines; a command uses some of them
 * (gic_its_cmd_uses). Processor targets are processor numbers (GITS_TYPER.PTA = 0, as
 * KVM's ITS has it): the vCPU index. */
struct gic_its_cmd {
    uint8_t opcode;              /* enum gic_its_opcode, or anything else */
    uint32_t device;             /* DeviceID */
    uint32_t event;              /* EventID */
    uint32_t intid;              /* MAPTI: pINTID */
    uint8_t size;                /* MAPD: EventID bits - 1 */
    uint64_t itt_addr;           /* MAPD: ITT address (256-byte aligned) */
    uint16_t collection;         /* ICID */
    uint32_t target;             /* MAPC, SYNC: RDbase; MOVALL: RDbase1 */
    uint32_t target2;            /* MOVALL: RDbase2 */
    bool valid;                  /* MAPD, MAPC: V */
};

/* The fields of a command, for the encoder's callers (what a scenario may give). */
enum {
    GIC_ITS_F_DEVICE = 1u << 0,
    GIC_ITS_F_EVENT = 1u << 1,
    GIC_ITS_F_INTID = 1u << 2,
    GIC_ITS_F_SIZE = 1u << 3,
    GIC_ITS_F_COLLECTION = 1u << 4,
    GIC_ITS_F_TARGET = 1u << 5,
    GIC_ITS_F_TARGET2 = 1u << 6,
    GIC_ITS_F_VALID = 1u << 7,
};

/* The command of that name ("MAPTI"), or 0 when the architecture has none. */
uint8_t gic_its_opcode_by_name(const char *name);
const char *gic_its_opcode_name(uint8_t opcode);      /* NULL for an unknown one */
/* Which fields (GIC_ITS_F_*) a known command carries; 0 for an unknown one. */
uint32_t gic_its_cmd_uses(uint8_t opcode);

void gic_its_cmd_encode(const struct gic_its_cmd *cmd, uint64_t out[GIC_ITS_CMD_WORDS]);
/* Every field decoded from the words, whatever the opcode (unused ones as the bits are). */
void gic_its_cmd_decode(const uint64_t in[GIC_ITS_CMD_WORDS], struct gic_its_cmd *cmd);

#endif
