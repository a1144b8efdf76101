"""json_cells.py — the amount cells of a fiscus JSON, for the round-trip checks.

amount_cells(doc) yields (table_index, row_index, column_index, Decimal value,
unit exponent or None) for every non-empty amount cell of a data column, all
indexes from 0. Amounts are read as Decimal from the JSON text: exact."""
import json
from decimal import Decimal


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal, parse_int=Decimal)


def amount_cells(doc):
    meta_exp = doc["meta"].get("unit_exponent") if doc["meta"].get("unit") else None
    for ti, t in enumerate(doc["tables"]):
        exp = t.get("unit_exponent") if t.get("unit") else meta_exp
        cols = t["columns"]
        for ri, row in enumerate(t["rows"]):
            slots = [ci for ci, c in enumerate(cols) if c["panel"] == row["panel"] and c["role"] in ("data", "lineno")]
            for k, cell in enumerate(row["cells"]):
                if k >= len(slots):
                    break
                ci = slots[k]
                if cols[ci]["role"] != "data" or not isinstance(cell, Decimal):
                    continue
                yield ti, ri, ci, cell, (int(exp) if exp is not None else None)


def in_yuan(value, exp):
    return value.scaleb(exp)
