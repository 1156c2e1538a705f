"""The terminal renderer escapes through `text_safety` like the chat and the export: text from
the answer or a model can neither restyle the report nor send control sequences to the terminal."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

from rich.console import Console

from interview_coach.cli.render import print_outcome
from interview_coach.models import CriterionScore
from interview_coach.rubric import CRITERION_IDS
from web_fakes import make_report

HOSTILE = "[bold red]PWNED[/bold red] \x1b[2J\x1b]0;title\x07 done"


def _render(report: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    print_outcome(console, report)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_terminal_report_shows_markup_literally_and_drops_control_sequences() -> None:
    report = make_report(dict.fromkeys(CRITERION_IDS, 3), HOSTILE, rewrite=f"{HOSTILE}\nline two")
    report.criteria[0] = CriterionScore(
        criterion_id=CRITERION_IDS[0], evidence=[HOSTILE], reason=HOSTILE, score=3
    )
    report.strengths = [HOSTILE]
    text = _render(report)
    assert "[bold red]PWNED[/bold red]" in text  # shown as typed, not as style
    assert "\x1b[2J" not in text and "\x1b]0;" not in text and "\x07" not in text
    assert "line two" in text


async def test_streamed_interviewer_turn_reaches_the_terminal_without_control_sequences() -> None:
    """A model's turn (it may echo the role or company the person typed) is printed as text."""
    from interview_coach.cli.practice_cmd import _say

    async def chunks() -> AsyncIterator[str]:
        for chunk in [
            "Hello \x1b",
            "[2J and \x1b]0;title\x07",
            " [bold]welcome[/bold]\nSecond line",
        ]:
            yield chunk

    buffer = io.StringIO()
    await _say(Console(file=buffer, force_terminal=False, width=200), chunks())
    text = buffer.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold]welcome[/bold]\nSecond line" in text
