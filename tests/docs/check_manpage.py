#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks vgicsim-scenario(5) against the page it is made from.

usage: check_manpage.py SCENARIO-FORMAT.md PAGE.5

The page must exist, be at least as new as the Markdown, render with groff without a
single warning, show its NAME line, every ## heading of the Markdown as a section and
every ### heading as a subsection, in the Markdown's order, and its SEE ALSO; and no
Markdown may be left in the rendered text. Exits 1 on the first failure of each kind.
"""
import os
import re
import subprocess
import sys


def headings(md):
    """(level, text as rendered) of the ## and ### headings outside fenced blocks."""
    out, fenced = [], False
    for line in md.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            m = re.match(r"^(##|###) (.*)$", line)
            if m:
                text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", m.group(2).strip())
                out.append((len(m.group(1)), text.replace("`", "").replace("**", "")))
    return out


def main():
    md_path, page = sys.argv[1], sys.argv[2]
    fails = []
    if not os.path.isfile(page) or os.path.getsize(page) == 0:
        print(f"FAIL {page} was not generated (build the man-scenario target)")
        return 1
    if os.path.getmtime(page) < os.path.getmtime(md_path):
        fails.append(f"{page} is older than {md_path}: rebuild")
    md = open(md_path, encoding="utf-8").read()
    want = headings(md)
    if len(want) < 10:
        fails.append(f"only {len(want)} headings found in {md_path}: is it the reference?")
    p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-P-cbou", page],
                       capture_output=True, text=True)
    if p.returncode != 0 or p.stderr:
        fails.append(f"groff: exit {p.returncode}, warnings:\n{p.stderr}")
    lines = p.stdout.split("\n")
    if not any(re.match(r"^\s+vgicsim-scenario - \S", l) for l in lines):
        fails.append("no NAME line 'vgicsim-scenario - ...'")
    # .SH titles render at column 0, .SS titles indented by 3 spaces.
    pos = 0
    for level, text in [(2, "NAME"), (2, "DESCRIPTION")] + want + [(2, "SEE ALSO")]:
        indent = "" if level == 2 else "   "
        found = next((k for k in range(pos, len(lines))
                      if lines[k].rstrip() == indent + text), None)
        if found is None:
            where = "anywhere" if not any(l.rstrip() == indent + text for l in lines) else \
                "after the previous heading"
            fails.append(f"{'section' if level == 2 else 'subsection'} '{text}' not found "
                         f"{where} in the rendered page")
        else:
            pos = found + 1
    see_also = "\n".join(lines[pos - 1:]) if pos else ""
    if "vgicsim(1)" not in see_also:
        fails.append("SEE ALSO does not name vgicsim(1)")
    for k, l in enumerate(lines):
        for mark in ("```", "**", "](", "\\f", "\\["):
            if mark in l:
                fails.append(f"rendered line {k + 1} holds '{mark}': {l.strip()}")
    for f in fails:
        print("FAIL " + f)
    print(f"{len(want)} headings checked in {len(lines)} rendered lines; {len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
