"""The estimation calculator: numbers worked out by hand, edge cases and errors."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import mlsd.estimate
from mlsd.estimate import (
    HEADROOM,
    SECONDS_PER_DAY,
    Qps,
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

# --- qps --------------------------------------------------------------------------------


def test_qps_500m_dau_20_requests() -> None:
    # 500e6 x 20 = 1e10 requests a day; 1e10 / 86,400 s = 115,740.74 QPS; peak x3.
    traffic = qps(500_000_000, 20)
    assert traffic.average == pytest.approx(115_740.74, abs=0.01)
    assert round(traffic.average) == 115_741
    assert traffic.peak == pytest.approx(347_222.22, abs=0.01)


def test_qps_one_million_requests_a_day_is_about_12_per_second() -> None:
    traffic = qps(1_000_000, 1, peak_to_average=1)
    assert traffic.average == pytest.approx(11.574, abs=1e-3)
    assert traffic.peak == traffic.average


def test_qps_peak_scales_with_ratio() -> None:
    # 300M DAU x 20 feed loads = 6e9 a day = 69,444.4 QPS on average, 277,777.8 at 4x.
    traffic = qps(300e6, 20, peak_to_average=4)
    assert traffic.average == pytest.approx(69_444.44, abs=0.01)
    assert traffic.peak == pytest.approx(277_777.78, abs=0.01)


def test_qps_is_a_frozen_dataclass() -> None:
    traffic = qps(86_400, 1, peak_to_average=2)
    assert traffic == Qps(average=1.0, peak=2.0)
    with pytest.raises(AttributeError):
        traffic.peak = 3.0  # type: ignore[misc]


def test_seconds_per_day() -> None:
    assert SECONDS_PER_DAY == 24 * 60 * 60


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"daily_active_users": 0, "requests_per_user_per_day": 1}, "daily_active_users"),
        ({"daily_active_users": -5, "requests_per_user_per_day": 1}, "daily_active_users"),
        ({"daily_active_users": 10, "requests_per_user_per_day": 0}, "requests_per_user"),
        ({"daily_active_users": math.nan, "requests_per_user_per_day": 1}, "positive"),
        ({"daily_active_users": math.inf, "requests_per_user_per_day": 1}, "finite"),
        ({"daily_active_users": "1e6", "requests_per_user_per_day": 1}, "positive number"),
        ({"daily_active_users": True, "requests_per_user_per_day": 1}, "daily_active_users"),
        (
            {"daily_active_users": 10, "requests_per_user_per_day": 1, "peak_to_average": 0.5},
            "peak_to_average must be at least 1",
        ),
    ],
)
def test_qps_rejects_bad_inputs(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        qps(**kwargs)


def test_qps_accepts_numpy_scalars() -> None:
    assert qps(np.int64(86_400), np.float64(2.0), 1).average == pytest.approx(2.0)


# --- storage ----------------------------------------------------------------------------


def test_storage_bytes_by_hand() -> None:
    # 6e10 impressions a day x 100 B x 90 days x 3 replicas = 1.62e15 B = 1.62 PB.
    assert storage_bytes(6e10, 100, days=90) == pytest.approx(1.62e15)
    assert human_bytes(storage_bytes(6e10, 100, days=90)) == "1.62 PB"


def test_storage_bytes_replication_is_linear() -> None:
    one = storage_bytes(1e6, 500, days=7, replication=1)
    assert one == 3.5e9
    assert storage_bytes(1e6, 500, days=7, replication=3) == 3 * one


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 100, 30), {}, "events_per_day"),
        ((1e9, -1, 30), {}, "bytes_per_event"),
        ((1e9, 100, 0), {}, "days"),
        ((1e9, 100, 30), {"replication": 0}, "replication must be a positive integer"),
        ((1e9, 100, 30), {"replication": 1.5}, "replication must be a positive integer"),
        ((1e9, 100, 30), {"replication": True}, "replication must be a positive integer"),
    ],
)
def test_storage_bytes_rejects_bad_inputs(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        storage_bytes(*args, **kwargs)


# --- feature store ----------------------------------------------------------------------


def test_feature_store_bytes_by_hand() -> None:
    # 300M users x 200 float32 features = 240 GB of values; x1.5 overhead = 360 GB.
    assert feature_store_bytes(300e6, 200, 4) == pytest.approx(3.6e11)
    assert feature_store_bytes(300e6, 200, 4, overhead=1) == pytest.approx(2.4e11)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"entities": 0}, "entities"),
        ({"features_per_entity": -3}, "features_per_entity"),
        ({"bytes_per_feature": 0}, "bytes_per_feature"),
        ({"overhead": 0.9}, "overhead must be at least 1"),
    ],
)
def test_feature_store_bytes_rejects_bad_inputs(kwargs: dict, message: str) -> None:
    arguments = {"entities": 1e6, "features_per_entity": 10, "bytes_per_feature": 4, **kwargs}
    with pytest.raises(ValueError, match=message):
        feature_store_bytes(**arguments)


# --- embeddings and ANN indexes ---------------------------------------------------------


def test_embedding_table_bytes_by_hand() -> None:
    # 1e9 ids x 128 dims x 4 B = 512 GB; half in float16, a quarter in int8.
    assert embedding_table_bytes(1e9, 128) == 512e9
    assert embedding_table_bytes(1e9, 128, bytes_per_value=2) == 256e9
    assert embedding_table_bytes(1e9, 128, bytes_per_value=1) == 128e9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 64), "rows"),
        ((10, 0), "dim"),
        ((10, 64.0), "dim must be an integer"),
        ((10, 64, 0), "bytes_per_value"),
    ],
)
def test_embedding_table_bytes_rejects_bad_inputs(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        embedding_table_bytes(*args)


def test_ann_index_hnsw_by_hand() -> None:
    # 1e8 vectors x (128 x 4 B + 32 links x 4 B) = 1e8 x 640 B = 64 GB.
    assert ann_index_bytes(1e8, 128) == pytest.approx(64e9)
    # Without links the index is the raw vectors: the embedding table itself.
    assert ann_index_bytes(1e8, 128, graph_degree=0) == embedding_table_bytes(1e8, 128)


def test_ann_index_product_quantization_by_hand() -> None:
    # 1e9 vectors x 16 one-byte codes = 16 GB, plus 256 x 128 x 4 B = 131,072 B of codebooks.
    assert ann_index_bytes(1e9, 128, graph_degree=0, pq_subquantizers=16) == 16e9 + 131_072
    # PQ codes with a 32-link graph: 1e9 x (16 + 128) B + codebooks.
    assert ann_index_bytes(1e9, 128, pq_subquantizers=16) == 144e9 + 131_072


def test_ann_index_pq_is_32x_smaller_than_float32_vectors() -> None:
    flat = ann_index_bytes(1e9, 128, graph_degree=0)
    pq = ann_index_bytes(1e9, 128, graph_degree=0, pq_subquantizers=16)
    assert flat / pq == pytest.approx(32, rel=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vectors": 0}, "vectors"),
        ({"dim": 0}, "dim"),
        ({"graph_degree": -1}, "graph_degree must be a non-negative integer"),
        ({"graph_degree": 8.5}, "graph_degree must be a non-negative integer"),
        ({"pq_subquantizers": 0}, "pq_subquantizers must be a positive integer dividing"),
        ({"pq_subquantizers": 7}, "dividing dim=128"),
    ],
)
def test_ann_index_bytes_rejects_bad_inputs(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ann_index_bytes(**{"vectors": 1e6, "dim": 128, **kwargs})


# --- servers ----------------------------------------------------------------------------


def test_servers_needed_by_hand() -> None:
    # 347,222 QPS / (2,000 QPS x 0.6) = 289.35 -> 290 servers.
    assert servers_needed(347_222, 2_000) == 290
    assert servers_needed(1_000, 500, utilization=1.0) == 2


def test_servers_needed_exact_fit_is_not_rounded_up_by_float_noise() -> None:
    # 600 / (1,000 x 0.6) is 1.0000000000000002 in floating point; one server suffices.
    assert servers_needed(600, 1_000, utilization=0.6) == 1


@pytest.mark.parametrize("utilization", [0, -0.5, 1.01])
def test_servers_needed_rejects_bad_utilization(utilization: float) -> None:
    with pytest.raises(ValueError, match="utilization must be in"):
        servers_needed(100, 10, utilization=utilization)


def test_servers_needed_rejects_non_positive_load() -> None:
    with pytest.raises(ValueError, match="qps_per_server"):
        servers_needed(100, 0)


# --- latency budget ---------------------------------------------------------------------


def test_latency_budget_reports_headroom_in_order() -> None:
    stages = {"network": 30, "retrieval": 40, "ranking": 80, "re-ranking": 20}
    budget = latency_budget(200, stages)
    assert budget == {**stages, HEADROOM: 30}
    assert list(budget) == ["network", "retrieval", "ranking", "re-ranking", "headroom"]
    assert sum(budget.values()) == 200


def test_latency_budget_exact_fit_leaves_zero_headroom() -> None:
    assert latency_budget(100, {"retrieval": 40, "ranking": 60})[HEADROOM] == 0


def test_latency_budget_does_not_modify_its_input() -> None:
    stages = {"ranking": 50.0}
    latency_budget(100, stages)
    assert stages == {"ranking": 50.0}


def test_latency_budget_overrun_says_how_much_to_cut() -> None:
    message = r"stages need 230 ms, more than the 200 ms budget: cut 30 ms"
    with pytest.raises(ValueError, match=message):
        latency_budget(200, {"retrieval": 50, "ranking": 150, "re-ranking": 30})


@pytest.mark.parametrize(
    ("total", "stages", "message"),
    [
        (0, {"ranking": 10}, "total_ms"),
        (100, {}, "at least one stage"),
        (100, {"ranking": -5}, "stage 'ranking' must be a non-negative number"),
        (100, {"headroom": 5}, "'headroom' is computed"),
    ],
)
def test_latency_budget_rejects_bad_inputs(total: float, stages: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        latency_budget(total, stages)


# --- formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 B"),
        (1, "1 B"),
        (999, "999 B"),
        (1_000, "1 KB"),
        (1_500, "1.5 KB"),
        (256e9, "256 GB"),
        (1.62e15, "1.62 PB"),
        (999_499, "999 KB"),
        (999_999, "1 MB"),  # 999.999 KB rounds up to the next unit
        (12_345_678_901_234, "12.3 TB"),
        (5e21, "5000 EB"),  # past the last unit: no exponent notation
    ],
)
def test_human_bytes(n: float, expected: str) -> None:
    assert human_bytes(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (115_741, "116K"),
        (347_222.2, "347K"),
        (6e9, "6B"),
        (2.08e8, "208M"),
        (1e12, "1T"),
        (0.25, "0.25"),
    ],
)
def test_human_count(n: float, expected: str) -> None:
    assert human_count(n) == expected


def test_human_count_digits() -> None:
    assert human_count(115_741, digits=2) == "120K"
    assert human_count(115_741, digits=6) == "115.741K"


@pytest.mark.parametrize("n", [-1, math.nan, math.inf, "10"])
def test_human_formatters_reject_bad_values(n: float) -> None:
    with pytest.raises(ValueError, match="finite non-negative"):
        human_bytes(n)
    with pytest.raises(ValueError, match="finite non-negative"):
        human_count(n)


def test_human_formatters_reject_bad_digits() -> None:
    with pytest.raises(ValueError, match="digits"):
        human_bytes(10, digits=0)


# --- docstring examples -----------------------------------------------------------------


def test_docstring_examples_are_correct() -> None:
    result = doctest.testmod(mlsd.estimate, verbose=False, report=True)
    assert result.attempted >= 10
    assert result.failed == 0
