#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# One shard of a vgicsim sweep per task of a Slurm job array (docs/scale-out.md).
#
# usage:
#   jobid=$(sbatch --parsable --array=1-64 tools/sweep-slurm.sh OUTDIR SCENARIO [SWEEP OPTIONS...])
#   sbatch --dependency=afterok:$jobid --wrap "vgicsim merge OUTDIR/part-*.json -o OUTDIR/table.txt"
# Task K of an array of N tasks runs shard K/N of the sweep and writes OUTDIR/part-K.json;
# the array may start anywhere (--array=0-63 works too) but must step by 1. Sweep
# options: --vary, --set, --seed, --model as for `vgicsim sweep` (not --shard, --format,
# -o, --plot, --jobs: this script sets them). Each task uses the processors Slurm gives
# it (--cpus-per-task) as worker processes. VGICSIM names the vgicsim to run (default:
# vgicsim on PATH): every node must have the same build, and see OUTDIR and the scenario
# (a shared file system).
#SBATCH --job-name=vgicsim-sweep
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --output=vgicsim-sweep-%A_%a.log
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '3,/^#SBATCH/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
: "${SLURM_ARRAY_TASK_ID:?not a task of a Slurm job array: submit with sbatch --array=1-N}"
: "${SLURM_ARRAY_TASK_COUNT:?not a task of a Slurm job array}"
if [ "${SLURM_ARRAY_TASK_STEP:-1}" != 1 ]; then
  echo "sweep-slurm: the array must step by 1 (--array=1-N)" >&2
  exit 2
fi
out=$1
shift
k=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1))
n=$SLURM_ARRAY_TASK_COUNT
mkdir -p "$out"
exec "${VGICSIM:-vgicsim}" sweep "$@" --shard "$k/$n" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --format json -o "$out/part-$k.json"
