"""Anonymous identities (history without logins) never weaken login mode: with logins on,
`/auth/header` hands out nothing; without, each browser gets an identity of its own that can
neither read nor delete another's sessions."""

from __future__ import annotations

import httpx

from interview_coach.web.auth import ANON_PREFIX, anonymous_user
from interview_coach.web.chainlit_adapter import auth_cookie_name, token_user


def _identity(server: str) -> tuple[int, str | None]:
    response = httpx.post(server + "/auth/header", headers={"Origin": server})
    token = response.cookies.get(auth_cookie_name())
    return response.status_code, token


def test_with_logins_on_there_is_no_anonymous_way_in(login_server: str) -> None:
    status, token = _identity(login_server)
    assert status >= 400 and token is None
    threads = httpx.post(
        login_server + "/project/threads",
        headers={"Origin": login_server},
        json={"pagination": {"first": 20}, "filter": {}},
    )
    assert threads.status_code == 401


def test_each_browser_gets_its_own_identity_and_sees_only_its_sessions(open_server: str) -> None:
    status_a, token_a = _identity(open_server)
    status_b, token_b = _identity(open_server)
    assert status_a == status_b == 200 and token_a and token_b and token_a != token_b
    threads = httpx.post(
        open_server + "/project/threads",
        headers={"Origin": open_server},
        cookies={auth_cookie_name(): token_a},
        json={"pagination": {"first": 20}, "filter": {}},
    )
    assert threads.status_code == 200 and threads.json()["data"] == []
    other = httpx.get(
        open_server + "/project/thread/00000000-0000-4000-8000-000000000000",
        headers={"Origin": open_server},
        cookies={auth_cookie_name(): token_b},
    )
    assert other.status_code == 404  # not a 500: no traceback for a probe


def test_anonymous_identities_are_random() -> None:
    ids = {anonymous_user() for _ in range(100)}
    assert len(ids) == 100 and all(i.startswith(ANON_PREFIX) and len(i) == 37 for i in ids)
    assert token_user("not a token") is None
