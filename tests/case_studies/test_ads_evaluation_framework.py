"""The Ads ranking evaluation framework mini-system's own checks.

The suite already runs every mini-system end to end (its claim, its committed output and
its negative control); test here the pieces your case study's argument rests on.
"""

from __future__ import annotations

from guidekit.snippetrefs import load_snippet

system = load_snippet("case-studies/ads-evaluation-framework/mini_system.py")


def test_same_seed_gives_the_same_result() -> None:
    assert system.evaluate(system.TECHNIQUE, 0) == system.evaluate(system.TECHNIQUE, 0)


def test_technique_beats_baseline_on_a_fresh_seed() -> None:
    """A seed the page does not show: the claim is not an accident of the three seeds."""
    seed = max(system.SEEDS) + 1
    ours = system.evaluate(system.TECHNIQUE, seed)[system.METRIC]
    base = system.evaluate(system.BASELINE, seed)[system.METRIC]
    better = ours > base if system.HIGHER_IS_BETTER else ours < base
    assert better, f"{system.METRIC}: technique {ours} vs baseline {base} on seed {seed}"


def test_logged_propensities_make_the_weights_average_one() -> None:
    """For a deterministic target policy the mean importance weight is 1 in expectation;
    a mean far from 1 means the logged propensities are wrong."""
    logs = system.simulate_logs(0)
    weight = (logs.shown == logs.choice) / logs.propensity
    assert abs(weight.mean() - 1) < 0.05


def test_the_candidate_is_calibrated_on_the_logs_but_not_on_what_it_wins() -> None:
    """The winner's curse the page rests on: calibrated on average, over-predicting on
    the ads its own auction selects."""
    logs = system.simulate_logs(0)
    assert abs(logs.pctr_of_shown.sum() / logs.click.sum() - 1) < 0.05
    assert logs.pctr.mean() / logs.true_ctr > 1.1


def test_snips_error_is_within_three_of_its_standard_errors() -> None:
    """The estimate's reported error bar is honest: the truth lies inside three of them."""
    for seed in system.SEEDS:
        logs = system.simulate_logs(seed)
        error = system.evaluate(system.TECHNIQUE, seed)[system.METRIC]
        assert error < 3 * system.diagnostics(logs)["SNIPS RPM standard error %"]
