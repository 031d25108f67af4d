"""Engagement logs and the pieces that rank them: per-event models, a value model, top-k.

Feed, video and notification systems share one shape. A log holds rows (impressions, or
user-days for notifications) grouped into requests (a feed load, one user's slate, one day
of sends); each row has the features a model sees, the true expected outcomes (known,
because the data are simulated) and the outcomes that were observed. A system trains one
model per event on the observed outcomes, combines the predictions into one score, keeps
the best ``k`` rows of each request, and is judged by the true value of what it kept.

- Data: [`EngagementLog`][mlsd.engagement.EngagementLog], and
  [`draw_events`][mlsd.engagement.draw_events] to draw observed events from true
  probabilities.
- Models: [`fit_event_heads`][mlsd.engagement.fit_event_heads], one logistic regression
  per event (the stand-in for the heads of a multi-task ranker), optionally with sample
  weights such as watch time, fitted by [`fit_logistic`][mlsd.engagement.fit_logistic] in
  NumPy (Newton's method: milliseconds for a hundred thousand rows).
- Scores: [`value_model`][mlsd.engagement.value_model], a weighted sum of predictions.
- Selection: [`top_k_mask`][mlsd.engagement.top_k_mask] keeps the best ``k`` rows per
  request, and [`top_k_value`][mlsd.engagement.top_k_value] measures the true value kept.

Examples:
    >>> rng = np.random.default_rng(0)
    >>> quality = rng.standard_normal(2_000)
    >>> log = EngagementLog(
    ...     group=np.repeat(np.arange(200), 10),
    ...     features=pd.DataFrame({"quality": quality}),
    ...     truth={"like": sigmoid(-2 + quality)},
    ... )
    >>> log = log.with_labels(draw_events(log.truth, rng))
    >>> heads = fit_event_heads(log.features, log.labels)
    >>> scores = heads.predict(log.features)["like"]
    >>> bool(top_k_value(scores, log.truth["like"], log.group, k=3)
    ...      > top_k_value(-scores, log.truth["like"], log.group, k=3))
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "EngagementLog",
    "EventHeads",
    "LogisticHead",
    "draw_events",
    "fit_event_heads",
    "fit_logistic",
    "sigmoid",
    "top_k_mask",
    "top_k_value",
    "value_model",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    """The logistic function, ``1 / (1 + exp(-z))``: turns log-odds into probabilities.

    Examples:
        >>> sigmoid([0.0, np.log(3)]).round(2).tolist()
        [0.5, 0.75]
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def _column(values: npt.ArrayLike, name: str, n: int) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {array.shape}")
    return array


@dataclass(frozen=True)
class EngagementLog:
    """Rows grouped into requests, with features, true expected outcomes and observed ones.

    Attributes:
        group: The request of each row: a feed load, a user's slate, a day of sends.
        features: What a model may see, one row per log row.
        truth: True expected outcome of each row by name: a probability (``"click"``) or
            an expectation (``"watch_minutes"``). Simulations know it; production never
            does, which is why it is only used to judge rankings, never to train.
        labels: Observed outcome of each row by name, drawn from ``truth``.
    """

    group: IntArray
    features: pd.DataFrame
    truth: Mapping[str, FloatArray]
    labels: Mapping[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", np.asarray(self.group))
        n = len(self.group)
        if len(self.features) != n:
            raise ValueError(f"features have {len(self.features)} rows, group has {n}")
        for kind in ("truth", "labels"):
            columns = getattr(self, kind)
            object.__setattr__(
                self,
                kind,
                {name: _column(v, f"{kind}[{name!r}]", n) for name, v in columns.items()},
            )

    def __len__(self) -> int:
        return len(self.group)

    def rows(self, mask: npt.ArrayLike) -> EngagementLog:
        """The log restricted to the rows where ``mask`` is true (or to the given indices)."""
        index = np.asarray(mask)
        if index.dtype == bool:
            index = np.flatnonzero(index)
        return EngagementLog(
            group=np.asarray(self.group)[index],
            features=self.features.iloc[index].reset_index(drop=True),
            truth={name: v[index] for name, v in self.truth.items()},
            labels={name: v[index] for name, v in self.labels.items()},
        )

    def with_labels(self, labels: Mapping[str, npt.ArrayLike]) -> EngagementLog:
        """A copy with ``labels`` added to (or replacing) the observed outcomes."""
        return replace(self, labels={**self.labels, **labels})


def draw_events(
    probabilities: Mapping[str, npt.ArrayLike], rng: np.random.Generator
) -> dict[str, FloatArray]:
    """Draw one Bernoulli outcome (0 or 1) per row for each named probability.

    Args:
        probabilities: True probability of each event, by name.
        rng: The random generator; the draws happen in the mapping's order.

    Returns:
        The observed events, as 0.0/1.0 arrays, by name.

    Raises:
        ValueError: If a probability lies outside [0, 1].

    Examples:
        >>> draw_events({"click": [0.0, 1.0]}, np.random.default_rng(0))["click"].tolist()
        [0.0, 1.0]
    """
    events = {}
    for name, p in probabilities.items():
        p = np.asarray(p, dtype=float)
        if ((p < 0) | (p > 1)).any():
            raise ValueError(f"probabilities[{name!r}] must lie in [0, 1]")
        events[name] = (rng.random(p.shape) < p).astype(float)
    return events


@dataclass(frozen=True)
class LogisticHead:
    """A fitted logistic regression on standardized features.

    Attributes:
        mean: Mean of each feature in the training data, subtracted before scoring.
        scale: Standard deviation of each feature (1 where it is constant).
        coef: Weight of each standardized feature.
        intercept: The bias term.
    """

    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float

    def logit(self, x: npt.ArrayLike) -> FloatArray:
        """Predicted log-odds of each row of ``x``."""
        z = (np.asarray(x, dtype=float) - self.mean) / self.scale
        return z @ self.coef + self.intercept

    def predict(self, x: npt.ArrayLike) -> FloatArray:
        """Predicted probability of each row of ``x``."""
        return sigmoid(self.logit(x))


def fit_logistic(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    sample_weight: npt.ArrayLike | None = None,
    *,
    l2: float = 1.0,
    max_iter: int = 25,
    tol: float = 1e-6,
) -> LogisticHead:
    """Fit an L2-regularized (weighted) logistic regression by Newton's method.

    Newton's method (iteratively reweighted least squares) needs a handful of iterations
    for a few dozen features, so it fits a hundred thousand rows in milliseconds. The
    penalty ``l2 / 2 * ||coef||^2`` applies to the weights of the standardized features,
    not to the intercept.

    Args:
        x: Features, shape ``(n, d)``.
        y: Labels in {0, 1}, shape ``(n,)``.
        sample_weight: Weight of each row; 1 by default. Weighting each positive by an
            amount (watch time) makes ``exp(logit)`` estimate the expected amount.
        l2: Strength of the L2 penalty, in units of one example's loss.
        max_iter: Newton steps at most.
        tol: Stop when no parameter moves by more than this.

    Returns:
        The fitted head.

    Raises:
        ValueError: On mismatched shapes, labels outside {0, 1}, a single class, or
            negative weights.

    Examples:
        >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
        >>> head = fit_logistic(x, [0, 1, 0, 1], l2=0.1)
        >>> bool(head.predict([[3.0]])[0] > head.predict([[0.0]])[0])
        True
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 2 or y.shape != (len(x),):
        raise ValueError(f"x must be (n, d) and y (n,), got {x.shape} and {y.shape}")
    if not np.isin(y, (0.0, 1.0)).all() or len(np.unique(y)) != 2:
        raise ValueError("y must hold both 0 and 1, and nothing else")
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if w.shape != y.shape or (w < 0).any():
        raise ValueError("sample_weight must be non-negative, one weight per row")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    penalty = np.r_[np.full(x.shape[1], l2), 0.0]
    rate = np.average(y, weights=w)
    beta = np.r_[np.zeros(x.shape[1]), np.log(rate / (1 - rate))]
    for _ in range(max_iter):
        p = sigmoid(z @ beta)
        gradient = z.T @ (w * (p - y)) + penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < tol:
            break
    return LogisticHead(mean=mean, scale=scale, coef=beta[:-1], intercept=float(beta[-1]))


@dataclass(frozen=True)
class EventHeads:
    """One logistic head per event, the stand-in for the heads of a multi-task ranker.

    Attributes:
        heads: The fitted head of each event, by name.
        columns: The feature columns the heads were trained on, in order.
    """

    heads: Mapping[str, LogisticHead]
    columns: tuple[str, ...]

    def _matrix(self, features: pd.DataFrame) -> FloatArray:
        return features[list(self.columns)].to_numpy(dtype=float)

    def predict(self, features: pd.DataFrame) -> dict[str, FloatArray]:
        """Predicted probability of each event, by name."""
        x = self._matrix(features)
        return {name: head.predict(x) for name, head in self.heads.items()}

    def odds(self, features: pd.DataFrame) -> dict[str, FloatArray]:
        """Predicted odds ``p / (1 - p)`` of each event: ``exp`` of the head's logit.

        For a head trained with each positive weighted by an amount (watch time, say), the
        odds estimate the expected amount per row when positives are rare (Covington et
        al., 2016).
        """
        x = self._matrix(features)
        return {name: np.exp(head.logit(x)) for name, head in self.heads.items()}


def fit_event_heads(
    features: pd.DataFrame,
    labels: Mapping[str, npt.ArrayLike],
    *,
    sample_weight: Mapping[str, npt.ArrayLike] | None = None,
    columns: tuple[str, ...] | None = None,
    l2: float = 1.0,
) -> EventHeads:
    """Train one logistic head per event with [`fit_logistic`][mlsd.engagement.fit_logistic].

    Args:
        features: One row per training example.
        labels: Observed 0/1 outcome of each event, by name; one head is trained per name.
        sample_weight: Optional weights per event name, e.g. watch time for positives and
            1 for negatives (a weighted logistic regression).
        columns: Feature columns to use; all of ``features`` by default.
        l2: Strength of the L2 penalty of every head.

    Returns:
        The fitted heads.

    Raises:
        ValueError: If ``labels`` is empty, or as [`fit_logistic`][mlsd.engagement.fit_logistic].

    Examples:
        >>> x = pd.DataFrame({"a": np.arange(8.0)})
        >>> heads = fit_event_heads(x, {"y": [0, 0, 0, 1, 0, 1, 1, 1]})
        >>> p = heads.predict(x)["y"]
        >>> bool(p[7] > p[0])
        True
    """
    if not labels:
        raise ValueError("labels must name at least one event")
    columns = tuple(features.columns) if columns is None else tuple(columns)
    x = features[list(columns)].to_numpy(dtype=float)
    weights = sample_weight or {}
    heads = {name: fit_logistic(x, y, weights.get(name), l2=l2) for name, y in labels.items()}
    return EventHeads(heads=heads, columns=columns)


def value_model(
    predictions: Mapping[str, npt.ArrayLike], weights: Mapping[str, float]
) -> FloatArray:
    """The ranking score ``sum over events of weight * prediction``.

    Every weighted event must be predicted; predictions without a weight are ignored, so
    one set of heads serves several value models.

    Args:
        predictions: Predicted probability (or expected amount) of each event, by name.
        weights: What one occurrence of each event is worth; negative for hides, reports
            or unsubscribes.

    Returns:
        The score of each row.

    Raises:
        ValueError: If ``weights`` is empty or names an event without a prediction.

    Examples:
        >>> p = {"click": [0.1, 0.2], "hide": [0.0, 0.01]}
        >>> value_model(p, {"click": 1, "hide": -20}).round(3).tolist()
        [0.1, 0.0]
    """
    if not weights:
        raise ValueError("weights must name at least one event")
    if missing := sorted(set(weights) - set(predictions)):
        raise ValueError(f"no prediction for weighted event(s): {', '.join(missing)}")
    return sum(w * np.asarray(predictions[name], dtype=float) for name, w in weights.items())  # type: ignore[return-value]


def top_k_mask(
    scores: npt.ArrayLike,
    group: npt.ArrayLike,
    k: int,
    eligible: npt.ArrayLike | None = None,
) -> BoolArray:
    """Mark the ``k`` best-scored eligible rows of every group.

    Ties are broken by row order (the earlier row wins), so the result is deterministic.

    Args:
        scores: Score of each row; higher is better.
        group: Request of each row; rows of a group need not be contiguous.
        k: Rows to keep per group; a group with fewer eligible rows keeps them all.
        eligible: Rows that may be chosen (for example, users under their frequency cap);
            all by default.

    Returns:
        A boolean mask of the chosen rows.

    Raises:
        ValueError: If ``k`` is not a positive integer or the lengths differ.

    Examples:
        >>> top_k_mask([0.1, 0.9, 0.5, 0.7, 0.2], [0, 0, 0, 1, 1], k=1).tolist()
        [False, True, False, True, False]
        >>> top_k_mask([0.1, 0.9, 0.5], [0, 0, 0], k=1, eligible=[True, False, True]).tolist()
        [False, False, True]
    """
    scores = np.asarray(scores, dtype=float)
    group = np.asarray(group)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    if group.shape != scores.shape or scores.ndim != 1:
        raise ValueError("scores and group must be 1-D arrays of the same length")
    allowed = np.ones(scores.shape, bool) if eligible is None else np.asarray(eligible, bool)
    candidates = np.flatnonzero(allowed)
    order = candidates[np.lexsort((-scores[candidates], group[candidates]))]
    sorted_groups = group[order]
    starts = np.r_[0, np.flatnonzero(sorted_groups[1:] != sorted_groups[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    mask = np.zeros(scores.shape, bool)
    mask[order[rank < k]] = True
    return mask


def top_k_value(scores: npt.ArrayLike, value: npt.ArrayLike, group: npt.ArrayLike, k: int) -> float:
    """Mean over groups of the true value of the ``k`` best-scored rows.

    This is how a ranking is judged in a simulation: not by the labels it happened to
    draw, but by the expected value (meaningful engagement, watch minutes) of what it put
    in the top ``k``.

    Args:
        scores: The ranker's score of each row.
        value: True expected value of each row.
        group: Request of each row.
        k: Slots per request.

    Returns:
        The mean, over requests, of the summed value in the top ``k``.

    Examples:
        >>> top_k_value([3, 2, 1, 5, 2], [1, 5, 0, 4, 0], [0, 0, 0, 1, 1], k=1)  # (1 + 4) / 2
        2.5
    """
    value = np.asarray(value, dtype=float)
    chosen = top_k_mask(scores, group, k)
    return float(value[chosen].sum() / len(np.unique(np.asarray(group))))
