"""The grader through the real OpenAI-wire adapter against the loopback stub (benchmarks/):
each structured-output method, the fallback ladder when the server rejects one, and cached
replays that skip the model call yet miss on another repeat index or another answer."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interview_coach.chains import LLMGrader
from interview_coach.config import ModelSettings, Settings
from interview_coach.engine_factory import engine_info
from interview_coach.llm_cache import SQLiteResponseCache, cache_scope, repeat_scope
from interview_coach.models import GradeReport, InterviewContext
from interview_coach.providers import build_chat_model
from interview_coach.rubric import CRITERION_IDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from stub_server import feature_of, start_stub

CONTEXT = InterviewContext(role="Data analyst", company="Northwind")
ANSWER = (
    "Thank you for having me, I'm excited about this data analyst role at Northwind. In my "
    "first year I want to own the weekly sales dashboards and get much better at SQL. Later I "
    "hope to lead analytics projects and keep learning from the team."
)


class Stub:
    def __init__(self, reject: tuple[str, ...] = ()) -> None:
        self.base_url, self._stop = start_stub(0.0, reject=reject)

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self._stop.requests

    def grader(self, cache: SQLiteResponseCache | None = None) -> LLMGrader:
        ms = ModelSettings(model="openai-compatible:stub", base_url=self.base_url, max_retries=0)
        chat = build_chat_model(ms, Settings(grader=ms), cache=cache)
        return LLMGrader(chat, engine_info(ms), with_rewrite=False)

    def stop(self) -> None:
        self._stop()


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("reject", "method", "feature"),
    [
        ((), "json_schema", "json_schema"),
        (("json_schema",), "function_calling", "tools"),
        (("json_schema", "tools"), "json_mode", "json_object"),
        (("json_schema", "tools", "json_object"), "text", "text"),
    ],
)
async def test_each_method_grades_and_a_rejected_one_is_not_tried_again(
    reject: tuple[str, ...], method: str, feature: str
) -> None:
    server = Stub(reject)
    try:
        grader = server.grader()
        first = await grader.grade(ANSWER, CONTEXT)
        tried = [feature_of(body) for body in server.requests]
        second = await grader.grade(ANSWER, CONTEXT)
    finally:
        server.stop()
    assert isinstance(first, GradeReport) and isinstance(second, GradeReport)
    assert [c.criterion_id for c in first.criteria] == list(CRITERION_IDS)
    assert all(c.score == 4 and c.evidence for c in first.criteria)
    assert grader.structured_method == method
    assert tried == [*reject, feature]
    assert [feature_of(body) for body in server.requests[len(tried) :]] == [feature]
    if method in ("json_mode", "text"):
        assert "JSON" in server.requests[-1]["messages"][-1]["content"]


async def test_a_cached_rerun_makes_no_model_call_and_is_marked_cached(
    stub: Stub, tmp_path: Path
) -> None:
    scope = cache_scope("openai-compatible", "stub", stub.base_url)
    cold_cache = SQLiteResponseCache.in_dir(tmp_path, scope)
    with repeat_scope(0):
        cold = await stub.grader(cold_cache).grade(ANSWER, CONTEXT)
    cold_cache.close()
    assert len(stub.requests) == 1

    cache = SQLiteResponseCache.in_dir(tmp_path, scope)
    grader = stub.grader(cache)
    with repeat_scope(0):
        warm = await grader.grade(ANSWER, CONTEXT)
    assert len(stub.requests) == 1
    assert isinstance(cold, GradeReport) and isinstance(warm, GradeReport)
    assert warm.scores == cold.scores and warm.usage.input_tokens == cold.usage.input_tokens
    assert warm.usage.calls[0].cached and not cold.usage.calls[0].cached
    # Found by the grader's own lookup, which computes langchain's key: no lookup missed.
    assert (cache.hits, cache.misses) == (1, 0)

    with repeat_scope(1):
        other_repeat = await grader.grade(ANSWER, CONTEXT)
    assert len(stub.requests) == 2 and not other_repeat.usage.calls[0].cached
    with repeat_scope(0):
        other_answer = await grader.grade(ANSWER + " I also enjoy mentoring.", CONTEXT)
    assert len(stub.requests) == 3 and not other_answer.usage.calls[0].cached
    cache.close()
