"""Accuracy vs cost: a two-stage cascade keeps most of an expensive ranker's quality.

Run it on its own with ``python snippets/tradeoffs/cascade.py``; it ranks simulated
candidate lists with a cheap model, an expensive model, and a cascade in which the cheap
model keeps the top k for the expensive one, counts the FLOPs each spends, asserts the
cascade's gains and draws quality against cost for several k.
"""

from __future__ import annotations

import numpy as np

from mlsd.claims import assert_better
from mlsd.metrics import ndcg_at_k

SEEDS = (0, 1, 2)
N_REQUESTS, N_CANDIDATES, K_SHOWN = 200, 1_000, 10
CHEAP_MFLOPS, EXPENSIVE_MFLOPS = 0.02, 10.0  # per candidate: a small MLP vs a deep ranker
TOP_K = 100  # candidates the cheap stage passes to the expensive one


# --8<-- [start:data]
def simulate(seed: int) -> dict[str, np.ndarray]:
    """True relevance per candidate, and two models that see it with different noise."""
    rng = np.random.default_rng(seed)
    truth = rng.standard_normal((N_REQUESTS, N_CANDIDATES))
    grade = (truth > 1.5).astype(int) + (truth > 2.0) + (truth > 2.5)  # 0-3; 7% relevant
    return {
        "gain": 2.0**grade - 1,
        "cheap": truth + 1.0 * rng.standard_normal(truth.shape),  # correlation ~0.7
        "expensive": truth + 0.3 * rng.standard_normal(truth.shape),  # correlation ~0.96
    }


# --8<-- [end:data]


# --8<-- [start:policies]
# A policy returns the final score of every candidate and its MFLOPs per request.
def cheap_only(world, k=TOP_K):
    return world["cheap"], N_CANDIDATES * CHEAP_MFLOPS


def expensive_only(world, k=TOP_K):
    return world["expensive"], N_CANDIDATES * EXPENSIVE_MFLOPS


def cascade(world, k=TOP_K):
    """Cheap model on all candidates; the expensive model re-scores only its top k."""
    cheap = world["cheap"]
    top = np.argpartition(-cheap, k - 1, axis=1)[:, :k]
    final = cheap - 1e6  # everything the expensive model did not see ranks below ...
    rows = np.arange(len(cheap))[:, None]
    final[rows, top] = world["expensive"][rows, top]  # ... what it re-scored
    return final, N_CANDIDATES * CHEAP_MFLOPS + k * EXPENSIVE_MFLOPS


TECHNIQUE = cascade
BASELINE = cheap_only
# --8<-- [end:policies]


def ndcg(world, scores) -> float:
    return float(
        np.mean([ndcg_at_k(g, s, K_SHOWN) for g, s in zip(world["gain"], scores, strict=True)])
    )


def evaluate(policy, seed: int, k: int = TOP_K) -> tuple[float, float]:
    world = simulate(seed)
    scores, mflops = policy(world, k)
    return ndcg(world, scores), mflops


# --8<-- [start:claim]
MIN_NDCG_GAIN = 0.1  # NDCG@10 the cascade must add over the cheap model alone
MIN_SHARE_KEPT = 0.95  # share of the expensive model's NDCG@10 the cascade must keep
MIN_MFLOPS_SAVED = 5_000.0  # MFLOPs per request it must save over the expensive model


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        (ours, cost), (cheap, _) = evaluate(technique, seed), evaluate(BASELINE, seed)
        best, full_cost = evaluate(expensive_only, seed)
        assert_better("NDCG@10", ours, cheap, margin=MIN_NDCG_GAIN, higher_is_better=True)
        assert_better("MFLOPs", cost, full_cost, margin=MIN_MFLOPS_SAVED, higher_is_better=False)
        assert ours >= MIN_SHARE_KEPT * best, f"seed {seed}: kept only {ours / best:.1%}"
        rows.append((seed, ours, cheap, best, cost, full_cost))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    seed = SEEDS[0]
    sweep = [(k, *evaluate(cascade, seed, k)) for k in (10, 20, 50, 100, 200, 500)]
    cheap, cheap_cost = evaluate(cheap_only, seed)
    best, best_cost = evaluate(expensive_only, seed)
    table = [
        ["cheap model on all 1,000", cheap, cheap_cost, f"{100 * cheap_cost / best_cost:.1f}%"]
    ]
    table += [[f"cascade, k = {k}", q, c, f"{100 * c / best_cost:.1f}%"] for k, q, c in sweep]
    table += [["expensive model on all 1,000", best, best_cost, "100.0%"]]
    out.markdown(
        "sweep",
        markdown_table(["policy (seed 0)", "NDCG@10", "MFLOPs per request", "cost share"], table),
    )
    out.text(
        "summary",
        "\n".join(
            f"seed {s}: NDCG@10 cheap {sig(c)}, cascade {sig(o)}, expensive {sig(b)} "
            f"(kept {100 * o / b:.1f}%); MFLOPs {sig(cost)} vs {sig(full)}"
            for s, o, c, b, cost, full in rows
        )
        + f"\nclaim: cascade (k={TOP_K}) adds at least {sig(MIN_NDCG_GAIN)} NDCG@10 over the "
        f"cheap model, keeps at least {100 * MIN_SHARE_KEPT:.0f}% of the expensive model's "
        f"NDCG@10 and saves at least {sig(MIN_MFLOPS_SAVED)} MFLOPs per request -> holds",
    )
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot([c for *_, c in sweep], [q for _, q, _ in sweep], "o-", label="cascade, k = 10 to 500")
    for k, q, c in sweep:
        ax.annotate(f"k={k}", (c, q), textcoords="offset points", xytext=(4, -12), fontsize=8)
    ax.plot([cheap_cost], [cheap], "s", label="cheap model only")
    ax.plot([best_cost], [best], "D", label="expensive model on every candidate")
    ax.set(xscale="log", xlabel="MFLOPs per request (log scale)", ylabel="NDCG@10")
    ax.legend(loc="lower right", fontsize=8)
    out.figure(fig, "frontier")


if __name__ == "__main__":
    main()
