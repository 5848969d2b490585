#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Rewrites tests/pinned/expected/ from the current build (build/tests/sim_digest):
# one .digest per scenario of scenarios/, tests/conformance/, tests/fixtures/ (the
# runnable ones) and tests/pinned/workloads/. Run it only for a change that is meant
# to alter simulated results, and say in the commit which results changed and why.
set -euo pipefail
cd "$(dirname "$0")/../.."
digest=${SIM_DIGEST:-build/tests/sim_digest}
[ -x "$digest" ] || { echo "update.sh: build first ($digest missing)" >&2; exit 2; }
rm -rf tests/pinned/expected
for f in scenarios/*.yaml tests/conformance/*/*.yaml tests/fixtures/*.yaml \
         tests/pinned/workloads/*.yaml; do
  out=tests/pinned/expected/${f%.yaml}.digest
  mkdir -p "$(dirname "$out")"
  if ! "$digest" "$f" > "$out" 2>/dev/null; then
    rm -f "$out"   # not a valid scenario (a fixture for error messages)
  fi
done
echo "update.sh: $(find tests/pinned/expected -name '*.digest' | wc -l) digests written"
