"""Periodic retraining vs online learning on a click model whose truth drifts by the hour.

Run it on its own with ``python snippets/tradeoffs/drift.py``; it streams simulated
impressions whose true click weights follow a random walk, scores each hour with a model
trained once, a model retrained every night and an online learner updated every hour,
asserts the order of their log losses and draws how each tracks the drifting weight.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import log_loss

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
DAYS, HOURS, PER_HOUR, N_FEATURES = 4, 24, 400, 4
ETA = 0.01  # the online learner's step size: larger tracks faster but noisier
DRIFT = 0.07  # hourly step of each true weight's random walk: about 0.34 log-odds a day


# --8<-- [start:data]
def simulate(seed: int):
    """Hourly batches of (features, clicks) from a logistic model with drifting weights."""
    rng = np.random.default_rng(seed)
    steps = DRIFT * rng.standard_normal((DAYS * HOURS, N_FEATURES))
    weights = np.array([1.0, -0.5, 0.5, 0.0]) + np.cumsum(steps, axis=0)
    batches = []
    for w in weights:
        X = rng.standard_normal((PER_HOUR, N_FEATURES))
        p = 1 / (1 + np.exp(-(-2.5 + X @ w)))  # about 10% CTR
        batches.append((X, (rng.random(PER_HOUR) < p).astype(int)))
    return batches, weights


# --8<-- [end:data]


# --8<-- [start:strategies]
# A strategy sees the hours in order and predicts each hour before seeing its
# labels. Day 0 is training data for everyone; later days are scored. It returns,
# per scored hour, its predictions and its weight for feature 1 (for the figure).
def fit_day(batches, day):
    X, y = map(np.concatenate, zip(*batches[day * HOURS : (day + 1) * HOURS], strict=True))
    return LogisticRegression().fit(X, y)


def train_once(batches):
    model = fit_day(batches, 0)
    return [(model.predict_proba(X)[:, 1], model.coef_[0, 0]) for X, _ in batches[HOURS:]]


def retrain_nightly(batches):
    out = []
    for hour, (X, _) in enumerate(batches[HOURS:], start=HOURS):
        if hour % HOURS == 0:
            model = fit_day(batches, hour // HOURS - 1)  # yesterday, used all day
        out.append((model.predict_proba(X)[:, 1], model.coef_[0, 0]))
    return out


def online_sgd(batches):
    model = SGDClassifier(
        loss="log_loss", learning_rate="constant", eta0=ETA, alpha=1e-4, random_state=0
    )
    out = []
    for hour, (X, y) in enumerate(batches):
        if hour >= HOURS:
            # score the hour first ...
            out.append((model.predict_proba(X)[:, 1], model.coef_[0, 0]))
        model.partial_fit(X, y, classes=[0, 1])  # ... then learn from its labels
    return out


TECHNIQUE = online_sgd
BASELINE = train_once
# --8<-- [end:strategies]


@cache
def run(strategy, seed: int):
    return strategy(simulate(seed)[0])


def evaluate(strategy, seed: int) -> float:
    y = np.concatenate([y for _, y in simulate(seed)[0][HOURS:]])
    return log_loss(y, np.concatenate([p for p, _ in run(strategy, seed)]))


# --8<-- [start:claim]
MIN_GAIN_OVER_ONCE = 0.02  # nats online learning must save over training once
MIN_GAIN_OVER_NIGHTLY = 0.005  # nats it must save over nightly retraining
MIN_NIGHTLY_GAIN = 0.01  # nats nightly retraining must save over training once


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours, once = evaluate(technique, seed), evaluate(BASELINE, seed)
        nightly = evaluate(retrain_nightly, seed)
        assert_better("log loss", ours, once, margin=MIN_GAIN_OVER_ONCE, higher_is_better=False)
        assert_better(
            "log loss", ours, nightly, margin=MIN_GAIN_OVER_NIGHTLY, higher_is_better=False
        )
        assert_better("log loss", nightly, once, margin=MIN_NIGHTLY_GAIN, higher_is_better=False)
        rows.append((seed, ours, nightly, once))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    out.markdown(
        "losses",
        markdown_table(
            ["seed", "online (hourly SGD)", "nightly retrain", "trained once"],
            [[seed, ours, nightly, once] for seed, ours, nightly, once in rows],
        ),
    )
    out.text(
        "summary",
        f"held-out log loss on days 1-{DAYS - 1}, each hour scored before its labels are seen\n"
        + "\n".join(
            f"seed {seed}: online {sig(ours)}, nightly {sig(nightly)}, once {sig(once)}"
            for seed, ours, nightly, once in rows
        )
        + f"\nclaim: online beats trained-once by at least {sig(MIN_GAIN_OVER_ONCE)} nats and "
        f"nightly by at least {sig(MIN_GAIN_OVER_NIGHTLY)}; nightly beats once by at least "
        f"{sig(MIN_NIGHTLY_GAIN)} -> holds",
    )
    out.figure(tracking_figure(SEEDS[0]), "tracking")


def tracking_figure(seed: int):
    """The first feature's true weight, hour by hour, and what each strategy believes."""
    import matplotlib.pyplot as plt

    weights = simulate(seed)[1]
    hours = np.arange(HOURS, len(weights))
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(np.arange(len(weights)), weights[:, 0], color="black", linewidth=2, label="true weight")
    for strategy, label, style in (
        (online_sgd, "online SGD, updated hourly", "-"),
        (retrain_nightly, "retrained nightly on yesterday", "-"),
        (train_once, "trained once on day 0", "--"),
    ):
        ax.plot(hours, [w for _, w in run(strategy, seed)], style, label=label)
    ax.axvspan(0, HOURS, color="grey", alpha=0.15)
    ax.set(xlabel="hour (day 0 shaded: training only)", ylabel="weight of feature 1 (log-odds)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    return fig


if __name__ == "__main__":
    main()
