"""Red flags said in new words (issue 9, round 12): superiority by comparison, the interviewer's
job named as an aim, an old workplace run down; and their near misses."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext, Seniority
from interview_coach.offline.grader import OfflineGrader
from offline_answers import content_flags

RULES = OfflineGrader(semantic=False)
CONTEXT = InterviewContext(
    role="Support Worker", company="Brookside Care", seniority=Seniority.junior
)
GOOD = (
    "Thank you for having me. In my first year I want to learn your care plans and get my "
    "level 3 diploma done, and I'd like to take on medication rounds. "
)


def flags(answer: str) -> set[str]:
    return content_flags(RULES, GOOD + answer, CONTEXT)


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
        (
            "Honestly, you pay fifty pence an hour more than the depot, and that's the whole "
            "reason.",
            "money_only",
        ),
        ("What gets me up at five is the day rate, nothing else.", "money_only"),
        (
            "After my NVQ I'll get a van and set up on my own, probably next spring.",
            "school_or_business",
        ),
        ("In a year I go home and open my own little bakery with my sister.", "school_or_business"),
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
        "The pay is fair, but the whole reason I applied is the dementia work you do.",
        "My dad set up on his own as a joiner years ago, and I learned a lot from him.",
        "My partner's job brought us to the town next summer, and we're settled now.",
        "I don't need much supervision on personal care, but I'd value a mentor for the rest.",
    ],
)
def test_its_near_miss_is_not(near_miss: str) -> None:
    assert not flags(near_miss)


GRADER = OfflineGrader()


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        (
            "I know some people see an admin role as a stepping stone, but for me it isn't; it's "
            "the job I want to be really good at.",
            "stepping_stone",
        ),
        (
            "For three years I've been PA to a regional director, and what I like best is being "
            "the one who keeps the week running.",
            "grandiose",
        ),
        (
            "Your trust offers a degree apprenticeship, and I'd hope to go for it after a couple "
            "of years here, so I can study while carrying on with the same patients.",
            "school_or_business",
        ),
    ],
)
def test_a_flag_ruled_out_or_only_recorded_is_not_raised(said: str, flag: str) -> None:
    for grader in (GRADER, RULES):
        report = grader.grade_sync(GOOD + said, CONTEXT)
        assert flag not in {f.id for f in report.flags}


def test_a_stepping_stone_owned_after_a_contrast_still_is_one() -> None:
    report = GRADER.grade_sync(
        GOOD + "Some people stay for years, but for me this is a stepping stone.", CONTEXT
    )
    assert "stepping_stone" in {f.id for f in report.flags}
