"""A baseline first: a logistic-regression CTR model against predicting the base rate.

Run it on its own with ``python snippets/how-this-guide-works/baseline.py``; it prints the
comparison, asserts the claim and writes the table and figure the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from mlsd.claims import assert_better
from mlsd.data import simulate_ctr

SEEDS = (0, 1, 2)  # the claim must hold on every seed, not on a lucky one
N_TRAIN, N_TEST = 20_000, 20_000


def split(seed: int):
    data = simulate_ctr(N_TRAIN + N_TEST, seed=seed)
    X = data.features.to_numpy(dtype=float)
    X[:, 0] = np.log(X[:, 0])  # user_activity is heavy-tailed: model its log
    y = data.clicked
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


# --8<-- [end:data]


# --8<-- [start:models]
class BaseRate:
    """The baseline: predict the training click rate for every impression."""

    def fit(self, X, y):
        self.rate_ = float(np.mean(y))
        return self

    def predict_proba(self, X):
        p = np.full(len(X), self.rate_)
        return np.column_stack([1 - p, p])


def logistic_regression():
    return make_pipeline(FunctionTransformer(), StandardScaler(), LogisticRegression())


TECHNIQUE = logistic_regression
BASELINE = BaseRate
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.01  # nats of held-out log loss the model must save over the base rate


def evaluate(make_model, seed: int) -> dict[str, float]:
    X_train, y_train, X_test, y_test = split(seed)
    p = make_model().fit(X_train, y_train).predict_proba(X_test)[:, 1]
    return {
        "log loss": log_loss(y_test, p),
        "AUC": roc_auc_score(y_test, p),
        "Brier": brier_score_loss(y_test, p),
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        model, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        gain = assert_better(
            "log loss", model["log loss"], base["log loss"], margin=MIN_GAIN, higher_is_better=False
        )
        rows.append((seed, model, base, gain.improvement))
    # --8<-- [end:claim]
    report(rows)


# --8<-- [start:report]
def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    table = [
        [name, seed, scores["log loss"], scores["AUC"], scores["Brier"]]
        for seed, model, base, _ in rows
        for name, scores in (("logistic regression", model), ("base rate", base))
    ]
    out.markdown("metrics", markdown_table(["model", "seed", "log loss", "AUC", "Brier"], table))
    gains = [gain for *_, gain in rows]
    out.text(
        "summary",
        f"log loss saved over the base rate on seeds {list(SEEDS)}: "
        f"{', '.join(sig(g) for g in gains)} nats\n"
        f"claim: at least {sig(MIN_GAIN)} nats on every seed -> holds",
    )
    out.figure(reliability_figure(), "reliability")
    # --8<-- [end:report]


def reliability_figure():
    import matplotlib.pyplot as plt

    X_train, y_train, X_test, y_test = split(SEEDS[0])
    fig, ax = plt.subplots(figsize=(5, 4))
    for make_model, label, marker in (
        (TECHNIQUE, "logistic regression", "o"),
        (BASELINE, "base rate", "s"),
    ):
        p = make_model().fit(X_train, y_train).predict_proba(X_test)[:, 1]
        edges = np.unique(np.quantile(p, np.linspace(0, 1, 11)))
        bins = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, max(len(edges) - 2, 0))
        mean_p = [p[bins == b].mean() for b in np.unique(bins)]
        rate = [y_test[bins == b].mean() for b in np.unique(bins)]
        ax.plot(mean_p, rate, marker=marker, label=label)
    top = 0.35
    ax.plot([0, top], [0, top], color="grey", linestyle="--", label="perfect calibration")
    ax.set(
        xlim=(0, top), ylim=(0, top), xlabel="mean predicted CTR (decile)", ylabel="observed CTR"
    )
    ax.legend(loc="upper left")
    return fig


if __name__ == "__main__":
    main()
