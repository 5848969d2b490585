#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Bounded memory on valid runs too large to keep in the tree (issue 19): scenarios with
# 20,000 and 100,000 periodic generators (each its own host thread) are written here and
# run under an address-space limit (ulimit -v; not under sanitizers, whose shadow memory
# needs terabytes of address space). Thousands of injections then wait for the vgic's locks
# at once: the run must stop as "overloaded" (SIM_MAX_WAITING_PROCESSES, src/sim/sim.h)
# with exit 0, a complete report and the reason on stderr -- not grow until "out of
# memory" (exit 3), as it did, nor fail to map fiber stacks past the kernel's limit on
# mappings ("out of memory (fiber stack)", exit 3, with 100,000). The same scenario and
# seed stop at the same event: two runs give byte-identical reports.
# usage: memory.sh VGICSIM [SANITIZER]   (SANITIZER: empty, address or thread)
set -u
bin=$1
sanitize=${2:-}
if [ "$sanitize" = thread ]; then
  # ThreadSanitizer shadows every fiber stack (1 MiB each in sanitizer builds): the 4,096
  # operations this test makes wait at once need more mappings than a CI machine allows
  # (mmap fails with ENOMEM). The normal and the ASan builds run it.
  echo "memory.sh: skipped under ThreadSanitizer"
  exit 77
fi
as_limit_kb=$((1536 * 1024))        # 1.5 GiB of address space (4,097 fiber stacks: 0.55 GiB)
rss_limit_kb=$((256 * 1024))
[ -n "$sanitize" ] && rss_limit_kb=$((8 * rss_limit_kb))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
check() {   # NAME STATUS(0 = ok) DETAILS
  if [ "$2" -eq 0 ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $1"
    [ -n "${3:-}" ] && head -5 <<<"$3" | sed 's/^/    /'
    fail=$((fail + 1))
  fi
}

# N generators on 512 vCPUs and 960 SPIs: generator i raises SPI 32 + i % 960 every
# 1000 + i % 97 cycles, so some 21 host threads share each line.
many() {
  local n=$1 f=$2
  {
    echo "version: 1"
    echo "gic: {version: 3, vcpus: 512, spis: 960}"
    echo "run: {until: 30_000_000}"
    echo "workload:"
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
      printf "  - {kind: periodic, intid: %d, period: %d}\n", 32 + i % 960, 1000 + i % 97 }'
  } >"$f"
}

run_limited() {   # OUT.json ERR ARGS... : runs vgicsim under the limits, prints "STATUS RSS"
  local out=$1 err=$2
  shift 2
  (
    [ -z "$sanitize" ] && ulimit -v "$as_limit_kb"
    /usr/bin/time -f '%M' -o "$tmp/rss" timeout 300 "$bin" run --format json -o "$out" "$@" \
      2>"$err"
  )
  echo "$? $(tail -1 "$tmp/rss" 2>/dev/null)"
}

for n in 20000 100000; do
  many "$n" "$tmp/g$n.yaml"
  read -r st rss < <(run_limited "$tmp/g$n.json" "$tmp/g$n.err" "$tmp/g$n.yaml")
  err=$(cat "$tmp/g$n.err")
  check "$n generators: exit 0 (got $st)" $([ "$st" -eq 0 ]; echo $?) "$err"
  stops=$(grep -c '"stop": "overloaded"' "$tmp/g$n.json" 2>/dev/null)
  check "$n generators: every model's run stops as overloaded" \
    $([ "${stops:-0}" -eq 2 ]; echo $?) \
    "$(grep -o '"stop": "[a-z_]*"' "$tmp/g$n.json" 2>/dev/null)"
  check "$n generators: the reason on stderr, for each model" \
    $([ "$(grep -c '^vgicsim run: warning: model [a-z]*: stopped: the machine is overloaded (4096 operations waited at once' <<<"$err")" -eq 2 ]; echo $?) "$err"
  check "$n generators: peak memory ${rss:-?} KB within ${rss_limit_kb} KB" \
    $([ "${rss:-0}" -gt 0 ] && [ "$rss" -le "$rss_limit_kb" ]; echo $?)
done

# Deterministic: the same stop at the same event, in JSON and in the text report (whose
# summary of several runs names the stop).
read -r st _ < <(run_limited "$tmp/again.json" "$tmp/again.err" "$tmp/g20000.yaml")
check "20000 generators again: byte-identical report" \
  $([ "$st" -eq 0 ] && cmp -s "$tmp/g20000.json" "$tmp/again.json"; echo $?)
out=$(cd "$tmp" && "$bin" run --model ref --repeat 2 g20000.yaml 2>&1)
check "text report of two runs names the stop" \
  $(grep -q "^  2 runs: stopped: the machine is overloaded" <<<"$out"; echo $?) "$out"
check "text report warns that the overloaded runs left interrupts undelivered" \
  $(grep -q "warning: every run stopped (overloaded) with interrupts still undelivered" <<<"$out"; echo $?) "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
