"""Sincerity and specificity read from the whole answer (issue 9, round 15).

The rules score the two quality criteria from cue words; a linear model over everything the
engine has read moves their score by at most one point, keeps the rules' evidence, and red flags
still cap the result. The bundled weights must match the labelled files and the engine they were
fitted on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from interview_coach.models import CriterionScore, GradeReport, InterviewContext
from interview_coach.offline import feedback
from interview_coach.offline import grader as grader_module
from interview_coach.offline.embedder import MODEL_DIR
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.holistic import (
    MARGIN,
    MIN_WORDS,
    WEIGHTS_FILE,
    HolisticModel,
    checked_model,
    input_names,
    load_model,
)
from interview_coach.offline.scoring import Judgement
from interview_coach.offline.text import Sentence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import fit_holistic

STALE = "run scripts/fit_holistic.py"
CONTEXT = InterviewContext(
    role="Heating Engineer",
    company="Warmline Services",
    company_blurb="Installs heat pumps and boilers for homes across Yorkshire.",
)


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader()


def criterion(report: GradeReport, cid: str) -> CriterionScore:
    return next(c for c in report.criteria if c.criterion_id == cid)


def graded(grader: OfflineGrader, answer: str) -> GradeReport:
    report = grader.grade_sync(answer, CONTEXT)
    assert isinstance(report, GradeReport)
    return report


def test_the_model_was_fitted_on_the_labelled_files_as_they_are() -> None:
    files = fit_holistic.fitted_files()
    assert len(files) == 24
    kept_back = {
        p
        for name in fit_holistic.KEPT_BACK
        for p in fit_holistic.DEV.glob(fit_holistic.SETS[name][0])
    }
    assert len(kept_back) == 3
    assert not kept_back & set(files), "the kept-back paraphrase sets are for measuring only"
    assert load_model().data_sha256 == fit_holistic.data_sha256(files), STALE


def test_the_model_reads_what_the_engine_reads_today(grader: OfflineGrader) -> None:
    """A change to the rules, the lexicon or the sentence model changes the inputs the model
    was fitted on: the fingerprint stored with the weights catches it."""
    data = np.load(MODEL_DIR / WEIGHTS_FILE, allow_pickle=False)
    cases = {c.id: c for c in fit_holistic.labelled_cases(fit_holistic.fitted_files())}
    probes = [str(i) for i in data["probe_ids"]]
    assert len(probes) >= 20
    now = np.stack(
        [
            fit_holistic.inputs_of(grader, grader.read(cases[i].answer, cases[i].context))
            for i in probes
        ]
    )
    assert np.allclose(now, data["probe_inputs"], atol=1e-4), STALE


def test_a_model_fitted_on_other_labels_is_refused() -> None:
    with pytest.raises(ValueError, match="fit_holistic"):
        checked_model(("enthusiasm",), ("background",))


def constant(
    value: float, criteria: tuple[str, ...] = ("specificity", "sincerity_realism")
) -> HolisticModel:
    n = 3
    return HolisticModel(
        criteria=criteria,
        inputs=input_names(("a",), ()),
        mean=np.zeros(n),
        scale=np.ones(n),
        weights=np.zeros((len(criteria), n)),
        bias=np.full(len(criteria), value),
        data_sha256="",
    )


def judgements(**scores: int) -> dict[str, Judgement]:
    return {cid: Judgement(s, f"key{s}", []) for cid, s in scores.items()}


@pytest.mark.parametrize(
    ("reading", "rule", "expected"),
    [(5.0, 2, 3), (1.0, 4, 3), (5.0, 5, 5), (1.0, 1, 1), (3.0 + MARGIN - 0.01, 3, 3), (3.7, 3, 4)],
)
def test_the_reading_moves_a_score_one_point_at_most(
    reading: float, rule: int, expected: int
) -> None:
    out = constant(reading).adjust(
        judgements(specificity=rule, sincerity_realism=rule, commitment=2), np.zeros(3), MIN_WORDS
    )
    assert out["specificity"].score == expected
    assert out["sincerity_realism"].score == expected
    assert out["commitment"].score == 2


def test_a_moved_score_keeps_the_rules_evidence_and_gets_the_reason_of_its_score() -> None:
    evidence = [Sentence(0, "I'd bring care to every home.", 0)]
    rule = {
        "sincerity_realism": Judgement(3, "generic", evidence),
        "specificity": Judgement(3, "some_detail", []),
    }
    up = constant(5.0).adjust(rule, np.zeros(3), MIN_WORDS)
    assert up["sincerity_realism"] == Judgement(4, "whole_4", evidence)
    assert up["specificity"].key == "whole_4"
    for cid in fit_holistic.CRITERIA:
        for score in range(1, 6):
            assert feedback.reason(cid, f"whole_{score}", 50).startswith("Read as a whole")
    down = constant(1.0).adjust(rule, np.zeros(3), MIN_WORDS)["sincerity_realism"]
    assert (down.score, down.key) == (2, "whole_2")
    assert feedback.reason("sincerity_realism", down.key, 50).startswith("Read as a whole")


THIN = (
    "I want a good job with a good company where I can do well. I like working and I want to "
    "grow in my career. I think I would be good here because I am a hard worker and I get on with "
    "people. In the future I want to move up and have more responsibility, and I want to keep "
    "improving myself. I am looking for a place where I can be happy and settle down for a while. "
    "I want to do well and I think this job would suit me and my goals."
)


def test_a_thin_answer_reads_as_less_sincere_than_its_cue_words_say(grader: OfflineGrader) -> None:
    report = graded(grader, THIN)
    assert report.scores["sincerity_realism"] == 2
    assert criterion(report, "sincerity_realism").reason.startswith("Read as a whole")
    rules = OfflineGrader(semantic=False).grade_sync(THIN, CONTEXT)
    assert isinstance(rules, GradeReport) and rules.scores["sincerity_realism"] == 3


def test_a_short_answer_keeps_the_rules_scores(grader: OfflineGrader) -> None:
    short = " ".join(THIN.split()[: MIN_WORDS - 30])
    rules = OfflineGrader(semantic=False).grade_sync(short, CONTEXT)
    assert isinstance(rules, GradeReport)
    report = graded(grader, short)
    assert report.scores["sincerity_realism"] == rules.scores["sincerity_realism"] == 3
    assert (
        constant(1.0)
        .adjust(judgements(sincerity_realism=3, specificity=3), np.zeros(3), MIN_WORDS - 1)[
            "sincerity_realism"
        ]
        .score
        == 3
    )


def test_an_answer_that_makes_every_move_concretely_reads_as_sincere(grader: OfflineGrader) -> None:
    answer = (
        "Thank you for having me, I've wanted to work at Warmline since I saw your heat pump "
        "installs in Leeds. In my first year I want to get certified on air-source heat pumps and "
        "lead installs on my own by the winter. In five years I'd like to run a renewables crew "
        "and train the apprentices who come after me. Warmline's move into heat pumps is exactly "
        "where I want to put my skills, and I'd learn a lot from your senior engineers. "
        "I'd bring real care to every home I work in, so your customers stay warm and trust us."
    )
    report = graded(grader, answer)
    assert report.scores["sincerity_realism"] == 4
    assert criterion(report, "sincerity_realism").evidence
    assert criterion(report, "sincerity_realism").reason.startswith("Read as a whole, sincere")


def test_red_flags_still_cap_after_the_reading(grader: OfflineGrader) -> None:
    answer = (
        "Thank you for seeing me. Honestly the main reason I applied is the pay: the salary here "
        "is higher than anywhere else and that's what I care about most. In my first year I'd get "
        "certified on heat pumps and in five years I'd like to lead a crew."
    )
    report = graded(grader, answer)
    assert "money_only" in {f.id for f in report.flags}
    assert report.scores["sincerity_realism"] == 1


def test_the_rules_only_engine_has_no_whole_answer_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> HolisticModel:
        raise AssertionError("the rules-only engine loaded the whole-answer reading")

    monkeypatch.setattr(grader_module, "checked_model", refuse)
    report = OfflineGrader(semantic=False).grade_sync(
        "I want a good job with a good company.", CONTEXT
    )
    assert isinstance(report, GradeReport)
