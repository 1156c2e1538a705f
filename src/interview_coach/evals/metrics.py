"""Agreement and summary statistics, written with the standard library only.

Every function takes plain sequences and returns None when the statistic is undefined for the
data (empty input, or a correlation of a constant series), so callers never divide by zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import fmean, pstdev


def _pairs_ok(a: Sequence[float], b: Sequence[float]) -> bool:
    if len(a) != len(b):
        raise ValueError(f"sequences differ in length: {len(a)} vs {len(b)}")
    return len(a) > 0


def quadratic_weighted_kappa(
    expected: Sequence[int], predicted: Sequence[int], low: int = 1, high: int = 5
) -> float | None:
    """Cohen's kappa with quadratic weights on the ordinal scale low..high.

    1 is perfect agreement, 0 is chance level. The chance-expected disagreement is zero only
    when both raters give one and the same score throughout, which is perfect agreement.
    """
    if not _pairs_ok(expected, predicted):
        return None
    k = high - low + 1
    for v in (*expected, *predicted):
        if not low <= v <= high:
            raise ValueError(f"score {v} outside {low}..{high}")
    n = len(expected)
    observed = [[0.0] * k for _ in range(k)]
    for e, p in zip(expected, predicted, strict=True):
        observed[e - low][p - low] += 1
    hist_e = [sum(row) for row in observed]
    hist_p = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = 0.0
    den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * hist_e[i] * hist_p[j] / n
    if den == 0:
        return 1.0
    return 1.0 - num / den


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        for m in range(i, j + 1):
            out[order[m]] = mean_rank
        i = j + 1
    return out


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    if not _pairs_ok(x, y) or len(x) < 2:
        return None
    mx, my = fmean(x), fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho as the Pearson correlation of tie-averaged ranks."""
    if not _pairs_ok(x, y):
        return None
    return pearson(ranks(x), ranks(y))


def mean_absolute_error(expected: Sequence[float], predicted: Sequence[float]) -> float | None:
    if not _pairs_ok(expected, predicted):
        return None
    return fmean(abs(a - b) for a, b in zip(expected, predicted, strict=True))


def agreement(
    expected: Sequence[int], predicted: Sequence[int], tolerance: int = 0
) -> float | None:
    """Share of pairs that differ by at most `tolerance` (0: exact, 1: within one point)."""
    if not _pairs_ok(expected, predicted):
        return None
    hits = sum(abs(a - b) <= tolerance for a, b in zip(expected, predicted, strict=True))
    return hits / len(expected)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (the same rule as numpy's default), q in 0-100."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be in 0..100")
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def mean_stdev(groups: Sequence[Sequence[float]]) -> float | None:
    """Mean over groups of each group's population standard deviation (groups of 2 or more)."""
    spreads = [pstdev(g) for g in groups if len(g) >= 2]
    return fmean(spreads) if spreads else None


def mean_or_none(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return fmean(kept) if kept else None


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Area under the ROC curve: the probability that a random positive scores above a random
    negative (the Mann-Whitney U statistic over all pairs), a tie counting one half.

    0.5 is chance, 1 is perfect separation, below 0.5 is separation the wrong way round.
    None when either side is empty.
    """
    if not positives or not negatives:
        return None
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    # Sum the positives' tie-averaged ranks (1-based), then U = R - n(n+1)/2.
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        rank_sum += mean_rank * sum(flag for _, flag in ranked[i : j + 1])
        i = j + 1
    n_pos, n_neg = len(positives), len(negatives)
    u = rank_sum - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)
