"""A cancellation (a person's Ctrl-C, turned into one by asyncio.run) always propagates out of
the grading path: a per-call deadline, the grader's error translation and the eval runner must
never turn it into an Unscored report or a finished run."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult

from interview_coach.chains import LLMGrader
from interview_coach.evals.runner import EvalItem, Prediction, run_cases
from interview_coach.evals.suite import Case
from interview_coach.models import EngineInfo, InterviewContext

INFO = EngineInfo(engine="llm", provider="openai", model="hanging-model")
CONTEXT = InterviewContext(role="Nurse")
ANSWER = (
    "In my first year I want to master triage on the ward and learn from the senior nurses. "
    "Later I hope to lead a small team and help this hospital give patients safer care."
)


class Hanging(BaseChatModel):
    """A model call that never answers; `entered` is set once a call is under way."""

    entered: Any = None

    @property
    def _llm_type(self) -> str:
        return "hanging"

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError

    async def _agenerate(self, messages: list[BaseMessage], *a: Any, **kw: Any) -> ChatResult:
        self.entered.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def _cancel_when_entered(model: Hanging, task: asyncio.Task[Any]) -> None:
    await asyncio.wait_for(model.entered.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()


async def test_cancelling_a_grade_inside_its_deadline_propagates() -> None:
    model = Hanging(entered=asyncio.Event())
    grader = LLMGrader(model, INFO, with_rewrite=False, budget_s=30)
    await _cancel_when_entered(model, asyncio.create_task(grader.grade(ANSWER, CONTEXT)))


async def test_a_cancel_as_the_deadline_expires_is_still_a_cancel() -> None:
    """Both at once: the deadline's own cancel and an outside one in the same loop step."""
    model = Hanging(entered=asyncio.Event())
    grader = LLMGrader(model, INFO, with_rewrite=False, budget_s=0.2)
    task = asyncio.create_task(grader.grade(ANSWER, CONTEXT))
    await asyncio.wait_for(model.entered.wait(), 5)
    loop = asyncio.get_running_loop()
    timers = [h for h in loop._scheduled if not h.cancelled()]  # type: ignore[attr-defined]
    when = max(h.when() for h in timers)
    loop.call_at(when, task.cancel)
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_cancelling_an_eval_run_stops_it_and_propagates() -> None:
    model = Hanging(entered=asyncio.Event())
    grader = LLMGrader(model, INFO, with_rewrite=False, budget_s=30)
    items = [
        EvalItem(
            "s",
            Case.model_validate(
                {"id": f"c{n}", "split": "dev", "kind": "strong", "answer": ANSWER}
            ),
        )
        for n in range(5)
    ]
    done: list[Prediction] = []
    run = asyncio.create_task(run_cases(items, grader, concurrency=2, on_result=done.append))
    await _cancel_when_entered(model, run)
    assert done == []
