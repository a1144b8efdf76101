#!/usr/bin/env python3
"""validate_json.py SCHEMA.json FILE.json… — each file validates against the JSON Schema (2020-12)."""
import sys as _sys, os as _os
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
from helper_args import args  # noqa: E402
args(__doc__, 2, None, ())
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for f in sys.argv[2:]:
    errs = list(v.iter_errors(json.load(open(f, encoding="utf-8"))))
    for e in errs[:5]:
        print("%s: %s at %s" % (f, e.message, "/".join(map(str, e.path))))
    bad += bool(errs)
sys.exit(1 if bad else 0)
