"""{{title}}: the mini-system behind the case study.

Run it with ``python snippets/case-studies/{{slug}}/mini_system.py``. It simulates a world
whose true preferences are known, runs the technique and its baseline on three seeds,
asserts the technique's margin, and writes the output the page shows.

Replace the simulation, the technique and the baseline with the ones your case study is
about; keep the shape: ``TECHNIQUE``, ``BASELINE``, ``SEEDS``, ``METRIC``,
``HIGHER_IS_BETTER``, ``evaluate(technique, seed) -> dict`` and
``main(technique=TECHNIQUE)``. The tests call ``main(BASELINE)`` and expect the claim to
fail.
"""

from __future__ import annotations

# --8<-- [start:system]
from mlsd.claims import assert_better
from mlsd.recsys import (
    mean_recall_at_k,
    popularity_scores,
    sample_interactions,
    simulate_world,
    svd_embeddings,
)

SEEDS = (0, 1, 2)
K = 50  # candidates retrieved per user
METRIC = f"recall@{K}"
HIGHER_IS_BETTER = True
MIN_GAIN = 0.05  # recall@K the technique must add over the baseline on every seed


def learned_embeddings(logs, seed: int):
    """The technique: score items by the dot product of learned user and item embeddings."""
    users, items = svd_embeddings(logs.train, dim=16, seed=seed)
    return users @ items.T


def most_popular(logs, seed: int):
    """The baseline: recommend the items with the most training interactions to everyone."""
    return popularity_scores(logs.train)


TECHNIQUE = learned_embeddings
BASELINE = most_popular


def evaluate(make_scores, seed: int) -> dict[str, float]:
    """Simulate a world, log interactions, and measure recall of the held-out ones."""
    world = simulate_world(n_users=600, n_items=300, dim=8, seed=seed)
    logs = sample_interactions(world, per_user=30, holdout=5, seed=seed)
    scores = make_scores(logs, seed)
    return {METRIC: mean_recall_at_k(scores, logs.test, K, exclude=logs.train)}


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours, base = evaluate(technique, seed)[METRIC], evaluate(BASELINE, seed)[METRIC]
        assert_better(METRIC, ours, base, margin=MIN_GAIN, higher_is_better=HIGHER_IS_BETTER)
        rows.append((seed, ours, base))
    # --8<-- [end:system]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, sig

    lines = [
        f"seed {seed}: {METRIC} {sig(ours)} vs baseline {sig(base)}" for seed, ours, base in rows
    ]
    lines.append(f"claim: at least {sig(MIN_GAIN)} more {METRIC} on every seed -> holds")
    Outputs(__file__).text("summary", "\n".join(lines))


if __name__ == "__main__":
    main()
