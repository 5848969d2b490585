/* SPDX-License-Identifier: GPL-2.0-only */
#include "fuzz_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/lockstep.h"
#include "model/model_registry.h"
#include "scenario/load.h"
#include "sim/sim.h"
#include "util/fd_write.h"

enum { FUZZ_UNTIL = 20000 };

/* Loads scenario text with the --set arguments `sets`; every diagnostic must format.  A
 * valid scenario's end of time is capped at FUZZ_UNTIL, so that every run stays short. */
static bool load_capped(const char *name, const char *text, size_t len,
                        const char *const *sets, size_t n_sets, struct scenario *s)
{
    struct diag_list d;
    diag_init(&d);
    bool ok = scenario_load_text(name, text, len, sets, n_sets, s, &d);
    for (size_t i = 0; i < d.count; i++)
        free(diag_format(&d.items[i]));
    diag_free(&d);
    if (ok && (!s->has_until || s->until > FUZZ_UNTIL)) {
        s->has_until = true;
        s->until = FUZZ_UNTIL;
    }
    return ok;
}

void fuzz_load_and_run(const char *name, const char *text, size_t len, const char *const *sets,
                       size_t n_sets)
{
    /* Every model vgicsim has (ref, perf): each must survive the same input. */
    if (vgic_model_count() == 0)
        abort();
    struct scenario s;
    if (!load_capped(name, text, len, sets, n_sets, &s))
        return;
    for (size_t m = 0; m < vgic_model_count(); m++) {
        struct sim_result r;
        sim_run(&s, vgic_model_at(m), s.seed, &r);
        sim_result_free(&r);
    }
    scenario_free(&s);
}

void fuzz_load_and_check(const char *name, const char *text, size_t len)
{
    const struct vgic_model_ops *ref = vgic_model_by_name("ref");
    const struct vgic_model_ops *perf = vgic_model_by_name("perf");
    if (!ref || !perf)
        abort(); /* linked without the models */
    struct scenario s;
    if (!load_capped(name, text, len, NULL, 0, &s))
        return;
    struct sim_result r;
    struct lockstep_pair pair;
    sim_run(&s, lockstep_ops(&pair, ref, perf), s.seed, &r);
    if (vgic_counters_get(&r.counters, LOCKSTEP_DIVERGENCES)) {
        /* The divergence is among the failures, with the scenario's own expectations. */
        for (size_t i = 0; i < r.n_failures; i++)
            fprintf(stderr, "fuzz_lockstep: %s:%u:%u: %s\n", r.failures[i].loc.file,
                    r.failures[i].loc.line, r.failures[i].loc.col, r.failures[i].message);
        abort();
    }
    sim_result_free(&r);
    scenario_free(&s);
}

char *fuzz_write_temp(const void *p, size_t n)
{
    char *path = strdup("/tmp/vgicsim-fuzz-XXXXXX");
    int fd = path ? mkstemp(path) : -1;
    if (fd < 0 || !fd_write_all(fd, p, n))
        abort();
    close(fd);
    return path;
}
