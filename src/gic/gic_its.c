/* SPDX-License-Identifier: GPL-2.0-only */
/* ITS command encoding and decoding: the field positions of Arm IHI 0069's command
 * descriptions, in one table-free place. */
#include "gic/gic_its.h"

#include <stddef.h>
#include <string.h>

static const struct {
    uint8_t opcode;
    const char *name;
    uint32_t uses;
} commands[] = {
    {GIC_ITS_MOVI, "MOVI", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT | GIC_ITS_F_COLLECTION},
    {GIC_ITS_INT, "INT", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT},
    {GIC_ITS_CLEAR, "CLEAR", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT},
    {GIC_ITS_SYNC, "SYNC", GIC_ITS_F_TARGET},
    {GIC_ITS_MAPD, "MAPD", GIC_ITS_F_DEVICE | GIC_ITS_F_SIZE | GIC_ITS_F_VALID},
    {GIC_ITS_MAPC, "MAPC", GIC_ITS_F_COLLECTION | GIC_ITS_F_TARGET | GIC_ITS_F_VALID},
    {GIC_ITS_MAPTI, "MAPTI",
     GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT | GIC_ITS_F_INTID | GIC_ITS_F_COLLECTION},
    {GIC_ITS_MAPI, "MAPI", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT | GIC_ITS_F_COLLECTION},
    {GIC_ITS_INV, "INV", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT},
    {GIC_ITS_INVALL, "INVALL", GIC_ITS_F_COLLECTION},
    {GIC_ITS_MOVALL, "MOVALL", GIC_ITS_F_TARGET | GIC_ITS_F_TARGET2},
    {GIC_ITS_DISCARD, "DISCARD", GIC_ITS_F_DEVICE | GIC_ITS_F_EVENT},
};

uint8_t gic_its_opcode_by_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].opcode;
    return 0;
}

const char *gic_its_opcode_name(uint8_t opcode)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (commands[i].opcode == opcode)
            return commands[i].name;
    return NULL;
}

uint32_t gic_its_cmd_uses(uint8_t opcode)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (commands[i].opcode == opcode)
            return commands[i].uses;
    return 0;
}

/* Field positions: DW0 [7:0] opcode, [63:32] DeviceID; DW1 [31:0] EventID, [63:32]
 * pINTID, [4:0] Size (MAPD, in the low bits of DW1); DW2 [15:0] ICID, [51:8] ITT_addr
 * (MAPD), [50:16] RDbase, [63] V; DW3 [50:16] RDbase2 (MOVALL). The ICID and the
 * ITT address share DW2's low bits; only MAPD has an ITT address, which has no ICID. */
enum { RDBASE_SHIFT = 16, RDBASE_BITS = 35, ITT_SHIFT = 8, ITT_BITS = 44 };

static uint64_t field(uint64_t word, unsigned shift, unsigned bits)
{
    return (word >> shift) & ((UINT64_C(1) << bits) - 1u);
}

void gic_its_cmd_encode(const struct gic_its_cmd *cmd, uint64_t out[GIC_ITS_CMD_WORDS])
{
    out[0] = cmd->opcode | (uint64_t)cmd->device << 32;
    if (cmd->opcode == GIC_ITS_MAPD)
        out[1] = cmd->size & 0x1fu;
    else
        out[1] = cmd->event | (uint64_t)cmd->intid << 32;
    if (cmd->opcode == GIC_ITS_MAPD)
        out[2] = (cmd->itt_addr >> ITT_SHIFT & ((UINT64_C(1) << ITT_BITS) - 1u)) << ITT_SHIFT;
    else
        out[2] = cmd->collection | (uint64_t)cmd->target << RDBASE_SHIFT;
    out[2] |= (uint64_t)cmd->valid << 63;
    out[3] = (uint64_t)cmd->target2 << RDBASE_SHIFT;
}

void gic_its_cmd_decode(const uint64_t in[GIC_ITS_CMD_WORDS], struct gic_its_cmd *cmd)
{
    *cmd = (struct gic_its_cmd){
        .opcode = (uint8_t)field(in[0], 0, 8),
        .device = (uint32_t)field(in[0], 32, 32),
        .event = (uint32_t)field(in[1], 0, 32),
        .intid = (uint32_t)field(in[1], 32, 32),
        .size = (uint8_t)field(in[1], 0, 5),
        .itt_addr = field(in[2], ITT_SHIFT, ITT_BITS) << ITT_SHIFT,
        .collection = (uint16_t)field(in[2], 0, 16),
        .target = (uint32_t)field(in[2], RDBASE_SHIFT, 32),
        .target2 = (uint32_t)field(in[3], RDBASE_SHIFT, 32),
        .valid = field(in[2], 63, 1) != 0,
    };
}
