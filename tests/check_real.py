#!/usr/bin/env python3
"""Every real PDF of tests/corpus/real against its floor in expected.tsv.

usage: check_real.py FISCUS TOOLS_DIR EXPECTED.tsv DIR…
Runs tools/realcheck --per-file over each DIR and prints one line per file: `ok FILE …` or
`FAIL FILE …` naming each measure below its floor (parents held, figures kept, gold
cells matched, meta fields). Exit 1 if any file fails or is missing from the run."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args("check_real.py FISCUS TOOLS_DIR EXPECTED.tsv DIR…", 4, None, ())
import re, subprocess, sys


def main():
    fiscus, tools, expected = sys.argv[1:4]
    folders = sys.argv[4:]
    want = {}
    for line in open(expected, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f, parents, figures, gold, meta = line.rstrip("\n").split("\t")
        want[f + ".pdf"] = (parents, figures, gold, meta)
    out = "".join(subprocess.run([sys.executable, f"{tools}/realcheck", fiscus, folder, "--per-file"],
                                 capture_output=True, text=True, timeout=1200).stdout for folder in folders)
    got = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+\.pdf)\s+\S+\s+parents (\d+)/(\d+).*figures (\d+)/(\d+).*gold (?:(\d+)/(\d+)|-).*meta (?:(\d)/4|-)", line)
        if m:
            got[m.group(1)] = m.groups()[1:]
    bad = 0
    for f, (parents, figures, gold, meta) in sorted(want.items()):
        if f not in got:
            print(f"FAIL {f}: not converted")
            bad += 1
            continue
        ph, pq, fk, fn, gm, gn, mk = got[f]
        short = []
        wp, wq = map(int, parents.split("/"))
        if int(ph) < wp or int(pq) - int(ph) > wq - wp:
            short.append(f"parents {ph}/{pq} (want {parents})")
        wk, wn = map(int, figures.split("/"))
        if int(fk) < wk or int(fn) != wn:
            short.append(f"figures {fk}/{fn} (want {figures})")
        if gold != "-":
            gk, gt = map(int, gold.split("/"))
            if gm is None or int(gm) < gk or int(gn) != gt:
                short.append(f"gold {gm}/{gn} (want {gold})")
        if meta != "-" and (mk is None or int(mk) < int(meta)):
            short.append(f"meta {mk}/4 (want {meta})")
        print(("FAIL " if short else "ok   ") + f"real/{f}: parents {ph}/{pq} figures {fk}/{fn} gold {gm}/{gn} meta {mk}"
              + ("; " + "; ".join(short) if short else ""))
        bad += bool(short)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
