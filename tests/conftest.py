"""Shared test set-up: no network, no keys, no user files.

The network is blocked for every test by pytest-socket (see addopts in pyproject.toml): only
loopback is allowed, for the real servers the end-to-end tests start themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

_SCRUB = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID")


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech-model folder per test session: assembled and loaded once, not per test."""
    return tmp_path_factory.mktemp("whisper-cache")


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, voice_cache: Path) -> Path:
    """Every test starts from defaults: no keys, no config file, no .env, temp data dirs."""
    for name in list(os.environ):
        if name.startswith("INTERVIEW_COACH_") or name in _SCRUB:
            monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_COACH_CONFIG", str(empty))
    monkeypatch.setenv("INTERVIEW_COACH_ENV_FILE", str(tmp_path / "absent.env"))
    monkeypatch.setenv("INTERVIEW_COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))
    monkeypatch.setenv("INTERVIEW_COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__CACHE_DIR", str(voice_cache))
    return tmp_path


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """espeak-ng/sox answers, each generated once per session."""
    from voice_audio import Synth, require_tools

    require_tools()
    return Synth(tmp_path_factory.mktemp("voice-wavs"))


# HTTP cassettes (pytest-recording): one central config, see tests/vcr_setup.py.
from vcr_setup import register as _register_vcr  # noqa: E402
from vcr_setup import vcr_config as _vcr_config  # noqa: E402


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, object]:
    return _vcr_config()


def pytest_recording_configure(config: pytest.Config, vcr: object) -> None:
    _register_vcr(vcr)


# ---- the history store on SQLite and on Postgres ---------------------------------------------


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A temporary Postgres cluster for the session (tests/pg_cluster.py). Without the binaries:
    skipped with the reason here, a failure under CI (CI=true), where .ci/run installs them."""
    from pg_cluster import missing_reason, pg_cluster

    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Postgres: {reason}")
        pytest.skip(reason)
    with pg_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[object]:
    """A fresh, empty store on each database the app supports."""
    from sqlalchemy.engine import make_url

    from interview_coach.store import HistoryStore

    if request.param == "sqlite":
        store = HistoryStore(tmp_path / "history.sqlite3")
    else:
        from pg_cluster import fresh_database

        url = await fresh_database(request.getfixturevalue("pg_url"))
        store = HistoryStore(make_url(url).set(drivername="postgresql+asyncpg"))
    try:
        yield store
    finally:
        await store.close()


class _DataLayerErrors(logging.Handler):
    """Chainlit's data layer only logs a failed statement ('An error occurred: ...') and drops
    the row; collected here so the test fails instead of passing on lost data."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "error occurred" in message:
            self.seen.append(message)


@pytest.fixture(autouse=True)
def no_data_layer_errors() -> Iterator[None]:
    handler = _DataLayerErrors()
    logger = logging.getLogger("chainlit")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not handler.seen, f"Chainlit's data layer failed: {handler.seen[:3]}"
