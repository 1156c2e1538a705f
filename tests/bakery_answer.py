"""A fixed bakery answer, one sentence per guide step, for the phrase-family tests.

Each test swaps one sentence for a variant and checks that the criterion it belongs to
moves. Every sentence was written for the tests, not taken from any eval file.
"""

from __future__ import annotations

from interview_coach.models import GradeReport, InterviewContext
from interview_coach.offline.grader import OfflineGrader

CTX = InterviewContext(
    role="Bakery Production Supervisor",
    company="Hollins Bread",
    company_blurb="A family bakery supplying sourdough to cafes across the county, aiming to "
    "halve its flour waste by 2027.",
    seniority="mid",
)

OPENING = "Thank you for having me. I've bought your rye loaf every Saturday for years."
SHORT = (
    "In my first year I want to run the night shift on my own, keep the mixer schedule "
    "tight, and get the proving room logs into a shape the day team can rely on."
)
LONG = "Five years from now I'd hope to be a production manager leading a couple of shifts."
COMPANY = (
    "Your goal of halving flour waste is why I applied, because I cut waste at my last bakery."
)
LEARN = "I'd like to learn from your head baker how she judges a levain by feel."
CLOSE = "I'll make sure every cafe gets bread it is proud to serve each morning."


def grade(*parts: str, ctx: InterviewContext = CTX) -> GradeReport:
    report = OfflineGrader().grade_sync(" ".join(parts), ctx)
    assert isinstance(report, GradeReport), report
    return report


def answer_with(**swap: str) -> GradeReport:
    parts = {
        "opening": OPENING,
        "short": SHORT,
        "long": LONG,
        "company": COMPANY,
        "learn": LEARN,
        "close": CLOSE,
    }
    parts.update(swap)
    return grade(*(p for p in parts.values() if p))
