"""Fine-tune the offline grader's sentence encoder on the exemplar bank (build time only).

SetFit-style contrastive fine-tuning of all-MiniLM-L6-v2: same label as positives, labels with
nothing in common as negatives, a red flag against the near misses that share its words
(`meaning.FLAG_LABELS`) weighing double. The default loss is a margin loss (a positive pair
costs nothing at cosine >= POS_MARGIN, a negative at <= NEG_MARGIN); `--loss mse` is SetFit's
own (the squared error to cosine 1 or 0). Every pair within a batch is used (a batch is a few
exemplars each of a few labels): on two cores a forward and backward pass costs about 2 s per
32 sentences, so pairs drawn one by one, as SetFit does, would not fit in minutes.

Measured in evals/README.md (round 8): on dev every setting tried flagged more good answers than
the generic encoder, so the committed model is NOT fine-tuned; this script is kept to rebuild
and re-measure that finding. Two runs give bit-identical weights (torch 2.13.0+cpu, 2 threads).

The encoder is the same BERT as the ONNX graph of `build_embedder.py` (mean pooling and L2
norm), written in torch here so it can be trained; the result is a safetensors file with the
source's tensor names, from which `build_embedder.py --weights` builds the int8 graph that
the grader runs.

The `# dev:`-tagged exemplars (written after looking at a dev file) are left out of training, so
the dev files stay unseen by the encoder; the classifier (`fit_semantic.py`) is still fitted on
the whole bank. Torch is a build-time dependency only, in a separate venv: the grader never
imports it.

    pip install torch==2.13.0 && pip install -e '.[embedder-build]'   # separate venv
    python scripts/finetune_embedder.py --out /tmp/minilm-ft.safetensors
    python scripts/build_embedder.py --weights /tmp/minilm-ft.safetensors
    python scripts/fit_semantic.py
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from build_embedder import (
    EPS,
    HEADS,
    HIDDEN,
    LAYERS,
    download,
    load_safetensors,
    read_sources,
    save_safetensors,
)
from fit_semantic import rows_of, without_dev_lines

from interview_coach.offline.embedder import MAX_TOKENS
from interview_coach.offline.meaning import FLAG_LABELS
from interview_coach.offline.semantic import BANK_FILE
from interview_coach.resources import prompt_path

SEED = 13
EPOCHS = 6
GROUP = 4  # exemplars of one label in a batch
GROUPS = 8  # labels in a batch
HARD_WEIGHT = 2.0
# `--loss margin`: a pair costs nothing once it is on the right side of its margin, so pairs the
# generic encoder already separates are left where they are (MSE to 1 and 0 moves every pair).
POS_MARGIN = 0.5
NEG_MARGIN = 0.25
LR = 2e-5
WARMUP = 0.1
DROPOUT = 0.1
# The token table stays as it is: only the bank's tokens would move, and a sentence of words the
# bank never uses would then be read by a table half tuned and half not.
FROZEN = ("embeddings.word_embeddings.weight",)


def hard_rivals() -> dict[str, set[str]]:
    """Each red-flag label and the near misses that share its words, both ways round."""
    out: dict[str, set[str]] = {}
    for label, (_, near) in FLAG_LABELS.items():
        for n in near:
            out.setdefault(label, set()).add(n)
            out.setdefault(n, set()).add(label)
    return out


def training_bank(text: str) -> tuple[list[str], list[str], np.ndarray, int]:
    """Texts, each one's own (section) label and its label rows, without `# dev:` exemplars."""
    kept, dropped = without_dev_lines(text)
    data = yaml.safe_load(kept)
    _, texts, y = rows_of(data)
    own = [label for label, sentences in data["labels"].items() for _ in sentences]
    return texts, own, y, dropped


def build_batches(
    own: list[str], rng: np.random.Generator, group: int = GROUP, groups: int = GROUPS
) -> list[list[int]]:
    """One epoch: every exemplar once, in batches of `groups` groups of up to `group` exemplars
    of one label each, so every batch holds positives for each of its exemplars."""
    cut: list[list[int]] = []
    for label in dict.fromkeys(own):
        idx = rng.permutation([i for i, o in enumerate(own) if o == label])
        cut.extend(idx[k : k + group].tolist() for k in range(0, len(idx), group))
    order = rng.permutation(len(cut))
    return [
        [i for g in order[k : k + groups] for i in cut[g]] for k in range(0, len(order), groups)
    ]


def pair_targets(own: list[str], y: np.ndarray, batch: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair of a batch: the target cosine (1 for the same section, 0 for no label in
    common) and its weight. Positives and negatives weigh the same in total; a negative between
    a red flag and one of its near misses weighs `HARD_WEIGHT` times an ordinary one. Pairs whose
    labels overlap but whose sections differ (a near miss that also carries `long_term`, against
    `long_term`) and each exemplar with itself weigh nothing."""
    rivals = hard_rivals()
    labels = [own[i] for i in batch]
    rows = y[batch]
    same = np.array([[a == b for b in labels] for a in labels])
    disjoint = (rows @ rows.T) == 0
    hard = np.array([[b in rivals.get(a, ()) for b in labels] for a in labels])
    np.fill_diagonal(same, False)
    pos = same.astype(np.float64)
    neg = disjoint * np.where(hard, HARD_WEIGHT, 1.0)
    weight = pos / max(pos.sum(), 1.0) + neg / max(neg.sum(), 1.0)
    return same.astype(np.float32), weight.astype(np.float32)


class MiniLM:
    """The BERT encoder of `build_embedder.build_graph`, in torch, with dropout for training."""

    def __init__(
        self, w: dict[str, np.ndarray], dropout: float = DROPOUT, frozen: tuple[str, ...] = ()
    ) -> None:
        import torch

        self.torch = torch
        self.params = {
            k: torch.nn.Parameter(torch.from_numpy(v.copy()), requires_grad=k not in frozen)
            for k, v in w.items()
            if v.dtype == np.float32
        }
        self.dropout = dropout

    def __call__(self, ids: Any, mask: Any, train: bool) -> Any:
        torch, p = self.torch, self.params
        f = torch.nn.functional

        def drop(t: Any) -> Any:
            return f.dropout(t, self.dropout, train)

        def linear(t: Any, name: str) -> Any:
            return f.linear(t, p[name + ".weight"], p[name + ".bias"])

        def norm(t: Any, name: str) -> Any:
            return f.layer_norm(t, (HIDDEN,), p[name + ".weight"], p[name + ".bias"], EPS)

        b, n = ids.shape
        d = HIDDEN // HEADS
        x = p["embeddings.word_embeddings.weight"][ids]
        x = (
            x
            + p["embeddings.position_embeddings.weight"][:n]
            + p["embeddings.token_type_embeddings.weight"][0]
        )
        x = drop(norm(x, "embeddings.LayerNorm"))
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for i in range(LAYERS):
            q_, a_ = f"encoder.layer.{i}.attention.self", f"encoder.layer.{i}.attention.output"

            def heads(t: Any) -> Any:
                return t.view(b, n, HEADS, d).transpose(1, 2)

            q, k, v = (heads(linear(x, f"{q_}.{m}")) for m in ("query", "key", "value"))
            att = drop(torch.softmax(q @ k.transpose(-1, -2) / d**0.5 + bias, dim=-1))
            ctx = (att @ v).transpose(1, 2).reshape(b, n, HIDDEN)
            x = norm(drop(linear(ctx, f"{a_}.dense")) + x, f"{a_}.LayerNorm")
            h = f.gelu(linear(x, f"encoder.layer.{i}.intermediate.dense"))
            out = drop(linear(h, f"encoder.layer.{i}.output.dense"))
            x = norm(out + x, f"encoder.layer.{i}.output.LayerNorm")
        m = mask[:, :, None].float()
        pooled = (x * m).sum(1) / m.sum(1)
        return f.normalize(pooled, dim=-1)


def encode_batch(tok: Any, texts: list[str]) -> tuple[Any, Any]:
    import torch

    enc = [tok.encode(t).ids for t in texts]
    n = max(len(e) for e in enc)
    ids = torch.zeros((len(enc), n), dtype=torch.long)
    mask = torch.zeros((len(enc), n), dtype=torch.long)
    for r, e in enumerate(enc):
        ids[r, : len(e)] = torch.tensor(e)
        mask[r, : len(e)] = 1
    return ids, mask


def finetune(
    w: dict[str, np.ndarray],
    tokenizer_json: bytes,
    bank_text: str,
    epochs: int = EPOCHS,
    lr: float = LR,
    max_steps: int | None = None,
    seed: int = SEED,
    frozen: tuple[str, ...] = FROZEN,
    loss_kind: str = "margin",
) -> dict[str, np.ndarray]:
    """The source tensors with the encoder's float weights fine-tuned (same names, shapes)."""
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)
    tok = Tokenizer.from_str(tokenizer_json.decode())
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    texts, own, y, dropped = training_bank(bank_text)
    rng = np.random.default_rng(seed)
    model = MiniLM(w, frozen=frozen)
    trained = [p for p in model.params.values() if p.requires_grad]
    opt = torch.optim.AdamW(trained, lr=lr, weight_decay=0.01)
    total = epochs * len(build_batches(own, np.random.default_rng(0)))
    total = min(max_steps or total, total)
    warm = max(1, int(total * WARMUP))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    print(f"{len(texts)} exemplars ({dropped} `# dev:` left out), {total} steps")
    step, start = 0, time.time()
    while step < total:
        for batch in build_batches(own, rng):
            if step >= total:
                break
            target, weight = pair_targets(own, y, batch)
            ids, mask = encode_batch(tok, [texts[t] for t in batch])
            vec = model(ids, mask, train=True)
            cos, t = vec @ vec.T, torch.from_numpy(target)
            if loss_kind == "margin":
                err = (
                    t * torch.relu(POS_MARGIN - cos) ** 2
                    + (1 - t) * torch.relu(cos - NEG_MARGIN) ** 2
                )
            else:
                err = (cos - t) ** 2
            loss = (err * torch.from_numpy(weight)).sum() / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0 or step == total:
                print(f"step {step}/{total} loss {loss.item():.4f} {time.time() - start:.0f}s")
    out = dict(w)
    for name, param in model.params.items():
        out[name] = param.detach().numpy().astype(np.float32)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="an already downloaded wheel (build_embedder)")
    ap.add_argument("--out", type=Path, required=True, help="the fine-tuned .safetensors")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--lr", type=float, default=LR)
    ap.add_argument("--max-steps", type=int, help="stop early (reproducibility checks)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--train-token-table", action="store_true", help="do not freeze it")
    ap.add_argument("--loss", choices=("mse", "margin"), default="margin")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = read_sources(args.wheel or download(Path(tmp)))
    w = finetune(
        load_safetensors(src["model.safetensors"]),
        src["tokenizer.json"],
        prompt_path(BANK_FILE).read_text(encoding="utf-8"),
        epochs=args.epochs,
        lr=args.lr,
        max_steps=args.max_steps,
        seed=args.seed,
        frozen=() if args.train_token_table else FROZEN,
        loss_kind=args.loss,
    )
    blob = save_safetensors(w)
    args.out.write_bytes(blob)
    print(f"wrote {args.out} sha256 {hashlib.sha256(blob).hexdigest()}")


if __name__ == "__main__":
    main()
