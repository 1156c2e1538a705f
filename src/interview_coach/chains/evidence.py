"""Evidence quotes must be verbatim spans of the answer; only whitespace and quote styles are
normalised, so a paraphrase or an invented quote never reaches the candidate."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")
_WRAP = "\"' "


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


class Quotes:
    """Checks quotes against one answer, normalised once (a grade has a dozen quotes)."""

    def __init__(self, answer: str) -> None:
        self._answer = normalise(answer)

    def clean(self, quote: str) -> str | None:
        """The quote without wrapping quote marks if it occurs in the answer, else None."""
        needle = normalise(quote).strip(_WRAP)
        return needle if needle and needle in self._answer else None

    def keep(self, quotes: list[str]) -> tuple[list[str], int]:
        """The verbatim quotes, cleaned of wrapping quote marks, and how many were dropped."""
        kept = [q for q in map(self.clean, quotes) if q is not None]
        return kept, len(quotes) - len(kept)


def is_verbatim(quote: str, answer: str) -> bool:
    """True when the quote (without wrapping quote marks) occurs in the answer."""
    return Quotes(answer).clean(quote) is not None


def keep_verbatim(quotes: list[str], answer: str) -> tuple[list[str], int]:
    """The verbatim quotes, cleaned of wrapping quote marks, and how many were dropped."""
    return Quotes(answer).keep(quotes)
