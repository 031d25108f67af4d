"""The Personalized news feed ranking mini-system's own checks.

The suite already runs every mini-system end to end (its claim, its committed output and
its negative control); test here the pieces your case study's argument rests on.
"""

from __future__ import annotations

import pytest

from guidekit.snippetrefs import load_snippet

system = load_snippet("case-studies/news-feed-ranking/mini_system.py")


def test_same_seed_gives_the_same_result() -> None:
    assert system.evaluate(system.TECHNIQUE, 0) == system.evaluate(system.TECHNIQUE, 0)


def test_technique_beats_baseline_on_a_fresh_seed() -> None:
    """A seed the page does not show: the claim is not an accident of the three seeds."""
    seed = max(system.SEEDS) + 1
    ours = system.evaluate(system.TECHNIQUE, seed)[system.METRIC]
    base = system.evaluate(system.BASELINE, seed)[system.METRIC]
    better = ours > base if system.HIGHER_IS_BETTER else ours < base
    assert better, f"{system.METRIC}: technique {ours} vs baseline {base} on seed {seed}"


@pytest.mark.parametrize("event", sorted(system.WEIGHTS))
def test_every_head_is_calibrated(event: str) -> None:
    """The value model multiplies each head by a weight: a miscalibrated head is a wrong weight."""
    _, test, predicted = system.experiment(0)
    ratio = predicted[event].mean() / test.truth[event].mean()
    assert 0.8 < ratio < 1.25, f"{event}: mean predicted / mean true = {ratio:.3f}"


def test_click_only_feed_wins_clicks_and_shows_more_hidden_posts() -> None:
    """The page's argument: optimizing clicks alone surfaces bait, which users hide."""
    ours = system.evaluate(system.TECHNIQUE, 0)
    base = system.evaluate(system.BASELINE, 0)
    assert base["clicks per 1,000"] > ours["clicks per 1,000"]
    assert base["hides per 1,000"] > 2 * ours["hides per 1,000"]
    assert ours["likes per 1,000"] > base["likes per 1,000"]
