"""mlsd.ann: exact search against a brute-force reference, the work each index counts, the
behaviour the ANN page's claims rest on, determinism, and input checks."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import mlsd.ann
from mlsd.ann import (
    GraphIndex,
    InvertedFile,
    ProductQuantizer,
    ScalarQuantizer,
    SearchResult,
    clustered_embeddings,
    exact_search,
    kmeans,
    random_partition,
    recall_at_k,
    squared_distances,
)


@pytest.fixture(scope="module")
def world() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    base = clustered_embeddings(3_000, 16, n_clusters=16, seed=0)
    queries = clustered_embeddings(40, 16, n_clusters=16, seed=0, sample_seed=1)
    return base, queries, exact_search(base, queries, 10).ids


# --- data and exact search --------------------------------------------------------------


def test_clustered_embeddings_are_unit_norm_and_deterministic() -> None:
    a = clustered_embeddings(500, 8, seed=3)
    assert a.shape == (500, 8)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0)
    np.testing.assert_array_equal(a, clustered_embeddings(500, 8, seed=3))
    assert not np.array_equal(a, clustered_embeddings(500, 8, seed=3, sample_seed=4))


def test_queries_come_from_the_same_world() -> None:
    """A query drawn with another sample seed is closer to the base than random vectors are."""
    base = clustered_embeddings(2_000, 16, seed=0)
    same = clustered_embeddings(50, 16, seed=0, sample_seed=9)
    other = clustered_embeddings(50, 16, seed=1)
    nearest = lambda q: squared_distances(q, base).min(axis=1).mean()  # noqa: E731
    assert nearest(same) < nearest(other)


def test_squared_distances_match_the_definition() -> None:
    rng = np.random.default_rng(0)
    q, b = rng.standard_normal((7, 5)), rng.standard_normal((11, 5))
    expected = ((q[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(squared_distances(q, b), expected, atol=1e-12)
    assert (squared_distances(b, b) >= 0).all()


def test_exact_search_matches_a_full_sort(world) -> None:
    base, queries, truth = world
    order = np.argsort(squared_distances(queries, base), axis=1, kind="stable")[:, :10]
    np.testing.assert_array_equal(truth, order)
    result = exact_search(base, queries, 10)
    assert (result.distance_computations == len(base)).all()
    assert result.work(len(base)) == 1.0


def test_recall_at_k_counts_overlap_and_ignores_padding() -> None:
    assert recall_at_k([[1, 2], [3, -1]], [[2, 1], [3, 4]]) == pytest.approx(0.75)
    assert recall_at_k([[5, 6]], [[1, 2]]) == 0.0
    with pytest.raises(ValueError):
        recall_at_k([[1, 2]], [[1, 2], [3, 4]])


# --- partitions and IVF -----------------------------------------------------------------


def test_kmeans_separates_obvious_clusters() -> None:
    points = np.r_[np.zeros((20, 2)), np.full((20, 2), 10.0)] + 0.01 * np.arange(40)[:, None]
    centroids, labels = kmeans(points, 2, seed=0)
    assert len(set(labels[:20].tolist())) == 1 and len(set(labels[20:].tolist())) == 1
    assert labels[0] != labels[-1]
    assert sorted(np.round(centroids[:, 0]).tolist()) == [0.0, 10.0]


def test_random_partition_balances_cells() -> None:
    _, labels = random_partition(np.zeros((100, 3)), 10, seed=1)
    assert np.bincount(labels).tolist() == [10] * 10


def test_ivf_probing_every_cell_is_exact(world) -> None:
    base, queries, truth = world
    index = InvertedFile.build(base, nlist=16, seed=0)
    result = index.search(queries, 10, nprobe=16)
    assert recall_at_k(result.ids, truth) == 1.0
    assert (result.distance_computations == len(base) + 16).all()


def test_ivf_work_is_centroids_plus_probed_cells(world) -> None:
    base, queries, _ = world
    index = InvertedFile.build(base, nlist=16, seed=0)
    result = index.search(queries[:1], 10, nprobe=2)
    cells = np.argsort(squared_distances(queries[:1], index.centroids)[0])[:2]
    assert result.distance_computations[0] == 16 + sum(len(index.lists[c]) for c in cells)


def test_ivf_recall_grows_with_nprobe_and_beats_random_cells(world) -> None:
    base, queries, truth = world
    kmeans_index = InvertedFile.build(base, nlist=32, seed=0)
    random_index = InvertedFile.build(base, nlist=32, partition=random_partition, seed=0)
    recalls = [recall_at_k(kmeans_index.search(queries, 10, p).ids, truth) for p in (1, 4, 16)]
    assert recalls == sorted(recalls)
    random_recall = recall_at_k(random_index.search(queries, 10, 4).ids, truth)
    assert recalls[1] > random_recall + 0.3


def test_ivf_pads_when_cells_hold_fewer_than_k() -> None:
    base = np.eye(4)
    index = InvertedFile(base, centroids=np.eye(4), labels=[0, 1, 2, 3])
    result = index.search(base[:1], k=3, nprobe=1)
    assert result.ids.tolist() == [[0, -1, -1]]


# --- graph ------------------------------------------------------------------------------


def test_graph_finds_neighbours_with_a_fraction_of_the_work(world) -> None:
    base, queries, truth = world
    graph = GraphIndex.build(base, degree=8, seed=0)
    result = graph.search(queries, 10, ef=40)
    assert recall_at_k(result.ids, truth) >= 0.9
    assert result.work(len(base)) < 0.5


def test_graph_layers_shrink_and_links_are_symmetric(world) -> None:
    base, _, _ = world
    graph = GraphIndex.build(base, degree=8, seed=0)
    sizes = [len(layer) for layer in graph.layers]
    assert sizes[0] == len(base) and sizes == sorted(sizes, reverse=True)
    bottom = graph.layers[0]
    some = list(bottom)[:50]
    links = sum(len(bottom[m]) for m in some)
    back = sum(m in set(bottom[int(n)].tolist()) for m in some for n in bottom[m])
    assert back / links > 0.8  # trimming to the nearest 2 * width drops a few reverse links
    assert all(m not in set(bottom[m].tolist()) for m in some)


def test_random_links_break_greedy_search(world) -> None:
    base, queries, truth = world
    graph = GraphIndex.build(base, degree=8, links="random", seed=0)
    assert recall_at_k(graph.search(queries, 10, ef=40).ids, truth) < 0.5


def test_graph_search_is_deterministic(world) -> None:
    base, queries, _ = world
    a = GraphIndex.build(base, degree=8, seed=2).search(queries, 5, ef=20)
    b = GraphIndex.build(base, degree=8, seed=2).search(queries, 5, ef=20)
    np.testing.assert_array_equal(a.ids, b.ids)
    np.testing.assert_array_equal(a.distance_computations, b.distance_computations)


def test_graph_rejects_unknown_link_rule() -> None:
    with pytest.raises(ValueError, match="links"):
        GraphIndex.build(np.eye(3), links="hubs")


# --- quantizers -------------------------------------------------------------------------


def test_product_quantizer_codes_and_distances(world) -> None:
    base, queries, _ = world
    pq = ProductQuantizer(m=4, n_centroids=64).fit(base)
    codes = pq.encode(base)
    assert codes.shape == (len(base), 4) and codes.dtype == np.uint8
    # asymmetric distances are exact distances to the decoded vectors
    np.testing.assert_allclose(
        pq.distances(queries, codes), squared_distances(queries, pq.decode(codes)), atol=1e-9
    )
    error = ((pq.decode(codes) - base) ** 2).sum(axis=1).mean()
    assert error < 0.25 * (base**2).sum(axis=1).mean()


def test_more_bytes_mean_less_error(world) -> None:
    base, _, _ = world

    def pq_error(m: int) -> float:
        pq = ProductQuantizer(m=m, n_centroids=32).fit(base)
        return float(((pq.decode(pq.encode(base)) - base) ** 2).sum(axis=1).mean())

    def sq_error(bits: int) -> float:
        sq = ScalarQuantizer(bits=bits).fit(base)
        return float(((sq.decode(sq.encode(base)) - base) ** 2).sum(axis=1).mean())

    assert pq_error(8) < pq_error(2)
    assert sq_error(8) < sq_error(4) < sq_error(1)


def test_scalar_quantizer_round_trip_at_8_bits() -> None:
    x = np.linspace(-1, 1, 30).reshape(10, 3)
    sq = ScalarQuantizer(bits=8).fit(x)
    np.testing.assert_allclose(sq.decode(sq.encode(x)), x, atol=2 / 255)
    assert sq.bytes_per_vector(64) == 64 and ScalarQuantizer(bits=2).bytes_per_vector(64) == 16


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ProductQuantizer(m=3).fit(np.zeros((300, 8))), "divide"),
        (lambda: ProductQuantizer(m=2, n_centroids=300), "at most 256"),
        (lambda: ProductQuantizer(m=2).encode(np.zeros((2, 4))), "fit"),
        (lambda: ScalarQuantizer(bits=9), "between 1 and 8"),
        (lambda: ScalarQuantizer().decode([[1]]), "fit"),
    ],
)
def test_quantizers_reject_bad_use(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


# --- input checks and docstrings --------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: exact_search(np.zeros((0, 3)), np.zeros((1, 3)), 1),
        lambda: exact_search(np.zeros((3, 3)), np.zeros((1, 3)), 0),
        lambda: squared_distances(np.zeros((1, 2)), np.zeros((1, 3))),
        lambda: squared_distances([[np.nan, 0.0]], [[0.0, 0.0]]),
        lambda: kmeans(np.zeros((3, 2)), 4),
        lambda: clustered_embeddings(0, 4),
        lambda: InvertedFile(np.zeros((2, 2)), np.zeros((1, 2)), [0, 1]),
    ],
)
def test_bad_input_raises_value_error(call) -> None:
    with pytest.raises(ValueError):
        call()


def test_search_result_work_is_a_share_of_brute_force() -> None:
    result = SearchResult(np.zeros((2, 1), dtype=np.int64), np.array([50, 150]))
    assert result.work(1_000) == 0.1


def test_docstring_examples_are_correct() -> None:
    result = doctest.testmod(mlsd.ann, verbose=False, report=True)
    assert result.attempted >= 10
    assert result.failed == 0
