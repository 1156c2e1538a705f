"""Third round of phrase families for the offline grader: spoken answers and unseen wording.

Every sentence here was written for these tests (not taken from any eval file). As in
`test_offline_phrasing.py`, each test swaps one phrase family into an otherwise fixed answer
and checks that the criterion it belongs to moves.
"""

from __future__ import annotations

import pytest

from bakery_answer import CLOSE, answer_with
from interview_coach.offline.lexicon import load_lexicon
from interview_coach.offline.text import split_sentences

# ---------------------------------------------------------------- spoken filler


@pytest.mark.parametrize(
    ("spoken", "clean"),
    [
        ("I'd, um, I'd make sure the ovens are on.", "i'd make sure the ovens are on."),
        ("So, you know, I want to be, I want to be ready.", "i want to be ready."),
        ("Erm, the, the night shift, like, matters.", "the night shift matters."),
        ("Right, so I'd, I'd say the ovens.", "so i'd say the ovens."),
    ],
)
def test_filler_and_self_repairs_are_dropped_before_matching(spoken: str, clean: str) -> None:
    (sentence,) = split_sentences(spoken, load_lexicon().disfluency)
    assert sentence.norm == clean
    assert sentence.text == spoken
    assert sentence.disfluent_words > 0


def test_a_spoken_closing_still_counts_as_a_commitment() -> None:
    spoken = "So, um, I'd, I'd make sure every, you know, every cafe gets its bread on time."
    assert answer_with(close=spoken).score_of("commitment") >= 4


def test_a_bare_filler_sentence_does_not_hide_the_closing() -> None:
    report = answer_with(close=CLOSE + " Um. Ha.")
    assert report.score_of("commitment") == answer_with().score_of("commitment")


def test_spoken_filler_costs_conciseness_but_not_the_steps() -> None:
    clean = answer_with()
    spoken = answer_with(
        short="So, um, in my first year I want to, I want to run the night shift on my own, "
        "like, keep the mixer schedule tight, you know, and get the, the proving room logs "
        "into a shape the day team can, um, rely on."
    )
    assert spoken.score_of("conciseness") < clean.score_of("conciseness")
    assert spoken.score_of("short_term_goals") == clean.score_of("short_term_goals")


# ---------------------------------------------------------------- short-term goals


@pytest.mark.parametrize(
    "short",
    [
        "So, first year. I want to run the night shift on my own and keep the mixer schedule "
        "tight.",
        "The first thing I'd do is learn the ovens, then run the night shift without supervision.",
        "What I'm after now is running the night shift on my own and owning the mixer schedule.",
        "Over the summer I'd want to get the proving room logs tidy and run the night shift.",
    ],
)
def test_immediate_goals_without_the_usual_time_words(short: str) -> None:
    assert answer_with(short="").score_of("short_term_goals") <= 2
    assert answer_with(short=short).score_of("short_term_goals") >= 3


def test_an_untimed_learning_goal_with_a_working_outcome_is_a_goal() -> None:
    untimed = "I'd like to learn the new deck ovens and get to where I can run the night on my own."
    assert answer_with(short=untimed).score_of("short_term_goals") >= 3


# ---------------------------------------------------------------- long-term vision


@pytest.mark.parametrize(
    "long",
    [
        "In a few years I'd like to be a production manager leading both shifts.",
        "Three to five years out, I want to be the person who plans the seasonal ranges and "
        "trains the new bakers on them.",
    ],
)
def test_long_term_direction_by_title_or_by_the_work_itself(long: str) -> None:
    assert answer_with(long=long).score_of("long_term_vision") >= 4


def test_an_undecided_long_term_aim_stays_generic() -> None:
    undecided = "Later, maybe production manager, I dunno, or something in quality."
    assert answer_with(long=undecided).score_of("long_term_vision") <= 3


# ---------------------------------------------------------------- company alignment


def test_the_trade_word_in_a_company_name_is_not_naming_the_company() -> None:
    report = answer_with(
        opening="Thank you for having me.", company="", learn="", close="I love making bread."
    )
    assert report.score_of("company_alignment") <= 1


@pytest.mark.parametrize(
    "company",
    [
        "The flour waste target is what caught my eye, because waste is what I cut at my last "
        "bakery.",
        "Halving flour waste is the reason I applied, since I cut waste at my last bakery.",
    ],
)
def test_a_stated_reason_about_the_company_without_your(company: str) -> None:
    no_you = "Thank you for having me. I've been baking for years."
    without = answer_with(opening=no_you, company="", learn="")
    assert without.score_of("company_alignment") <= 2
    with_reason = answer_with(opening=no_you, company=company, learn="")
    assert with_reason.score_of("company_alignment") >= 4


# ---------------------------------------------------------------- learning


@pytest.mark.parametrize(
    "learn",
    [
        "I'd want to learn HACCP auditing properly in the first year.",
        "Laminated doughs are where I'm thin, so I'd ask to shadow your pastry lead.",
        "The skill I most want to build is costing: pricing a recipe before we make it.",
        "Two things I'd want to learn. One is the wholesale ordering system. The other is how "
        "your head baker plans the seasonal breads.",
    ],
)
def test_naming_what_to_learn_in_other_words(learn: str) -> None:
    assert answer_with(learn="").score_of("learning_growth") <= 1
    assert answer_with(learn=learn).score_of("learning_growth") >= 4


# ---------------------------------------------------------------- commitment


@pytest.mark.parametrize(
    "close",
    [
        "You'd be getting a supervisor who treats every cafe order as if it were his own shop's.",
        "I'd want every cafe we supply to open its doors knowing the bread will be there.",
        "If the night shift I run means the cafes never go short, that's what I'd put in.",
    ],
)
def test_closing_offers_and_wishes_for_the_people_served(close: str) -> None:
    assert answer_with(close="").score_of("commitment") <= 1
    assert answer_with(close=close).score_of("commitment") >= 4


@pytest.mark.parametrize(
    "close",
    ["I'm reliable and I'll work hard.", "I'm organised and I'll put the effort in."],
)
def test_a_bare_promise_of_effort_or_a_self_description_is_two(close: str) -> None:
    assert answer_with(close=close).score_of("commitment") == 2


def test_a_first_year_plan_for_customers_is_not_a_commitment_to_close_on() -> None:
    plan = "In my first year I'd run the night shift so every cafe gets its order on time."
    report = answer_with(short=plan, close="")
    assert report.score_of("commitment") <= 1


# ---------------------------------------------------------------- opening


@pytest.mark.parametrize(
    "second",
    [
        "I really did want this one.",
        "This is the bakery I trained for.",
        "Of all my applications, this is the one I'd be sorriest to miss.",
    ],
)
def test_wanting_this_job_in_particular_is_enthusiasm(second: str) -> None:
    bare = answer_with(opening="Thanks for seeing me. I've baked for ten years.")
    keen = answer_with(opening=f"Thanks for seeing me. {second}")
    assert keen.score_of("enthusiasm") > bare.score_of("enthusiasm")


# ---------------------------------------------------------------- red flags


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("Mostly I'm here for the base salary, which beats what I'm on now.", "money_only"),
        ("After a year I'll be looking at something in catering instead.", "stepping_stone"),
        ("I don't need bedding in, I've seen it all.", "arrogance"),
        ("I've fixed more ovens than anyone on your team.", "arrogance"),
        ("By thirty I'll be chief baker for the whole group.", "grandiose"),
    ],
)
def test_red_flags_in_more_wordings(sentence: str, flag: str) -> None:
    assert flag in {f.id for f in answer_with(long=sentence).flags}


def test_modern_buzzwords_are_recognised() -> None:
    buzz = (
        "My north star is to reimagine end-to-end bakery journeys at scale, spearheading a "
        "customer-obsessed transformation with quick wins and a growth mindset."
    )
    assert "buzzwords" in {f.id for f in answer_with(long=buzz).flags}
