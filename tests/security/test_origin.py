"""Item 1: the socket and every HTTP endpoint refuse another site's pages, with and without
logins (cross-site WebSocket hijacking, CSRF); the app's own pages work."""

from __future__ import annotations

import httpx
import pytest
from sockets import connect
from starlette.testclient import TestClient

from interview_coach.web import chainlit_adapter
from interview_coach.web.security import Policy, Receive, Scope, SecurityMiddleware, Send

EVIL = "http://evil.example"


async def test_socket_refuses_another_origin_and_accepts_its_own(open_server: str) -> None:
    assert await connect(open_server, origin=EVIL) is False
    assert await connect(open_server, origin="null") is False
    assert await connect(open_server, origin=open_server) is True


def test_socket_polling_transport_refuses_another_origin(open_server: str) -> None:
    url = f"{open_server}/ws/socket.io/?EIO=4&transport=polling"
    assert httpx.get(url, headers={"Origin": EVIL}).status_code == 403
    assert httpx.get(url, headers={"Origin": open_server}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/project/settings?language=en-US"),
        ("GET", "/auth/config"),
        ("POST", "/project/action"),
        ("POST", "/login"),
        ("GET", "/"),
    ],
)
def test_http_endpoints_refuse_another_origin(open_server: str, method: str, path: str) -> None:
    response = httpx.request(method, open_server + path, headers={"Origin": EVIL})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    own = httpx.request(method, open_server + path, headers={"Origin": open_server})
    assert own.status_code != 403


def test_cross_site_request_without_origin_is_refused_but_navigation_works(
    open_server: str,
) -> None:
    """An <img>/<script> on another site sends no Origin, but browsers mark it cross-site."""
    embedded = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
    assert httpx.get(open_server + "/auth/config", headers=embedded).status_code == 403
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert httpx.get(open_server + "/", headers=link).status_code == 200


async def test_with_logins_another_origin_is_refused_even_with_a_valid_cookie(
    login_server: str,
) -> None:
    login = httpx.post(
        login_server + "/login", data={"username": "alice", "password": "alice-password"}
    )
    assert login.status_code == 200
    cookie = "; ".join(f"{k}={v}" for k, v in login.cookies.items())
    assert await connect(login_server, origin=EVIL, cookie=cookie) is False
    assert await connect(login_server, origin=login_server, cookie=cookie) is True
    settings = login_server + "/project/settings?language=en-US"
    stolen = httpx.get(settings, headers={"Origin": EVIL, "Cookie": cookie})
    assert stolen.status_code == 403


def _app_with(policy: Policy) -> TestClient:
    async def ok(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return TestClient(SecurityMiddleware(ok, policy), base_url="http://coach.internal:8000")


def test_an_origin_listed_in_config_is_allowed_and_nothing_else() -> None:
    client = _app_with(Policy(allowed_origins=frozenset({"https://coach.example"})))
    assert client.get("/", headers={"Origin": "https://coach.example"}).status_code == 200
    assert client.get("/", headers={"Origin": "https://COACH.example:443"}).status_code == 200
    assert client.get("/", headers={"Origin": "http://coach.example"}).status_code == 403
    assert client.get("/", headers={"Origin": "https://coach.example.evil"}).status_code == 403
    assert client.get("/", headers={"Origin": "http://coach.internal:8000"}).status_code == 200
    assert client.get("/").status_code == 200  # no Origin: not a browser's cross-site request


def test_a_wildcard_in_config_does_not_open_the_socket_to_every_site(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chainlit.config import config

    monkeypatch.setattr(config.project, "allow_origins", ["*", "https://coach.example/", "nope"])
    assert chainlit_adapter.configured_origins() == frozenset({"https://coach.example"})
