#!/usr/bin/env bash
# `vgicsim run --format json|csv` and `vgicsim compare`: machine-readable reports and
# the regression check between two of them.
# usage: test_compare.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml

"$bin" run --format json -o "$tmp/base.json" "$scn"; st=$?
check "json report written" $([ $st -eq 0 ] && grep -q '"report_format": 1' "$tmp/base.json"; echo $?) "exit $st"
check "json report names the model and its latencies" \
  $(grep -q '"model": "ref"' "$tmp/base.json" && grep -q '"p99.9"' "$tmp/base.json" &&
    grep -q '"underflow_maintenance"' "$tmp/base.json"; echo $?) "$(head -30 "$tmp/base.json")"
"$bin" run --format json -o "$tmp/again.json" "$scn"
check "json reports are byte-identical for the same seed" $(cmp -s "$tmp/base.json" "$tmp/again.json"; echo $?) ""

out=$("$bin" compare "$tmp/base.json" "$tmp/again.json" 2>&1); st=$?
check "identical reports: no regression" $([ $st -eq 0 ] && grep -q " 0 regressions, 0 improvements" <<<"$out"; echo $?) "$out"

# A slower wake-up from WFI makes delivery slower: a regression.
"$bin" run --format json --set costs.wfi_wake=9000 -o "$tmp/slow.json" "$scn"
out=$("$bin" compare "$tmp/base.json" "$tmp/slow.json" 2>&1); st=$?
check "slower wake-up is a regression (exit 1)" \
  $([ $st -eq 1 ] && grep -Eq "ref +delivery +all +p50 .*REGRESSION" <<<"$out"; echo $?) "$out"
# The other way round, delivery improves (service times move too, as handlers are
# preempted differently, so the exit status is not asserted here).
out=$("$bin" compare "$tmp/slow.json" "$tmp/base.json" 2>&1)
check "the reverse is an improvement" \
  $(grep -Eq "ref +delivery +all +p50 .*improved" <<<"$out"; echo $?) "$out"
# Only an improvement: exit 0. A cheaper trap on a scenario of one trapped read moves
# nothing but that read (in a full workload any cost change also reshuffles which
# handler preempts which, so some statistic may get worse).
cal=$src/tests/fixtures/calibration_trapped_read.yaml
"$bin" run --format json -o "$tmp/cal.json" "$cal"
"$bin" run --format json --set costs.trap=100 -o "$tmp/fast.json" "$cal"
out=$("$bin" compare --threshold 10 "$tmp/cal.json" "$tmp/fast.json" 2>&1); st=$?
check "a cheaper trap is no regression (exit 0)" \
  $([ $st -eq 0 ] && grep -Eq "ref +trapped_access +all +p90 .*improved" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold 1000 "$tmp/base.json" "$tmp/slow.json" 2>&1); st=$?
check "a large threshold tolerates it" $([ $st -eq 0 ]; echo $?) "$out"

printf '{\n  "a": 1,\n  "b": [1, 2,,]\n}\n' >"$tmp/broken.json"
out=$("$bin" compare "$tmp/broken.json" "$tmp/base.json" 2>&1); st=$?
check "JSON syntax error is located" \
  $([ $st -eq 2 ] && grep -q "broken.json:3:14: error: not valid JSON" <<<"$out"; echo $?) "$out"
echo '{"models": 3}' >"$tmp/other.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/other.json" 2>&1); st=$?
check "not a report" $([ $st -eq 2 ] && grep -q "other.json: error: not a vgicsim JSON report" <<<"$out"; echo $?) "$out"
out=$("$bin" compare "$tmp/base.json" "$tmp/missing.json" 2>&1); st=$?
check "missing file" $([ $st -eq 2 ] && grep -q "missing.json: error: unable to open" <<<"$out"; echo $?) "$out"
out=$("$bin" compare "$tmp/base.json" 2>&1); st=$?
check "one file is bad usage" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" compare --threshold -3 "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "negative threshold is bad usage" $([ $st -eq 2 ]; echo $?) "$out"

"$bin" run --format csv -o "$tmp/r.csv" "$scn"; st=$?
check "csv header and rows" \
  $([ $st -eq 0 ] && [ "$(head -1 "$tmp/r.csv")" = "model,metric,group,count,min,mean,p50,p90,p99,p99.9,max" ] &&
    grep -q "^ref,delivery,all,960," "$tmp/r.csv" && grep -q "^ref,counter,exits," "$tmp/r.csv"; echo $?) \
  "$(head -5 "$tmp/r.csv")"
check "every csv row has 11 fields" \
  $(awk -F, 'NF != 11 { bad = 1 } END { exit bad }' "$tmp/r.csv"; echo $?) ""

finish
