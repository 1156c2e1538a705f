"""Streamed replies reach the browser in a few socket messages, not one per word."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from interview_coach.web import ui as chainlit_ui
from test_web_handlers import chainlit_context

WORDS = [f"word{i} " for i in range(40)]


async def instant() -> AsyncIterator[str]:
    """An engine with the whole reply at hand (the offline interviewer)."""
    for word in WORDS:
        yield word


async def slow() -> AsyncIterator[str]:
    """A model producing a word now and then: each word is shown as it comes."""
    for word in WORDS[:4]:
        await asyncio.sleep(chainlit_ui.STREAM_INTERVAL * 1.5)
        yield word


async def test_an_instant_reply_is_one_streamed_update_then_the_whole_message() -> None:
    async with chainlit_context() as events:
        text = await chainlit_ui.ChainlitUI().stream(instant())
    assert text == "".join(WORDS)
    names = [e for e, _ in events]
    assert names.count("stream_start") == 1 and names.count("stream_token") == 0
    sent = next(d for e, d in events if e == "new_message")
    assert sent["output"] == "".join(WORDS), "nothing held back is lost"


async def test_a_slow_reply_streams_every_word_as_it_comes() -> None:
    async with chainlit_context() as events:
        text = await chainlit_ui.ChainlitUI().stream(slow())
    assert text == "".join(WORDS[:4])
    streamed = [d.get("output") or d.get("token") for e, d in events if e.startswith("stream")]
    assert streamed == WORDS[:4]
