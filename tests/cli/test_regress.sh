#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tools/regress.sh: baselines for a folder of scenarios, then the check against them
# (docs/regression-tracking.md).
# usage: test_regress.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
regress() { "$src/tools/regress.sh" --vgicsim "$bin" "$@" 2>&1; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3

mkdir -p "$tmp/scn"
cp "$src/scenarios/lr-pressure.yaml" "$tmp/scn/"
cp "$src/tests/fixtures/calibration_trapped_read.yaml" "$tmp/scn/trapped.yaml"

out=$(regress --update "$tmp/scn" "$tmp/base"); st=$?
check "--update writes a baseline per scenario" \
  $([ $st -eq 0 ] && [ -f "$tmp/base/lr-pressure.json" ] && [ -f "$tmp/base/trapped.json" ] &&
    grep -q "2 scenarios: 2 written, 0 regressed or failed, 0 errors" <<<"$out"; echo $?) "$out"
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "an unchanged build passes" \
  $([ $st -eq 0 ] && grep -q "2 scenarios: 2 passed, 0 regressed or failed, 0 errors" <<<"$out"; echo $?) "$out"

# A baseline from a faster past: the trapped read took 1000 cycles then, 1355 now.
"$py" -c "
import json,sys
r=json.load(open(sys.argv[1]))
for k in ['min','mean','p50','p90','p99','p99.9','max']:
    r['models'][0]['latency']['trapped_access'][k]=1000
json.dump(r,open(sys.argv[1],'w'),indent=2)
" "$tmp/base/trapped.json"
out=$(regress --out "$tmp/new" "$tmp/scn" "$tmp/base"); st=$?
check "a slower build regresses: exit 1, statistic named" \
  $([ $st -eq 1 ] && grep -Eq "ref +trapped_access.mean +1000 +1355 +\+35.50% +REGRESSION" <<<"$out" &&
    grep -q "^trapped: REGRESSED$" <<<"$out" &&
    grep -q "2 scenarios: 1 passed, 1 regressed or failed, 0 errors" <<<"$out"; echo $?) "$out"
check "--out keeps the new reports" $([ -f "$tmp/new/trapped.json" ] && [ -f "$tmp/new/lr-pressure.json" ]; echo $?) ""
out=$(regress "$tmp/scn" "$tmp/base" -- --threshold 40); st=$?
check "compare options after -- are passed on" $([ $st -eq 0 ]; echo $?) "$out"
out=$(regress --format markdown "$tmp/scn" "$tmp/base"); st=$?
check "--format markdown" \
  $([ $st -eq 1 ] && grep -q "^### vgicsim compare: 5 regressions" <<<"$out" &&
    grep -q "^| ref | trapped_access.mean | 1000 | 1355 | +35.50% | \*\*regression\*\* |" <<<"$out"; echo $?) "$out"

cp "$src/scenarios/manual-boot.yaml" "$tmp/scn/"
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "a scenario without a baseline is an error (exit 2)" \
  $([ $st -eq 2 ] && grep -q "manual-boot: ERROR: no baseline $tmp/base/manual-boot.json (make it with --update)" <<<"$out"; echo $?) "$out"
rm "$tmp/scn/manual-boot.yaml"
cp "$src/tests/fixtures/three_mistakes.yaml" "$tmp/scn/"
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "an invalid scenario is an error (exit 2)" \
  $([ $st -eq 2 ] && grep -q "three_mistakes: ERROR: vgicsim run exited 2" <<<"$out" &&
    grep -q "three_mistakes.yaml:.*: error: " <<<"$out"; echo $?) "$out"
rm "$tmp/scn/three_mistakes.yaml"
cp "$src/tests/fixtures/failing_expectations.yaml" "$tmp/scn/"
regress --update "$tmp/scn" "$tmp/base2" >/dev/null
out=$(regress "$tmp/scn" "$tmp/base2"); st=$?
check "a failed expectation fails the check (exit 1)" \
  $([ $st -eq 1 ] && grep -q "failing_expectations: an expectation FAILED" <<<"$out"; echo $?) "$out"
rm "$tmp/scn/failing_expectations.yaml"

# A baseline of the scenario with other bytes: compare refuses, regress says so.
cp "$tmp/base/trapped.json" "$tmp/trapped.keep"
echo "# edited" >>"$tmp/scn/trapped.yaml"
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "a scenario edited since its baseline: exit 2" \
  $([ $st -eq 2 ] && grep -q "different scenarios" <<<"$out" &&
    grep -q "trapped: ERROR: vgicsim compare exited 2" <<<"$out"; echo $?) "$out"
out=$(regress --update "$tmp/scn" "$tmp/base"); st=$?
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "--update refreshes it" $([ $st -eq 0 ]; echo $?) "$out"

out=$(regress --repeat 2 --update "$tmp/scn" "$tmp/rep") && out=$(regress --repeat 2 "$tmp/scn" "$tmp/rep"); st=$?
check "--repeat: baselines and checks over the same seeds" \
  $([ $st -eq 0 ] && grep -q '"count": 2' "$tmp/rep/lr-pressure.json"; echo $?) "$out"
out=$(regress "$tmp/scn" "$tmp/rep"); st=$?
check "... and a check with other seeds is refused" $([ $st -eq 2 ]; echo $?) "$out"

# --set: passed on to every run (the reports carry it), the same for baselines and checks.
out=$(regress --set gic.list_registers=8 --set=costs.trap=700 --update "$tmp/scn" "$tmp/set"); st=$?
check "--set KEY=VALUE (and --set=KEY=VALUE) reach vgicsim run" \
  $([ $st -eq 0 ] && grep -q '"gic.list_registers=8"' "$tmp/set/lr-pressure.json" &&
    grep -q '"costs.trap=700"' "$tmp/set/trapped.json"; echo $?) "$out $(grep -A3 '"sets"' "$tmp/set/trapped.json")"
out=$(regress --set gic.list_registers=8 --set costs.trap=700 "$tmp/scn" "$tmp/set"); st=$?
check "--set: a check with the same overrides passes" $([ $st -eq 0 ]; echo $?) "$out"
out=$(regress "$tmp/scn" "$tmp/set"); st=$?
check "--set: a check without them is another configuration (exit 2)" \
  $([ $st -eq 2 ] && grep -q "ERROR: vgicsim compare exited 2" <<<"$out"; echo $?) "$out"
out=$(regress --set gic.list_registers "$tmp/scn" "$tmp/set"); st=$?
check "--set without '=' is bad usage" \
  $([ $st -eq 2 ] && grep -q "regress: --set expects KEY=VALUE, got 'gic.list_registers'" <<<"$out"; echo $?) "$out"

touch "$tmp/base/gone.json"
out=$(regress "$tmp/scn" "$tmp/base"); st=$?
check "a baseline without its scenario is noted" \
  $([ $st -eq 0 ] && grep -q "note: $tmp/base/gone.json has no scenario" <<<"$out"; echo $?) "$out"
out=$(regress "$tmp/none" "$tmp/base"); st=$?
check "a missing folder is bad usage" $([ $st -eq 2 ] && grep -q "not a folder of scenarios" <<<"$out"; echo $?) "$out"
out=$(regress "$tmp/scn" "$tmp/nobase"); st=$?
check "missing baselines are bad usage" $([ $st -eq 2 ] && grep -q "make them with --update" <<<"$out"; echo $?) "$out"
out=$(regress --format html "$tmp/scn" "$tmp/base"); st=$?
check "unknown format" $([ $st -eq 2 ]; echo $?) "$out"
out=$(regress "$tmp/scn"); st=$?
check "one argument is bad usage" $([ $st -eq 2 ] && grep -q "^usage: tools/regress.sh" <<<"$out"; echo $?) "$out"

finish
