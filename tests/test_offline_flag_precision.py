"""Long good answers keep no red flag for words that only look like one (issue 9: false flags
cap a good answer's content criteria, so they cost most). From `evals/dev/good-long-6.yaml`,
written before these rules changed, or the same kind; each near miss beside a paraphrase that
must still fire."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.grader import OfflineGrader

GRADER = OfflineGrader()
CONTENT = {"rambling", "one_liner", "injection", "buzzwords"}


def flags(answer: str, role: str = "Research Technician") -> set[str]:
    report = GRADER.grade_sync(answer, InterviewContext(role=role))
    return {f.id for f in report.flags} - CONTENT


@pytest.mark.parametrize(
    ("near_miss", "fires", "flag"),
    [
        (
            "I'll be straight, the commission structure was one reason I looked at this role, but "
            "the bigger reason is the product, I used it at my last job and I know how much time "
            "it saves a small legal team.",
            "Honestly, the commission structure is the main reason I applied, the rest matters "
            "less to me.",
            "money_only",
        ),
        (
            "First three months, learn the lines, the PLCs and the lockout procedures until I can "
            "cover breakdowns on my own.",
            "This job is fine until I can get into data science at one of the big tech firms.",
            "stepping_stone",
        ),
        (
            "I have no plans to go back to university, I want to learn on the job here.",
            "I finished my master's last summer and next year I'm going back to university to do "
            "a PhD full time.",
            "school_or_business",
        ),
        (  # study already done is a qualification, not a plan
            "I finished my master's last summer and I decided not to do a PhD straight away, "
            "because I want to learn how research works in industry, where results have to be "
            "reproducible at scale.",
            "I finished my master's last summer, and next year I'm going back to university to "
            "do a PhD full time.",
            "school_or_business",
        ),
        (  # "n't" counts as a negation inside a word ("won't", "don't")
            "I won't be going back to college, this is the career I want, and in a few years I'd "
            "like to grow into a senior role here.",
            "I'm going back to college in the autumn, so this would just be for the summer.",
            "school_or_business",
        ),
        (  # pay set aside for the real reason (dev/good-wandering-9.yaml)
            "The overtime in the winter months is handy, yeah, but mainly it's the work itself.",
            "Honestly, the money is the main reason I applied, the work itself matters less to me.",
            "money_only",
        ),
        (  # someone else's school is not the candidate's study
            "We came over in April because my wife got a job at the university, and our son "
            "starts school here in September.",
            "I've got a place at nursing school starting in September, so I'd be leaving then.",
            "school_or_business",
        ),
    ],
)
def test_a_near_miss_is_silent_and_its_paraphrase_fires(
    near_miss: str, fires: str, flag: str
) -> None:
    opening = "Thank you for having me, I'm really excited about this role. "
    assert flag not in flags(opening + near_miss)
    assert flag in flags(opening + fires)
