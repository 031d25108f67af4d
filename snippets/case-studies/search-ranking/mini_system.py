"""Search ranking: the mini-system behind the case study.

Run it with ``python snippets/case-studies/search-ranking/mini_system.py``. It simulates
queries whose retrieved documents carry graded relevance labels drawn from a known
utility (topical match, document quality, freshness for queries that want fresh results,
a penalty for keyword-stuffed spam), trains a LambdaMART ranker (gradient-boosted trees
fitted to lambda gradients) on the query-document features, and compares it with ranking
by the BM25-like text-match score alone on NDCG@10 over held-out queries, on three seeds.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.tree import DecisionTreeRegressor

from mlsd.claims import assert_better
from mlsd.metrics import ndcg_at_k

SEEDS = (0, 1, 2)
N_TRAIN, N_TEST, N_DOCS = 200, 200, 24  # queries, and candidates retrieved per query
FEATURES = ("bm25", "title match", "quality", "log age days", "fresh intent", "doc CTR")


def simulate(n_queries: int, rng):
    """Features of shape (queries, docs, features) and relevance grades 0-4."""
    shape = (n_queries, N_DOCS)
    fresh_intent = (rng.random(n_queries) < 0.3)[:, None]  # "election results", "scores"
    topical = rng.normal(size=shape)  # how well the document answers the query
    quality = rng.normal(size=shape)  # authority of the site, independent of the query
    age_days = rng.exponential(60, size=shape)
    spam = rng.random(shape) < 0.08  # keyword stuffing: high text match, useless page
    utility = topical + 0.6 * quality + 1.5 * fresh_intent * np.exp(-age_days / 7) - 2.5 * spam
    grade = np.digitize(utility + rng.normal(0, 0.5, shape), [0.5, 1.3, 2.0, 2.7])
    bm25 = 8 + 2.5 * topical + rng.normal(0, 2, shape) + 5 * spam
    title_match = topical + rng.normal(0, 1, shape) > 1
    doc_ctr = 1 / (1 + np.exp(1.5 - utility + rng.normal(0, 1, shape)))  # past clicks, noisy
    X = np.stack(
        [
            bm25,
            title_match,
            quality,
            np.log1p(age_days),
            np.broadcast_to(fresh_intent, shape),
            doc_ctr,
        ],
        axis=-1,
    ).astype(float)
    return X, grade


# --8<-- [end:data]


# --8<-- [start:lambdas]
def lambda_gradients(scores, grades):
    """LambdaRank gradients: for every pair where document i is more relevant than j,
    the RankNet gradient scaled by how much swapping i and j would change NDCG."""
    gain = 2.0**grades - 1
    rank = np.argsort(np.argsort(-scores, axis=1), axis=1)
    discount = 1 / np.log2(rank + 2)
    ideal = np.sort(gain, axis=1)[:, ::-1] @ (1 / np.log2(np.arange(N_DOCS) + 2))
    pair_gain = np.abs(gain[:, :, None] - gain[:, None, :])
    pair_discount = np.abs(discount[:, :, None] - discount[:, None, :])
    delta_ndcg = pair_gain * pair_discount / np.maximum(ideal, 1e-9)[:, None, None]
    better = grades[:, :, None] > grades[:, None, :]
    rho = better / (1 + np.exp(scores[:, :, None] - scores[:, None, :]))  # P(order is wrong)
    lam = delta_ndcg * rho
    gradient = lam.sum(axis=2) - lam.sum(axis=1)  # pushed up by worse docs, down by better
    hessian = (lam * (1 - rho)).sum(axis=2) + (lam * (1 - rho)).sum(axis=1)
    return gradient, hessian


def squared_error_gradients(scores, grades):
    """Pointwise regression on the grade, for comparison: the residual, unit hessian."""
    return grades - scores, np.ones_like(scores)


def boosted_trees(X, grades, gradients=lambda_gradients, n_trees=25, rate=0.4):
    """Gradient boosting with Newton leaf values: each tree fits the gradients, and each
    leaf moves its documents by sum(gradient) / sum(hessian)."""
    flat, scores, trees = X.reshape(-1, X.shape[-1]).astype(np.float32), np.zeros(grades.shape), []
    for _ in range(n_trees):
        g, h = gradients(scores, grades)
        tree = DecisionTreeRegressor(max_depth=4, min_samples_leaf=40).fit(flat, g.ravel())
        leaf, size = tree.apply(flat), tree.tree_.node_count
        leaf_g, leaf_h = np.bincount(leaf, g.ravel(), size), np.bincount(leaf, h.ravel(), size)
        step = leaf_g / np.maximum(leaf_h, 1e-9)
        scores += rate * step[leaf].reshape(grades.shape)
        trees.append((tree, rate * step))

    def score(X_new):
        flat_new = X_new.reshape(-1, X_new.shape[-1]).astype(np.float32)
        return sum(step[tree.apply(flat_new)] for tree, step in trees).reshape(X_new.shape[:2])

    return score


def lambdamart(X, grades):
    """The technique: LambdaMART, boosted trees on the lambda gradients."""
    return boosted_trees(X, grades, lambda_gradients)


def text_match_only(X, grades):
    """The baseline: rank by the BM25-like text-match score, ignoring every other signal."""
    return lambda X_new: X_new[..., FEATURES.index("bm25")]


TECHNIQUE = lambdamart
BASELINE = text_match_only
# --8<-- [end:lambdas]


# --8<-- [start:claim]
METRIC = "NDCG@10"
HIGHER_IS_BETTER = True
MIN_GAIN = 0.2  # NDCG@10 the ranker must add over text match alone on every seed


def ndcg_per_query(scores, grades):
    """NDCG@10 of each query, with the exponential gain 2**grade - 1."""
    return np.array([ndcg_at_k(2.0**g - 1, s, 10) for s, g in zip(scores, grades, strict=True)])


def evaluate(make_ranker, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    (X_train, y_train), (X_test, y_test) = simulate(N_TRAIN, rng), simulate(N_TEST, rng)
    ndcg = ndcg_per_query(make_ranker(X_train, y_train)(X_test), y_test)
    fresh = X_test[:, 0, FEATURES.index("fresh intent")] == 1
    return {
        METRIC: float(ndcg.mean()),
        "NDCG@10, fresh-intent queries": float(ndcg[fresh].mean()),
        "NDCG@10, other queries": float(ndcg[~fresh].mean()),
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours, base = evaluate(technique, seed), evaluate(BASELINE, seed)
        assert_better(
            METRIC, ours[METRIC], base[METRIC], margin=MIN_GAIN, higher_is_better=HIGHER_IS_BETTER
        )
        rows.append((seed, ours, base))
    # --8<-- [end:claim]
    report(rows)


def pointwise_trees(X, grades):
    """The same boosted trees fitted to the grades by squared error (pointwise)."""
    return boosted_trees(X, grades, squared_error_gradients)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: {METRIC} {sig(ours[METRIC])} (LambdaMART) vs {sig(base[METRIC])} "
        f"(BM25 alone), +{sig(ours[METRIC] - base[METRIC])}"
        for seed, ours, base in rows
    ]
    lines.append(f"claim: at least +{sig(MIN_GAIN)} {METRIC} on every seed -> holds")
    out.text("summary", "\n".join(lines))
    seed, ours, base = rows[0]
    keys = list(ours)
    table = [
        [name, *(scores[key] for key in keys)]
        for name, scores in (
            ("BM25 alone (baseline)", base),
            ("pointwise boosted trees", evaluate(pointwise_trees, seed)),
            ("LambdaMART", ours),
        )
    ]
    out.markdown("metrics", markdown_table([f"ranker (seed {seed})", *keys], table))


if __name__ == "__main__":
    main()
