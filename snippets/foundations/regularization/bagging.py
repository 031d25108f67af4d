"""Ensembling by bagging: averaging deep trees fit on bootstrap resamples cuts variance.

Run it on its own with ``python snippets/foundations/regularization/bagging.py``; it
compares one fully grown regression tree with a bag of 25 on the same simulated data,
asserts that the bag's test error is lower on three seeds, and splits both errors into
squared bias and variance over fresh training sets.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.ensemble import BaggingRegressor
from sklearn.metrics import mean_squared_error
from sklearn.tree import DecisionTreeRegressor

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST = 500, 2_000
NOISE = 0.4  # irreducible error NOISE**2 = 0.16
N_MEMBERS = 25


def simulate(n: int, rng: np.random.Generator):
    """Four uniform features, a known smooth function and Gaussian label noise."""
    X = rng.uniform(-1, 1, size=(n, 4))
    f = np.sin(3 * X[:, 0]) + 2 * X[:, 1] ** 2 + X[:, 2] * X[:, 3]
    return X, f + NOISE * rng.standard_normal(n), f


# --8<-- [end:data]


# --8<-- [start:models]
def bagged_trees():
    """The technique: 25 fully grown trees, each on a bootstrap resample, averaged."""
    return BaggingRegressor(DecisionTreeRegressor(), n_estimators=N_MEMBERS, random_state=0)


def single_tree():
    """The baseline: one fully grown tree on all the rows."""
    return DecisionTreeRegressor(random_state=0)


TECHNIQUE = bagged_trees
BASELINE = single_tree
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.1  # test MSE the bag must save over the single tree


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        (X, y, _), (X_test, y_test, _) = simulate(N_TRAIN, rng), simulate(N_TEST, rng)
        bag = mean_squared_error(y_test, technique().fit(X, y).predict(X_test))
        tree = mean_squared_error(y_test, BASELINE().fit(X, y).predict(X_test))
        results.append(
            assert_better("test MSE", bag, tree, margin=MIN_GAIN, higher_is_better=False)
        )
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:decompose]
def decompose(make_model, n_datasets: int = 8) -> dict:
    """Squared bias and variance at fixed test points, over fresh training sets."""
    rng = np.random.default_rng(SEEDS[0])
    X_test, _, f_test = simulate(N_TEST, rng)
    predictions = np.array(
        [make_model().fit(*simulate(N_TRAIN, rng)[:2]).predict(X_test) for _ in range(n_datasets)]
    )
    variance = predictions.var(axis=0, ddof=1)
    # the average of n fits still carries variance / n: remove it from the squared bias
    bias2 = (predictions.mean(axis=0) - f_test) ** 2 - variance / n_datasets
    return {"squared bias": max(float(np.mean(bias2)), 0.0), "variance": float(np.mean(variance))}


# --8<-- [end:decompose]


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = [
        [name, *decompose(make).values()]
        for name, make in (("one deep tree", single_tree), (f"bag of {N_MEMBERS}", bagged_trees))
    ]
    out.markdown("decomposition", markdown_table(["model", "squared bias", "variance"], rows))
    lines = [
        f"seed {seed}: one tree {sig(c.baseline)}, bag of {N_MEMBERS} {sig(c.technique)}"
        for seed, c in zip(SEEDS, results, strict=True)
    ]
    out.text(
        "summary",
        f"test MSE, {N_TRAIN} training rows; noise floor {sig(NOISE**2)}\n"
        + "\n".join(lines)
        + f"\nclaim: the bag saves at least {sig(MIN_GAIN)} test MSE on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
