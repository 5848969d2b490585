#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Plots: `sweep --plot`, `merge --plot`, `vgicsim plot REPORT.json`, `run --plot`.
# SVG plots are valid XML with the expected series; the axes are numeric; gnuplot is
# found before any work; nothing is half-written or left behind, signals included.
# usage: test_plot.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml

# svg_texts FILE: every text element of an SVG, one per line.
svg_texts() { xmllint --xpath '//*[local-name()="text"]/text()' "$1" 2>/dev/null; echo; }
# stroke FILE N: the colour of curve N; dashed FILE N: its dash pattern (empty: solid).
stroke() { xmllint --xpath "string((//*[@id='gnuplot_plot_$2']//*[local-name()='path'])[1]/@stroke)" "$1"; }
dashed() { xmllint --xpath "string((//*[@id='gnuplot_plot_$2']//*[local-name()='path'])[1]/@stroke-dasharray)" "$1"; }
# xs FILE N: the x coordinates of curve N's points (after its legend sample).
xs() {
  xmllint --xpath "string((//*[@id='gnuplot_plot_$2']//*[local-name()='path'])[1]/@d)" "$1" |
    sed 's/^M[^M]*M/M/' | tr 'ML' '\n\n' | awk -F, 'NF == 2 { printf "%s ", $1 }'
}
# alive PID: the process runs (a zombie waiting for its parent's end does not).
alive() { ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'; }
# leftovers DIR: nothing but the expected files (no temporary file) in DIR.
leftovers() { find "$1" -name '*.tmp-*' -o -name 'vgicsim-plot-*' | head -5; }

# ---- sweep --plot ----
"$bin" sweep "$scn" --vary gic.list_registers=1,2,4 --vary costs.wfi_wake=2000,6000 \
  --unit cycles --plot "$tmp/lr.svg" >/dev/null 2>"$tmp/err"; st=$?
check "sweep --plot x.svg writes valid SVG" $([ $st -eq 0 ] && xmllint --noout "$tmp/lr.svg"; echo $?) "exit $st $(cat "$tmp/err")"
texts=$(svg_texts "$tmp/lr.svg")
check "one p50 and one p99 series per combination of the other keys" \
  $(for s in "wfi wake cost 2000, ref p50" "wfi wake cost 2000, ref p99" \
             "wfi wake cost 6000, ref p50" "wfi wake cost 6000, ref p99"; do
      grep -qxF "$s" <<<"$texts" || exit 1; done; echo $?) "$texts"
check "title names the scenario, the cost preset and the axes" \
  $(grep -qF "default-timer-virtio-ipi (costs kvm-gicv3-vhe): delivery latency vs gic.list_registers" <<<"$texts" &&
    grep -qxF "list registers (gic.list_registers)" <<<"$texts" && grep -qxF "delivery latency (cycles)" <<<"$texts"; echo $?) "$texts"
c1=$(stroke "$tmp/lr.svg" 1); c2=$(stroke "$tmp/lr.svg" 2); c3=$(stroke "$tmp/lr.svg" 3)
check "p50 solid and p99 dashed in the series' colour; the next series another colour" \
  $([ -n "$c1" ] && [ "$c1" = "$c2" ] && [ "$c3" != "$c1" ] && [ -z "$(dashed "$tmp/lr.svg" 1)" ] &&
    [ -n "$(dashed "$tmp/lr.svg" 2)" ]; echo $?) "strokes '$c1' '$c2' '$c3'"
check "the latency axis starts at 0" $(grep -qx " *0" <<<"$texts"; echo $?) "$texts"
[ -z "$(leftovers "$tmp")" ]; check "no temporary file left" $? "$(leftovers "$tmp")"

# Units: nanoseconds when every point's clock is known (each its own), cycles on request.
"$bin" sweep "$scn" --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe --model ref --metric delivery.p99 \
  --plot "$tmp/ns.svg" -f json -o "$tmp/ns.json" 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/ns.svg")
check "a plot draws nanoseconds when the clock is known" \
  $([ $st -eq 0 ] && grep -qxF "delivery latency (ns)" <<<"$texts"; echo $?) "exit $st $(cat "$tmp/err") $texts"
"$bin" sweep "$scn" --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe --model ref --metric delivery.p99 \
  --plot "$tmp/cy.svg" --unit cycles >/dev/null 2>&1
texts=$(svg_texts "$tmp/cy.svg")
check "--unit cycles draws cycles" $(grep -qxF "delivery latency (cycles)" <<<"$texts"; echo $?) "$texts"
# bars FILE N: vertical strokes (M x,y1 L x,y2; y1 = y2 for an interval of width 0) of curve N:
# error bars and the ends of its
# legend sample.
bars() {
  xmllint --xpath "string((//*[@id='gnuplot_plot_$2']//*[local-name()='path'])[1]/@d)" "$1" |
    tr -s ' \t\n' ' ' | grep -oE 'M[0-9.]+,[0-9.]+ L[0-9.]+,[0-9.]+' | awk -F'[ML, ]+' '$2 == $4 { n++ } END { print n + 0 }'
}
"$bin" sweep "$scn" --vary gic.list_registers=1,2,4 --model ref --repeat 3 --plot "$tmp/rep.svg" >/dev/null 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/rep.svg")
check "--repeat: an error bar at every point, and the subtitle says what they are" \
  $([ $st -eq 0 ] && [ "$(bars "$tmp/rep.svg" 1)" -ge 5 ] && [ "$(bars "$tmp/rep.svg" 2)" -ge 5 ] &&
    grep -qF "mean over 3 seeds; bars: 95 % confidence interval (Student t)" <<<"$texts"; echo $?) \
  "exit $st $(cat "$tmp/err") bars $(bars "$tmp/rep.svg" 1) $texts"
check "without --repeat: no error bars" $([ "$(bars "$tmp/lr.svg" 1)" -eq 0 ]; echo $?) "$(bars "$tmp/lr.svg" 1)"
"$bin" sweep "$scn" --vary costs.wfi_wake=1000,2000,3000,6000 --plot "$tmp/num.svg" >/dev/null 2>&1
read -r -a x <<<"$(xs "$tmp/num.svg" 1)"
check "a numeric x axis: 1000, 2000, 3000, 6000 at proportional distances" \
  $([ ${#x[@]} -eq 4 ] && awk -v a="${x[1]}" -v b="${x[2]}" -v c="${x[3]}" -v z="${x[0]}" \
      'BEGIN { r1 = (b - a) / (a - z); r2 = (c - b) / (b - a); exit !(r1 > 0.95 && r1 < 1.05 && r2 > 2.9 && r2 < 3.1) }'; echo $?) \
  "x: ${x[*]}"
"$bin" sweep "$scn" --vary costs.wfi_wake=10,100,1000,10000 --plot "$tmp/log.svg" >/dev/null 2>&1
read -r -a x <<<"$(xs "$tmp/log.svg" 1)"
check "values spanning decades: a logarithmic x axis (equal distances)" \
  $([ ${#x[@]} -eq 4 ] && awk -v z="${x[0]}" -v a="${x[1]}" -v b="${x[2]}" -v c="${x[3]}" \
      'BEGIN { d = a - z; exit !(d > 0 && (b - a) / d > 0.98 && (b - a) / d < 1.02 && (c - b) / d > 0.98 && (c - b) / d < 1.02) }'; echo $?) \
  "x: ${x[*]}"
"$bin" sweep "$scn" --vary gic.hw_mapped=[27],[27,30],[] --plot "$tmp/cat.svg" >/dev/null 2>&1
texts=$(svg_texts "$tmp/cat.svg")
check "values that are not numbers are categories, labelled as written" \
  $(grep -qxF "[27,30]" <<<"$texts" && grep -qxF "[]" <<<"$texts"; echo $?) "$texts"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/exits.svg" --metric exits >/dev/null 2>&1
texts=$(svg_texts "$tmp/exits.svg")
check "--metric exits draws that counter" \
  $(grep -qF "exits vs gic.list_registers" <<<"$texts" && ! grep -q "p99" <<<"$texts"; echo $?) "$texts"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/stage.svg" --metric stages.notify.p99 --unit cycles >/dev/null 2>&1
texts=$(svg_texts "$tmp/stage.svg")
check "--metric stages.notify.p99 draws that stage's p99" \
  $(grep -qF "notify stage of delivery p99 vs gic.list_registers" <<<"$texts" &&
    grep -qxF "notify stage of delivery (cycles)" <<<"$texts" && grep -qxF "ref p99" <<<"$texts" &&
    ! grep -q "ref p50" <<<"$texts"; echo $?) "$texts"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/stage2.svg" --metric stages.host_work >/dev/null 2>&1
texts=$(svg_texts "$tmp/stage2.svg")
check "--metric stages.host_work draws its p50 and p99" \
  $(grep -qxF "ref p50" <<<"$texts" && grep -qxF "perf p99" <<<"$texts"; echo $?) "$texts"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/wfi.svg" --metric counters.exits_by_reason.wfi >/dev/null 2>&1
texts=$(svg_texts "$tmp/wfi.svg")
check "--metric counters.exits_by_reason.wfi draws that reason" \
  $(grep -qF "exits_by_reason.wfi vs gic.list_registers" <<<"$texts" && ! grep -q "p99" <<<"$texts"; echo $?) "$texts"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/p99.svg" --metric delivery.p99 >/dev/null 2>&1
texts=$(svg_texts "$tmp/p99.svg")
check "--metric delivery.p99 draws p99 alone" \
  $(grep -qxF "ref p99" <<<"$texts" && ! grep -q "ref p50" <<<"$texts"; echo $?) "$texts"

"$bin" sweep "$scn" --vary gic.list_registers=1,4 --plot "$tmp/p.png" >/dev/null 2>&1
check "a .png plot is PNG" $([ "$(head -c 8 "$tmp/p.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; echo $?) ""
"$bin" sweep "$scn" --vary gic.list_registers=1,4 --plot "$tmp/p.PDF" >/dev/null 2>&1
check "a .PDF plot is PDF" $([ "$(head -c 5 "$tmp/p.PDF")" = "%PDF-" ]; echo $?) ""

# Long and awkward user text goes through quoted (the old plot overflowed a stack buffer).
long=$(head -c 3000 /dev/zero | tr '\0' 'x')
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --vary "name=${long},it's \"quoted\"" \
  --plot "$tmp/long.svg" >/dev/null 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/long.svg")
check "a 3000-character value and quotes in the legend" \
  $([ $st -eq 0 ] && xmllint --noout "$tmp/long.svg" && grep -qF "name it's \"quoted\", ref p99" <<<"$texts" &&
    grep -qF "name ${long}, ref p50" <<<"$texts"; echo $?) "exit $st $(head -c 300 "$tmp/err")"

# ---- publishable: many series, categories, 1-2-5 log axes, the CDF's tail, a style ----
# 14 series (7 seeds times 2 models): every one a different pair of colour and dash.
"$bin" sweep "$scn" --vary gic.list_registers=1,2,4 --vary seed=1..7 --metric delivery.p99 \
  --plot "$tmp/many.svg" >/dev/null 2>"$tmp/err"; st=$?
pairs=$(for i in $(seq 14); do echo "$(stroke "$tmp/many.svg" "$i")/$(dashed "$tmp/many.svg" "$i")"; done | sort -u | wc -l)
check "14 series: 14 distinct colour and dash pairs, each in the legend" \
  $([ $st -eq 0 ] && [ "$pairs" -eq 14 ] && grep -q 'gnuplot_plot_14' "$tmp/many.svg" &&
    ! grep -q 'gnuplot_plot_15' "$tmp/many.svg" && grep -qxF "seed 7, perf p99" <<<"$(svg_texts "$tmp/many.svg")"; echo $?) \
  "exit $st pairs $pairs $(cat "$tmp/err")"
# Categories (presets) are points, not lines, with slanted labels.
"$bin" sweep "$scn" --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe,kunpeng-920 --model ref \
  --plot "$tmp/presets.svg" >/dev/null 2>&1
lines=$(xmllint --xpath "count(//*[@id='gnuplot_plot_1']//*[local-name()='path'])" "$tmp/presets.svg")
points=$(xmllint --xpath "count(//*[@id='gnuplot_plot_1']//*[local-name()='use'])" "$tmp/presets.svg")
check "categorical x: points only (3 and the legend's), labels slanted" \
  $([ "$lines" -eq 0 ] && [ "$points" -eq 4 ] && grep -qxF "kunpeng-920" <<<"$(svg_texts "$tmp/presets.svg")" &&
    grep -q 'rotate(30' "$tmp/presets.svg"; echo $?) "lines $lines points $points"
# Logarithmic axes have tics at 1, 2 and 5 of each decade, SI-labelled.
texts=$(svg_texts "$tmp/log.svg")
check "log x axis labelled 1-2-5 (20, 50, 200, 500, 2k, 5k)" \
  $(ok=0; for l in 20 50 200 500 2k 5k; do grep -qx " *$l" <<<"$texts" || ok=1; done; echo $ok) "$texts"
"$bin" run --format json -o "$tmp/rep.json" "$scn"
"$bin" plot "$tmp/rep.json" --tail -o "$tmp/tail.svg" 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/tail.svg")
check "plot --tail: 1 - F on a log axis with the percentile levels, a line per model" \
  $([ $st -eq 0 ] && xmllint --noout "$tmp/tail.svg" &&
    grep -qF "fraction of interrupts slower than this latency (1 - F)" <<<"$texts" &&
    grep -qF "0.01  p99" <<<"$texts" && grep -qF "0.001  p99.9" <<<"$texts" &&
    grep -qF "delivery latency, tail (fraction slower)" <<<"$texts" &&
    grep -q 'gnuplot_plot_2' "$tmp/tail.svg" && ! grep -q 'gnuplot_plot_3' "$tmp/tail.svg"; echo $?) \
  "exit $st $(cat "$tmp/err") $texts"
out=$("$bin" plot "$tmp/rep.json" --tail --histogram -o "$tmp/x.svg" 2>&1); st=$?
check "--tail and --histogram together is bad usage" $([ $st -eq 2 ] && grep -q "choose one" <<<"$out"; echo $?) "$out"
check "the CDF's latency axis labelled 1-2-5" \
  $("$bin" plot "$tmp/rep.json" -o "$tmp/cdf.svg" && grep -qx " *5k" <<<"$(svg_texts "$tmp/cdf.svg")"; echo $?) ""
# A style file of the user's, without rebuilding: loaded by every template before it draws.
printf "set linetype 1 lc rgb '#123456'\nset title 'My own title'\n" >"$tmp/style.gp"
VGICSIM_PLOT_STYLE=$tmp/style.gp "$bin" sweep "$scn" --vary gic.list_registers=1,2 --model ref \
  --plot "$tmp/styled.svg" >/dev/null 2>"$tmp/err"; st=$?
VGICSIM_PLOT_STYLE=$tmp/style.gp "$bin" plot "$tmp/rep.json" --tail -o "$tmp/styled-tail.svg" 2>>"$tmp/err"
check "\$VGICSIM_PLOT_STYLE overrides the palette and the title of every kind of plot" \
  $([ $st -eq 0 ] && [ "$(stroke "$tmp/styled.svg" 1)" = "rgb( 18,  52,  86)" ] &&
    grep -qxF "My own title" <<<"$(svg_texts "$tmp/styled.svg")" &&
    grep -qxF "My own title" <<<"$(svg_texts "$tmp/styled-tail.svg")"; echo $?) \
  "exit $st $(cat "$tmp/err") stroke $(stroke "$tmp/styled.svg" 1)"
mkdir -p "$tmp/xdg/vgicsim"
cp "$tmp/style.gp" "$tmp/xdg/vgicsim/plot-style.gp"
XDG_CONFIG_HOME=$tmp/xdg "$bin" plot "$tmp/rep.json" -o "$tmp/xdg.svg" 2>/dev/null
check "the configuration folder's plot-style.gp is the default style file" \
  $(grep -qxF "My own title" <<<"$(svg_texts "$tmp/xdg.svg")"; echo $?) ""
out=$(VGICSIM_PLOT_STYLE=$tmp/nothing.gp "$bin" sweep "$scn" --vary gic.list_registers=1,2 \
  --plot "$tmp/never.svg" -o "$tmp/never.txt" 2>&1); st=$?
check "an unreadable style file: exit 2 before any work, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/never.txt" ] && [ ! -e "$tmp/never.svg" ] &&
    grep -qF "cannot read the plot style $tmp/nothing.gp (\$VGICSIM_PLOT_STYLE)" <<<"$out"; echo $?) "$out"

# A counter one model does not keep: that model's curve is left out, not drawn empty.
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --metric cas_retries --plot "$tmp/cas.svg" \
  >/dev/null 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/cas.svg")
check "a model without the counter has no curve (and gnuplot no warning)" \
  $([ $st -eq 0 ] && [ ! -s "$tmp/err" ] && grep -qxF "perf" <<<"$texts" && ! grep -qxF "ref" <<<"$texts" &&
    grep -q 'gnuplot_plot_1' "$tmp/cas.svg" && ! grep -q 'gnuplot_plot_2' "$tmp/cas.svg"; echo $?) \
  "exit $st $(cat "$tmp/err") $texts"

# ---- checked before any work: nothing runs, nothing is written ----
# The second value is invalid: a check made after loading would report it instead.
out=$(env PATH=/nonexistent "$bin" sweep "$scn" --vary gic.list_registers=2,99 --plot "$tmp/np.svg" 2>"$tmp/err"); st=$?
check "sweep without gnuplot: exit 2 before any point" \
  $([ $st -eq 2 ] && [ -z "$out" ] && [ ! -e "$tmp/np.svg" ] && grep -q "needs gnuplot, which is not on PATH" "$tmp/err" &&
    ! grep -q "out of range" "$tmp/err"; echo $?) "exit $st $(cat "$tmp/err")"
for cmd in "run --plot $tmp/np.svg $scn" "plot $tmp/lr.svg -o $tmp/np.svg"; do
  # shellcheck disable=SC2086
  env PATH=/nonexistent "$bin" $cmd >/dev/null 2>"$tmp/err"; st=$?
  check "${cmd%% *} without gnuplot: exit 2" \
    $([ $st -eq 2 ] && [ ! -e "$tmp/np.svg" ] && grep -q "needs gnuplot" "$tmp/err"; echo $?) "exit $st $(cat "$tmp/err")"
done
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,99 --plot "$tmp/p.jpg" 2>"$tmp/err"); st=$?
check "an unknown extension: exit 2 before any point" \
  $([ $st -eq 2 ] && [ -z "$out" ] && grep -q "name it .svg, .png or .pdf" "$tmp/err" && ! grep -q "out of range" "$tmp/err"; echo $?) \
  "exit $st $(cat "$tmp/err")"
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,99 --plot "$tmp/nodir/p.svg" 2>"$tmp/err"); st=$?
check "an unwritable plot: exit 2 before any point" \
  $([ $st -eq 2 ] && [ -z "$out" ] && grep -q "cannot write" "$tmp/err" && ! grep -q "out of range" "$tmp/err"; echo $?) \
  "exit $st $(cat "$tmp/err")"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot /dev/full -o "$tmp/t.txt" >/dev/null 2>"$tmp/err"; st=$?
check "--plot /dev/full: exit 2 (no format in the name)" $([ $st -eq 2 ]; echo $?) "exit $st $(cat "$tmp/err")"
ln -s /dev/full "$tmp/full.svg"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/full.svg" -o "$tmp/t.txt" >/dev/null 2>"$tmp/err"; st=$?
check "--plot onto /dev/full: exit 2 with the write error" \
  $([ $st -eq 2 ] && grep -q "cannot write $tmp/full.svg: No space left on device" "$tmp/err" && [ -c "$tmp/full.svg" ]; echo $?) \
  "exit $st $(cat "$tmp/err")"
rm -f "$tmp/full.svg"
out=$("$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot - 2>&1); st=$?
check "--plot - with the table on standard output too: exit 2" \
  $([ $st -eq 2 ] && grep -q "cannot both go to standard output" <<<"$out"; echo $?) "$out"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot - -o "$tmp/t.txt" >"$tmp/stdout.svg" 2>/dev/null
check "--plot - writes SVG to standard output" $(xmllint --noout "$tmp/stdout.svg" && [ -s "$tmp/t.txt" ]; echo $?) ""
out=$("$bin" sweep "$scn" --vary gic.list_registers=1,2 --metric p42 --plot "$tmp/x.svg" 2>&1); st=$?
check "unknown metric" $([ $st -eq 2 ] && grep -q "unknown metric 'p42'" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers=1,2 --metric stages.queue.p99 --plot "$tmp/x.svg" 2>&1); st=$?
check "unknown stage, listing the stages" \
  $([ $st -eq 2 ] && grep -q "unknown metric 'stages.queue.p99'" <<<"$out" && grep -q "injector_wait" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers=1,2 --metric counters.maintenance_by_cause.bogus --plot "$tmp/x.svg" 2>&1); st=$?
check "unknown cause" $([ $st -eq 2 ] && grep -q "unknown metric 'counters.maintenance_by_cause.bogus'" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers=1,2 --shard 1/2 --plot "$tmp/x.svg" 2>&1); st=$?
check "a shard is not plotted" $([ $st -eq 2 ] && grep -q "plot the merged table" <<<"$out"; echo $?) "$out"

# A failing gnuplot: exit 2 with its status, no plot, and no table either.
mkdir -p "$tmp/fakebin"
printf '#!/bin/sh\necho "fake gnuplot: broken" >&2\nexit 3\n' >"$tmp/fakebin/gnuplot"
chmod +x "$tmp/fakebin/gnuplot"
env PATH="$tmp/fakebin:$PATH" "$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/f.svg" \
  -o "$tmp/f.txt" >/dev/null 2>"$tmp/err"; st=$?
check "gnuplot failing: exit 2, its status said, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/f.svg" ] && [ ! -e "$tmp/f.txt" ] && grep -q "gnuplot failed (exit status 3" "$tmp/err" &&
    grep -q "fake gnuplot: broken" "$tmp/err" && [ -z "$(leftovers "$tmp")" ]; echo $?) "exit $st $(cat "$tmp/err")"

# ---- signals: no temporary file outlives the process ----
mkdir -p "$tmp/out" "$tmp/tmpdir"
TMPDIR=$tmp/tmpdir "$bin" sweep "$fx/slow_points.yaml" --set run.until=100_000_000_000 --vary seed=1..4 --jobs 2 --plot "$tmp/out/s.svg" \
  -o "$tmp/out/s.txt" 2>/dev/null &
pid=$!
for _ in $(seq 200); do [ -n "$(ls -A "$tmp/out")" ] && break; sleep 0.05; done
had_tmp=$(ls -A "$tmp/out")
sleep 0.3
kill -TERM $pid
wait $pid; st=$?
check "SIGTERM while points run: killed by it, no temporary file left" \
  $([ -n "$had_tmp" ] && [ $st -eq 143 ] && [ -z "$(ls -A "$tmp/out")" ] && [ -z "$(ls -A "$tmp/tmpdir")" ]; echo $?) \
  "exit $st, temporary '$had_tmp', left: $(ls -A "$tmp/out" "$tmp/tmpdir")"
# ... and while gnuplot runs (a stand-in that waits): gnuplot is stopped too.
printf '#!/bin/sh\ntouch "%s/started"\nexec sleep 30\n' "$tmp" >"$tmp/fakebin/gnuplot"
env PATH="$tmp/fakebin:$PATH" "$bin" sweep "$scn" --vary gic.list_registers=1,2 --plot "$tmp/out/g.svg" \
  -o "$tmp/out/g.txt" 2>/dev/null &
pid=$!
for _ in $(seq 200); do [ -e "$tmp/started" ] && break; sleep 0.05; done
sleeper=$(ps -o pid= --ppid $pid | tr -d ' ')
kill -TERM $pid
wait $pid; st=$?
sleep 0.2
check "SIGTERM while gnuplot runs: no temporary file, no gnuplot left" \
  $([ -e "$tmp/started" ] && [ $st -eq 143 ] && [ -z "$(ls -A "$tmp/out")" ] && [ -n "$sleeper" ] &&
    ! alive "$sleeper"; echo $?) "exit $st, left: $(ls -A "$tmp/out") gnuplot '$sleeper'"
rm -f "$tmp/fakebin/gnuplot"

# ---- merge --plot: the plot of the whole sweep ----
for k in 1 2; do
  "$bin" sweep "$scn" --vary gic.list_registers=1,2,4 --vary costs.wfi_wake=2000,6000 --shard $k/2 \
    -o "$tmp/part$k.json" 2>/dev/null
done
"$bin" merge "$tmp/part1.json" "$tmp/part2.json" --unit cycles --plot "$tmp/merged.svg" >/dev/null 2>"$tmp/err"; st=$?
check "merge --plot draws the same plot as the unsharded sweep" \
  $([ $st -eq 0 ] && cmp -s "$tmp/lr.svg" "$tmp/merged.svg"; echo $?) "exit $st $(cat "$tmp/err")"

# ---- vgicsim plot REPORT.json and run --plot ----
"$bin" run --format json -o "$tmp/report.json" "$scn" 2>/dev/null
"$bin" plot "$tmp/report.json" -o "$tmp/cdf.svg" 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/cdf.svg")
check "plot: the delivery CDF, one line per model, valid SVG" \
  $([ $st -eq 0 ] && xmllint --noout "$tmp/cdf.svg" && grep -qxF "ref (960 interrupts)" <<<"$texts" &&
    grep -qF "delivery latency, cumulative distribution" <<<"$texts" &&
    grep -qF "delivery latency (ns, logarithmic)" <<<"$texts"; echo $?) "exit $st $(cat "$tmp/err") $texts"
# In ns at the preset's 3000 MHz: the same curve, a third of the cycles; --unit cycles.
"$bin" plot "$tmp/report.json" --unit cycles -o "$tmp/cdf-cycles.svg" 2>"$tmp/err"; st=$?
last_x() {
  xmllint --xpath "string((//*[@id='gnuplot_plot_$2']//*[local-name()='path'])[1]/@d)" "$1" |
    tr -s ' \t\n' ' ' | grep -oE '[0-9.]+,[0-9.]+' | tail -1 | cut -d, -f1
}
check "plot --unit cycles: the cycles axis; the ns axis is the same data at the clock" \
  $([ $st -eq 0 ] && grep -qxF "delivery latency (cycles, logarithmic)" <<<"$(svg_texts "$tmp/cdf-cycles.svg")" &&
    [ -n "$(last_x "$tmp/cdf.svg" 1)" ] && grep -qx " *5k" <<<"$(svg_texts "$tmp/cdf.svg")" &&
    grep -qx " *10k" <<<"$(svg_texts "$tmp/cdf-cycles.svg")"; echo $?) "exit $st $(cat "$tmp/err")"
sed 's/"clock_mhz": [0-9]*/"clock_mhz": null/' "$tmp/report.json" >"$tmp/noclock.json"
out=$("$bin" plot "$tmp/noclock.json" --unit ns -o "$tmp/never.svg" 2>&1); st=$?
check "plot --unit ns needs the report's clock" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/never.svg" ] && grep -qF -- "--unit ns needs the report's clock" <<<"$out"; echo $?) "$out"
"$bin" plot "$tmp/noclock.json" -o "$tmp/noclock.svg" 2>/dev/null
check "plot without a clock: cycles" \
  $(grep -qxF "delivery latency (cycles, logarithmic)" <<<"$(svg_texts "$tmp/noclock.svg")"; echo $?) ""
"$bin" plot "$tmp/report.json" --histogram --metric service -o "$tmp/hist.svg" 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/hist.svg")
check "plot --histogram --metric service" \
  $([ $st -eq 0 ] && xmllint --noout "$tmp/hist.svg" && grep -qF "service latency, histogram" <<<"$texts"; echo $?) \
  "exit $st $(cat "$tmp/err")"
"$bin" run --plot "$tmp/run.svg" "$scn" >/dev/null 2>"$tmp/err"; st=$?
check "run --plot draws what plot draws from the saved report" \
  $([ $st -eq 0 ] && cmp -s "$tmp/run.svg" "$tmp/cdf.svg"; echo $?) "exit $st $(cat "$tmp/err")"
"$bin" plot "$tmp/report.json" -o - >"$tmp/stdout.svg" 2>/dev/null
check "plot -o - writes SVG to standard output" $(cmp -s "$tmp/stdout.svg" "$tmp/cdf.svg"; echo $?) ""
"$bin" plot "$tmp/part1.json" -o "$tmp/bad.svg" 2>"$tmp/err"; st=$?
check "plot of a sweep table: exit 2" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/bad.svg" ] && grep -q "not a vgicsim JSON report" "$tmp/err"; echo $?) "$(cat "$tmp/err")"
printf '{"report_format": 2, "models": [' >"$tmp/broken.json"
"$bin" plot "$tmp/broken.json" -o "$tmp/bad.svg" 2>"$tmp/err"; st=$?
check "plot of invalid JSON: located, exit 2" $([ $st -eq 2 ] && grep -q "broken.json:1:" "$tmp/err"; echo $?) "$(cat "$tmp/err")"
# The first delivery bucket counts one sample more than the report's count.
awk '!done && /"buckets"/ { at = NR + 4 } NR == at { sub(/[0-9]+$/, $1 + 1); done = 1 } { print }' \
  "$tmp/report.json" >"$tmp/badbucket.json"
"$bin" plot "$tmp/badbucket.json" -o "$tmp/bad.svg" 2>"$tmp/err"; st=$?
check "plot of a report whose buckets do not add up: exit 2" \
  $([ $st -eq 2 ] && grep -q "buckets hold 961 samples, its count says 960" "$tmp/err"; echo $?) "$(cat "$tmp/err")"
out=$("$bin" plot "$tmp/report.json" 2>&1); st=$?
check "plot without -o" $([ $st -eq 2 ] && grep -q "say where the plot goes" <<<"$out"; echo $?) "$out"
out=$("$bin" plot "$tmp/nothing.json" -o "$tmp/x.svg" 2>&1); st=$?
check "plot of a missing report" $([ $st -eq 2 ] && grep -q "cannot read" <<<"$out" && [ ! -e "$tmp/x.svg" ]; echo $?) "$out"
out=$("$bin" plot "$tmp/report.json" --metric latency -o "$tmp/x.svg" 2>&1); st=$?
check "plot --metric checked" $([ $st -eq 2 ] && grep -q "expects delivery, injection or service" <<<"$out"; echo $?) "$out"
[ -z "$(leftovers "$tmp")" ]; check "no temporary file left by any plot" $? "$(leftovers "$tmp")"

finish
