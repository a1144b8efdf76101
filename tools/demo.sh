#!/bin/sh
# demo.sh BUILD_DIR — converts a bundled real report to every output format into out/.
set -e
B=${1:-build}
IN=tests/corpus/jianghai-2024-budget.txt
mkdir -p out
formats=$("$B/fiscus" --plugin-dir "$B/plugins" --list-formats | awk '/^writers:/{w=1;next} w{print $1}' | paste -sd, -)
"$B/fiscus" --plugin-dir "$B/plugins" -v -t "$formats" -o out/ "$IN"
echo
echo "Converted $IN (江门市江海区政务服务数据管理局 2024 部门预算) to: $formats"
ls -l out/
echo
echo "Try: less out/jianghai-2024-budget.md    or    python3 -m json.tool out/jianghai-2024-budget.json"
