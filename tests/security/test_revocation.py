"""Item 4: a user removed from INTERVIEW_COACH_WEB_USERS loses access at their next request,
though their signed cookie has not expired (same secret across the restart)."""

from __future__ import annotations

from pathlib import Path

import httpx
from sockets import connect

from live_server import live_server

SETTINGS = "/project/settings?language=en-US"


def _cookie(url: str, user: str, password: str) -> str:
    response = httpx.post(url + "/login", data={"username": user, "password": password})
    assert response.status_code == 200, response.text
    return "; ".join(f"{k}={v}" for k, v in response.cookies.items())


async def test_removed_user_cookie_stops_working_after_restart(tmp_path: Path) -> None:
    with live_server(tmp_path, users="alice:alice-password,bob:bob-password") as url:
        alice = _cookie(url, "alice", "alice-password")
        bob = _cookie(url, "bob", "bob-password")
        assert httpx.get(url + SETTINGS, headers={"Cookie": bob}).status_code == 200
        assert await connect(url, origin=url, cookie=bob) is True

    with live_server(tmp_path, users="alice:alice-password", log_name="restart.log") as url:
        assert httpx.get(url + SETTINGS, headers={"Cookie": bob}).status_code == 401
        assert await connect(url, origin=url, cookie=bob) is False
        token = bob.split("=", 1)[1].split(";")[0]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.post(url + "/auth/jwt", headers=bearer).status_code == 401
        # the remaining user is unaffected, and bob's browser can still reach the login page
        assert httpx.get(url + SETTINGS, headers={"Cookie": alice}).status_code == 200
        assert await connect(url, origin=url, cookie=alice) is True
        assert httpx.get(url + "/login", headers={"Cookie": bob}).status_code == 200
