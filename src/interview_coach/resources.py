"""Locate `prompts/`: the repo checkout's copy first, then the one packed into the wheel."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

ENV_VAR = "INTERVIEW_COACH_PROMPTS_DIR"


@cache
def prompts_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "prompts", here.parent / "_prompts"):
        if (candidate / "rubric.yaml").is_file():
            return candidate
    raise FileNotFoundError(
        f"Cannot find the prompts folder (rubric.yaml). Set {ENV_VAR} to its path."
    )


def prompt_path(name: str) -> Path:
    return prompts_dir() / name
