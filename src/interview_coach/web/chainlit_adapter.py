"""Every reliance on Chainlit internals, in one place. Checked by
`tests/security/test_chainlit_adapter.py`, which fails loudly if a Chainlit upgrade moves a seam;
pyproject bounds chainlit below 2.13 for the same reason.

Seams used (chainlit 2.12):
- `chainlit.server.app`: the FastAPI app; our ASGI middleware is added before uvicorn starts
  (Chainlit imports our app module first), so it wraps every route and the socket.io mount.
- `chainlit.server.get_html_template`: the index page; wrapped to drop every stylesheet and
  preconnect to another host (Google Fonts, jsDelivr's KaTeX css: the chat uses no maths).
- `chainlit.auth.jwt.decode_jwt` and the auth cookie's name: to recognise a revoked user's token.
- `chainlit.config.config.project.allow_origins`: the extra origins an operator allows.
- `chainlit.Plotly.__post_init__`: serialises its figure; `PlotlyJSON` takes JSON made once.
- `chainlit.message.time` and `chainlit.step.time`: `Message.__init__` and `Step.__init__` call
  `time.sleep(0.001)`, which blocks the event loop for every message and step built (a
  millisecond or more each, for every chat on the instance: a step wraps every message handled);
  `unblock_message_init` gives those modules a `time` whose `sleep` does nothing.
- `chainlit.config.FILES_DIRECTORY` (and its copy in `chainlit.server`): where a chat's files
  (charts, uploads) wait to be fetched; Chainlit deletes the whole folder when it stops.
- `context.emitter.resume_thread`: Chainlit sends the stored thread to the page only after
  `on_chat_resume` returns, and the page then replaces its messages with it; `after_resume`
  runs work once that is sent, so what it shows is not wiped.
- `chainlit.cli` applies `nest_asyncio` when imported, which swaps asyncio's C tasks and futures
  for the pure-Python ones (so a loop can be re-entered): every await then runs Python code,
  about a third of the server's event loop under a burst. `native_asyncio` puts the C classes
  back before the server's loop starts. Chainlit re-enters the loop only for `run_sync` from the
  main thread and for chat profiles with config overrides; this app uses neither (tested).
- `UVICORN_WS_PER_MESSAGE_DEFLATE`, read by Chainlit's runner: `web` sets it to false
  (`cli/web_cmd.server_env`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import importlib
import logging
import os
import re
import shutil
from collections.abc import Awaitable, Callable, Collection
from pathlib import Path
from typing import Any

import chainlit as cl
import chainlit.config as chainlit_settings
import chainlit.server as server
from chainlit.auth import cookie as chainlit_cookie
from chainlit.auth.jwt import decode_jwt
from chainlit.config import config as chainlit_config
from chainlit.context import context as chainlit_context
from chainlit.element import Element
from pydantic.dataclasses import dataclass

from .security import Policy, SecurityMiddleware, content_security_policy, normalise_origin

log = logging.getLogger(__name__)

_MARK = "_interview_coach_local_only"
_EXTERNAL_TAG = re.compile(
    r"<(?:link|script)\b[^>]*?\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
    re.IGNORECASE | re.DOTALL,
)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.I | re.S)


def local_only_html(html: str) -> str:
    """The index page without any tag that makes the browser contact another host."""
    return _EXTERNAL_TAG.sub("", html)


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes ('sha256-...') of the page's inline scripts, so no 'unsafe-inline' is needed."""
    return [
        "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        for body in _INLINE_SCRIPT.findall(html)
    ]


def configured_origins() -> frozenset[str]:
    """`allow_origins` from .chainlit/config.toml, normalised; '*' is refused (ignored, with a
    warning): the socket would then accept any site's page."""
    origins: set[str] = set()
    for entry in chainlit_config.project.allow_origins:
        if entry.strip() == "*":
            log.warning("allow_origins = ['*'] is ignored: list the origins to allow instead")
            continue
        normal = normalise_origin(entry)
        if normal is None:
            log.warning("allow_origins: %r is not an origin (scheme://host[:port]); ignored", entry)
            continue
        origins.add(normal)
    return frozenset(origins)


def token_user(token: str) -> str | None:
    """The identifier in a session token signed with our secret, or None."""
    try:
        return decode_jwt(token).identifier
    except Exception:
        return None


def auth_cookie_name() -> str:
    return str(chainlit_cookie._auth_cookie_name)


def _wrap_index(original: Callable[[str], str]) -> Callable[[str], str]:
    def template(root_path: str) -> str:
        return local_only_html(original(root_path))

    setattr(template, _MARK, True)
    return template


@dataclass
class PlotlyJSON(cl.Plotly):
    """Chainlit's plotly element from JSON already made (`content`): `cl.Plotly` would serialise
    (and validate) the figure again, on the event loop, for every scorecard."""

    def __post_init__(self) -> None:
        self.mime = "application/json"
        Element.__post_init__(self)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def own_files_directory() -> Path:
    """A files folder for this process alone, `.files/<pid>`; idempotent.

    Chainlit keeps every chat's files under `APP_ROOT/.files` and removes that whole folder when
    it stops, so with several instances in one checkout (`web --instances N`) one stopping would
    delete the charts of the others' live chats. Folders left by killed instances are removed.
    """
    current = Path(chainlit_settings.FILES_DIRECTORY)
    if current.name == str(os.getpid()):
        return current
    for stale in current.iterdir() if current.is_dir() else ():
        if stale.is_dir() and stale.name.isdigit() and not _alive(int(stale.name)):
            shutil.rmtree(stale, ignore_errors=True)
    own = current / str(os.getpid())
    own.mkdir(parents=True, exist_ok=True)
    chainlit_settings.FILES_DIRECTORY = own
    server.FILES_DIRECTORY = own
    return own


class _NoSleep:
    """The `time` module for `chainlit.message` and `chainlit.step`, whose only use is that sleep.
    Messages get their timestamps when sent, steps when built; either is microseconds after the
    one before at least (each send awaits the socket in between), so the sleep orders nothing
    this app relies on (a resumed thread's steps are sorted by those timestamps)."""

    @staticmethod
    def sleep(_seconds: float) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        import time

        return getattr(time, name)


def unblock_message_init() -> None:
    # `chainlit.step` the module: the package's own `step` attribute is the decorator.
    for name in ("chainlit.message", "chainlit.step"):
        module: Any = importlib.import_module(name)
        module.time = _NoSleep()


def native_asyncio() -> None:
    """asyncio's C `Task`, `Future` and `get_event_loop` again (see the module docstring);
    idempotent. The loop class nest_asyncio patched stays re-entrant for nothing here."""
    import _asyncio

    tasks: Any = asyncio.tasks
    futures: Any = asyncio.futures
    tasks.Task = tasks._CTask = _asyncio.Task
    futures.Future = futures._CFuture = _asyncio.Future
    asyncio.Task = _asyncio.Task  # type: ignore[misc]
    asyncio.Future = _asyncio.Future  # type: ignore[misc]
    events: Any = asyncio.events
    if hasattr(events, "_c_get_event_loop"):
        events.get_event_loop = asyncio.get_event_loop = events._c_get_event_loop
        events._get_event_loop = events._c__get_event_loop


def install(users: Collection[str]) -> Policy:
    """Wire the protections into Chainlit's server; idempotent. Returns the policy in force."""
    native_asyncio()
    own_files_directory()
    unblock_message_init()
    if not getattr(server.get_html_template, _MARK, False):
        server.get_html_template = _wrap_index(server.get_html_template)
    page = server.get_html_template("")
    policy = Policy(
        allowed_origins=configured_origins(),
        csp=content_security_policy(inline_script_hashes(page)),
        users=frozenset(users),
        token_user=token_user,
        token_cookie=auth_cookie_name(),
    )
    if not any(m.cls is SecurityMiddleware for m in server.app.user_middleware):
        server.app.add_middleware(SecurityMiddleware, policy=policy)
    return policy


_RESUME_WAIT_S = 30.0


def after_resume(work: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
    """Run `work` (in this Chainlit context) once the resumed thread has been sent to the page."""
    emitter = chainlit_context.emitter
    original = emitter.resume_thread
    sent = asyncio.Event()

    async def resume_thread(thread: Any) -> Any:
        try:
            return await original(thread)
        finally:
            sent.set()

    emitter.resume_thread = resume_thread  # type: ignore[method-assign,assignment]

    async def run() -> None:
        try:
            await asyncio.wait_for(sent.wait(), _RESUME_WAIT_S)
        except TimeoutError:
            log.warning("the resumed thread was not sent within %.0f s", _RESUME_WAIT_S)
        finally:
            emitter.resume_thread = original  # type: ignore[method-assign]
        await work()

    return asyncio.create_task(run())
