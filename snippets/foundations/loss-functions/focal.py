"""Focal loss at 1% positives: what it changes (the gradient's focus) and what it does not.

Run it on its own with ``python snippets/foundations/loss-functions/focal.py``; on a
simulated click model with about 1% positives it measures how much of the training
gradient comes from easy examples under log loss and under focal loss, trains logistic
models with both, asserts the shift of focus and that ranking quality does not move, and
writes the table the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np

from mlsd.claims import assert_better
from mlsd.metrics import average_precision, log_loss

SEEDS = (0, 1, 2)
N, N_FEATURES = 20_000, 10  # per split


def simulate(seed: int):
    """Labels from a known logistic model: intercept -5.6, |beta| = 1.5, about 1% positive."""
    rng = np.random.default_rng(seed)
    beta = rng.standard_normal(N_FEATURES)
    beta *= 1.5 / np.linalg.norm(beta)
    X = np.c_[rng.standard_normal((2 * N, N_FEATURES)), np.ones(2 * N)]  # last column: bias
    y = (rng.random(2 * N) < 1 / (1 + np.exp(5.6 - X[:, :-1] @ beta))).astype(float)
    return X[:N], y[:N], X[N:], y[N:]


# --8<-- [end:data]


# --8<-- [start:losses]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def focal_gradient(z, y, gamma=2.0):
    """d/dz of the focal loss -(1 - p_t)^gamma log p_t, z the logit, p_t the probability
    given to the true class. gamma = 0 is log loss, whose gradient is p - y."""
    p = sigmoid(z)
    p_t = np.where(y == 1, p, 1 - p)
    d_margin = gamma * p_t * (1 - p_t) ** gamma * np.log(p_t) - (1 - p_t) ** (gamma + 1)
    return np.where(y == 1, d_margin, -d_margin)


def log_loss_gradient(z, y):
    return focal_gradient(z, y, gamma=0.0)


TECHNIQUE = focal_gradient
BASELINE = log_loss_gradient
# --8<-- [end:losses]


# --8<-- [start:train]
def train(X, y, gradient, steps=300, lr=4.0):
    """Gradient descent on a linear logit, starting from the base rate."""
    w = np.zeros(X.shape[1])
    w[-1] = np.log(y.mean() / (1 - y.mean()))
    for _ in range(steps):
        w -= lr * X.T @ gradient(X @ w, y) / len(X)
    return w


# --8<-- [end:train]


# --8<-- [start:claim]
EASY = 0.95  # an example is easy when the model gives its true class p_t > 0.95
MIN_SHIFT = 0.2  # share of the gradient that must move away from easy examples
AP_TOLERANCE = 0.01  # focal loss must not change average precision by more than this


def easy_share(gradient, z, y) -> float:
    """Share of the total gradient magnitude that comes from easy examples."""
    p_t = np.where(y == 1, sigmoid(z), sigmoid(-z))
    g = np.abs(gradient(z, y))
    return float(g[p_t > EASY].sum() / g.sum())


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        X, y, X_test, y_test = simulate(seed)
        w_log = train(X, y, log_loss_gradient)
        z = X @ w_log  # one set of predictions, judged by two losses
        shift = assert_better(
            "easy share of the gradient",
            easy_share(technique, z, y),
            easy_share(BASELINE, z, y),
            margin=MIN_SHIFT,
            higher_is_better=False,
        )
        w_focal = train(X, y, focal_gradient)
        ap_log = average_precision(y_test, sigmoid(X_test @ w_log))
        ap_focal = average_precision(y_test, sigmoid(X_test @ w_focal))
        assert abs(ap_focal - ap_log) <= AP_TOLERANCE, f"seed {seed}: AP moved {ap_log:.4g}"
        results.append((shift, ap_log, ap_focal, {0.0: w_log, 2.0: w_focal}))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    X, y, X_test, y_test = simulate(SEEDS[0])
    weights = results[0][-1]
    z = X @ weights[0.0]
    rows = []
    for gamma in (0.0, 1.0, 2.0):
        gradient = lambda z, y, g=gamma: focal_gradient(z, y, g)  # noqa: E731
        w = weights[gamma] if gamma in weights else train(X, y, gradient)
        p = sigmoid(X_test @ w)
        name = "log loss (gamma 0)" if gamma == 0 else f"focal, gamma {gamma:g}"
        share = easy_share(gradient, z, y)
        rows.append([name, share, average_precision(y_test, p), log_loss(y_test, p), p.mean()])
    header = ["loss (seed 0)", "easy share of gradient", "average precision", "log loss", "mean p"]
    out.markdown("focal", markdown_table(header, rows))
    aps = ", ".join(f"{sig(log_ap)} vs {sig(focal_ap)}" for _, log_ap, focal_ap, _ in results)
    out.text(
        "summary",
        f"positives in the test set: {sig(100 * y_test.mean())}%\n"
        f"easy share of the gradient removed by focal loss (gamma 2), seeds {list(SEEDS)}: "
        f"{', '.join(sig(r[0].improvement) for r in results)}\n"
        f"average precision, log loss vs focal: {aps}\n"
        f"claim: shift at least {sig(MIN_SHIFT)}, average precision within "
        f"{sig(AP_TOLERANCE)}, on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
