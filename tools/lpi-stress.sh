#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vgic_lpi_stress-like workloads (tools/testing/selftests/kvm/arm64/vgic_lpi_stress.c):
# V vCPUs, D devices each on an injector thread of its own, E events per device; every
# device sends MSIs back to back (a generator with period 200, shorter than any
# injection, whose MSIs queue behind the one injecting: its injector is never idle);
# the guest never acknowledges (PMR 0), as the selftest's guest did before d5e6310a0d99,
# so the rate measured is the injection path's. For each configuration of the published
# table (Oliver Upton, "KVM: arm64: Transition to a per-ITS translation cache" v3, 22 Apr
# 2024) and each release (6.8: the VM-wide LRU cache; 6.10: the per-ITS cache), prints
# the MSIs injected per second of simulated time at the preset's clock (3.0 GHz), from
# the model's ITS counters.
#
#   tools/lpi-stress.sh [VGICSIM [MODEL]]      (default: build/vgicsim, ref)
set -eu
bin=${1:-build/vgicsim}
model=${2:-ref}
until=3000000
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

scenario() { # V D E
  v=$1 d=$2 e=$3 f=$dir/v$1-d$2-e$3.yaml
  {
    echo "version: 1"
    echo "name: lpi-stress-v$v-d$d-e$e"
    echo "gic: {version: 3, vcpus: $v, its: true, lpis: 65536}"
    echo "guest: {pmr: 0}"
    echo "its:"
    echo "  devices:"
    i=0
    while [ $i -lt "$d" ]; do
      echo "    - {id: $i, events: $e, lpi_base: $((8192 + i * e)), vcpu: $((i % v))}"
      i=$((i + 1))
    done
    echo "workload:"
    i=0
    while [ $i -lt "$d" ]; do
      echo "  - {kind: periodic, msi: {device: $i, events: [0, $((e - 1))]}, period: 200}"
      i=$((i + 1))
    done
    echo "run: {until: $until}"
  } > "$f"
  echo "$f"
}

rate() { # SCENARIO RELEASE
  "$bin" run --model "$model" --set "hypervisor.kvm=$2" --format json -o "$dir/out.json" "$1" \
    > /dev/null
  python3 - "$dir/out.json" "$until" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
counters = report["models"][0]["counters"]
def get(name):
    if name in counters:
        return counters[name]
    return counters.get("model", {}).get(name, 0)
msis = get("its_cache_hits") + get("its_cache_misses") or get("msi_fast_hits") + get("msi_fast_misses")
print("%.2f" % (msis / int(sys.argv[2]) * 3.0e9 / 1e6))
PY
}

printf '%-22s %10s %10s %12s %12s\n' "configuration" "6.8 model" "6.8 pub." "6.10 model" "6.10 pub."
for row in "1 1 1 2.06 1.36" "16 16 16 0.61 5.20" "16 16 17 0.68 5.89" "32 32 1 0.58 8.30" "1 1 17 1.51 1.43"; do
  set -- $row
  f=$(scenario "$1" "$2" "$3")
  printf '%-22s %10s %10s %12s %12s\n' "-v $1 -d $2 -e $3" "$(rate "$f" 6.8)" "$4" \
    "$(rate "$f" 6.10)" "$5"
done
echo "(M LPIs/s; published: the v3 cover letter's table, host not named)"
