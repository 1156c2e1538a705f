"""The operator's side: `web` refuses a weak secret, `hash-password` makes a usable hash, and
`history` never writes escape sequences a chat user saved into the operator's terminal (item 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from history_fill import with_store
from interview_coach.cli import main
from interview_coach.models import EngineInfo, InterviewContext, Speaker, Turn
from interview_coach.text_safety import terminal_safe
from interview_coach.web.auth import check_login, parse_users

OFFLINE = EngineInfo(engine="offline", provider="offline", model="offline")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_web_refuses_a_short_auth_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "execvpe", lambda *a, **k: pytest.fail("server started"))
    monkeypatch.setenv("INTERVIEW_COACH_WEB_USERS", "alice:s3cret-pw")
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "too-short")
    code, out, err = run(["web"], capsys)
    assert code == 2
    assert "too short" in err and "create-secret" in err
    assert "too-short" not in err + out and "s3cret-pw" not in err + out


def test_hash_password_prints_a_hash_that_signs_in(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["hash-password", "--password", "a long passphrase"], capsys)
    assert code == 0
    stored = out.strip()
    users = parse_users(SecretStr(f"alice:{stored}"))
    assert check_login(users, "alice", "a long passphrase") == "alice"
    assert "a long passphrase" not in out


NASTY = "\x1b]0;pwned\x07\x1b[2J\x1b[31mRed\x1b[0m\u202eevil\rCo\x08\x9b31m"


def test_history_strips_control_and_escape_characters(
    isolated_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_store(
        isolated_settings / "history.sqlite3",
        lambda store: store.save_pending(
            user="local",
            context=InterviewContext(role=NASTY, company="Acme\x1b[1A"),
            transcript=[Turn(speaker=Speaker.candidate, kind="answer", text="I want to grow.")],
            answer="I want to grow.",
            engine=OFFLINE,
        ),
    )
    code, out, _ = run(["history"], capsys)
    assert code == 0
    assert not any(ord(c) < 32 and c != "\n" for c in out), repr(out)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "Red" in out and "Acme" in out  # the visible text stays


def test_terminal_safe_keeps_ordinary_text() -> None:
    assert terminal_safe("Data analyst – Zürich, 5 years [senior]") == (
        "Data analyst – Zürich, 5 years [senior]"
    )
    assert terminal_safe("two\nlines\ttab") == "two lines tab"
