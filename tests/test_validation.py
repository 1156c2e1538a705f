"""Input checks that run before any engine: each problem has a message and a hint."""

from __future__ import annotations

import pytest

from interview_coach.validation import MAX_WORDS, check_answer

GOOD = (
    "Thank you for having me. Over the next year I want to get really good at the analytics work "
    "this role involves, and longer term I'd like to lead a small team."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("I want to grow \x00\x01\x02 here", "binary"),
        ("growth " * (MAX_WORDS + 1), "too_long"),
        (
            "Me gustaría crecer en su empresa y aprender mucho con el equipo de trabajo",
            "non_english",
        ),
        (
            "Je veux apprendre et grandir dans votre entreprise avec mon équipe pour les ans",
            "non_english",
        ),
        (
            "Ich möchte in Ihrem Unternehmen wachsen und mit dem Team lernen und die Arbeit",
            "non_english",
        ),
        ("我希望在贵公司成长，成为一名优秀的工程师", "non_english"),
        ("asdfgh qwjkl zxcvbn", "gibberish"),
        ("hjkl hjkl hjkl hjkl hjkl hjkl hjkl hjkl", "gibberish"),
    ],
)
def test_problems_are_detected(text: str, code: str) -> None:
    problem = check_answer(text)
    assert problem is not None and problem.code == code
    assert problem.message and problem.hint


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        "Money.",
        "I want your job.",
        GOOD + " I also speak some Spanish, which helps with our clients in Madrid.",
        " ".join([GOOD] * 45),
    ],
)
def test_gradable_text_passes(text: str) -> None:
    assert check_answer(text) is None


@pytest.mark.parametrize("text", ["🚀🚀🔥💯", "👍 🙂 ... !!!", "1234 5678"])
def test_an_answer_without_letters_has_no_words_and_is_not_a_foreign_script(text: str) -> None:
    problem = check_answer(text)
    assert problem is not None and problem.code == "gibberish"
    assert "no words" in problem.message and "script" not in problem.message


def test_a_non_latin_answer_still_names_its_script() -> None:
    problem = check_answer("Я хочу стать руководителем группы аналитиков через пять лет.")
    assert problem is not None and "non-Latin script" in problem.message
