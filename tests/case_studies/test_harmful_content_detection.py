"""The Harmful content detection mini-system's own checks.

The suite already runs every mini-system end to end (its claim, its committed output and
its negative control); test here the pieces your case study's argument rests on.
"""

from __future__ import annotations

from guidekit.snippetrefs import load_snippet

system = load_snippet("case-studies/harmful-content-detection/mini_system.py")


def test_same_seed_gives_the_same_result() -> None:
    assert system.evaluate(system.TECHNIQUE, 0) == system.evaluate(system.TECHNIQUE, 0)


def test_technique_beats_baseline_on_a_fresh_seed() -> None:
    """A seed the page does not show: the claim is not an accident of the three seeds."""
    seed = max(system.SEEDS) + 1
    ours = system.evaluate(system.TECHNIQUE, seed)[system.METRIC]
    base = system.evaluate(system.BASELINE, seed)[system.METRIC]
    better = ours > base if system.HIGHER_IS_BETTER else ours < base
    assert better, f"{system.METRIC}: technique {ours} vs baseline {base} on seed {seed}"
