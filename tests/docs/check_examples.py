#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks the examples of a Markdown page (docs/scenario-format.md) against the program.

usage: check_examples.py PAGE.md VGICSIM [SOURCE_DIR]

Fenced blocks, by their info string:

  ```yaml               a complete scenario when its first line that is not a comment
                        starts with `version:`: `vgicsim validate` must accept it and
                        `vgicsim run` must meet its expectations (exit 0); anything else
                        is an error (fragments are not allowed unmarked)
  ```yaml fragment      a part of a scenario, shown for its shape: not checked
  ```yaml file=NAME     written to NAME (in a scratch folder) and checked by a later
                        console block, which must name it
  ```console            `$ vgicsim ...` command lines, each followed by its exact output
                        (standard error and standard output, in that order); run in the
                        scratch folder, where `scenarios/` is the source tree's. Only
                        `vgicsim validate` commands may appear, and the exit status must
                        be 0 when the output has no `error:` line, 2 otherwise.

Other blocks are not looked at. Exits 0 when every check passes, 1 otherwise, and prints
one line per failure with the line of the page it concerns.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile


def blocks(text):
    """Yields (line number of the opening fence, info words, body) for each fenced block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^```(.*)$", lines[i])
        if not m:
            i += 1
            continue
        start = i + 1
        info = m.group(1).split()
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        if i >= len(lines):
            raise SystemExit(f"line {start}: a fenced block is not closed")
        yield start, info, "\n".join(body) + "\n"
        i += 1


def first_content_line(body):
    for line in body.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def run(vgicsim, args, cwd):
    p = subprocess.run([vgicsim] + args, cwd=cwd, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stderr + p.stdout


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        return 2
    page, vgicsim = sys.argv[1], os.path.abspath(sys.argv[2])
    source = os.path.abspath(sys.argv[3] if len(sys.argv) == 4 else os.path.dirname(
        os.path.dirname(os.path.abspath(page))))
    text = open(page, encoding="utf-8").read()
    failures = []
    counts = {"complete": 0, "fragment": 0, "file": 0, "command": 0}
    pending_files = {}   # NAME -> line of its block, until a console block names it
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(os.path.join(source, "scenarios"), os.path.join(tmp, "scenarios"))
        n = 0
        for line, info, body in blocks(text):
            lang = info[0] if info else ""
            extra = info[1:]
            if lang == "yaml":
                files = [w[5:] for w in extra if w.startswith("file=")]
                if files:
                    name = files[0]
                    if "/" in name or name in pending_files:
                        failures.append(f"{page}:{line}: file={name}: a new plain file name")
                    with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                        f.write(body)
                    pending_files[name] = line
                    counts["file"] += 1
                elif "fragment" in extra:
                    counts["fragment"] += 1
                elif first_content_line(body).startswith("version:"):
                    n += 1
                    path = os.path.join(tmp, f"example-{n}.yaml")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(body)
                    st, out = run(vgicsim, ["validate", "-q", path], tmp)
                    if st != 0 or out:
                        failures.append(f"{page}:{line}: the example is not valid (exit {st}):\n"
                                        + out.replace(path, "(the example)"))
                    else:
                        st, out = run(vgicsim, ["run", "--format", "json", "-o", os.devnull,
                                                path], tmp)
                        if st != 0:
                            failures.append(f"{page}:{line}: `vgicsim run` exits {st}:\n"
                                            + out.replace(path, "(the example)"))
                    counts["complete"] += 1
                else:
                    failures.append(f"{page}:{line}: a yaml block that is not a complete "
                                    "scenario (mark it `yaml fragment` or start it with "
                                    "`version:`)")
            elif lang == "console":
                cmds = []  # (line, argv, expected output)
                for k, l in enumerate(body.rstrip("\n").split("\n")):
                    if l.startswith("$ "):
                        cmds.append([line + 1 + k, shlex.split(l[2:]), []])
                    elif cmds:
                        cmds[-1][2].append(l)
                    else:
                        failures.append(f"{page}:{line + 1 + k}: output before any command")
                for cline, argv, expected in cmds:
                    counts["command"] += 1
                    if argv[:2] != ["vgicsim", "validate"]:
                        failures.append(f"{page}:{cline}: only `vgicsim validate` commands "
                                        "are checked; show others in an `sh` block")
                        continue
                    for a in argv[2:]:
                        pending_files.pop(a, None)
                    want = "\n".join(expected).rstrip("\n")
                    st, out = run(vgicsim, argv[1:], tmp)
                    got = out.rstrip("\n")
                    want_st = 2 if re.search(r"(^|\n)\S+: error: ", want) else 0
                    if got != want or st != want_st:
                        failures.append(f"{page}:{cline}: `{' '.join(argv)}` (exit {st}, "
                                        f"expected {want_st}) printed:\n{got}\n"
                                        f"  where the page shows:\n{want}")
    # Links inside the page: every #anchor names a heading (GitHub's slugs).
    slugs = set()
    fenced = False
    for l in text.split("\n"):
        if l.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"^#+ ", l):
            title = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", l.lstrip("#").strip()).lower()
            slugs.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    for k, l in enumerate(text.split("\n")):
        for anchor in re.findall(r"\]\(#([^)]+)\)", l):
            counts["link"] = counts.get("link", 0) + 1
            if anchor not in slugs:
                failures.append(f"{page}:{k + 1}: the link #{anchor} names no heading")
    for name, line in pending_files.items():
        failures.append(f"{page}:{line}: file={name} is never validated by a console block")
    for f in failures:
        print("FAIL " + f)
    print(f"{counts['complete']} complete scenarios validated, {counts['file']} files and "
          f"{counts['command']} commands and {counts.get('link', 0)} links checked, "
          f"{counts['fragment']} fragments not checked; "
          f"{len(failures)} failures")
    if counts["complete"] == 0:
        print("FAIL no complete example found: is this the right page?")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
