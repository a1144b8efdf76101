#!/bin/sh
# bench.sh BUILD [RUNS] — times fiscus against its peers on the corpus, in one run.
#
#   PDF:  fiscus X.pdf -t json   vs  pdftotext -layout X.pdf      (goal: ratio <= 1.3)
#   DOCX: fiscus X.docx -t md    vs  pandoc -f docx -t gfm X.docx (goal: >= 20x faster,
#                                                                  <= 1/10 of its memory)
#
# Each command runs RUNS rounds of 5 (default 5 rounds); the median wall time
# per run and the peak resident memory (GNU time's %M) are reported, with the
# ratio fiscus / peer. The table is also written to build/bench.txt.
set -u
B=${1:-build}
RUNS=${2:-5}
FISCUS=$B/fiscus
OUT=$B/bench.txt
TIME=/usr/bin/time
[ -x "$FISCUS" ] || { echo "bench: $FISCUS not built (run make)"; exit 2; }
[ -x "$TIME" ] || { echo "bench: GNU time (/usr/bin/time) is needed"; exit 2; }
command -v pdftotext >/dev/null || { echo "bench: pdftotext (poppler-utils) is needed"; exit 2; }
command -v pandoc >/dev/null || { echo "bench: pandoc is needed"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "seconds kilobytes": the median over RUNS rounds of a round of 5 runs (per
# run), and the peak RSS of one run
measure() {
    r=0
    : >"$tmp/runs"
    while [ $r -lt "$RUNS" ]; do
        t0=$(date +%s%N)
        for k in 1 2 3 4 5; do "$@" >/dev/null 2>&1 || { echo "fail fail"; return; }; done
        t1=$(date +%s%N)
        echo $(( (t1 - t0) / 5000 )) >>"$tmp/runs"
        r=$((r + 1))
    done
    us=$(sort -n "$tmp/runs" | sed -n "$(( (RUNS + 1) / 2 ))p")
    $TIME -f "%M" -o "$tmp/t" "$@" >/dev/null 2>&1
    echo "$(awk -v u="$us" 'BEGIN { printf "%.4f", u / 1e6 }') $(cat "$tmp/t")"
}

{
    echo "fiscus benchmark: median of $RUNS rounds of 5 runs, wall seconds per run and peak RSS (KiB)"
    printf '%-46s %5s %8s %9s %8s %9s %7s\n' "PDF → json" pages fiscus_s fiscus_kb pdftotext pdftot_kb ratio
    for f in tests/corpus/*.pdf tests/corpus/real/*.pdf; do
        [ -f "$f" ] || continue
        pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
        set -- $(measure "$FISCUS" "$f" -t json -o "$tmp/out.json")
        fs=$1 fk=$2
        set -- $(measure pdftotext -layout "$f" "$tmp/out.txt")
        ps=$1 pk=$2
        ratio=$(awk -v a="$fs" -v b="$ps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        printf '%-46s %5s %8s %9s %8s %9s %7s\n' "$(basename "$f")" "$pages" "$fs" "$fk" "$ps" "$pk" "$ratio"
    done
    echo
    printf '%-46s %5s %8s %9s %8s %9s %7s %7s\n' "DOCX → md" KiB fiscus_s fiscus_kb pandoc_s pandoc_kb speedup mem
    # and a long report: hunan-final's body ten times over
    python3 tests/make_docx.py --repeat 10 tests/corpus/hunan-dsc-2023-final.docx "$tmp/hunan-final-x10.docx"
    for f in tests/corpus/*.docx "$tmp/hunan-final-x10.docx"; do
        [ -f "$f" ] || continue
        kib=$(( $(wc -c <"$f") / 1024 ))
        set -- $(measure "$FISCUS" "$f" -t md -o "$tmp/out.md")
        fs=$1 fk=$2
        set -- $(measure pandoc -f docx -t gfm "$f" -o "$tmp/out.gfm")
        ps=$1 pk=$2
        # speed-up: pandoc's time over ours; mem: our peak RSS as a fraction of pandoc's
        printf '%-46s %5s %8s %9s %8s %9s %7s %7s\n' "$(basename "$f")" "$kib" "$fs" "$fk" "$ps" "$pk" \
            "$(awk -v a="$fs" -v b="$ps" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }')" \
            "$(awk -v a="$fk" -v b="$pk" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
    done
    echo
    # the fixed cost of starting each program (Poppler's GLib API loads cairo, gio, X11 libraries)
    set -- $(measure "$FISCUS" --version)
    fs=$1 fk=$2
    set -- $(measure pdftotext -v)
    ps=$1 pk=$2
    printf '%-46s %5s %8s %9s %8s %9s %7s\n' "(start-up: --version / -v)" - "$fs" "$fk" "$ps" "$pk" \
        "$(awk -v a="$fs" -v b="$ps" 'BEGIN { printf "%.2f", a / b }')"
} | tee "$OUT"
