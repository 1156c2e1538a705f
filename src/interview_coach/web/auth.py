"""Optional password login for the web chat.

Enabled only when `INTERVIEW_COACH_WEB_USERS` ('name:password,name2:password2') is set; each
password may be a scrypt hash from `interview-coach hash-password` (recommended). Chainlit
signs its session cookie with `CHAINLIT_AUTH_SECRET`, which must then be set too, at least
32 characters (`.venv/bin/chainlit create-secret` prints one).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import secrets
import uuid
from collections.abc import Awaitable, Callable

from pydantic import SecretStr

from ..config import ConfigError
from . import passwords
from .throttle import LoginThrottle

log = logging.getLogger(__name__)

AUTH_SECRET_VAR = "CHAINLIT_AUTH_SECRET"
MIN_SECRET_LENGTH = 32
LOCAL_USER = "local"
ANON_PREFIX = "anon-"


def parse_users(raw: SecretStr | None) -> dict[str, SecretStr]:
    """'alice:pw1,bob:scrypt$...' -> {'alice': SecretStr('pw1'), ...}; passwords may hold ':'."""
    if raw is None or not raw.get_secret_value().strip():
        return {}
    users: dict[str, SecretStr] = {}
    for pair in raw.get_secret_value().split(","):
        pair = pair.strip()
        if not pair:
            continue
        name, sep, password = pair.partition(":")
        name = name.strip()
        if not sep or not name or not password:
            raise ConfigError(
                "INTERVIEW_COACH_WEB_USERS must be 'name:password' pairs separated by commas"
            )
        if passwords.is_hash(password):
            try:
                passwords.check_format(password)
            except passwords.HashFormatError as exc:
                raise ConfigError(
                    f"INTERVIEW_COACH_WEB_USERS: the password hash for {name!r} is malformed "
                    f"({exc}); make a new one with `interview-coach hash-password`"
                ) from None
        users[name] = SecretStr(password)
    return users


def check_login(users: dict[str, SecretStr], username: str, password: str) -> str | None:
    """The user identifier if the password matches, else None.

    Constant-time comparison; an unknown name is checked against a stand-in of the same kind
    (hash or plain), so it costs the same time and gets the same answer as a wrong password.
    """
    expected = users.get(username)
    reference = expected.get_secret_value() if expected is not None else _stand_in(users, password)
    matches = passwords.verify(reference, password)
    return username if expected is not None and matches else None


def _stand_in(users: dict[str, SecretStr], password: str) -> str:
    sample = next(iter(users.values()), None)
    if sample is not None and passwords.is_hash(sample.get_secret_value()):
        return _stand_in_hash()
    return "\0" * max(len(password), 1)


@functools.cache
def _stand_in_hash() -> str:
    return passwords.hash_password("stand-in for an unknown user")


async def sign_in(
    users: dict[str, SecretStr],
    throttle: LoginThrottle,
    username: str,
    password: str,
    address: str,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> str | None:
    """A throttled login: raises `LoginLocked` when locked out, waits the growing delay, then
    checks the password off the event loop (scrypt takes ~50 ms)."""
    delay = throttle.begin(username, address)
    if delay:
        await sleep(delay)
    identifier = await asyncio.to_thread(check_login, users, username, password)
    if identifier is None:
        log.warning("failed sign-in from %s", address)
        return None
    throttle.succeeded(username, address)
    return identifier


def require_auth_secret(users: dict[str, SecretStr]) -> None:
    """Logins need a strong CHAINLIT_AUTH_SECRET to sign sessions; fail early with the fix."""
    if not users:
        return
    secret = os.environ.get(AUTH_SECRET_VAR, "")
    fix = (
        f"Create one with `.venv/bin/chainlit create-secret` and export {AUTH_SECRET_VAR}=... "
        "(keep it secret: anyone who knows it can sign in as any user)."
    )
    if not secret:
        raise ConfigError(
            f"INTERVIEW_COACH_WEB_USERS is set, so logins are on, but {AUTH_SECRET_VAR} is not. "
            + fix
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"{AUTH_SECRET_VAR} is too short ({len(secret)} characters; at least "
            f"{MIN_SECRET_LENGTH} needed). " + fix
        )


def anonymous_user() -> str:
    """A fresh identity for a browser when logins are off: its history is its own."""
    return ANON_PREFIX + uuid.uuid4().hex


def ensure_session_secret(users: dict[str, SecretStr]) -> None:
    """Without logins, anonymous identities still need signed session cookies: a random
    CHAINLIT_AUTH_SECRET for this process when none is set. Browsers then keep their identity
    until the server restarts; set the variable (the same on every instance) to keep it longer."""
    if users or os.environ.get(AUTH_SECRET_VAR):
        return
    os.environ[AUTH_SECRET_VAR] = secrets.token_urlsafe(48)
    log.info("%s is not set: anonymous sessions last until this server restarts", AUTH_SECRET_VAR)
