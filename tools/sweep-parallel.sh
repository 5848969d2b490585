#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# A vgicsim sweep cut into shards that GNU parallel runs -- on this machine, or on
# several with parallel's --sshlogin -- then merged into the table one unsharded run
# would print (docs/scale-out.md).
#
# usage: tools/sweep-parallel.sh SHARDS OUTDIR SCENARIO [SWEEP OPTIONS...]
#   SHARDS        how many parts to cut the sweep into (more parts than processors
#                 balance better: parallel starts the next part as soon as one ends)
#   OUTDIR        receives part-K.json for K = 1..SHARDS, then table.txt
#   SWEEP OPTIONS --vary, --set, --seed, --model as for `vgicsim sweep` (not --shard,
#                 --format, -o, --plot: this script sets them; plot the merged table with
#                 `vgicsim merge OUTDIR/part-*.json --plot FILE`)
# environment:
#   VGICSIM        the vgicsim to run (default: vgicsim on PATH); on other machines it
#                  must be the same build, at the same path
#   PARALLEL_OPTS  more options for GNU parallel, e.g. "-S 8/node1,8/node2 --workdir ."
#                  (machines that share OUTDIR and the scenario, e.g. over NFS)
#   JOBS           parts run at once on each machine (default: its number of processors)
#
# Each part runs with `--jobs 1`: parallel already keeps every processor busy. The
# command is passed quoted (--quote): values such as [27,30] or "a b" arrive intact.
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
shards=$1 out=$2
shift 2
case $shards in '' | *[!0-9]* | 0*) echo "sweep-parallel: SHARDS must be a number from 1, got '$shards'" >&2; exit 2 ;; esac
vgicsim=${VGICSIM:-vgicsim}
mkdir -p "$out"
rm -f "$out"/part-*.json "$out/table.txt"

# shellcheck disable=SC2086 # PARALLEL_OPTS is a list of options
parallel --will-cite --quote --halt now,fail=1 --jobs "${JOBS:-100%}" ${PARALLEL_OPTS:-} \
  "$vgicsim" sweep "$@" --jobs 1 --shard '{}'/"$shards" --format json -o "$out"/part-'{}'.json \
  ::: $(seq "$shards")

"$vgicsim" merge "$out"/part-*.json -o "$out/table.txt"
cat "$out/table.txt"
