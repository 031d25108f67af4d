"""Video recommendation: co-watch retrieval, then a ranker trained on watch time or on clicks.

Run it with ``python snippets/case-studies/video-recommendation/mini_system.py``. It
simulates viewers and videos whose true click rate and watch time are known, retrieves 100
candidates per viewer from co-watch statistics, trains a ranker on logged impressions, and
measures the true expected watch time of each ranker's top 10 on three seeds.
"""

from __future__ import annotations

from functools import cache

# --8<-- [start:simulate]
import numpy as np
import pandas as pd

from mlsd.claims import assert_better
from mlsd.engagement import EngagementLog, draw_events, fit_event_heads, sigmoid, top_k_mask
from mlsd.recsys import (
    mean_recall_at_k,
    popularity_scores,
    sample_interactions,
    simulate_world,
    top_k,
)

SEEDS = (0, 1, 2)
N_VIEWERS, N_VIDEOS = 1_500, 600
TRAIN_VIEWERS = 1_000  # their logged impressions train the ranker; the others test it
N_CANDIDATES = 100  # videos retrieval hands to the ranker per viewer
SHOWN = 20  # logged impressions per training viewer, drawn from their candidates
K = 10  # slots on the home feed's first screen


def simulate(seed: int):
    """Viewers, videos and each viewer's watch history; the truth stays hidden from models.

    A viewer clicks a thumbnail for taste (affinity) and for bait (a sensational thumbnail),
    then watches a fraction of the video that rises with taste and falls with bait.
    """
    rng = np.random.default_rng(seed)
    world = simulate_world(N_VIEWERS, N_VIDEOS, dim=8, seed=seed)
    history = sample_interactions(world, per_user=30, holdout=5, seed=seed)
    affinity = world.affinity()
    taste = (affinity - affinity.mean()) / affinity.std()
    length = np.clip(rng.lognormal(np.log(6), 0.8, N_VIDEOS), 0.5, 60)  # minutes
    bait = rng.standard_normal(N_VIDEOS)
    activity = rng.lognormal(0.0, 0.6, N_VIEWERS)
    p_click = sigmoid(-3.0 + 0.5 * taste + 1.0 * bait + 0.3 * np.log(activity)[:, None])
    completion = sigmoid(0.2 + 0.8 * taste - 1.0 * bait)  # share of the video watched
    truth = {"click": p_click, "completion": completion, "minutes": p_click * length * completion}
    videos = pd.DataFrame(
        {
            "log_length": np.log(length),
            "thumbnail_bait": bait + rng.normal(0, 0.5, N_VIDEOS),  # a bait classifier's score
            "past_completion": completion.mean(axis=0) + rng.normal(0, 0.03, N_VIDEOS),
            "log_views": np.log1p(history.train.sum(axis=0)),
        }
    )
    return history, truth, videos, np.log(activity)


# --8<-- [end:simulate]


# --8<-- [start:retrieval]
def co_watch_scores(watched: np.ndarray) -> np.ndarray:
    """Score every video for every viewer by its co-watch similarity to their history.

    Two videos are similar when the same viewers watched both (cosine of their viewer
    columns); a viewer's score for a video sums its similarity to the videos they watched.
    """
    h = watched.astype(float)
    co = h.T @ h
    norm = np.sqrt(np.diag(co)) + 1e-9
    similarity = co / norm[:, None] / norm[None, :]
    np.fill_diagonal(similarity, 0.0)
    return h @ similarity


# --8<-- [end:retrieval]


@cache
def logs(seed: int) -> tuple[EngagementLog, EngagementLog, dict[str, float]]:
    """Retrieve candidates, then log impressions for training viewers and hold out the rest."""
    rng = np.random.default_rng(seed + 1)
    history, truth, videos, activity = simulate(seed)
    scores = co_watch_scores(history.train)
    candidates = top_k(scores, N_CANDIDATES, exclude=history.train)
    viewer = np.repeat(np.arange(N_VIEWERS), N_CANDIDATES)
    video = candidates.ravel()
    features = videos.iloc[video].reset_index(drop=True)
    features.insert(0, "co_watch_score", scores[viewer, video])
    features["viewer_activity"] = activity[viewer]
    log = EngagementLog(viewer, features, {k: v[viewer, video] for k, v in truth.items()})
    # Logged impressions: each training viewer saw SHOWN random candidates (an exploration
    # slice); a click is followed by a watch of a Beta-distributed share of the video.
    shown = np.argsort(rng.random((TRAIN_VIEWERS, N_CANDIDATES)), axis=1)[:, :SHOWN]
    train = log.rows((shown + N_CANDIDATES * np.arange(TRAIN_VIEWERS)[:, None]).ravel())
    clicked = draw_events({"click": train.truth["click"]}, rng)["click"]
    share = rng.beta(4 * train.truth["completion"], 4 * (1 - train.truth["completion"]))
    watched = clicked * np.exp(train.features["log_length"].to_numpy()) * share
    train = train.with_labels({"click": clicked, "minutes": watched})
    test = log.rows(log.group >= TRAIN_VIEWERS)
    recall = {
        "co-watch": mean_recall_at_k(scores, history.test, N_CANDIDATES, history.train),
        "most popular": mean_recall_at_k(
            popularity_scores(history.train), history.test, N_CANDIDATES, history.train
        ),
    }
    return train, test, recall


# --8<-- [start:rankers]
def watch_time_ranker(train: EngagementLog, test: EngagementLog) -> np.ndarray:
    """The technique: a logistic regression whose positives are weighted by minutes watched.

    Its odds estimate the expected watch minutes of an impression (Covington et al., 2016).
    """
    weight = np.where(train.labels["click"] == 1, train.labels["minutes"], 1.0)
    heads = fit_event_heads(
        train.features, {"watch": train.labels["click"]}, sample_weight={"watch": weight}
    )
    return heads.odds(test.features)["watch"]


def click_ranker(train: EngagementLog, test: EngagementLog) -> np.ndarray:
    """The baseline: the same features and model, trained on clicks alone."""
    heads = fit_event_heads(train.features, {"click": train.labels["click"]})
    return heads.predict(test.features)["click"]


TECHNIQUE = watch_time_ranker
BASELINE = click_ranker
# --8<-- [end:rankers]


# --8<-- [start:claim]
METRIC = "watch minutes@10"  # true expected minutes watched from a viewer's top 10
HIGHER_IS_BETTER = True
MIN_GAIN = 4.0  # minutes per viewer the technique must add, on every seed


def judge(scores: np.ndarray, test: EngagementLog) -> dict[str, float]:
    """True expected minutes, clicks and completion of each viewer's top 10."""
    top = top_k_mask(scores, test.group, K)
    viewers = len(np.unique(test.group))
    return {
        METRIC: test.truth["minutes"][top].sum() / viewers,
        "CTR@10": test.truth["click"][top].mean(),
        "completion of a click": np.average(
            test.truth["completion"][top], weights=test.truth["click"][top]
        ),
    }


def evaluate(ranker, seed: int) -> dict[str, float]:
    train, test, _ = logs(seed)
    return judge(ranker(train, test), test)


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
    train, test, recall = logs(SEEDS[0])
    rankings = {
        "co-watch score (retrieval order)": test.features["co_watch_score"].to_numpy(),
        "P(click) ranker (baseline)": click_ranker(train, test),
        "watch-time-weighted ranker (technique)": watch_time_ranker(train, test),
        "true expected minutes (ceiling)": test.truth["minutes"],
    }
    columns = [METRIC, "CTR@10", "completion of a click"]
    table = [[name, *(judge(s, test)[c] for c in columns)] for name, s in rankings.items()]
    out.markdown(
        "rankings", markdown_table(["ranking of 100 candidates (seed 0)", *columns], table)
    )
    predicted = watch_time_ranker(train, test).mean()
    out.text(
        "summary",
        f"retrieval recall@{N_CANDIDATES} of held-out watches: "
        + ", ".join(f"{name} {sig(r)}" for name, r in recall.items())
        + f"\ntraining impressions: {len(train)}, CTR {sig(train.labels['click'].mean())}\n"
        f"mean minutes per impression: predicted by the odds {sig(predicted)}, "
        f"true {sig(test.truth['minutes'].mean())}\n"
        f"{METRIC} added over the P(click) ranker on seeds {list(SEEDS)}: "
        f"{', '.join(sig(gain) for *_, gain in rows)}\n"
        f"claim: at least {sig(MIN_GAIN)} minutes on every seed -> holds",
    )


if __name__ == "__main__":
    main()
