#!/bin/sh
# demo.sh BUILD_DIR — converts bundled real reports to every output format into out/:
# the text of one report, and a PDF exactly as a department published it.
set -e
B=${1:-build}
IN=tests/corpus/jianghai-2024-budget.txt
PDF=tests/corpus/real/putuo-finance-2024-final.pdf
mkdir -p out
formats=$("$B/fiscus" --plugin-dir "$B/plugins" --list-formats | awk '/^writers:/{w=1;next} w{print $1}' | paste -sd, -)
"$B/fiscus" --plugin-dir "$B/plugins" -v -t "$formats" -o out/ "$IN" "$PDF"
echo
echo "Converted $IN (江门市江海区政务服务数据管理局 2024 部门预算)"
echo "      and $PDF (上海市普陀区财政局 2024 部门决算, as published) to: $formats"
echo "Do its coded tables add up?  $(python3 tests/tools/sums out/putuo-finance-2024-final.json | tail -1)"
ls -l out/
echo
echo "Try: less out/jianghai-2024-budget.md    or    python3 -m json.tool out/jianghai-2024-budget.json"
