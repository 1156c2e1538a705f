"""`interview-coach practice`: the whole interview in the terminal."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.text import Text

from ..catalogue import STYLES
from ..config import ModelPrice
from ..engine import InterviewState
from ..engine_factory import build_engines
from ..llm_errors import LLMError
from ..models import GradeReport, InterviewContext, Seniority, Unscored
from ..session import SCORING_TITLE, InterviewSession, Phase, Step, offers_offline
from ..store import HISTORY_ERRORS, HistoryStore, open_history
from ..turns import go_offline, interviewer_turn
from .common import (
    EXIT_OK,
    EXIT_UNSCORED,
    build_settings,
    console,
    print_notices,
    require_history,
    settings_options,
)
from .grade_cmd import context_options
from .render import print_outcome

FEEDBACK_NOW = "/feedback"
QUIT = "/quit"
OFFLINE = "/offline"
END_OF_INPUT = "/eof"


async def _say(out: Console, chunks: AsyncIterator[str]) -> None:
    out.print("\n[bold cyan]Interviewer:[/bold cyan] ", end="")
    async for chunk in chunks:
        out.print(chunk, end="", markup=False)
    out.print()


async def _interviewer_says(
    session: InterviewSession, out: Console, turn: Callable[[], AsyncIterator[str]]
) -> None:
    """Stream one interviewer turn (the shared recovery: cut-off retried, then offline)."""

    async def show(chunks: AsyncIterator[str]) -> None:
        try:
            await _say(out, chunks)
        except LLMError as exc:
            if exc.kind == "incomplete":
                out.print("[dim](That reply was cut off; it does not count.)[/dim]")
            raise

    async def notify(text: str) -> None:
        out.print()
        out.print(Text(text, style="yellow"))

    await interviewer_turn(session, show, turn, notify)


def read_multiline(prompt: Callable[[], str]) -> str:
    """Read lines until an empty line; a line that is a command is returned alone."""
    lines: list[str] = []
    while True:
        try:
            line = prompt()
        except EOFError:
            return "\n".join(lines) if lines else END_OF_INPUT
        if line.strip() in (FEEDBACK_NOW, QUIT) and not lines:
            return line.strip()
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)


async def run_practice(
    session: InterviewSession,
    out: Console,
    read: Callable[[], str],
    prices: dict[str, ModelPrice] | None = None,
    store: HistoryStore | None = None,
) -> int:
    """The interview; exit code 0 when graded, 1 when the answer could not be scored (it is
    saved to history either way, when a store is given)."""
    await _interviewer_says(session, out, session.opening)
    out.print(
        f"[dim](Type your answer; finish with an empty line. {FEEDBACK_NOW} skips to feedback, "
        f"{QUIT} leaves.)[/dim]"
    )
    step = await _collect(session, out, read)
    if step is None:
        out.print("Goodbye. Nothing was graded.")
        return 0
    if step.kind == "close":
        await _interviewer_says(session, out, session.closing)
    saved = await _save(out, store, lambda s: s.save_pending(**_pending(session)))
    while True:
        with out.status(SCORING_TITLE):
            outcome = await session.grade()
        if session.graded(outcome) == Phase.graded or not _retry_grade(session, out, outcome, read):
            break
        session.retry_grade()
    print_outcome(out, outcome, prices=prices)
    if saved is not None and store is not None:
        await _save(out, store, lambda s: s.complete(saved, outcome, session.state.turns))
    if isinstance(outcome, Unscored):
        out.print(
            Text.assemble(
                ("Not scored: ", "yellow"),
                f"{outcome.reason} {outcome.hint} Your answer is kept in your history.",
            )
        )
        return EXIT_UNSCORED
    return EXIT_OK


async def _collect(session: InterviewSession, out: Console, read: Callable[[], str]) -> Step | None:
    """Answers and follow-ups until the session says close or grade; None when the person left."""
    while True:
        text = read_multiline(read)
        if text == QUIT or (text == END_OF_INPUT and not session.state.candidate_turns):
            return None
        if text in (FEEDBACK_NOW, END_OF_INPUT):
            step = session.feedback_now()
        else:
            _, step = session.submit(text)
        if step.kind == "refuse":
            out.print(f"[yellow]{step.why}[/yellow]")
        elif step.kind == "followup":
            target = step.target
            await _interviewer_says(session, out, functools.partial(session.followup, target))
        else:
            return step


def _retry_grade(
    session: InterviewSession,
    out: Console,
    outcome: GradeReport | Unscored,
    read: Callable[[], str],
) -> bool:
    """Grading failed for a reason a retry may fix: ask (Enter retries; /offline grades with the
    offline engine when retrying cannot help). False when the person stops (or input ended)."""
    assert isinstance(outcome, Unscored)
    offline = offers_offline(outcome)
    choices = f"Press Enter to retry{', ' + OFFLINE + ' to grade offline' if offline else ''}"
    out.print(
        Text.assemble(
            ("Not scored yet: ", "yellow"),
            f"{outcome.reason} {outcome.hint} Your answer is kept. {choices}, or {QUIT} to stop.",
        )
    )
    try:
        choice = read().strip()
    except EOFError:
        return False
    if choice == OFFLINE and offline:
        go_offline(session, grader=True)
        out.print("Grading with the offline engine; everything you wrote is kept.")
        return True
    return choice != QUIT


def _pending(session: InterviewSession) -> dict[str, Any]:
    return {
        "user": session.user,
        "context": session.state.context,
        "transcript": session.state.turns,
        "answer": session.answer_text,
        "engine": session.grader.info,
    }


T = TypeVar("T")


async def _save(
    out: Console, store: HistoryStore | None, write: Callable[[HistoryStore], Awaitable[T]]
) -> T | None:
    """A history write; if it fails the interview goes on, and the person is told."""
    if store is None:
        return None
    try:
        return await write(store)
    except HISTORY_ERRORS as exc:
        out.print(
            Text.assemble(
                ("note: ", "yellow"),
                f"this attempt could not be saved to history ({exc}); the feedback still "
                "follows, and your answer stays on screen above.",
            )
        )
        return None


@click.command("practice")
@context_options
@click.option("--followups", type=click.IntRange(0, 3), default=None, help="Follow-ups (0-3).")
@click.option("--style", type=click.Choice(STYLES), default=None)
@click.option("--seed", type=int, default=None, help="Fix the offline interviewer's phrasing.")
@click.option(
    "--no-history", is_flag=True, help="Do not save attempts (the history file is not used)."
)
@settings_options
def practice_cmd(
    role: str,
    company: str,
    company_blurb: str,
    seniority: str,
    followups: int | None,
    style: str | None,
    seed: int | None,
    no_history: bool,
    config_path: Path | None,
    grader_model: str | None,
    interviewer_model: str | None,
    base_url: str | None,
) -> int:
    """Practise the interview in the terminal: question, follow-ups, then a scorecard."""
    settings = build_settings(
        config_path,
        grader_model=grader_model,
        interviewer_model=interviewer_model,
        base_url=base_url,
        followups=followups,
        style=style,
        seed=seed,
        history=False if no_history else None,
    )
    require_history(settings)
    out = console()
    engines = build_engines(settings)
    print_notices(out, engines.notices)
    state = InterviewState(
        context=InterviewContext(
            role=role, company=company, company_blurb=company_blurb, seniority=Seniority(seniority)
        ),
        style=settings.style,
        max_followups=settings.followups,
        seed=settings.seed,
    )
    session = InterviewSession(
        interviewer=engines.interviewer,
        grader=engines.grader,
        state=state,
        planner=engines.planner,
    )
    store = open_history(settings)

    async def practise() -> int:
        try:
            return await run_practice(session, out, lambda: input("> "), settings.prices, store)
        finally:
            await store.close()

    return asyncio.run(practise())
