#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the libFuzzer harnesses of tests/fuzz (clang, -fsanitize=fuzzer,address,undefined)
# into build-fuzz/ and runs each for a while, starting from seeds taken from scenarios/
# and tests/ plus what earlier runs found (build-fuzz/corpus/, kept between runs).
#   tools/fuzz.sh                 every harness for 20 s (CI)
#   tools/fuzz.sh 600             every harness for 600 s
#   tools/fuzz.sh 3600 scenario   one harness for an hour
# Extra libFuzzer flags go in FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=2). A crash, leak,
# timeout (30 s for one input: a hang) or out-of-memory stops with status 1 and leaves the input in build-fuzz/
# artifacts/; turn it into a regression test (tests/fuzz/regress/HARNESS/, tests/bad/ or a
# unit test) before fixing it. Statistics of each run: build-fuzz/logs/HARNESS.log.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

seconds=${1:-20}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(scenario override compare lockstep inputs)

dir=build-fuzz
cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVGICSIM_SANITIZE=address -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DVGICSIM_FUZZ=ON \
  >/dev/null
targets=(vgicsim)
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}" >/dev/null

# Seeds: every scenario the project has, the hostile corpus, saved regressions; for
# compare, JSON reports of a few scenarios.
seeds=$dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{scenario,override,compare,lockstep,inputs} "$dir"/corpus "$dir"/artifacts "$dir"/logs
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/scenario/$((i++))-$(basename "$f")"
done < <(find scenarios tests/conformance tests/fixtures tests/odd-valid tests/bad \
              tests/fuzz/regress/scenario -type f -name '*.yaml' -size -64k \
              ! -name 'bomb_*' ! -name 'stalled_*' -print0)
# (YAML bombs and stalled runs take a second each: they are tested by ctest, and would
# slow every fuzzing round down.)
cp tests/fuzz/regress/override/* "$seeds/override/"
# lockstep: the same scenarios (every valid one must run alike on both models).
cp "$seeds"/scenario/* "$seeds/lockstep/"
cp tests/fuzz/regress/lockstep/* "$seeds/lockstep/"
cp tests/fuzz/regress/compare/* "$seeds/compare/"
for s in scenarios/*.yaml; do
  "$dir/vgicsim" run --format json -o "$seeds/compare/$(basename "$s").json" "$s" \
    >/dev/null 2>&1 || true
done
# inputs (merge, plot, calibrate; tests/fuzz/fuzz_inputs.c): the saved ones, every
# report above to plot ('p', options), every micro-bench log to calibrate ('c', options),
# and the two parts of a small sharded sweep to merge ('m', options, PART NUL PART).
cp tests/fuzz/regress/inputs/* "$seeds/inputs/"
for r in "$seeds"/compare/*.json; do
  [ "$(stat -c %s "$r")" -lt 60000 ] || continue
  { printf 'p\000'; cat "$r"; } >"$seeds/inputs/plot-$(basename "$r")"
done
for l in tests/fixtures/*.log; do
  { printf 'c\000'; cat "$l"; } >"$seeds/inputs/calibrate-$(basename "$l")"
done
part=$dir/seeds-part
for k in 1 2; do
  "$dir/vgicsim" sweep tests/fixtures/calibration_trapped_read.yaml --vary seed=1..3 \
    --vary costs.trap=600,900 --shard "$k/2" -o "$part$k.json" >/dev/null 2>&1 || true
done
{ printf 'm\000'; cat "$part"1.json; printf '\000'; cat "$part"2.json; } >"$seeds/inputs/merge-sweep"
rm -f "$part"1.json "$part"2.json

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for h in "${harnesses[@]}"; do
  corpus=$dir/corpus/$h
  mkdir -p "$corpus"
  dict=()
  case $h in scenario|override|lockstep) dict=(-dict=tests/fuzz/scenario.dict) ;; esac
  echo "fuzz: $h for ${seconds} s"
  if ! "$dir/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$h-" \
        "${dict[@]}" ${FUZZ_FLAGS:-} "$corpus" "$seeds/$h" >"$dir/logs/$h.log" 2>&1; then
    echo "fuzz: $h FAILED (input in $dir/artifacts/, log in $dir/logs/$h.log)"
    grep -E "ERROR|SUMMARY|Test unit written" "$dir/logs/$h.log" | head -10
    status=1
  fi
  # One line of figures per harness: executions, coverage, corpus.
  { grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$dir/logs/$h.log" || true; } | tr '\n' ' '
  { grep -E "^#[0-9]+[[:space:]]+(DONE|INITED)" "$dir/logs/$h.log" || true; } | tail -1
  echo
done
exit $status
