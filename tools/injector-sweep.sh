#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The figure of docs/cost-model.md ("Contention"): scenarios/injectors-fan-in.yaml (16
# SPIs into one vCPU at one total rate) injected by 1, 2, 4, 8 and 16 host threads
# (host.injectors, each thread serving an equal share of the SPIs), both models, swept
# with `vgicsim sweep --vary host.injectors=...`; three panels against the number of
# threads: the contention stage (lock or cache-line waits) per interrupt, the wait for a
# busy injector thread per interrupt, and delivery p99.
# usage: tools/injector-sweep.sh VGICSIM OUT.svg [SWEEP.json]
set -euo pipefail
bin=$1 out=$2
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
table=${3:-$tmp/sweep.json}

values=()
for k in 1 2 4 8 16; do
  n=$((16 / k)) v=""
  for ((i = 0; i < k; i++)); do
    v+="${v:+,}{name: t$i, intids: [[$((32 + i * n)),$((32 + i * n + n - 1))]]}"
  done
  values+=("[$v]")
done
vary=$(IFS=,; echo "${values[*]}")
"$bin" sweep "$src/scenarios/injectors-fan-in.yaml" --vary "host.injectors=$vary" \
       --format json -o "$table"

# One line per point: threads, then per model (ref, perf) contention mean, injector
# wait mean, delivery p99.
python3 - "$table" >"$tmp/data" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {}
for r in d["runs"]:
    threads = r["values"]["host.injectors"].count("name:")
    st = r["stages"]
    rows.setdefault(threads, {})[r["model"]] = (st["contention"]["mean"],
                                                st["injector_wait"]["mean"],
                                                r["delivery"]["p99"])
for threads in sorted(rows):
    print(threads, *rows[threads]["ref"], *rows[threads]["perf"])
PY

gnuplot <<GP
set terminal svg size 1100,380 font 'sans,11' background '#ffffff'
set output '$out'
set multiplot layout 1,3 title 'scenarios/injectors-fan-in.yaml: 16 SPIs into one vCPU, same total rate, over N host injector threads'
set logscale x 2
set xtics (1, 2, 4, 8, 16)
set xrange [0.8:20]
set xlabel 'injector threads'
set key bottom right
set yrange [0:*]
set title 'contention per interrupt (mean cycles)'
plot '$tmp/data' u 1:2 w lp lw 2 pt 7 t 'ref (lock waits)', '' u 1:5 w lp lw 2 pt 5 t 'perf (cache-line waits)'
set title 'waiting for the injector thread (mean cycles)'
set key top right
plot '$tmp/data' u 1:3 w lp lw 2 pt 7 t 'ref', '' u 1:6 w lp lw 2 pt 5 t 'perf'
set title 'delivery p99 (cycles)'
set key bottom right
plot '$tmp/data' u 1:4 w lp lw 2 pt 7 t 'ref', '' u 1:7 w lp lw 2 pt 5 t 'perf'
unset multiplot
GP
cat "$tmp/data"
