"""Item 3: sign-in throttling with a growing delay and a lockout (per user name and per client
address), one answer for unknown users and wrong passwords, scrypt hashes, a strong secret."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import SecretStr

from interview_coach.config import ConfigError
from interview_coach.web import passwords
from interview_coach.web.auth import check_login, parse_users, require_auth_secret, sign_in
from interview_coach.web.throttle import LoginLocked, LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.waited: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.clock.now += seconds


USERS = parse_users(SecretStr(f"alice:{passwords.hash_password('right-password')}"))


def _gate() -> tuple[LoginThrottle, Clock, Sleeps]:
    clock = Clock()
    return LoginThrottle(clock=clock), clock, Sleeps(clock)


async def test_delay_grows_then_ten_failures_lock_out_even_the_right_password() -> None:
    throttle, clock, sleeps = _gate()
    for _ in range(10):
        assert await sign_in(USERS, throttle, "alice", "guess", "10.0.0.1", sleeps) is None
    assert sleeps.waited == [1, 2, 4, 8, 16, 16, 16]  # after 3 free attempts
    with pytest.raises(LoginLocked) as locked:
        await sign_in(USERS, throttle, "alice", "right-password", "10.0.0.1", sleeps)
    assert 0 < locked.value.retry_after <= 600
    clock.now += 601  # the lockout is temporary
    assert await sign_in(USERS, throttle, "alice", "right-password", "10.0.0.1", sleeps) == "alice"


async def test_one_address_guessing_many_names_is_locked_out() -> None:
    throttle, _, sleeps = _gate()
    for i in range(10):
        await sign_in(USERS, throttle, f"user{i}", "guess", "10.0.0.2", sleeps)
    with pytest.raises(LoginLocked):
        await sign_in(USERS, throttle, "alice", "right-password", "10.0.0.2", sleeps)
    # another address still signs in alice: she was not the one targeted
    assert await sign_in(USERS, throttle, "alice", "right-password", "10.0.0.3", sleeps) == "alice"


async def test_one_name_guessed_from_many_addresses_is_locked_out() -> None:
    throttle, _, sleeps = _gate()
    for i in range(10):
        await sign_in(USERS, throttle, "alice", "guess", f"10.1.0.{i}", sleeps)
    with pytest.raises(LoginLocked):
        await sign_in(USERS, throttle, "alice", "right-password", "10.2.0.1", sleeps)


def test_a_parallel_burst_is_locked_out_as_surely_as_a_sequential_one() -> None:
    throttle = LoginThrottle(clock=Clock())
    for _ in range(10):
        throttle.begin("alice", "10.0.0.4")  # ten attempts in flight, none finished
    with pytest.raises(LoginLocked):
        throttle.begin("alice", "10.0.0.4")


async def test_unknown_user_and_wrong_password_get_the_same_answer() -> None:
    throttle, _, sleeps = _gate()
    unknown = await sign_in(USERS, throttle, "mallory", "guess", "10.0.0.5", sleeps)
    wrong = await sign_in(USERS, throttle, "alice", "guess", "10.0.0.6", sleeps)
    assert unknown is None and wrong is None
    for _ in range(9):  # unknown names are throttled like known ones
        await sign_in(USERS, throttle, "mallory", "guess", "10.0.0.7", sleeps)
    with pytest.raises(LoginLocked):
        await sign_in(USERS, throttle, "mallory", "guess", "10.0.0.8", sleeps)


def test_passwords_may_be_scrypt_hashes() -> None:
    stored = passwords.hash_password("pw with spaces, commas: and colons")
    assert stored.startswith("scrypt.") and "," not in stored and "$" not in stored
    users = parse_users(SecretStr(f"alice:{stored},bob:plain"))
    assert check_login(users, "alice", "pw with spaces, commas: and colons") == "alice"
    assert check_login(users, "alice", stored) is None  # the hash is not the password
    assert check_login(users, "bob", "plain") == "bob"
    assert passwords.hash_password("x") != passwords.hash_password("x")  # salted


def test_a_malformed_hash_is_a_config_error_without_the_secret() -> None:
    with pytest.raises(ConfigError) as error:
        parse_users(SecretStr("alice:scrypt.16384.8.1.tooshort"))
    assert "hash-password" in str(error.value) and "tooshort" not in str(error.value)


@pytest.mark.parametrize("secret", [None, "", "short-secret-of-31-characters!!"])
def test_logins_need_a_long_auth_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    if secret is None:
        monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    else:
        monkeypatch.setenv("CHAINLIT_AUTH_SECRET", secret)
    with pytest.raises(ConfigError, match="CHAINLIT_AUTH_SECRET"):
        require_auth_secret(USERS)
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "s" * 32)
    require_auth_secret(USERS)


def test_unknown_user_and_wrong_password_look_the_same_on_the_wire(login_server: str) -> None:
    wrong = httpx.post(login_server + "/login", data={"username": "bob", "password": "nope"})
    unknown = httpx.post(login_server + "/login", data={"username": "zed", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.text == unknown.text
    right = httpx.post(
        login_server + "/login", data={"username": "bob", "password": "bob-password"}
    )
    assert right.status_code == 200  # bob's password is stored as a scrypt hash


async def test_real_server_locks_out_a_burst_of_guesses(login_server: str) -> None:
    """The wiring: Chainlit's /login goes through the throttle with the client's address. Eleven
    guesses at once: the eleventh is refused at once, and so is the right password after them."""
    async with httpx.AsyncClient(base_url=login_server, timeout=30) as client:

        async def attempt(user: str, password: str) -> httpx.Response:
            return await client.post("/login", data={"username": user, "password": password})

        guesses = [asyncio.create_task(attempt("alice", f"guess-{i}")) for i in range(11)]
        done, _ = await asyncio.wait(guesses, timeout=20, return_when=asyncio.ALL_COMPLETED)
        assert all(t.result().status_code == 401 for t in done)
        right = await attempt("alice", "alice-password")
        assert right.status_code == 401, "the right password still worked after the guesses"
        assert right.json() == done.pop().result().json()  # the same answer as a wrong password
        for task in guesses:
            task.cancel()
