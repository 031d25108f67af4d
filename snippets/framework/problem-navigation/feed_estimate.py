"""Back-of-the-envelope estimate for a news feed with 300M daily active users.

Every input is an assumption a candidate states aloud; every output comes from
``mlsd.estimate``. Run it with
``python snippets/framework/problem-navigation/feed_estimate.py``.
"""

from __future__ import annotations

# --8<-- [start:assumptions]
from mlsd.estimate import (
    ann_index_bytes,
    embedding_table_bytes,
    feature_store_bytes,
    human_bytes,
    human_count,
    latency_budget,
    qps,
    servers_needed,
    storage_bytes,
)

DAU = 300e6  # daily active users
LOADS = 20  # feed requests per user per day
PEAK = 3.0  # peak-to-average traffic ratio
SHOWN = 10  # posts shown (impressions logged) per feed load
ROW_BYTES = 100  # compressed log row: ids, context, label
RETENTION_DAYS = 90  # history kept for training
POSTS = 500e6  # posts eligible for ranking: about 2 days of content
USER_FEATURES = 200  # float32 values per user in the online store
POST_FEATURES = 100  # float32 values per post
DIM = 128  # two-tower embedding dimension
CANDIDATES = 1_000  # posts retrieval hands to the ranker
SCORES_PER_HOST = 200_000  # candidates/s per ranking host: load test it
HOST_HOUR_USD = 2.0  # price of one ranking host for an hour
P99_MS = 200  # server-side p99 of a feed load
STAGES_MS = {  # sequential stages, p99 each
    "network": 30,  # client edge, gateway, auth
    "retrieval": 40,  # ANN plus follow-graph and trending sources
    "features": 20,  # batched feature-store reads
    "ranking": 70,  # multi-task model over every candidate
    "re-ranking": 15,  # diversity, integrity filters, rules
}
# --8<-- [end:assumptions]


# --8<-- [start:estimate]
def estimate() -> list[tuple[str, str, str]]:
    """Rows of (quantity, how it is computed, estimate)."""
    traffic = qps(DAU, LOADS, peak_to_average=PEAK)
    shown = DAU * LOADS * SHOWN  # impressions per day
    logs = storage_bytes(shown, ROW_BYTES, RETENTION_DAYS)
    users = feature_store_bytes(DAU, USER_FEATURES, 4)
    posts = feature_store_bytes(POSTS, POST_FEATURES, 4)
    vectors = embedding_table_bytes(POSTS, DIM)
    hnsw = ann_index_bytes(POSTS, DIM)
    hnsw_pq = ann_index_bytes(POSTS, DIM, pq_subquantizers=32)
    scores = traffic.peak * CANDIDATES  # candidates scored per second
    hosts = servers_needed(scores, SCORES_PER_HOST)
    usd_per_year = hosts * HOST_HOUR_USD * 24 * 365
    headroom = latency_budget(P99_MS, STAGES_MS)["headroom"]
    return [
        ("average QPS", "DAU x loads / 86,400 s", human_count(traffic.average)),
        ("peak QPS", f"{PEAK:g} x average", human_count(traffic.peak)),
        ("impressions per day", "DAU x loads x shown", human_count(shown)),
        ("impression logs", "3 replicas", human_bytes(logs)),
        ("user features", "RAM, 1.5x overhead", human_bytes(users)),
        ("post features", "RAM, 1.5x overhead", human_bytes(posts)),
        ("post embeddings", "float32", human_bytes(vectors)),
        ("ANN index, HNSW", "vectors + 32 links", human_bytes(hnsw)),
        ("ANN index, HNSW + PQ", "32 B codes + 32 links", human_bytes(hnsw_pq)),
        ("scores per second", "peak QPS x candidates", human_count(scores)),
        ("ranking hosts", "at 60% utilization", f"{hosts:,}"),
        ("ranking fleet cost", "per year", f"${human_count(usd_per_year)}"),
        ("p99 headroom", "budget minus stages", f"{headroom:g} ms"),
    ]


# --8<-- [end:estimate]


def main() -> None:
    from mlsd.outputs import Outputs, markdown_table

    rows = estimate()
    # --8<-- [start:checks]
    traffic = qps(DAU, LOADS, peak_to_average=PEAK)
    assert round(traffic.average) == round(DAU * LOADS / 86_400), "QPS arithmetic"
    hnsw_gb = ann_index_bytes(POSTS, DIM) / 1e9
    pq_gb = ann_index_bytes(POSTS, DIM, pq_subquantizers=32) / 1e9
    assert hnsw_gb > 256 > pq_gb, "HNSW should overflow a 256 GB host, PQ fit"
    # --8<-- [end:checks]
    out = Outputs(__file__)
    out.markdown("estimate", markdown_table(["quantity", "how", "estimate"], rows))
    out.figure(budget_figure(), "latency-budget")


def budget_figure():
    import matplotlib.pyplot as plt

    budget = latency_budget(P99_MS, STAGES_MS)
    fig, ax = plt.subplots(figsize=(7, 2.2))
    left = 0.0
    colors = plt.get_cmap("tab10").colors
    for i, ((stage, ms), color) in enumerate(zip(budget.items(), colors, strict=False)):
        hatch = "//" if stage == "headroom" else None
        fill = "white" if stage == "headroom" else color
        ax.barh(0, ms, left=left, height=0.8, color=fill, edgecolor="black", hatch=hatch)
        y, va = (0.5, "bottom") if i % 2 == 0 else (-0.5, "top")  # alternate: no overlaps
        ax.text(left + ms / 2, y, f"{stage}\n{ms:g} ms", ha="center", va=va, fontsize=8)
        left += ms
    ax.set(xlim=(0, P99_MS), ylim=(-1.3, 1.3), yticks=[], xlabel="milliseconds of the p99 budget")
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return fig


if __name__ == "__main__":
    main()
