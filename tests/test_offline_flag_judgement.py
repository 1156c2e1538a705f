"""Good answers that brush against a red flag's topic keep no flag (issue 9, round 13): a past
job told as a fact and not run down, pay named and then set aside in the next sentence, a
spouse's studies, "the business side" of a trade, a goal the candidate has thought about. Each
near miss sits beside a sentence that must still fire."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.grader import OfflineGrader
from offline_answers import content_flags

GRADER = OfflineGrader()
CONTEXT = InterviewContext(role="Payroll Officer", company="Hartley Foods")
PLAN = (
    " In my first months I want to learn your payroll system and your year-end process, and "
    "longer term I'd like to lead the payroll team here."
)


def flags(answer: str) -> set[str]:
    return content_flags(GRADER, answer + PLAN, CONTEXT)


@pytest.mark.parametrize(
    ("near_miss", "fires", "flag"),
    [
        (
            "My previous job was payroll for a bakery chain, and I was made redundant last year "
            "when they closed the office.",
            "My previous job was payroll for a bakery chain, and the place was a shambles and the "
            "manager was useless.",
            "negativity",
        ),
        (
            "The pay is good here, no doubt about it. But what really drew me was the team.",
            "The pay is good here, no doubt about it, and that's the whole reason I'm sitting "
            "here.",
            "money_only",
        ),
        (
            "Payroll is where I want to be, I've thought about it a lot.",
            "Pay is why I'm here, I've thought about it a lot.",
            "money_only",
        ),
        (
            "My wife has just started her PhD at the university here, which takes three years "
            "at least, so we've moved to the area and I'm looking for somewhere to settle.",
            "I have accepted a place on a full-time master's starting this September, so I'd be "
            "with you for the summer.",
            "school_or_business",
        ),
    ],
)
def test_a_near_miss_is_silent_and_its_pair_fires(near_miss: str, fires: str, flag: str) -> None:
    assert flag not in flags(near_miss)
    assert flag in flags(fires)


def own_flags(answer: str, role: str) -> set[str]:
    return content_flags(GRADER, answer, InterviewContext(role=role))


def test_the_business_side_of_a_trade_is_not_a_business_of_ones_own() -> None:
    said = (
        "Short term, I want to be a sous chef you can rely on: running the pass, keeping the "
        "costings tight, training the commis. Longer term, yes, I'd like to be a head chef one "
        "day, ideally somewhere like this, and I know that means a few more years learning menu "
        "development and the business side first. I'd love for that learning to happen here."
    )
    assert "school_or_business" not in own_flags(said, "Sous Chef")


def test_a_goal_the_candidate_has_thought_about_is_not_no_goals() -> None:
    said = (
        "Cooking is where I want to be, I've thought about it a lot. I want to learn your menu "
        "and train the commis."
    )
    assert "no_goals" not in own_flags(said, "Sous Chef")
