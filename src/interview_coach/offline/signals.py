"""Cue detection over an answer's sentences: which sentence shows which cue, and where it sits.

`Analysis` is built once per answer and shared by the criterion scorers, the red-flag detectors,
the feedback and the rewrite. Sentences that talk to the grader, state a score or list rubric
terms are set aside in `meta`: they never count as evidence and raise the `injection` flag. A short
sentence that only recites one of the guide's phrasings ("I am committed to contributing
meaningfully") is set aside in `parroted`: it earns no credit on its own, but it is ordinary
interview speech (the guide recommends that closing), so it is not treated as talking to the grader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..models import InterviewContext
from .lexicon import Lexicon, load_lexicon
from .matching import found
from .text import ContextKeys, Sentence, context_keys, split_sentences


@dataclass
class Analysis:
    answer: str
    context: InterviewContext
    lex: Lexicon
    sentences: list[Sentence]
    keys: ContextKeys
    read_as: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """Cues a sentence carries by meaning where its wording has none, set by the semantic layer
    (`meaning.cues_by_meaning`): cue -> sentence indices."""

    @cached_property
    def meta(self) -> list[Sentence]:
        listed = [s for s in self.sentences if self._is_rubric_list_item(s)]
        if len(listed) < self.lex.rubric_terms_min:
            listed = []
        listed_ids = {s.index for s in listed}
        return [s for s in self.sentences if s.index in listed_ids or self.is_meta(s)]

    @cached_property
    def parroted(self) -> list[Sentence]:
        meta = {s.index for s in self.meta}
        return [s for s in self.sentences if s.index not in meta and self.is_parrot(s)]

    @cached_property
    def clean(self) -> list[Sentence]:
        aside = {s.index for s in self.meta} | {s.index for s in self.parroted}
        return [s for s in self.sentences if s.index not in aside]

    @cached_property
    def word_count(self) -> int:
        return sum(s.word_count for s in self.clean)

    def is_meta(self, s: Sentence) -> bool:
        if found(self.lex.meta, s.norm):
            return True
        terms = sum(1 for p in self.lex.rubric_terms if found(p, s.norm))
        return terms >= self.lex.rubric_terms_min

    def _is_rubric_list_item(self, s: Sentence) -> bool:
        return (
            s.word_count <= self.lex.rubric_list_item_max_words
            and not self.first_person(s)
            and any(found(p, s.norm) for p in self.lex.rubric_terms)
        )

    def is_parrot(self, s: Sentence) -> bool:
        return s.word_count <= self.lex.guide_parrot_max_words and found(
            self.lex.guide_parrot, s.norm
        )

    def has(self, cue: str, s: Sentence) -> bool:
        return s.index in self.read_as.get(cue, ()) or found(self.lex.cue(cue), s.norm)

    def matches(self, cue: str, s: Sentence) -> set[str]:
        return {m.group(0) for m in self.lex.cue(cue).finditer(s.norm)}

    def with_cue(self, cue: str, among: list[Sentence] | None = None) -> list[Sentence]:
        return [s for s in (self.clean if among is None else among) if self.has(cue, s)]

    def first_person(self, s: Sentence) -> bool:
        return found(self.lex.first_person, s.norm)

    @cached_property
    def spoken(self) -> list[Sentence]:
        """Clean sentences with content once filler is dropped (no bare "Um." or "Right.")."""
        kept = [s for s in self.clean if s.content_words >= 2]
        return kept or self.clean

    @cached_property
    def opening(self) -> list[Sentence]:
        """The first two sentences, or three when the first two are short greetings."""
        head = self.spoken[:2]
        if sum(s.word_count for s in head) < 15:
            head = self.spoken[:3]
        return head

    @cached_property
    def closing(self) -> list[Sentence]:
        body = self.spoken
        return body[-2:] if len(body) > 2 else body[-1:]

    def context_hits(self, s: Sentence) -> set[str]:
        """Stems of the role, company and blurb that this sentence reuses."""
        found = self.keys.role_in(s) | self.keys.blurb_in(s)
        if self.keys.company_in(s):
            found.add("<company>")
        return found


def analyse(answer: str, context: InterviewContext, lex: Lexicon | None = None) -> Analysis:
    lex = lex or load_lexicon()
    keys = context_keys(
        context.role, context.company, context.company_blurb, lex.stopwords, lex.company_generic
    )
    return Analysis(answer, context, lex, split_sentences(answer, lex.disfluency), keys)
