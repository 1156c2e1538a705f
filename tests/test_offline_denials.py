"""A sentence that denies a red flag does not raise it; one that states the flag with a negation
still does (issue 9: meaning, not keywords). The sentence model reads topic, not polarity, so
each pair below shares its topic and its negation words; every silent sentence was flagged
before `offline/denial.py` and the `no_goals` topic check (evals/dev/denials-10*.yaml, round
11)."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.denial import denial
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.lexicon import load_lexicon
from interview_coach.offline.text import split_sentences

GRADER = OfflineGrader()
CONTENT = {"rambling", "one_liner", "injection", "buzzwords"}


def flags(answer: str) -> set[str]:
    report = GRADER.grade_sync(answer, InterviewContext(role="Warehouse Operative"))
    return {f.id for f in report.flags} - CONTENT


@pytest.mark.parametrize(
    ("denies", "states", "flag"),
    [
        (
            "I had a great supervisor at the depot and I'd never badmouth the people there.",
            "I never could stand my last manager, he was clueless.",
            "negativity",
        ),
        (
            "I'm leaving the hotel, but not because of any bad feeling; they just can't offer "
            "full-time hours.",
            "I'm not bitter or anything, but my last employer was a joke and the managers were "
            "useless.",
            "negativity",
        ),
        (
            "The last thing I want is to be the guy on the floor with his eye on the boss's job.",
            "I don't want to stay a line cook forever; in two years I want to be doing your job.",
            "wants_your_job",
        ),
        (
            "The pay is decent, I won't deny it, but it is not the reason I applied.",
            "I'm not going to lie, the pay is the main reason I applied.",
            "money_only",
        ),
        (
            "Honestly, the money is a bonus; it's the trade itself that keeps me interested.",
            "I'm not going to lie, the pay is the main reason I applied.",
            "money_only",
        ),
        (
            "I'm not gunning for anyone's job, mind. I like the work and the people here.",
            "I'm not really a goals person, I just take each day as it comes.",
            "no_goals",
        ),
        (
            "My old team was busy and loud, sure, but I've got nothing bad to say about it. It "
            "made me quick.",
            "I'm not really a goals person, I just take each day as it comes.",
            "no_goals",
        ),
    ],
)
def test_a_denial_is_silent_and_a_negated_statement_fires(
    denies: str, states: str, flag: str
) -> None:
    assert flag not in flags(denies)
    assert flag in flags(states)


def test_a_negation_on_other_words_keeps_the_flag() -> None:
    assert "stepping_stone" in flags(
        "I won't be here past the summer, I've got a job lined up at the airport."
    )


def test_a_clause_that_rules_out_the_one_before_it_denies_both() -> None:
    d = load_lexicon().denials
    s = split_sentences("A full-time PhD is something I considered and decided against.")[0]
    found = denial(d, "school_or_business", s)
    assert found is not None
    assert found.rest == ""
    assert denial(d, "school_or_business", split_sentences("A full-time PhD is next.")[0]) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "People say a first developer job is a stepping stone to a bigger name; that's the "
        "opposite of what I'm after.",
        "Plenty of people treat QA as a way in and leave after a year, but I'm not looking at "
        "it that way at all.",
        "The usual story is that you use reception as a stopgap and move on after six months, "
        "and honestly that's not my plan.",
    ],
)
def test_a_closing_clause_rules_out_the_whole_sentence_before_it(sentence: str) -> None:
    assert "stepping_stone" not in flags(sentence)
