"""mlsd.metrics against scikit-learn (where it has the metric) and exact references.

Each comparison runs on at least 200 seeded random cases that include tied scores, and
for the rank-cutoff metrics cutoffs beyond the list's length (k > n). Metrics without a
scikit-learn equivalent are checked against an exact enumeration of every order of the
tied items, which is what "expected value under random tie-breaking" means.
"""

from __future__ import annotations

import doctest
import itertools
import math
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    average_precision_score,
    dcg_score,
    label_ranking_average_precision_score,
    ndcg_score,
    roc_auc_score,
)
from sklearn.metrics import log_loss as sk_log_loss

import mlsd.metrics
from mlsd.metrics import (
    ReliabilityBins,
    average_precision,
    calibration_ratio,
    dcg_at_k,
    expected_calibration_error,
    log_loss,
    mean_average_precision,
    mean_reciprocal_rank,
    ndcg_at_k,
    normalized_entropy,
    precision_at_k,
    recall_at_k,
    reciprocal_rank,
    reliability_bins,
    roc_auc,
)

N_CASES = 200  # random cases per metric


# --- random cases ---------------------------------------------------------------------------


def random_scores(rng: np.random.Generator, n: int) -> np.ndarray:
    """Continuous scores, or scores on a coarse grid so that many of them tie."""
    kind = rng.integers(3)
    if kind == 0:
        return rng.normal(size=n)
    if kind == 1:
        return rng.integers(0, max(2, n // 3), size=n).astype(float)  # heavy ties
    return np.round(rng.random(n), 1)  # light ties


def binary_cases(
    seed: int, *, n_min: int = 2, n_max: int = 40, both_classes: bool = True
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``N_CASES`` pairs of binary labels and scores; ties in about two cases out of three."""
    rng = np.random.default_rng(seed)
    produced = 0
    while produced < N_CASES:
        n = int(rng.integers(n_min, n_max + 1))
        labels = (rng.random(n) < rng.uniform(0.05, 0.7)).astype(int)
        if both_classes and labels.min() == labels.max():
            continue
        produced += 1
        yield labels, random_scores(rng, n)


def assert_all_close(pairs: list[tuple[float, float, object]]) -> None:
    bad = [(ours, ref, case) for ours, ref, case in pairs if not np.isclose(ours, ref)]
    assert len(pairs) >= 200
    assert not bad, f"{len(bad)} of {len(pairs)} cases differ, first: {bad[0]}"


# --- exact references for ties ----------------------------------------------------------------


def tie_orders(scores: np.ndarray) -> Iterator[np.ndarray]:
    """Every order of the items consistent with descending scores: ties in every order."""
    groups = [np.flatnonzero(scores == value) for value in np.unique(scores)[::-1]]
    for parts in itertools.product(*(itertools.permutations(g) for g in groups)):
        yield np.concatenate(parts).astype(int)


def expected_over_ties(
    labels: np.ndarray, scores: np.ndarray, metric: Callable[[np.ndarray], float]
) -> float:
    """Mean of ``metric(labels in ranked order)`` over every tie order."""
    values = [metric(labels[order]) for order in tie_orders(scores)]
    return float(np.mean(values))


def small_cases(
    seed: int, *, with_relevant: bool = False
) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
    """Lists short enough to enumerate every tie order, with cutoffs up to n + 3."""
    rng = np.random.default_rng(seed)
    produced = 0
    while produced < N_CASES:
        n = int(rng.integers(1, 8))
        labels = (rng.random(n) < 0.4).astype(int)
        if with_relevant and not labels.any():
            continue
        produced += 1
        scores = rng.integers(0, 3, size=n).astype(float)  # ties almost always
        k = int(rng.integers(1, n + 4))
        yield labels, scores, k


def ranked_precision(ranked: np.ndarray, k: int) -> float:
    return ranked[:k].sum() / k


def ranked_reciprocal_rank(ranked: np.ndarray) -> float:
    hits = np.flatnonzero(ranked)
    return 1.0 / (hits[0] + 1) if hits.size else 0.0


def ranked_dcg(ranked: np.ndarray, k: int | None) -> float:
    top = ranked[:k] if k is not None else ranked
    return float(sum(gain / math.log2(rank + 2) for rank, gain in enumerate(top)))


# --- probabilities --------------------------------------------------------------------------


def test_roc_auc_matches_sklearn_with_ties() -> None:
    assert_all_close(
        [(roc_auc(y, s), roc_auc_score(y, s), (y, s)) for y, s in binary_cases(seed=1)]
    )


def probability_cases(seed: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    for labels, _ in binary_cases(seed):
        n = labels.size
        probs = rng.uniform(0.001, 0.999, size=n)
        if rng.random() < 0.5:  # repeated probabilities, as a coarse model produces
            probs = np.round(probs, 1).clip(0.05, 0.95)
        yield labels, probs


def test_log_loss_matches_sklearn() -> None:
    assert_all_close(
        [
            (log_loss(y, p), sk_log_loss(y, p, labels=[0, 1]), (y, p))
            for y, p in probability_cases(seed=2)
        ]
    )


def test_normalized_entropy_is_log_loss_over_the_base_rate_log_loss() -> None:
    cases = []
    for y, p in probability_cases(seed=3):
        base = np.full(y.size, y.mean())
        reference = sk_log_loss(y, p, labels=[0, 1]) / sk_log_loss(y, base, labels=[0, 1])
        cases.append((normalized_entropy(y, p), reference, (y, p)))
    assert_all_close(cases)


def test_normalized_entropy_of_the_base_rate_is_one() -> None:
    y = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    assert normalized_entropy(y, np.full(10, 0.2)) == pytest.approx(1.0)


def test_normalized_entropy_uses_the_given_background_rate() -> None:
    y, p = [1, 0, 0, 0], [0.7, 0.1, 0.1, 0.1]
    rate = 0.1
    entropy = -(rate * math.log(rate) + (1 - rate) * math.log(1 - rate))
    assert normalized_entropy(y, p, background=rate) == pytest.approx(log_loss(y, p) / entropy)


def test_calibration_ratio_hand_examples() -> None:
    assert calibration_ratio([1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]) == pytest.approx(1.0)
    assert calibration_ratio([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(2.0)
    assert calibration_ratio([1, 1, 0, 0], [0.1, 0.1, 0.1, 0.1]) == pytest.approx(0.2)


def test_calibration_ratio_random_cases() -> None:
    assert_all_close(
        [
            (calibration_ratio(y, p), p.mean() / y.mean(), (y, p))
            for y, p in probability_cases(seed=4)
        ]
    )


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_reliability_bins_match_sklearn_calibration_curve(strategy: str) -> None:
    rng = np.random.default_rng(5)
    mismatches, checked = [], 0
    for y, p in probability_cases(seed=5):
        n_bins = int(rng.integers(1, 16))
        ours = reliability_bins(y, p, n_bins=n_bins, strategy=strategy)  # type: ignore[arg-type]
        prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        checked += 1
        same = (
            ours.fraction_positive.shape == prob_true.shape
            and np.allclose(ours.fraction_positive, prob_true)
            and np.allclose(ours.mean_predicted, prob_pred)
            and ours.count.sum() == y.size
        )
        if not same:
            mismatches.append((y, p, n_bins))
    assert checked >= 200
    assert not mismatches, f"{len(mismatches)} cases differ, first: {mismatches[0]}"


def reference_ece(y: np.ndarray, p: np.ndarray, n_bins: int, strategy: str) -> float:
    """ECE by an explicit loop over the bins of sklearn's calibration_curve."""
    if strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
    else:
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    inner = edges[1:-1]
    bin_of = np.array([sum(edge < value for edge in inner) for value in p])
    total = 0.0
    for b in range(n_bins):
        members = bin_of == b
        if members.any():
            total += members.sum() / y.size * abs(y[members].mean() - p[members].mean())
    return total


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_expected_calibration_error_matches_a_loop(strategy: str) -> None:
    rng = np.random.default_rng(6)
    cases = []
    for y, p in probability_cases(seed=6):
        n_bins = int(rng.integers(1, 16))
        ours = expected_calibration_error(y, p, n_bins=n_bins, strategy=strategy)  # type: ignore[arg-type]
        cases.append((ours, reference_ece(y, p, n_bins, strategy), (y, p, n_bins)))
    assert_all_close(cases)


def test_expected_calibration_error_hand_example() -> None:
    # Bin [0, 0.5]: predictions 0.1, 0.3 (mean 0.2), labels 0, 1 (rate 0.5): gap 0.3.
    # Bin (0.5, 1]: predictions 0.9, 0.9 (mean 0.9), labels 1, 1 (rate 1.0): gap 0.1.
    ece = expected_calibration_error([0, 1, 1, 1], [0.1, 0.3, 0.9, 0.9], n_bins=2)
    assert ece == pytest.approx(0.5 * 0.3 + 0.5 * 0.1)


def test_perfectly_calibrated_bins_have_zero_ece() -> None:
    y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    p = np.array([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75])
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.0)


def test_reliability_bins_is_a_named_tuple_without_empty_bins() -> None:
    bins = reliability_bins([0, 1, 1], [0.05, 0.95, 0.95], n_bins=10)
    assert isinstance(bins, ReliabilityBins)
    assert bins.count.tolist() == [1, 2]
    assert bins.fraction_positive.tolist() == [0.0, 1.0]


# --- binary ranking: average precision ------------------------------------------------------


def test_average_precision_matches_sklearn_with_ties() -> None:
    assert_all_close(
        [
            (average_precision(y, s), average_precision_score(y, s), (y, s))
            for y, s in binary_cases(seed=7)
        ]
    )


def test_mean_average_precision_is_the_mean_of_sklearn_ap() -> None:
    rng = np.random.default_rng(8)
    cases = []
    for _ in range(N_CASES):
        n_queries = int(rng.integers(1, 6))
        labels, scores = [], []
        for y, s in itertools.islice(binary_cases(int(rng.integers(1 << 30))), n_queries):
            labels.append(y)
            scores.append(s)
        reference = np.mean(
            [average_precision_score(y, s) for y, s in zip(labels, scores, strict=True)]
        )
        cases.append((mean_average_precision(labels, scores), reference, (labels, scores)))
    assert_all_close(cases)


def test_mean_average_precision_matches_label_ranking_average_precision_without_ties() -> None:
    # Without ties, per-query AP equals sklearn's label ranking average precision (LRAP).
    rng = np.random.default_rng(9)
    cases = []
    for _ in range(N_CASES):
        n_queries, n_items = int(rng.integers(1, 8)), int(rng.integers(2, 20))
        labels = (rng.random((n_queries, n_items)) < 0.3).astype(int)
        labels[np.arange(n_queries), rng.integers(n_items, size=n_queries)] = 1
        scores = rng.normal(size=(n_queries, n_items))
        reference = label_ranking_average_precision_score(labels, scores)
        cases.append((mean_average_precision(labels, scores), reference, (labels, scores)))
    assert_all_close(cases)


def test_mean_average_precision_skips_queries_without_relevant_items() -> None:
    with_empty = mean_average_precision([[1, 0], [0, 0]], [[0.9, 0.1], [0.5, 0.4]])
    assert with_empty == pytest.approx(1.0)


def test_average_precision_hand_example() -> None:
    # Relevant at ranks 1, 3 and 6 of 6: (1/1 + 2/3 + 3/6) / 3.
    y = [1, 0, 1, 0, 0, 1]
    s = [6, 5, 4, 3, 2, 1]
    assert average_precision(y, s) == pytest.approx((1 + 2 / 3 + 3 / 6) / 3)


# --- rank cutoffs: precision, recall, reciprocal rank -----------------------------------------


def test_precision_at_k_is_the_expectation_over_tie_orders_including_k_beyond_n() -> None:
    cases = [
        (
            precision_at_k(y, s, k),
            expected_over_ties(y, s, lambda ranked, k=k: ranked_precision(ranked, k)),
            (y, s, k),
        )
        for y, s, k in small_cases(seed=10)
    ]
    assert sum(k > y.size for y, _, k in (c[2] for c in cases)) >= 40  # k > n is covered
    assert_all_close(cases)


def test_recall_at_k_is_the_expectation_over_tie_orders_including_k_beyond_n() -> None:
    cases = [
        (
            recall_at_k(y, s, k),
            expected_over_ties(y, s, lambda ranked, k=k: ranked[:k].sum() / ranked.sum()),
            (y, s, k),
        )
        for y, s, k in small_cases(seed=11, with_relevant=True)
    ]
    assert_all_close(cases)


def test_precision_and_recall_at_k_without_ties_match_a_sort() -> None:
    rng = np.random.default_rng(12)
    precision_cases, recall_cases = [], []
    for y, _ in binary_cases(seed=12):
        s = rng.permutation(y.size).astype(float)  # distinct scores
        k = int(rng.integers(1, y.size + 6))
        top = y[np.argsort(-s)][:k]
        precision_cases.append((precision_at_k(y, s, k), top.sum() / k, (y, s, k)))
        recall_cases.append((recall_at_k(y, s, k), top.sum() / y.sum(), (y, s, k)))
    assert_all_close(precision_cases)
    assert_all_close(recall_cases)


def test_k_beyond_the_list_length() -> None:
    y, s = [1, 0, 1], [0.3, 0.2, 0.1]
    assert precision_at_k(y, s, k=10) == pytest.approx(2 / 10)  # empty slots are misses
    assert recall_at_k(y, s, k=10) == 1.0  # everything is retrieved
    assert dcg_at_k(y, s, k=10) == pytest.approx(dcg_at_k(y, s))
    assert ndcg_at_k(y, s, k=10) == pytest.approx(ndcg_at_k(y, s))


def test_reciprocal_rank_is_the_expectation_over_tie_orders() -> None:
    assert_all_close(
        [
            (reciprocal_rank(y, s), expected_over_ties(y, s, ranked_reciprocal_rank), (y, s))
            for y, s, _ in small_cases(seed=13)
        ]
    )


def test_reciprocal_rank_matches_sklearn_lrap_with_one_relevant_item() -> None:
    # With one relevant item and no ties, LRAP is one over that item's rank.
    rng = np.random.default_rng(14)
    cases = []
    for _ in range(N_CASES):
        n_queries, n_items = int(rng.integers(1, 8)), int(rng.integers(1, 30))
        labels = np.zeros((n_queries, n_items), dtype=int)
        labels[np.arange(n_queries), rng.integers(n_items, size=n_queries)] = 1
        scores = rng.normal(size=(n_queries, n_items))
        reference = label_ranking_average_precision_score(labels, scores)
        cases.append((mean_reciprocal_rank(labels, scores), reference, (labels, scores)))
    assert_all_close(cases)


def test_reciprocal_rank_of_a_large_tie_is_fast_and_exact() -> None:
    # One relevant item among 10,000 tied ones: E[1/rank] is the harmonic number / n.
    n = 10_000
    y = np.zeros(n)
    y[123] = 1
    expected = sum(1 / r for r in range(1, n + 1)) / n
    assert reciprocal_rank(y, np.zeros(n)) == pytest.approx(expected)


def test_mean_reciprocal_rank_counts_empty_queries_as_zero() -> None:
    assert mean_reciprocal_rank([[0, 1], [0, 0]], [[2, 1], [2, 1]]) == pytest.approx(0.25)


# --- DCG and NDCG ------------------------------------------------------------------------------


def graded_cases(seed: int) -> Iterator[tuple[np.ndarray, np.ndarray, int | None]]:
    rng = np.random.default_rng(seed)
    for _ in range(N_CASES):
        n = int(rng.integers(2, 30))
        if rng.random() < 0.5:
            grades = rng.integers(0, 5, size=n).astype(float)  # grades 0-4, often all zero
        else:
            grades = rng.exponential(size=n) * (rng.random(n) < 0.5)
        k = None if rng.random() < 0.2 else int(rng.integers(1, n + 6))
        yield grades, random_scores(rng, n), k


def test_dcg_at_k_matches_sklearn_dcg_score_with_ties_and_k_beyond_n() -> None:
    assert_all_close(
        [
            (dcg_at_k(g, s, k), dcg_score([g], [s], k=k), (g, s, k))
            for g, s, k in graded_cases(seed=15)
        ]
    )


def test_ndcg_at_k_matches_sklearn_ndcg_score_with_ties_and_k_beyond_n() -> None:
    cases = list(graded_cases(seed=16))
    assert sum(k is not None and k > g.size for g, _, k in cases) >= 20
    assert_all_close(
        [(ndcg_at_k(g, s, k), ndcg_score([g], [s], k=k), (g, s, k)) for g, s, k in cases]
    )


def test_dcg_at_k_is_the_expectation_over_tie_orders() -> None:
    assert_all_close(
        [
            (
                dcg_at_k(y, s, k),
                expected_over_ties(y.astype(float), s, lambda ranked, k=k: ranked_dcg(ranked, k)),
                (y, s, k),
            )
            for y, s, k in small_cases(seed=17)
        ]
    )


def test_ndcg_hand_example() -> None:
    # Order by score: grades 2, 3, 0. DCG = 2 + 3/log2(3); ideal = 3 + 2/log2(3).
    grades, scores = [3, 2, 0], [0.5, 0.9, 0.1]
    expected = (2 + 3 / math.log2(3)) / (3 + 2 / math.log2(3))
    assert ndcg_at_k(grades, scores) == pytest.approx(expected)
    assert ndcg_at_k(grades, scores, k=1) == pytest.approx(2 / 3)


def test_ndcg_of_a_query_without_relevant_items_is_zero() -> None:
    assert ndcg_at_k([0, 0, 0], [0.3, 0.2, 0.1]) == 0.0


# --- input validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: roc_auc([1, 1, 1], [0.1, 0.2, 0.3]), "both classes"),
        (lambda: roc_auc([0, 1], [0.1]), "differ in length"),
        (lambda: roc_auc([], []), "empty"),
        (lambda: roc_auc([[0, 1]], [[0.1, 0.2]]), "must be 1-D"),
        (lambda: roc_auc([0, 2], [0.1, 0.2]), "only 0 and 1"),
        (lambda: roc_auc([0, 1], [0.1, float("nan")]), "NaN"),
        (lambda: log_loss([0, 1], [0.1, 1.2]), r"in \[0, 1\]"),
        (lambda: log_loss([0, 1], [0.1, 0.9], eps=0.0), "eps must be"),
        (lambda: normalized_entropy([0, 0], [0.1, 0.2]), "base rate"),
        (lambda: normalized_entropy([0, 1], [0.1, 0.2], background=1.0), "base rate"),
        (lambda: calibration_ratio([0, 0], [0.1, 0.2]), "positive label"),
        (lambda: reliability_bins([0, 1], [0.1, 0.2], n_bins=0), "positive integer"),
        (lambda: reliability_bins([0, 1], [0.1, 0.2], strategy="kmeans"), "strategy"),  # type: ignore[arg-type]
        (lambda: expected_calibration_error([0, 1], [-0.1, 0.2]), r"in \[0, 1\]"),
        (lambda: precision_at_k([0, 1], [0.1, 0.2], k=0), "positive integer"),
        (lambda: precision_at_k([0, 1], [0.1, 0.2], k=1.5), "positive integer"),  # type: ignore[arg-type]
        (lambda: precision_at_k([0, 1], [0.1, 0.2], k=True), "positive integer"),
        (lambda: recall_at_k([0, 0], [0.1, 0.2], k=1), "no item is relevant"),
        (lambda: average_precision([0, 0], [0.1, 0.2]), "no item is relevant"),
        (lambda: reciprocal_rank([0, 3], [0.1, 0.2]), "only 0 and 1"),
        (lambda: dcg_at_k([-1, 2], [0.1, 0.2]), "non-negative"),
        (lambda: ndcg_at_k([1, 2], [0.1, 0.2], k=-3), "positive integer"),
        (lambda: mean_average_precision([[0, 0]], [[0.1, 0.2]]), "relevant item"),
        (lambda: mean_average_precision([[0, 1]], []), "score lists"),
        (lambda: mean_reciprocal_rank([], []), "no queries"),
    ],
)
def test_invalid_input_raises_value_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_metrics_return_python_floats() -> None:
    y, s = np.array([1, 0, 1]), np.array([0.8, 0.3, 0.6])
    values = [
        roc_auc(y, s),
        log_loss(y, s),
        normalized_entropy(y, s),
        calibration_ratio(y, s),
        expected_calibration_error(y, s),
        precision_at_k(y, s, 2),
        recall_at_k(y, s, 2),
        average_precision(y, s),
        reciprocal_rank(y, s),
        dcg_at_k(y, s),
        ndcg_at_k(y, s),
        mean_average_precision([y], [s]),
        mean_reciprocal_rank([y], [s]),
    ]
    assert all(type(v) is float for v in values)


def test_docstring_examples_are_correct() -> None:
    result = doctest.testmod(mlsd.metrics, verbose=False, report=True)
    assert result.attempted >= 20
    assert result.failed == 0
