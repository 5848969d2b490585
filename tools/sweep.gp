# SPDX-License-Identifier: GPL-2.0-only
# gnuplot template of `vgicsim sweep --plot` and `vgicsim merge --plot`: one or more
# statistics against the first varied key, one colour per series (a combination of the
# other varied keys, and a model). A series' statistics share its colour and differ in
# dash pattern and point type (p50 solid, p99 dashed). With --repeat every point is a
# mean over seeds with its 95 % interval as an error bar.
#
# vgicsim embeds this file at build time and puts before it (after `set terminal`):
#   plot_title, subtitle, xlabel    strings (subtitle '' for none)
#   ylabel, y2label                 strings (y2label '' when nothing is drawn on y2)
#   ncurves, n_y1                   number of curves, of them on the y axis (the first;
#                                   the others on y2: counts beside latencies); curve i:
#     c_block[i]                    its data block (0-based: the series)
#     c_col[i]                      its value's column (with errbars: then low, high)
#     c_series[i]                   its series (0-based), which gives the colour
#     c_dash[i]                     its statistic among the series' (0-based): dash, point
#     c_title[i]                    its legend
#   errbars                         1: each value is followed by its interval's ends
#   use_y2                          1 when some curve is on y2
#   xlog, ylog, y2log               1 for a logarithmic axis; then xlo, xhi, ylo, yhi,
#                                   y2lo, y2hi: the smallest and largest value on it
#   xwide                           1: a linear x axis of large numbers (SI-labelled)
#   xslant                          1: long x tic labels, slanted
#   style_file                      the user's style file ('' for none; tools/style.gp)
#   ncat                            0: x is numeric; else the x values are the
#                                   categories 0..ncat-1, array cat_label[ncat]
#   ntics                           numeric x: 0 (gnuplot places the tics), or the
#                                   number of values, array tic_at[ntics] (a tic at
#                                   each: few integer values, e.g. list registers)
#   $data                           one block per series (blocks separated by two blank
#                                   lines): x, then the curves' columns; '?' is no value

set datafile missing '?'
if (strlen(subtitle) > 0) { set title plot_title . "\n" . subtitle } else { set title plot_title }
set xlabel xlabel
set ylabel ylabel
set grid back lc rgb '#dddddd'
set border 3
set tics nomirror
if (use_y2) { set y2label y2label; set y2tics; set border 11 }
# The legend goes under the plot, in as many columns as fit: it never covers data
# nor takes width from it.
set key outside below center horizontal Left reverse noautotitle samplen 3 spacing 1.1

# A logarithmic axis gets tics at 1, 2 and 5 of each decade from lo to hi, SI-labelled.
if (ylog) {
    set logscale y; set format y log_format; set ytics ()
    do for [k = floor(log10(ylo)):ceil(log10(yhi))] { do for [j = 0:2] { set ytics add ((j == 0 ? 1 : j == 1 ? 2 : 5) * 10.0**k) } }
} else { set yrange [0:*] }
if (use_y2) {
    if (y2log) {
        set logscale y2; set format y2 log_format; set y2tics ()
        do for [k = floor(log10(y2lo)):ceil(log10(y2hi))] { do for [j = 0:2] { set y2tics add ((j == 0 ? 1 : j == 1 ? 2 : 5) * 10.0**k) } }
    } else { set y2range [0:*] }
}
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
    } else {
        if (xlog) {
            set format x log_format; set xtics ()
            do for [k = floor(log10(xlo)):ceil(log10(xhi))] { do for [j = 0:2] { set xtics add ((j == 0 ? 1 : j == 1 ? 2 : 5) * 10.0**k) } }
        } else {
            if (xwide) { set format x '%.1s%c' }
        }
    }
}
# Long tic labels (categories, many digits) are slanted so that they never overlap.
if (xslant) { set xtics rotate by -30 left }

# One linetype per series (tools/style.gp: 12 colours); series 13 to 24 take the same
# colours dashed. A series' statistics differ in dash pattern and point type (no
# parentheses after dt: gnuplot would read them as a dash pattern). Categorical x values
# are points (and bars), not lines: nothing lies between two categories. Curves 1..n_y1
# are on y, the rest on y2.
if (errbars) {
    U = '1:(column(c_col[i])):(column(c_col[i] + 1)):(column(c_col[i] + 2))'
    W = ncat > 0 ? 'yerrorbars' : 'yerrorlines'
} else {
    U = '1:(column(c_col[i]))'
    W = ncat > 0 ? 'points' : 'linespoints'
}
S = 'lt (c_series[i] % 12 + 1) dt c_dash[i] + 1 + 2 * ((c_series[i] / 12) % 2) pt (c_dash[i] ? 6 : 7) title c_title[i]'
if (strlen(style_file) > 0) { load style_file }
if (use_y2) {
    plot for [i = 1:n_y1] $data index c_block[i] using @U axes x1y1 with @W @S, \
         for [i = n_y1 + 1:ncurves] $data index c_block[i] using @U axes x1y2 with @W @S
} else {
    plot for [i = 1:ncurves] $data index c_block[i] using @U with @W @S
}
