"""The agreement statistics against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from interview_coach.evals import metrics as m


def test_qwk_is_one_for_perfect_agreement() -> None:
    assert m.quadratic_weighted_kappa([1, 2, 3, 4, 5, 3], [1, 2, 3, 4, 5, 3]) == pytest.approx(1.0)


def test_qwk_small_example_matches_hand_computation() -> None:
    # observed weighted disagreement 2/16, chance-expected 14/16 -> 1 - 1/7
    assert m.quadratic_weighted_kappa([1, 2, 3, 4], [1, 3, 3, 5]) == pytest.approx(6 / 7)


def test_qwk_is_minus_one_for_reversed_ratings() -> None:
    assert m.quadratic_weighted_kappa([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]) == pytest.approx(-1.0)


def test_qwk_penalises_far_misses_more_than_near_ones() -> None:
    near = m.quadratic_weighted_kappa([1, 2, 3, 4, 5], [2, 2, 3, 4, 5])
    far = m.quadratic_weighted_kappa([1, 2, 3, 4, 5], [5, 2, 3, 4, 5])
    assert near is not None and far is not None and near > far


def test_qwk_degenerate_cases() -> None:
    assert m.quadratic_weighted_kappa([], []) is None
    assert m.quadratic_weighted_kappa([3, 3], [3, 3]) == 1.0
    assert m.quadratic_weighted_kappa([3, 3], [4, 4]) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        m.quadratic_weighted_kappa([0], [1])
    with pytest.raises(ValueError):
        m.quadratic_weighted_kappa([1, 2], [1])


def test_ranks_average_ties() -> None:
    assert m.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert m.ranks([5, 5, 5]) == [2, 2, 2]


def test_spearman_with_ties() -> None:
    # ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]: rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10)
    assert m.spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(3 / math.sqrt(10))


def test_spearman_is_rank_based_and_undefined_for_constants() -> None:
    assert m.spearman([1, 2, 3, 4], [1, 4, 9, 100]) == pytest.approx(1.0)
    assert m.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert m.spearman([1, 2, 3], [7, 7, 7]) is None
    assert m.spearman([1], [1]) is None


def test_mae_and_agreement() -> None:
    assert m.mean_absolute_error([1, 2, 3, 5], [2, 2, 5, 5]) == pytest.approx(0.75)
    assert m.agreement([1, 2, 3, 5], [2, 2, 5, 5]) == pytest.approx(0.5)
    assert m.agreement([1, 2, 3, 5], [2, 2, 5, 5], tolerance=1) == pytest.approx(0.75)
    assert m.mean_absolute_error([], []) is None


def test_percentile_interpolates_like_numpy() -> None:
    assert m.percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert m.percentile([7], 95) == 7
    assert m.percentile([], 50) is None


def test_mean_stdev_skips_single_runs() -> None:
    assert m.mean_stdev([[70, 80], [50, 50, 50], [99]]) == pytest.approx(2.5)
    assert m.mean_stdev([[1]]) is None
