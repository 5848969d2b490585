# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim sensitivity --plot`: a tornado chart. One row per cost
# operation, the largest swing on top; for each model a bar from 0 to the metric's change
# with the operation PCT % cheaper (blue) and one to its change PCT % dearer (red), the
# models told apart by shade and placed side by side within the row.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, subtitle, xlabel    strings
#   pct                             the change applied, in %
#   nops                            operations drawn; array op_label[nops] (top first)
#   nmodels                         models; array model_name[nmodels]
#   $data                           one block per model: y (nops for the top row down
#                                   to 1), change at -pct, change at +pct (% of baseline)

set title plot_title . "\n" . subtitle
set xlabel xlabel
set grid xtics back lc rgb '#dddddd'
set border 3
set tics nomirror
set key outside below center horizontal Left reverse noautotitle samplen 2
set yrange [0.4:nops + 0.6]
set ytics ()
do for [i = 1:nops] { set ytics add (op_label[i] (nops - i + 1)) }
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#444444'
set style fill solid 0.9 noborder
low_colour(m) = m == 0 ? '#2b5d9e' : m == 1 ? '#86a9d6' : '#c4d4ea'
high_colour(m) = m == 0 ? '#b8412b' : m == 1 ? '#e39a8b' : '#f0cbc3'
# Model m has a band h high centred at y + offset(m): its -pct bar in the upper half, its
# +pct bar in the lower, so that two changes of the same sign never hide each other.
h = 0.8 / nmodels
offset(m) = (nmodels - 1) / 2.0 * h - m * h
if (strlen(style_file) > 0) { load style_file }
plot for [m = 0:nmodels - 1] $data index m \
         using (column(2) / 2):($1 + offset(m) + h / 4):(abs(column(2)) / 2):(h * 0.22) \
         with boxxyerror lc rgb low_colour(m) title sprintf('%s, costs -%d %%', model_name[m + 1], pct), \
     for [m = 0:nmodels - 1] $data index m \
         using (column(3) / 2):($1 + offset(m) - h / 4):(abs(column(3)) / 2):(h * 0.22) \
         with boxxyerror lc rgb high_colour(m) title sprintf('%s, costs +%d %%', model_name[m + 1], pct)
