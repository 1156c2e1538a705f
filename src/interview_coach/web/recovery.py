"""What the chat offers when something outside the person's control fails: a model that
rejects the key or does not exist (go on offline), or a history database that stops saving
(go on anyway, and take the answer as a download)."""

from __future__ import annotations

from typing import Any

from ..session import offers_offline

__all__ = ["CONTINUE_OFFLINE_LABEL", "HISTORY_NOTICE", "continue_offline_payload", "offers_offline"]

CONTINUE_OFFLINE_LABEL = "Continue offline"
HISTORY_NOTICE = (
    "Your answer could not be saved to your history ({why}). The session goes on and you "
    "still get feedback; download your answer below to keep it."
)


def continue_offline_payload(part: str, op: str) -> dict[str, Any]:
    return {"part": part, "op": op}
