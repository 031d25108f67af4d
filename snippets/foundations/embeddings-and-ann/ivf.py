"""Inverted file index: probe a few k-means cells and keep most of the exact neighbours.

Run it on its own with ``python snippets/foundations/embeddings-and-ann/ivf.py``; it
indexes 20,000 simulated embeddings in 128 cells, sweeps the number of cells probed,
asserts the recall and work of the claimed setting against a random partition, and draws
the recall-versus-work curve.
"""

from __future__ import annotations

# --8<-- [start:setup]
from mlsd.ann import (
    InvertedFile,
    clustered_embeddings,
    exact_search,
    kmeans,
    random_partition,
    recall_at_k,
)
from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N, DIM, N_QUERIES, K = 20_000, 64, 100, 10
NLIST = 128  # about sqrt(N) cells of about 156 vectors each
NPROBES = (1, 2, 4, 8, 16, 32)


def data(seed: int):
    base = clustered_embeddings(N, DIM, seed=seed)
    queries = clustered_embeddings(N_QUERIES, DIM, seed=seed, sample_seed=seed + 100)
    return base, queries, exact_search(base, queries, K).ids


TECHNIQUE = kmeans  # cells are regions of space: a query's neighbours share its cells
BASELINE = random_partition  # cells are random: probing 8 of 128 finds about 8/128 of them
# --8<-- [end:setup]


# --8<-- [start:claim]
NPROBE = 8  # the claimed setting: 8 of 128 cells
MIN_GAIN = 0.5  # recall@10 k-means cells must add over random cells at the same nprobe
RECALL_FLOOR, WORK_CEILING = 0.9, 0.08  # recall@10 at most 8% of brute force's distances


def sweep(partition, seed: int, base, queries, truth) -> dict[int, tuple[float, float]]:
    """nprobe -> (recall@10, distance computations as a fraction of brute force)."""
    index = InvertedFile.build(base, NLIST, partition=partition, seed=seed)
    results = {nprobe: index.search(queries, K, nprobe) for nprobe in NPROBES}
    return {p: (recall_at_k(r.ids, truth), r.work(N)) for p, r in results.items()}


def main(technique=TECHNIQUE) -> None:
    runs = []
    for seed in SEEDS:
        world = data(seed)
        ivf, rand = sweep(technique, seed, *world), sweep(BASELINE, seed, *world)
        (recall, work), (rand_recall, _) = ivf[NPROBE], rand[NPROBE]
        gain = assert_better(
            f"recall@{K}, nprobe={NPROBE}",
            recall,
            rand_recall,
            margin=MIN_GAIN,
            higher_is_better=True,
        )
        assert recall >= RECALL_FLOOR and work <= WORK_CEILING, (seed, recall, work)
        runs.append((seed, ivf, rand, gain))
    # --8<-- [end:claim]
    report(runs)


def report(runs) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    _, ivf, rand, _ = runs[0]
    rows = [[p, ivf[p][1], ivf[p][0], rand[p][0]] for p in NPROBES]
    header = ["nprobe", "share of brute-force distances", "recall@10 k-means", "recall@10 random"]
    out.markdown("sweep", markdown_table(header, rows))
    lines = [
        f"  seed {seed}: recall@{K} {sig(i[NPROBE][0])} with {sig(100 * i[NPROBE][1])}% of the "
        f"distances; random cells {sig(r[NPROBE][0])}"
        for seed, i, r, _ in runs
    ]
    out.text(
        "summary",
        f"IVF over {N} vectors, {NLIST} cells, nprobe={NPROBE}:\n"
        + "\n".join(lines)
        + f"\nclaim: recall@{K} >= {RECALL_FLOOR} with <= {sig(100 * WORK_CEILING)}% of the "
        f"distances, and at least {MIN_GAIN} above random cells, every seed -> holds",
    )
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for curve, label, marker in ((ivf, "k-means cells", "o"), (rand, "random cells", "s")):
        ax.plot(
            [curve[p][1] for p in NPROBES],
            [curve[p][0] for p in NPROBES],
            marker=marker,
            label=label,
        )
    for p in NPROBES:
        ax.annotate(
            f"{p}", (ivf[p][1], ivf[p][0]), textcoords="offset points", xytext=(4, -10), fontsize=8
        )
    ax.plot([1.0], [1.0], "k*", markersize=10, label="brute force")
    ax.set(
        xscale="log",
        xlabel="distance computations / brute force (log scale)",
        ylabel=f"recall@{K}",
        ylim=(0, 1.05),
    )
    ax.legend(loc="lower right")
    out.figure(fig, "curve")


if __name__ == "__main__":
    main()
