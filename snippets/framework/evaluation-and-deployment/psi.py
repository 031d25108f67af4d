"""Data drift: the population stability index and the Kolmogorov-Smirnov test.

Run it with ``python snippets/framework/evaluation-and-deployment/psi.py``. A reference
window of a feature (training data) is compared with three serving windows: one drawn
from the same distribution, one with a tiny shift, and one after a client release changed
the feature. PSI must flag only the real shift; the KS p-value flags the tiny one too.
"""

from __future__ import annotations

# --8<-- [start:psi]
import numpy as np
from scipy.stats import ks_2samp

N = 100_000  # rows per window: serving logs are large, which matters for p-values


def psi(reference: np.ndarray, current: np.ndarray, n_bins: int = 10) -> float:
    """Population stability index over the reference's decile bins:
    sum over bins of (current share - reference share) * ln(current share / reference share)."""
    edges = np.quantile(reference, np.linspace(0, 1, n_bins + 1))[1:-1]
    ref = np.bincount(np.searchsorted(edges, reference), minlength=n_bins) / reference.size
    cur = np.bincount(np.searchsorted(edges, current), minlength=n_bins) / current.size
    ref, cur = np.clip(ref, 1e-6, None), np.clip(cur, 1e-6, None)  # empty bins
    return float(np.sum((cur - ref) * np.log(cur / ref)))


# --8<-- [end:psi]


# --8<-- [start:windows]
def windows(seed: int) -> dict[str, np.ndarray]:
    """Session length in minutes (log-normal): training window and three serving windows."""
    rng = np.random.default_rng(seed)
    return {
        "reference": rng.lognormal(1.5, 0.8, N),
        "stable": rng.lognormal(1.5, 0.8, N),  # same distribution, new sample
        "tiny shift": rng.lognormal(1.52, 0.8, N),  # sessions 2% longer: harmless
        # A client release starts counting background time: half the sessions look 3x longer.
        "release": rng.lognormal(1.5, 0.8, N) * np.where(rng.random(N) < 0.5, 3.0, 1.0),
    }


# --8<-- [end:windows]


# --8<-- [start:claim]
STABLE_MAX, SHIFT_MIN = 0.1, 0.25  # the usual PSI rule of thumb


def main() -> None:
    rows = []
    for seed in (0, 1, 2):
        data = windows(seed)
        scores = {name: psi(data["reference"], data[name]) for name in data if name != "reference"}
        ks = {name: ks_2samp(data["reference"], data[name]) for name in scores}
        assert scores["stable"] < STABLE_MAX, f"stable window flagged: PSI {scores['stable']}"
        assert scores["tiny shift"] < STABLE_MAX, f"tiny shift flagged: {scores['tiny shift']}"
        assert scores["release"] > SHIFT_MIN, f"release missed: PSI {scores['release']}"
        assert ks["tiny shift"].pvalue < 0.01, "with 100k rows KS should flag even 2%"
        rows.append((seed, scores, ks))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    table = []
    for name in ("stable", "tiny shift", "release"):
        _, scores, ks = rows[0]
        verdict = "stable" if scores[name] < STABLE_MAX else "moderate"
        verdict = "shifted" if scores[name] > SHIFT_MIN else verdict
        table.append(
            [
                name,
                scores[name],
                verdict,
                ks[name].statistic,
                f"{ks[name].pvalue:.2g}" if ks[name].pvalue > 1e-300 else "< 1e-300",
            ]
        )
    header = ["serving window", "PSI", "PSI verdict", "KS statistic D", "KS p-value"]
    out.markdown("table", markdown_table(header, table))
    out.text(
        "summary",
        "PSI on seeds [0, 1, 2]:\n"
        + "\n".join(
            f"  {name}: " + ", ".join(sig(scores[name]) for _, scores, _ in rows)
            for name in ("stable", "tiny shift", "release")
        )
        + f"\nclaim: stable and tiny shift < {sig(STABLE_MAX)}, release > {sig(SHIFT_MIN)}, "
        "KS p < 0.01 for the tiny shift -> holds",
    )
    out.figure(histograms(windows(0)), "histograms")


def histograms(data):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(8, 3), sharey=True)
    bins = np.linspace(0, 40, 61)
    for ax, name in zip(axes, ("tiny shift", "release"), strict=True):
        ax.hist(data["reference"], bins, density=True, alpha=0.5, label="training window")
        ax.hist(data[name], bins, density=True, histtype="step", linewidth=1.5, label=name)
        ax.set(
            xlabel="session length (minutes)",
            title=f"{name}: PSI {psi(data['reference'], data[name]):.2g}",
        )
        ax.legend()
    axes[0].set_ylabel("density")
    return fig


if __name__ == "__main__":
    main()
