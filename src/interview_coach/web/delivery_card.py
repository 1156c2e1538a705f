"""The scorecard's delivery section for spoken answers: a compact table, one tip each.

Only figures and our own tips are shown (no transcript text), so nothing here needs escaping.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Speaker, Turn
from ..voice.models import DeliveryReport

_STATUS = {"ok": "on target", "low": "low", "high": "high"}


def delivery_table(report: DeliveryReport) -> str:
    rows = ["| Measure | You | Aim | Status | Tip |", "|---|---:|---:|---|---|"]
    for m in report.metrics:
        rows.append(f"| {m.label} | {m.value:g} | {m.target} | {_STATUS[m.status]} | {m.tip} |")
    return "\n".join(rows)


def _extras(report: DeliveryReport) -> str:
    parts = [f"{report.word_count} words in {report.speaking_s:.0f} s of speaking"]
    if report.fillers:
        parts.append("fillers " + ", ".join(f"{k} ×{v}" for k, v in report.fillers.items()))
    if report.hedges:
        parts.append("hedges " + ", ".join(f"{k} ×{v}" for k, v in report.hedges.items()))
    return "_" + "; ".join(parts) + "_"


def delivery_markdown(turns: Sequence[Turn]) -> str:
    """One table per spoken answer in the interview; empty when every answer was typed."""
    spoken = [
        t.spoken.delivery
        for t in turns
        if t.speaker == Speaker.candidate and t.spoken is not None and t.spoken.delivery
    ]
    if not spoken:
        return ""
    sections = []
    for i, report in enumerate(spoken, 1):
        title = "### Delivery" if len(spoken) == 1 else f"### Delivery, spoken answer {i}"
        sections.append(f"{title}\n\n{delivery_table(report)}\n\n{_extras(report)}")
    return "\n\n".join(sections)
