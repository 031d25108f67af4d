"""Product quantization: 16x smaller vectors that still find the neighbours after a re-rank.

Run it on its own with ``python snippets/foundations/embeddings-and-ann/pq.py``; it
compresses 20,000 simulated 64-dimensional embeddings to 8, 16 and 32 bytes each with
product quantization and with scalar quantization, shortlists by the compressed distances,
re-ranks the shortlist with exact distances and asserts that product quantization keeps
more of the true neighbours at the same memory.
"""

from __future__ import annotations

# --8<-- [start:setup]
import numpy as np

from mlsd.ann import (
    ProductQuantizer,
    ScalarQuantizer,
    clustered_embeddings,
    exact_search,
    recall_at_k,
)
from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N, DIM, N_QUERIES, K = 20_000, 64, 100, 10
N_TRAIN = 4_096  # vectors the codebooks or ranges are learned from
FLOAT32_BYTES = DIM * 4  # 256 bytes per uncompressed vector
SHORTLIST = 2 * K  # candidates re-ranked with exact distances


def product_quantizer(train, n_bytes: int):
    """The technique: n_bytes sub-spaces, a 256-centroid codebook each (1 byte per code)."""
    return ProductQuantizer(m=n_bytes, n_iter=3).fit(train)


def scalar_quantizer(train, n_bytes: int):
    """The baseline: the same bytes spread evenly over the 64 coordinates."""
    return ScalarQuantizer(bits=n_bytes * 8 // DIM).fit(train)


TECHNIQUE = product_quantizer
BASELINE = scalar_quantizer
# --8<-- [end:setup]


# --8<-- [start:search]
def search(codec, base, queries, truth) -> tuple[float, float]:
    """Recall@10 from the codes alone, and after re-ranking a shortlist exactly."""
    # An index encodes vectors in batches as they are added (and a batch stays in cache).
    codes = np.concatenate([codec.encode(batch) for batch in np.array_split(base, 20)])
    approx = codec.distances(queries, codes)  # what the index stores: codes
    shortlist = np.argpartition(approx, SHORTLIST, axis=1)[:, :SHORTLIST]
    by_code = np.argsort(np.take_along_axis(approx, shortlist, axis=1), axis=1)
    shortlist = np.take_along_axis(shortlist, by_code, axis=1)  # nearest by code first
    exact = ((base[shortlist] - queries[:, None, :]) ** 2).sum(axis=2)  # full vectors, for 20
    reranked = np.take_along_axis(shortlist, np.argsort(exact, axis=1)[:, :K], axis=1)
    return recall_at_k(shortlist[:, :K], truth), recall_at_k(reranked, truth)


# --8<-- [end:search]


# --8<-- [start:claim]
N_BYTES = 16  # 16x smaller than float32
MIN_GAIN = 0.15  # recall@10 after re-ranking that PQ must add over scalar quantization
RECALL_FLOOR = 0.9


def data(seed: int):
    base = clustered_embeddings(N, DIM, seed=seed)
    queries = clustered_embeddings(N_QUERIES, DIM, seed=seed, sample_seed=seed + 100)
    train = clustered_embeddings(N_TRAIN, DIM, seed=seed, sample_seed=seed + 200)
    return base, queries, train, exact_search(base, queries, K).ids


def main(technique=TECHNIQUE) -> None:
    runs = []
    for seed in SEEDS:
        base, queries, train, truth = data(seed)
        sizes = (8, 16, 32) if seed == SEEDS[0] else (N_BYTES,)
        pq = {b: search(technique(train, b), base, queries, truth) for b in sizes}
        sq = {b: search(BASELINE(train, b), base, queries, truth) for b in sizes}
        assert_better(
            f"recall@{K} after re-ranking, {N_BYTES} bytes",
            pq[N_BYTES][1],
            sq[N_BYTES][1],
            margin=MIN_GAIN,
            higher_is_better=True,
        )
        assert pq[N_BYTES][1] >= RECALL_FLOOR, (seed, pq[N_BYTES])
        runs.append((seed, pq, sq))
    # --8<-- [end:claim]
    report(runs)


def report(runs) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    _, pq, sq = runs[0]
    rows = [
        [f"{b} B ({FLOAT32_BYTES // b}x)", name, r[b][0], r[b][1]]
        for b in (8, 16, 32)
        for name, r in (("product", pq), ("scalar", sq))
    ]
    header = ["bytes per vector", "quantizer", "recall@10, codes only", "recall@10, re-ranked"]
    out.markdown("compression", markdown_table(header, rows))
    lines = [
        f"  seed {seed}: product {sig(p[N_BYTES][1])}, scalar {sig(s[N_BYTES][1])}"
        for seed, p, s in runs
    ]
    out.text(
        "summary",
        f"{N} vectors of {DIM} float32 ({FLOAT32_BYTES} bytes) coded in {N_BYTES} bytes "
        f"({FLOAT32_BYTES // N_BYTES}x smaller); recall@{K} after re-ranking the "
        f"{SHORTLIST} best by code distance:\n"
        + "\n".join(lines)
        + f"\nclaim: product quantization >= {RECALL_FLOOR} and at least {MIN_GAIN} above "
        "scalar quantization, every seed -> holds",
    )


if __name__ == "__main__":
    main()
