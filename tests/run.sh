#!/bin/sh
# run.sh BUILD_DIR — every test of fiscus against a build: unit tests, the
# corpus scored against its gold files, schema validation, the Markdown read
# back by pandoc, plugins, the CLI's errors. Ends with "N passed, N failed".
case ${1:-} in -*) echo "usage: tests/run.sh BUILD_DIR (unknown option $1)" >&2; exit 2 ;; esac
set -u
B=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
FISCUS="$TOP/$B/fiscus"
CORPUS="$HERE/corpus"
TOOLS="$HERE/tools"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
# VALGRIND=1: every fiscus run (and the unit tests) under valgrind's memcheck; any error or
# definite/indirect leak fails the run (exit 97) and is listed by the last test
RUN_UNIT="$TOP/$B/unit"
if [ -n "${VALGRIND:-}" ]; then
  VG_LOGS="$TMP/valgrind"
  mkdir -p "$VG_LOGS"
  SUPP=/usr/share/glib-2.0/valgrind/glib.supp
  for prog in fiscus unit; do
    cat >"$TMP/$prog-vg" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=97 --leak-check=full --show-leak-kinds=definite,indirect \\
  --errors-for-leak-kinds=definite,indirect $([ -f $SUPP ] && echo "--suppressions=$SUPP") --suppressions=$HERE/valgrind.supp \\
  --log-file="$VG_LOGS/$prog.%p.log" "$TOP/$B/$prog" "\$@"
EOF
    chmod +x "$TMP/$prog-vg"
  done
  FISCUS="$TMP/fiscus-vg"
  RUN_UNIT="$TMP/unit-vg"
fi

ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
check() { # name, command…
  name=$1; shift
  if out=$("$@" 2>&1); then ok "$name"; else no "$name" "$(printf '%s' "$out" | tail -5)"; fi
}

# --- unit tests (their own counts are added to ours) ---
"$RUN_UNIT" "$CORPUS" "$TOP/$B/plugins/fiscus-csv.so" >"$TMP/unit.out" 2>&1
cat "$TMP/unit.out"
up=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$TMP/unit.out")
uf=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$TMP/unit.out")
if [ -z "$up" ]; then no "unit tests ran" "$(tail -5 "$TMP/unit.out")"; else pass=$((pass + up)); fail=$((fail + uf)); fi

# --- the corpus: every gold cell and all meta from the text form ---
score_is_full() { # gold, out.json
  line=$("$PY" "$TOOLS/score" "$1" "$2" | tail -1)
  echo "$line"
  case "$line" in *"(100.0%) meta 4/4") return 0 ;; *) return 1 ;; esac
}
# the gold reports in one input format: full scores, and the sums as published
# (hunan's 公开06表 302 is a published slip: 61/62); JSON in $TMP/DOC[.EXT].json
score_corpus() { # ext, suffix of the output name
  ext=$1 sfx=$2
  for doc in jianghai-2024-budget hunan-dsc-2023-final; do
    if "$FISCUS" "$CORPUS/$doc.$ext" -t json -o "$TMP/$doc$sfx.json"; then
      if line=$(score_is_full "$CORPUS/$doc.gold.json" "$TMP/$doc$sfx.json"); then ok "$doc.$ext: $line"; else no "$doc.$ext: $line"; fi
    else
      no "$doc.$ext converts"
    fi
  done
  line=$("$PY" "$TOOLS/sums" "$TMP/jianghai-2024-budget$sfx.json" | tail -1)
  case "$line" in "sums: 39/39 "*) ok "jianghai.$ext sums: $line" ;; *) no "jianghai.$ext sums" "$line" ;; esac
  line=$("$PY" "$TOOLS/sums" "$TMP/hunan-dsc-2023-final$sfx.json" | tail -1)
  case "$line" in "sums: 61/62 "*) ok "hunan-final.$ext sums (302 slip reported): $line" ;; *) no "hunan-final.$ext sums" "$line" ;; esac
}
score_corpus txt ""

# hunan 2024 budget: narrative only, meta from the text
"$FISCUS" "$CORPUS/hunan-dsc-2024-budget.txt" -o "$TMP/hunan-dsc-2024-budget.json"
meta=$("$PY" -c 'import json,sys; m=json.load(open(sys.argv[1]))["meta"]; print(m["department"], m["fiscal_year"], m["kind"], m["unit"])' "$TMP/hunan-dsc-2024-budget.json")
[ "$meta" = "湖南省政务服务和大数据中心 2024 budget 万元" ] && ok "hunan-2024 meta: $meta" || no "hunan-2024 meta" "$meta"
heads=$("$PY" -c 'import json,sys; print(sum(1 for b in json.load(open(sys.argv[1]))["blocks"] if b["type"]=="heading"))' "$TMP/hunan-dsc-2024-budget.json")
[ "$heads" -ge 10 ] && ok "hunan-2024 heading tree ($heads headings)" || no "hunan-2024 headings" "$heads"

# the same report in GB18030, and with Kangxi radicals for 一: same score
iconv -f UTF-8 -t GB18030 "$CORPUS/jianghai-2024-budget.txt" >"$TMP/gb.txt"
"$FISCUS" "$TMP/gb.txt" -o "$TMP/gb.json" && line=$(score_is_full "$CORPUS/jianghai-2024-budget.gold.json" "$TMP/gb.json") \
  && ok "GB18030 input: $line" || no "GB18030 input" "${line:-}"
sed 's/一/⼀/g' "$CORPUS/hunan-dsc-2023-final.txt" >"$TMP/kangxi.txt"
"$FISCUS" "$TMP/kangxi.txt" -o "$TMP/kangxi.json" && line=$(score_is_full "$CORPUS/hunan-dsc-2023-final.gold.json" "$TMP/kangxi.json") \
  && ok "Kangxi radicals folded (NFKC): $line" || no "Kangxi radicals" "${line:-}"

# --- PDF: the typeset corpus scores in full, real published PDFs add up ---
score_corpus pdf .pdf
# the heading tree of the 2024 budget is the same from its PDF as from its text
"$FISCUS" "$CORPUS/hunan-dsc-2024-budget.pdf" -o "$TMP/hunan-dsc-2024-budget.pdf.json"
heads() { "$PY" -c 'import json,sys; [print(b["level"], b.get("number"), b["text"].replace(" ", "")) for b in json.load(open(sys.argv[1]))["blocks"] if b["type"]=="heading"]' "$1"; }
heads "$TMP/hunan-dsc-2024-budget.json" >"$TMP/h.txt"
heads "$TMP/hunan-dsc-2024-budget.pdf.json" >"$TMP/h.pdf"
[ -s "$TMP/h.txt" ] && cmp -s "$TMP/h.txt" "$TMP/h.pdf" && ok "hunan-2024.pdf heading tree = its .txt's ($(wc -l <"$TMP/h.pdf") headings)" \
  || no "hunan-2024.pdf heading tree" "$(diff "$TMP/h.txt" "$TMP/h.pdf" | head -5)"
# real reports as published: every coded table adds up, but for one published slip
sums_is() { # file, expected "P/Q", [expected verbose miss]
  f=$1 want=$2
  if ! "$FISCUS" "$CORPUS/real/$f.pdf" -t json -o "$TMP/$f.json" 2>"$TMP/e"; then no "real/$f.pdf converts" "$(cat "$TMP/e")"; return; fi
  line=$("$PY" "$TOOLS/sums" "$TMP/$f.json" --verbose)
  last=$(printf '%s\n' "$line" | tail -1)
  case "$last" in "sums: $want "*) ;; *) no "real/$f.pdf sums" "$last"; return ;; esac
  if [ -n "${3:-}" ]; then
    printf '%s\n' "$line" | grep -qF "$3" || { no "real/$f.pdf: the slip found" "$line"; return; }
  fi
  ok "real/$f.pdf: $last"
}
sums_is final-accounts-template 16/16
sums_is jiangsu-party-office-2019-budget-tables 24/24
sums_is jiangsu-procuratorate-2019-budget 24/24
sums_is putuo-commerce-2025-budget 50/50
sums_is putuo-finance-2024-final 30/31 "一般公共预算财政拨款基本支出决算表 302: column 1 is 171.07, its parts add to 171.09"
# every real PDF (real/ and published/) at least at its floor (published/expected.tsv):
# parents adding up, printed figures kept (coverage, witness pdftotext), gold cells, meta
"$PY" "$HERE/check_real.py" "$FISCUS" "$TOOLS" "$CORPUS/published/expected.tsv" "$CORPUS/real" "$CORPUS/published" \
  >"$TMP/real.out" 2>&1
while IFS= read -r line; do
  case "$line" in "ok   "*) ok "${line#ok   }" ;; "FAIL "*) no "${line#FAIL }" ;; esac
done <"$TMP/real.out"
grep -q "^\(ok  \|FAIL\) real/hangzhou" "$TMP/real.out" || no "real PDFs checked" "$(tail -5 "$TMP/real.out")"
# the template: the nine standard tables, each with its header tree
check "template: nine tables with their header trees" "$PY" "$HERE/check_template.py" "$TMP/final-accounts-template.json"
check "PDF JSON validates against the schema" "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" \
  "$TMP/jianghai-2024-budget.pdf.json" "$TMP/hunan-dsc-2023-final.pdf.json" "$TMP/hunan-dsc-2024-budget.pdf.json" \
  "$TMP/putuo-finance-2024-final.json" "$TMP/putuo-commerce-2025-budget.json" "$TMP/final-accounts-template.json"
# headings of unruled bands centred in cells whose edges the contents leave open (amounts
# flush right, names flush left), in three publishers' templates; text set over other text
# (烟台 p. 30: a hidden copy of the title over the heading) is never interleaved
"$FISCUS" "$CORPUS/published/suzhou-audit-2026-budget.pdf" -o "$TMP/sz.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/hangzhou-police-2026-budget.pdf" -o "$TMP/hzp.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/yantai-petition-2026-budget.pdf" -o "$TMP/yt.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/guangzhou-emergency-2026-budget.pdf" -o "$TMP/gz.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/fuzhou-medical-security-2026-budget.pdf" -o "$TMP/fz.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/national-petition-2026-budget.pdf" -o "$TMP/np.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/foshan-rail-transit-2019-final.pdf" -o "$TMP/fs.json" 2>/dev/null
"$FISCUS" "$CORPUS/published/shenzhen-civil-affairs-2026-budget.pdf" -o "$TMP/szm.json" 2>/dev/null
if out=$("$PY" - "$TMP/sz.json" "$TMP/hzp.json" "$TMP/yt.json" "$TMP/gz.json" "$TMP/fz.json" "$TMP/np.json" "$TMP/fs.json" "$TMP/szm.json" <<'PYEOF' 2>&1
import json, sys
sz, hz, yt = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:4])
def paths(d, tid):
    t = next(t for t in d["tables"] if t.get("id") == tid)
    return [c["path"] for c in t["columns"] if c["role"] == "data"]
want = ["合计", "基本支出 / 小计", "基本支出 / 人员经费", "基本支出 / 公用经费", "项目支出"]
assert paths(sz, "公开05表") == want, paths(sz, "公开05表")
# a cell over two rows beside a heading's children is no sibling of theirs (苏州 公开09表)
assert paths(sz, "公开09表")[:5] == ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费 / 小计",
                                   "公务用车购置及运行维护费 / 公务用车购置费", "公务用车购置及运行维护费 / 公务用车运行维护费"], paths(sz, "公开09表")
assert paths(hz, "表5") == ["合计", "基本支出 / 小计", "基本支出 / 人员经费", "基本支出 / 日常公用支出", "项目支出"], paths(hz, "表5")
assert paths(yt, "公开表5")[:2] == ["合计", "基本支出 / 小计"], paths(yt, "公开表5")
# the first lines of headings wrapped in narrow cells side by side are not one heading
gz = json.load(open(sys.argv[4], encoding="utf-8"))
assert paths(gz, "表2")[1:4] == ["财政拨款收入 / 一般公共预算", "财政拨款收入 / 政府性基金预算", "财政拨款收入 / 国有资本经营预算"], paths(gz, "表2")
assert paths(yt, "公开表11")[2:6] == ["财政拨款 / 小计", "财政拨款 / 一般公共预算", "财政拨款 / 政府性基金预算", "财政拨款 / 国有资本经营预算"], paths(yt, "公开表11")
# a name set over three lines about its figures is one row (福州 收入预算总表, 杭州 表2)
fz = json.load(open(sys.argv[5], encoding="utf-8"))
names = [r["name"] for t in fz["tables"] if (t.get("title") or "").endswith("收入预算总表") for r in t["rows"]]
assert names[:5] == ["合计", "福州市医疗保障基金中心", "福州市医疗保障局", "福州市医疗保障数据技术中心", "福州市医疗保障服务行为监测中心"], names[:6]
# labels set one character at a time are one word (国家信访局 部门公开表1: 收 入 总 计)
np_ = json.load(open(sys.argv[6], encoding="utf-8"))
t1 = next(t for t in np_["tables"] if t.get("id") == "部门公开表1")
assert [c["path"] for c in t1["columns"]] == ["收入 / 项目", "收入 / 预算数", "支出 / 项目", "支出 / 预算数"], [c["path"] for c in t1["columns"]]
totals = [r["name"] for r in t1["rows"] if r["total"]]
assert "收入总计" in totals and "支出总计" in totals, totals
# a form's title takes no line of the form before it (国家信访局 p. 32, 烟台 p. 31)
assert "信访业务培训绩效目标表" in [t["title"] for t in np_["tables"]], [t["title"] for t in np_["tables"]][-3:]
assert [t["title"] for t in yt["tables"]][-2:] == ["政策和项目预算绩效目标表"] * 2, [t["title"] for t in yt["tables"]][-3:]
# a 栏次 row over one number a side (佛山 表1) or ** (杭州 表9) is no heading; a labelled first
# column of words holds the names (深圳 表4); a row's indentation is its name's first line (广州 表11)
fs = json.load(open(sys.argv[7], encoding="utf-8"))
assert [c["path"] for c in next(t for t in fs["tables"] if t.get("id") == "表1")["columns"]] == \
    ["收入 / 项目", "收入 / 行次", "收入 / 决算数", "支出 / 项目", "支出 / 行次", "支出 / 决算数"]
assert [c["path"] for c in next(t for t in hz["tables"] if t.get("id") == "表9")["columns"]] == ["功能分类科目名称", "项目支出"]
sz4 = next(t for t in json.load(open(sys.argv[8], encoding="utf-8"))["tables"] if t.get("id") == "表4")
assert sz4["columns"][0]["role"] == "name" and sz4["rows"][1]["name"] == "工资福利支出", sz4["rows"][:2]
g11 = next(t for t in gz["tables"] if t.get("id") == "表11")
assert len({r["level"] for r in g11["rows"] if r["name"] and r["name"].startswith("广州市")}) == 1, [r["level"] for r in g11["rows"]]
heads = [b["text"] for b in yt["blocks"] if b["type"] == "heading"]
titles = [t["title"] for t in yt["tables"] if 30 in t["pages"]]
assert "部门预算项目绩效目标表" in heads and "政策和项目预算绩效目标表" in titles, (heads[-3:], titles)
PYEOF
); then ok "unruled headings over the columns they are centred on (苏州 公开05表, 杭州 表5, 烟台 公开表5); headings wrapped side by side kept apart (广州 表2, 烟台 公开表11); names over three lines one row (福州); letter-spaced labels one word (国家信访局 表1); form titles whole (国家信访局, 烟台); 栏次 and ** rows (佛山 表1, 杭州 表9); first-column names (深圳 表4); indentation (广州 表11); overprinted text kept apart (烟台 p. 30)"
else no "unruled headings and overprinted text" "$out"; fi
# a grid with no title set in the narrative in smaller type is a table, not a paragraph of
# figures (佛山 p. 29 after a paragraph; 西安 p. 8 after "…包括：") and ends where its type does
"$FISCUS" "$CORPUS/published/xian-finance-2026-budget.pdf" -o "$TMP/xa.json" 2>/dev/null
if out=$("$PY" - "$TMP/fs.json" "$TMP/xa.json" <<'PYEOF' 2>&1
import json, sys
fs, xa = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
def untitled(d, page):
    return [t for t in d["tables"] if t["title"] is None and t["id"] is None and page in t["pages"]]
g = untitled(fs, 29)
assert len(g) == 1, [t["pages"] for t in fs["tables"] if t["title"] is None]
assert [c["label"] for c in g[0]["columns"]] == ["项目名称", "自评分数"], g[0]["columns"]
rows = [(r["name"], r["cells"]) for r in g[0]["rows"]]
assert len(rows) == 7 and rows[0] == ("质量抽检和试验检测管理", [100]) and rows[1] == ("2019年度聘请专家人员经费", [96.53]), rows
assert not any("96.53" in (b.get("text") or "") for b in fs["blocks"] if b["type"] == "paragraph")
x = untitled(xa, 8)
assert len(x) == 1 and [c["label"] for c in x[0]["columns"]] == ["序号", "单位名称", "拟变动情况"], [t["columns"] for t in x]
last = x[0]["rows"][-1]
assert len(x[0]["rows"]) == 7 and last["name"] == "西安市政府债务管理中心" and last["cells"] == ["7", None], last
assert x[0]["columns"][0]["role"] == "lineno" and x[0]["layout"] == "plain", x[0]["columns"]
heads = [b["text"] for b in xa["blocks"] if b["type"] == "heading"]
assert "人员情况说明" in heads, heads
PYEOF
); then ok "untitled grids in the narrative read as tables that end with their type (佛山 p. 29, 西安 p. 8)"
else no "untitled grids in the narrative" "$out"; fi
# units per table: putuo-commerce prints its tables in 元 and its 三公 table in 万元
units=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(sorted(set(t["unit"] or "-" for t in d["tables"]))))' "$TMP/putuo-commerce-2025-budget.json")
[ "$units" = "万元 元" ] && ok "per-table units kept (元 tables in a report that speaks of 万元)" || no "per-table units" "$units"

# --- PDF: pages without text a warning (truncated, junk, empty and encrypted PDFs: hostile.sh) ---
# a bad input: exit 2, one line naming what is wrong, no output file
expect_refused() { name=$1 pat=$2 f=$3
  "$FISCUS" "$f" -o "$TMP/bad.json" >"$TMP/o" 2>"$TMP/e"; rc=$?
  if [ "$rc" = 2 ] && grep -q "$pat" "$TMP/e" && [ "$(wc -l <"$TMP/e")" -le 1 ] && [ ! -e "$TMP/bad.json" ]; then ok "$name (exit 2: $(cat "$TMP/e"))"
  else no "$name" "exit $rc: $(cat "$TMP/e")"; fi
}
if ${CC:-cc} -o "$TMP/make_pdf" "$HERE/make_pdf.c" $(pkg-config --cflags --libs cairo) 2>"$TMP/cc.err"; then
  "$TMP/make_pdf" "$TMP/blank.pdf" blank-page
  "$FISCUS" "$TMP/blank.pdf" -o "$TMP/blank.json" 2>"$TMP/e"; rc=$?
  [ "$rc" = 0 ] && grep -q "page 2 has no text layer" "$TMP/e" && [ -s "$TMP/blank.json" ] \
    && ok "a page without text is a warning naming it, the rest converts ($(cat "$TMP/e"))" || no "blank page" "exit $rc: $(cat "$TMP/e")"
  "$TMP/make_pdf" "$TMP/running.pdf" running
  "$FISCUS" "$TMP/running.pdf" -o "$TMP/running.json" 2>/dev/null
  "$PY" -c 'import json,sys; t=[b["text"] for b in json.load(open(sys.argv[1]))["blocks"] if b["type"]!="table"]; sys.exit(not (any("page 4" in x for x in t) and not any("running" in x for x in t)))' "$TMP/running.json" \
    && ok "running headers and footers dropped, the body kept" || no "running headers" "$(head -c 600 "$TMP/running.json")"
  "$TMP/make_pdf" "$TMP/notext.pdf" no-text
  expect_refused "PDF with no text layer at all" "no text layer" "$TMP/notext.pdf"
else no "make_pdf builds" "$(cat "$TMP/cc.err")"; fi

# --- OCR: scanned pages read into the same tables (plugins/ocr/); skipped, and said so, without the module ---
if [ ! -e "$TOP/$B/modules/fiscus-ocr.so" ]; then
  echo "skip OCR tests: the OCR module was not built (it needs libtesseract-dev; CI installs it)"
elif [ ! -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] && [ -z "${TESSDATA_PREFIX:-}" ]; then
  echo "skip OCR tests: no Tesseract language data for chi_sim (tesseract-ocr-chi-sim; CI installs it)"
elif ! ${CC:-cc} -o "$TMP/make_scanned" "$HERE/make_scanned.c" $(pkg-config --cflags --libs poppler-glib cairo) 2>"$TMP/cc.err"; then
  no "make_scanned builds" "$(cat "$TMP/cc.err")"
else
  SCANNED="$CORPUS/scanned/beijing-govdata-2026-budget-narrative-scanned.pdf"
  # the scanned report: one page (the plain run reads all 8 below); under valgrind, Tesseract's
  # own code would be the most of minutes of memcheck: our side of it is ASan's to check there
  qpdf --empty --pages "$SCANNED" 5 -- "$TMP/scan5.pdf"
  OCR_FISCUS=$FISCUS; [ -n "${VALGRIND:-}" ] && OCR_FISCUS="$TOP/$B/fiscus"
  "$OCR_FISCUS" "$TMP/scan5.pdf" -t json,md,xml -o "$TMP/scan5/" 2>"$TMP/e"; rc=$?
  "$PY" - "$TMP/scan5/scan5.json" <<'PYEOF' && [ "$rc" = 0 ] && ok "OCR: a scanned page reads into paragraphs, its figures whole, each block marked ocr with its confidence" || no "OCR of a scanned page" "exit $rc: $(cat "$TMP/e")"
import json, sys
d = json.load(open(sys.argv[1]))
text = "".join(b.get("text") or "" for b in d["blocks"])
assert "2026年度收入预算101,673.03万元" in text, text[:300]
assert "一般公共预算拨款收入101,673.03万元" in text, text[:300]
assert all(isinstance(b.get("ocr"), int) and 0 <= b["ocr"] <= 100 for b in d["blocks"]), d["blocks"][:3]
assert any(x["code"] == "pdf.ocr" and x["severity"] == "info" for x in d["diagnostics"])
PYEOF
  grep -q 'ocr="[0-9]*"' "$TMP/scan5/scan5.xml" && xmllint --noout --schema "$TOP/formats/fiscus-report.xsd" "$TMP/scan5/scan5.xml" 2>/dev/null \
    && grep -q '^\*p\. 1: recognised by OCR (lowest word confidence [0-9]*%)\*$' "$TMP/scan5/scan5.md" \
    && ok "OCR marked in xml (valid) and md" || no "OCR marks in xml and md" "$(head -5 "$TMP/scan5/scan5.md")"
  # without the module: that page is said to be unread, the rest converts; all pages unread: exit 2, one line
  mkdir -p "$TMP/noocr/modules"
  cp "$TOP/$B/fiscus" "$TMP/noocr/" && cp "$TOP/$B/modules/fiscus-pdf.so" "$TMP/noocr/modules/"
  qpdf --empty --pages "$CORPUS/jianghai-2024-budget.pdf" 1-3 "$TMP/scan5.pdf" 1 -- "$TMP/mixed.pdf"
  FISCUS_OCR_ENGINE= "$TMP/noocr/fiscus" "$TMP/mixed.pdf" -o "$TMP/mixed.json" 2>"$TMP/e"; rc=$?
  [ "$rc" = 0 ] && grep -q 'page 4 has no text layer; OCR is not installed' "$TMP/e" && [ -s "$TMP/mixed.json" ] \
    && ok "without the OCR module: $(cut -c1-110 "$TMP/e")…" || no "without the OCR module" "exit $rc: $(cat "$TMP/e")"
  "$TMP/noocr/fiscus" "$SCANNED" -o "$TMP/noocr.json" 2>"$TMP/e"; rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$TMP/e")" = 1 ] && grep -q 'no text layer on any of its 8 pages; OCR is not installed' "$TMP/e" && [ ! -e "$TMP/noocr.json" ] \
    && ok "a scanned report without the OCR module: exit 2, one line" || no "scanned, no OCR module" "exit $rc: $(cat "$TMP/e")"
  "$FISCUS" --ocr=never "$TMP/scan5.pdf" -o "$TMP/never.json" 2>"$TMP/e"; rc=$?
  [ "$rc" = 2 ] && grep -q 'a scanned PDF?); --ocr=auto would read it by OCR' "$TMP/e" \
    && ok "--ocr=never leaves pictures unread" || no "--ocr=never" "exit $rc: $(cat "$TMP/e")"
  "$OCR_FISCUS" --progress "$TMP/scan5.pdf" -o "$TMP/progress.json" 2>"$TMP/e"; rc=$?
  [ "$rc" = 0 ] && grep -q "fiscus: 1/1 files, 1 page read by OCR, " "$TMP/e" \
    && ok "the progress line counts the pages read by OCR" || no "OCR pages in the progress line" "exit $rc: $(cat "$TMP/e")"
  "$FISCUS" --ocr=sometimes x.pdf 2>"$TMP/e"; rc=$?
  [ "$rc" = 2 ] && grep -q "ocr is auto, never or always, not 'sometimes'" "$TMP/e" && ok "--ocr refuses a mode it does not know" || no "--ocr mode" "$(cat "$TMP/e")"
  if [ -z "${VALGRIND:-}" ] && [ -z "${FISCUS_SANITIZED:-}" ]; then
    # the whole scanned report, then the image-only copies of the gold reports (minutes: not under valgrind or ASan)
    "$FISCUS" "$SCANNED" -t json -o "$TMP/bj-scan.json" 2>"$TMP/e"; rc=$?
    "$PY" - "$TMP/bj-scan.json" <<'PYEOF' && [ "$rc" = 0 ] && ok "OCR: the scanned 北京 report, 8 pages, its headings and figures" || no "OCR of the scanned report" "exit $rc: $(cat "$TMP/e")"
import json, sys
d = json.load(open(sys.argv[1]))
heads = [b["text"] for b in d["blocks"] if b["type"] == "heading"]
for h in ("部门情况说明", "收入预算情况说明", "支出预算情况说明", "名词解释"):
    assert h in heads, (h, heads)
assert d["meta"]["fiscal_year"] == 2026, d["meta"]
text = "".join(b.get("text") or "" for b in d["blocks"])
for s in ("基本支出预算38,197.01万元", "项目支出预算63,408.16万元", "“三公”经费预算80.11万元"):
    assert s in text, s
PYEOF
    # its pages 3 and 5 against a transcription made by hand from the page images
    for pg in 3 5; do
      acc=$("$PY" "$HERE/char_accuracy.py" "$CORPUS/scanned/beijing-govdata-p$pg.truth.txt" "$TMP/bj-scan.json" $pg 98) \
        && ok "OCR: the scanned report's p. $pg against its hand transcription: $acc" || no "OCR text of p. $pg" "$acc"
    done
    mkdir -p "$TMP/ocr"
    REAL_GOLD=$(ls "$CORPUS"/published/*.gold.json "$CORPUS"/real/*.gold.json | sed 's/\.gold\.json$/.pdf/')
    # floors: the corpus reports as the issue asks (98% each, meta 4/4); the real ones at what
    # is measured now, less a margin: gold cells above the 95% asked, parents adding up short
    # of the 97% asked (misreads the sums cannot single out: plugins/ocr/README.md)
    "$PY" "$HERE/check_ocr.py" --min-corpus 98 --min-real 97 --min-parents 97 "$FISCUS" "$TMP/make_scanned" "$TOOLS" "$TMP/ocr" \
      "$CORPUS/jianghai-2024-budget.pdf" "$CORPUS/hunan-dsc-2023-final.pdf" -- $REAL_GOLD >"$TMP/ocr.out" 2>&1; rc=$?
    sed 's/^/     /' "$TMP/ocr.out"
    [ "$rc" = 0 ] && ok "OCR on image-only copies: $(tail -1 "$TMP/ocr.out")" || no "OCR on image-only copies" "$(tail -1 "$TMP/ocr.out")"
    # what the OCR mends: titles a few characters off a standard one (江苏 党办: bold titles,
    # 财政拨款基了支出预算表 经济科目）; a misread unit key), split 类/款/项 codes under misread
    # headings (长沙, 上海), thousands separators read as points (上海 1.583,000), headings
    # of narrow ruled cells read cell by cell (重庆 表二), a scan's ruled columns (深圳 表3)
    "$PY" - "$TMP/ocr" <<'PYEOF' && ok "OCR mends: standard titles, split codes, separators, ruled headings and columns" || no "OCR mends" "see above"
import json, os, sys
def load(name):
    return json.load(open(os.path.join(sys.argv[1], name + ".json"), encoding="utf-8"))
titles = [t["title"] for t in load("jiangsu-party-office-2019-budget-tables")["tables"]]
for want in ("财政拨款支出预算表（功能科目）", "财政拨款基本支出预算表（经济科目）", "一般公共预算支出预算表（功能科目）",
             "一般公共预算基本支出预算表（经济科目）", "一般公共预算机关运行经费支出预算表"):
    assert want in titles, (want, titles)
# a title the vocabulary knows as printed is never "corrected" (福州: 一般公共预算拨款支出预算表)
assert "2026年度一般公共预算拨款支出预算表" in [t["title"] for t in load("fuzhou-medical-security-2026-budget")["tables"]]
codes = {r["code"] for t in load("changsha-petition-2026-budget")["tables"] for r in t["rows"]}
assert {"201", "20140", "2014001", "2014004"} <= codes, sorted(c for c in codes if c)
sh = load("shanghai-audit-2026-unit-budget")
row = next(r for t in sh["tables"] for r in t["rows"] if r["code"] == "2010802")
assert 1583000 in row["cells"], row
cq = next(t for t in load("chongqing-meteorology-2026-budget")["tables"] if t["title"] == "2026年部门收入总体情况表")
labels = [c["label"] for c in cq["columns"]]
for want in ("一般公共预算拨款收入", "政府性基金预算拨款收入", "财政专户管理资金收入", "附属单位上缴收入"):
    assert want in labels, labels
sz = next(t for t in load("shenzhen-civil-affairs-2026-budget")["tables"] if t["id"] == "表3")
assert len(sz["columns"]) == 12, [c["label"] for c in sz["columns"]]
PYEOF
  else
    echo "skip the OCR scores under valgrind and ASan (minutes of Tesseract; the plain run has them)"
  fi
fi

# --- PDF pages fetched ahead by helper threads (--doc-threads): the same bytes whatever their number ---
pt_bad="" pt_n=0 pt_helped=0
for f in "$CORPUS"/*.pdf "$CORPUS"/real/*.pdf; do
  pt_n=$((pt_n + 1))
  "$FISCUS" --doc-threads 0 "$f" -t json -o "$TMP/pt0.json" 2>/dev/null
  FISCUS_PDF_DEBUG=1 "$FISCUS" --doc-threads 3 "$f" -t json -o "$TMP/pt3.json" 2>"$TMP/pt.err"
  h=$(sed -n 's/^pdf: [0-9]* pages, \([0-9]*\) fetched by [0-9]* helper threads$/\1/p' "$TMP/pt.err")
  pt_helped=$((pt_helped + ${h:-0}))
  cmp -s "$TMP/pt0.json" "$TMP/pt3.json" || pt_bad="$pt_bad $(basename "$f")"
done
[ -z "$pt_bad" ] && [ "$pt_helped" -gt 0 ] \
  && ok "PDF pages fetched by 3 helper threads ($pt_helped pages in all): the same JSON as with none, for $pt_n PDFs" \
  || no "PDF page helpers" "differ:$pt_bad; pages fetched by helpers: $pt_helped"
"$FISCUS" --doc-threads -2 "$CORPUS/hunan-dsc-2024-budget.pdf" -o "$TMP/pt.json" 2>"$TMP/e"; rc=$?
[ "$rc" = 2 ] && grep -q "cannot be negative" "$TMP/e" && [ ! -e "$TMP/pt.json" ] \
  && ok "--doc-threads -2 refused: $(cat "$TMP/e")" || no "--doc-threads -2" "exit $rc: $(cat "$TMP/e")"

# --- the audit's narrative rule on a thread of its own (a long report, a spare processor): the same output ---
# (three reports in one, one code's name changed: code.name, a rule after the narrative one, finds it)
{ cat "$CORPUS/hunan-dsc-2023-final.txt"; sed '370s/行政运行/行政管理运行/' "$CORPUS/jianghai-2024-budget.txt"
  cat "$CORPUS/hunan-dsc-2023-final.txt"; } >"$TMP/long3.txt"
au_bad="" au_beside=0 au_findings=0
for f in "$CORPUS/hunan-dsc-2023-final.txt" "$CORPUS/hunan-dsc-2023-final.pdf" "$CORPUS/hunan-dsc-2023-final.docx" "$TMP/long3.txt"; do
  "$FISCUS" --doc-threads 0 "$f" -t json -o "$TMP/au0.json" 2>/dev/null
  FISCUS_AUDIT_DEBUG=1 "$FISCUS" --doc-threads 1 "$f" -t json -o "$TMP/au1.json" 2>"$TMP/au.err"
  grep -q "^audit: rule prose on a thread of its own" "$TMP/au.err" && au_beside=$((au_beside + 1))
  au_findings=$((au_findings + $("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$TMP/au1.json")))
  [ "$f" = "$TMP/long3.txt" ] && ! grep -q '"rule":"code.name"' "$TMP/au1.json" && au_bad="$au_bad (no code.name in long3)"
  cmp -s "$TMP/au0.json" "$TMP/au1.json" || au_bad="$au_bad $(basename "$f")"
done
[ -z "$au_bad" ] && [ "$au_beside" = 4 ] && [ "$au_findings" -gt 0 ] \
  && ok "audit's narrative rule on its own thread for 4 long reports: the same JSON, $au_findings findings in the same order" \
  || no "audit on two threads" "differ:$au_bad; beside in $au_beside of 4; $au_findings findings"

# --- DOCX: the corpus in full, Word's own structure, hostile packages refused ---
score_corpus docx .docx
"$FISCUS" "$CORPUS/hunan-dsc-2024-budget.docx" -o "$TMP/hunan-dsc-2024-budget.docx.json"
heads "$TMP/hunan-dsc-2024-budget.docx.json" >"$TMP/h.docx"
[ -s "$TMP/h.txt" ] && cmp -s "$TMP/h.txt" "$TMP/h.docx" && ok "hunan-2024.docx heading tree = its .txt's ($(wc -l <"$TMP/h.docx") headings)" \
  || no "hunan-2024.docx heading tree" "$(diff "$TMP/h.txt" "$TMP/h.docx" | head -5)"
"$PY" "$HERE/make_docx.py" "$TMP/docx"
"$FISCUS" "$TMP/docx/features.docx" -o "$TMP/features.json" 2>/dev/null
check "features.docx: styles, numbering, merged cells, split table, nested table" "$PY" "$HERE/check_docx.py" "$TMP/features.json"
check "DOCX JSON validates against the schema" "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" \
  "$TMP/jianghai-2024-budget.docx.json" "$TMP/hunan-dsc-2023-final.docx.json" "$TMP/hunan-dsc-2024-budget.docx.json" "$TMP/features.json"
# zip bombs, billion laughs, external entities, too many entries, truncated, junk and empty
# packages: hostile.sh, with time and memory bounds
expect_refused "package naming no main document" "names no main document" "$TMP/docx/nomain.docx"
expect_refused "package whose main part is missing" "main part word/document.xml is missing" "$TMP/docx/missingmain.docx"
expect_refused "a spreadsheet named .docx" "spreadsheetml" "$TMP/docx/xlsx.docx"
expect_refused "a zip that is not OOXML" "names no main document" "$TMP/docx/plainzip.docx"
expect_refused "malformed document.xml" "malformed XML" "$TMP/docx/badxml.docx"
printf '\320\317\021\340\241\261\032\341' >"$TMP/ole.docx"; head -c 2000 /dev/zero >>"$TMP/ole.docx"
expect_refused "a legacy .doc / encrypted Office file named .docx" "an OLE2 file" "$TMP/ole.docx"

# --- every writer, every corpus document, every input format: one read, five outputs, each validated ---
# xml against its XSD, xbrl against the taxonomy through the catalog (no network), json against its
# schema, fdp against its descriptor; xbrl and fdp round-trip to the JSON cell by cell (exact, in yuan)
export XML_CATALOG_FILES="$TOP/formats/xbrl/catalog.xml"
mkdir -p "$TMP/all"
w_ok=0 w_bad="" x_ok=0 x_bad="" b_ok=0 b_bad="" j_ok=0 j_bad="" d_ok=0 d_bad="" m_ok=0 m_bad="" facts=0 rows=0
for f in "$CORPUS"/*.txt "$CORPUS"/*.pdf "$CORPUS"/*.docx "$CORPUS"/real/*.pdf "$CORPUS"/published/*.pdf "$TMP/docx/features.docx"; do
  n=$(basename "$f"); base=${n%.*}; o="$TMP/all/$n"
  if "$FISCUS" "$f" -t xbrl,xml,fdp,json,md -o "$o/" -v 2>"$o.err" && [ "$(grep -c ': read as ' "$o.err")" = 1 ] \
     && [ -s "$o/$base.xbrl" ] && [ -s "$o/$base.xml" ] && [ -s "$o/$base.json" ] && [ -s "$o/$base.md" ] \
     && [ -s "$o/$base.fdp/datapackage.json" ] && [ -s "$o/$base.fdp/amounts.csv" ]; then w_ok=$((w_ok + 1))
  else w_bad="$w_bad $n: $(tail -1 "$o.err")"; continue; fi
  if xmllint --noout --nonet --schema "$TOP/formats/fiscus-report.xsd" "$o/$base.xml" 2>"$TMP/xe"; then x_ok=$((x_ok + 1))
  else x_bad="$x_bad $n: $(tail -2 "$TMP/xe")"; fi
  if xmllint --noout --nonet --schema "$TOP/formats/xbrl/fr.xsd" "$o/$base.xbrl" 2>"$TMP/xe" \
     && line=$("$PY" "$HERE/check_xbrl.py" "$o/$base.xbrl" "$o/$base.json" "$TOP/formats/xbrl/fr-members.xsd" 2>&1); then
    b_ok=$((b_ok + 1)); facts=$((facts + $(echo "$line" | sed 's/^xbrl: \([0-9]*\) facts.*/\1/')))
  else b_bad="$b_bad $n: $(tail -2 "$TMP/xe") ${line:-}"; fi
  if "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" "$o/$base.json" >"$TMP/je" 2>&1; then j_ok=$((j_ok + 1))
  else j_bad="$j_bad $n: $(tail -2 "$TMP/je")"; fi
  if line=$("$PY" "$HERE/check_fdp.py" "$o/$base.fdp" "$o/$base.json" "$TOP/formats/fdp-fields.tsv" 2>&1); then
    d_ok=$((d_ok + 1)); rows=$((rows + $(echo "$line" | sed 's/^fdp: \([0-9]*\) rows.*/\1/')))
  else d_bad="$d_bad $n: $line"; fi
  if pandoc -f gfm -t json "$o/$base.md" -o /dev/null 2>"$TMP/pe"; then m_ok=$((m_ok + 1)); else m_bad="$m_bad $n: $(tail -1 "$TMP/pe")"; fi
done
[ -z "$w_bad" ] && ok "-t xbrl,xml,fdp,json,md -o DIR/: one read, five outputs, for $w_ok documents (txt, pdf, docx, real PDFs)" || no "five outputs in one pass" "$w_bad"
[ -z "$x_bad" ] && ok "xml of $x_ok documents validates against formats/fiscus-report.xsd" || no "xml validation" "$x_bad"
[ -z "$b_bad" ] && ok "xbrl of $b_ok documents validates against formats/xbrl/fr.xsd offline and matches the JSON: $facts facts, one per amount cell, exact in yuan, total rows sum" || no "xbrl validation and round trip" "$b_bad"
[ -z "$j_bad" ] && ok "json of $j_ok documents validates against formats/fiscus.schema.json" || no "json validation" "$j_bad"
[ -z "$d_bad" ] && ok "fdp of $d_ok documents: every CSV row typed as its descriptor says, $rows rows, one per amount cell" || no "fdp validation and round trip" "$d_bad"
[ -z "$m_bad" ] && ok "md of $m_ok documents parses as GFM" || no "md parse" "$m_bad"

# the validators can fail: a corrupted output of each is rejected
J="$TMP/all/jianghai-2024-budget.txt"
sed '0,/kind="amount"/s//kind="money"/' "$J/jianghai-2024-budget.xml" >"$TMP/xml-bad.xml"
xmllint --noout --nonet --schema "$TOP/formats/fiscus-report.xsd" "$TMP/xml-bad.xml" 2>/dev/null \
  && no "the XSD rejects a cell of an unknown kind" || ok "the XSD rejects a cell of an unknown kind"
sed '0,/<fr:Expenditure /s//<fr:Spending /;0,/<\/fr:Expenditure>/s//<\/fr:Spending>/' "$J/jianghai-2024-budget.xbrl" >"$TMP/xbrl-bad.xbrl"
xmllint --noout --nonet --schema "$TOP/formats/xbrl/fr.xsd" "$TMP/xbrl-bad.xbrl" 2>/dev/null \
  && no "the taxonomy rejects an undeclared concept" || ok "the taxonomy rejects an undeclared concept"
sed '0,/decimals="-2">9469500</s//decimals="-2">9469501</' "$J/jianghai-2024-budget.xbrl" >"$TMP/xbrl-off.xbrl"
"$PY" "$HERE/check_xbrl.py" "$TMP/xbrl-off.xbrl" "$J/jianghai-2024-budget.json" "$TOP/formats/xbrl/fr-members.xsd" >/dev/null 2>&1 \
  && no "the round trip catches a fact one yuan off" || ok "the round trip catches a fact one yuan off"
cp -r "$J/jianghai-2024-budget.fdp" "$TMP/fdp-bad"
sed -i '3d' "$TMP/fdp-bad/amounts.csv"
"$PY" "$HERE/check_fdp.py" "$TMP/fdp-bad" "$J/jianghai-2024-budget.json" "$TOP/formats/fdp-fields.tsv" >/dev/null 2>&1 \
  && no "the fdp check catches a missing row" || ok "the fdp check catches a missing row"
# the taxonomy's members are the code lists': regenerating them changes nothing
sh "$TOP/tools/gen-members.sh" >"$TMP/members.xsd" && cmp -s "$TMP/members.xsd" "$TOP/formats/xbrl/fr-members.xsd" \
  && ok "formats/xbrl/fr-members.xsd is up to date with formats/codes/*.tsv" \
  || no "formats/xbrl/fr-members.xsd is stale: run make taxonomy"
# exact units: 123.45 万元 is 1234500 yuan with decimals -2; 123.45 元 is 123.45 with decimals 2
printf '某局2024年部门预算\n表1 支出表\n单位：万元\n科目编码 科目名称 合计\n201 一般公共服务支出 123.45\n表2 支出表\n单位：元\n科目编码 科目名称 合计\n201 一般公共服务支出 123.45\n' >"$TMP/units.txt"
"$FISCUS" "$TMP/units.txt" -t xbrl -o "$TMP/units.xbrl" 2>/dev/null
if grep -q 'id="f1-1-3" contextRef="c[0-9]*" unitRef="CNY" decimals="-2">1234500<' "$TMP/units.xbrl" \
   && grep -q 'id="f2-1-3" contextRef="c[0-9]*" unitRef="CNY" decimals="2">123.45<' "$TMP/units.xbrl"; then
  ok "xbrl values exact in yuan: 123.45 万元 → 1234500 (decimals -2), 123.45 元 → 123.45 (decimals 2)"
else no "xbrl unit conversion" "$(grep 'f[12]-1-3' "$TMP/units.xbrl")"; fi
expect_fail_plain() { name=$1 pat=$2; shift 2
  if "$@" >"$TMP/o.txt" 2>"$TMP/e.txt"; then no "$name (exit 0)"
  elif [ "$(wc -l <"$TMP/e.txt")" = 1 ] && grep -q "$pat" "$TMP/e.txt"; then ok "$name: $(cat "$TMP/e.txt")"
  else no "$name" "$(cat "$TMP/e.txt")"; fi
}
# -o names the package directory, also when it exists from a run before; -o DIR/ puts NAME.fdp/ in it
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/pkg.fdp" 2>/dev/null
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/pkg.fdp" 2>/dev/null
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -t fdp -o "$TMP/pkgs/" 2>/dev/null
if [ "$(ls "$TMP/pkg.fdp" | paste -sd' ')" = "amounts.csv datapackage.json" ] && [ -s "$TMP/pkgs/jianghai-2024-budget.fdp/amounts.csv" ]; then
  ok "-o x.fdp writes the package there (twice over: nothing else appears in it); -o DIR/ writes DIR/NAME.fdp/"
else no "fdp output paths" "$(ls -R "$TMP/pkg.fdp" "$TMP/pkgs" 2>&1)"; fi
expect_fail_plain "fdp to stdout refused in one line" "writes a directory of files" "$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -t fdp
: >"$TMP/afile.fdp"
expect_fail_plain "fdp onto an existing file refused" "this is a file" "$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/afile.fdp"

# hostile text in a report: markup, a CDATA end, control characters, a GB18030 sequence where a
# surrogate would be, a UTF-8-encoded surrogate; every writer's output stays well-formed
hostile_body='一、<b>标题</b> & ]]> "引号"\n正文\001\013含控制字符 </report> &amp;\n表1 支出表\n单位：万元\n项目 合计\n<x>&"a,b"]]>\001行 1.00\n注：<注> & ]]>\002\n'
printf "2024年部门预算\n$hostile_body" >"$TMP/hostile.txt"
printf "2024年部门预算\n$hostile_body" | iconv -f UTF-8 -t GB18030 >"$TMP/hostile-gb.txt" && printf '\203\066\307\071\n' >>"$TMP/hostile-gb.txt"
printf "2024年部门预算\n$hostile_body\355\240\200\n" >"$TMP/hostile-sur.txt"
for h in hostile hostile-gb hostile-sur; do
  if "$FISCUS" "$TMP/$h.txt" -t xbrl,xml,fdp,json,md -o "$TMP/$h/" 2>/dev/null \
    && xmllint --noout --nonet --schema "$TOP/formats/fiscus-report.xsd" "$TMP/$h/$h.xml" 2>"$TMP/xe" \
    && xmllint --noout --nonet --schema "$TOP/formats/xbrl/fr.xsd" "$TMP/$h/$h.xbrl" 2>"$TMP/xe" \
    && "$PY" "$HERE/check_xbrl.py" "$TMP/$h/$h.xbrl" "$TMP/$h/$h.json" "$TOP/formats/xbrl/fr-members.xsd" >"$TMP/xe" 2>&1 \
    && "$PY" "$HERE/check_fdp.py" "$TMP/$h/$h.fdp" "$TMP/$h/$h.json" "$TOP/formats/fdp-fields.tsv" >"$TMP/xe" 2>&1 \
    && "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" "$TMP/$h/$h.json" >"$TMP/xe" 2>&1 \
    && pandoc -f gfm -t json "$TMP/$h/$h.md" -o /dev/null 2>"$TMP/xe" \
    && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); t=" ".join(b.get("text") or "" for b in d["blocks"]); r=" ".join(r["name"] for t in d["tables"] for r in t["rows"]); sys.exit(not ("<b>标题</b>" in t and "]]>" in t and "<x>" in r))' "$TMP/$h/$h.json" \
    && grep -q '&lt;b&gt;标题&lt;/b&gt; &amp; ]]&gt;' "$TMP/$h/$h.xml" \
    && grep -q 'xml:lang="zh-CN">注：&lt;注&gt; &amp; ]]&gt;' "$TMP/$h/$h.xbrl" \
    && grep -q '"<x>&""a,b""]]>' "$TMP/$h/$h.fdp/amounts.csv"; then
    ok "hostile text ($h.txt: <, &, ]]>, quotes, commas, control characters) well-formed and escaped in xbrl, xml, fdp, json, md"
  else no "hostile text in $h.txt" "$(tail -3 "$TMP/xe" 2>/dev/null)"; fi
done

# --- JSON Schema ---
check "JSON validates against formats/fiscus.schema.json" "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" \
  "$TMP/jianghai-2024-budget.json" "$TMP/hunan-dsc-2023-final.json" "$TMP/hunan-dsc-2024-budget.json"
echo '{"fiscus":"x","meta":{},"blocks":[],"tables":[],"diagnostics":[]}' >"$TMP/invalid.json"
if "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" "$TMP/invalid.json" >/dev/null 2>&1; then
  no "schema rejects a JSON without meta fields"
else ok "schema rejects a JSON without meta fields"; fi

# --- Markdown read back by pandoc: same tables, rows, columns ---
for doc in jianghai-2024-budget hunan-dsc-2023-final; do
  "$FISCUS" "$CORPUS/$doc.txt" -t md -o "$TMP/$doc.md" && pandoc -f gfm -t json "$TMP/$doc.md" -o "$TMP/$doc.pandoc.json" \
    && check "$doc.md parses back to the IR's tables" "$PY" "$HERE/md_roundtrip.py" "$TMP/$doc.json" "$TMP/$doc.pandoc.json" \
    || no "$doc.md via pandoc"
done
grep -q '| 功能分类科目 / 科目编码 | 功能分类科目 / 科目名称 | 合计 | 财政拨款收入 / 一般公共预算 |' "$TMP/jianghai-2024-budget.md" \
  && ok "md flattens multi-level headers" || no "md flattened headers"
grep -q '^| --- | --- | ---: |' "$TMP/jianghai-2024-budget.md" && ok "md right-aligns amounts" || no "md alignment"

# --- CLI ---
# the manual page names every option --help lists (fiscus and fiscus check), and no other
opts_help=$({ "$FISCUS" --help; "$FISCUS" check --help; } 2>&1 | grep -o -e '--[a-z][a-z-]*' | sort -u)
opts_man=$(sed 's/\\-/-/g' "$TOP/tools/fiscus.1" | grep -o -e '--[a-z][a-z-]*' | sort -u)
[ -n "$opts_help" ] && [ "$opts_help" = "$opts_man" ] \
  && ok "tools/fiscus.1 names the $(echo "$opts_help" | wc -l) options of --help, and no other" \
  || no "man page and --help differ" "$(printf '%s\n' "$opts_help" >"$TMP/oh"; printf '%s\n' "$opts_man" | diff "$TMP/oh" - )"
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$TOP/tools/fiscus.1" 2>"$TMP/me" | grep -q 'fiscus check' && [ ! -s "$TMP/me" ] \
    && ok "man -l tools/fiscus.1 renders without a warning" || no "man page renders" "$(head -3 "$TMP/me")"
fi
# make install (into a DESTDIR): the program, the engine, the header, the manual page
if make -C "$TOP" -s B="$B" DESTDIR="$TMP/inst" install >"$TMP/ie" 2>&1; then
  P="$TMP/inst/usr/local"
  [ -x "$P/bin/fiscus" ] && [ -f "$P/lib/fiscus/fiscus-pdf.so" ] && [ -f "$P/include/fiscus.h" ] \
    && cmp -s "$P/share/man/man1/fiscus.1" "$TOP/tools/fiscus.1" && [ -f "$P/lib/pkgconfig/fiscus.pc" ] \
    && ok "make install DESTDIR=…: bin/fiscus, lib/fiscus/fiscus-pdf.so, include/fiscus.h, share/man/man1/fiscus.1, fiscus.pc" \
    || no "make install" "$(cd "$TMP/inst" && find . -type f | head -20)"
else no "make install" "$(tail -3 "$TMP/ie")"; fi
mkdir -p "$TMP/multi"
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" "$CORPUS/hunan-dsc-2024-budget.txt" -t json,md -o "$TMP/multi/"
n=$(ls "$TMP/multi" | wc -l)
[ "$n" = 4 ] && ok "two inputs × two formats into a directory" || no "multi outputs" "$(ls "$TMP/multi")"
"$FISCUS" -f txt - <"$CORPUS/jianghai-2024-budget.txt" >"$TMP/stdin.json" && cmp -s "$TMP/stdin.json" "$TMP/jianghai-2024-budget.json" \
  && ok "stdin to stdout gives the same JSON but for the source name" || {
  # the source name differs ("-"): compare the tables only
  "$PY" -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a["tables"]!=b["tables"])' \
    "$TMP/stdin.json" "$TMP/jianghai-2024-budget.json" && ok "stdin to stdout" || no "stdin to stdout"; }
"$FISCUS" --list-formats >"$TMP/list" && grep -q '^  txt ' "$TMP/list" && grep -q '^  json ' "$TMP/list" && grep -q '^  md ' "$TMP/list" \
  && ok "--list-formats" || no "--list-formats" "$(cat "$TMP/list")"
# the csv example plugin, built beside the program, is found without --plugin-dir
grep -q '^  csv ' "$TMP/list" && ok "--list-formats lists the built csv plugin (build/plugins beside the program)" \
  || no "csv plugin beside the program" "$(cat "$TMP/list")"
"$FISCUS" --version | grep -q '^fiscus [0-9]' && ok "--version" || no "--version"

expect_fail() { # name, expected exit, grep pattern, command…
  name=$1 code=$2 pat=$3; shift 3
  "$@" >"$TMP/o" 2>"$TMP/e"; rc=$?
  lines=$(wc -l <"$TMP/e")
  if [ "$rc" = "$code" ] && grep -q "$pat" "$TMP/e" && [ "$lines" -le 1 ]; then ok "$name (exit $rc: $(cat "$TMP/e"))"
  else no "$name" "exit $rc, $lines lines: $(cat "$TMP/e")"; fi
}
expect_fail "missing input" 2 "nope.txt" "$FISCUS" "$TMP/nope.txt"
head -c 3000 /dev/urandom >"$TMP/junk.txt"; printf '\0' >>"$TMP/junk.txt"
echo "old" >"$TMP/keep.json"
expect_fail "binary junk named .txt" 2 "junk.txt" "$FISCUS" "$TMP/junk.txt" -o "$TMP/keep.json"
[ "$(cat "$TMP/keep.json")" = old ] && ok "a failed conversion leaves the existing output untouched" || no "output clobbered"
expect_fail "junk with no output" 2 "junk.txt" "$FISCUS" "$TMP/junk.txt" -o "$TMP/new.json"
[ ! -e "$TMP/new.json" ] && [ -z "$(ls -A "$TMP" | grep '^\.new')" ] && ok "no partial or temporary output" || no "partial output left"
: >"$TMP/empty.txt"
expect_fail "empty input" 2 "empty.txt" "$FISCUS" "$TMP/empty.txt" -f txt
expect_fail "unknown output format" 2 "unknown output format" "$FISCUS" -t nope "$CORPUS/jianghai-2024-budget.txt"
expect_fail "unknown option" 2 "Unknown option" "$FISCUS" --frobnicate
expect_fail "several outputs need a directory" 2 "need -o" "$FISCUS" -t json,md "$CORPUS/jianghai-2024-budget.txt"
printf '部门预算说明\n没有年份\n' >"$TMP/noyear.txt"
# warnings are printed one line each; --strict makes them an exit 1
"$FISCUS" --strict "$TMP/noyear.txt" -o "$TMP/noyear.json" 2>"$TMP/e"; rc=$?
[ "$rc" = 1 ] && grep -q "warning: meta.year: fiscal year not found" "$TMP/e" && tail -1 "$TMP/e" | grep -q "2 warnings (--strict)" \
  && ok "--strict turns warnings into exit 1 ($(tail -1 "$TMP/e"))" || no "--strict" "exit $rc: $(cat "$TMP/e")"
# notes never count under --strict (杭州: unlisted codes and skipped tables are notes, no warning)
"$FISCUS" --strict "$CORPUS/published/hangzhou-police-2026-budget.pdf" -o "$TMP/hz.json" 2>"$TMP/e"; rc=$?
"$FISCUS" -v "$CORPUS/published/hangzhou-police-2026-budget.pdf" -o "$TMP/hz.json" 2>"$TMP/e2"
[ "$rc" = 0 ] && [ ! -s "$TMP/e" ] && grep -q ': note: ' "$TMP/e2" \
  && ok "--strict ignores notes ($(grep -c ': note: ' "$TMP/e2") notes, exit 0)" || no "--strict and notes" "exit $rc: $(cat "$TMP/e")"
# -q: errors only; a warning names its page (and table); notes only with -v
"$FISCUS" -q --strict "$TMP/noyear.txt" -o "$TMP/noyear.json" 2>"$TMP/e"; rc=$?
[ "$rc" = 1 ] && [ "$(grep -c 'warning' "$TMP/e")" = 1 ] && ! grep -q 'meta.year' "$TMP/e" \
  && ok "-q prints no warning (exit $rc under --strict all the same)" || no "-q" "exit $rc: $(cat "$TMP/e")"
"$FISCUS" "$CORPUS/real/putuo-finance-2024-final.pdf" -o "$TMP/pf.json" 2>"$TMP/e"
grep -q "putuo-finance-2024-final.pdf: p. 14: warning: pdf.notext: page 14 has no text layer" "$TMP/e" && [ "$(wc -l <"$TMP/e")" = 1 ] \
  && ok "a warning names its page: $(cut -c1-90 "$TMP/e")" || no "warning names the page" "$(cat "$TMP/e")"
"$FISCUS" -v "$CORPUS/published/xian-finance-2026-budget.pdf" -o "$TMP/pf.json" 2>"$TMP/e"
grep -q ": p. 25, table 表1 部门综合预算收支总表: note: " "$TMP/e" \
  && ok "-v: notes too, with page and table ($(grep -c ': note: ' "$TMP/e") notes)" || no "-v notes" "$(head -5 "$TMP/e")"
# a document that is no report: converts, says so once; check says the same instead of "0 errors"
printf '软件使用手册\n\n第一章 安装\n\n本软件可在 Linux 上运行。\n\n第二章 使用\n\n打开程序，选择文件。\n' >"$TMP/manual.txt"
"$FISCUS" "$TMP/manual.txt" -o "$TMP/manual.json" 2>"$TMP/e"; rc=$?
"$FISCUS" check "$TMP/manual.txt" >"$TMP/o" 2>&1; rc2=$?
[ "$rc" = 0 ] && [ -s "$TMP/manual.json" ] && [ "$(wc -l <"$TMP/e")" = 1 ] && grep -q "does not look like a budget or final-accounts report" "$TMP/e" \
  && grep -q "does not look like a budget or final-accounts report" "$TMP/o" && ! grep -q "0 errors" "$TMP/o" && [ "$rc2" = 0 ] \
  && ok "a software manual converts, and says once it is no budget report (check too)" \
  || no "not a budget report" "exit $rc/$rc2: $(cat "$TMP/e" "$TMP/o")"
for f in "$CORPUS"/*.txt "$CORPUS"/*.pdf "$CORPUS"/real/*.pdf; do "$FISCUS" "$f" -o "$TMP/x.json" 2>&1; done | grep -c notfiscal >"$TMP/n"
[ "$(cat "$TMP/n")" = 0 ] && ok "no report of the corpus is taken for a non-report" || no "notfiscal on a report" "$(cat "$TMP/n")"

# outputs that are not plain files are written through, never replaced by a renamed file:
# a FIFO (and so /dev/stdout), a link to a file (the file is replaced, the link kept), a
# device that fails (a copy of /dev/full: one line naming it, exit 2, still a device)
mkfifo "$TMP/out.fifo"
timeout 20 cat "$TMP/out.fifo" >"$TMP/fifo.json" & reader=$! # bounded: a FIFO replaced by a file would leave it waiting
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/out.fifo" 2>"$TMP/e"; rc=$?
wait "$reader"
[ "$rc" = 0 ] && [ -p "$TMP/out.fifo" ] && cmp -s "$TMP/fifo.json" "$TMP/jianghai-2024-budget.json" \
  && ok "-o a FIFO: the JSON goes through it, the FIFO stays" || no "-o FIFO" "exit $rc: $(cat "$TMP/e")"
echo old >"$TMP/real.json"
ln -s real.json "$TMP/link.json"
"$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/link.json" 2>"$TMP/e"; rc=$?
[ "$rc" = 0 ] && [ -L "$TMP/link.json" ] && cmp -s "$TMP/real.json" "$TMP/jianghai-2024-budget.json" \
  && ok "-o a symbolic link: the file it names is written, the link kept" || no "-o link" "exit $rc: $(ls -l "$TMP/link.json" "$TMP/real.json")"
if mknod "$TMP/full" c 1 7 2>/dev/null; then
  expect_fail "-o a device that fails" 2 "full: write failed: No space left on device" \
    "$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -o "$TMP/full"
  [ -c "$TMP/full" ] && ok "the device is still a device" || no "device replaced" "$(ls -l "$TMP/full")"
else no "-o a device" "mknod is not allowed here (the suite runs as root on CI)"; fi

# --- fiscus check: every finding on the corpus, against the hand-checked lists ---
# tests/corpus/findings/NAME.txt lists what fiscus check must report for NAME, each
# finding checked by hand (README, "fiscus check"); nothing more, nothing less.
for f in "$CORPUS"/*.txt "$CORPUS"/*.pdf "$CORPUS"/*.docx "$CORPUS"/real/*.pdf "$CORPUS"/published/*.pdf; do
  b=$(basename "$f")
  "$FISCUS" check --format json "$f" >"$TMP/check.json" 2>"$TMP/e"; rc=$?
  "$PY" "$HERE/check_findings.py" "$TMP/check.json" >"$TMP/findings.txt"
  if diff -u "$CORPUS/findings/$b.txt" "$TMP/findings.txt" >"$TMP/d"; then
    errors=$(grep -c '	error	' "$TMP/findings.txt")
    want=$([ "$errors" -gt 0 ] && echo 1 || echo 0)
    [ "$rc" = "$want" ] && ok "check $b: $(wc -l <"$TMP/findings.txt") findings as listed, $errors errors, exit $rc" \
      || no "check $b exit $rc, want $want"
  else
    no "check $b findings differ from the list" "$(head -20 "$TMP/d")"
  fi
done
# every error and warning on the real PDFs, verified by hand against the page
lists=""
for f in "$CORPUS"/real/*.pdf "$CORPUS"/published/*.pdf; do lists="$lists $CORPUS/findings/$(basename "$f").txt"; done
# shellcheck disable=SC2086
"$PY" "$HERE/check_verdicts.py" "$CORPUS/findings/verdicts.tsv" $lists >"$TMP/v" 2>&1 \
  && ok "check on the real PDFs: $(cat "$TMP/v")" || no "check verdicts" "$(head -20 "$TMP/v")"
# what could not be checked is said, in text and json (杭州: 2 tables with doubtful headings, the narrative)
H="$CORPUS/published/hangzhou-police-2026-budget.pdf"
"$FISCUS" check --lang en "$H" >"$TMP/hz.txt" 2>/dev/null
"$FISCUS" check --format json "$H" >"$TMP/hz.json" 2>/dev/null
if tail -8 "$TMP/hz.txt" | grep -q '^  not checked: columns$' \
   && grep -q '^          2 tables not checked by column rules .*(pp\. 21–37)$' "$TMP/hz.txt" \
   && grep -q '^          表2, 表11$' "$TMP/hz.txt" && tail -3 "$TMP/hz.txt" | grep -q 'sentences with figures tied to no table' \
   && "$PY" -c 'import json,sys; u=json.load(open(sys.argv[1]))["reports"][0]["unchecked"]; assert [x["what"] for x in u]==["columns","prose"] and u[0]["count"]==2 and u[0]["items"]=="表2, 表11", u' "$TMP/hz.json"; then
  ok "check says what it did not check, last, in text and json: $(sed -n 's/^          \([0-9]* of [0-9]* sentences\).*/\1/p' "$TMP/hz.txt") tied to no table, 2 tables skipped by column rules"
else no "check's unchecked list" "$(tail -8 "$TMP/hz.txt")"; fi
# what the issue names, in every input format
for ext in txt pdf docx; do
  "$FISCUS" check --format json "$CORPUS/hunan-dsc-2023-final.$ext" >"$TMP/check.json"
  "$PY" "$HERE/check_findings.py" "$TMP/check.json" >"$TMP/findings.txt"
  grep -q "	warning	sum.children	公开06表	302	.*	362.72	362.74$" "$TMP/findings.txt" \
    && grep -q "	error	sum.relation	2023年基本支出预算执行明细表	人员经费	指标结转结余	27.88	127.88$" "$TMP/findings.txt" \
    && ok "hunan-final.$ext: 302 = 362.72 against 362.74 (warning), 人员经费 balance 27.88 should be 127.88 (error)" \
    || no "hunan-final.$ext required findings" "$(cat "$TMP/findings.txt")"
done
for ext in txt pdf docx; do
  "$FISCUS" check "$CORPUS/jianghai-2024-budget.$ext" >"$TMP/o"; rc=$?
  [ "$rc" = 0 ] && head -1 "$TMP/o" | grep -q " 0 errors" && ok "jianghai.$ext: no error findings (exit 0)" \
    || no "jianghai.$ext has errors" "$(cat "$TMP/o")"
done
# the text output: grouped per report, most severe first, both languages
"$FISCUS" check "$CORPUS/hunan-dsc-2023-final.txt" "$CORPUS/jianghai-2024-budget.txt" >"$TMP/o"; rc=$?
sev=$(grep -E '^  (error|warning|info) ' "$TMP/o" | awk '{print $1}' | tr '\n' ' ')
[ "$rc" = 1 ] && [ "$(grep -c '^tests\|^/' "$TMP/o")" -ge 0 ] && grep -q '相差 -100.00万元' "$TMP/o" && grep -q 'off by -100.00 万元' "$TMP/o" \
  && [ "$(grep -c ': .* — [0-9]* errors\?, ' "$TMP/o")" = 2 ] && echo "$sev" | grep -q '^error error error warning' \
  && ! echo "$sev" | grep -q 'warning error' \
  && ok "check text: two reports, errors first, zh and en lines" || no "check text" "$(head -12 "$TMP/o")"
expect_fail "check: an unreadable report is exit 2" 2 "junk.txt" "$FISCUS" check "$TMP/junk.txt" "$CORPUS/jianghai-2024-budget.txt"
"$FISCUS" check --format json "$TMP/junk.txt" "$CORPUS/jianghai-2024-budget.txt" >"$TMP/check.json" 2>/dev/null
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["reports"]; assert [x["status"] for x in r]==["unreadable","read"] and r[0]["error"]' "$TMP/check.json" \
  && ok "check --format json: an unreadable report is listed with its error, the next is checked" || no "check json unreadable"
expect_fail "check: --format must be text or json" 2 "text or json" "$FISCUS" check --format yaml "$CORPUS/jianghai-2024-budget.txt"
"$FISCUS" check --list-rules | grep -q '^sum.children ' && ok "check --list-rules" || no "check --list-rules"
# the outputs carry the findings, and validate
"$FISCUS" "$CORPUS/hunan-dsc-2023-final.txt" -t json,xml -o "$TMP/fo/" && \
  "$PY" -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; assert len(f)==14 and f[0]["rule"]=="sum.children", len(f)' "$TMP/fo/hunan-dsc-2023-final.json" \
  && [ "$(grep -c '<finding ' "$TMP/fo/hunan-dsc-2023-final.xml")" = 14 ] \
  && xmllint --noout --nonet --schema "$TOP/formats/fiscus-report.xsd" "$TMP/fo/hunan-dsc-2023-final.xml" 2>/dev/null \
  && "$PY" "$HERE/validate_json.py" "$TOP/formats/fiscus.schema.json" "$TMP/fo/hunan-dsc-2023-final.json" >/dev/null \
  && ok "json and xml outputs carry the 14 findings and validate" || no "findings in outputs"

# --- plugins: the example external writer, and one built for another ABI ---
"$FISCUS" --plugin-dir "$TOP/$B/plugins" --list-formats | grep -q '^  csv ' && ok "--plugin-dir loads fiscus-csv.so" || no "--plugin-dir"
FISCUS_PLUGIN_PATH="$TOP/$B/plugins" "$FISCUS" "$CORPUS/jianghai-2024-budget.txt" -t csv -o "$TMP/j.csv"
rows=$(wc -l <"$TMP/j.csv")
grep -q '"表5","一般公共预算支出情况表（按功能分类科目）","2010301","行政运行","一般公共预算支出 / 小计",266.60,"万元"' "$TMP/j.csv" \
  && ok "FISCUS_PLUGIN_PATH: csv writer ($rows lines)" || no "csv writer" "$(head -3 "$TMP/j.csv")"
mkdir -p "$TMP/bad"
${CC:-cc} -shared -fPIC -o "$TMP/bad/fiscus-bad.so" "$HERE/bad_plugin.c" 2>"$TMP/cc.err" || cat "$TMP/cc.err"
"$FISCUS" --plugin-dir "$TMP/bad" --list-formats >"$TMP/o" 2>"$TMP/e"
grep -q "fiscus-bad.so: refused: ABI version 99" "$TMP/e" && ! grep -q '^  bad ' "$TMP/o" && [ "$(wc -l <"$TMP/e")" = 1 ] \
  && ok "wrong-ABI plugin refused in one line: $(cat "$TMP/e")" || no "wrong ABI" "$(cat "$TMP/e")"

# --- batches, and the multi-host recipe ---
. "$HERE/batch.sh"

# --- README.md: every fenced sh block that uses the bundled files runs as written ---
mkdir -p "$TMP/readme" && ln -s "$HERE" "$TMP/readme/tests" && ln -s "$FISCUS" "$TMP/readme/fiscus"
"$PY" - "$TOP/README.md" "$TMP/readme" <<'PYEOF' >"$TMP/readme.out" 2>&1
import re, subprocess, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = [b for b in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M) if "tests/corpus" in b]
bad = []
for b in blocks:
    for line in b.splitlines():
        cmd = line.split("  #")[0].strip()
        if not cmd:
            continue
        r = subprocess.run(["sh", "-c", cmd], cwd=sys.argv[2], capture_output=True, text=True)
        if r.returncode != 0:
            bad.append(f"{cmd}: exit {r.returncode}: {r.stderr.strip()[-200:]}")
print(f"{sum(1 for b in blocks for l in b.splitlines() if l.split('  #')[0].strip())} commands in {len(blocks)} blocks")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PYEOF
[ $? = 0 ] && [ -s "$TMP/readme/out/jianghai-2024-budget.md" ] && ok "README.md: $(head -1 "$TMP/readme.out") run as written" \
  || no "README.md commands" "$(cat "$TMP/readme.out")"
[ "$(wc -l <"$TOP/README.md")" -lt 300 ] && ok "README.md is $(wc -l <"$TOP/README.md") lines (under 300)" || no "README.md too long"

# --- the tree: no path that reads as an option, helpers that refuse one, readers apart ---
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then dashed=$(git -C "$TOP" ls-files | grep -e '^-' -e '/-' | head -3)
else dashed=$(cd "$TOP" && find . -path ./build -prune -o -path './build-*' -prune -o -name '-*' -print | head -3); fi
[ -z "$dashed" ] && ok "no file or folder of the tree begins with - (a helper once took --help for its output folder)" \
  || no "paths that begin with -" "$dashed"
h_bad="" h_n=0
mkdir -p "$TMP/opt" && cd "$TMP/opt" || exit 1
for h in "$HERE"/*.py; do
  [ "$(basename "$h")" = json_cells.py ] || [ "$(basename "$h")" = helper_args.py ] && continue
  h_n=$((h_n + 1))
  "$PY" "$h" --output-dir x y z >/dev/null 2>"$TMP/he"; rc=$?
  [ "$rc" = 2 ] && grep -q 'unknown option --output-dir; usage: ' "$TMP/he" || h_bad="$h_bad $(basename "$h"): exit $rc"
done
for h in "$TOP"/tools/bench.sh "$TOP"/tools/demo.sh "$TOP"/tools/fuzz.sh "$TOP"/tests/run.sh "$TOP"/tools/multihost.sh \
         "$TOP"/tools/gen-members.sh "$TOP"/tools/install-deps.sh; do
  h_n=$((h_n + 1))
  sh "$h" --help-me >/dev/null 2>"$TMP/he"; rc=$?
  [ "$rc" = 2 ] && grep -q 'usage: ' "$TMP/he" || h_bad="$h_bad $(basename "$h"): exit $rc"
done
if [ -x "$TMP/make_pdf" ]; then h_n=$((h_n + 1)); "$TMP/make_pdf" --out x 2>/dev/null; [ $? = 2 ] || h_bad="$h_bad make_pdf"; fi
left=$(ls -A "$TMP/opt")
cd "$TOP" || exit 1
[ -z "$h_bad" ] && [ -z "$left" ] && ok "$h_n test and build helpers refuse an option they do not know (exit 2, usage), and write nothing" \
  || no "helpers and unknown options" "$h_bad; left: $left"
inc=$(grep -l '#include.*txt/' "$TOP"/plugins/pdf/* "$TOP"/plugins/docx/* 2>/dev/null)
shared=$(grep -l '#include "\.\./layout/layout\.h"' "$TOP"/plugins/pdf/pdf.h "$TOP"/plugins/docx/docx.h "$TOP"/plugins/txt/txt_reader.c | wc -l)
[ -z "$inc" ] && [ "$shared" = 3 ] && ok "the pdf and docx readers include nothing of plugins/txt/; all three readers take plugins/layout/" \
  || no "readers' includes" "$inc (layout in $shared of 3)"

# --- hostile inputs: bounded, one line, no output, the batch goes on ---
. "$HERE/hostile.sh"

if [ -n "${VALGRIND:-}" ]; then
  runs=$(ls "$VG_LOGS" | wc -l)
  dirty=$(find "$VG_LOGS" -type f -size +0 | wc -l)
  [ "$runs" -gt 100 ] && [ "$dirty" = 0 ] && ok "valgrind: $runs runs of fiscus and the unit tests, no memory error, no leak" \
    || no "valgrind: $dirty of $runs runs reported" "$(find "$VG_LOGS" -type f -size +0 | head -3 | xargs cat | head -30)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
