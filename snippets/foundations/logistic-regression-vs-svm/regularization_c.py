"""The SVM's C: how much a margin violation costs, and what it does to the margin.

Run it on its own with
``python snippets/foundations/logistic-regression-vs-svm/regularization_c.py``; it fits a
linear SVM for C from 0.01 to 100 on two overlapping Gaussian classes, checks that the
margin narrows and the support vectors thin out as C grows, and counts solver iterations.
"""

from __future__ import annotations

# --8<-- [start:data]
from itertools import pairwise

import numpy as np
from sklearn.svm import SVC

SEEDS = (0, 1, 2)
C_GRID = (0.01, 0.1, 1.0, 10.0, 100.0)
N_TRAIN, N_TEST = 200, 2_000
# libsvm stops at tol=1e-3: a converged margin may wobble by this fraction.
TOLERANCE = 1e-3


def simulate(seed: int, n: int):
    """Two unit-variance Gaussian classes centered at -(0.8, 0.8) and (0.8, 0.8)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.standard_normal((n, 2)) + np.where(y[:, None] == 1, 0.8, -0.8)
    return X, y


# --8<-- [end:data]


# --8<-- [start:sweep]
def sweep(seed: int) -> list[dict]:
    X, y = simulate(seed, N_TRAIN + N_TEST)
    X_train, y_train = X[:N_TRAIN], y[:N_TRAIN]
    X_test, y_test = X[N_TRAIN:], y[N_TRAIN:]
    results = []
    for C in C_GRID:
        svm = SVC(kernel="linear", C=C).fit(X_train, y_train)
        results.append(
            {
                "C": C,
                # the distance between the hyperplanes f = -1 and f = +1
                "margin width": 2 / np.linalg.norm(svm.coef_[0]),
                "support vectors": int(svm.n_support_.sum()),
                "solver iterations": int(svm.n_iter_.sum()),
                "test accuracy": svm.score(X_test, y_test),
                "model": svm,
            }
        )
    return results


def main() -> None:
    sweeps = {seed: sweep(seed) for seed in SEEDS}
    for seed, results in sweeps.items():
        width = [r["margin width"] for r in results]
        svs = [r["support vectors"] for r in results]
        iterations = [r["solver iterations"] for r in results]
        assert all(b <= a * (1 + TOLERANCE) for a, b in pairwise(width)), (
            f"seed {seed}: the margin should never widen as C grows, got {width}"
        )
        assert width[-1] < 0.5 * width[0], f"seed {seed}: no narrowing: {width}"
        assert all(b <= a for a, b in pairwise(svs)) and svs[-1] < svs[0], (
            f"seed {seed}: support vectors should thin out as C grows, got {svs}"
        )
        assert iterations[-1] > 10 * iterations[0], (
            f"seed {seed}: a large C should cost far more work, got {iterations}"
        )
    # --8<-- [end:sweep]
    report(sweeps)


# --8<-- [start:report]
def report(sweeps) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    columns = ["C", "margin width", "support vectors", "solver iterations", "test accuracy"]
    first = sweeps[SEEDS[0]]
    out.markdown("sweep", markdown_table(columns, [[r[c] for c in columns] for r in first]))
    lines = [
        f"seed {seed}: margin {sig(rs[0]['margin width'])} -> {sig(rs[-1]['margin width'])}, "
        f"support vectors {rs[0]['support vectors']} -> {rs[-1]['support vectors']}, "
        f"iterations {rs[0]['solver iterations']} -> {rs[-1]['solver iterations']}"
        for seed, rs in sweeps.items()
    ]
    out.text(
        "summary",
        f"C from {sig(C_GRID[0])} to {sig(C_GRID[-1])}, {N_TRAIN} training points\n"
        + "\n".join(lines)
        + "\nclaims, on every seed -> hold:\n"
        "  the margin never widens as C grows, and at least halves\n"
        "  support vectors never grow, and end fewer\n"
        "  solver iterations grow over 10x",
    )
    out.figure(margin_figure(first), "margins")
    # --8<-- [end:report]


def margin_figure(results):
    import matplotlib.pyplot as plt

    X, y = simulate(SEEDS[0], N_TRAIN + N_TEST)
    X, y = X[:N_TRAIN], y[:N_TRAIN]  # the training points the models were fitted on
    shown = [r for r in results if r["C"] in (0.01, 1.0, 100.0)]
    fig, axes = plt.subplots(1, len(shown), figsize=(9, 3.3), sharex=True, sharey=True)
    xs = np.linspace(-3.5, 3.5, 2)
    for ax, r in zip(axes, shown, strict=True):
        (w1, w2), b = r["model"].coef_[0], r["model"].intercept_[0]
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=8)
        sv = r["model"].support_vectors_
        ax.scatter(sv[:, 0], sv[:, 1], s=36, facecolors="none", edgecolors="black", lw=0.5)
        for level, style in ((0, "-"), (-1, "--"), (1, "--")):
            ax.plot(xs, (level - b - w1 * xs) / w2, color="black", linestyle=style, lw=1)
        ax.set(xlim=(-3.5, 3.5), ylim=(-3.5, 3.5), aspect="equal")
        ax.set_title(
            f"C = {r['C']:g}: margin {r['margin width']:.2f}, {r['support vectors']} SVs",
            fontsize=9,
        )
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    main()
