"""Negative downsampling inflates predicted CTR; the correction p = q / (q + (1 - q) / w)
restores calibration on the full traffic distribution.

Run it on its own with ``python snippets/framework/training-data/downsampling.py``.
"""

from __future__ import annotations

# --8<-- [start:data]
from functools import cache

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score

from mlsd.claims import assert_better
from mlsd.data import simulate_ctr

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST = 100_000, 100_000
BASE_CTR = 0.02  # click rate of an average item at position 1; about 1.5% overall
KEEP_NEGATIVES = 0.05  # w: keep every click and 1 non-click in 20


def features(data) -> np.ndarray:
    X = data.features[["user_activity", "item_quality", "position"]].to_numpy(dtype=float)
    X[:, 0] = np.log(X[:, 0])
    return X


@cache  # the report reuses seed 0's run
def train_on_downsampled(seed: int, w: float):
    """Fit a click model on a negatively downsampled log; score untouched test traffic."""
    rng = np.random.default_rng(seed)
    train = simulate_ctr(N_TRAIN, seed=seed, base_ctr=BASE_CTR)
    test = simulate_ctr(N_TEST, seed=seed + 1000, base_ctr=BASE_CTR)
    keep = (train.clicked == 1) | (rng.random(N_TRAIN) < w)
    model = LogisticRegression().fit(features(train)[keep], train.clicked[keep])
    q = model.predict_proba(features(test))[:, 1]  # calibrated to the downsampled log
    return q, test.clicked, int(keep.sum())


# --8<-- [end:data]


# --8<-- [start:correction]
def corrected(q: np.ndarray, w: float) -> np.ndarray:
    """Map a probability learned with negatives kept at rate w to all traffic."""
    return q / (q + (1 - q) / w)


def uncorrected(q: np.ndarray, w: float) -> np.ndarray:
    """Serve the downsampled model's output as if it were a click probability."""
    return q


TECHNIQUE = corrected
BASELINE = uncorrected
# --8<-- [end:correction]


# --8<-- [start:claim]
MIN_SAVING = 0.1  # nats of log loss on the full test traffic


def scores(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {
        "mean predicted": float(p.mean()),
        "observed": float(y.mean()),
        "log loss": log_loss(y, p),
        "AUC": roc_auc_score(y, p),
    }


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        q, y, _ = train_on_downsampled(seed, KEEP_NEGATIVES)
        fixed = scores(technique(q, KEEP_NEGATIVES), y)
        raw = scores(BASELINE(q, KEEP_NEGATIVES), y)
        gain = assert_better(
            "log loss",
            fixed["log loss"],
            raw["log loss"],
            margin=MIN_SAVING,
            higher_is_better=False,
        )
        ratio = fixed["mean predicted"] / fixed["observed"]
        assert 0.9 < ratio < 1.1, f"seed {seed}: corrected CTR off by {ratio:.3f}x"
        results.append((seed, fixed, raw, gain.improvement, q, y))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [f"negatives kept: w = {KEEP_NEGATIVES}; all clicks kept"]
    for seed, fixed, raw, gain, *_ in results:
        lines.append(
            f"seed {seed}: observed CTR {sig(fixed['observed'])}; mean predicted "
            f"{sig(raw['mean predicted'])} raw, {sig(fixed['mean predicted'])} corrected\n"
            f"        log loss {sig(raw['log loss'])} raw, {sig(fixed['log loss'])} corrected "
            f"(saves {sig(gain)}); AUC {sig(raw['AUC'])} both"
        )
    lines.append(f"claim: the correction saves at least {sig(MIN_SAVING)} nats -> holds")
    out.text("summary", "\n".join(lines))

    rows, aucs = [], []
    for w in (1.0, 0.5, 0.1, 0.05, 0.01):
        q, y, kept = train_on_downsampled(SEEDS[0], w)
        raw, fixed = scores(q, y), scores(corrected(q, w), y)
        means = [raw["mean predicted"], fixed["mean predicted"]]
        rows.append([w, kept, *means, raw["log loss"], fixed["log loss"]])
        aucs.append(fixed["AUC"])
    header = ["w", "rows kept", "mean q", "mean p", "log loss of q", "log loss of p"]
    out.markdown("rates", markdown_table(header, rows))
    out.text("rates_auc", f"AUC across these rates: {sig(min(aucs))} to {sig(max(aucs))}")
    *_, q, y = results[0]
    out.figure(reliability_figure(q, y), "reliability")
    # --8<-- [end:report]


def reliability_figure(q: np.ndarray, y: np.ndarray):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for p, label, marker in (
        (uncorrected(q, KEEP_NEGATIVES), "uncorrected q", "s"),
        (corrected(q, KEEP_NEGATIVES), "corrected p", "o"),
    ):
        edges = np.quantile(p, np.linspace(0, 1, 11))
        bins = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, 9)
        mean_p = [p[bins == b].mean() for b in range(10)]
        rate = [y[bins == b].mean() for b in range(10)]
        ax.plot(mean_p, rate, marker=marker, label=label)
    ax.plot([1e-3, 1], [1e-3, 1], color="grey", linestyle="--", label="perfect calibration")
    ax.set(
        xscale="log",
        yscale="log",
        xlim=(1e-3, 1),
        ylim=(1e-3, 1),
        xlabel="mean predicted CTR (decile of predictions)",
        ylabel="observed CTR",
        title=f"Negatives kept at w = {KEEP_NEGATIVES}",
    )
    ax.minorticks_off()
    ax.legend(loc="upper left")
    return fig


if __name__ == "__main__":
    main()
