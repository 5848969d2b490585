#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `vgicsim run --format json|csv` and `vgicsim compare`: machine-readable reports (every
# JSON report validated against docs/report.schema.json) and the regression check
# between two of them: verdicts, limits, intervals, formats and every refusal.
# usage: test_compare.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
# Debian's python3 is the one tools/install-deps.sh gives python3-jsonschema to.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
validate() { "$py" "$src/tests/cli/validate_report.py" "$src/docs/report.schema.json" "$@" 2>&1; }
# edit FILE PYTHON: rewrites a JSON report through a Python expression on `r`.
edit() { "$py" -c "import json,sys; r=json.load(open(sys.argv[1])); $2; json.dump(r, open(sys.argv[2], 'w'), indent=1)" "$1" "$3"; }

# ---- reports ----
"$bin" run --format json -o "$tmp/base.json" "$scn"; st=$?
check "json report written" $([ $st -eq 0 ] && grep -q '"report_format": 2' "$tmp/base.json"; echo $?) "exit $st"
out=$(validate "$tmp/base.json"); st=$?
check "json report validates against the schema" $([ $st -eq 0 ]; echo $?) "$out"
"$bin" run --format json -o "$tmp/again.json" "$scn"
check "json reports are byte-identical for the same seed" $(cmp -s "$tmp/base.json" "$tmp/again.json"; echo $?) ""
sum=$(sha256sum "$scn" | cut -d' ' -f1)
check "json report carries the scenario's SHA-256" \
  $(grep -q "\"sha256\": \"$sum\"" "$tmp/base.json"; echo $?) "$sum"
check "json report has the CDF buckets of each distribution" \
  $("$py" -c "
import json,sys
m=json.load(open(sys.argv[1]))['models'][0]
d=m['distributions']['delivery']
assert d['count']==m['latency']['delivery']['count']==sum(b[2] for b in d['buckets'])
assert all(b[0]<=b[1] for b in d['buckets']) and all(a[1]<b[0] for a,b in zip(d['buckets'],d['buckets'][1:]))
assert abs(m['latency']['delivery']['ns']['p50']-m['latency']['delivery']['p50']*1000/3000)<1e-3
" "$tmp/base.json"; echo $?) ""

check "json report has every stage of delivery; their means sum to delivery's" \
  $("$py" -c "
import json,sys
for m in json.load(open(sys.argv[1]))['models']:
    l=m['latency']; st=l['stages']
    assert list(st)==['injector_wait','host_work','contention','notify','exit','lr_wait','flush_entry','guest'], list(st)
    assert all(s['count']==l['delivery']['count'] for s in st.values())
    assert abs(sum(s['mean'] for s in st.values())-l['delivery']['mean'])<1e-6*max(1,l['delivery']['mean'])
    assert sorted(m['counters']['maintenance_by_cause'])==sorted(['eoi','underflow','no_pending','lr_entry_no_pending','group'])
    assert list(m['counters']['exits_by_reason'])==['irq','mmio','sysreg','wfi','other']
" "$tmp/base.json"; echo $?) ""

# The schema check can fail: an undocumented member and a wrong type are caught.
edit "$tmp/base.json" "r['models'][0]['latency']['delivery']['p42']=1" "$tmp/extra.json"
edit "$tmp/base.json" "r['seeds']['count']='one'" "$tmp/badtype.json"
out=$(validate "$tmp/extra.json" "$tmp/badtype.json"); st=$?
check "the schema rejects unknown members and wrong types" \
  $([ $st -eq 1 ] && grep -q "extra.json: /models/0/latency/delivery: Additional properties" <<<"$out" &&
    grep -q "badtype.json: /seeds/count:" <<<"$out"; echo $?) "$out"
# ... in the stages and the counters' parts too; a report of an older vgicsim, without
# them, still validates.
edit "$tmp/base.json" "r['models'][0]['latency']['stages']['queue']=r['models'][0]['latency']['stages']['guest']" "$tmp/stage42.json"
edit "$tmp/base.json" "del r['models'][0]['counters']['exits_by_reason']['wfi']" "$tmp/nowfi.json"
edit "$tmp/base.json" "r['models'][0]['counters']['maintenance_by_cause']['eoi']=-1" "$tmp/negcause.json"
out=$(validate "$tmp/stage42.json" "$tmp/nowfi.json" "$tmp/negcause.json"); st=$?
check "the schema knows every stage, cause and reason" \
  $([ $st -eq 1 ] && grep -q "stage42.json: /models/0/latency/stages: Additional properties" <<<"$out" &&
    grep -q "nowfi.json: /models/0/counters/exits_by_reason: 'wfi' is a required property" <<<"$out" &&
    grep -q "negcause.json: /models/0/counters/maintenance_by_cause/eoi:" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "[(m['latency'].pop('stages'), m['counters'].pop('maintenance_by_cause'), m['counters'].pop('exits_by_reason')) for m in r['models']]" "$tmp/older.json"
out=$(validate "$tmp/older.json"); st=$?
check "a report without stages and parts (an older vgicsim) validates" $([ $st -eq 0 ]; echo $?) "$out"

"$bin" run --format json --repeat 3 --set gic.list_registers=2 -o "$tmp/rep.json" "$scn"; st=$?
out=$(validate "$tmp/rep.json"); vst=$?
check "a --repeat report with overrides validates" $([ $st -eq 0 ] && [ $vst -eq 0 ]; echo $?) "$out"
check "--repeat report: seeds, overrides, intervals" \
  $("$py" -c "
import json,sys
r=json.load(open(sys.argv[1]))
assert r['seeds']=={'first':1,'count':3}
assert r['configuration']['overrides']==['gic.list_registers=2'] and r['configuration']['gic']['list_registers']==2
m=r['models'][0]
assert [x['seed'] for x in m['runs']]==[1,2,3]
d=m['latency']['delivery']; lo,hi=d['ci95']['p99']
assert d['runs']==3 and lo<=d['p99']<=hi
assert 'ci95' in m['counters'] and 'ci95' in m['interrupts']
" "$tmp/rep.json"; echo $?) ""
"$bin" run --format json --model ref -o "$tmp/v2.json" "$src/scenarios/gicv2-ipi-storm.yaml"
"$bin" run --format json -o "$tmp/manual.json" "$src/scenarios/manual-boot.yaml"
out=$(validate "$tmp/v2.json" "$tmp/manual.json"); st=$?
check "reports of other scenarios validate" $([ $st -eq 0 ]; echo $?) "$out"

# ---- verdicts ----
out=$("$bin" compare "$tmp/base.json" "$tmp/again.json" 2>&1); st=$?
check "a report compared with itself: no regression" \
  $([ $st -eq 0 ] && grep -q " 0 regressions, 0 improvements" <<<"$out"; echo $?) "$out"

# A dearer cost model. On the calibration scenario (one trapped GICD_IIDR read, nothing
# else) the figures follow from the costs alone: exit + trap + emulate_reg + entry =
# 460 + 300 + 135 + 460 = 1355 cycles on ref, 1815 with the exit doubled (+33.95 %);
# perf adds 20 cycles of its own (1375 -> 1835, +33.45 %). Each model is compared with
# itself.
cal=$src/tests/fixtures/calibration_trapped_read.yaml
"$bin" run --format json -o "$tmp/cal.json" "$cal"
"$bin" run --format json --set costs.exit=920 -o "$tmp/dear.json" "$cal"
out=$("$bin" compare "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "another --set is another configuration: exit 2" \
  $([ $st -eq 2 ] && grep -q "different configurations" <<<"$out" &&
    grep -q 'configuration.overrides: \[\] (base), \["costs.exit=920"\] (new)' <<<"$out" &&
    grep -q -- "--allow-different" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --allow-different "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "a dearer cost model is a regression, named (exit 1)" \
  $([ $st -eq 1 ] && grep -Eq "^  ref +trapped_access.mean +1355 +1815 +\+33.95% +REGRESSION$" <<<"$out" &&
    grep -Eq "^  ref +trapped_access.GICD_IIDR.p99 +1355 +1815 +\+33.95% +REGRESSION$" <<<"$out" &&
    grep -Eq "^  perf +trapped_access.mean +1375 +1835 +\+33.45% +REGRESSION$" <<<"$out" &&
    grep -q "of 2 models compared: 20 regressions, 0 improvements" <<<"$out" &&
    grep -q "note: costs.cycles.exit: 460 (base), 920 (new)" <<<"$out"; echo $?) "$out"
# The same costs spelt out: nothing changes.
"$bin" run --format json --set costs.exit=460 -o "$tmp/same_cost.json" "$scn"
out=$("$bin" compare --allow-different "$tmp/base.json" "$tmp/same_cost.json" 2>&1); st=$?
check "an unchanged cost model passes (exit 0)" \
  $([ $st -eq 0 ] && grep -q " 0 regressions, 0 improvements" <<<"$out"; echo $?) "$out"
"$bin" run --format json --set costs.exit=460 -o "$tmp/same_cost2.json" "$scn"
out=$("$bin" compare "$tmp/same_cost.json" "$tmp/same_cost2.json" 2>&1); st=$?
check "same overrides on both sides need no --allow-different" $([ $st -eq 0 ]; echo $?) "$out"

# Only an improvement: exit 0. A cheaper trap on the calibration scenario moves nothing
# but that read (in a full workload any cost change also reshuffles which handler
# preempts which, so some statistic may get worse).
"$bin" run --format json --set costs.trap=100 -o "$tmp/fast.json" "$cal"
out=$("$bin" compare --allow-different --threshold 10 "$tmp/cal.json" "$tmp/fast.json" 2>&1); st=$?
check "a cheaper trap is no regression (exit 0)" \
  $([ $st -eq 0 ] && grep -Eq "ref +trapped_access.p90 +1355 +1155 +-14.76% +improved" <<<"$out" &&
    grep -Eq "perf +trapped_access.p90 +1375 +1175 +-14.55% +improved" <<<"$out" &&
    grep -q " 0 regressions, 20 improvements" <<<"$out"; echo $?) "$out"

# ---- limits ----
out=$("$bin" compare --allow-different --threshold 34 "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "a global threshold above the change tolerates it" $([ $st -eq 0 ]; echo $?) "$out"
out=$("$bin" compare --allow-different --threshold 33.9% "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "... and one below it does not" $([ $st -eq 1 ]; echo $?) "$out"
out=$("$bin" compare --allow-different --threshold 1000 --threshold trapped_access.mean=1% \
      "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "a per-statistic threshold judges that statistic only" \
  $([ $st -eq 1 ] && grep -q " 2 regressions, 0 improvements" <<<"$out" &&
    [ "$(grep REGRESSION <<<"$out" | awk '{ print $1, $2 }' | tr '\n' ' ')" = "ref trapped_access.mean perf trapped_access.mean " ]; echo $?) "$out"
out=$("$bin" compare --allow-different --threshold 'trapped_access.*=1000' --threshold '*.p50=10%' \
      --threshold '*GICD_IIDR*=1000' "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "globs: the last matching threshold wins" \
  $([ $st -eq 1 ] && [ "$(grep REGRESSION <<<"$out" | awk '{ print $1, $2 }' | tr '\n' ' ')" = "ref trapped_access.p50 perf trapped_access.p50 " ]; echo $?) "$out"
out=$("$bin" compare --allow-different --min-delta 460 "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "--min-delta: changes of at most N cycles are not flagged" \
  $([ $st -eq 0 ] && grep -q " 0 regressions" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --allow-different --min-delta 459 "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "--min-delta: ... and larger ones are" $([ $st -eq 1 ]; echo $?) "$out"
out=$("$bin" compare --allow-different --min-delta 1000 --min-delta 'trapped_access.p99=100' \
      "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "--min-delta KEY=N" \
  $([ $st -eq 1 ] && [ "$(grep REGRESSION <<<"$out" | awk '{ print $1, $2 }' | tr '\n' ' ')" = "ref trapped_access.p99 perf trapped_access.p99 " ]; echo $?) "$out"
out=$("$bin" compare --allow-different --min-samples 2 "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "--min-samples: a distribution of 1 sample is not judged" \
  $([ $st -eq 0 ] && grep -Eq " 0 regressions, 0 improvements, 0 within the noise, [1-9][0-9]* with too few samples" <<<"$out"; echo $?) "$out"
# Counters: more exits and more lock waiting in the new report.
edit "$tmp/base.json" "c=r['models'][0]['counters']; c['exits']=int(c['exits']*1.1); c['model']['lock_wait_cycles']*=5" "$tmp/busier.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/busier.json" 2>&1); st=$?
check "counters are compared too" \
  $([ $st -eq 1 ] && grep -Eq "^  ref +counters.exits .* REGRESSION$" <<<"$out" &&
    grep -Eq "^  ref +counters.model.lock_wait_cycles .* REGRESSION$" <<<"$out" &&
    grep -q " 2 regressions, 0 improvements" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold 'counters.*=1000' "$tmp/base.json" "$tmp/busier.json" 2>&1); st=$?
check "... with their own threshold" $([ $st -eq 0 ]; echo $?) "$out"
# The stages like delivery, the causes and reasons like the other counters.
edit "$tmp/base.json" "m=r['models'][0]; s=m['latency']['stages']['notify']; s['p99']=s['p99']*2+100; m['counters']['exits_by_reason']['wfi']+=50" "$tmp/slower_notify.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/slower_notify.json" 2>&1); st=$?
check "stages and exit reasons are compared, named as --threshold names them" \
  $([ $st -eq 1 ] && grep -Eq "^  ref +stages.notify.p99 .* REGRESSION$" <<<"$out" &&
    grep -Eq "^  ref +counters.exits_by_reason.wfi .* REGRESSION$" <<<"$out" &&
    grep -q " 2 regressions, 0 improvements" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold 'stages.*=1000' --threshold 'counters.exits_by_reason.*=1000' \
      --min-delta 'counters.exits_by_reason.wfi=50' "$tmp/base.json" "$tmp/slower_notify.json" 2>&1); st=$?
check "... with limits of their own" $([ $st -eq 0 ] && grep -q " 0 regressions" <<<"$out"; echo $?) "$out"
# A baseline of an older vgicsim (no stages, causes or reasons): what it lacks is only in
# the new report, nothing regresses; the other way round, only in the base.
out=$("$bin" compare "$tmp/older.json" "$tmp/base.json" 2>&1); st=$?
check "an older baseline: the new figures are only in new (exit 0)" \
  $([ $st -eq 0 ] && grep -Eq "^  ref +stages.contention.p99 +- +[0-9.]+ +- +only in new$" <<<"$out" &&
    grep -Eq "^  perf +counters.maintenance_by_cause.eoi +- +[0-9.]+ +- +only in new$" <<<"$out" &&
    grep -q " 0 regressions, 0 improvements" <<<"$out"; echo $?) "$out"
"$bin" compare --format json -o "$tmp/older_cmp.json" "$tmp/base.json" "$tmp/older.json"; st=$?
check "... and a newer baseline against an older report: only in base" \
  $([ $st -eq 0 ] && "$py" -c "
import json,sys
c=json.load(open(sys.argv[1]))
v={(s['model'],s['statistic']):s['verdict'] for s in c['statistics']}
assert v[('ref','stages.guest.mean')]=='only_base' and v[('perf','counters.exits_by_reason.irq')]=='only_base'
assert sum(1 for x in v.values() if x=='only_base')==2*(8*5+10)
assert c['summary']['regression']==0 and c['exit_status']==0
" "$tmp/older_cmp.json"; echo $?) "$(head -c 300 "$tmp/older_cmp.json")"

# ---- confidence intervals ----
# Seeds 1..10 against seeds 11..20 of the same configuration: the seed-to-seed spread
# moves statistics beyond 5 %, inside the intervals: noise, not a regression. Single
# seeds, without intervals, are flagged. (Service percentiles are nearly constant — the
# handler's length — so one of them can have a zero-width interval in one set of seeds
# and differ significantly from the other by a few %: they get a 10 % threshold here, so
# that the check is about the noise rule, not about a discrete percentile.)
"$bin" run --format json --repeat 10 -o "$tmp/r1.json" "$scn"
"$bin" run --format json --repeat 10 --seed 11 -o "$tmp/r11.json" "$scn"
out=$("$bin" compare --allow-different --threshold 'service.*=10' "$tmp/r1.json" "$tmp/r11.json" 2>&1); st=$?
check "changes inside the 95% intervals are noise (exit 0)" \
  $([ $st -eq 0 ] && grep -q "within the 95% intervals" <<<"$out" && grep -q " 0 regressions" <<<"$out"; echo $?) "$out"
"$bin" run --format json --seed 11 -o "$tmp/s11.json" "$scn"
out=$("$bin" compare --allow-different "$tmp/base.json" "$tmp/s11.json" 2>&1); st=$?
check "the same seeds without intervals are flagged" $([ $st -eq 1 ]; echo $?) "$out"
out=$("$bin" compare "$tmp/r1.json" "$tmp/r11.json" 2>&1); st=$?
check "other seeds are another configuration" \
  $([ $st -eq 2 ] && grep -q "seeds.first: 1 (base), 11 (new)" <<<"$out"; echo $?) "$out"

# ---- formats ----
out=$("$bin" compare --allow-different --format markdown "$tmp/cal.json" "$tmp/dear.json" 2>&1); st=$?
check "markdown: a heading and a table" \
  $([ $st -eq 1 ] && grep -q "^### vgicsim compare: 20 regressions" <<<"$out" &&
    grep -q "^| model | statistic | base | new | change | verdict |" <<<"$out" &&
    grep -q "^| ref | trapped_access.mean | 1355 | 1815 | +33.95% | \*\*regression\*\* |" <<<"$out"; echo $?) "$out"
"$bin" compare --allow-different --format json -o "$tmp/cmp.json" "$tmp/cal.json" "$tmp/dear.json"; st=$?
check "json: every statistic with its verdict" \
  $([ $st -eq 1 ] && "$py" -c "
import json,sys
c=json.load(open(sys.argv[1]))
rows={(s['model'],s['statistic']):s for s in c['statistics']}
t=rows[('ref','trapped_access.mean')]
assert t['verdict']=='regression' and abs(t['change_pct']-33.948)<0.01
assert t['base']['value']==1355 and t['new']['value']==1815
assert rows[('ref','delivery.mean')]['verdict']=='few_samples'
assert rows[('ref','counters.exits')]['verdict']=='unchanged'
p=rows[('perf','trapped_access.mean')]
assert p['verdict']=='regression' and p['base']['value']==1375 and p['new']['value']==1835
assert c['summary']['regression']==20 and c['summary']['models']==2 and c['exit_status']==1
assert len(c['statistics'])==c['summary']['unchanged']+20+c['summary']['few_samples']
" "$tmp/cmp.json"; echo $?) "$(head -c 600 "$tmp/cmp.json")"
out=$("$bin" compare --format yaml "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "unknown format" $([ $st -eq 2 ] && grep -q "unknown format 'yaml'" <<<"$out"; echo $?) "$out"
out=$("$bin" compare -o /dev/full "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "compare -o /dev/full: exit 2 with a message" \
  $([ $st -eq 2 ] && grep -q "cannot write /dev/full: No space left on device" <<<"$out"; echo $?) "$out"

# ---- refusals: exit 2 with a clear message ----
"$bin" run --format json -o "$tmp/other.json" "$src/scenarios/lr-pressure.yaml"
out=$("$bin" compare "$tmp/base.json" "$tmp/other.json" 2>&1); st=$?
check "reports of different scenarios: exit 2" \
  $([ $st -eq 2 ] && grep -q "different scenarios" <<<"$out" && grep -q "scenario sha256: " <<<"$out"; echo $?) "$out"
cp "$scn" "$tmp/default.yaml" && echo "# edited" >>"$tmp/default.yaml"
"$bin" run --format json -o "$tmp/edited.json" "$tmp/default.yaml"
out=$("$bin" compare "$tmp/base.json" "$tmp/edited.json" 2>&1); st=$?
check "same name, other bytes: different scenarios" \
  $([ $st -eq 2 ] && grep -q "scenario sha256: $sum (base)" <<<"$out" &&
    ! grep -q "scenario name" <<<"$out"; echo $?) "$out"

printf '{\n  "a": 1,\n  "b": [1, 2,,]\n}\n' >"$tmp/broken.json"
out=$("$bin" compare "$tmp/broken.json" "$tmp/base.json" 2>&1); st=$?
check "JSON syntax error is located" \
  $([ $st -eq 2 ] && grep -q "broken.json:3:14: error: not valid JSON" <<<"$out"; echo $?) "$out"
echo '{"models": 3}' >"$tmp/notreport.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/notreport.json" 2>&1); st=$?
check "not a report" \
  $([ $st -eq 2 ] && grep -q "notreport.json: error: /: missing member 'report_format'" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "r['report_format']=1" "$tmp/format1.json"
out=$("$bin" compare "$tmp/format1.json" "$tmp/base.json" 2>&1); st=$?
check "a report of another format version" \
  $([ $st -eq 2 ] && grep -q "format1.json: error: report format 1 is not supported: this vgicsim reads format 2" <<<"$out"; echo $?) "$out"
echo '{"report_format": 2}' >"$tmp/bare.json"
out=$("$bin" compare "$tmp/bare.json" "$tmp/base.json" 2>&1); st=$?
check "the right version with the wrong content is refused, not compared as 'no change'" \
  $([ $st -eq 2 ] && grep -q "bare.json: error: /: missing member 'vgicsim'" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "r['models'][0]['latency']['delivery']['p99']='fast'" "$tmp/wrongtype.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/wrongtype.json" 2>&1); st=$?
check "a field of the wrong type is named by its JSON pointer" \
  $([ $st -eq 2 ] && grep -q "wrongtype.json: error: /models/0/latency/delivery: 'p99' is a string, expected a number" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "r['models'][0]['latency']['stages']['guest']['p99']='fast'" "$tmp/stagetype.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/stagetype.json" 2>&1); st=$?
check "a stage of the wrong shape is named by its JSON pointer" \
  $([ $st -eq 2 ] && grep -q "stagetype.json: error: /models/0/latency/stages/guest: 'p99' is a string, expected a number" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "r['models'][1]['counters']['exits_by_reason']=[1,2]" "$tmp/reasontype.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/reasontype.json" 2>&1); st=$?
check "... and the parts of a counter" \
  $([ $st -eq 2 ] && grep -q "reasontype.json: error: /models/1/counters: 'exits_by_reason' is an array, expected an object" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "del r['models'][0]['counters']['model']" "$tmp/nomodel.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/nomodel.json" 2>&1); st=$?
check "a missing member is named" \
  $([ $st -eq 2 ] && grep -q "nomodel.json: error: /models/0/counters: missing member 'model'" <<<"$out"; echo $?) "$out"
edit "$tmp/base.json" "r['models'].append(r['models'][0])" "$tmp/twice.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/twice.json" 2>&1); st=$?
check "duplicate models in one report" \
  $([ $st -eq 2 ] && grep -q "twice.json: error: /models/$(grep -c '"model": "' "$tmp/base.json"): model 'ref' appears twice" <<<"$out"; echo $?) "$out"
sed '0,/"report_format": 2,/s//"report_format": 2,\n  "report_format": 2,/' "$tmp/base.json" >"$tmp/dupkey.json"
out=$("$bin" compare "$tmp/dupkey.json" "$tmp/base.json" 2>&1); st=$?
check "duplicate keys" \
  $([ $st -eq 2 ] && grep -q "dupkey.json:3:.*: error: not valid JSON: duplicate object key" <<<"$out"; echo $?) "$out"
out=$("$bin" compare "$tmp/base.json" "$tmp" 2>&1); st=$?
check "a directory" $([ $st -eq 2 ] && grep -q "$tmp: error: cannot read the report: it is a folder" <<<"$out"; echo $?) "$out"
out=$("$bin" compare "$tmp/base.json" "$tmp/missing.json" 2>&1); st=$?
check "a missing file" \
  $([ $st -eq 2 ] && grep -q "missing.json: error: cannot read the report: No such file or directory" <<<"$out"; echo $?) "$out"
# Root reads any file whatever its mode; /proc/self/mem cannot be read from offset 0 by
# anyone, which makes an unreadable file for every user.
out=$("$bin" compare "$tmp/base.json" /proc/self/mem 2>&1); st=$?
check "an unreadable file" \
  $([ $st -eq 2 ] && grep -q "/proc/self/mem: error: cannot read the report: Input/output error" <<<"$out"; echo $?) "$out"
out=$(timeout 20 "$bin" compare "$tmp/base.json" /dev/zero 2>&1); st=$?
check "an endless file ends with an error" \
  $([ $st -eq 2 ] && grep -q "/dev/zero: error: larger than 64 MiB" <<<"$out"; echo $?) "$out"
: >"$tmp/empty.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/empty.json" 2>&1); st=$?
check "an empty file" $([ $st -eq 2 ] && grep -q "empty.json:1:1: error: not valid JSON" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold delivery.p100=10 "$tmp/base.json" "$tmp/again.json" 2>&1); st=$?
check "a threshold naming no statistic is a typo: exit 2" \
  $([ $st -eq 2 ] && grep -q "'delivery.p100' names no statistic" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold =5 "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "a threshold without a name" $([ $st -eq 2 ] && grep -q "name before '=' is missing" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --threshold -3 "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "negative threshold is bad usage" $([ $st -eq 2 ] && grep -q "non-negative percentage" <<<"$out"; echo $?) "$out"
out=$("$bin" compare --min-delta 5% "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "--min-delta is an amount, not a percentage" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" compare --min-samples 1.5 "$tmp/base.json" "$tmp/base.json" 2>&1); st=$?
check "--min-samples is a whole number" $([ $st -eq 2 ]; echo $?) "$out"
out=$("$bin" compare "$tmp/base.json" 2>&1); st=$?
check "one file is bad usage" $([ $st -eq 2 ]; echo $?) "$out"
edit "$tmp/base.json" "[m.update(model=m['model']+'-other') for m in r['models']]" "$tmp/perfonly.json"
out=$("$bin" compare "$tmp/base.json" "$tmp/perfonly.json" 2>&1); st=$?
check "no model in common" $([ $st -eq 2 ] && grep -q "no model in common" <<<"$out"; echo $?) "$out"

# ---- CSV ----
"$bin" run --format csv -o "$tmp/r.csv" "$scn"; st=$?
check "csv header and rows" \
  $([ $st -eq 0 ] && [ "$(head -1 "$tmp/r.csv")" = "model,metric,group,statistic,value,ci95_low,ci95_high,ns" ] &&
    grep -q "^ref,delivery,all,count,960,,,$" "$tmp/r.csv" &&
    grep -Eq "^ref,delivery,all,p50,[0-9]+,,,[0-9.]+$" "$tmp/r.csv" &&
    grep -Eq "^ref,counters,all,exits,[0-9]+,,,$" "$tmp/r.csv" &&
    grep -q "^ref,counters,model,lock_wait_cycles," "$tmp/r.csv" &&
    grep -q "^ref,trapped_access,ICC_SGI1R_EL1,mean," "$tmp/r.csv" &&
    grep -q "^ref,delivery,intid41,count,260," "$tmp/r.csv"; echo $?) "$(head -5 "$tmp/r.csv")"
check "csv and json give the same figures" \
  $("$py" -c "
import csv,json,sys
rows={(r['model'],r['metric'],r['group'],r['statistic']):r for r in csv.DictReader(open(sys.argv[2]))}
for m in json.load(open(sys.argv[1]))['models']:
    n=m['model']
    for k in ['count','p50','p99','max']:
        assert int(rows[(n,'delivery','all',k)]['value'])==m['latency']['delivery'][k], k
    assert abs(float(rows[(n,'delivery','all','p50')]['ns'])-m['latency']['delivery']['ns']['p50'])<1e-3
    assert int(rows[(n,'counters','all','exits')]['value'])==m['counters']['exits']
    for c,v in m['counters']['model'].items():
        assert int(rows[(n,'counters','model',c)]['value'])==v
    for g in ['maintenance_by_cause','exits_by_reason']:
        for c,v in m['counters'][g].items():
            assert int(rows[(n,'counters',g,c)]['value'])==v, (g,c)
    for s,d in m['latency']['stages'].items():
        for k in ['count','min','p50','p99','p99.9','max']:
            assert int(rows[(n,'stages.'+s,'all',k)]['value'])==d[k], (s,k)
        assert abs(float(rows[(n,'stages.'+s,'all','mean')]['value'])-d['mean'])<1e-6*max(1,d['mean'])
        assert abs(float(rows[(n,'stages.'+s,'all','p99')]['ns'])-d['ns']['p99'])<1e-3
assert len({k[0] for k in rows})==len(json.load(open(sys.argv[1]))['models'])
" "$tmp/base.json" "$tmp/r.csv"; echo $?) ""
check "every csv row has 8 fields" \
  $(awk -F, 'NF != 8 { bad = 1 } END { exit bad }' "$tmp/r.csv"; echo $?) ""
"$bin" run --format csv --repeat 3 -o "$tmp/rep.csv" "$scn"
check "csv with --repeat: intervals" \
  $(grep -Eq "^ref,delivery,all,p99,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+$" "$tmp/rep.csv"; echo $?) "$(grep '^ref,delivery,all' "$tmp/rep.csv")"

# A machine with an ITS: its reports have an LPI class, and compare judges it.
its=$src/tests/conformance/its/msi_delivered_to_collection_vcpu.yaml
"$bin" run --model ref --format json -o "$tmp/its_base.json" "$its"
"$bin" run --model ref --set costs.msi_inject=3000 --format json -o "$tmp/its_new.json" "$its"
out=$("$bin" compare --allow-different "$tmp/its_base.json" "$tmp/its_new.json" 2>&1)
check "compare judges the LPI class of ITS reports" \
  $(grep -Eq 'delivery\.LPI\.mean .*REGRESSION' <<<"$out"; echo $?) "$out"

finish
