"""Writes `evals/schema.json` from the suite model.

.venv/bin/python -m interview_coach.evals.schema [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .suite import suite_json_schema


def schema_text() -> str:
    return json.dumps(suite_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("evals/schema.json")
    path.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
