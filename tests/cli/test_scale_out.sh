#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Scaling a sweep out (docs/scale-out.md): tools/sweep-parallel.sh runs shards with GNU
# parallel end to end, and tools/sweep-slurm.sh's tasks (run here as a Slurm job array
# would, one process per task) merge into the table one unsharded run prints.
# usage: test_scale_out.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
export VGICSIM=$bin
# Values with brackets, commas and spaces must reach vgicsim intact through parallel.
vary=(--vary 'gic.hw_mapped=[27,30],[]' --vary gic.list_registers=1..3 --vary seed=1..3 --set 'name=a b')
"$bin" sweep "$scn" "${vary[@]}" >"$tmp/whole.txt" 2>"$tmp/err"
models=$("$bin" sweep "$scn" --vary seed=1 -f csv | tail -n +2 | wc -l)
check "the unsharded reference table" $([ "$(wc -l <"$tmp/whole.txt")" -eq $((18 * models + 1)) ]; echo $?) "$(cat "$tmp/err")"

if ! command -v parallel >/dev/null; then
  check "GNU parallel is installed (tools/install-deps.sh)" 1 "parallel not found"
else
  out=$("$src/tools/sweep-parallel.sh" 4 "$tmp/par out" "$scn" "${vary[@]}" 2>"$tmp/err"); st=$?
  check "GNU parallel: 4 shards merged = the unsharded table" \
    $([ $st -eq 0 ] && cmp -s "$tmp/whole.txt" "$tmp/par out/table.txt" && [ "$out" = "$(cat "$tmp/whole.txt")" ] &&
      [ "$(ls "$tmp/par out" | grep -c '^part-[1-4].json$')" -eq 4 ]; echo $?) \
    "exit $st $(cat "$tmp/err"; diff "$tmp/whole.txt" "$tmp/par out/table.txt" | head)"
  "$src/tools/sweep-parallel.sh" 2 "$tmp/par-bad" "$scn" --vary gic.list_registers=1,99 >/dev/null 2>"$tmp/err"; st=$?
  check "GNU parallel: a failing shard fails the run, no table" \
    $([ $st -ne 0 ] && [ ! -e "$tmp/par-bad/table.txt" ] && grep -q "99 is out of range" "$tmp/err"; echo $?) \
    "exit $st $(cat "$tmp/err")"
fi
"$src/tools/sweep-parallel.sh" 0 "$tmp/x" "$scn" >/dev/null 2>&1; st=$?
check "sweep-parallel.sh checks SHARDS" $([ $st -eq 2 ]; echo $?) "exit $st"
"$src/tools/sweep-parallel.sh" >/dev/null 2>"$tmp/err"; st=$?
check "sweep-parallel.sh without arguments prints its usage" $([ $st -eq 2 ] && grep -q "^usage:" "$tmp/err"; echo $?) "$(cat "$tmp/err")"

# Slurm: each task sees the array variables Slurm sets; the array here starts at 0.
for id in 0 1 2 3 4; do
  env SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=5 SLURM_CPUS_PER_TASK=2 \
    "$src/tools/sweep-slurm.sh" "$tmp/slurm" "$scn" "${vary[@]}" 2>>"$tmp/slurm-err"
done
"$bin" merge "$tmp"/slurm/part-*.json >"$tmp/slurm.txt" 2>>"$tmp/slurm-err"; st=$?
check "Slurm array tasks 0..4 merged = the unsharded table" \
  $([ $st -eq 0 ] && [ "$(ls "$tmp/slurm" | wc -l)" -eq 5 ] && cmp -s "$tmp/whole.txt" "$tmp/slurm.txt"; echo $?) \
  "exit $st $(cat "$tmp/slurm-err")"
"$src/tools/sweep-slurm.sh" "$tmp/slurm2" "$scn" --vary seed=1 >/dev/null 2>"$tmp/err"; st=$?
check "sweep-slurm.sh outside a job array says so" \
  $([ $st -ne 0 ] && grep -q "not a task of a Slurm job array" "$tmp/err"; echo $?) "exit $st $(cat "$tmp/err")"
env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 SLURM_ARRAY_TASK_STEP=2 \
  "$src/tools/sweep-slurm.sh" "$tmp/slurm3" "$scn" --vary seed=1 >/dev/null 2>"$tmp/err"; st=$?
check "sweep-slurm.sh refuses an array with steps" $([ $st -eq 2 ] && grep -q "must step by 1" "$tmp/err"; echo $?) "$(cat "$tmp/err")"

finish
