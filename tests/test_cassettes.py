"""Replays of real recordings (scripts/record_cassettes.py) through our real code paths.

Network is blocked and the record mode is `none`: a request that is not in the cassette
fails the test. The same scenario functions made the recordings, against SmolLM2-135M on a
llama.cpp server (or OpenAI when a key was set), so the model name is read from the cassette.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import pytest
import yaml

from cassette_scenarios import SCENARIOS
from interview_coach.llm_errors import LLMError
from interview_coach.models import ReportWarning, Unscored, Usage
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


def _recorded_usage(name: str) -> list[tuple[int, int]]:
    """(prompt, completion) tokens of each recorded reply."""
    bodies = [json.loads(i["response"]["body"]["string"]) for i in _interactions(name)]
    return [(b["usage"]["prompt_tokens"], b["usage"]["completion_tokens"]) for b in bodies]


@pytest.mark.default_cassette("test_plain_rewrite")
async def test_plain_rewrite_too_long_is_retried_once_then_dropped_with_a_warning() -> None:
    """The recorded draft is over the word limit; so is the retry (345 words, over the 300 a
    rewrite may have at all), so no rewrite is shown and a warning says why."""
    replayed = await _replay("plain_rewrite")
    text, warnings, usage = cast(tuple[str, list[ReportWarning], Usage], replayed)
    assert [c.purpose for c in usage.calls] == ["rewrite", "rewrite"]
    assert [(c.input_tokens, c.output_tokens) for c in usage.calls] == _recorded_usage(
        "plain_rewrite"
    )
    assert text == ""
    [warning] = warnings
    assert warning.code == "rewrite_dropped"
    assert "345 words, outside 50-300" in warning.message
    retry = json.loads(_interactions("plain_rewrite")[1]["request"]["body"])["messages"]
    assert retry[-2]["role"] == "assistant" and "words; it must have between" in str(
        retry[-1]["content"]
    )


@pytest.mark.default_cassette("test_structured_grade")
async def test_small_model_grade_is_unscored_after_exactly_one_repair() -> None:
    """The recorded model (SmolLM2-135M) cannot produce a valid grade: its first reply is not a
    usable grade and the repaired one stops at the token limit, so the grader answers Unscored
    rather than a made-up score. The scored path is covered with fake models in
    test_llm_chains.py (verbatim evidence, overall computed from the rubric)."""
    outcome = await _replay("structured_grade")
    requests = [json.loads(i["request"]["body"]) for i in _interactions("structured_grade")]
    assert [r["response_format"]["type"] for r in requests] == ["json_schema", "json_schema"]
    assert isinstance(outcome, Unscored)
    assert outcome.reason_code == "invalid_output"
    assert "stopped at the token limit" in outcome.reason
    assert [c.purpose for c in outcome.usage.calls] == ["grade", "repair"]
    assert [(c.input_tokens, c.output_tokens) for c in outcome.usage.calls] == _recorded_usage(
        "structured_grade"
    )
    assert "could not be used" in requests[1]["messages"][-1]["content"]


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
