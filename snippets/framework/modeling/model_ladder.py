"""The model ladder: a heuristic, logistic regression and gradient-boosted trees on one task.

Run it on its own with ``python snippets/framework/modeling/model_ladder.py``; it prints
the held-out AUC of each rung, asserts that boosted trees beat logistic regression on
three seeds, and writes the table the page shows.
"""

from __future__ import annotations

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST = 40_000, 40_000
N_TOPICS = 5
COLUMNS = ["item_prior_ctr", "user_topic", "item_topic", "age_hours", "user_activity"]
COLUMNS += ["is_video", "on_wifi"]
TOPICS, NUMERIC = [1, 2], [0, 3, 4, 5, 6]  # column positions


# --8<-- [start:data]
def simulate(n: int, seed: int):
    """Feed impressions whose true click log-odds contain non-linear effects."""
    rng = np.random.default_rng(seed)
    prior = rng.beta(2, 60, n)  # the item's historical CTR, about 3% on average
    user_topic, item_topic = rng.integers(0, N_TOPICS, (2, n))
    age = rng.exponential(24, n)  # hours since the item was posted
    activity = rng.lognormal(0, 1, n)  # the user's sessions per day
    video, wifi = rng.random(n) < 0.4, rng.random(n) < 0.6
    logit = (
        np.log(0.12)
        + 0.5 * (prior - prior.mean()) / prior.std()  # linear: what a heuristic sees
        + 1.2 * (user_topic == item_topic)  # a cross of two categorical features
        - 1.0 * np.log1p(age / 6)  # freshness decays non-linearly
        + 0.6 * np.tanh(np.log(activity))  # saturating engagement
        + np.where(video, np.where(wifi, 0.8, -0.8), 0.0)  # video only on wifi
    )
    p_click = 1 / (1 + np.exp(-logit))
    clicked = (rng.random(n) < p_click).astype(int)
    X = np.column_stack([prior, user_topic, item_topic, age, activity, video, wifi])
    return X, clicked, p_click


# --8<-- [end:data]


# --8<-- [start:models]
class PriorCtrHeuristic:
    """Rung 0: rank by the item's historical CTR; nothing is learned."""

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        return np.column_stack([1 - X[:, 0], X[:, 0]])


def logistic_regression():
    """Rung 1: one-hot topics and scaled numbers; every effect is linear and additive."""
    columns = ColumnTransformer(
        [("topics", OneHotEncoder(), TOPICS), ("numbers", StandardScaler(), NUMERIC)]
    )
    return make_pipeline(columns, LogisticRegression(max_iter=1_000))


def crossed_logistic_regression():
    """Rung 1 with two hand-made crosses: topic match and video x wifi."""

    def add_crosses(X):
        return np.column_stack([X, X[:, 1] == X[:, 2], X[:, 5] * X[:, 6]])

    columns = ColumnTransformer(
        [("topics", OneHotEncoder(), TOPICS), ("numbers", StandardScaler(), [*NUMERIC, 7, 8])]
    )
    return make_pipeline(
        FunctionTransformer(add_crosses), columns, LogisticRegression(max_iter=1_000)
    )


def gradient_boosted_trees():
    """Rung 2: trees find the interactions and thresholds from the raw columns."""
    return HistGradientBoostingClassifier(
        categorical_features=TOPICS,
        learning_rate=0.15,
        max_leaf_nodes=15,
        max_iter=300,
        early_stopping=True,  # stops when a 10% validation split stops improving
        n_iter_no_change=10,
        random_state=0,
    )


TECHNIQUE = gradient_boosted_trees
BASELINE = logistic_regression
# --8<-- [end:models]


def size(model) -> str:
    """What was learned: weights of a linear model, trees of a boosted ensemble."""
    if isinstance(model, HistGradientBoostingClassifier):
        return f"{model.n_iter_} trees of up to {model.max_leaf_nodes} leaves"
    if isinstance(model, PriorCtrHeuristic):
        return "nothing"
    return f"{model[-1].coef_.size + 1} weights"


# --8<-- [start:claim]
MIN_AUC_GAIN = 0.015  # held-out AUC the trees must add over logistic regression


def evaluate(make_model, seed: int) -> tuple[float, object]:
    X, y, _ = simulate(N_TRAIN + N_TEST, seed)
    model = make_model().fit(X[:N_TRAIN], y[:N_TRAIN])
    auc = roc_auc_score(y[N_TRAIN:], model.predict_proba(X[N_TRAIN:])[:, 1])
    return auc, model


def main(technique=TECHNIQUE) -> None:
    gains, first = [], {}
    for seed in SEEDS:
        (auc_t, model_t), (auc_b, model_b) = evaluate(technique, seed), evaluate(BASELINE, seed)
        gain = assert_better("AUC", auc_t, auc_b, margin=MIN_AUC_GAIN, higher_is_better=True)
        gains.append(gain.improvement)
        first = first or {technique: (auc_t, model_t), BASELINE: (auc_b, model_b)}
    # --8<-- [end:claim]
    report(gains, first)


def report(gains, first) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rungs = [
        ("heuristic: item's prior CTR", PriorCtrHeuristic),
        ("logistic regression, raw features", logistic_regression),
        ("logistic regression + 2 hand crosses", crossed_logistic_regression),
        ("gradient-boosted trees, raw features", gradient_boosted_trees),
    ]
    rows = []
    for name, make_model in rungs:
        auc, model = first.get(make_model) or evaluate(make_model, SEEDS[0])
        rows.append([name, auc, size(model)])
    _, y, p_click = simulate(N_TRAIN + N_TEST, SEEDS[0])
    ceiling = roc_auc_score(y[N_TRAIN:], p_click[N_TRAIN:])
    rows.append(["true click probability (ceiling)", ceiling, "-"])
    out.markdown("ladder", markdown_table(["rung", "test AUC (seed 0)", "model size"], rows))
    out.text(
        "summary",
        f"AUC gained by boosted trees over logistic regression on seeds {list(SEEDS)}: "
        f"{', '.join(sig(g) for g in gains)}\n"
        f"claim: at least {sig(MIN_AUC_GAIN)} AUC on every seed -> holds",
    )


if __name__ == "__main__":
    main()
