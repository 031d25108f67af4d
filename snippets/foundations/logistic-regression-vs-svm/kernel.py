"""The kernel trick: an RBF SVM fits boundaries a linear model cannot, at a serving cost.

Run it on its own with ``python snippets/foundations/logistic-regression-vs-svm/kernel.py``;
it trains a linear and an RBF SVM on two non-linear toy problems, asserts that the RBF
kernel wins on accuracy, and counts the support vectors each prediction has to visit.
"""

from __future__ import annotations

# --8<-- [start:data]
from sklearn.datasets import make_circles, make_moons
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N = 600  # points per dataset; half train, half test


def datasets(seed: int) -> dict:
    return {
        "moons": make_moons(N, noise=0.2, random_state=seed),
        "circles": make_circles(N, noise=0.1, factor=0.5, random_state=seed),
    }


# --8<-- [end:data]


# --8<-- [start:models]
def rbf_svm():
    """The technique: k(x, z) = exp(-gamma |x - z|^2), an infinite feature map."""
    return SVC(kernel="rbf", C=1.0, gamma="scale")


def linear_svm():
    """The baseline: k(x, z) = x . z, a straight-line boundary."""
    return SVC(kernel="linear", C=1.0)


TECHNIQUE = rbf_svm
BASELINE = linear_svm
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.05  # held-out accuracy the RBF kernel must add, every dataset and seed


def fit(make_model, X, y, seed: int) -> dict:
    split = train_test_split(X, y, test_size=0.5, random_state=seed)
    X_train, X_test, y_train, y_test = split
    model = make_model().fit(X_train, y_train)
    return {
        "model": model,
        "accuracy": model.score(X_test, y_test),
        "support vectors": int(model.n_support_.sum()),
        "n train": len(y_train),
    }


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        for name, (X, y) in datasets(seed).items():
            kernel = fit(technique, X, y, seed)
            linear = fit(BASELINE, X, y, seed)
            gain = assert_better(
                f"accuracy on {name}",
                kernel["accuracy"],
                linear["accuracy"],
                margin=MIN_GAIN,
                higher_is_better=True,
            )
            results.append((seed, name, kernel, linear, gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = []
    for seed, name, kernel, linear, _ in results:
        if seed != SEEDS[0]:
            continue
        for label, r in (("linear", linear), ("RBF", kernel)):
            # A linear SVM folds its support vectors into one weight vector (2 numbers here);
            # an RBF SVM must evaluate the kernel against every support vector it kept.
            work = (
                "2 multiply-adds"
                if label == "linear"
                else f"{r['support vectors']} kernel evaluations"
            )
            rows.append([name, label, r["accuracy"], r["support vectors"], r["n train"], work])
    header = ["data (seed 0)", "kernel", "accuracy", "support vectors", "training points"]
    out.markdown("accuracy", markdown_table([*header, "work per prediction"], rows))
    lines = [f"  {name:8} seed {seed}: {sig(g.improvement)}" for seed, name, _, _, g in results]
    out.text(
        "summary",
        "accuracy added by the RBF kernel over the linear one:\n"
        + "\n".join(lines)
        + f"\nclaim: at least {sig(MIN_GAIN)} on every dataset and seed -> holds",
    )
    out.figure(boundary_figure(results), "boundaries")
    # --8<-- [end:report]


def boundary_figure(results):
    import matplotlib.pyplot as plt
    import numpy as np

    first = [r for r in results if r[0] == SEEDS[0]]
    fig, axes = plt.subplots(2, 2, figsize=(7, 6.4), sharex="row", sharey="row")
    for row, (_, name, kernel, linear, _) in enumerate(first):
        X, y = datasets(SEEDS[0])[name]
        xs = np.linspace(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3, 120)
        ys = np.linspace(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3, 120)
        gx, gy = np.meshgrid(xs, ys)
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        for col, (label, r) in enumerate((("linear", linear), ("RBF", kernel))):
            ax = axes[row, col]
            score = r["model"].decision_function(grid).reshape(gx.shape)
            ax.contourf(gx, gy, score > 0, levels=1, colors=["#dde4f5", "#f7e0cc"])
            ax.contour(gx, gy, score, levels=[0], colors="black", linewidths=1.2)
            ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=6)
            sv = r["model"].support_vectors_
            ax.scatter(sv[:, 0], sv[:, 1], s=30, facecolors="none", edgecolors="black", lw=0.5)
            ax.set_title(
                f"{name}, {label}: accuracy {r['accuracy']:.2f}, {len(sv)} SVs", fontsize=9
            )
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    main()
