"""The interview flow as plain Python, with stand-in engines: no Chainlit, no model."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from interview_coach.engine import InterviewState
from interview_coach.models import (
    Band,
    CriterionScore,
    EngineInfo,
    GradeReport,
    InterviewContext,
    Unscored,
)
from interview_coach.rubric import CRITERION_IDS
from interview_coach.session import InterviewSession

INFO = EngineInfo(engine="offline", provider="test", model="stub")


class ScriptedInterviewer:
    info = INFO

    async def _words(self, text: str) -> AsyncIterator[str]:
        for word in text.split(" "):
            yield word + " "

    def opening(self, state: InterviewState) -> AsyncIterator[str]:
        return self._words(f"Hello! What are your career aspirations as {state.context.role}?")

    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        return self._words(f"Tell me more about {target}.")

    def closing(self, state: InterviewState) -> AsyncIterator[str]:
        return self._words("Thank you.")


class LengthGrader:
    """Scores by answer length, so more answering gives a higher score."""

    info = INFO

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        score = min(5, 1 + len(answer.split()) // 5)
        return GradeReport(
            rubric_version="t",
            criteria=[
                CriterionScore(criterion_id=c, reason="r", score=score) for c in CRITERION_IDS
            ],
            overall=(score - 1) * 25,
            band=Band.solid,
            engine=INFO,
        )


class FailingInterviewer(ScriptedInterviewer):
    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        async def broken() -> AsyncIterator[str]:
            yield "Tell me "
            raise TimeoutError("provider timed out")

        return broken()


def make(planner_targets: list[str | None], interviewer: object | None = None, followups: int = 2):
    targets = iter(planner_targets)
    return InterviewSession(
        interviewer=interviewer or ScriptedInterviewer(),  # type: ignore[arg-type]
        grader=LengthGrader(),
        state=InterviewState(context=InterviewContext(role="Nurse"), max_followups=followups),
        planner=lambda state: next(targets),
    )


async def collect(chunks: AsyncIterator[str]) -> str:
    return "".join([c async for c in chunks])


async def test_full_flow_records_turns_and_grades_the_whole_answer() -> None:
    session = make(["learning_growth", "company_alignment"])
    assert "Nurse" in await collect(session.opening())
    assert session.answer("I want to help patients.").kept
    target = session.next_followup_target()
    assert target == "learning_growth"
    await collect(session.followup(target))
    session.answer("I want to learn triage from senior nurses.")
    target = session.next_followup_target()
    assert target == "company_alignment"
    await collect(session.followup(target))
    session.answer("Your patient-safety work is why I applied.")
    assert session.next_followup_target() is None, "max_followups reached"
    await collect(session.closing())
    kinds = [t.kind for t in session.state.turns]
    assert kinds == ["question", "answer", "followup", "answer", "followup", "answer", "closing"]
    assert session.state.turns[2].target_criterion == "learning_growth"
    assert "triage" in session.answer_text and "patient-safety" in session.answer_text
    outcome = await session.grade()
    assert isinstance(outcome, GradeReport)
    assert session.outcomes == [outcome]


async def test_empty_answer_is_not_recorded_but_explained() -> None:
    session = make([None])
    await collect(session.opening())
    receipt = session.answer("   ")
    assert not receipt.kept and receipt.problem is not None and receipt.problem.code == "empty"
    assert session.state.candidate_turns == []


async def test_unscorable_answer_is_kept_and_skips_followups() -> None:
    session = make(["learning_growth"])
    await collect(session.opening())
    receipt = session.answer("Quiero crecer en su empresa y aprender mucho con el equipo")
    assert receipt.kept and receipt.problem is not None
    assert receipt.problem.code == "non_english"
    assert session.next_followup_target() is None
    assert "Quiero" in session.answer_text


async def test_failure_mid_stream_keeps_answer_and_leaves_no_half_message() -> None:
    session = make(["learning_growth"], interviewer=FailingInterviewer())
    await collect(session.opening())
    session.answer("I want to help patients.")
    with pytest.raises(TimeoutError):
        await collect(session.followup("learning_growth"))
    assert [t.kind for t in session.state.turns] == ["question", "answer"]
    assert session.answer_text == "I want to help patients."


async def test_try_again_keeps_the_question_and_compares_with_previous() -> None:
    session = make([None, None], followups=0)
    await collect(session.opening())
    session.answer("Short.")
    first = await session.grade()
    session.try_again()
    assert [t.kind for t in session.state.turns] == ["question"]
    session.answer("A much longer answer with many more words about goals and learning here.")
    second = await session.grade()
    previous = session.previous_scored()
    assert isinstance(first, GradeReport) and isinstance(second, GradeReport)
    assert previous is not None and previous.overall == first.overall
    assert second.overall > first.overall
