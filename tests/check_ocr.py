#!/usr/bin/env python3
"""check_ocr.py FISCUS MAKE_SCANNED TOOLS_DIR WORK_DIR [--min-corpus P] [--min-real P] [--min-parents P] CORPUS_PDF… -- REAL_PDF… — OCR on image-only copies

Each report's cover and the pages of its gold tables are drawn at 200 dpi into pictures
(make_scanned: no text layer left), converted by fiscus with OCR, and scored against the
gold as the text layer is. Each PDF has NAME.gold.json beside it. Prints one line per file (pages read, gold cells,
meta, parent rows adding up, seconds), then the totals, and exits 1 when a corpus report
scores below --min-corpus (per file, with meta 4/4), the real ones below --min-real (over
all), or the parent rows below --min-parents (over all)."""
import json, os, re, subprocess, sys, time, unicodedata

from helper_args import args as helper_args


def norm(s):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", s or ""))


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def gold_pages(fiscus, pdf, gold, work):
    """The cover and the pages of the tables the gold has, as the text layer reads them."""
    out = os.path.join(work, "text.json")
    r = run([fiscus, "--ocr=never", pdf, "-o", out])
    if r.returncode != 0:
        sys.exit("check_ocr: %s: %s" % (pdf, r.stderr.strip()))
    doc = json.load(open(out))
    pages = {1}
    for gt in gold["tables"]:
        for t in doc["tables"]:
            if (gt.get("id") and norm(t["id"]) == norm(gt["id"])) or (gt.get("title") and norm(t["title"]) == norm(gt["title"])):
                pages |= set(t["pages"])
    return sorted(pages)


def ranges(pages):
    out, i = [], 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append("%d-%d" % (pages[i], pages[j]) if j > i else "%d" % pages[i])
        i = j + 1
    return ",".join(out)


def pair(pattern, line):
    m = re.search(pattern, line)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def main():
    args = helper_args(__doc__, 6, None, ("--min-corpus", "--min-real", "--min-parents", "--"))
    opts = {"--min-corpus": 98.0, "--min-real": 95.0, "--min-parents": 97.0}
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts and i + 1 < len(args):
            opts[args[i]] = float(args[i + 1])
            i += 2
        elif args[i].startswith("--") and args[i] != "--":
            print("check_ocr: unknown option %s" % args[i], file=sys.stderr)
            return 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) < 5 or "--" not in pos:
        print(__doc__, file=sys.stderr)
        return 2
    fiscus, scanner, tools, work = pos[:4]
    split = pos.index("--")
    corpus, real = pos[4:split], pos[split + 1:]
    failed = []
    tot = {"corpus": [0, 0], "real": [0, 0]}
    parents = [0, 0]
    for group, files in (("corpus", corpus), ("real", real)):
        for pdf in files:
            name = os.path.basename(pdf)[:-4]
            gold = json.load(open(pdf[:-4] + ".gold.json"))
            if not gold.get("tables"):
                print("skip %-42s (its gold has no table)" % name)
                continue
            pages = gold_pages(fiscus, pdf, gold, work)
            scan = os.path.join(work, name + ".scanned.pdf")
            r = run([scanner, pdf, scan, "200", ranges(pages)])
            if r.returncode != 0:
                sys.exit("check_ocr: make_scanned %s: %s" % (pdf, r.stderr.strip()))
            out = os.path.join(work, name + ".json")
            t0 = time.time()
            r = run([fiscus, scan, "-o", out])
            secs = time.time() - t0
            if r.returncode != 0:
                print("FAIL %s: fiscus: %s" % (name, r.stderr.strip()))
                failed.append(name)
                continue
            doc = json.load(open(out))
            marked = all(row.get("ocr") is not None for t in doc["tables"] for row in t["rows"])
            score = run([sys.executable, os.path.join(tools, "score"), pdf[:-4] + ".gold.json", out]).stdout.strip().split("\n")[-1]
            sums = run([sys.executable, os.path.join(tools, "sums"), out]).stdout.strip().split("\n")[-1]
            cells = pair(r"(\d+)/(\d+) cells", score)
            meta = pair(r"meta (\d+)/(\d+)", score)
            held = pair(r"(\d+)/(\d+) parent rows", sums)
            tot[group][0] += cells[0]
            tot[group][1] += cells[1]
            parents[0] += held[0]
            parents[1] += held[1]
            pct = 100.0 * cells[0] / cells[1] if cells[1] else 100.0
            bad = not marked or (group == "corpus" and (pct < opts["--min-corpus"] or meta[0] != meta[1]))
            print("%s %-42s %2d pages  gold %4d/%-4d (%5.1f%%)  meta %d/%d  parents %3d/%-3d  %5.1fs%s" % (
                "FAIL" if bad else "ok  ", name, len(pages), cells[0], cells[1], pct, meta[0], meta[1], held[0], held[1],
                secs, "" if marked else "  (a table row without its ocr mark)"))
            if bad:
                failed.append(name)
    real_pct = 100.0 * tot["real"][0] / tot["real"][1] if tot["real"][1] else 100.0
    par_pct = 100.0 * parents[0] / parents[1] if parents[1] else 100.0
    if real and real_pct < opts["--min-real"]:
        failed.append("real PDFs over all: %.1f%% < %.1f%%" % (real_pct, opts["--min-real"]))
    if par_pct < opts["--min-parents"]:
        failed.append("parent rows over all: %.1f%% < %.1f%%" % (par_pct, opts["--min-parents"]))
    print("check_ocr: corpus gold %d/%d | real gold %d/%d (%.1f%%) | parents %d/%d (%.1f%%)%s" % (
        tot["corpus"][0], tot["corpus"][1], tot["real"][0], tot["real"][1], real_pct, parents[0], parents[1], par_pct,
        " | FAILED: " + "; ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
