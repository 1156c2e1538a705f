"""The remembered cue verdicts (`offline/matching.py`) give what a fresh regex search gives."""

from __future__ import annotations

import re

import pytest

from interview_coach.models import InterviewContext
from interview_coach.offline import matching
from interview_coach.offline.grader import OfflineGrader

NEGATION = re.compile(r"\b(?:not|never|no)\b")
LEAVE = re.compile(r"\bleave\b")


def test_found_is_a_search() -> None:
    assert matching.found(LEAVE, "i will leave soon")
    assert not matching.found(LEAVE, "i will stay")
    assert matching.found(LEAVE, "i will leave soon")  # remembered, same verdict


def test_an_occurrence_counts_only_without_a_negation_just_before_it() -> None:
    assert not matching.found_unnegated(LEAVE, NEGATION, 12, "i would never leave")
    assert matching.found_unnegated(LEAVE, NEGATION, 12, "i would never leave, but then i leave")
    assert matching.found_unnegated(LEAVE, None, 12, "i would never leave")
    far = "no, honestly, after a long while i would leave"
    assert matching.found_unnegated(LEAVE, NEGATION, 12, far)


def test_a_grade_is_the_same_with_remembered_and_fresh_verdicts() -> None:
    grader = OfflineGrader(semantic=False)
    context = InterviewContext(role="Staff Nurse", company="Riverside Clinic")
    answer = (
        "Thank you for having me. In my first year I want to master the ward's routines. "
        "I'd never leave after a year; I plan to stay and grow into a charge nurse here. "
        "Honestly, my main motivation is the salary."
    )
    matching.clear()
    fresh = grader.grade_sync(answer, context)
    remembered = grader.grade_sync(answer, context)
    assert remembered.model_dump(exclude={"created_at"}) == fresh.model_dump(exclude={"created_at"})
    assert matching.remembered() > 0


def test_the_same_source_with_other_flags_is_another_pattern() -> None:
    shout = re.compile(r"\bleave\b", re.IGNORECASE)
    assert not matching.found(LEAVE, "I will LEAVE")
    assert matching.found(shout, "I will LEAVE")


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    matching.clear()
    monkeypatch.setattr(matching, "CACHE_SIZE", 3)
    for i in range(10):
        matching.found(LEAVE, f"i will leave in {i} days")
    assert matching.remembered() == 3
    assert matching.found(LEAVE, "i will leave in 0 days")  # forgotten, searched again
