"""A goal placed in time by its meaning earns what a time word earns (issue 9, round 14).

The rules place a goal in the short or the long term by its wording ("in my first year", "in five
years"); the semantic layer places a sentence whose wording names no time ("once I've a few
winters of call-outs behind me", "where I'd like it all to lead"), and the rules' other tests
(details, depth, hedges) still decide the score. Wording that does name a time keeps its place:
meaning never moves a sentence the rules have already placed.
"""

from __future__ import annotations

import pytest

from interview_coach.models import GradeReport, InterviewContext
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.meaning import cues_by_meaning
from interview_coach.offline.signals import analyse

CONTEXT = InterviewContext(role="Heating Engineer", company="Warmline Services")
OPENING = "Thank you for seeing me, I'm really keen on this job. "
BACKGROUND = "I've fitted boilers for four years with a small firm. "
CLOSING = " I'd work hard for your customers."

# (time said by its words, the same said by its meaning): long-term sentences
LONG_TERM = [
    (
        "In five years I'd like to specialise in heat pumps and lead the renewables crew, "
        "training the apprentices who come after me.",
        "Once I've got a few winters of your call-outs behind me, I'd like to specialise in heat "
        "pumps and lead the renewables crew, training the apprentices who come after me.",
    ),
    (
        "Longer term I'd like to become a heat pump specialist who designs the systems and "
        "trains the apprentices.",
        "Where I'd like all this to lead is a heat pump specialist role, designing the systems "
        "and training the apprentices.",
    ),
    (
        "In the long run I hope to become the engineer who designs heat pump systems for whole "
        "estates, and to mentor apprentices.",
        "After a good stretch of that, I'd like to be the person who designs heat pump systems "
        "for whole estates and mentors the apprentices.",
    ),
]

SHORT_TERM = (
    "In my first three months I want to get signed off on your gas work and carry a full "
    "service round without anyone checking my paperwork.",
    "My aim for when I start is to get signed off on your gas work and carry a full service "
    "round without anyone checking my paperwork.",
)


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader()


def scores(grader: OfflineGrader, answer: str) -> dict[str, int]:
    report = grader.grade_sync(answer, CONTEXT)
    assert isinstance(report, GradeReport)
    return {c.criterion_id: c.score for c in report.criteria}


@pytest.mark.parametrize(("worded", "meant"), LONG_TERM, ids=["winters", "lead", "stretch"])
def test_a_long_term_goal_without_a_time_word_scores_like_its_worded_twin(
    grader: OfflineGrader, worded: str, meant: str
) -> None:
    by_words = scores(grader, OPENING + BACKGROUND + worded + CLOSING)["long_term_vision"]
    by_meaning = scores(grader, OPENING + BACKGROUND + meant + CLOSING)["long_term_vision"]
    assert by_words >= 4
    assert by_meaning >= 4
    assert abs(by_words - by_meaning) <= 1


def test_a_first_goal_without_a_time_word_counts_as_the_short_term(
    grader: OfflineGrader,
) -> None:
    worded, meant = SHORT_TERM
    by_words = scores(grader, OPENING + worded + CLOSING)["short_term_goals"]
    by_meaning = scores(grader, OPENING + meant + CLOSING)["short_term_goals"]
    assert by_meaning >= 3
    assert abs(by_words - by_meaning) <= 1


def test_meaning_never_moves_a_sentence_its_wording_has_placed(grader: OfflineGrader) -> None:
    """The word "eventually" places a goal in the long term even when the model reads the
    sentence as a first-year plan: it is not made a short-term goal as well."""
    later = (
        "Eventually I'd like to be handling a full service round on my own and getting every job "
        "sheet right first time."
    )
    answer = OPENING + SHORT_TERM[0] + " " + later + CLOSING
    a = analyse(answer, CONTEXT, grader.lexicon)
    m = grader._meaning(a)
    placed = next(s for s in a.clean if s.text == later)
    assert m.p("short_term", placed) >= 0.6  # the model's reading, which the wording overrides
    assert placed.index not in cues_by_meaning(a, m).get("short_term_time", frozenset())
    report = grader.grade_sync(answer, CONTEXT)
    assert isinstance(report, GradeReport)
    short_term = next(c for c in report.criteria if c.criterion_id == "short_term_goals")
    assert later not in short_term.evidence


def test_the_rules_only_engine_reads_no_meaning() -> None:
    rules = OfflineGrader(semantic=False)
    _, meant = LONG_TERM[0]
    report = rules.grade_sync(OPENING + BACKGROUND + meant + CLOSING, CONTEXT)
    assert isinstance(report, GradeReport)
    long_term = next(c for c in report.criteria if c.criterion_id == "long_term_vision")
    assert long_term.score <= 3


FIRST_YEAR = "In my first year I want to carry a full service round on my own. "


@pytest.mark.parametrize(
    "wish",
    [
        "I'd like to improve my skills with Vaillant controls and my fault-finding generally.",
        "I want to improve my skills with the MCS paperwork and heat loss surveys.",
    ],
)
def test_a_wish_to_learn_in_other_words_names_what_to_learn(
    grader: OfflineGrader, wish: str
) -> None:
    assert scores(grader, OPENING + FIRST_YEAR + wish)["learning_growth"] >= 4


def test_a_wish_to_learn_that_names_nothing_stays_generic(grader: OfflineGrader) -> None:
    wish = "I'd like to improve my skills and keep developing as an engineer."
    assert scores(grader, OPENING + FIRST_YEAR + wish)["learning_growth"] == 3


CREW = InterviewContext(role="Cabin Crew")
CREW_PLAN = (
    "Thanks for having me. For my first year I'd like to be fully signed off on your aircraft and "
    "trusted to lead the rear cabin. In about five years I'd hope to be a senior crew member who "
    "trains new joiners. "
)


@pytest.mark.parametrize(
    "closing",
    [
        "What you'd get is a crew member who treats every nervous flyer like family.",
        "I'll be the calm one in the galley when the weather turns.",
        "Every passenger on my flights will be greeted, settled and looked after, whatever the "
        "delay.",
    ],
)
def test_a_closing_commitment_in_other_words_is_a_commitment(
    grader: OfflineGrader, closing: str
) -> None:
    """No "committed", "contribute" or "I'll work hard": the bank's commitment exemplars in
    other voices (round 14) let the model read what the candidate offers."""
    report = grader.grade_sync(CREW_PLAN + closing, CREW)
    assert isinstance(report, GradeReport)
    commitment = next(c for c in report.criteria if c.criterion_id == "commitment")
    assert commitment.score >= 3
