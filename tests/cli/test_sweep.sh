#!/usr/bin/env bash
# `vgicsim sweep`: the cartesian product of the varied values, its table in every
# format, validation before running, and the plot.
# usage: test_sweep.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml

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
direct=$("$bin" run --set gic.list_registers=2 --format csv "$scn" | grep "^ref,delivery,all," | cut -d, -f7)
check "a sweep row equals the direct run" $([ -n "$p50" ] && [ "$p50" = "$direct" ]; echo $?) "sweep $p50, run $direct"

out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 --format csv 2>&1)
check "csv: header names the varied key, 15 fields per row" \
  $(head -1 <<<"$out" | grep -q "^gic.list_registers,model,delivered," &&
    awk -F, 'NF != 15 { bad = 1 } END { exit bad }' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.hw_mapped=[27,30],[] --format csv 2>&1); st=$?
check "csv quotes list values" $([ $st -eq 0 ] && grep -q '^"\[27,30\]",ref,' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary gic.list_registers=2,4 --format json 2>&1)
check "json lists the runs with their values" \
  $(grep -q '"varied": \[' <<<"$out" && [ "$(grep -c '"gic.list_registers": "' <<<"$out")" -eq 2 ]; echo $?) "$out"

out=$("$bin" sweep "$scn" --set seed=3 --vary gic.list_registers=2,99 2>"$tmp/err"); st=$?
check "an invalid combination is located and nothing runs" \
  $([ $st -eq 2 ] && [ -z "$out" ] &&
    grep -q "^--set:2:20: error: gic.list_registers: 99 is out of range (1..16)" "$tmp/err"; echo $?) \
  "$out $(cat "$tmp/err")"

"$bin" sweep "$scn" --vary gic.list_registers=1,4 --plot "$tmp/p.png" >/dev/null 2>"$tmp/err"; st=$?
check "plot is a PNG" $([ $st -eq 0 ] && [ "$(head -c 8 "$tmp/p.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ]; echo $?) \
  "exit $st $(cat "$tmp/err")"

out=$("$bin" sweep "$scn" 2>&1); st=$?
check "nothing to vary is bad usage" $([ $st -eq 2 ] && grep -q "say what to vary" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers 2>&1); st=$?
check "malformed --vary" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,,4 2>&1); st=$?
check "empty value" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" sweep --vary gic.list_registers=2 2>&1); st=$?
check "no scenario" $([ $st -eq 2 ] && grep -q "no scenario given" <<<"$out"; echo $?) "$out"

finish
