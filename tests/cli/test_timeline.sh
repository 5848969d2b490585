#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `vgicsim run --timeline`: a valid Chrome Trace Event Format file (validate_timeline.py
# checks its structure), with the tracks, spans, instants and flows docs/report.md
# promises, a window, a cap, deterministic output and clear errors.
# usage: test_timeline.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
validate="python3 $(dirname "$0")/validate_timeline.py"

out=$("$bin" run --timeline "$tmp/default.json" 2>&1); st=$?
v=$($validate "$tmp/default.json" --models 2 2>&1); vst=$?
check "the default scenario's timeline is valid, one process per model" \
  $([ $st -eq 0 ] && [ $vst -eq 0 ]; echo $?) "$out$v"
t=$(cat "$tmp/default.json" 2>/dev/null)
for want in '"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"ref"}' \
            '"process_name","ph":"M","pid":2,"tid":0,"args":{"name":"perf"}' \
            '"args":{"name":"vCPU 3"}' '"args":{"name":"injector (generator 4: poisson, line 29)"}' \
            '"args":{"name":"irq_lock INTID 48"}' '"args":{"name":"ap_list_lock vCPU 0"}' \
            '"name":"exit (wfi)"' '"name":"exit (sysreg)"' '"name":"handle the exit"' \
            '"name":"flush"' '"name":"entry"' '"name":"blocked in WFI"' \
            '"name":"handler INTID 40"' '"name":"inject INTID 41"' '"name":"ICC_SGI1R_EL1"' \
            '"name":"held by vCPU 1"' '"name":"wait for ' \
            '"name":"raised INTID 1"' '"name":"listed INTID 1"' '"name":"acknowledged INTID 1"' \
            '"name":"completed INTID 1"' '"ph":"s"' '"ph":"t"' '"ph":"f"' \
            '"ts_unit": "us"' '"clock_mhz": 3000'; do
  check "the default timeline has $want" $(grep -qF -- "$want" <<<"$t"; echo $?) "$v"
done

"$bin" run --timeline "$tmp/again.json" --jobs 1 >/dev/null 2>&1
check "the timeline is the same at every --jobs" \
  $(cmp -s "$tmp/default.json" "$tmp/again.json"; echo $?) ""

out=$("$bin" run --model perf --timeline "$tmp/window.json" --timeline-window 2000000..2500000 2>&1); st=$?
v=$($validate "$tmp/window.json" --models 1 --window 2000000 2500000 2>&1); vst=$?
check "--timeline-window keeps what overlaps the window" \
  $([ $st -eq 0 ] && [ $vst -eq 0 ] && grep -qF '"window_cycles": [' "$tmp/window.json" &&
    [ "$(wc -c <"$tmp/window.json")" -lt "$(($(wc -c <"$tmp/default.json") / 10))" ]; echo $?) "$out$v"

cat >"$tmp/many.yaml" <<'YAML'
version: 1
name: timeline-cap
gic: {version: 3, vcpus: 2, spis: 32}
guest: {mode: auto, handler: 500}
workload:
  - {kind: poisson, intid: 40, mean_gap: 3000, count: 40000}
YAML
out=$("$bin" run "$tmp/many.yaml" --model ref --timeline "$tmp/many.json" 2>&1 >/dev/null); st=$?
v=$($validate "$tmp/many.json" --models 1 --truncated ref 2>&1); vst=$?
check "a timeline stops at its cap and says so" \
  $([ $st -eq 0 ] && [ $vst -eq 0 ] &&
    grep -q "warning: the timeline of model ref stops at 500000 events" <<<"$out"; echo $?) "$out$v"
rm -f "$tmp/many.json"

for bad in 5..3 abc ..5 5.. 1..2..3 -1..4; do
  out=$("$bin" run --timeline "$tmp/x.json" --timeline-window "$bad" 2>&1); st=$?
  check "--timeline-window $bad is refused" \
    $([ $st -eq 2 ] && grep -q "timeline-window expects FROM..TO" <<<"$out" && [ ! -e "$tmp/x.json" ]; echo $?) "$out"
done
out=$("$bin" run --timeline - 2>&1); st=$?
check "--timeline - with the report on standard output is refused" \
  $([ $st -eq 2 ] && grep -q "cannot both go to standard output" <<<"$out"; echo $?) "$out"
out=$("$bin" run --timeline "$tmp/nodir/x.json" 2>&1); st=$?
check "a timeline that cannot be written is an error" \
  $([ $st -eq 2 ] && grep -q "cannot write" <<<"$out"; echo $?) "$out"

finish
