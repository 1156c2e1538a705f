"""The terminal's renderer of a report view (rich): it lays the view out, escaping through
`text_safety`; what is shown is decided in `report_view`."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..config import ModelPrice
from ..models import GradeReport, Unscored
from ..report_view import FlagRow, ReportView, ScoredView, UnscoredView, build_view, rewrite_summary
from ..rubric import Rubric
from ..text_safety import rich_block, rich_inline

_SCORE_STYLE = {1: "bold red", 2: "red", 3: "yellow", 4: "green", 5: "bold green"}
_BAND_STYLE = {"strong": "bold green", "solid": "green", "developing": "yellow", "weak": "red"}


def score_table(view: ScoredView) -> Table:
    table = Table(title="Scorecard", expand=True, show_lines=True)
    table.add_column("Criterion", style="bold", ratio=2)
    table.add_column("Score", justify="center", ratio=1)
    table.add_column("Why", ratio=4)
    table.add_column("Evidence from your answer", ratio=5)
    for c in view.criteria:
        evidence = "\n".join(f"“{rich_inline(q)}”" for q in c.evidence) or "[dim]none found[/dim]"
        table.add_row(
            rich_inline(c.name),
            Text(f"{c.score}/5", style=_SCORE_STYLE[c.score]),
            f"{rich_inline(c.reason)}\n[dim]{c.score}/5: {rich_inline(c.anchor)}[/dim]",
            evidence,
        )
    return table


def _flag_text(flag: FlagRow) -> str:
    quote = f": “{flag.evidence}”" if flag.evidence else ""
    advice = f" — {flag.advice}" if flag.advice else ""
    return f"{flag.label}{quote}{advice}"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {rich_inline(i)}" for i in items)


def print_outcome(
    out: Console,
    outcome: GradeReport | Unscored,
    rubric: Rubric | None = None,
    prices: dict[str, ModelPrice] | None = None,
    answer: str | None = None,
) -> None:
    """Build the view of `outcome` and print it (`answer`: the candidate's text, for the
    rewrite's "N of M words are yours")."""
    print_view(out, build_view(outcome, answer, rubric, prices))


def print_view(out: Console, view: ReportView) -> None:
    if isinstance(view, UnscoredView):
        _print_unscored(out, view)
    else:
        _print_scored(out, view)
    for warning in view.warnings:
        out.print(f"[yellow]warning:[/yellow] {rich_inline(warning)}")
    if view.usage:
        out.print(f"[dim]{rich_inline(view.usage)}[/dim]")


def _print_unscored(out: Console, view: UnscoredView) -> None:
    out.print(
        Panel(
            f"[bold]Not scored.[/bold] {rich_inline(view.reason)}\n\n{rich_inline(view.hint)}",
            title="Unscored",
            border_style="yellow",
        )
    )


def _print_scored(out: Console, view: ScoredView) -> None:
    out.print(
        Panel(
            Text.assemble(
                (f"{view.overall}/100  ", "bold"),
                (view.band_label, _BAND_STYLE[view.band.value]),
                (f"   graded by the {view.engine_label}", "dim"),
            ),
            title="Overall",
        )
    )
    out.print(score_table(view))
    parts = []
    if view.strengths:
        parts.append(f"[bold green]Strengths[/bold green]\n{_bullets(view.strengths)}")
    if view.improvements:
        parts.append(f"[bold yellow]Improve next[/bold yellow]\n{_bullets(view.improvements)}")
    if view.flags:
        flags = [_flag_text(f) for f in view.flags]  # escaped by _bullets
        parts.append(f"[bold red]Red flags[/bold red]\n{_bullets(flags)}")
    if parts:
        out.print(Panel(Group(*[Text.from_markup(p + "\n") for p in parts]), title="Feedback"))
    if view.rewrite is not None:
        out.print(
            Panel(
                rich_block(view.rewrite.text),
                title="Suggested rewrite (your facts, the guide's order)",
                subtitle=rich_inline(rewrite_summary(view.rewrite)) if view.rewrite.words else None,
            )
        )
    out.print(f"[dim]{rich_inline(view.footer)}[/dim]")
