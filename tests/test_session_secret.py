"""Without logins or CHAINLIT_AUTH_SECRET, the secret that signs anonymous browsers' cookies is
kept beside the history, so a browser finds its past sessions again after a restart."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import SecretStr

from interview_coach.config import ConfigError, Settings
from interview_coach.web.auth import (
    AUTH_SECRET_VAR,
    MIN_SECRET_LENGTH,
    SECRET_FILE,
    ensure_session_secret,
    stored_secret,
)


def test_made_once_private_and_the_same_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "data" / SECRET_FILE
    first = stored_secret(path)
    assert len(first) >= MIN_SECRET_LENGTH
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stored_secret(path) == first
    assert [p.name for p in path.parent.iterdir()] == [SECRET_FILE]


def test_instances_starting_together_agree_on_one(tmp_path: Path) -> None:
    path = tmp_path / "data" / SECRET_FILE
    with ThreadPoolExecutor(8) as pool:
        made = set(pool.map(lambda _: stored_secret(path), range(32)))
    assert len(made) == 1
    assert [p.name for p in path.parent.iterdir()] == [SECRET_FILE]  # no draft left behind


def test_a_damaged_file_is_named_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE
    path.write_text("short\n")
    with pytest.raises(ConfigError) as raised:
        stored_secret(path)
    assert str(path) in str(raised.value) and "delete it" in str(raised.value)
    assert "short" not in str(raised.value)


@pytest.fixture
def no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AUTH_SECRET_VAR, raising=False)


def test_the_chat_takes_it_from_beside_the_history(tmp_path: Path, no_secret: None) -> None:
    settings = Settings(history_db=tmp_path / "h.sqlite3")
    ensure_session_secret({}, settings)
    assert os.environ[AUTH_SECRET_VAR] == stored_secret(tmp_path / SECRET_FILE)


def test_without_history_a_secret_for_this_process_only(tmp_path: Path, no_secret: None) -> None:
    settings = Settings(history=False, history_db=tmp_path / "h.sqlite3")
    ensure_session_secret({}, settings)
    assert len(os.environ[AUTH_SECRET_VAR]) >= MIN_SECRET_LENGTH
    assert not (tmp_path / SECRET_FILE).exists()


def test_a_set_secret_or_logins_leave_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(history_db=tmp_path / "h.sqlite3")
    monkeypatch.setenv(AUTH_SECRET_VAR, "s" * 40)
    ensure_session_secret({}, settings)
    assert os.environ[AUTH_SECRET_VAR] == "s" * 40
    monkeypatch.delenv(AUTH_SECRET_VAR)
    ensure_session_secret({"alice": SecretStr("pw")}, settings)
    assert AUTH_SECRET_VAR not in os.environ
    assert not (tmp_path / SECRET_FILE).exists()
