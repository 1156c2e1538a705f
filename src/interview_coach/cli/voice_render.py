"""Rich rendering of a spoken answer: the transcript and the delivery figures."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..text_safety import rich_block, rich_inline
from ..voice.delivery import counts_line
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
            rich_inline(m.label),
            f"{m.value:g}",
            rich_inline(m.target),
            Text(_STATUS_TEXT[m.status], style=_STATUS_STYLE[m.status]),
            rich_inline(m.tip),
        )
    return table


def print_spoken(out: Console, transcript: Transcript, report: DeliveryReport) -> None:
    out.print(
        Panel(
            rich_block(transcript.text),
            title="What we heard",
            subtitle=f"{transcript.duration_s:.0f} s, {rich_inline(transcript.model)}",
        )
    )
    out.print(delivery_table(report))
    out.print(f"[dim]{rich_inline(counts_line(report))}[/dim]")
