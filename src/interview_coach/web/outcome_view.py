"""The chat's view of a grade: headline (usage, change, progress per role and company), details."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import ModelPrice
from ..models import GradeReport, InterviewContext, Unscored
from ..report_view import UnscoredView, build_view
from ..session import InterviewSession
from ..store import HistoryRecord, scored_overalls
from ..text_safety import md_quote_block
from .chat_ui import EXPORT, NEW_SESSION, TRY_AGAIN, ChatUI
from .delivery_card import delivery_markdown
from .scorecard import (
    criteria_chart,
    progress_line,
    rewrite_section,
    score_change_line,
    scorecard_markdown,
    summary_markdown,
    unscored_markdown,
)


def same_interview(record: HistoryRecord, context: InterviewContext) -> bool:
    """Attempts compare only for the same role at the same company (case and spaces aside)."""

    def key(ctx: InterviewContext) -> tuple[str, str]:
        return (" ".join(ctx.role.lower().split()), " ".join(ctx.company.lower().split()))

    return key(record.context) == key(context)


def progress_for(records: Sequence[HistoryRecord], context: InterviewContext) -> str | None:
    """'62 -> 74 since your first try', over the attempts for this role and company only."""
    return progress_line(scored_overalls([r for r in records if same_interview(r, context)]))


async def show_outcome(
    ui: ChatUI,
    session: InterviewSession,
    outcome: GradeReport | Unscored,
    records: Sequence[HistoryRecord],
    prices: dict[str, ModelPrice],
) -> None:
    buttons = [TRY_AGAIN, NEW_SESSION, EXPORT]
    view = build_view(outcome, session.answer_text, prices=prices)
    if isinstance(view, UnscoredView):
        await ui.say(unscored_markdown(view), buttons)
        return
    summary = [summary_markdown(view)]
    if view.usage:
        summary += ["", f"_Model usage: {view.usage}_"]
    previous = session.previous_scored()
    if previous is not None:
        summary += ["", score_change_line(previous, view.outcome)]
    progress = progress_for(records, session.state.context)
    if progress:
        summary += ["", progress]
    details = "\n\n".join(
        part
        for part in [
            scorecard_markdown(view),
            delivery_markdown(session.state.turns),
            rewrite_section(view),
        ]
        if part
    )
    await ui.scorecard("\n".join(summary), criteria_chart(view), details, buttons)


def progress_text(outcome: GradeReport | Unscored) -> str:
    if isinstance(outcome, GradeReport):
        return f"Scored every criterion: {outcome.overall}/100."
    return f"Not scored: {outcome.reason}"


def quoted(text: str) -> str:
    return md_quote_block(text)
