# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim sweep --plot` and `vgicsim merge --plot`: a statistic
# against the first varied key, one colour per series (a combination of the other
# varied keys, and a model). With two statistics (p50 and p99), the first is drawn
# solid and the second dashed, in the series' colour.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, xlabel, ylabel      strings
#   nseries                         number of series; array series_title[nseries]
#   nstats                          1 or 2; array stat_name[nstats] ("p50", "p99", ...)
#   xlog, ylog                      1 for a logarithmic axis
#   ncat                            0: x is numeric; else the x values are the
#                                   categories 0..ncat-1, array cat_label[ncat]
#   ntics                           numeric x: 0 (gnuplot places the tics), or the
#                                   number of values, array tic_at[ntics] (a tic at
#                                   each: few integer values, e.g. list registers)
#   $data                           one block per series (blocks separated by two blank
#                                   lines): x, then one column per statistic

set title plot_title
set xlabel xlabel
set ylabel ylabel
set grid back lc rgb '#dddddd'
set border 3
set tics nomirror
# The legend goes under the plot, in as many columns as fit: it never covers data
# nor takes width from it.
set key outside below center horizontal Left reverse noautotitle samplen 3 spacing 1.1

if (ylog) { set logscale y; set format y '%.0f' } else { set yrange [0:*] }
if (xlog) { set logscale x }
if (ncat > 0) {
    set xrange [-0.5:ncat - 0.5]
    set xtics ()
    do for [i = 1:ncat] { set xtics add (cat_label[i] (i - 1)) }
} else {
    set offsets graph 0.03, graph 0.03, 0, 0
    if (ntics > 0) {
        set xtics ()
        do for [i = 1:ntics] { set xtics add (sprintf('%g', tic_at[i]) tic_at[i]) }
    }
}

# Curve i is statistic i % nstats of series i / nstats: a series' statistics sit
# together in the legend. One linetype per series, so the colours cycle through
# gnuplot's palette; the second statistic only changes the dash pattern (no
# parentheses after dt: gnuplot would read them as a dash pattern).
plot for [i = 0:nseries * nstats - 1] $data index (i / nstats) \
         using 1:(column(2 + i % nstats)) with linespoints \
         lt (i / nstats + 1) dt i % nstats + 1 pt (i % nstats ? 6 : 7) ps 0.8 lw 1.5 \
         title sprintf('%s %s', series_title[i / nstats + 1], stat_name[i % nstats + 1])
