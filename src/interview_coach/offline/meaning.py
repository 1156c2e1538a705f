"""What the answer means, on top of the rules: the semantic layer's moves, flags and floors.

The rules read wording; they stay in charge where wording is exact (length, numbers, verbatim
evidence, the opening and closing positions). The semantic reader (`semantic.py`) says what each
sentence means. This module turns that into:

- red flags found by meaning ("I'll probably only stay a year or so"), each quoting its sentence;
  a flag fires only when its label beats the near miss that shares its words ("grow into leading
  a team here" is ambition, not wanting the interviewer's job);
- floors for the guide's moves: a sentence that clearly makes a move earns at least the rubric's
  "generic" anchor for it, more when it names something concrete, so a paraphrase scores like
  the wording the rules know;
- the "no goals" flag (goals capped at 1) when the answer says it has none and states none.

A flag label fires at `FLAG_MIN`, or at the classifier's own decision point when it is the
sentence's most likely label by a clear margin (fresh paraphrases often land at 0.5-0.7); the
margins were chosen on dev with the dev-tagged exemplars left out (evals/README.md, round 2).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .commitment import is_plan
from .denial import denial, sets_aside
from .leaving import names_study_or_own
from .matching import found
from .scoring import Judgement, _details, _wish_or_need
from .signals import Analysis
from .text import Sentence

# red-flag label -> (flag id, the near-miss labels that share its words)
FLAG_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stepping_stone": ("stepping_stone", ("near_miss_staying", "near_miss_past", "long_term")),
    "school_or_business": (
        "school_or_business",
        ("near_miss_study", "near_miss_business"),
    ),
    "money_motive": ("money_only", ("near_miss_pay",)),
    "wants_your_job": ("wants_your_job", ("near_miss_ambition", "near_miss_realistic")),
    "unrealistic": ("grandiose", ("near_miss_realistic", "near_miss_ambition", "long_term")),
    "negativity": ("negativity", ("near_miss_past", "near_miss_pay")),
}
FLAG_MIN = 0.7
# Below FLAG_MIN, a flag label still fires at the classifier's own decision point when it is the
# sentence's most likely label of all: fresh paraphrases of a flag often land at 0.5-0.7.
FLAG_TOP_MIN = 0.5
FLAG_TOP_MARGIN = 0.3
# "No goals" needs no sentence stating a goal as well, so it can be read with a smaller margin.
NO_GOALS_TOP_MARGIN = 0.15
FLAG_MARGIN = 0.15
FLAG_MIN_WORDS = 5
NO_GOALS_MIN_WORDS = 3  # "Anyway, goals." is a heading, not a statement
DENIAL_REST_MIN_WORDS = 3  # what is left of a sentence without its denial, to be read again
MOVE_MIN = 0.6
# A company link needs an explicit reference to the employer as well, so it can be read with
# less confidence from meaning alone.
LINK_WITH_REFERENCE_MIN = 0.5
CLOSING_COMMIT_MIN = 0.45
_MOVE_LABELS = ("enthusiasm", "short_term", "long_term", "company_link", "learning", "commitment")
FLAG_SURE = 0.85
RULES_FOUND = 2
MONEY_AMONG_MOVES = 3
_NAMED_COMPANY = re.compile(
    r"(?:\b(?:at|join|joining|with|for)\s+|^)((?:[A-Z][\w&-]+\s?){1,3})(?:'s|’s)?"
)


@dataclass(frozen=True)
class Meaning:
    labels: tuple[str, ...]
    probs: np.ndarray  # [clean sentences, labels]
    sentences: list[Sentence]

    def p(self, label: str, s: Sentence) -> float:
        return float(self.probs[self._row(s), self.labels.index(label)])

    def _row(self, s: Sentence) -> int:
        return next(i for i, t in enumerate(self.sentences) if t.index == s.index)

    def is_top(self, label: str, s: Sentence, margin: float = 0.0) -> bool:
        """The label is the sentence's most likely one, by at least `margin`."""
        row = self.probs[self._row(s)]
        j = self.labels.index(label)
        return bool((row[j] - np.delete(row, j)).min() >= margin)

    def with_label(self, label: str, minimum: float = MOVE_MIN) -> list[Sentence]:
        j = self.labels.index(label)
        return [s for i, s in enumerate(self.sentences) if self.probs[i, j] >= minimum]


# Cues a sentence carries by meaning where its wording has none (`Analysis.read_as`). The rules
# place a goal in time by its wording ("in five years", "in my first year"); a sentence whose
# wording names no time, and which the model reads as a short- or long-term goal above anything
# else, is placed by its meaning ("after a few years of that", "once I know the kit"). A wish to
# learn in other words ("where I want to improve is writing SQL properly") is learning, and names
# what to learn when it names something (a tool, a number, the company's own work). The rules'
# other tests (a direction, details, depth, hedges, a wish rather than a record) still decide
# what each sentence earns.
_PLACED_BY_MEANING = {"short_term": "short_term_time", "long_term": "long_term_time"}
_TIME_CUES = ("short_term_time", "long_term_time", "long_term_soft")


def cues_by_meaning(a: Analysis, m: Meaning) -> dict[str, frozenset[int]]:
    """cue -> indices of the sentences that carry it by meaning."""
    out: dict[str, set[int]] = {}
    for label, cue in _PLACED_BY_MEANING.items():
        for s in m.with_label(label):
            timed = any(found(a.lex.cue(c), s.norm) for c in _TIME_CUES)
            if m.is_top(label, s) and not timed:
                out.setdefault(cue, set()).add(s.index)
    for s in m.with_label("learning"):
        out.setdefault("learning", set()).add(s.index)
        if s.inner_caps or s.numbers or a.keys.blurb_in(s):
            out.setdefault("learning_specific", set()).add(s.index)
    return {cue: frozenset(idx) for cue, idx in out.items()}


def read_meaning(a: Analysis, probs: np.ndarray, labels: tuple[str, ...]) -> Meaning:
    return Meaning(labels, probs, list(a.clean))


_SCALE = re.compile(
    r"\b(?:best|top|famous|youngest|global|world|billion\w*|million\w*|empire|unicorn|every|"
    r"all of|the company|this company|the business|the region|the country|"
    r"(?:whole|entire) (?:[\w-]+ )?(?:company|business|organi[sz]ation|firm|group|industry|sector|"
    r"world|country|region|market|chain|brand|department|division|function|service)|"
    r"all (?:of )?(?:your|the|our) (?:[\w-]+ )?(?:branches|stores|shops|sites|offices|teams|"
    r"departments|restaurants|clinics|schools|hotels|regions|operations))\b"
)  # "the whole site" or "the whole line" is one unit's scale, an ordinary next step


def _leaving_to_study_or_own(a: Analysis, m: Meaning, s: Sentence) -> bool:
    """A plan to leave that names study or a business of one's own is that flag, not the
    stepping stone."""
    return names_study_or_own(a, s) and m.p("school_or_business", s) >= FLAG_TOP_MIN


def _ambition_scale(a: Analysis, s: Sentence) -> bool:
    """An unrealistic goal names a rank or a scale ("CEO", "head of", "the whole company",
    "the best in the world"); a realistic next step ("a qualified installer") names neither."""
    titles = a.lex.flags["grandiose"].params["titles"].values()
    return bool(_SCALE.search(s.norm)) or any(re.search(t, s.norm) for t in titles)


def _aims(a: Analysis, s: Sentence) -> bool:
    """The sentence states a goal or the future, not a record ("I've supported a sales director
    for four years" names a rank without aiming at it)."""
    return a.has("future", s) or a.has("goal_statement", s)


Reread = Callable[[list[str]], np.ndarray]


# Flags the model reads by topic that need their subject named in the sentence as well: a fact
# about a past job ("I was made redundant when they closed the head office") is not negativity
# without a word of judgement, and "payroll is where I want to be" is not money as the motive
# without a word for money. label -> (flag id, lexicon parameter with the pattern)
_SUBJECT_NAMED = {
    "negativity": ("negativity", "judgement"),
    "money_motive": ("money_only", "topic"),
}


def _shows_subject(a: Analysis, label: str, s: Sentence) -> bool:
    if label not in _SUBJECT_NAMED:
        return True
    fid, param = _SUBJECT_NAMED[label]
    return bool(re.search(a.lex.flags[fid].params[param], s.norm))


def _set_aside_next(a: Analysis, fid: str, s: Sentence) -> bool:
    """The next sentence opens with "but" and sets the flag's subject aside ("The commission
    here is attractive, course it is. But what actually got me interested was ...")."""
    after = [t for t in a.clean if t.index > s.index][:1]
    return (
        bool(after)
        and after[0].norm.startswith("but ")
        and sets_aside(a.lex.denials, fid, after[0])
    )


def _denied(a: Analysis, m: Meaning, label: str, fid: str, s: Sentence, reread: Reread) -> bool:
    """The sentence sets the flag aside, or denies it in a clause and its other clauses, read
    again, do not carry it (`denial.py`)."""
    if sets_aside(a.lex.denials, fid, s) or _set_aside_next(a, fid, s):
        return True
    found = denial(a.lex.denials, fid, s)
    if found is None:
        return False
    if len(found.rest.split()) < DENIAL_REST_MIN_WORDS:
        return True
    return float(reread([found.rest])[0, m.labels.index(label)]) < FLAG_MIN


def flag_sentences(
    a: Analysis, m: Meaning, reread: Reread, moves_made: int = 0
) -> list[tuple[str, Sentence, float]]:
    """(flag id, sentence, probability) for each red flag read from meaning, strongest
    sentence per flag; `reread` gives label probabilities for text that is not a sentence of
    the answer (what is left of one without the clause that denies a flag).

    Money is a red flag when it is the motive, not when it is one reason among several: an
    answer that already makes `MONEY_AMONG_MOVES` of the guide's moves keeps no money flag."""
    best: dict[str, tuple[float, Sentence]] = {}
    for label, (fid, near) in FLAG_LABELS.items():
        if fid == "money_only" and moves_made >= MONEY_AMONG_MOVES:
            continue
        for s in m.with_label(label, FLAG_TOP_MIN):
            p = m.p(label, s)
            if not m.is_top(label, s, FLAG_TOP_MARGIN if p < FLAG_MIN else 0.0):
                continue
            if s.content_words < FLAG_MIN_WORDS or any(m.p(n, s) > p - FLAG_MARGIN for n in near):
                continue
            if label == "unrealistic" and not (_ambition_scale(a, s) and _aims(a, s)):
                continue
            if label == "school_or_business" and not names_study_or_own(a, s):
                continue
            if not _shows_subject(a, label, s):
                continue
            if _denied(a, m, label, fid, s, reread):
                continue
            out = fid
            if label == "stepping_stone" and _leaving_to_study_or_own(a, m, s):
                if sets_aside(a.lex.denials, "school_or_business", s):
                    continue
                out = "school_or_business"
            if out not in best or p > best[out][0]:
                best[out] = (p, s)
    return [(fid, s, p) for fid, (p, s) in best.items()]


def mentions_company(a: Analysis, s: Sentence) -> bool:
    """The sentence refers to the employer: by the settings' name or blurb, by "your"/"here"/
    "this team", or by a company name of its own ("Acme Health's focus on...")."""
    if a.keys.company_in(s) or a.keys.blurb_in(s) or a.has("company_ref", s):
        return True
    return any(
        w.strip().lower() not in ("i", "i'm", "i'd", "i've", "i'll")
        for w in _NAMED_COMPANY.findall(s.text)
        if w.strip() and (s.text.find(w) > 0 or "'s" in s.text or "’s" in s.text)
    )


def _concrete(a: Analysis, s: Sentence) -> bool:
    """Names something: a tool, a name, a number, or a thing of the company's own."""
    return (
        bool(s.inner_caps or s.numbers)
        or any(a.has(c, s) for c in ("learning_specific", "company_specific_ref"))
        or bool(a.keys.blurb_in(s))
    )


def floors(a: Analysis, m: Meaning) -> dict[str, Judgement]:
    """The least each move criterion earns from sentences that make the move by meaning."""
    out: dict[str, Judgement] = {}
    opening = {s.index for s in a.opening}
    closing = {s.index for s in a.closing}

    enth = [s for s in m.with_label("enthusiasm") if s.index in opening]
    if enth:
        out["enthusiasm"] = Judgement(3, "open_partial", enth[:1])

    st = m.with_label("short_term")
    if st:
        detailed = [s for s in st if len(_details(a, s)) >= 2]
        out["short_term_goals"] = Judgement(
            4 if detailed else 3, "clear" if detailed else "loose", (detailed or st)[:2]
        )

    lt = m.with_label("long_term") + m.with_label("near_miss_ambition")
    if lt:
        out["long_term_vision"] = Judgement(3, "generic", sorted(set(lt), key=_pos)[:1])

    link = [
        s
        for s in m.with_label("company_link", LINK_WITH_REFERENCE_MIN)
        if mentions_company(a, s) and (a.first_person(s) or a.keys.company_in(s))
    ]
    if link:
        specific = [s for s in link if _concrete(a, s) or a.has("company_specific_ref", s)]
        out["company_alignment"] = Judgement(
            4 if specific else 3, "specific" if specific else "generic", (specific or link)[:2]
        )

    learn = [
        s for s in m.with_label("learning") + m.with_label("near_miss_study") if _wish_or_need(a, s)
    ]
    if learn:
        named = [s for s in learn if _concrete(a, s)]
        out["learning_growth"] = Judgement(
            4 if named else 3, "named" if named else "generic", (named or learn)[:2]
        )

    commit = [
        s
        for s in m.with_label("commitment")
        + m.with_label("near_miss_staying")
        + _closing_offer(a, m)
        if not is_plan(a, s)
    ]
    if commit:
        at_end = [s for s in commit if s.index in closing]
        aimed = [s for s in at_end if a.context_hits(s) or a.has("beneficiary", s)]
        out["commitment"] = (
            Judgement(4, "concludes_generic", aimed[-1:])
            if aimed
            else Judgement(
                3, "not_at_end" if not at_end else "generic_end", (at_end or commit)[-1:]
            )
        )
    return out


def _closing_offer(a: Analysis, m: Meaning) -> list[Sentence]:
    """Closing sentences whose likeliest move is a commitment ("What you'd get is a reporter who
    handles every word as though someone's case rides on it"): the close is where the guide
    puts the commitment, so there it is read at `CLOSING_COMMIT_MIN`."""
    return [
        s
        for s in a.closing
        if m.p("commitment", s) >= CLOSING_COMMIT_MIN
        and all(m.p("commitment", s) >= m.p(move, s) for move in _MOVE_LABELS)
    ]


def _pos(s: Sentence) -> int:
    return s.index


def no_goals(a: Analysis, m: Meaning) -> list[Sentence]:
    """Sentences saying there are no goals, when no sentence states one."""
    params = a.lex.flags["no_goals"].params
    said = [
        s
        for s in m.with_label("no_goals", FLAG_TOP_MIN)
        if s.content_words >= NO_GOALS_MIN_WORDS
        and (m.p("no_goals", s) >= FLAG_MIN or m.is_top("no_goals", s, NO_GOALS_TOP_MARGIN))
        and re.search(params["topic"], s.norm)
        and not re.search(params["has_plan"], s.norm)
    ]
    if not said or m.with_label("short_term") or m.with_label("long_term"):
        return []
    return said
