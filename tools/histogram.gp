# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim plot --histogram`: the distribution of one latency of a
# run report as a histogram on a logarithmic latency axis (bins of equal width in
# log scale, so every bin is the same width on the plot), one outline per model.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, xlabel              strings
#   xscale                          what a latency in cycles is multiplied by: 1, or
#                                   1000 / MHz to draw nanoseconds
#   nseries                         number of models; array series_title[nseries]
#   $data                           one block per model (blocks separated by two blank
#                                   lines): a bin's lower edge in cycles, the fraction of
#                                   the samples in it; it opens at 0 on the first edge
#                                   and closes back to 0 on the last bin's upper edge

set title plot_title
set xlabel xlabel
set ylabel 'fraction of interrupts'
set grid back lc rgb '#dddddd'
set border 3
set tics nomirror
set logscale x
set format x '%.0f'
set yrange [0:*]
set key outside below center horizontal Left reverse noautotitle samplen 3

if (strlen(style_file) > 0) { load style_file }
plot for [s = 1:nseries] $data index (s - 1) using ($1 * xscale):2 with steps lt s lw 1.8 \
     title series_title[s]
