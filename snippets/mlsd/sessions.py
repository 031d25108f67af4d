"""Item co-occurrence in sessions and baskets, and the item embeddings learned from it.

"Customers who bought this also bought" and "similar listings" start from the same matrix:
how often two items appear together, in one shopper's purchase history (a basket) or
within a few clicks of each other in one browsing session. This module counts those
co-occurrences, reweights them by positive pointwise mutual information (PPMI) so that
popular items stop looking similar to everything, and factorizes the PPMI matrix with a
truncated SVD into dense item embeddings.

Skip-gram with negative sampling, the method behind item2vec and Airbnb's listing
embeddings, implicitly factorizes a shifted PMI matrix (Levy and Goldberg, 2014), so the
SVD of PPMI is a small, deterministic stand-in for training those models: no learning
rate, no epochs, the same embeddings on every run.

- Counting: [`cooccurrence`][mlsd.sessions.cooccurrence], pairs of items within a window
  of each other in the same sequence (a session or a basket).
- Reweighting: [`ppmi`][mlsd.sessions.ppmi], positive pointwise mutual information with
  word2vec's smoothed context distribution.
- Embeddings: [`item_embeddings`][mlsd.sessions.item_embeddings], unit-norm rows of the
  truncated SVD of the PPMI matrix.
- Lookup: [`most_similar`][mlsd.sessions.most_similar], the k nearest items of each query
  item by cosine similarity, within an optional filter such as "same city".

Examples:
    >>> sessions = [[0, 1, 2], [2, 1, 0], [3, 4, 5], [5, 3, 4]]
    >>> counts = cooccurrence(sessions, n_items=6)  # every pair in a session counts
    >>> int(counts[0, 1]), int(counts[0, 3])
    (2, 0)
    >>> vectors = item_embeddings(counts, dim=2)
    >>> found = most_similar(vectors, [0, 4], k=2)  # the two items that share each one's sessions
    >>> sorted(found[0].tolist()), sorted(found[1].tolist())
    ([1, 2], [3, 5])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from mlsd.recsys import top_k

__all__ = ["cooccurrence", "item_embeddings", "most_similar", "ppmi"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def cooccurrence(
    sequences: Sequence[Sequence[int]], n_items: int, window: int | None = None
) -> FloatArray:
    """Count how often two items appear within ``window`` positions of each other.

    Each pair of positions in the same sequence at distance 1 to ``window`` adds one to
    both ``counts[a, b]`` and ``counts[b, a]``; a pair of the same item adds nothing. With
    ``window=None`` every pair in the sequence counts, which treats it as a basket (a
    user's purchases) rather than an ordered session.

    Args:
        sequences: Item ids in ``range(n_items)``, one sequence per session or basket.
        n_items: Number of items; the size of the returned matrix.
        window: Largest distance between two positions that still co-occur, or ``None``
            for the whole sequence.

    Returns:
        A symmetric ``(n_items, n_items)`` matrix of counts with a zero diagonal.

    Raises:
        ValueError: If ``n_items`` or ``window`` is not positive, or an id is out of range.

    Examples:
        >>> cooccurrence([[0, 1, 2]], n_items=3, window=1).astype(int).tolist()
        [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
        >>> cooccurrence([[0, 1, 2]], n_items=3).astype(int).tolist()  # a basket
        [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    """
    if n_items < 1:
        raise ValueError(f"n_items must be positive, got {n_items!r}")
    if window is not None and window < 1:
        raise ValueError(f"window must be positive or None, got {window!r}")
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    counts = np.zeros(n_items * n_items)
    if lengths.sum() == 0:
        return counts.reshape(n_items, n_items)
    items = np.concatenate([np.asarray(s, dtype=np.int64) for s in sequences if len(s)])
    if items.min() < 0 or items.max() >= n_items:
        raise ValueError(f"item ids must lie in range({n_items})")
    owner = np.repeat(np.arange(len(lengths)), lengths)
    widest = int(lengths.max()) - 1 if window is None else min(window, int(lengths.max()) - 1)
    for offset in range(1, widest + 1):
        a, b = items[:-offset], items[offset:]
        keep = (owner[:-offset] == owner[offset:]) & (a != b)
        a, b = a[keep], b[keep]
        counts += np.bincount(a * n_items + b, minlength=n_items * n_items)
        counts += np.bincount(b * n_items + a, minlength=n_items * n_items)
    return counts.reshape(n_items, n_items)


def ppmi(counts: npt.ArrayLike, smoothing: float = 0.75) -> FloatArray:
    """Positive pointwise mutual information of a co-occurrence matrix.

    ``PMI(i, j) = log(p(i, j) / (p(i) * p_s(j)))``, where ``p_s`` raises the column
    totals to the power ``smoothing`` before normalizing (word2vec's smoothed context
    distribution, which stops rare items from getting extreme scores). Negative values and
    pairs never seen together become 0. Two items score high when they co-occur more often
    than their popularity alone predicts, which is what "similar" should mean.

    Args:
        counts: A square matrix of non-negative co-occurrence counts.
        smoothing: Exponent of the context distribution; 1 gives plain PMI.

    Returns:
        A matrix of the same shape with non-negative entries.

    Raises:
        ValueError: If ``counts`` is not square, has negative entries, or
            ``smoothing`` is not in (0, 1].

    Examples:
        >>> scores = ppmi([[0, 4, 0], [4, 0, 1], [0, 1, 0]], smoothing=1.0)
        >>> bool(scores[0, 1] > 0), float(scores[0, 2])
        (True, 0.0)
    """
    c = np.asarray(counts, dtype=float)
    if c.ndim != 2 or c.shape[0] != c.shape[1]:
        raise ValueError(f"counts must be a square matrix, got shape {c.shape}")
    if (c < 0).any():
        raise ValueError("counts must be non-negative")
    if not 0 < smoothing <= 1:
        raise ValueError(f"smoothing must be in (0, 1], got {smoothing!r}")
    total = c.sum()
    if total == 0:
        return np.zeros_like(c)
    row = c.sum(axis=1) / total
    context = c.sum(axis=0) ** smoothing
    context /= context.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(c / total) - np.log(row)[:, None] - np.log(context)[None, :]
    return np.where(c > 0, np.maximum(pmi, 0.0), 0.0)


def item_embeddings(counts: npt.ArrayLike, dim: int, seed: int = 0) -> FloatArray:
    """Dense item embeddings: the truncated SVD of the PPMI of ``counts``, rows normalized.

    Each item's row of the PPMI matrix describes which items it keeps company with; the
    SVD compresses those rows into ``dim`` coordinates, so that two items with similar
    company get similar vectors even if they never appeared together themselves.

    Args:
        counts: A square co-occurrence matrix, as [`cooccurrence`][mlsd.sessions.cooccurrence]
            returns.
        dim: Embedding dimension, smaller than the number of items.
        seed: Seed of the randomized SVD.

    Returns:
        An ``(n_items, dim)`` array of unit-norm rows; an item that never co-occurred
        with another gets a zero row (it is cold: no session has placed it yet).

    Raises:
        ValueError: If ``dim`` is not in ``1..n_items - 1``.

    Examples:
        >>> vectors = item_embeddings([[0, 3, 0], [3, 0, 1], [0, 1, 0]], dim=2)
        >>> vectors.shape, np.round(np.linalg.norm(vectors, axis=1), 6).tolist()
        ((3, 2), [1.0, 1.0, 1.0])
    """
    weights = ppmi(counts)
    if not 0 < dim < len(weights):
        raise ValueError(f"dim must be in 1..{len(weights) - 1}, got {dim!r}")
    u, s = _top_singular(weights, dim, seed)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 1e-12)


def _top_singular(matrix: FloatArray, dim: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """Leading ``dim`` left singular vectors and values by a randomized range finder.

    Halko, Martinsson and Tropp (2011): multiply by a random matrix, sharpen the range with
    a few power iterations, and take the exact SVD of the small projected matrix.
    """
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(matrix @ rng.standard_normal((matrix.shape[1], dim + 10)))[0]
    for _ in range(4):
        basis = np.linalg.qr(matrix @ (matrix.T @ basis))[0]
    small_u, s, _ = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    return (basis @ small_u)[:, :dim], s[:dim]


def most_similar(
    embeddings: npt.ArrayLike,
    queries: npt.ArrayLike,
    k: int,
    allowed: BoolArray | None = None,
) -> IntArray:
    """The ``k`` items most similar to each query item, by dot product, best first.

    With unit-norm embeddings the dot product is the cosine similarity. The query item
    itself is never returned.

    Args:
        embeddings: ``(n_items, dim)`` item vectors.
        queries: Item ids to find neighbours for.
        k: Neighbours per query.
        allowed: Optional ``(len(queries), n_items)`` mask of the items each query may
            return, such as listings in the same city; the rest are skipped.

    Returns:
        An ``(len(queries), k)`` array of item ids.

    Examples:
        >>> vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
        >>> most_similar(vectors, [0, 2], k=2).tolist()
        [[1, 2], [1, 0]]
    """
    vectors = np.asarray(embeddings, dtype=float)
    ids = np.asarray(queries, dtype=np.int64)
    scores = vectors[ids] @ vectors.T
    exclude = np.zeros(scores.shape, dtype=bool)
    exclude[np.arange(len(ids)), ids] = True
    if allowed is not None:
        exclude |= ~np.asarray(allowed, dtype=bool)
    return top_k(scores, k, exclude)
