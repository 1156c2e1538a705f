"""Fact guard for rewrites: a suggested answer may reuse the candidate's facts, never add new ones.

A 'fact' here is what a reader would take as a claim: a proper noun (a capitalised word that is
not at the start of a sentence and not a common word), or a number. Anything that appears in the
candidate's answer or in the interview context is allowed; placeholders in [brackets] are allowed.
"""

from __future__ import annotations

import re

from .text import NAME_TOKEN, NOT_NAMES, NUMBER, NUMBER_WORDS

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(]\s*)$")


def _norm(token: str) -> str:
    return token.lower().strip(".'’-").replace("’", "'").removesuffix("'s")


def proper_nouns(text: str) -> set[str]:
    """Capitalised words that are not at a sentence start and not common words."""
    text = _PLACEHOLDER.sub(" ", text)
    found: set[str] = set()
    for m in NAME_TOKEN.finditer(text):
        word = m.group(0)
        common = word.lower().replace("’", "'")
        if common in NOT_NAMES or common.rstrip("'s") in NOT_NAMES:
            continue
        if _SENTENCE_START.search(text[: m.start()]):
            continue
        found.add(_norm(word))
    return found


def numbers(text: str) -> set[str]:
    text = _PLACEHOLDER.sub(" ", text)
    found = {m.group(0).rstrip("%").replace(",", "") for m in NUMBER.finditer(text)}
    found |= {w for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS}
    return found


def _vocabulary(text: str) -> set[str]:
    return {_norm(w) for w in re.findall(r"[A-Za-z0-9&'’.-]+", text)}


def new_facts(rewrite: str, *sources: str) -> list[str]:
    """Proper nouns and numbers in `rewrite` that appear in none of `sources` (case-insensitive)."""
    allowed_words = set().union(*(_vocabulary(s) for s in sources)) if sources else set()
    allowed_numbers = set().union(*(numbers(s) for s in sources)) if sources else set()
    extra = sorted(n for n in proper_nouns(rewrite) if n not in allowed_words)
    extra += sorted(n for n in numbers(rewrite) if n not in allowed_numbers)
    return extra
