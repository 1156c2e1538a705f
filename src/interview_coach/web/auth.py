"""Optional password login for the web chat.

Enabled only when `INTERVIEW_COACH_WEB_USERS` ('name:password,name2:password2') is set. Chainlit
signs its session cookie with `CHAINLIT_AUTH_SECRET`, which must then be set too
(`.venv/bin/chainlit create-secret` prints one).
"""

from __future__ import annotations

import hmac
import os

from pydantic import SecretStr

from ..config import ConfigError

AUTH_SECRET_VAR = "CHAINLIT_AUTH_SECRET"
LOCAL_USER = "local"


def parse_users(raw: SecretStr | None) -> dict[str, SecretStr]:
    """'alice:pw1,bob:pw2' -> {'alice': SecretStr('pw1'), ...}; passwords may contain ':'."""
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
        users[name] = SecretStr(password)
    return users


def check_login(users: dict[str, SecretStr], username: str, password: str) -> str | None:
    """The user identifier if the password matches, else None (constant-time comparison)."""
    expected = users.get(username)
    reference = expected.get_secret_value() if expected else "\0" * max(len(password), 1)
    matches = hmac.compare_digest(password.encode(), reference.encode())
    return username if expected is not None and matches else None


def require_auth_secret(users: dict[str, SecretStr]) -> None:
    """Logins need CHAINLIT_AUTH_SECRET to sign sessions; fail early with the fix."""
    if users and not os.environ.get(AUTH_SECRET_VAR):
        raise ConfigError(
            f"INTERVIEW_COACH_WEB_USERS is set, so logins are on, but {AUTH_SECRET_VAR} is not. "
            f"Create one with `.venv/bin/chainlit create-secret` and export {AUTH_SECRET_VAR}=..."
        )
