#!/usr/bin/env python3
"""check_summary.py SCHEMA SUMMARY.jsonl INPUT… — the summary has one line per input, in
input order, each valid against the schema; an "ok" line's tables and cells equal those of
its JSON output (when it wrote one), a "failed" line has an error and no outputs.
Prints "N lines, N ok, N failed"."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 3, None, ())
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
v = jsonschema.Draft202012Validator(schema)
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
inputs = sys.argv[3:]
bad = []
if len(lines) != len(inputs):
    bad.append("%d lines for %d inputs" % (len(lines), len(inputs)))
n_ok = n_failed = 0
for i, line in enumerate(lines):
    rec = json.loads(line)
    bad += ["line %d: %s" % (i + 1, e.message) for e in v.iter_errors(rec)]
    if i < len(inputs) and rec["input"] != inputs[i]:
        bad.append("line %d: input %s, expected %s" % (i + 1, rec["input"], inputs[i]))
    if rec["status"] == "failed":
        n_failed += 1
        if not rec["error"] or rec["outputs"]:
            bad.append("line %d: failed without an error, or with outputs" % (i + 1))
        continue
    n_ok += 1
    for out in rec["outputs"]:
        if out.endswith(".json"):
            doc = json.load(open(out, encoding="utf-8"))
            cells = sum(1 for t in doc["tables"] for r in t["rows"] for c in r["cells"] if c is not None)
            if (len(doc["tables"]), cells) != (rec["tables"], rec["cells"]):
                bad.append("line %d: %d tables, %d cells; its output has %d, %d"
                           % (i + 1, rec["tables"], rec["cells"], len(doc["tables"]), cells))
for b in bad[:10]:
    print(b)
print("%d lines, %d ok, %d failed" % (len(lines), n_ok, n_failed))
sys.exit(1 if bad else 0)
