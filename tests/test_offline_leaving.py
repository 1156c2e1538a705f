"""A stay with an end put on it is a plan to leave, said without the usual words (issue 9,
round 12: `offline/leaving.py`). It is a stepping stone, or leaving for study or a business of
one's own when that is named beside it; a limit that is the job's own (a fixed-term contract, a
probation) or a good one (retirement, more responsibility here) is not."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.grader import OfflineGrader

GRADER = OfflineGrader()
RULES = OfflineGrader(semantic=False)
CONTEXT = InterviewContext(role="Store Assistant", company="Harbour Garden Centre")
CONTENT = {"rambling", "one_liner", "injection", "buzzwords"}
GOOD = (
    "Thank you for seeing me. I've worked two seasons in a nursery, so I know plants and the "
    "tills. In my first months I want to learn your stock system and look after the houseplant "
    "section properly. "
)


def flags(answer: str, grader: OfflineGrader = GRADER) -> set[str]:
    report = grader.grade_sync(GOOD + answer, CONTEXT)
    return {f.id for f in report.flags} - CONTENT


@pytest.mark.parametrize(
    "limit",
    [
        "To be straight with you, I'm not planning on staying here much past the spring.",
        "Realistically this would be for a few months, while my transfer to the fire service "
        "goes through.",
        "I'd build up some retail experience here and then take that to one of the big chains "
        "in the city.",
        "Once my licence is sorted I'll move over to driving for my uncle's firm.",
        "It would tide me over nicely, to be honest.",
        "If the ambulance service take me on next year, I'll be off.",
        "My cousin's holding a warehouse job for me up in Leeds for when we move.",
        "I'd work here while I'm waiting for my HGV test date to come through.",
        "It would be more of a summer thing for me, to be honest.",
    ],
)
def test_a_stay_with_an_end_is_a_stepping_stone(limit: str) -> None:
    assert "stepping_stone" in flags(limit)


@pytest.mark.parametrize(
    "limit",
    [
        "My nursing degree starts in October, so I'd be here over the summer.",
        "My partner and I are opening our own florist's next year, so this is for the winter only.",
        "I shan't be carrying on beyond June, as I've got a full-time place on a horticulture "
        "course.",
    ],
)
def test_a_stay_that_ends_in_study_or_a_business_is_that_flag(limit: str) -> None:
    found = flags(limit)
    assert "school_or_business" in found
    assert "stepping_stone" not in found


@pytest.mark.parametrize(
    "near_miss",
    [
        "It's a fixed-term contract until March, and I'd see it through and hope to be kept on.",
        "I'd happily stay here until I retire, if I'm honest.",
        "I'd like to be here until I've learned the ropes, then take on more responsibility.",
        "I don't want to stay a junior forever; in a few years I'd like to run a section here.",
        "I'm studying horticulture one evening a week alongside work, which you'd support.",
        "The college found a placement for me here last year, and I'd love to stay on.",
        "Before I go on, I should say I loved the planting days you run for schools.",
    ],
)
def test_a_limit_that_is_not_leaving_raises_nothing(near_miss: str) -> None:
    assert not flags(near_miss) & {"stepping_stone", "school_or_business"}


def test_the_rules_engine_reads_a_stay_with_an_end_too() -> None:
    assert "stepping_stone" in flags("I'm not staying in this job for long.", RULES)


@pytest.mark.parametrize(
    "staying",
    [
        "I'm after an employer where I can stay for the long haul and grow with the business.",
        "If you'd keep me on after the busy season, I'd really love to stay and run a section.",
        "I'd want to stay on here once I've qualified, and train the next apprentice.",
        "I'm doing a part-time horticulture course on Saturdays, which I'd fit around my shifts.",
    ],
)
def test_wanting_to_stay_is_not_read_as_leaving(staying: str) -> None:
    assert not flags(staying) & {"stepping_stone", "school_or_business"}
