#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installing (cmake --install): an installed copy runs its bundled default scenario from
# anywhere, even moved elsewhere; the man pages, bash completion, licence and docs are in
# place; --version names the commit, and the commit file follows new commits.
# usage: test_install.sh VGICSIM SOURCE_DIR BUILD_DIR
set -u
. "$(dirname "$0")/lib.sh"
build=$3
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; st=$?
check "cmake --install succeeds" $([ $st -eq 0 ]; echo $?) "$(tail -5 "$tmp/install.log")"
for f in bin/vgicsim share/vgicsim/scenarios/default.yaml share/vgicsim/scenarios/lr-pressure.yaml \
         share/man/man1/vgicsim.1 share/man/man1/vgicsim-sweep.1 share/man/man1/vgicsim-run.1 \
         share/man/man5/vgicsim-scenario.5 \
         share/bash-completion/completions/vgicsim share/doc/vgicsim/LICENSE share/doc/vgicsim/README.md \
         share/doc/vgicsim/docs/scale-out.md share/vgicsim/tools/sweep-parallel.sh share/vgicsim/tools/sweep-slurm.sh; do
  check "installed: $f" $([ -s "$prefix/$f" ]; echo $?) "$(ls -R "$prefix" | head -40)"
done
check "the licence is the GPL, version 2" \
  $(grep -q "GNU GENERAL PUBLIC LICENSE" "$prefix/share/doc/vgicsim/LICENSE" &&
    grep -q "Version 2, June 1991" "$prefix/share/doc/vgicsim/LICENSE"; echo $?) ""

# From another folder, with the source tree out of the way of any relative path.
mkdir -p "$tmp/elsewhere"
out=$(cd "$tmp/elsewhere" && "$prefix/bin/vgicsim" run 2>&1); st=$?
check "the installed copy runs its default scenario from another folder" \
  $([ $st -eq 0 ] && grep -qF "($prefix/share/vgicsim/scenarios/default.yaml)" <<<"$out" &&
    grep -q "delivery" <<<"$out"; echo $?) "exit $st: $(head -3 <<<"$out")"
mv "$prefix" "$tmp/moved"
ln -s "$tmp/moved/bin/vgicsim" "$tmp/elsewhere/vgicsim-link"
out=$(cd "$tmp/elsewhere" && ./vgicsim-link run 2>&1); st=$?
check "a moved installation, run through a symbolic link, finds its own scenario" \
  $([ $st -eq 0 ] && grep -qF "($tmp/moved/share/vgicsim/scenarios/default.yaml)" <<<"$out"; echo $?) \
  "exit $st: $(head -3 <<<"$out")"
mv "$tmp/moved" "$prefix"

page=$(MANWIDTH=100 man -l "$prefix/share/man/man1/vgicsim.1" 2>&1); st=$?
check "man -l vgicsim.1: the commands and their pages" \
  $([ $st -eq 0 ] && grep -q "sweep  *what-if study" <<<"$page" && grep -q "vgicsim-sweep(1)" <<<"$page"; echo $?) "$page"
page=$(MANWIDTH=100 man -l "$prefix/share/man/man1/vgicsim-sweep.1" 2>&1); st=$?
check "man -l vgicsim-sweep.1: its options" \
  $([ $st -eq 0 ] && grep -q "^NAME" <<<"$page" && grep -q "vgicsim-sweep - what-if study" <<<"$page" &&
    grep -q -- "--shard=K/N" <<<"$page"; echo $?) "$page"

# --version: the version and the commit the build came from.
ver=$("$prefix/bin/vgicsim" --version); st=$?
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  # The build's commit (git describe: HASH, or TAG-N-gHASH; -dirty with local changes):
  # HEAD, or an ancestor when commits came after the build.
  built=$(sed -n 's/^vgicsim [0-9.]* (commit \(.*-g\)\{0,1\}\([0-9a-f]\{12\}\)\(-dirty\)\{0,1\})$/\2/p' <<<"$ver")
  check "--version names the version and the commit it was built from" \
    $([ $st -eq 0 ] && [ -n "$built" ] && git -C "$src" merge-base --is-ancestor "$built" HEAD; echo $?) \
    "$ver (HEAD $(git -C "$src" rev-parse --short=12 HEAD))"
else
  check "--version outside git says the commit is unknown" \
    $([ $st -eq 0 ] && grep -q "(commit unknown)$" <<<"$ver"; echo $?) "$ver"
fi
# The generated commit file: rewritten when the commit changes, untouched otherwise.
repo=$tmp/repo
gen() { cmake -DSOURCE_DIR="$repo" -DOUT="$tmp/version.c" -DVERSION=9.9 -P "$src/cmake/version.cmake"; }
mkdir -p "$repo" && git -C "$repo" init -q && echo a >"$repo/f" && git -C "$repo" add f &&
  git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one && gen
first=$(git -C "$repo" rev-parse --short=12 HEAD)
touch -d '2000-01-01' "$tmp/version.c"; gen
check "commit file: names the commit; unchanged commit, file untouched" \
  $(grep -q "vgicsim_commit\[\] = \"$first\";" "$tmp/version.c" && [ "$(date -r "$tmp/version.c" +%Y)" = 2000 ]; echo $?) \
  "$(cat "$tmp/version.c")"
echo b >"$repo/f" && git -C "$repo" -c user.name=t -c user.email=t@t commit -qam two && gen
second=$(git -C "$repo" rev-parse --short=12 HEAD)
check "commit file: a new commit rewrites it" \
  $([ "$first" != "$second" ] && grep -q "vgicsim_commit\[\] = \"$second\";" "$tmp/version.c"; echo $?) "$(cat "$tmp/version.c")"
rm -rf "$repo/.git" && gen
check "commit file: outside git, unknown" $(grep -q 'vgicsim_commit\[\] = "unknown";' "$tmp/version.c"; echo $?) "$(cat "$tmp/version.c")"

# Bash completion, as bash runs it.
if [ -r /usr/share/bash-completion/bash_completion ]; then
  complete_words() {  # complete_words WORD...: what completing the last word offers
    bash -c '
      . /usr/share/bash-completion/bash_completion
      . "$1"; shift
      PATH=$(dirname "$1"):$PATH; shift
      COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      _vgicsim vgicsim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/vgicsim" "$prefix/bin/vgicsim" "$@" 2>/dev/null
  }
  out=$(complete_words vgicsim s)
  check "completion: commands" $([ "$out" = "sweep" ]; echo $?) "$out"
  out=$(complete_words vgicsim sweep --sh)
  check "completion: a command's options" $(grep -q "^--shard" <<<"$out"; echo $?) "$out"
  out=$(complete_words vgicsim sweep --metric delivery.p9)
  check "completion: option values" $([ "$(echo $out)" = "delivery.p90 delivery.p99" ]; echo $?) "$out"
  out=$(complete_words vgicsim sweep --metric stages.lr_wait.p9)
  check "completion: a stage's statistics" $([ "$(echo $out)" = "stages.lr_wait.p90 stages.lr_wait.p99" ]; echo $?) "$out"
  out=$(complete_words vgicsim merge --metric counters.exits_by_reason.w)
  check "completion: an exit reason" $([ "$(echo $out)" = "counters.exits_by_reason.wfi" ]; echo $?) "$out"
  out=$(complete_words vgicsim run --model "")
  check "completion: the models, from --help" \
    $([ "$(sort <<<"$out" | tr '\n' ' ')" = "all both perf ref " ]; echo $?) "$out"
else
  check "bash-completion is installed (tools/install-deps.sh)" 1 ""
fi

finish
