"""Log loss vs hinge loss: what each does with a point that is already classified well.

Run it on its own with ``python snippets/foundations/logistic-regression-vs-svm/losses.py``;
it draws the 0-1, hinge and log losses against the margin y f(x), then fits a linear SVM
and a logistic regression on the same data and counts the training points that shape each.
"""

from __future__ import annotations

# --8<-- [start:losses]
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC


def zero_one(m):
    return (m <= 0).astype(float)


def hinge(m):
    return np.maximum(0.0, 1.0 - m)  # flat zero once the margin reaches 1


def log_loss_bits(m):
    return np.log2(1.0 + np.exp(-m))  # in bits: 1 at m = 0, never zero


# --8<-- [end:losses]


# --8<-- [start:influence]
def influence(seed: int = 0, n: int = 200) -> dict:
    """Fit both models; count the points whose loss gradient is not zero."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.standard_normal((n, 2)) + np.where(y[:, None] == 1, 0.8, -0.8)
    sign = 2 * y - 1  # labels in {-1, +1}, as the margin y f(x) needs

    svm = SVC(kernel="linear", C=1.0).fit(X, y)
    m_svm = sign * svm.decision_function(X)
    outside = np.setdiff1d(np.arange(n), svm.support_)  # zero dual weight
    lr = LogisticRegression(C=1.0).fit(X, y)
    m_lr = sign * lr.decision_function(X)
    weight_lr = 1 / (1 + np.exp(m_lr))  # |d loss / d f| = sigmoid(-m) > 0
    return {
        "n": n,
        "svm support vectors": len(svm.support_),
        "smallest margin outside the support set": m_svm[outside].min(),
        "lr points with nonzero gradient": int((weight_lr > 0).sum()),
        "lr smallest gradient weight": weight_lr.min(),
        "lr share beyond margin 1": weight_lr[m_lr >= 1].sum() / weight_lr.sum(),
    }


def main() -> None:
    m = np.linspace(-3, 3, 601)
    assert np.all(log_loss_bits(m) >= zero_one(m)), "log loss must bound 0-1 loss"
    assert np.all(hinge(m) >= zero_one(m)), "hinge loss must bound 0-1 loss"
    assert np.all(hinge(m[m >= 1]) == 0), "hinge is exactly zero from margin 1"
    stats = influence()
    # libsvm stops at tol=1e-3: every non-support vector has margin >= 1.
    assert stats["smallest margin outside the support set"] >= 1 - 1e-3, stats
    assert stats["svm support vectors"] < stats["n"] / 2, "most points are not SVs"
    pulling = stats["lr points with nonzero gradient"]
    assert pulling == stats["n"], "every point pulls on LR"
    # --8<-- [end:influence]
    report(m, stats)


# --8<-- [start:report]
def report(m, stats) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    n = stats["n"]
    out.text(
        "summary",
        f"linear SVM: {stats['svm support vectors']} of {n} training points are support "
        "vectors;\n"
        "  every other point has margin >= "
        f"{sig(stats['smallest margin outside the support set'])} and no say in the solution\n"
        f"logistic regression: {stats['lr points with nonzero gradient']} of {n} points "
        "pull on the weights;\n"
        f"  the weakest pull is {sig(stats['lr smallest gradient weight'])}, and points beyond "
        f"margin 1\n  carry {sig(100 * stats['lr share beyond margin 1'])}% of the total pull",
    )
    out.figure(loss_figure(m), "losses")
    # --8<-- [end:report]


def loss_figure(m):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.plot(m, zero_one(m), label="0-1 loss", color="grey", lw=2)
    ax.plot(m, hinge(m), label="hinge loss max(0, 1 - m)  (SVM)", lw=2)
    ax.plot(m, log_loss_bits(m), label="log loss log2(1 + exp(-m))  (LR)", lw=2)
    ax.axvline(1, color="black", linestyle=":", lw=1)
    ax.text(1.08, 1.9, "hinge = 0\nfor m >= 1", fontsize=8)
    ax.set(xlabel="margin m = y f(x)  (y in {-1, +1})", ylabel="loss", ylim=(-0.1, 4))
    ax.legend(fontsize=8, loc="upper right")
    return fig


if __name__ == "__main__":
    main()
