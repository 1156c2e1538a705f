"""Strict prompt templates: files in `prompts/` with `{name}` fields, failing loudly on a gap.

Like simonw/llm's templates: a missing variable is an error naming the template and the variable,
never a silently empty string in a prompt.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

import yaml

from .resources import prompt_path


class TemplateError(ValueError):
    pass


def fields_of(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def _read(name: str) -> str:
    path = prompt_path(name)
    if not path.is_file():
        raise TemplateError(f"prompt template {name!r} not found in {path.parent}")
    return path.read_text(encoding="utf-8")


def render(name: str, /, **values: Any) -> str:
    """Render `prompts/<name>`; every `{field}` must be given and no unknown field may be passed."""
    text = _read(name)
    needed = fields_of(text)
    missing = sorted(needed - values.keys())
    if missing:
        raise TemplateError(f"template {name!r} is missing variable(s): {', '.join(missing)}")
    extra = sorted(values.keys() - needed)
    if extra:
        raise TemplateError(f"template {name!r} does not use variable(s): {', '.join(extra)}")
    return text.format(**values)


@cache
def load_yaml(name: str) -> Any:
    """Load a data file from `prompts/` (phrase banks, lexicons)."""
    return yaml.safe_load(_read(name))
