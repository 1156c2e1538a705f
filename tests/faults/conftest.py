"""The fault matrix's fixtures: one fault server per test, the app pointed at it with a small
budget (1 s per call) so that a hung server costs the suite seconds, not minutes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

# Imported here, so that a test's timing measures the call and not loading the SDKs.
from fault_server import FaultServer
from interview_coach.providers.lc_adapter import chat_openai_class

chat_openai_class()

BUDGET_S = 1.0
SLACK_S = 3.0
"""Time allowed on top of the budget: the offline fallback, history, a loaded machine (2 cores
shared). What guards against multiplied timeouts is the request count: one for a hang."""


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    server = FaultServer.start()
    for part in ("GRADER", "INTERVIEWER"):
        monkeypatch.setenv(f"INTERVIEW_COACH_{part}__MODEL", "openai-compatible:fault-model")
        monkeypatch.setenv(f"INTERVIEW_COACH_{part}__BASE_URL", server.base_url)
        monkeypatch.setenv(f"INTERVIEW_COACH_{part}__TIMEOUT", str(BUDGET_S))
    try:
        yield server
    finally:
        server.stop()
