"""At a 1% positive rate accuracy is useless, the default 0.5 threshold misses most
positives, and a threshold set from the error costs fixes it without reweighting.

Run it on its own with ``python snippets/framework/training-data/class_imbalance.py``.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST, N_FEATURES = 100_000, 100_000, 8
COST_MISS, COST_FALSE_ALARM = 20.0, 1.0  # a missed bad post costs 20 needless reviews


def simulate(n: int, rng: np.random.Generator):
    """A logistic ground truth tuned so that about 1% of examples are positive."""
    X = rng.standard_normal((n, N_FEATURES))
    weights = np.linspace(1.2, 0.1, N_FEATURES)
    p = 1 / (1 + np.exp(-(-6.6 + X @ weights)))
    return X, (rng.random(n) < p).astype(int)


# --8<-- [end:data]


# --8<-- [start:thresholds]
def cost_threshold(cost_miss: float, cost_false_alarm: float) -> float:
    """Flag when p * cost_miss > (1 - p) * cost_false_alarm; needs calibrated p."""
    return cost_false_alarm / (cost_false_alarm + cost_miss)


def default_threshold(cost_miss: float, cost_false_alarm: float) -> float:
    """What predict() does: flag when p > 0.5, whatever the costs."""
    return 0.5


TECHNIQUE = cost_threshold
BASELINE = default_threshold
# --8<-- [end:thresholds]


def decision_metrics(y, p, threshold: float) -> dict[str, float]:
    flag = p > threshold
    tp, fp = int((flag & (y == 1)).sum()), int((flag & (y == 0)).sum())
    fn = int((~flag & (y == 1)).sum())
    return {
        "accuracy": float((flag == y).mean()),
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(tp + fn, 1),
        "cost per 1k": 1000 * (COST_MISS * fn + COST_FALSE_ALARM * fp) / len(y),
    }


# --8<-- [start:claim]
MIN_SAVING = 40.0  # cost units per 1,000 examples


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        (X, y), (X_test, y_test) = simulate(N_TRAIN, rng), simulate(N_TEST, rng)
        p = LogisticRegression().fit(X, y).predict_proba(X_test)[:, 1]
        chosen = decision_metrics(y_test, p, technique(COST_MISS, COST_FALSE_ALARM))
        default = decision_metrics(y_test, p, BASELINE(COST_MISS, COST_FALSE_ALARM))
        gain = assert_better(
            "cost per 1k",
            chosen["cost per 1k"],
            default["cost per 1k"],
            margin=MIN_SAVING,
            higher_is_better=False,
        )
        results.append((seed, gain.improvement))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rng = np.random.default_rng(SEEDS[0])
    (X, y), (X_test, y_test) = simulate(N_TRAIN, rng), simulate(N_TEST, rng)
    plain = LogisticRegression().fit(X, y).predict_proba(X_test)[:, 1]
    reweighted = LogisticRegression(class_weight={0: COST_FALSE_ALARM, 1: COST_MISS})
    weighted = reweighted.fit(X, y).predict_proba(X_test)[:, 1]
    t_cost = cost_threshold(COST_MISS, COST_FALSE_ALARM)
    rows = []
    for name, p, threshold in (
        ("always negative", np.zeros(len(y_test)), 0.5),
        ("LR, threshold 0.5", plain, 0.5),
        (f"LR, cost threshold {sig(t_cost)}", plain, t_cost),
        ("LR with class weights 1:20, threshold 0.5", weighted, 0.5),
    ):
        m = decision_metrics(y_test, p, threshold)
        rows.append([name, *m.values(), float(p.mean())])
    header = ["decision rule", "accuracy", "precision", "recall", "cost per 1k", "mean p"]
    out.markdown("rules", markdown_table(header, rows))
    out.text(
        "summary",
        f"test positive rate {sig(y_test.mean())}; costs: miss {COST_MISS:g}, false alarm "
        f"{COST_FALSE_ALARM:g}\n"
        f"log loss: plain LR {sig(log_loss(y_test, plain))}, class-weighted LR "
        f"{sig(log_loss(y_test, weighted))}\n"
        f"AUC: plain LR {sig(roc_auc_score(y_test, plain))}, class-weighted LR "
        f"{sig(roc_auc_score(y_test, weighted))}\n"
        f"cost per 1k saved by the cost threshold over 0.5 on seeds {list(SEEDS)}: "
        f"{', '.join(sig(g) for _, g in results)}\n"
        f"claim: at least {sig(MIN_SAVING)} per 1k on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
