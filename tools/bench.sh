#!/bin/sh
# bench.sh BUILD [RUNS] — fiscus against its peers on the corpus, in one run, one process tree.
#
#   PDF   fiscus X.pdf -t json  vs  pdftotext -layout, mutool draw -F txt, pdf2txt (pdfminer);
#         fiscus as it runs by default (pages fetched ahead on the idle processor) and on
#         one thread (--doc-threads 0), as the peers run
#   DOCX  fiscus X.docx -t md   vs  pandoc -f docx -t gfm
#   text  fiscus X.txt -t json  (MB/s), and the corpus concatenated ×1, ×10, ×100
#   PDF by length: the real PDFs (real/ and published/) by page count, and one report's PDF ×1, ×5, ×20 (qpdf)
#   batch: the corpus (×4 copies) with -j 1 and -j 2, one thread per conversion
#   OCR: seconds a page of image-only PDFs (one run each), on one core, two, and -j 2
#
# Each figure is the median wall time of RUNS runs (default 5; pdf2txt, far slower, 3),
# timed by hyperfine, with the peak resident memory (GNU time's %M) of one run.
# ratio = fiscus's time / the peer's (below 1: fiscus is faster); speed-up = peer / fiscus.
# The table goes to stdout and to tools/bench.txt (quoted by the README).
case ${1:-} in -*) echo "usage: tools/bench.sh BUILD [RUNS] (unknown option $1)" >&2; exit 2 ;; esac
set -u
B=${1:-build}
RUNS=${2:-5}
FISCUS=$B/fiscus
OUT=tools/bench.txt
TIME=/usr/bin/time
for c in "$FISCUS" $TIME hyperfine pdftotext mutool pdf2txt pandoc qpdf; do
  command -v "$c" >/dev/null || [ -x "$c" ] || { echo "bench: $c is needed (make deps installs the peers)"; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure ROUNDS CMD… → "seconds KiB": the median wall seconds of ROUNDS runs timed by
# hyperfine (no shell between it and the command; one warm-up run), and the peak RSS
# of one run (GNU time). A command that fails gives "fail 0".
measure() {
  rounds=$1; shift
  "$@" >/dev/null 2>&1 || { echo "fail 0"; return; }
  hyperfine -N -w 1 -r "$rounds" --export-json "$tmp/h.json" -- "$(quote "$@")" >/dev/null 2>&1 || { echo "fail 0"; return; }
  med=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$tmp/h.json")
  $TIME -f "%M" -o "$tmp/rss" "$@" >/dev/null 2>&1
  echo "$med $(tail -1 "$tmp/rss")"
}
# the arguments as one command line for hyperfine (which splits it like a shell)
quote() { for a in "$@"; do printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0 && a != "fail") printf f, a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1e6 }'; }
PR=3; [ "$RUNS" -lt 3 ] && PR=$RUNS

{
echo "fiscus benchmark: $(date -u +%Y-%m-%d), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)),"
echo "median of $RUNS runs (pdf2txt: $PR), wall seconds per run; RSS = peak resident MiB of one run"
echo
echo "## PDF: fiscus (-t json) against pdftotext -layout, mutool draw -F txt, pdf2txt; ratio = fiscus / peer"
echo "## (1 thr: fiscus --doc-threads 0, every page on one thread as the peers do; its ratio to pdftotext)"
printf '%-44s %5s %7s %7s %5s %5s | %7s %5s | %7s %5s %5s | %7s %5s | %7s %5s\n' file pages fiscus pages/s MB/s RSS \
  "1 thr" ratio pdftot ratio RSS mutool ratio pdf2txt ratio
tf=0 t1=0 tp=0 tm=0 tx=0 tpages=0 tbytes=0
for f in tests/corpus/*.pdf tests/corpus/real/*.pdf tests/corpus/published/*.pdf; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  bytes=$(wc -c <"$f")
  set -- $(measure "$RUNS" "$FISCUS" "$f" -t json -o "$tmp/o.json"); fs=$1 fk=$2
  set -- $(measure "$RUNS" "$FISCUS" --doc-threads 0 "$f" -t json -o "$tmp/o.json"); f1=$1
  set -- $(measure "$RUNS" pdftotext -layout "$f" "$tmp/o.txt"); ps=$1 pk=$2
  set -- $(measure "$RUNS" mutool draw -q -F txt -o "$tmp/m.txt" "$f"); ms=$1
  set -- $(measure "$PR" pdf2txt -o "$tmp/p.txt" "$f"); xs=$1
  printf '%-44s %5s %7s %7s %5s %5s | %7s %5s | %7s %5s %5s | %7s %5s | %7s %5s\n' "$(basename "$f")" "$pages" "$fs" \
    "$(div "$pages" "$fs" %.0f)" "$(div "$(mb "$bytes")" "$fs" %.1f)" "$(mib "$fk")" "$f1" "$(div "$f1" "$ps")" \
    "$ps" "$(div "$fs" "$ps")" "$(mib "$pk")" "$ms" "$(div "$fs" "$ms")" "$xs" "$(div "$fs" "$xs" %.3f)"
  tf=$(awk -v a="$tf" -v b="$fs" 'BEGIN { print a + b }'); tp=$(awk -v a="$tp" -v b="$ps" 'BEGIN { print a + b }')
  t1=$(awk -v a="$t1" -v b="$f1" 'BEGIN { print a + b }')
  tm=$(awk -v a="$tm" -v b="$ms" 'BEGIN { print a + b }'); tx=$(awk -v a="$tx" -v b="$xs" 'BEGIN { print a + b }')
  tpages=$((tpages + pages)); tbytes=$((tbytes + bytes))
done
printf '%-44s %5s %7.3f %7s %5s %5s | %7.3f %5s | %7.3f %5s %5s | %7.3f %5s | %7.3f %5s\n' "all PDFs" "$tpages" "$tf" \
  "$(div "$tpages" "$tf" %.0f)" "$(div "$(mb "$tbytes")" "$tf" %.1f)" "" "$t1" "$(div "$t1" "$tp")" "$tp" "$(div "$tf" "$tp")" "" \
  "$tm" "$(div "$tf" "$tm")" "$tx" "$(div "$tf" "$tx" %.3f)"
pdf_ratio=$(div "$tf" "$tp") pdf_ratio1=$(div "$t1" "$tp")

echo
echo "## DOCX: fiscus (-t md) against pandoc -f docx -t gfm; speed-up = pandoc / fiscus"
printf '%-44s %6s %7s %6s %5s | %7s %5s | %7s\n' file KiB fiscus MB/s RSS pandoc RSS speedup
python3 tests/make_docx.py --repeat 10 tests/corpus/hunan-dsc-2023-final.docx "$tmp/hunan-final-x10.docx"
df=0 dp=0
for f in tests/corpus/*.docx "$tmp/hunan-final-x10.docx"; do
  bytes=$(wc -c <"$f")
  set -- $(measure "$RUNS" "$FISCUS" "$f" -t md -o "$tmp/o.md"); fs=$1 fk=$2
  set -- $(measure "$RUNS" pandoc -f docx -t gfm "$f" -o "$tmp/o.gfm"); ps=$1 pk=$2
  printf '%-44s %6s %7s %6s %5s | %7s %5s | %6sx\n' "$(basename "$f")" "$((bytes / 1024))" "$fs" \
    "$(div "$(mb "$bytes")" "$fs" %.1f)" "$(mib "$fk")" "$ps" "$(mib "$pk")" "$(div "$ps" "$fs" %.1f)"
  df=$(awk -v a="$df" -v b="$fs" 'BEGIN { print a + b }'); dp=$(awk -v a="$dp" -v b="$ps" 'BEGIN { print a + b }')
done
docx_speedup=$(div "$dp" "$df" %.1f)
printf '%-44s %6s %7.3f %6s %5s | %7.3f %5s | %6sx\n' "all DOCX" "" "$df" "" "" "$dp" "" "$docx_speedup"

echo
echo "## Text: fiscus (-t json); the corpus's text reports concatenated ×1, ×10, ×100"
printf '%-44s %8s %7s %6s %5s\n' file KiB fiscus MB/s RSS
for f in tests/corpus/*.txt; do
  bytes=$(wc -c <"$f")
  set -- $(measure "$RUNS" "$FISCUS" "$f" -t json -o "$tmp/o.json"); fs=$1 fk=$2
  printf '%-44s %8s %7s %6s %5s\n' "$(basename "$f")" "$((bytes / 1024))" "$fs" "$(div "$(mb "$bytes")" "$fs" %.1f)" "$(mib "$fk")"
done
cat tests/corpus/*.txt >"$tmp/x1.txt"
for n in 1 10 100; do
  : >"$tmp/x$n.all"; i=0
  while [ $i -lt "$n" ]; do cat "$tmp/x1.txt" >>"$tmp/x$n.all"; i=$((i + 1)); done
  mv "$tmp/x$n.all" "$tmp/corpus-x$n.txt"
  bytes=$(wc -c <"$tmp/corpus-x$n.txt")
  r=$RUNS; [ "$n" = 100 ] && r=$PR
  set -- $(measure "$r" "$FISCUS" "$tmp/corpus-x$n.txt" -t json -o "$tmp/o.json"); fs=$1 fk=$2
  printf '%-44s %8s %7s %6s %5s\n' "corpus ×$n" "$((bytes / 1024))" "$fs" "$(div "$(mb "$bytes")" "$fs" %.1f)" "$(mib "$fk")"
  [ "$n" = 100 ] && text_mbs=$(div "$(mb "$bytes")" "$fs" %.1f) text_rss100=$(mib "$fk")
  [ "$n" = 1 ] && text_rss1=$(mib "$fk")
done

echo
echo "## PDF by length: time and memory against page count"
printf '%-44s %5s %7s %7s %5s\n' file pages fiscus pages/s RSS
for f in tests/corpus/real/*.pdf tests/corpus/published/*.pdf; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  set -- $(measure "$RUNS" "$FISCUS" "$f" -t json -o "$tmp/o.json"); fs=$1 fk=$2
  echo "$pages $(basename "$f") $fs $fk"
done | sort -n | while read -r pages name fs fk; do
  printf '%-44s %5s %7s %7s %5s\n' "$name" "$pages" "$fs" "$(div "$pages" "$fs" %.0f)" "$(mib "$fk")"
done
src=tests/corpus/hunan-dsc-2023-final.pdf
for n in 1 5 20; do
  set --; i=0; while [ $i -lt "$n" ]; do set -- "$@" "$src"; i=$((i + 1)); done
  qpdf --empty --pages "$@" -- "$tmp/long-x$n.pdf"
  pages=$(pdfinfo "$tmp/long-x$n.pdf" | awk '/^Pages:/ {print $2}')
  set -- $(measure "$RUNS" "$FISCUS" "$tmp/long-x$n.pdf" -t json -o "$tmp/o.json"); fs=$1 fk=$2
  printf '%-44s %5s %7s %7s %5s\n' "hunan-dsc-2023-final.pdf ×$n" "$pages" "$fs" "$(div "$pages" "$fs" %.0f)" "$(mib "$fk")"
  [ "$n" = 1 ] && pdf_rss1=$(mib "$fk"); [ "$n" = 20 ] && pdf_rss20=$(mib "$fk")
done

echo
echo "## Batch: the corpus (every document and format, 4 copies) with -j 1 and -j 2, --doc-threads 0"
echo "## (a conversion on one thread: otherwise -j 1 fetches PDF pages on the processor -j 2 uses)"
mkdir -p "$tmp/batch"
for k in 1 2 3 4; do
  for f in tests/corpus/*.txt tests/corpus/*.pdf tests/corpus/*.docx tests/corpus/real/*.pdf; do
    b=$(basename "$f"); cp "$f" "$tmp/batch/${b%.*}-$k.${b##*.}"
  done
done
nfiles=$(ls "$tmp/batch" | wc -l)
set -- $(measure "$RUNS" "$FISCUS" -r "$tmp/batch" --keep-ext -j 1 --doc-threads 0 -o "$tmp/b1/"); j1=$1 k1=$2
set -- $(measure "$RUNS" "$FISCUS" -r "$tmp/batch" --keep-ext -j 2 --doc-threads 0 -o "$tmp/b2/"); j2=$1 k2=$2
speedup=$(div "$j1" "$j2")
printf '%s files: -j 1 %ss (RSS %s), -j 2 %ss (RSS %s): speed-up %sx\n' "$nfiles" "$j1" "$(mib "$k1")" "$j2" "$(mib "$k2")" "$speedup"

echo
echo "## OCR: pages without a text layer, one run each (seconds a page); one core: --doc-threads 0;"
echo "## two: the idle processor recognises pages too; -j 2: two copies side by side, one thread each"
ocr_page1=- ocr_page2=-
if [ -e "$B/modules/fiscus-ocr.so" ] && cc -o "$tmp/make_scanned" tests/make_scanned.c $(pkg-config --cflags --libs poppler-glib cairo) 2>/dev/null; then
  "$tmp/make_scanned" tests/corpus/jianghai-2024-budget.pdf "$tmp/jianghai-tables-scanned.pdf" 200 4-9
  printf '%-44s %5s %8s %7s | %8s %7s | %8s %7s | %5s\n' file pages "one core" s/page two s/page "-j 2" s/page RSS
  for f in "$tmp/jianghai-tables-scanned.pdf" tests/corpus/scanned/*.pdf; do
    pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    $TIME -f "%e %M" -o "$tmp/t1" "$FISCUS" --doc-threads 0 "$f" -t json -o "$tmp/o.json" 2>/dev/null
    $TIME -f "%e %M" -o "$tmp/t2" "$FISCUS" "$f" -t json -o "$tmp/o.json" 2>/dev/null
    cp "$f" "$tmp/a.pdf"; cp "$f" "$tmp/b.pdf"
    $TIME -f "%e %M" -o "$tmp/tj" "$FISCUS" -j 2 --doc-threads 0 "$tmp/a.pdf" "$tmp/b.pdf" -o "$tmp/j/" 2>/dev/null
    s1=$(tail -1 "$tmp/t1" | cut -d' ' -f1) s2=$(tail -1 "$tmp/t2" | cut -d' ' -f1) sj=$(tail -1 "$tmp/tj" | cut -d' ' -f1)
    printf '%-44s %5s %8s %7s | %8s %7s | %8s %7s | %5s\n' "$(basename "$f")" "$pages" "$s1" "$(div "$s1" "$pages")" \
      "$s2" "$(div "$s2" "$pages")" "$sj" "$(div "$sj" "$((pages * 2))")" "$(mib "$(tail -1 "$tmp/t1" | cut -d' ' -f2)")"
    ocr_page1=$(div "$s1" "$pages") ocr_page2=$(div "$sj" "$((pages * 2))")
  done
else
  echo "(no OCR module in $B/modules: Tesseract is not installed)"
fi

echo
echo "## Goals"
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { if (a == "-") print "n/a"; else if ((op == "<=" && a <= b) || (op == ">=" && a >= b)) print "met"; else print "NOT met" }'; }
echo "PDF time ≤ 1.3× pdftotext -layout (all PDFs):      ${pdf_ratio}×   $(verdict "$pdf_ratio" "<=" 1.3)"
echo "  the same on one thread (--doc-threads 0):        ${pdf_ratio1}×   $(verdict "$pdf_ratio1" "<=" 1.3)"
echo "DOCX ≥ 20× faster than pandoc (all DOCX):          ${docx_speedup}×   $(verdict "$docx_speedup" ">=" 20)"
echo "text ≥ 100 MB/s (corpus ×100):                     ${text_mbs} MB/s   $(verdict "$text_mbs" ">=" 100)"
echo "-j 2 ≥ 1.8× -j 1 ($(nproc) cores):                      ${speedup}×   $(verdict "$speedup" ">=" 1.8)"
echo "PDF memory flat in length (×20 pages vs ×1):       ${pdf_rss1} → ${pdf_rss20} MiB   $(verdict "$(div "$pdf_rss20" "$pdf_rss1")" "<=" 1.5)"
echo "OCR (the scanned report): ${ocr_page1} s a page on one core, ${ocr_page2} s a page with -j 2 (no goal set)"
echo "(text memory ×1 → ×100: ${text_rss1} → ${text_rss100} MiB: a text document is held whole)"
} | tee "$tmp/table"
cp "$tmp/table" "$OUT"
echo "bench: written to $OUT"
