"""Scorers for the guide's steps (commitment in `commitment.py`; the three qualities and the
registry of all nine in `quality.py`): a 1-5 score, the sentences that show it, and an outcome key.

The outcome key names what was found or missing (e.g. `open_generic`, `buried`, `none`); the
reason, strength and improvement texts for each key live in `prompts/offline_feedback.yaml`.
Anchors follow `prompts/rubric.yaml`; positions follow the guide (enthusiasm opens the answer,
commitment concludes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import NOT_NAMES
from .signals import Analysis
from .text import Sentence

_YEARS_HORIZON = re.compile(
    r"\b(?:three|four|five|six|seven|eight|ten|few|several|couple of|[3-9]|10|15)"
    r"(?:[- ]to[- ]\w+| or (?:four|five|six|so))?[- ]years?\b"
    r"|\b(?:third|fourth|fifth|sixth|tenth) year\b|\b(?:half a |a )decade\b"
)
_LIST_SPLIT = re.compile(r",\s*(?:and |or )?|;\s*|\s+and\s+")
CREDIBLE_WORDS = 25
"""Words a long-term direction placed years ahead needs for the top score: what it will be, not
only its title. Round 16 chose it, and dropped the depth words ("specialist", "lead") it replaced,
on seven wordings of the labelled dev answers, each held out in turn (evals/README.md): a
paraphrase keeps the horizon and the substance but not the depth words."""
RICH_GOALS = 7
"""Concrete things named across the immediate goals that earn the top short-term score without a
stated first-year result (a result earns it with two): round 16 chose these on seven wordings of
the labelled dev answers, each held out in turn (evals/README.md)."""


@dataclass(frozen=True)
class Judgement:
    score: int
    key: str
    evidence: list[Sentence] = field(default_factory=list)


def _details(a: Analysis, s: Sentence) -> set[str]:
    """Concrete things in a sentence: context words, names, numbers, concrete actions and the
    items of a spelled-out list ("...: rotas, ordering and the P&L")."""
    found = a.context_hits(s)
    found |= {w.lower() for w in s.inner_caps if w.lower() not in NOT_NAMES}
    found |= set(s.numbers)
    found |= a.matches("concrete_action", s)
    found |= {f"item:{item}" for item in _list_items(s)[:3]}
    return found


def _list_items(s: Sentence) -> list[str]:
    """The items of a list introduced by a colon, when there are at least three."""
    _, colon, tail = s.norm.partition(":")
    if not colon:
        return []
    items = [i.strip() for i in _LIST_SPLIT.split(tail) if len(i.split()) >= 1 and i.strip()]
    return items if len(items) >= 3 else []


def enthusiasm(a: Analysis) -> Judgement:
    op = a.opening
    grat = a.with_cue("gratitude", op)
    strong = a.with_cue("enthusiasm_strong", op)
    mild = a.with_cue("enthusiasm_mild", op)
    tied = [s for s in op if _tied_to_company(a, s)]
    cued = sorted({*grat, *strong, *mild, *tied}, key=lambda s: s.index)
    if a.with_cue("flat_opening", op) and not (grat or strong or mild):
        return Judgement(1, "flat_opening", a.with_cue("flat_opening", op))
    if grat and tied:
        return Judgement(5, "open_specific", cued)
    if grat and (strong or mild):
        return Judgement(4, "open_generic", cued)
    if grat or strong or mild:
        personal = _personal_to_company(a, op) if grat else []
        if tied or strong or personal:
            evidence = sorted({*cued, *personal}, key=lambda s: s.index)
            return Judgement(4, "open_partial_specific", evidence)
        return Judgement(3, "open_partial", cued)
    weak = a.with_cue("enthusiasm_weak", op)
    if weak:
        return Judgement(2, "weak_opening", weak)
    later_strong = a.with_cue("gratitude") + a.with_cue("enthusiasm_strong")
    if later_strong:
        return Judgement(3, "buried", sorted(set(later_strong), key=lambda s: s.index)[:2])
    later_mild = a.with_cue("enthusiasm_mild") + a.with_cue("enthusiasm_weak")
    if later_mild:
        return Judgement(2, "buried_mild", later_mild[:2])
    return Judgement(1, "none")


def _personal_to_company(a: Analysis, opening: list[Sentence]) -> list[Sentence]:
    """Opening sentences that turn thanks into interest in this company: they name it, or refer
    to it ("your", "here") and to something of its own. With thanks, that is the rubric's
    "gratitude plus personal interest" (4), even without a word of enthusiasm; measured in round
    16 on seven wordings of the labelled dev answers (evals/README.md). A bare "thanks for
    having me here" stays a courtesy (3)."""
    named = [s for s in opening if a.keys.company_in(s)]
    if named:
        return named
    own = [s for s in opening if a.has("company_specific_ref", s) or a.keys.blurb_in(s)]
    referred = [s for s in opening if a.has("company_ref", s)]
    return sorted({*own, *referred}, key=lambda s: s.index) if own and referred else []


def _tied_to_company(a: Analysis, s: Sentence) -> bool:
    """An opening sentence whose interest is tied to this company: it names the company or
    something of its own, and says why it matters to the candidate or how they know it."""
    if not (a.first_person(s) or a.keys.company_in(s)):
        return False
    if a.keys.company_in(s) or a.has("company_specific_ref", s):
        return any(
            a.has(c, s)
            for c in ("company_motive", "company_encounter", "enthusiasm_strong", "enthusiasm_mild")
        )
    return a.has("company_ref", s) and a.has("company_encounter", s)


def _long_term(a: Analysis) -> list[Sentence]:
    """Sentences placed in the longer term: a clear horizon, or a softer pointer ("beyond that",
    "later on") in a sentence that names no short-term time."""
    return [
        s
        for s in a.clean
        if a.has("long_term_time", s)
        or (a.has("long_term_soft", s) and not a.has("short_term_time", s))
    ]


def _long_term_idx(a: Analysis) -> set[int]:
    return {s.index for s in _long_term(a)}


def short_term_goals(a: Analysis) -> Judgement:
    lt = _long_term_idx(a)
    st: list[Sentence] = []
    prev = False
    for s in a.spoken:
        timed = a.has("short_term_time", s) and (a.has("goal_statement", s) or a.first_person(s))
        follow = (
            prev
            and (a.has("goal_statement", s) or a.has("first_year_outcome", s))
            and s.index not in lt
        )
        if (timed and (s.index not in lt or a.has("goal_statement", s))) or follow:
            st.append(s)
            prev = True
        else:
            prev = _time_heading(a, s)
    if not st:
        return _untimed_goals(a, lt)
    details = set().union(*(_details(a, s) for s in st))
    outcome = any(s.numbers or a.has("first_year_outcome", s) for s in st)
    several = len(st) >= 2 and len(details) >= 5
    if len(details) >= 2 and (outcome or several or len(details) >= RICH_GOALS):
        return Judgement(5, "concrete", st)
    if len(details) >= 2:
        return Judgement(4, "clear", st)
    if any(a.has("vague_goal", s) for s in st):
        return Judgement(2, "vague", st)
    return Judgement(3, "loose", st)


def _time_heading(a: Analysis, s: Sentence) -> bool:
    """A bare time phrase that heads what follows ("So, first year." or "Year one:")."""
    return a.has("short_term_time", s) and s.content_words <= 5


def _untimed_goals(a: Analysis, lt: set[int]) -> Judgement:
    """Goals for the job stated without a time word ("I'd like to learn the bigger kit and run a
    room on my own"): immediate by default unless placed in the longer term. A learning goal
    counts when it names concrete things to do in the role."""
    implicit = [
        s
        for s in a.clean
        if a.has("goal_statement", s)
        and s.index not in lt
        and (a.keys.role_in(s) or a.has("concrete_action", s))
        and not any(a.has(c, s) for c in ("vague_goal", "commitment"))
        and (not a.has("learning", s) or a.has("first_year_outcome", s))
    ]
    if implicit:
        details = set().union(*(_details(a, s) for s in implicit))
        score = 4 if len(details) >= 5 else 3 if len(details) >= 3 else 2
        return Judgement(score, "implicit", implicit[:2])
    vague = [s for s in a.clean if a.has("vague_goal", s) or a.has("goal_statement", s)]
    if vague:
        return Judgement(2, "vague", vague[:1])
    return Judgement(1, "none")


def _placed_aim(a: Analysis, s: Sentence) -> bool:
    """A goal of one's own placed years ahead ("five years in, I'd hope to be who other
    therapists turn to with their hardest cases"): a direction whatever words it uses, unless
    it is hedged or vague ("in a few years, who knows, I'd like to see where things go")."""
    return (
        bool(_YEARS_HORIZON.search(s.norm))
        and a.first_person(s)
        and a.has("goal_statement", s)
        and not any(a.has(c, s) for c in ("hedge", "vague_goal"))
    )


def _stated_aim(a: Analysis, s: Sentence) -> bool:
    """A long-term aim said without the direction cue words: by the work, or placed years ahead."""
    return _work_aim(a, s) or _placed_aim(a, s)


def _work_aim(a: Analysis, s: Sentence) -> bool:
    """A goal described by the work itself rather than a title ("be one of the reporters you
    send for captioning work", "set out the complex staircases for others to make")."""
    return (
        a.first_person(s)
        and a.has("goal_statement", s)
        and (len(a.context_hits(s)) >= 2 or len(a.matches("concrete_action", s)) >= 2)
    )


def long_term_vision(a: Analysis) -> Judgement:
    timed = [s for s in _long_term(a) if a.has("future", s)]
    core = [
        s
        for s in timed
        if a.has("long_term_direction", s)
        or a.has("long_term_generic", s)
        or a.has("title_money", s)
    ]
    core += [s for s in timed if s not in core and _stated_aim(a, s)]
    if core:
        directed = [s for s in core if a.has("long_term_direction", s) or _stated_aim(a, s)]
        words = sum(s.word_count for s in core)
        if a.word_count > 120 and words > 0.4 * a.word_count:
            return Judgement(3, "too_long", core)
        if any(a.has("hedge", s) for s in core):
            if directed:
                return Judgement(3, "generic", directed)
            return Judgement(2, "vague", core)
        if not directed:
            generic = [s for s in core if a.has("long_term_generic", s)]
            if generic:
                return Judgement(3, "generic", generic)
            return Judgement(2, "title_money", core)
        said = sum(s.word_count for s in directed)
        horizon = any(_YEARS_HORIZON.search(s.norm) for s in core)
        elaborated = said >= 18 and any(a.has("long_term_elaboration", s) for s in directed)
        if horizon and said >= CREDIBLE_WORDS:
            return Judgement(5, "credible", directed)
        if elaborated or horizon:
            return Judgement(4, "clear", directed)
        return Judgement(3, "bare_title", directed)
    untimed = [
        s
        for s in a.clean
        if a.first_person(s)
        and (a.has("long_term_generic", s) or a.has("long_term_depth", s))
        and a.has("goal_statement", s)
        and not a.has("short_term_time", s)
    ]
    if untimed:
        return Judgement(3, "untimed", untimed[:2])
    vague = [s for s in timed if a.first_person(s)]
    if vague:
        return Judgement(2, "vague", vague[:1])
    return Judgement(1, "none")


def company_alignment(a: Analysis) -> Judgement:
    """A stated reason ("because", "is why I applied") next to something specific about the
    company is a link; so is a goal aimed at something specific of the company ("own your
    reminder service"). Two such links, with the company named or its own description quoted,
    weave the goals into it (5), whether or not a reason word says so: round 16 measured that
    labellers give 5 to two goal links as often as to two stated reasons, and a paraphrase
    drops the reason words first. A stated reason about two or more things from the company's
    own description ("the diabetes clinic is why I applied") refers to it as clearly as "your"
    does."""
    specific: list[Sentence] = []
    reasoned: list[Sentence] = []
    generic: list[Sentence] = []
    named: list[Sentence] = []
    for s in a.clean:
        is_named = a.keys.company_in(s)
        if is_named:
            named.append(s)
        stated = a.has("company_motive", s)
        ref = is_named or a.has("company_ref", s) or (stated and _describes_company(a, s))
        aimed = a.first_person(s) and (a.has("goal_statement", s) or a.has("future", s))
        if not (ref and (a.first_person(s) or stated)):
            continue
        detail = a.keys.blurb_in(s) or a.has("company_specific_ref", s)
        if detail and (stated or aimed):
            specific.append(s)
            if stated:
                reasoned.append(s)
        elif a.has("company_generic", s) or is_named or detail:
            generic.append(s)
    researched = bool(named) or any(a.keys.blurb_in(s) for s in specific)
    ignorance = a.with_cue("company_ignorance")
    if ignorance:
        return Judgement(2, "named_only", ignorance[:1])
    if len(specific) >= 2 and researched:
        return Judgement(5, "woven", sorted({*reasoned[:2], *specific[:2]}, key=lambda s: s.index))
    if specific:
        return Judgement(4, "specific", specific[:2])
    if generic:
        return Judgement(3, "generic", generic[:2])
    if named:
        return Judgement(2, "named_only", named[:1])
    return Judgement(1, "none")


def _describes_company(a: Analysis, s: Sentence) -> bool:
    """The sentence names two or more things from the company's own description that are not
    simply the job ("the diabetes clinic", "the weekly-update promise")."""
    return len(a.keys.blurb_in(s) - a.keys.role_in(s)) >= 2


def learning_growth(a: Analysis) -> Judgement:
    know = a.with_cue("know_it_all")
    if know:
        return Judgement(1, "know_it_all", know[:1])
    spoken = [
        s
        for s in a.clean
        if (a.has("learning", s) or a.has("learning_specific", s))
        and (a.first_person(s) or a.has("company_ref", s))
        and _wish_or_need(a, s)
    ]
    items = [s for s in _listed_after(a, spoken) if s not in spoken]
    spoken += items
    spec = [s for s in spoken if a.has("learning_specific", s) or s in items]
    if len(spec) >= 2 or any(_learns_here(a, s) for s in spec):
        return Judgement(5, "specific", spec[:3])
    if spec:
        return Judgement(4, "named", spec)
    if spoken:
        substantive = [s for s in spoken if not a.has("learning_token", s) or s.word_count > 14]
        if substantive:
            return Judgement(3, "generic", substantive[:2])
        return Judgement(2, "token", spoken[:1])
    token = a.with_cue("learning_token")
    if token:
        return Judgement(2, "token", token[:1])
    return Judgement(1, "none")


def _learns_here(a: Analysis, s: Sentence) -> bool:
    """What to learn, and how or from whom at this company ("learn how you run incident reviews
    from your platform team"): the rubric's top score for learning in one sentence. Labellers
    give it 5 in 70 of 92 such sentences over seven wordings of the labelled dev answers (round
    16, evals/README.md)."""
    return a.has("learning_how", s) and (a.has("company_ref", s) or bool(a.keys.blurb_in(s)))


def _listed_after(a: Analysis, heads: list[Sentence]) -> list[Sentence]:
    """The items after a short lead-in ("Two things I'd want to learn here. One is... The other
    is..."): up to two following sentences that read as list items or name something
    specific to learn. They count as naming what to learn."""
    out: list[Sentence] = []
    for head in heads:
        if head.word_count > 10:
            continue
        nxt = [s for s in a.clean if head.index < s.index <= head.index + 2]
        out += [s for s in nxt if a.has("list_item", s) or a.has("learning_specific", s)]
    return out


def _wish_or_need(a: Analysis, s: Sentence) -> bool:
    """A sentence that wants, plans or needs something, not only a record of what was done."""
    return any(a.has(c, s) for c in ("future", "goal_statement", "learning_need", "learning_token"))
