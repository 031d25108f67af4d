"""PR AUC vs ROC AUC as positives get rarer: ROC AUC stays put, PR AUC collapses.

Run it on its own with
``python snippets/foundations/imbalance-and-calibration/pr_vs_roc.py``; it scores one
classifier (positives' scores N(1.5, 1), negatives' N(0, 1)), weights the negatives to
emulate positive rates from 50% to 0.1%, asserts that ROC AUC does not move while
average precision loses most of its value, and draws both curves.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

SEEDS = (0, 1, 2)
RATES = (0.5, 0.1, 0.01, 0.001)  # share of positives in the traffic being scored
N_PER_CLASS = 10_000
SEPARATION = 1.5  # mean score gap in standard deviations: true ROC AUC = Phi(1.5 / sqrt 2)


def simulate(rng: np.random.Generator):
    """Scores of one classifier on equal numbers of positives and negatives."""
    y = np.r_[np.ones(N_PER_CLASS, dtype=int), np.zeros(N_PER_CLASS, dtype=int)]
    s = np.r_[rng.normal(SEPARATION, 1, N_PER_CLASS), rng.normal(0, 1, N_PER_CLASS)]
    return y, s


def weights_for(y: np.ndarray, rate: float) -> np.ndarray:
    """Weight each negative as (1 - rate) / rate negatives: the same scores at a new rate.

    Identical to sampling that many more negatives from the same distribution, without
    the sampling noise.
    """
    return np.where(y == 1, 1.0, (1 - rate) / rate)


# --8<-- [end:data]


# --8<-- [start:claim]
MAX_ROC_MOVE = 0.001  # ROC AUC may move at most this much from 50% to 0.1% positives
MIN_PR_DROP = 0.8  # average precision must lose at least this share of its value


def main() -> None:
    results = {}
    for seed in SEEDS:
        y, s = simulate(np.random.default_rng(seed))
        rows = []
        for rate in RATES:
            w = weights_for(y, rate)
            rows.append(
                (
                    rate,
                    roc_auc_score(y, s, sample_weight=w),
                    average_precision_score(y, s, sample_weight=w),
                )
            )
        roc = [r[1] for r in rows]
        pr = [r[2] for r in rows]
        assert max(roc) - min(roc) < MAX_ROC_MOVE, f"seed {seed}: ROC AUC moved: {roc}"
        assert pr[-1] < (1 - MIN_PR_DROP) * pr[0], f"seed {seed}: PR AUC held up: {pr}"
        results[seed] = rows
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = [[f"{rate:.1%}", roc, pr, pr / rate] for rate, roc, pr in results[SEEDS[0]]]
    header = ["positive rate", "ROC AUC", "PR AUC (average precision)", "lift over random"]
    out.markdown("rates", markdown_table(header, rows))
    lines = [
        f"seed {seed}: ROC AUC {sig(rs[0][1])} -> {sig(rs[-1][1])}, "
        f"PR AUC {sig(rs[0][2])} -> {sig(rs[-1][2])}"
        for seed, rs in results.items()
    ]
    out.text(
        "summary",
        f"positive rate {RATES[0]:.1%} -> {RATES[-1]:.1%}, same scores\n"
        + "\n".join(lines)
        + f"\nclaim: ROC AUC moves by less than {sig(MAX_ROC_MOVE)} and PR AUC loses more "
        f"than {MIN_PR_DROP:.0%} of its value, on every seed -> holds",
    )
    out.figure(curves_figure(), "curves")
    # --8<-- [end:report]


def curves_figure():
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve, roc_curve

    y, s = simulate(np.random.default_rng(SEEDS[0]))
    fig, (roc_ax, pr_ax) = plt.subplots(1, 2, figsize=(9, 3.8))
    for rate, style in zip(RATES, ("-", "--", "-.", ":"), strict=True):
        w = weights_for(y, rate)
        fpr, tpr, _ = roc_curve(y, s, sample_weight=w)
        precision, recall, _ = precision_recall_curve(y, s, sample_weight=w)
        step = max(len(recall) // 300, 1)  # 300 points per curve keep the SVG small
        keep = max(len(fpr) // 300, 1)
        roc_ax.plot(fpr[::keep], tpr[::keep], linestyle=style, label=f"{rate:.1%} positive")
        pr_ax.plot(recall[::step], precision[::step], linestyle=style, label=f"{rate:.1%} positive")
    roc_ax.plot([0, 1], [0, 1], color="grey", lw=0.8)
    roc_ax.set(xlabel="false positive rate", ylabel="true positive rate (recall)")
    roc_ax.set_title("ROC: the four curves are one curve", fontsize=9)
    pr_ax.set(xlabel="recall", ylabel="precision", ylim=(0, 1.02))
    pr_ax.set_title("precision-recall: the curve sinks with the base rate", fontsize=9)
    roc_ax.legend(fontsize=8, loc="lower right", title="same scores at", title_fontsize=8)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    main()
