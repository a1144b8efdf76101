#!/usr/bin/env python3
"""check_template.py OUT.json — the national final-accounts template (no numbers):
the nine standard tables are all found, each with its header tree (column paths)."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 1, 1, ())
import json
import sys

FUND = ["项目 / 功能分类科目编码", "项目 / 科目名称", "年初结转和结余", "本年收入", "本年支出 / 合计", "本年支出 / 基本支出", "本年支出 / 项目支出", "年末结转和结余"]

WANT = [
    ("收入支出决算总表", "overview", ["收入 / 项目", "收入 / 决算数", "支出 / 项目", "支出 / 决算数"]),
    ("收入决算表", "plain", ["项目 / 功能分类科目编码", "项目 / 科目名称", "本年收入合计", "财政拨款收入", "上级补助收入",
                         "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]),
    ("支出决算表", "plain", ["项目 / 功能分类科目编码", "项目 / 科目名称", "本年支出合计", "基本支出", "项目支出",
                         "上缴上级支出", "经营支出", "对附属单位补助支出"]),
    ("财政拨款收入支出决算总表", "overview", ["收入 / 项目", "收入 / 决算数", "支出 / 项目", "支出 / 合计",
                                  "支出 / 一般公共预算财政拨款", "支出 / 政府性基金预算财政拨款", "支出 / 国有资本经营预算财政拨款"]),
    ("一般公共预算财政拨款支出决算表", "plain", ["项目 / 功能分类科目编码", "项目 / 科目名称", "合计", "基本支出", "项目支出"]),
    ("一般公共预算财政拨款基本支出决算表", "grouped", None),
    ("财政拨款“三公”经费支出决算表", "plain",
     ["财政拨款“三公”经费 / %s / %s" % (g, m) for g in ("合计", "因公出国（境）费") for m in ("预算数", "决算数")] +
     ["财政拨款“三公”经费 / 公务用车购置及运行维护费 / %s / %s" % (g, m)
      for g in ("小计", "公务用车购置费", "公务用车运行维护费") for m in ("预算数", "决算数")] +
     ["财政拨款“三公”经费 / 公务接待费 / %s" % m for m in ("预算数", "决算数")]),
    ("政府性基金预算财政拨款收入支出决算表", "plain", FUND),
    ("国有资本经营预算财政拨款收入支出决算表", "plain", FUND),
]


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    tables = doc["tables"]
    bad = []
    if [t["title"] for t in tables] != [w[0] for w in WANT]:
        bad.append("titles: %s" % [t["title"] for t in tables])
    for t, (title, layout, paths) in zip(tables, WANT):
        got = [c["path"] for c in t["columns"]]
        if t["layout"] != layout:
            bad.append("%s: layout %s" % (title, t["layout"]))
        if paths is not None and got != paths:
            bad.append("%s: columns %s" % (title, got))
        if paths is None:
            leaves = [c["label"] for c in t["columns"]]
            # the economic table: two panels of code, name, amount
            if leaves != ["经济分类科目编码", "科目名称", "决算数"] * 2 and leaves != ["", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]:
                bad.append("%s: leaves %s" % (title, leaves))
            if [c["panel"] for c in t["columns"]] != [0, 0, 0, 1, 1, 1]:
                bad.append("%s: panels %s" % (title, [c["panel"] for c in t["columns"]]))
    for b in bad:
        print(b)
    return 1 if bad else 0


sys.exit(main())
