"""The langchain adapter against the installed packages: an upgrade that breaks one of its uses
of langchain's internals fails here, by name, instead of silently slowing or changing calls."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from langchain_core.caches import InMemoryCache
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langchain_openai import ChatOpenAI
from packaging.requirements import Requirement

from interview_coach.chains.schema import GradeOutput
from interview_coach.chains.structured import METHODS, strict_response_format
from interview_coach.llm_cache import CachedReplies
from interview_coach.providers.lc_adapter import chat_openai_class, chat_step, llm_string

ROOT = Path(__file__).resolve().parents[1]


class RecordingCache(InMemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None:
        self.keys.append(llm_string)
        super().update(prompt, llm_string, return_val)


def test_installed_versions_are_within_the_tested_bounds() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    bounded = {r.name: r for r in map(Requirement, deps)}
    for name in ("langchain-core", "langchain-openai", "openai"):
        req = bounded[name]
        assert any(s.operator == "<" for s in req.specifier), f"{name} has no upper bound"
        assert req.specifier.contains(version(name)), f"{name} {version(name)} not in {req}"


async def test_llm_string_is_the_key_langchain_caches_under() -> None:
    cache = RecordingCache()
    model = FakeListChatModel(responses=["hello"], cache=cache)
    bound = model.bind(max_tokens=7)
    await bound.ainvoke([HumanMessage("hi")])
    assert cache.keys == [llm_string(model, None, {"max_tokens": 7})]
    # The fast path finds what the real call stored, under the same key.
    cached = CachedReplies.of(bound)
    assert cached is not None
    found = await cached.lookup([HumanMessage("hi")])
    assert isinstance(found, AIMessage) and found.content == "hello"


def _openai_model() -> BaseChatModel:
    return chat_openai_class()(model="m", api_key="k", base_url="http://127.0.0.1:9/v1")


@pytest.mark.parametrize("method", [m for m in METHODS if m != "text"])
def test_chat_step_finds_the_chat_model_in_with_structured_output(method: str) -> None:
    model = _openai_model()
    schema: Any = strict_response_format(GradeOutput) if method == "json_schema" else GradeOutput
    step = chat_step(model.with_structured_output(schema, method=method))
    assert step is not None
    assert getattr(step, "bound", step) is model


def test_the_openai_subclass_overrides_methods_that_still_exist() -> None:
    """An override of a method langchain renamed would silently never run."""
    cls = chat_openai_class()
    for name in ("_get_request_payload", "_stream", "_astream"):
        assert name in vars(cls) and callable(getattr(ChatOpenAI, name, None)), name
    assert list(inspect.signature(BaseChatModel._stream).parameters)[:4] == [
        "self",
        "messages",
        "stop",
        "run_manager",
    ]
    assert callable(getattr(BaseChatModel, "_get_llm_string", None))


def test_a_ready_response_format_goes_in_the_same_body_through_create() -> None:
    fmt = strict_response_format(GradeOutput)
    assert isinstance(fmt, dict) and fmt["strict"] is True
    assert fmt["schema"]["additionalProperties"] is False
    payload = _openai_model()._get_request_payload(  # type: ignore[attr-defined]
        [HumanMessage("hi")], response_format={"type": "json_schema", "json_schema": fmt}
    )
    assert "response_format" not in payload
    assert payload["extra_body"]["response_format"]["json_schema"] == fmt
