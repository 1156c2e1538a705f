"""The Chainlit internals `web/chainlit_adapter.py` relies on are still where it expects them.

If a Chainlit upgrade moves one of them, this fails with the seam's name, instead of the chat
silently losing its origin check, revocation or local-only page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import chainlit
import pytest

from interview_coach.web import chainlit_adapter
from interview_coach.web.security import SecurityMiddleware


def test_chainlit_is_the_version_the_adapter_was_written_for() -> None:
    assert chainlit.__version__.startswith("2.12."), (
        f"chainlit {chainlit.__version__}: re-check web/chainlit_adapter.py's seams, then widen "
        "the bound in pyproject.toml"
    )


def test_the_seams_exist() -> None:
    import chainlit.server as server
    from chainlit.auth import cookie

    assert callable(server.get_html_template), "chainlit.server.get_html_template"
    assert hasattr(server.app, "user_middleware"), "chainlit.server.app (FastAPI)"
    assert server.SOCKET_IO_PATH.endswith("/ws/socket.io"), "socket.io under the same app"
    assert isinstance(cookie._auth_cookie_name, str), "chainlit.auth.cookie._auth_cookie_name"
    assert isinstance(chainlit.config.config.project.allow_origins, list)


def test_the_resume_and_data_layer_seams_exist() -> None:
    """`after_resume` wraps the emitter's `resume_thread`, sent after `on_chat_resume`; the data
    layer sets SQLAlchemyDataLayer's attributes itself and keeps its error log line."""
    import inspect

    import chainlit.socket as socket
    from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
    from chainlit.emitter import ChainlitEmitter

    from interview_coach.web.data_layer import ERROR_MARK

    assert callable(ChainlitEmitter.resume_thread), "ChainlitEmitter.resume_thread"
    flow = inspect.getsource(socket.connection_successful)
    assert flow.index("on_chat_resume(thread)") < flow.index("resume_thread(thread)")
    init = inspect.getsource(SQLAlchemyDataLayer.__init__)
    for attribute in ("self.engine", "self.async_session", "self.storage_provider"):
        assert attribute in init, f"SQLAlchemyDataLayer: {attribute}"
    assert ERROR_MARK in inspect.getsource(SQLAlchemyDataLayer.execute_sql)
    # `web` turns websocket compression off through the variable Chainlit's runner reads (read
    # as text: importing chainlit.cli would apply nest_asyncio to this whole test process)
    assert "UVICORN_WS_PER_MESSAGE_DEFLATE" in chainlit_source("cli/__init__.py")


def test_tokens_round_trip_through_chainlits_jwt(monkeypatch: pytest.MonkeyPatch) -> None:
    from chainlit.auth.jwt import create_jwt
    from chainlit.user import User

    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "s" * 40)
    assert chainlit_adapter.token_user(create_jwt(User(identifier="alice"))) == "alice"
    assert chainlit_adapter.token_user("not-a-token") is None


def test_packaged_index_page_loses_its_outside_stylesheets_and_keeps_the_app() -> None:
    import chainlit.server as server

    page = (Path(server.build_dir) / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" in page and "cdn.jsdelivr.net" in page  # what we remove
    local = chainlit_adapter.local_only_html(page)
    assert "//" not in "".join(t for t in local.split("<") if t.startswith(("link", "script")))
    assert 'src="/assets/' in local and 'href="/assets/' in local
    assert chainlit_adapter.inline_script_hashes(local)  # Chainlit's inline script, by hash


def test_install_wraps_the_page_and_adds_the_middleware_once() -> None:
    import chainlit.server as server

    original = server.get_html_template
    before = list(server.app.user_middleware)
    try:
        policy = chainlit_adapter.install(users=["alice"])
        chainlit_adapter.install(users=["alice"])
        added = [m for m in server.app.user_middleware if m.cls is SecurityMiddleware]
        assert len(added) == 1 and server.app.user_middleware[0].cls is SecurityMiddleware
        assert "fonts.googleapis.com" not in server.get_html_template("")
        assert "sha256-" in policy.csp and policy.users == frozenset({"alice"})
    finally:
        server.get_html_template = original
        server.app.user_middleware[:] = before


def test_plotly_json_element_sends_the_json_it_was_given_as_a_plotly_element() -> None:
    import json

    import chainlit as cl
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=[1, 2], y=["a", "b"]))
    made = chainlit_adapter.PlotlyJSON(name="chart", content='{"data": []}', thread_id="t")
    theirs = cl.Plotly(name="chart", figure=figure, thread_id="t")
    assert made.type == theirs.type == "plotly" and made.mime == theirs.mime
    assert made.content == '{"data": []}' and json.loads(theirs.content)["data"]
    assert made.to_dict().keys() == theirs.to_dict().keys()


def test_each_process_gets_its_own_files_folder_and_dead_ones_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chainlit removes its whole files folder when it stops: with one folder per instance, a
    stopping instance cannot delete the charts of another's live chats."""
    import os

    import chainlit.config as chainlit_settings
    import chainlit.server as server

    dead = tmp_path / "999999999"  # no such process
    dead.mkdir()
    other = tmp_path / str(os.getppid())  # alive: the process that started this one
    other.mkdir()
    monkeypatch.setattr(chainlit_settings, "FILES_DIRECTORY", tmp_path)
    monkeypatch.setattr(server, "FILES_DIRECTORY", tmp_path)
    own = chainlit_adapter.own_files_directory()
    assert own == tmp_path / str(os.getpid()) and own.is_dir()
    assert own == chainlit_settings.FILES_DIRECTORY and own == server.FILES_DIRECTORY
    assert not dead.exists() and other.is_dir()
    assert chainlit_adapter.own_files_directory() == own, "idempotent"


async def test_messages_and_steps_are_built_without_blocking_the_event_loop() -> None:
    import importlib
    import inspect
    import time

    chainlit_message = importlib.import_module("chainlit.message")
    chainlit_step = importlib.import_module("chainlit.step")  # not the `chainlit.step` decorator

    from test_web_handlers import chainlit_context

    for built in (chainlit_message.Message, chainlit_step.Step):
        assert "time.sleep(0.001)" in inspect.getsource(built.__init__), (
            f"{built.__module__}.{built.__name__}.__init__ no longer sleeps: drop that module "
            "from unblock_message_init"
        )
    chainlit_adapter.unblock_message_init()
    async with chainlit_context():
        for built in (lambda: chainlit_message.Message(content="x"), chainlit_step.Step):
            started = time.perf_counter()
            for _ in range(300):
                built()
            assert time.perf_counter() - started < 0.2, "300 built, a sleep each (0.3 s)"
        first, second = chainlit_step.Step(name="a"), chainlit_step.Step(name="b")
        assert first.created_at is not None and second.created_at is not None
        assert first.created_at <= second.created_at, "steps still sort by when they were built"
    assert chainlit_message.time.monotonic() > 0  # the rest of `time` is untouched
    assert chainlit_step.time.monotonic() > 0


def chainlit_source(name: str) -> str:
    return (Path(chainlit.__file__).parent / name).read_text(encoding="utf-8")


def test_the_server_loop_runs_native_tasks_after_chainlits_nest_asyncio() -> None:
    """In a child process: chainlit.cli swaps in pure-Python tasks and futures; the adapter
    puts the C ones back, and a server-like loop then runs on them."""
    probe = (
        "import asyncio, _asyncio, chainlit.cli\n"
        "assert asyncio.Task is not _asyncio.Task, 'nest_asyncio no longer applied'\n"
        "from interview_coach.web.chainlit_adapter import native_asyncio\n"
        "native_asyncio()\n"
        "async def main():\n"
        "    inner = asyncio.ensure_future(asyncio.sleep(0, 'ok'))\n"
        "    fut = asyncio.get_event_loop().create_future()\n"
        "    fut.set_result(await inner)\n"
        "    assert type(asyncio.current_task()) is _asyncio.Task\n"
        "    assert type(inner) is _asyncio.Task and type(fut) is _asyncio.Future\n"
        "    return await fut\n"
        "print(asyncio.run(main()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_nothing_here_re_enters_the_event_loop() -> None:
    """Re-entering the loop needs nest_asyncio's Python tasks. Chainlit does it only in
    `run_sync` (main thread) and for chat profiles with config overrides; the app uses
    neither."""
    root = Path(chainlit.__file__).parent
    reentrant = {
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "run_until_complete(" in p.read_text(encoding="utf-8")
    }
    assert reentrant == {"session.py"}, reentrant
    ours = Path(__file__).resolve().parents[2] / "src" / "interview_coach"
    for path in ours.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        uses = ("cl.run_sync", "chainlit.run_sync", "set_chat_profiles", "run_until_complete(")
        for use in (*uses, "nest_asyncio."):
            assert use not in text or path.name == "chainlit_adapter.py", (path, use)
