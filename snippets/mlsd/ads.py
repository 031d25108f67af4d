"""A simulated ads marketplace whose true click probabilities are known, and the auction
that turns predicted click-through rates into winners and prices.

The ads case studies need the same three things: ads with advertisers, categories, bids
and launch days; requests that each arrive with a handful of eligible ads; and the
second-price auction that ranks them by bid × pCTR. Because the true click probability
of every (request, ad) pair is written down here, a mini-system can score a click model,
an auction or an offline evaluation method against the truth instead of against logs.

- World: [`simulate_market`][mlsd.ads.simulate_market] draws a
  [`Market`][mlsd.ads.Market]: ads sorted by launch day, user segments with a taste for
  each ad category, placements, devices and an hour-of-day rhythm.
- Traffic: [`sample_requests`][mlsd.ads.sample_requests] draws
  [`Requests`][mlsd.ads.Requests], each with ``k`` distinct ads eligible on its day.
- Truth: [`click_probability`][mlsd.ads.click_probability] gives the true click
  probability of every candidate of every request.
- Auction: [`second_price_auction`][mlsd.ads.second_price_auction] ranks candidates by
  bid × pCTR and prices the winner's click at the runner-up's score divided by the
  winner's pCTR.

The true log-odds of a click on ad ``a`` for a request from segment ``s`` on placement
``p`` and device ``d`` at hour ``h`` of day ``t`` are::

    base_logit + quality[a] + advertiser_effect[advertiser[a]]
    + affinity[s, category[a]] + placement_effect[p] + device_placement[d, p]
    + 0.2 * sin(2 pi h / 24) - fatigue * (t - launch_day[a])

Examples:
    >>> market = simulate_market(n_ads=50, seed=0)
    >>> requests = sample_requests(market, n=1_000, k=4, seed=0)
    >>> p_click = click_probability(market, requests)
    >>> p_click.shape
    (1000, 4)
    >>> bids = market.bid[requests.candidates]
    >>> auction = second_price_auction(bids, p_click)
    >>> bool((auction.price <= bids[np.arange(1_000), auction.winner]).all())
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "Auction",
    "Market",
    "Requests",
    "click_probability",
    "sample_requests",
    "second_price_auction",
    "simulate_market",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Market:
    """Ads, user segments and placements with known effects on the click log-odds.

    Ads are sorted by launch day, so the ads live on day ``t`` are the first
    ``n_live(t)`` ones.

    Attributes:
        advertiser: Advertiser of each ad.
        category: Category of each ad.
        quality: Each ad's own effect on the click log-odds (its creative).
        bid: Each ad's bid per click, in dollars.
        launch_day: The day each ad starts serving.
        advertiser_effect: Each advertiser's effect on the log-odds.
        affinity: Taste of each user segment for each category, shape
            ``(n_segments, n_categories)``.
        placement_effect: Effect of each placement (feed, right column, stories ...).
        device_placement: Effect of each (device, placement) pair.
        base_logit: Log-odds of an average ad on an average request.
        fatigue: Log-odds an ad loses per day since its launch (creative fatigue).
    """

    advertiser: IntArray
    category: IntArray
    quality: FloatArray
    bid: FloatArray
    launch_day: IntArray
    advertiser_effect: FloatArray
    affinity: FloatArray
    placement_effect: FloatArray
    device_placement: FloatArray
    base_logit: float
    fatigue: float

    @property
    def n_ads(self) -> int:
        """Number of ads."""
        return len(self.quality)

    @property
    def n_segments(self) -> int:
        """Number of user segments."""
        return self.affinity.shape[0]

    def n_live(self, day: npt.ArrayLike) -> IntArray:
        """Number of ads live on each ``day`` (they are the first ones)."""
        return np.searchsorted(self.launch_day, np.asarray(day), side="right").astype(np.int64)


def simulate_market(
    n_ads: int = 200,
    *,
    n_advertisers: int = 40,
    n_categories: int = 12,
    n_segments: int = 40,
    n_placements: int = 3,
    n_devices: int = 2,
    n_days: int = 1,
    new_ad_share: float = 0.0,
    base_ctr: float = 0.02,
    fatigue: float = 0.0,
    seed: int = 0,
) -> Market:
    """Draw a market of ``n_ads`` ads.

    Args:
        n_ads: Number of ads.
        n_advertisers: Number of advertisers; each ad belongs to one.
        n_categories: Number of ad categories.
        n_segments: Number of user segments.
        n_placements: Number of placements.
        n_devices: Number of device types.
        n_days: Days the simulation spans; ads launch on days ``0 .. n_days - 1``.
        new_ad_share: Share of ads launched after day 0, uniformly over the later days.
        base_ctr: Click probability of an average ad on an average request.
        fatigue: Log-odds an ad loses per day since its launch.
        seed: Seed of the random generator; the same seed gives the same market.

    Returns:
        The market.

    Raises:
        ValueError: On a non-positive count, a share or rate out of range, or new ads
            without later days to launch them on.
    """
    if min(n_ads, n_advertisers, n_categories, n_segments, n_placements, n_devices, n_days) < 1:
        raise ValueError("every count must be at least 1")
    if not 0 <= new_ad_share < 1 or not 0 < base_ctr < 1:
        raise ValueError("new_ad_share must be in [0, 1) and base_ctr in (0, 1)")
    if new_ad_share > 0 and n_days < 2:
        raise ValueError("new ads need n_days >= 2")
    rng = np.random.default_rng(seed)
    is_new = rng.random(n_ads) < new_ad_share
    launch = np.where(is_new, rng.integers(1, max(n_days, 2), size=n_ads), 0)
    order = np.argsort(launch, kind="stable")
    return Market(
        advertiser=rng.integers(0, n_advertisers, size=n_ads),
        category=rng.integers(0, n_categories, size=n_ads),
        quality=rng.normal(0.0, 0.5, size=n_ads),
        bid=np.round(rng.lognormal(0.0, 0.5, size=n_ads), 2),
        launch_day=launch[order].astype(np.int64),
        advertiser_effect=rng.normal(0.0, 0.3, size=n_advertisers),
        affinity=rng.normal(0.0, 0.6, size=(n_segments, n_categories)),
        placement_effect=np.linspace(0.4, -0.5, n_placements),
        device_placement=rng.normal(0.0, 0.3, size=(n_devices, n_placements)),
        base_logit=float(np.log(base_ctr / (1 - base_ctr))),
        fatigue=float(fatigue),
    )


@dataclass(frozen=True)
class Requests:
    """Ad requests, each with ``k`` distinct eligible ads.

    Attributes:
        segment: User segment of each request.
        placement: Placement of each request.
        device: Device of each request.
        hour: Hour of day, 0-23.
        day: Day of the request.
        candidates: Eligible ads, shape ``(n, k)``, distinct within a row, all live on
            the request's day.
    """

    segment: IntArray
    placement: IntArray
    device: IntArray
    hour: IntArray
    day: IntArray
    candidates: IntArray

    def __len__(self) -> int:
        return len(self.segment)

    def select(self, rows: npt.ArrayLike) -> Requests:
        """The requests at ``rows`` (a boolean mask or indices), as new `Requests`."""
        return Requests(
            segment=self.segment[rows],
            placement=self.placement[rows],
            device=self.device[rows],
            hour=self.hour[rows],
            day=self.day[rows],
            candidates=self.candidates[rows],
        )


def sample_requests(
    market: Market, n: int, k: int, seed: int = 0, n_days: int | None = None
) -> Requests:
    """Draw ``n`` requests spread evenly over the days, each with ``k`` live ads.

    Candidates are drawn uniformly without replacement among the ads live on the
    request's day (Floyd's algorithm, vectorized over requests), standing in for the
    ads whose targeting matches the request.

    Args:
        market: The market.
        n: Number of requests.
        k: Candidates per request; at most the number of ads live on day 0.
        seed: Seed of the random generator.
        n_days: Days to spread the requests over; defaults to one past the last launch.

    Returns:
        The requests, sorted by day.

    Raises:
        ValueError: If ``n`` or ``k`` is not positive or ``k`` exceeds the live ads.
    """
    n_days = int(market.launch_day.max()) + 1 if n_days is None else n_days
    if n < 1 or k < 1 or n_days < 1:
        raise ValueError("n, k and n_days must be positive")
    if k > market.n_live(0):
        raise ValueError(f"k={k} exceeds the {market.n_live(0)} ads live on day 0")
    rng = np.random.default_rng(seed)
    day = np.sort(rng.integers(0, n_days, size=n))
    live = market.n_live(day)
    chosen = np.empty((n, k), dtype=np.int64)
    for j in range(k):  # Floyd: draw from 0..live-k+j, on a repeat take live-k+j itself
        top = live - k + j
        draw = rng.integers(0, top + 1)
        repeat = (chosen[:, :j] == draw[:, None]).any(axis=1)
        chosen[:, j] = np.where(repeat, top, draw)
    return Requests(
        segment=rng.integers(0, market.n_segments, size=n),
        placement=rng.integers(0, len(market.placement_effect), size=n),
        device=rng.integers(0, market.device_placement.shape[0], size=n),
        hour=rng.integers(0, 24, size=n),
        day=day.astype(np.int64),
        candidates=chosen,
    )


def click_probability(
    market: Market, requests: Requests, ads: npt.ArrayLike | None = None
) -> FloatArray:
    """The true click probability of every candidate of every request.

    Args:
        market: The market.
        requests: The requests.
        ads: Ads to score instead of the candidates: one per request, shape ``(n,)``, or
            several, shape ``(n, m)``. Defaults to ``requests.candidates``.

    Returns:
        Probabilities of the same shape as ``ads``: ``(n, k)`` for the candidates.
    """
    ads = requests.candidates if ads is None else np.asarray(ads)
    if ads.ndim == 1:
        return click_probability(market, requests, ads[:, None])[:, 0]
    context = (
        market.base_logit
        + market.placement_effect[requests.placement]
        + market.device_placement[requests.device, requests.placement]
        + 0.2 * np.sin(2 * np.pi * requests.hour / 24)
    )
    logit = (
        context[:, None]
        + market.quality[ads]
        + market.advertiser_effect[market.advertiser[ads]]
        + market.affinity[requests.segment[:, None], market.category[ads]]
        - market.fatigue * (requests.day[:, None] - market.launch_day[ads])
    )
    return 1.0 / (1.0 + np.exp(-logit))


@dataclass(frozen=True)
class Auction:
    """The outcome of one single-slot auction per request.

    Attributes:
        winner: Column of the winning candidate in each row.
        score: The winner's bid × pCTR, its expected value per impression (eCPM / 1000).
        price: What the winner pays per click: the runner-up's score divided by the
            winner's pCTR, never more than the winner's bid.
    """

    winner: IntArray
    score: FloatArray
    price: FloatArray


def second_price_auction(bids: npt.ArrayLike, pctr: npt.ArrayLike) -> Auction:
    """Rank each row's candidates by bid × pCTR and price the winner's click.

    This is the single-slot case of the generalized second-price auction: the winner
    pays the smallest bid that would still have won, ``runner_up_score / pctr_winner``
    per click, so its expected payment per impression equals the runner-up's expected
    value. With one candidate the runner-up scores 0 and the click is free.

    Args:
        bids: Bids per click, shape ``(n, k)``.
        pctr: Predicted click probabilities of the same candidates, shape ``(n, k)``.

    Returns:
        The winners and their prices.

    Raises:
        ValueError: On shapes that differ or are not 2-D, or probabilities not in (0, 1].

    Examples:
        >>> result = second_price_auction([[1.0, 2.0]], [[0.04, 0.015]])
        >>> int(result.winner[0]), round(float(result.price[0]), 4)  # 0.03 / 0.04
        (0, 0.75)
    """
    bids, pctr = np.asarray(bids, dtype=float), np.asarray(pctr, dtype=float)
    if bids.shape != pctr.shape or bids.ndim != 2:
        raise ValueError(f"bids {bids.shape} and pctr {pctr.shape} must be the same 2-D shape")
    if ((pctr <= 0) | (pctr > 1)).any():
        raise ValueError("pctr must lie in (0, 1]")
    rows = np.arange(len(bids))
    score = bids * pctr
    order = np.argsort(-score, axis=1, kind="stable")
    winner = order[:, 0]
    runner_up = score[rows, order[:, 1]] if bids.shape[1] > 1 else np.zeros(len(bids))
    price = np.minimum(runner_up / pctr[rows, winner], bids[rows, winner])
    return Auction(winner=winner.astype(np.int64), score=score[rows, winner], price=price)
