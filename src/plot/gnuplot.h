/* SPDX-License-Identifier: GPL-2.0-only */
/* Making a plot file with gnuplot, safely:
 *  - everything that can be checked is checked before the caller does any work
 *    (plot_target_open): the format, from the file extension (.svg, .png, .pdf); that
 *    gnuplot is on PATH; that the output can be created;
 *  - gnuplot runs without a shell (fork + exec of the executable found on PATH), reads
 *    its script on standard input and writes the image on standard output, straight
 *    into a private temporary file: it never sees a path a user wrote;
 *  - the temporary file becomes the output only when gnuplot succeeded
 *    (plot_target_commit: a rename for a regular file, a copy for standard output or a
 *    device), and is removed on every other path, SIGINT/SIGTERM/SIGHUP included;
 *  - a style file the user names ($VGICSIM_PLOT_STYLE) must be readable, checked with
 *    the rest;
 *  - gnuplot has a time limit (a gnuplot that never ends must not hang vgicsim): 60 s by
 *    default, VGICSIM_GNUPLOT_TIMEOUT=SECONDS in the environment changes it (0: none);
 *    past it gnuplot (its whole process group) is killed and the plot fails.
 * Messages are one line on standard error, "vgicsim COMMAND: ...". */
#ifndef VGICSIM_PLOT_GNUPLOT_H
#define VGICSIM_PLOT_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>

enum plot_format { PLOT_SVG, PLOT_PNG, PLOT_PDF };

struct plot_target {
    const char *path;          /* as given; NULL: standard output (given as "-") */
    const char *command;       /* for messages: "sweep", "plot", "run" */
    enum plot_format format;
    char *gnuplot;             /* the executable found on PATH */
    char *tmp;                 /* the temporary file, until committed or closed */
    int tmp_fd;
    bool replace;              /* path is a regular file or new: rename onto it */
    int mode;                  /* permissions the output gets when renamed */
    char *style;               /* the user's style file, or NULL (plot_style_path) */
    unsigned timeout_s;        /* gnuplot's time limit; 0: none */
};

/* The look of every plot is tools/style.gp (embedded: the palette of 12 colours, dash
 * patterns, fonts of the legend); a user overrides any of it without rebuilding with a
 * gnuplot file of their own, loaded by every template just before it draws: the file
 * named by $VGICSIM_PLOT_STYLE, or else $XDG_CONFIG_HOME/vgicsim/plot-style.gp
 * (~/.config/vgicsim/plot-style.gp) when it exists. docs/plots.md, "Style". */

/* The time limit's default and the variable that changes it (docs/plots.md). */
enum { PLOT_TIMEOUT_DEFAULT_S = 60, PLOT_TIMEOUT_MAX_S = 86400 };
#define PLOT_TIMEOUT_ENV "VGICSIM_GNUPLOT_TIMEOUT"

/* Checks and prepares everything, the style file and the time limit included; false after
 * printing why (the caller exits 2). `path` "-" means standard output, which gets SVG. */
bool plot_target_open(struct plot_target *t, const char *path, const char *command);
/* Runs gnuplot on `script` (the terminal is chosen here, from the format: the script
 * must not set one nor `set output`). False after printing why. */
bool plot_target_render(struct plot_target *t, const char *script, size_t len);
/* Puts the rendered plot in place. False after printing why. */
bool plot_target_commit(struct plot_target *t);
/* Removes what is left (safe after commit, and on a target never opened if zeroed). */
void plot_target_close(struct plot_target *t);

/* gnuplot single-quoted string of `s` (no escapes inside: a quote is doubled; control
 * characters, which could end a script line, become spaces). Appends to *buf. */
void plot_quote(char **buf, size_t *len, const char *s);
/* Appends printf-style text to *buf. */
__attribute__((format(printf, 3, 4))) void plot_append(char **buf, size_t *len,
                                                       const char *fmt, ...);

#endif
