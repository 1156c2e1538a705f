"""Optional password login for the web chat.

Enabled only when `INTERVIEW_COACH_WEB_USERS` ('name:password,name2:password2') is set; each
password may be a scrypt hash from `interview-coach hash-password` (recommended). Chainlit
signs its session cookie with `CHAINLIT_AUTH_SECRET`, which must then be set too, at least
32 characters (`.venv/bin/chainlit create-secret` prints one).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import secrets
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import SecretStr

from ..config import ConfigError, Settings
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


SECRET_FILE = "session-secret"


def ensure_session_secret(users: dict[str, SecretStr], settings: Settings) -> None:
    """Without logins, anonymous identities still need signed session cookies. When
    CHAINLIT_AUTH_SECRET is not set, the secret is kept beside the history (`stored_secret`), so
    a browser finds its past sessions again after the server restarts; with --no-history there
    is nothing to find again, and a random secret for this process does."""
    if users or os.environ.get(AUTH_SECRET_VAR):
        return
    if settings.history:
        os.environ[AUTH_SECRET_VAR] = stored_secret(settings.history_db.parent / SECRET_FILE)
    else:
        os.environ[AUTH_SECRET_VAR] = secrets.token_urlsafe(48)


def stored_secret(path: Path) -> str:
    """The secret in `path`, made there on first use, readable by its owner only. Instances
    starting together agree on one: it is written whole to a private file, then linked into
    place, which fails if another instance got there first (then that one is read)."""
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"{path} holds no usable session secret (under {MIN_SECRET_LENGTH} characters): "
            f"delete it to have a new one made, or set {AUTH_SECRET_VAR}."
        )
    return secret
