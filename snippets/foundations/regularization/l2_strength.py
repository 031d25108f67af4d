"""L2 strength on a wide, noisy problem: a tuned penalty beats a nearly unregularized fit.

Run it on its own with ``python snippets/foundations/regularization/l2_strength.py``; it
fits logistic regression with C from 0.001 to 100 on 400 rows and 200 features, picks C
on a validation split, asserts that the pick beats C = 100 on held-out log loss, and draws
the sweep.
"""

from __future__ import annotations

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_VALID, N_TEST, N_FEATURES = 400, 400, 5_000, 200
C_GRID = tuple(float(c) for c in np.logspace(-3, 2, 11))  # C = 1 / (L2 strength)


def simulate(seed: int):
    """200 standard-normal features; 40 carry signal, 160 are pure noise."""
    rng = np.random.default_rng(seed)
    beta = rng.standard_normal(N_FEATURES) * (np.arange(N_FEATURES) < 40)
    beta *= 3 / np.linalg.norm(beta)  # true log-odds have standard deviation 3
    X = rng.standard_normal((N_TRAIN + N_VALID + N_TEST, N_FEATURES))
    y = (rng.random(len(X)) < 1 / (1 + np.exp(1 - X @ beta))).astype(int)
    cuts = np.cumsum([N_TRAIN, N_VALID])
    return np.split(X, cuts), np.split(y, cuts)


# --8<-- [end:data]


# --8<-- [start:sweep]
def sweep(seed: int) -> list[dict]:
    (X, X_val, X_test), (y, y_val, y_test) = simulate(seed)
    rows = []
    for C in C_GRID:
        model = LogisticRegression(C=C, max_iter=1_000).fit(X, y)
        loss = {
            split: log_loss(labels, model.predict_proba(features)[:, 1])
            for split, features, labels in (
                ("train", X, y),
                ("validation", X_val, y_val),
                ("test", X_test, y_test),
            )
        }
        rows.append({"C": C, **loss, "weight norm": float(np.linalg.norm(model.coef_))})
    return rows


def tuned_c(rows: list[dict]) -> float:
    """The technique: the C with the lowest validation log loss."""
    return min(rows, key=lambda row: row["validation"])["C"]


def nearly_unregularized(rows: list[dict]) -> float:
    """The baseline: the weakest penalty on the grid, C = 100."""
    return max(C_GRID)


TECHNIQUE = tuned_c
BASELINE = nearly_unregularized
# --8<-- [end:sweep]


# --8<-- [start:claim]
MIN_GAIN = 1.0  # nats of held-out log loss the tuned penalty must save


def main(technique=TECHNIQUE) -> None:
    results = []
    for seed in SEEDS:
        rows = sweep(seed)
        test = {row["C"]: row["test"] for row in rows}
        chosen = technique(rows)
        gain = assert_better(
            "test log loss",
            test[chosen],
            test[max(C_GRID)],
            margin=MIN_GAIN,
            higher_is_better=False,
        )
        results.append((seed, chosen, rows, gain))
    # --8<-- [end:claim]
    report(results)


# --8<-- [start:report]
def report(results) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    lines = [
        f"seed {seed}: tuned C = {sig(chosen)}, test log loss {sig(g.technique)}; "
        f"C = {sig(max(C_GRID))}: {sig(g.baseline)}; "
        f"C = 1 (the library default): {sig(next(r['test'] for r in rows if r['C'] == 1.0))}"
        for seed, chosen, rows, g in results
    ]
    out.text(
        "summary",
        f"{N_TRAIN} training rows, {N_FEATURES} features (40 informative)\n"
        + "\n".join(lines)
        + f"\nclaim: the tuned C saves at least {sig(MIN_GAIN)} nats over C = "
        f"{sig(max(C_GRID))} on every seed -> holds",
    )
    _, chosen, rows, _ = results[0]
    columns = ["C", "train", "validation", "test", "weight norm"]
    out.markdown("sweep", markdown_table(columns, [[r[c] for c in columns] for r in rows]))
    out.figure(sweep_figure(rows, chosen), "sweep")
    # --8<-- [end:report]


def sweep_figure(rows: list[dict], chosen: float):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    cs = [row["C"] for row in rows]
    ax.plot(cs, [row["train"] for row in rows], marker="o", label="train log loss")
    ax.plot(cs, [row["validation"] for row in rows], marker="s", label="validation log loss")
    ax.axvline(chosen, color="black", linestyle="--", lw=1, label=f"tuned C = {chosen:.3g}")
    ax.set(xscale="log", xlabel="C = 1 / L2 strength (log scale; right = weaker penalty)")
    ax.set(ylabel="log loss (nats)")
    ax.legend(fontsize=8)
    return fig


if __name__ == "__main__":
    main()
