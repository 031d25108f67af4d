"""Precision vs recall at the operating point: set the threshold from the cost ratio.

Run it on its own with ``python snippets/tradeoffs/threshold.py``; it trains a
calibrated fraud classifier on simulated transactions, compares the expected cost of
the threshold derived from the costs of the two errors with the default 0.5, asserts the
saving and draws cost, precision and recall against the threshold.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST, N_FEATURES = 20_000, 20_000, 6
COST_FP = 1.0  # challenging a good transaction: friction, some abandoned purchases
COST_FN = 20.0  # letting a fraudulent one through: the chargeback


# --8<-- [start:data]
def simulate(seed: int):
    """Transactions with a known fraud probability: about 2.6% fraud."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_TRAIN + N_TEST, N_FEATURES))
    w = np.array([2.0, 1.5, 1.0, 0.5, 0.3, 0.0])
    p = 1 / (1 + np.exp(-(-6.5 + X @ w)))
    y = (rng.random(len(p)) < p).astype(int)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


# --8<-- [end:data]


# --8<-- [start:thresholds]
def cost_sensitive_threshold(cost_fp: float, cost_fn: float) -> float:
    """Flag when p * cost_fn > (1 - p) * cost_fp: p > cost_fp / (cost_fp + cost_fn)."""
    return cost_fp / (cost_fp + cost_fn)


def default_threshold(cost_fp: float, cost_fn: float) -> float:
    """What predict() does: flag when p > 0.5, whatever the errors cost."""
    return 0.5


TECHNIQUE = cost_sensitive_threshold
BASELINE = default_threshold
# --8<-- [end:thresholds]


# --8<-- [start:cost]
def operating_point(y, p, threshold):
    """Precision, recall, share flagged and expected cost per 1,000 transactions."""
    flagged = p > threshold
    tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
    fn = np.sum(~flagged & (y == 1))
    return {
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(tp + fn, 1),
        "flagged": flagged.mean(),
        "cost": 1_000 * (COST_FP * fp + COST_FN * fn) / len(y),
    }


# --8<-- [end:cost]


def scored(seed: int):
    X_train, y_train, X_test, y_test = simulate(seed)
    model = LogisticRegression().fit(X_train, y_train)  # well specified, so calibrated
    return y_test, model.predict_proba(X_test)[:, 1]


# --8<-- [start:claim]
MIN_SAVING = 100.0  # cost per 1,000 transactions the cost threshold must save
GRID = np.linspace(0.005, 0.6, 120)


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        y, p = scored(seed)
        ours = operating_point(y, p, technique(COST_FP, COST_FN))
        base = operating_point(y, p, BASELINE(COST_FP, COST_FN))
        gain = assert_better(
            "cost", ours["cost"], base["cost"], margin=MIN_SAVING, higher_is_better=False
        )
        best = min(operating_point(y, p, t)["cost"] for t in GRID)
        assert ours["cost"] <= 1.1 * best, f"seed {seed}: {ours['cost']:.4g} vs {best:.4g}"
        rows.append((seed, ours, base, best, gain.improvement))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    t_star = cost_sensitive_threshold(COST_FP, COST_FN)
    y, p = scored(SEEDS[0])
    table = [
        [label, t, m["precision"], m["recall"], 1_000 * m["flagged"], m["cost"]]
        for label, t in (
            ("default", 0.5),
            ("cost-sensitive", t_star),
            ("2 x cost-sensitive", 2 * t_star),
            ("cost-sensitive / 2", t_star / 2),
        )
        for m in [operating_point(y, p, t)]
    ]
    header = [
        "threshold (seed 0)",
        "value",
        "precision",
        "recall",
        "flagged per 1,000",
        "cost per 1,000",
    ]
    out.markdown("points", markdown_table(header, table))
    out.text(
        "summary",
        f"fraud rate {sig(y.mean())}; costs FP {sig(COST_FP)}, FN {sig(COST_FN)}; "
        f"threshold {sig(t_star)}\n"
        + "\n".join(
            f"seed {seed}: cost per 1,000 at 0.5 {sig(base['cost'])}, at {sig(t_star)} "
            f"{sig(ours['cost'])} (best on a grid {sig(best)}), saved {sig(gain)}"
            for seed, ours, base, best, gain in rows
        )
        + f"\nclaim: at least {sig(MIN_SAVING)} saved per 1,000 on every seed, and within 10% "
        "of the best threshold on the grid -> holds",
    )
    curves = [operating_point(y, p, t) for t in GRID]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
    left.plot(GRID, [c["cost"] for c in curves], color="black")
    for t, label, style in ((t_star, "cost-sensitive", "-"), (0.5, "default", "--")):
        left.axvline(t, linestyle=style, color="grey", label=f"{label} threshold, {sig(t)}")
    left.set(xlabel="threshold", ylabel="cost per 1,000 transactions")
    left.legend(fontsize=8)
    right.plot(GRID, [c["precision"] for c in curves], label="precision")
    right.plot(GRID, [c["recall"] for c in curves], "--", label="recall")
    right.axvline(t_star, color="grey")
    right.set(xlabel="threshold", ylabel="share")
    right.legend(fontsize=8)
    fig.tight_layout()
    out.figure(fig, "cost_curve")


if __name__ == "__main__":
    main()
