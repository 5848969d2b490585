#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The progress line of `run` and `sweep`: on a terminal (standard error a TTY, given by
# script(1)) it counts the work done with the time elapsed and left, and is erased at the
# end; otherwise nothing at all is written for it, and the reports are the same bytes.
# usage: test_progress.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml

# Not a terminal: standard error stays empty, whatever the command.
"$bin" run --repeat 2 "$scn" >"$tmp/run.txt" 2>"$tmp/run.err"; st=$?
check "run, standard error not a terminal: no progress, nothing on it" \
  $([ $st -eq 0 ] && [ ! -s "$tmp/run.err" ] && [ -s "$tmp/run.txt" ]; echo $?) "exit $st: $(cat -v "$tmp/run.err")"
"$bin" sweep "$scn" --vary gic.list_registers=1..3 -j 2 >"$tmp/sweep.txt" 2>"$tmp/sweep.err"; st=$?
check "sweep, standard error not a terminal: nothing on it" \
  $([ $st -eq 0 ] && [ ! -s "$tmp/sweep.err" ] && [ -s "$tmp/sweep.txt" ]; echo $?) "exit $st: $(cat -v "$tmp/sweep.err")"
# Standard error a pipe: not a terminal either.
err=$("$bin" run --model ref "$scn" 2>&1 >/dev/null | cat)
check "run, standard error a pipe: nothing on it" $([ -z "$err" ]; echo $?) "$(cat -v <<<"$err")"

if ! command -v script >/dev/null; then
  check "script(1) is installed (util-linux/bsdutils), for the terminal tests" 1 ""
  finish
  exit
fi
# On a terminal: script gives the command a pseudo-terminal; the report goes to a file.
script -qec "'$bin' run --repeat 2 --jobs 1 '$scn' >'$tmp/run-tty.txt'" /dev/null >"$tmp/tty.out" 2>&1; st=$?
tty=$(cat -v "$tmp/tty.out")
check "run on a terminal: 0/4, then each simulation with the time left, erased at the end" \
  $([ $st -eq 0 ] && grep -qF '^Mvgicsim run: 0/4 simulations (0 %), 0 s elapsed^[[K' <<<"$tty" &&
    grep -Eq '\^Mvgicsim run: 1/4 simulations \(25 %\), [0-9]+ s elapsed, about [0-9]+ s left\^\[\[K' <<<"$tty" &&
    grep -Eq '\^Mvgicsim run: 4/4 simulations \(100 %\), [0-9]+ s elapsed\^\[\[K\^M\^\[\[K$' <<<"$tty"; echo $?) \
  "exit $st: $tty"
check "run on a terminal: the report is the same bytes" $(cmp -s "$tmp/run.txt" "$tmp/run-tty.txt"; echo $?) \
  "$(diff "$tmp/run.txt" "$tmp/run-tty.txt" | head)"

script -qec "'$bin' sweep '$scn' --vary gic.list_registers=1..3 -j 2 >'$tmp/sweep-tty.txt'" /dev/null >"$tmp/tty.out" 2>&1; st=$?
tty=$(cat -v "$tmp/tty.out")
check "sweep on a terminal: points done, time left, erased at the end" \
  $([ $st -eq 0 ] && grep -qF '^Mvgicsim sweep: 0/3 points (0 %), 0 s elapsed^[[K' <<<"$tty" &&
    grep -Eq 'vgicsim sweep: 1/3 points \(33 %\), [0-9]+ s elapsed, about [0-9]+ s left' <<<"$tty" &&
    grep -Eq '\^Mvgicsim sweep: 3/3 points \(100 %\), [0-9]+ s elapsed\^\[\[K\^M\^\[\[K$' <<<"$tty"; echo $?) \
  "exit $st: $tty"
check "sweep on a terminal: the table is the same bytes" $(cmp -s "$tmp/sweep.txt" "$tmp/sweep-tty.txt"; echo $?) \
  "$(diff "$tmp/sweep.txt" "$tmp/sweep-tty.txt" | head)"

# A message printed while the line is up starts on a line of its own.
script -qec "'$bin' run --jobs 1 '$fx/failing_expectations.yaml' >/dev/null" /dev/null >"$tmp/tty.out" 2>&1; st=$?
tty=$(cat -v "$tmp/tty.out")
check "run on a terminal: an expectation failure erases the line first" \
  $([ $st -eq 1 ] && grep -qF "^M^[[K$fx/failing_expectations.yaml:7:5: expectation failed (ref)" <<<"$tty"; echo $?) \
  "exit $st: $tty"

finish
