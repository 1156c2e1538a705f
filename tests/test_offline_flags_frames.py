"""Red flags said through a frame rather than a word (issue 9, round 13): a stay measured in
months or already ended by a place taken elsewhere, pay as the reason for being in the room,
the interviewer's chair after they go, nothing here to learn; and the near misses that share
their words."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext, Seniority
from interview_coach.offline.grader import OfflineGrader
from offline_answers import content_flags

RULES = OfflineGrader(semantic=False)
CONTEXT = InterviewContext(role="Lab Assistant", company="Harwell Labs", seniority=Seniority.junior)
GOOD = (
    "Thank you for seeing me. In the first months I want to learn your sample logging and "
    "your safety procedures, and I'd like to support the stability team. "
)


def flags(answer: str) -> set[str]:
    return content_flags(RULES, GOOD + answer, CONTEXT)


@pytest.mark.parametrize(
    ("said", "flag"),
    [
        ("Realistically I could be with you for about seven months.", "stepping_stone"),
        ("I'd be all yours for the winter, which suits us both.", "stepping_stone"),
        (
            "I've been offered a job on the rigs starting in March, so this fills the gap.",
            "stepping_stone",
        ),
        (
            "I'll give it a year or so here, and then start applying to the big labs in Cambridge.",
            "stepping_stone",
        ),
        ("A year with a name like yours reads well on the CV.", "stepping_stone"),
        (
            "I want a track record that would get me hired by one of the big pharma firms.",
            "stepping_stone",
        ),
        ("In my first year I'll beat every target and get promoted to team leader.", "grandiose"),
        ("Honestly I'm giving this a year, eighteen months max.", "stepping_stone"),
        (
            "I'm going to make this the most respected lab in the country within a few years.",
            "grandiose",
        ),
        # spoken, run-on (flags-fresh-13b)
        (
            "their intake's shut at the minute so um soon as it opens up again I'd be putting in "
            "for that",
            "stepping_stone",
        ),
        ("So yeah, I'm here till that comes through.", "stepping_stone"),
        (
            "the end goal is my own van and my own customers, two three years and I'll go it alone",
            "school_or_business",
        ),
        ("the lab manager seat that you're in right now, that's the one I want", "wants_your_job"),
        ("where I want to be is that side of the table, your role basically", "wants_your_job"),
        ("by forty I want to be one of the names everyone knows in science", "grandiose"),
        (
            "I want to be chief scientist of a big pharma firm in like four or five years",
            "grandiose",
        ),
        ("I don't really expect to pick much up off anyone here, honestly", "arrogance"),
        ("Let's not kid ourselves, I'm the best analyst you'll see this week.", "arrogance"),
        (
            "To me this is a temporary fix: I'm doing a law course at night and when I qualify "
            "I'm out of labs for good.",
            "stepping_stone",
        ),
        (
            "I don't really think about that sort of thing, I just take each week as it comes",
            "no_goals",
        ),
        (
            "I have accepted a place on a full-time master's starting this September.",
            "school_or_business",
        ),
        (
            "My brother and I are setting up our own cleaning company once we've saved enough.",
            "school_or_business",
        ),
        ("The plan is to go freelance as soon as I have a few clients.", "school_or_business"),
        (
            "The overtime rate is the reason I'm sitting here, if I'm straight with you.",
            "money_only",
        ),
        ("What steers every move I make is the package.", "money_only"),
        (
            "When you retire, I want to be the obvious one to take it over from you.",
            "wants_your_job",
        ),
        ("Within a year I'd hope to be on your side of the desk.", "wants_your_job"),
        ("I doubt there's a great deal here for me to learn, honestly.", "arrogance"),
        ("The induction would be wasted on me.", "arrogance"),
        ("The last lab was badly run from the top down.", "negativity"),
        ("My supervisor hasn't a clue what she's doing.", "negativity"),
    ],
)
def test_a_flag_said_through_a_frame_is_found(said: str, flag: str) -> None:
    assert flag in flags(said)


@pytest.mark.parametrize(
    "near_miss",
    [
        "I've been here for eight months as a temp and I'd love to be made permanent.",
        "I'd be with you for the long haul, I hope.",
        "I've accepted that I need a year of lab work before I'm ready for more.",
        "I'm doing a part-time degree in the evenings, starting in September, alongside the job.",
        "Give it two years and I'd like to be training the new starters here.",
        "A lot of people go freelance in this field, but I like being part of a team.",
        "The pay is fair, but the reason I'm sitting here is your vaccine work.",
        "When you retire, I hope the lab keeps its standards, and I'd like to help with that.",
        "There's a great deal for me to learn here, which is why I applied.",
        "My last lab was well run and I learned a lot from my supervisor.",
        "I'd like to learn from your seniors how they plan a study.",
        "I hope the experience would help me into one of the senior analyst roles here.",
        "I'd like to earn a promotion here once I've proved myself, in two or three years.",
        "In my first year I want to learn every assay and get my competency sign-offs.",
        "I'll leave the sample store tidier than I found it.",
        "I'd leave the team something useful by the end of the placement.",
        "I'm giving this everything I've got.",
        "I'd love to help build the most respected lab in the country, one study at a time.",
        "In three to four years I'd like to progress to executive officer and supervise a team.",
        "Stay somewhere decent long term, that's what I want.",
        "I'd hope to pick up a lot from the senior scientists here.",
        "I'd like to become senior scientist here in five or six years.",
        "I'm not the best analyst you'll meet, but I'm the most careful one.",
    ],
)
def test_a_near_miss_raises_no_flag(near_miss: str) -> None:
    assert flags(near_miss) == set()
