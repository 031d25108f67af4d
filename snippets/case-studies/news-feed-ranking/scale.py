"""Scale estimate for a personalized news feed: traffic, labels per head, fleet and latency.

Every input is an assumption stated in the interview; every output comes from
``mlsd.estimate``. Run it with ``python snippets/case-studies/news-feed-ranking/scale.py``.
"""

from __future__ import annotations

# --8<-- [start:assumptions]
from mlsd.estimate import (
    human_bytes,
    human_count,
    latency_budget,
    qps,
    servers_needed,
    storage_bytes,
)

DAU = 1e9  # daily active users
LOADS = 10  # feed loads (first open plus refreshes) per user per day
SEEN = 15  # posts a user scrolls past per load: the logged impressions
PEAK = 2.5  # peak-to-average traffic ratio of a global product
INVENTORY = 1_500  # eligible posts per load: friends, groups, followed pages, 2 days
RANKED = 500  # posts the heavy multi-task ranker scores after the first pass
EVENT_RATES = {"click": 0.03, "like": 0.015, "comment": 0.003, "share": 0.001, "hide": 0.0005}
ROW_BYTES = 500  # one impression row with its logged features, compressed
NEGATIVES_KEPT = 0.05  # share of no-event impressions kept for training
SCORES_PER_HOST = 50_000  # posts per second one accelerator host ranks at the target p99
P99_MS = 250  # server-side p99 of a feed load
STAGES_MS = {
    "network and gateway": 30,
    "candidate retrieval": 40,
    "first-pass ranker": 30,
    "feature fetch": 25,
    "multi-task ranker": 90,
    "re-ranking and integrity": 15,
}
# --8<-- [end:assumptions]


# --8<-- [start:estimate]
def estimate() -> list[tuple[str, str, str]]:
    traffic = qps(DAU, LOADS, peak_to_average=PEAK)
    impressions = DAU * LOADS * SEEN
    positives = {event: impressions * rate for event, rate in EVENT_RATES.items()}
    kept = impressions * (sum(EVENT_RATES.values()) + NEGATIVES_KEPT)  # an upper bound
    hosts = servers_needed(traffic.peak * RANKED, SCORES_PER_HOST)
    headroom = latency_budget(P99_MS, STAGES_MS)["headroom"]
    rows = [
        ("peak QPS (feed loads)", f"DAU x {LOADS} / 86,400 x {PEAK:g}", human_count(traffic.peak)),
        ("impressions per day", f"DAU x {LOADS} loads x {SEEN} seen", human_count(impressions)),
    ]
    rows += [
        (f"{e} positives per day", f"impressions x {r:g}", human_count(positives[e]))
        for e, r in EVENT_RATES.items()
    ]
    rows += [
        (
            "training rows per day",
            f"positives + {NEGATIVES_KEPT:g} of negatives",
            human_count(kept),
        ),
        (
            "training log, 30 days",
            f"{ROW_BYTES} B a row, 3 replicas",
            human_bytes(storage_bytes(kept, ROW_BYTES, 30)),
        ),
        ("posts ranked per second", f"peak QPS x {RANKED}", human_count(traffic.peak * RANKED)),
        ("ranking hosts", f"{human_count(SCORES_PER_HOST)} posts/s each, 60% busy", f"{hosts:,}"),
        ("p99 headroom", f"{P99_MS} ms minus the stages", f"{headroom:g} ms"),
    ]
    return rows


# --8<-- [end:estimate]


def main() -> None:
    from mlsd.outputs import Outputs, markdown_table

    rows = estimate()
    rarest = min(EVENT_RATES.values()) * DAU * LOADS * SEEN
    assert rarest > 1e6, "even the rarest head should see millions of positives a day"
    Outputs(__file__).markdown("estimate", markdown_table(["quantity", "how", "estimate"], rows))


if __name__ == "__main__":
    main()
