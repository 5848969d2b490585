# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim plot --tail`: the tail of one latency's distribution, the
# fraction of interrupts slower than each latency (1 - F), both axes logarithmic, one line
# per model. A linear CDF squeezes the tail into its top 1 %; here p90, p99, p99.9 and
# p99.99 are the levels 0.1, 0.01, 0.001 and 0.0001, a decade apart.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, xlabel              strings
#   xscale                          what a latency in cycles is multiplied by: 1, or
#                                   1000 / MHz to draw nanoseconds
#   xlo, xhi                        the smallest and largest latency drawn
#   fmin                            the smallest fraction a sample makes (1 / count)
#   nseries                         number of models; array series_title[nseries]
#   $data                           one block per model: latency in cycles, fraction of
#                                   the samples above it (at each histogram bucket's
#                                   upper end; the last, 0, left out)
#   style_file                      the user's style file ('' for none; tools/style.gp)

set title plot_title
set xlabel xlabel
set ylabel 'fraction of interrupts slower than this latency (1 - F)'
set grid back lc rgb '#dddddd'
set border 3
set tics nomirror
set logscale xy
set xrange [xlo / 1.1:xhi * 1.1]
set format x log_format
set xtics ()
do for [k = floor(log10(xlo)):ceil(log10(xhi))] { do for [j = 0:2] { set xtics add ((j == 0 ? 1 : j == 1 ? 2 : 5) * 10.0**k) } }
set yrange [10**floor(log10(fmin)):1.05]
set ytics ('1' 1, '0.1  p90' 0.1, '0.01  p99' 0.01, '0.001  p99.9' 0.001, '1e-4  p99.99' 1e-4, '1e-5' 1e-5, '1e-6' 1e-6, '1e-7' 1e-7)
set key outside below center horizontal Left reverse noautotitle samplen 3
if (strlen(style_file) > 0) { load style_file }
plot for [s = 1:nseries] $data index (s - 1) using ($1 * xscale):2 with steps lt s lw 1.8 \
     title series_title[s]
