"""Good-versus-bad separation on answers labelled only with a source page's verdict.

Real answers quoted on career-advice pages carry the page's verdict (good, bad or mixed), not
criterion scores. What can be measured honestly is ranking: does the grader's overall score put
the good answers above the bad ones (AUC, mixed excluded)? Word count alone is the baseline any
grader must clearly beat, and answers of more than `LONG_WORDS` words are reported separately,
because one-liners are easy to rank by length and longer answers are where meaning matters.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import metrics as m
from .runner import Prediction

LONG_WORDS = 25
"""Answers with more words than this form the `_long` subset."""

VerdictNumber = float | int | None


def _separation(preds: Sequence[Prediction], suffix: str) -> dict[str, VerdictNumber]:
    good = [p for p in preds if p.verdict == "good"]
    bad = [p for p in preds if p.verdict == "bad"]
    score = m.auc([float(p.overall or 0) for p in good], [float(p.overall or 0) for p in bad])
    words = m.auc([float(p.word_count) for p in good], [float(p.word_count) for p in bad])
    return {
        f"verdict_good{suffix}": len(good),
        f"verdict_bad{suffix}": len(bad),
        f"auc{suffix}": score,
        f"auc_words{suffix}": words,
        f"auc_gain{suffix}": score - words if score is not None and words is not None else None,
    }


def verdict_metrics(preds: Sequence[Prediction]) -> dict[str, VerdictNumber]:
    """AUC of the overall score and of word count, on all scored good/bad runs and on long ones.

    Unscored and failed runs have no score to rank: they are left out of both AUCs (so score
    and baseline are measured on the same answers) and counted in `verdict_unscored`.
    """
    labelled = [p for p in preds if p.verdict in {"good", "bad"}]
    scored = [p for p in labelled if p.status == "scored" and p.overall is not None]
    long = [p for p in scored if p.word_count > LONG_WORDS]
    return {
        "verdict_labelled_runs": len(labelled),
        "verdict_mixed": sum(p.verdict == "mixed" for p in preds),
        "verdict_unscored": len(labelled) - len(scored),
        **_separation(scored, ""),
        **_separation(long, "_long"),
    }
