"""Early stopping: pick the number of boosting rounds on a validation set, not the last one.

Run it on its own with ``python snippets/framework/modeling/early_stopping.py``; it trains
deliberately over-sized boosted trees, stops on a validation split, asserts that the
stopped model beats the last round on a separate test split, and draws the loss curves.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from mlsd.claims import assert_better
from mlsd.data import simulate_ctr

SEEDS = (0, 1, 2)
N_TRAIN = N_VALID = N_TEST = 5_000
MAX_ROUNDS = 100


# --8<-- [start:curves]
def log_loss(y, p) -> float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def loss_curves(seed: int) -> dict[str, list[float]]:
    """Train, validation and test log loss after each boosting round."""
    data = simulate_ctr(N_TRAIN + N_VALID + N_TEST, seed=seed)
    X, y = data.features.to_numpy(dtype=float), data.clicked
    splits = {  # in production: split by time, train on the past, validate on the next day
        "train": slice(0, N_TRAIN),
        "validation": slice(N_TRAIN, N_TRAIN + N_VALID),
        "test": slice(N_TRAIN + N_VALID, None),
    }
    model = HistGradientBoostingClassifier(
        max_iter=MAX_ROUNDS,
        learning_rate=0.1,
        max_leaf_nodes=31,
        min_samples_leaf=10,  # deep, small-leaf trees on 5,000 rows: built to overfit
        early_stopping=False,
        random_state=seed,
    ).fit(X[splits["train"]], y[splits["train"]])
    return {
        name: [log_loss(y[rows], p[:, 1]) for p in model.staged_predict_proba(X[rows])]
        for name, rows in splits.items()
    }


# --8<-- [end:curves]


# --8<-- [start:rules]
def early_stopping(validation: list[float], patience: int = 20) -> int:
    """The best round so far, once validation loss has not improved for `patience` rounds."""
    best = 0
    for round_, loss in enumerate(validation):
        if loss < validation[best]:
            best = round_
        elif round_ - best >= patience:
            break
    return best


def last_round(validation: list[float]) -> int:
    """No early stopping: keep every round that was trained."""
    return len(validation) - 1


TECHNIQUE = early_stopping
BASELINE = last_round
# --8<-- [end:rules]


# --8<-- [start:claim]
MIN_SAVING = 0.005  # nats of test log loss that stopping early must save


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        curves = loss_curves(seed)
        chosen, last = technique(curves["validation"]), BASELINE(curves["validation"])
        test = curves["test"]
        assert_better(
            "test log loss", test[chosen], test[last], margin=MIN_SAVING, higher_is_better=False
        )
        results.append((seed, chosen, test[chosen], test[last], curves))
    # --8<-- [end:claim]
    report(results)


def report(results) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: stopped after {chosen + 1} of {MAX_ROUNDS} rounds; test log loss "
        f"{sig(stopped)} (stopped) vs {sig(last)} (all rounds), saving {sig(last - stopped)}"
        for seed, chosen, stopped, last, _ in results
    ]
    lines.append(f"claim: at least {sig(MIN_SAVING)} nats saved on every seed -> holds")
    out.text("summary", "\n".join(lines))
    _, chosen, _, _, curves = results[0]
    out.figure(curve_figure(chosen, curves), "curves")


def curve_figure(chosen: int, curves):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    rounds = np.arange(1, MAX_ROUNDS + 1)
    for name, style in (("train", ":"), ("validation", "-"), ("test", "--")):
        ax.plot(rounds, curves[name], style, label=name)
    ax.axvline(chosen + 1, color="grey", linewidth=1)
    ax.annotate(
        f"early stop: round {chosen + 1}",
        (chosen + 1, 0.197),
        xytext=(6, 0),
        textcoords="offset points",
        va="top",
    )
    ax.set(xlabel="boosting rounds (trees)", ylabel="log loss (nats)", ylim=(0.08, 0.2))
    ax.legend(loc="lower right")
    return fig


if __name__ == "__main__":
    main()
