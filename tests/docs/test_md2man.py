#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests tools/md2man.py on pages made to exercise it.

usage: test_md2man.py PATH/TO/md2man.py

A page with every construct the converter knows must give the roff expected of each
and render with groff without a warning; pages with what it does not know must be
refused (exit 1) with the line named.
"""
import os
import subprocess
import sys
import tempfile

GOOD = """# Title that is dropped

Intro with `--set KEY=VALUE`, **bold `x`** and *italic*, a [link](other.md#anchor),
a backslash \\ and an em dash \u2014 and \u00e9.

## First section

.a line that starts with a dot
'and one with a quote

- an item
  continued here
- `another`

### A subsection

| key | meaning |
|---|---|
| `version` | the version |

| a | b | c |
|---|---|---|
| one | two | three |

```yaml fragment
version: 1
.hidden: \\d -x
```
<!-- a comment
that is dropped -->
## Second `section`

Last words.
"""

EXPECTED = [
    '.TH "DEMO" "5" "" "vgicsim 9.9" "Demo Formats"',
    ".SH NAME",
    "demo \\- a page made to test",
    ".SH DESCRIPTION",
    "Intro with \\fB\\-\\-set KEY=VALUE\\fR, \\fBbold \\fBx\\fB\\fR and \\fIitalic\\fR, a link, "
    "a backslash \\e and an em dash \\(em and \\[u00E9].",
    '.SH "First section"',
    "\\&.a line that starts with a dot 'and one with a quote",
    ".IP \\(bu 2",
    "an item continued here",
    "\\fBanother\\fR",
    '.SS "A subsection"',
    ".TP",
    "\\fBversion\\fR",
    "the version",
    "b: two",
    ".br",
    "c: three",
    ".nf",
    "version: 1",
    "\\&.hidden: \\ed \\-x",
    ".fi",
    '.SH "Second section"',
    ".SH \"SEE ALSO\"",
    ".BR vgicsim (1),",
    ".BR vgicsim\\-run (1)",
]

BAD = {
    "#### too deep\n": "line 1: headings deeper than ###",
    "## S\n\n1. numbered\n": "line 3: not converted",
    "## S\n\n```\nnot closed\n": "line 3: a fenced block is not closed",
    "## S\n\n| a | b |\n| c | d |\n": "line 3: a table needs a separator line",
    "## S\n\n| a | b |\n|---|---|\n| c |\n": "line 3: a row has 1 cells, the header 2",
    "## S\n\n> quoted\n": "line 3: not converted",
    "## S\n\n<!-- open\n": "line 3: an HTML comment is not closed",
}


def convert(tool, tmp, md, see_also="vgicsim(1),vgicsim-run(1)"):
    src, out = os.path.join(tmp, "in.md"), os.path.join(tmp, "out.5")
    with open(src, "w", encoding="utf-8") as f:
        f.write(md)
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([sys.executable, tool, src, out, "--name", "demo", "--section", "5",
                        "--summary", "a page made to test", "--version", "9.9",
                        "--footer", "Demo Formats", "--see-also", see_also],
                       capture_output=True, text=True)
    page = open(out, encoding="ascii").read() if os.path.exists(out) else None
    return p.returncode, p.stderr, page


def main():
    tool = sys.argv[1]
    fails = []
    with tempfile.TemporaryDirectory() as tmp:
        st, err, page = convert(tool, tmp, GOOD)
        if st != 0 or page is None:
            fails.append(f"the good page is refused (exit {st}): {err}")
        else:
            lines = page.split("\n")
            pos = 0
            for want in EXPECTED:
                try:
                    pos = lines.index(want, pos) + 1
                except ValueError:
                    fails.append(f"expected line (in this order) not found: {want!r}")
            for bad in ("```", "**", "](", "<!--", "dropped"):
                if bad in page:
                    fails.append(f"the page holds {bad!r}")
            r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", os.path.join(tmp, "out.5")],
                               capture_output=True, text=True)
            if r.returncode != 0 or r.stderr:
                fails.append(f"groff warns: {r.stderr}")
            if not all(ord(c) < 128 for c in page):
                fails.append("the page is not ASCII")
        for md, message in BAD.items():
            st, err, page = convert(tool, tmp, md)
            if st != 1 or message not in err or page is not None:
                fails.append(f"{md!r}: expected exit 1 with {message!r} and no page; got exit "
                             f"{st}: {err.strip()!r}")
        st, err, page = convert(tool, tmp, "## S\n\nText.\n", see_also="vgicsim")
        if st != 1 or "not NAME(SECTION)" not in err:
            fails.append(f"--see-also vgicsim: expected a refusal, got exit {st}: {err!r}")
    for f in fails:
        print("FAIL " + f)
    print(f"{len(EXPECTED)} expected lines, {len(BAD) + 1} refusals checked; "
          f"{len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
