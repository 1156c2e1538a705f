"""Cue regexes run on sentence texts, with their answers remembered across answers.

The rules test dozens of cue patterns on every sentence, and the same sentence text comes back
often: a chat grades the whole answer again at every turn to plan its next question (every
earlier sentence again), a rambling answer repeats itself, and a retry or "try again" sends the
same words. A pattern's verdict on a text never changes, so it is kept (bounded, oldest first
out); the answer is the one a fresh `search` gives.

Verdicts are keyed by the pattern's source text, not by the compiled pattern: hashing a compiled
`re.Pattern` hashes its whole compiled program on every call (about 9 us for a large cue
alternation, more than the search it would save), while a str caches its hash.
"""

from __future__ import annotations

import re
from typing import TypeVar

K = TypeVar("K")
CACHE_SIZE = 1 << 15  # remembered verdicts per kind: a few MB at most

_found: dict[tuple[str, int, str], bool] = {}
_unnegated: dict[tuple[str, int, str | None, int, int, str], bool] = {}


def _remember(cache: dict[K, bool], key: K, value: bool) -> bool:
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)), None)
    cache[key] = value
    return value


def found(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` occurs anywhere in `text`."""
    key = (pattern.pattern, pattern.flags, text)
    hit = _found.get(key)
    if hit is None:
        hit = _remember(_found, key, pattern.search(text) is not None)
    return hit


def found_unnegated(
    pattern: re.Pattern[str], negation: re.Pattern[str] | None, window: int, text: str
) -> bool:
    """Whether `pattern` occurs in `text` at least once without `negation` in the `window`
    characters before it (no negation pattern: any occurrence counts)."""
    neg_source, neg_flags = (negation.pattern, negation.flags) if negation else (None, 0)
    key = (pattern.pattern, pattern.flags, neg_source, neg_flags, window, text)
    hit = _unnegated.get(key)
    if hit is None:
        hit = _remember(
            _unnegated,
            key,
            any(
                negation is None or not negated_at(negation, window, text, m.start())
                for m in pattern.finditer(text)
            ),
        )
    return hit


def negated_at(negation: re.Pattern[str], window: int, text: str, start: int) -> bool:
    """Whether `negation` occurs in the `window` characters of `text` before `start`."""
    return found(negation, text[max(0, start - window) : start])


def remembered() -> int:
    """How many verdicts are kept."""
    return len(_found) + len(_unnegated)


def clear() -> None:
    """Forget every remembered verdict (benchmarks measuring the cold case)."""
    _found.clear()
    _unnegated.clear()
