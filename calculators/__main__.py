"""``python -m calculators ID --json '{...}'``: print the result as JSON.

Exit codes: 0 on success, 2 on invalid input (a JSON object ``{"errors": [...]}`` on stdout,
each error naming its field).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from . import IDS, InputErrors, compute
from .errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__)
    parser.add_argument("calculator", help="one of: " + ", ".join(IDS))
    parser.add_argument("--json", default="{}", help="inputs as a JSON object")
    args = parser.parse_args(argv)
    try:
        inputs = json.loads(args.json, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        error = InputError("inputs", "error.not_a_mapping")
        payload = {"errors": [error.as_dict()], "detail": str(exc)}
        print(json.dumps(payload, ensure_ascii=False))
        return 2
    try:
        result = compute(args.calculator, inputs)
    except InputErrors as errors:
        print(json.dumps(errors.as_dict(), ensure_ascii=False, indent=2))
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
