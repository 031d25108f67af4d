"""Ad click-through rate prediction: the mini-system behind the case study.

Run it with ``python snippets/case-studies/ad-click-prediction/mini_system.py``. It
simulates eight days of ad impressions whose true click probabilities are known (new ads
launch every day and ads fatigue as they age), trains on the first seven days and tests on
the eighth. The technique, a logistic regression on hashed sparse features with crosses,
is compared with the baseline, each ad's historical CTR smoothed with a Beta prior, on
normalized entropy on three seeds; then both run the auction on the test day to show what
the better pCTR is worth.
"""

from __future__ import annotations

# --8<-- [start:data]
from functools import cache

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from mlsd.ads import click_probability, sample_requests, second_price_auction, simulate_market
from mlsd.claims import assert_better
from mlsd.metrics import calibration_ratio, normalized_entropy, roc_auc

SEEDS = (0, 1, 2)
N_DAYS, PER_DAY, N_CANDIDATES = 8, 15_000, 6  # train on days 0-6, test on day 7
HASH_BITS = 14  # 16,384 buckets for about 900 distinct tokens


@cache
def simulate(seed: int):
    """Impressions served by randomized serving: each request shows one of its eligible
    ads at random (column 0 of the candidates), so the logs have no selection bias."""
    market = simulate_market(n_ads=300, n_days=N_DAYS, new_ad_share=0.3, fatigue=0.04, seed=seed)
    requests = sample_requests(market, N_DAYS * PER_DAY, N_CANDIDATES, seed=seed)
    p_true = click_probability(market, requests)
    clicked = np.random.default_rng(seed).random(len(requests)) < p_true[:, 0]
    return market, requests, p_true, clicked.astype(int)


# --8<-- [end:data]


# --8<-- [start:features]
GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / golden ratio: Knuth's multiplicative hash constant


def hashed_features(market, requests, ads):
    """One-hot tokens and crosses hashed into 2**HASH_BITS columns, plus the ad's age."""
    segment, category = requests.segment, market.category[ads]
    fields = [
        ads,
        market.advertiser[ads],
        category,
        segment,
        requests.placement,
        requests.device,
        requests.hour,
        segment * 1_000 + category,  # cross: this segment's taste for this category
        requests.device * 1_000 + requests.placement,  # cross: layout differs by device
    ]
    columns = [
        ((np.asarray(values, dtype=np.uint64) + np.uint64(field << 40)) * np.uint64(GOLDEN))
        >> np.uint64(64 - HASH_BITS)  # multiplicative hashing of (field, value)
        for field, values in enumerate(fields)
    ]
    index = np.stack(columns, axis=1).astype(np.int64)
    rows = np.repeat(np.arange(len(index)), index.shape[1])
    one_hot = sparse.csr_matrix(
        (np.ones(index.size), (rows, index.ravel())), shape=(len(index), 2**HASH_BITS)
    )
    age = np.log1p(requests.day - market.launch_day[ads]).astype(float)[:, None]
    return sparse.hstack([one_hot, sparse.csr_matrix(age)], format="csr")


# --8<-- [end:features]


# --8<-- [start:models]
class HashedLogisticRegression:
    """The technique: L2-regularized logistic regression on hashed features and crosses."""

    def fit(self, market, requests, ads, clicked):
        self.model = LogisticRegression(C=0.5, max_iter=300)
        self.model.fit(hashed_features(market, requests, ads), clicked)
        return self

    def predict(self, market, requests, ads):
        return self.model.predict_proba(hashed_features(market, requests, ads))[:, 1]


class SmoothedAdCtr:
    """The baseline: each ad's historical CTR, smoothed towards the global CTR with a Beta
    prior worth PRIOR_IMPRESSIONS impressions; an ad with no history gets the global CTR."""

    PRIOR_IMPRESSIONS = 100

    def fit(self, market, requests, ads, clicked):
        shown = np.bincount(ads, minlength=market.n_ads)
        clicks = np.bincount(ads, weights=clicked, minlength=market.n_ads)
        prior = clicked.mean() * self.PRIOR_IMPRESSIONS
        self.ctr = (clicks + prior) / (shown + self.PRIOR_IMPRESSIONS)
        return self

    def predict(self, market, requests, ads):
        return self.ctr[ads]


TECHNIQUE = HashedLogisticRegression
BASELINE = SmoothedAdCtr
# --8<-- [end:models]


# --8<-- [start:claim]
METRIC = "NE"  # normalized entropy on the held-out eighth day
HIGHER_IS_BETTER = False
MIN_GAIN = 0.015  # normalized entropy the technique must save on every seed


def evaluate(make_model, seed: int) -> dict[str, float]:
    market, requests, _, clicked = simulate(seed)
    train, test = requests.day < N_DAYS - 1, requests.day == N_DAYS - 1
    ads = requests.candidates[:, 0]
    model = make_model().fit(market, requests.select(train), ads[train], clicked[train])
    p, y = model.predict(market, requests.select(test), ads[test]), clicked[test]
    return {
        METRIC: normalized_entropy(y, p),
        "AUC": roc_auc(y, p),
        "calibration ratio": calibration_ratio(y, p),
        **auction_replay(model, seed),
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


# --8<-- [start:auction]
def auction_replay(model, seed: int) -> dict[str, float]:
    """Run the test day's auctions with the model's pCTR; score the winners with the truth."""
    market, requests, p_true, _ = simulate(seed)
    test = requests.day == N_DAYS - 1
    day, truth = requests.select(test), p_true[test]
    pctr = np.column_stack(
        [model.predict(market, day, day.candidates[:, j]) for j in range(N_CANDIDATES)]
    )
    auction = second_price_auction(market.bid[day.candidates], pctr)
    won = truth[np.arange(len(day)), auction.winner]
    return {
        "CTR of winners %": 100 * won.mean(),
        "revenue per 1,000 requests $": 1000 * (won * auction.price).mean(),
        "advertiser value per 1,000 requests $": 1000
        * (won * market.bid[day.candidates][np.arange(len(day)), auction.winner]).mean(),
    }


# --8<-- [end:auction]


class TruePctr:
    """The ceiling: the simulation's true click probabilities (no model can do better)."""

    def fit(self, market, requests, ads, clicked):
        return self

    def predict(self, market, requests, ads):
        return click_probability(market, requests, ads)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: NE {sig(ours[METRIC])} (hashed LR) vs {sig(base[METRIC])} "
        f"(smoothed ad CTR), saves {sig(base[METRIC] - ours[METRIC])}"
        for seed, ours, base in rows
    ]
    lines.append(f"claim: at least {sig(MIN_GAIN)} lower NE on every seed -> holds")
    out.text("summary", "\n".join(lines))
    seed, ours, base = rows[0]
    keys = list(ours)
    table = [
        [name, *(scores[key] for key in keys)]
        for name, scores in (
            ("smoothed ad CTR (baseline)", base),
            ("hashed LR with crosses", ours),
            ("true pCTR (ceiling)", evaluate(TruePctr, seed)),
        )
    ]
    out.markdown("metrics", markdown_table([f"model (seed {seed})", *keys], table))


if __name__ == "__main__":
    main()
