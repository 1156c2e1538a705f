"""The encoder fine-tune's data side and the builder's `--weights` path, without torch or a
download: which exemplars it trains on, how its batches and pair targets are made, and how a
fine-tuned weights file is checked and credited before the graph is built."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from build_embedder import load_safetensors, save_safetensors, with_weights
from finetune_embedder import build_batches, hard_rivals, pair_targets, training_bank
from fit_semantic import read_bank, without_dev_lines

from interview_coach.offline.semantic import BANK_FILE
from interview_coach.resources import prompt_path

BANK = """\
labels:
  long_term:
    - In five years I want to lead a team.
    - Later on I'd like to specialise.  # dev:core
  wants_your_job:
    - I want your job within a year.
    - Give me a year and I'll be sitting in your chair.
  near_miss_ambition:
    - I'd love to grow into leading a team here.  # dev:core-extra
    - One day I hope to manage a team of my own here.
  background:
    - I've got a clean driving licence.
also:
  near_miss_ambition: [long_term]
"""


def test_training_bank_leaves_out_every_dev_exemplar() -> None:
    texts, own, y, dropped = training_bank(BANK)
    assert dropped == 2
    assert "Later on I'd like to specialise." not in texts
    assert "I'd love to grow into leading a team here." not in texts
    assert own == [
        "long_term",
        "wants_your_job",
        "wants_your_job",
        "near_miss_ambition",
        "background",
    ]
    # the `also` label is kept on the rows: a near miss of ambition is a long-term direction too
    assert y.shape == (5, 4) and y[3].tolist() == [1, 0, 1, 0]


def test_training_bank_of_the_real_bank_has_no_dev_line() -> None:
    text = prompt_path(BANK_FILE).read_text(encoding="utf-8")
    tagged = [line for line in text.splitlines() if "# dev:" in line and line.strip()[:1] == "-"]
    texts, _, _, dropped = training_bank(text)
    assert dropped == len(tagged) > 0
    _, all_texts, _ = read_bank(prompt_path(BANK_FILE))
    assert len(texts) == len(all_texts) - dropped
    for line in tagged:
        said = yaml.safe_load(line.split("# dev:")[0].strip())[0]
        assert said not in texts


def test_without_dev_lines_by_tag() -> None:
    assert without_dev_lines(BANK, "core")[1] == 1
    assert without_dev_lines(BANK, "core-extra")[1] == 1
    assert without_dev_lines(BANK, "real")[1] == 0


def test_batches_cover_every_exemplar_once_per_epoch() -> None:
    own = ["a"] * 9 + ["b"] * 5 + ["c"] * 3
    batches = build_batches(own, np.random.default_rng(0), group=4, groups=2)
    seen = [i for b in batches for i in b]
    assert sorted(seen) == list(range(len(own)))
    assert all(len(b) <= 8 for b in batches)


def test_pair_targets_positive_negative_hard_and_ignored() -> None:
    _, own, y, _ = training_bank(BANK)
    batch = [0, 1, 2, 3, 4]  # long_term, wants_your_job x2, near_miss_ambition, background
    target, weight = pair_targets(own, y, batch)
    assert target[1, 2] == 1 and target[0, 1] == 0
    assert np.all(np.diag(weight) == 0)
    # a near miss that also carries long_term is neither a positive nor a negative for long_term
    assert weight[0, 3] == 0
    # a red flag against its own near miss weighs more than against an unrelated label
    assert "near_miss_ambition" in hard_rivals()["wants_your_job"]
    assert weight[1, 3] > weight[1, 4] > 0
    assert np.allclose(weight, weight.T)
    assert weight[target > 0].sum() == pytest.approx(1.0)
    assert weight[target == 0].sum() == pytest.approx(1.0)


def _tensors(scale: float = 1.0) -> dict[str, np.ndarray]:
    return {
        "embeddings.position_ids": np.arange(6, dtype=np.int64).reshape(1, 6),
        "encoder.layer.0.output.dense.weight": np.full((3, 2), scale, dtype=np.float32),
    }


def test_safetensors_round_trip() -> None:
    w = _tensors(0.5)
    back = load_safetensors(save_safetensors(w))
    assert set(back) == set(w)
    for k in w:
        assert back[k].dtype == w[k].dtype and np.array_equal(back[k], w[k])


def test_with_weights_replaces_the_weights_and_credits_the_change() -> None:
    src = {"model.safetensors": save_safetensors(_tensors()), "NOTICE": b"upstream notice\n"}
    tuned = save_safetensors(_tensors(2.0))
    out = with_weights(src, tuned)
    assert out["model.safetensors"] == tuned
    assert out["NOTICE"].startswith(b"upstream notice\n")
    assert b"fine-tuned" in out["NOTICE"] and b"finetune_embedder.py" in out["NOTICE"]
    assert src["NOTICE"] == b"upstream notice\n"  # the pinned sources are not changed in place


def test_with_weights_refuses_other_tensor_names_or_shapes() -> None:
    src = {"model.safetensors": save_safetensors(_tensors()), "NOTICE": b""}
    renamed = {"other": np.zeros((3, 2), dtype=np.float32)}
    reshaped = {**_tensors(), "encoder.layer.0.output.dense.weight": np.zeros((2, 3), np.float32)}
    for bad in (renamed, reshaped):
        with pytest.raises(SystemExit):
            with_weights(src, save_safetensors(bad))
