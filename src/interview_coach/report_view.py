"""The one presentation model of a grade outcome, built once and laid out by every renderer.

`build_view` turns a `GradeReport` or `Unscored` (plus the answer, for the rewrite diff) into a
`ScoredView` or `UnscoredView`: criterion rows in rubric order with their name, score, rubric
anchor, reason and evidence; red flags in the catalogue's one wording; band label; the rewrite
as diff segments; usage and the agreement footer. The renderers (terminal `cli/render.py`, chat
`web/scorecard.py`, export Markdown `web/export.py`, JSON `report_data`) only lay it out and
escape through `text_safety`; none of them looks anything up or decides what is shown.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel

from .agreement import agreement_line
from .catalogue import red_flags
from .config import ModelPrice
from .cost import usage_line
from .models import Band, GradeReport, RedFlag, Unscored
from .rubric import Rubric, default_rubric

# A rewrite token: a `[bracketed]` part (a placeholder when the grader added it) or a word.
_TOKEN = re.compile(r"\[[^\]\n]{1,400}\]|\S+")
_PLACEHOLDER = re.compile(r"^\[[^\]\n]{1,400}\]$")
_WORD_KEY = re.compile(r"[^\w']+")


class CriterionRow(BaseModel):
    id: str
    name: str
    score: int
    anchor: str  # what the rubric says this score means
    reason: str  # why the grader gave it
    evidence: list[str]


class FlagRow(BaseModel):
    id: str
    label: str
    evidence: str
    advice: str


class DiffSegment(BaseModel):
    """A run of the rewrite: the candidate's own words, words they did not write, or a
    placeholder the grader left for them to fill in."""

    kind: Literal["kept", "added", "placeholder"]
    text: str


class RewriteView(BaseModel):
    text: str
    segments: list[DiffSegment]
    kept_words: int
    words: int
    placeholders: int


class ScoredView(BaseModel):
    status: Literal["scored"] = "scored"
    outcome: GradeReport  # the source, for the JSON renderer
    overall: int
    band: Band
    band_label: str
    engine_label: str
    word_count: int
    criteria: list[CriterionRow]
    strengths: list[str]
    improvements: list[str]
    flags: list[FlagRow]
    warnings: list[str]
    rewrite: RewriteView | None
    usage: str | None
    footer: str


class UnscoredView(BaseModel):
    status: Literal["unscored"] = "unscored"
    outcome: Unscored
    reason: str
    hint: str
    engine_label: str
    warnings: list[str]
    usage: str | None
    answer: str | None  # the answer, when known: an unscored answer is kept and given back


ReportView = ScoredView | UnscoredView


def build_view(
    outcome: GradeReport | Unscored,
    answer: str | None = None,
    rubric: Rubric | None = None,
    prices: dict[str, ModelPrice] | None = None,
) -> ReportView:
    """The presentation of `outcome`; `answer` is the candidate's text (for the rewrite diff,
    and shown back when the outcome is unscored)."""
    if isinstance(outcome, Unscored):
        return unscored_view(outcome, answer, prices)
    return scored_view(outcome, answer or "", rubric, prices)


def unscored_view(
    outcome: Unscored, answer: str | None = None, prices: dict[str, ModelPrice] | None = None
) -> UnscoredView:
    return UnscoredView(
        outcome=outcome,
        reason=outcome.reason,
        hint=outcome.hint,
        engine_label=outcome.engine.label,
        warnings=[w.message for w in outcome.warnings],
        usage=usage_line(outcome.engine, outcome.usage, prices or {}),
        answer=answer,
    )


def scored_view(
    outcome: GradeReport,
    answer: str = "",
    rubric: Rubric | None = None,
    prices: dict[str, ModelPrice] | None = None,
) -> ScoredView:
    rubric = rubric or default_rubric()
    by_id = {c.criterion_id: c for c in outcome.criteria}
    rows = [
        CriterionRow(
            id=criterion.id,
            name=criterion.name,
            score=score.score,
            anchor=criterion.descriptors[score.score],
            reason=score.reason,
            evidence=list(score.evidence),
        )
        for criterion in rubric.criteria
        if (score := by_id.get(criterion.id)) is not None
    ]
    return ScoredView(
        outcome=outcome,
        overall=outcome.overall,
        band=outcome.band,
        band_label=rubric.band_label(outcome.band),
        engine_label=outcome.engine.label,
        word_count=outcome.word_count,
        criteria=rows,
        strengths=list(outcome.strengths),
        improvements=list(outcome.improvements),
        flags=[_flag_row(f) for f in outcome.flags],
        warnings=[w.message for w in outcome.warnings],
        rewrite=rewrite_view(answer, outcome.rewrite) if outcome.rewrite.strip() else None,
        usage=usage_line(outcome.engine, outcome.usage, prices or {}),
        footer=agreement_line(outcome.engine),
    )


def _flag_row(flag: RedFlag) -> FlagRow:
    """The catalogue's wording wins, so a report saved before a wording change reads as today."""
    text = red_flags().get(flag.id)
    return FlagRow(
        id=flag.id,
        label=text.label if text else flag.label,
        evidence=flag.evidence,
        advice=text.advice if text else flag.advice,
    )


def rewrite_view(original: str, rewrite: str) -> RewriteView:
    """The rewrite split into the candidate's words, added words and placeholders.

    A word is theirs when it occurs anywhere in their answer (case- and punctuation-insensitive,
    each occurrence counted once), so a sentence the rewrite merely moved stays theirs: a
    sequence alignment alone would call everything out of its original order "new". A
    `[bracketed]` part is a placeholder only where the grader added it: brackets the candidate
    typed themselves ("[click]") stay their words.
    """
    available = Counter(_key(t) for t in _TOKEN.findall(original))
    segments: list[DiffSegment] = []
    kept = placeholders = words = 0
    for token in _TOKEN.findall(rewrite):
        key = _key(token)
        if available[key] > 0 or not key:
            kind: Literal["kept", "added", "placeholder"] = "kept"
            if key:
                available[key] -= 1
                kept += 1
                words += 1
        elif _PLACEHOLDER.match(token):
            kind = "placeholder"
            placeholders += 1
        else:
            kind = "added"
            words += 1
        segments.append(DiffSegment(kind=kind, text=token))
    return RewriteView(
        text=rewrite, segments=segments, kept_words=kept, words=words, placeholders=placeholders
    )


def _key(token: str) -> str:
    """Bracketed parts keep their brackets, so a placeholder never matches a plain word."""
    if _PLACEHOLDER.match(token):
        return token.lower()
    return _WORD_KEY.sub("", token.lower())


def rewrite_summary(rewrite: RewriteView) -> str:
    """'6 of 10 words are yours', plain text: each renderer styles it."""
    return f"{rewrite.kept_words} of {rewrite.words} words are yours"


def report_data(view: ReportView) -> dict[str, Any]:
    """The JSON renderer: the outcome as `grade --json` and the JSON export have always given
    it (ids, scores, evidence, flags, rewrite, engine, usage), plus the kept answer when the
    outcome is unscored. Machine readers want ids, not labels, so the view's wording is not
    repeated here."""
    data: dict[str, Any] = view.outcome.model_dump(mode="json")
    if isinstance(view, UnscoredView) and view.answer is not None:
        data["answer"] = view.answer  # the README promises the answer is always kept
    return data
