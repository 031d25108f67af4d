"""Assert a demonstration's claim, so that a page never states what its code does not show.

Every comparison in the guide has the same shape: a technique, a baseline, a metric and a
margin. [`assert_better`][mlsd.claims.assert_better] raises
[`ClaimFailed`][mlsd.claims.ClaimFailed] when the technique does not beat the baseline by
at least the margin. The test suite reruns each comparative snippet with the technique
replaced by its baseline and expects `ClaimFailed`: the negative control that proves the
assertion can fail.
"""

from __future__ import annotations

from dataclasses import dataclass


class ClaimFailed(AssertionError):
    """A demonstration's claim did not hold on the data it ran on."""


@dataclass(frozen=True)
class Comparison:
    """The outcome of one technique-versus-baseline comparison.

    Attributes:
        metric: Name of the metric, e.g. ``"log loss"``.
        technique: Metric value of the technique.
        baseline: Metric value of the baseline.
        margin: The smallest improvement the claim promises.
        higher_is_better: Whether a larger metric value is better.
    """

    metric: str
    technique: float
    baseline: float
    margin: float
    higher_is_better: bool

    @property
    def improvement(self) -> float:
        """How much better the technique is, in the metric's units (positive is better)."""
        delta = self.technique - self.baseline
        return delta if self.higher_is_better else -delta

    @property
    def holds(self) -> bool:
        """Whether the improvement reaches the promised margin."""
        return self.improvement >= self.margin


def assert_better(
    metric: str,
    technique: float,
    baseline: float,
    *,
    margin: float,
    higher_is_better: bool,
) -> Comparison:
    """Check that ``technique`` beats ``baseline`` on ``metric`` by at least ``margin``.

    Args:
        metric: Name of the metric, used in the error message.
        technique: Metric value of the technique being demonstrated.
        baseline: Metric value of the baseline it is compared with.
        margin: The improvement the page promises; must be positive, so that a technique
            equal to its baseline always fails.
        higher_is_better: ``True`` for AUC or accuracy, ``False`` for log loss or error.

    Returns:
        The comparison, for printing.

    Raises:
        ValueError: If ``margin`` is not positive.
        ClaimFailed: If the improvement is smaller than ``margin``.

    Examples:
        >>> assert_better("AUC", 0.80, 0.70, margin=0.05, higher_is_better=True).improvement
        0.10000000000000009
    """
    if not margin > 0:
        raise ValueError(f"margin must be positive, got {margin!r}")
    comparison = Comparison(metric, float(technique), float(baseline), margin, higher_is_better)
    if not comparison.holds:
        raise ClaimFailed(
            f"{metric}: technique {technique:.4g} vs baseline {baseline:.4g} improves by "
            f"{comparison.improvement:.4g}, less than the claimed margin {margin:.4g}"
        )
    return comparison
