"""Transcript plus report as Markdown or JSON: the chat's Export button and `history --export`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..models import GradeReport, Unscored
from ..rubric import default_rubric
from ..store import HistoryRecord
from ..text_safety import md_escape, md_inline

FORMATS = ("json", "md")


def to_json(records: Sequence[HistoryRecord]) -> str:
    payload = {
        "exported_at": datetime.now(UTC).isoformat(),
        "attempts": [r.model_dump(mode="json") for r in records],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def to_markdown(records: Sequence[HistoryRecord]) -> str:
    parts = ["# Interview practice: “What are your career aspirations?”", ""]
    if not records:
        parts.append("_No attempts._")
    for record in records:
        parts += _record_markdown(record)
    return "\n".join(parts).rstrip() + "\n"


def _record_markdown(record: HistoryRecord) -> list[str]:
    ctx = record.context
    when = record.created_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## Attempt {record.id} · {when}",
        "",
        f"- Role: {md_inline(ctx.role) or '-'} ({ctx.seniority.value})",
        f"- Company: {md_inline(ctx.company) or '-'}",
        f"- Engine: {md_inline(record.model)}",
        "",
        "### Transcript",
        "",
    ]
    for turn in record.transcript:
        who = "Interviewer" if turn.speaker == "interviewer" else "You"
        lines.append(f"**{who}:** {md_escape(turn.text.strip())}")
        lines.append("")
    lines += _outcome_markdown(record.outcome)
    lines.append("")
    return lines


def _outcome_markdown(outcome: GradeReport | Unscored | None) -> list[str]:
    if outcome is None:
        return ["### Report", "", "_Not graded yet._"]
    if isinstance(outcome, Unscored):
        return [
            "### Report",
            "",
            f"Not scored: {md_escape(outcome.reason)}",
            "",
            f"Hint: {md_escape(outcome.hint)}",
        ]
    rubric = default_rubric()
    lines = [
        "### Report",
        "",
        f"**Overall: {outcome.overall}/100 ({rubric.band_label(outcome.band)})**",
        "",
        "| Criterion | Score | Reason | Evidence |",
        "|---|---|---|---|",
    ]
    for score in outcome.criteria:
        name = rubric.get(score.criterion_id).name
        evidence = "; ".join(f"“{md_inline(q)}”" for q in score.evidence)
        lines.append(f"| {name} | {score.score}/5 | {md_inline(score.reason)} | {evidence} |")
    if outcome.strengths:
        lines += ["", "Strengths:", *[f"- {md_inline(s)}" for s in outcome.strengths]]
    if outcome.improvements:
        lines += ["", "Improvements:", *[f"- {md_inline(s)}" for s in outcome.improvements]]
    if outcome.flags:
        lines += [
            "",
            "Red flags:",
            *[f"- {md_inline(f.label)}: {md_inline(f.advice)}" for f in outcome.flags],
        ]
    if outcome.rewrite:
        lines += ["", "### Rewrite", "", md_escape(outcome.rewrite)]
    return lines


def render(records: Sequence[HistoryRecord], fmt: str) -> str:
    if fmt == "json":
        return to_json(records)
    if fmt == "md":
        return to_markdown(records)
    raise ValueError(f"unknown export format {fmt!r}; use one of {FORMATS}")


def format_for(path: Path) -> str:
    """'json' or 'md' from a file name."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "markdown":
        return "md"
    if suffix not in FORMATS:
        raise ValueError(f"cannot export to {path.name}: use a .json or .md file")
    return suffix
