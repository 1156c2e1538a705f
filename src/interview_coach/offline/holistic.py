"""Sincerity and specificity read from the whole answer, not from one cue at a time.

People judge how sincere and how specific an answer is from all of it: an answer that makes
every move of the guide in concrete terms reads as sincere even when no sentence says "I still
have a lot to learn", and paraphrases change the cue words that the quality rules count. So the
two quality criteria get a second reading: a linear model over what the engine has already read
(every criterion score before any red-flag cap, each sentence label's highest probability,
the length), fitted by `scripts/fit_holistic.py` on the labelled core dev answers and their
paraphrases. It moves the rules' score by at most one point, keeps the rules' evidence, and red
flags still cap the result afterwards. Measured in `evals/README.md` (rounds 15 and 17).

The weights live in `offline/model/holistic.npz` with the sha256 of the labelled files they were
fitted on; a test catches a stale file, and `scripts/fit_holistic.py` rebuilds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .embedder import MODEL_DIR
from .scoring import Judgement
from .signals import Analysis

WEIGHTS_FILE = "holistic.npz"
MAX_MOVE = 1
"""How far the whole-answer reading may move the rules' score: the rules keep the evidence and
the reason's wording, so a larger move would leave the scorecard explaining a different score."""

MARGIN = 0.5
"""The reading must differ from the rules' score by this much to move it: at 0.5, whenever it
rounds to another score (chosen on the folds: 0.6 in round 15 on four wordings; 0.5 placed
more answers in their band on six of eight wordings and fewer on none in round 17)."""
MIN_WORDS = 80
"""Shorter answers keep the rules' scores: the model was fitted on composed answers, and on
short real answers (20-75 words, good by their source) it read brevity as insincerity."""


def key(score: int) -> str:
    """The reason of a score the reading moved says it comes from the whole answer: the rules'
    evidence, which the score keeps, may not show what the reading saw."""
    return f"whole_{score}"


def features(
    a: Analysis, probs: np.ndarray, judgements: dict[str, Judgement], criteria: tuple[str, ...]
) -> np.ndarray:
    """What the model reads: the criterion scores in rubric order, the highest probability of
    each sentence label over the answer, log word count and the number of sentences."""
    top = probs.max(axis=0) if len(probs) else np.zeros(probs.shape[1])
    scores = [float(judgements[c].score) for c in criteria]
    return np.array([*scores, *top, math.log1p(a.word_count), float(len(a.clean))])


@dataclass(frozen=True)
class HolisticModel:
    criteria: tuple[str, ...]
    """The criteria the model scores (rows of `weights`)."""
    inputs: tuple[str, ...]
    """The rubric's criterion ids and the semantic labels, in feature order: checked at load."""
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # [criteria, features]
    bias: np.ndarray  # [criteria]
    data_sha256: str

    def predict(self, x: np.ndarray) -> dict[str, float]:
        z = (x - self.mean) / self.scale
        return dict(zip(self.criteria, (self.weights @ z + self.bias).tolist(), strict=True))

    def adjust(
        self, judgements: dict[str, Judgement], x: np.ndarray, words: int
    ) -> dict[str, Judgement]:
        """The judgements with each modelled criterion moved towards the whole-answer reading,
        by at most `MAX_MOVE`; the rules' evidence is kept. `words`: the answer's word count."""
        out = dict(judgements)
        if words < MIN_WORDS:
            return out
        for cid, value in self.predict(x).items():
            rule = judgements[cid]
            if abs(value - rule.score) < MARGIN:
                continue
            score = min(max(round(value), rule.score - MAX_MOVE, 1), rule.score + MAX_MOVE, 5)
            if score != rule.score:
                out[cid] = Judgement(score, key(score), rule.evidence)
        return out


def input_names(criteria: tuple[str, ...], labels: tuple[str, ...]) -> tuple[str, ...]:
    return (*criteria, *labels, "log_words", "sentences")


def load_model(path: Path | None = None) -> HolisticModel:
    data = np.load(path or MODEL_DIR / WEIGHTS_FILE, allow_pickle=False)
    return HolisticModel(
        criteria=tuple(str(x) for x in data["criteria"]),
        inputs=tuple(str(x) for x in data["inputs"]),
        mean=data["mean"],
        scale=data["scale"],
        weights=data["weights"],
        bias=data["bias"],
        data_sha256=str(data["data_sha256"]),
    )


@cache
def default_model() -> HolisticModel:
    return load_model()


def checked_model(criteria: tuple[str, ...], labels: tuple[str, ...]) -> HolisticModel:
    """The bundled model, if it was fitted on these criteria and sentence labels."""
    model = default_model()
    if model.inputs != input_names(criteria, labels):
        raise ValueError(
            f"{WEIGHTS_FILE} was fitted on other criteria or sentence labels: "
            "run scripts/fit_holistic.py"
        )
    return model
