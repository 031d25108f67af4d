"""Feature scaling: one feature in the wrong units breaks an RBF SVM and slows logistic regression.

Run it on its own with ``python snippets/foundations/logistic-regression-vs-svm/scaling.py``;
it multiplies one uninformative feature by 1000, fits an RBF SVM with and without
standardization, asserts that scaling wins on accuracy, and counts the iterations a
logistic regression needs in both cases.
"""

from __future__ import annotations

# --8<-- [start:data]
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
# The units mistake: e.g. a duration in milliseconds next to rates in [0, 1].
BIG = 1_000


def split(seed: int):
    # Columns 0-2 carry the signal, 3-5 are noise (shuffle=False keeps that order).
    X, y = make_classification(
        n_samples=1_000,
        n_features=6,
        n_informative=3,
        n_redundant=0,
        shuffle=False,
        random_state=seed,
    )
    X[:, 5] *= BIG  # an uninformative feature, now 1000x larger than the others
    return train_test_split(X, y, test_size=0.5, random_state=seed)


# --8<-- [end:data]


# --8<-- [start:models]
def scaled_rbf_svm():
    """The technique: standardize each feature to mean 0, variance 1, then RBF."""
    return make_pipeline(StandardScaler(), SVC(kernel="rbf"))


def raw_rbf_svm():
    """The baseline: the same SVM on raw features: distance is all feature 5."""
    return make_pipeline(SVC(kernel="rbf"))


TECHNIQUE = scaled_rbf_svm
BASELINE = raw_rbf_svm
# --8<-- [end:models]


# --8<-- [start:claim]
MIN_GAIN = 0.2  # held-out accuracy that standardization must add to the RBF SVM


def accuracy(make_model, seed: int) -> float:
    X_train, X_test, y_train, y_test = split(seed)
    return make_model().fit(X_train, y_train).score(X_test, y_test)


def lr_iterations(scale: bool, seed: int) -> tuple[int, float]:
    """lbfgs iterations and accuracy of an L2-regularized logistic regression."""
    X_train, X_test, y_train, y_test = split(seed)
    steps = [StandardScaler()] if scale else []
    lr = LogisticRegression(max_iter=10_000)
    model = make_pipeline(*steps, lr).fit(X_train, y_train)
    return int(model[-1].n_iter_[0]), model.score(X_test, y_test)


def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        scaled, raw = accuracy(technique, seed), accuracy(BASELINE, seed)
        gain = assert_better("accuracy", scaled, raw, margin=MIN_GAIN, higher_is_better=True)
        it_raw, acc_raw = lr_iterations(False, seed)
        it_scaled, acc_scaled = lr_iterations(True, seed)
        assert it_raw > 5 * it_scaled, f"seed {seed}: raw LR should need more work"
        rows.append((seed, scaled, raw, gain, it_raw, acc_raw, it_scaled, acc_scaled))
    # --8<-- [end:claim]
    report(rows)


# --8<-- [start:report]
def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    by_model = {
        ("RBF SVM", "raw"): [r[2] for r in rows],
        ("RBF SVM", "standardized"): [r[1] for r in rows],
        ("logistic regression", "raw"): [r[5] for r in rows],
        ("logistic regression", "standardized"): [r[7] for r in rows],
    }
    iterations = {"raw": [r[4] for r in rows], "standardized": [r[6] for r in rows]}
    table = [
        [
            model,
            features,
            *accs,
            ", ".join(map(str, iterations[features])) if "log" in model else "-",
        ]
        for (model, features), accs in by_model.items()
    ]
    seeds = [f"accuracy, seed {seed}" for seed in SEEDS]
    out.markdown(
        "accuracy", markdown_table(["model", "features", *seeds, "lbfgs iterations"], table)
    )
    gains = ", ".join(sig(gain.improvement) for *_, gain, _, _, _, _ in rows)
    out.text(
        "summary",
        f"accuracy added to the RBF SVM by standardizing, seeds {list(SEEDS)}:\n  {gains}\n"
        f"claim: at least {sig(MIN_GAIN)} on every seed -> holds\n"
        "claim: logistic regression needs over 5x the lbfgs iterations on raw\n"
        "  features -> holds",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
