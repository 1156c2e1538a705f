"""Evidence quotes must be verbatim spans of the answer; only whitespace and quote styles are
normalised, so a paraphrase or an invented quote never reaches the candidate."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")
_WRAP = "\"' "


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def is_verbatim(quote: str, answer: str) -> bool:
    """True when the quote (without wrapping quote marks) occurs in the answer."""
    needle = normalise(quote).strip(_WRAP)
    return bool(needle) and needle in normalise(answer)


def keep_verbatim(quotes: list[str], answer: str) -> tuple[list[str], int]:
    """The verbatim quotes, cleaned of wrapping quote marks, and how many were dropped."""
    kept = [normalise(q).strip(_WRAP) for q in quotes if is_verbatim(q, answer)]
    return kept, len(quotes) - len(kept)
