"""One interview flow: the same scripted interviews walked through the terminal (`practice`'s
runner fed scripted stdin) and the chat controller (the recording UI) give the same turns and
the same outcome, because both drive the one state machine in `session.py`."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.console import Console

from interview_coach.cli.practice_cmd import FEEDBACK_NOW, run_practice
from interview_coach.config import Settings
from interview_coach.engine import InterviewState
from interview_coach.models import GradeReport, Unscored
from interview_coach.session import InterviewSession, Phase
from interview_coach.store import HistoryStore
from interview_coach.web.handlers import ChatController
from web_fakes import FakeEngines, RecordingUI, first_untargeted

GOOD = (
    "In the first year I want to master our data pipelines and ship reliable dashboards for "
    "the sales team, because clear numbers help people decide."
)
MORE = "Over five years I hope to lead a small analytics group and mentor two new analysts."
LAST = "Your focus on small shops is why I applied, and I want to grow with that mission."
PROBLEM = "qwzx vbnm plkj"  # gibberish: kept, but it cannot be scored

Step = tuple[str, str]  # ("answer", text) | ("feedback", "") | ("retry", "")


@dataclass
class Script:
    steps: list[Step]
    followups: int = 2
    grader_failures: int = 0
    interviewer_fails_on: str | None = None
    turns: list[str] = field(default_factory=list)  # expected kinds, in order
    outcome: str = "scored"  # or an Unscored reason_code


SCRIPTS = {
    "good answer with follow-ups": Script(
        [("answer", GOOD), ("answer", MORE), ("answer", LAST)],
        turns=["question", "answer", "followup", "answer", "followup", "answer", "closing"],
    ),
    "first answer with a problem is graded at once": Script(
        [("answer", PROBLEM)], turns=["question", "answer"], outcome="gibberish"
    ),
    "feedback now after the first answer": Script(
        [("answer", GOOD), ("feedback", "")],
        turns=["question", "answer", "followup", "closing"],
    ),
    "provider failure while grading, then retry": Script(
        [("answer", GOOD), ("retry", "")],
        followups=0,
        grader_failures=1,
        turns=["question", "answer", "closing"],
    ),
    "failing interviewer goes on offline": Script(
        [("answer", GOOD), ("answer", MORE)],
        followups=1,
        interviewer_fails_on="followup",
        turns=["question", "answer", "followup", "answer", "closing"],
    ),
}


def _engines(script: Script) -> FakeEngines:
    engines = FakeEngines()
    engines.grader.provider_failures = script.grader_failures
    engines.interviewer.fail_next = script.interviewer_fails_on
    return engines


async def _through_terminal(script: Script) -> tuple[InterviewSession, str]:
    lines: list[str] = []
    for kind, text in script.steps:
        lines += [text, ""] if kind == "answer" else [FEEDBACK_NOW if kind == "feedback" else ""]
    feed = iter(lines)

    def read() -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    engines = _engines(script)
    session = InterviewSession(
        interviewer=engines.interviewer,
        grader=engines.grader,
        state=InterviewState(max_followups=script.followups),
        planner=first_untargeted,
    )
    out = Console(file=io.StringIO(), width=120)
    await run_practice(session, out, read)
    text = out.file.getvalue()  # type: ignore[attr-defined]
    return session, text


async def _through_chat(script: Script, tmp_path: Path) -> tuple[InterviewSession, str]:
    ui = RecordingUI()
    controller = ChatController(
        ui,
        Settings(followups=script.followups),
        HistoryStore(tmp_path / "history.sqlite3"),
        _engines(script),
        planner=first_untargeted,
    )
    await controller.start()
    for kind, text in script.steps:
        if kind == "answer":
            await controller.message(text)
        elif kind == "feedback":
            await controller.action("feedback_now")
        else:
            await controller.action("retry", {"op": "grade"})
    return controller.session, "\n".join(ui.texts)


def _outcome(session: InterviewSession) -> str:
    outcome = session.attempts[-1].outcome
    if isinstance(outcome, GradeReport):
        return "scored"
    assert isinstance(outcome, Unscored)
    return outcome.reason_code


@pytest.mark.parametrize("name", list(SCRIPTS))
async def test_the_terminal_and_the_chat_walk_the_same_interview(name: str, tmp_path: Path) -> None:
    script = SCRIPTS[name]
    terminal, terminal_text = await _through_terminal(script)
    chat, chat_text = await _through_chat(script, tmp_path)
    for session in (terminal, chat):
        assert [t.kind for t in session.state.turns] == script.turns
        assert _outcome(session) == script.outcome
        assert session.phase == Phase.graded
    assert [(t.speaker, t.kind, t.text) for t in terminal.state.candidate_turns] == [
        (t.speaker, t.kind, t.text) for t in chat.state.candidate_turns
    ]
    assert [a.outcome.model_dump(exclude={"usage"}) for a in terminal.attempts] == [
        a.outcome.model_dump(exclude={"usage"}) for a in chat.attempts
    ]
    if script.grader_failures:  # the failed attempt is shown, then the retried one is graded
        assert len(terminal.attempts) == 2
        for text in (terminal_text, chat_text):
            assert "rate-limiting" in text and "Your answer is kept" in text
    if script.interviewer_fails_on:
        for text in (terminal_text, chat_text):
            assert "The AI interviewer failed: The model did not answer in time." in text
            assert "Continuing with the offline interviewer" in text
