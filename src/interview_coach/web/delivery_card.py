"""The scorecard's delivery section for spoken answers: a compact table, one tip each.

Only figures and our own tips are shown (no transcript text), so nothing here needs escaping.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Speaker, Turn
from ..voice.delivery import counts_line
from ..voice.models import DeliveryReport

_STATUS = {"ok": "on target", "low": "low", "high": "high"}


def delivery_table(report: DeliveryReport) -> str:
    rows = ["| Measure | You | Aim | Status | Tip |", "|---|---:|---:|---|---|"]
    for m in report.metrics:
        rows.append(f"| {m.label} | {m.value:g} | {m.target} | {_STATUS[m.status]} | {m.tip} |")
    return "\n".join(rows)


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
        sections.append(f"{title}\n\n{delivery_table(report)}\n\n_{counts_line(report)}_")
    return "\n\n".join(sections)
