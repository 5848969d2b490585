#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Valid but run-time hostile scenarios (zero costs with a level line high, IPI storms,
# huge bursts, 512 vCPUs, cycle values and costs at their limits). Each must end with a
# clear result: status 0 or 1, a complete JSON report whose "stop" is the one the file's
# '# expect-stop: REASON' line names, no sanitizer report, within a time bound (a hang
# detector, generous, not a speed check) and a memory bound (peak resident set).
# usage: run.sh VGICSIM DIR [SANITIZER]   (SANITIZER: empty, address or thread)
set -u
bin=$1
dir=$2
sanitize=${3:-}
time_limit=300
mem_limit_kb=$((1024 * 1024))          # 1 GiB
if [ -n "$sanitize" ]; then
  mem_limit_kb=$((4 * mem_limit_kb))   # shadow memory and redzones
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for f in "$dir"/*.yaml; do
  n=$(basename "$f")
  if [ -n "$sanitize" ] && grep -q '^# sanitizers: skip' "$f"; then
    continue   # the normal build runs it; under sanitizers it would only be slow
  fi
  want=$(sed -n 's/^# expect-stop: *\([a-z_]*\).*/\1/p' "$f" | head -1)
  /usr/bin/time -f '%M' -o "$tmp/rss" timeout "$time_limit" \
    "$bin" run --format json -o "$tmp/out.json" "$f" 2>"$tmp/err"
  status=$?
  rss=$(tail -1 "$tmp/rss" 2>/dev/null)
  why=
  if [ "$status" -eq 124 ]; then
    why="no end within ${time_limit} s"
  elif [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    why="exit $status"
  elif grep -qE 'ERROR: |runtime error|WARNING: ThreadSanitizer' "$tmp/err"; then
    why="sanitizer report"
  elif [ -z "$want" ]; then
    why="no '# expect-stop:' line"
  elif ! grep -q "\"stop\": \"$want\"" "$tmp/out.json" 2>/dev/null; then
    why="stop is not '$want': $(grep -o '"stop": "[a-z_]*"' "$tmp/out.json" 2>/dev/null | head -1)"
  elif ! [ "${rss:-0}" -gt 0 ] 2>/dev/null || [ "$rss" -gt "$mem_limit_kb" ]; then
    why="peak memory ${rss:-?} KB over ${mem_limit_kb} KB"
  fi
  if [ -n "$why" ]; then
    echo "FAIL $n: $why"
    head -5 "$tmp/err" | sed 's/^/    /'
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
