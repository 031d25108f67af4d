"""Weighted log loss as an estimator: clicks weighted by watch time rank by expected minutes.

Run it on its own with ``python snippets/foundations/loss-functions/watch_time_weights.py``;
it simulates impressions whose click probability and watch time depend on different
directions of the features (clickbait gets clicks, not minutes), trains logistic
regression on clicks with and without watch-time weights on the positives, asserts that
the weighted model picks impressions with more expected watch time, and writes the table
the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N, N_FEATURES = 20_000, 6  # per split
TOP = 0.1  # the feed shows the top 10% of impressions by score


def simulate(seed: int):
    """Click log-odds -3 + beta . x (about 6% CTR). A click watches an exponential number
    of minutes with mean 3 exp(gamma . x), where gamma leans against beta: clickbait.
    Returns features (with a bias column), clicks, minutes, and the true expected
    minutes per impression p(x) * mean(x)."""
    rng = np.random.default_rng(seed)
    beta, other = np.linalg.qr(rng.standard_normal((N_FEATURES, 2)))[0].T
    gamma = 0.7 * other - 0.4 * beta  # watch time falls as click bait rises
    X = rng.standard_normal((2 * N, N_FEATURES))
    p_click = 1 / (1 + np.exp(3 - X @ beta))
    mean_minutes = 3 * np.exp(X @ gamma)
    clicked = (rng.random(2 * N) < p_click).astype(float)
    minutes = clicked * rng.exponential(mean_minutes)
    X = np.c_[X, np.ones(2 * N)]
    truth = p_click * mean_minutes
    train, test = slice(0, N), slice(N, None)
    return (X[train], clicked[train], minutes[train]), (X[test], truth[test])


# --8<-- [end:data]


# --8<-- [start:losses]
def logistic(X, y, weight, steps=300, lr=4.0):
    """Gradient descent on the weighted log loss sum_i weight_i * logloss_i."""
    w = np.zeros(X.shape[1])
    w[-1] = np.log(np.sum(weight * y) / np.sum(weight * (1 - y)))  # start at the weighted rate
    for _ in range(steps):
        w -= lr * X.T @ (weight * (1 / (1 + np.exp(-X @ w)) - y)) / weight.sum()
    return w


def click_model(X, clicked, minutes):
    """The baseline: an ordinary click model, every impression weight 1."""
    return logistic(X, clicked, np.ones(len(X)))


def watch_time_model(X, clicked, minutes):
    """The technique (Covington et al., 2016): each click weighted by its minutes,
    non-clicks by 1. The learned odds exp(w . x) then estimate expected minutes."""
    return logistic(X, clicked, np.where(clicked == 1, minutes, 1.0))


TECHNIQUE = watch_time_model
BASELINE = click_model
# --8<-- [end:losses]


# --8<-- [start:claim]
MIN_GAIN = 0.15  # expected minutes per shown impression the weighted model must add


def minutes_shown(scores: np.ndarray, truth: np.ndarray) -> float:
    """True expected minutes per impression among the top TOP share by score."""
    top = np.argsort(-scores)[: int(TOP * len(scores))]
    return float(truth[top].mean())


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        (X, clicked, minutes), (X_test, truth) = simulate(seed)
        tech = minutes_shown(X_test @ technique(X, clicked, minutes), truth)
        base = minutes_shown(X_test @ BASELINE(X, clicked, minutes), truth)
        results.append(
            assert_better(
                "minutes per impression", tech, base, margin=MIN_GAIN, higher_is_better=True
            )
        )
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    (X, clicked, minutes), (X_test, truth) = simulate(SEEDS[0])
    odds = np.exp(X_test @ watch_time_model(X, clicked, minutes))
    rng = np.random.default_rng(SEEDS[0])
    rows = [
        ["random impressions", minutes_shown(rng.random(len(truth)), truth)],
        [
            "top by predicted click probability",
            minutes_shown(X_test @ click_model(X, clicked, minutes), truth),
        ],
        ["top by watch-time-weighted odds", minutes_shown(np.log(odds), truth)],
        ["top by true expected minutes", minutes_shown(truth, truth)],
    ]
    header = [f"what the feed shows (seed {SEEDS[0]})", "expected minutes per impression"]
    out.markdown("minutes", markdown_table(header, rows))
    out.text(
        "summary",
        f"click rate: {sig(100 * clicked.mean())}%; mean of the weighted odds "
        f"{sig(odds.mean())} vs true expected minutes {sig(truth.mean())}\n"
        f"minutes per shown impression added by watch-time weights, seeds {list(SEEDS)}: "
        f"{', '.join(sig(r.improvement) for r in results)}\n"
        f"claim: at least {sig(MIN_GAIN)} on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
