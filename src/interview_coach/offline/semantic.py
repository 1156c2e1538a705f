"""The semantic layer: what each sentence of an answer means, as label probabilities.

Labels are the guide's moves, the red flags and their near misses, defined by the exemplar bank
`prompts/offline_exemplars.yaml`. `scripts/fit_semantic.py` embeds the bank and fits one logistic
regression per label (one against the rest); the weights live in `offline/model/semantic.npz`
next to the sha256 of the bank they came from, so a stale classifier is caught by a test.

Long spoken sentences are read in chunks of at most `CHUNK_WORDS` words: a run-on transcript
averaged into one vector would blur its moves together. A sentence's probability for a label is
the highest of its chunks'.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..resources import prompt_path
from .embedder import MODEL_DIR, Embedder, default_embedder

BANK_FILE = "offline_exemplars.yaml"
WEIGHTS_FILE = "semantic.npz"
CHUNK_WORDS = 60
NEAREST_T = 0.05
# "logistic" (one-vs-rest logistic regression) or "nearest" (closest exemplar); measured in
# evals/README.md: the classifier recalls more red-flag paraphrases at the same false-flag rate.
METHOD = "logistic"


def bank_sha256() -> str:
    return hashlib.sha256(prompt_path(BANK_FILE).read_bytes()).hexdigest()


_CLAUSE = re.compile(r",\s*(?:and|but|so|then|because)\s+|;\s*|\s+-\s+|\s+but\s+", re.IGNORECASE)
CLAUSE_MIN_WORDS = 7


def units(text: str) -> list[str]:
    """What is read of one sentence: a sentence that joins clauses ("I'd like to do good work
    here, and in a few years I'll go back to school") is read clause by clause, so one clause's
    meaning is not averaged away by the other's; a long run-on sentence in chunks."""
    parts = [p.strip() for p in _CLAUSE.split(text)]
    parts = [p for p in parts if len(p.split()) >= CLAUSE_MIN_WORDS]
    if len(parts) > 1:
        return [c for p in parts for c in chunks(p)]
    return chunks(text)


def chunks(text: str, size: int = CHUNK_WORDS) -> list[str]:
    """Word windows of at most `size` words, evenly sized, each a verbatim slice of `text`."""
    words = text.split()
    if len(words) <= size:
        return [text]
    n = -(-len(words) // size)
    step = -(-len(words) // n)
    return [" ".join(words[i : i + step]) for i in range(0, len(words), step)]


@dataclass(frozen=True)
class Classifier:
    labels: tuple[str, ...]
    weights: np.ndarray  # [labels, dim]
    bias: np.ndarray  # [labels]
    exemplars: np.ndarray  # [n, dim], unit vectors
    exemplar_labels: np.ndarray  # [n, labels] 0/1
    bank_sha256: str

    def index(self, label: str) -> int:
        return self.labels.index(label)

    def logistic(self, vecs: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(vecs @ self.weights.T + self.bias)))

    def nearest_softmax(self, vecs: np.ndarray, temperature: float = NEAREST_T) -> np.ndarray:
        """The nearest-exemplar alternative to `logistic`, as label weights in [0, 1]: a softmax
        over labels of each label's closest-exemplar cosine."""
        sims = self.nearest(vecs) / temperature
        e = np.exp(sims - sims.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def nearest(self, vecs: np.ndarray) -> np.ndarray:
        """Per label, the cosine to its closest exemplar."""
        sims = vecs @ self.exemplars.T  # [m, n]
        out = np.full((len(vecs), len(self.labels)), -1.0, dtype=np.float32)
        for j in range(len(self.labels)):
            cols = self.exemplar_labels[:, j] > 0
            if cols.any():
                out[:, j] = sims[:, cols].max(axis=1)
        return out


def load_classifier(path: Path | None = None) -> Classifier:
    data = np.load(path or MODEL_DIR / WEIGHTS_FILE, allow_pickle=False)
    return Classifier(
        labels=tuple(str(x) for x in data["labels"]),
        weights=data["weights"],
        bias=data["bias"],
        exemplars=data["exemplars"],
        exemplar_labels=data["exemplar_labels"],
        bank_sha256=str(data["bank_sha256"]),
    )


class SemanticReader:
    """Label probabilities per sentence, from the bundled embedder and classifier."""

    def __init__(self, embedder: Embedder | None = None, clf: Classifier | None = None) -> None:
        self.embedder = embedder or default_embedder()
        self.clf = clf or load_classifier()

    def read(self, sentences: list[str]) -> np.ndarray:
        """[sentences, labels] probabilities."""
        if not sentences:
            return np.zeros((0, len(self.clf.labels)), dtype=np.float32)
        rows = []
        for text in sentences:
            vecs = self.embedder.embed_many(units(text))
            score = self.clf.nearest_softmax if METHOD == "nearest" else self.clf.logistic
            rows.append(score(vecs).max(axis=0))
        return np.stack(rows)


@cache
def default_reader() -> SemanticReader:
    return SemanticReader()
