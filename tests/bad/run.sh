#!/usr/bin/env bash
# Runs the hostile corpus (tests/bad/expect.txt says what each file must give).
# usage: run.sh VGICSIM DIR
# Each file is validated under a time limit (a hang detector, not a speed check); the
# status must be 2, every line of the output a located error, and one of them at the
# expected place with the expected words. Every file of DIR must be listed.
set -u
bin=$1
dir=$2
pass=0
fail=0
declare -A listed=()
while read -r name loc fragment; do
  case "$name" in ''|'#'*) continue ;; esac
  listed[$name]=1
  path=$dir/$name
  out=$(timeout 60 "$bin" validate "$path" 2>&1)
  status=$?
  why=
  if [ "$status" -ne 2 ]; then
    why="exit $status, expected 2"
  elif grep -qv "^$path:[0-9]*:[0-9]*: error: " <<<"$out"; then
    why="a line is not 'FILE:LINE:COL: error: ...'"
  elif ! grep -F -- "$path:$loc: error: " <<<"$out" | grep -qF -- "$fragment"; then
    why="no error at $loc containing '$fragment'"
  fi
  if [ -n "$why" ]; then
    echo "FAIL $name: $why"
    echo "$out" | head -5 | cut -c1-300 | sed 's/^/    /'
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done <"$dir/expect.txt"
for f in "$dir"/*; do
  n=$(basename "$f")
  case "$n" in expect.txt|run.sh|README.md|CMakeLists.txt|generate.py) continue ;; esac
  if [ -z "${listed[$n]:-}" ]; then
    echo "FAIL $n: not listed in expect.txt"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
