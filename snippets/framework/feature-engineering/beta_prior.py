"""Beta-prior smoothing: estimate item click-through rates from few impressions.

Simulates a catalogue whose true CTRs are drawn from a Beta distribution and whose
impression counts are heavy-tailed, then compares the raw rate clicks / impressions with
the empirical-Bayes estimate that shrinks each item towards a Beta prior fitted by the
method of moments. Run it with
``python snippets/framework/feature-engineering/beta_prior.py``.
"""

from __future__ import annotations

import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_ITEMS = 5_000
TRUE_PRIOR = (2.0, 48.0)  # true CTRs ~ Beta(2, 48): mean 4%, most items between 0.5% and 10%
TOP_K = 100  # "which 100 items would we boost?"


# --8<-- [start:simulate]
def simulate(seed: int):
    """True CTRs, and impressions and clicks per item: most items are seen only a few times."""
    rng = np.random.default_rng(seed)
    true_ctr = rng.beta(*TRUE_PRIOR, size=N_ITEMS)
    impressions = np.ceil(rng.lognormal(mean=4.0, sigma=1.5, size=N_ITEMS)).astype(int)
    clicks = rng.binomial(impressions, true_ctr)
    return true_ctr, impressions, clicks


# --8<-- [end:simulate]


# --8<-- [start:estimators]
def fit_beta_prior(clicks: np.ndarray, impressions: np.ndarray) -> tuple[float, float]:
    """Method of moments: spread of raw rates minus the binomial noise of small counts."""
    rate = clicks / impressions
    mean = clicks.sum() / impressions.sum()
    noise = np.mean(mean * (1 - mean) / impressions)  # variance from sampling alone
    true_var = max(np.var(rate) - noise, 1e-12)
    strength = mean * (1 - mean) / true_var - 1  # alpha + beta: pseudo-impressions
    return mean * strength, (1 - mean) * strength


def smoothed_ctr(clicks: np.ndarray, impressions: np.ndarray) -> np.ndarray:
    alpha, beta = fit_beta_prior(clicks, impressions)
    return (clicks + alpha) / (impressions + alpha + beta)


def raw_ctr(clicks: np.ndarray, impressions: np.ndarray) -> np.ndarray:
    return clicks / impressions


TECHNIQUE = smoothed_ctr
BASELINE = raw_ctr
# --8<-- [end:estimators]


# --8<-- [start:claim]
MIN_RMSE_GAIN = 0.01  # RMSE removed, in CTR units (0.01 = one percentage point)
MIN_TOP_K_GAIN = 0.1  # share of the true top-100 recovered: smoothed minus raw


def evaluate(estimate, seed: int) -> dict[str, float]:
    true_ctr, impressions, clicks = simulate(seed)
    ctr = estimate(clicks, impressions)
    top_true = set(np.argsort(-true_ctr)[:TOP_K])
    top_est = np.argsort(-ctr, kind="stable")[:TOP_K]
    return {
        "RMSE": float(np.sqrt(np.mean((ctr - true_ctr) ** 2))),
        f"top-{TOP_K} precision": len(top_true.intersection(top_est)) / TOP_K,
        f"median impressions of top-{TOP_K}": float(np.median(impressions[top_est])),
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        smooth, raw = evaluate(technique, seed), evaluate(BASELINE, seed)
        for metric, margin, higher in (
            ("RMSE", MIN_RMSE_GAIN, False),
            (f"top-{TOP_K} precision", MIN_TOP_K_GAIN, True),
        ):
            assert_better(
                metric, smooth[metric], raw[metric], margin=margin, higher_is_better=higher
            )
        rows.append((seed, smooth, raw))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    true_ctr, impressions, clicks = simulate(SEEDS[0])
    alpha, beta = fit_beta_prior(clicks, impressions)
    metrics = list(rows[0][1])
    table = [
        [name, seed, *(scores[m] for m in metrics)]
        for seed, smooth, raw in rows
        for name, scores in (("Beta-prior smoothed", smooth), ("raw clicks / impressions", raw))
    ]
    out.markdown("metrics", markdown_table(["estimate", "seed", *metrics], table))
    rmse_gains = [raw["RMSE"] - smooth["RMSE"] for _, smooth, raw in rows]
    top_gains = [smooth[metrics[1]] - raw[metrics[1]] for _, smooth, raw in rows]
    out.text(
        "summary",
        f"{N_ITEMS} items, median {sig(np.median(impressions))} impressions, "
        f"{sig(np.mean(impressions < 20) * 100)}% of items under 20 impressions (seed 0)\n"
        f"true prior Beta{TRUE_PRIOR}, fitted by moments: "
        f"Beta({sig(alpha)}, {sig(beta)}), prior mean {sig(alpha / (alpha + beta))}\n"
        f"RMSE removed on seeds {list(SEEDS)}: {', '.join(sig(g) for g in rmse_gains)}; "
        f"top-{TOP_K} precision gained: {', '.join(sig(g) for g in top_gains)}\n"
        f"claim: RMSE lower by at least {sig(MIN_RMSE_GAIN)} and top-{TOP_K} precision "
        f"higher by at least {sig(MIN_TOP_K_GAIN)} on every seed -> holds",
    )
    out.figure(shrinkage_figure(true_ctr, impressions, clicks), "shrinkage")


def shrinkage_figure(true_ctr, impressions, clicks):
    """RMSE against the truth per impression-count bin: smoothing matters most at low counts."""
    import matplotlib.pyplot as plt

    edges = np.array([1, 6, 21, 51, 201, 1001, impressions.max() + 1])
    bins = np.digitize(impressions, edges) - 1
    centers = np.sqrt(edges[:-1] * (edges[1:] - 1))
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for estimate, label, marker in (
        (BASELINE, "raw clicks / impressions", "s"),
        (TECHNIQUE, "Beta-prior smoothed", "o"),
    ):
        error = (estimate(clicks, impressions) - true_ctr) ** 2
        rmse = [np.sqrt(error[bins == b].mean()) for b in range(len(centers))]
        ax.plot(centers, rmse, marker=marker, label=label)
    ax.set(
        xscale="log",
        xlabel="impressions of the item (bin centre, log scale)",
        ylabel="RMSE of the CTR estimate",
    )
    ax.legend()
    return fig


if __name__ == "__main__":
    main()
