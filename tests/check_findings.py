#!/usr/bin/env python3
"""check_findings.py CHECK.json — the findings of `fiscus check --format json`,
one canonical line each (input's base name, severity, rule, table, row, column,
stated, expected), in the order fiscus printed them. The tests compare these
lines with tests/corpus/findings/*.txt, the hand-checked list."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 1, 1, ())
import json, os, sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
for r in doc["reports"]:
    name = os.path.basename(r["input"])
    if r["status"] != "read":
        print(f"{name}\tunreadable")
        continue
    for f in r["findings"]:
        assert f["message"]["zh"] and f["message"]["en"], f
        where = f["quote"][:24] if f["quote"] else f"{f['table']}\t{f['row']}\t{f['column']}"
        print(f"{name}\t{f['severity']}\t{f['rule']}\t{where}\t{f['stated']}\t{f['expected']}")
