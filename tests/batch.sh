# batch.sh — sourced by run.sh: batches (-j, -r, --files-from, --summary, progress) and
# the multi-host recipe. Uses run.sh's FISCUS, CORPUS, TMP, PY, ok, no.

# --- the same outputs at any -j: every corpus document, three writers ---
# (--ocr=never: the scanned report's minutes of OCR are run.sh's to test, once, not under valgrind)
BT="$TMP/batch"
mkdir -p "$BT"
"$FISCUS" --ocr=never -r "$CORPUS" --keep-ext -j 1 -t json,xml,md -o "$BT/j1/" 2>/dev/null
"$FISCUS" --ocr=never -r "$CORPUS" --keep-ext -j4 -t json,xml,md -o "$BT/j4/" 2>/dev/null
n=$(find "$BT/j1" -type f | wc -l)
if [ "$n" -ge 60 ] && diff -r "$BT/j1" "$BT/j4" >"$TMP/d" 2>&1; then ok "-j4 writes the same $n files, byte for byte, as -j 1"
else no "-j4 vs -j 1" "$n files; $(head -5 "$TMP/d")"; fi
# -r mirrors the tree below the directory; --keep-ext keeps one report's three formats apart
[ -f "$BT/j1/real/putuo-finance-2024-final.pdf.json" ] && [ -f "$BT/j1/jianghai-2024-budget.docx.md" ] \
  && [ -f "$BT/j1/jianghai-2024-budget.pdf.xml" ] && ok "-r mirrors subdirectories (real/…), --keep-ext names x.pdf.json" \
  || no "-r tree" "$(cd "$BT/j1" && find . | head)"

# md alone skips the audit (md carries no findings): the same Markdown as when json asked for it;
# --summary still counts the findings (the audit runs for it): hunan-final.txt has 3 errors, 11 warnings
"$FISCUS" --ocr=never -r "$CORPUS" --keep-ext -j 2 -t md -o "$BT/mdonly/" 2>/dev/null
mds=$(cd "$BT/j1" && find . -name '*.md' | sort)
same=0 differ=""
for f in $mds; do
  if cmp -s "$BT/j1/$f" "$BT/mdonly/$f"; then same=$((same + 1)); else differ="$differ $f"; fi
done
"$FISCUS" "$CORPUS/hunan-dsc-2023-final.txt" -t md -o "$BT/md1.md" --summary "$BT/md1.jsonl" 2>/dev/null
if [ "$same" -ge 15 ] && [ -z "$differ" ] && grep -q '"findings": {"error": 3, "warning": 11' "$BT/md1.jsonl"; then
  ok "-t md without the audit writes the same $same Markdown files; --summary still counts findings (3 errors, 11 warnings)"
else no "md without the audit" "$same same, differ:$differ; $(cat "$BT/md1.jsonl")"; fi

# one report in three formats without --keep-ext: refused before anything is written
"$FISCUS" -r "$CORPUS" -o "$BT/clash/" >"$TMP/o" 2>"$TMP/e"; rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TMP/e")" = 1 ] && grep -q "would write the same outputs" "$TMP/e" && [ -z "$(ls -A "$BT/clash" 2>/dev/null)" ] \
  && ok "inputs that would overwrite each other are refused up front: $(cat "$TMP/e")" || no "collision" "exit $rc: $(cat "$TMP/e")"
"$FISCUS" "$CORPUS" -o "$BT/dir/" >"$TMP/o" 2>"$TMP/e"; rc=$?
[ "$rc" = 2 ] && grep -q "is a directory (use -r" "$TMP/e" && ok "a directory without -r: $(cat "$TMP/e")" || no "dir without -r" "$(cat "$TMP/e")"

# --- a bad file in the middle never stops the batch; the summary tells each input's fate ---
mkdir -p "$BT/in/sub"
cp "$CORPUS/jianghai-2024-budget.txt" "$BT/in/a.txt"
head -c 4000 /dev/urandom >"$BT/in/b.pdf"
cp "$CORPUS/hunan-dsc-2024-budget.docx" "$BT/in/sub/c.docx"
cp "$CORPUS/real/final-accounts-template.pdf" "$BT/in/sub/d.pdf"
"$FISCUS" -r "$BT/in" -j 2 --summary "$BT/summary.jsonl" -o "$BT/out1/" >"$TMP/o" 2>"$TMP/e"; rc=$?
fails=$(grep -c "b.pdf" "$TMP/e")
[ "$rc" = 2 ] && [ "$fails" = 1 ] && [ -f "$BT/out1/a.json" ] && [ -f "$BT/out1/sub/c.json" ] && [ -f "$BT/out1/sub/d.json" ] \
  && [ ! -e "$BT/out1/b.json" ] && [ -z "$(find "$BT/out1" -name '.*')" ] \
  && ok "a bad file fails alone (exit 2, one line), the three others are converted, no partial output" \
  || no "bad file in a batch" "exit $rc: $(cat "$TMP/e"); $(find "$BT/out1")"
if line=$("$PY" "$HERE/check_summary.py" "$TOP/formats/fiscus-summary.schema.json" "$BT/summary.jsonl" \
    "$BT/in/a.txt" "$BT/in/b.pdf" "$BT/in/sub/c.docx" "$BT/in/sub/d.pdf"); then
  case "$line" in "4 lines, 3 ok, 1 failed") ok "--summary: one valid line per input in input order, tables and cells as written: $line" ;;
    *) no "--summary counts" "$line" ;; esac
else no "--summary" "$line"; fi
grep -q '"input": ".*/in/a.txt", "status": "ok", "format": "txt", "outputs": \[".*/out1/a.json"\], "tables": 12,' "$BT/summary.jsonl" \
  && ok "--summary line of a.txt names its reader, output and 12 tables" || no "--summary a.txt" "$(head -1 "$BT/summary.jsonl")"

# --files-from: newline- or NUL-separated, paths kept as listed below -o DIR
(cd "$BT/in" && printf 'a.txt\r\nsub/c.docx\n\n./sub//d.pdf\n' | "$FISCUS" --files-from - -o "$BT/list1/" 2>/dev/null)
(cd "$BT/in" && printf 'a.txt\0sub/c.docx\0./sub//d.pdf\0' | "$FISCUS" --files-from - -j 2 -o "$BT/list0/" 2>/dev/null)
(cd "$BT/list1" && find . -type f | sort) >"$TMP/l1"
[ "$(tr '\n' ' ' <"$TMP/l1")" = "./a.json ./sub/c.json ./sub/d.json " ] && diff -r "$BT/list1" "$BT/list0" >/dev/null \
  && ok "--files-from: lines (CRLF too) and NUL-separated give the same tree, paths as listed" || no "--files-from" "$(cat "$TMP/l1")"
"$FISCUS" --files-from "$BT/none.lst" -o "$BT/x/" >"$TMP/o" 2>"$TMP/e"; rc=$?
[ "$rc" = 2 ] && grep -q "none.lst" "$TMP/e" && ok "--files-from a missing list: $(cat "$TMP/e")" || no "missing list" "$(cat "$TMP/e")"

# --- progress: on a terminal only ---
if command -v script >/dev/null; then
  script -qfec "$FISCUS -r $BT/in -j 2 -o $BT/tty/" /dev/null >"$TMP/tty" 2>&1
  grep -q "fiscus: 4/4 files, [0-9.]* files/s, 1 failed, in [0-9]*:[0-9][0-9]" "$TMP/tty" \
    && ok "on a terminal: a progress line (done/total, rate, failures, time)" || no "progress on a tty" "$(tr '\r' '\n' <"$TMP/tty" | tail -3)"
else no "progress on a tty" "script (bsdutils) is not installed"; fi
"$FISCUS" -r "$BT/in" -j 2 -o "$BT/notty/" 2>"$TMP/e" >/dev/null
! grep -q "files/s" "$TMP/e" && ! grep -q "$(printf '\r')" "$TMP/e" && ok "off a terminal: no progress line" || no "progress off a tty" "$(cat "$TMP/e")"

# --- the multi-host recipe: GNU parallel over two "hosts" (tests/fake-ssh gives each its own
# directory, so only what --transferfile sends is there), outputs identical to a serial run ---
MH="$BT/mh"
mkdir -p "$MH/sub"
cp "$CORPUS/jianghai-2024-budget.txt" "$MH/a.txt"
cp "$CORPUS/real/putuo-finance-2024-final.pdf" "$MH/sub/b.pdf"
cp "$CORPUS/hunan-dsc-2023-final.docx" "$MH/sub/c.docx"
cp "$CORPUS/jianghai-2024-budget.pdf" "$MH/sub/d.pdf"
head -c 3000 /dev/urandom >"$MH/bad.pdf"
if command -v parallel >/dev/null && command -v rsync >/dev/null; then
  (cd "$MH" && FAKE_HOSTS="$MH/hosts" FISCUS_SSH="$HERE/fake-ssh" sh "$TOP/tools/multihost.sh" -S 2/hostA,2/hostB \
     -x "$FISCUS" -o out --joblog "$MH/joblog" a.txt sub/b.pdf sub/c.docx sub/d.pdf bad.pdf >/dev/null 2>"$MH/err"); rc=$?
  (cd "$MH" && printf 'a.txt\nsub/b.pdf\nsub/c.docx\nsub/d.pdf\nbad.pdf\n' | "$FISCUS" --files-from - -o serial/ 2>/dev/null)
  hosts_used=$(awk -F'\t' 'NR > 1 && $7 == 0 { print $2 }' "$MH/joblog" | sort -u | tr '\n' ' ')
  left=$(find "$MH/hosts" -name '*.pdf' -o -name '*.json' -o -name '*.txt' -o -name '*.docx' | wc -l)
  if [ "$rc" = 1 ] && [ "$(find "$MH/out" -type f | wc -l)" = 4 ] && diff -r "$MH/out" "$MH/serial" >/dev/null \
     && [ "$hosts_used" = "hostA hostB " ] && [ "$left" = 0 ] && grep -q "rsync --server" "$MH/hosts/log" \
     && [ "$(grep -c "no output came back" "$MH/err")" = 1 ] && grep -q "^multihost.sh: bad.pdf: no output came back" "$MH/err"; then
    ok "multihost.sh over 2 hosts: 4 outputs byte-identical to a serial run, the bad file fails alone (exit 1, named), hosts cleaned"
  else
    no "multihost.sh" "exit $rc, hosts used: $hosts_used, files left on hosts: $left; $(diff -r "$MH/out" "$MH/serial" 2>&1 | head -3); $(tail -3 "$MH/err")"
  fi
  # hosts where no job can start (a login without $SHELL: parallel logs such jobs as exit 0):
  # every input is named as failed, and the outputs of the run before do not count
  (cd "$MH" && FAKE_SSH_NO_SHELL=1 FAKE_HOSTS="$MH/hosts2" FISCUS_SSH="$HERE/fake-ssh" sh "$TOP/tools/multihost.sh" \
     -S 2/hostA,2/hostB -x "$FISCUS" -o out a.txt sub/b.pdf sub/c.docx sub/d.pdf bad.pdf >/dev/null 2>"$MH/err2"); rc=$?
  [ "$rc" = 5 ] && [ "$(grep -c "no output came back" "$MH/err2")" = 5 ] \
    && ok "multihost.sh on hosts that run nothing: exit 5, each of the 5 inputs named" \
    || no "multihost.sh on broken hosts" "exit $rc; $(grep -v rsync "$MH/err2" | tail -3)"
else
  no "multihost.sh" "GNU parallel and rsync are needed (apt-get install parallel rsync)"
fi
