"""Bias-variance decomposition by simulation: refit on many fresh training sets.

Run it on its own with ``python snippets/foundations/bias-variance/decomposition.py``;
it draws 40 training sets of 100 points from a known function, fits a shallow and a
fully grown regression tree to each, measures squared bias and variance at 101 test
points, asserts that the deep tree trades bias for variance, and draws both fans of fits.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.tree import DecisionTreeRegressor

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_DATASETS = 100, 40
NOISE = 0.3  # the irreducible error is NOISE**2 = 0.09
X_TEST = np.linspace(-1, 1, 101)


def truth(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


def simulate(n: int, rng: np.random.Generator):
    x = rng.uniform(-1, 1, n)
    return x, truth(x) + NOISE * rng.standard_normal(n)


# --8<-- [end:data]


# --8<-- [start:decompose]
def decompose(max_depth: int | None, seed: int) -> dict:
    """Fit one tree per fresh training set; split its expected error at the test points."""
    rng = np.random.default_rng(seed)
    predictions = np.empty((N_DATASETS, X_TEST.size))
    for i in range(N_DATASETS):
        x, y = simulate(N_TRAIN, rng)
        tree = DecisionTreeRegressor(max_depth=max_depth, random_state=0)
        predictions[i] = tree.fit(x[:, None], y).predict(X_TEST[:, None])
    variance = predictions.var(axis=0, ddof=1)
    # the average of N_DATASETS fits still carries variance / N_DATASETS: remove it
    # (the estimate can dip below 0 where the true bias is 0)
    bias2 = (predictions.mean(axis=0) - truth(X_TEST)) ** 2 - variance / N_DATASETS
    bias2, variance = max(float(np.mean(bias2)), 0.0), float(np.mean(variance))
    # the expected squared error on a fresh noisy label, estimated directly
    labels = truth(X_TEST) + NOISE * rng.standard_normal((N_DATASETS, X_TEST.size))
    return {
        "squared bias": bias2,
        "variance": variance,
        "noise": NOISE**2,
        "sum": bias2 + variance + NOISE**2,
        "measured error": float(np.mean((predictions - labels) ** 2)),
        "predictions": predictions,
    }


SHALLOW, DEEP = 1, None  # max_depth; None grows the tree until its leaves are pure
TECHNIQUE = DEEP  # the flexible model ...
BASELINE = SHALLOW  # ... against the rigid one
# --8<-- [end:decompose]


# --8<-- [start:claim]
MIN_EXTRA_VARIANCE = 0.02  # the deep tree's variance must exceed the shallow one's by this
MIN_BIAS_CUT = 0.02  # and its squared bias must be lower by this


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        flexible, rigid = decompose(technique, seed), decompose(BASELINE, seed)
        variance = assert_better(
            "variance",
            flexible["variance"],
            rigid["variance"],
            margin=MIN_EXTRA_VARIANCE,
            higher_is_better=True,
        )
        bias = assert_better(
            "squared bias",
            flexible["squared bias"],
            rigid["squared bias"],
            margin=MIN_BIAS_CUT,
            higher_is_better=False,
        )
        results.append((seed, flexible, rigid, variance, bias))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: variance deep {sig(v.technique)} vs shallow {sig(v.baseline)}; "
        f"squared bias deep {sig(b.technique)} vs shallow {sig(b.baseline)}"
        for seed, _, _, v, b in results
    ]
    out.text(
        "summary",
        f"{N_DATASETS} training sets of {N_TRAIN} points per model and seed\n"
        + "\n".join(lines)
        + f"\nclaim: the fully grown tree's variance is higher by at least "
        f"{sig(MIN_EXTRA_VARIANCE)} and its squared bias lower by at least "
        f"{sig(MIN_BIAS_CUT)} on every seed -> holds",
    )
    columns = ["squared bias", "variance", "noise", "sum", "measured error"]
    _, flexible, rigid, _, _ = results[0]
    by_depth = {SHALLOW: rigid, DEEP: flexible}
    depths = (SHALLOW, 2, 3, 4, 6, DEEP)
    by_depth |= {d: decompose(d, SEEDS[0]) for d in depths if d not in by_depth}
    rows = [
        ["fully grown" if d is None else str(d), *(by_depth[d][c] for c in columns)] for d in depths
    ]
    out.markdown("decomposition", markdown_table(["max depth (seed 0)", *columns], rows))
    out.figure(fans_figure(rigid, flexible), "fans")
    # --8<-- [end:report]


def fans_figure(rigid: dict, flexible: dict):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
    titles = (
        f"depth {SHALLOW} (a stump): high bias, low variance",
        "fully grown: low bias, high variance",
    )
    for ax, result, title in zip(axes, (rigid, flexible), titles, strict=True):
        for curve in result["predictions"][:20]:
            ax.plot(X_TEST, curve, color="tab:blue", alpha=0.25, lw=0.8)
        ax.plot(
            X_TEST,
            result["predictions"].mean(axis=0),
            color="tab:orange",
            lw=2,
            label="average fit",
        )
        ax.plot(X_TEST, truth(X_TEST), color="black", linestyle="--", lw=1.5, label="truth")
        ax.set(xlabel="x", title=title)
        ax.title.set_fontsize(9)
    axes[0].set(ylabel="prediction")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    main()
