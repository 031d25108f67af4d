"""Personalized news feed ranking: a multi-task value model against ranking by P(click).

Run it with ``python snippets/case-studies/news-feed-ranking/mini_system.py``. It simulates
feed loads whose posts have a known chance of each event (click, like, comment, share,
hide), trains one logistic head per event on the logged events of the earlier feed loads,
ranks the later ones, and measures the true value of each ranking's top 10 on three seeds.
"""

from __future__ import annotations

from functools import cache

# --8<-- [start:simulate]
import numpy as np
import pandas as pd

from mlsd.claims import assert_better
from mlsd.engagement import (
    EngagementLog,
    draw_events,
    fit_event_heads,
    sigmoid,
    top_k_mask,
    top_k_value,
    value_model,
)

SEEDS = (0, 1, 2)
N_LOADS, N_CANDIDATES = 3_000, 30  # feed loads (one per user) and posts ranked in each
TRAIN_LOADS = 2_000  # the earlier two thirds train the heads, the later third tests them
N_TEST_LOADS = N_LOADS - TRAIN_LOADS
K = 10  # posts on the first screens of a feed load


def simulate(seed: int) -> EngagementLog:
    """Candidate posts per feed load: what the ranker sees, true event rates, logged events.

    Three hidden traits drive the events: the viewer's tie to the author (affinity), the
    post's genuine quality and its bait (a headline that over-promises). The ranker never
    sees them, only noisy signals of them, as in production.
    """
    rng = np.random.default_rng(seed)
    n = N_LOADS * N_CANDIDATES
    load = np.repeat(np.arange(N_LOADS), N_CANDIDATES)
    activity = np.repeat(rng.lognormal(0.0, 0.8, N_LOADS), N_CANDIDATES)
    affinity, quality, bait = rng.standard_normal((3, n))
    age = rng.uniform(0, 48, n)  # hours since the post was created
    features = pd.DataFrame(
        {
            "author_interactions_30d": np.log1p(rng.poisson(np.exp(0.7 + 0.9 * affinity))),
            "is_friend": (rng.random(n) < sigmoid(1.5 * affinity)).astype(float),
            "author_like_rate": quality + rng.normal(0, 0.6, n),
            "author_hide_rate": bait + rng.normal(0, 0.5, n),
            "author_ctr": 0.5 * quality + bait + rng.normal(0, 0.5, n),
            "is_link": (rng.random(n) < sigmoid(-0.5 + bait)).astype(float),
            "age_hours": age,
            "viewer_activity": np.log(activity),
        }
    )
    fresh = -0.01 * age
    truth = {  # true log-odds of each event if the post is shown
        "click": -3.2 + 0.4 * affinity + 0.5 * quality + 0.9 * bait + 0.3 * np.log(activity),
        "like": -4.4 + 0.8 * affinity + 0.9 * quality - 0.3 * bait,
        "comment": -5.8 + 1.2 * affinity + 0.5 * quality,
        "share": -6.5 + 0.2 * affinity + 1.1 * quality - 0.2 * bait,
        "hide": -6.8 - 0.5 * affinity - 0.2 * quality + 1.3 * bait,
    }
    truth = {event: sigmoid(logit + fresh) for event, logit in truth.items()}
    log = EngagementLog(group=load, features=features, truth=truth)
    return log.with_labels(draw_events(truth, rng))


# --8<-- [end:simulate]


# --8<-- [start:rank]
#: What one event is worth to the product, in units of a click: a product decision,
#: tuned in A/B tests against long-term metrics, not learned by the ranker.
WEIGHTS = {"click": 1, "like": 5, "comment": 15, "share": 20, "hide": -40}


def value_model_score(predicted: dict[str, np.ndarray]) -> np.ndarray:
    """The technique: the weighted sum of every head's predicted probability."""
    return value_model(predicted, WEIGHTS)


def click_only(predicted: dict[str, np.ndarray]) -> np.ndarray:
    """The baseline: rank by predicted click-through rate alone."""
    return predicted["click"]


TECHNIQUE = value_model_score
BASELINE = click_only


@cache
def experiment(seed: int):
    """Train one head per event on the earlier feed loads; predict the later ones."""
    log = simulate(seed)
    train, test = log.rows(log.group < TRAIN_LOADS), log.rows(log.group >= TRAIN_LOADS)
    heads = fit_event_heads(train.features, train.labels)
    return train, test, heads.predict(test.features)


# --8<-- [end:rank]


# --8<-- [start:claim]
METRIC = "value captured@10"  # true value of the top 10, as a share of the best possible
HIGHER_IS_BETTER = True
MIN_GAIN = 0.3  # share of the best possible value the technique must add, on every seed


def judge(scores: np.ndarray, test: EngagementLog) -> dict[str, float]:
    """Judge a ranking by the true value of its top 10, never by the sampled labels."""
    value = value_model(test.truth, WEIGHTS)  # true expected value of each post
    top = top_k_mask(scores, test.group, K)
    per_1000 = {  # expected events per 1,000 impressions in the top 10
        f"{event}s per 1,000": 1000 * rate[top].mean() for event, rate in test.truth.items()
    }
    best = top_k_value(value, value, test.group, K)
    return {METRIC: value[top].sum() / N_TEST_LOADS / best, **per_1000}


def evaluate(rank, seed: int) -> dict[str, float]:
    _, test, predicted = experiment(seed)
    return judge(rank(predicted), test)


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        gain = assert_better(
            METRIC, ours[METRIC], base[METRIC], margin=MIN_GAIN, higher_is_better=HIGHER_IS_BETTER
        )
        rows.append((seed, ours, base, gain.improvement))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    train, test, predicted = experiment(SEEDS[0])
    no_hide = {event: w for event, w in WEIGHTS.items() if event != "hide"}
    rankings = {
        "newest first (chronological feed)": -test.features["age_hours"].to_numpy(),
        "P(click) only (baseline)": click_only(predicted),
        "value model without the hide head": value_model(predicted, no_hide),
        "value model, all five heads (technique)": value_model_score(predicted),
        "value model on the true probabilities (ceiling)": value_model(test.truth, WEIGHTS),
    }
    columns = [METRIC, *(f"{e}s per 1,000" for e in ("click", "like", "comment", "hide"))]
    table = [
        [name, *(judge(scores, test)[c] for c in columns)] for name, scores in rankings.items()
    ]
    out.markdown("rankings", markdown_table(["ranking (seed 0)", *columns], table))
    positives = ", ".join(f"{e} {int(y.sum())}" for e, y in train.labels.items())
    calibration = ", ".join(
        f"{e} {sig(predicted[e].mean() / test.truth[e].mean(), 3)}" for e in predicted
    )
    out.text(
        "summary",
        f"training impressions: {len(train)}\n"
        f"positives per head: {positives}\n"
        f"calibration on the test loads, mean predicted / mean true:\n"
        f"  {calibration}\n"
        f"{METRIC} added by the value model on seeds {list(SEEDS)}: "
        f"{', '.join(sig(gain) for *_, gain in rows)}\n"
        f"claim: at least {sig(MIN_GAIN)} on every seed -> holds",
    )


if __name__ == "__main__":
    main()
