"""The knobs of a GBDT: learning rate x number of trees, and the size of each tree.

Run it on its own with ``python snippets/foundations/trees-and-boosting/knobs.py``; on
simulated impressions (the same click model as ``gbdt_vs_lr.py``) it traces validation
log loss tree by tree for three learning rates, sweeps leaves and minimum leaf size,
asserts that a tuned setting beats a large learning rate with big trees and no early
stopping, and writes the figure and tables the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_VALID = 20_000, 10_000
CATEGORICAL = [4, 5]  # column indices of user segment and item category
HOURS = np.arange(24)
HOUR_EFFECT = 1.35 * np.exp(-(((HOURS - 8) / 2) ** 2)) + 1.8 * np.exp(-(((HOURS - 21) / 2.5) ** 2))


def simulate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The click model of gbdt_vs_lr.py as a matrix: hour, item quality, position, user
    activity, user segment, item category. Returns features, clicks and true log-odds."""
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
    return np.column_stack([hour, quality, position, activity, segment, category]), clicked, logit


def log_loss_of_logits(y: np.ndarray, f: np.ndarray) -> float:
    """Mean log loss of raw scores f (log-odds), computed stably."""
    return float(np.mean(np.logaddexp(0.0, f) - y * f))


# --8<-- [end:data]


# --8<-- [start:models]
def gbdt(learning_rate=0.1, max_iter=100, max_leaf_nodes=15, min_samples_leaf=20, **kw):
    return HistGradientBoostingClassifier(
        learning_rate=learning_rate,
        max_iter=max_iter,
        max_leaf_nodes=max_leaf_nodes,
        min_samples_leaf=min_samples_leaf,
        categorical_features=CATEGORICAL,
        random_state=0,
        **kw,
    )


EARLY_STOPPING = {"early_stopping": True, "validation_fraction": 0.2, "n_iter_no_change": 10}


def tuned():
    """The technique: moderate shrinkage, small trees, big leaves, early stopping."""
    return gbdt(0.1, max_leaf_nodes=15, min_samples_leaf=200, **EARLY_STOPPING)


def hasty():
    """The baseline: a big learning rate "to train faster", big trees, no early stopping."""
    return gbdt(0.5, max_iter=30, max_leaf_nodes=31, min_samples_leaf=20, early_stopping=False)


TECHNIQUE = tuned
BASELINE = hasty
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.02  # nats of validation log loss the tuned setting must save


def split(seed: int):
    X, y, _ = simulate(N_TRAIN + N_VALID, seed)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def fit_and_score(make_model, seed: int) -> dict:
    X_train, y_train, X_valid, y_valid = split(seed)
    model = make_model().fit(X_train, y_train)
    loss = log_loss_of_logits(y_valid, model.decision_function(X_valid))
    return {"log loss": loss, "trees": model.n_iter_, "params": model.get_params()}


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        tech, base = fit_and_score(technique, seed), fit_and_score(BASELINE, seed)
        gain = assert_better(
            "log loss", tech["log loss"], base["log loss"], margin=MIN_GAIN, higher_is_better=False
        )
        results.append((tech, base, gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:trace]
LEARNING_RATES = (0.03, 0.1, 0.5)
MAX_TREES = 100


def trace(learning_rate: float, seed: int = SEEDS[0]) -> np.ndarray:
    """Validation log loss after each tree, for one learning rate (no early stopping)."""
    X_train, y_train, X_valid, y_valid = split(seed)
    model = gbdt(learning_rate, max_iter=MAX_TREES, early_stopping=False).fit(X_train, y_train)
    return np.array(
        [log_loss_of_logits(y_valid, f) for f in model.staged_decision_function(X_valid)]
    )


# --8<-- [end:trace]


# --8<-- [start:report]
def report(results) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    traces = {lr: trace(lr) for lr in LEARNING_RATES}
    rows = [[lr, int(np.argmin(t)) + 1, float(t.min()), float(t[-1])] for lr, t in traces.items()]
    header = [
        "learning rate",
        "best number of trees",
        "best log loss",
        f"log loss at {MAX_TREES} trees",
    ]
    out.markdown("learning_rate", markdown_table(header, rows))

    tuned_fit, hasty_fit, _ = results[0]
    big_trees = fit_and_score(lambda: gbdt(0.1, max_leaf_nodes=63, **EARLY_STOPPING), SEEDS[0])
    settings = {"bigger trees": big_trees, "tuned": tuned_fit, "hasty": hasty_fit}
    rows = []
    for name, r in settings.items():
        p = r["params"]
        stopped = p["early_stopping"] is True and r["trees"] < p["max_iter"]
        rows.append(
            [
                name,
                p["learning_rate"],
                p["max_leaf_nodes"],
                p["min_samples_leaf"],
                f"{r['trees']}{' (early stopped)' if stopped else ''}",
                r["log loss"],
            ]
        )
    header = ["setting", "learning rate", "max_leaf_nodes", "min_samples_leaf", "trees", "log loss"]
    out.markdown("tree_size", markdown_table(header, rows))

    out.text(
        "summary",
        f"validation log loss saved by the tuned setting over the hasty one, seeds "
        f"{list(SEEDS)}: {', '.join(sig(g.improvement) for *_, g in results)} nats\n"
        f"claim: at least {sig(MIN_GAIN)} nats on every seed -> holds",
    )

    fig, ax = plt.subplots(figsize=(6, 3.8))
    for (lr, t), style in zip(traces.items(), ("-", "--", ":"), strict=True):
        ax.plot(np.arange(1, len(t) + 1), t, style, label=f"learning rate {lr}")
        ax.plot(int(np.argmin(t)) + 1, t.min(), "o", color=ax.lines[-1].get_color())
    _, y, logit = simulate(N_TRAIN + N_VALID, SEEDS[0])
    truth = log_loss_of_logits(y[N_TRAIN:], logit[N_TRAIN:])
    ax.axhline(truth, color="grey", linewidth=1, label="the true click model")
    ax.set(xlabel="number of trees", ylabel="validation log loss", ylim=(0.16, 0.21))
    ax.legend()
    out.figure(fig, "learning_rate")
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
