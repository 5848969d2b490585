#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Loader speed and memory on a large explicit trace, this tree against an older commit,
# measured side by side in one run (medians of REPS runs of `vgicsim validate`, which
# loads and checks only; CPU time (user + system) and peak resident set from
# /usr/bin/time: on a shared machine CPU time is steadier than elapsed time).
#   tools/bench-load.sh [OLD_COMMIT [STEPS [REPS]]]   default: d243d49 1000000 3
# The old commit is built from `git archive` in a temporary directory (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-d243d49}
steps=${2:-1000000}
reps=${3:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() {  # build SRC_DIR BUILD_DIR
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$2" -j"$(nproc)" --target vgicsim >/dev/null
}
mkdir "$tmp/old-src"
git archive "$old" | tar -x -C "$tmp/old-src"
build "$tmp/old-src" "$tmp/old-build"
build . "$tmp/new-build"

# A trace mixing writes, reads with expect, pulses and line changes, half with `at`.
awk -v n="$steps" 'BEGIN {
  print "version: 1\ngic: {version: 3, vcpus: 4, spis: 64}\ntrace:"
  for (i = 0; i < n; i++) {
    m = i % 4
    if (m == 0) printf "  - {at: %d, vcpu: %d, write: {reg: GICD_ISENABLER, n: 1, value: 0x100}}\n", i * 100, (i / 4) % 4
    else if (m == 1) printf "  - {at: %d, pulse: {intid: %d}}\n", i * 100, 32 + i % 64
    else if (m == 2) printf "  - {vcpu: %d, read: {reg: GICD_IPRIORITYR10, expect: 0xa0a0a0a0}}\n", i % 4
    else printf "  - line: {intid: 40, level: %d}\n", (i / 4) % 2
  }
}' >"$tmp/trace.yaml"
echo "trace: $steps steps, $(stat -c %s "$tmp/trace.yaml") bytes"

measure() {  # measure BIN -> "median_seconds median_kb"
  local t=() m=()
  for _ in $(seq "$reps"); do
    /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$1" validate -q "$tmp/trace.yaml"
    read -r u sy k <"$tmp/time"
    t+=("$(awk -v u="$u" -v s="$sy" 'BEGIN {print u + s}')"); m+=("$k")
  done
  printf '%s\n' "${t[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%s ", a[int((NR+1)/2)]}'
  printf '%s\n' "${m[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# Interleaved, so that load on the machine hits both alike.
read -r old_s old_kb < <(measure "$tmp/old-build/vgicsim")
read -r new_s new_kb < <(measure "$tmp/new-build/vgicsim")
awk -v n="$steps" -v os="$old_s" -v ok="$old_kb" -v ns="$new_s" -v nk="$new_kb" -v c="$old" 'BEGIN {
  printf "%-10s %6.2f s CPU %10.0f steps/s %8.1f MB peak %6.0f B/step\n", c, os, n / os, ok / 1024, ok * 1024 / n
  printf "%-10s %6.2f s CPU %10.0f steps/s %8.1f MB peak %6.0f B/step\n", "this tree", ns, n / ns, nk / 1024, nk * 1024 / n
  printf "load speed: %.2fx, peak memory: %.2fx\n", os / ns, nk / ok
}'
