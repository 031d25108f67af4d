"""Every topic a chapter must cover has its own heading, with enough prose under it.

Readers search by heading, so each topic the framework chapters promise is a heading that
names it, followed by at least ``MIN_WORDS`` words of prose (code, tables, includes,
diagrams and HTML are not counted).
"""

from __future__ import annotations

import pytest

from guidekit import DOCS
from guidekit.prose import sections

MIN_WORDS = 150

#: page -> headings it must contain (matched case-insensitively as the whole heading text)
REQUIRED: dict[str, list[str]] = {
    "index.md": [
        "Who this guide is for",
        "Study plans",
        "Map of the guide",
        "The 45-minute flow",
    ],
    "framework/index.md": [
        "The five signals",
        "Rubric by level",
        "What gets a candidate down-levelled",
        "The 45-minute plan",
        "Recovering when you are behind",
        "From rules to ML",
        "Questions to ask the interviewer",
    ],
    "framework/problem-navigation.md": [
        "Clarifying questions",
        "Business goal to ML objective",
        "North-star and guardrail metrics",
        "Requirements: scale, latency, freshness, cost",
        "Back-of-the-envelope estimation",
        "Reference numbers",
        "Do we need ML?",
        "Heuristic baselines",
        "Problem framing (ML framing): classification, regression, ranking or retrieval",
    ],
    "framework/training-data.md": [
        "Label sources",
        "Implicit and explicit feedback",
        "Human labels and weak supervision",
        "LLM-assisted labelling",
        "Defining the label",
        "Negative sampling and downsampling",
        "Hard negatives",
        "Position bias",
        "Selection bias",
        "Inverse propensity weighting",
        "Label delay and attribution windows",
        "Data leakage",
        "Time-based splits",
        "Point-in-time-correct features",
        "Class imbalance",
        "Feedback loops",
        "Privacy and consent",
        "Data volume and sampling",
    ],
    "framework/feature-engineering.md": [
        "From intuition to features",
        "Normalization and standardization",
        "Log transforms",
        "Smoothing with a Beta prior",
        "Bucketing",
        "One-hot encoding",
        "The hashing trick",
        "Feature crosses",
        "Embeddings",
        "Pretrained text and LLM embeddings for cold start",
        "Counting and time-window aggregates",
        "Feature families: user, item, context, interaction",
        "Text features",
        "Missing values",
        "Finding the important features",
        "Feature stores",
        "Feature freshness",
        "Training-serving skew",
    ],
    "framework/modeling.md": [
        "The model ladder",
        "Heuristics",
        "Logistic regression",
        "Gradient-boosted decision trees (GBDT)",
        "Deep models",
        "Two-tower model: retrieval with a dual encoder",
        "In-batch and hard negatives",
        "Deep ranking models",
        "Multi-task heads",
        "Justifying each step up the ladder",
        "Combining predictions into one ranking score",
        "Loss functions",
        "The training process",
        "Overfitting and regularization",
        "The multi-stage funnel",
        "Cold start",
        "Popularity bias",
        "Latency",
    ],
    "framework/evaluation-and-deployment.md": [
        "Offline metrics by task",
        "AUC: area under the ROC curve",
        "Log loss and normalized entropy",
        "Calibration (probability calibration)",
        "Precision and recall at k",
        "MAP and MRR",
        "NDCG",
        "Online metrics and guardrails",
        "A/B testing",
        "Power and sample size",
        "Novelty effects",
        "Interference",
        "Interleaving",
        "Counterfactual evaluation: inverse propensity scoring (IPS) and SNIPS",
        "Offline metric up, online flat",
        "Shadow and canary releases",
        "Rollback",
        "Batch vs online inference",
        "Data drift: PSI and KS",
        "Concept drift",
        "Calibration drift",
        "Retraining cadence",
        "A debugging playbook",
    ],
    "framework/how-candidates-fail.md": [
        "Jumping to the model",
        "Over-scoping",
        "Running out of time before evaluation",
        "Random splits",
        "Features not snapshotted at event time",
        "Vague metrics",
        "No baseline",
        "Ignoring latency",
    ],
    "foundations/bias-variance.md": [
        "Bias-variance trade-off",
        "Overfitting",
        "Underfitting",
        "Learning curves",
        "Validation curves",
        "Diagnosing a model from its curves",
        "Follow-up questions",
    ],
    "foundations/regularization.md": [
        "L2 regularization",
        "L1 regularization",
        "Elastic net",
        "Dropout",
        "Early stopping as regularization",
        "Data augmentation",
        "Ensembling",
        "Choosing a regularizer",
        "Follow-up questions",
    ],
    "foundations/imbalance-and-calibration.md": [
        "Resampling for imbalanced data",
        "Class weights",
        "Threshold moving",
        "Calibration methods compared",
        "Temperature scaling",
        "Metrics cheat-sheet",
        "Follow-up questions",
    ],
    "foundations/trees-and-boosting.md": [
        "Decision trees",
        "Random forests",
        "How boosting fits residuals",
        "Why GBDT wins on tabular features",
        "The knobs that matter",
        "GBDT leaves as features",
        "Follow-up questions",
    ],
    "foundations/loss-functions.md": [
        "Choosing a loss",
        "Squared and absolute loss",
        "Pointwise, pairwise and listwise ranking",
        "Pairwise ranking loss",
        "Listwise ranking loss",
        "Focal loss",
        "Class-weighted loss",
        "Losses for retrieval",
        "Follow-up questions",
    ],
    "foundations/neural-ranking.md": [
        "Matrix factorization",
        "From factorization to two towers",
        "Deep ranking architectures compared",
        "Sequence models for user history",
        "LLMs in ranking and recommendation",
        "LLM embeddings for cold start",
        "Semantic retrieval",
        "LLM-as-judge",
        "Follow-up questions",
    ],
    "foundations/embeddings-and-ann.md": [
        "Exact nearest-neighbour search",
        "Approximate nearest-neighbour search",
        "Inverted file index",
        "HNSW",
        "Product quantization",
        "Recall versus work",
        "Choosing an ANN index",
        "Follow-up questions",
    ],
    "tradeoffs.md": [
        "Logistic regression vs SVM",
        "GBDT vs deep networks",
        "Pointwise vs pairwise vs listwise ranking",
        "Two-tower vs cross-encoder",
        "Batch vs online inference",
        "Precomputed vs real-time features",
        "Periodic retraining vs online learning",
        "Exploration vs exploitation",
        "Accuracy vs latency and cost",
        "Complexity vs interpretability",
        "Precision vs recall at the operating point",
        "Build vs buy",
        "Engagement vs long-term value",
        "Freshness vs stability",
    ],
}

CASES = [(page, heading) for page, headings in REQUIRED.items() for heading in headings]


@pytest.mark.parametrize(("page", "heading"), CASES, ids=[f"{p}:{h}" for p, h in CASES])
def test_required_heading_exists_with_prose(page: str, heading: str) -> None:
    found = sections((DOCS / page).read_text(encoding="utf-8"))
    key = heading.lower()
    assert key in found, f"docs/{page}: no heading {heading!r} (readers search by heading)"
    line, words = found[key]
    assert words >= MIN_WORDS, (
        f"docs/{page}:{line}: section {heading!r} has {words} words of prose, "
        f"needs at least {MIN_WORDS}"
    )
