"""Red flags said in new words (issue 9, round 12): superiority by comparison, the interviewer's
job named as an aim, an old workplace run down; and their near misses."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext, Seniority
from interview_coach.offline.grader import OfflineGrader

RULES = OfflineGrader(semantic=False)
CONTEXT = InterviewContext(
    role="Support Worker", company="Brookside Care", seniority=Seniority.junior
)
CONTENT = {"rambling", "one_liner", "injection", "buzzwords"}
GOOD = (
    "Thank you for having me. In my first year I want to learn your care plans and get my "
    "level 3 diploma done, and I'd like to take on medication rounds. "
)


def flags(answer: str) -> set[str]:
    report = RULES.grade_sync(GOOD + answer, CONTEXT)
    return {f.id for f in report.flags} - CONTENT


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        (
            "Truthfully, I'm a good deal sharper than most of the seniors I've worked with.",
            "arrogance",
        ),
        ("The training side would be a bit below me, to be fair.", "arrogance"),
        ("I've outgrown most of the team leaders I've had.", "arrogance"),
        ("My real target is your seat, if I'm honest.", "wants_your_job"),
        ("When you move on, I'd step into your shoes.", "wants_your_job"),
        ("My last place was a shambles from top to bottom.", "negativity"),
        ("The manager was clueless, so I'm glad to be out.", "negativity"),
    ],
)
def test_a_flag_in_new_words_is_found(said: str, flag: str) -> None:
    assert flag in flags(said)


@pytest.mark.parametrize(
    "near_miss",
    [
        "I'd like to be better at de-escalation than I am now.",
        "I'd hope to step into a senior support worker role here in a few years.",
        "My last place was small but well run, and I learned a lot there.",
        "My partner's job brought us to the town next summer, and we're settled now.",
        "I don't need much supervision on personal care, but I'd value a mentor for the rest.",
    ],
)
def test_its_near_miss_is_not(near_miss: str) -> None:
    assert not flags(near_miss)
