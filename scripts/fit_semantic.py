"""Fit the offline grader's semantic classifier from `prompts/offline_exemplars.yaml`.

Embeds every exemplar with the bundled MiniLM model and fits one L2-regularised logistic
regression per label (that label's exemplars against all others, in numpy), then writes
`src/interview_coach/offline/model/semantic.npz` with the weights, the exemplar vectors (for the
nearest-exemplar alternative) and the sha256 of the bank. Deterministic: same bank, same file.

    python scripts/fit_semantic.py                 # refit after editing the bank
    python scripts/fit_semantic.py --bank F --out G  # fit another bank (leave-one-out studies)
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

import numpy as np
import yaml

from interview_coach.offline.embedder import MODEL_DIR, default_embedder
from interview_coach.offline.semantic import BANK_FILE, WEIGHTS_FILE
from interview_coach.resources import prompt_path

L2 = 1e-3
STEPS = 1500
LR = 2.0


def read_bank(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """Labels, exemplar texts and their 0/1 label rows (a section's own label and its `also`)."""
    return rows_of(yaml.safe_load(path.read_text(encoding="utf-8")))


def rows_of(data: dict) -> tuple[list[str], list[str], np.ndarray]:  # type: ignore[type-arg]
    labels = list(data["labels"])
    also = data.get("also") or {}
    texts: list[str] = []
    rows: list[np.ndarray] = []
    for label, sentences in data["labels"].items():
        for text in sentences:
            row = np.zeros(len(labels), dtype=np.float32)
            row[labels.index(label)] = 1
            for extra in also.get(label, []):
                row[labels.index(extra)] = 1
            texts.append(text)
            rows.append(row)
    return labels, texts, np.stack(rows)


def without_dev_lines(text: str, tag: str | None = None) -> tuple[str, int]:
    """The bank's text without the exemplars tagged `# dev:<tag>` (any tag if None): those were
    written after looking at a dev file, so leaving them out keeps that file unseen. Returns the
    text and how many exemplars were dropped."""
    lines = text.splitlines()
    dev = re.compile(r"^\s*- .*# dev:" + (re.escape(tag) if tag else r"[\w-]+") + r"\s*$")
    kept = [line for line in lines if not dev.match(line)]
    return "\n".join(kept) + "\n", len(lines) - len(kept)


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the class-balanced log loss, one column of y per label."""
    n, d = x.shape
    w = np.zeros((y.shape[1], d), dtype=np.float64)
    b = np.zeros(y.shape[1], dtype=np.float64)
    pos = y.sum(axis=0)
    weight = np.where(y > 0, 0.5 / np.maximum(pos, 1), 0.5 / np.maximum(n - pos, 1))
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w.T + b)))
        g = (p - y) * weight
        w -= LR * (g.T @ x + L2 * w)
        b -= LR * g.sum(axis=0)
    return w.astype(np.float32), b.astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bank", type=Path, default=prompt_path(BANK_FILE))
    ap.add_argument("--out", type=Path, default=MODEL_DIR / WEIGHTS_FILE)
    args = ap.parse_args()
    labels, texts, y = read_bank(args.bank)
    x = default_embedder().embed_many(texts).astype(np.float64)
    w, b = fit_logistic(x, y)
    p = 1.0 / (1.0 + np.exp(-(x @ w.T + b)))
    train_acc = float(((p > 0.5) == (y > 0)).mean())
    with args.out.open("wb") as f:
        np.savez(
            f,
            labels=np.array(labels),
            weights=w,
            bias=b,
            exemplars=x.astype(np.float32),
            exemplar_labels=y,
            bank_sha256=np.array(hashlib.sha256(args.bank.read_bytes()).hexdigest()),
        )
    print(
        f"{len(texts)} exemplars, {len(labels)} labels, "
        f"train accuracy {train_acc:.3f} -> {args.out}"
    )


if __name__ == "__main__":
    main()
