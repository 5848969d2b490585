#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# From a fresh clone to a result: install what is missing, build the simulator, and run
# the bundled default scenario. Only the vgicsim binary is built (not the test suite, the
# benchmarks or the man pages: tools/test.sh builds and runs those), and each step says
# what it does, with the build's progress.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo "quickstart: $*"; }

step "installing the packages that are missing (tools/install-deps.sh)"
tools/install-deps.sh
step "configuring build/ (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
step "building build/vgicsim only (tools/test.sh builds the test suite)"
if [ -t 1 ]; then
  # One line rewritten in place: make's "[ 45%] Building C object ..." lines; any other
  # line (a warning, an error) is kept.
  cmake --build build --target vgicsim -j"$(nproc)" 2>&1 | while IFS= read -r line; do
    case $line in
      "["*"%]"*) printf '\r\033[K  %s' "${line:0:76}" ;;
      *) printf '\r\033[K%s\n' "$line" ;;
    esac
  done
  printf '\r\033[K'
else
  cmake --build build --target vgicsim -j"$(nproc)"
fi
step "running scenarios/default.yaml on both models"
./build/vgicsim run scenarios/default.yaml
