#!/usr/bin/env python3
"""check_verdicts.py VERDICTS.tsv FINDINGS.txt… — every error and warning that
fiscus check reports on the real PDFs (the hand-checked lists FINDINGS.txt, one
canonical line per finding, as check_findings.py prints them) has its verdict in
VERDICTS.tsv: the same line, a tab, `true` (the publication has it: figures read
off the page and added by hand) and a tab, the evidence. A line judged `false`
(the tool's mistake) or a finding with no verdict fails; so does a verdict for
a finding no longer reported (the list would then say more than fiscus finds)."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 2, None, ())
import sys

verdicts = {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    parts = line.split("\t")
    if len(parts) < 4:
        sys.exit(f"{sys.argv[1]}:{n}: not a finding, a verdict and its evidence")
    key, verdict, note = "\t".join(parts[:-2]), parts[-2], parts[-1]
    if verdict not in ("true", "false") or not note.strip():
        sys.exit(f"{sys.argv[1]}:{n}: verdict must be true or false, with its evidence")
    verdicts[key] = verdict

bad, seen, count, files = [], set(), 0, 0
for path in sys.argv[2:]:
    files += 1
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        f = line.split("\t")
        if len(f) < 3 or f[1] not in ("error", "warning"):
            continue
        count += 1
        seen.add(line)
        v = verdicts.get(line)
        if v is None:
            bad.append(f"no verdict: {line}")
        elif v != "true":
            bad.append(f"judged false (the tool's mistake): {line}")
for key in verdicts:
    if key not in seen:
        bad.append(f"verdict for a finding no longer reported: {key}")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
errors = sum(1 for k in seen if k.split("\t")[1] == "error")
print(f"{count} findings ({errors} errors, {count - errors} warnings) on {files} real PDFs, each verified true by hand")
