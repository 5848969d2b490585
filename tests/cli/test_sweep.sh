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

out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 --format csv --unit cycles 2>&1)
check "csv: header names the varied key, 15 fields per row" \
  $(head -1 <<<"$out" | grep -q "^gic.list_registers,model,delivered," &&
    awk -F, 'NF != 15 { bad = 1 } END { exit bad }' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.hw_mapped=[27,30],[] --format csv 2>&1); st=$?
check "csv quotes list values" $([ $st -eq 0 ] && grep -q '^"\[27,30\]",ref,' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary gic.list_registers=2,4 --format json 2>&1)
check "json lists the varied values and the runs with their values" \
  $(grep -q '"key": "gic.list_registers"' <<<"$out" && grep -q '"sweep_format": 2' <<<"$out" &&
    [ "$(grep -c '"gic.list_registers": "' <<<"$out")" -eq 2 ]; echo $?) "$out"
# The rows carry delivery's stages and the counters' parts: the same figures as the run
# report of that point.
"$bin" run --model ref --set gic.list_registers=4 --format json -o "$tmp/lr4.json" "$scn"
check "json rows carry the stages, causes and reasons of the run" \
  $("$py" -c "
import json,sys
t=json.load(open(sys.argv[1])); r=t['runs'][1]; m=json.load(open(sys.argv[2]))['models'][0]
assert r['values']=={'gic.list_registers':'4'}
assert list(r['metrics'])==t['columns']
st=m['latency']['stages']
for s in st:
    for k in ['count','p50','p90','p99','max']:
        assert r['metrics']['stages.%s.%s'%(s,k)]==st[s][k], (s,k)
    assert abs(r['metrics']['stages.%s.mean'%s]-st[s]['mean'])<1e-6*max(1,st[s]['mean'])
for g in ['maintenance_by_cause','exits_by_reason']:
    for p,v in m['counters'][g].items():
        assert r['metrics']['counters.%s.%s'%(g,p)]==v, (g,p)
assert r['clock_mhz']==json.load(open(sys.argv[2]))['configuration']['costs']['clock_mhz']==3000
" <(printf '%s' "$out") "$tmp/lr4.json"; echo $?) ""

# ---- --metric: any single number of the run report is a column ----
# The model's own counters (lock contention, CAS retries, line waits), trapped-access
# latency by register, a cause of maintenance interrupts: each the figure the run report
# of that point gives; a model that does not keep a counter has no value.
"$bin" sweep "$scn" --vary gic.list_registers=4 --format csv --unit cycles \
  --metric lock_contended,counters.model.cas_retries --metric line_wait_cycles \
  --metric by_register.ICC_SGI1R_EL1.p99,counters.maintenance_by_cause.eoi >"$tmp/m.csv" 2>"$tmp/err"; st=$?
"$bin" run --set gic.list_registers=4 --format json -o "$tmp/m.json" "$scn"
check "--metric adds report figures as columns, several at once" \
  $([ $st -eq 0 ] && "$py" -c "
import csv,json,sys
rows=list(csv.DictReader(open(sys.argv[1]))); rep={m['model']:m for m in json.load(open(sys.argv[2]))['models']}
assert list(rows[0])[-5:]==['counters.model.lock_contended','counters.model.cas_retries','counters.model.line_wait_cycles','by_register.ICC_SGI1R_EL1.p99','counters.maintenance_by_cause.eoi'], list(rows[0])
for r in rows:
    m=rep[r['model']]; own=m['counters']['model']
    for c in ['lock_contended','cas_retries','line_wait_cycles']:
        assert r['counters.model.'+c]==(str(own[c]) if c in own else ''), (r['model'],c)
    reg=[x for x in m['latency']['by_register'] if x['register']=='ICC_SGI1R_EL1'][0]
    assert r['by_register.ICC_SGI1R_EL1.p99']==str(reg['trapped_access']['p99'])
    assert r['counters.maintenance_by_cause.eoi']==str(m['counters']['maintenance_by_cause']['eoi'])
assert rows[0]['counters.model.lock_contended']!='' and rows[1]['counters.model.cas_retries']!=''
" "$tmp/m.csv" "$tmp/m.json"; echo $?) "$(cat "$tmp/err" "$tmp/m.csv")"
# Every family of names is the run report's path: interrupts, a distribution's statistic,
# by class, vCPU, INTID and register, counters and their parts, the model's own.
names=interrupts.coalesced,trapped_access.mean,delivery.p99.9,by_class.SGI.delivery.p99,by_vcpu.1.service.p50
names+=,by_intid.27.delivery.count,by_intid.41.injection.max,by_register.ICC_SGI1R_EL1.min,counters.entries
names+=,counters.mmio_traps,counters.exits_by_reason.wfi,counters.model.lock_acquisitions,stages.notify.mean
"$bin" sweep "$scn" --model ref --vary gic.list_registers=4 -f json --metric "$names" -o "$tmp/fam.json" 2>"$tmp/err"; st=$?
"$bin" run --model ref --set gic.list_registers=4 --format json -o "$tmp/fam-run.json" "$scn"
check "every family of report names: the value at that path of the run report" \
  $([ $st -eq 0 ] && "$py" -c "
import json,sys
r=json.load(open(sys.argv[1]))['runs'][0]['metrics']; m=json.load(open(sys.argv[2]))['models'][0]; lat=m['latency']
key=lambda a,k,v: [x for x in a if x[k]==v][0]
want={
 'interrupts.coalesced': m['interrupts']['coalesced'],
 'trapped_access.mean': lat['trapped_access']['mean'],
 'delivery.p99.9': lat['delivery']['p99.9'],
 'by_class.SGI.delivery.p99': lat['by_class']['SGI']['delivery']['p99'],
 'by_vcpu.1.service.p50': key(lat['by_vcpu'],'vcpu',1)['service']['p50'],
 'by_intid.27.delivery.count': key(lat['by_intid'],'intid',27)['delivery']['count'],
 'by_intid.41.injection.max': key(lat['by_intid'],'intid',41)['injection']['max'],
 'by_register.ICC_SGI1R_EL1.min': key(lat['by_register'],'register','ICC_SGI1R_EL1')['trapped_access']['min'],
 'counters.entries': m['counters']['entries'],
 'counters.mmio_traps': m['counters']['mmio_traps'],
 'counters.exits_by_reason.wfi': m['counters']['exits_by_reason']['wfi'],
 'counters.model.lock_acquisitions': m['counters']['model']['lock_acquisitions'],
 'stages.notify.mean': lat['stages']['notify']['mean'],
}
for k,v in want.items():
    assert abs(r[k]-v)<=1e-8*max(1,abs(v)), (k,r[k],v)
" "$tmp/fam.json" "$tmp/fam-run.json"; echo $?) "$(cat "$tmp/err")"
out=$("$bin" sweep "$scn" --vary gic.list_registers=4 --metric cas_retries 2>&1); st=$?
check "text: a --metric column under its name; '-' where the model keeps no such counter" \
  $([ $st -eq 0 ] && head -1 <<<"$out" | grep -q " counters.model.cas_retries$" &&
    awk 'NR == 2 { exit $NF != "-" } NR == 3 { exit $NF !~ /^[0-9]+$/ }' <<<"$out"; echo $?) "$out"
bad_metric() {
  local name=$1 msg=$2
  shift 2
  local o s
  o=$("$bin" sweep "$scn" --vary gic.list_registers=4 "$@" 2>&1); s=$?
  check "$name" $([ $s -eq 2 ] && grep -qF -- "$msg" <<<"$o"; echo $?) "exit $s: $o"
}
bad_metric "an ambiguous ending is refused, naming the candidates" \
  "metric 'p99' is ambiguous: delivery.p99, injection.p99" --metric p99
bad_metric "a counter no model of the sweep keeps" "no model keeps a counter 'cas_retries'" \
  --model ref --metric counters.model.cas_retries
bad_metric "an unknown statistic lists what may follow" \
  "after delivery. comes count, min, mean, p50, p90, p99, p99.9, max" --metric delivery.p42
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --metric kicks,delivery.p99.9 -f json \
  -o "$tmp/mk.json" 2>"$tmp/err"
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --metric delivery.p99.9 --shard 1/2 -o "$tmp/mk1.json" 2>>"$tmp/err"
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --metric delivery.p99.9 --shard 2/2 -o "$tmp/mk2.json" 2>>"$tmp/err"
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --shard 2/2 -o "$tmp/mk2-plain.json" 2>>"$tmp/err"
out=$("$bin" merge "$tmp/mk1.json" "$tmp/mk2.json" -f csv --metric delivery.p99.9 2>&1); st=$?
check "merge shows a --metric column the parts have" \
  $([ $st -eq 0 ] && head -1 <<<"$out" | grep -q ",delivery.p99.9,delivery.p99.9_ns$"; echo $?) "$out"
out=$("$bin" merge "$tmp/mk1.json" "$tmp/mk2.json" --metric counters.mmio_traps 2>&1); st=$?
check "merge refuses a metric the parts lack" \
  $([ $st -eq 2 ] && grep -qF "the table has no column counters.mmio_traps" <<<"$out"; echo $?) "$out"
out=$("$bin" merge "$tmp/mk1.json" "$tmp/mk2-plain.json" 2>&1); st=$?
check "merge refuses parts made with different --metric" \
  $([ $st -eq 2 ] && grep -qF "made with different --metric options" <<<"$out"; echo $?) "$out"
check "json: --metric columns after the standard ones, in the header and in every row" \
  $("$py" -c "
import json,sys
t=json.load(open(sys.argv[1]))
assert t['columns'][-1]=='delivery.p99.9' and 'counters.kicks' in t['columns'][:-1], t['columns']
assert all(list(r['metrics'])==t['columns'] for r in t['runs'])
" "$tmp/mk.json"; echo $?) "$(cat "$tmp/err")"

# ---- --repeat N: every point over N seeds, mean and 95 % interval (Student t) ----
# A point's values and intervals are those `run --repeat N` reports for it.
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --repeat 3 --seed 5 -f json -o "$tmp/rep.json" 2>"$tmp/err"; st=$?
"$bin" run --set gic.list_registers=4 --repeat 3 --seed 5 --format json -o "$tmp/rep-run.json" "$scn"
check "--repeat: each value the mean of run --repeat, with its interval" \
  $([ $st -eq 0 ] && "$py" -c "
import json,sys
t=json.load(open(sys.argv[1])); rep=json.load(open(sys.argv[2]))
assert t['repeat']==3
close=lambda a,b: abs(a-b)<=1e-8*max(1,abs(b))
for m in rep['models']:
    r=[r for r in t['runs'] if r['values']['gic.list_registers']=='4' and r['model']==m['model']][0]
    for d in ['delivery','injection','service']:
        for f in ['p50','p99','mean']:
            assert close(r['metrics'][d+'.'+f], m['latency'][d][f]), (d,f)
            lo,hi=m['latency'][d]['ci95'][f]
            assert close(r['ci95'][d+'.'+f][0],lo) and close(r['ci95'][d+'.'+f][1],hi), (d,f)
    assert close(r['metrics']['counters.exits'], m['counters']['exits'])
    lo,hi=m['counters']['ci95']['exits']
    assert close(r['ci95']['counters.exits'][0],lo) and close(r['ci95']['counters.exits'][1],hi)
    assert r['ci95']['counters.exits'][0] < r['metrics']['counters.exits'] < r['ci95']['counters.exits'][1]
" "$tmp/rep.json" "$tmp/rep-run.json"; echo $?) "$(cat "$tmp/err")"
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --seed 5 -f json -o "$tmp/rep1a.json"
"$bin" sweep "$scn" --vary gic.list_registers=2,4 --seed 5 --repeat 1 -f json -o "$tmp/rep1b.json"
check "--repeat 1 is no --repeat" $(cmp -s "$tmp/rep1a.json" "$tmp/rep1b.json"; echo $?) ""
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 --repeat 3 --seed 5 -f csv --unit cycles 2>&1)
check "csv with --repeat: each value followed by its interval's ends" \
  $(head -1 <<<"$out" | grep -q "^gic.list_registers,model,delivered,delivered_ci95_lo,delivered_ci95_hi,undelivered," &&
    awk -F, 'NR > 1 && !($4 <= $3 && $3 <= $5) { bad = 1 } NR > 1 { n++ } END { exit bad || n != 4 }' <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --vary gic.list_registers=2,4 --repeat 3 --seed 5 2>&1)
check "text with --repeat: mean±half-width" \
  $([ "$(grep -c '±' <<<"$out")" -eq 4 ] && awk 'NR == 2 { exit $4 !~ /^[0-9.]+±[0-9.]+$/ }' <<<"$out"; echo $?) "$out"
for j in 1 2; do
  "$bin" sweep "$scn" --vary gic.list_registers=1..3 --vary seed=1,2 --repeat 2 -f json --jobs $j -o "$tmp/rj$j.json"
done
for k in 1 2 3; do
  "$bin" sweep "$scn" --vary gic.list_registers=1..3 --vary seed=1,2 --repeat 2 --shard $k/3 -o "$tmp/rp$k.json"
done
"$bin" merge "$tmp/rp3.json" "$tmp/rp1.json" "$tmp/rp2.json" -f json -o "$tmp/rmerged.json"
check "--repeat: the same table whatever --jobs or sharding" \
  $(cmp -s "$tmp/rj1.json" "$tmp/rj2.json" && cmp -s "$tmp/rj1.json" "$tmp/rmerged.json"; echo $?) ""
"$bin" sweep "$scn" --vary gic.list_registers=1..3 --vary seed=1,2 --shard 3/3 -o "$tmp/rp3-once.json"
out=$("$bin" merge "$tmp/rp1.json" "$tmp/rp2.json" "$tmp/rp3-once.json" 2>&1); st=$?
check "merge refuses parts with different --repeat" \
  $([ $st -eq 2 ] && grep -qF "made with different --repeat (2 and 1)" <<<"$out"; echo $?) "$out"
for r in 0 x -1 10001; do
  bad_metric "--repeat $r is bad usage" "--repeat expects a number of seeds from 1 to 10000" --repeat "$r"
done
bad_metric "--repeat past the largest seed" "goes past the largest seed" --seed 18446744073709551615 --repeat 2

# ---- units: nanoseconds beside cycles when the clock is known; --unit cycles|ns ----
# kvm-gicv2 runs at 2400 MHz, kvm-gicv3-vhe at 3000: each point's ns from its own clock.
out=$("$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe -f csv 2>&1); st=$?
check "csv: each latency column followed by its ns from the point's clock; counts stay" \
  $([ $st -eq 0 ] && "$py" -c "
import csv,sys,io
rows=list(csv.DictReader(io.StringIO(sys.argv[1])))
clock={'kvm-gicv2':2400,'kvm-gicv3-vhe':3000}
for r in rows:
    for c in ['delivery_p50','delivery_p99','delivery_mean','injection_p50','injection_p99','service_p50']:
        assert abs(float(r[c+'_ns'])-float(r[c])*1000/clock[r['costs.preset']])<=0.05, c
assert 'exits_ns' not in rows[0] and 'delivered_ns' not in rows[0]
assert list(rows[0]).index('delivery_p50_ns')==list(rows[0]).index('delivery_p50')+1
" "$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe 2>&1)
check "text: dlv_p50_ns after dlv_p50" $(head -1 <<<"$out" | grep -q " dlv_p50 dlv_p50_ns  *dlv_p99 dlv_p99_ns "; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe -f csv --unit cycles 2>&1)
check "--unit cycles: no ns column" \
  $(head -1 <<<"$out" | grep -q "delivery_p50,delivery_p99," && ! grep -q "_ns" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe -f csv --unit ns 2>&1)
check "--unit ns: latencies in ns only" \
  $(head -1 <<<"$out" | grep -q "^costs.preset,model,delivered,undelivered,delivery_p50_ns,delivery_p99_ns,delivery_mean_ns," &&
    ! head -1 <<<"$out" | grep -q "delivery_p50,"; echo $?) "$out"
"$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe -f json -o "$tmp/u1.json"
"$bin" sweep "$scn" --model ref --vary costs.preset=kvm-gicv2,kvm-gicv3-vhe -f json --unit ns -o "$tmp/u2.json"
check "json: cycles and each row's clock_mhz, whatever --unit" \
  $(cmp -s "$tmp/u1.json" "$tmp/u2.json" && grep -q '"clock_mhz": 2400' "$tmp/u1.json" && grep -q '"clock_mhz": 3000' "$tmp/u1.json"; echo $?) ""
# A table with a point of unknown clock (a part edited as a scenario without one would
# make it): no ns for that row, and --unit ns refused.
sed '0,/"clock_mhz": 2400/s//"clock_mhz": null/' "$tmp/u1.json" >"$tmp/u-noclock.json"
out=$("$bin" merge "$tmp/u-noclock.json" -f csv 2>&1); st=$?
check "no clock: an empty ns cell" \
  $([ $st -eq 0 ] && awk -F, 'NR == 2 { exit !($6 == "") } NR == 3 { exit !($6 != "") }' <<<"$out"; echo $?) "$out"
out=$("$bin" merge "$tmp/u-noclock.json" --unit ns 2>&1); st=$?
check "--unit ns needs every point's clock" \
  $([ $st -eq 2 ] && grep -qF -- "--unit ns needs every point's clock" <<<"$out"; echo $?) "$out"
bad_metric "an unknown unit" "unknown unit 'ms' (cycles or ns)" --unit ms

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
# A bad varied value is located in its --vary argument (the K-th --vary, the column of
# its item: the value, or the range it comes from), not in the KEY=VALUE override made of it.
bad_range "range value out of range is located at its range" \
  "--vary:1:20: error: gic.list_registers: 17 is out of range (1..16)" --vary gic.list_registers=15..17

out=$("$bin" sweep "$scn" --set seed=3 --vary gic.list_registers=2,99 2>"$tmp/err"); st=$?
check "an invalid combination is located in its --vary and nothing runs" \
  $([ $st -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q "^--vary:1:22: error: gic.list_registers: 99 is out of range (1..16)" "$tmp/err"; echo $?) \
  "$out $(cat "$tmp/err")"
out=$("$bin" sweep "$scn" --vary seed=1,2 --vary 'gic.hw_mapped=[27],[27,x]' 2>"$tmp/err"); st=$?
check "a bad value inside a varied list: --vary:2 at its column" \
  $([ $st -eq 2 ] && grep -q "^--vary:2:24: error: gic.hw_mapped: expected an integer" "$tmp/err"; echo $?) \
  "$(cat "$tmp/err")"
out=$("$bin" sweep "$scn" --set gic.list_registers=0 --vary seed=1,2 2>"$tmp/err"); st=$?
check "a bad --set of a sweep stays --set:N:COLUMN" \
  $([ $st -eq 2 ] && grep -q "^--set:1:20: error: gic.list_registers: 0 is out of range" "$tmp/err"; echo $?) \
  "$(cat "$tmp/err")"

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
sed '0,/"delivery.p99": [0-9]*/s//"delivery.p99": "4"/' "$tmp/part5.json" >"$tmp/bad-row.json"
bad_merge "a row with a value that is not a number" "\"delivery.p99\" is neither a number nor null" "${p[@]}" "$tmp/bad-row.json"
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
