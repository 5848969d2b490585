#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Command-line behaviour of `vgicsim validate`: exit statuses and located messages.
# usage: test_validate.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

# expect NAME STATUS PATTERN CMD...: the command exits with STATUS and its combined
# output matches the extended regular expression PATTERN.
expect() {
  local name=$1 want=$2 pattern=$3
  shift 3
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL $name: exit $status, expected $want"; echo "$out" | sed 's/^/    /'
    fail=$((fail + 1))
  elif ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output does not match /$pattern/"; echo "$out" | sed 's/^/    /'
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

expect "default scenario is valid" 0 "default.yaml: valid" "$bin" validate "$src/scenarios/default.yaml"
expect "quiet prints nothing" 0 '^$' "$bin" validate -q "$src/scenarios/default.yaml"

# Three distinct mistakes: three located errors, exit 2.
out=$("$bin" validate "$fx/three_mistakes.yaml" 2>&1); status=$?
lines=$(grep -c ': error: ' <<<"$out")
if [ "$status" -eq 2 ] && [ "$lines" -eq 3 ] &&
   grep -q "three_mistakes.yaml:7:19: error: gic.list_registers: 17 is out of range (1..16)" <<<"$out" &&
   grep -q "three_mistakes.yaml:9:3: error: unknown key 'mdoe' in guest (did you mean 'mode'?)" <<<"$out" &&
   grep -q "three_mistakes.yaml:11:19: error: trace\[0\].line.intid: INTID 200 does not exist" <<<"$out"; then
  pass=$((pass + 1))
else
  echo "FAIL three mistakes: exit $status, $lines errors"; echo "$out" | sed 's/^/    /'
  fail=$((fail + 1))
fi

expect "syntax error is located" 2 "syntax_error.yaml:3:6: error: YAML syntax error" \
  "$bin" validate "$fx/syntax_error.yaml"

: >"$tmp/empty.yaml"
expect "empty file" 2 "empty.yaml:1:1: error: the scenario file is empty" "$bin" validate "$tmp/empty.yaml"
printf 'version: 1\n\0\1\2\3binary' >"$tmp/blob.bin"
expect "binary file" 2 "blob.bin:2:1: error: this is a binary file" "$bin" validate "$tmp/blob.bin"
expect "missing file" 2 "nope.yaml: error: cannot open the scenario: No such file or directory" \
  "$bin" validate "$tmp/nope.yaml"
expect "directory" 2 "error: cannot open the scenario: it is a folder" "$bin" validate "$tmp"

# Every file is reported; the status is 2 if any is invalid.
expect "mixed files" 2 "default.yaml: valid" "$bin" validate "$src/scenarios/default.yaml" "$tmp/empty.yaml"

# --set is validated like the file and located in its own argument.
expect "--set valid" 0 "8 vCPUs" "$bin" validate --set gic.vcpus=8 "$src/scenarios/default.yaml"
expect "--set out of range" 2 "^--set:1:20: error: gic.list_registers: 99 is out of range" \
  "$bin" validate --set gic.list_registers=99 "$src/scenarios/default.yaml"
expect "--set second option" 2 "^--set:2:1: error: unknown key 'bogus' in the scenario" \
  "$bin" validate --set seed=3 --set bogus=1 "$src/scenarios/default.yaml"
expect "--set malformed" 2 "^--set:1:1: error: 'gic' : --set expects KEY=VALUE|--set expects KEY=VALUE" \
  "$bin" validate --set gic "$src/scenarios/default.yaml"

# Standard input ('-'), located as <stdin>.
expect "stdin valid" 0 "^<stdin>: valid: 'default-timer-virtio-ipi'" sh -c "\"\$1\" validate - <\"\$2\"" _ "$bin" "$src/scenarios/default.yaml"
printf 'version: 1\ngic: {version: 3, vcpus: 2}\ntrace: [{pulse: {intid: 400}}]\n' >"$tmp/bad.yaml"
expect "stdin invalid" 2 "^<stdin>:3:25: error: trace\[0\].pulse.intid: INTID 400" \
  sh -c "\"\$1\" validate - <\"\$2\"" _ "$bin" "$tmp/bad.yaml"

printf 'version: 1\ngic: {version: 3, vcpus: 2}\ntrace: [{pulse: {intid: 40}}]\n' >"$tmp/noname.yaml"
expect "stdin default name" 0 "^<stdin>: valid: 'stdin'" sh -c "\"\$1\" validate - <\"\$2\"" _ "$bin" "$tmp/noname.yaml"

# Endless or binary input is refused at once, without reading it all.
expect "/dev/zero" 2 "^/dev/zero:1:1: error: this is a binary file" timeout 10 "$bin" validate /dev/zero
expect "/dev/urandom" 2 "^/dev/urandom:[0-9]+:[0-9]+: error: (invalid text|this is a binary file)" \
  timeout 10 "$bin" validate /dev/urandom

# A summary that cannot be written is an error (status 2), not a success.
expect "stdout full" 2 "vgicsim validate: cannot write the standard output: No space left" \
  sh -c "\"\$1\" validate \"\$2\" >/dev/full" _ "$bin" "$src/scenarios/default.yaml"
expect "stdout closed" 2 "vgicsim validate: cannot write the standard output" \
  sh -c "\"\$1\" validate \"\$2\" >&-" _ "$bin" "$src/scenarios/default.yaml"

# Cycle values and costs beyond the limits are refused where they are written.
expect "--set cost too large" 2 "^--set:1:12: error: costs.trap: 18446744073709551615 cycles is more than the largest cost" \
  "$bin" validate --set costs.trap=18446744073709551615 "$src/scenarios/default.yaml"
expect "--set handler too large" 2 "^--set:1:15: error: guest.handler: 18446744073709551615 cycles is more than the largest cycle value" \
  "$bin" validate --set guest.handler=18446744073709551615 "$src/scenarios/default.yaml"
expect "--set until too large" 2 "^--set:1:11: error: run.until: 0x1_0000_0000_0001 cycles" \
  "$bin" validate --set run.until=0x1_0000_0000_0001 "$src/scenarios/default.yaml"
expect "--set tag" 2 "^--set:1:11: error: gic.vcpus: expected an integer, got the string '2' \(tagged !!str\)" \
  "$bin" validate --set 'gic.vcpus=!!str 2' "$src/scenarios/default.yaml"
expect "--set deep" 2 "^--set:1:[0-9]+: error: lists and maps are nested more than 64 deep" \
  "$bin" validate --set "seed=$(printf '[%.0s' $(seq 1 100))" "$src/scenarios/default.yaml"

# Usage.
expect "help" 0 "Usage: vgicsim" "$bin" --help
expect "validate help" 0 "--set=KEY=VALUE" "$bin" validate --help
expect "version" 0 "^vgicsim [0-9]+\.[0-9]+\.[0-9]+" "$bin" --version
expect "no command" 2 "no command given" "$bin"
expect "unknown command" 2 "unknown command 'frobnicate'" "$bin" frobnicate
expect "validate without files" 2 "no scenario given" "$bin" validate
expect "unknown option" 2 "unrecognized option" "$bin" validate --bogus x.yaml

finish
