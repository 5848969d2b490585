# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim plot` (and `vgicsim run --plot`): the cumulative
# distribution of one latency of a run report, on a logarithmic latency axis, one line
# per model.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, xlabel              strings
#   xscale                          what a latency in cycles is multiplied by: 1, or
#                                   1000 / MHz to draw nanoseconds
#   xlo, xhi                        the smallest and largest latency drawn (1-2-5 tics)
#   style_file                      the user's style file ('' for none; tools/style.gp)
#   nseries                         number of models; array series_title[nseries]
#   $data                           one block per model (blocks separated by two blank
#                                   lines): latency in cycles, fraction of the samples
#                                   at most that latency (the upper end of each
#                                   histogram bucket of the report, where the empirical
#                                   CDF is exact)

set title plot_title
set xlabel xlabel
set ylabel 'fraction of interrupts at most this latency'
set grid back lc rgb '#dddddd'
set border 3
set tics nomirror
set logscale x
set xrange [xlo / 1.1:xhi * 1.1]
set format x log_format
set xtics ()
do for [k = floor(log10(xlo)):ceil(log10(xhi))] { do for [j = 0:2] { set xtics add ((j == 0 ? 1 : j == 1 ? 2 : 5) * 10.0**k) } }
set yrange [0:1.02]
set ytics 0, 0.1, 1
set key outside below center horizontal Left reverse noautotitle samplen 3
# The percentiles a reader looks for: where the curves cross these lines.
set arrow from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb '#888888'
set arrow from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 3 lc rgb '#888888'
set label 'p50' at graph 1, first 0.5 offset 0.5, 0 left tc rgb '#888888'
set label 'p99' at graph 1, first 0.99 offset 0.5, 0 left tc rgb '#888888'
set rmargin 6

if (strlen(style_file) > 0) { load style_file }
plot for [s = 1:nseries] $data index (s - 1) using ($1 * xscale):2 with steps lt s lw 1.8 \
     title series_title[s]
