"""The seam between the chat controller and Chainlit: what it can show, its buttons and files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..config import Settings
from ..engine_factory import Engines
from .recovery import CONTINUE_OFFLINE_LABEL, continue_offline_payload
from .scorecard import Chart


@dataclass(frozen=True)
class Button:
    """An action button: `name` is the action callback, `payload` its arguments."""

    name: str
    label: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    name: str
    content: str
    mime: str


class Progress(Protocol):
    async def update(self, text: str) -> None: ...


class ChatUI(Protocol):
    """Everything the controller can show. Implementations must not add content of their own."""

    async def say(self, text: str, buttons: Sequence[Button] = ()) -> None: ...

    async def stream(self, chunks: AsyncIterator[str], buttons: Sequence[Button] = ()) -> str:
        """Stream a message; if `chunks` raises, remove the partial message and re-raise."""
        ...

    def progress(self, title: str, by: str) -> AbstractAsyncContextManager[Progress]:
        """Show `title` as progress of work done by `by`, until the context exits."""
        ...

    async def scorecard(
        self, summary: str, chart: Chart, details: str, buttons: Sequence[Button] = ()
    ) -> None:
        """The headline with the chart, then the details (with the buttons)."""
        ...

    async def downloads(self, text: str, files: Sequence[Download]) -> None: ...

    async def engine(self, ai: bool) -> None:
        """Say whether an AI model takes part (the page's "LLMs can make mistakes" footer)."""
        ...

    async def retire(self, button: Button) -> None:
        """Remove `button` from every message still showing it (it no longer applies)."""
        ...

    def remember(self, key: str, value: Any) -> None:
        """Keep a value in the per-browser-session store (cl.user_session)."""
        ...


EngineFactory = Callable[[Settings], Engines]

FEEDBACK_NOW = Button("feedback_now", "Get feedback now")
TRY_AGAIN = Button("try_again", "Try again")
NEW_SESSION = Button("new_session", "New session")
START = Button("start", "Start the interview")
START_OVER = Button("start_over", "Start over now")
KEEP_ANSWERING = Button("keep_answering", "Keep answering")
EXPORT = Button("export", "Export")


def retry_button(op: str) -> Button:
    return Button("retry", "Retry", {"op": op})


def offline_button(part: str, op: str) -> Button:
    return Button("continue_offline", CONTINUE_OFFLINE_LABEL, continue_offline_payload(part, op))
