"""The web server's front door, as one plain ASGI middleware (no Chainlit import, tested alone).

For every HTTP request and WebSocket (socket.io's polling and websocket transports included):
- **Origin**: a browser request whose `Origin` is neither the app's own (`Host`) nor listed is
  refused (HTTP 403; the WebSocket is closed before it opens). Cross-site requests without an
  `Origin` (images, scripts) are refused by `Sec-Fetch-Site`, except top-level navigation.
- **Revocation**: a session token (cookie or bearer) whose user is no longer configured is
  removed from the request before the app sees it, so the app treats it as signed out.
- **Client address** for the login throttle (a context variable, read by `current_client`).
- **Headers** on every response: CSP, frame-ancestors, no-referrer, nosniff.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, MutableMapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_client: contextvars.ContextVar[str] = contextvars.ContextVar("client_address", default="unknown")


def current_client() -> str:
    """The address of the client whose request is being handled (for the login throttle)."""
    return _client.get()


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """Only this server: scripts (plus the page's own inline scripts, by hash), styles (inline
    ones too: the chart library and the UI kit inject them), images, fonts, the socket."""
    # blob: for the microphone's audio worklets, which Chainlit's bundle loads from blob URLs
    # (only a script already running on this page can make one).
    scripts = " ".join(["'self'", "blob:", *(f"'{h}'" for h in sorted(set(script_hashes)))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-content-type-options", b"nosniff"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def normalise_origin(origin: str) -> str | None:
    """'HTTPS://Coach.Example:443/' -> 'https://coach.example'; None if it is not an origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 443 if parts.scheme == "https" else 80
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme}://{host}{suffix}"


def _host_of(origin: str) -> str:
    """The host[:port] an origin names, with the scheme's default port left out."""
    return origin.split("://", 1)[1]


def _normalise_host(host: str, scheme: str) -> str:
    parsed = normalise_origin(f"{scheme}://{host}")
    return _host_of(parsed) if parsed else ""


@dataclass(frozen=True)
class Policy:
    """What the middleware enforces. `token_user` decodes a session token to its user
    identifier (None if it does not decode); `users` are the configured users (empty: no
    logins, nothing to revoke)."""

    allowed_origins: frozenset[str] = frozenset()
    csp: str = content_security_policy()
    users: Collection[str] = ()
    token_user: Callable[[str], str | None] | None = None
    token_cookie: str = "access_token"


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, policy: Policy) -> None:
        self.app = app
        self.policy = policy
        self._headers = security_headers(policy.csp)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            log.warning("refused %s %s: %s", scope["type"], scope.get("path", ""), refusal)
            await _refuse(scope, receive, send, self._headers)
            return
        scope = self._without_revoked_tokens(scope, headers)
        client = scope.get("client")
        token = _client.set(str(client[0]) if client else "unknown")
        try:
            await self.app(scope, receive, self._with_headers(send))
        finally:
            _client.reset(token)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> str | None:
        """Why this request is refused, or None."""
        origin = headers.get("origin")
        if origin is not None:
            if self.origin_allowed(origin, headers.get("host", ""), scope):
                return None
            return "origin not allowed"
        site = headers.get("sec-fetch-site")
        if site == "cross-site" and headers.get("sec-fetch-mode") != "navigate":
            return "cross-site request"
        return None

    def origin_allowed(self, origin: str, host: str, scope: Scope) -> bool:
        normal = normalise_origin(origin)
        if normal is None:  # "null" (sandboxed frames, file:) and anything malformed
            return False
        if normal in self.policy.allowed_origins:
            return True
        scheme = normal.split("://", 1)[0]
        return bool(host) and _host_of(normal) == _normalise_host(host, scheme)

    def _without_revoked_tokens(self, scope: Scope, headers: dict[str, str]) -> Scope:
        decode = self.policy.token_user
        if decode is None or not self.policy.users:
            return scope
        tokens = _tokens(headers, self.policy.token_cookie)
        users = self.policy.users
        revoked = [t for t in tokens if (user := decode(t)) is not None and user not in users]
        if not revoked:
            return scope
        log.warning("ignored the session token of a user who is no longer configured")
        prefix = self.policy.token_cookie.encode()
        kept: list[tuple[bytes, bytes]] = []
        for name, value in scope["headers"]:
            if name == b"authorization":
                continue
            if name == b"cookie":
                value = _drop_cookies(value, prefix)
                if not value:
                    continue
            kept.append((name, value))
        return {**scope, "headers": kept}

    def _with_headers(self, send: Send) -> Send:
        extra = self._headers

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in extra if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        return sender


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers by lower-case name; a repeated header keeps its first value, except
    cookies, which are joined."""
    out: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        if name == "cookie" and name in out:
            out[name] += "; " + value
        else:
            out.setdefault(name, value)
    return out


def _tokens(headers: dict[str, str], cookie_name: str) -> list[str]:
    tokens = []
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        tokens.append(value.strip())
    if "cookie" in headers:
        jar = SimpleCookie()
        try:
            jar.load(headers["cookie"])
        except CookieError:
            return tokens
        if cookie_name in jar:
            tokens.append(jar[cookie_name].value)
        chunks = [
            jar[f"{cookie_name}_{i}"].value for i in range(len(jar)) if f"{cookie_name}_{i}" in jar
        ]
        if chunks:
            tokens.append("".join(chunks))
    return tokens


def _drop_cookies(header: bytes, prefix: bytes) -> bytes:
    parts = [p.strip() for p in header.split(b";")]
    return b"; ".join(p for p in parts if p and not p.split(b"=", 1)[0].strip().startswith(prefix))


async def _refuse(
    scope: Scope, receive: Receive, send: Send, headers: list[tuple[bytes, bytes]]
) -> None:
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008})  # policy violation: HTTP 403
        return
    body = b"Forbidden: this request came from another site.\n"
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
