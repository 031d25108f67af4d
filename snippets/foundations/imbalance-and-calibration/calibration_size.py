"""Platt vs isotonic by calibration-set size: isotonic overfits a small set, wins on a large one.

Run it on its own with
``python snippets/foundations/imbalance-and-calibration/calibration_size.py``; it
calibrates the same naive Bayes model on 100 to 30,000 held-out rows (five random draws
per size), asserts that Platt scaling beats isotonic regression on the smallest set and
that isotonic wins on the largest, and draws test log loss against set size.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np

# The calibrators (and the clipping they share) are the previous demonstration's.
from calibrators import EPS, isotonic, platt
from sklearn.naive_bayes import GaussianNB

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
SIZES = (100, 300, 1_000, 3_000, 10_000, 30_000)  # calibration rows
DRAWS = 5  # random calibration sets per size
N_TRAIN, N_POOL, N_TEST, N_FEATURES = 5_000, 30_000, 20_000, 10


def simulate(n: int, rng: np.random.Generator):
    """The naive Bayes data of the previous demonstration: about 11% positives."""
    common = rng.standard_normal((n, 1))
    X = np.sqrt(0.6) * common + np.sqrt(0.4) * rng.standard_normal((n, N_FEATURES))
    logit = -4.6 + 0.35 * X.sum(axis=1) + 0.5 * X[:, 0] ** 2
    p = 1 / (1 + np.exp(-logit))
    return X, (rng.random(n) < p).astype(int), p


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Binary log loss in nats (sklearn's, without its input checks: this runs 180 times)."""
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


TECHNIQUE = platt  # on the smallest set ...
BASELINE = isotonic  # ... Platt's two parameters beat isotonic's many steps
# --8<-- [end:data]


# --8<-- [start:curve]
def size_curve(seed: int) -> dict:
    """Mean test log loss of each calibrator for each calibration-set size."""
    rng = np.random.default_rng(seed)
    (X, y, _), (X_pool, y_pool, _), (X_test, y_test, p_true) = (
        simulate(n, rng) for n in (N_TRAIN, N_POOL, N_TEST)
    )
    model = GaussianNB().fit(X, y)
    p_pool, p_test = model.predict_proba(X_pool)[:, 1], model.predict_proba(X_test)[:, 1]
    curve = {"platt": {}, "isotonic": {}}
    for n in SIZES:
        draws = [rng.choice(N_POOL, n, replace=False) for _ in range(DRAWS)]
        for name, calibrator in (("platt", platt), ("isotonic", isotonic)):
            losses = [log_loss(y_test, calibrator(p_pool[d], y_pool[d])(p_test)) for d in draws]
            curve[name][n] = float(np.mean(losses))
    curve["truth"] = log_loss(y_test, p_true)  # the floor: the true probabilities
    curve["positives per 100 rows"] = 100 * float(y_pool.mean())
    return curve


# --8<-- [end:curve]


# --8<-- [start:claim]
MIN_SMALL_GAIN = 0.02  # nats Platt must save over isotonic on the smallest set
MIN_LARGE_GAIN = 0.003  # nats isotonic must save over Platt on the largest set


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        curve = size_curve(seed)
        small, large = min(SIZES), max(SIZES)
        gain = assert_better(
            f"test log loss, {small} calibration rows",
            curve[technique.__name__][small],
            curve[BASELINE.__name__][small],
            margin=MIN_SMALL_GAIN,
            higher_is_better=False,
        )
        large_gain = curve["platt"][large] - curve["isotonic"][large]
        assert large_gain > MIN_LARGE_GAIN, f"seed {seed}: isotonic {large_gain:.3g} at {large}"
        results.append((seed, curve, gain, large_gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    _, curve, _, _ = results[0]
    rows = [
        [
            n,
            round(n * curve["positives per 100 rows"] / 100),
            curve["platt"][n],
            curve["isotonic"][n],
        ]
        for n in SIZES
    ]
    header = [
        "calibration rows",
        "of which positive (about)",
        "Platt log loss",
        "isotonic log loss",
    ]
    out.markdown("sizes", markdown_table(header, rows))
    lines = [
        f"seed {seed}: at {min(SIZES)} rows Platt saves {sig(g.improvement)}; "
        f"at {max(SIZES)} rows isotonic saves {sig(large)}"
        for seed, _, g, large in results
    ]
    out.text(
        "summary",
        f"log loss of the true probabilities (seed 0): {sig(curve['truth'])}\n"
        + "\n".join(lines)
        + f"\nclaim: Platt beats isotonic by at least {sig(MIN_SMALL_GAIN)} nats at "
        f"{min(SIZES)} rows, and isotonic beats Platt by at least {sig(MIN_LARGE_GAIN)} at "
        f"{max(SIZES)} rows, on every seed -> holds",
    )
    out.figure(size_figure(curve), "sizes")
    # --8<-- [end:report]


def size_figure(curve: dict):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(SIZES, [curve["platt"][n] for n in SIZES], marker="o", label="Platt scaling")
    ax.plot(SIZES, [curve["isotonic"][n] for n in SIZES], marker="s", label="isotonic regression")
    ax.axhline(curve["truth"], color="grey", linestyle=":", label="true probabilities")
    ax.set(xscale="log", xlabel="calibration rows (log scale)", ylabel="test log loss (nats)")
    ax.legend(fontsize=8)
    return fig


if __name__ == "__main__":
    main()
