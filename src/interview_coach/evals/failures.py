"""Why eval calls failed, counted by cause, and when to stop a run that cannot succeed.

A run where every call is answered 401 used to send all its requests and report only
`provider_error`. Here each failed prediction gets a cause the person can act on (auth, rate
limit, timeout, server error, invalid output, ...), the report keeps the first error message,
and `FailFast` ends the run once its first calls all fail for one reason that retrying cannot fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from ..llm_errors import UNFIXABLE
from .runner import Prediction

FAIL_FAST_AFTER = 10

_CAUSE = {
    "auth": "auth",
    "missing_key": "auth",
    "not_found": "model not found",
    "rate_limit": "rate limit",
    "timeout": "timeout",
    "server": "server error",
    "connection": "server error",
    "incomplete": "server error",
    "bad_response": "server error",
    "invalid_output": "invalid output",
    "context_length": "context too long",
    "bad_request": "bad request",
}


def cause_of(pred: Prediction) -> str | None:
    """The cause of a failed call, or None for a graded case (or one unscorable by design)."""
    if pred.status == "error":
        return "crash"
    if pred.unscored_reason == "invalid_output":
        return "invalid output"
    if pred.unscored_reason == "provider_error":
        return _CAUSE.get(pred.error_kind or "", "other")
    return None


class FailureSummary(BaseModel):
    """Failed calls by cause, the first error in full, and how the run ended."""

    by_cause: dict[str, int] = Field(default_factory=dict)
    first_error: str | None = None
    stopped_early: str | None = None
    partial: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_cause.values())


def summarize_failures(preds: Sequence[Prediction]) -> FailureSummary:
    causes = Counter(c for p in preds if (c := cause_of(p)) is not None)
    first = next((p for p in preds if cause_of(p) is not None), None)
    message = None
    if first is not None:
        message = f"{first.suite}/{first.case_id}: {first.error or first.failure or ''}".strip()
    return FailureSummary(by_cause=dict(causes.most_common()), first_error=message)


class RunStopped(Exception):
    """The run was stopped early; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FailFast:
    """Watches results in the order they arrive; raises RunStopped when the first
    `FAIL_FAST_AFTER` all failed with the same cause that a retry cannot fix."""

    def __init__(self, after: int = FAIL_FAST_AFTER) -> None:
        self.after = after
        self.seen: list[Prediction] = []

    def observe(self, pred: Prediction) -> None:
        if len(self.seen) >= self.after:
            return
        self.seen.append(pred)
        if len(self.seen) < self.after:
            return
        kinds = {p.error_kind for p in self.seen}
        if len(kinds) == 1 and (kind := kinds.pop()) in UNFIXABLE:
            assert kind is not None
            first = self.seen[0].failure or kind
            raise RunStopped(
                f"stopped early: the first {self.after} calls all failed with the same "
                f"error, which retrying cannot fix: {first}"
            )
