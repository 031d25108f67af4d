"""Graph search: a layered proximity graph finds the neighbours with a few % of the distances.

Run it on its own with ``python snippets/foundations/embeddings-and-ann/hnsw.py``; it builds
an HNSW-like graph over 20,000 simulated embeddings, searches it with a few beam widths,
and asserts that it reaches high recall with a small share of brute force's distance
computations, which the same search on a graph of random links does not.
"""

from __future__ import annotations

# --8<-- [start:setup]
import functools

from mlsd.ann import GraphIndex, clustered_embeddings, exact_search, recall_at_k
from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N, DIM, N_QUERIES, K = 20_000, 64, 100, 10
DEGREE = 16  # HNSW's M: links per vector on the upper layers, 2M on the bottom one
EFS = (10, 16, 32, 64)  # beam widths on the bottom layer (efSearch)


def proximity_graph(base, seed: int) -> GraphIndex:
    """The technique: each vector links to its nearest neighbours on every layer."""
    return GraphIndex.build(base, degree=DEGREE, links="nearest", seed=seed)


def random_graph(base, seed: int) -> GraphIndex:
    """The baseline: the same layers, the most links a layer allows, to random vectors."""
    return GraphIndex.build(base, degree=DEGREE, links="random", seed=seed)


TECHNIQUE = proximity_graph
BASELINE = random_graph
# --8<-- [end:setup]


# --8<-- [start:claim]
EF = 32  # the claimed setting
MIN_GAIN = 0.5  # recall@10 the proximity graph must add over random links at ef=32
RECALL_FLOOR, WORK_CEILING = 0.95, 0.05  # recall@10 with at most 5% of brute force's work


@functools.cache
def world(seed: int):
    """Base vectors, queries and the queries' exact neighbours, shared by both graphs."""
    base = clustered_embeddings(N, DIM, seed=seed)
    queries = clustered_embeddings(N_QUERIES, DIM, seed=seed, sample_seed=seed + 100)
    return base, queries, exact_search(base, queries, K).ids


def sweep(build, seed: int, efs=EFS) -> dict[int, tuple[float, float]]:
    """ef -> (recall@10, distance computations as a fraction of brute force)."""
    base, queries, truth = world(seed)
    graph = build(base, seed)
    results = {ef: graph.search(queries, K, ef=ef) for ef in efs}
    return {ef: (recall_at_k(r.ids, truth), r.work(N)) for ef, r in results.items()}


def main(technique=TECHNIQUE) -> None:
    runs = []
    for seed in SEEDS:
        graph = sweep(technique, seed, EFS if seed == SEEDS[0] else (EF,))
        rand = sweep(BASELINE, seed, (EF,))
        (recall, work), rand_recall = graph[EF], rand[EF][0]
        assert_better(
            f"recall@{K}, ef={EF}", recall, rand_recall, margin=MIN_GAIN, higher_is_better=True
        )
        assert recall >= RECALL_FLOOR and work <= WORK_CEILING, (seed, recall, work)
        runs.append((seed, graph, rand))
    # --8<-- [end:claim]
    report(runs)


def report(runs) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    graph = runs[0][1]
    rows = [[ef, graph[ef][1], round(graph[ef][1] * N), graph[ef][0]] for ef in EFS]
    header = ["ef", "share of brute-force distances", "distances per query", "recall@10"]
    out.markdown("sweep", markdown_table(header, rows))
    lines = [
        f"  seed {seed}: proximity links recall@{K} {sig(g[EF][0])} with {sig(100 * g[EF][1])}%"
        f" of the distances; random links {sig(r[EF][0])} with {sig(100 * r[EF][1])}%"
        for seed, g, r in runs
    ]
    out.text(
        "summary",
        f"graph over {N} vectors, M={DEGREE}, ef={EF}:\n"
        + "\n".join(lines)
        + f"\nclaim: recall@{K} >= {RECALL_FLOOR} with <= {sig(100 * WORK_CEILING)}% of the "
        f"distances, and at least {MIN_GAIN} above random links, every seed -> holds",
    )


if __name__ == "__main__":
    main()
