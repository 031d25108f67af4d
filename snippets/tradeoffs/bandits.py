"""Exploration vs exploitation: bandit policies against pure greedy on simulated ads.

Run it on its own with ``python snippets/tradeoffs/bandits.py``; it plays ten simulated
ad creatives with known click rates, compares the cumulative regret of greedy,
epsilon-greedy, UCB1 and Thompson sampling, asserts that Thompson sampling beats greedy
and draws the regret curves.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_ARMS, HORIZON, RUNS = 10, 4_000, 40  # creatives, impressions per run, runs per seed
EPSILON = 0.05
PRIOR = (1, 19)  # Beta prior for Thompson sampling: 20 impressions' worth of a 5% CTR


# --8<-- [start:data]
def click_rates(seed: int) -> np.ndarray:
    """True CTRs of the creatives: between 2% and 10%, unknown to every policy."""
    return np.random.default_rng(seed).uniform(0.02, 0.10, N_ARMS)


# --8<-- [end:data]


# --8<-- [start:policies]
# Every policy sees clicks and impressions per arm, one row per parallel run, and
# picks one arm per run. Ties are broken at random by a tiny jitter.
def observed_ctr(clicks, shows):
    """Clicks per impression; an arm never shown counts as best, so all get tried."""
    return np.divide(clicks, shows, out=np.full(shows.shape, np.inf), where=shows > 0)


def greedy(rng, clicks, shows, t):
    """Pure exploitation: always the best observed CTR."""
    mean = observed_ctr(clicks, shows)
    return np.argmax(mean + 1e-9 * rng.random(mean.shape), axis=1)


def epsilon_greedy(rng, clicks, shows, t):
    """Greedy, except a random arm on a share EPSILON of impressions."""
    arms = greedy(rng, clicks, shows, t)
    explore = rng.random(len(arms)) < EPSILON
    return np.where(explore, rng.integers(0, N_ARMS, len(arms)), arms)


def ucb1(rng, clicks, shows, t):
    """Optimism: mean plus a bonus that shrinks as an arm gathers impressions."""
    bonus = np.sqrt(2 * np.log(t + 1) / np.maximum(shows, 1))
    return np.argmax(observed_ctr(clicks, shows) + bonus, axis=1)


def thompson(rng, clicks, shows, t):
    """Draw each arm's CTR from its Beta posterior; play the best draw."""
    a, b = PRIOR
    return np.argmax(rng.beta(a + clicks, b + shows - clicks), axis=1)


TECHNIQUE = thompson
BASELINE = greedy
# --8<-- [end:policies]


# --8<-- [start:simulate]
@cache
def regret_curve(policy, seed: int) -> np.ndarray:
    """Expected clicks lost against always showing the best ad, mean over runs."""
    ctr = click_rates(seed)
    rng = np.random.default_rng(seed + 1_000)
    clicks, shows = np.zeros((RUNS, N_ARMS)), np.zeros((RUNS, N_ARMS))
    lost = np.zeros(HORIZON)
    rows = np.arange(RUNS)
    for t in range(HORIZON):
        arm = policy(rng, clicks, shows, t)
        shows[rows, arm] += 1
        clicks[rows, arm] += rng.random(RUNS) < ctr[arm]
        lost[t] = np.mean(ctr.max() - ctr[arm])
    return np.cumsum(lost)


# --8<-- [end:simulate]


# --8<-- [start:claim]
MIN_SAVED = 30.0  # clicks per 4,000 impressions Thompson must save over greedy


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours = regret_curve(technique, seed)[-1]
        base = regret_curve(BASELINE, seed)[-1]
        gain = assert_better("regret", ours, base, margin=MIN_SAVED, higher_is_better=False)
        rows.append((seed, ours, base, gain.improvement))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    curves = {
        name: regret_curve(policy, SEEDS[0])
        for name, policy in (
            ("greedy", greedy),
            (f"epsilon-greedy (epsilon={EPSILON})", epsilon_greedy),
            ("UCB1", ucb1),
            ("Thompson sampling", thompson),
        )
    }
    ctr = click_rates(SEEDS[0])
    best_clicks = ctr.max() * HORIZON
    out.markdown(
        "policies",
        markdown_table(
            ["policy (seed 0)", "regret, 4,000 impressions", "share lost", "regret, last 1,000"],
            [
                [name, c[-1], f"{100 * c[-1] / best_clicks:.1f}%", c[-1] - c[-1_001]]
                for name, c in curves.items()
            ],
        ),
    )
    out.text(
        "summary",
        f"best creative CTR {sig(ctr.max())}, mean CTR {sig(ctr.mean())} (seed {SEEDS[0]})\n"
        + "\n".join(
            f"seed {seed}: regret Thompson {sig(ours)} vs greedy {sig(base)}, "
            f"saved {sig(gain)} clicks"
            for seed, ours, base, gain in rows
        )
        + f"\nclaim: at least {sig(MIN_SAVED)} clicks saved per {HORIZON} impressions "
        "on every seed -> holds",
    )
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for (name, curve), style in zip(curves.items(), ("-", "--", "-.", ":"), strict=True):
        ax.plot(np.arange(1, HORIZON + 1), curve, style, label=name, linewidth=2)
    ax.set(xlabel="impressions served", ylabel="cumulative regret (clicks lost)")
    ax.legend(loc="upper left")
    out.figure(fig, "regret")


if __name__ == "__main__":
    main()
