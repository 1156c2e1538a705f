"""The offline interviewer (deterministic, tailored, varied) and the follow-up planner."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from interview_coach.engine import Interviewer, InterviewState
from interview_coach.models import GradeReport, InterviewContext, Speaker, Turn
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.interviewer import OfflineInterviewer
from interview_coach.offline.planner import pick_followup_target
from offline_answers import CONTEXT, STRONG, without


async def collect(chunks: AsyncIterator[str]) -> tuple[str, list[str]]:
    parts = [c async for c in chunks]
    return "".join(parts), parts


def state_for(
    ctx: InterviewContext = CONTEXT, style: str = "friendly", **kw: object
) -> InterviewState:
    return InterviewState(context=ctx, style=style, **kw)  # type: ignore[arg-type]


async def test_implements_interviewer_protocol() -> None:
    assert isinstance(OfflineInterviewer(1), Interviewer)


async def test_same_seed_same_words() -> None:
    for style in ("friendly", "neutral", "tough"):
        a = await collect(OfflineInterviewer(7).opening(state_for(style=style)))
        b = await collect(OfflineInterviewer(7).opening(state_for(style=style)))
        assert a == b
        fa = await collect(OfflineInterviewer(7).followup(state_for(style=style), "commitment"))
        fb = await collect(OfflineInterviewer(7).followup(state_for(style=style), "commitment"))
        assert fa == fb


async def test_different_seeds_vary() -> None:
    openings = {(await collect(OfflineInterviewer(s).opening(state_for())))[0] for s in range(20)}
    followups = {
        (await collect(OfflineInterviewer(s).followup(state_for(), "learning_growth")))[0]
        for s in range(20)
    }
    assert len(openings) > 1 and len(followups) > 2


async def test_chunks_are_words_that_join_to_the_message() -> None:
    text, parts = await collect(OfflineInterviewer(3).opening(state_for()))
    assert len(parts) > 5
    assert all(len(p.split()) == 1 for p in parts)
    assert text.endswith("?")


async def test_opening_is_tailored_to_role_and_company() -> None:
    text, _ = await collect(OfflineInterviewer(1).opening(state_for()))
    assert "Backend Engineer" in text and "Quayside Energy" in text
    assert "career aspirations" in text


@pytest.mark.parametrize(
    "ctx",
    [InterviewContext(), InterviewContext(role="Nurse"), InterviewContext(company="Acme Care")],
)
async def test_opening_without_full_context_has_no_gaps(ctx: InterviewContext) -> None:
    for seed in range(6):
        text, _ = await collect(OfflineInterviewer(seed).opening(state_for(ctx)))
        assert "{" not in text and "  " not in text and " the  " not in text
        assert (ctx.role or "") in text and (ctx.company or "") in text


async def test_styles_word_things_differently() -> None:
    friendly = {(await collect(OfflineInterviewer(s).opening(state_for())))[0] for s in range(15)}
    tough = {
        (await collect(OfflineInterviewer(s).opening(state_for(style="tough"))))[0]
        for s in range(15)
    }
    assert friendly.isdisjoint(tough)


async def test_followups_do_not_repeat_within_a_session() -> None:
    state = state_for(seed=5)
    interviewer = OfflineInterviewer(5)
    asked = []
    for _ in range(3):
        text, _ = await collect(interviewer.followup(state, "short_term_goals"))
        asked.append(text)
        state.turns.append(
            Turn(speaker=Speaker.interviewer, kind="followup", text=text,
                 target_criterion="short_term_goals")
        )  # fmt: skip
        state.turns.append(Turn(speaker=Speaker.candidate, kind="answer", text="Okay."))
    questions = [t.split(" ", 2)[-1] for t in asked]
    assert len(set(asked)) == 3 and len(set(questions)) == 3


async def test_closing_is_polite_and_deterministic() -> None:
    a, _ = await collect(OfflineInterviewer(2).closing(state_for()))
    b, _ = await collect(OfflineInterviewer(2).closing(state_for()))
    assert a == b and a.startswith(("Thank", "Alright", "Wonderful"))


def answered(answer: str, **kw: object) -> InterviewState:
    state = state_for(**kw)
    state.turns.append(Turn(speaker=Speaker.candidate, kind="answer", text=answer))
    return state


@pytest.mark.parametrize("missing", ["long_term_vision", "commitment", "enthusiasm"])
def test_followup_targets_the_missing_part(missing: str) -> None:
    grader = OfflineGrader()
    report = grader.grade_sync(without(missing), CONTEXT)
    lowest = min(report.scores.values())
    target = pick_followup_target(answered(without(missing)), grader)
    assert target is not None and report.score_of(target) == lowest
    assert report.score_of(missing) == lowest


class _TiedGrader(OfflineGrader):
    """The real report for the strong answer, with two criteria of different weight set to 1."""

    def grade_sync(self, answer: str, context: InterviewContext | None = None) -> GradeReport:
        report = super().grade_sync(answer, context)
        assert isinstance(report, GradeReport)
        for c in report.criteria:
            if c.criterion_id in {"long_term_vision", "company_alignment"}:
                c.score = 1
        return report


def test_followup_ties_go_to_the_heavier_criterion() -> None:
    """company_alignment (weight 1.3) beats long_term_vision (1.0) when both score 1."""
    assert pick_followup_target(answered(STRONG), _TiedGrader()) == "company_alignment"


def test_followup_skips_criteria_already_targeted() -> None:
    state = answered(without("long_term_vision"))
    state.turns.insert(
        0,
        Turn(speaker=Speaker.interviewer, kind="question", text="Q?",
             target_criterion="long_term_vision"),
    )  # fmt: skip
    assert pick_followup_target(state, OfflineGrader()) not in {"long_term_vision", "conciseness"}


def test_no_followup_for_a_strong_answer() -> None:
    assert pick_followup_target(answered(STRONG), OfflineGrader()) is None


def test_no_followup_when_the_budget_is_spent() -> None:
    state = answered(without("commitment"), max_followups=0)
    assert pick_followup_target(state, OfflineGrader()) is None


def test_no_followup_for_an_unscorable_answer() -> None:
    assert pick_followup_target(answered("asdkj qwpoe zxmnv"), OfflineGrader()) is None
