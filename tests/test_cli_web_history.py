"""`interview-coach history` and `interview-coach web`, invoked as a user would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cli_runner import run
from history_fill import save_graded, with_store
from interview_coach.models import InterviewContext, Speaker, Turn
from interview_coach.rubric import CRITERION_IDS
from interview_coach.store import HistoryStore
from ports import free_port
from web_fakes import OFFLINE, make_report

ANSWER = "I want to become the analyst the sales team relies on."


@pytest.fixture
def db(isolated_settings: Path) -> Path:
    path = isolated_settings / "history.sqlite3"
    turns = [Turn(speaker=Speaker.candidate, kind="answer", text=ANSWER)]

    async def fill(store: HistoryStore) -> None:
        for user, score in (("local", 2), ("local", 4), ("alice", 5)):
            report = make_report(dict.fromkeys(CRITERION_IDS, score), ANSWER)
            context = InterviewContext(role="Analyst", company="Acme")
            await save_graded(store, report, ANSWER, context, turns, user=user)
        await store.save_pending(
            user="local",
            context=InterviewContext(),
            transcript=turns,
            answer="half",
            engine=OFFLINE,
        )

    with_store(path, fill)
    return path


def test_history_lists_my_attempts_in_a_table(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["history"], capsys)
    assert code == 0, err
    assert "Practice history" in out
    overall_2 = make_report(dict.fromkeys(CRITERION_IDS, 2)).overall
    overall_4 = make_report(dict.fromkeys(CRITERION_IDS, 4)).overall
    assert str(overall_2) in out and str(overall_4) in out
    assert "ungraded" in out
    assert "alice" not in out


def test_history_exports_json_and_markdown(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_json = tmp_path / "out" / "h.json"
    code, out, err = run(["history", "--export", str(out_json)], capsys)
    assert "Exported 3 attempt(s)" in out
    assert code == 0, err
    attempts = json.loads(out_json.read_text())["attempts"]
    assert [a["user"] for a in attempts] == ["local", "local", "local"]
    assert attempts[0]["outcome"]["overall"] == make_report(dict.fromkeys(CRITERION_IDS, 2)).overall

    out_md = tmp_path / "one.md"
    code, _, err = run(["history", "--id", "2", "--export", str(out_md)], capsys)
    assert code == 0, err
    text = out_md.read_text()
    assert "## Attempt 2" in text and "## Attempt 1" not in text and ANSWER in text


def test_history_refuses_other_users_ids_and_bad_formats(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["history", "--id", "3"], capsys)  # alice's attempt
    assert code == 2 and "no attempt with id 3" in err
    code, out, _ = run(["history", "--id", "3", "--user", "alice"], capsys)
    assert code == 0 and "alice" in out
    code, _, err = run(["history", "--export", str(tmp_path / "x.csv")], capsys)
    assert code == 2 and ".json or .md" in err


def test_history_without_a_database_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["history"], capsys)
    assert code == 0 and "No history yet" in out


def test_web_starts_chainlit_with_the_settings_in_its_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}

    def fake_exec(file: str, cmd: list[str], env: dict[str, str]) -> None:
        seen["cmd"], seen["env"] = cmd, env

    monkeypatch.setattr(os, "execvpe", fake_exec)
    monkeypatch.delenv("UVICORN_WS_PER_MESSAGE_DEFLATE", raising=False)
    db = tmp_path / "web.db"
    port = str(free_port())
    code, out, err = run(
        ["web", "--port", port, "--seed", "7", "--followups", "1", "--history-db", str(db)],
        capsys,
    )
    assert code == 0, err
    assert f"http://localhost:{port}" in out
    cmd = seen["cmd"]
    assert isinstance(cmd, list)
    assert cmd[1:4] == ["-m", "chainlit", "run"] and cmd[4].endswith("web/app.py")
    assert "--headless" in cmd and cmd[cmd.index("--port") + 1] == port
    env = seen["env"]
    assert isinstance(env, dict)
    assert env["INTERVIEW_COACH_SEED"] == "7"
    assert env["INTERVIEW_COACH_FOLLOWUPS"] == "1"
    assert env["INTERVIEW_COACH_HISTORY_DB"] == str(db)
    assert Path(env["CHAINLIT_APP_ROOT"], "chainlit.md").is_file()
    assert env["UVICORN_WS_PER_MESSAGE_DEFLATE"] == "false"  # CPU per frame, bytes barely saved


def test_web_with_logins_needs_an_auth_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "execvpe", lambda *a, **k: pytest.fail("server started"))
    monkeypatch.setenv("INTERVIEW_COACH_WEB_USERS", "alice:s3cret-pw")
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    code, out, err = run(["web"], capsys)
    assert code == 2
    assert "CHAINLIT_AUTH_SECRET" in err and "s3cret-pw" not in err + out


def test_login_check_is_exact() -> None:
    from pydantic import SecretStr

    from interview_coach.web.auth import check_login, parse_users

    users = parse_users(SecretStr("alice:pw:with:colons, bob:two"))
    assert check_login(users, "alice", "pw:with:colons") == "alice"
    assert check_login(users, "bob", "two") == "bob"
    assert check_login(users, "alice", "two") is None
    assert check_login(users, "carol", "") is None
    assert parse_users(None) == {}
