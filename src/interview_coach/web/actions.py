"""Action payloads come from the browser, so from anyone who can reach the socket: parse them
defensively. A malformed one is logged as one warning line (no traceback) and does nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from ..store import HistoryRecord, HistoryStore

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


async def offered_pending(
    store: HistoryStore, user: str, offered: set[int], action: str, payload: Mapping[str, Any]
) -> HistoryRecord | None:
    """The saved answer `payload` names, if this chat offered it, it is `user`'s and it is still
    ungraded; None otherwise (grade and discard apply to nothing else)."""
    record_id = saved_answer_id(action, payload)
    if record_id is None or record_id not in offered:
        return None
    record = await store.get(record_id, user)
    return record if record is not None and record.outcome is None else None


def _kind(value: object) -> str:
    """What was sent, without echoing it (it may be large or hold control characters)."""
    return type(value).__name__
