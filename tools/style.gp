# SPDX-License-Identifier: GPL-2.0-only
# The look every vgicsim plot shares, sent before each template (docs/plots.md, "Style").
# Override any of it without rebuilding: put gnuplot commands in a file named by
# $VGICSIM_PLOT_STYLE, or in ~/.config/vgicsim/plot-style.gp ($XDG_CONFIG_HOME/vgicsim/
# plot-style.gp); every template loads that file just before it draws, after its own
# settings, so it may change the palette, fonts, key, grid, sizes of points and lines.
#
# Line types 1..12: twelve colours that stay apart in print and for the common forms of
# colour blindness (Paul Tol's "muted" and "bright" schemes), all solid; sweep plots give
# series 13..24 the same colours dashed, and tell statistics of one series apart by dash
# pattern and point type.
set linetype 1 lc rgb '#332288' lw 1.6 pt 7 ps 0.8
set linetype 2 lc rgb '#EE7733' lw 1.6 pt 5 ps 0.8
set linetype 3 lc rgb '#009988' lw 1.6 pt 9 ps 0.9
set linetype 4 lc rgb '#CC3311' lw 1.6 pt 13 ps 0.9
set linetype 5 lc rgb '#33BBEE' lw 1.6 pt 11 ps 0.9
set linetype 6 lc rgb '#EE3377' lw 1.6 pt 7 ps 0.8
set linetype 7 lc rgb '#117733' lw 1.6 pt 5 ps 0.8
set linetype 8 lc rgb '#AA4499' lw 1.6 pt 9 ps 0.9
set linetype 9 lc rgb '#999933' lw 1.6 pt 13 ps 0.9
set linetype 10 lc rgb '#882255' lw 1.6 pt 11 ps 0.9
set linetype 11 lc rgb '#44AA99' lw 1.6 pt 7 ps 0.8
set linetype 12 lc rgb '#BBBBBB' lw 1.6 pt 5 ps 0.8
set linetype cycle 12
# Log axes: tics at 1, 2 and 5 of every decade (templates call log_tics), labelled with
# an SI prefix (2k, 50k, 1M) so that wide ranges stay readable.
log_format = '%.0s%c'
