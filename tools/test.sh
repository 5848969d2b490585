#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds vgicsim and runs the whole test suite (installing missing packages first).
#   tools/test.sh            normal build (build/)
#   tools/test.sh asan       AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   tools/test.sh tsan       ThreadSanitizer (build-tsan/)
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

flavour=${1:-normal}
case "$flavour" in
  normal) dir=build;      sanitize= ;;
  asan)   dir=build-asan; sanitize=address ;;
  tsan)   dir=build-tsan; sanitize=thread ;;
  *) echo "usage: tools/test.sh [normal|asan|tsan]" >&2; exit 2 ;;
esac

cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVGICSIM_SANITIZE="$sanitize" >/dev/null
cmake --build "$dir" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$dir" && ctest --output-on-failure -j"$(nproc)")
