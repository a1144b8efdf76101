#!/usr/bin/env python3
"""check_fdp.py PKG_DIR X.json FIELDS.tsv — a Fiscal Data Package against its own
descriptor and against the JSON of the same conversion:
  * datapackage.json's fields are formats/fdp-fields.tsv's, each with a type and
    a columnType; the model's measure and dimension attributes name fields;
  * the CSV's header is the field list; every row has every field and each
    value parses as its type (integer, number, string; "" is missing);
  * exactly one row per non-empty amount cell of the JSON, with the cell's
    value as printed and, where the unit is known, exactly that in yuan.
Prints one summary line; exit 1 on the first mismatch."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 3, 3, ())
import csv
import json
import os
import re
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from json_cells import amount_cells, in_yuan, load  # noqa: E402

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
INTEGER = re.compile(r"^-?\d+$")


def fail(msg):
    print("FAIL", msg)
    sys.exit(1)


def main():
    pkg, js, tsv = sys.argv[1:4]
    want_fields = [line.split("\t")[0] for line in open(tsv, encoding="utf-8")
                   if line.strip() and not line.startswith("#")]
    dp = json.load(open(os.path.join(pkg, "datapackage.json"), encoding="utf-8"))
    res = dp["resources"][0]
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if names != want_fields:
        fail(f"descriptor fields {names} are not formats/fdp-fields.tsv's")
    for f in fields:
        if not f.get("type") or not f.get("columnType"):
            fail(f"field {f['name']} lacks a type or columnType")
    values = [f for f in fields if f["columnType"] == "value"]
    if len(values) != 1:
        fail(f"{len(values)} value columns")
    model = dp["model"]
    if model["measures"]["amount"]["source"] != values[0]["name"] or model["measures"]["amount"]["currency"] != "CNY":
        fail("the measure is not the value column in CNY")
    for dim in model["dimensions"].values():
        for attr in dim["attributes"].values():
            if attr["source"] not in names:
                fail(f"model attribute source {attr['source']} is not a field")
    types = {f["name"]: f["type"] for f in fields}

    with open(os.path.join(pkg, res["path"]), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != names:
        fail("CSV header is not the field list")
    by_cell = {}
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(names):
            fail(f"CSV line {n}: {len(row)} fields, want {len(names)}")
        rec = dict(zip(names, row))
        for k, v in rec.items():
            if v == "":
                continue
            if types[k] == "integer" and not INTEGER.match(v) or types[k] == "number" and not NUMBER.match(v):
                fail(f"CSV line {n}: {k}={v!r} is not a {types[k]}")
        key = (int(rec["table_index"]) - 1, int(rec["row_index"]) - 1, int(rec["column_index"]) - 1)
        if key in by_cell:
            fail(f"CSV line {n}: a second row for cell {key}")
        by_cell[key] = rec
    if res.get("count_of_rows") != len(rows) - 1:
        fail(f"count_of_rows {res.get('count_of_rows')} for {len(rows) - 1} rows")

    doc = load(js)
    cells = 0
    for ti, ri, ci, value, exp in amount_cells(doc):
        cells += 1
        rec = by_cell.get((ti, ri, ci))
        if rec is None or rec["column"] != doc["tables"][ti]["columns"][ci]["path"]:
            fail(f"no CSV row for table {ti + 1} row {ri + 1} column {ci + 1}")
        if Decimal(rec["amount"]) != value or rec["amount"] != format(value, "f"):
            fail(f"table {ti + 1} row {ri + 1}: amount {rec['amount']} but the cell is {value}")
        if exp is not None and Decimal(rec["amount_yuan"]) != in_yuan(value, exp):
            fail(f"table {ti + 1} row {ri + 1}: {rec['amount_yuan']} yuan for {value} × 10^{exp}")
    if cells != len(by_cell):
        fail(f"{len(by_cell)} CSV rows for {cells} amount cells")
    print(f"fdp: {cells} rows = amount cells, {len(names)} typed fields")


main()
