#!/bin/sh
# fuzz.sh BUILD SECONDS — runs each libFuzzer harness (built by `make fuzz` in BUILD) for
# SECONDS, seeded with the corpus and the regression inputs; fails on any finding.
#
#   fuzz_txt   the text reader, passes, audit and the json/xml/md writers
#   fuzz_pdf   the same behind the PDF reader (Poppler itself is not instrumented)
#   fuzz_docx  the same behind the DOCX reader (zip, libxml2, styles, tables)
#   fuzz_docxml  the DOCX body: the bytes are word/document.xml, packed into a valid package
#   fuzz_probe every reader's probe and the dispatcher's detection
#
# New interesting inputs go to BUILD/fuzz-corpus/NAME (kept between runs); a crash,
# leak, timeout or memory blow-up is written to BUILD/fuzz-findings/ and the run fails.
# Make each finding a regression test: fix it, then copy the file into
# tests/fuzz/regressions/READER/ (make check replays them all, also under ASan/UBSan).
case ${1:-} in -*) echo "usage: tools/fuzz.sh BUILD SECONDS (unknown option $1)" >&2; exit 2 ;; esac
set -u
B=${1:-build-fuzz}
SECS=${2:-60}
T=tests/fuzz/regressions
mkdir -p "$B/fuzz-findings"
status=0
for name in txt pdf docx docxml probe; do
  # max_len: text inputs are cut to 8 KiB (a table or two; ten times the inputs per second),
  # a PDF or a zip needs its end (the cross-reference table, the central directory)
  case $name in
    txt) seeds="tests/corpus/*.txt $T/txt" max_len=8192 ;;
    pdf) seeds="tests/corpus/*.pdf tests/corpus/real/putuo-commerce-2025-budget.pdf $T/pdf" max_len=1048576 ;;
    docx) seeds="tests/corpus/*.docx $T/docx" max_len=1048576 ;;
    docxml) seeds="" max_len=1048576 ;; # the corpus reports' document.xml, below
    probe) seeds="tests/corpus/*.txt tests/corpus/*.docx tests/corpus/hunan-dsc-2024-budget.pdf $T/probe" max_len=65536 ;;
  esac
  work="$B/fuzz-corpus/$name"
  mkdir -p "$work/seeds"
  for s in $seeds; do
    if [ -d "$s" ]; then cp "$s"/* "$work/seeds/" 2>/dev/null; elif [ -f "$s" ]; then cp "$s" "$work/seeds/"; fi
  done
  [ "$name" = docxml ] && python3 -c '
import os, sys, zipfile
for path in sys.argv[2:]:
    with zipfile.ZipFile(path) as z:
        name = os.path.basename(path).rsplit(".", 1)[0] + ".xml"
        open(os.path.join(sys.argv[1], name), "wb").write(z.read("word/document.xml"))
' "$work/seeds" tests/corpus/*.docx
  # the text reports also in pieces of about 4 KiB (whole lines): small seeds run faster
  [ "$name" = txt ] && for s in tests/corpus/*.txt; do split -C 4096 "$s" "$work/seeds/$(basename "$s" .txt)-"; done
  before=$(ls "$B/fuzz-findings" | wc -l)
  echo "fuzz: $name for ${SECS}s"
  # -timeout: one input may take 10 s; -rss_limit_mb: 2 GiB; leaks are findings (but
  # fontconfig's process-long caches, reached when a page is drawn: tests/lsan.supp)
  # LeakSanitizer stops the threads with ptrace; a container may refuse it now and then
  # ("LeakSanitizer has encountered a fatal error", no input saved): that is the machine's,
  # not a finding, and the harness runs once more
  for attempt in 1 2; do
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1 \
    "$B/fuzz_$name" "$work" "$work/seeds" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$B/fuzz-findings/$name-" \
        >"$B/fuzz-$name.log" 2>&1
    rc=$?
    after=$(ls "$B/fuzz-findings" | wc -l)
    if [ "$rc" != 0 ] && [ "$after" = "$before" ] && grep -q "LeakSanitizer has encountered a fatal error" "$B/fuzz-$name.log"; then
      echo "fuzz: $name: LeakSanitizer could not stop the threads (ptrace refused by the machine)"
      [ $attempt = 2 ] && rc=0 && echo "fuzz: $name: twice: its leaks are left to make test-valgrind this run"
      continue
    fi
    break
  done
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz-$name.log")
  cov=$(grep -o 'cov: [0-9]*' "$B/fuzz-$name.log" | tail -1)
  if [ "$rc" != 0 ] || [ "$after" != "$before" ]; then
    echo "fuzz: $name: FINDING (exit $rc) — see $B/fuzz-$name.log and $B/fuzz-findings/"
    grep -E "ERROR:|runtime error|SUMMARY" "$B/fuzz-$name.log" | head -5
    status=1
  else
    echo "fuzz: $name: ${runs:-?} inputs, $cov, no finding"
  fi
done
[ $status = 0 ] && echo "fuzz: no finding" || echo "fuzz: findings in $B/fuzz-findings/"
exit $status
