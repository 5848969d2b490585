#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# From a fresh clone to a result: install what is missing, build, and run the bundled
# default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/vgicsim run scenarios/default.yaml
