"""GBDT leaves as features: boosted trees as a feature transform for logistic regression.

Run it on its own with ``python snippets/foundations/trees-and-boosting/leaf_features.py``;
on simulated impressions (the click model of ``gbdt_vs_lr.py``) it one-hot encodes the
leaf each of 20 boosted trees sends an impression to, trains logistic regression on those
indicators, asserts that it beats logistic regression on the raw columns, and writes the
table the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST = 20_000, 20_000
HOURS = np.arange(24)
HOUR_EFFECT = 1.35 * np.exp(-(((HOURS - 8) / 2) ** 2)) + 1.8 * np.exp(-(((HOURS - 21) / 2.5) ** 2))


def simulate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The click model of gbdt_vs_lr.py, as a matrix: hour, quality, position,
    activity, user segment and item category (codes 0-4)."""
    rng = np.random.default_rng(seed)
    hour, position = rng.integers(0, 24, n), rng.integers(1, 11, n)
    quality, activity = rng.standard_normal(n), rng.lognormal(0.0, 1.0, n)
    segment, category = rng.integers(0, 5, n), rng.integers(0, 5, n)
    logit = (
        -4.0
        + HOUR_EFFECT[hour]
        + 0.5 * quality
        - 0.1 * (position - 1)
        + 0.5 * np.log(activity)
        + 2.0 * (segment == category)
    )
    clicked = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return np.column_stack([hour, quality, position, activity, segment, category]), clicked


# --8<-- [end:data]


# --8<-- [start:models]
def boosted_trees():
    """20 trees of depth 4 (16 leaves each), each fitted on a random half of the rows."""
    return GradientBoostingClassifier(
        n_estimators=20,
        max_depth=4,
        learning_rate=0.5,
        subsample=0.5,
        min_samples_leaf=100,
        random_state=0,
    )


class LeafEncodedLR:
    """He et al. (2014): boosted trees map each row to one leaf per tree; the one-hot
    leaf indicators are the features of a logistic regression."""

    def __init__(self):
        self.trees = boosted_trees()
        self.encoder = OneHotEncoder(handle_unknown="ignore")
        self.lr = LogisticRegression(C=0.03, max_iter=1000)  # 320 indicators: regularize

    def leaves(self, X: np.ndarray) -> np.ndarray:
        return self.trees.apply(X)[:, :, 0]  # (rows, trees): the leaf index in each tree

    def fit(self, X, y):
        self.trees.fit(X, y)
        self.lr.fit(self.encoder.fit_transform(self.leaves(X)), y)
        return self

    def predict_proba(self, X):
        return self.lr.predict_proba(self.encoder.transform(self.leaves(X)))


def raw_lr():
    """The baseline: logistic regression on the raw columns, standardized."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


TECHNIQUE = LeafEncodedLR
BASELINE = raw_lr
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.008  # nats of held-out log loss the leaf features must save


def evaluate(make_model, seed: int) -> dict[str, float]:
    X, y = simulate(N_TRAIN + N_TEST, seed)
    p = make_model().fit(X[:N_TRAIN], y[:N_TRAIN]).predict_proba(X[N_TRAIN:])[:, 1]
    return {"log loss": log_loss(y[N_TRAIN:], p), "AUC": roc_auc_score(y[N_TRAIN:], p)}


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        tech, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        gain = assert_better(
            "log loss", tech["log loss"], base["log loss"], margin=MIN_GAIN, higher_is_better=False
        )
        results.append((tech, base, gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    tech, base, _ = results[0]
    trees_alone = evaluate(boosted_trees, SEEDS[0])
    rows = [
        ["logistic regression, raw columns", base["log loss"], base["AUC"]],
        ["the 20 boosted trees alone", trees_alone["log loss"], trees_alone["AUC"]],
        ["logistic regression on 20 x 16 leaf indicators", tech["log loss"], tech["AUC"]],
    ]
    out.markdown("leaves", markdown_table([f"model (seed {SEEDS[0]})", "log loss", "AUC"], rows))
    out.text(
        "summary",
        f"log loss saved by leaf features over raw-column LR, seeds {list(SEEDS)}: "
        f"{', '.join(sig(g.improvement) for *_, g in results)} nats\n"
        f"claim: at least {sig(MIN_GAIN)} nats on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
