"""Calibration: a linear SVM's scores are not probabilities until Platt scaling maps them.

Run it on its own with
``python snippets/foundations/logistic-regression-vs-svm/calibration.py``; it compares
logistic regression, a linear SVM whose score is squashed by a plain sigmoid, and the same
SVM with Platt scaling, asserts the claim and writes the table and reliability diagram.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.svm import LinearSVC

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)  # the claim must hold on every seed
N_TRAIN, N_TEST, N_FEATURES = 3_000, 3_000, 10
# True log-odds -2 + beta . x with |beta| = 2: about a fifth of labels positive.
INTERCEPT, SIGNAL = -2.0, 2.0


def simulate(seed: int):
    """Labels drawn from a known logistic model: the truth is known."""
    rng = np.random.default_rng(seed)
    beta = rng.standard_normal(N_FEATURES)
    beta *= SIGNAL / np.linalg.norm(beta)
    X = rng.standard_normal((N_TRAIN + N_TEST, N_FEATURES))
    p_true = 1 / (1 + np.exp(-(INTERCEPT + X @ beta)))
    y = (rng.random(len(X)) < p_true).astype(int)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


# --8<-- [end:data]


# --8<-- [start:models]
class SquashedSVM(LinearSVC):
    """The baseline: a linear SVM whose score f is read as sigmoid(f)."""

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-self.decision_function(X)))
        return np.column_stack([1 - p, p])


def platt_svm():
    """The technique: the same SVM, p = sigmoid(A f + B) fit on held-out folds."""
    svm = LinearSVC()
    return CalibratedClassifierCV(svm, method="sigmoid", cv=5, ensemble=False)


def isotonic_svm():
    """The same SVM, a monotone step function fitted on held-out folds."""
    svm = LinearSVC()
    return CalibratedClassifierCV(svm, method="isotonic", cv=5, ensemble=False)


TECHNIQUE = platt_svm
BASELINE = SquashedSVM
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.05  # nats of held-out log loss Platt scaling must save
BRIER_TOLERANCE = 0.002  # how close LR must be to the Platt-scaled SVM


def evaluate(make_model, seed: int) -> dict:
    X_train, y_train, X_test, y_test = simulate(seed)
    p = make_model().fit(X_train, y_train).predict_proba(X_test)[:, 1]
    return {
        "log loss": log_loss(y_test, p),
        "Brier": brier_score_loss(y_test, p),
        "AUC": roc_auc_score(y_test, p),
        "mean prediction": p.mean(),
        "positive rate": y_test.mean(),
        "p": p,
        "y": y_test,
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        calibrated = evaluate(technique, seed)
        squashed = evaluate(BASELINE, seed)
        gain = assert_better(
            "log loss",
            calibrated["log loss"],
            squashed["log loss"],
            margin=MIN_GAIN,
            higher_is_better=False,
        )
        lr = evaluate(LogisticRegression, seed)
        gap = abs(lr["Brier"] - calibrated["Brier"])
        assert gap <= BRIER_TOLERANCE, f"seed {seed}: LR is {gap:.4g} off in Brier"
        models = {"LR": lr, "Platt": calibrated, "squashed": squashed}
        rows.append((seed, models, gain))
    # --8<-- [end:claim]
    report(rows)


# --8<-- [start:report]
def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    seed, models, _ = rows[0]
    models = {**models, "isotonic": evaluate(isotonic_svm, seed)}
    names = {
        "LR": "logistic regression",
        "squashed": "linear SVM, sigmoid(score)",
        "Platt": "linear SVM + Platt scaling",
        "isotonic": "linear SVM + isotonic regression",
    }
    columns = ["log loss", "Brier", "AUC", "mean prediction"]
    table = [[names[key], *(models[key][c] for c in columns)] for key in names]
    out.markdown("metrics", markdown_table(["model (seed 0)", *columns], table))
    gains = ", ".join(sig(gain.improvement) for *_, gain in rows)
    gaps = ", ".join(sig(abs(m["LR"]["Brier"] - m["Platt"]["Brier"])) for _, m, _ in rows)
    out.text(
        "summary",
        f"positive rate in the test set (seed 0): {sig(models['LR']['positive rate'])}\n"
        f"log loss saved by Platt scaling over sigmoid(score), seeds {list(SEEDS)}:\n"
        f"  {gains}\n"
        f"claim: at least {sig(MIN_GAIN)} nats on every seed -> holds\n"
        f"|Brier(LR) - Brier(Platt SVM)|: {gaps}\n"
        f"claim: within {sig(BRIER_TOLERANCE)} on every seed -> holds",
    )
    out.figure(reliability_figure(models, names), "reliability")
    # --8<-- [end:report]


def reliability_figure(models, names):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 4))
    for key, marker in (("LR", "o"), ("squashed", "s"), ("Platt", "^")):
        rate, mean_p = calibration_curve(models[key]["y"], models[key]["p"], n_bins=10)
        ax.plot(mean_p, rate, marker=marker, label=names[key])
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability (bin)")
    ax.set(ylabel="observed positive rate")
    ax.legend(loc="upper left", fontsize=8)
    return fig


if __name__ == "__main__":
    main()
