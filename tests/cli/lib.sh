# SPDX-License-Identifier: GPL-2.0-only
# Shared by the command-line test scripts (sourced, not run).
# Sets: bin, src, fx (fixtures), tmp (removed at exit); counts passes and failures.
bin=$1
src=$2
fx=$src/tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME RESULT DETAILS: RESULT 0 is a pass; DETAILS are printed on failure.
check() {
  if [ "$2" -eq 0 ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $1"
    echo "$3" | sed 's/^/    /'
    fail=$((fail + 1))
  fi
}

# finish: the closing summary line, and the script's exit status.
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
