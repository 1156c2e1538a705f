"""Action payloads come from the browser, so from anyone who can reach the socket: parse them
defensively. A malformed one is logged as one warning line (no traceback) and does nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

_MAX_ID = 2**63 - 1  # SQLite's INTEGER range


def checked_payload(action: str, payload: object) -> Mapping[str, Any] | None:
    """The payload as a mapping (None counts as empty); anything else is logged, and the
    action is then ignored (None)."""
    if payload is None:
        return {}
    if isinstance(payload, Mapping):
        return payload
    log.warning("action %s ignored: its payload is not an object (%s)", action, _kind(payload))
    return None


def saved_answer_id(action: str, payload: Mapping[str, Any]) -> int | None:
    """The saved answer's id from `{"id": <positive int>}`, else None (with one warning line)."""
    value = payload.get("id")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID:
        return value
    log.warning("action %s: ignored a malformed id (%s)", action, _kind(value))
    return None


def _kind(value: object) -> str:
    """What was sent, without echoing it (it may be large or hold control characters)."""
    return type(value).__name__
