"""Offline evaluation metrics in NumPy, for the numbers a design answer quotes.

Every function takes plain 1-D arrays (labels first, then scores or probabilities) and
returns a Python ``float``. The test suite checks each one against scikit-learn where it
has an equivalent, on hundreds of random cases with ties, so a snippet can use these
without importing ``sklearn.metrics`` and a reader can see the whole computation.

- Probabilities (CTR, conversion): `log_loss`, `normalized_entropy`,
  `calibration_ratio`, `reliability_bins`, `expected_calibration_error`.
- Binary ranking quality: `roc_auc`, `average_precision`.
- Ranked lists, one query: `precision_at_k`, `recall_at_k`, `reciprocal_rank`,
  `dcg_at_k`, `ndcg_at_k`.
- Many queries: `mean_average_precision`, `mean_reciprocal_rank`.

Conventions:

- **Labels.** Binary metrics take ``y_true`` in {0, 1}; DCG and NDCG take graded,
  non-negative relevance, used directly as the gain (scikit-learn's convention; pass
  ``2**grade - 1`` for the exponential gain of Burges et al.).
- **Ties in scores.** Rank-cutoff metrics (precision, recall, reciprocal rank, DCG,
  NDCG) return their expected value when tied items are ordered at random, which is
  what ``sklearn.metrics.ndcg_score`` does with ``ignore_ties=False``. AUC gives tied
  pairs half credit (average ranks). Average precision treats a group of tied scores
  as one threshold, as ``sklearn.metrics.average_precision_score`` does.
- **Invalid input** (empty or 2-D arrays, different lengths, NaN, labels or
  probabilities out of range, ``k`` below 1) raises ``ValueError``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_EPS",
    "ReliabilityBins",
    "average_precision",
    "calibration_ratio",
    "dcg_at_k",
    "expected_calibration_error",
    "log_loss",
    "mean_average_precision",
    "mean_reciprocal_rank",
    "ndcg_at_k",
    "normalized_entropy",
    "precision_at_k",
    "recall_at_k",
    "reciprocal_rank",
    "reliability_bins",
    "roc_auc",
]

FloatArray = npt.NDArray[np.float64]

#: Probabilities are clipped to ``[eps, 1 - eps]`` before taking logs, so that a
#: confident mistake costs ``-log(1e-15)``, about 34.5 nats, instead of infinity.
DEFAULT_EPS = 1e-15


# --- validation ---------------------------------------------------------------------------


def _vector(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _pair(
    y_true: npt.ArrayLike, y_score: npt.ArrayLike, score_name: str = "y_score"
) -> tuple[FloatArray, FloatArray]:
    labels, scores = _vector(y_true, "y_true"), _vector(y_score, score_name)
    if labels.size != scores.size:
        raise ValueError(
            f"y_true and {score_name} differ in length: {labels.size} != {scores.size}"
        )
    return labels, scores


def _require_binary(labels: FloatArray) -> None:
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("y_true must hold only 0 and 1")


def _require_probabilities(probabilities: FloatArray) -> None:
    if ((probabilities < 0) | (probabilities > 1)).any():
        raise ValueError("y_prob must lie in [0, 1]")


def _require_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)


# --- ranking internals --------------------------------------------------------------------


def _average_ranks(scores: FloatArray) -> FloatArray:
    """1-based ranks in ascending order; tied scores share the mean of their ranks."""
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)
    return (last - (counts - 1) / 2)[inverse]


def _expected_ranked(values: FloatArray, scores: FloatArray) -> FloatArray:
    """``values`` sorted by descending score, each tied group replaced by its mean.

    Slot ``i`` of the result is the expected value at rank ``i + 1`` when tied items are
    ordered uniformly at random, so any metric linear in the ranked values (precision,
    recall and DCG at k) computed from it is the expectation over tie orders.
    """
    _, inverse, counts = np.unique(-scores, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=values, minlength=counts.size)
    return np.repeat(sums / counts, counts)


def _log2_discounts(n: int, k: int | None) -> FloatArray:
    discount = 1.0 / np.log2(np.arange(2, n + 2))
    if k is not None:
        discount[_require_k(k) :] = 0.0
    return discount


# --- probabilities ------------------------------------------------------------------------


def roc_auc(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> float:
    """Area under the ROC curve: the probability that a random positive outranks a random negative.

    Computed from ranks (the Mann-Whitney U statistic), in O(n log n); a tied
    positive-negative pair counts one half.

    Args:
        y_true: Binary labels, 1 for positive.
        y_score: Scores; only their order matters.

    Returns:
        AUC in [0, 1]; 0.5 for a random or constant score.

    Raises:
        ValueError: If ``y_true`` does not contain both classes, or on invalid input.

    Examples:
        >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        0.75
        >>> roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])  # a constant ranks nothing
        0.5
    """
    labels, scores = _pair(y_true, y_score)
    _require_binary(labels)
    n_pos = float(labels.sum())
    n_neg = labels.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs both classes in y_true")
    rank_sum = float(_average_ranks(scores)[labels == 1].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def log_loss(y_true: npt.ArrayLike, y_prob: npt.ArrayLike, *, eps: float = DEFAULT_EPS) -> float:
    """Mean negative log-likelihood of binary labels, in nats.

    Args:
        y_true: Binary labels.
        y_prob: Predicted probabilities of the positive class, in [0, 1].
        eps: Probabilities are clipped to ``[eps, 1 - eps]``, so that a confident
            mistake costs a large finite loss; must be in (0, 0.5).

    Returns:
        The log loss; 0 for perfect confident predictions.

    Raises:
        ValueError: On labels other than 0/1, probabilities outside [0, 1], a bad
            ``eps``, or invalid input.

    Examples:
        >>> round(log_loss([1, 0], [0.8, 0.2]), 4)  # -log(0.8)
        0.2231
        >>> round(log_loss([1], [0.0]), 2)  # clipped at eps = 1e-15
        34.54
    """
    labels, probs = _pair(y_true, y_prob, "y_prob")
    _require_binary(labels)
    _require_probabilities(probs)
    if not 0 < eps < 0.5:
        raise ValueError(f"eps must be in (0, 0.5), got {eps!r}")
    probs = np.clip(probs, eps, 1 - eps)
    return float(-np.mean(labels * np.log(probs) + (1 - labels) * np.log1p(-probs)))


def normalized_entropy(
    y_true: npt.ArrayLike,
    y_prob: npt.ArrayLike,
    *,
    background: float | None = None,
    eps: float = DEFAULT_EPS,
) -> float:
    """Log loss divided by the entropy of the base rate (He et al., ADKDD 2014).

    A model that always predicts the base rate scores 1; lower is better. Dividing by
    the base rate's entropy makes the number comparable across days and surfaces whose
    click rates differ.

    Args:
        y_true: Binary labels.
        y_prob: Predicted probabilities of the positive class.
        background: The background (base) rate ``p`` in the denominator ``H(p)``; by
            default the mean of ``y_true``. Pass the training set's rate to follow the
            paper exactly.
        eps: Clipping of the probabilities, as in [`log_loss`][mlsd.metrics.log_loss].

    Returns:
        The normalized entropy (NE), a positive number; 1.0 means no better than the base rate.

    Raises:
        ValueError: If the base rate is 0 or 1 (its entropy is zero), or on invalid input.

    Examples:
        >>> y = [1, 0, 0, 0]
        >>> normalized_entropy(y, [0.25, 0.25, 0.25, 0.25])  # the base rate itself
        1.0
        >>> round(normalized_entropy(y, [0.7, 0.1, 0.1, 0.1]), 4)
        0.2991
    """
    loss = log_loss(y_true, y_prob, eps=eps)
    rate = float(np.mean(np.asarray(y_true, dtype=float))) if background is None else background
    if not 0 < rate < 1:
        raise ValueError(f"normalized entropy needs a base rate strictly in (0, 1), got {rate}")
    entropy = -(rate * math.log(rate) + (1 - rate) * math.log1p(-rate))
    return loss / entropy


def calibration_ratio(y_true: npt.ArrayLike, y_prob: npt.ArrayLike) -> float:
    """Mean prediction divided by mean label: 1.0 is calibrated on average.

    Ads teams watch it per campaign, surface and hour: 1.1 means the model predicts 10%
    more clicks than happen, so advertisers pay for clicks that do not come.

    Args:
        y_true: Binary labels.
        y_prob: Predicted probabilities of the positive class.

    Returns:
        ``mean(y_prob) / mean(y_true)``.

    Raises:
        ValueError: If ``y_true`` has no positive label, or on invalid input.

    Examples:
        >>> round(calibration_ratio([1, 0, 0, 0], [0.4, 0.3, 0.3, 0.2]), 4)  # 0.3 / 0.25
        1.2
    """
    labels, probs = _pair(y_true, y_prob, "y_prob")
    _require_binary(labels)
    _require_probabilities(probs)
    if labels.sum() == 0:
        raise ValueError("calibration ratio needs at least one positive label")
    return float(probs.mean() / labels.mean())


class ReliabilityBins(NamedTuple):
    """The points of a reliability diagram, one per non-empty bin, in bin order.

    Attributes:
        mean_predicted: Mean predicted probability in each bin (the x axis).
        fraction_positive: Observed positive rate in each bin (the y axis).
        count: Number of examples in each bin.
    """

    mean_predicted: FloatArray
    fraction_positive: FloatArray
    count: npt.NDArray[np.int64]


def reliability_bins(
    y_true: npt.ArrayLike,
    y_prob: npt.ArrayLike,
    *,
    n_bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> ReliabilityBins:
    """Bin predictions and compare the mean prediction with the observed rate per bin.

    The bins are those of ``sklearn.calibration.calibration_curve``: ``"uniform"``
    splits [0, 1] into ``n_bins`` equal widths, ``"quantile"`` puts equally many
    predictions in each bin; a prediction on an inner edge goes to the lower bin.
    Empty bins are dropped.

    Args:
        y_true: Binary labels.
        y_prob: Predicted probabilities in [0, 1].
        n_bins: Number of bins, at least 1.
        strategy: ``"uniform"`` (equal width) or ``"quantile"`` (equal count). With
            CTRs of a few percent, uniform bins put almost everything in the first bin;
            use quantile bins.

    Returns:
        The non-empty bins.

    Raises:
        ValueError: On a bad ``n_bins`` or ``strategy``, or invalid input.

    Examples:
        >>> bins = reliability_bins([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.8], n_bins=2)
        >>> bins.mean_predicted.tolist(), bins.fraction_positive.tolist(), bins.count.tolist()
        ([0.2, 0.7], [0.0, 1.0], [2, 2])
    """
    labels, probs = _pair(y_true, y_prob, "y_prob")
    _require_binary(labels)
    _require_probabilities(probs)
    n_bins = _require_k(n_bins)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(probs, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    bin_ids = np.searchsorted(edges[1:-1], probs)
    count = np.bincount(bin_ids, minlength=n_bins)
    prob_sum = np.bincount(bin_ids, weights=probs, minlength=n_bins)
    label_sum = np.bincount(bin_ids, weights=labels, minlength=n_bins)
    used = count > 0
    return ReliabilityBins(
        mean_predicted=prob_sum[used] / count[used],
        fraction_positive=label_sum[used] / count[used],
        count=count[used].astype(np.int64),
    )


def expected_calibration_error(
    y_true: npt.ArrayLike,
    y_prob: npt.ArrayLike,
    *,
    n_bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> float:
    """Expected calibration error: the count-weighted gap of a reliability diagram.

    ``ECE = sum over bins b of (n_b / n) * |fraction_positive_b - mean_predicted_b|``,
    with the bins of [`reliability_bins`][mlsd.metrics.reliability_bins].

    Args:
        y_true: Binary labels.
        y_prob: Predicted probabilities in [0, 1].
        n_bins: Number of bins.
        strategy: ``"uniform"`` (equal width) or ``"quantile"`` (equal count).

    Returns:
        ECE in [0, 1], in probability units; 0 when every bin is calibrated.

    Raises:
        ValueError: As [`reliability_bins`][mlsd.metrics.reliability_bins].

    Examples:
        >>> round(expected_calibration_error([0, 1, 0, 1], [0.2, 0.4, 0.6, 0.8], n_bins=2), 4)
        0.2
    """
    bins = reliability_bins(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    gaps = np.abs(bins.fraction_positive - bins.mean_predicted)
    return float(gaps @ bins.count / bins.count.sum())


# --- ranked lists -------------------------------------------------------------------------


def precision_at_k(y_true: npt.ArrayLike, y_score: npt.ArrayLike, k: int) -> float:
    """Fraction of the ``k`` top-scored slots that hold a relevant item.

    The denominator is always ``k``: when the list has fewer than ``k`` items
    (``k > n``), the empty slots count as misses, as they would on a page with ``k``
    slots and too few candidates. Ties at the cutoff count in expectation.

    Args:
        y_true: Binary relevance of each item.
        y_score: The ranker's scores; higher is ranked first.
        k: The cutoff, a positive integer.

    Returns:
        Precision at k in [0, 1].

    Raises:
        ValueError: On a bad ``k`` or invalid input.

    Examples:
        >>> precision_at_k([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], k=2)
        0.5
        >>> precision_at_k([1, 1], [0.9, 0.8], k=4)  # two empty slots count as misses
        0.5
        >>> precision_at_k([1, 0], [0.5, 0.5], k=1)  # a tie at the cutoff: expected value
        0.5
    """
    labels, scores = _pair(y_true, y_score)
    _require_binary(labels)
    k = _require_k(k)
    return float(_expected_ranked(labels, scores)[:k].sum() / k)


def recall_at_k(y_true: npt.ArrayLike, y_score: npt.ArrayLike, k: int) -> float:
    """Fraction of all relevant items that appear in the ``k`` top-scored slots.

    When ``k >= n`` every item is retrieved and recall is 1. Ties at the cutoff count
    in expectation.

    Args:
        y_true: Binary relevance of each item.
        y_score: The ranker's scores; higher is ranked first.
        k: The cutoff, a positive integer.

    Returns:
        Recall at k in [0, 1].

    Raises:
        ValueError: If no item is relevant (recall is undefined), on a bad ``k``, or
            on invalid input.

    Examples:
        >>> recall_at_k([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], k=2)
        0.5
        >>> recall_at_k([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], k=10)
        1.0
    """
    labels, scores = _pair(y_true, y_score)
    _require_binary(labels)
    k = _require_k(k)
    n_relevant = labels.sum()
    if n_relevant == 0:
        raise ValueError("recall is undefined when no item is relevant")
    return float(_expected_ranked(labels, scores)[:k].sum() / n_relevant)


def average_precision(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> float:
    """Average precision: precision at each relevant item's rank, averaged over relevant items.

    It equals the area under the step-wise precision-recall curve, the definition of
    ``sklearn.metrics.average_precision_score``: a group of tied scores is a single
    threshold whose precision counts the whole group.

    Args:
        y_true: Binary relevance of each item.
        y_score: The ranker's scores; higher is ranked first.

    Returns:
        AP in (0, 1]; 1 when every relevant item is ranked above every irrelevant one.

    Raises:
        ValueError: If no item is relevant (AP is undefined), or on invalid input.

    Examples:
        >>> round(average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]), 4)  # (1/1 + 2/3) / 2
        0.8333
    """
    labels, scores = _pair(y_true, y_score)
    _require_binary(labels)
    if labels.sum() == 0:
        raise ValueError("average precision is undefined when no item is relevant")
    order = np.argsort(-scores, kind="stable")
    ranked_labels, ranked_scores = labels[order], scores[order]
    last_of_group = np.r_[np.flatnonzero(ranked_scores[1:] != ranked_scores[:-1]), labels.size - 1]
    hits = np.cumsum(ranked_labels)[last_of_group]
    precision = hits / (last_of_group + 1)
    recall_step = np.diff(hits, prepend=0.0) / hits[-1]
    return float(recall_step @ precision)


def reciprocal_rank(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> float:
    """One over the rank of the first relevant item; 0 when no item is relevant.

    With ties, the expected reciprocal rank when tied items are ordered at random.

    Args:
        y_true: Binary relevance of each item.
        y_score: The ranker's scores; higher is ranked first.

    Returns:
        Reciprocal rank in [0, 1].

    Raises:
        ValueError: On invalid input.

    Examples:
        >>> reciprocal_rank([0, 0, 1], [0.9, 0.8, 0.7])
        0.3333333333333333
        >>> reciprocal_rank([1, 0], [0.5, 0.5])  # first or second, equally likely
        0.75
    """
    labels, scores = _pair(y_true, y_score)
    _require_binary(labels)
    _, inverse, counts = np.unique(-scores, return_inverse=True, return_counts=True)
    relevant = np.bincount(inverse, weights=labels, minlength=counts.size)
    groups_with_hits = np.flatnonzero(relevant)
    if groups_with_hits.size == 0:
        return 0.0
    group = groups_with_hits[0]
    above, size, hits = int(counts[:group].sum()), int(counts[group]), int(relevant[group])
    # P(the first m slots of the group miss) for m = 0 .. size - hits, then
    # P(first hit in slot m + 1) = P(first m miss) * hits / (size - m).
    misses = np.arange(size - hits + 1)
    first_m_miss = np.cumprod(np.r_[1.0, (size - hits - misses[:-1]) / (size - misses[:-1])])
    p_first_hit = first_m_miss * hits / (size - misses)
    return float(p_first_hit @ (1.0 / (above + misses + 1)))


def dcg_at_k(y_true: npt.ArrayLike, y_score: npt.ArrayLike, k: int | None = None) -> float:
    """Discounted cumulative gain of the top ``k``: sum of gain / log2(rank + 1).

    The gain is the relevance grade itself (``sklearn.metrics.dcg_score``'s
    convention); tied scores share their group's mean gain, which is the expected DCG
    over random orders of the ties. ``k=None`` or ``k >= n`` scores the whole list.

    Args:
        y_true: Non-negative relevance grades.
        y_score: The ranker's scores; higher is ranked first.
        k: The cutoff; ``None`` for the whole list.

    Returns:
        DCG, in the units of the grades.

    Raises:
        ValueError: On negative grades, a bad ``k``, or invalid input.

    Examples:
        >>> round(dcg_at_k([3, 2, 0], [0.9, 0.8, 0.7]), 4)  # 3/1 + 2/log2(3)
        4.2619
        >>> dcg_at_k([3, 2, 0], [0.9, 0.8, 0.7], k=1)
        3.0
    """
    grades, scores = _pair(y_true, y_score)
    if (grades < 0).any():
        raise ValueError("relevance grades in y_true must be non-negative")
    return float(_expected_ranked(grades, scores) @ _log2_discounts(grades.size, k))


def ndcg_at_k(y_true: npt.ArrayLike, y_score: npt.ArrayLike, k: int | None = None) -> float:
    """DCG at k divided by the DCG at k of the ideal order (grades sorted descending).

    Matches ``sklearn.metrics.ndcg_score`` on one query with ``ignore_ties=False``,
    including its convention that a query with no relevant item scores 0.

    Args:
        y_true: Non-negative relevance grades.
        y_score: The ranker's scores; higher is ranked first.
        k: The cutoff; ``None`` for the whole list.

    Returns:
        NDCG in [0, 1].

    Raises:
        ValueError: As [`dcg_at_k`][mlsd.metrics.dcg_at_k].

    Examples:
        >>> ndcg_at_k([3, 2, 0], [0.1, 0.5, 0.9]) < ndcg_at_k([3, 2, 0], [0.9, 0.5, 0.1])
        True
        >>> ndcg_at_k([10, 0, 0, 1, 5], [1, 0, 0, 0, 1], k=1)  # tie: (10/10 + 5/10) / 2
        0.75
    """
    actual = dcg_at_k(y_true, y_score, k)
    grades = np.asarray(y_true, dtype=float)
    ideal = float(np.sort(grades)[::-1] @ _log2_discounts(grades.size, k))
    return actual / ideal if ideal > 0 else 0.0


# --- many queries -------------------------------------------------------------------------


def _queries(
    y_true: Sequence[npt.ArrayLike], y_score: Sequence[npt.ArrayLike]
) -> list[tuple[npt.ArrayLike, npt.ArrayLike]]:
    if len(y_true) != len(y_score):
        raise ValueError(f"{len(y_true)} label lists but {len(y_score)} score lists")
    if len(y_true) == 0:
        raise ValueError("no queries")
    return list(zip(y_true, y_score, strict=True))


def mean_average_precision(
    y_true: Sequence[npt.ArrayLike], y_score: Sequence[npt.ArrayLike]
) -> float:
    """Mean of [`average_precision`][mlsd.metrics.average_precision] over queries (MAP).

    Queries may have different lengths. A query without any relevant item has no
    defined AP and is left out of the mean (as TREC evaluation does); filter such
    queries upstream if you would rather count them as 0.

    Args:
        y_true: One array of binary relevance per query (or a 2-D array, one row each).
        y_score: The matching arrays of scores.

    Returns:
        MAP in [0, 1].

    Raises:
        ValueError: If no query has a relevant item, on mismatched query counts, or on
            invalid input.

    Examples:
        >>> mean_average_precision([[1, 0], [0, 1, 0]], [[0.9, 0.1], [0.9, 0.8, 0.7]])
        0.75
    """
    scores = []
    for labels, query_scores in _queries(y_true, y_score):
        array, _ = _pair(labels, query_scores)
        _require_binary(array)
        if array.any():
            scores.append(average_precision(array, query_scores))
    if not scores:
        raise ValueError("mean average precision needs a query with a relevant item")
    return float(np.mean(scores))


def mean_reciprocal_rank(
    y_true: Sequence[npt.ArrayLike], y_score: Sequence[npt.ArrayLike]
) -> float:
    """Mean of [`reciprocal_rank`][mlsd.metrics.reciprocal_rank] over queries (MRR).

    A query whose list holds no relevant item scores 0 and stays in the mean: the
    system failed to surface anything for it.

    Args:
        y_true: One array of binary relevance per query (or a 2-D array, one row each).
        y_score: The matching arrays of scores.

    Returns:
        MRR in [0, 1].

    Raises:
        ValueError: On mismatched query counts or invalid input.

    Examples:
        >>> mean_reciprocal_rank([[1, 0], [0, 1, 0], [0, 0]], [[2, 1], [3, 2, 1], [2, 1]])
        0.5
    """
    return float(np.mean([reciprocal_rank(t, s) for t, s in _queries(y_true, y_score)]))
