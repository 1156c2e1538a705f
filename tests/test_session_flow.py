"""The interview state machine in `session.py` on its own: which step follows each event."""

from __future__ import annotations

from interview_coach.engine import InterviewState
from interview_coach.models import Unscored
from interview_coach.session import InterviewSession, Phase
from web_fakes import OFFLINE, LengthGrader, ScriptedInterviewer, first_untargeted

GOOD = "In the first year I want to master our data pipelines and ship dashboards for sales."


def _session(followups: int = 1) -> InterviewSession:
    return InterviewSession(
        interviewer=ScriptedInterviewer(),
        grader=LengthGrader(),
        state=InterviewState(max_followups=followups),
        planner=first_untargeted,
    )


def test_an_empty_answer_is_refused_and_nothing_changes() -> None:
    session = _session()
    receipt, step = session.submit("   ")
    assert not receipt.kept and step.kind == "refuse" and "empty" in step.why
    assert session.phase == Phase.answering and not session.state.turns


def test_answers_are_followed_up_then_closed_once() -> None:
    session = _session(followups=1)
    _, step = session.submit(GOOD)
    assert step.kind == "followup" and step.target
    session.state.turns.append(session.state.turns[-1].model_copy(update={"kind": "followup"}))
    _, step = session.submit(GOOD)
    assert step.kind == "close" and session.phase == Phase.grading
    assert session.feedback_now().kind == "refuse"  # already on its way to the grade


def test_a_first_answer_with_a_problem_goes_straight_to_the_grade() -> None:
    session = _session()
    _, step = session.submit("qwzx vbnm plkj")
    assert step.kind == "grade" and session.phase == Phase.grading


def test_feedback_now_needs_an_answer_and_skips_a_closing_already_given() -> None:
    session = _session()
    step = session.feedback_now()
    assert step.kind == "refuse" and "Answer the question first" in step.why
    session.submit(GOOD)
    assert session.feedback_now().kind == "close"


def test_a_retryable_grading_failure_waits_for_retry() -> None:
    session = _session(followups=0)
    session.submit(GOOD)
    failed = Unscored(reason_code="provider_error", reason="x", hint="y", engine=OFFLINE)
    assert session.graded(failed) == Phase.failed
    assert session.retry_grade().kind == "grade" and session.phase == Phase.grading
    unscorable = Unscored(reason_code="gibberish", reason="x", hint="y", engine=OFFLINE)
    assert session.graded(unscorable) == Phase.graded  # retrying cannot change this one
    assert session.retry_grade().kind == "refuse"
    session.try_again()
    assert session.phase == Phase.answering
