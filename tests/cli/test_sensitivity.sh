#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `vgicsim sensitivity`: each cost operation -PCT and +PCT one at a time, ranked by the
# swing of a metric; the values are the runs' own, the ranking is ordered, the output the
# same whatever --jobs; the tornado chart's labels, bars and series; bad usage.
# usage: test_sensitivity.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
py=/usr/bin/python3
[ -x "$py" ] || py=python3

out=$("$bin" sensitivity "$scn" --model ref 2>&1); st=$?
check "text: a header naming the metric, then ranked operations" \
  $([ $st -eq 0 ] && head -1 <<<"$out" | grep -q "model ref: delivery.p99 = [0-9]* cycles (.* ns at 3000 MHz); each cost operation -20 % and +20 %" &&
    sed -n 2p <<<"$out" | grep -q "^rank operation" && sed -n 3p <<<"$out" | grep -q "^   1 "; echo $?) "$out"

# The figures are the runs': the baseline is `run`'s, the top operation's -20 % point is a
# run with that cost lowered by 20 %, rounded.
"$bin" sensitivity "$scn" --model ref -f csv -o "$tmp/s.csv" 2>"$tmp/err"; st=$?
read -r op base low high baseline vlow < <("$py" -c "
import csv,sys
r=list(csv.DictReader(open(sys.argv[1])))[0]
print(r['operation'], r['cycles'], r['cycles_low'], r['cycles_high'], r['baseline'], r['value_low'])" "$tmp/s.csv")
run_p99() { "$bin" run --model ref --format csv "$@" "$scn" | grep "^ref,delivery,all,p99," | cut -d, -f5; }
b=$(run_p99); l=$(run_p99 --set "costs.$op=$low")
check "baseline and the top operation's -20 % value are those of vgicsim run" \
  $([ $st -eq 0 ] && [ "$baseline" = "$b" ] && [ "$vlow" = "$l" ] &&
    [ "$low" -eq $(((base * 80 + 50) / 100)) ] && [ "$high" -eq $(((base * 120 + 50) / 100)) ]; echo $?) \
  "$op $base $low $high: baseline $baseline vs $b, low $vlow vs $l; $(cat "$tmp/err")"
check "ranked by swing, largest first; swing = |change+ - change-|" \
  $("$py" -c "
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1])))
s=[float(r['swing_pct']) for r in rows]
assert s==sorted(s,reverse=True) and s[0]>0, s
assert [int(r['rank']) for r in rows]==list(range(1,len(rows)+1))
for r in rows:
    assert abs(float(r['swing_pct'])-abs(float(r['change_high_pct'])-float(r['change_low_pct'])))<1e-3
    b=float(r['baseline'])
    assert abs(float(r['change_low_pct'])-(float(r['value_low'])-b)/b*100)<1e-3
" "$tmp/s.csv"; echo $?) "$(cat "$tmp/s.csv")"

# An operation of cost 0 is listed apart; --by changes the step.
"$bin" sensitivity "$scn" --model ref --set costs.timer_load=0 --by 50 -f json -o "$tmp/s.json" 2>"$tmp/err"; st=$?
check "json: cost 0 is not varied; --by 50 halves and adds half" \
  $([ $st -eq 0 ] && "$py" -c "
import json,sys
d=json.load(open(sys.argv[1]))
assert d['by_pct']==50 and d['metric']=='delivery.p99' and d['not_varied']==['timer_load'], d['not_varied']
ops=d['models'][0]['operations']
assert 'timer_load' not in [o['operation'] for o in ops] and len(ops)>20
for o in ops:
    assert o['low']['cycles']==(o['cycles']*50+50)//100 and o['high']['cycles']==(o['cycles']*150+50)//100
" "$tmp/s.json"; echo $?) "$(cat "$tmp/err")"

for j in 1 3; do "$bin" sensitivity "$scn" -f json --jobs $j -o "$tmp/j$j.json"; done
check "the same result whatever --jobs (both models)" \
  $(cmp -s "$tmp/j1.json" "$tmp/j3.json" && grep -q '"model": "perf"' "$tmp/j1.json"; echo $?) ""

out=$("$bin" sensitivity "$scn" --model ref --metric lock_wait_cycles -f csv 2>&1); st=$?
check "--metric: a model's own counter" \
  $([ $st -eq 0 ] && [ "$(wc -l <<<"$out")" -gt 20 ]; echo $?) "$out"
out=$("$bin" sensitivity "$scn" --metric counters.exits -f csv 2>&1); st=$?
check "--metric counters.exits" $([ $st -eq 0 ] && grep -q "^perf,1," <<<"$out"; echo $?) "$out"

# ---- the tornado chart ----
svg_texts() { xmllint --xpath '//*[local-name()="text"]/text()' "$1" 2>/dev/null; echo; }
"$bin" sensitivity "$scn" --plot "$tmp/t.svg" -o "$tmp/t.txt" 2>"$tmp/err"; st=$?
texts=$(svg_texts "$tmp/t.svg")
top=$(awk 'NR == 3 { print $2 }' "$tmp/t.txt")
check "tornado: valid SVG; title, axis, the top operation and a bar series per model and side" \
  $([ $st -eq 0 ] && xmllint --noout "$tmp/t.svg" &&
    grep -qF "default-timer-virtio-ipi (costs kvm-gicv3-vhe): what moves delivery.p99" <<<"$texts" &&
    grep -qF "change of delivery.p99 from its baseline (%)" <<<"$texts" &&
    grep -qxF "$top" <<<"$texts" &&
    for s in "ref, costs -20 %" "ref, costs +20 %" "perf, costs -20 %" "perf, costs +20 %"; do
      grep -qxF "$s" <<<"$texts" || exit 1; done &&
    grep -q 'gnuplot_plot_4' "$tmp/t.svg" && ! grep -q 'gnuplot_plot_5' "$tmp/t.svg"; echo $?) \
  "exit $st top '$top' $(cat "$tmp/err") $texts"
# At most 15 operations, only those that move the metric: as many y labels.
n_ops=$(awk 'NR > 2 && $NF != "0.0%" { n++ } END { print n > 15 ? 15 : n }' "$tmp/t.txt")
check "tornado: one row per operation that moves the metric (at most 15)" \
  $(sed -n '3,17p' "$tmp/t.txt" | awk -v n="$n_ops" 'NR <= n { print $2 }' | while read -r o; do
      grep -qxF "$o" <<<"$texts" || exit 1; done; echo $?) "$texts"

# ---- bad usage: exit 2, nothing written ----
bad() {
  local name=$1 msg=$2
  shift 2
  local o s
  o=$("$bin" sensitivity "$scn" "$@" -o "$tmp/never.txt" 2>&1); s=$?
  check "$name" $([ $s -eq 2 ] && [ ! -e "$tmp/never.txt" ] && grep -qF -- "$msg" <<<"$o"; echo $?) "exit $s: $o"
}
bad "a distribution is not one number" "--metric delivery is not one number" --metric delivery
bad "an unknown metric" "unknown metric 'p42'" --metric p42
bad "a counter the model does not keep" "no model keeps a counter 'cas_retries'" --model ref --metric counters.model.cas_retries
for b in 0 100 x -5; do bad "--by $b" "--by expects a percentage from 1 to 99" --by "$b"; done
bad "an invalid --set is located" "--set:1:" --set gic.list_registers=99
bad "an unknown format" "unknown format 'xml'" -f xml
out=$("$bin" sensitivity 2>&1); st=$?
check "no scenario" $([ $st -eq 2 ] && grep -q "no scenario given" <<<"$out"; echo $?) "$out"

finish
