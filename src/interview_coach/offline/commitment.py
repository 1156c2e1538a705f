"""Commitment (step 5): sentences that commit to contributing, and how the answer concludes."""

from __future__ import annotations

from .scoring import Judgement, _long_term_idx
from .signals import Analysis
from .text import Sentence

_AIMS = ("beneficiary", "company_ref", "value_link")
SHORT_CLOSE = 15
"""A close that commits in fewer words than this and names no outcome ("I'd be committed to the
residents and the team", "I'll work really hard for the children") says nothing of what it will
contribute: the rubric's generic commitment, 3 (labelled 2-3 in 53 of 58 such closes over seven
wordings of the labelled dev answers, round 17)."""


def is_plan(a: Analysis, s: Sentence, lt: set[int] | None = None) -> bool:
    """A goal for the first year, a long-term goal or a wish to learn, before the close: a goal,
    not a commitment, however it is worded."""
    lt = _long_term_idx(a) if lt is None else lt
    plan = s.index in lt or a.has("short_term_time", s) or a.has("learning_specific", s)
    return plan and s not in a.closing


def _committed(a: Analysis) -> list[Sentence]:
    """Sentences that commit to contributing: an explicit commitment phrase, a first-person
    promise aimed at someone the work serves (the company, its customers, the team), or a wish
    for what the work will do for them. A plan for the first year, a long-term goal or a wish
    to learn is a goal, not a commitment, unless it closes the answer."""
    lt = _long_term_idx(a)
    out = []
    for s in a.clean:
        if is_plan(a, s, lt):
            continue
        served = a.has("beneficiary", s) or a.has("value_link", s)
        if (
            a.has("commitment", s)
            or (a.has("pledge", s) and served and not a.has("learning_specific", s))
            or (a.has("pledge_firm", s) and a.has("company_ref", s) and s.index not in lt)
            or (a.has("impact_wish", s) and (served or a.context_hits(s)))
        ):
            out.append(s)
    return out


def commitment(a: Analysis) -> Judgement:
    committed = _committed(a)
    end = [s for s in a.closing if s in committed or a.has("commitment_generic", s)]
    if end:
        tied = [
            s for s in end if (a.context_hits(s) or a.has("beneficiary", s)) and s.word_count >= 12
        ]
        generic = [
            s
            for s in end
            if a.has("commitment_generic", s) and (s.word_count < 16 or not a.context_hits(s))
        ]
        if len(generic) == len(end):
            aimed = any(
                a.context_hits(s) or any(a.has(c, s) for c in _AIMS) or s.word_count >= 14
                for s in end
            )
            return Judgement(3 if aimed else 2, "generic_end" if aimed else "bare_end", end)
        # The top score is tied to the role's impact: a wish for what the work will change, or a
        # specific close that names whom it serves. A close in the role's own words alone is 4
        # (labellers' scores, round 16, seven wordings of the labelled dev answers).
        specific = tied and not all(a.has("commitment_generic", s) for s in tied)
        wish = any(a.has("impact_wish", s) for s in end)
        serves = any(a.has("beneficiary", s) for s in end)
        if wish or (specific and serves):
            return Judgement(5, "concludes_specific", end)
        if max(s.word_count for s in end) < SHORT_CLOSE and not any(
            a.has("commitment_outcome", s) for s in end
        ):
            return Judgement(3, "generic_end", end)
        return Judgement(4, "concludes_generic", end)
    if committed:
        return Judgement(3, "not_at_end", committed[-2:])
    vague = a.with_cue("commitment_vague_end", a.closing)
    if vague:
        return Judgement(2, "vague_end", vague)
    if a.closing and any(a.has("goal_statement", s) for s in a.closing):
        return Judgement(1, "self_focused_end", a.closing[-1:])
    return Judgement(1, "none")
