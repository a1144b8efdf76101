# hostile.sh — sourced by run.sh (after the DOCX section made $TMP/docx): every hostile input
# gets, within bounded time and memory, either one line naming the file and what is wrong and
# exit 2 with no output written, or a conversion with the warning that says what was left
# out. Then all of them in one batch: the good file among them is still converted.
# Uses run.sh's FISCUS, CORPUS, TMP, PY, B, ok, no.

HO="$TMP/hostile"
mkdir -p "$HO/in"
"$PY" "$HERE/make_hostile.py" "$HO/in"
: >"$HO/in/zero.txt"; : >"$HO/in/zero.pdf"; : >"$HO/in/zero.docx"
for e in txt pdf docx; do head -c 3000 /dev/urandom >"$HO/in/junk.$e"; printf '\0' >>"$HO/in/junk.$e"; done
head -c 4000 "$CORPUS/jianghai-2024-budget.pdf" >"$HO/in/truncated.pdf"
head -c 30000 "$CORPUS/jianghai-2024-budget.docx" >"$HO/in/truncated.docx"
qpdf --encrypt secret owner 256 -- "$CORPUS/jianghai-2024-budget.pdf" "$HO/in/encrypted.pdf"
for f in bomb lying laughs xxe manyentries; do cp "$TMP/docx/$f.docx" "$HO/in/$f.docx"; done
# a real report with one byte that is not UTF-8 in it
{ head -c 3001 "$CORPUS/jianghai-2024-budget.txt"; printf '\377'; tail -c +3002 "$CORPUS/jianghai-2024-budget.txt"; } >"$HO/in/invalid-utf8.txt"

# bounds: seconds and peak RSS (MiB) per file; the sanitizers slow and fatten everything
case $B in *asan*) SECS=90 MIB=1536 ;; *) SECS=10 MIB=300 ;; esac
[ -n "${VALGRIND:-}" ] && SECS=300 MIB=2048

# name | exit | what stderr must say (grep -E)
cat >"$HO/expect" <<'EOF'
zero.txt|2|: empty file$
zero.pdf|2|: empty file$
zero.docx|2|: empty file$
junk.txt|2|binary data
junk.pdf|2|unrecognised input format|not a readable PDF|damaged PDF
junk.docx|2|not a zip package
truncated.pdf|2|damaged PDF
truncated-xref.pdf|2|damaged PDF
truncated.docx|2|truncated or damaged zip
encrypted.pdf|2|encrypted PDF: it needs a password
pages5000.pdf|0|warning: pdf.notext: 4999 pages have no text layer and no picture to read by OCR \(blank\?\): 2–5000
bomb.docx|2|a zip bomb
lying.docx|2|inflates to more than the 100000 bytes its zip entry declares
laughs.docx|2|declares a DOCTYPE or entities
xxe.docx|2|declares a DOCTYPE or entities
manyentries.docx|2|entries, more than the limit
entries100k.docx|2|100003 entries, more than the limit of 10000
not-utf8.txt|2|neither UTF-8 nor GB18030
invalid-utf8.txt|0|warning: txt.encoding: invalid UTF-8 sequences
gb18030.txt|0|^$
nul.txt|2|binary data \(a NUL byte\)
longline.txt|0|warning: meta.department
nested.docx|2|nested deeper than libxml2's limit of 256
nested70.docx|0|warning: docx.nested:
wide.docx|0|warning: docx.columns: a table has more than 512 columns
wide.txt|0|warning: txt.columns: a table has 10001 columns; the columns past 256 are left out
EOF

nfail=0
while IFS='|' read -r f code pat; do
  in="$HO/in/$f" out="$HO/out/$f.json"
  mkdir -p "$HO/out"
  /usr/bin/time -f "%e %M" -o "$HO/time" "$FISCUS" "$in" -o "$out" </dev/null >/dev/null 2>"$HO/e"; rc=$?
  set -- $(tail -1 "$HO/time"); secs=$1 kib=$2
  lines=$(wc -l <"$HO/e")
  within=$(awk -v s="$secs" -v k="$kib" -v S="$SECS" -v M="$MIB" 'BEGIN { print (s <= S && k <= M * 1024) ? "yes" : "no" }')
  temps=$(find "$HO/out" -name '.*' | wc -l)
  if [ "$code" = 2 ]; then
    nfail=$((nfail + 1))
    good=$([ "$rc" = 2 ] && [ "$lines" = 1 ] && grep -q "^fiscus: $in: " "$HO/e" && [ ! -e "$out" ] && echo yes)
  else
    # converted: warnings only, a line each (what was left out, and the meta ones), never thousands
    good=$([ "$rc" = 0 ] && [ "$lines" -le 5 ] && [ "$(grep -vc ': warning: ' "$HO/e")" = 0 ] && [ -s "$out" ] && echo yes)
  fi
  if [ "$good" = yes ] && [ "$within" = yes ] && [ "$temps" = 0 ] && { [ "$pat" = '^$' ] && [ "$lines" = 0 ] || grep -Eq "$pat" "$HO/e"; }; then
    ok "hostile $f: exit $rc in ${secs}s, $((kib / 1024)) MiB: $(head -1 "$HO/e" | sed "s|$HO/in/||")"
  else
    no "hostile $f" "exit $rc (want $code), $lines lines, ${secs}s, ${kib} KiB (bounds ${SECS}s, ${MIB} MiB), $temps temporary files: $(head -3 "$HO/e")"
  fi
done <"$HO/expect"
# thousands of pages on helper threads (each opens its own copy of the document): the same
# warning and output, within the same bounds
/usr/bin/time -f "%e %M" -o "$HO/time" "$FISCUS" --doc-threads 3 "$HO/in/pages5000.pdf" -o "$HO/pt.json" 2>"$HO/e"; rc=$?
set -- $(tail -1 "$HO/time")
[ "$rc" = 0 ] && grep -q "4999 pages have no text layer" "$HO/e" && cmp -s "$HO/pt.json" "$HO/out/pages5000.pdf.json" \
  && awk -v s="$1" -v k="$2" -v S="$SECS" -v M="$MIB" 'BEGIN { exit !(s <= S && k <= M * 1024) }' \
  && ok "hostile pages5000.pdf on 3 page threads: the same output, ${1}s, $(($2 / 1024)) MiB" \
  || no "hostile pages5000.pdf on 3 page threads" "exit $rc, ${1}s, $2 KiB: $(head -2 "$HO/e")"
# what came through is what the file says: GB18030 decoded, the 10 MiB line kept whole
"$PY" - "$HO/out/gb18030.txt.json" "$HO/out/longline.txt.json" <<'EOF' && ok "GB18030 decoded (encoding and text); the 10 MiB line kept whole" || no "GB18030 / long line content"
import json, sys
g = json.load(open(sys.argv[1], encoding="utf-8"))
assert g["meta"]["encoding"] == "GB18030" and g["meta"]["department"] == "江海区财政局", g["meta"]
l = json.load(open(sys.argv[2], encoding="utf-8"))
assert sum(len(b.get("text", "")) for b in l["blocks"]) > 3 * 1024 * 1024
EOF
# external entities: the file named is never read into the output
! grep -rq "root:" "$HO/out" && ok "no external entity was expanded into any output" || no "external entity leaked"

# all of them, and one good report, in one batch: the bad ones fail one line each, the batch goes on
cp "$CORPUS/hunan-dsc-2023-final.txt" "$HO/in/good.txt"
"$FISCUS" -r "$HO/in" --keep-ext -j 2 --summary "$HO/summary.jsonl" -o "$HO/batch/" >/dev/null 2>"$HO/e"; rc=$?
failed=$(grep -c '"status": "failed"' "$HO/summary.jsonl")
errlines=$(grep -vc ': warning: ' "$HO/e")
[ "$rc" = 2 ] && [ "$failed" = "$nfail" ] && [ "$errlines" = "$nfail" ] && [ -s "$HO/batch/good.txt.json" ] \
  && [ "$(grep -c . "$HO/summary.jsonl")" = "$(($(grep -c . "$HO/expect") + 1))" ] && [ -z "$(find "$HO/batch" -name '.*')" ] \
  && ok "hostile batch (-j 2): $failed inputs fail one line each, the others and the good report are converted, exit 2" \
  || no "hostile batch" "exit $rc, $failed failed (want $nfail), $errlines error lines; $(grep -v ': warning: ' "$HO/e" | head -3)"

# every input that once made fiscus misbehave (tests/fuzz/regressions/READER/): exit 0 or 2,
# no sanitizer report, no GLib critical
nreg=0 badreg=""
for dir in "$HERE"/fuzz/regressions/*/; do
  reader=$(basename "$dir")
  for f in "$dir"*; do
    [ -f "$f" ] || continue
    nreg=$((nreg + 1))
    if [ "$reader" = probe ]; then set -- "$f"; else set -- -f "$reader" "$f"; fi
    "$FISCUS" "$@" -o "$HO/reg.json" </dev/null >/dev/null 2>"$HO/e"; rc=$?
    if { [ "$rc" != 0 ] && [ "$rc" != 2 ]; } || grep -Eq "runtime error|Sanitizer|CRITICAL|WARNING \*\*" "$HO/e"; then
      badreg="$badreg $reader/$(basename "$f") (exit $rc: $(head -2 "$HO/e"))"
    fi
  done
done
[ "$nreg" -ge 1 ] && [ -z "$badreg" ] && ok "fuzz regressions: $nreg inputs that once misbehaved, each exit 0 or 2, no sanitizer or GLib report" \
  || no "fuzz regressions ($nreg)" "$badreg"
