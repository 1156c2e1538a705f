"""Evidence quotes must be verbatim spans of the answer; only whitespace and quote styles are
normalised for the match, so a paraphrase or an invented quote never reaches the candidate, and
the quote kept is the answer's own text (its curly quotes and spacing), not the model's."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..text import straighten

_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"\s{2,}")
_WRAP = "\"' "


def normalise(text: str) -> str:
    return _SPACE.sub(" ", straighten(text)).strip()


class Quotes:
    """Checks quotes against one answer, normalised once (a grade has a dozen quotes).

    Normalising only collapses whitespace runs and strips the ends (quote marks map one to one),
    so an offset in the normalised answer maps back by the number of characters dropped before
    it: `_marks[k]` is the first normalised offset with `_shifts[k]` characters dropped.
    """

    def __init__(self, answer: str) -> None:
        self._original = answer
        self._answer = normalise(answer)
        lead = len(answer) - len(answer.lstrip())
        self._marks = [0]
        self._shifts = [lead]
        for run in _RUN.finditer(answer, lead):
            shift = self._shifts[-1]
            self._marks.append(run.start() - shift + 1)
            self._shifts.append(shift + len(run.group()) - 1)

    def _original_offset(self, index: int) -> int:
        return index + self._shifts[bisect_right(self._marks, index) - 1]

    def clean(self, quote: str) -> str | None:
        """The span of the answer the quote matches (without wrapping quote marks), else None."""
        needle = normalise(quote).strip(_WRAP)
        if not needle:
            return None
        start = self._answer.find(needle)
        if start < 0:
            return None
        end = start + len(needle) - 1
        return self._original[self._original_offset(start) : self._original_offset(end) + 1]

    def keep(self, quotes: list[str]) -> tuple[list[str], int]:
        """The verbatim quotes, as spans of the answer, and how many were dropped."""
        kept = [q for q in map(self.clean, quotes) if q is not None]
        return kept, len(quotes) - len(kept)
