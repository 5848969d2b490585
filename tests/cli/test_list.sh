#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# `vgicsim list KIND`: one line per name, the name first, then its meaning; every name
# listed is one the program accepts where it says (a scenario, --set, a trace step), and
# the lists are complete where a count can be checked against the source.
# usage: test_list.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
default=$src/scenarios/default.yaml

for kind in presets costs releases metrics registers; do
  out=$("$bin" list "$kind" 2>"$tmp/err"); st=$?
  # Every line: a name, two or more spaces, a meaning; nothing on standard error.
  bad=$(grep -Ev '^[A-Za-z0-9_.-]+  +[^ ].{8,}$' <<<"$out")
  check "list $kind: exit 0, NAME  MEANING lines, nothing on stderr" \
    $([ $st -eq 0 ] && [ -n "$out" ] && [ -z "$bad" ] && [ ! -s "$tmp/err" ]; echo $?) \
    "exit $st; bad lines: $bad; stderr: $(cat "$tmp/err")"
  awk '{print $1}' <<<"$out" >"$tmp/$kind"
  dups=$(sort "$tmp/$kind" | uniq -d)
  check "list $kind: each name once" $([ -z "$dups" ]; echo $?) "$dups"
done

# Cost operations: all of cost_ops.def, and each one a key --set accepts.
want=$(grep -c '^COST_OP(' "$src/src/costs/cost_ops.def")
check "list costs: every operation of cost_ops.def" \
  $([ "$(wc -l <"$tmp/costs")" -eq "$want" ]; echo $?) "$(wc -l <"$tmp/costs") listed, $want defined"
sets=()
while read -r op; do sets+=(--set "costs.$op=123"); done <"$tmp/costs"
out=$("$bin" validate "${sets[@]}" "$default" 2>&1); st=$?
check "every listed cost operation is a key of costs:" $([ $st -eq 0 ]; echo $?) "$out"
grep -q '^trap  .*stage-2 abort' <<<"$("$bin" list costs)"
check "list costs: trap with its meaning" $? "$("$bin" list costs | head -3)"

# Presets: each a value of costs.preset; the defaults marked.
while read -r p; do
  out=$("$bin" validate --set "costs.preset=$p" "$default" 2>&1); st=$?
  check "preset $p is accepted" $([ $st -eq 0 ]; echo $?) "$out"
done <"$tmp/presets"
check "list presets: kvm-gicv2 and kvm-gicv3-vhe, the defaults" \
  $([ "$("$bin" list presets | grep -c '\[default for its GIC version\]')" -eq 2 ] &&
    "$bin" list presets | grep -q '^kvm-gicv2  .*GICv2, 2400 MHz \[default'; echo $?) \
  "$("$bin" list presets)"

# Releases: 4.19 to 6.19 (4.19, 4.20, 5.0..5.19, 6.0..6.19: 42), each accepted; 6.18 is
# the default, 6.19 the first of the LR-overflow design.
n=$(wc -l <"$tmp/releases")
check "list releases: 4.19 .. 6.19, 42 of them" \
  $([ "$n" -eq 42 ] && [ "$(head -1 "$tmp/releases")" = 4.19 ] && [ "$(tail -1 "$tmp/releases")" = 6.19 ] &&
    grep -qx 5.19 "$tmp/releases" && ! grep -qx 5.20 "$tmp/releases"; echo $?) "$n: $(tr '\n' ' ' <"$tmp/releases")"
for r in $(cat "$tmp/releases"); do
  "$bin" validate -q --set "hypervisor.kvm=$r" "$default" >"$tmp/out" 2>&1 || { cat "$tmp/out"; false; } || break
done
check "every listed release is a value of hypervisor.kvm" $? "release $r refused"
rel=$("$bin" list releases)
check "list releases: the default and the LR-overflow design marked" \
  $(grep -q '^6\.18  .*\[default\]$' <<<"$rel" && grep -q '^6\.19  LR-overflow design' <<<"$rel" &&
    [ "$(grep -c 'LR-overflow' <<<"$rel")" -eq 1 ] && [ "$(grep -c 'every enabled pending' <<<"$rel")" -eq 2 ]; echo $?) "$rel"

# Metrics: each a name sweep --metric accepts (the unit test test_sweep checks all of them
# against the parser; here two through the real command) and the counts.
check "list metrics: distributions, stages, counters, causes and reasons" \
  $(grep -qx 'delivery.p99' "$tmp/metrics" && grep -qx 'stages.contention.max' "$tmp/metrics" &&
    grep -qx 'counters.exits_by_reason.wfi' "$tmp/metrics" && grep -qx 'interrupts.undelivered' "$tmp/metrics" &&
    grep -qx 'by_register.REGISTER' "$tmp/metrics"; echo $?) \
  "$(head "$tmp/metrics")"
# Every listed name but the patterns (by_vcpu.V.DIST.FIELD, counters.model.NAME), at once.
names=$(grep -Ev '(^|[.])(V|N|DIST|FIELD|REGISTER|NAME)([.]|$)' "$tmp/metrics" | paste -sd, -)
out=$("$bin" sweep "$src/tests/fixtures/calibration_trapped_read.yaml" --vary gic.list_registers=1 \
      --metric "$names" -f csv -o "$tmp/all.csv" -j 1 2>&1); st=$?
check "sweep --metric takes every name list metrics gives (patterns aside)" \
  $([ $st -eq 0 ] && [ "$(grep -c . <<<"${names//,/$'\n'}")" -gt 200 ]; echo $?) "$out"
for pat in by_vcpu.V.DIST.FIELD by_intid.N.DIST.FIELD by_register.REGISTER.FIELD counters.model.NAME; do
  grep -qx "$pat" "$tmp/metrics" || check "list metrics: the pattern $pat" 1 "$(cat "$tmp/metrics")"
done
for m in stages.lr_wait.p90 counters.maintenance_by_cause.underflow; do
  out=$("$bin" sweep "$src/tests/fixtures/calibration_trapped_read.yaml" --vary gic.list_registers=1 \
        --metric "$m" --plot "$tmp/m.svg" -j 1 2>&1); st=$?
  if command -v gnuplot >/dev/null; then
    check "sweep --metric $m (a listed name) is accepted" $([ $st -eq 0 ]; echo $?) "$out"
  fi
done

# Registers: every listed one is a name a trace step accepts on its GIC version.
reglist=$("$bin" list registers)
for v in 2 3; do
  {
    echo "version: 1"
    echo "gic: {version: $v, vcpus: 1$([ $v = 3 ] && echo ", its: true")}"
    echo "guest: {mode: manual}"
    echo "trace:"
    while read -r name rest; do
      case $rest in *"v$v:"* | *"v2 v3:"*) ;; *) continue ;; esac
      case $rest in
        "CPU interface"*write-only*) echo "  - {cpu: {write: $name, value: 0}, vcpu: 0}" ;;
        "CPU interface"*) echo "  - {cpu: {read: $name}, vcpu: 0}" ;;
        *" + "*) echo "  - {read: {reg: $name, n: 0}, vcpu: 0}" ;;   # an array
        *) echo "  - {read: {reg: $name}, vcpu: 0}" ;;
      esac
    done <<<"$reglist"
  } >"$tmp/regs-v$v.yaml"
  out=$("$bin" validate "$tmp/regs-v$v.yaml" 2>&1); st=$?
  steps=$(grep -c '^  - ' "$tmp/regs-v$v.yaml")
  check "every listed GICv$v register is a name of trace steps ($steps of them)" \
    $([ $st -eq 0 ] && [ "$steps" -gt 30 ]; echo $?) "$out"
done
check "list registers: arrays with their index range, CPU-interface registers" \
  $(grep -q '^GICD_ISENABLER  *gicd 0x0100 + 4n, n 0..31, 32-bit, v2 v3: set-enable' <<<"$reglist" &&
    grep -q '^SGI1R  *CPU interface (cpu: step), 64-bit write-only, v3: ' <<<"$reglist" &&
    grep -q '^GICR_WAKER  ' <<<"$reglist"; echo $?) "$(head -20 <<<"$reglist")"
ncat=$(sed -n '/^const struct gic_reg_desc gic_reg_catalog\[\]/,/^};/p' "$src/src/gic/gic_regs.c" |
       grep -cE '^ *(REG32|REG64|ARR32|ARR64|IDREG)\(|^ *\{ "GIC')
ncpu=$(sed -n '/^enum gic_cpu_reg {/,/^};/p' "$src/src/gic/cpu_regs.h" | grep -o 'GIC_CPU_[A-Z0-9_]*' |
       grep -vc 'GIC_CPU_REG_COUNT')
check "list registers: the whole catalogue ($ncat) and every CPU-interface register ($ncpu)" \
  $([ "$(wc -l <"$tmp/registers")" -eq $((ncat + ncpu)) ]; echo $?) "$(wc -l <"$tmp/registers") listed"

# Mistakes: a misspelt kind with a suggestion, an unknown one with the list, none, two.
expect_err() {  # NAME PATTERN ARGS...: exit 2, PATTERN on stderr, nothing on stdout
  local name=$1 pattern=$2
  shift 2
  "$bin" list "$@" >"$tmp/out" 2>"$tmp/err"; local st=$?
  check "$name" $([ $st -eq 2 ] && [ ! -s "$tmp/out" ] && grep -Eq -- "$pattern" "$tmp/err"; echo $?) \
    "exit $st: $(cat "$tmp/out" "$tmp/err")"
}
expect_err "a misspelt kind: did you mean" "^vgicsim list: unknown kind 'presest' \(did you mean 'presets'\?\)$" presest
expect_err "a misspelt kind: did you mean (registers)" "did you mean 'registers'\?" register
expect_err "an unknown kind: the kinds" "unknown kind 'bogus' \(expected one of: presets, costs, releases, metrics, registers\)" bogus
expect_err "no kind" "say what to list: presets, costs, releases, metrics or registers"
expect_err "two kinds" "list takes one kind; 'costs' is a second one" presets costs

help=$("$bin" list --help); st=$?
check "list --help: the kinds" \
  $([ $st -eq 0 ] && grep -q '^  metrics  ' <<<"$help" && grep -q '^Kinds:' <<<"$help"; echo $?) "$help"
check "vgicsim --help lists the command" $("$bin" --help | grep -q '^  list  '; echo $?) ""

# A full standard output is an error, not a silent truncation.
if [ -w /dev/full ]; then
  "$bin" list registers >/dev/full 2>"$tmp/err"; st=$?
  check "list to a full disk: exit 2 with a message" \
    $([ $st -eq 2 ] && grep -q "cannot write the standard output" "$tmp/err"; echo $?) "exit $st: $(cat "$tmp/err")"
fi

finish
