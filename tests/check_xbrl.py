#!/usr/bin/env python3
"""check_xbrl.py X.xbrl X.json MEMBERS.xsd — the XBRL instance against the JSON
of the same conversion, exactly:
  * one fact per non-empty amount cell (fact id f<table>-<row>-<column>), its
    value the cell in yuan and its decimals the printed precision;
  * for every total row (合计/总计), the sum of its facts equals the sum of the
    row's cells in the JSON, in yuan;
  * no two facts share concept and context; every context and unit exists;
  * every function/economic member is declared in the taxonomy (fr-members.xsd),
    except codes the conversion warned about (code.unknown);
  * one footnote per note of each table that has facts.
Prints one summary line; exit 1 on the first kind of mismatch."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 3, 3, ())
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

sys.path.insert(0, __import__("os").path.dirname(__file__))
from json_cells import amount_cells, in_yuan, load  # noqa: E402

NS = {"xbrli": "http://www.xbrl.org/2003/instance", "link": "http://www.xbrl.org/2003/linkbase",
      "xbrldi": "http://xbrl.org/2006/xbrldi", "xlink": "http://www.w3.org/1999/xlink"}
FR = "{https://fiscus.example/ns/xbrl/1}"


def fail(msg):
    print("FAIL", msg)
    sys.exit(1)


def main():
    xbrl, js, members = sys.argv[1:4]
    root = ET.parse(xbrl).getroot()
    doc = load(js)
    declared = set(re.findall(r'<xs:element name="([FE]\d+)"', open(members, encoding="utf-8").read()))
    # one note per report lists them: "2 codes not in the code lists …: 2019998 x (p. 1), 4010101 …"
    unknown = {c for d in doc["diagnostics"] if d["code"] == "code.unknown"
               for c in re.findall(r"(?:: |, )(\d{3,7}) ", d["message"])}

    contexts = {c.get("id"): c for c in root.findall("xbrli:context", NS)}
    units = {u.get("id") for u in root.findall("xbrli:unit", NS)}
    for cid, c in contexts.items():
        for m in c.findall(".//xbrldi:explicitMember", NS):
            local = m.text.split(":", 1)[1]
            if m.get("dimension") in ("fr:FunctionAxis", "fr:EconomicAxis") and local not in declared \
                    and local[1:] not in unknown:
                fail(f"context {cid}: member {local} is not in the taxonomy")

    facts = {}
    seen = set()
    for el in root:
        if not el.tag.startswith(FR):
            continue
        fid, ctx, unit = el.get("id"), el.get("contextRef"), el.get("unitRef")
        if ctx not in contexts or unit not in units:
            fail(f"{fid}: context {ctx} or unit {unit} missing")
        key = (el.tag, ctx)
        if key in seen:
            fail(f"{fid}: a second {el.tag} in context {ctx}")
        seen.add(key)
        facts[fid] = (Decimal(el.text), int(el.get("decimals")))

    cells = {}
    totals = {}
    for ti, ri, ci, value, exp in amount_cells(doc):
        if exp is None:
            continue
        fid = f"f{ti + 1}-{ri + 1}-{ci + 1}"
        cells[fid] = (in_yuan(value, exp), -value.as_tuple().exponent - exp)
        if doc["tables"][ti]["rows"][ri].get("total"):
            totals.setdefault((ti, ri), Decimal(0))
            totals[(ti, ri)] += in_yuan(value, exp)
    if set(facts) != set(cells):
        extra, missing = sorted(set(facts) - set(cells))[:3], sorted(set(cells) - set(facts))[:3]
        fail(f"{len(facts)} facts for {len(cells)} amount cells (extra {extra}, missing {missing})")
    for fid, (value, decimals) in cells.items():
        if facts[fid][0] != value or facts[fid][1] != decimals:
            fail(f"{fid}: fact {facts[fid]} but the JSON cell is {value} (decimals {decimals})")
    for (ti, ri), want in totals.items():
        got = sum((facts[f][0] for f in facts if f.startswith(f"f{ti + 1}-{ri + 1}-")), Decimal(0))
        if got != want:
            fail(f"table {ti + 1} total row {ri + 1}: facts sum to {got}, the JSON row to {want}")

    with_facts = {int(f.split("-")[0][1:]) - 1 for f in facts}
    notes = sum(len(t.get("notes") or []) for ti, t in enumerate(doc["tables"]) if ti in with_facts)
    footnotes = len(root.findall("link:footnoteLink/link:footnote", NS))
    if notes != footnotes:
        fail(f"{footnotes} footnotes for {notes} table notes")
    print(f"xbrl: {len(facts)} facts = amount cells, {len(totals)} total rows sum exactly, "
          f"{len(contexts)} contexts, {footnotes} footnotes")


main()
