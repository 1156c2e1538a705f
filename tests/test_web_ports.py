"""`interview-coach web` on a port that is taken says so before starting anything, and the
tests' own servers get ports no outgoing connection can take in the meantime."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cli_runner import run
from interview_coach.cli import ports as ports_module
from interview_coach.cli import web_cmd
from interview_coach.cli.ports import taken_port
from ports import ephemeral_low, free_ports


@contextmanager
def listening(port: int) -> Iterator[None]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        s.listen()
        yield


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(os, "execvpe", lambda *a, **k: pytest.fail("server started"))
    monkeypatch.setattr(web_cmd, "run_instances", lambda *a, **k: pytest.fail("servers started"))
    monkeypatch.setenv("INTERVIEW_COACH_HISTORY_DB", str(tmp_path / "h.sqlite3"))


def test_a_taken_port_is_named_with_what_to_do(
    no_server: None, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_ports(1)
    with listening(port):
        code, out, err = run(["web", "--port", str(port)], capsys)
    assert code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "--port" in err and "available" not in out


def test_instances_name_the_one_port_of_theirs_that_is_taken(
    no_server: None, capsys: pytest.CaptureFixture[str]
) -> None:
    first = free_ports(3)
    with listening(first + 2):
        code, _, err = run(["web", "--port", str(first), "--instances", "3"], capsys)
    assert code == 2
    assert f"port {first + 2} on 127.0.0.1" in err and f"{first}-{first + 2}" in err


def test_free_ports_pass_the_check() -> None:
    first = free_ports(2)
    assert taken_port("127.0.0.1", [first, first + 1]) is None
    with listening(first + 1):
        assert taken_port("127.0.0.1", [first, first + 1]) == first + 1


def test_test_servers_get_ports_below_the_ephemeral_range() -> None:
    """An outgoing connection's local port comes from the ephemeral range: a server's port
    chosen there can be taken before the server binds it (CI's "address already in use")."""
    for _ in range(50):
        first = free_ports(3)
        assert first >= 10000 and first + 2 < ephemeral_low()


def test_a_host_name_is_checked_on_every_address_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server listens on each address a host name resolves to ("localhost" is often ::1
    and 127.0.0.1), so a port taken on any of them is taken for it."""
    port = free_ports(1)
    both = [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
    ]
    monkeypatch.setattr(ports_module.socket, "getaddrinfo", lambda *a, **k: both)
    with listening(port):
        assert taken_port("localhost", [port]) == port
