"""Recall versus work: the curves that choose an index and its setting.

Run it on its own with ``python snippets/foundations/embeddings-and-ann/recall_vs_work.py``;
it sweeps an inverted file's nprobe and a graph's beam width over the same 20,000
simulated embeddings, draws recall@10 against the share of brute force's distance
computations, and asserts how much less work the graph needs to reach a recall of 0.95.
"""

from __future__ import annotations

# --8<-- [start:curves]
import numpy as np

from mlsd.ann import GraphIndex, InvertedFile, clustered_embeddings, exact_search, recall_at_k
from mlsd.claims import assert_better

SEED = 0
N, DIM, N_QUERIES, K = 20_000, 64, 100, 10


def ivf_curve(base, queries, truth) -> list[tuple[float, float]]:
    """(work, recall@10) of an inverted file with 128 cells, probing 1 to 32 of them."""
    index = InvertedFile.build(base, nlist=128, seed=SEED)
    results = [index.search(queries, K, nprobe=p) for p in (1, 2, 4, 8, 12, 16, 24, 32)]
    return [(r.work(N), recall_at_k(r.ids, truth)) for r in results]


def graph_curve(base, queries, truth) -> list[tuple[float, float]]:
    """(work, recall@10) of an HNSW-like graph with M=16, beam widths 10 to 64."""
    graph = GraphIndex.build(base, degree=16, seed=SEED)
    results = [graph.search(queries, K, ef=ef) for ef in (10, 12, 16, 24, 32, 48, 64)]
    return [(r.work(N), recall_at_k(r.ids, truth)) for r in results]


def work_at_recall(curve, target: float) -> float:
    """Work needed to reach ``target`` recall, interpolated on a log scale of work."""
    work, recall = np.array(curve).T
    above = int(np.argmax(recall >= target))
    assert recall[above] >= target, f"the sweep never reaches recall {target}"
    if above == 0:
        return float(work[0])
    w0, w1, r0, r1 = work[above - 1], work[above], recall[above - 1], recall[above]
    share = (target - r0) / (r1 - r0)
    return float(np.exp(np.log(w0) + share * (np.log(w1) - np.log(w0))))


TECHNIQUE = graph_curve
BASELINE = ivf_curve
# --8<-- [end:curves]


# --8<-- [start:claim]
TARGET = 0.95  # recall@10 the service must keep
MIN_SAVING = 0.04  # share of brute force's distances the graph must save at that recall


def main(technique=TECHNIQUE) -> None:
    base = clustered_embeddings(N, DIM, seed=SEED)
    queries = clustered_embeddings(N_QUERIES, DIM, seed=SEED, sample_seed=SEED + 100)
    truth = exact_search(base, queries, K).ids
    curves = {"graph (HNSW-like)": technique(base, queries, truth)}
    curves["IVF, 128 cells"] = BASELINE(base, queries, truth)
    graph_work, ivf_work = (work_at_recall(c, TARGET) for c in curves.values())
    assert_better(
        f"work for recall@{K} = {TARGET}",
        graph_work,
        ivf_work,
        margin=MIN_SAVING,
        higher_is_better=False,
    )
    # --8<-- [end:claim]
    report(curves, graph_work, ivf_work)


def report(curves, graph_work: float, ivf_work: float) -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    out.text(
        "summary",
        f"distance computations for recall@{K} = {TARGET}, share of brute force ({N} vectors):\n"
        f"  graph {sig(100 * graph_work)}% ({round(graph_work * N)} per query)\n"
        f"  IVF   {sig(100 * ivf_work)}% ({round(ivf_work * N)} per query)\n"
        f"claim: the graph saves at least {sig(100 * MIN_SAVING)} points of brute force -> holds",
    )
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for (label, curve), marker in zip(curves.items(), ("o", "s"), strict=True):
        work, recall = np.array(curve).T
        ax.plot(work, recall, marker=marker, label=label)
    ax.axhline(TARGET, color="grey", linestyle="--", linewidth=1, label=f"recall {TARGET}")
    ax.plot([1.0], [1.0], "k*", markersize=10, label="brute force")
    ax.set(
        xscale="log",
        xlabel="distance computations / brute force (log scale)",
        ylabel=f"recall@{K}",
        ylim=(0.4, 1.02),
    )
    ax.legend(loc="lower right")
    out.figure(fig, "curves")


if __name__ == "__main__":
    main()
