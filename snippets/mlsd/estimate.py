"""Back-of-the-envelope estimation for ML system design answers.

Small, pure functions for the numbers a candidate works out aloud in the first ten
minutes of a design round: traffic in queries per second, log storage, feature-store
memory, embedding tables and nearest-neighbour indexes, and a p99 latency budget split
across the serving stages. Sizes are in bytes with decimal units (1 GB is a billion bytes),
because round powers of ten are what you can multiply in your head.

Every function checks its inputs and raises a `ValueError` that names the bad argument,
so a typo (a negative count, a budget in seconds instead of milliseconds that the stages
overrun) fails loudly instead of producing a plausible-looking wrong answer.

Examples:
    ```python
    from mlsd.estimate import human_bytes, human_count, qps

    traffic = qps(daily_active_users=500e6, requests_per_user_per_day=20)
    human_count(traffic.average), human_count(traffic.peak)  # ('116K', '347K')
    ```
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

#: Seconds in a day. Rounding it to 1e5 is the usual mental shortcut (within 16%).
SECONDS_PER_DAY = 86_400

#: Bytes of one neighbour link in a graph index (a 32-bit vector id).
LINK_BYTES = 4

#: Name of the entry that [`latency_budget`][mlsd.estimate.latency_budget] adds for the
#: part of the budget that no stage uses.
HEADROOM = "headroom"


def _check_positive(**values: float) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not (isinstance(value, numbers.Real) and value > 0):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_non_negative(**values: float) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not (isinstance(value, numbers.Real) and value >= 0):
            raise ValueError(f"{name} must be a non-negative number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")


@dataclass(frozen=True)
class Qps:
    """Traffic in queries per second.

    Attributes:
        average: Daily requests spread evenly over 86,400 seconds.
        peak: The average times the peak-to-average ratio; size the fleet for this one.
    """

    average: float
    peak: float


def qps(
    daily_active_users: float,
    requests_per_user_per_day: float,
    peak_to_average: float = 3.0,
) -> Qps:
    """Average and peak queries per second from daily users and their requests.

    Args:
        daily_active_users: Users active on a typical day (DAU).
        requests_per_user_per_day: Requests each of them makes to the system being
            designed (feed loads, searches, ad requests), not page views in general.
        peak_to_average: Ratio of the busiest second to the average; 2-3 for a global
            product whose time zones smooth the daily cycle, more for a single region or
            for events (sports finals, holiday sales).

    Returns:
        The average and peak traffic.

    Raises:
        ValueError: If a count is not positive or ``peak_to_average`` is below 1.

    Examples:
        >>> traffic = qps(500_000_000, 20)
        >>> round(traffic.average), round(traffic.peak)
        (115741, 347222)
        >>> qps(1_000_000, 1, peak_to_average=1).average  # 1M requests a day is ~12 QPS
        11.574074074074074
    """
    _check_positive(
        daily_active_users=daily_active_users,
        requests_per_user_per_day=requests_per_user_per_day,
        peak_to_average=peak_to_average,
    )
    if peak_to_average < 1:
        raise ValueError(f"peak_to_average must be at least 1, got {peak_to_average!r}")
    average = daily_active_users * requests_per_user_per_day / SECONDS_PER_DAY
    return Qps(average=average, peak=average * peak_to_average)


def storage_bytes(
    events_per_day: float,
    bytes_per_event: float,
    days: float,
    replication: int = 3,
) -> float:
    """Bytes on disk to keep ``days`` of event logs, replicas included.

    Args:
        events_per_day: Logged events (impressions, clicks) per day.
        bytes_per_event: Size of one event as stored (after compression, if any).
        days: Retention window.
        replication: Copies kept by the storage system (3 for HDFS-like stores; about 1.5
            for erasure-coded object storage, rounded here to whole copies).

    Returns:
        Total bytes.

    Raises:
        ValueError: If an argument is not positive or ``replication`` is not an integer.

    Examples:
        >>> storage_bytes(1e9, 200, days=30)  # 1B events/day x 200 B x 30 days x 3 copies
        18000000000000.0
        >>> human_bytes(storage_bytes(1e9, 200, days=30, replication=1))
        '6 TB'
    """
    _check_positive(events_per_day=events_per_day, bytes_per_event=bytes_per_event, days=days)
    if not _is_int(replication) or replication < 1:
        raise ValueError(f"replication must be a positive integer, got {replication!r}")
    return float(events_per_day) * bytes_per_event * days * replication


def feature_store_bytes(
    entities: float,
    features_per_entity: float,
    bytes_per_feature: float,
    overhead: float = 1.5,
) -> float:
    """Memory of an online feature store that keeps every entity's features in RAM.

    Args:
        entities: Users, items or advertisers with a row in the store.
        features_per_entity: Stored values per entity (a 64-dim embedding counts 64).
        bytes_per_feature: Bytes per value: 4 for float32, 2 for float16, 1 for int8.
        overhead: Multiplier for keys, hash-table slack, serialization and fragmentation;
            1.5-2 for a key-value store such as Redis.

    Returns:
        Bytes of RAM across the cluster, before replication.

    Raises:
        ValueError: If an argument is not positive or ``overhead`` is below 1.

    Examples:
        >>> human_bytes(feature_store_bytes(1e9, 100, 4))  # 1B users, 100 float32 features
        '600 GB'
    """
    _check_positive(
        entities=entities,
        features_per_entity=features_per_entity,
        bytes_per_feature=bytes_per_feature,
        overhead=overhead,
    )
    if overhead < 1:
        raise ValueError(f"overhead must be at least 1, got {overhead!r}")
    return float(entities) * features_per_entity * bytes_per_feature * overhead


def embedding_table_bytes(rows: float, dim: int, bytes_per_value: float = 4) -> float:
    """Bytes of a dense embedding table: one ``dim``-vector per id.

    Args:
        rows: Ids in the table (users, items, hashed feature values).
        dim: Embedding dimension, typically 32-256.
        bytes_per_value: 4 for float32, 2 for float16 or bfloat16, 1 for int8.

    Returns:
        Bytes of the table (optimizer state during training adds 1-2x more).

    Raises:
        ValueError: If an argument is not positive or ``dim`` is not an integer.

    Examples:
        >>> embedding_table_bytes(1_000_000, 64)
        256000000.0
        >>> human_bytes(embedding_table_bytes(1e9, 128, bytes_per_value=2))
        '256 GB'
    """
    _check_positive(rows=rows, dim=dim, bytes_per_value=bytes_per_value)
    if not _is_int(dim):
        raise ValueError(f"dim must be an integer, got {dim!r}")
    return float(rows) * dim * bytes_per_value


def ann_index_bytes(
    vectors: float,
    dim: int,
    bytes_per_value: float = 4,
    graph_degree: int = 32,
    pq_subquantizers: int | None = None,
) -> float:
    """Memory of an approximate nearest-neighbour (ANN) index over ``vectors`` embeddings.

    The model is deliberately simple. A graph index (HNSW-like) stores each vector plus
    ``graph_degree`` neighbour links of 4 bytes. With ``pq_subquantizers=m``, product
    quantization replaces each vector by ``m`` one-byte codes, and the index adds its
    codebooks: 256 centroids per subquantizer, ``256 * dim`` values in all. Pass
    ``graph_degree=0`` for an index without links (a flat or inverted-file index; the
    ids an inverted file stores add about 8 bytes a vector).

    Args:
        vectors: Number of indexed embeddings.
        dim: Embedding dimension.
        bytes_per_value: Bytes per stored value when vectors are not quantized.
        graph_degree: Links per vector; HNSW with ``M=16`` keeps about 32 on its base layer.
        pq_subquantizers: Bytes per vector after product quantization; must divide ``dim``.

    Returns:
        Bytes of RAM for one replica of the index.

    Raises:
        ValueError: If an argument is out of range or ``pq_subquantizers`` does not divide
            ``dim``.

    Examples:
        >>> ann_index_bytes(1_000_000, 128)  # 512 B vector + 128 B of links, per vector
        640000000.0
        >>> ann_index_bytes(1_000_000, 128, graph_degree=0, pq_subquantizers=16)
        16131072.0
    """
    _check_positive(vectors=vectors, dim=dim, bytes_per_value=bytes_per_value)
    if not _is_int(dim):
        raise ValueError(f"dim must be an integer, got {dim!r}")
    if not _is_int(graph_degree) or graph_degree < 0:
        raise ValueError(f"graph_degree must be a non-negative integer, got {graph_degree!r}")
    links = graph_degree * LINK_BYTES
    if pq_subquantizers is None:
        return float(vectors) * (dim * bytes_per_value + links)
    if not _is_int(pq_subquantizers) or pq_subquantizers < 1 or dim % pq_subquantizers:
        raise ValueError(
            f"pq_subquantizers must be a positive integer dividing dim={dim}, "
            f"got {pq_subquantizers!r}"
        )
    codebooks = 256 * dim * 4  # 256 float32 centroids per sub-space, dim values in all
    return float(vectors) * (pq_subquantizers + links) + codebooks


def servers_needed(peak_qps: float, qps_per_server: float, utilization: float = 0.6) -> int:
    """Servers to absorb ``peak_qps`` while each runs at ``utilization`` of its capacity.

    Args:
        peak_qps: Peak load, in the unit ``qps_per_server`` is measured in (requests, or
            scored candidates, per second).
        qps_per_server: Load one server sustains at its latency target, from a benchmark.
        utilization: Target fraction of capacity at peak, leaving room for a lost data
            centre, retries and growth; 0.5-0.7 is common.

    Returns:
        Whole servers, rounded up.

    Raises:
        ValueError: If a load is not positive or ``utilization`` is not in (0, 1].

    Examples:
        >>> servers_needed(347_222, 2_000)  # 347K peak QPS, 2K QPS per server at 60%
        290
        >>> servers_needed(1_000, 1_000, utilization=1.0)
        1
    """
    _check_positive(peak_qps=peak_qps, qps_per_server=qps_per_server)
    if not 0 < utilization <= 1:
        raise ValueError(f"utilization must be in (0, 1], got {utilization!r}")
    return math.ceil(peak_qps / (qps_per_server * utilization) - 1e-9)


def latency_budget(total_ms: float, stages: Mapping[str, float]) -> dict[str, float]:
    """Check that the stages of a request fit a p99 budget and report the headroom.

    Stages run one after another (network, retrieval, feature fetch, ranking,
    re-ranking), so their budgets add up. Adding p99s overstates the p99 of the sum a
    little, which makes the check conservative: a plan that fits here fits in production
    unless a stage fans out to many shards, whose slowest shard sets the stage's p99.

    Args:
        total_ms: The end-to-end p99 the product requires, in milliseconds.
        stages: Budget of each stage in milliseconds, in request order.

    Returns:
        The stages in order, then ``"headroom"``: what is left of ``total_ms``.

    Raises:
        ValueError: If the stages exceed ``total_ms``, a budget is negative, no stage is
            given, or a stage is called ``"headroom"``.

    Examples:
        >>> latency_budget(200, {"network": 40, "retrieval": 40, "ranking": 80, "re-ranking": 20})
        {'network': 40, 'retrieval': 40, 'ranking': 80, 're-ranking': 20, 'headroom': 20}
        >>> latency_budget(100, {"retrieval": 60, "ranking": 60})
        Traceback (most recent call last):
        ...
        ValueError: stages need 120 ms, more than the 100 ms budget: cut 20 ms
    """
    _check_positive(total_ms=total_ms)
    if not stages:
        raise ValueError("stages must name at least one stage")
    if HEADROOM in stages:
        raise ValueError(f"{HEADROOM!r} is computed, not a stage name")
    for name, ms in stages.items():
        _check_non_negative(**{f"stage {name!r}": ms})
    used = sum(stages.values())
    if used > total_ms:
        raise ValueError(
            f"stages need {used:g} ms, more than the {total_ms:g} ms budget: "
            f"cut {used - total_ms:g} ms"
        )
    return {**stages, HEADROOM: total_ms - used}


_BYTE_UNITS = ("B", "KB", "MB", "GB", "TB", "PB", "EB")
_COUNT_UNITS = ("", "K", "M", "B", "T")


def _scaled(value: float, units: tuple[str, ...], digits: int, sep: str) -> str:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"value must be a finite non-negative number, got {value!r}")
    if not _is_int(digits) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits!r}")
    rounded = float(f"{value:.{digits}g}")
    exponent = 0
    while rounded >= 1000 and exponent < len(units) - 1:
        rounded /= 1000
        exponent += 1
    rounded = float(f"{rounded:.{digits}g}")  # undo float noise from the divisions
    if rounded >= 1000 and exponent < len(units) - 1:  # 999.6 rounded up to 1000
        rounded, exponent = rounded / 1000, exponent + 1
    text = f"{rounded:.{digits}g}"
    if "e" in text:  # only when the units run out
        text = f"{rounded:.0f}"
    unit = units[exponent]
    return f"{text}{sep}{unit}" if unit else text


def human_bytes(n: float, digits: int = 3) -> str:
    """Format a byte count with decimal units (KB = 1,000 bytes) and ``digits`` figures.

    Args:
        n: Bytes.
        digits: Significant figures to keep.

    Returns:
        The size, such as ``'1.16 TB'``.

    Raises:
        ValueError: If ``n`` is negative or not finite.

    Examples:
        >>> human_bytes(0), human_bytes(512), human_bytes(1_160_000_000_000)
        ('0 B', '512 B', '1.16 TB')
        >>> human_bytes(999_999)  # rounds up into the next unit
        '1 MB'
    """
    return _scaled(n, _BYTE_UNITS, digits, " ")


def human_count(n: float, digits: int = 3) -> str:
    """Format a count with K, M, B (billion) and T suffixes and ``digits`` figures.

    Args:
        n: The count.
        digits: Significant figures to keep.

    Returns:
        The count, such as ``'116K'``.

    Raises:
        ValueError: If ``n`` is negative or not finite.

    Examples:
        >>> human_count(115_741), human_count(3e8), human_count(42), human_count(1.5)
        ('116K', '300M', '42', '1.5')
    """
    return _scaled(n, _COUNT_UNITS, digits, "")
