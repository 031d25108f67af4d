"""Co-occurrence counting, PPMI and item embeddings: worked by hand, edge cases, errors."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import mlsd.sessions
from mlsd.sessions import cooccurrence, item_embeddings, most_similar, ppmi

# --- cooccurrence -----------------------------------------------------------------------


def test_window_one_counts_only_neighbours() -> None:
    counts = cooccurrence([[0, 1, 2, 3]], n_items=4, window=1)
    expected = np.zeros((4, 4))
    for a, b in ((0, 1), (1, 2), (2, 3)):
        expected[a, b] = expected[b, a] = 1
    np.testing.assert_array_equal(counts, expected)


def test_window_two_adds_pairs_two_apart() -> None:
    counts = cooccurrence([[0, 1, 2, 3]], n_items=4, window=2)
    assert counts[0, 2] == counts[1, 3] == 1
    assert counts[0, 3] == 0


def test_no_window_treats_the_sequence_as_a_basket() -> None:
    counts = cooccurrence([[0, 1, 2, 3]], n_items=4)
    assert counts.sum() == 4 * 3  # every ordered pair of distinct positions
    np.testing.assert_array_equal(counts, 1 - np.eye(4))


def test_pairs_never_cross_sequences() -> None:
    counts = cooccurrence([[0, 1], [2, 3]], n_items=4)
    assert counts[1, 2] == 0 and counts[0, 3] == 0
    assert counts[0, 1] == counts[2, 3] == 1


def test_repeated_item_adds_no_self_pair_and_counts_each_occurrence() -> None:
    counts = cooccurrence([[4, 3, 4]], n_items=5, window=1)
    assert counts[4, 4] == 0
    assert counts[3, 4] == counts[4, 3] == 2


def test_counts_are_symmetric_with_zero_diagonal_on_random_sessions() -> None:
    rng = np.random.default_rng(0)
    sessions = [rng.integers(30, size=rng.integers(0, 12)).tolist() for _ in range(200)]
    counts = cooccurrence(sessions, n_items=30, window=3)
    np.testing.assert_array_equal(counts, counts.T)
    assert not np.diag(counts).any()


def test_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(1)
    sessions = [rng.integers(8, size=rng.integers(1, 7)).tolist() for _ in range(50)]
    expected = np.zeros((8, 8))
    for s in sessions:
        for i in range(len(s)):
            for j in range(i + 1, min(len(s), i + 3)):
                if s[i] != s[j]:
                    expected[s[i], s[j]] += 1
                    expected[s[j], s[i]] += 1
    np.testing.assert_array_equal(cooccurrence(sessions, n_items=8, window=2), expected)


def test_empty_input_gives_zeros() -> None:
    np.testing.assert_array_equal(cooccurrence([], n_items=3), np.zeros((3, 3)))
    np.testing.assert_array_equal(cooccurrence([[], [2]], n_items=3), np.zeros((3, 3)))


@pytest.mark.parametrize(
    ("sequences", "n_items", "window", "message"),
    [
        ([[0, 1]], 0, None, "n_items must be positive"),
        ([[0, 1]], 2, 0, "window must be positive"),
        ([[0, 2]], 2, None, "item ids must lie in range"),
        ([[-1, 0]], 2, None, "item ids must lie in range"),
    ],
)
def test_cooccurrence_rejects_bad_input(sequences, n_items, window, message) -> None:
    with pytest.raises(ValueError, match=message):
        cooccurrence(sequences, n_items=n_items, window=window)


# --- ppmi -------------------------------------------------------------------------------


def test_ppmi_by_hand() -> None:
    counts = np.array([[0, 2, 1], [2, 0, 0], [1, 0, 0]], dtype=float)  # total 6
    scores = ppmi(counts, smoothing=1.0)
    # p(0,1) = 2/6, p(0) = 3/6, p(1) = 2/6: log((2/6) / (3/6 * 2/6)) = log(2)
    assert scores[0, 1] == pytest.approx(math.log(2))
    # p(0,2) = 1/6, p(2) = 1/6: log((1/6) / (3/6 * 1/6)) = log(2)
    assert scores[0, 2] == pytest.approx(math.log(2))
    assert scores[1, 2] == 0  # never together


def test_ppmi_is_non_negative_and_zero_where_unseen() -> None:
    rng = np.random.default_rng(2)
    counts = rng.poisson(0.5, size=(20, 20)).astype(float)
    counts = counts + counts.T
    scores = ppmi(counts)
    assert (scores >= 0).all()
    assert (scores[counts == 0] == 0).all()


def test_ppmi_discounts_a_popular_item() -> None:
    """Item 0 co-occurs with everything; item 1 only with item 2. PPMI ranks 1-2 above 0-2
    although the raw counts tie."""
    counts = np.zeros((6, 6))
    counts[0, 1:] = counts[1:, 0] = 5
    counts[1, 2] = counts[2, 1] = 5
    scores = ppmi(counts)
    assert scores[1, 2] > scores[0, 2]


def test_ppmi_of_an_all_zero_matrix_is_zero() -> None:
    np.testing.assert_array_equal(ppmi(np.zeros((3, 3))), np.zeros((3, 3)))


@pytest.mark.parametrize(
    ("counts", "smoothing", "message"),
    [
        (np.zeros((2, 3)), 0.75, "square"),
        (np.array([[0, -1], [-1, 0]]), 0.75, "non-negative"),
        (np.zeros((2, 2)), 0.0, "smoothing"),
        (np.zeros((2, 2)), 1.5, "smoothing"),
    ],
)
def test_ppmi_rejects_bad_input(counts, smoothing, message) -> None:
    with pytest.raises(ValueError, match=message):
        ppmi(counts, smoothing=smoothing)


# --- item_embeddings and most_similar ---------------------------------------------------


def two_communities(seed: int = 0) -> list[list[int]]:
    """Sessions that stay within items 0-9 or within items 10-19."""
    rng = np.random.default_rng(seed)
    return [(rng.choice(10, size=5, replace=False) + 10 * (i % 2)).tolist() for i in range(400)]


def test_embeddings_are_unit_norm_and_separate_communities() -> None:
    vectors = item_embeddings(cooccurrence(two_communities(), n_items=20, window=2), dim=4)
    assert vectors.shape == (20, 4)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0)
    within = vectors[:10] @ vectors[:10].T
    across = vectors[:10] @ vectors[10:].T
    assert within.mean() > across.mean() + 0.5


def test_item_never_seen_gets_a_zero_vector() -> None:
    sessions = two_communities()
    vectors = item_embeddings(cooccurrence(sessions, n_items=21, window=2), dim=4)
    np.testing.assert_array_equal(vectors[20], np.zeros(4))


def test_embeddings_are_deterministic_given_the_seed() -> None:
    counts = cooccurrence(two_communities(), n_items=20, window=2)
    np.testing.assert_array_equal(
        item_embeddings(counts, dim=4, seed=3), item_embeddings(counts, dim=4, seed=3)
    )


@pytest.mark.parametrize("dim", [0, 20, 25])
def test_item_embeddings_reject_bad_dim(dim: int) -> None:
    counts = cooccurrence(two_communities(), n_items=20, window=2)
    with pytest.raises(ValueError, match="dim must be in"):
        item_embeddings(counts, dim=dim)


def test_most_similar_stays_in_the_community_and_skips_the_query() -> None:
    vectors = item_embeddings(cooccurrence(two_communities(), n_items=20, window=2), dim=4)
    found = most_similar(vectors, [0, 15], k=5)
    assert found.shape == (2, 5)
    assert (found[0] < 10).all() and (found[1] >= 10).all()
    assert 0 not in found[0] and 15 not in found[1]


def test_most_similar_respects_the_allowed_mask() -> None:
    vectors = np.eye(4) + 0.1
    allowed = np.array([[False, False, True, True]])
    assert set(most_similar(vectors, [0], k=2, allowed=allowed)[0].tolist()) == {2, 3}


def test_docstring_examples_are_correct() -> None:
    result = doctest.testmod(mlsd.sessions, verbose=False, report=True)
    assert result.attempted > 0
    assert result.failed == 0
