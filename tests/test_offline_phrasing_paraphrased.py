"""Cues said in the words paraphrasers reach for (issue 9, round 14): each sentence was written for
this test after reading the second paraphrase set, none copied from it, and each is a phrasing the
lexicon missed before the round."""

from __future__ import annotations

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline.signals import analyse

CASES = [
    ("short_term_time", "Nine months from now I want to be running the Saturday rota."),
    ("short_term_time", "By the time the six weeks are up I'd like to have my own caseload."),
    ("short_term_time", "Before year one ends I want to be on the out-of-hours list."),
    ("short_term_time", "The first year is mostly about learning the stock system."),
    ("short_term_time", "First job would be getting to know every driver on the rota."),
    ("goal_statement", "That means sitting in on every planning meeting."),
    ("long_term_time", "Inside four years I'd like to be leading the lab."),
    ("long_term_time", "Give it three to five years and I'd like to run the desk."),
    ("long_term_direction", "I'd like to be the one people bring the awkward repairs to."),
    ("long_term_direction", "Conservation work is where I'd hope to be."),
    ("learning_specific", "I'd like to be trained by your senior upholsterer."),
    ("learning_specific", "I'd love to tag along with your best estimators."),
    ("learning_specific", "I'd pick the engineers' brains whenever I could."),
    ("learning", "I want to get confident with your booking software."),
    ("humility", "The clinical side is all new to me."),
    ("humility", "Up to now I've only worked on small sites."),
    ("humility", "I'd be glad of a senior editor pulling my drafts apart."),
    ("experience", "I put together the rota for a team of twelve."),
    ("experience", "I was captain of the college debating team."),
    ("value_link", "I'd want every family we visit to feel properly listened to."),
    ("enthusiasm_mild", "It's lovely to be considered for this."),
    ("enthusiasm_mild", "I've been counting down to this interview."),
    # Round 15, written after reading the fourth paraphrase set.
    ("long_term_time", "Six years or so from now I'd like to be running the paint shop."),
    ("long_term_time", "Half a decade on, I'd hope to be leading the survey team."),
    ("long_term_time", "By the fourth year I'd like to be signing off the audits myself."),
    ("long_term_time", "Across the next five or six years I want to qualify as a surveyor."),
    ("future", "My aim over the next few years is to take on the bigger contracts."),
    ("future", "I'm headed towards bridge inspection work."),
    ("long_term_direction", "After that I'm heading into structural design."),
]


@pytest.mark.parametrize(("cue", "sentence"), CASES, ids=[c for c, _ in CASES])
def test_the_cue_is_read_in_these_words(cue: str, sentence: str) -> None:
    a = analyse(sentence, InterviewContext())
    assert any(a.has(cue, s) for s in a.clean)


@pytest.mark.parametrize(
    ("cue", "sentence"),
    [
        ("experience", "I was happy when you called."),
        ("humility", "Everything here is brand-new kit."),
        ("short_term_time", "The first step in my career was a warehouse job."),
        ("long_term_time", "I spent half a day on the ward."),
        ("long_term_time", "In my fifth week I ran the stall alone."),
    ],
)
def test_near_misses_carry_no_cue(cue: str, sentence: str) -> None:
    a = analyse(sentence, InterviewContext())
    assert not any(a.has(cue, s) for s in a.clean)
