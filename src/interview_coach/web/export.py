"""Transcript plus report as Markdown or JSON: the chat's Export button and `history --export`.

The report part of each attempt is laid out from its `report_view` (Markdown here, JSON by
`report_data`), escaped through `text_safety`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..report_view import ReportView, UnscoredView, build_view, report_data, rewrite_summary
from ..store import HistoryRecord
from ..text_safety import md_escape, md_inline

FORMATS = ("json", "md")


def to_json(records: Sequence[HistoryRecord]) -> str:
    payload = {
        "exported_at": datetime.now(UTC).isoformat(),
        "attempts": [_record_data(r) for r in records],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _record_data(record: HistoryRecord) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json")
    if record.outcome is not None:  # the record holds the answer, so the report goes without it
        data["outcome"] = report_data(build_view(record.outcome))
    return data


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
    if record.outcome is None:
        lines += ["### Report", "", "_Not graded yet._"]
    else:
        lines += report_markdown(build_view(record.outcome, record.answer))
    lines.append("")
    return lines


def report_markdown(view: ReportView) -> list[str]:
    """One attempt's report as export Markdown lines."""
    lines = ["### Report", ""]
    if isinstance(view, UnscoredView):
        lines += [f"Not scored: {md_escape(view.reason)}", "", f"Hint: {md_escape(view.hint)}"]
        return lines + _notes(view)
    lines += [
        f"**Overall: {view.overall}/100 ({view.band_label})**",
        "",
        "| Criterion | Score | Reason | Evidence |",
        "|---|---|---|---|",
    ]
    for c in view.criteria:
        evidence = "; ".join(f"“{md_inline(q)}”" for q in c.evidence)
        reason = f"{md_inline(c.reason)} ({c.score}/5: {md_inline(c.anchor)})"
        lines.append(f"| {c.name} | {c.score}/5 | {reason} | {evidence} |")
    if view.strengths:
        lines += ["", "Strengths:", *[f"- {md_inline(s)}" for s in view.strengths]]
    if view.improvements:
        lines += ["", "Improvements:", *[f"- {md_inline(s)}" for s in view.improvements]]
    if view.flags:
        lines += ["", "Red flags:"]
        for flag in view.flags:
            quote = f" “{md_inline(flag.evidence)}”" if flag.evidence else ""
            lines.append(f"- {md_inline(flag.label)}:{quote} {md_inline(flag.advice)}".rstrip())
    if view.rewrite is not None:
        lines += ["", "### Rewrite", "", md_escape(view.rewrite.text)]
        lines += ["", f"_{rewrite_summary(view.rewrite)}._"]
    return lines + _notes(view) + ["", f"_{view.footer}_"]


def _notes(view: ReportView) -> list[str]:
    notes = [f"> {md_inline(w)}" for w in view.warnings]
    if view.usage:
        notes.append(f"_Model usage: {view.usage}_")
    return ["", *notes] if notes else []


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
