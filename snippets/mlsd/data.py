"""Seeded generators of simulated data whose ground truth is known.

Real logs are private and downloads are not allowed here, so every demonstration runs on
data simulated from a model we wrote down. Because the true click probability of every
row is known, a demonstration can check what a model learned against the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class CtrData:
    """Simulated impressions with their true click probabilities.

    Attributes:
        features: One row per impression: ``user_activity`` (log-normal, a heavy-tailed
            count-like signal), ``item_quality`` (standard normal), ``position`` (1-10) and
            ``hour`` (0-23).
        clicked: 1 where the impression was clicked, else 0.
        p_click: The true click probability the label was drawn from.
    """

    features: pd.DataFrame
    clicked: np.ndarray
    p_click: np.ndarray


def simulate_ctr(n: int, seed: int, base_ctr: float = 0.05) -> CtrData:
    """Simulate ``n`` feed impressions with a logistic click model.

    The true log-odds are ``logit(base_ctr) + 0.8 * item_quality
    + 0.5 * log(user_activity) - 0.15 * (position - 1)``; the hour has no effect.

    Args:
        n: Number of impressions.
        seed: Seed of the random generator; the same seed gives the same data.
        base_ctr: Click probability of an average item, shown first to an average user.

    Returns:
        The impressions, their clicks and their true click probabilities.

    Examples:
        >>> data = simulate_ctr(1_000, seed=0)
        >>> data.features.shape
        (1000, 4)
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if not 0 < base_ctr < 1:
        raise ValueError(f"base_ctr must be in (0, 1), got {base_ctr}")
    rng = np.random.default_rng(seed)
    features = pd.DataFrame(
        {
            "user_activity": rng.lognormal(mean=0.0, sigma=1.0, size=n),
            "item_quality": rng.standard_normal(n),
            "position": rng.integers(1, 11, size=n),
            "hour": rng.integers(0, 24, size=n),
        }
    )
    logit = (
        np.log(base_ctr / (1 - base_ctr))
        + 0.8 * features["item_quality"].to_numpy()
        + 0.5 * np.log(features["user_activity"].to_numpy())
        - 0.15 * (features["position"].to_numpy() - 1)
    )
    p_click = 1 / (1 + np.exp(-logit))
    clicked = (rng.random(n) < p_click).astype(int)
    return CtrData(features=features, clicked=clicked, p_click=p_click)
