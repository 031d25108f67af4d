"""Do we need ML? A popularity ranker against a small learned ranker, as tastes diverge.

Simulated feed: users with topic tastes, posts with a topic and a quality, a logistic
click model whose coefficients we chose. Both rankers learn from the same random-exposure
logs; each user's top 10 is scored with the true click probabilities. Run it with
``python snippets/framework/problem-navigation/do_we_need_ml.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from mlsd.claims import assert_better

# --8<-- [start:world]
N_USERS, N_POSTS, N_TOPICS = 1_000, 400, 8
SEEN_PER_USER = 50  # logged impressions per user, posts drawn at random
HISTORY = 100  # past engagements per user, spread over topics by taste
BASE_CTR = 0.04
SLATE = 10


@dataclass(frozen=True)
class World:
    topic: np.ndarray  # (posts,) topic of each post
    quality: np.ndarray  # (posts,) appeal shared by every user
    p_click: np.ndarray  # (users, posts) true click probability
    topic_share: np.ndarray  # (users, topics) share of past engagements per topic


@dataclass(frozen=True)
class Logs:
    user: np.ndarray
    post: np.ndarray
    clicked: np.ndarray


def simulate(taste: float, seed: int) -> tuple[World, Logs]:
    """``taste`` scales how much users differ; 0: everyone likes the same posts."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(N_TOPICS, size=N_POSTS)
    quality = rng.standard_normal(N_POSTS)
    preference = rng.standard_normal((N_USERS, N_TOPICS))
    base = np.log(BASE_CTR / (1 - BASE_CTR))
    logit = base + 0.6 * quality + taste * preference[:, topic]
    p_click = 1 / (1 + np.exp(-logit))
    # Past engagements land on topics in proportion to exp(taste x preference).
    weights = np.exp(taste * preference)
    history = rng.multinomial(HISTORY, weights / weights.sum(axis=1, keepdims=True))
    topic_share = (history + 1) / (HISTORY + N_TOPICS)  # add-one smoothing
    user = np.repeat(np.arange(N_USERS), SEEN_PER_USER)
    post = rng.integers(N_POSTS, size=user.size)
    clicked = (rng.random(user.size) < p_click[user, post]).astype(int)
    return World(topic, quality, p_click, topic_share), Logs(user, post, clicked)


# --8<-- [end:world]


# --8<-- [start:rankers]
def post_ctr(logs: Logs, prior: float = 20.0) -> np.ndarray:
    """Smoothed click rate of each post: clicks plus ``prior`` pseudo-impressions."""
    views = np.bincount(logs.post, minlength=N_POSTS)
    clicks = np.bincount(logs.post, weights=logs.clicked, minlength=N_POSTS)
    return (clicks + prior * logs.clicked.mean()) / (views + prior)


def popularity_ranker(world: World, logs: Logs) -> np.ndarray:
    """Heuristic baseline: everyone gets the posts with the best click rate."""
    return np.tile(post_ctr(logs), (N_USERS, 1))


def learned_ranker(world: World, logs: Logs) -> np.ndarray:
    """Logistic regression on post click rate and the user's topic share."""
    ctr = post_ctr(logs)
    post_logit = np.log(ctr / (1 - ctr))  # (posts,)
    log_share = np.log(world.topic_share[:, world.topic])  # (users, posts)
    X = np.column_stack([post_logit[logs.post], log_share[logs.user, logs.post]])
    w_post, w_share = LogisticRegression().fit(X, logs.clicked).coef_[0]
    return w_post * post_logit + w_share * log_share  # rank order of the fitted model


TECHNIQUE = learned_ranker
BASELINE = popularity_ranker
# --8<-- [end:rankers]


# --8<-- [start:claim]
SEEDS = (0, 1, 2)
TASTES = (0.0, 0.25, 0.5, 0.75, 1.0)  # 0: one global taste; 1: strongly personal
CLAIM_TASTE = 1.0
MIN_GAIN_PP = 25.0  # percentage points of the oracle's expected clicks
MAX_GAP_NO_TASTE_PP = 2.0  # with no personal taste, ML adds at most this much


def top_clicks(scores: np.ndarray, p_click: np.ndarray) -> float:
    """Expected clicks of every user's top 10 under ``scores``."""
    top = np.argpartition(-scores, SLATE, axis=1)[:, :SLATE]
    return float(np.take_along_axis(p_click, top, axis=1).sum())


def compare(technique, taste: float, seed: int) -> tuple[float, float]:
    """Both rankers' expected top-10 clicks, as % of the oracle's."""
    world, logs = simulate(taste, seed)
    best = top_clicks(world.p_click, world.p_click)
    return tuple(  # type: ignore[return-value]
        100 * top_clicks(ranker(world, logs), world.p_click) / best
        for ranker in (technique, BASELINE)
    )


def main(technique=TECHNIQUE) -> None:
    gains, by_seed = [], {}
    for seed in SEEDS:
        learned, heuristic = by_seed[seed] = compare(technique, CLAIM_TASTE, seed)
        gain = assert_better(
            "% of oracle clicks",
            learned,
            heuristic,
            margin=MIN_GAIN_PP,
            higher_is_better=True,
        )
        gains.append(gain.improvement)
    sweep = [(t, *(by_seed[0] if t == CLAIM_TASTE else compare(technique, t, 0))) for t in TASTES]
    gap = sweep[0][1] - sweep[0][2]  # learned minus popularity, no taste
    assert abs(gap) < MAX_GAP_NO_TASTE_PP, f"no-taste gap {gap:.3g} pp"
    # --8<-- [end:claim]
    report(gains, sweep)


def report(gains: list[float], sweep: list[tuple[float, float, float]]) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    def pp(value: float) -> str:  # drop float noise such as 1e-14 pp
        return sig(round(value, 6) + 0.0)

    out = Outputs(__file__)
    out.text(
        "summary",
        f"learned ranker minus popularity at taste strength {CLAIM_TASTE:g},\n"
        f"in points of the oracle's expected clicks, seeds {list(SEEDS)}: "
        f"{', '.join(pp(g) for g in gains)}\n"
        f"claim: at least {sig(MIN_GAIN_PP)} pp on every seed -> holds\n"
        f"no personal taste (strength 0): gap {pp(sweep[0][1] - sweep[0][2])} pp, "
        f"inside +/-{sig(MAX_GAP_NO_TASTE_PP)} pp -> holds",
    )
    rows = [[taste, pop, ml, round(ml - pop, 6) + 0.0] for taste, ml, pop in sweep]
    header = ["taste strength", "popularity (% of oracle)", "learned (% of oracle)", "gain (pp)"]
    out.markdown("sweep", markdown_table(header, rows))
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    tastes = [t for t, *_ in sweep]
    ax.plot(tastes, [ml for _, ml, _ in sweep], marker="o", label="learned ranker (LR)")
    ax.plot(tastes, [pop for *_, pop in sweep], marker="s", label="popularity heuristic")
    ax.set(
        xlabel="taste strength (how much users differ)",
        ylabel="expected clicks in top 10\n(% of the oracle's)",
        ylim=(0, 100),
    )
    ax.legend(loc="lower left")
    out.figure(fig, "sweep")


if __name__ == "__main__":
    main()
