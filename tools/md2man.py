#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turns a Markdown page of docs/ into a man page (roff, man macros).

usage: md2man.py INPUT.md OUTPUT --name NAME --section N --summary TEXT
                 [--version VERSION] [--see-also 'vgicsim(1),vgicsim-run(1)'] [--footer TEXT]
                 [--see-also-note TEXT]

The build runs it on docs/scenario-format.md to make vgicsim-scenario(5)
(cmake/scenario-manpage.cmake). It knows the Markdown that docs/ uses, and only that:

  # Title               dropped: the page's NAME line comes from --name and --summary
  ## Heading            .SH (the text before the first one goes under DESCRIPTION)
  ### Heading           .SS
  paragraphs            .PP, lines joined
  - item                a bulleted .IP; lines indented under it continue it
  | a | b |             a table: one .TP per row, tagged with its first cell; the other
                        cells follow as "HEADER: cell" lines (as man pages show tables
                        that would not fit in 80 columns)
  ```lang ...```        a literal block, indented
  `code` **bold**       bold; *italic* underlined; [text](target) keeps the text
  <!-- comment -->      dropped

Text is escaped for roff (backslashes, lines starting with '.' or "'", '-' in literal
text and options) and every character outside ASCII is written as a groff \\[uXXXX]
escape, so the page renders alike whatever the locale. Anything else (a heading level
below ###, a numbered list, a blockquote, raw HTML other than comments) is an error,
so that a page the converter does not understand fails the build instead of rendering
badly.
"""
import argparse
import re
import sys

NAMED = {
    "\u2014": r"\(em", "\u2013": r"\(en", "\u2212": r"\(mi", "\u00d7": r"\(mu",
    "\u00b7": r"\(md", "\u2026": "...", "\u2264": r"\(<=", "\u2265": r"\(>=",
    "\u2192": r"\(->", "\u2190": r"\(<-", "\u2019": "'", "\u2018": "`",
    "\u201c": r"\(lq", "\u201d": r"\(rq",
}


class Error(Exception):
    pass


def escape_chars(s, literal=False):
    """Escapes roff's special characters in plain text (no font changes in it)."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append(r"\e")
        elif ch == "-" and literal:
            out.append(r"\-")
        elif ord(ch) > 127:
            out.append(NAMED.get(ch, "\\[u%04X]" % ord(ch)))
        else:
            out.append(ch)
    return "".join(out)


INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\[([^\]]+)\]\(([^)]+)\)")


def inline(text):
    """Markdown inline markup to roff: code and bold in bold, italics underlined."""
    out = []
    pos = 0
    for m in INLINE.finditer(text):
        out.append(escape_chars(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(r"\fB" + escape_chars(m.group(1), literal=True) + r"\fR")
        elif m.group(2) is not None:
            out.append(r"\fB" + inline(m.group(2)).replace(r"\fR", r"\fB") + r"\fR")
        elif m.group(3) is not None:
            out.append(r"\fI" + escape_chars(m.group(3)) + r"\fR")
        else:
            out.append(inline(m.group(4)))
        pos = m.end()
    out.append(escape_chars(text[pos:]))
    return "".join(out)


def plain(text):
    """A heading's text without its markup, as it shows on the rendered page."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"`([^`]+)`|\*\*(.+?)\*\*", lambda m: m.group(1) or m.group(2), text)


def text_line(s):
    """A line of running text: a leading '.' or "'" would be read as a request."""
    s = s.strip()
    return "\\&" + s if s[:1] in (".", "'") else s


def split_row(line):
    cells = line.strip()
    if not (cells.startswith("|") and cells.endswith("|")):
        raise Error("a table row must start and end with '|'")
    return [c.strip() for c in cells[1:-1].split("|")]


def convert(md, name, section, summary, version, see_also, footer, note=""):
    lines = md.split("\n")
    out = [".\\\" generated from Markdown by tools/md2man.py: do not edit",
           '.TH "%s" "%s" "" "%s" "%s"' % (name.upper(), section,
                                          escape_chars("vgicsim " + version if version
                                                       else "vgicsim"),
                                          escape_chars(footer)),
           ".nh", ".ad l", ".SH NAME", "%s \\- %s" % (escape_chars(name, literal=True), inline(summary))]
    started = False
    i = 0
    n = len(lines)

    def need_section():
        nonlocal started
        if not started:
            out.append(".SH DESCRIPTION")
            started = True

    while i < n:
        line = lines[i]
        where = i + 1
        try:
            if not line.strip():
                i += 1
                continue
            if line.startswith("<!--"):
                while "-->" not in lines[i]:
                    i += 1
                    if i >= n:
                        raise Error("an HTML comment is not closed")
                i += 1
                continue
            m = re.match(r"^(#+) (.*)$", line)
            if m:
                level, title = len(m.group(1)), m.group(2).strip()
                if level == 1:
                    pass
                elif level == 2:
                    out.append('.SH "%s"' % escape_chars(plain(title)).replace('"', "\\(dq"))
                    started = True
                elif level == 3:
                    need_section()
                    out.append('.SS "%s"' % escape_chars(plain(title)).replace('"', "\\(dq"))
                else:
                    raise Error("headings deeper than ### are not converted")
                i += 1
                continue
            if line.startswith("```"):
                need_section()
                out += [".PP", ".RS 4", ".nf"]
                i += 1
                while i < n and not lines[i].startswith("```"):
                    out.append(text_line_literal(lines[i]))
                    i += 1
                if i >= n:
                    raise Error("a fenced block is not closed")
                out += [".fi", ".RE"]
                i += 1
                continue
            if line.startswith("|"):
                need_section()
                header = split_row(line)
                if i + 1 >= n or not re.match(r"^\|[-:| ]+\|$", lines[i + 1].strip()):
                    raise Error("a table needs a separator line (|---|---|) under its header")
                i += 2
                out.append(".PP")
                out.append(".RS 0")
                while i < n and lines[i].startswith("|"):
                    cells = split_row(lines[i])
                    if len(cells) != len(header):
                        raise Error("a row has %d cells, the header %d" % (len(cells),
                                                                            len(header)))
                    out += [".TP", text_line(inline(cells[0]))]
                    if len(cells) == 2:
                        out.append(text_line(inline(cells[1])))
                    else:
                        for k in range(1, len(cells)):
                            if k > 1:
                                out.append(".br")
                            out.append(text_line(inline(header[k]) + ": " + inline(cells[k])))
                    i += 1
                out.append(".RE")
                continue
            if line.startswith("- "):
                need_section()
                while i < n and lines[i].startswith("- "):
                    item = [lines[i][2:]]
                    i += 1
                    while i < n and lines[i].startswith("  ") and lines[i].strip():
                        item.append(lines[i].strip())
                        i += 1
                    out += [".IP \\(bu 2", text_line(inline(" ".join(item)))]
                continue
            if re.match(r"^(\d+\.|>|<|\*|\+) ", line) or line.startswith("    "):
                raise Error("not converted: numbered lists, blockquotes, raw HTML, '*' or "
                            "'+' bullets, indented code")
            need_section()
            para = []
            while i < n and lines[i].strip() and not re.match(r"^(#|```|\||- |<!--)", lines[i]):
                para.append(lines[i].strip())
                i += 1
            out += [".PP", text_line(inline(" ".join(para)))]
        except Error as e:
            raise Error("line %d: %s" % (where, e))
    if see_also:
        refs = []
        for ref in see_also.split(","):
            m = re.match(r"^\s*([A-Za-z0-9_.-]+)\((\w+)\)\s*$", ref)
            if not m:
                raise Error("--see-also: '%s' is not NAME(SECTION)" % ref)
            refs.append(".BR %s (%s)" % (escape_chars(m.group(1), literal=True), m.group(2)))
        out.append(".SH \"SEE ALSO\"")
        out.append(",\n".join(refs))
    if note:
        if not see_also:
            out.append(".SH \"SEE ALSO\"")
        out += [".PP", text_line(inline(note))]
    return "\n".join(out) + "\n"


def text_line_literal(s):
    s = escape_chars(s, literal=True)
    return "\\&" + s if s[:1] in (".", "'") or not s else s


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--name", required=True)
    p.add_argument("--section", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--version", default="")
    p.add_argument("--see-also", default="")
    p.add_argument("--footer", default="")
    p.add_argument("--see-also-note", default="", help="a paragraph after the references")
    a = p.parse_args(argv)
    try:
        with open(a.input, encoding="utf-8") as f:
            md = f.read()
        page = convert(md, a.name, a.section, a.summary, a.version, a.see_also, a.footer,
                       a.see_also_note)
    except (Error, OSError, UnicodeDecodeError) as e:
        sys.stderr.write("md2man: %s: %s\n" % (a.input, e))
        return 1
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(page)
    import os
    os.replace(tmp, a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
