"""An on-disk cache of model responses for langchain chat models, so eval reruns cost nothing.

One SQLite file under `settings.cache_dir`. An entry's key hashes, in order: the scope given at
construction (provider, model, base URL), the prompt and `llm_string` exactly as langchain passes
them (the latter carries the model parameters), and the repeat index from `current_repeat`, which
the eval runner sets per repeat with `repeat_scope(i)` so that `--repeat 3` makes three distinct
calls and a rerun replays all three. Values are stored as JSON (messages via `message_to_dict`),
never pickled, so a cache file cannot execute code when read.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.language_models import BaseChatModel
from langchain_core.load import dumps
from langchain_core.messages import AIMessage, BaseMessage, message_to_dict, messages_from_dict
from langchain_core.outputs import ChatGeneration, Generation
from langchain_core.runnables import Runnable, RunnableBinding

from .providers.lc_adapter import llm_string as adapter_llm_string

CACHE_FILE = "responses.sqlite3"

current_repeat: ContextVar[int] = ContextVar("current_repeat", default=0)


@contextmanager
def repeat_scope(index: int) -> Iterator[None]:
    """Mark model calls made inside the block (and tasks started in it) as repeat `index`."""
    token = current_repeat.set(index)
    try:
        yield
    finally:
        current_repeat.reset(token)


def cache_scope(provider: str, model: str, base_url: str | None) -> str:
    return json.dumps([provider, model, base_url or ""])


def _encode(generations: RETURN_VAL_TYPE) -> str:
    items: list[dict[str, Any]] = []
    for gen in generations:
        entry: dict[str, Any] = {"text": gen.text, "info": gen.generation_info}
        if isinstance(gen, ChatGeneration):
            entry["message"] = message_to_dict(gen.message)
        items.append(entry)
    return json.dumps(items)


def _decode(payload: str) -> list[Generation]:
    out: list[Generation] = []
    for entry in json.loads(payload):
        if "message" in entry:
            message = messages_from_dict([entry["message"]])[0]
            out.append(ChatGeneration(message=message, generation_info=entry["info"]))
        else:
            out.append(Generation(text=entry["text"], generation_info=entry["info"]))
    return out


class SQLiteResponseCache(BaseCache):
    """Thread-safe (one connection behind a lock); langchain's async methods run in a thread."""

    def __init__(self, path: Path, scope: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.scope = scope
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            # A lost last write after a power cut costs one model call; an fsync per write
            # would cost milliseconds on every call, on the event loop.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
        self.hits = 0
        self.misses = 0

    @classmethod
    def in_dir(cls, cache_dir: Path, scope: str) -> SQLiteResponseCache:
        return cls(cache_dir / CACHE_FILE, scope)

    def key(self, prompt: str, llm_string: str) -> str:
        digest = hashlib.sha256()
        for part in (self.scope, prompt, llm_string, str(current_repeat.get())):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        key = self.key(prompt, llm_string)
        with self._lock:
            row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
            if row is None:
                self.misses += 1
                return None
            self.hits += 1
        return _decode(row[0])

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = self.key(prompt, llm_string)
        value = _encode(return_val)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, value) VALUES (?, ?)", (key, value)
            )

    def delete(self, prompt: str, llm_string: str) -> None:
        """Forget one entry: a reply that turned out unusable must not be replayed."""
        key = self.key(prompt, llm_string)
        with self._lock:
            self._db.execute("DELETE FROM responses WHERE key = ?", (key,))

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        # SQLite point reads take microseconds; a thread hop would cost more than it saves.
        return self.lookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self.update(prompt, llm_string, return_val)

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            self._db.execute("DELETE FROM responses")

    def close(self) -> None:
        with self._lock:
            self._db.close()


# Call options that langchain-core removes before it computes the cache key (tracing only).
_NOT_IN_KEY = ("ls_structured_output_format", "structured_output_format")


class CachedReplies:
    """Reads one bound chat model's cached replies without going through a full model call.

    A cache hit through `ainvoke` still pays for langchain's config, callback and run set-up
    (about 0.2 ms, a third of a cached grading). This computes the same key as langchain-core's
    `_agenerate_with_cache` (the prompt is `dumps` of the messages without ids, the llm_string
    comes from `providers.lc_adapter.llm_string` with the bound call parameters) and asks the
    model's own cache. Entries are only ever written by real calls; anything this cannot find
    is a miss, and the caller then makes the normal call, whose own lookup decides.
    """

    def __init__(self, cache: BaseCache, llm_string: str) -> None:
        self._cache = cache
        self._llm_string = llm_string

    @classmethod
    def of(cls, runnable: Runnable[Any, Any]) -> CachedReplies | None:
        """For a chat model, or one bound with call parameters; None when it has no cache."""
        kwargs: dict[str, Any] = {}
        model: Any = runnable
        if isinstance(runnable, RunnableBinding):
            model, kwargs = runnable.bound, dict(runnable.kwargs)
        if not isinstance(model, BaseChatModel) or not isinstance(model.cache, BaseCache):
            return None
        stop = kwargs.pop("stop", None)
        params = {k: v for k, v in kwargs.items() if k not in _NOT_IN_KEY}
        try:
            llm_string = adapter_llm_string(model, stop, params)
        except Exception:
            return None
        return cls(model.cache, llm_string)

    @staticmethod
    def _prompt(messages: list[BaseMessage]) -> str:
        return dumps(
            [m.model_copy(update={"id": None}) if m.id is not None else m for m in messages]
        )

    async def forget(self, messages: list[BaseMessage]) -> None:
        """Remove the reply to `messages` (a cache without `delete` keeps it)."""
        delete = getattr(self._cache, "delete", None)
        if callable(delete):
            delete(self._prompt(messages), self._llm_string)

    async def lookup(self, messages: list[BaseMessage]) -> AIMessage | None:
        found = await self._cache.alookup(self._prompt(messages), self._llm_string)
        if not isinstance(found, list) or not found:
            return None
        message = getattr(found[0], "message", None)
        if not isinstance(message, AIMessage):
            return None
        # Marked as a hit the way langchain-core marks one: zero cost in the replayed usage.
        usage = {**(message.usage_metadata or {}), "total_cost": 0}
        return message.model_copy(update={"usage_metadata": usage})
