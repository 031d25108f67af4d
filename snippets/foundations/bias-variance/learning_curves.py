"""Learning curves: more data closes the gap of a high-variance model, not of a high-bias one.

Run it on its own with ``python snippets/foundations/bias-variance/learning_curves.py``;
it fits a degree-10 and a degree-1 polynomial on training sets of 25 to 1,600 points,
asserts that 64 times more data shrinks the degree-10 model's generalization gap and
leaves the degree-1 model's error where it was, and draws both learning curves.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from numpy.polynomial import Legendre

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
SIZES = (25, 50, 100, 200, 400, 800, 1_600)
REPEATS = 10  # training sets per size; the curves show the median
N_VALID = 2_000
NOISE = 0.3  # label noise: the error floor is NOISE**2 = 0.09


def simulate(n: int, rng: np.random.Generator):
    """One uniform feature, a sine-shaped truth and Gaussian label noise."""
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + NOISE * rng.standard_normal(n)


# --8<-- [end:data]


# --8<-- [start:curves]
def learning_curve(degree: int, seed: int) -> dict[int, dict]:
    """Median train and validation MSE of a polynomial fit, for each training-set size."""
    rng = np.random.default_rng(seed)
    x_val, y_val = simulate(N_VALID, rng)
    curve = {}
    for n in SIZES:
        train, valid = [], []
        for _ in range(REPEATS):
            x, y = simulate(n, rng)
            fit = Legendre.fit(x, y, degree)  # least squares, well conditioned on [-1, 1]
            train.append(np.mean((fit(x) - y) ** 2))
            valid.append(np.mean((fit(x_val) - y_val) ** 2))
        train_mse, valid_mse = float(np.median(train)), float(np.median(valid))
        curve[n] = {"train": train_mse, "valid": valid_mse, "gap": valid_mse - train_mse}
    return curve


HIGH_VARIANCE, HIGH_BIAS = 10, 1  # polynomial degrees
TECHNIQUE = max(SIZES)  # more data ...
BASELINE = min(SIZES)  # ... against the smallest training set
# --8<-- [end:curves]


# --8<-- [start:claim]
MIN_GAP_CUT = 0.02  # MSE by which 64x more data must shrink the high-variance gap
BIAS_STUCK = 0.1  # the high-bias model's validation MSE stays this far above the floor


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        flexible = learning_curve(HIGH_VARIANCE, seed)
        rigid = learning_curve(HIGH_BIAS, seed)
        gap_cut = assert_better(
            "generalization gap",
            flexible[technique]["gap"],
            flexible[BASELINE]["gap"],
            margin=MIN_GAP_CUT,
            higher_is_better=False,
        )
        excess = rigid[technique]["valid"] - NOISE**2
        assert excess > BIAS_STUCK, (
            f"seed {seed}: the degree-{HIGH_BIAS} model got within {excess:.3g} of the floor"
        )
        results.append((seed, flexible, rigid, gap_cut))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lo, hi = min(SIZES), max(SIZES)
    lines = [
        f"seed {seed}: degree {HIGH_VARIANCE} gap {sig(flex[lo]['gap'])} -> "
        f"{sig(flex[hi]['gap'])}; "
        f"degree {HIGH_BIAS} validation MSE {sig(rigid[lo]['valid'])} -> {sig(rigid[hi]['valid'])}"
        for seed, flex, rigid, _ in results
    ]
    out.text(
        "summary",
        f"training sets of {lo} -> {hi} points; noise floor {sig(NOISE**2)}\n"
        + "\n".join(lines)
        + f"\nclaim: {hi // lo}x more data shrinks the degree-{HIGH_VARIANCE} gap by at least "
        f"{sig(MIN_GAP_CUT)} on every seed -> holds\n"
        f"claim: the degree-{HIGH_BIAS} model stays more than {sig(BIAS_STUCK)} above the "
        "floor at every seed's largest size -> holds",
    )
    _, flex, rigid, _ = results[0]
    rows = [
        [n, flex[n]["train"], flex[n]["valid"], rigid[n]["train"], rigid[n]["valid"]] for n in SIZES
    ]
    header = [
        "training points",
        f"degree {HIGH_VARIANCE} train",
        f"degree {HIGH_VARIANCE} validation",
        f"degree {HIGH_BIAS} train",
        f"degree {HIGH_BIAS} validation",
    ]
    out.markdown("curves", markdown_table(header, rows))
    out.figure(curves_figure(flex, rigid), "learning_curves")
    # --8<-- [end:report]


def curves_figure(flexible: dict, rigid: dict):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
    titles = (
        f"degree {HIGH_VARIANCE}: high variance, data helps",
        f"degree {HIGH_BIAS}: high bias, data does not help",
    )
    for ax, curve, title in zip(axes, (flexible, rigid), titles, strict=True):
        sizes = list(curve)
        ax.plot(sizes, [curve[n]["train"] for n in sizes], marker="o", label="train MSE")
        ax.plot(sizes, [curve[n]["valid"] for n in sizes], marker="s", label="validation MSE")
        ax.axhline(NOISE**2, color="grey", linestyle=":", label="noise floor")
        ax.set(xscale="log", xlabel="training points (log scale)", title=title)
        ax.title.set_fontsize(9)
    axes[0].set(ylabel="mean squared error", ylim=(0, 0.45))
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    main()
