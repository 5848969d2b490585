/* SPDX-License-Identifier: GPL-2.0-only */
/* The modelled KVM release (see vgic_release.h). */
#include "vgic/vgic_release.h"

#include <stdio.h>

/* The last minor release of each major in the range: 4.20, 5.19; 6.x up to the newest. */
static uint32_t last_minor(uint32_t major)
{
    switch (major) {
    case 4: return 20;
    case 5: return 19;
    case 6: return VGIC_RELEASE_NEWEST % 100;
    default: return 0;
    }
}

bool vgic_release_valid(uint32_t code)
{
    uint32_t major = code / 100, minor = code % 100;
    if (code < VGIC_RELEASE_OLDEST || code > VGIC_RELEASE_NEWEST)
        return false;
    return minor <= last_minor(major);
}

static bool parse_decimal(const char **p, uint32_t *out)
{
    const char *s = *p;
    uint32_t v = 0;
    size_t digits = 0;
    while (*s >= '0' && *s <= '9') {
        if (++digits > 3)
            return false;   /* no release number is that long */
        if (digits == 2 && v == 0)
            return false;   /* "06.10", "6.010": releases are written without leading zeros */
        v = v * 10 + (uint32_t)(*s - '0');
        s++;
    }
    if (!digits)
        return false;
    *p = s;
    *out = v;
    return true;
}

bool vgic_release_parse(const char *text, uint32_t *code)
{
    const char *p = text;
    uint32_t major, minor;
    if (!parse_decimal(&p, &major) || *p++ != '.' || !parse_decimal(&p, &minor) || *p)
        return false;
    if (major > 99 || minor > 99)
        return false;
    uint32_t c = major * 100 + minor;
    if (!vgic_release_valid(c))
        return false;
    *code = c;
    return true;
}

const char *vgic_release_name(uint32_t code, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u", code / 100, code % 100);
    return buf;
}

void vgic_release_get(const struct gic_config *cfg, struct vgic_release *out)
{
    uint32_t code = cfg->kvm_release ? cfg->kvm_release : VGIC_RELEASE_DEFAULT;
    *out = (struct vgic_release){
        .code = code,
        .wfi_test_signallable = code >= VGIC_RELEASE_WFI_SIGNALLABLE,
        .lr_design = code >= VGIC_RELEASE_LR_OVERFLOW ? VGIC_LR_OVERFLOW : VGIC_LR_CLASSIC,
        .implementation_rev = code >= VGIC_RELEASE_IMP_REV_3 ? VGIC_IMP_REV_3 : VGIC_IMP_REV_2,
        .iidr_write_any_revision = code >= VGIC_RELEASE_IMP_REV_3,
        .active_reads_halt = code >= VGIC_RELEASE_UACCESS_VIRTUAL,
        .uaccess_virtual = code >= VGIC_RELEASE_UACCESS_VIRTUAL,
        .pending_reads_hw = code >= VGIC_RELEASE_PENDING_READS_HW,
        .v2_user_pending_read_latch = code >= VGIC_RELEASE_IMP_REV_3,
        .its_cache = code >= VGIC_RELEASE_ITS_PER_ITS_CACHE ? VGIC_ITS_PER_ITS
                     : code >= VGIC_RELEASE_ITS_LRU_CACHE   ? VGIC_ITS_LRU_CACHE
                                                            : VGIC_ITS_NO_CACHE,
        .its_clears_tables = code >= VGIC_RELEASE_ITS_CLEARS_TABLES,
        .lpi_list_locked = code < VGIC_RELEASE_LPI_XARRAY,
        .lpi_active_dropped_at_fold = code >= VGIC_RELEASE_LR_OVERFLOW,
    };
}

const char *vgic_release_meaning(uint32_t code, char *buf, size_t size)
{
    struct vgic_release r;
    vgic_release_get(&(struct gic_config){.kvm_release = code}, &r);
    const char *design = r.lr_design == VGIC_LR_OVERFLOW
        ? "LR-overflow design (pending first, NPIE/LRENPIE maintenance, EOIcount, trapped DIR)"
        : "classic LR design (actives first, UIE only)";
    const char *test = r.wfi_test_signallable
        ? "runnable test counts interrupts the CPU interface can signal (not active, above PMR)"
        : "runnable test counts every enabled pending interrupt";
    const char *cache = r.its_cache == VGIC_ITS_PER_ITS ? "per-ITS lock-free MSI translation cache"
                        : r.its_cache == VGIC_ITS_LRU_CACHE
                            ? "VM-wide LRU MSI translation cache under the lpi_list_lock"
                            : "no MSI translation cache (every MSI takes the ITS mutex)";
    const char *mark = code == VGIC_RELEASE_DEFAULT ? " [default]"
                       : code == VGIC_RELEASE_OLDEST ? " [oldest modelled]"
                       : code == VGIC_RELEASE_NEWEST ? " [newest modelled]" : "";
    snprintf(buf, size, "%s; %s; %s%s", design, test, cache, mark);
    return buf;
}
