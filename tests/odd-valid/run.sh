#!/usr/bin/env bash
# Valid scenarios written in unusual but legal ways (BOM, CRLF, UTF-16 with a byte order
# mark, tags, anchors, flow style, document markers, values at the limits...): each
# must be accepted by `vgicsim validate` (status 0, no error) and must run to a clear
# end (`vgicsim run`: status 0, or 1 for an expectation that fails, never a crash).
# usage: run.sh VGICSIM DIR
set -u
bin=$1
dir=$2
pass=0
fail=0
for f in "$dir"/*.yaml; do
  n=$(basename "$f")
  out=$(timeout 60 "$bin" validate "$f" 2>&1)
  status=$?
  if [ "$status" -ne 0 ] || ! grep -q "^$f: valid: " <<<"$out"; then
    echo "FAIL $n: validate exit $status"; echo "$out" | head -5 | sed 's/^/    /'
    fail=$((fail + 1))
    continue
  fi
  out=$(timeout 120 "$bin" run --format json -o /dev/null "$f" 2>&1)
  status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "FAIL $n: run exit $status"; echo "$out" | head -5 | sed 's/^/    /'
    fail=$((fail + 1))
    continue
  fi
  pass=$((pass + 1))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
