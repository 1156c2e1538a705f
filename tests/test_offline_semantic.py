"""The offline grader reads meaning (issue 9): paraphrases score alike, red flags fire on what a
sentence means and stay silent on near misses, and every example from the issue is handled.

The model loads once per test process (`default_embedder` is cached), so these stay fast."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.models import GradeReport, InterviewContext
from interview_coach.offline.embedder import MODEL_DIR, default_embedder
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.semantic import bank_sha256, chunks, load_classifier, units
from semantic_cases import (
    CONTEXT,
    FLAG_ID,
    FLAG_PARAPHRASES,
    NEAR_MISSES,
    NO_GOALS,
    OPENING,
    PARAPHRASE_PAIRS,
)

CONTENT_FLAGS = {
    "money_only",
    "wants_your_job",
    "stepping_stone",
    "school_or_business",
    "negativity",
    "grandiose",
    "no_goals",
}


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader()


def grade(grader: OfflineGrader, answer: str, ctx: InterviewContext = CONTEXT) -> GradeReport:
    report = grader.grade_sync(answer, ctx)
    assert isinstance(report, GradeReport)
    return report


def flags(report: GradeReport) -> set[str]:
    return {f.id for f in report.flags}


# --- the model and the classifier --------------------------------------------------------------


def test_classifier_was_fitted_on_the_current_exemplar_bank() -> None:
    assert load_classifier().bank_sha256 == bank_sha256(), (
        "prompts/offline_exemplars.yaml changed: run scripts/fit_semantic.py"
    )


def test_model_ships_with_its_licence_and_notice() -> None:
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text()
    assert "all-MiniLM-L6-v2" in (MODEL_DIR / "NOTICE").read_text()


def test_embeddings_are_unit_length_deterministic_and_semantic() -> None:
    emb = default_embedder()
    a = emb.embed("I want to earn as much money as I can.")
    emb.clear_cache()
    again = emb.embed("I want to earn as much money as I can.")
    assert np.array_equal(a, again)
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-3
    para = emb.embed("My main goal is a bigger salary.")
    other = emb.embed("The garden has three apple trees.")
    assert float(a @ para) > float(a @ other) + 0.2


def test_long_spoken_sentences_are_read_in_verbatim_chunks_of_at_most_60_words() -> None:
    text = " ".join(f"word{i}" for i in range(150))
    parts = chunks(text)
    assert len(parts) == 3
    assert all(len(p.split()) <= 60 and p in text for p in parts)
    joined = "I'd like to do good work in this role, and in a few years I'll go back to school."
    assert units(joined) == [
        "I'd like to do good work in this role",
        "in a few years I'll go back to school.",
    ]


# --- every example in the "Why" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("I'll probably only stay with this job for a year or so.", "stepping_stone"),
        ("In a few years I'll go back to school for an MFA.", "school_or_business"),
        ("Long term, I want to become a CEO.", "grandiose"),
        ("Five years from now I want to be director of marketing at this company.", "grandiose"),
        ("I'm committed to my own salary growth.", "money_only"),
    ],
)
def test_why_intent_raises_its_flag(grader: OfflineGrader, sentence: str, flag: str) -> None:
    report = grade(grader, OPENING + sentence, InterviewContext(role="marketing coordinator"))
    assert flag in flags(report)
    assert any(f.evidence in sentence for f in report.flags if f.id == flag)


def test_why_director_in_five_years_is_not_praised_as_a_credible_vision(
    grader: OfflineGrader,
) -> None:
    report = grade(
        grader,
        OPENING + "Five years from now I want to be director of marketing at this company.",
        InterviewContext(role="marketing coordinator", seniority="junior"),
    )
    assert report.scores["long_term_vision"] <= 2
    assert report.scores["sincerity_realism"] <= 2


@pytest.mark.parametrize(
    "sentence",
    ["I want to learn more about the profession and grow.", "I want to get strong at SQL."],
)
def test_why_learning_paraphrases_count(grader: OfflineGrader, sentence: str) -> None:
    assert grade(grader, OPENING + sentence).scores["learning_growth"] >= 3


def test_why_company_named_in_the_answer_counts(grader: OfflineGrader) -> None:
    answer = "Acme Health's focus on preventive care is exactly where I want to apply these skills."
    report = grade(grader, answer, InterviewContext(role="nurse"))
    company = next(c for c in report.criteria if c.criterion_id == "company_alignment")
    assert company.score >= 3
    assert "No mention of the company" not in company.reason
    assert company.evidence == [answer]


def test_why_commitment_follows_meaning_not_a_keyword(grader: OfflineGrader) -> None:
    selfish = grade(grader, "I'm committed to my own salary growth.")
    proud = grade(grader, "I'd be proud to build that career here.")
    assert selfish.scores["commitment"] <= 2
    assert "money_only" in flags(selfish)
    assert proud.scores["commitment"] >= 3
    assert proud.scores["commitment"] > selfish.scores["commitment"]


@pytest.mark.parametrize(
    "sentence",
    [
        "I want to grow my career here, because your mission of cheaper freight matters to me.",
        "This team's way of working with small hauliers is the reason I want to build my career "
        "here.",
    ],
)
def test_company_recognised_from_the_answers_own_words(
    grader: OfflineGrader, sentence: str
) -> None:
    report = grade(grader, OPENING + sentence, InterviewContext(role="account manager"))
    assert report.scores["company_alignment"] >= 3


# --- length is one criterion, not a cap on all of them -----------------------------------------


def test_a_good_one_sentence_answer_outscores_a_bad_one_and_says_what_to_add(
    grader: OfflineGrader,
) -> None:
    good = grade(
        grader,
        "I'd love to grow my career here, helping your hauliers get more from the software.",
    )
    bad = grade(grader, "Honestly I just want the money and I'll be gone in a year.")
    assert good.overall > bad.overall
    assert good.scores["conciseness"] == bad.scores["conciseness"] == 1
    missing = {c.criterion_id for c in good.criteria if c.score == 1}
    names = {c.criterion_id: grader.rubric.get(c.criterion_id).name for c in good.criteria}
    advised = [i for i in good.improvements if any(i.startswith(names[m]) for m in missing)]
    assert len(advised) >= 2, good.improvements


# --- red flags by meaning -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "sentence"),
    [(g, s) for g, sentences in FLAG_PARAPHRASES.items() for s in sentences],
)
def test_each_red_flag_fires_on_paraphrases(
    grader: OfflineGrader, group: str, sentence: str
) -> None:
    report = grade(grader, OPENING + sentence)
    assert FLAG_ID[group] in flags(report)
    quoted = next(f.evidence for f in report.flags if f.id == FLAG_ID[group])
    assert quoted in OPENING + sentence


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_misses_raise_no_content_flag(grader: OfflineGrader, sentence: str) -> None:
    assert not flags(grade(grader, OPENING + sentence)) & CONTENT_FLAGS


@pytest.mark.parametrize("sentence", NO_GOALS)
def test_no_goals_at_all_scores_no_goals(grader: OfflineGrader, sentence: str) -> None:
    report = grade(grader, OPENING + sentence)
    assert report.scores["short_term_goals"] == 1
    assert report.scores["long_term_vision"] == 1
    assert "no_goals" in flags(report)


def test_a_stated_goal_is_not_no_goals(grader: OfflineGrader) -> None:
    answer = OPENING + NO_GOALS[0] + " In my first year I want to run twenty haulier accounts."
    assert "no_goals" not in flags(grade(grader, answer))


@pytest.mark.parametrize(
    ("flag_id", "sentence"),
    [
        ("school_or_business", "Next spring I'm leaving to start my own landscaping business."),
        ("no_goals", "Honestly I don't have any career goals at the moment."),
    ],
)
def test_new_flags_carry_their_own_label_and_advice(
    grader: OfflineGrader, flag_id: str, sentence: str
) -> None:
    """Leaving for school or a business, and having no goals, are red flags of their own."""
    report = grade(grader, OPENING + sentence)
    found = {f.id: f for f in report.flags}
    rule = grader.lexicon.flags[flag_id]
    assert (found[flag_id].label, found[flag_id].advice) == (rule.label, rule.advice)
    assert found[flag_id].evidence in OPENING + sentence
    assert "stepping_stone" not in found


# --- paraphrase pairs ---------------------------------------------------------------------------


@pytest.mark.parametrize(("original", "paraphrase"), PARAPHRASE_PAIRS)
def test_paraphrases_score_within_one_point_per_criterion(
    grader: OfflineGrader, original: str, paraphrase: str
) -> None:
    a, b = grade(grader, original), grade(grader, paraphrase)
    gaps = {c: (a.scores[c], b.scores[c]) for c in a.scores if abs(a.scores[c] - b.scores[c]) > 1}
    assert not gaps
    assert flags(a) & CONTENT_FLAGS == flags(b) & CONTENT_FLAGS


# --- evidence, determinism, the rules-only baseline ---------------------------------------------


def test_evidence_is_verbatim_and_grades_are_deterministic(grader: OfflineGrader) -> None:
    answer = PARAPHRASE_PAIRS[0][1] + " " + FLAG_PARAPHRASES["stepping_stone"][0]
    first, second = grade(grader, answer), grade(grader, answer)
    assert first.model_dump() == second.model_dump()
    quotes = [e for c in first.criteria for e in c.evidence] + [f.evidence for f in first.flags]
    assert quotes
    assert all(q in answer for q in quotes)


def test_rules_only_engine_is_kept_as_the_baseline() -> None:
    rules = OfflineGrader(semantic=False)
    assert rules.info.model == "rules-v1"
    assert OfflineGrader().info.model == "semantic-v1"
    report = rules.grade_sync(OPENING + FLAG_PARAPHRASES["stepping_stone"][1], CONTEXT)
    assert isinstance(report, GradeReport)
    assert "stepping_stone" not in flags(report)
