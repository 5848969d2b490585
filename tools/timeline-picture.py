#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Draws a part of a `vgicsim run --timeline` file as a picture with gnuplot, the way
Perfetto's UI lays it out: one row per track (vCPUs, then injectors, then locks and
lines), spans as bars (nested ones thinner, inside their parent), instants as ticks and
each instance's flow as arrows from its raise to its acknowledgement.  For documents;
to explore a timeline, open the file in https://ui.perfetto.dev.

usage: timeline-picture.py TIMELINE.json OUT.svg|OUT.png MODEL FROM TO [TITLE]
       (FROM and TO in cycles; MODEL: the process to draw, e.g. ref)"""
import json
import subprocess
import sys
from collections import defaultdict

COLOURS = {  # by the start of a span's name
    "exit": "#e4572e", "handle ": "#f3a712", "wake": "#ffd166", "flush": "#29335c",
    "entry": "#669bbc", "handler": "#90be6d", "blocked": "#cccccc", "inject": "#8e7dbe",
    "held": "#2a9d8f", "wait": "#d62828", "ICC": "#b5838d", "GIC": "#b5838d",
}


def colour(name):
    for key, c in COLOURS.items():
        if name.startswith(key):
            return c
    return "#999999"


def main():
    if len(sys.argv) < 6:
        print(__doc__)
        sys.exit(2)
    path, out, model, lo, hi = sys.argv[1:6]
    title = sys.argv[6] if len(sys.argv) > 6 else ""
    lo, hi = int(lo), int(hi)
    doc = json.load(open(path))
    pid = None
    names = {}
    for ev in doc["traceEvents"]:
        if ev["ph"] == "M" and ev["name"] == "process_name" and ev["args"]["name"] == model:
            pid = ev["pid"]
    if pid is None:
        sys.exit("no model %s in %s" % (model, path))
    spans, instants, flows = defaultdict(list), [], defaultdict(list)
    for ev in doc["traceEvents"]:
        if ev["pid"] != pid:
            continue
        if ev["ph"] == "M" and ev["name"] == "thread_name":
            names[ev["tid"]] = ev["args"]["name"]
        elif ev["ph"] == "X":
            a, d = ev["args"]["from_cycle"], ev["args"]["cycles"]
            if a + d >= lo and a <= hi:
                spans[ev["tid"]].append((a, a + d, ev["name"]))
        elif ev["ph"] == "i":
            c = ev["args"]["cycle"]
            if lo <= c <= hi:
                instants.append((ev["tid"], c, ev["name"]))
                flows[ev["args"]["instance"]].append((c, ev["tid"]))
    tracks = sorted(set(spans) | {t for t, _, _ in instants})
    row = {t: len(tracks) - 1 - i for i, t in enumerate(tracks)}
    term = "pngcairo" if out.endswith(".png") else "svg"
    g = ["set terminal %s size 1200,%d font 'sans,10' background '#ffffff'"
         % (term, 120 + 28 * len(tracks)),
         "set output '%s'" % out, "unset key", "set termoption noenhanced", "set border 1",
         "set xrange [%d:%d]" % (lo, hi), "set yrange [-0.7:%f]" % (len(tracks) - 0.3),
         "set xlabel 'simulated cycles'", "set lmargin 30", "set xtics nomirror",
         "set ytics nomirror (%s)" % ", ".join('"%s" %d' % (names.get(t, t), row[t])
                                              for t in tracks)]
    if title:
        g.append("set title '%s'" % title.replace("'", ""))
    n = 0
    for t, lst in spans.items():
        lst.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for a, b, name in lst:
            while stack and stack[-1] <= a:
                stack.pop()
            depth = len(stack)
            stack.append(b)
            half = max(0.38 - 0.09 * depth, 0.08)
            n += 1
            g.append("set object %d rect from %d,%f to %d,%f fc rgb '%s' fs solid 0.9 "
                     "noborder front" % (n, max(a, lo), row[t] - half, min(b, hi),
                                         row[t] + half, colour(name)))
    for t, c, name in instants:
        n += 1
        g.append("set object %d rect from %d,%f to %d,%f fc rgb '#000000' fs solid noborder "
                 "front" % (n, c, row[t] - 0.45, c + max((hi - lo) // 1500, 1), row[t] + 0.45))
    for key, pts in flows.items():
        pts.sort()
        for (c1, t1), (c2, t2) in zip(pts, pts[1:]):
            if t1 != t2:
                g.append("set arrow from %d,%d to %d,%d lc rgb '#555555' lw 0.6 front"
                         % (c1, row[t1], c2, row[t2]))
    # A legend of the colours, as labels under the plot.
    x = 0.0
    for key, c in list(COLOURS.items())[:-1]:
        n += 1
        g.append("set object %d rect from graph %f, screen 0.012 to graph %f, screen 0.032 "
                 "fc rgb '%s' fs solid noborder" % (n, x, x + 0.012, c))
        g.append("set label '%s' at graph %f, screen 0.022 left font 'sans,9'"
                 % ("access" if key == "ICC" else key.strip(), x + 0.016))
        x += 0.083
    g.append("set bmargin 6")
    g.append("plot NaN")
    subprocess.run(["gnuplot"], input="\n".join(g) + "\n", text=True, check=True)


if __name__ == "__main__":
    main()
