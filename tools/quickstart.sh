#!/usr/bin/env bash
# From a fresh clone to a result: install what is missing, build, and run the bundled
# default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
# The reference model is not built yet, so the default scenario is validated; once
# `vgicsim run` exists this runs it and prints the latency summary.
./build/vgicsim validate scenarios/default.yaml
