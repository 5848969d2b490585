#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# bench/compare-main.sh OLD_COMMIT [NEW_COMMIT]
#
# Builds OLD_COMMIT (and NEW_COMMIT, or else this working tree as it is) in Release,
# each in its own directory (git archive; the repository is not touched), runs every
# speed figure of docs/performance.md on both builds, interleaved (old, new, old,
# new, ...) so that the shared machine's noise hits both alike, and prints the
# median of each side and the ratio new/old.  Ratios measured in one run are what
# we report; absolute figures on this machine move with its load.
#
# Figures (FIGURES selects a subset, default all):
#   gen     `vgicsim run` of generated workloads, 8 and 64 vCPUs x 200 000 and
#           2 000 000 interrupts, and 512 vCPUs x 200 000
#   burst   `vgicsim run` of bursts of 64 and of 960 SPIs into one vCPU
#   trace   a TRACE_STEPS-step explicit trace: `vgicsim validate` (load only) and
#           `vgicsim run` (load + run), with the peak memory of the run
#   memory  peak memory of gen 8 vCPUs at 200 000 and at 2 000 000 interrupts
#   engine  the engine's event queue alone in the hold model at 1 000 pending
#           (bench/eq_hold.c built against each tree's src/engine, same flags)
# The scenarios come from bench/lib/bench_workloads.c (bench_scenarios); the same
# files are run by both builds.  Speed ratios are old time / new time (> 1: faster).
#
# Environment: REPS (runs per side and figure, default 5), TRACE_STEPS (1000000),
# MODEL (--model given to both, default ref), NEW_MODEL (overrides MODEL for the new
# build, e.g. perf), FIGURES, CC (cc), WORK (directory for sources, builds and
# scenarios; default a temporary one, removed at the end unless KEEP=1).
set -euo pipefail

usage() { echo "usage: bench/compare-main.sh OLD_COMMIT [NEW_COMMIT]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=$1 NEW=${2:-}
REPS=${REPS:-5} TRACE_STEPS=${TRACE_STEPS:-1000000}
MODEL=${MODEL:-ref} NEW_MODEL=${NEW_MODEL:-$MODEL}
FIGURES=${FIGURES:-gen burst trace memory engine}
CC=${CC:-cc}
case $REPS in ''|*[!0-9]*|0) echo "compare-main: REPS must be a positive number" >&2; exit 2 ;; esac
git -C "$ROOT" rev-parse --verify -q "$OLD^{commit}" >/dev/null ||
  { echo "compare-main: unknown commit '$OLD'" >&2; exit 2; }
[ -z "$NEW" ] || git -C "$ROOT" rev-parse --verify -q "$NEW^{commit}" >/dev/null ||
  { echo "compare-main: unknown commit '$NEW'" >&2; exit 2; }

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/vgicsim-compare.XXXXXX)
  [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi

# ---- sources and builds ----
source_of() { # NAME COMMIT-or-empty: prints the source directory
  if [ -z "$2" ]; then echo "$ROOT"; return; fi
  rm -rf "$WORK/$1-src" && mkdir -p "$WORK/$1-src"
  git -C "$ROOT" archive "$2" | tar -x -C "$WORK/$1-src"
  echo "$WORK/$1-src"
}

build() { # NAME SRC: Release build of vgicsim and eq_hold; prints nothing
  local name=$1 src=$2
  echo "compare-main: building $name ($src) ..." >&2
  cmake -S "$src" -B "$WORK/$name-build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    >"$WORK/$name-cmake.log" 2>&1 || { cat "$WORK/$name-cmake.log" >&2; exit 1; }
  cmake --build "$WORK/$name-build" -j"$(nproc)" --target vgicsim >"$WORK/$name-build.log" 2>&1 ||
    { tail -30 "$WORK/$name-build.log" >&2; exit 1; }
  local bin
  bin=$(find "$WORK/$name-build" -maxdepth 2 -type f -name vgicsim -perm -u+x | head -1)
  [ -n "$bin" ] || { echo "compare-main: no vgicsim binary in $WORK/$name-build" >&2; exit 1; }
  ln -sf "$bin" "$WORK/$name-vgicsim"
  # The engine alone: this tree's hold-model program on that tree's queue, same flags.
  "$CC" -O2 -DNDEBUG -std=c11 -D_GNU_SOURCE -I"$src/src" -I"$ROOT/bench/lib" \
    -o "$WORK/$name-eq_hold" "$ROOT/bench/eq_hold.c" "$src/src/engine/event_queue.c" \
    "$src/src/util/xalloc.c" -lm
}

old_src=$(source_of old "$OLD")
new_src=$(source_of new "$NEW")
build old "$old_src"
build new "$new_src"
"$CC" -O2 -o "$WORK/bench_exec" "$ROOT/bench/bench_exec.c"
"$CC" -O2 -std=c11 -D_GNU_SOURCE -I"$ROOT/bench/lib" -o "$WORK/bench_scenarios" \
  "$ROOT/bench/bench_scenarios.c" "$ROOT/bench/lib/bench_workloads.c"
mkdir -p "$WORK/scenarios"
echo "compare-main: writing scenarios ..." >&2
"$WORK/bench_scenarios" "$WORK/scenarios" "$TRACE_STEPS"
S=$WORK/scenarios

# ---- measuring ----
median() { printf '%s\n' "$@" | sort -g |
  awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# once SIDE ARGS...: one run of that side's vgicsim; sets T (seconds), M (peak KiB).
once() {
  local side=$1; shift
  local model=$MODEL out=$WORK/out-$side
  [ "$side" = new ] && model=$NEW_MODEL
  local args=("$@")
  [ "${args[0]}" = run ] && args=(run --model "$model" "${args[@]:1}")
  local st
  read -r T M st < <("$WORK/bench_exec" --out "$out" -- "$WORK/$side-vgicsim" "${args[@]}")
  if [ "$st" != 0 ] && [ "$st" != 1 ]; then
    echo "compare-main: $side vgicsim ${args[*]} failed (exit $st)" >&2
    exit 1
  fi
}

printf '\nold %s, new %s; %s runs per side, interleaved; model %s / %s\n' \
  "$(git -C "$ROOT" rev-parse --short "$OLD")" \
  "$( [ -n "$NEW" ] && git -C "$ROOT" rev-parse --short "$NEW" || echo 'working tree')" \
  "$REPS" "$MODEL" "$NEW_MODEL"
printf '%-34s %12s %12s %9s  %s\n' figure old new new/old note
row() { printf '%-34s %12s %12s %9s  %s\n' "$@"; }

# pair LABEL ARGS...: interleaved runs; prints median seconds and the speed ratio; sets
# OLD_MIB / NEW_MIB (median peak memory) and EVENTS (from the new build's report).
pair() {
  local label=$1; shift
  local ot=() nt=() om=() nm=()
  for _ in $(seq "$REPS"); do
    once old "$@"; ot+=("$T"); om+=("$M")
    once new "$@"; nt+=("$T"); nm+=("$M")
  done
  local o n
  o=$(median "${ot[@]}") n=$(median "${nt[@]}")
  OLD_MIB=$(awk -v k="$(median "${om[@]}")" 'BEGIN {printf "%.1f", k / 1024}')
  NEW_MIB=$(awk -v k="$(median "${nm[@]}")" 'BEGIN {printf "%.1f", k / 1024}')
  EVENTS=$(grep -o '[0-9][0-9]* events' "$WORK/out-new" | head -1 | cut -d' ' -f1 || true)
  local note=""
  [ -n "$EVENTS" ] && note=$(awk -v e="$EVENTS" -v o="$o" -v n="$n" \
    'BEGIN {printf "%.2f -> %.2f M events/s", e / o / 1e6, e / n / 1e6}')
  # Same report, apart from the line naming the build's commit (an archived tree has none).
  if cmp -s <(grep -v commit "$WORK/out-old") <(grep -v commit "$WORK/out-new"); then
    note="${note:+$note; }same output"
  fi
  row "$label (s)" "$(printf %.3f "$o")" "$(printf %.3f "$n")" \
    "$(awk -v o="$o" -v n="$n" 'BEGIN {printf "%.2fx", o / n}')" "$note"
}

for fig in $FIGURES; do
  case $fig in
  gen)
    for p in 8-200000 64-200000 8-2000000 64-2000000 512-200000; do
      pair "gen ${p%-*} vCPUs ${p#*-} interrupts" run "$S/gen-$p.yaml"
    done ;;
  burst)
    for b in 64 960; do pair "burst of $b SPIs" run "$S/burst-$b.yaml"; done ;;
  trace)
    pair "trace $TRACE_STEPS steps: load" validate "$S/trace-$TRACE_STEPS.yaml"
    pair "trace $TRACE_STEPS steps: load+run" run "$S/trace-$TRACE_STEPS.yaml"
    row "trace $TRACE_STEPS steps: peak MiB" "$OLD_MIB" "$NEW_MIB" \
      "$(awk -v o="$OLD_MIB" -v n="$NEW_MIB" 'BEGIN {printf "%.2fx", n / o}')" "memory new/old" ;;
  memory)
    pair "memory: gen 8 vCPUs 200000" run "$S/gen-8-200000.yaml"
    o1=$OLD_MIB n1=$NEW_MIB
    pair "memory: gen 8 vCPUs 2000000" run "$S/gen-8-2000000.yaml"
    row "peak MiB at 200000 interrupts" "$o1" "$n1" "" ""
    row "peak MiB at 2000000 interrupts" "$OLD_MIB" "$NEW_MIB" "" ""
    row "peak growth for 10x interrupts" \
      "$(awk -v a="$o1" -v b="$OLD_MIB" 'BEGIN {printf "%.2fx", b / a}')" \
      "$(awk -v a="$n1" -v b="$NEW_MIB" 'BEGIN {printf "%.2fx", b / a}')" "" "target: within 1.20x" ;;
  engine)
    ov=() nv=() inc=()
    for _ in $(seq "$REPS"); do
      for side in old new; do
        "$WORK/$side-eq_hold" --holds 3000000 --reps 1 1000 >"$WORK/hold-$side"
        v=$(sed -n 's/.*median [0-9.]* s *\([0-9.]*\) Mev.*/\1/p' "$WORK/hold-$side")
        if [ "$side" = old ]; then ov+=("$v"); else nv+=("$v"); fi
        # What drawing the increments alone costs (log(); the same on both sides).
        i=$(sed -n 's/^drawing the increments alone: \([0-9.]*\) ns.*/\1/p' "$WORK/hold-$side")
        inc+=("$i")
      done
    done
    o=$(median "${ov[@]}") n=$(median "${nv[@]}") i=$(median "${inc[@]}")
    row "engine hold, 1000 pending (Mev/s)" "$o" "$n" \
      "$(awk -v o="$o" -v n="$n" 'BEGIN {printf "%.2fx", n / o}')" \
      "target: 25 M events/s; increments alone $i ns a hold" ;;
  *) echo "compare-main: unknown figure '$fig'" >&2; exit 2 ;;
  esac
done
