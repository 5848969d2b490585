#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check-layers.sh [ROOT]: the floors of src/ hold (docs/architecture.md, "Floors").
#
#  1. Every folder of src/, and src/main.c, has one row in the floors table of
#     docs/architecture.md: its floor and the folders it may include.
#  2. A file includes only headers of its own folder and of the folders its row names, and
#     a row names only folders on lower floors: no folder includes a folder above it or
#     beside it. Every folder a row names is included by some file of the row's folder,
#     so the table says what the code does, not what it once did.
#  3. A header named *_internal.h is private to its folder: no file outside that folder
#     includes it (the white-box unit tests of tests/unit/ excepted), in src/, tests/ and
#     bench/ alike.
#
# Every violation is printed as FILE:LINE: ...; the exit status is 1 if there is any, else
# 0. The build runs it before compiling (src/CMakeLists.txt); ctest runs it on the tree
# (`layers`) and on copies of the tree it must refuse (`layers_refuses`, tests/layers/).
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
doc=docs/architecture.md
[ -f "$doc" ] && [ -d src ] || { echo "check-layers.sh: no $doc or src/ under $root" >&2; exit 2; }

# Includes as FILE:LINE:HEADER, from every C file of src/, tests/ and bench/.
includes=$(grep -rnE --include='*.c' --include='*.h' \
             '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' src tests bench 2>/dev/null |
           sed -E 's/^([^:]+):([0-9]+):.*"([^"]+)".*/\1:\2:\3/' || true)
# The units of src/: its folders, and the program's main.c.
units=$( (find src -mindepth 1 -maxdepth 1 -type d -printf '%f/\n'
          [ -f src/main.c ] && echo main.c) | sort)

awk -v doc="$doc" '
function unit_of(path,   p) {          # "src/sim/sim.c" -> "sim/", "src/main.c" -> "main.c"
    if (path !~ /^src\//) return ""
    p = substr(path, 5)
    return index(p, "/") ? substr(p, 1, index(p, "/")) : p
}
function fail(where, msg) { print where ": " msg; bad = 1 }

NR == FNR {   # docs/architecture.md
    # The table starts at its header row and ends at the first line that is not a row.
    if ($0 ~ /^\| *floor *\| *folder *\| *may include *\|/) { in_table = 1; next }
    if (!in_table) next
    if ($0 !~ /^\|/) { in_table = 0; next }
    if ($0 ~ /^\|[-: |]+$/) next
    n = split($0, cell, "|")
    floor_text = cell[2]; gsub(/[ `]/, "", floor_text)
    unit = cell[3]; sub(/^[^`]*`/, "", unit); sub(/`.*/, "", unit)
    if (floor_text !~ /^[0-9]+$/ || unit == "") { fail(doc ":" FNR, "a floors row must read | FLOOR | `FOLDER/` | `A/`, `B/` |"); next }
    if (unit in floor) fail(doc ":" FNR, unit " has two rows")
    floor[unit] = floor_text + 0; row_line[unit] = FNR; rows++
    rest = cell[4]
    while (match(rest, /`[^`]+`/)) {
        dep = substr(rest, RSTART + 1, RLENGTH - 2)
        may[unit, dep] = 1; deps[unit] = deps[unit] " " dep
        rest = substr(rest, RSTART + RLENGTH)
    }
    next
}
/^@units$/ { mode = "units"; next }
/^@includes$/ { mode = "includes"; next }
mode == "units" { exists[$0] = 1; next }
mode == "includes" {
    # FILE:LINE:HEADER
    file = $0; sub(/:.*/, "", file)
    rest = substr($0, length(file) + 2); line = rest; sub(/:.*/, "", line)
    header = substr(rest, length(line) + 2)
    from = unit_of(file)
    to = index(header, "/") ? substr(header, 1, index(header, "/")) : from
    if (header ~ /_internal\.h$/ && to != "" && from != to && file !~ /^tests\/unit\//)
        fail(file ":" line, "includes \"" header "\", which is private to src/" to \
             " (an _internal.h header)")
    if (from == "" || to == from || !(from in floor) || !((to) in exists)) next
    used[from, to] = 1
    if (!((from, to) in may))
        fail(file ":" line, from " (floor " floor[from] ") includes \"" header "\": " \
             (to in floor && floor[to] >= floor[from] ? to " is on floor " floor[to] ", not below" \
                                                       : "its row does not name " to) \
             " (" doc ", \"Floors\")")
    next
}
END {
    if (!rows) { print doc ": no floors table (| floor | folder | may include |)"; exit 1 }
    for (u in exists)
        if (!(u in floor)) fail("src/" u, "has no row in the floors table of " doc)
    for (u in floor) {
        if (!(u in exists)) { fail(doc ":" row_line[u], "no src/" u); continue }
        n = split(deps[u], d, " ")
        for (i = 1; i <= n; i++) {
            if (!(d[i] in floor)) fail(doc ":" row_line[u], u " may include " d[i] ", which has no row")
            else if (floor[d[i]] >= floor[u])
                fail(doc ":" row_line[u], u " (floor " floor[u] ") may include " d[i] \
                     " (floor " floor[d[i]] "): a folder includes only floors below it")
            if (!((u, d[i]) in used))
                fail(doc ":" row_line[u], u " may include " d[i] \
                     ", but no file of src/" u " does: drop it from the row")
        }
    }
    exit bad
}
' "$doc" - <<EOF
@units
$units
@includes
$includes
EOF
