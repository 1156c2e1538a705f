"""`text.py` is the one home of word, name, number and quote handling."""

from __future__ import annotations

from pathlib import Path

from interview_coach import text
from interview_coach.chains.evidence import normalise as evidence_normalise
from interview_coach.facts import numbers as fact_numbers
from interview_coach.facts import proper_nouns

SRC = Path(text.__file__).resolve().parent


def test_straighten_keeps_length_so_evidence_offsets_map_back() -> None:
    typed = "I’m “keen” – really—on „this“ ‚role‘"
    assert len(text.straighten(typed)) == len(typed)
    assert text.straighten(typed) == 'I\'m "keen" - really-on "this" \'role\''
    assert evidence_normalise("  I’m   “keen”  ") == 'I\'m "keen"'


def test_words_names_and_numbers() -> None:
    assert text.words("I’m keen on Zürich's team") == ["i'm", "keen", "on", "zürich's", "team"]
    assert text.numbers("In 2 years, 40% of 1,200 users") == ["2", "40%", "1,200"]
    assert proper_nouns("I want to join Acme Health in Leeds.") == {"acme", "health", "leeds"}
    assert fact_numbers("two teams and 3 clinics") == {"two", "3"}
    # One list of capitalised words that are not names (text.NOT_NAMES), curly apostrophes too.
    assert proper_nouns("So I’m sure Monday and Finally are not names, but Leeds is.") == {"leeds"}


def test_no_other_module_redefines_the_shared_patterns() -> None:
    """A second copy of a pattern is how the copies started to disagree."""
    shared = {
        r"\b\d+(?:[.,]\d+)*%?": "NUMBER",
        '"“": \'"\'': "QUOTES",
        r"[a-z0-9]+(?:'[a-z]+)?": "PLAIN_WORD",
        r"\u00C0-\u024F": "WORD",
    }
    offenders = [
        f"{path.relative_to(SRC)} redefines {name}"
        for path in SRC.rglob("*.py")
        if path.name != "text.py" or path.parent != SRC
        for pattern, name in shared.items()
        if pattern in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
