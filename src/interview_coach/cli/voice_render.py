"""Rich rendering of a spoken answer: the transcript and the delivery figures."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..voice.models import DeliveryReport, Transcript

_STATUS_STYLE = {"ok": "green", "low": "yellow", "high": "yellow"}
_STATUS_TEXT = {"ok": "on target", "low": "low", "high": "high"}


def delivery_table(report: DeliveryReport) -> Table:
    table = Table(title="Delivery", expand=True)
    table.add_column("Measure", style="bold", ratio=2)
    table.add_column("You", justify="right", ratio=1)
    table.add_column("Aim", justify="right", ratio=2)
    table.add_column("Status", ratio=1)
    table.add_column("Tip", ratio=7)
    for m in report.metrics:
        table.add_row(
            escape(m.label),
            f"{m.value:g}",
            escape(m.target),
            Text(_STATUS_TEXT[m.status], style=_STATUS_STYLE[m.status]),
            escape(m.tip),
        )
    return table


def details_line(report: DeliveryReport) -> str:
    parts = [f"{report.word_count} words, {report.speaking_s:.0f} s of speaking"]
    if report.fillers:
        parts.append("fillers: " + ", ".join(f"{k} ×{v}" for k, v in report.fillers.items()))
    if report.hedges:
        parts.append("hedges: " + ", ".join(f"{k} ×{v}" for k, v in report.hedges.items()))
    if report.pauses:
        parts.append(
            "pauses: " + ", ".join(f"{p.length_s:.1f} s at {p.at_s:.0f} s" for p in report.pauses)
        )
    return "; ".join(parts)


def print_spoken(out: Console, transcript: Transcript, report: DeliveryReport) -> None:
    out.print(
        Panel(
            escape(transcript.text),
            title="What we heard",
            subtitle=f"{transcript.duration_s:.0f} s, {escape(transcript.model)}",
        )
    )
    out.print(delivery_table(report))
    out.print(f"[dim]{escape(details_line(report))}[/dim]")
