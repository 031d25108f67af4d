"""A simulated recommendation world whose true preferences are known, and the pieces every
case study's mini-system needs: logged interactions, a popularity baseline, learned
embeddings, top-k retrieval and recall over users.

Users and items have latent factors; an item also has a popularity offset. A user's true
affinity for an item is the dot product of their factors plus the item's offset, so a
mini-system can compare what it recommends with what the user would really have engaged
with. Interactions are sampled from that affinity, and the last few per user are held out
as the test set, as a time-based split would hold out the most recent ones.

Examples:
    >>> world = simulate_world(n_users=50, n_items=40, dim=4, seed=0)
    >>> logs = sample_interactions(world, per_user=6, holdout=2, seed=0)
    >>> logs.train.shape, int(logs.train.sum(axis=1)[0]), int(logs.test.sum(axis=1)[0])
    ((50, 40), 4, 2)
    >>> bool(mean_recall_at_k(popularity_scores(logs.train, 50), logs.test, 10, logs.train) > 0)
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class World:
    """Users and items with known latent factors.

    Attributes:
        user_factors: One row of latent factors per user, shape ``(n_users, dim)``.
        item_factors: One row of latent factors per item, shape ``(n_items, dim)``.
        item_popularity: Each item's popularity offset, added to every user's affinity.
    """

    user_factors: FloatArray
    item_factors: FloatArray
    item_popularity: FloatArray

    @property
    def n_users(self) -> int:
        """Number of users."""
        return len(self.user_factors)

    @property
    def n_items(self) -> int:
        """Number of items."""
        return len(self.item_factors)

    def affinity(self) -> FloatArray:
        """The true affinity of every user for every item, shape ``(n_users, n_items)``."""
        return self.user_factors @ self.item_factors.T + self.item_popularity


def simulate_world(
    n_users: int,
    n_items: int,
    dim: int = 8,
    seed: int = 0,
    popularity_strength: float = 1.0,
) -> World:
    """Draw a world of ``n_users`` users and ``n_items`` items.

    Args:
        n_users: Number of users.
        n_items: Number of items.
        dim: Number of latent taste dimensions.
        seed: Seed of the random generator; the same seed gives the same world.
        popularity_strength: Standard deviation of the items' popularity offsets; ``0``
            makes taste alone decide, larger values make a popularity baseline stronger.

    Returns:
        The simulated world.
    """
    if n_users < 1 or n_items < 1 or dim < 1:
        raise ValueError("n_users, n_items and dim must be positive")
    rng = np.random.default_rng(seed)
    return World(
        user_factors=rng.normal(size=(n_users, dim)),
        item_factors=rng.normal(size=(n_items, dim)) / np.sqrt(dim) * 2.0,
        item_popularity=rng.normal(scale=popularity_strength, size=n_items),
    )


@dataclass(frozen=True)
class Interactions:
    """Logged user-item interactions, split into what a model trains on and what it must find.

    Attributes:
        train: ``train[u, i]`` is true when user ``u`` engaged with item ``i`` in training.
        test: Held-out later interactions, disjoint from ``train``.
    """

    train: BoolArray
    test: BoolArray


def sample_interactions(
    world: World, per_user: int, holdout: int, seed: int = 0, temperature: float = 1.0
) -> Interactions:
    """Sample ``per_user`` distinct items per user in proportion to ``exp(affinity / T)``.

    The last ``holdout`` items each user engaged with become the test set.

    Args:
        world: The world to sample from.
        per_user: Interactions per user, at most the number of items.
        holdout: How many of them are held out for testing; fewer than ``per_user``.
        seed: Seed of the random generator.
        temperature: Softmax temperature: low values make users pick their favourites,
            high values make their choices noisier.

    Returns:
        The train and test interaction matrices.
    """
    if not 0 < holdout < per_user <= world.n_items:
        raise ValueError("need 0 < holdout < per_user <= n_items")
    rng = np.random.default_rng(seed)
    logits = world.affinity() / temperature
    # Gumbel top-k: sampling without replacement in proportion to exp(logits).
    keys = logits + rng.gumbel(size=logits.shape)
    order = np.argsort(-keys, axis=1)[:, :per_user]
    rng.permuted(order, axis=1, out=order)  # the order in which users met the items
    train = np.zeros(logits.shape, dtype=bool)
    test = np.zeros(logits.shape, dtype=bool)
    rows = np.arange(world.n_users)[:, None]
    train[rows, order[:, : per_user - holdout]] = True
    test[rows, order[:, per_user - holdout :]] = True
    return Interactions(train=train, test=test)


def popularity_scores(train: BoolArray, n_users: int | None = None) -> FloatArray:
    """The popularity baseline: every user gets each item's training interaction count.

    Args:
        train: Training interactions, shape ``(n_users, n_items)``.
        n_users: Rows of the returned matrix; defaults to ``train``'s.

    Returns:
        Scores of shape ``(n_users, n_items)``.
    """
    counts = train.sum(axis=0).astype(float)
    return np.tile(counts, (n_users or len(train), 1))


def svd_embeddings(train: BoolArray, dim: int, seed: int = 0) -> tuple[FloatArray, FloatArray]:
    """Learn user and item embeddings by a truncated SVD of the interaction matrix.

    A stand-in for matrix factorization or a two-tower model: the dot product of a user's
    and an item's embeddings scores the pair.

    Args:
        train: Training interactions, shape ``(n_users, n_items)``.
        dim: Embedding dimension.
        seed: Seed of the randomized SVD.

    Returns:
        ``(user_embeddings, item_embeddings)`` of shapes ``(n_users, dim)`` and
        ``(n_items, dim)``.
    """
    from sklearn.utils.extmath import randomized_svd

    u, s, vt = randomized_svd(train.astype(float), n_components=dim, random_state=seed)
    root = np.sqrt(s)
    return u * root, vt.T * root


def top_k(scores: FloatArray, k: int, exclude: BoolArray | None = None) -> IntArray:
    """The ``k`` best-scored items per user, best first, skipping ``exclude``d ones.

    Args:
        scores: Scores of shape ``(n_users, n_items)``.
        k: How many items to return per user.
        exclude: Items never to return (usually those already seen in training).

    Returns:
        Item indices of shape ``(n_users, k)``.
    """
    if not 0 < k <= scores.shape[1]:
        raise ValueError(f"k must be in 1..{scores.shape[1]}, got {k}")
    masked = np.where(exclude, -np.inf, scores) if exclude is not None else scores
    best = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    rows = np.arange(len(scores))[:, None]
    return best[rows, np.argsort(-masked[rows, best], axis=1, kind="stable")]


def mean_recall_at_k(
    scores: FloatArray, test: BoolArray, k: int, exclude: BoolArray | None = None
) -> float:
    """Recall@k of the held-out interactions, averaged over users who have any.

    Args:
        scores: Scores of shape ``(n_users, n_items)``.
        test: Held-out interactions.
        k: Cut-off.
        exclude: Items not eligible for recommendation (usually the training ones).

    Returns:
        The mean over users of (held-out items in the top ``k``) / (held-out items).
    """
    recommended = top_k(scores, k, exclude)
    hits = np.take_along_axis(test, recommended, axis=1).sum(axis=1)
    relevant = test.sum(axis=1)
    has_any = relevant > 0
    if not has_any.any():
        raise ValueError("no user has a held-out interaction")
    return float(np.mean(hits[has_any] / relevant[has_any]))
