"""A two-stage funnel: cheap retrieval of candidates, then an accurate ranker on those only.

Run it on its own with ``python snippets/framework/modeling/funnel.py``; it compares
two-tower candidates with popular-item candidates at the same ranker budget, checks the
funnel against ranking every item, and draws recall against the number of candidates.
"""

from __future__ import annotations

import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_USERS, N_ITEMS, DIM, TOWER_DIM = 200, 20_000, 32, 20
BUDGET = 1_000  # candidates the ranker scores per request
K = 10  # items shown


# --8<-- [start:data]
def simulate(seed: int) -> dict[str, np.ndarray]:
    """True relevance = taste match + item quality + a request-context effect."""
    rng = np.random.default_rng(seed)
    users, items = rng.standard_normal((N_USERS, DIM)), rng.standard_normal((N_ITEMS, DIM))
    quality = rng.standard_normal(N_ITEMS)
    context = rng.standard_normal((N_USERS, N_ITEMS))  # e.g. what the user just watched
    relevance = users @ items.T / np.sqrt(DIM) + 0.5 * quality + 0.8 * context
    return {
        "relevance": relevance,
        # The ranker sees every feature, including the context crosses; its error is small.
        "ranker": relevance + 0.3 * rng.standard_normal(relevance.shape),
        # The towers compress taste to 20 of 32 dimensions and never see the context.
        "tower": users[:, :TOWER_DIM] @ items[:, :TOWER_DIM].T / np.sqrt(DIM) + 0.5 * quality,
        "quality": quality,
    }


# --8<-- [end:data]


# --8<-- [start:funnel]
def two_tower_candidates(world, budget):
    """Stage 1: each user's top `budget` items by dot product (an ANN index in production)."""
    top = np.argpartition(-world["tower"], budget, axis=1)[:, :budget]
    return top


def popular_candidates(world, budget):
    """The same budget spent on the globally best items: no personalization."""
    return np.tile(np.argsort(-world["quality"])[:budget], (N_USERS, 1))


def rank(world, candidates, k=K):
    """Stage 2: the accurate ranker scores only the candidates and keeps the top k."""
    scores = np.take_along_axis(world["ranker"], candidates, axis=1)
    best = np.argpartition(-scores, k, axis=1)[:, :k]
    return np.take_along_axis(candidates, best, axis=1)


def recall_at_k(world, shown, k=K) -> float:
    """Share of each user's k truly most relevant items that the funnel shows."""
    truth = np.argpartition(-world["relevance"], k, axis=1)[:, :k]
    return float((shown[:, :, None] == truth[:, None, :]).any(axis=2).mean())


TECHNIQUE = two_tower_candidates
BASELINE = popular_candidates
# --8<-- [end:funnel]


# --8<-- [start:claim]
MIN_RECALL_GAIN = 0.15  # recall@10 two-tower candidates add over popular ones, same budget
MIN_SHARE_OF_FULL = 0.85  # the funnel keeps 85% of the recall of ranking every item


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        world = simulate(seed)
        funnel = recall_at_k(world, rank(world, technique(world, BUDGET)))
        popular = recall_at_k(world, rank(world, BASELINE(world, BUDGET)))
        assert_better("recall@10", funnel, popular, margin=MIN_RECALL_GAIN, higher_is_better=True)
        full = recall_at_k(world, rank(world, np.tile(np.arange(N_ITEMS), (N_USERS, 1))))
        assert funnel >= MIN_SHARE_OF_FULL * full, f"funnel {funnel:.3f} vs full {full:.3f}"
        results.append((seed, funnel, popular, full))
    # --8<-- [end:claim]
    report(results)


def report(results) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: recall@10 two-tower funnel {sig(f)}, popular candidates {sig(p)}, "
        f"ranking all {N_ITEMS} items {sig(a)}"
        for seed, f, p, a in results
    ]
    lines += [
        f"ranker work per request: {BUDGET} items in the funnel vs {N_ITEMS} without it "
        f"({sig(100 * BUDGET / N_ITEMS)}%)",
        f"claims: funnel beats popular candidates by at least {sig(MIN_RECALL_GAIN)} and keeps "
        f"at least {sig(100 * MIN_SHARE_OF_FULL)}% of full-ranking recall on every seed -> hold",
    ]
    out.text("summary", "\n".join(lines))
    out.figure(budget_figure(simulate(SEEDS[0]), results[0][3]), "budget")


def budget_figure(world, full):
    import matplotlib.pyplot as plt

    budgets = [50, 100, 200, 500, 1_000, 2_000, 5_000]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for retrieve, label in ((TECHNIQUE, "two-tower candidates"), (BASELINE, "popular items")):
        recalls = [recall_at_k(world, rank(world, retrieve(world, b))) for b in budgets]
        ax.plot(budgets, recalls, marker="o", label=label)
    ax.axhline(full, color="grey", linestyle="--", label=f"ranker on all {N_ITEMS} items")
    ax.set(
        xscale="log",
        xlabel="candidates passed to the ranker (log scale)",
        ylabel="recall@10 of the true top 10",
        ylim=(0, 0.8),
    )
    ax.legend(loc="lower right")
    return fig


if __name__ == "__main__":
    main()
