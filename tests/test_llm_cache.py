"""The on-disk response cache with a fake chat model: a rerun makes no model calls."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from interview_coach.llm_cache import SQLiteResponseCache, cache_scope, repeat_scope


class CountingChat(BaseChatModel):
    calls: int = 0
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "counting"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"temperature": self.temperature}

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.calls += 1
        message = AIMessage(
            content=f"reply {self.calls} to {messages[-1].content}",
            usage_metadata={"input_tokens": 7, "output_tokens": 3, "total_tokens": 10},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


SCOPE = cache_scope("openai-compatible", "m", "http://127.0.0.1:1/v1")


def test_second_run_makes_no_model_calls_and_replays_the_reply(tmp_path: Path) -> None:
    first = CountingChat(cache=SQLiteResponseCache.in_dir(tmp_path, SCOPE))
    a = first.invoke([HumanMessage("hi")])
    assert first.calls == 1
    rerun = CountingChat(cache=SQLiteResponseCache.in_dir(tmp_path, SCOPE))
    b = rerun.invoke([HumanMessage("hi")])
    assert rerun.calls == 0
    assert b.content == a.content == "reply 1 to hi"
    assert isinstance(b, AIMessage) and isinstance(a, AIMessage)
    assert b.usage_metadata is not None and a.usage_metadata is not None
    assert b.usage_metadata["input_tokens"] == a.usage_metadata["input_tokens"] == 7


def test_repeat_index_prompt_params_and_scope_are_part_of_the_key(tmp_path: Path) -> None:
    cache = SQLiteResponseCache.in_dir(tmp_path, SCOPE)
    model = CountingChat(cache=cache)
    with repeat_scope(0):
        model.invoke([HumanMessage("hi")])
    with repeat_scope(1):
        model.invoke([HumanMessage("hi")])
    assert model.calls == 2
    with repeat_scope(1):
        model.invoke([HumanMessage("hi")])
    assert model.calls == 2
    model.invoke([HumanMessage("other")])
    assert model.calls == 3
    warmer = CountingChat(cache=cache, temperature=0.7)
    warmer.invoke([HumanMessage("hi")])
    assert warmer.calls == 1
    other = CountingChat(cache=SQLiteResponseCache.in_dir(tmp_path, cache_scope("x", "m", None)))
    other.invoke([HumanMessage("hi")])
    assert other.calls == 1


async def test_async_calls_and_repeat_scope_in_tasks(tmp_path: Path) -> None:
    cache = SQLiteResponseCache.in_dir(tmp_path, SCOPE)
    model = CountingChat(cache=cache)

    async def call(i: int) -> str:
        with repeat_scope(i % 3):
            reply = await model.ainvoke([HumanMessage("hi")])
        return str(reply.content)

    first = [await call(i) for i in range(9)]
    assert model.calls == 3
    assert len(set(first)) == 3
    rerun = CountingChat(cache=SQLiteResponseCache.in_dir(tmp_path, SCOPE))
    second = await asyncio.gather(*(rerun.ainvoke([HumanMessage("hi")]) for _ in range(4)))
    assert rerun.calls == 0
    assert {m.content for m in second} <= set(first)


def test_threads_share_one_cache_safely(tmp_path: Path) -> None:
    cache = SQLiteResponseCache.in_dir(tmp_path, SCOPE)
    model = CountingChat(cache=cache)
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda i: model.invoke([HumanMessage(f"q{i % 5}")]), range(40)))
    assert len(replies) == 40
    assert cache.hits + cache.misses == 40
    rerun = CountingChat(cache=SQLiteResponseCache.in_dir(tmp_path, SCOPE))
    for i in range(5):
        rerun.invoke([HumanMessage(f"q{i}")])
    assert rerun.calls == 0
