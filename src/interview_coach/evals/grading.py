"""Builds the grader an eval runs against, with the on-disk response cache for LLM graders.

For evals an LLM grader is built without the rewrite step, so one case is one model call. Where
the app would quietly fall back to the offline engine (a missing key, say), an eval refuses:
numbers measured on another engine than the one asked for would mislead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..config import Settings
from ..engine import Grader
from ..llm_cache import SQLiteResponseCache, cache_scope


def response_cache(settings: Settings) -> SQLiteResponseCache:
    grader = settings.grader
    scope = cache_scope(grader.provider, grader.model_name, grader.base_url)
    return SQLiteResponseCache.in_dir(settings.cache_dir, scope)


class GraderUnavailable(RuntimeError):
    """The requested grader cannot be built; the message says why and what to do."""


def build_eval_grader(
    settings: Settings, cache: SQLiteResponseCache | None
) -> tuple[Grader, list[str]]:
    from ..engine_factory import build_grader
    from ..llm_errors import LLMError

    try:
        return build_grader(settings, strict=True, with_rewrite=False, cache=cache)
    except LLMError as exc:
        why = f"{exc.user_message} {exc.hint}".strip()
        raise GraderUnavailable(f"cannot evaluate {settings.grader.model}: {why}") from None


@contextmanager
def open_grader(settings: Settings, *, use_cache: bool) -> Iterator[tuple[Grader, list[str]]]:
    cache = None
    if use_cache and settings.grader.provider != "offline":
        cache = response_cache(settings)
    try:
        yield build_eval_grader(settings, cache)
    finally:
        if cache is not None:
            cache.close()
