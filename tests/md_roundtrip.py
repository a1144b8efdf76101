#!/usr/bin/env python3
"""md_roundtrip.py IR.json PANDOC.json — the Markdown, parsed back by pandoc,
has the IR's tables: same count, and for each the same columns and rows
(rows of side-by-side panels printed on one line share a Markdown line: one
line per printed line that holds any of them)."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 2, 2, ())
import json, sys

ir = json.load(open(sys.argv[1], encoding="utf-8"))
pd = json.load(open(sys.argv[2], encoding="utf-8"))

def tables(node, out):
    if isinstance(node, dict):
        if node.get("t") == "Table":
            out.append(node["c"])
        for v in node.values():
            tables(v, out)
    elif isinstance(node, list):
        for v in node:
            tables(v, out)
    return out

got = tables(pd["blocks"], [])
want = ir["tables"]
bad = 0
if len(got) != len(want):
    print("tables: markdown %d, IR %d" % (len(got), len(want)))
    bad += 1
for t, g in zip(want, got):
    ncols = len(g[2])                       # [attr, caption, colspecs, head, bodies, foot]
    body = g[4]
    nrows = sum(len(b[3]) for b in body)    # body rows
    # as the writer pairs them: rows of one printed line (page and line) share a line
    slots = []
    for r in t["rows"]:
        for sl in slots:
            if r["line"] and sl[0] == r["page"] and sl[1] == r["line"] and r["panel"] not in sl[2]:
                sl[2].add(r["panel"])
                break
        else:
            slots.append([r["page"], r["line"], {r["panel"]}])
    want_rows = len(slots)
    if ncols != len(t["columns"]) or nrows != want_rows:
        print("%s: markdown %d cols %d rows, IR %d cols %d rows" % (t["id"] or t["title"], ncols, nrows, len(t["columns"]), want_rows))
        bad += 1
print("md roundtrip: %d tables, %d mismatches" % (len(want), bad))
sys.exit(1 if bad else 0)
