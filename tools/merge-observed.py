#!/usr/bin/env python3
"""Merge a list of observed classification codes into a formats/codes list.

usage: merge-observed.py LIST.tsv OBSERVED.tsv SOURCE [PREFIXES]

OBSERVED.tsv has the columns code, level (类/款/项), name, edition_year (with a header
line), as in formats-ref/codes-observed-2026/. Each (code, name) pair LIST.tsv does not
hold yet is appended as `code  level  name  year  SOURCE`; a code LIST.tsv already names
otherwise keeps its older lines (the new name applies from the observed year on).
PREFIXES (e.g. "3" or "5") keeps only codes beginning with one of its characters.
LIST.tsv is rewritten in place: its comment lines first, then every code in order."""
import sys

LEVEL = {"类": "1", "款": "2", "项": "3"}


def main():
    path, observed, source = sys.argv[1:4]
    prefixes = sys.argv[4] if len(sys.argv) > 4 else ""
    head, rows = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        (head if line.startswith("#") or not line.strip() else rows).append(line)
    have = {tuple(r.split("\t")[:3:2]) for r in rows}
    added = 0
    for n, line in enumerate(open(observed, encoding="utf-8")):
        f = line.rstrip("\n").split("\t")
        if n == 0 or len(f) < 4 or f[1] not in LEVEL or (prefixes and f[0][0] not in prefixes):
            continue
        if (f[0], f[2]) in have:
            continue
        rows.append("\t".join([f[0], LEVEL[f[1]], f[2], f[3], source]))
        have.add((f[0], f[2]))
        added += 1
    rows.sort(key=lambda r: (r.split("\t")[0], r.split("\t")[3]))
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(head + rows) + "\n")
    print(f"{path}: {added} lines added from {observed}", file=sys.stderr)


if __name__ == "__main__":
    main()
