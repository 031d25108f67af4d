"""Better AUC, worse normalized entropy: why ads teams track NE and calibration.

Run it with ``python snippets/framework/evaluation-and-deployment/calibration.py``. Two
click models are trained on simulated impressions with a known click model: a full model
trained on a 10% sample of the negatives (the usual trick to cut training cost), and a
weaker model that misses a feature but sees every row. The full model ranks better but
predicts several times too many clicks; the recalibration of He et al. (2014) fixes its
probabilities without touching its ranking.
"""

from __future__ import annotations

# --8<-- [start:models]
import numpy as np
from sklearn.linear_model import LogisticRegression

from mlsd.claims import assert_better
from mlsd.data import simulate_ctr
from mlsd.metrics import (
    calibration_ratio,
    expected_calibration_error,
    normalized_entropy,
    roc_auc,
)

N_TRAIN, N_TEST = 50_000, 50_000
KEEP_NEGATIVES = 0.1  # negative downsampling rate w: keep 10% of the non-clicks


def features(data) -> np.ndarray:
    X = data.features[["user_activity", "item_quality", "position"]].to_numpy(dtype=float)
    X[:, 0] = np.log(X[:, 0])
    return X


def fit_downsampled(X, y, rng) -> LogisticRegression:
    """All features, but trained on every click and 10% of the non-clicks."""
    keep = (y == 1) | (rng.random(y.size) < KEEP_NEGATIVES)
    return LogisticRegression().fit(X[keep], y[keep])


def fit_weaker(X, y) -> LogisticRegression:
    """Every row, but without user activity: calibrated, ranks worse."""
    return LogisticRegression().fit(X[:, 1:], y)


def recalibrate(p: np.ndarray) -> np.ndarray:
    """Undo negative downsampling: q = p / (p + (1 - p) / w)."""
    return p / (p + (1 - p) / KEEP_NEGATIVES)


def no_correction(p: np.ndarray) -> np.ndarray:
    return p


TECHNIQUE, BASELINE = recalibrate, no_correction
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_NE_GAIN = 0.5  # normalized entropy the correction must save (lower is better)


def evaluate(correct, seed: int):
    """Metrics of the three models on a fresh test set; also the predictions, to plot."""
    rng = np.random.default_rng(seed)
    train, test = simulate_ctr(N_TRAIN, seed=seed), simulate_ctr(N_TEST, seed=seed + 100)
    X, y, X_test, y_test = features(train), train.clicked, features(test), test.clicked
    raw = fit_downsampled(X, y, rng).predict_proba(X_test)[:, 1]
    predictions = {
        "full model, downsampled": raw,
        "full model, corrected": correct(raw),
        "weaker model": fit_weaker(X, y).predict_proba(X_test[:, 1:])[:, 1],
    }
    metrics = {
        name: {
            "AUC": roc_auc(y_test, p),
            "normalized entropy": normalized_entropy(y_test, p),
            "calibration ratio": calibration_ratio(y_test, p),
            "ECE": expected_calibration_error(y_test, p, strategy="quantile"),
        }
        for name, p in predictions.items()
    }
    return metrics, (y_test, predictions)


def main(correct=TECHNIQUE) -> None:
    results = []
    for seed in (0, 1, 2):
        m, plot_data = evaluate(correct, seed)
        raw, fixed, weak = (
            m["full model, downsampled"],
            m["full model, corrected"],
            m["weaker model"],
        )
        assert raw["AUC"] > weak["AUC"] + 0.02, "the full model should rank better"
        assert raw["normalized entropy"] > weak["normalized entropy"], (
            "...and yet lose on normalized entropy"
        )
        assert abs(fixed["AUC"] - raw["AUC"]) < 1e-9, "a monotone correction keeps AUC"
        gain = assert_better(
            "normalized entropy",
            fixed["normalized entropy"],
            raw["normalized entropy"],
            margin=MIN_NE_GAIN,
            higher_is_better=False,
        )
        results.append((m, gain, plot_data))
    # --8<-- [end:claim]
    report(results)


def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    metrics, _, (y_test, predictions) = results[0]
    header = ["model (seed 0)", "AUC", "normalized entropy", "calibration ratio", "ECE"]
    rows = [[name, *m.values()] for name, m in metrics.items()]
    out.markdown("table", markdown_table(header, rows))
    out.text(
        "summary",
        "normalized entropy saved by the correction on seeds [0, 1, 2]: "
        + ", ".join(sig(gain.improvement) for _, gain, _ in results)
        + f"\nclaim: at least {sig(MIN_NE_GAIN)} on every seed, AUC unchanged -> holds",
    )
    out.figure(reliability_figure(y_test, predictions), "reliability")


def reliability_figure(y_test, predictions):
    import matplotlib.pyplot as plt

    from mlsd.metrics import reliability_bins

    fig, ax = plt.subplots(figsize=(5, 4))
    for (label, p), marker in zip(predictions.items(), "os^", strict=True):
        bins = reliability_bins(y_test, p, n_bins=10, strategy="quantile")
        ax.plot(bins.mean_predicted, bins.fraction_positive, marker=marker, label=label)
    ax.plot([0.003, 1], [0.003, 1], color="grey", linestyle="--", label="perfect calibration")
    ax.set(xscale="log", yscale="log", xlim=(0.003, 1), ylim=(0.003, 1))
    ax.set(xlabel="mean predicted CTR (decile of predictions)", ylabel="observed CTR")
    ax.legend(loc="upper left", fontsize="small")
    return fig


if __name__ == "__main__":
    main()
