#!/bin/sh
# demo.sh BUILD_DIR — converts bundled real reports to every output format into out/:
# the text of one report, the Word file of another, and a PDF exactly as a
# department published it.
case ${1:-} in -*) echo "usage: tools/demo.sh BUILD_DIR (unknown option $1)" >&2; exit 2 ;; esac
set -e
B=${1:-build}
IN=tests/corpus/jianghai-2024-budget.txt
DOCX=tests/corpus/hunan-dsc-2023-final.docx
PDF=tests/corpus/real/putuo-finance-2024-final.pdf
mkdir -p out
formats=$("$B/fiscus" --plugin-dir "$B/plugins" --list-formats | awk '/^writers:/{w=1;next} w{print $1}' | paste -sd, -)
"$B/fiscus" --plugin-dir "$B/plugins" -v -t "$formats" -o out/ "$IN" "$DOCX" "$PDF"
echo
echo "Converted $IN (江门市江海区政务服务数据管理局 2024 部门预算)"
echo "      $DOCX (湖南省政务服务和大数据中心 2023 部门决算, Word)"
echo "      and $PDF (上海市普陀区财政局 2024 部门决算, as published) to: $formats"
echo "The Word file against its gold:  $(python3 tests/tools/score tests/corpus/hunan-dsc-2023-final.gold.json out/hunan-dsc-2023-final.json | tail -1)"
echo "Do the PDF's coded tables add up?  $(python3 tests/tools/sums out/putuo-finance-2024-final.json | tail -1)"
echo "The PDF's XBRL against the taxonomy (offline): $(XML_CATALOG_FILES=formats/xbrl/catalog.xml xmllint --noout --nonet --schema formats/xbrl/fr.xsd out/putuo-finance-2024-final.xbrl 2>&1 | tail -1)"
echo "Its Fiscal Data Package: $(($(wc -l <out/putuo-finance-2024-final.fdp/amounts.csv) - 1)) amounts in out/putuo-finance-2024-final.fdp/amounts.csv"
ls -l out/
echo
echo "Try: less out/jianghai-2024-budget.md    or    python3 -m json.tool out/jianghai-2024-budget.json"
echo "     less out/jianghai-2024-budget.xbrl  or    less out/jianghai-2024-budget.fdp/datapackage.json"
