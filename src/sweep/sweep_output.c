/* SPDX-License-Identifier: GPL-2.0-only */
/* What `vgicsim sweep` and `vgicsim merge` do alike with a finished table: check the
 * output options before any work, then write the table and its plot (see sweep.h). */
#include <stdio.h>
#include <string.h>

#include "sweep/sweep.h"
#include "plot/gnuplot.h"
#include "util/escape.h"
#include "util/output_file.h"

bool sweep_output_options(const char *command, const char *format, const char *unit,
                          enum sweep_format *f, enum sweep_unit *u)
{
    if (!sweep_format_parse(format, f)) {
        fprintf(stderr, "vgicsim %s: unknown format '%s' (text, csv or json)\n", command,
                ESC(format));
        return false;
    }
    *u = SWEEP_UNIT_AUTO;
    if (unit && !sweep_unit_parse(unit, u)) {
        fprintf(stderr, "vgicsim %s: unknown unit '%s' (cycles or ns)\n", command, ESC(unit));
        return false;
    }
    return true;
}

struct table_output {
    const struct sweep_table *t;
    enum sweep_format f;
    enum sweep_unit unit;
    const struct sweep_metrics *ms;
};

static int write_table(FILE *out, void *ctx)
{
    const struct table_output *o = ctx;
    return sweep_table_write(out, o->t, o->f, o->unit, o->ms);
}

bool sweep_output_write(const char *command, const char *path, const struct sweep_table *t,
                        enum sweep_format f, enum sweep_unit unit, struct plot_target *plot,
                        const struct sweep_metrics *ms)
{
    if (unit == SWEEP_UNIT_NS && !sweep_table_clock_known(t)) {
        fprintf(stderr, "vgicsim %s: --unit ns needs every point's clock (a cost preset's, or "
                "costs.clock_mhz); some point has none\n", command);
        return false;
    }
    if (plot && !sweep_plot_render(plot, t, ms, unit, command))
        return false;
    struct table_output out = {t, f, unit, ms};
    return output_file_write(command, path, write_table, &out) &&
           (!plot || plot_target_commit(plot));
}
