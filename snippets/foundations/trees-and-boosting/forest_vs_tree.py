"""A random forest vs one fully grown decision tree: averaging cuts variance.

Run it on its own with ``python snippets/foundations/trees-and-boosting/forest_vs_tree.py``;
on scikit-learn's ``make_classification`` data it compares held-out AUC of a deep tree,
a depth-limited tree and a random forest, asserts the forest's lead, and measures how
much each model's predictions move when it is trained on a different sample.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.tree import DecisionTreeClassifier

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST, N_SAMPLES = 2_000, 2_000, 3  # N_SAMPLES disjoint training sets per seed


def pool(seed: int):
    """Disjoint training sets and one test set drawn from the same distribution.

    20 features: 6 informative, 4 linear combinations of them, 10 noise; 5% of labels
    flipped at random, so no model can be perfect.
    """
    X, y = make_classification(
        n_samples=N_TRAIN * N_SAMPLES + N_TEST,
        n_features=20,
        n_informative=6,
        n_redundant=4,
        flip_y=0.05,
        random_state=seed,
    )
    train = [
        (X[i * N_TRAIN : (i + 1) * N_TRAIN], y[i * N_TRAIN : (i + 1) * N_TRAIN])
        for i in range(N_SAMPLES)
    ]
    return train, X[-N_TEST:], y[-N_TEST:]


# --8<-- [end:data]


# --8<-- [start:models]
def deep_tree():
    """The baseline: one tree grown until its leaves are pure."""
    return DecisionTreeClassifier(random_state=0)


def shallow_tree():
    """One tree stopped at depth 6: less variance, more bias."""
    return DecisionTreeClassifier(max_depth=6, random_state=0)


def random_forest():
    """The technique: 30 deep trees, each on a bootstrap sample, sqrt(20) features per split."""
    return RandomForestClassifier(n_estimators=30, max_features="sqrt", n_jobs=1, random_state=0)


TECHNIQUE = random_forest
BASELINE = deep_tree
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.05  # held-out AUC the forest must add over the single deep tree


def fit_predict(make_model, X, y, X_test) -> np.ndarray:
    return make_model().fit(X, y).predict_proba(X_test)[:, 1]


def main(technique=TECHNIQUE) -> None:
    gains = []
    for seed in SEEDS:
        train, X_test, y_test = pool(seed)
        (X, y), *_ = train
        tech = roc_auc_score(y_test, fit_predict(technique, X, y, X_test))
        base = roc_auc_score(y_test, fit_predict(BASELINE, X, y, X_test))
        gains.append(assert_better("AUC", tech, base, margin=MIN_GAIN, higher_is_better=True))
    # --8<-- [end:claim]
    report(gains)


# --8<-- [start:variance]
def prediction_spread(make_model, seed: int = SEEDS[0]) -> tuple[float, float]:
    """Mean AUC, and the average standard deviation of one test row's predicted
    probability across models trained on N_SAMPLES disjoint samples."""
    train, X_test, y_test = pool(seed)
    predictions = np.array([fit_predict(make_model, X, y, X_test) for X, y in train])
    auc = np.mean([roc_auc_score(y_test, p) for p in predictions])
    return float(auc), float(predictions.std(axis=0).mean())


# --8<-- [end:variance]


# --8<-- [start:report]
def report(gains) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    models = {
        "one deep tree": deep_tree,
        "one tree, max depth 6": shallow_tree,
        "random forest, 30 trees": random_forest,
    }
    rows = [[name, *prediction_spread(make)] for name, make in models.items()]
    header = ["model", "mean test AUC", "std of a prediction across training sets"]
    out.markdown("variance", markdown_table(header, rows))
    out.text(
        "summary",
        f"AUC added by the forest over one deep tree, seeds {list(SEEDS)}: "
        f"{', '.join(sig(g.improvement) for g in gains)}\n"
        f"claim: at least {sig(MIN_GAIN)} on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
