#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Hostile command lines (issue 19): outputs over the command's own files, inputs that
# would hang (a FIFO nobody writes, a gnuplot that never ends), oversized merge parts,
# values echoed unescaped, plot and compare disagreeing on a report, calibrate skipping
# a malformed figure, and the smaller command-line cases (--set, 0X, hypervisor.kvm).
# Every check names the behaviour it pins; each failed before the fixes.
# usage: test_hostile.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
# A quick scenario: the sweeps and runs here test paths, not the simulator. Written
# again before each group, so that a build that lets an output destroy it fails only
# the check that caught it.
fresh() { printf 'version: 1\ngic: {version: 3, vcpus: 1}\ntrace:\n  - pulse: {intid: 40}\n' >"$tmp/s.yaml"; }
fresh
sum() { sha256sum "$1" | cut -d' ' -f1; }

# ---- 3. outputs over the command's own files: refused, exit 2, nothing written ----
orig=$(sum "$tmp/s.yaml")
out=$("$bin" run -o "$tmp/s.yaml" "$tmp/s.yaml" 2>&1); st=$?
check "run -o SCENARIO SCENARIO: exit 2, the scenario kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ] &&
    grep -q "^vgicsim run: -o '.*s.yaml' is the scenario '.*s.yaml': writing it would destroy the input; nothing was written$" <<<"$out"; echo $?) "exit $st $out"
fresh
ln -s s.yaml "$tmp/link.yaml"
out=$("$bin" run -o "$tmp/link.yaml" "$tmp/./s.yaml" 2>&1); st=$?
check "run -o through a symbolic link and another spelling: the same file" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ] && [ -L "$tmp/link.yaml" ]; echo $?) "exit $st $out"
fresh
out=$("$bin" run -o "$tmp/x.svg" --plot "$tmp/x.svg" "$tmp/s.yaml" 2>&1); st=$?
check "run -o X --plot X: exit 2, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/x.svg" ] &&
    grep -q "^vgicsim run: -o '.*x.svg' and --plot '.*x.svg' are the same file" <<<"$out"; echo $?) "exit $st $out"
fresh
out=$("$bin" run -o "$tmp/x.json" --timeline "$tmp/x.json" "$tmp/s.yaml" 2>&1); st=$?
check "run -o X --timeline X: exit 2, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/x.json" ] &&
    grep -q "^vgicsim run: -o '.*x.json' and --timeline '.*x.json' are the same file" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" run -o /dev/null --timeline "$tmp/s.yaml" "$tmp/s.yaml" 2>&1); st=$?
check "run --timeline SCENARIO: exit 2, the scenario kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ] &&
    grep -q "^vgicsim run: --timeline '.*s.yaml' is the scenario" <<<"$out"; echo $?) "exit $st $out"
fresh
out=$("$bin" sweep "$tmp/s.yaml" --vary seed=1,2 -o "$tmp/t.svg" --plot "$tmp/./t.svg" 2>&1); st=$?
check "sweep -o X --plot ./X: exit 2, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/t.svg" ] && grep -q "are the same file" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sweep "$tmp/s.yaml" --vary seed=1,2 -o "$tmp/s.yaml" 2>&1); st=$?
check "sweep -o SCENARIO: exit 2, the scenario kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ]; echo $?) "exit $st $out"
fresh
"$bin" sweep "$tmp/s.yaml" --vary seed=1,2 --shard 1/2 -o "$tmp/p1.json" >/dev/null 2>&1
"$bin" sweep "$tmp/s.yaml" --vary seed=1,2 --shard 2/2 -o "$tmp/p2.json" >/dev/null 2>&1
p1=$(sum "$tmp/p1.json")
out=$("$bin" merge -o "$tmp/p1.json" "$tmp/p1.json" "$tmp/p2.json" 2>&1); st=$?
check "merge -o PART PART...: exit 2, the part kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/p1.json")" = "$p1" ] && grep -q "is the part" <<<"$out"; echo $?) "exit $st $out"
fresh
"$bin" run --format json -o "$tmp/r.json" "$tmp/s.yaml" >/dev/null 2>&1
cp "$tmp/r.json" "$tmp/r.svg"
r=$(sum "$tmp/r.svg")
out=$("$bin" plot "$tmp/r.svg" -o "$tmp/r.svg" 2>&1); st=$?
check "plot REPORT -o REPORT: exit 2, the report kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/r.svg")" = "$r" ]; echo $?) "exit $st $out"
r=$(sum "$tmp/r.json")
"$bin" run --format json -o "$tmp/r.json" "$tmp/s.yaml" >/dev/null 2>&1
r=$(sum "$tmp/r.json")
out=$("$bin" compare -o "$tmp/r.json" "$tmp/r.json" "$tmp/r.json" 2>&1); st=$?
check "compare -o BASE: exit 2, the report kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/r.json")" = "$r" ]; echo $?) "exit $st $out"
log=$src/tests/fixtures/microbench-kunpeng920.log
cp "$log" "$tmp/mb.log"
l=$(sum "$tmp/mb.log")
out=$("$bin" calibrate "$tmp/mb.log" --clock-mhz 2600 -o "$tmp/mb.log" 2>&1); st=$?
check "calibrate LOG -o LOG: exit 2, the log kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/mb.log")" = "$l" ] && grep -q "is the log" <<<"$out"; echo $?) "exit $st $out"
mkdir -p "$tmp/emit"
cp "$log" "$tmp/emit/hvc.yaml"
out=$("$bin" calibrate "$tmp/emit/hvc.yaml" --clock-mhz 2600 --emit-scenarios "$tmp/emit" 2>&1); st=$?
check "calibrate --emit-scenarios over the log: exit 2, the log kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/emit/hvc.yaml")" = "$l" ]; echo $?) "exit $st $out"
out=$("$bin" run -o /dev/null --plot /dev/null "$tmp/s.yaml" 2>&1); st=$?
check "two outputs on a device are not a collision" $([ $st -ne 2 ] || grep -qv "same file" <<<"$out"; echo $?) "exit $st $out"

fresh
"$bin" run --format json -o "$tmp/r.json" "$tmp/s.yaml" >/dev/null 2>&1
# ---- 6. hangs: a FIFO nobody writes, one nobody reads, a gnuplot that never ends ----
mkfifo "$tmp/fifo"
for cmd in "validate FIFO" "run FIFO" "check FIFO" "sweep FIFO --vary seed=1,2" \
           "compare REPORT FIFO" "plot FIFO -o $tmp/f.svg" "merge FIFO" \
           "calibrate FIFO --clock-mhz 2600" "sensitivity FIFO"; do
  line=${cmd//FIFO/$tmp/fifo}
  line=${line//REPORT/$tmp/r.json}
  # shellcheck disable=SC2086
  out=$(timeout 20 "$bin" $line 2>&1); st=$?
  check "${cmd%% *} on a FIFO nobody writes: exit 2 at once, says why" \
    $([ $st -eq 2 ] && grep -q "pipe nothing was written to" <<<"$out"; echo $?) "exit $st $out"
done
out=$(timeout 20 "$bin" run -o "$tmp/fifo" "$tmp/s.yaml" 2>&1); st=$?
check "run -o FIFO nobody reads: exit 2 at once, says why" \
  $([ $st -eq 2 ] && grep -q "named pipe that no program reads" <<<"$out"; echo $?) "exit $st $out"
# A FIFO with a writer is read as before. The writer must be waiting in its open (Linux
# counts it as a writer from then on) before vgicsim looks, or a loaded machine lets
# vgicsim find nobody yet; and it must not outlive the test (it holds ctest's output).
sh -c 'exec cat "$0" >"$1"' "$tmp/s.yaml" "$tmp/fifo" >/dev/null 2>&1 &
writer=$!
for _ in $(seq 200); do
  [ "$(cat /proc/$writer/wchan 2>/dev/null)" = wait_for_partner ] && break
  sleep 0.1
done
out=$(timeout 20 "$bin" run "$tmp/fifo" 2>&1); st=$?
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
check "run on a FIFO that is written: read, and no second open waits for a writer" \
  $([ $st -eq 0 ] && grep -q "sha256 unknown" <<<"$out"; echo $?) "exit $st $out"

mkdir -p "$tmp/hang"
# A gnuplot that reads nothing and never ends, and starts a child that never ends either.
printf '#!/bin/sh\nsleep 1000 &\necho $! >"%s/hang/child"\nexec sleep 1000\n' "$tmp" >"$tmp/hang/gnuplot"
chmod +x "$tmp/hang/gnuplot"
start=$(date +%s)
out=$(PATH="$tmp/hang:$PATH" VGICSIM_GNUPLOT_TIMEOUT=1 timeout 60 "$bin" plot "$tmp/r.json" \
      -o "$tmp/h.svg" 2>&1); st=$?
took=$(( $(date +%s) - start ))
child=$(cat "$tmp/hang/child" 2>/dev/null)
sleep 0.2
check "a gnuplot that never ends: stopped at the time limit, exit 2, nothing left" \
  $([ $st -eq 2 ] && [ "$took" -lt 30 ] && [ ! -e "$tmp/h.svg" ] &&
    grep -q "gnuplot did not finish within 1 s and was stopped (VGICSIM_GNUPLOT_TIMEOUT=SECONDS" <<<"$out" &&
    [ -z "$(find "$tmp" -name '*.tmp-*')" ]; echo $?) "exit $st after ${took}s: $out"
# (A killed orphan may stay a zombie where nothing reaps orphans: that is not running.)
check "what gnuplot started is stopped with it" \
  $([ -n "$child" ] && ! ps -o stat= -p "$child" 2>/dev/null | grep -qv '^Z'; echo $?) "child $child"
out=$(PATH="$tmp/hang:$PATH" VGICSIM_GNUPLOT_TIMEOUT=1 timeout 60 "$bin" run --plot "$tmp/h.svg" \
      -o "$tmp/h.txt" "$tmp/s.yaml" 2>&1); st=$?
check "run --plot with that gnuplot: exit 2, neither output written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/h.svg" ] && [ ! -e "$tmp/h.txt" ]; echo $?) "exit $st $out"
out=$(VGICSIM_GNUPLOT_TIMEOUT=soon "$bin" plot "$tmp/r.json" -o "$tmp/h.svg" 2>&1); st=$?
check "a malformed VGICSIM_GNUPLOT_TIMEOUT: exit 2 before any work" \
  $([ $st -eq 2 ] && grep -q "VGICSIM_GNUPLOT_TIMEOUT='soon': expected whole seconds" <<<"$out"; echo $?) "exit $st $out"
check "--help documents the time limit" \
  $("$bin" plot --help | grep -q "VGICSIM_GNUPLOT_TIMEOUT"; echo $?) ""

fresh
# ---- 4. merge: parts capped like compare's reports, every error with a reason ----
truncate -s 65M "$tmp/huge.json"
start=$(date +%s)
out=$(timeout 60 "$bin" merge "$tmp/huge.json" 2>&1); st=$?
took=$(( $(date +%s) - start ))
check "merge of a part over 64 MiB: refused before parsing" \
  $([ $st -eq 2 ] && [ "$took" -lt 20 ] && grep -q "huge.json: larger than 64 MiB (the limit)" <<<"$out"; echo $?) "exit $st after ${took}s: $out"
# Under a memory limit, jansson fails with an empty message: it must still say why. (Not
# under AddressSanitizer, which needs far more address space than any such limit.)
if ! ldd "$bin" 2>/dev/null | grep -q 'libasan\|libtsan'; then
  python3 -c "import sys; sys.stdout.write('[' + '0,' * 12000000 + '0]')" >"$tmp/big.json"
  out=$( (ulimit -v 400000; "$bin" merge "$tmp/big.json") 2>&1); st=$?
  check "merge out of memory: exit 2 with a reason" \
    $([ $st -eq 2 ] || [ $st -eq 3 ]; grep -qE "out of memory|Cannot allocate memory" <<<"$out" &&
      ! grep -qE ": $" <<<"$out"; echo $?) "exit $st $out"
fi

fresh
# ---- 5. values echoed escaped: messages, reports, tables ----
printf 'version: 1\nname: "evil\\nt.yaml:1:1: error: forged \\e[31mred"\ngic: {version: 3, vcpus: 1}\ntrace:\n  - pulse: {intid: 40}\n' >"$tmp/evil.yaml"
out=$("$bin" run "$tmp/evil.yaml" 2>&1); st=$?
check "run: the scenario name in the text report is escaped" \
  $(grep -qF "scenario 'evil\\nt.yaml:1:1: error: forged \\x1b[31mred'" <<<"$out" &&
    ! grep -q $'\e' <<<"$out" && ! grep -q "^t.yaml:1:1" <<<"$out"; echo $?) "$out"
out=$("$bin" validate "$tmp/evil.yaml" 2>&1)
check "validate: the name is escaped" \
  $(grep -qF "valid: 'evil\\nt.yaml:1:1: error: forged \\x1b[31mred'" <<<"$out" && ! grep -q $'\e' <<<"$out"; echo $?) "$out"
out=$("$bin" validate --set 'gic.vcpus="\e[2J9999"' "$tmp/s.yaml" 2>&1)
check "a --set value is echoed escaped" \
  $(! grep -q $'\e' <<<"$out" && grep -qF '\x1b[2J9999' <<<"$out"; echo $?) "$out"
out=$("$bin" validate --set $'gic.vcpus\n--set:1:1: error: x=2' "$tmp/s.yaml" 2>&1)
check "a --set key cannot forge a line" \
  $([ "$(wc -l <<<"$out")" -eq 1 ]; echo $?) "$out"
out=$("$bin" run --format $'\e[31mjson' "$tmp/s.yaml" 2>&1)
check "an unknown --format is echoed escaped" \
  $(! grep -q $'\e' <<<"$out" && grep -qF "unknown format '\\x1b[31mjson'" <<<"$out"; echo $?) "$out"
out=$("$bin" $'bogus\e]0;title\a' 2>&1)
check "an unknown command is echoed escaped" \
  $(! grep -q $'\e' <<<"$out" && grep -qF "unknown command 'bogus\\x1b]0;title\\x07'" <<<"$out"; echo $?) "$out"
out=$("$bin" sweep "$tmp/s.yaml" --vary $'name=a\nb,c"d' 2>&1); st=$?
check "sweep text table: varied values escaped, one line per row" \
  $([ $st -eq 0 ] && [ "$(grep -c '^a\\nb ' <<<"$out")" -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 5 ] &&
    grep -q '^c\\"d ' <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sweep "$tmp/s.yaml" --vary $'name=a\nb,c"d' --format csv 2>&1); st=$?
check "sweep CSV: varied values escaped, then quoted as CSV wants" \
  $([ $st -eq 0 ] && [ "$(wc -l <<<"$out")" -eq 5 ] && grep -q '^a\\nb,' <<<"$out" &&
    grep -q '^"c\\""d",' <<<"$out"; echo $?) "exit $st $out"
"$bin" run --format json -o "$tmp/evil.json" "$tmp/evil.yaml" >/dev/null 2>&1
"$bin" run --format json -o "$tmp/evil2.json" "$tmp/s.yaml" >/dev/null 2>&1
out=$("$bin" compare "$tmp/evil.json" "$tmp/evil2.json" 2>&1)
check "compare: scenario names from the reports are escaped" \
  $(! grep -q $'\e' <<<"$out" && grep -qF "'evil\\nt.yaml:1:1: error: forged \\x1b[31mred' (base)" <<<"$out"; echo $?) "$out"
python3 - "$tmp/r.json" "$tmp/evilkey.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r['models'][0]['counters']['model']['x\u001b[31m\n'] = 'not a number'
json.dump(r, open(sys.argv[2], 'w'))
EOF
out=$("$bin" compare "$tmp/r.json" "$tmp/evilkey.json" 2>&1); st=$?
check "compare: a key of the report is echoed escaped" \
  $([ $st -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -qF "counter 'x\\x1b[31m\\n' is a string" <<<"$out"; echo $?) "exit $st $out"

fresh
"$bin" run --format json -o "$tmp/r.json" "$tmp/s.yaml" >/dev/null 2>&1
# ---- 8. plot and compare read reports alike; seeds checked ----
edit() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); $2; json.dump(r, open(sys.argv[2], 'w'))" "$1" "$3"; }
edit "$tmp/r.json" "r['seeds']['count'] = 1e308" "$tmp/count-real.json"
edit "$tmp/r.json" "r['seeds']['count'] = -1" "$tmp/count-neg.json"
for f in count-real count-neg; do
  out=$("$bin" plot "$tmp/$f.json" -o "$tmp/c.svg" 2>&1); stp=$?
  outc=$("$bin" compare "$tmp/r.json" "$tmp/$f.json" 2>&1); stc=$?
  check "plot and compare both refuse seeds.count of $f as an invalid report" \
    $([ $stp -eq 2 ] && [ $stc -eq 2 ] && [ ! -e "$tmp/c.svg" ] && grep -q "$f.json: error: /seeds" <<<"$out" &&
      grep -q "$f.json: error: /seeds" <<<"$outc" && ! grep -q "different configurations" <<<"$outc"; echo $?) \
    "plot $stp: $out; compare $stc: $outc"
done

# ---- 8. calibrate: a negative figure is a malformed log (exit 2, located) ----
printf 'name  total ns  avg ns\nhvc  20095360.0  -306.0\n' >"$tmp/neg.log"
out=$("$bin" calibrate "$tmp/neg.log" --clock-mhz 2600 2>&1); st=$?
check "calibrate: a negative avg ns exits 2, located" \
  $([ $st -eq 2 ] && grep -q "neg.log:2:18: error: hvc: avg ns '-306.0' is negative" <<<"$out"; echo $?) "exit $st $out"

fresh
# ---- 2, 7, 8: the command line's own strings ----
out=$("$bin" validate --set 'name="a\0b"' "$tmp/s.yaml" 2>&1); st=$?
check "--set with an escaped NUL: located error" \
  $([ $st -eq 2 ] && grep -q "^--set:1:6: error: 'a\\\\0b' holds a NUL character" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" validate --set 'hypervisor.kvm="06.19"' "$tmp/s.yaml" 2>&1); st=$?
check "--set hypervisor.kvm with a leading zero: refused" $([ $st -eq 2 ]; echo $?) "exit $st $out"
out=$("$bin" validate --set 'trace.-1.at=1' "$tmp/s.yaml" 2>&1); st=$?
check "--set trace.-1: names the list, not the index" \
  $([ $st -eq 2 ] && grep -q "'trace' is a list; give an item's index from 0 to 0, not '-1'" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" run --seed 0X1F "$tmp/s.yaml" 2>&1); st=$?
check "--seed 0X1F: refused (the format says 0x)" $([ $st -eq 2 ]; echo $?) "exit $st $out"


fresh
# ---- after the merge with research-cli, research-sweep and fidelity: their outputs are
# guarded and their echoes escaped as the rest ----
orig=$(sum "$tmp/s.yaml")
out=$("$bin" sensitivity -o "$tmp/s.yaml" "$tmp/s.yaml" 2>&1); st=$?
check "sensitivity -o SCENARIO: exit 2, the scenario kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ] &&
    grep -q "^vgicsim sensitivity: -o '.*s.yaml' is the scenario" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sensitivity -o "$tmp/sens.svg" --plot "$tmp/./sens.svg" "$tmp/s.yaml" 2>&1); st=$?
check "sensitivity -o X --plot ./X: exit 2, nothing written" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/sens.svg" ] && grep -q "are the same file" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sensitivity --plot "$tmp/s.yaml" -o "$tmp/sens.txt" "$tmp/s.yaml" 2>&1); st=$?
check "sensitivity --plot SCENARIO: exit 2, the scenario kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/s.yaml")" = "$orig" ] && [ ! -e "$tmp/sens.txt" ]; echo $?) "exit $st $out"
out=$("$bin" sensitivity "$tmp/evil.yaml" 2>&1); st=$?
check "sensitivity: the scenario name in the text table is escaped" \
  $([ $st -eq 0 ] && ! grep -q $'\e' <<<"$out" && ! grep -q "^t.yaml:1:1" <<<"$out" &&
    grep -qF "evil\\nt.yaml:1:1: error: forged \\x1b[31mred (costs" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sensitivity --metric $'\e[31mx\nforged' "$tmp/s.yaml" 2>&1); st=$?
check "sensitivity: an unknown --metric is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && [ "$(wc -l <<<"$out")" -eq 1 ] &&
    grep -qF "'\\x1b[31mx\\nforged'" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sweep "$tmp/s.yaml" --vary seed=1,2 --metric $'\e[31mx' 2>&1); st=$?
check "sweep: an unknown --metric is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && grep -qF "'\\x1b[31mx'" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sweep "$tmp/s.yaml" --vary seed=1,2 --unit $'\e[31mns' 2>&1); st=$?
check "sweep: an unknown --unit is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && grep -qF "unknown unit '\\x1b[31mns'" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" sweep "$tmp/s.yaml" --vary $'seed=5..1\e[31m' 2>&1); st=$?
check "sweep: a bad --vary range is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" list $'regs\e[31m' 2>&1); st=$?
check "list: an unknown kind is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && grep -qF "unknown kind 'regs\\x1b[31m'" <<<"$out"; echo $?) "exit $st $out"
out=$("$bin" $'rnu\e[31m' 2>&1); st=$?
check "a misspelt command is echoed escaped with its suggestion" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && grep -qF "unknown command 'rnu\\x1b[31m'" <<<"$out"; echo $?) "exit $st $out"
out=$(VGICSIM_PLOT_STYLE=$'/nonexistent/\e[31mstyle.gp' "$bin" run --plot "$tmp/st.svg" "$tmp/s.yaml" 2>&1); st=$?
check "an unreadable VGICSIM_PLOT_STYLE is echoed escaped" \
  $([ $st -eq 2 ] && ! grep -q $'\e' <<<"$out" && grep -qF '/nonexistent/\x1b[31mstyle.gp' <<<"$out"; echo $?) "exit $st $out"

printf 'set key top left\n' >"$tmp/style.svg"
st_sum=$(sum "$tmp/style.svg")
out=$(VGICSIM_PLOT_STYLE="$tmp/style.svg" "$bin" run -o /dev/null --plot "$tmp/./style.svg" "$tmp/s.yaml" 2>&1); st=$?
check "run --plot over the plot style in use: exit 2, the style kept" \
  $([ $st -eq 2 ] && [ "$(sum "$tmp/style.svg")" = "$st_sum" ] &&
    grep -q "^vgicsim run: the plot '.*style.svg' is the plot style '.*style.svg'" <<<"$out"; echo $?) "exit $st $out"

finish
