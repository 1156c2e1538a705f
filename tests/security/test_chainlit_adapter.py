"""The Chainlit internals `web/chainlit_adapter.py` relies on are still where it expects them.

If a Chainlit upgrade moves one of them, this fails with the seam's name, instead of the chat
silently losing its origin check, revocation or local-only page."""

from __future__ import annotations

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
