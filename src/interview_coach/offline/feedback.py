"""Reasons, strengths and improvements, worded from `prompts/offline_feedback.yaml`."""

from __future__ import annotations

from typing import Any

from ..models import CriterionScore, InterviewContext
from ..rubric import Rubric
from ..templates import load_yaml

FEEDBACK_FILE = "offline_feedback.yaml"
MAX_STRENGTHS = 3
MAX_IMPROVEMENTS = 3
_QUOTE_WORDS = 14


def texts() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(FEEDBACK_FILE)
    return data


def reason(criterion_id: str, key: str, words: int) -> str:
    return str(texts()["reasons"][criterion_id][key]).format(words=words)


def capped_reason(base: str, cap: int, label: str) -> str:
    return str(texts()["reasons"]["flag_cap"]).format(reason=base, cap=cap, label=label)


def short_quote(text: str) -> str:
    words = text.split()
    return " ".join(words[:_QUOTE_WORDS]) + (" …" if len(words) > _QUOTE_WORDS else "")


def strengths(criteria: list[CriterionScore], rubric: Rubric) -> list[str]:
    """The best-scoring criteria (4 or 5), highest score and weight first, and what went well."""
    good = [c for c in criteria if c.score >= 4]
    good.sort(key=lambda c: (-c.score, -rubric.get(c.criterion_id).weight))
    out = []
    for c in good[:MAX_STRENGTHS]:
        template = str(texts()["strengths"][c.criterion_id])
        quote = short_quote(c.evidence[0]) if c.evidence else ""
        if "{quote}" in template and not quote:
            template = template.split(":")[0] + "."
        out.append(f"{rubric.get(c.criterion_id).name}: " + template.format(quote=quote))
    return out


def improvements(
    criteria: list[CriterionScore], keys: dict[str, str], rubric: Rubric, context: InterviewContext
) -> list[str]:
    """The three criteria with the largest weighted gap to a 5, each with a specific next step."""
    gaps = [c for c in criteria if c.score < 5]
    order = {cid: i for i, cid in enumerate(rubric.ids)}
    gaps.sort(
        key=lambda c: (-rubric.get(c.criterion_id).weight * (5 - c.score), order[c.criterion_id])
    )
    bank: dict[str, dict[str, str]] = texts()["improvements"]
    out = []
    for c in gaps[:MAX_IMPROVEMENTS]:
        options = bank[c.criterion_id]
        template = options.get(keys.get(c.criterion_id, ""), options["default"])
        text = template.format(role_phrase=role_phrase(context), company=context.company_or_default)
        out.append(f"{rubric.get(c.criterion_id).name}: {text}")
    return out


def role_phrase(context: InterviewContext) -> str:
    return f"the {context.role} role" if context.role else "this role"
