"""Shared helpers for the guide's executable snippets.

The package is small on purpose: every snippet should read on its own, so only what
several snippets need lives here.

- [`mlsd.claims`][mlsd.claims]: assert that a technique beats its baseline by a stated margin.
- [`mlsd.data`][mlsd.data]: seeded generators of simulated data with known ground truth.
- [`mlsd.estimate`][mlsd.estimate]: back-of-the-envelope arithmetic for capacity answers.
- [`mlsd.metrics`][mlsd.metrics]: offline ranking and classification metrics in NumPy.
- [`mlsd.outputs`][mlsd.outputs]: write the text, tables and figures that pages include.
- [`mlsd.recsys`][mlsd.recsys]: a simulated user-item world, popularity, embeddings, top-k.
- [`mlsd.engagement`][mlsd.engagement]: engagement logs, per-event models and a value model.
- [`mlsd.sessions`][mlsd.sessions]: browsing sessions and co-occurrence item embeddings.
- [`mlsd.ads`][mlsd.ads]: a simulated ads marketplace and its auction.
- [`mlsd.ann`][mlsd.ann]: exact and approximate nearest-neighbour search, counting work.
"""

__all__ = [
    "ads",
    "ann",
    "claims",
    "data",
    "engagement",
    "estimate",
    "metrics",
    "outputs",
    "recsys",
    "sessions",
]
