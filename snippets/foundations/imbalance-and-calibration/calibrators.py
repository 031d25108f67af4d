"""Raw, Platt-scaled and isotonic probabilities of an overconfident naive Bayes model.

Run it on its own with
``python snippets/foundations/imbalance-and-calibration/calibrators.py``; it trains
Gaussian naive Bayes on correlated features (it double-counts their evidence), fits
Platt scaling and isotonic regression on 10,000 held-out rows, asserts that isotonic
calibration cuts test log loss and ECE against the raw output, and draws the
reliability diagram.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.naive_bayes import GaussianNB

from mlsd.claims import assert_better
from mlsd.metrics import expected_calibration_error

SEEDS = (0, 1, 2)
N_TRAIN, N_CALIBRATION, N_TEST, N_FEATURES = 5_000, 10_000, 20_000, 10
EPS = 1e-4  # probabilities are clipped to [EPS, 1 - EPS] before any log


def simulate(n: int, rng: np.random.Generator):
    """Ten features sharing one common factor (correlation 0.6); about 11% positives.

    The true log-odds add a square term that no linear score has, so the distortion is
    not purely sigmoid-shaped.
    """
    common = rng.standard_normal((n, 1))
    X = np.sqrt(0.6) * common + np.sqrt(0.4) * rng.standard_normal((n, N_FEATURES))
    logit = -4.6 + 0.35 * X.sum(axis=1) + 0.5 * X[:, 0] ** 2
    return X, (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


# --8<-- [end:data]


# --8<-- [start:calibrators]
def platt(p_cal: np.ndarray, y_cal: np.ndarray):
    """p = sigmoid(A * logit(p_raw) + B): two parameters fit by Newton's method on log loss.

    As in Platt (1999), the 0/1 targets are smoothed to (N+ + 1) / (N+ + 2) and
    1 / (N- + 2), which keeps A and B finite on a small or separable calibration set.
    """
    z = np.column_stack([log_odds(p_cal), np.ones(len(p_cal))])
    n_pos = y_cal.sum()
    n_neg = len(y_cal) - n_pos
    target = np.where(y_cal == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def loss(w):  # cross-entropy against the smoothed targets, computed stably
        s = z @ w
        return np.sum(np.logaddexp(0, s) - target * s)

    w = np.array([0.0, np.log((n_pos + 1) / (n_neg + 1))])  # Platt's starting point
    for _ in range(100):
        p = 1 / (1 + np.exp(-(z @ w)))
        hessian = z.T @ (z * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step, size = np.linalg.solve(hessian, z.T @ (target - p)), 1.0
        while loss(w + size * step) > loss(w) and size > 1e-8:  # halve until no worse
            size /= 2
        w = w + size * step
        if np.abs(size * step).max() < 1e-9:
            break
    return lambda p: 1 / (1 + np.exp(-(w[0] * log_odds(p) + w[1])))


def isotonic(p_cal: np.ndarray, y_cal: np.ndarray):
    """The best non-decreasing step function from p_raw to p, clipped away from 0 and 1."""
    iso = IsotonicRegression(y_min=EPS, y_max=1 - EPS, out_of_bounds="clip").fit(p_cal, y_cal)
    return iso.predict


def uncalibrated(p_cal: np.ndarray, y_cal: np.ndarray):
    """The baseline: use the model's probabilities as they are."""
    return lambda p: np.clip(p, EPS, 1 - EPS)


TECHNIQUE = isotonic
BASELINE = uncalibrated
# --8<-- [end:calibrators]


# --8<-- [start:claim]
MIN_GAIN = 0.2  # nats of test log loss calibration must save over the raw output
MAX_ECE = 0.01  # and the calibrated ECE (10 quantile bins) must end below this


def run(calibrator, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    (X, y), (X_cal, y_cal), (X_test, y_test) = (
        simulate(n, rng) for n in (N_TRAIN, N_CALIBRATION, N_TEST)
    )
    model = GaussianNB().fit(X, y)
    calibrate = calibrator(model.predict_proba(X_cal)[:, 1], y_cal)
    p = calibrate(model.predict_proba(X_test)[:, 1])
    return {
        "log loss": log_loss(y_test, p),
        "ECE": expected_calibration_error(y_test, p, n_bins=10, strategy="quantile"),
        "AUC": roc_auc_score(y_test, p),
        "mean p": float(p.mean()),
        "positive rate": float(y_test.mean()),
        "p": p,
        "y": y_test,
    }


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        calibrated, raw = run(technique, seed), run(BASELINE, seed)
        gain = assert_better(
            "test log loss",
            calibrated["log loss"],
            raw["log loss"],
            margin=MIN_GAIN,
            higher_is_better=False,
        )
        assert calibrated["ECE"] < MAX_ECE, f"seed {seed}: ECE {calibrated['ECE']:.3g}"
        results.append((seed, gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    runs = {
        "naive Bayes, raw": run(uncalibrated, SEEDS[0]),
        "+ Platt scaling": run(platt, SEEDS[0]),
        "+ isotonic regression": run(isotonic, SEEDS[0]),
    }
    columns = ["log loss", "ECE", "AUC", "mean p"]
    rows = [[name, *(r[c] for c in columns)] for name, r in runs.items()]
    out.markdown("metrics", markdown_table(["model (seed 0)", *columns], rows))
    gains = ", ".join(sig(g.improvement) for _, g in results)
    out.text(
        "summary",
        f"test positive rate (seed 0): {sig(runs['naive Bayes, raw']['positive rate'])}; "
        f"{N_CALIBRATION} calibration rows\n"
        f"log loss saved by isotonic calibration, seeds {list(SEEDS)}: {gains}\n"
        f"claim: at least {sig(MIN_GAIN)} nats and ECE below {sig(MAX_ECE)} on every "
        "seed -> holds",
    )
    out.figure(reliability_figure(runs), "reliability")
    # --8<-- [end:report]


def reliability_figure(runs: dict):
    import matplotlib.pyplot as plt

    from mlsd.metrics import reliability_bins

    fig, ax = plt.subplots(figsize=(5, 4))
    for (name, r), marker in zip(runs.items(), "os^", strict=True):
        bins = reliability_bins(r["y"], r["p"], n_bins=10, strategy="quantile")
        ax.plot(bins.mean_predicted, bins.fraction_positive, marker=marker, label=name)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability (decile bin)")
    ax.set(ylabel="observed positive rate")
    ax.legend(fontsize=8, loc="upper left")
    return fig


if __name__ == "__main__":
    main()
