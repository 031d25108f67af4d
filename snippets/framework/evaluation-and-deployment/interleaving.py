"""Team-draft interleaving against an A/B test, on the same simulated users.

Run it with ``python snippets/framework/evaluation-and-deployment/interleaving.py``. Two
rankers order the same candidates; ranker A is slightly better. Each method gets the same
small number of users per experiment; the claim is that interleaving detects A's win in
far more of the replicated experiments than an A/B test on clicks per user.
"""

from __future__ import annotations

# --8<-- [start:world]
from statistics import NormalDist

import numpy as np

from mlsd.claims import assert_better

N_ITEMS, N_SLOTS = 20, 10  # candidates per user, slots shown
N_USERS = 1_000  # users per experiment, for either method
N_EXPERIMENTS = 200  # replicated experiments: detection rate = share that detect A > B
Z_CRIT = NormalDist().inv_cdf(0.975)  # two-sided test at alpha = 0.05
EXAMINE = 1 / np.arange(1, N_SLOTS + 1) ** 0.8  # position bias: P(user looks at slot)


def simulate_users(n: int, rng: np.random.Generator):
    """True attractiveness of each candidate, both rankers' scores, each user's activity."""
    attractiveness = rng.beta(1, 8, size=(n, N_ITEMS))  # mean 0.11
    score_a = attractiveness + rng.normal(0, 0.05, size=(n, N_ITEMS))  # better ranker
    score_b = attractiveness + rng.normal(0, 0.10, size=(n, N_ITEMS))  # noisier ranker
    activity = rng.lognormal(0, 1.0, size=n)  # heavy users click much more
    return attractiveness, score_a, score_b, activity


def clicks(shown, attractiveness, activity, rng):
    """Click on each shown slot: examined (position bias) and attracted (relevance)."""
    p = EXAMINE * np.take_along_axis(attractiveness, shown, axis=1) * activity[:, None]
    return rng.random(shown.shape) < np.minimum(p, 1.0)


# --8<-- [end:world]


# --8<-- [start:team_draft]
def team_draft(order_a, order_b, rng):
    """Interleave two rankings: each round a coin picks which team drafts first, then
    each team adds its best item not yet shown. Returns shown items and their team."""
    n = order_a.shape[0]
    rows = np.arange(n)
    taken = np.zeros(order_a.shape, dtype=bool)
    shown = np.empty((n, N_SLOTS), dtype=int)
    team_a = np.empty((n, N_SLOTS), dtype=bool)
    for slot in range(N_SLOTS):
        if slot % 2 == 0:
            a_first = rng.random(n) < 0.5
        a_picks = a_first if slot % 2 == 0 else ~a_first
        order = np.where(a_picks[:, None], order_a, order_b)
        first_free = np.argmax(~np.take_along_axis(taken, order, axis=1), axis=1)
        item = order[rows, first_free]
        taken[rows, item] = True
        shown[:, slot], team_a[:, slot] = item, a_picks
    return shown, team_a


# --8<-- [end:team_draft]


# --8<-- [start:tests]
def interleaving_z(users, rng) -> np.ndarray:
    """Each user sees both rankers interleaved and prefers the team whose items got more
    clicks; a sign test per experiment on users with a preference (z > 0: A wins)."""
    attractiveness, score_a, score_b, activity = users
    order_a, order_b = np.argsort(-score_a, axis=1), np.argsort(-score_b, axis=1)
    shown, team_a = team_draft(order_a, order_b, rng)
    clicked = clicks(shown, attractiveness, activity, rng)
    preference = np.sign((clicked & team_a).sum(1) - (clicked & ~team_a).sum(1))
    preference = preference.reshape(N_EXPERIMENTS, -1)
    decided = np.maximum(np.count_nonzero(preference, axis=1), 1)
    return preference.sum(1) / np.sqrt(decided)


def ab_z(users, rng) -> np.ndarray:
    """Half the users see ranker A, half see B; per experiment, a z-test on clicks per user."""
    attractiveness, score_a, score_b, activity = users
    in_a = rng.random(len(activity)) < 0.5
    score = np.where(in_a[:, None], score_a, score_b)
    shown = np.argsort(-score, axis=1)[:, :N_SLOTS]
    per_user = clicks(shown, attractiveness, activity, rng).sum(1).reshape(N_EXPERIMENTS, -1)
    in_a = in_a.reshape(N_EXPERIMENTS, -1)
    a = np.ma.masked_array(per_user, ~in_a)
    b = np.ma.masked_array(per_user, in_a)
    se = np.sqrt(a.var(1) / a.count(1) + b.var(1) / b.count(1))
    return np.asarray((a.mean(1) - b.mean(1)) / se)


TECHNIQUE, BASELINE = interleaving_z, ab_z
# --8<-- [end:tests]


# --8<-- [start:claim]
MIN_GAIN = 0.40  # detection rate (share of experiments with z > Z_CRIT) it must add


def z_scores(test, seed: int = 0) -> np.ndarray:
    """The test's z on each of N_EXPERIMENTS experiments of N_USERS fresh users."""
    rng = np.random.default_rng(seed)
    return test(simulate_users(N_EXPERIMENTS * N_USERS, rng), rng)


def main(technique=TECHNIQUE) -> None:
    z_technique, z_baseline = z_scores(technique), z_scores(BASELINE)
    gain = assert_better(
        "detection rate",
        np.mean(z_technique > Z_CRIT),
        np.mean(z_baseline > Z_CRIT),
        margin=MIN_GAIN,
        higher_is_better=True,
    )
    # --8<-- [end:claim]
    report(gain, z_technique, z_baseline)


def users_for_80_percent_power(z: np.ndarray) -> float:
    """z grows with the square root of n: scale n until the mean z is Z_CRIT + z_0.80."""
    return N_USERS * ((Z_CRIT + NormalDist().inv_cdf(0.8)) / z.mean()) ** 2


def report(gain, z_technique, z_baseline) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    need_interleaving = users_for_80_percent_power(z_technique)
    need_ab = users_for_80_percent_power(z_baseline)
    out.text(
        "summary",
        f"{N_EXPERIMENTS} experiments of {N_USERS} users each; share that detect A > B:\n"
        f"  team-draft interleaving: {sig(gain.technique)}\n"
        f"  A/B test on clicks per user: {sig(gain.baseline)}\n"
        f"claim: interleaving adds at least {sig(MIN_GAIN)} -> holds "
        f"(adds {sig(gain.improvement)})\n"
        f"users for 80% power: interleaving ~{sig(need_interleaving, 2)}, "
        f"A/B ~{sig(need_ab, 2)} (about {need_ab / need_interleaving:.0f}x more)",
    )


if __name__ == "__main__":
    main()
