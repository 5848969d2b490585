#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Determinism: same scenario + seed + build => byte-identical report. Every scenario of
# scenarios/ and tests/conformance/ is run twice with --format json and the reports
# compared byte for byte; then once more under another locale (de_DE.UTF-8, built
# into a temporary directory with localedef when the locales data is installed;
# C.UTF-8 otherwise) and time zone (Asia/Kathmandu, UTC+05:45), compared byte for byte
# with the first (the text report too, whose numbers a locale could change).
# usage: run.sh VGICSIM SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

other_locale=C.UTF-8
mkdir -p "$tmp/locale"
if localedef -i de_DE -f UTF-8 "$tmp/locale/de_DE.UTF-8" >/dev/null 2>&1; then
  export LOCPATH=$tmp/locale
  other_locale=de_DE.UTF-8
  # The generated locale must really use a decimal comma, or the test proves little.
  if [ "$(LC_ALL=$other_locale /usr/bin/printf '%.1f' 1,5 2>/dev/null)" != "1,5" ]; then
    echo "note: de_DE.UTF-8 does not format 1,5; comparing under it anyway"
  fi
else
  echo "note: localedef could not build de_DE.UTF-8 (package locales?); using C.UTF-8"
fi

run() {  # run OUT FORMAT SCENARIO [env...]
  local out=$1 fmt=$2 scn=$3
  shift 3
  env "$@" "$bin" run --format "$fmt" -o "$out" "$scn" >/dev/null 2>&1
  local st=$?
  [ "$st" -eq 0 ] || [ "$st" -eq 1 ]
}

while IFS= read -r -d '' scn; do
  name=${scn#"$src"/}
  why=
  if ! run "$tmp/a.json" json "$scn" LC_ALL=C TZ=UTC; then
    why="run failed"
  elif ! run "$tmp/b.json" json "$scn" LC_ALL=C TZ=UTC; then
    why="second run failed"
  elif ! cmp -s "$tmp/a.json" "$tmp/b.json"; then
    why="two runs differ"
  elif ! run "$tmp/c.json" json "$scn" LC_ALL=$other_locale LANG=$other_locale TZ=Asia/Kathmandu; then
    why="run under $other_locale failed"
  elif ! cmp -s "$tmp/a.json" "$tmp/c.json"; then
    why="JSON differs under $other_locale and TZ=Asia/Kathmandu"
  elif ! run "$tmp/a.txt" text "$scn" LC_ALL=C TZ=UTC ||
       ! run "$tmp/c.txt" text "$scn" LC_ALL=$other_locale LANG=$other_locale TZ=Asia/Kathmandu; then
    why="text run failed"
  elif ! cmp -s "$tmp/a.txt" "$tmp/c.txt"; then
    why="text report differs under $other_locale and TZ=Asia/Kathmandu"
  fi
  if [ -n "$why" ]; then
    echo "FAIL $name: $why"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done < <(find "$src/scenarios" "$src/tests/conformance" -name '*.yaml' -print0 | sort -z)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
