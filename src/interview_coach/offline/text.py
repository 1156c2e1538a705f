"""Reading an answer: verbatim sentences with their positions, and keywords from the context.

Every quote the grader shows comes from `Sentence.text`, a slice of the original answer, so
evidence is always a verbatim substring. Matching runs on `Sentence.norm` (lower case, curly
quotes straightened), which is never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..text import CAPITALISED, NUMBER, PLAIN_WORD, normalise

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|[.!?]+[\"'”’)\]]*$|\n+")


def stem(word: str) -> str:
    """A crude stem, enough to match 'clinics' with 'clinic' and 'scheduling' with 'schedule'."""
    word = word.removesuffix("'s")
    return word[:5] if len(word) > 5 else word.rstrip("s")


@dataclass(frozen=True)
class Disfluency:
    """Spoken filler and self-repairs to drop before cue matching ("I'd, um, I'd do it")."""

    remove: re.Pattern[str]
    repeat: re.Pattern[str]

    def clean(self, norm: str) -> str:
        text = self.remove.sub(" ", norm)
        text = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"[ \t]{2,}", " ", text)).strip(" ,")
        for _ in range(2):
            text = self.repeat.sub(r"\1", text)
        return text


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    disfluency: Disfluency | None = field(default=None, compare=False, repr=False)

    @cached_property
    def plain(self) -> str:
        """The normalised sentence as spoken, fillers included (for counting them)."""
        return normalise(self.text)

    @cached_property
    def norm(self) -> str:
        """The normalised sentence with spoken filler and repeated words dropped (for cues)."""
        if self.disfluency is None:
            return self.plain
        return self.disfluency.clean(self.plain)

    @cached_property
    def words(self) -> list[str]:
        return PLAIN_WORD.findall(self.plain)

    @property
    def content_words(self) -> int:
        """Words left once filler is dropped: 0 for a bare "Um." or "Ha."."""
        return len(PLAIN_WORD.findall(self.norm))

    @property
    def disfluent_words(self) -> int:
        """Spoken filler and repeated words dropped from the sentence ("um", "I'd, I'd")."""
        return self.word_count - self.content_words

    @cached_property
    def stems(self) -> set[str]:
        return {stem(w) for w in self.words}

    @property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def inner_caps(self) -> list[str]:
        """Capitalised words that are not the first word: a rough proxy for names and tools."""
        found = [m.group(0) for m in CAPITALISED.finditer(self.text) if m.start() > 0]
        return [w for w in found if not w.startswith(("I'", "I’")) and w != "I"]

    @cached_property
    def numbers(self) -> list[str]:
        return NUMBER.findall(self.text)


def split_sentences(text: str, disfluency: Disfluency | None = None) -> list[Sentence]:
    """Split on sentence punctuation followed by space, and on line breaks; '99.4' stays whole."""
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _add(out, text, pos, m.end() if m.group(0).strip() else m.start(), disfluency)
        pos = m.end()
    _add(out, text, pos, len(text), disfluency)
    return out


def _add(
    out: list[Sentence], text: str, start: int, end: int, disfluency: Disfluency | None
) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not re.search(r"[A-Za-z0-9]", stripped):
        return
    offset = start + chunk.index(stripped)
    out.append(Sentence(index=len(out), text=stripped, start=offset, disfluency=disfluency))


@dataclass(frozen=True)
class ContextKeys:
    """Stems of the words a tailored answer would reuse from the interview context."""

    company_phrase: str
    company: frozenset[str]
    role: frozenset[str]
    blurb: frozenset[str]

    def company_in(self, s: Sentence) -> bool:
        if self.company_phrase and self.company_phrase in s.norm:
            return True
        return bool(self.company & s.stems)

    def role_in(self, s: Sentence) -> set[str]:
        return set(self.role & s.stems)

    def blurb_in(self, s: Sentence) -> set[str]:
        return set(self.blurb & s.stems)


def context_keys(
    role: str, company: str, blurb: str, stopwords: frozenset[str], generic: frozenset[str]
) -> ContextKeys:
    def keys(text: str, drop: frozenset[str]) -> frozenset[str]:
        return frozenset(
            stem(w) for w in PLAIN_WORD.findall(normalise(text)) if len(w) >= 3 and w not in drop
        )

    distinctive = _distinctive_key(company, stopwords | generic)
    return ContextKeys(
        company_phrase=normalise(company).strip(),
        company=distinctive,
        role=keys(role, stopwords | generic) - distinctive,
        blurb=keys(blurb, stopwords) - distinctive,
    )


def _distinctive_key(company: str, drop: frozenset[str]) -> frozenset[str]:
    """The stem of the company's first distinctive word ("Hollybrook" in "Hollybrook Heating").

    Later words are usually the trade ("Heating", "Mortgages", "Dental"), which an answer uses
    about the work itself, so matching them would read every mention of the trade as naming
    the employer.
    """
    for w in PLAIN_WORD.findall(normalise(company)):
        if len(w) >= 3 and w not in drop:
            return frozenset({stem(w)})
    return frozenset()
