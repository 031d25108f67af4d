"""Nearest-neighbour search in NumPy that counts its own work.

The demonstrations on the embeddings and ANN page compare search methods by the number of
distance computations they make per query, not by seconds: counts do not depend on the
machine, and they are what an index trades against recall. Every search here returns the
ids it found and how many query-to-vector distances it computed.

- Data: [`clustered_embeddings`][mlsd.ann.clustered_embeddings], vectors with the
  cluster structure and low intrinsic dimension of real embeddings.
- Exact search: [`exact_search`][mlsd.ann.exact_search], the ground truth, which
  computes every distance.
- Partitions: [`InvertedFile`][mlsd.ann.InvertedFile], an inverted file over
  [`kmeans`][mlsd.ann.kmeans] cells (or [`random_partition`][mlsd.ann.random_partition]
  cells, a baseline).
- Graphs: [`GraphIndex`][mlsd.ann.GraphIndex], a layered proximity graph searched greedily
  from the top layer down, the idea of HNSW.
- Compression: [`ProductQuantizer`][mlsd.ann.ProductQuantizer] and
  [`ScalarQuantizer`][mlsd.ann.ScalarQuantizer], codecs that store each vector in a few
  bytes and estimate distances from the codes.
- Quality: [`recall_at_k`][mlsd.ann.recall_at_k], the share of the true k nearest
  neighbours a search returned.

Distances are squared Euclidean throughout. For unit-norm vectors the nearest neighbours by
Euclidean distance are exactly the largest cosine similarities and dot products, so the
same code serves maximum inner product search once the vectors are normalized.

Everything is deterministic given its ``seed``; the code favours reading over speed
(the graph search is a plain Python loop over heaps, with each round's distances computed
in one batch) and is meant for tens of thousands of vectors.

Examples:
    ```python
    base = clustered_embeddings(20_000, 64, seed=0)
    queries = clustered_embeddings(100, 64, seed=0, sample_seed=1)
    truth = exact_search(base, queries, k=10)
    index = InvertedFile.build(base, nlist=128, seed=0)
    found = index.search(queries, k=10, nprobe=8)
    recall_at_k(found.ids, truth.ids), found.work(len(base))  # high recall, ~7% of the work
    ```
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "GraphIndex",
    "InvertedFile",
    "Partitioner",
    "ProductQuantizer",
    "ScalarQuantizer",
    "SearchResult",
    "clustered_embeddings",
    "exact_search",
    "kmeans",
    "random_partition",
    "recall_at_k",
    "squared_distances",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: A function that splits ``x`` into ``n_cells`` cells: ``(x, n_cells, seed) -> (centroids,
#: labels)``, like [`kmeans`][mlsd.ann.kmeans] and [`random_partition`][mlsd.ann.random_partition].
Partitioner = Callable[..., tuple[FloatArray, IntArray]]

#: Cells searched for each cell's neighbours when a graph's bottom layer is built.
_CELL_PROBES = 16

#: Queries a graph searches side by side (each keeps a visited flag per base vector).
_QUERY_BATCH = 256


def _matrix(values: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _positive_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def clustered_embeddings(
    n: int,
    dim: int,
    *,
    n_clusters: int = 64,
    intrinsic_dim: int = 16,
    spread: float = 1.0,
    noise: float = 0.05,
    seed: int = 0,
    sample_seed: int | None = None,
) -> FloatArray:
    """Simulate ``n`` embeddings with the structure of learned ones, normalized to unit length.

    Learned embeddings are neither uniform nor full-dimensional: items form topical
    clusters, and the vectors vary along far fewer directions than they have coordinates.
    This draws cluster centres in an ``intrinsic_dim``-dimensional space, scatters points
    around them, maps them into ``dim`` coordinates with a fixed random linear map, adds a
    little isotropic noise and normalizes each vector.

    Args:
        n: Number of vectors.
        dim: Dimension of each vector.
        n_clusters: Number of topical clusters.
        intrinsic_dim: Dimension of the space the clusters live in.
        spread: Standard deviation of points around their centre, relative to the
            spread of the centres (1.0).
        noise: Standard deviation of the isotropic noise added in ``dim`` coordinates.
        seed: Seed of the "world": the cluster centres and the linear map. Vectors drawn
            with the same ``seed`` come from the same distribution.
        sample_seed: Seed of the points themselves; defaults to ``seed``. Use another value
            to draw queries from the same world as the base vectors.

    Returns:
        An ``(n, dim)`` array of unit-norm vectors.

    Raises:
        ValueError: If a size is not a positive integer or a scale is negative.

    Examples:
        >>> x = clustered_embeddings(1_000, 32, seed=0)
        >>> x.shape, bool(np.allclose(np.linalg.norm(x, axis=1), 1.0))
        ((1000, 32), True)
    """
    for name, value in {
        "n": n,
        "dim": dim,
        "n_clusters": n_clusters,
        "intrinsic_dim": intrinsic_dim,
    }.items():
        _positive_int(value, name)
    if spread < 0 or noise < 0:
        raise ValueError(f"spread and noise must be non-negative, got {spread!r}, {noise!r}")
    world = np.random.default_rng(seed)
    centres = world.standard_normal((n_clusters, intrinsic_dim))
    projection = world.standard_normal((intrinsic_dim, dim)) / math.sqrt(intrinsic_dim)
    rng = np.random.default_rng([seed, seed if sample_seed is None else sample_seed, 1])
    cluster = rng.integers(n_clusters, size=n)
    latent = centres[cluster] + spread * rng.standard_normal((n, intrinsic_dim))
    x = latent @ projection + noise * rng.standard_normal((n, dim))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def squared_distances(queries: npt.ArrayLike, base: npt.ArrayLike) -> FloatArray:
    """Squared Euclidean distances between every query and every base vector.

    Args:
        queries: ``(q, d)`` array.
        base: ``(n, d)`` array.

    Returns:
        A ``(q, n)`` array of non-negative distances.

    Examples:
        >>> squared_distances([[0.0, 0.0]], [[3.0, 4.0], [1.0, 0.0]])
        array([[25.,  1.]])
    """
    q, b = _matrix(queries, "queries"), _matrix(base, "base")
    if q.shape[1] != b.shape[1]:
        raise ValueError(f"queries have {q.shape[1]} dimensions, base has {b.shape[1]}")
    return _sqdist(q, b)


def _sqdist(q: FloatArray, b: FloatArray) -> FloatArray:
    """``squared_distances`` without input checks, for the inner loops."""
    d = np.einsum("ij,ij->i", q, q)[:, None] - 2.0 * (q @ b.T)
    d += np.einsum("ij,ij->i", b, b)[None, :]
    return np.maximum(d, 0.0, out=d)


@dataclass(frozen=True)
class SearchResult:
    """What a search returned and what it cost.

    Attributes:
        ids: ``(q, k)`` ids of the base vectors found for each query, nearest first.
        distance_computations: ``(q,)`` query-to-vector distances each query computed,
            including distances to centroids or graph nodes it only passed through.
    """

    ids: IntArray
    distance_computations: IntArray

    def work(self, n_base: int) -> float:
        """Mean distance computations per query, as a fraction of brute force over ``n_base``.

        Example:
            >>> SearchResult(np.zeros((2, 1), dtype=np.int64), np.array([10, 30])).work(200)
            0.1
        """
        return float(np.mean(self.distance_computations)) / _positive_int(n_base, "n_base")


def _nearest(points: FloatArray, centroids: FloatArray) -> IntArray:
    """Index of each point's nearest centroid (the point's own norm does not change it)."""
    scores = points @ (-2.0 * centroids).T
    scores += np.einsum("ij,ij->i", centroids, centroids)[None, :]
    return np.argmin(scores, axis=1).astype(np.int64)


def _top_k(distances: FloatArray, k: int) -> IntArray:
    """Column indices of the ``k`` smallest values in each row, smallest first (ties by index)."""
    k = min(k, distances.shape[1])
    part = np.argpartition(distances, k - 1, axis=1)[:, :k]
    rows = np.arange(distances.shape[0])[:, None]
    order = np.lexsort((part, distances[rows, part]), axis=1)
    return part[rows, order].astype(np.int64)


def _k_smallest(distances: FloatArray, k: int) -> IntArray:
    """Column indices of the ``k`` smallest values in each row, in column order.

    Cheaper than ``_top_k`` on wide rows: a partition finds each row's k-th smallest value
    and one comparison picks the columns up to it. Ties at that value, which would pick more
    than ``k``, are left to ``_top_k``.
    """
    kth = np.partition(distances, k - 1, axis=1)[:, k - 1 : k]
    picked = np.flatnonzero(distances <= kth) % distances.shape[1]  # row by row
    if len(picked) != k * len(distances):
        return _top_k(distances, k)
    return picked.reshape(len(distances), k)


def exact_search(base: npt.ArrayLike, queries: npt.ArrayLike, k: int) -> SearchResult:
    """Brute-force k-nearest-neighbour search: compute every distance and keep the k smallest.

    Args:
        base: ``(n, d)`` vectors to search.
        queries: ``(q, d)`` query vectors.
        k: Neighbours to return per query.

    Returns:
        The exact neighbours; every query costs ``n`` distance computations.

    Examples:
        >>> result = exact_search([[0.0], [5.0], [1.0]], [[0.9]], k=2)
        >>> result.ids.tolist(), result.distance_computations.tolist()
        ([[2, 0]], [3])
    """
    b = _matrix(base, "base")
    k = _positive_int(k, "k")
    distances = squared_distances(queries, b)
    return SearchResult(_top_k(distances, k), np.full(len(distances), len(b), dtype=np.int64))


def recall_at_k(found: npt.ArrayLike, truth: npt.ArrayLike) -> float:
    """Mean share of each query's true neighbours that the search found.

    This is recall@k of an approximate search measured against exact search, with ``k``
    the width of ``truth``. Padding ids of -1 in ``found`` never match.

    Args:
        found: ``(q, k')`` ids returned by the approximate search.
        truth: ``(q, k)`` ids returned by exact search.

    Returns:
        Recall in [0, 1].

    Examples:
        >>> recall_at_k([[1, 2, 3], [4, 5, 6]], [[1, 2, 9], [4, 5, 6]])
        0.8333333333333334
    """
    f, t = np.asarray(found), np.asarray(truth)
    if f.ndim != 2 or t.ndim != 2 or len(f) != len(t) or t.shape[1] == 0:
        raise ValueError(f"found {f.shape} and truth {t.shape} must be (q, k) with the same q")
    hits = [len(set(a.tolist()) & set(b.tolist())) for a, b in zip(f, t, strict=True)]
    return float(np.mean(hits)) / t.shape[1]


def kmeans(
    x: npt.ArrayLike, n_clusters: int, *, n_iter: int = 10, seed: int = 0
) -> tuple[FloatArray, IntArray]:
    """Lloyd's k-means, started from ``n_clusters`` distinct points chosen at random.

    Args:
        x: ``(n, d)`` points.
        n_clusters: Number of centroids; at most ``n``.
        n_iter: Assignment and update rounds.
        seed: Seed of the initial choice of centroids.

    Returns:
        ``(centroids, labels)``: an ``(n_clusters, d)`` array and each point's cell. A cell
        that empties keeps its previous centroid.

    Examples:
        >>> points = np.array([[0.0], [0.1], [10.0], [10.2]])
        >>> centroids, labels = kmeans(points, 2, seed=0)
        >>> sorted(np.round(centroids.ravel(), 2).tolist()), len(set(labels.tolist()))
        ([0.05, 10.1], 2)
    """
    points = _matrix(x, "x")
    n_clusters = _positive_int(n_clusters, "n_clusters")
    if n_clusters > len(points):
        raise ValueError(f"n_clusters={n_clusters} exceeds the {len(points)} points")
    rng = np.random.default_rng(seed)
    centroids = points[rng.choice(len(points), n_clusters, replace=False)].copy()
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(_positive_int(n_iter, "n_iter")):
        labels = _nearest(points, centroids)
        counts = np.bincount(labels, minlength=n_clusters)
        sums = np.stack(
            [np.bincount(labels, weights=col, minlength=n_clusters) for col in points.T], axis=1
        )
        filled = counts > 0
        centroids[filled] = sums[filled] / counts[filled, None]
    labels = _nearest(points, centroids)
    return centroids, labels


def random_partition(
    x: npt.ArrayLike, n_clusters: int, *, n_iter: int = 0, seed: int = 0
) -> tuple[FloatArray, IntArray]:
    """A baseline partition: each point goes to a random cell; centroids are the cell means.

    It has the same signature as [`kmeans`][mlsd.ann.kmeans] (``n_iter`` is ignored), so an
    inverted file built on it probes cells the same way, but a cell's centroid says nothing
    about where its points are: probing a share of the cells finds about that share of the
    neighbours.

    Examples:
        >>> _, labels = random_partition(np.zeros((6, 2)), 3, seed=0)
        >>> sorted(np.bincount(labels, minlength=3).tolist())
        [2, 2, 2]
    """
    points = _matrix(x, "x")
    n_clusters = _positive_int(n_clusters, "n_clusters")
    if n_clusters > len(points):
        raise ValueError(f"n_clusters={n_clusters} exceeds the {len(points)} points")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(len(points)) % n_clusters).astype(np.int64)
    centroids = np.stack([points[labels == c].mean(axis=0) for c in range(n_clusters)])
    return centroids, labels


class InvertedFile:
    """An inverted file: vectors grouped by their nearest centroid, searched cell by cell.

    A query computes its distance to every centroid, visits the ``nprobe`` nearest cells
    and computes exact distances to the vectors stored in them. Its work is ``nlist`` plus
    the sizes of the probed cells.

    Args:
        base: ``(n, d)`` vectors.
        centroids: ``(nlist, d)`` cell centroids.
        labels: Each vector's cell, in ``range(nlist)``.
    """

    def __init__(self, base: npt.ArrayLike, centroids: npt.ArrayLike, labels: npt.ArrayLike):
        self.base = _matrix(base, "base")
        self.centroids = _matrix(centroids, "centroids")
        cells = np.asarray(labels, dtype=np.int64)
        if (
            cells.shape != (len(self.base),)
            or cells.min() < 0
            or cells.max() >= len(self.centroids)
        ):
            raise ValueError("labels must give each base vector a cell in range(nlist)")
        order = np.argsort(cells, kind="stable")
        bounds = np.searchsorted(cells[order], np.arange(len(self.centroids) + 1))
        self.lists: list[IntArray] = [order[a:b] for a, b in itertools.pairwise(bounds)]
        self._vectors = [self.base[ids] for ids in self.lists]  # each cell stored contiguously

    @classmethod
    def build(
        cls,
        base: npt.ArrayLike,
        nlist: int,
        *,
        partition: Partitioner = kmeans,
        seed: int = 0,
    ) -> InvertedFile:
        """Partition ``base`` into ``nlist`` cells with ``partition`` and index it.

        Example:
            >>> x = clustered_embeddings(2_000, 16, seed=0)
            >>> index = InvertedFile.build(x, nlist=32, seed=0)
            >>> len(index.lists), sum(len(cell) for cell in index.lists)
            (32, 2000)
        """
        b = _matrix(base, "base")
        centroids, labels = partition(b, nlist, seed=seed)
        return cls(b, centroids, labels)

    @property
    def nlist(self) -> int:
        """Number of cells."""
        return len(self.centroids)

    def search(self, queries: npt.ArrayLike, k: int, nprobe: int) -> SearchResult:
        """Search the ``nprobe`` cells nearest to each query.

        Args:
            queries: ``(q, d)`` query vectors.
            k: Neighbours to return; fewer are padded with id -1.
            nprobe: Cells to visit, between 1 and ``nlist``.

        Returns:
            The neighbours found and each query's distance computations.
        """
        q = _matrix(queries, "queries")
        k, nprobe = _positive_int(k, "k"), min(_positive_int(nprobe, "nprobe"), self.nlist)
        probes = _top_k(_sqdist(q, self.centroids), nprobe)
        sizes = np.array([len(cell) for cell in self.lists], dtype=np.int64)
        work = self.nlist + sizes[probes].sum(axis=1)
        dists: list[list[FloatArray]] = [[] for _ in q]
        ids: list[list[IntArray]] = [[] for _ in q]
        for cell in np.unique(probes).tolist():  # one batch per cell: its probing queries
            rows = np.flatnonzero((probes == cell).any(axis=1))
            if sizes[cell] == 0:
                continue
            block = _sqdist(q[rows], self._vectors[cell])
            for row, d in zip(rows.tolist(), block, strict=True):
                dists[row].append(d)
                ids[row].append(self.lists[cell])
        found = np.full((len(q), k), -1, dtype=np.int64)
        for row in range(len(q)):
            if dists[row]:
                d, i = np.concatenate(dists[row]), np.concatenate(ids[row])
                best = _top_k(d[None, :], k)[0]
                found[row, : len(best)] = i[best]
        return SearchResult(found, work)


class GraphIndex:
    """A layered proximity graph searched greedily, after HNSW (Malkov and Yashunin, 2018).

    Every vector is on layer 0; each layer above keeps a random ``1/degree`` share of the
    layer below, so the top layers are small and their links long. Each vector links to its
    ``degree`` nearest vectors on every layer it is on (``2 * degree`` on layer 0), plus the
    reverse of other vectors' links, trimmed to the nearest ``2 * degree`` (``4 *
    degree`` on layer 0). A query descends greedily from the top layer's entry point, then
    runs a best-first beam search of width ``ef`` on layer 0.

    Unlike HNSW, which inserts vectors one at a time and finds each one's neighbours with
    its own search, this builds each layer in one batch. The neighbours of a vector on layer
    0 are searched among the vectors of its k-means cell and the cells nearest to it, which
    finds nearly all true neighbours on clustered data at a small fraction of the cost of
    comparing every pair. The search is the same either way.

    Args:
        layers: For each layer, bottom first, a dict mapping each vector id on it to an
            array of its neighbours' ids.
        base: ``(n, d)`` vectors.
        entry: Id of the vector where every search starts, on the top layer.
    """

    def __init__(self, base: npt.ArrayLike, layers: list[dict[int, IntArray]], entry: int):
        self.base = _matrix(base, "base")
        if not layers or entry not in layers[-1]:
            raise ValueError("the entry point must be on the top layer")
        self.layers = layers
        self.entry = int(entry)

    @classmethod
    def build(
        cls,
        base: npt.ArrayLike,
        *,
        degree: int = 16,
        links: str = "nearest",
        seed: int = 0,
    ) -> GraphIndex:
        """Build the layers over ``base``.

        Args:
            base: ``(n, d)`` vectors.
            degree: Links per vector on the upper layers (HNSW's ``M``).
            links: ``"nearest"`` links each vector to its nearest neighbours;
                ``"random"`` links it to random vectors of its layer instead, as many as
                the most a proximity layer allows: a baseline with no notion of proximity.
            seed: Seed of the layer assignment (and of the random links).

        Returns:
            The index.

        Example:
            >>> x = clustered_embeddings(2_000, 16, seed=0)
            >>> graph = GraphIndex.build(x, degree=8, seed=0)
            >>> len(graph.layers) >= 2, len(graph.layers[0])
            (True, 2000)
        """
        b = _matrix(base, "base")
        degree = _positive_int(degree, "degree")
        if links not in {"nearest", "random"}:
            raise ValueError(f"links must be 'nearest' or 'random', got {links!r}")
        rng = np.random.default_rng(seed)
        # HNSW's level rule: P(level >= l) = degree ** -l.
        levels = np.floor(-np.log(1.0 - rng.random(len(b))) / math.log(degree)).astype(int)
        layers: list[dict[int, IntArray]] = []
        for level in range(int(levels.max()) + 1):
            members = np.flatnonzero(levels >= level)
            if len(members) < 2:
                if level == 0 or len(members) == 1:
                    layers.append({int(m): np.empty(0, dtype=np.int64) for m in members})
                break
            width = 2 * degree if level == 0 else degree
            if links == "random":  # as many links as a proximity layer's maximum
                layers.append(_random_links(members, 2 * width, rng))
                continue
            if level == 0 and len(members) > 4_000:
                found = _cell_knn(b, members, width, seed)
            else:
                found = _exact_knn(b, members, width)
            layers.append(_symmetrize(members, found, 2 * width))
        entry = int(next(iter(layers[-1])))
        return cls(b, layers, entry)

    def search(self, queries: npt.ArrayLike, k: int, ef: int = 32) -> SearchResult:
        """Greedy descent through the upper layers, then a beam search of width ``ef``.

        Each query takes the steps it would take alone; the queries go through layer 0 side
        by side only so that the distances of a round are computed in one batch.

        Args:
            queries: ``(q, d)`` query vectors.
            k: Neighbours to return.
            ef: Beam width on layer 0 (HNSW's ``efSearch``); at least ``k`` is used.

        Returns:
            The neighbours found and each query's distance computations.
        """
        q = _matrix(queries, "queries")
        k = _positive_int(k, "k")
        ef = max(_positive_int(ef, "ef"), k)
        ids = np.full((len(q), k), -1, dtype=np.int64)
        work = np.zeros(len(q), dtype=np.int64)
        for lo in range(0, len(q), _QUERY_BATCH):
            batch = range(lo, min(lo + _QUERY_BATCH, len(q)))
            starts = []
            for row in batch:
                best, current, work[row] = self._descend(q[row])
                starts.append((best, current))
            beams = self._beam_search(q[batch.start : batch.stop], starts, ef)
            for row, (results, computed) in zip(batch, beams, strict=True):
                ranked = sorted((-d, n) for d, n in results)[:k]
                ids[row, : len(ranked)] = [n for _, n in ranked]
                work[row] += computed
        return SearchResult(ids, work)

    def _distances(self, query: FloatArray, ids: IntArray) -> FloatArray:
        diff = np.take(self.base, ids, axis=0)
        diff -= query
        return np.einsum("ij,ij->i", diff, diff)

    def _descend(self, query: FloatArray) -> tuple[float, int, int]:
        """Greedy descent on the upper layers: the distance and id reached, and the work."""
        current = self.entry
        best = float(self._distances(query, np.array([current]))[0])
        computed = 1
        for layer in reversed(self.layers[1:]):
            improved = True
            while improved:
                improved = False
                neighbours = layer[current]
                if len(neighbours) == 0:
                    break
                dist = self._distances(query, neighbours)
                computed += len(neighbours)
                i = int(np.argmin(dist))
                if dist[i] < best:
                    best, current, improved = float(dist[i]), int(neighbours[i]), True
        return best, current, computed

    def _beam_search(
        self, q: FloatArray, starts: list[tuple[float, int]], ef: int
    ) -> list[tuple[list[tuple[float, int]], int]]:
        """Best-first search of width ``ef`` on layer 0, one query per start, side by side.

        Each round, every query pops the nearest vector it has not expanded and stops if
        that vector is farther than the worst of its ``ef`` best; the distances to the
        unvisited neighbours of all the popped vectors are computed in one batch, and each
        query keeps its own that beat its worst.

        Returns:
            For each query, its ``ef`` best as a heap of ``(-distance, id)`` and the
            distances it computed.
        """
        graph = self.layers[0]
        frontiers = [[(d, v)] for d, v in starts]  # min-heaps of vectors to expand
        results = [[(-d, v)] for d, v in starts]  # max-heaps (negated) of the ef best seen
        visited = np.zeros((len(q), len(self.base)), dtype=bool)
        visited[np.arange(len(q)), [v for _, v in starts]] = True
        computed = np.zeros(len(q), dtype=np.int64)
        active = list(range(len(q)))
        while active:
            rows, nodes = [], []
            for row in active:
                if frontiers[row]:
                    dist_c, node = heapq.heappop(frontiers[row])
                    if len(results[row]) < ef or dist_c <= -results[row][0][0]:
                        rows.append(row)
                        nodes.append(node)
            active = rows
            if not rows:
                break
            neighbours = [graph[node] for node in nodes]
            owner = np.repeat(rows, [len(n) for n in neighbours])
            ids = np.concatenate(neighbours)
            fresh = ~visited[owner, ids]
            owner, ids = owner[fresh], ids[fresh]
            visited[owner, ids] = True
            diff = np.take(self.base, ids, axis=0)
            diff -= np.take(q, owner, axis=0)
            dist = np.einsum("ij,ij->i", diff, diff)
            computed += np.bincount(owner, minlength=len(q))
            # A query whose beam is full only takes vectors nearer than its worst result.
            worst = np.array([-r[0][0] if len(r) >= ef else np.inf for r in results])
            nearer = dist < worst[owner]
            owner, dist, ids = owner[nearer], dist[nearer], ids[nearer]
            for row, d, n in zip(owner.tolist(), dist.tolist(), ids.tolist(), strict=True):
                if len(results[row]) < ef:
                    heapq.heappush(frontiers[row], (d, n))
                    heapq.heappush(results[row], (-d, n))
                elif d < -results[row][0][0]:
                    heapq.heappush(frontiers[row], (d, n))
                    heapq.heappushpop(results[row], (-d, n))
        return list(zip(results, computed.tolist(), strict=True))


Links = tuple[IntArray, FloatArray]  # (ids, squared distances), one row per layer member


def _exact_knn(base: FloatArray, members: IntArray, width: int) -> Links:
    width = min(width, len(members) - 1)
    dist = _sqdist(base[members], base[members])
    np.fill_diagonal(dist, np.inf)
    nearest = _top_k(dist, width)
    return members[nearest], np.take_along_axis(dist, nearest, axis=1)


def _cell_knn(base: FloatArray, members: IntArray, width: int, seed: int) -> Links:
    """Approximate k-NN lists: search each k-means cell's points among the nearest cells."""
    x = base[members]
    n_cells = max(2, round(math.sqrt(len(members))))
    centroids, labels = kmeans(x, n_cells, n_iter=5, seed=seed)
    gaps = _sqdist(centroids, centroids)
    np.fill_diagonal(gaps, np.inf)
    near_cells = _top_k(gaps, min(_CELL_PROBES - 1, n_cells - 1))  # besides the cell itself
    cells = [np.flatnonzero(labels == c) for c in range(n_cells)]
    # Candidates are ranked by |a - b|^2 - |a|^2 = |b|^2 - 2 a.b, which orders a row like the
    # distance does, with one matrix product per cell in single precision (as ANN libraries
    # compute); the distances to the neighbours kept are then computed exactly.
    x32 = x.astype(np.float32)
    norms, doubled = np.einsum("ij,ij->i", x32, x32), 2.0 * x32
    ids = np.zeros((len(members), width), dtype=np.int64)
    dists = np.full((len(members), width), np.inf)
    for c in range(n_cells):
        own = cells[c]
        if len(own) == 0:
            continue
        pool = np.concatenate([own, *(cells[j] for j in near_cells[c])])
        score = np.take(norms, pool) - np.take(x32, own, axis=0) @ np.take(doubled, pool, axis=0).T
        np.fill_diagonal(score[:, : len(own)], np.inf)  # a point is not its own neighbour
        nearest = pool[_k_smallest(score, min(width, len(pool) - 1))]
        diff = x[nearest] - x[own, None, :]
        ids[own, : nearest.shape[1]] = members[nearest]
        dists[own, : nearest.shape[1]] = np.einsum("ijk,ijk->ij", diff, diff)
    return ids, dists


def _random_links(members: IntArray, width: int, rng: np.random.Generator) -> dict[int, IntArray]:
    """``width`` distinct random links per vector: increasing random offsets around the layer."""
    n = len(members)
    width = min(width, n - 1)
    gaps = rng.integers(1, (n - 1) // width + 1, size=(n, width))
    targets = (np.arange(n)[:, None] + np.cumsum(gaps, axis=1)) % n  # never the vector itself
    return {int(m): members[row] for m, row in zip(members.tolist(), targets, strict=True)}


def _symmetrize(members: IntArray, links: Links, cap: int) -> dict[int, IntArray]:
    """Add reverse links so that every link can be walked both ways; keep the nearest ``cap``."""
    ids, dists = links
    src = np.repeat(members, ids.shape[1])
    dst, dist = ids.ravel(), dists.ravel()
    real = np.isfinite(dist)
    src, dst, dist = src[real], dst[real], dist[real]
    src, dst, dist = np.r_[src, dst], np.r_[dst, src], np.r_[dist, dist]
    # One sort by source, then distance: the distance, scaled into [0, 0.5), is added to the
    # source id. A repeated link has the same key as its copy, so the two end up adjacent.
    key = src + 0.5 * dist / (dist.max() * (1 + 1e-9) + 1e-300)
    order = np.argsort(key)
    src, dst = src[order], dst[order]
    first = np.r_[True, (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])]
    src, dst = src[first], dst[first]
    starts = np.searchsorted(src, members)
    ends = np.searchsorted(src, members, side="right")
    spans = zip(members.tolist(), starts, ends, strict=True)
    return {m: dst[a : min(b, a + cap)] for m, a, b in spans}


class ProductQuantizer:
    """Product quantization: each vector stored as ``m`` one-byte codes (Jégou et al., 2011).

    The ``d`` coordinates are split into ``m`` contiguous sub-vectors of ``d / m``
    coordinates; each sub-space gets its own codebook of up to 256 centroids learned by
    k-means, and a vector is stored as the index of the nearest centroid in each sub-space.
    A query's distance to a code is the sum of ``m`` table look-ups (asymmetric distance
    computation): the query stays exact, only the stored vectors are quantized.

    Args:
        m: Sub-quantizers, the bytes per stored vector; must divide the dimension.
        n_centroids: Centroids per sub-space, at most 256 so that a code fits in a byte.
        n_iter: k-means rounds per sub-space.
        seed: Seed of the k-means initialization.

    Examples:
        >>> x = clustered_embeddings(3_000, 32, seed=0)
        >>> quantizer = ProductQuantizer(m=8).fit(x)
        >>> codes = quantizer.encode(x)
        >>> codes.shape, codes.dtype.name, quantizer.bytes_per_vector
        ((3000, 8), 'uint8', 8)
    """

    def __init__(self, m: int, n_centroids: int = 256, n_iter: int = 8, seed: int = 0):
        self.m = _positive_int(m, "m")
        self.n_centroids = _positive_int(n_centroids, "n_centroids")
        if self.n_centroids > 256:
            raise ValueError(f"n_centroids must be at most 256, got {n_centroids!r}")
        self.n_iter = _positive_int(n_iter, "n_iter")
        self.seed = seed
        self.codebooks: FloatArray | None = None  # (m, n_centroids, d / m) after fit

    @property
    def bytes_per_vector(self) -> int:
        """Bytes one stored vector takes: one per sub-quantizer."""
        return self.m

    def _split(self, x: npt.ArrayLike) -> FloatArray:
        data = _matrix(x, "x")
        if data.shape[1] % self.m:
            raise ValueError(f"m={self.m} must divide the dimension {data.shape[1]}")
        return np.ascontiguousarray(
            data.reshape(len(data), self.m, data.shape[1] // self.m).transpose(1, 0, 2)
        )  # (m, n, d / m): each sub-space contiguous

    def fit(self, x: npt.ArrayLike) -> ProductQuantizer:
        """Learn one codebook per sub-space from training vectors ``x``."""
        parts = self._split(x)
        if parts.shape[1] < self.n_centroids:
            raise ValueError(f"need at least {self.n_centroids} training vectors")
        self.codebooks = np.stack(
            [
                kmeans(parts[j], self.n_centroids, n_iter=self.n_iter, seed=self.seed + j)[0]
                for j in range(self.m)
            ]
        )
        return self

    def _fitted(self) -> FloatArray:
        if self.codebooks is None:
            raise ValueError("call fit() first")
        return self.codebooks

    def encode(self, x: npt.ArrayLike) -> npt.NDArray[np.uint8]:
        """Codes of ``x``: the nearest centroid in each sub-space, one byte each."""
        books, parts = self._fitted(), self._split(x)
        codes = [_nearest(parts[j], books[j]) for j in range(self.m)]
        return np.stack(codes, axis=1).astype(np.uint8)

    def decode(self, codes: npt.ArrayLike) -> FloatArray:
        """The vectors the codes stand for: each sub-vector replaced by its centroid."""
        books, c = self._fitted(), np.asarray(codes, dtype=np.int64)
        return np.concatenate([books[j][c[:, j]] for j in range(self.m)], axis=1)

    def distances(self, queries: npt.ArrayLike, codes: npt.ArrayLike) -> FloatArray:
        """Asymmetric squared distances from exact queries to coded vectors, ``(q, n)``."""
        books, parts = self._fitted(), self._split(queries)
        columns = np.ascontiguousarray(np.asarray(codes, dtype=np.intp).T)
        total = np.zeros((parts.shape[1], columns.shape[1]))
        for j in range(self.m):  # one table of n_centroids distances per sub-space and query
            table = _sqdist(parts[j], books[j])
            total += table[:, columns[j]]
        return total


class ScalarQuantizer:
    """Scalar quantization: each coordinate rounded to one of ``2**bits`` evenly spaced levels.

    Levels span each coordinate's range in the training vectors (int8 quantization is the
    8-bit case). It is the simplest codec, and the baseline product quantization is
    compared with at the same number of bytes per vector.

    Args:
        bits: Bits per coordinate, 1 to 8.

    Examples:
        >>> quantizer = ScalarQuantizer(bits=8).fit(np.array([[0.0, -1.0], [1.0, 1.0]]))
        >>> codes = quantizer.encode([[0.5, 0.0]])
        >>> quantizer.bytes_per_vector(2), np.round(quantizer.decode(codes), 2).tolist()
        (2.0, [[0.5, 0.0]])
    """

    def __init__(self, bits: int = 8):
        self.bits = _positive_int(bits, "bits")
        if self.bits > 8:
            raise ValueError(f"bits must be between 1 and 8, got {bits!r}")
        self.low: FloatArray | None = None
        self.step: FloatArray | None = None

    def bytes_per_vector(self, dim: int) -> float:
        """Bytes one stored vector of ``dim`` coordinates takes."""
        return _positive_int(dim, "dim") * self.bits / 8

    def fit(self, x: npt.ArrayLike) -> ScalarQuantizer:
        """Learn each coordinate's range from training vectors ``x``."""
        data = _matrix(x, "x")
        self.low = data.min(axis=0)
        span = np.maximum(data.max(axis=0) - self.low, 1e-12)
        self.step = span / (2**self.bits - 1)
        return self

    def _fitted(self) -> tuple[FloatArray, FloatArray]:
        if self.low is None or self.step is None:
            raise ValueError("call fit() first")
        return self.low, self.step

    def encode(self, x: npt.ArrayLike) -> npt.NDArray[np.uint8]:
        """Codes of ``x``: each coordinate's nearest level, stored one per byte here."""
        low, step = self._fitted()
        levels = np.rint((_matrix(x, "x") - low) / step)
        return np.clip(levels, 0, 2**self.bits - 1).astype(np.uint8)

    def decode(self, codes: npt.ArrayLike) -> FloatArray:
        """The vectors the codes stand for."""
        low, step = self._fitted()
        return low + np.asarray(codes, dtype=float) * step

    def distances(self, queries: npt.ArrayLike, codes: npt.ArrayLike) -> FloatArray:
        """Squared distances from exact queries to the decoded vectors, ``(q, n)``."""
        return squared_distances(queries, self.decode(codes))
