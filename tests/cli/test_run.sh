#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Command-line behaviour of `vgicsim run`: exit statuses, located expectation
# failures, output files, determinism.
# usage: test_run.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

out=$("$bin" run 2>&1); st=$?
check "run without argument runs the default scenario" \
  $([ $st -eq 0 ] && grep -q "scenario 'default-timer-virtio-ipi'" <<<"$out" && grep -q "delivery  " <<<"$out"; echo $?) "$out"

out=$("$bin" run "$fx/failing_expectations.yaml" 2>"$tmp/err"); st=$?
err=$(cat "$tmp/err")
check "failed expectations exit 1" $([ $st -eq 1 ]; echo $?) "exit $st"
check "check step failure is located" \
  $(grep -q "failing_expectations.yaml:7:5: expectation failed (ref): trace\[1\]: check at cycle 100000: INTID 40 is active false, expected true" <<<"$err"; echo $?) "$err"
check "read expect failure is located" \
  $(grep -q "failing_expectations.yaml:9:5: expectation failed (ref): trace\[2\]: read of GICD_ISENABLER1 by vCPU 1" <<<"$err"; echo $?) "$err"
check "acks failure is located" \
  $(grep -q "failing_expectations.yaml:14:7: expectation failed (ref): expect.acks\[0\]: INTID 40 was acknowledged 1 time over all vCPUs, expected 2" <<<"$err"; echo $?) "$err"
check "spurious failure is located" \
  $(grep -q "failing_expectations.yaml:15:13: expectation failed (ref): expect.spurious: 0 IAR reads returned 1023, expected 3" <<<"$err"; echo $?) "$err"
check "report says how many failed" $(grep -q "expectations (ref): 4 FAILED" <<<"$out"; echo $?) "$out"

"$bin" run -o "$tmp/report.txt" >/dev/null 2>&1; st=$?
check "-o writes the report" $([ $st -eq 0 ] && grep -q "model ref" "$tmp/report.txt" && [ -z "$(ls -A "$tmp" | grep vgicsim-)" ]; echo $?) "exit $st"
"$bin" run -o "$tmp/nodir/report.txt" >/dev/null 2>&1; st=$?
check "-o into a missing directory is an error" $([ $st -eq 2 ]; echo $?) "exit $st"

"$bin" run --seed 5 "$src/scenarios/default.yaml" >"$tmp/a.txt" 2>&1
"$bin" run --seed 5 "$src/scenarios/default.yaml" >"$tmp/b.txt" 2>&1
check "same scenario and seed give byte-identical reports" $(cmp -s "$tmp/a.txt" "$tmp/b.txt"; echo $?) "$(diff "$tmp/a.txt" "$tmp/b.txt" | head)"
"$bin" run --seed 6 "$src/scenarios/default.yaml" >"$tmp/c.txt" 2>&1
check "another seed gives another run" $(! cmp -s "$tmp/a.txt" "$tmp/c.txt"; echo $?) ""
check "--seed is reported" $(grep -q "seed 5" "$tmp/a.txt"; echo $?) "$(head -2 "$tmp/a.txt")"

out=$("$bin" run --set gic.list_registers=1 "$src/scenarios/default.yaml" 2>&1); st=$?
check "--set changes the machine" $([ $st -eq 0 ] && grep -q "1 list registers" <<<"$out"; echo $?) "$out"

out=$("$bin" run --model bogus 2>&1); st=$?
check "unknown model" $([ $st -eq 2 ] && grep -q "unknown model 'bogus'" <<<"$out"; echo $?) "$out"
out=$("$bin" run --format yaml 2>&1); st=$?
check "unknown format" $([ $st -eq 2 ] && grep -q "unknown format 'yaml'" <<<"$out"; echo $?) "$out"
out=$("$bin" run --seed -3 2>&1); st=$?
check "bad seed" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" run "$fx/three_mistakes.yaml" 2>&1); st=$?
check "invalid scenario exits 2 with located errors" \
  $([ $st -eq 2 ] && [ "$(grep -c ': error: ' <<<"$out")" -eq 3 ]; echo $?) "$out"
out=$("$bin" run a.yaml b.yaml 2>&1); st=$?
check "two scenarios is bad usage" $([ $st -eq 2 ]; echo $?) "$out"

# The 64-SPI burst on 8 vCPUs with 4 LRs: every interrupt once, in priority order (the
# scenario's own expectations), and the report shows the underflow maintenance
# interrupts that brought in the interrupts that did not fit.
out=$("$bin" run "$src/tests/conformance/hyp/burst_64_spis_8_vcpus.yaml" 2>&1); st=$?
check "burst: expectations met and underflow maintenance reported" \
  $([ $st -eq 0 ] && grep -Eq "^  raised +64 +64$" <<<"$out" && grep -Eq "^  delivered +64 +64$" <<<"$out" &&
    grep -Eq "^  maintenance_interrupts +([1-9][0-9]*) +[1-9][0-9]*$" <<<"$out" &&
    grep -Eq "^    underflow +[1-9][0-9]* +[1-9][0-9]*$" <<<"$out" &&
    ! grep -Eq "^    eoi " <<<"$out"; echo $?) "$out"

# A level line still high when the guest completes the interrupt is pending again at
# once: the recorder counts that as a new instance, so both deliveries are matched.
out=$("$bin" run "$src/tests/conformance/hyp/level_reasserted_after_eoi_while_line_high.yaml" 2>&1)
check "level re-assertion is a new instance" \
  $(grep -Eq "^  raised +2 +2$" <<<"$out" && grep -Eq "^  delivered +2 +2$" <<<"$out" &&
    ! grep -q "unmatched" <<<"$out"; echo $?) "$out"

# The calibration paths of docs/cost-model.md section 4 hold: a trapped GICD_IIDR read
# with an empty ap_list costs 300+460+135+460 = 1355 cycles on kvm-gicv3-vhe (the
# measured mmio_read_vgic is 1353) and 600+1550+270+1520 = 3940 on kvm-gicv2.
out=$("$bin" run --set costs=kvm-gicv3-vhe "$fx/calibration_trapped_read.yaml" 2>&1)
check "calibration: trapped read on kvm-gicv3-vhe" \
  $(grep -Eq "^trapped access +ref +1 +1355 " <<<"$out"; echo $?) "$out"
out=$("$bin" run --set gic.version=2 --set costs=kvm-gicv2 "$fx/calibration_trapped_read.yaml" 2>&1)
check "calibration: trapped read on kvm-gicv2" \
  $(grep -Eq "^trapped access +ref +1 +3940 " <<<"$out"; echo $?) "$out"

# The safety limit stops a machine that never goes idle, and only such a machine.
out=$("$bin" run "$fx/storm_level_line_high.yaml" 2>&1); st=$?
check "a storm stops at the safety limit" \
  $([ $st -eq 0 ] && grep -q "simulated 10000100000 cycles, [0-9]* events; safety limit reached" <<<"$out"; echo $?) "$out"
out=$("$bin" run "$fx/long_sparse_workload.yaml" 2>&1); st=$?
check "a long sparse workload runs to its end" \
  $([ $st -eq 0 ] && grep -q "events; no event left$" <<<"$out"; echo $?) "$out"

# How a run ended, and SGIs it had to drop, are in every format.
out=$("$bin" run --model ref "$fx/stalled_zero_costs.yaml" 2>&1); st=$?
check "a stalled run says why it stopped" \
  $([ $st -eq 0 ] && grep -q "^model ref: simulated 1 cycles, [0-9]* events; stopped: simulated time no longer advanced" <<<"$out" &&
    grep -q "^vgicsim run: warning: model ref: stopped: simulated time no longer advanced" <<<"$out"; echo $?) "$out"
"$bin" run --model ref --format json -o "$tmp/stalled.json" "$fx/stalled_zero_costs.yaml" 2>/dev/null
check "... and its JSON names the stop" $(grep -q '"stop": "stalled"' "$tmp/stalled.json"; echo $?) ""
out=$("$bin" run "$fx/dropped_sgis.yaml" 2>&1); st=$?
check "dropped SGIs are a warning in the text report and on standard error" \
  $([ $st -eq 0 ] && [ "$(grep -c "^  warning: 1904 generated SGIs dropped (a sender had 4096 actions queued)$" <<<"$out")" -eq 2 ] &&
    grep -q "^vgicsim run: warning: model perf: 1904 generated SGIs dropped" <<<"$out"; echo $?) "$out"
"$bin" run --format json -o "$tmp/dropped.json" "$fx/dropped_sgis.yaml" 2>/dev/null
check "... and counted per run in JSON and CSV" \
  $([ "$(grep -c '"dropped_sgis": 1904,' "$tmp/dropped.json")" -eq 2 ] &&
    "$bin" run --format csv "$fx/dropped_sgis.yaml" 2>/dev/null | grep -q "^ref,run,all,dropped_sgis,1904,"; echo $?) ""

# ---- what a report says about itself ----
out=$("$bin" run --set gic.list_registers=2 --set costs.exit=500 "$src/scenarios/default.yaml" 2>&1); st=$?
sum=$(sha256sum "$src/scenarios/default.yaml" | cut -d' ' -f1)
check "text report: SHA-256, overrides, clock" \
  $([ $st -eq 0 ] && grep -q "^  sha256 $sum$" <<<"$out" &&
    grep -q "^overrides: gic.list_registers=2 costs.exit=500$" <<<"$out" &&
    grep -q "^costs: kvm-gicv3-vhe at 3000 MHz (1000 cycles = 333.3 ns)$" <<<"$out"; echo $?) "$(head -9 <<<"$out")"
check "text report: ns next to cycles, busiest INTIDs, registers" \
  $(grep -Eq "^  in ns +ref +[0-9]" <<<"$out" && grep -q "^delivery of the busiest INTIDs$" <<<"$out" &&
    grep -Eq "^  INTID 41 +ref +" <<<"$out" && grep -Eq "^  ICC_SGI1R_EL1 +ref +200 " <<<"$out"; echo $?) "$out"
check "text report fits 80 columns" \
  $(awk 'length($0) > 80 && !/^(scenario|  sha256)/ { bad = 1 } END { exit bad }' <<<"$out"; echo $?) "$out"
out=$("$bin" run --set costs.clock_mhz=1000 "$fx/calibration_trapped_read.yaml" 2>&1)
check "costs.clock_mhz sets the ns figures" \
  $(grep -q "at 1000 MHz (1000 cycles = 1000.0 ns)" <<<"$out" &&
    grep -Eq "^  in ns +ref +1355.0 +1355.0 " <<<"$out"; echo $?) "$out"
out=$("$bin" run "$fx/unmatched_completion.yaml" 2>&1); st=$?
check "unmatched completions are counted and explained" \
  $([ $st -eq 0 ] && grep -Eq "^  unmatched completions +1 +1$" <<<"$out" &&
    grep -q "^    unmatched completions: EOIR (or DIR in EOImode 1) of an INTID with no$" <<<"$out" &&
    grep -q "no service sample.$" <<<"$out"; echo $?) "$out"

out=$("$bin" run "$fx/untracked_storm.yaml" 2>&1); st=$?
check "untracked raises of a storm are counted and explained" \
  $([ $st -eq 0 ] && grep -Eq "^  raised +1048676 +1048676$" <<<"$out" &&
    grep -Eq "^  untracked raises +100 +100$" <<<"$out" &&
    grep -q "^    untracked raises: raised while 2^20 (1,048,576) instances were open" <<<"$out"; echo $?) "$out"
"$bin" run --format json -o "$tmp/storm.json" "$fx/untracked_storm.yaml"
"$bin" run --format csv -o "$tmp/storm.csv" "$fx/untracked_storm.yaml"
check "... and in JSON and CSV" \
  $(/usr/bin/python3 -c "
import json,sys
r=json.load(open(sys.argv[1]))
assert [m['interrupts']['untracked_raises'] for m in r['models']]==[100,100]
" "$tmp/storm.json" && [ "$(grep -c '^[a-z]*,interrupts,all,untracked_raises,100,' "$tmp/storm.csv")" = 2 ]; echo $?) \
  "$(grep untracked "$tmp/storm.csv")"
out=$("$bin" run "$src/scenarios/default.yaml" 2>&1)
check "no untracked raises: no row" $(! grep -q "untracked" <<<"$out"; echo $?) "$out"

# ---- --repeat ----
out=$("$bin" run --repeat 4 --seed 3 "$src/scenarios/default.yaml" 2>&1); st=$?
check "--repeat: seeds, means and ±95% rows" \
  $([ $st -eq 0 ] && grep -q "seeds 3..6 (4 runs of each model)" <<<"$out" &&
    grep -Eq "^model ref: 4 runs, simulated [0-9.]+ ±[0-9.]+ cycles" <<<"$out" &&
    grep -Eq "^ +±95% +[0-9]" <<<"$out" && grep -Eq "^  exits +[0-9.]+ ±[0-9.]+ +[0-9.]+ ±[0-9.]+$" <<<"$out"; echo $?) "$out"
check "--repeat text fits 80 columns" \
  $(awk 'length($0) > 80 && !/^(scenario|  sha256)/ { bad = 1 } END { exit bad }' <<<"$out"; echo $?) "$out"
"$bin" run --repeat 3 --seed 3 --format json -o "$tmp/r3.json" "$src/scenarios/default.yaml"
for s in 3 4 5; do "$bin" run --seed $s --format json -o "$tmp/s$s.json" "$src/scenarios/default.yaml"; done
check "--repeat N is the mean of the N single runs, for every model" \
  $(/usr/bin/python3 -c "
import json,sys
rep=json.load(open(sys.argv[1]))['models']
singles=[json.load(open(p))['models'] for p in sys.argv[2:]]
assert len(rep)>=1 and all(len(s)==len(rep) for s in singles)
for i,r in enumerate(rep):
    one=[s[i] for s in singles]
    assert all(m['model']==r['model'] for m in one)
    for k in ['p50','p99','mean']:
        v=[m['latency']['delivery'][k] for m in one]
        assert abs(r['latency']['delivery'][k]-sum(v)/3)<1e-6*max(v), (r['model'],k)
    assert abs(r['counters']['exits']-sum(m['counters']['exits'] for m in one)/3)<1e-6
    assert [x['seed'] for x in r['runs']]==[3,4,5]
    assert r['distributions']['delivery']['count']==sum(m['latency']['delivery']['count'] for m in one)
print(len(rep))
" "$tmp/r3.json" "$tmp/s3.json" "$tmp/s4.json" "$tmp/s5.json" >"$tmp/nmodels"; echo $?) ""
check "the default runs both models" $([ "$(cat "$tmp/nmodels")" = 2 ]; echo $?) "$(cat "$tmp/nmodels")"
out=$("$bin" run --repeat 0 2>&1); st=$?
check "--repeat 0 is bad usage" $([ $st -eq 2 ] && grep -q "repeat expects a number of runs from 1 to 100000, got '0'" <<<"$out"; echo $?) "$out"
out=$("$bin" run --repeat 100001 2>&1); st=$?
check "--repeat above the bound is bad usage" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" run --repeat x 2>&1); st=$?
check "--repeat x is bad usage" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" run --repeat 2 --seed 18446744073709551615 2>&1); st=$?
check "--repeat past the largest seed is refused" \
  $([ $st -eq 2 ] && grep -q "goes past the largest seed" <<<"$out"; echo $?) "$out"
out=$("$bin" run --repeat 2 "$fx/failing_expectations.yaml" 2>&1); st=$?
check "--repeat: failures name their seed" \
  $([ $st -eq 1 ] && grep -q "expectation failed (ref, seed 2): " <<<"$out" &&
    grep -q "expectations (ref): 8 FAILED in 2 of 2 runs" <<<"$out"; echo $?) "$out"

# ---- --jobs: simulations at once; nothing the user sees depends on it ----
# Failing expectations on every run (ref and perf, 5 seeds: 10 simulations, messages
# on standard error for each), the report in every format, and the exit status.
for f in text json csv; do
  for j in 1 2 3 7; do
    "$bin" run --repeat 5 -j $j --format $f "$fx/failing_expectations.yaml" \
      >"$tmp/jobs$j.$f" 2>"$tmp/jobs$j.$f.err"; echo $? >"$tmp/jobs$j.$f.st"
  done
  for j in 2 3 7; do
    check "$f: --jobs $j gives the report, messages and status of --jobs 1" \
      $(cmp -s "$tmp/jobs1.$f" "$tmp/jobs$j.$f" && cmp -s "$tmp/jobs1.$f.err" "$tmp/jobs$j.$f.err" &&
        cmp -s "$tmp/jobs1.$f.st" "$tmp/jobs$j.$f.st"; echo $?) \
      "$(diff "$tmp/jobs1.$f" "$tmp/jobs$j.$f" | head -5; diff "$tmp/jobs1.$f.err" "$tmp/jobs$j.$f.err" | head -5)"
  done
done
check "--jobs: the messages come in run order (seed, then model)" \
  $([ "$(cat "$tmp/jobs1.text.st")" = 1 ] &&
    grep -o "expectation failed ([a-z]*, seed [0-9]*)" "$tmp/jobs2.text.err" | uniq |
    tr '\n' ' ' | grep -qx "$(for s in 1 2 3 4 5; do for m in ref perf; do
      printf 'expectation failed (%s, seed %s) ' $m $s; done; done)"; echo $?) \
  "$(grep -o "expectation failed ([a-z]*, seed [0-9]*)" "$tmp/jobs2.text.err" | uniq)"
for bad in 0 1025 x -2 ""; do
  out=$("$bin" run --jobs "$bad" 2>&1); st=$?
  check "run --jobs '$bad' is bad usage" \
    $([ $st -eq 2 ] && grep -q "jobs expects a number of simulations from 1 to 1024, got '$bad'" <<<"$out"; echo $?) "$out"
done

# `check --jobs`: scenarios checked at once, reported in command-line order: an invalid
# one, one whose expectations fail and valid ones give the same output and status.
ck=("$src"/scenarios/*.yaml "$fx/syntax_error.yaml" "$fx/failing_expectations.yaml"
    "$src"/tests/conformance/cpuif/*.yaml)
for j in 1 2 5; do
  "$bin" check -j $j "${ck[@]}" >"$tmp/ck$j.out" 2>"$tmp/ck$j.err"; echo $? >"$tmp/ck$j.st"
done
for j in 2 5; do
  check "check --jobs $j: the output and status of --jobs 1" \
    $(cmp -s "$tmp/ck1.out" "$tmp/ck$j.out" && cmp -s "$tmp/ck1.err" "$tmp/ck$j.err" &&
      cmp -s "$tmp/ck1.st" "$tmp/ck$j.st"; echo $?) \
    "$(diff "$tmp/ck1.out" "$tmp/ck$j.out" | head -5; diff "$tmp/ck1.err" "$tmp/ck$j.err" | head -5)"
done
check "check --jobs: one line per valid scenario, in command-line order; invalid ones exit 2" \
  $([ "$(cat "$tmp/ck2.st")" = 2 ] &&
    [ "$(sed 's/: ref and perf alike.*//' "$tmp/ck2.out")" = "$(printf '%s\n' "${ck[@]}" |
      grep -v -e syntax_error -e failing_expectations)" ] &&
    grep -q "syntax_error.yaml:3:6: error:" "$tmp/ck2.err" &&
    grep -q "failing_expectations.yaml:7:5: trace\[1\]" "$tmp/ck2.err"; echo $?) \
  "$(cat "$tmp/ck2.out" "$tmp/ck2.err")"
out=$("$bin" check --jobs 0 "$src/scenarios/default.yaml" 2>&1); st=$?
check "check --jobs 0 is bad usage" \
  $([ $st -eq 2 ] && grep -q "jobs expects a number of scenarios from 1 to 1024, got '0'" <<<"$out"; echo $?) "$out"

# check --set and --seed: test_check.sh.

finish
