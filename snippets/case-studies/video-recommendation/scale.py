"""Scale estimate for home-feed video recommendation: traffic, catalogue index, labels, fleet.

Every input is an assumption stated in the interview; every output comes from
``mlsd.estimate``. Run it with ``python snippets/case-studies/video-recommendation/scale.py``.
"""

from __future__ import annotations

# --8<-- [start:assumptions]
from mlsd.estimate import (
    ann_index_bytes,
    human_bytes,
    human_count,
    latency_budget,
    qps,
    servers_needed,
)

DAU = 500e6  # daily active viewers
REQUESTS = 8  # home-feed requests per viewer per day
PEAK = 3.0  # evening peak over the daily average
SHOWN = 10  # thumbnails shown (impressions logged) per request
CTR = 0.05  # clicks per impression
VIDEOS = 1e9  # videos eligible for recommendation
DIM = 64  # embedding dimension of the retrieval model
CANDIDATES = 1_000  # videos the retrieval sources return per request
RANKED = 500  # videos the ranker scores after deduplication and filters
SCORES_PER_HOST = 50_000  # videos per second one accelerator host ranks at the target p99
P99_MS = 200
STAGES_MS = {
    "network and gateway": 25,
    "retrieval (ANN + co-watch)": 35,
    "feature fetch": 25,
    "ranker (multi-task)": 80,
    "re-ranking (diversity, policy)": 15,
}
# --8<-- [end:assumptions]


# --8<-- [start:estimate]
def estimate() -> list[tuple[str, str, str]]:
    traffic = qps(DAU, REQUESTS, peak_to_average=PEAK)
    impressions = DAU * REQUESTS * SHOWN
    flat = ann_index_bytes(VIDEOS, DIM)
    compressed = ann_index_bytes(VIDEOS, DIM, graph_degree=0, pq_subquantizers=16)
    hosts = servers_needed(traffic.peak * RANKED, SCORES_PER_HOST)
    headroom = latency_budget(P99_MS, STAGES_MS)["headroom"]
    return [
        ("peak QPS", f"DAU x {REQUESTS} / 86,400 x {PEAK:g}", human_count(traffic.peak)),
        ("impressions per day", f"requests x {SHOWN}", human_count(impressions)),
        (
            "clicks with a watch time per day",
            f"impressions x {CTR:g}",
            human_count(impressions * CTR),
        ),
        ("video index, HNSW float32", f"{DIM}-d vectors + 32 links", human_bytes(flat)),
        ("video index, IVF-PQ", "16 B codes per video", human_bytes(compressed)),
        ("videos ranked per second", f"peak QPS x {RANKED}", human_count(traffic.peak * RANKED)),
        ("ranking hosts", f"{human_count(SCORES_PER_HOST)} videos/s each, 60% busy", f"{hosts:,}"),
        ("p99 headroom", f"{P99_MS} ms minus the stages", f"{headroom:g} ms"),
    ]


# --8<-- [end:estimate]


def main() -> None:
    from mlsd.outputs import Outputs, markdown_table

    rows = estimate()
    assert ann_index_bytes(VIDEOS, DIM) > 256e9, "a float32 graph index overflows one host"
    Outputs(__file__).markdown("estimate", markdown_table(["quantity", "how", "estimate"], rows))


if __name__ == "__main__":
    main()
