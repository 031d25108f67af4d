"""Monotonic constraints: keep predicted conversion falling as the price rises.

Run it on its own with ``python snippets/foundations/trees-and-boosting/monotonic.py``;
on simulated shopping impressions whose true purchase probability falls with price, it
fits a histogram GBDT with and without a decreasing constraint on price, counts the rows
whose predicted probability rises somewhere along a price sweep, asserts the constraint
removes them at little cost in log loss, and writes the table the page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST = 10_000, 10_000
PRICE_GRID = np.geomspace(5, 500, 40)  # the sweep along which monotonicity is checked


def simulate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns: price (5-500, log-uniform), item rating, user's past purchases.
    True log-odds fall by 0.8 per e-fold of price: the truth is monotone."""
    rng = np.random.default_rng(seed)
    price = np.exp(rng.uniform(np.log(5), np.log(500), n))
    rating, purchases = rng.normal(4.0, 0.5, n), rng.poisson(2.0, n)
    logit = -2.5 - 0.8 * np.log(price / 50) + 1.0 * (rating - 4) + 0.3 * np.sqrt(purchases)
    bought = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return np.column_stack([price, rating, purchases]), bought


# --8<-- [end:data]


# --8<-- [start:models]
def gbdt(monotonic_cst=None):
    return HistGradientBoostingClassifier(
        learning_rate=0.2,
        max_iter=50,
        max_leaf_nodes=15,
        monotonic_cst=monotonic_cst,
        early_stopping=False,
        random_state=0,
    )


def constrained():
    """The technique: -1 on price (non-increasing), no constraint on the others."""
    return gbdt(monotonic_cst=[-1, 0, 0])


def unconstrained():
    """The baseline: the same model, free to wiggle wherever the data are thin."""
    return gbdt()


TECHNIQUE = constrained
BASELINE = unconstrained
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_DROP = 0.2  # share of test rows with a price-sweep violation the constraint must remove
MAX_COST = 0.003  # nats of test log loss the constraint may cost


def price_sweep(model, X: np.ndarray, rows: int = 500) -> np.ndarray:
    """Each row's predicted probability at every price of the grid, other columns fixed."""
    sample = np.repeat(X[:rows], len(PRICE_GRID), axis=0)
    sample[:, 0] = np.tile(PRICE_GRID, rows)
    return model.predict_proba(sample)[:, 1].reshape(rows, len(PRICE_GRID))


def evaluate(make_model, seed: int) -> dict[str, float]:
    X, y = simulate(N_TRAIN + N_TEST, seed)
    model = make_model().fit(X[:N_TRAIN], y[:N_TRAIN])
    f, y_test = model.decision_function(X[N_TRAIN:]), y[N_TRAIN:]
    rises = np.diff(price_sweep(model, X[N_TRAIN:]), axis=1)  # > 0: a higher price sells more
    return {
        "rows with a violation": float(np.mean((rises > 1e-9).any(axis=1))),
        "largest rise": float(np.median(rises.max(axis=1).clip(min=0))),
        "log loss": float(np.mean(np.logaddexp(0.0, f) - y_test * f)),
    }


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        tech, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        drop = assert_better(
            "rows with a violation",
            tech["rows with a violation"],
            base["rows with a violation"],
            margin=MIN_DROP,
            higher_is_better=False,
        )
        cost = tech["log loss"] - base["log loss"]
        assert cost <= MAX_COST, f"seed {seed}: the constraint costs {cost:.4g} nats"
        results.append((seed, tech, base, drop, cost))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = [
        [seed, name, m["rows with a violation"], 100 * m["largest rise"], m["log loss"]]
        for seed, tech, base, *_ in results
        for name, m in (("unconstrained", base), ("price constrained", tech))
    ]
    rise = "largest rise along the sweep, median row (points)"
    header = ["seed", "model", "rows with a violation", rise, "test log loss"]
    out.markdown("monotonic", markdown_table(header, rows))
    out.text(
        "summary",
        "share of rows with a violation removed by the constraint: "
        f"{', '.join(sig(d.improvement) for *_, d, _ in results)}\n"
        f"log loss cost of the constraint: {', '.join(sig(c) for *_, c in results)} nats\n"
        f"claim: removes at least {sig(MIN_DROP)} of rows, costs at most "
        f"{sig(MAX_COST)} nats, on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
