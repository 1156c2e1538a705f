"""Rich rendering of a grade outcome for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..config import ModelPrice
from ..cost import usage_line
from ..models import GradeReport, Unscored
from ..rubric import Rubric, default_rubric
from ..text_safety import rich_block, rich_inline

_SCORE_STYLE = {1: "bold red", 2: "red", 3: "yellow", 4: "green", 5: "bold green"}
_BAND_STYLE = {"strong": "bold green", "solid": "green", "developing": "yellow", "weak": "red"}


def score_table(report: GradeReport, rubric: Rubric) -> Table:
    table = Table(title="Scorecard", expand=True, show_lines=True)
    table.add_column("Criterion", style="bold", ratio=2)
    table.add_column("Score", justify="center", ratio=1)
    table.add_column("Why", ratio=4)
    table.add_column("Evidence from your answer", ratio=5)
    for c in report.criteria:
        name = rubric.get(c.criterion_id).name
        evidence = "\n".join(f"“{rich_inline(q)}”" for q in c.evidence) or "[dim]none found[/dim]"
        table.add_row(
            rich_inline(name),
            Text(f"{c.score}/5", style=_SCORE_STYLE[c.score]),
            rich_inline(c.reason),
            evidence,
        )
    return table


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {rich_inline(i)}" for i in items)


def print_outcome(
    out: Console,
    outcome: GradeReport | Unscored,
    rubric: Rubric | None = None,
    prices: dict[str, ModelPrice] | None = None,
) -> None:
    rubric = rubric or default_rubric()
    used = usage_line(outcome.engine, outcome.usage, prices or {})
    if isinstance(outcome, Unscored):
        out.print(
            Panel(
                f"[bold]Not scored.[/bold] {rich_inline(outcome.reason)}\n\n"
                f"{rich_inline(outcome.hint)}",
                title="Unscored",
                border_style="yellow",
            )
        )
        if used:
            out.print(f"[dim]{rich_inline(used)}[/dim]")
        return
    band = outcome.band.value
    out.print(
        Panel(
            Text.assemble(
                (f"{outcome.overall}/100  ", "bold"),
                (rubric.band_label(outcome.band), _BAND_STYLE[band]),
                (f"   graded by the {outcome.engine.label}", "dim"),
            ),
            title="Overall",
        )
    )
    out.print(score_table(outcome, rubric))
    parts = []
    if outcome.strengths:
        parts.append(f"[bold green]Strengths[/bold green]\n{_bullets(outcome.strengths)}")
    if outcome.improvements:
        parts.append(f"[bold yellow]Improve next[/bold yellow]\n{_bullets(outcome.improvements)}")
    if outcome.flags:
        flags = [
            f"{f.label}: “{f.evidence}” — {f.advice}" for f in outcome.flags
        ]  # escaped by _bullets
        parts.append(f"[bold red]Red flags[/bold red]\n{_bullets(flags)}")
    if parts:
        out.print(Panel(Group(*[Text.from_markup(p + "\n") for p in parts]), title="Feedback"))
    if outcome.rewrite:
        out.print(
            Panel(
                rich_block(outcome.rewrite),
                title="Suggested rewrite (your facts, the guide's order)",
            )
        )
    for w in outcome.warnings:
        out.print(f"[yellow]warning:[/yellow] {rich_inline(w.message)}")
    if used:
        out.print(f"[dim]{rich_inline(used)}[/dim]")
