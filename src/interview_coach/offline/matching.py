"""Cue regexes run on sentence texts, with their answers remembered across answers.

The rules test dozens of cue patterns on every sentence, and the same sentence text comes back
often: a chat grades the whole answer again at every turn to plan its next question (every
earlier sentence again), a rambling answer repeats itself, and a retry or "try again" sends the
same words. A pattern's verdict on a text never changes, so it is kept (bounded, least recently
used first out); the answer is the one a fresh `search` gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

CACHE_SIZE = 1 << 15  # (pattern, sentence) pairs: a few MB at most


@lru_cache(maxsize=CACHE_SIZE)
def found(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` occurs anywhere in `text`."""
    return pattern.search(text) is not None


@lru_cache(maxsize=CACHE_SIZE)
def found_unnegated(
    pattern: re.Pattern[str], negation: re.Pattern[str] | None, window: int, text: str
) -> bool:
    """Whether `pattern` occurs in `text` at least once without `negation` in the `window`
    characters before it (no negation pattern: any occurrence counts)."""
    return any(
        negation is None or not negated_at(negation, window, text, m.start())
        for m in pattern.finditer(text)
    )


def negated_at(negation: re.Pattern[str], window: int, text: str, start: int) -> bool:
    """Whether `negation` occurs in the `window` characters of `text` before `start`."""
    return found(negation, text[max(0, start - window) : start])


def clear() -> None:
    """Forget every remembered verdict (benchmarks measuring the cold case)."""
    found.cache_clear()
    found_unnegated.cache_clear()
