"""A validation curve over tree depth: training error falls, validation error is U-shaped.

Run it on its own with ``python snippets/foundations/bias-variance/validation_curve.py``;
it fits regression trees of depth 1 to 15, picks the depth with the lowest validation
error, asserts that the pick beats both extremes on a held-out test set, and draws the
curves.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.metrics import mean_squared_error
from sklearn.tree import DecisionTreeRegressor

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
DEPTHS = tuple(range(1, 16))
N_TRAIN, N_VALID, N_TEST = 500, 500, 5_000
NOISE = 0.4  # standard deviation of the label noise: no model can beat NOISE**2 = 0.16


def simulate(n: int, rng: np.random.Generator):
    """Four uniform features; the target is a known smooth function plus Gaussian noise."""
    X = rng.uniform(-1, 1, size=(n, 4))
    f = np.sin(3 * X[:, 0]) + 2 * X[:, 1] ** 2 + X[:, 2] * X[:, 3]
    return X, f + NOISE * rng.standard_normal(n)


# --8<-- [end:data]


# --8<-- [start:curve]
def validation_curve(seed: int) -> list[dict]:
    """Train, validation and test error of a tree of each depth, on one simulated split."""
    rng = np.random.default_rng(seed)
    (X, y), (X_val, y_val) = simulate(N_TRAIN, rng), simulate(N_VALID, rng)
    X_test, y_test = simulate(N_TEST, rng)
    curve = []
    for depth in DEPTHS:
        tree = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X, y)
        curve.append(
            {
                "depth": depth,
                "train MSE": mean_squared_error(y, tree.predict(X)),
                "validation MSE": mean_squared_error(y_val, tree.predict(X_val)),
                "test MSE": mean_squared_error(y_test, tree.predict(X_test)),
            }
        )
    return curve


def validated_depth(curve: list[dict]) -> int:
    """The technique: the depth with the lowest validation error."""
    return min(curve, key=lambda row: row["validation MSE"])["depth"]


def deepest(curve: list[dict]) -> int:
    """The baseline: grow the tree as deep as the grid allows."""
    return max(row["depth"] for row in curve)


TECHNIQUE = validated_depth
BASELINE = deepest
# --8<-- [end:curve]


# --8<-- [start:claim]
MIN_GAIN = 0.05  # test MSE the validated depth must save against each extreme


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        curve = validation_curve(seed)
        test = {row["depth"]: row["test MSE"] for row in curve}
        chosen = technique(curve)
        vs_deep = assert_better(
            "test MSE", test[chosen], test[max(DEPTHS)], margin=MIN_GAIN, higher_is_better=False
        )
        vs_stump = assert_better(
            "test MSE", test[chosen], test[min(DEPTHS)], margin=MIN_GAIN, higher_is_better=False
        )
        results.append((seed, chosen, curve, vs_deep, vs_stump))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: validated depth {chosen}, test MSE {sig(deep.technique)}; "
        f"depth {max(DEPTHS)}: {sig(deep.baseline)}; depth {min(DEPTHS)}: {sig(stump.baseline)}"
        for seed, chosen, _, deep, stump in results
    ]
    out.text(
        "summary",
        f"noise floor (irreducible error) NOISE^2 = {sig(NOISE**2)}\n"
        + "\n".join(lines)
        + f"\nclaim: the validated depth beats both extremes by at least {sig(MIN_GAIN)} "
        "test MSE on every seed -> holds",
    )
    _, chosen, curve, _, _ = results[0]
    out.figure(curve_figure(curve, chosen), "validation_curve")
    # --8<-- [end:report]


def curve_figure(curve: list[dict], chosen: int):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    depths = [row["depth"] for row in curve]
    for key, marker in (("train MSE", "o"), ("validation MSE", "s")):
        ax.plot(depths, [row[key] for row in curve], marker=marker, label=key)
    ax.axhline(NOISE**2, color="grey", linestyle=":", label="noise floor")
    ax.axvline(chosen, color="black", linestyle="--", lw=1, label=f"chosen depth {chosen}")
    ax.text(1.2, 0.05, "underfitting\n(high bias)", fontsize=8)
    ax.text(11.5, 0.05, "overfitting\n(high variance)", fontsize=8)
    ax.set(xlabel="maximum tree depth (model complexity)", ylabel="mean squared error")
    ax.set(ylim=(0, None))
    ax.legend(loc="upper center", fontsize=8)
    return fig


if __name__ == "__main__":
    main()
