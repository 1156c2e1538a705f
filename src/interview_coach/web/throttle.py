"""Login throttling: a growing delay per user name and per client address, then a lockout.

Every attempt counts as a failure from the moment it starts (a success removes it), so a burst
of parallel guesses is locked out as surely as a sequential one. Unknown user names are counted
like known ones, so the answers never tell the two apart. In memory, per server process.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TRACKED = 10_000  # keys kept at most (oldest dropped), so random names cannot fill memory


class LoginLocked(Exception):
    """Too many failed sign-ins for this user or address; `retry_after` seconds to wait."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"locked for {retry_after:.0f} s")
        self.retry_after = retry_after


@dataclass
class LoginThrottle:
    max_failures: int = 10  # in `window` seconds, then locked for `lockout` seconds
    window: float = 600.0
    lockout: float = 600.0
    free_attempts: int = 3  # failures before any delay
    base_delay: float = 1.0  # then 1, 2, 4, 8 ... seconds, at most `max_delay`
    max_delay: float = 16.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def keys(user: str, address: str) -> tuple[str, str]:
        return f"user:{user.strip().lower()}", f"addr:{address}"

    def begin(self, user: str, address: str) -> float:
        """Start an attempt: raises LoginLocked, else returns the delay to wait before checking
        the password. The attempt counts as failed until `succeeded` is called."""
        now = self.clock()
        keys = self.keys(user, address)
        wait = max(self._locked_until.get(k, 0.0) - now for k in keys)
        if wait > 0:
            raise LoginLocked(wait)
        counts = [self._record(k, now) for k in keys]
        worst = max(counts)
        for key, count in zip(keys, counts, strict=True):
            if count >= self.max_failures:
                self._locked_until[key] = now + self.lockout
        extra = worst - 1 - self.free_attempts
        return 0.0 if extra < 0 else min(self.max_delay, self.base_delay * 2**extra)

    def succeeded(self, user: str, address: str) -> None:
        """The password was right: this attempt is not a failure; the user's count restarts.
        The address keeps its count (a right password for one's own account must not reset
        the guesses made against others from the same address)."""
        user_key, address_key = self.keys(user, address)
        self._failures.pop(user_key, None)
        self._locked_until.pop(user_key, None)
        attempts = self._failures.get(address_key)
        if attempts:
            attempts.pop()

    def _record(self, key: str, now: float) -> int:
        attempts = self._failures.get(key)
        if attempts is None:
            if len(self._failures) >= MAX_TRACKED:
                self._prune(now)
            attempts = self._failures[key] = deque()
        while attempts and attempts[0] <= now - self.window:
            attempts.popleft()
        attempts.append(now)
        return len(attempts)

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - self.window]:
            del self._failures[key]
        for key in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[key]
        while len(self._failures) >= MAX_TRACKED:
            del self._failures[next(iter(self._failures))]
