"""Delivery figures from word timestamps, on hand-made transcripts (no audio, no model)."""

from __future__ import annotations

import pytest

from interview_coach.voice.delivery import analyse, count_fillers, count_hedges, find_pauses
from interview_coach.voice.models import Transcript, Word


def transcript(text: str, seconds_per_word: float = 0.4, gaps: dict[int, float] | None = None):  # type: ignore[no-untyped-def]
    """Words spoken evenly; `gaps[i]` adds silence before word i."""
    words, t = [], 0.5
    for i, w in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        words.append(Word(text=w, start=t, end=t + seconds_per_word * 0.8))
        t += seconds_per_word
    return Transcript(
        text=text, language="en", language_probability=0.99, duration_s=t + 0.5, words=words
    )


def test_fillers_are_counted_but_like_as_a_verb_or_comparison_is_not() -> None:
    text = (
        "Um, I'd like to lead a team, uh, like, you know, basically a team. I like data and "
        "things like dashboards, and it feels like home."
    )
    assert count_fillers(text) == {"um": 1, "uh": 1, "like": 1, "you know": 1, "basically": 1}


def test_hedges_are_counted_by_phrase() -> None:
    text = "I guess I kind of want to lead, maybe. Maybe later, sort of."
    assert count_hedges(text) == {"i guess": 1, "kind of": 1, "maybe": 2, "sort of": 1}


def test_pauses_are_gaps_over_two_seconds_between_words() -> None:
    t = transcript("one two three four five six", gaps={2: 2.5, 4: 1.5})
    pauses = find_pauses(t.words)
    assert len(pauses) == 1
    assert pauses[0].after == "two"
    assert pauses[0].length_s == pytest.approx(2.58, abs=0.01)


def test_pace_uses_speaking_time_without_the_long_pauses() -> None:
    text = " ".join(["word"] * 60)
    steady = analyse(transcript(text, seconds_per_word=0.4))  # 150 words per minute
    paused = analyse(transcript(text, seconds_per_word=0.4, gaps={30: 5.0}))
    assert steady.metric("words_per_minute").value == pytest.approx(150, rel=0.02)
    assert paused.metric("words_per_minute").value == pytest.approx(150, rel=0.02)
    assert paused.metric("pauses").value == 1


@pytest.mark.parametrize(("seconds_per_word", "status"), [(0.7, "low"), (0.4, "ok"), (0.3, "high")])
def test_pace_is_flagged_under_110_and_over_170(seconds_per_word: float, status: str) -> None:
    report = analyse(transcript(" ".join(["word"] * 80), seconds_per_word=seconds_per_word))
    metric = report.metric("words_per_minute")
    assert metric.status == status
    assert metric.tip


def test_each_figure_has_a_target_a_status_and_one_tip() -> None:
    text = "Um I guess maybe I want, uh, like, to lead. " * 3
    report = analyse(transcript(text))
    by_id = {m.id: m for m in report.metrics}
    assert set(by_id) == {
        "duration_s",
        "words_per_minute",
        "fillers_per_minute",
        "pauses",
        "hedges",
    }
    assert by_id["duration_s"].status == "low"  # well under a minute
    assert by_id["fillers_per_minute"].status == "high"
    assert by_id["hedges"].value == 6
    assert by_id["hedges"].status == "high"
    assert by_id["pauses"].status == "ok"
    tips = [m.tip for m in report.metrics]
    assert all(tips) and len(set(tips)) == len(tips)


def test_a_long_answer_is_flagged_for_length() -> None:
    report = analyse(transcript(" ".join(["word"] * 400), seconds_per_word=0.4))
    assert report.metric("duration_s").status == "high"
