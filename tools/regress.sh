#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Latency regression check of a folder of scenarios against stored baselines
# (docs/regression-tracking.md).
#
# usage: tools/regress.sh [OPTION...] DIR BASELINES [-- COMPARE-OPTION...]
#
# Runs every DIR/*.yaml with `vgicsim run --format json` and compares each report with
# BASELINES/NAME.json using `vgicsim compare` (COMPARE-OPTIONs, e.g. --threshold 2
# --min-samples 100, are passed on). With --update the new reports become the
# baselines instead (BASELINES is created if needed).
#
# Options:
#   --update          write the baselines instead of comparing
#   --repeat N        run each scenario over N seeds (vgicsim run --repeat N); use the
#                     same N for the baselines and the checks
#   --model MODEL     vgicsim run --model MODEL (default: vgicsim's, both)
#   --set KEY=VALUE   vgicsim run --set KEY=VALUE for every scenario (may be repeated);
#                     use the same ones for the baselines and the checks (compare
#                     refuses reports of different overrides: exit 2)
#   --format FORMAT   text (default) or markdown: how each comparison is printed
#   --out DIR         keep the new reports in DIR (default: a temporary folder, removed)
#   --vgicsim PATH    the vgicsim to run (default: $VGICSIM, else build/vgicsim of this
#                     checkout, else the installed vgicsim beside this script
#                     (PREFIX/bin), else vgicsim on the PATH)
#
# Exit status: 0 when every scenario matches its baseline (or every baseline was
# written), 1 when a scenario regressed or failed an expectation, 2 when something
# could not be checked (bad usage, an invalid scenario, a missing or unreadable
# baseline, reports of different scenarios or configurations).
set -u

usage() {
  grep -m1 '^# usage:' "$0" | sed 's/^# //' >&2
  echo "run 'tools/regress.sh --help' for the options" >&2
  exit 2
}
die() { echo "regress: $*" >&2; exit 2; }

update=0 repeat= model= format=text out= vgicsim=${VGICSIM:-} sets=()
while [ $# -gt 0 ]; do
  case $1 in
    --update) update=1 ;;
    --repeat) [ $# -ge 2 ] || usage; repeat=$2; shift ;;
    --model) [ $# -ge 2 ] || usage; model=$2; shift ;;
    --set)
      [ $# -ge 2 ] || usage
      case $2 in ?*=*) ;; *) die "--set expects KEY=VALUE, got '$2'" ;; esac
      sets+=(--set "$2"); shift ;;
    --set=*) sets+=(--set "${1#--set=}") ;;
    --format) [ $# -ge 2 ] || usage; format=$2; shift ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift ;;
    --vgicsim) [ $# -ge 2 ] || usage; vgicsim=$2; shift ;;
    --help|-h) sed -n '3,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) break ;;
    -*) die "unknown option '$1'" ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 2 ] || usage
dir=$1 baselines=$2
shift 2
if [ $# -gt 0 ]; then
  [ "$1" = "--" ] || die "unexpected argument '$1' (compare options go after --)"
  shift
fi
compare_opts=("$@")

case $format in text|markdown) ;; *) die "unknown format '$format' (text or markdown)" ;; esac
[ -d "$dir" ] || die "$dir: not a folder of scenarios"
if [ -z "$vgicsim" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  # A checkout (tools/ beside build/), or an installation (PREFIX/share/vgicsim/tools).
  if [ -x "$here/build/vgicsim" ]; then vgicsim=$here/build/vgicsim
  elif [ -x "$here/../../bin/vgicsim" ]; then vgicsim=$(cd "$here/../../bin" && pwd)/vgicsim
  else vgicsim=$(command -v vgicsim) || die "no vgicsim found (build it, or give --vgicsim PATH)"
  fi
fi
[ -x "$vgicsim" ] || die "$vgicsim: not an executable"

shopt -s nullglob
scenarios=("$dir"/*.yaml)
[ ${#scenarios[@]} -gt 0 ] || die "$dir: no *.yaml scenario in it"

if [ $update -eq 1 ]; then
  mkdir -p "$baselines" || die "$baselines: cannot create it"
elif [ ! -d "$baselines" ]; then
  die "$baselines: no such folder of baselines (make them with --update)"
fi
if [ -n "$out" ]; then
  mkdir -p "$out" || die "$out: cannot create it"
else
  out=$(mktemp -d) || die "cannot make a temporary folder"
  trap 'rm -rf "$out"' EXIT
fi

run_opts=(--format json)
[ -n "$repeat" ] && run_opts+=(--repeat "$repeat")
[ -n "$model" ] && run_opts+=(--model "$model")
run_opts+=(${sets[@]+"${sets[@]}"})

passed=0 regressed=0 errors=0
for scn in "${scenarios[@]}"; do
  name=$(basename "$scn" .yaml)
  base=$baselines/$name.json
  if [ $update -eq 1 ]; then
    # vgicsim writes the file completely or not at all.
    "$vgicsim" run "${run_opts[@]}" -o "$base" "$scn" >/dev/null
    st=$?
    case $st in
      0) echo "$name: baseline written ($base)"; passed=$((passed + 1)) ;;
      1) echo "$name: baseline written, but an expectation FAILED (see above)"; regressed=$((regressed + 1)) ;;
      *) echo "$name: ERROR: vgicsim run exited $st, no baseline"; errors=$((errors + 1)) ;;
    esac
    continue
  fi
  new=$out/$name.json
  "$vgicsim" run "${run_opts[@]}" -o "$new" "$scn" >/dev/null
  st=$?
  if [ $st -ge 2 ]; then
    echo "$name: ERROR: vgicsim run exited $st"
    errors=$((errors + 1))
    continue
  fi
  run_failed=$st
  if [ ! -f "$base" ]; then
    echo "$name: ERROR: no baseline $base (make it with --update)"
    errors=$((errors + 1))
    continue
  fi
  [ "$format" = text ] && echo "== $name"
  "$vgicsim" compare --format "$format" "${compare_opts[@]}" "$base" "$new"
  st=$?
  [ "$format" = markdown ] && echo
  case $st in
    0) ;;
    1) ;;
    *) echo "$name: ERROR: vgicsim compare exited $st"; errors=$((errors + 1)); continue ;;
  esac
  if [ $st -eq 1 ] || [ $run_failed -eq 1 ]; then
    [ $run_failed -eq 1 ] && echo "$name: an expectation FAILED (see above)"
    echo "$name: REGRESSED"
    regressed=$((regressed + 1))
  else
    passed=$((passed + 1))
  fi
done

if [ $update -eq 0 ]; then
  for base in "$baselines"/*.json; do
    name=$(basename "$base" .json)
    [ -f "$dir/$name.yaml" ] || echo "note: $base has no scenario $dir/$name.yaml any more"
  done
fi

what=$([ $update -eq 1 ] && echo "written" || echo "passed")
n=${#scenarios[@]}
echo "regress: $n scenario$([ "$n" -eq 1 ] || echo s): $passed $what, $regressed regressed or failed, $errors errors"
[ $errors -gt 0 ] && exit 2
[ $regressed -gt 0 ] && exit 1
exit 0
