"""The A/B sample-size formula for a click rate, checked against simulated experiments.

Run it with ``python snippets/framework/evaluation-and-deployment/sample_size.py``: it
computes the users per arm the formula asks for, simulates many A/B tests of that size,
asserts that the share that detect the lift is the promised power, and writes the table
and figure the page shows.
"""

from __future__ import annotations

# --8<-- [start:formula]
from statistics import NormalDist

import numpy as np

ALPHA, POWER = 0.05, 0.80  # two-sided false-positive rate, chance to detect a real lift


def users_per_arm(base_rate: float, lift: float, alpha=ALPHA, power=POWER) -> int:
    """n = 2 (z_{1-alpha/2} + z_{power})^2 p (1 - p) / delta^2, rounded up."""
    z = NormalDist().inv_cdf
    delta = base_rate * lift  # absolute difference from a relative lift
    n = 2 * (z(1 - alpha / 2) + z(power)) ** 2 * base_rate * (1 - base_rate) / delta**2
    return int(np.ceil(n))


# --8<-- [end:formula]


# --8<-- [start:simulate]
N_TESTS = 20_000  # simulated A/B tests per setting
TOLERANCE = 0.02  # the simulated power must be within 2 points of the target


def detection_rate(n: int, base_rate: float, lift: float, seed: int) -> float:
    """Share of simulated A/B tests whose two-proportion z-test rejects at ALPHA."""
    rng = np.random.default_rng(seed)
    control = rng.binomial(n, base_rate, N_TESTS) / n
    treated = rng.binomial(n, base_rate * (1 + lift), N_TESTS) / n
    pooled = (control + treated) / 2
    z = (treated - control) / np.sqrt(2 * pooled * (1 - pooled) / n)
    return float(np.mean(np.abs(z) > NormalDist().inv_cdf(1 - ALPHA / 2)))


# --8<-- [end:simulate]

BASE_RATE, LIFT = 0.02, 0.05  # a 2% CTR and a 5% relative lift (0.1 point)
SEEDS = (0, 1, 2)


def main() -> None:
    # --8<-- [start:claim]
    n = users_per_arm(BASE_RATE, LIFT)
    powers = [detection_rate(n, BASE_RATE, LIFT, seed) for seed in SEEDS]
    false_alarms = [detection_rate(n, BASE_RATE, 0.0, seed) for seed in SEEDS]  # A/A tests
    for power, false_alarm in zip(powers, false_alarms, strict=True):
        assert abs(power - POWER) < TOLERANCE, f"simulated power {power} is not ~{POWER}"
        assert abs(false_alarm - ALPHA) < TOLERANCE, f"A/A false alarms {false_alarm} not ~{ALPHA}"
    # --8<-- [end:claim]
    report(n, powers, false_alarms)


def report(n: int, powers: list[float], false_alarms: list[float]) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    out.text(
        "summary",
        f"base rate {sig(BASE_RATE)}, relative lift {sig(LIFT)}: "
        f"formula asks for {n} users per arm\n"
        f"simulated power on seeds {list(SEEDS)}: {', '.join(sig(p) for p in powers)} "
        f"(target {sig(POWER)}, tolerance {sig(TOLERANCE)})\n"
        f"simulated A/A false-positive rate: {', '.join(sig(f) for f in false_alarms)} "
        f"(target {sig(ALPHA)})\n"
        "claim: the formula delivers its promised power -> holds",
    )
    rows = []
    for base_rate in (0.005, 0.02, 0.05, 0.20):
        row: list[object] = [f"{sig(100 * base_rate)}%"]
        row += [f"{users_per_arm(base_rate, lift):,}" for lift in (0.01, 0.02, 0.05, 0.10)]
        rows.append(row)
    header = ["base rate", "1% lift", "2% lift", "5% lift", "10% lift"]
    out.markdown("table", markdown_table(header, rows))
    out.figure(power_curve(n), "power")


def power_curve(n: int):
    import matplotlib.pyplot as plt

    z = NormalDist()
    fractions = np.array([0.125, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
    simulated = [detection_rate(int(f * n), BASE_RATE, LIFT, seed=7) for f in fractions]
    fine = np.linspace(0.05, 3.0, 200)
    z_crit, z_effect = z.inv_cdf(1 - ALPHA / 2), z.inv_cdf(1 - ALPHA / 2) + z.inv_cdf(POWER)
    analytic = [z.cdf(z_effect * np.sqrt(f) - z_crit) for f in fine]
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.plot(fine * n / 1e3, analytic, color="grey", label="formula")
    ax.plot(fractions * n / 1e3, simulated, "o", label="simulated A/B tests")
    ax.axhline(POWER, color="grey", linestyle=":")
    ax.axvline(n / 1e3, color="grey", linestyle=":")
    ax.set(xlabel="users per arm (thousands)", ylabel="power (share that detect the lift)")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right")
    return fig


if __name__ == "__main__":
    main()
