"""What earns a move's higher scores (round 16: measured on seven wordings of the labelled dev
answers, thresholds chosen with each held out in turn; evals/README.md). Paraphrases keep a
goal's substance, its horizon and whom it is about, but change the cue words, so these scores
rest on the former."""

from __future__ import annotations

import pytest

from interview_coach.offline.grader import OfflineGrader
from offline_answers import CONTEXT

OPEN = "Thank you for having me. "


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader()


def judged(grader: OfflineGrader, text: str, criterion: str) -> tuple[int, str]:
    j = grader.read(OPEN + text, CONTEXT).judgements[criterion]
    return j.score, j.key


@pytest.mark.parametrize(
    "text,expected",
    [
        # round 17: a goal of one's own placed years ahead is a direction in any words
        (
            "In five years I'd want to be on the team that plans the next generation of meters.",
            (4, "clear"),
        ),
        (
            "Three or four years on, I'd hope to be heading the whole platform's reliability work, "
            "with a small group of my own.",
            (4, "clear"),
        ),
        # ... unless it is hedged or vague
        ("In a few years, who knows, I'd like to see where things go.", (1, "none")),
        (
            "Long term I'm not sure, maybe in five years I'd want to try something different.",
            (2, "vague"),
        ),
    ],
)
def test_a_goal_placed_years_ahead_is_a_direction_without_its_cue_words(
    grader: OfflineGrader, text: str, expected: tuple[int, str]
) -> None:
    assert judged(grader, text, "long_term_vision") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # placed years ahead and said in substance, with no "specialist" or "lead" in it
        (
            "In five years I'd like to be the engineer who designs how your meter readings flow "
            "from millions of homes into billing, and who the newer developers come to with "
            "questions.",
            (5, "credible"),
        ),
        ("In five years I'd like to be a senior engineer.", (4, "clear")),
        # depth words without a horizon: a direction, not yet a credible vision
        (
            "Eventually I'd like to become a specialist in data pipelines and lead the design of "
            "how readings reach billing for the whole platform.",
            (3, "bare_title"),
        ),
    ],
)
def test_long_term_top_score_needs_a_horizon_and_substance(
    grader: OfflineGrader, text: str, expected: tuple[int, str]
) -> None:
    assert judged(grader, text, "long_term_vision") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a first-year result with two concrete things is the rubric's "picture of what they
        # will have delivered"
        (
            "In my first year I want to own the meter-reading API and get it to the point where "
            "nobody has to check readings by hand.",
            (5, "concrete"),
        ),
        ("In my first year I want to learn Kafka and Postgres.", (4, "clear")),
        # seven concrete things stand in for a stated result
        (
            "In my first year I want to get fluent in Python, Postgres, Kafka, Terraform, the "
            "billing service, the meter-reading API and the on-call rota.",
            (5, "concrete"),
        ),
    ],
)
def test_short_term_top_score_needs_a_result_or_many_concrete_goals(
    grader: OfflineGrader, text: str, expected: tuple[int, str]
) -> None:
    assert judged(grader, text, "short_term_goals") == expected


@pytest.mark.parametrize(
    "opening,expected",
    [
        ("Thanks for having me here.", (3, "open_partial")),
        ("Thanks for having me, I appreciate the time.", (3, "open_partial")),
        # thanks and the company named: personal interest, without a word of enthusiasm
        ("Thank you for inviting me to Quayside Energy.", (4, "open_partial_specific")),
    ],
)
def test_thanks_that_names_the_company_opens_personally(
    grader: OfflineGrader, opening: str, expected: tuple[int, str]
) -> None:
    text = opening + " In my first year I want to learn Kafka and Postgres."
    assert judged(grader, text, "enthusiasm") == expected


@pytest.mark.parametrize(
    "close,expected",
    [
        # the role's own words, but no one the work serves: clear, not yet about impact
        (
            "I'm committed to building reliable billing services and meter-reading pipelines for "
            "the platform team here at Quayside.",
            (4, "concludes_generic"),
        ),
        (
            "I'm committed to building billing software that helps every household trust the "
            "numbers on their bill.",
            (5, "concludes_specific"),
        ),
        ("I'll work hard for the team.", (3, "generic_end")),
        # round 17: a short close commits without saying to what (labelled 3 in 58 of 63)
        ("I'd be committed to the residents and the team.", (3, "generic_end")),
        ("I'll work really hard for the customers.", (3, "generic_end")),
        # ... but a short close that names what it will achieve is still a commitment
        ("I'll make sure the readings reach billing on time.", (4, "concludes_generic")),
    ],
)
def test_the_top_commitment_names_whom_the_work_serves(
    grader: OfflineGrader, close: str, expected: tuple[int, str]
) -> None:
    text = "In my first year I want to learn Kafka and Postgres. " + close
    assert judged(grader, text, "commitment") == expected


@pytest.mark.parametrize(
    "wish,expected",
    [
        # what, and from whom at this company, in one sentence
        ("I want to learn from your platform team how you run incident reviews.", (5, "specific")),
        ("I'd love to pick up how your platform team runs incident reviews.", (5, "specific")),
        ("I want to learn Kafka properly.", (4, "named")),
    ],
)
def test_the_top_learning_score_says_from_whom_at_this_company(
    grader: OfflineGrader, wish: str, expected: tuple[int, str]
) -> None:
    text = "In my first year I want to own the meter-reading API. " + wish
    assert judged(grader, text, "learning_growth") == expected
