"""The simulated ads marketplace and its second-price auction."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import mlsd.ads
from mlsd.ads import (
    click_probability,
    sample_requests,
    second_price_auction,
    simulate_market,
)


def test_doctests() -> None:
    result = doctest.testmod(mlsd.ads, verbose=False, report=True)
    assert result.attempted > 0
    assert result.failed == 0


def test_market_is_deterministic_and_sorted_by_launch_day() -> None:
    a = simulate_market(100, n_days=5, new_ad_share=0.4, seed=3)
    b = simulate_market(100, n_days=5, new_ad_share=0.4, seed=3)
    np.testing.assert_array_equal(a.quality, b.quality)
    assert (np.diff(a.launch_day) >= 0).all()
    assert a.launch_day.min() == 0 and a.launch_day.max() <= 4
    assert a.n_live(0) < a.n_ads == a.n_live(4)


@pytest.mark.parametrize(
    "kwargs",
    [{"n_ads": 0}, {"base_ctr": 1.5}, {"new_ad_share": 1.0}, {"new_ad_share": 0.2}],
)
def test_market_rejects_bad_arguments(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        simulate_market(**{"n_ads": 20, **kwargs})


def test_requests_have_distinct_live_candidates() -> None:
    market = simulate_market(60, n_days=4, new_ad_share=0.5, seed=1)
    requests = sample_requests(market, 5_000, 8, seed=2)
    ordered = np.sort(requests.candidates, axis=1)
    assert (ordered[:, 1:] != ordered[:, :-1]).all(), "a candidate repeats within a request"
    assert (requests.candidates < market.n_live(requests.day)[:, None]).all()
    assert (np.diff(requests.day) >= 0).all()
    # Floyd's algorithm draws every live ad about equally often on day 0
    day0 = requests.candidates[requests.day == 0].ravel()
    counts = np.bincount(day0, minlength=market.n_live(0))
    assert counts.min() > 0.7 * counts.mean()


def test_requests_reject_too_many_candidates() -> None:
    market = simulate_market(10, seed=0)
    with pytest.raises(ValueError, match="exceeds"):
        sample_requests(market, 10, 11)


def test_select_keeps_rows_aligned() -> None:
    market = simulate_market(30, seed=0)
    requests = sample_requests(market, 100, 3, seed=0)
    part = requests.select(requests.hour < 12)
    assert len(part) == int((requests.hour < 12).sum())
    np.testing.assert_array_equal(part.candidates, requests.candidates[requests.hour < 12])


def test_click_probability_of_one_ad_matches_the_candidates() -> None:
    market = simulate_market(40, n_days=3, new_ad_share=0.3, fatigue=0.1, seed=0)
    requests = sample_requests(market, 500, 4, seed=0)
    p = click_probability(market, requests)
    assert p.shape == (500, 4)
    assert ((p > 0) & (p < 1)).all()
    one = click_probability(market, requests, requests.candidates[:, 2])
    np.testing.assert_allclose(one, p[:, 2])


def test_fatigue_lowers_the_click_probability_of_older_ads() -> None:
    market = simulate_market(40, n_days=10, fatigue=0.2, seed=0)
    requests = sample_requests(market, 2_000, 3, seed=0, n_days=10)
    p = click_probability(market, requests)
    early, late = requests.day < 3, requests.day > 6
    assert p[late].mean() < p[early].mean()


def test_auction_winner_has_the_highest_score_and_pays_at_most_its_bid() -> None:
    rng = np.random.default_rng(0)
    bids, pctr = rng.lognormal(size=(1_000, 5)), rng.uniform(0.001, 0.2, size=(1_000, 5))
    auction = second_price_auction(bids, pctr)
    rows = np.arange(1_000)
    score = bids * pctr
    np.testing.assert_allclose(auction.score, score.max(axis=1))
    assert (auction.price <= bids[rows, auction.winner] + 1e-12).all()
    runner_up = np.sort(score, axis=1)[:, -2]
    # expected payment per impression is the runner-up's score
    np.testing.assert_allclose(auction.price * pctr[rows, auction.winner], runner_up)


def test_auction_prices_are_invariant_to_a_uniform_pctr_scale() -> None:
    """Scaling every pCTR by the same factor changes neither winners nor prices per click."""
    rng = np.random.default_rng(1)
    bids, pctr = rng.lognormal(size=(200, 4)), rng.uniform(0.01, 0.1, size=(200, 4))
    a, b = second_price_auction(bids, pctr), second_price_auction(bids, 2 * pctr)
    np.testing.assert_array_equal(a.winner, b.winner)
    np.testing.assert_allclose(a.price, b.price)


def test_single_candidate_clicks_are_free() -> None:
    auction = second_price_auction([[1.0], [2.0]], [[0.1], [0.2]])
    np.testing.assert_array_equal(auction.winner, [0, 0])
    np.testing.assert_array_equal(auction.price, [0.0, 0.0])


@pytest.mark.parametrize(
    ("bids", "pctr"),
    [([[1.0, 2.0]], [[0.1]]), ([1.0, 2.0], [0.1, 0.2]), ([[1.0, 2.0]], [[0.0, 0.1]])],
)
def test_auction_rejects_bad_input(bids: list, pctr: list) -> None:
    with pytest.raises(ValueError):
        second_price_auction(bids, pctr)
