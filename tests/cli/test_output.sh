#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Output safety (src/util/output_file.c, the one writer every command uses): write errors are
# reported with exit 2, nothing is half-written, a read-only file is left alone, an
# existing file keeps its mode, `-o -` is standard output.
# usage: test_output.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
scn=$src/scenarios/default.yaml
cd "$tmp"
# No temporary file may be left behind, whatever happened.
leftovers() { ls -A "$tmp" | grep -c 'vgicsim-'; }

out=$("$bin" run -o /dev/full "$scn" 2>&1); st=$?
check "-o /dev/full: exit 2 and a message" \
  $([ $st -eq 2 ] && grep -q "^vgicsim run: cannot write /dev/full: No space left on device$" <<<"$out"; echo $?) "$out"
out=$("$bin" run "$scn" 2>&1 >/dev/full); st=$?
check "a full standard output: exit 2 and a message" \
  $([ $st -eq 2 ] && grep -q "^vgicsim run: cannot write standard output: No space left on device$" <<<"$out"; echo $?) "$out"
out=$("$bin" run "$scn" 2>&1 >&-); st=$?
check "a closed standard output: exit 2 and a message" \
  $([ $st -eq 2 ] && grep -q "^vgicsim run: cannot write standard output: Bad file descriptor$" <<<"$out"; echo $?) "$out"
out=$("$bin" run --format json -o - "$scn" 2>&1 | head -c 200); st=$?
check "-o - is standard output" $(grep -q '"report_format": 2' <<<"$out"; echo $?) "$out"
"$bin" run -o "$tmp/report.txt" "$scn" >"$tmp/stdout.txt" 2>&1; st=$?
check "-o FILE writes nothing on standard output" \
  $([ $st -eq 0 ] && [ ! -s "$tmp/stdout.txt" ] && grep -q "^model ref" "$tmp/report.txt"; echo $?) "$(cat "$tmp/stdout.txt")"

echo "keep me" >"$tmp/ro.txt"
chmod 444 "$tmp/ro.txt"
out=$("$bin" run -o "$tmp/ro.txt" "$scn" 2>&1); st=$?
check "a read-only file is not replaced (even by root): exit 2, file untouched" \
  $([ $st -eq 2 ] && grep -q "cannot write $tmp/ro.txt: Permission denied" <<<"$out" &&
    [ "$(cat "$tmp/ro.txt")" = "keep me" ] && [ "$(stat -c %a "$tmp/ro.txt")" = 444 ] &&
    [ "$(leftovers)" -eq 0 ]; echo $?) "$out"

echo old >"$tmp/mode.txt"
chmod 640 "$tmp/mode.txt"
"$bin" run -o "$tmp/mode.txt" "$scn"; st=$?
check "an existing file keeps its mode" \
  $([ $st -eq 0 ] && [ "$(stat -c %a "$tmp/mode.txt")" = 640 ] && grep -q "^model ref" "$tmp/mode.txt"; echo $?) \
  "$(stat -c %a "$tmp/mode.txt")"
(umask 077 && "$bin" run -o "$tmp/new.txt" "$scn"); st=$?
check "a new file gets the umask's mode" \
  $([ $st -eq 0 ] && [ "$(stat -c %a "$tmp/new.txt")" = 600 ]; echo $?) "$(stat -c %a "$tmp/new.txt")"
(umask 022 && "$bin" run -o "$tmp/new2.txt" "$scn"); st=$?
check "a new file gets the umask's mode (022)" \
  $([ $st -eq 0 ] && [ "$(stat -c %a "$tmp/new2.txt")" = 644 ]; echo $?) "$(stat -c %a "$tmp/new2.txt")"

echo old >"$tmp/target.txt"
ln -s target.txt "$tmp/link.txt"
"$bin" run --format csv -o "$tmp/link.txt" "$scn"; st=$?
check "a symbolic link stays a link; its target is written" \
  $([ $st -eq 0 ] && [ -L "$tmp/link.txt" ] && head -1 "$tmp/target.txt" | grep -q "^model,metric"; echo $?) \
  "$(ls -l "$tmp")"
ln -s nowhere/x.txt "$tmp/dangling.txt"
out=$("$bin" run -o "$tmp/dangling.txt" "$scn" 2>&1); st=$?
check "a dangling link is refused" \
  $([ $st -eq 2 ] && grep -q "cannot write $tmp/dangling.txt: No such file or directory" <<<"$out"; echo $?) "$out"

# A write that fails half-way (the file size limit: EFBIG once SIGXFSZ is ignored) leaves
# the previous file as it was and no temporary file.
echo "previous report" >"$tmp/big.txt"
out=$(trap '' XFSZ; ulimit -f 2; "$bin" run --format json -o "$tmp/big.txt" "$scn" 2>&1); st=$?
check "a write failing half-way leaves the old file whole and no temporary file" \
  $([ $st -eq 2 ] && grep -q "cannot write $tmp/big.txt: File too large" <<<"$out" &&
    [ "$(cat "$tmp/big.txt")" = "previous report" ] && [ "$(leftovers)" -eq 0 ]; echo $?) "$out"
out=$(trap '' XFSZ; ulimit -f 2; "$bin" run --format json -o "$tmp/big_new.txt" "$scn" 2>&1); st=$?
check "... and creates no new file" \
  $([ $st -eq 2 ] && [ ! -e "$tmp/big_new.txt" ] && [ "$(leftovers)" -eq 0 ]; echo $?) "$out"

out=$("$bin" run -o "$tmp" "$scn" 2>&1); st=$?
check "a directory is refused" $([ $st -eq 2 ] && grep -q "cannot write $tmp: Is a directory" <<<"$out"; echo $?) "$out"
out=$("$bin" run -o "$tmp/nodir/r.txt" "$scn" 2>&1); st=$?
check "a missing directory is refused" \
  $([ $st -eq 2 ] && grep -q "cannot write $tmp/nodir/r.txt: No such file or directory" <<<"$out"; echo $?) "$out"
out=$("$bin" run -o "" "$scn" 2>&1); st=$?
check "an empty name is refused" $([ $st -eq 2 ] && grep -q "cannot write '': No such file" <<<"$out"; echo $?) "$out"
"$bin" run -o /dev/null "$scn"; st=$?
check "a device is written in place (/dev/null)" $([ $st -eq 0 ] && [ -c /dev/null ]; echo $?) ""
check "no temporary file is ever left behind" $([ "$(leftovers)" -eq 0 ]; echo $?) "$(ls -A "$tmp")"

finish
