"""Password hashes for `INTERVIEW_COACH_WEB_USERS`, with the standard library's scrypt.

A hash looks like `scrypt.16384.8.1.<salt>.<key>` (base64url: no ',', ':' or '$', so it fits in
the 'name:password,name2:password2' list and survives shells and env files unquoted).
`interview-coach hash-password` prints one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "scrypt."
N, R, P = 2**14, 8, 1  # ~16 MiB and ~50 ms per check: slow for guessing, fine for a login
_MAX_N = 2**20
_KEY_BYTES = 32


class HashFormatError(ValueError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    salt = secrets.token_bytes(16)
    key = _derive(password, salt, n, r, p, _KEY_BYTES)
    return f"{PREFIX}{n}.{r}.{p}.{_b64(salt)}.{_b64(key)}"


def is_hash(stored: str) -> bool:
    return stored.startswith(PREFIX)


def check_format(stored: str) -> None:
    """Raise HashFormatError if `stored` starts like a hash but is not a usable one."""
    _parse(stored)


def verify(stored: str, password: str) -> bool:
    """True if `password` matches `stored` (a hash, or a plain password), in constant time."""
    if not is_hash(stored):
        return hmac.compare_digest(password.encode(), stored.encode())
    n, r, p, salt, key = _parse(stored)
    return hmac.compare_digest(_derive(password, salt, n, r, p, len(key)), key)


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * n * p + 2**20
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=memory)


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored[len(PREFIX) :].split(".")
    try:
        n, r, p = (int(x) for x in parts[:3])
        salt, key = _unb64(parts[3]), _unb64(parts[4])
    except (ValueError, IndexError) as exc:
        raise HashFormatError("expected scrypt.N.r.p.salt.key") from exc
    if len(parts) != 5 or not 2 <= n <= _MAX_N or n & (n - 1) or not 0 < r * p <= 64:
        raise HashFormatError("expected scrypt.N.r.p.salt.key with N a power of two")
    if len(salt) < 8 or len(key) < 16:
        raise HashFormatError("the salt or key is too short")
    return n, r, p, salt, key
