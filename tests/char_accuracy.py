#!/usr/bin/env python3
"""char_accuracy.py TRUTH.txt OUT.json PAGE [MIN%] — OCR text of one page against a hand transcription

The text of OUT.json's blocks on PAGE (headings with their numbers, paragraphs, notes; the
page-number line and a chart's labels are not in the transcription and are left out by
taking the blocks in order up to the transcription's last characters), all blanks removed,
is compared with TRUTH.txt's (blanks and line breaks removed) character by character:
accuracy = 1 − (edit distance / characters of the transcription). Prints it; exit 1 below MIN."""
import json, re, sys

from helper_args import args as helper_args


def distances(a, b):
    """the edit distance of a to each prefix of b: [d(a, b[:0]), d(a, b[:1]), …]"""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev


def main():
    a = helper_args(__doc__, 3, 4)
    truth = re.sub(r"\s", "", open(a[0], encoding="utf-8").read())
    doc = json.load(open(a[1]))
    page = int(a[2])
    parts = []
    for b in doc["blocks"]:
        if b["page"] != page or b["type"] == "table":
            continue
        parts.append((b.get("number") or "") + (b.get("text") or ""))
    text = re.sub(r"\s", "", "".join(parts))
    # the transcription ends where the page's text does (its chart and page number are pictures)
    d = min(distances(truth, text[:4000]))
    acc = 100.0 * (1 - d / len(truth))
    print("char_accuracy: page %d: %d characters, %d edits, %.1f%%" % (page, len(truth), d, acc))
    return 0 if len(a) < 4 or acc >= float(a[3]) else 1


if __name__ == "__main__":
    sys.exit(main())
