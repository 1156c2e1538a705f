"""Real servers shared by the security tests (one per module): starting one takes seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from live_server import live_server


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default set-up: no logins."""
    with live_server(tmp_path_factory.mktemp("open")) as url:
        yield url


@pytest.fixture(scope="module")
def login_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Logins on: alice with a plain password, bob with a scrypt hash."""
    from interview_coach.web.passwords import hash_password

    users = f"alice:alice-password,bob:{hash_password('bob-password')}"
    with live_server(tmp_path_factory.mktemp("logins"), users=users) as url:
        yield url
