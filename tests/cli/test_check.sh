#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Command-line options of `vgicsim check`: --set and --seed are the ones `run` and `sweep`
# take (one parser, src/cli/scenario_options.c), with the same help and the same
# messages; --model is not one of them (--lead and --against name the models).
# (check --jobs: test_run.sh, beside run --jobs.)
# usage: test_check.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml

# opt_help COMMAND OPTION: OPTION's entry in COMMAND's --help, continuation lines included.
opt_help() {
  "$bin" "$1" --help | awk -v opt="--$2=" '/^  (    )?(-., )?--[a-z]/ { on = index($0, opt) > 0 } on'
}

for opt in set seed; do
  want=$(opt_help run $opt)
  for cmd in check sweep; do
    got=$(opt_help $cmd $opt)
    check "$cmd --help lists --$opt as run --help does" \
      $([ -n "$want" ] && [ "$got" = "$want" ]; echo $?) "$(printf 'run:\n%s\n%s:\n%s' "$want" "$cmd" "$got")"
  done
done
out=$("$bin" check --help 2>&1)
check "check --help has no --model" $(! grep -q -e "--model" <<<"$out"; echo $?) "$out"
for opt in --model=ref -mref; do
  out=$("$bin" check "$opt" "$scn" 2>&1); st=$?
  check "check $opt is bad usage" $([ $st -eq 2 ]; echo $?) "$out"
done

# A bad --seed: exit 2 and run's message, word for word but the command's name. Nothing
# wraps or is clamped.
for bad in 18446744073709551616 " -5" -3 "" 5x 0x; do
  want=$("$bin" run --seed "$bad" "$scn" 2>&1 | sed 's/vgicsim run/vgicsim check/g')
  out=$("$bin" check --seed "$bad" "$scn" 2>&1); st=$?
  check "check --seed '$bad': exit 2 and run's message" \
    $([ $st -eq 2 ] && grep -q "^vgicsim check: --seed expects a non-negative integer, got '$bad'$" <<<"$out" &&
      [ "$out" = "$want" ]; echo $?) "$(printf 'run (renamed):\n%s\ncheck:\n%s' "$want" "$out")"
done

# A good --seed is the scenario's seed: the scenario number syntax, and the same run as
# --set seed=N.
out=$("$bin" check --seed 1_000 "$scn" 2>&1); st=$?
check "check --seed takes the scenario number syntax" $([ $st -eq 0 ]; echo $?) "$out"
a=$("$bin" check --seed 5 "$scn" 2>&1)
b=$("$bin" check --set seed=5 "$scn" 2>&1)
c=$("$bin" check "$scn" 2>&1)
check "check --seed N runs as --set seed=N, and not as the scenario's seed" \
  $([ "$a" = "$b" ] && [ "$a" != "$c" ]; echo $?) "$(printf '%s\n' "$a" "$b" "$c")"

# A bad --set: exit 2 and run's located message; every --set counted, in order.
for sets in "gic.list_registers=99" "seed=3 bogus=1"; do
  args=()
  for s in $sets; do args+=(--set "$s"); done
  want=$("$bin" run "${args[@]}" "$scn" 2>&1)
  out=$("$bin" check "${args[@]}" "$scn" 2>&1); st=$?
  check "check --set $sets: exit 2 and run's message" \
    $([ $st -eq 2 ] && grep -q "^--set:[0-9]*:[0-9]*: error: " <<<"$out" && [ "$out" = "$want" ]; echo $?) \
    "$(printf 'run:\n%s\ncheck:\n%s' "$want" "$out")"
done
# A --set without '=' is refused before anything is loaded, as run refuses it.
want=$("$bin" run --set gic "$scn" 2>&1 | sed 's/vgicsim run/vgicsim check/g')
out=$("$bin" check --set gic "$scn" 2>&1); st=$?
check "check --set gic: exit 2 and run's message" \
  $([ $st -eq 2 ] && grep -q "^vgicsim check: --set expects KEY=VALUE (e.g. --set gic.list_registers=8), got 'gic'$" <<<"$out" &&
    [ "$out" = "$want" ]; echo $?) "$(printf 'run (renamed):\n%s\ncheck:\n%s' "$want" "$out")"
out=$("$bin" check --set run.until=1_000_000 "$scn" 2>&1); st=$?
full=$("$bin" check "$scn" 2>&1)
check "check --set changes what is checked" \
  $([ $st -eq 0 ] && [ "$(grep -o '[0-9]* operations' <<<"$out" | cut -d' ' -f1)" -lt \
      "$(grep -o '[0-9]* operations' <<<"$full" | cut -d' ' -f1)" ]; echo $?) "$(printf '%s\n' "$out" "$full")"

finish
