#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# tools/lpi-stress.sh (docs/model.md, "Against vgic_lpi_stress"): it runs, and the model
# keeps the published direction: with 16 or 32 streams the per-ITS cache (6.10) injects
# several times faster than the VM-wide LRU (6.8); with one stream it is slower.
# usage: test_lpi_stress.sh VGICSIM SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

out=$("$src/tools/lpi-stress.sh" "$bin" ref 2>&1); st=$?
check "lpi-stress.sh: exit 0, five configurations" \
  $([ $st -eq 0 ] && [ "$(grep -c '^-v ' <<<"$out")" -eq 5 ]; echo $?) "$out"
row() { grep -E "^-v $1 -d $2 -e $3 " <<<"$out"; }
faster() { # ROW FACTOR: 6.10 model > FACTOR * 6.8 model
  awk -v f="$2" '{ exit !($9 > f * $7) }' <<<"$1"
}
check "16 streams: the per-ITS cache at least 5 times the LRU's rate" \
  $(faster "$(row 16 16 16)" 5; echo $?) "$(row 16 16 16)"
check "32 streams: the per-ITS cache at least 5 times the LRU's rate" \
  $(faster "$(row 32 32 1)" 5; echo $?) "$(row 32 32 1)"
one=$(row 1 1 1)
thrash=$(row 1 1 17)
check "one stream, 17 events: the 16-entry LRU thrashes (6.8 slower than with one event)" \
  $(awk -v r="$(awk '{print $7}' <<<"$one")" '{ exit !($7 < r) }' <<<"$thrash"; echo $?) "$one / $thrash"
check "one stream: the per-ITS cache slower than the LRU" \
  $(awk '{ exit !($9 < $7) }' <<<"$one"; echo $?) "$one"
finish
