#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check.sh SIM_DIGEST SCENARIO EXPECTED: the digest of SCENARIO must equal EXPECTED.
set -euo pipefail
digest=$1 scenario=$2 expected=$3
actual=$("$digest" "$scenario")
if [ "$actual" != "$(cat "$expected")" ]; then
  echo "pinned results changed for $scenario:"
  diff <(cat "$expected") <(printf '%s\n' "$actual") || true
  echo "(if the change is meant to alter results: tests/pinned/update.sh, and say why)"
  exit 1
fi
