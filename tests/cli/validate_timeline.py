#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that a file written by `vgicsim run --timeline` is a valid Chrome Trace Event
Format trace as docs/report.md describes it ("Timeline"), and prints a summary.

usage: validate_timeline.py FILE [--models N] [--window FROM TO] [--truncated MODEL...]

Checks: the object form ({"traceEvents": [...], "otherData": {...}}); every event's
required fields and types for its phase; a process and a thread name for every track
used; spans that nest on each track (a track is a stack of slices: one that starts
inside another ends inside it too); flows whose every id starts with "s", ends with "f"
and goes forward in time, on the instants of one instance; the event cap per model;
with --window, every span and instant overlaps it. Exit status 1 with the first problems
found, 0 otherwise."""
import json
import sys
from collections import defaultdict

PHASES = {"M", "X", "i", "s", "t", "f"}
CAP_KEY = "event_cap"


def fail(problems):
    for p in problems[:20]:
        print("timeline:", p)
    sys.exit(1)


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    path, models, window, truncated = args[0], None, None, set()
    i = 1
    while i < len(args):
        if args[i] == "--models":
            models = int(args[i + 1]); i += 2
        elif args[i] == "--window":
            window = (int(args[i + 1]), int(args[i + 2])); i += 3
        elif args[i] == "--truncated":
            i += 1
            while i < len(args) and not args[i].startswith("--"):
                truncated.add(args[i]); i += 1
        else:
            print("unknown argument", args[i]); sys.exit(2)

    with open(path) as f:
        doc = json.load(f)
    problems = []
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        fail(["not an object with a traceEvents array"])
    other = doc.get("otherData")
    if not isinstance(other, dict):
        fail(["no otherData object"])
    for key in ("generator", "version", "scenario", "seed", "ts_unit", "clock_mhz", CAP_KEY,
                "window_cycles", "truncated"):
        if key not in other:
            problems.append("otherData has no %s" % key)
    if other.get("ts_unit") not in ("us", "cycles"):
        problems.append("ts_unit is %r" % other.get("ts_unit"))
    if (other.get("ts_unit") == "us") != isinstance(other.get("clock_mhz"), int):
        problems.append("ts_unit us goes with a clock_mhz, cycles with none")
    if set(other.get("truncated", [])) != truncated:
        problems.append("truncated is %r, expected %r" % (other.get("truncated"), sorted(truncated)))
    if problems:
        fail(problems)

    process_names, thread_names = {}, set()
    used = set()
    spans = defaultdict(list)
    flows = defaultdict(list)
    instants = {}  # (pid, instance) -> [(cycle, tid)]
    per_model = defaultdict(int)
    for n, ev in enumerate(doc["traceEvents"]):
        where = "event %d" % n
        if not isinstance(ev, dict):
            problems.append(where + " is not an object"); continue
        ph = ev.get("ph")
        if ph not in PHASES:
            problems.append("%s: phase %r" % (where, ph)); continue
        if not isinstance(ev.get("name"), str) or not ev["name"]:
            problems.append(where + ": no name")
        if not isinstance(ev.get("pid"), int) or not isinstance(ev.get("tid"), int):
            problems.append(where + ": pid and tid must be integers"); continue
        pid, tid = ev["pid"], ev["tid"]
        if ph == "M":
            args_ = ev.get("args")
            if ev["name"] in ("process_name", "thread_name"):
                if not isinstance(args_, dict) or not isinstance(args_.get("name"), str):
                    problems.append(where + ": metadata without args.name")
                elif ev["name"] == "process_name":
                    process_names[pid] = args_["name"]
                else:
                    thread_names.add((pid, tid))
            continue
        if not isinstance(ev.get("ts"), (int, float)) or ev["ts"] < 0:
            problems.append(where + ": ts must be a number >= 0"); continue
        used.add((pid, tid))
        if ph == "X":
            per_model[pid] += 1
            if not isinstance(ev.get("dur"), (int, float)) or ev["dur"] < 0:
                problems.append(where + ": a span needs dur >= 0"); continue
            a = ev.get("args", {})
            start, cycles = a.get("from_cycle"), a.get("cycles")
            if not isinstance(start, int) or not isinstance(cycles, int):
                problems.append(where + ": a span's args need from_cycle and cycles"); continue
            spans[(pid, tid)].append((start, start + cycles, ev["name"]))
            if window and (start + cycles < window[0] or start > window[1]):
                problems.append("%s: span %d..%d outside the window" % (where, start, start + cycles))
        elif ph == "i":
            per_model[pid] += 1
            if ev.get("s") not in ("t", "p", "g"):
                problems.append(where + ": an instant needs a scope s")
            a = ev.get("args", {})
            if not isinstance(a.get("instance"), str) or not isinstance(a.get("cycle"), int):
                problems.append(where + ": an instant's args need instance and cycle"); continue
            instants.setdefault((pid, a["instance"]), []).append((a["cycle"], tid))
            if window and not window[0] <= a["cycle"] <= window[1]:
                problems.append("%s: instant at %d outside the window" % (where, a["cycle"]))
        else:
            if not isinstance(ev.get("id"), str):
                problems.append(where + ": a flow event needs an id"); continue
            if ph != "s" and ev.get("bp") != "e":
                problems.append(where + ": a flow step or end binds to its enclosing slice")
            flows[(pid, ev["id"])].append((ph, ev["ts"], tid))

    if models is not None and len(process_names) != models:
        problems.append("%d processes, expected %d" % (len(process_names), models))
    for pid, tid in sorted(used):
        if pid not in process_names:
            problems.append("pid %d has no process_name" % pid)
        if (pid, tid) not in thread_names:
            problems.append("track %d/%d has no thread_name" % (pid, tid))
    cap = other[CAP_KEY]
    for pid, count in per_model.items():
        if count > cap:
            problems.append("pid %d has %d events, over the cap %d" % (pid, count, cap))
        if process_names.get(pid) in truncated and count != cap:
            problems.append("truncated pid %d has %d events, not the cap" % (pid, count))

    # Spans on one track nest.
    overlaps = 0
    for key, lst in spans.items():
        lst.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for start, end, name in lst:
            while stack and stack[-1][1] <= start:
                stack.pop()
            if stack and end > stack[-1][1]:
                overlaps += 1
                if overlaps <= 5:
                    problems.append("track %s: %r %d..%d overlaps %r %d..%d without nesting"
                                    % (key, name, start, end, stack[-1][2], stack[-1][0],
                                       stack[-1][1]))
            stack.append((start, end, name))

    # Flows: s, then t..., then f, forward in time.
    for key, lst in flows.items():
        phases = "".join(p for p, _, _ in lst)
        if not (phases.startswith("s") and phases.endswith("f") and len(phases) >= 2
                and set(phases[1:-1]) <= {"t"}):
            problems.append("flow %s goes %s" % (key, phases))
        times = [t for _, t, _ in lst]
        if times != sorted(times):
            problems.append("flow %s goes back in time" % (key,))
        inst = instants.get(key)
        if inst is None or len(inst) != len(lst):
            problems.append("flow %s does not follow its instance's instants" % (key,))

    if problems:
        fail(problems)
    n_spans = sum(len(v) for v in spans.values())
    print("timeline: %d processes, %d tracks, %d spans, %d instants, %d flows"
          % (len(process_names), len(used), n_spans, sum(len(v) for v in instants.values()),
             len(flows)))


if __name__ == "__main__":
    main()
