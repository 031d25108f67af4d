"""Ads ranking evaluation framework: the mini-system behind the case study.

Run it with ``python snippets/case-studies/ads-evaluation-framework/mini_system.py``. It
simulates an ads marketplace whose true click probabilities are known, logs a randomized
slice of auctions run with the production pCTR model (recording each impression's
propensity), and asks what a candidate pCTR model would earn if it ran the auction. It
compares two offline answers with the simulation's truth on three seeds: the candidate
model's own forecast (the baseline) and the self-normalized IPS estimate from the logs
(the technique), asserts the technique's margin, and writes the output the page shows.
"""

from __future__ import annotations

# --8<-- [start:world]
from functools import cache
from typing import NamedTuple

import numpy as np

from mlsd.ads import click_probability, sample_requests, second_price_auction, simulate_market
from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_REQUESTS, N_CANDIDATES = 200_000, 10  # the randomized slice of traffic, ads per auction
EPSILON, TEMPERATURE = 0.1, 0.25  # how the logging policy randomizes
ERROR_PRODUCTION, ERROR_CANDIDATE = 0.6, 0.45  # sd of each model's log-odds error


def model_with_error(p_true, requests, market, sd, rng):
    """A pCTR model that is calibrated on average, with a fixed log-odds error per
    (segment, ad) pair: the error a model makes on sparse crosses it has little data for."""
    error = rng.normal(-(sd**2) / 2, sd, size=(market.n_segments, market.n_ads))
    logit = np.log(p_true / (1 - p_true)) + error[requests.segment[:, None], requests.candidates]
    return 1 / (1 + np.exp(-logit))


class Logs(NamedTuple):
    """One randomized slice of auctions, and what the candidate model would do on it."""

    shown: np.ndarray  # column of the ad shown in each request
    propensity: np.ndarray  # probability the logging policy gave the shown ad
    click: np.ndarray
    logged_price: np.ndarray  # price per click the shown ad paid
    choice: np.ndarray  # column the candidate model's auction picks
    price: np.ndarray  # price per click the candidate's auction would charge
    pctr: np.ndarray  # the candidate model's pCTR of its own choice
    pctr_of_shown: np.ndarray  # the candidate model's pCTR of the logged ad
    true_ctr: float  # ground truth: the candidate policy's click rate
    true_rpm: float  # ground truth: its revenue per 1,000 requests
    production_rpm: float  # ground truth for the production policy, run greedily


@cache
def simulate_logs(seed: int) -> Logs:
    market = simulate_market(n_ads=200, seed=seed)
    requests = sample_requests(market, N_REQUESTS, N_CANDIDATES, seed=seed)
    p_true = click_probability(market, requests)
    bids = market.bid[requests.candidates]
    rng = np.random.default_rng(seed)
    production = model_with_error(p_true, requests, market, ERROR_PRODUCTION, rng)
    candidate = model_with_error(p_true, requests, market, ERROR_CANDIDATE, rng)
    rows = np.arange(N_REQUESTS)
    # Logging policy: softmax over the production log-scores, mixed with uniform
    # exploration so that every eligible ad has a propensity of at least EPSILON / k.
    logits = np.log(bids * production) / TEMPERATURE
    soft = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = (1 - EPSILON) * soft / soft.sum(axis=1, keepdims=True) + EPSILON / N_CANDIDATES
    shown = (rng.random(N_REQUESTS)[:, None] > probs.cumsum(axis=1)).sum(axis=1)
    shown = np.minimum(shown, N_CANDIDATES - 1)
    click = rng.random(N_REQUESTS) < p_true[rows, shown]
    ours, theirs = second_price_auction(bids, candidate), second_price_auction(bids, production)
    return Logs(
        shown=shown,
        propensity=probs[rows, shown],
        click=click,
        logged_price=np.where(shown == theirs.winner, theirs.price, 0.0),  # exploration is free
        choice=ours.winner,
        price=ours.price,
        pctr=candidate[rows, ours.winner],
        pctr_of_shown=candidate[rows, shown],
        true_ctr=float(p_true[rows, ours.winner].mean()),
        true_rpm=float(1000 * (p_true[rows, ours.winner] * ours.price).mean()),
        production_rpm=float(1000 * (p_true[rows, theirs.winner] * theirs.price).mean()),
    )


# --8<-- [end:world]


# --8<-- [start:estimators]
def model_forecast(logs: Logs) -> dict[str, float]:
    """The baseline: replay the auction with the candidate model and trust its own pCTR."""
    return {"CTR": logs.pctr.mean(), "RPM": 1000 * (logs.pctr * logs.price).mean()}


def snips(logs: Logs) -> dict[str, float]:
    """The technique: self-normalized IPS over the rows where the logged ad is the one
    the candidate would have shown, each weighted by 1 / its logging propensity."""
    weight = (logs.shown == logs.choice) / logs.propensity
    revenue = logs.click * logs.price  # the candidate's price, paid if the logged ad was clicked
    return {
        "CTR": (weight * logs.click).sum() / weight.sum(),
        "RPM": 1000 * (weight * revenue).sum() / weight.sum(),
    }


def ips(logs: Logs) -> dict[str, float]:
    """Plain inverse propensity scoring: the same weights, divided by the row count."""
    weight = (logs.shown == logs.choice) / logs.propensity
    return {
        "CTR": (weight * logs.click).mean(),
        "RPM": 1000 * (weight * logs.click * logs.price).mean(),
    }


def logged_average(logs: Logs) -> dict[str, float]:
    """What the logs earned: the production policy's own (randomized) performance."""
    return {"CTR": logs.click.mean(), "RPM": 1000 * (logs.click * logs.logged_price).mean()}


TECHNIQUE = snips
BASELINE = model_forecast
# --8<-- [end:estimators]


# --8<-- [start:claim]
METRIC = "RPM error %"  # |estimate - truth| / truth of the candidate's revenue per 1,000 requests
HIGHER_IS_BETTER = False
MIN_GAIN = 5.0  # percentage points of error the technique must remove on every seed


def evaluate(estimator, seed: int) -> dict[str, float]:
    logs = simulate_logs(seed)
    estimate = estimator(logs)
    return {
        METRIC: 100 * abs(estimate["RPM"] - logs.true_rpm) / logs.true_rpm,
        "RPM estimate": float(estimate["RPM"]),
        "true RPM": logs.true_rpm,
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        assert_better(
            METRIC, ours[METRIC], base[METRIC], margin=MIN_GAIN, higher_is_better=HIGHER_IS_BETTER
        )
        rows.append((seed, ours, base))
    # --8<-- [end:claim]
    report(rows)


# --8<-- [start:diagnostics]
def diagnostics(logs: Logs) -> dict[str, float]:
    """What an evaluation report prints next to the estimate."""
    weight = (logs.shown == logs.choice) / logs.propensity
    revenue = 1000 * logs.click * logs.price
    estimate = (weight * revenue).sum() / weight.sum()
    standard_error = np.sqrt((weight**2 * (revenue - estimate) ** 2).sum()) / weight.sum()
    return {
        "effective sample size": weight.sum() ** 2 / (weight**2).sum(),
        "SNIPS RPM standard error %": 100 * standard_error / estimate,
        "calibration ratio, all logged impressions": logs.pctr_of_shown.sum() / logs.click.sum(),
        "calibration ratio, impressions it would win": (weight * logs.pctr_of_shown).sum()
        / (weight * logs.click).sum(),
    }


# --8<-- [end:diagnostics]


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: true RPM ${sig(ours['true RPM'])}; model forecast "
        f"${sig(base['RPM estimate'])} ({sig(base[METRIC])}% off); SNIPS "
        f"${sig(ours['RPM estimate'])} ({sig(ours[METRIC])}% off)"
        for seed, ours, base in rows
    ]
    lines.append(
        f"claim: SNIPS error at least {sig(MIN_GAIN)} points below the forecast's "
        "on every seed -> holds"
    )
    logs = simulate_logs(SEEDS[0])
    lines += [f"seed {SEEDS[0]} {name}: {sig(value)}" for name, value in diagnostics(logs).items()]
    lines.append(
        f"seed {SEEDS[0]} true calibration ratio on the ads it would win: "
        f"{sig(logs.pctr.mean() / logs.true_ctr)}"
    )
    out.text("summary", "\n".join(lines))

    truth = {"CTR": logs.true_ctr, "RPM": logs.true_rpm}
    table = []
    for name, estimator in (
        ("logged average (production policy)", logged_average),
        ("candidate model's own forecast", model_forecast),
        ("IPS", ips),
        ("SNIPS", snips),
    ):
        estimate = estimator(logs)
        table.append(
            [name]
            + [
                f"{sig(scale * estimate[key])} ({100 * (estimate[key] / truth[key] - 1):+.1f}%)"
                for key, scale in (("CTR", 100), ("RPM", 1))
            ]
        )
    table.append(["truth (simulation)", sig(100 * logs.true_ctr), sig(logs.true_rpm)])
    table.append(["truth, production policy without exploration", "", sig(logs.production_rpm)])
    out.markdown(
        "estimators",
        markdown_table([f"estimator (seed {SEEDS[0]})", "CTR %", "RPM $"], table),
    )


if __name__ == "__main__":
    main()
