"""Fan-out and the tail: a stage that waits for N shards has the p99 of the slowest one.

Simulated shard latencies are log-normal (median 5 ms, sigma 0.5), independent across
shards. Run it with ``python snippets/framework/problem-navigation/fan_out.py``.
"""

from __future__ import annotations

import numpy as np

# --8<-- [start:simulate]
REQUESTS = 100_000
MEDIAN_MS, SIGMA = 5.0, 0.5  # one shard: log-normal, p99 about 16 ms
FAN_OUTS = (1, 10, 50, 100)


def stage_latency(shards: int, rng: np.random.Generator) -> np.ndarray:
    """A stage that queries ``shards`` shards in parallel and waits for all."""
    shard_ms = rng.lognormal(np.log(MEDIAN_MS), SIGMA, size=(REQUESTS, shards))
    return shard_ms.max(axis=1)


def main() -> None:
    rng = np.random.default_rng(0)
    shard_p99 = np.percentile(stage_latency(1, rng), 99)
    rows = []
    for shards in FAN_OUTS:
        latency = stage_latency(shards, rng)
        slow = np.mean(latency > shard_p99)  # hit at least one slow shard
        expected = 1 - 0.99**shards
        assert abs(slow - expected) < 0.01, f"{shards} shards: {slow:.3f}"
        p50, p99 = np.percentile(latency, [50, 99])
        rows.append([shards, p50, p99, 100 * slow])
    assert rows[-1][2] > 1.5 * shard_p99, "100 shards should inflate the p99"
    # --8<-- [end:simulate]
    from mlsd.outputs import Outputs, markdown_table

    header = ["shards", "stage p50 (ms)", "stage p99 (ms)", "% of requests past 1 shard's p99"]
    Outputs(__file__).markdown("fan-out", markdown_table(header, rows))


if __name__ == "__main__":
    main()
