"""Training-serving skew: the same model, served with a re-implemented feature, gets worse.

Simulates impressions where a quarter of users are new and have no click history. The
training pipeline fills their missing historical CTR with the training mean and adds a
missing-indicator; one serving path reuses that code, the other is a port that leaves the
field at its default of 0. Run it with
``python snippets/framework/feature-engineering/skew.py``.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TRAIN, N_SERVE = 40_000, 40_000
NEW_USER_SHARE = 0.25
BASE_LOGIT = np.log(0.04 / 0.96)


# --8<-- [start:simulate]
def simulate(n: int, rng: np.random.Generator):
    """Raw logs: each user's past CTR over ~200 impressions (NaN for new users), item quality."""
    propensity = rng.normal(0.0, 0.7, n)  # how clicky the user is, on the log-odds scale
    quality = rng.standard_normal(n)
    p_click = 1 / (1 + np.exp(-(BASE_LOGIT + propensity + 0.6 * quality)))
    clicked = (rng.random(n) < p_click).astype(int)
    past = np.where(rng.random(n) < NEW_USER_SHARE, 0, rng.poisson(200, n))
    past_clicks = rng.binomial(past, 1 / (1 + np.exp(-(BASE_LOGIT + propensity))))
    with np.errstate(invalid="ignore", divide="ignore"):
        hist_ctr = np.where(past > 0, past_clicks / past, np.nan)
    return hist_ctr, quality, clicked


# --8<-- [end:simulate]


# --8<-- [start:features]
def shared_features(hist_ctr, quality, fill: float):
    """The one feature definition, used for training data and at serving time."""
    missing = np.isnan(hist_ctr)
    return np.column_stack([np.where(missing, fill, hist_ctr), missing, quality])


def reimplemented_features(hist_ctr, quality, fill: float):
    """An online port of the same feature: a missing field arrives as 0.0."""
    missing = np.isnan(hist_ctr)
    return np.column_stack([np.where(missing, 0.0, hist_ctr), missing, quality])


TECHNIQUE = shared_features
BASELINE = reimplemented_features
# --8<-- [end:features]


# --8<-- [start:claim]
MIN_LOG_LOSS_GAIN = 0.001  # nats of served log loss that consistent features must save
MIN_CALIBRATION_GAIN = 0.2  # reduction of |predicted / observed - 1| on new users


def serve(serving_features, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    hist_tr, quality_tr, y_tr = simulate(N_TRAIN, rng)
    fill = float(np.nanmean(hist_tr))  # fitted on training data, shipped with the model
    X_train = shared_features(hist_tr, quality_tr, fill)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_tr)
    hist, quality, y = simulate(N_SERVE, rng)
    X = serving_features(hist, quality, fill)
    p = model.predict_proba(X)[:, 1]
    new = np.isnan(hist)
    return {
        "log loss": log_loss(y, p),
        "AUC": roc_auc_score(y, p),
        "new users: predicted / observed": p[new].mean() / y[new].mean(),
        "hist_ctr = 0, training": float(np.mean(X_train[:, 0] == 0)),
        "hist_ctr = 0, serving": float(np.mean(X[:, 0] == 0)),
    }


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        consistent, skewed = serve(technique, seed), serve(BASELINE, seed)
        assert_better(
            "log loss",
            consistent["log loss"],
            skewed["log loss"],
            margin=MIN_LOG_LOSS_GAIN,
            higher_is_better=False,
        )
        ratio = "new users: predicted / observed"
        assert_better(
            "new-user calibration error",
            abs(consistent[ratio] - 1),
            abs(skewed[ratio] - 1),
            margin=MIN_CALIBRATION_GAIN,
            higher_is_better=False,
        )
        rows.append((seed, consistent, skewed))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    metrics = list(rows[0][1])
    table = [
        [name, seed, *(scores[m] for m in metrics)]
        for seed, consistent, skewed in rows
        for name, scores in (("shared feature code", consistent), ("re-implemented online", skewed))
    ]
    out.markdown("metrics", markdown_table(["serving path", "seed", *metrics], table))
    gains = [skewed["log loss"] - consistent["log loss"] for _, consistent, skewed in rows]
    out.text(
        "summary",
        f"served log loss saved by sharing the feature code on seeds {list(SEEDS)}: "
        f"{', '.join(sig(g) for g in gains)} nats\n"
        f"claim: at least {sig(MIN_LOG_LOSS_GAIN)} nats on every seed, and the new-user "
        f"calibration error |predicted / observed - 1| lower by at least "
        f"{sig(MIN_CALIBRATION_GAIN)} -> holds",
    )


if __name__ == "__main__":
    main()
