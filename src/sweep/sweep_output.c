/* SPDX-License-Identifier: GPL-2.0-only */
/* What `vgicsim sweep` and `vgicsim merge` do alike with a finished table: check the
 * output options before any work, then write the table and its plot (see sweep.h). */
#include <stdio.h>
#include <string.h>

#include "sweep/sweep.h"
#include "plot/gnuplot.h"
#include "util/escape.h"
#include "util/output_file.h"

bool sweep_output_options(const char *command, const char *format, const char *metric,
                          const char *plot, enum sweep_format *f, struct sweep_metric *m)
{
    if (!sweep_format_parse(format, f)) {
        fprintf(stderr, "vgicsim %s: unknown format '%s' (text, csv or json)\n", command,
                ESC(format));
        return false;
    }
    if (!sweep_metric_parse(metric ? metric : "delivery", m)) {
        fprintf(stderr, "vgicsim %s: unknown metric '%s': %s\n", command, ESC(metric),
                sweep_metric_names);
        return false;
    }
    if (metric && !plot) {
        fprintf(stderr, "vgicsim %s: --metric says what --plot draws; give --plot FILE\n",
                command);
        return false;
    }
    return true;
}

struct table_output {
    const struct sweep_table *t;
    enum sweep_format f;
};

static int write_table(FILE *out, void *ctx)
{
    const struct table_output *o = ctx;
    return sweep_table_write(out, o->t, o->f);
}

bool sweep_output_write(const char *command, const char *path, const struct sweep_table *t,
                        enum sweep_format f, struct plot_target *plot,
                        const struct sweep_metric *m)
{
    if (plot && !sweep_plot_render(plot, t, m, command))
        return false;
    struct table_output out = {t, f};
    return output_file_write(command, path, write_table, &out) &&
           (!plot || plot_target_commit(plot));
}
