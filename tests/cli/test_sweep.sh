#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `vgicsim sweep` and `vgicsim merge`: the cartesian product of the varied values and
# ranges, the table in every format, validation before running, byte-identical tables
# whatever --jobs or sharding, merge refusing parts of different sweeps, worker
# failures, the progress line. (Plots: test_plot.sh.)
# usage: test_sweep.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
py=/usr/bin/python3
[ -x "$py" ] || py=python3

out=$("$bin" sweep "$scn" --model ref --vary gic.list_registers=1,2,4 --vary costs.wfi_wake=2000,6000 2>&1); st=$?
check "text table: header and one row per combination" \
  $([ $st -eq 0 ] && [ "$(wc -l <<<"$out")" -eq 7 ] && grep -q "^gic.list_registers costs.wfi_wake model" <<<"$out"; echo $?) "$out"
check "rows in order, last key fastest" \
  $(awk 'NR > 1 { printf "%s/%s ", $1, $2 }' <<<"$out" | grep -q "^1/2000 1/6000 2/2000 2/6000 4/2000 4/6000 $"; echo $?) "$out"

# Every model by default: one row per combination and model, models in their order.
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 2>&1)
check "default: a row per model" \
  $(awk 'NR > 1 { printf "%s/%s ", $1, $2 }' <<<"$out" | grep -q "^2/ref 2/perf 4/ref 4/perf $"; echo $?) "$out"

# A sweep row is the same run as `vgicsim run` with the same overrides.
row=$("$bin" sweep "$scn" --model ref --vary gic.list_registers=2 --format csv | tail -1)
p50=$(cut -d, -f5 <<<"$row")
direct=$("$bin" run --set gic.list_registers=2 --format csv "$scn" | grep "^ref,delivery,all,p50," | cut -d, -f5)
check "a sweep row equals the direct run" $([ -n "$p50" ] && [ "$p50" = "$direct" ]; echo $?) "sweep $p50, run $direct"

out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 --format csv 2>&1)
check "csv: header names the varied key, 15 fields per row" \
  $(head -1 <<<"$out" | grep -q "^gic.list_registers,model,delivered," &&
    awk -F, 'NF != 15 { bad = 1 } END { exit bad }' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.hw_mapped=[27,30],[] --format csv 2>&1); st=$?
check "csv quotes list values" $([ $st -eq 0 ] && grep -q '^"\[27,30\]",ref,' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary gic.list_registers=2,4 --format json 2>&1)
check "json lists the varied values and the runs with their values" \
  $(grep -q '"key": "gic.list_registers"' <<<"$out" && grep -q '"sweep_format": 1' <<<"$out" &&
    [ "$(grep -c '"gic.list_registers": "' <<<"$out")" -eq 2 ]; echo $?) "$out"
# The rows carry delivery's stages and the counters' parts: the same figures as the run
# report of that point.
"$bin" run --model ref --set gic.list_registers=4 --format json -o "$tmp/lr4.json" "$scn"
check "json rows carry the stages, causes and reasons of the run" \
  $("$py" -c "
import json,sys
t=json.load(open(sys.argv[1])); r=t['runs'][1]; m=json.load(open(sys.argv[2]))['models'][0]
assert r['values']=={'gic.list_registers':'4'}
st=m['latency']['stages']
assert list(r['stages'])==list(st)
for s,d in r['stages'].items():
    for k in ['count','p50','p90','p99','max']:
        assert d[k]==st[s][k], (s,k)
    assert abs(d['mean']-st[s]['mean'])<1e-6*max(1,d['mean'])
for g in ['maintenance_by_cause','exits_by_reason']:
    assert r['counters'][g]==m['counters'][g], g
" <(printf '%s' "$out") "$tmp/lr4.json"; echo $?) ""

# ---- ranges (documented in `vgicsim sweep --help` and docs/scale-out.md) ----
# first_column ARGS...: the values of the first varied key, in table order.
first_column() { "$bin" sweep "$scn" --model ref --format csv "$@" 2>&1 | awk -F, 'NR > 1 { printf "%s ", $1 }'; }
out=$(first_column --vary seed=1..4)
check "A..B is every integer from A to B" $([ "$out" = "1 2 3 4 " ]; echo $?) "$out"
out=$(first_column --vary costs.exit=500..4000:500)
check "A..B:S steps by S and includes B when S divides B-A" \
  $([ "$out" = "500 1000 1500 2000 2500 3000 3500 4000 " ]; echo $?) "$out"
out=$(first_column --vary costs.exit=500..4000:600)
check "A..B:S stops at the last value not above B" \
  $([ "$out" = "500 1100 1700 2300 2900 3500 " ]; echo $?) "$out"
out=$(first_column --vary gic.list_registers=1,3..5,16)
check "values and ranges mix" $([ "$out" = "1 3 4 5 16 " ]; echo $?) "$out"
out=$(first_column --vary seed=7..7)
check "A..A is one value" $([ "$out" = "7 " ]; echo $?) "$out"
out=$(first_column --vary "seed=18446744073709551614..18446744073709551615")
check "ranges reach 2^64-1 without wrapping" \
  $([ "$out" = "18446744073709551614 18446744073709551615 " ]; echo $?) "$out"

# bad_range NAME MESSAGE ARGS...: exit 2, the message, nothing on standard output.
bad_range() {
  local name=$1 msg=$2
  shift 2
  local o e s
  o=$("$bin" sweep "$scn" "$@" 2>"$tmp/err"); s=$?
  e=$(cat "$tmp/err")
  check "$name" $([ $s -eq 2 ] && [ -z "$o" ] && grep -qF -- "$msg" <<<"$e"; echo $?) "exit $s: $e"
}
bad_range "descending range is empty" "range '5..1' is empty" --vary seed=5..1
bad_range "step 0" "the step must be at least 1" --vary seed=1..5:0
bad_range "negative step" "integers without sign" --vary seed=1..5:-1
bad_range "negative bound" "integers without sign" --vary seed=-1..5
bad_range "non-integer bound" "integers without sign" --vary costs.exit=1.5..3
bad_range "words are not a range" "integers without sign" --vary seed=a..b
bad_range "bound past 2^64-1" "is larger than 18446744073709551615" --vary seed=1..18446744073709551616
bad_range "too many values" "more values than a sweep has points (at most 1000000)" --vary seed=0..18446744073709551615
bad_range "too many points over several keys" "more than 1000000 points" \
  --vary seed=1..1000 --vary costs.exit=1..1001
bad_range "a value twice" "the value 2 appears more than once" --vary gic.list_registers=1..3,2
bad_range "a key twice" "--vary seed is given twice" --vary seed=1 --vary seed=2
bad_range "empty value" "empty value" --vary gic.list_registers=2,,4
bad_range "malformed --vary" "--vary expects KEY=" --vary gic.list_registers
bad_range "range value out of range is located" \
  "--set:1:20: error: gic.list_registers: 17 is out of range (1..16)" --vary gic.list_registers=15..17

out=$("$bin" sweep "$scn" --set seed=3 --vary gic.list_registers=2,99 2>"$tmp/err"); st=$?
check "an invalid combination is located and nothing runs" \
  $([ $st -eq 2 ] && [ -z "$out" ] &&
    grep -q "^--set:2:20: error: gic.list_registers: 99 is out of range (1..16)" "$tmp/err"; echo $?) \
  "$out $(cat "$tmp/err")"

# ---- --jobs and --shard: the same table, byte for byte ----
vary=(--vary gic.list_registers=1..4 --vary costs.wfi_wake=2000,6000 --vary seed=1..3)
for f in text csv json; do
  "$bin" sweep "$scn" "${vary[@]}" -f "$f" --jobs 1 >"$tmp/j1.$f" 2>"$tmp/err1"; s1=$?
  "$bin" sweep "$scn" "${vary[@]}" -f "$f" --jobs 2 >"$tmp/j2.$f" 2>"$tmp/err2"; s2=$?
  "$bin" sweep "$scn" "${vary[@]}" -f "$f" --jobs 5 >"$tmp/j5.$f" 2>"$tmp/err5"; s5=$?
  check "$f: --jobs 1 = --jobs 2 = --jobs 5" \
    $([ $s1$s2$s5 = 000 ] && [ -s "$tmp/j1.$f" ] && cmp -s "$tmp/j1.$f" "$tmp/j2.$f" &&
      cmp -s "$tmp/j1.$f" "$tmp/j5.$f"; echo $?) "$(cat "$tmp/err1" "$tmp/err2" "$tmp/err5"; diff "$tmp/j1.$f" "$tmp/j2.$f" | head)"
done
for k in 1 2 3 4 5; do
  "$bin" sweep "$scn" "${vary[@]}" --shard $k/5 --jobs 2 -o "$tmp/part$k.json" 2>>"$tmp/errs"
done
# Models a sweep runs by default (both: every model vgicsim has): a row per point and model.
models=$("$bin" sweep "$scn" --vary seed=1 -f csv | tail -n +2 | wc -l)
check "a shard writes its part as JSON by default" \
  $(grep -q '"index": 2,' "$tmp/part2.json" && grep -q '"count": 5' "$tmp/part2.json" &&
    [ "$(grep -c '"point": ' "$tmp/part2.json")" -eq $((5 * models)) ]; echo $?) "$(cat "$tmp/errs")"
check "shard K of N holds the points K-1 mod N" \
  $([ "$(grep -o '"point": [0-9]*' "$tmp/part2.json" | uniq | awk '{ printf "%s ", $2 }')" = "1 6 11 16 21 " ]; echo $?) \
  "$(grep '"point"' "$tmp/part2.json")"
for f in text csv json; do
  "$bin" merge "$tmp/part4.json" "$tmp/part2.json" "$tmp/part5.json" "$tmp/part1.json" "$tmp/part3.json" \
    -f "$f" >"$tmp/merged.$f" 2>"$tmp/err"; st=$?
  check "$f: merged shards (in any order) = the unsharded table" \
    $([ $st -eq 0 ] && cmp -s "$tmp/j1.$f" "$tmp/merged.$f"; echo $?) "exit $st $(cat "$tmp/err"; diff "$tmp/j1.$f" "$tmp/merged.$f" | head)"
done
"$bin" merge "$tmp/j1.json" -f json -o - >"$tmp/again.json" 2>"$tmp/err"; st=$?
check "an unsharded JSON table merges into itself; -o - is standard output" \
  $([ $st -eq 0 ] && cmp -s "$tmp/j1.json" "$tmp/again.json"; echo $?) "$(cat "$tmp/err")"
"$bin" merge "$tmp/part1.json" "$tmp/part2.json" "$tmp/part3.json" "$tmp/part4.json" "$tmp/part5.json" \
  -o "$tmp/merged.txt" >/dev/null 2>&1
check "merge -o FILE" $(cmp -s "$tmp/j1.text" "$tmp/merged.txt"; echo $?) ""
big=18446744073709551615
for k in 1 2; do "$bin" sweep "$scn" --vary gic.list_registers=1,2 --seed $big --shard $k/2 -o "$tmp/big$k.json"; done
"$bin" merge "$tmp/big1.json" "$tmp/big2.json" >"$tmp/big-merged.txt" 2>"$tmp/err"; st=$?
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --seed $big >"$tmp/big-whole.txt"
check "--seed 2^64-1 goes through parts and merge" \
  $([ $st -eq 0 ] && cmp -s "$tmp/big-whole.txt" "$tmp/big-merged.txt"; echo $?) "exit $st $(cat "$tmp/err")"
"$bin" sweep "$scn" --vary gic.list_registers=1,2 --shard 3/3 -o "$tmp/empty.json" 2>"$tmp/err"; st=$?
check "a shard past the last point is an empty part" \
  $([ $st -eq 0 ] && grep -q '"runs": \[\]' "$tmp/empty.json"; echo $?) "$(cat "$tmp/err")"

# bad_merge NAME MESSAGE PARTS...: exit 2, the message, nothing on standard output.
bad_merge() {
  local name=$1 msg=$2
  shift 2
  local o e s
  o=$("$bin" merge "$@" 2>"$tmp/err"); s=$?
  e=$(cat "$tmp/err")
  check "$name" $([ $s -eq 2 ] && [ -z "$o" ] && grep -qF -- "$msg" <<<"$e"; echo $?) "exit $s: $e"
}
p=("$tmp/part1.json" "$tmp/part2.json" "$tmp/part3.json" "$tmp/part4.json")
bad_merge "a missing shard" "shard 5/5 is missing" "${p[@]}"
bad_merge "a repeated shard" "are both shard 2/5" "${p[@]}" "$tmp/part2.json"
"$bin" sweep "$scn" "${vary[@]}" --set guest.handler=2500 --shard 5/5 -o "$tmp/other-set.json" 2>/dev/null
bad_merge "parts with different --set" "made with different --set options" "${p[@]}" "$tmp/other-set.json"
"$bin" sweep "$scn" --vary gic.list_registers=1..4 --vary costs.wfi_wake=2000,6000 --vary seed=1..2 \
  --shard 5/5 -o "$tmp/other-vary.json" 2>/dev/null
bad_merge "parts with different --vary values" "of different --vary seed values" "${p[@]}" "$tmp/other-vary.json"
"$bin" sweep "$scn" "${vary[@]}" --seed 9 --shard 5/5 -o "$tmp/other-seed.json" 2>/dev/null
bad_merge "parts with different --seed" "made with different --seed options" "${p[@]}" "$tmp/other-seed.json"
sed 's/list_registers: 4/list_registers: 3/' "$scn" >"$tmp/changed.yaml"
"$bin" sweep "$tmp/changed.yaml" "${vary[@]}" --shard 5/5 -o "$tmp/other-scenario.json" 2>/dev/null
bad_merge "parts of different scenario files" "of different scenario files" "${p[@]}" "$tmp/other-scenario.json"
"$bin" sweep "$scn" "${vary[@]}" --shard 2/4 -o "$tmp/other-count.json" 2>/dev/null
bad_merge "parts cut into different numbers of shards" "cut into different numbers of shards" \
  "$tmp/part1.json" "$tmp/other-count.json" "${p[@]:2}" "$tmp/part5.json"
sed 's/"commit": "[^"]*"/"commit": "0123456789ab"/' "$tmp/part5.json" >"$tmp/other-build.json"
bad_merge "parts of different builds" "made by different vgicsim builds" "${p[@]}" "$tmp/other-build.json"
sed '0,/"p99": [0-9]*/s//"p99": -4/' "$tmp/part5.json" >"$tmp/bad-row.json"
bad_merge "a row with a negative latency" "\"p99\" is not a non-negative integer" "${p[@]}" "$tmp/bad-row.json"
sed 's/"gic.list_registers": "3"/"gic.list_registers": "7"/' "$tmp/part5.json" >"$tmp/bad-values.json"
bad_merge "a row whose values are not its point's" "are not the sweep's" "${p[@]}" "$tmp/bad-values.json"
"$bin" run --format json -o "$tmp/report.json" "$scn" 2>/dev/null
bad_merge "a run report is not a part" "not a vgicsim sweep table" "$tmp/report.json"
printf '{"sweep_format": 1,' >"$tmp/broken.json"
bad_merge "invalid JSON is located" "broken.json:1:" "$tmp/broken.json"
bad_merge "a missing file" "cannot read" "$tmp/nothing.json"
bad_merge "a folder" "cannot read" "$tmp"
out=$("$bin" merge 2>&1); st=$?
check "merge without parts" $([ $st -eq 2 ] && grep -q "no part given" <<<"$out"; echo $?) "$out"

# ---- a worker that dies: the sweep says which point, exits 2, writes nothing ----
"$bin" sweep "$fx/slow_points.yaml" --set run.until=100_000_000_000 --vary seed=1..4 --jobs 2 -o "$tmp/never.txt" 2>"$tmp/err" &
sweep_pid=$!
workers=""
for _ in $(seq 200); do
  workers=$(ps -o pid= --ppid $sweep_pid 2>/dev/null | tr -d ' ')
  [ "$(wc -w <<<"$workers")" -ge 2 ] && break
  sleep 0.05
done
victim=$(head -1 <<<"$workers")
[ -n "$victim" ] && kill -KILL "$victim"
wait $sweep_pid; st=$?
check "a killed worker: exit 2, the point named, no table" \
  $([ -n "$victim" ] && [ $st -eq 2 ] && [ ! -e "$tmp/never.txt" ] &&
    grep -q "the worker process running point [0-9]* (seed=[0-9]*) was killed by signal 9" "$tmp/err"; echo $?) \
  "exit $st, workers '$workers': $(cat "$tmp/err")"
sleep 0.2
# A worker still alive (a zombie waiting to be reaped is not).
alive() { ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'; }
left=""
for w in $workers; do alive "$w" && left="$left $w"; done
check "no worker outlives a failed sweep" $([ -z "$left" ]; echo $?) "alive:$left"

# ---- the progress line: on a terminal only ----
"$bin" sweep "$scn" --vary seed=1..3 >/dev/null 2>"$tmp/err"
check "no progress line when standard error is not a terminal" $([ ! -s "$tmp/err" ]; echo $?) "$(cat -A "$tmp/err")"
if command -v script >/dev/null; then
  script -qec "'$bin' sweep '$scn' --vary seed=1..3 -o '$tmp/tty.txt'" /dev/null >"$tmp/tty-err" 2>&1
  check "a progress line on a terminal" $(grep -q "vgicsim sweep: 3/3 points" "$tmp/tty-err"; echo $?) "$(cat -A "$tmp/tty-err")"
fi

out=$("$bin" sweep "$scn" 2>&1); st=$?
check "nothing to vary is bad usage" $([ $st -eq 2 ] && grep -q "say what to vary" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep --vary gic.list_registers=2 2>&1); st=$?
check "no scenario" $([ $st -eq 2 ] && grep -q "no scenario given" <<<"$out"; echo $?) "$out"
for j in 0 -1 x 1025; do
  out=$("$bin" sweep "$scn" --vary seed=1 --jobs "$j" 2>&1); st=$?
  check "--jobs $j is bad usage" $([ $st -eq 2 ] && grep -q "jobs expects" <<<"$out"; echo $?) "$out"
done
for s in 0/2 3/2 1/0 a/2 1/ 2 1/2x; do
  out=$("$bin" sweep "$scn" --vary seed=1 --shard "$s" 2>&1); st=$?
  check "--shard $s is bad usage" $([ $st -eq 2 ] && grep -q "shard expects K/N" <<<"$out"; echo $?) "$out"
done
out=$("$bin" sweep "$scn" --vary seed=1 --format xml 2>&1); st=$?
check "unknown format" $([ $st -eq 2 ] && grep -q "unknown format 'xml'" <<<"$out"; echo $?) "$out"
"$bin" sweep "$scn" --vary seed=1 -o - >"$tmp/dash.txt" 2>&1
check "-o - is standard output" $(grep -q "^seed " "$tmp/dash.txt" && [ ! -e ./- ]; echo $?) "$(cat "$tmp/dash.txt")"
"$bin" sweep "$scn" --vary seed=1 -o "$tmp/nodir/t.txt" >/dev/null 2>"$tmp/err"; st=$?
check "a table that cannot be written: exit 2" $([ $st -eq 2 ] && [ -s "$tmp/err" ]; echo $?) "$(cat "$tmp/err")"

finish
