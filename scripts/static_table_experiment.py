"""Experiment: a static embedding table distilled from the bundled MiniLM (model2vec-style)
instead of a forward pass per sentence. Measured on dev only; the result is in evals/README.md.

Each vocabulary token is embedded alone by the int8 MiniLM graph; a sentence vector is the
normalised mean of its tokens' rows. The exemplar classifier is refitted on these vectors, and
the dev suites are graded with it next to the default engine.

    python scripts/static_table_experiment.py     # about 2-4 minutes on one core
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import numpy as np
from fit_semantic import fit_logistic, read_bank
from tokenizers import Tokenizer

from interview_coach.evals.runner import items_of, run_cases
from interview_coach.evals.suite import load_suites
from interview_coach.evals.summary import summarize
from interview_coach.offline.embedder import DIM, MODEL_DIR, Embedder
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.semantic import BANK_FILE, Classifier, SemanticReader
from interview_coach.resources import prompt_path

ROOT = Path(__file__).resolve().parents[1]
DEV = [ROOT / "evals/dev/core.yaml", ROOT / "evals/dev/core-extra.yaml",
       ROOT / "evals/dev/core-third.yaml"]  # fmt: skip
sys.path.insert(0, str(ROOT / "tests"))


class StaticEmbedder(Embedder):
    def __init__(self, table: np.ndarray) -> None:
        tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        tok.no_padding()
        self._tok, self._table = tok, table
        self._cache = {}  # type: ignore[assignment]

    def embed(self, text: str) -> np.ndarray:
        ids = self._tok.encode(text).ids[1:-1] or [100]
        v = self._table[ids].mean(axis=0)
        return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)

    def clear_cache(self) -> None:
        pass


def distil() -> np.ndarray:
    model = Embedder()
    vocab = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json")).get_vocab_size()
    table = np.zeros((vocab, DIM), dtype=np.float32)
    for i in range(vocab):
        ids = np.array([[101, i, 102]], dtype=np.int64)
        table[i] = model._session.run(None, {"input_ids": ids})[0][0]
    return table


def dev_scores(grader: OfflineGrader) -> dict[str, float]:
    items = items_of(load_suites(DEV), split="dev")
    t = summarize(asyncio.run(run_cases(items, grader, concurrency=1)))
    return {k: round(float(t[k] or 0), 3) for k in ("band_accuracy", "within1", "qwk_mean")}


def flag_recall(grader: OfflineGrader) -> str:
    from semantic_cases import CONTEXT, FLAG_ID, FLAG_PARAPHRASES, NEAR_MISSES, OPENING

    hit = sum(
        FLAG_ID[g] in {f.id for f in grader.grade_sync(OPENING + s, CONTEXT).flags}  # type: ignore[union-attr]
        for g, ss in FLAG_PARAPHRASES.items()
        for s in ss
    )
    content = {"money_only", "wants_your_job", "stepping_stone", "negativity", "grandiose"}
    false = sum(
        bool({f.id for f in grader.grade_sync(OPENING + s, CONTEXT).flags} & content)  # type: ignore[union-attr]
        for s in NEAR_MISSES
    )
    return f"paraphrase flags {hit}/18, near-miss false flags {false}/8"


def main() -> None:
    start = time.perf_counter()
    static = StaticEmbedder(distil())
    print(f"distilled {static._table.shape} in {time.perf_counter() - start:.0f} s")
    labels, texts, y = read_bank(prompt_path(BANK_FILE))
    x = static.embed_many(texts).astype(np.float64)
    w, b = fit_logistic(x, y)
    clf = Classifier(tuple(labels), w, b, x.astype(np.float32), y, "")
    engines = {
        "static table": OfflineGrader(reader=SemanticReader(embedder=static, clf=clf)),
        "MiniLM forward pass (default)": OfflineGrader(),
        "rules only": OfflineGrader(semantic=False),
    }
    for name, grader in engines.items():
        t = time.perf_counter()
        scores = dev_scores(grader)
        print(f"{name}: core dev {scores}, {flag_recall(grader)}, {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
