#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The floors check (tools/check-layers.sh) refuses what it must: on copies of the tree,
# each with one mistake, it must fail and name the mistake; on the unchanged copy, pass.
# usage: run.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# What the check reads, copied once: the C files, the floors table and the check.
mkdir -p "$tmp/base/docs" "$tmp/base/tools"
(cd "$src" && find src tests bench -name '*.[ch]' -print0 | xargs -0 cp --parents -t "$tmp/base")
cp "$src/docs/architecture.md" "$tmp/base/docs/"
cp "$src/tools/check-layers.sh" "$tmp/base/tools/"

# A fresh copy of it, for one mistake.
fresh() {
  rm -rf "$tmp/tree"
  cp -r "$tmp/base" "$tmp/tree"
}

# expect_refused NAME FRAGMENT: the check on the copy fails with a line containing FRAGMENT.
expect_refused() {
  local out status=0
  out=$("$tmp/tree/tools/check-layers.sh" "$tmp/tree" 2>&1) || status=$?
  if [ "$status" -ne 1 ] || ! grep -qF -- "$2" <<<"$out"; then
    echo "FAIL $1: expected status 1 and \"$2\", got status $status:"
    echo "$out"
    fails=$((fails + 1))
  else
    echo "ok   $1"
  fi
}

fresh
if ! "$tmp/tree/tools/check-layers.sh" "$tmp/tree"; then
  echo "FAIL the unchanged tree is refused"
  fails=$((fails + 1))
fi

fresh   # a folder includes one above it
printf '#include "cli/cli.h"\n' >> "$tmp/tree/src/util/arena.c"
expect_refused upward 'src/util/arena.c:'"$(wc -l < "$tmp/tree/src/util/arena.c")"': util/ (floor 0) includes "cli/cli.h": cli/ is on floor'

fresh   # a folder includes one beside it (same floor)
printf '#include "perf/perf_core.h"\n' >> "$tmp/tree/src/ref/ref_queue.c"
expect_refused sideways 'includes "perf/perf_core.h": perf/ is on floor'

fresh   # a folder includes one below it that its row does not name
printf '#include "engine/event_queue.h"\n' >> "$tmp/tree/src/compare/compare_read.c"
expect_refused unlisted 'includes "engine/event_queue.h": its row does not name engine/'

fresh   # the loader's private header outside the loader
printf '#include "scenario/convert_internal.h"\n' >> "$tmp/tree/src/cli/jobs.c"
expect_refused private 'includes "scenario/convert_internal.h", which is private to src/scenario/'

fresh   # ... and outside src/ (only tests/unit may look inside a folder)
printf '#include "ref/ref_internal.h"\n' >> "$tmp/tree/bench/bench_models.c"
expect_refused private_bench 'bench/bench_models.c:'

fresh   # a folder with no row
mkdir "$tmp/tree/src/newfloor" && : > "$tmp/tree/src/newfloor/x.c"
expect_refused no_row 'src/newfloor/: has no row in the floors table'

fresh   # a row that names a floor above it
sed -i 's/^| \([0-9]*\) | `compare\/` | `report\/`,/| \1 | `compare\/` | `cli\/`, `report\/`,/' "$tmp/tree/docs/architecture.md"
expect_refused row_upward ': a folder includes only floors below it'

fresh   # a row that names a folder nothing of its folder includes
sed -i 's/^| \([0-9]*\) | `compare\/` | `report\/`,/| \1 | `compare\/` | `gic\/`, `report\/`,/' "$tmp/tree/docs/architecture.md"
expect_refused row_stale 'compare/ may include gic/, but no file of src/compare/ does'

[ "$fails" -eq 0 ] || { echo "$fails case(s) failed"; exit 1; }
