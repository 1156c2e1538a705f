"""What the chat offers when something outside the person's control fails: a model that
rejects the key or does not exist (go on offline), or a history database that stops saving
(go on anyway, and take the answer as a download)."""

from __future__ import annotations

from typing import Any

from ..llm_errors import UNFIXABLE
from ..models import GradeReport, Unscored

CONTINUE_OFFLINE_LABEL = "Continue offline"
HISTORY_NOTICE = (
    "Your answer could not be saved to your history ({why}). The session goes on and you "
    "still get feedback; download your answer below to keep it."
)


def offers_offline(failure: BaseException | GradeReport | Unscored) -> bool:
    """True for a failure that retrying cannot fix (bad key, unknown model)."""
    if isinstance(failure, Unscored):
        return failure.reason_code == "provider_error" and failure.error_kind in UNFIXABLE
    if isinstance(failure, GradeReport):
        return False
    return getattr(failure, "kind", None) in UNFIXABLE


def continue_offline_payload(part: str, op: str) -> dict[str, Any]:
    return {"part": part, "op": op}
