#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The command line around the commands: -h is --help everywhere, a misspelt command gets a
# suggestion, `--set KEY VALUE` (no '=') is refused with the fix instead of VALUE being
# opened as a scenario.
# usage: test_usage.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
default=$src/scenarios/default.yaml

"$bin" -h >"$tmp/h" 2>&1; st=$?
"$bin" --help >"$tmp/help" 2>&1
check "vgicsim -h is vgicsim --help" \
  $([ $st -eq 0 ] && cmp -s "$tmp/h" "$tmp/help" && grep -q '^Commands:' "$tmp/h"; echo $?) "exit $st: $(head -3 "$tmp/h")"
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help")
check "the commands are listed" $([ "$(wc -w <<<"$commands")" -ge 9 ]; echo $?) "$commands"
for c in $commands; do
  "$bin" "$c" -h >"$tmp/h" 2>&1; st=$?
  "$bin" "$c" --help >"$tmp/help" 2>&1
  check "vgicsim $c -h is its --help" \
    $([ $st -eq 0 ] && cmp -s "$tmp/h" "$tmp/help" && grep -q "^Usage: vgicsim $c " "$tmp/h"; echo $?) \
    "exit $st: $(head -3 "$tmp/h")"
done
# -h is an option only where an option may stand: as the value of -o it is a file name.
(cd "$tmp" && "$bin" run --model ref -o -h "$default" >/dev/null 2>&1); st=$?
check "run -o -h writes the file '-h'" $([ $st -eq 0 ] && [ -s "$tmp/-h" ]; echo $?) "exit $st"

"$bin" runn >"$tmp/out" 2>&1; st=$?
check "vgicsim runn: did you mean 'run'?" \
  $([ $st -eq 2 ] && grep -q "^vgicsim: unknown command 'runn' (did you mean 'run'?)$" "$tmp/out"; echo $?) "exit $st: $(cat "$tmp/out")"
"$bin" swep x >"$tmp/out" 2>&1; st=$?
check "vgicsim swep: did you mean 'sweep'?" \
  $([ $st -eq 2 ] && grep -q "did you mean 'sweep'?" "$tmp/out"; echo $?) "exit $st: $(cat "$tmp/out")"
"$bin" frobnicate >"$tmp/out" 2>&1; st=$?
check "an unknown command far from any: no suggestion, the way to the list" \
  $([ $st -eq 2 ] && grep -q "^vgicsim: unknown command 'frobnicate'$" "$tmp/out" &&
    grep -q "Try 'vgicsim --help'" "$tmp/out"; echo $?) "exit $st: $(cat "$tmp/out")"

# --set KEY VALUE: refused before VALUE is taken for a scenario, with the fix.
for c in run validate sweep check; do
  "$bin" $c --set gic.list_registers 4 "$default" >"$tmp/out" 2>&1; st=$?
  check "$c --set gic.list_registers 4: did you mean --set gic.list_registers=4?" \
    $([ $st -eq 2 ] && grep -q "^vgicsim $c: --set expects KEY=VALUE, got 'gic.list_registers' (did you mean --set gic.list_registers=4?)$" "$tmp/out" &&
      ! grep -q "cannot open" "$tmp/out"; echo $?) "exit $st: $(cat "$tmp/out")"
done
"$bin" run "$default" --set gic.list_registers >"$tmp/out" 2>&1; st=$?
check "run --set KEY (last): KEY=VALUE expected" \
  $([ $st -eq 2 ] && grep -q "^vgicsim run: --set expects KEY=VALUE (e.g. --set gic.list_registers=8), got 'gic.list_registers'$" "$tmp/out"; echo $?) \
  "exit $st: $(cat "$tmp/out")"
"$bin" run --set gic.list_registers "$default" >"$tmp/out" 2>&1; st=$?
check "run --set KEY SCENARIO: no suggestion to take the scenario for the value" \
  $([ $st -eq 2 ] && grep -q "got 'gic.list_registers'$" "$tmp/out" && ! grep -q "did you mean" "$tmp/out"; echo $?) \
  "exit $st: $(cat "$tmp/out")"
"$bin" run --set =4 "$default" >"$tmp/out" 2>&1; st=$?
check "run --set =4: no key" $([ $st -eq 2 ] && grep -q "got '=4'" "$tmp/out"; echo $?) "exit $st: $(cat "$tmp/out")"

finish
