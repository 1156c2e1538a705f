"""Good answers said in other words raise no red flag (issue 9, round 14).

Each near miss is a sentence a good answer says in its own words that a flag's wording or the
sentence model took for the flag: a site left clean, a first step, the interview seen from the
candidate's chair, a goal stated as the direction of a career, a teacher's own school. Each is
checked with the default engine, in a good answer, next to the flagged sentence that shares its
words.
"""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.grader import OfflineGrader
from offline_answers import content_flags

GRADER = OfflineGrader()
OPENING = "Thank you for seeing me, I'm really glad to be here. "
PLAN = (
    "In my first year I want to be signed off on your maintenance procedures and run my own "
    "jobs. In five years I'd like to be a senior technician who trains the apprentices. "
)

NEAR_MISSES = [
    (
        "Heating Engineer",
        "I'll be on site early, I'll leave it clean, and the work I do will be safe for whoever "
        "lives there next.",
    ),
    (
        "Water Treatment Technician",
        "Practically, step one is being signed off on this plant within six months: the dosing, "
        "the alarms and the sampling.",
    ),
    (
        "Barista",
        "I've been pulling shots with your beans for three years, so it's a bit odd being on the "
        "other side of the table.",
    ),
    (
        "Maths Teacher",
        "I see this school as a place where I can develop as a teacher over the long term.",
    ),
]

FLAGGED = [
    (
        "Heating Engineer",
        "Honestly, I'll leave once something better paid comes up.",
        "stepping_stone",
    ),
    ("Water Treatment Technician", "This job is step one, then I'm off.", "stepping_stone"),
    ("Barista", "One day I'd love to be on the other side of the table.", "wants_your_job"),
    ("Maths Teacher", "I'll be going back to school for a PhD next year.", "school_or_business"),
]


@pytest.mark.parametrize(("role", "near_miss"), NEAR_MISSES, ids=[r for r, _ in NEAR_MISSES])
def test_a_good_answer_in_other_words_raises_no_flag(role: str, near_miss: str) -> None:
    answer = OPENING + PLAN + near_miss
    assert content_flags(GRADER, answer, InterviewContext(role=role)) == set()


def test_a_goal_stated_as_the_direction_of_a_career_is_not_no_goals() -> None:
    """With no other goal in the answer, the model reads this sentence as "no goals" (it talks
    about direction and career); its wording states the goal."""
    answer = (
        OPENING + "My immediate goal is getting CT competent, because that's the direction I "
        "want my career to take. I cope well under pressure and I'd be a reliable member of the "
        "team, late shifts and all."
    )
    assert "no_goals" not in content_flags(GRADER, answer, InterviewContext(role="Radiographer"))


@pytest.mark.parametrize(("role", "said", "flag"), FLAGGED, ids=[f for _, _, f in FLAGGED])
def test_the_flag_that_shares_its_words_still_fires(role: str, said: str, flag: str) -> None:
    answer = OPENING + PLAN + said
    assert flag in content_flags(GRADER, answer, InterviewContext(role=role))
