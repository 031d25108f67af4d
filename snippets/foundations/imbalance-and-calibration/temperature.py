"""Temperature scaling: one parameter that fixes an overconfident multi-class model.

Run it on its own with
``python snippets/foundations/imbalance-and-calibration/temperature.py``; it trains a
weakly regularized softmax regression on scikit-learn's handwritten digits (it ends up
overconfident), fits one temperature T on a validation split, and asserts that dividing
the logits by T cuts test log loss while leaving every predicted class unchanged.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
C = 100.0  # weak L2 penalty: the model fits its training digits with near-certainty


def split(seed: int):
    """Digits (1,797 8x8 images, 10 classes): half to train, a quarter each to validate
    and test."""
    X, y = load_digits(return_X_y=True)
    X_train, X_rest, y_train, y_rest = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=seed
    )
    X_val, X_test, y_val, y_test = train_test_split(
        X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=seed
    )
    scaler = StandardScaler().fit(X_train)
    return [
        (scaler.transform(X_), y_)
        for X_, y_ in ((X_train, y_train), (X_val, y_val), (X_test, y_test))
    ]


# --8<-- [end:data]


# --8<-- [start:temperature]
def nll(logits: np.ndarray, y: np.ndarray, T: float = 1.0) -> float:
    """Multi-class log loss of softmax(logits / T)."""
    z = logits / T
    z = z - z.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The technique: the T in [0.25, 10] with the lowest validation log loss."""
    grid = np.exp(np.linspace(np.log(0.25), np.log(10), 400))
    return float(grid[np.argmin([nll(logits, y, T) for T in grid])])


def no_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The baseline: T = 1, the model's own probabilities."""
    return 1.0


TECHNIQUE = fit_temperature
BASELINE = no_temperature
# --8<-- [end:temperature]


def top_label_ece(logits: np.ndarray, y: np.ndarray, T: float, n_bins: int = 10) -> float:
    """ECE of the winning class's probability: |accuracy - confidence| per confidence bin."""
    z = logits / T
    probs = np.exp(z - z.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == y
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    gaps = [
        abs(correct[bins == b].mean() - confidence[bins == b].mean()) * (bins == b).mean()
        for b in range(n_bins)
        if (bins == b).any()
    ]
    return float(np.sum(gaps))


# --8<-- [start:claim]
MIN_GAIN = 0.02  # nats of test log loss the fitted temperature must save


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        (X, y), (X_val, y_val), (X_test, y_test) = split(seed)
        model = LogisticRegression(C=C, max_iter=2_000).fit(X, y)
        val_logits, test_logits = model.decision_function(X_val), model.decision_function(X_test)
        T = technique(val_logits, y_val)
        gain = assert_better(
            "test log loss",
            nll(test_logits, y_test, T),
            nll(test_logits, y_test, BASELINE(val_logits, y_val)),
            margin=MIN_GAIN,
            higher_is_better=False,
        )
        # dividing every logit by the same T > 0 cannot change which class is largest
        assert ((test_logits / T).argmax(1) == test_logits.argmax(1)).all()
        results.append((seed, T, gain, test_logits, y_test))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = []
    for seed, T, _, logits, y in results:
        accuracy = float((logits.argmax(1) == y).mean())
        for name, t in (("T = 1", 1.0), (f"fitted T = {sig(T)}", T)):
            rows.append([seed, name, accuracy, nll(logits, y, t), top_label_ece(logits, y, t)])
    header = ["seed", "temperature", "accuracy", "log loss", "top-label ECE"]
    out.markdown("temperature", markdown_table(header, rows))
    gains = ", ".join(sig(g.improvement) for _, _, g, _, _ in results)
    out.text(
        "summary",
        f"log loss saved by the fitted temperature, seeds {list(SEEDS)}: {gains}\n"
        f"claim: at least {sig(MIN_GAIN)} nats on every seed, with every predicted class "
        "unchanged -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
