"""The Chainlit side of `ChatUI`: messages, streamed tokens, steps, charts, files, settings."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import chainlit as cl
from chainlit.input_widget import InputWidget, Select, Slider, TextInput

from ..catalogue import SENIORITIES, STYLES
from .chainlit_adapter import PlotlyJSON
from .chat_ui import Button, Download
from .options import ChatOptions
from .scorecard import Chart, chart_json

AUTHOR = "Interviewer"
SPEAK_EVENT = "interview-coach:speak"  # public/read_aloud.js reads these aloud
ENGINE_EVENT = "interview-coach:engine"  # public/read_aloud.js shows the LLM footer on ai=True
# Streamed text goes out at most this often: each update is a socket message (encoded, framed,
# sent, rendered), and an engine that yields words faster (the offline one yields all at once)
# would cost dozens per reply. 20 updates a second still reads as live typing.
STREAM_INTERVAL = 0.05


def settings_widgets(options: ChatOptions) -> list[InputWidget]:
    """The set-up panel; every field has a default, so a person can just start typing."""
    ctx = options.context
    return [
        TextInput(id="role", label="Role", initial=ctx.role, placeholder="e.g. Data analyst"),
        TextInput(id="company", label="Company", initial=ctx.company, placeholder="e.g. Acme"),
        TextInput(
            id="company_blurb",
            label="A line about the company",
            initial=ctx.company_blurb,
            placeholder="e.g. Builds payment tools for small shops",
            multiline=True,
        ),
        Select(
            id="seniority",
            label="Seniority",
            values=list(SENIORITIES),
            initial_value=ctx.seniority.value,
        ),
        Select(
            id="style",
            label="Interviewer style",
            values=list(STYLES),
            initial_value=options.style,
        ),
        Slider(
            id="followups",
            label="Follow-up questions",
            initial=options.followups,
            min=0,
            max=3,
            step=1,
        ),
    ]


def _actions(buttons: Sequence[Button]) -> list[cl.Action]:
    return [cl.Action(name=b.name, label=b.label, payload=dict(b.payload)) for b in buttons]


class _StepProgress:
    def __init__(self, step: cl.Step) -> None:
        self._step = step

    async def update(self, text: str) -> None:
        self._step.output = text
        await self._step.update()


class ChainlitUI:
    """Sends to the current Chainlit context. Old buttons are removed when new ones appear."""

    def __init__(self, read_aloud: bool = False) -> None:
        self._with_actions: cl.Message | None = None
        self.read_aloud = read_aloud

    async def _send(self, message: cl.Message) -> None:
        if message.actions and self._with_actions is not None:
            await self._with_actions.remove_actions()
        await message.send()
        if message.actions:
            self._with_actions = message

    async def say(self, text: str, buttons: Sequence[Button] = ()) -> None:
        await self._send(cl.Message(content=text, author=AUTHOR, actions=_actions(buttons)))

    async def stream(self, chunks: AsyncIterator[str], buttons: Sequence[Button] = ()) -> str:
        message = cl.Message(content="", author=AUTHOR)
        pending, sent_at = "", 0.0
        try:
            async for chunk in chunks:
                pending += chunk
                now = time.monotonic()
                if pending and (not message.streaming or now - sent_at >= STREAM_INTERVAL):
                    await message.stream_token(pending)
                    pending, sent_at = "", now
        except BaseException:
            if message.streaming:
                await message.remove()
            raise
        message.content += pending  # the rest arrives with the finished message itself
        message.actions = _actions(buttons)
        await self._send(message)
        if self.read_aloud:
            await cl.send_window_message({"type": SPEAK_EVENT, "text": message.content})
        return message.content

    @asynccontextmanager
    async def progress(self, title: str, by: str) -> AsyncIterator[_StepProgress]:
        """A step Chainlit labels 'Using <by>' then 'Used <by>', showing `title` meanwhile."""
        async with cl.Step(name=by, type="tool", default_open=True) as step:
            progress = _StepProgress(step)
            await progress.update(title)
            yield progress

    async def scorecard(
        self, summary: str, chart: Chart, details: str, buttons: Sequence[Button] = ()
    ) -> None:
        content = chart_json(chart)
        element = PlotlyJSON(name="criteria", content=content, display="inline", size="large")
        await self._send(cl.Message(content=summary, author=AUTHOR, elements=[element]))
        await self._send(cl.Message(content=details, author=AUTHOR, actions=_actions(buttons)))

    async def downloads(self, text: str, files: Sequence[Download]) -> None:
        elements: list[Any] = [
            cl.File(name=f.name, content=f.content.encode("utf-8"), mime=f.mime, display="inline")
            for f in files
        ]
        await self._send(cl.Message(content=text, author=AUTHOR, elements=elements))

    async def engine(self, ai: bool) -> None:
        await cl.send_window_message({"type": ENGINE_EVENT, "ai": ai})

    async def retire(self, button: Button) -> None:
        """Only the latest message carries buttons (`_send`), so that is the one to clear."""
        held = self._with_actions
        if held is not None and any(a.name == button.name for a in held.actions):
            await held.remove_actions()
            self._with_actions = None

    def remember(self, key: str, value: Any) -> None:
        cl.user_session.set(key, value)

    async def candidate(self, text: str) -> None:
        """The candidate's own message (a transcript); it does not trigger `on_message`."""
        await cl.Message(content=text, type="user_message").send()
