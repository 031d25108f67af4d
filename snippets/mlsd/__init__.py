"""Shared helpers for the guide's executable snippets.

The package is small on purpose: every snippet should read on its own, so only what
several snippets need lives here.

- [`mlsd.claims`][mlsd.claims]: assert that a technique beats its baseline by a stated margin.
- [`mlsd.data`][mlsd.data]: seeded generators of simulated data with known ground truth.
- [`mlsd.estimate`][mlsd.estimate]: back-of-the-envelope arithmetic for capacity answers.
- [`mlsd.metrics`][mlsd.metrics]: offline ranking and classification metrics in NumPy.
- [`mlsd.outputs`][mlsd.outputs]: write the text, tables and figures that pages include.
"""

__all__ = ["claims", "data", "estimate", "metrics", "outputs"]
