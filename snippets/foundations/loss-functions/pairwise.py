"""Pairwise vs pointwise: a RankNet loss ignores per-query label offsets.

Run it on its own with ``python snippets/foundations/loss-functions/pairwise.py``; it
simulates queries whose labels carry a per-query offset that the query's shared features
predict, trains a linear scorer with squared loss (pointwise) and with the RankNet
pairwise logistic loss, asserts that pairwise wins on NDCG@10, and writes the table the
page shows.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np

from mlsd.claims import assert_better
from mlsd.metrics import ndcg_at_k

SEEDS = (0, 1, 2)
N_QUERIES, N_ITEMS, N_FEATURES = 300, 20, 8  # per split
QUERY_SPREAD = 1.0  # std of the component every item of a query shares


def simulate(seed: int):
    """Features x = z_q + e (shared query part + item part). The grade (0-3) depends on
    the item part only; the logged label adds an offset u . z_q to every item of the query
    (a popular query's items all collect more clicks), which the shared part predicts."""
    rng = np.random.default_rng(seed)
    w, u = np.linalg.qr(rng.standard_normal((N_FEATURES, 2)))[0].T  # orthonormal
    shape = (2 * N_QUERIES, N_ITEMS, N_FEATURES)
    z = QUERY_SPREAD * rng.standard_normal((2 * N_QUERIES, 1, N_FEATURES))
    e = rng.standard_normal(shape)
    relevance = e @ w + 0.3 * rng.standard_normal(shape[:2])
    grades = np.digitize(relevance, [0.0, 1.0, 1.8])  # 0-3: about 50%, 34%, 12%, 4%
    labels = grades + 0.5 * (z @ u)  # the per-query offset, same for every item
    X = z + e
    train, test = slice(0, N_QUERIES), slice(N_QUERIES, None)
    return (X[train], labels[train]), (X[test], grades[test])


# --8<-- [end:data]


# --8<-- [start:losses]
def pointwise(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The baseline: least squares on every (item, label), queries pooled together."""
    A = np.c_[X.reshape(-1, X.shape[-1]), np.ones(X.shape[0] * X.shape[1])]
    return np.linalg.lstsq(A, y.ravel(), rcond=None)[0][:-1]  # drop the intercept


def pairwise(X: np.ndarray, y: np.ndarray, steps: int = 300, lr: float = 0.5) -> np.ndarray:
    """The technique: RankNet, log(1 + exp(-(s_i - s_j))) for every pair with y_i > y_j
    in the same query, on a linear score s = w . x (gradient descent)."""
    q, i, j = np.nonzero(y[:, :, None] > y[:, None, :])  # preferred i over j in query q
    D = X[q, i] - X[q, j]  # s_i - s_j = w . (x_i - x_j): the query part z_q cancels
    w = np.zeros(X.shape[-1])
    for _ in range(steps):
        margin = D @ w
        w += lr * D.T @ (1 / (1 + np.exp(margin))) / len(D)  # minus the gradient
    return w


TECHNIQUE = pairwise
BASELINE = pointwise
# --8<-- [end:losses]


# --8<-- [start:claim]
MIN_GAIN = 0.05  # test NDCG@10 the pairwise loss must add
K = 10


def mean_ndcg(w: np.ndarray, X: np.ndarray, grades: np.ndarray, k: int = K) -> float:
    return float(np.mean([ndcg_at_k(g, x @ w, k) for x, g in zip(X, grades, strict=True)]))


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        (X, y), (X_test, grades) = simulate(seed)
        tech = mean_ndcg(technique(X, y), X_test, grades)
        base = mean_ndcg(BASELINE(X, y), X_test, grades)
        results.append(assert_better("NDCG@10", tech, base, margin=MIN_GAIN, higher_is_better=True))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def centred_pointwise(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The cheap fix: subtract each query's mean label before least squares."""
    return pointwise(X, y - y.mean(axis=1, keepdims=True))


def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    (X, y), (X_test, grades) = simulate(SEEDS[0])
    rng = np.random.default_rng(SEEDS[0])
    random_scores = [ndcg_at_k(g, rng.random(N_ITEMS), K) for g in grades]
    rows = [
        ["random order", float(np.mean(random_scores))],
        ["pointwise: squared loss on raw labels", mean_ndcg(pointwise(X, y), X_test, grades)],
        [
            "pointwise on per-query-centred labels",
            mean_ndcg(centred_pointwise(X, y), X_test, grades),
        ],
        ["pairwise: RankNet loss", mean_ndcg(pairwise(X, y), X_test, grades)],
    ]
    out.markdown("ndcg", markdown_table([f"loss (seed {SEEDS[0]})", "test NDCG@10"], rows))
    out.text(
        "summary",
        f"NDCG@10 added by the pairwise loss over pointwise, seeds {list(SEEDS)}: "
        f"{', '.join(sig(r.improvement) for r in results)}\n"
        f"claim: at least {sig(MIN_GAIN)} on every seed -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
