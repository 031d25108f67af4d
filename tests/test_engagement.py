"""mlsd.engagement: the engagement log, the logistic heads, the value model and top-k."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

import mlsd.engagement
from mlsd.engagement import (
    EngagementLog,
    EventHeads,
    draw_events,
    fit_event_heads,
    fit_logistic,
    sigmoid,
    top_k_mask,
    top_k_value,
    value_model,
)


def test_doctests_pass() -> None:
    result = doctest.testmod(mlsd.engagement, verbose=False, report=True)
    assert result.attempted >= 10
    assert result.failed == 0


# --- log ------------------------------------------------------------------------------------


def small_log() -> EngagementLog:
    return EngagementLog(
        group=[0, 0, 1, 1],
        features=pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]}),
        truth={"click": [0.1, 0.2, 0.3, 0.4]},
        labels={"click": [0, 1, 0, 1]},
    )


def test_rows_by_mask_and_by_index_agree() -> None:
    log = small_log()
    by_mask = log.rows(np.array([False, True, False, True]))
    by_index = log.rows([1, 3])
    for part in (by_mask, by_index):
        assert part.group.tolist() == [0, 1]
        assert part.features["x"].tolist() == [2.0, 4.0]
        assert part.truth["click"].tolist() == [0.2, 0.4]
        assert part.labels["click"].tolist() == [1.0, 1.0]
        assert part.features.index.tolist() == [0, 1]


def test_with_labels_adds_without_dropping() -> None:
    log = small_log().with_labels({"hide": [0, 0, 0, 1]})
    assert sorted(log.labels) == ["click", "hide"]
    assert len(log) == 4


def test_log_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="features"):
        EngagementLog(group=[0, 0], features=pd.DataFrame({"x": [1.0]}), truth={})
    with pytest.raises(ValueError, match="truth"):
        EngagementLog(group=[0], features=pd.DataFrame({"x": [1.0]}), truth={"c": [0.1, 0.2]})


def test_draw_events_matches_probabilities() -> None:
    p = np.full(200_000, 0.03)
    drawn = draw_events({"click": p}, np.random.default_rng(0))["click"]
    assert set(np.unique(drawn)) == {0.0, 1.0}
    assert drawn.mean() == pytest.approx(0.03, abs=0.002)
    with pytest.raises(ValueError):
        draw_events({"click": [1.5]}, np.random.default_rng(0))


# --- logistic heads -------------------------------------------------------------------------


def test_fit_logistic_matches_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    x = rng.normal(size=(5_000, 4)) * [1, 10, 0.1, 3] + [0, 5, 0, -2]
    y = (rng.random(5_000) < sigmoid(-2 + x @ [0.5, -0.05, 4.0, 0.2])).astype(float)
    ours = fit_logistic(x, y, l2=2.0)
    z = StandardScaler().fit_transform(x)
    theirs = LogisticRegression(C=1 / 2.0, tol=1e-10, max_iter=10_000).fit(z, y)
    np.testing.assert_allclose(ours.coef, theirs.coef_[0], rtol=1e-4, atol=1e-6)
    assert ours.intercept == pytest.approx(theirs.intercept_[0], rel=1e-4)


def test_fit_logistic_with_weights_equals_repeated_rows() -> None:
    x = np.array([[0.0], [1.0], [2.0], [3.0], [1.5]])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0])
    weighted = fit_logistic(x, y, [1, 2, 1, 3, 1], l2=1e-9)
    repeated = fit_logistic(
        np.repeat(x, [1, 2, 1, 3, 1], axis=0), np.repeat(y, [1, 2, 1, 3, 1]), l2=1e-9
    )
    # Standardization differs (weighted rows are not repeated in the mean), so compare the
    # predictions, which do not depend on how the features were centred and scaled.
    np.testing.assert_allclose(weighted.predict(x), repeated.predict(x), rtol=1e-5)


def test_weighted_odds_estimate_expected_amount() -> None:
    """Weighting positives by an amount makes exp(logit) estimate the expected amount."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(100_000, 1))
    p = sigmoid(-3.5 + x[:, 0])
    y = (rng.random(len(p)) < p).astype(float)
    amount = np.exp(1.0 + 0.5 * x[:, 0])  # expected amount per positive
    weights = np.where(y == 1, amount, 1.0)
    heads = fit_event_heads(pd.DataFrame({"x": x[:, 0]}), {"w": y}, sample_weight={"w": weights})
    odds = heads.odds(pd.DataFrame({"x": x[:, 0]}))["w"]
    expected = p * amount / (1 - p)
    assert np.corrcoef(np.log(odds), np.log(expected))[0, 1] > 0.99
    assert odds.mean() == pytest.approx(expected.mean(), rel=0.1)


def test_fit_logistic_rejects_bad_labels() -> None:
    x = np.zeros((3, 1))
    with pytest.raises(ValueError):
        fit_logistic(x, [1, 1, 1])
    with pytest.raises(ValueError):
        fit_logistic(x, [0, 2, 1])
    with pytest.raises(ValueError):
        fit_logistic(x, [0, 1, 1], [1, -1, 1])


def test_constant_feature_does_not_break_the_fit() -> None:
    x = np.column_stack([np.arange(10.0), np.ones(10)])
    head = fit_logistic(x, [0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    assert np.isfinite(head.coef).all()
    assert head.coef[1] == 0.0


def test_event_heads_use_named_columns_in_order() -> None:
    features = pd.DataFrame({"a": np.arange(20.0), "noise": np.zeros(20)})
    y = (np.arange(20) >= 10).astype(float)
    heads = fit_event_heads(features, {"y": y}, columns=("a",))
    assert isinstance(heads, EventHeads)
    assert heads.columns == ("a",)
    shuffled = features[["noise", "a"]]
    np.testing.assert_allclose(heads.predict(shuffled)["y"], heads.predict(features)["y"])
    with pytest.raises(ValueError):
        fit_event_heads(features, {})


# --- value model and top-k ------------------------------------------------------------------


def test_value_model_weights_and_ignores_unweighted_predictions() -> None:
    p = {"click": np.array([0.1, 0.2]), "like": np.array([0.02, 0.0]), "extra": np.ones(2)}
    score = value_model(p, {"click": 1.0, "like": 10.0})
    np.testing.assert_allclose(score, [0.3, 0.2])
    with pytest.raises(ValueError, match="share"):
        value_model(p, {"share": 1.0})
    with pytest.raises(ValueError):
        value_model(p, {})


def test_top_k_mask_per_group_with_non_contiguous_groups() -> None:
    scores = np.array([5.0, 1.0, 4.0, 2.0, 3.0, 0.0])
    group = np.array([0, 1, 0, 1, 0, 1])
    assert top_k_mask(scores, group, 2).tolist() == [True, True, True, True, False, False]


def test_top_k_mask_keeps_small_groups_whole_and_breaks_ties_by_row() -> None:
    assert top_k_mask([1.0, 1.0, 1.0], [0, 0, 1], 1).tolist() == [True, False, True]
    assert top_k_mask([1.0, 2.0], [0, 0], 5).tolist() == [True, True]


def test_top_k_mask_respects_eligibility() -> None:
    mask = top_k_mask([9.0, 8.0, 7.0, 6.0], [0, 0, 0, 0], 2, eligible=[False, True, False, True])
    assert mask.tolist() == [False, True, False, True]
    none = top_k_mask([1.0, 2.0], [0, 0], 1, eligible=[False, False])
    assert not none.any()


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_top_k_mask_rejects_bad_k(k) -> None:
    with pytest.raises(ValueError):
        top_k_mask([1.0], [0], k)


def test_top_k_value_averages_over_groups() -> None:
    value = top_k_value([3.0, 2.0, 1.0, 5.0, 2.0], [1.0, 5.0, 0.0, 4.0, 0.0], [0, 0, 0, 1, 1], 2)
    assert value == pytest.approx((6.0 + 4.0) / 2)
