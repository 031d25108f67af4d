"""Scale estimate for notification ranking: candidate events, decisions, sends and labels.

Every input is an assumption stated in the interview; every output comes from
``mlsd.estimate``. Run it with ``python snippets/case-studies/notification-ranking/scale.py``.
"""

from __future__ import annotations

# --8<-- [start:assumptions]
from mlsd.estimate import human_bytes, human_count, qps, servers_needed, storage_bytes

DAU = 1e9  # daily active users; notifications also reach the less active ones
RECIPIENTS = 1.5e9  # users who may receive notifications (monthly actives)
CANDIDATES = 20  # candidate notifications per recipient per day (comments, tags, posts)
SENT = 2  # notifications actually sent per recipient per day, on average
PEAK = 3.0  # bursts: a celebrity's post fans out to millions of followers at once
OPEN_RATE = 0.08  # opens per notification sent
UNSUBSCRIBES = 0.001  # notification-type disables per notification sent
DECISIONS_PER_HOST = 20_000  # candidate notifications scored per second per CPU host
ROW_BYTES = 300  # a logged decision with its features and outcome
HOLDOUT = 0.05  # share of candidates randomly held back to measure uplift
# --8<-- [end:assumptions]


# --8<-- [start:estimate]
def estimate() -> list[tuple[str, str, str]]:
    decisions = qps(RECIPIENTS, CANDIDATES, peak_to_average=PEAK)
    sends = RECIPIENTS * SENT
    hosts = servers_needed(decisions.peak, DECISIONS_PER_HOST)
    logged = RECIPIENTS * CANDIDATES
    return [
        ("candidate notifications per day", f"recipients x {CANDIDATES}", human_count(logged)),
        ("peak decisions per second", f"average x {PEAK:g}", human_count(decisions.peak)),
        ("notifications sent per day", f"recipients x {SENT}", human_count(sends)),
        ("opens per day", f"sends x {OPEN_RATE:g}", human_count(sends * OPEN_RATE)),
        ("unsubscribes per day", f"sends x {UNSUBSCRIBES:g}", human_count(sends * UNSUBSCRIBES)),
        ("randomized holdout per day", f"candidates x {HOLDOUT:g}", human_count(logged * HOLDOUT)),
        (
            "scoring hosts",
            f"{human_count(DECISIONS_PER_HOST)} decisions/s each, 60% busy",
            f"{hosts:,}",
        ),
        (
            "decision log, 90 days",
            f"{ROW_BYTES} B a row, 3 replicas",
            human_bytes(storage_bytes(logged, ROW_BYTES, 90)),
        ),
    ]


# --8<-- [end:estimate]


def main() -> None:
    from mlsd.outputs import Outputs, markdown_table

    rows = estimate()
    assert RECIPIENTS * SENT * UNSUBSCRIBES > 1e5, "unsubscribes are rare but not scarce"
    Outputs(__file__).markdown("estimate", markdown_table(["quantity", "how", "estimate"], rows))


if __name__ == "__main__":
    main()
