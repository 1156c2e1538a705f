"""The offline grader recognises each guide step in many phrasings, not one wording.

Every sentence here was written for these tests (not taken from any eval file). Each test
swaps one phrase family into an otherwise fixed answer and checks that the criterion it
belongs to moves, so a rule that only matched one wording would fail.
"""

from __future__ import annotations

import pytest

from bakery_answer import CLOSE, OPENING, answer_with
from interview_coach.offline import feedback


@pytest.mark.parametrize(
    "sentence",
    [
        "Five years from now I'd hope to be a production manager leading a couple of shifts.",
        "Three to five years out, I can see myself as a shift manager running the night team.",
        "Give it five years and I'd like to be heading up production for the whole site.",
        "A few years down the line I'd love to be the site's production manager.",
        "Four or five years on, I'm picturing myself leading the production team.",
    ],
)
def test_long_term_horizons_in_many_phrasings(sentence: str) -> None:
    without = answer_with(long="")
    assert without.score_of("long_term_vision") <= 2
    assert answer_with(long=sentence).score_of("long_term_vision") >= 4


@pytest.mark.parametrize(
    "sentence",
    [
        "By year four, I'm aiming to be a senior supervisor who trains new bakers.",
        "Longer term, I'd hope to become a production manager responsible for both lines.",
        "Further down the road, I'd like to move into a technical manager role.",
        "Later on, I'd like to become a production manager.",
    ],
)
def test_horizons_without_a_number_still_place_the_goal_in_the_long_term(sentence: str) -> None:
    report = answer_with(long=sentence)
    vision = next(c for c in report.criteria if c.criterion_id == "long_term_vision")
    assert vision.score >= 3
    assert vision.evidence == [sentence]
    assert vision.reason != feedback.reason("long_term_vision", "untimed", 0)


def test_a_soft_pointer_counts_as_long_term_only_without_a_short_term_time() -> None:
    later = "Beyond that, I'd like to become a production manager for the bakery."
    assert answer_with(long=later).score_of("long_term_vision") >= 3
    soon = "Beyond that, I'd like to run the bread line on my own by month nine."
    assert answer_with(long=soon).score_of("long_term_vision") <= 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Year one, for me, means running the night shift and keeping the mixer schedule tight.",
        "Twelve months in, I'd hope to be running the night shift and the proving room logs.",
        "Right away, I'd want to learn the ovens and run the night shift without supervision.",
        "By my first anniversary here, I want to be running the night shift on my own.",
        "My first-year target is running the night shift and keeping the mixer schedule tight.",
        "Within six months I'd aim to run the night shift and keep the mixer schedule tight.",
    ],
)
def test_short_term_time_expressions_in_many_phrasings(sentence: str) -> None:
    without = answer_with(short="")
    assert without.score_of("short_term_goals") <= 2
    assert answer_with(short=sentence).score_of("short_term_goals") >= 3


def test_settling_in_is_a_vague_short_term_goal() -> None:
    vague = "At first I'd just want to settle in and find my feet with the team."
    assert answer_with(short=vague).score_of("short_term_goals") <= 2


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd value time alongside your senior bakers on the sourdough line.",
        "I'd want to pick the brains of your head baker about long fermentation.",
        "I'd welcome a senior baker pulling my work apart for the first few months.",
        "Food safety auditing is my weakest area, so I'd like supervision from your QA lead.",
        "I'd like to get much better at costing recipes, ideally with your finance manager.",
    ],
)
def test_learning_from_people_and_practices(sentence: str) -> None:
    assert answer_with(learn="").score_of("learning_growth") <= 1
    assert answer_with(learn=sentence).score_of("learning_growth") >= 4


def test_a_course_already_done_is_not_eagerness_to_learn() -> None:
    past = "I completed a food hygiene course and a level three certificate last year."
    assert answer_with(learn=past).score_of("learning_growth") <= 1


def test_offering_to_pick_things_up_is_a_token() -> None:
    token = "I'm happy to pick up whatever I need as I go."
    assert answer_with(learn=token).score_of("learning_growth") == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "I'll turn up early and make sure every cafe gets its order on time.",
        "I'd want every loaf that leaves the bakery to be one our customers trust.",
        "What I'm offering is simple: nights run safely, so the cafes never go without bread.",
        "I'll graft to keep those cafes supplied, whatever the weather.",
    ],
)
def test_closing_promises_to_contribute(sentence: str) -> None:
    assert answer_with(close="").score_of("commitment") <= 1
    assert answer_with(close=sentence).score_of("commitment") >= 4


def test_a_generic_promise_with_an_object_is_three() -> None:
    generic = "I'd be a reliable member of the team."
    assert answer_with(close=generic).score_of("commitment") == 3


def test_a_closing_wish_is_not_a_commitment() -> None:
    wish = "I'd like to train with your head baker on the rye line."
    assert answer_with(close="", learn=wish).score_of("commitment") <= 1


@pytest.mark.parametrize(
    "opening",
    [
        "Cheers for having me in. I've bought your rye loaf every Saturday for years.",
        "Thank you for seeing me. Hollins Bread is the reason I got into baking at all.",
        "Thanks for the invite. I walked past your bakery at 5am for a year and loved the smell.",
    ],
)
def test_gratitude_with_a_company_tied_opening_is_five(opening: str) -> None:
    assert answer_with(opening=opening).score_of("enthusiasm") == 5


def test_generic_excitement_to_be_here_is_not_tied_to_the_company() -> None:
    report = answer_with(opening="Thanks so much, I'm really excited to be here today.")
    assert report.score_of("enthusiasm") == 4


def test_bare_courtesy_then_experience_is_three() -> None:
    report = answer_with(opening="Thanks for having me. I've worked in bakeries for six years.")
    assert report.score_of("enthusiasm") == 3


def test_a_pay_band_or_music_band_is_not_rubric_talk() -> None:
    report = answer_with(opening=OPENING + " I've been a Band 5 team leader for three years.")
    assert not any(w.code == "ignored_meta" for w in report.warnings)
    meta = answer_with(close=CLOSE + " This answer belongs in the strong band.")
    assert any(w.code == "ignored_meta" for w in meta.warnings)


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("After that I want to clear six figures by year three.", "money_only"),
        ("Honestly I'd be angling for your seat within two years.", "wants_your_job"),
        ("I don't need the induction courses, I could teach them.", "arrogance"),
    ],
)
def test_red_flags_in_varied_wording(sentence: str, flag: str) -> None:
    report = answer_with(long=sentence)
    assert flag in {f.id for f in report.flags}


def test_negativity_does_not_erase_a_courteous_opening() -> None:
    rant = "My current manager is useless and the whole place is a joke."
    report = answer_with(opening="Thanks for seeing me.", company=rant)
    assert "negativity" in {f.id for f in report.flags}
    assert report.score_of("enthusiasm") == 3
