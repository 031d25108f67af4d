"""Naive CTR under position bias misranks items; inverse propensity weighting recovers
the true order.

Run it on its own with ``python snippets/framework/training-data/position_bias.py``.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_ITEMS, SLOTS, N_REQUESTS = 20, 10, 100_000
ETA = 1.0  # examination probability at position k is 1 / k**ETA
EXAMINE = 1 / np.arange(1, SLOTS + 1) ** ETA


def simulate_log(seed: int):
    """A logging policy ranks items by an old score unrelated to their true appeal."""
    rng = np.random.default_rng(seed)
    appeal = rng.uniform(0.04, 0.16, N_ITEMS)  # P(click | examined), the ground truth
    old_score = 2.0 * rng.standard_normal(N_ITEMS)  # the last model's opinion
    noisy = old_score + rng.gumbel(size=(N_REQUESTS, N_ITEMS))  # per-request randomness
    shown = np.argsort(-noisy, axis=1)[:, :SLOTS]  # item at positions 1..10
    position = np.broadcast_to(np.arange(1, SLOTS + 1), shown.shape)
    examined = rng.random(shown.shape) < EXAMINE[position - 1]
    clicked = examined & (rng.random(shown.shape) < appeal[shown])
    return appeal, shown.ravel(), position.ravel(), clicked.ravel().astype(float)


# --8<-- [end:data]


# --8<-- [start:estimators]
def naive_ctr(items, positions, clicks, propensity):
    """Clicks over impressions per item, ignoring where each impression was shown."""
    shown = np.bincount(items, minlength=N_ITEMS)
    return np.bincount(items, clicks, minlength=N_ITEMS) / np.maximum(shown, 1)


def ipw_ctr(items, positions, clicks, propensity):
    """Each click counts 1 / P(examined at its position): unbiased for appeal."""
    shown = np.bincount(items, minlength=N_ITEMS)
    weighted = clicks / propensity[positions - 1]
    return np.bincount(items, weighted, minlength=N_ITEMS) / np.maximum(shown, 1)


TECHNIQUE = ipw_ctr
BASELINE = naive_ctr
# --8<-- [end:estimators]


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Rank agreement of two score vectors: +1 same order, 0 unrelated, -1 reversed."""
    da = np.sign(a[:, None] - a[None, :])
    db = np.sign(b[:, None] - b[None, :])
    return float((da * db).sum() / (len(a) * (len(a) - 1)))


def top_overlap(truth: np.ndarray, estimate: np.ndarray, k: int = 5) -> int:
    return len(set(np.argsort(-truth)[:k]) & set(np.argsort(-estimate)[:k]))


# --8<-- [start:claim]
MIN_TAU_GAIN = 0.1  # Kendall tau with the true order, IPW over naive


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        appeal, items, positions, clicks = simulate_log(seed)
        fixed = technique(items, positions, clicks, EXAMINE)
        naive = BASELINE(items, positions, clicks, EXAMINE)
        gain = assert_better(
            "Kendall tau",
            kendall_tau(appeal, fixed),
            kendall_tau(appeal, naive),
            margin=MIN_TAU_GAIN,
            higher_is_better=True,
        )
        top5 = top_overlap(appeal, fixed), top_overlap(appeal, naive)
        results.append((seed, gain, *top5))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, sig

    out = Outputs(__file__)
    lines = [f"{N_ITEMS} items, {SLOTS} slots, {N_REQUESTS} requests, examination 1/k^{ETA:g}"]
    for seed, gain, top_fixed, top_naive in results:
        lines.append(
            f"seed {seed}: Kendall tau with the true order {sig(gain.baseline)} naive, "
            f"{sig(gain.technique)} IPW\n"
            f"        true top 5 found {top_naive}/5 naive, {top_fixed}/5 IPW"
        )
    lines.append(f"claim: IPW gains at least {sig(MIN_TAU_GAIN)} in Kendall tau -> holds")
    out.text("summary", "\n".join(lines))
    out.figure(scatter_figure(), "estimates")
    # --8<-- [end:report]


def scatter_figure():
    import matplotlib.pyplot as plt

    appeal, items, positions, clicks = simulate_log(SEEDS[0])
    mean_position = np.bincount(items, positions, N_ITEMS) / np.bincount(items, None, N_ITEMS)
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), sharex=True)
    for ax, estimate, title in (
        (axes[0], naive_ctr(items, positions, clicks, EXAMINE), "naive CTR"),
        (axes[1], ipw_ctr(items, positions, clicks, EXAMINE), "IPW CTR"),
    ):
        dots = ax.scatter(appeal, estimate, c=mean_position, cmap="viridis", s=22)
        ax.set(xlabel="true appeal P(click | examined)", ylabel="estimated CTR", title=title)
    top = 0.2
    axes[1].plot([0, top], [0, top], color="grey", linestyle="--", label="estimate = truth")
    axes[1].legend(loc="upper left")
    fig.colorbar(dots, ax=axes, label="mean position shown")
    return fig


if __name__ == "__main__":
    main()
