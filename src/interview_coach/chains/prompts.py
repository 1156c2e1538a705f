"""Build the chains' messages from the prompt files and the rubric (the rubric's one source)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from ..catalogue import flag_text
from ..models import InterviewContext
from ..rubric import Rubric
from ..templates import load_yaml, render

_ANSWER_TAG = re.compile(r"<(/?)(answer)>", re.IGNORECASE)


def escape_answer(text: str) -> str:
    """Neutralise <answer>/</answer> inside the answer so it cannot close the data block."""
    return _ANSWER_TAG.sub(lambda m: f"&lt;{m.group(1)}{m.group(2)}&gt;", text)


def rubric_text(rubric: Rubric) -> str:
    blocks = []
    for c in rubric.criteria:
        anchors = "\n".join(f"  {score}: {text}" for score, text in sorted(c.descriptors.items()))
        blocks.append(f"- {c.id} ({c.name}). {c.question}\n{anchors}")
    return "\n".join(blocks)


@cache
def red_flag_bank() -> dict[str, dict[str, str]]:
    """Flag id -> `when` (for the prompt) plus the catalogue's label and advice (for the report)."""
    data: dict[str, dict[str, str]] = load_yaml("grader_flags.yaml")
    bank = {}
    for fid, entry in data.items():
        text = flag_text(fid, "grader_flags.yaml")
        bank[fid] = {**entry, "label": text.label, "advice": text.advice}
    return bank


def _context_vars(context: InterviewContext) -> dict[str, str]:
    return {
        "role": context.role or "(not given)",
        "company": context.company or "(not given)",
        "company_blurb": context.company_blurb or "(not given)",
    }


def grader_system_message(rubric: Rubric) -> SystemMessage:
    """The same for every answer graded against `rubric`: build it once per grader."""
    bank = red_flag_bank()
    flag_guide = "; ".join(f"{fid} ({entry['when']})" for fid, entry in bank.items())
    return SystemMessage(
        render("grader_system.md", rubric=rubric_text(rubric), flag_guide=flag_guide)
    )


def grader_messages(
    answer: str,
    context: InterviewContext,
    rubric: Rubric,
    system: SystemMessage | None = None,
) -> list[BaseMessage]:
    user = render("grader_user.md", answer=escape_answer(answer), **_context_vars(context))
    return [system or grader_system_message(rubric), HumanMessage(user)]


def json_format_message(schema: dict[str, Any]) -> SystemMessage:
    return SystemMessage(render("grader_json_format.md", schema=json.dumps(schema)))


def repair_message(error: str, previous: str, rubric: Rubric) -> HumanMessage:
    return HumanMessage(
        render(
            "grader_repair.md",
            error=error,
            previous=previous[:4000] or "(empty)",
            criterion_ids=", ".join(rubric.ids),
        )
    )


def rewrite_messages(
    answer: str, context: InterviewContext, improvements: list[str]
) -> list[BaseMessage]:
    text = render(
        "rewrite.md",
        answer=escape_answer(answer),
        improvements="; ".join(improvements) or "(follow the guide's order)",
        **_context_vars(context),
    )
    return [HumanMessage(text)]


def rewrite_retry_message(problems: str) -> HumanMessage:
    return HumanMessage(render("rewrite_retry.md", problems=problems))
