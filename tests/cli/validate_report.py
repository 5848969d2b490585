#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validates vgicsim JSON reports against docs/report.schema.json (JSON Schema draft
2020-12), with Debian's python3-jsonschema. Exit 0 when every report is valid; else each
problem is printed as REPORT: /json/pointer: message, and the exit status is 1.

usage: validate_report.py SCHEMA REPORT.json...
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for error in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path)):
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: {pointer}: {error.message}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
