"""The three quality criteria (concise, tailored and specific, sincere and realistic) and the
registry of every criterion's scorer. The six guide steps are scored in `scoring.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text import NOT_NAMES
from .commitment import _committed, commitment
from .flags import repeated_sentences
from .scoring import (
    Judgement,
    _details,
    company_alignment,
    enthusiasm,
    learning_growth,
    long_term_vision,
    short_term_goals,
)
from .signals import Analysis
from .text import Sentence


def _names(a: Analysis) -> set[str]:
    company = a.keys.company
    out: set[str] = set()
    for s in a.clean:
        for w in s.inner_caps:
            low = w.lower().removesuffix("'s").removesuffix("’s")
            if low not in NOT_NAMES and low[:5] not in company and low not in company:
                out.add(low)
    return out


_STEP_CUES = (
    "gratitude",
    "enthusiasm_strong",
    "enthusiasm_mild",
    "goal_statement",
    "long_term_time",
    "learning",
    "commitment",
    "experience",
    "company_ref",
    "value_link",
)


def conciseness(a: Analysis) -> Judgement:
    conf = a.lex.conciseness
    wc = a.word_count
    score = next(s for limit, s in conf["bands"] if wc <= limit)
    key = "length_ok" if score >= 4 else ("too_short" if wc < 110 else "too_long")
    if not a.clean:
        return Judgement(1, "too_short")
    fillers = sum(len(a.lex.cue("filler").findall(s.norm)) + s.disfluent_words for s in a.clean)
    repeats = repeated_sentences(a)
    off_topic = [
        s for s in a.clean if not any(a.has(c, s) for c in _STEP_CUES) and not _details(a, s)
    ]
    if fillers / max(wc, 1) > conf["filler_density"]:
        score, key = score - 1, "filler"
    if len(repeats) / len(a.clean) > conf["repeat_ratio"]:
        score, key = score - 1, "repetition"
    if wc >= 60 and len(off_topic) / len(a.clean) > conf["off_topic_share"]:
        score, key = score - 1, "unfocused"
    return Judgement(max(1, score), key, repeats[:2])


def specificity(a: Analysis) -> Judgement:
    named = [s for s in a.clean if a.keys.company_in(s)]
    blurb = set().union(*(a.keys.blurb_in(s) for s in a.clean)) if a.clean else set()
    role = set().union(*(a.keys.role_in(s) for s in a.clean)) if a.clean else set()
    names = _names(a)
    numbers = {n for s in a.clean for n in s.numbers}
    experience = a.with_cue("experience")
    actions = set().union(*(a.matches("concrete_action", s) for s in a.clean)) if a.clean else set()
    points = (
        (2 if named else 0)
        + min(len(blurb), 3)
        + min(len(role), 1)
        + min(len(names), 3)
        + min(len(numbers), 2)
        + min(len(experience), 3)
        + min(len(actions) // 3, 2)
    )
    score = 5
    for limit, value in a.lex.specificity["thresholds"]:
        if points < limit:
            score = value
            break
    if score == 5 and not ((named or blurb) and experience):
        score = 4
    if score >= 4 and not (experience or named or blurb or role):
        score = 3
    evidence = sorted(
        {*experience[:2], *named[:1]} | {s for s in a.clean if a.keys.blurb_in(s)},
        key=lambda s: s.index,
    )[:3]
    key = {1: "generic", 2: "mostly_generic", 3: "some_detail", 4: "tailored", 5: "personal"}
    return Judgement(score, key[score], evidence)


def _serves(a: Analysis, s: Sentence) -> bool:
    """A commitment that names who or what it serves is a link between goals and value."""
    return a.has("beneficiary", s) or len(a.context_hits(s)) >= 2


def sincerity_realism(a: Analysis) -> Judgement:
    if not a.clean:
        return Judgement(1, "no_content")
    value = [s for s in a.with_cue("value_link") if a.first_person(s) or a.has("company_ref", s)]
    value += [s for s in _committed(a) if s not in value and _serves(a, s)]
    humble = a.with_cue("humility")
    experience = a.with_cue("experience")
    cliches = sum(len(a.lex.cue("cliche").findall(s.norm)) for s in a.clean)
    goals = a.with_cue("goal_statement")
    if cliches >= 2 or (not value and not goals):
        return Judgement(2, "cliched" if cliches >= 2 else "self_serving", a.clean[:1])
    if len(value) >= 2 and humble and experience and goals:
        return Judgement(5, "meaningful", sorted({value[0], humble[0]}, key=lambda s: s.index))
    if value and (humble or experience):
        return Judgement(4, "realistic", value[:2])
    return Judgement(3, "generic", (value or goals)[:1])


SCORERS: dict[str, Callable[[Analysis], Judgement]] = {
    "enthusiasm": enthusiasm,
    "short_term_goals": short_term_goals,
    "long_term_vision": long_term_vision,
    "company_alignment": company_alignment,
    "learning_growth": learning_growth,
    "commitment": commitment,
    "conciseness": conciseness,
    "specificity": specificity,
    "sincerity_realism": sincerity_realism,
}
