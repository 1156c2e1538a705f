"""Replays of real recordings (scripts/record_cassettes.py) through our real code paths.

Network is blocked and the record mode is `none`: a request that is not in the cassette
fails the test. The same scenario functions made the recordings, against SmolLM2-135M on a
llama.cpp server (or OpenAI when a key was set), so the model name is read from the cassette.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cassette_scenarios import ANSWER, SCENARIOS
from interview_coach.llm_errors import LLMError
from interview_coach.models import GradeReport, Unscored
from interview_coach.rubric import CRITERION_IDS, default_rubric
from vcr_setup import REPLAY_BASE_URL

pytestmark = pytest.mark.vcr
CASSETTES = Path(__file__).parent / "cassettes" / "test_cassettes"


def _interactions(name: str) -> list[dict]:
    data = yaml.safe_load((CASSETTES / f"test_{name}.yaml").read_text(encoding="utf-8"))
    return data["interactions"]


def _model(name: str) -> str:
    body = _interactions(name)[0]["request"]["body"]
    return str(json.loads(body)["model"])


async def _replay(name: str) -> object:
    return await SCENARIOS[name](_model(name), REPLAY_BASE_URL, None)


async def test_streamed_opening() -> None:
    chunks = await _replay("streamed_opening")
    assert isinstance(chunks, list) and len(chunks) > 5
    body = _interactions("streamed_opening")[0]["response"]["body"]["string"]
    assert "data: " in body
    assert "".join(chunks).strip()


async def test_plain_rewrite() -> None:
    text, warnings, usage = await _replay("plain_rewrite")  # type: ignore[misc]
    calls = len(_interactions("plain_rewrite"))
    assert [c.purpose for c in usage.calls] == ["rewrite"] * calls
    assert all(c.input_tokens > 0 and c.output_tokens > 0 for c in usage.calls)
    assert text.strip()
    if calls == 2:  # the first draft failed the fact/length check and was retried once
        assert all(w.code in {"rewrite_new_facts", "rewrite_length"} for w in warnings)


async def test_structured_grade() -> None:
    outcome = await _replay("structured_grade")
    calls = len(_interactions("structured_grade"))
    request = json.loads(_interactions("structured_grade")[0]["request"]["body"])
    assert request["response_format"]["type"] == "json_schema"
    if isinstance(outcome, GradeReport):
        assert [c.criterion_id for c in outcome.criteria] == list(CRITERION_IDS)
        assert outcome.overall == default_rubric().overall(outcome.scores)
        for criterion in outcome.criteria:
            assert all(quote in " ".join(ANSWER.split()) for quote in criterion.evidence)
    else:
        assert isinstance(outcome, Unscored) and outcome.reason_code == "invalid_output"
    assert len(outcome.usage.calls) == calls
    assert outcome.usage.calls[0].input_tokens > 0


async def test_repair_after_truncation() -> None:
    outcome = await _replay("repair_after_truncation")
    assert isinstance(outcome, Unscored)
    assert outcome.reason_code == "invalid_output"
    assert [c.purpose for c in outcome.usage.calls] == ["grade", "repair"]
    repair_request = json.loads(_interactions("repair_after_truncation")[1]["request"]["body"])
    assert "could not be used" in repair_request["messages"][-1]["content"]


async def test_error_not_found() -> None:
    error = await _replay("error_not_found")
    assert isinstance(error, LLMError) and error.kind == "not_found"
    assert _interactions("error_not_found")[0]["response"]["status"]["code"] == 404
    assert "base_url" in error.hint


async def test_error_context_too_long() -> None:
    error = await _replay("error_context_too_long")
    assert isinstance(error, LLMError) and error.kind == "context_length"
    assert _interactions("error_context_too_long")[0]["response"]["status"]["code"] == 400
    assert "context window" in error.user_message
