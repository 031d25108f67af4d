# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: logistic regression vs SVM
#
# In this lab you put logistic regression (LR) and support vector machines (SVMs) side by
# side on data whose ground truth you know, and check each claim of the
# [chapter](../foundations/logistic-regression-vs-svm.md) yourself:
#
# 1. both draw a similar linear boundary, but only LR's scores are probabilities;
# 2. the hinge loss ignores points beyond the margin, so few points shape the SVM;
# 3. a kernel buys a non-linear boundary and costs a support vector per kernel evaluation;
# 4. feature scale matters, most of all to an RBF kernel.
#
# Everything runs in a few seconds on a laptop.
#
# ## A click-like problem with known probabilities
#
# Each example has 10 standard-normal features; the label is drawn from a logistic model
# with a negative intercept, so about a fifth of the labels are positive, like a
# well-targeted click or conversion rate. Because we wrote the model down, we know every
# example's true probability.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.datasets import make_circles
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

rng = np.random.default_rng(42)
n, d = 6_000, 10
beta = rng.standard_normal(d)
beta *= 2.0 / np.linalg.norm(beta)
X = rng.standard_normal((n, d))
p_true = 1 / (1 + np.exp(-(-2.0 + X @ beta)))
y = (rng.random(n) < p_true).astype(int)
X_train, X_test, y_train, y_test = X[:3_000], X[3_000:], y[:3_000], y[3_000:]
floor = log_loss(y_test, p_true[3_000:])
print(f"positive rate {y.mean():.3f}; log loss of the true probabilities {floor:.4f}")

# %% [markdown]
# ## Same boundary, different scores
#
# Fit an LR and a linear SVM. Their accuracy and their ranking quality (area under the ROC
# curve) are close: both find roughly the same direction in feature space. Then read the
# SVM's score `f(x)` as a probability the naive way, `sigmoid(f(x))`, and compare it with
# Platt scaling, which fits `sigmoid(A f(x) + B)` on held-out folds.

# %%
lr = LogisticRegression().fit(X_train, y_train)
svm = LinearSVC().fit(X_train, y_train)
platt = CalibratedClassifierCV(LinearSVC(), method="sigmoid", cv=5, ensemble=False)
platt.fit(X_train, y_train)

scores = {
    "LR": lr.predict_proba(X_test)[:, 1],
    "SVM, sigmoid(f)": 1 / (1 + np.exp(-svm.decision_function(X_test))),
    "SVM + Platt": platt.predict_proba(X_test)[:, 1],
}
for name, p in scores.items():
    print(
        f"{name:16} accuracy {accuracy_score(y_test, p > 0.5):.3f}  "
        f"AUC {roc_auc_score(y_test, p):.4f}  log loss {log_loss(y_test, p):.4f}  "
        f"mean prediction {p.mean():.3f}"
    )

# %%
fig, ax = plt.subplots(figsize=(5, 4))
for name, p in scores.items():
    rate, mean_p = calibration_curve(y_test, p, n_bins=10)
    ax.plot(mean_p, rate, marker="o", label=name)
ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
ax.set(xlabel="mean predicted probability", ylabel="observed positive rate")
ax.legend(fontsize=8)
plt.show()

# %%
# The claims, checked on every build:
ll = {name: log_loss(y_test, p) for name, p in scores.items()}
auc = {name: roc_auc_score(y_test, p) for name, p in scores.items()}
assert ll["SVM, sigmoid(f)"] - ll["SVM + Platt"] > 0.05, "Platt scaling should save > 0.05 nats"
assert abs(ll["LR"] - ll["SVM + Platt"]) < 0.01, "LR should be as calibrated as Platt-SVM"
assert abs(auc["SVM, sigmoid(f)"] - auc["SVM + Platt"]) < 1e-9, "Platt must not change ranking"
assert scores["SVM, sigmoid(f)"].mean() > y_test.mean() + 0.05, "sigmoid(f) overpredicts"

# %% [markdown]
# The squashed SVM ranks exactly as well as the Platt-scaled one (the same area under the
# ROC curve: a monotone map cannot reorder scores) but predicts a much higher average rate
# than the true one. In an ads auction that ranks by bid times predicted click-through
# rate, that bias would inflate every expected value; LR and Platt-SVM both land near the
# true rate.
#
# ## Which points shape each model
#
# The hinge loss `max(0, 1 - y f(x))` is exactly zero, with zero gradient, for points
# beyond the margin. Those points have no say in the SVM's solution: you can delete them
# and refit, and nothing changes. LR's log loss is positive everywhere, so every point
# pulls on its weights, however gently.

# %%
svc = SVC(kernel="linear", C=1.0).fit(X_train[:1_000], y_train[:1_000])
keep = svc.support_
refit = SVC(kernel="linear", C=1.0).fit(X_train[:1_000][keep], y_train[:1_000][keep])
print(f"support vectors: {len(keep)} of 1000 training points")
print("weights, all points   :", np.round(svc.coef_[0][:4], 4))
print("weights, SVs only     :", np.round(refit.coef_[0][:4], 4))
lr_small = LogisticRegression().fit(X_train[:1_000], y_train[:1_000])
lr_refit = LogisticRegression().fit(X_train[:1_000][keep], y_train[:1_000][keep])
print("LR weights, all points:", np.round(lr_small.coef_[0][:4], 4))
print("LR weights, SVs only  :", np.round(lr_refit.coef_[0][:4], 4))

# %%
assert np.allclose(svc.coef_, refit.coef_, atol=1e-2), "the SVM depends only on its SVs"
assert not np.allclose(lr_small.coef_, lr_refit.coef_, atol=1e-1), "LR depends on every point"

# %% [markdown]
# Refitting the SVM on its support vectors alone returns the same weights (up to the
# solver's tolerance); refitting LR on the same subset moves its weights a lot, because the
# subset is exactly the hard, ambiguous points.
#
# ## A kernel for a non-linear boundary
#
# Two concentric circles: no straight line separates them. The RBF kernel
# `k(x, z) = exp(-gamma |x - z|^2)` compares points by distance, which is
# what this problem needs.

# %%
Xc, yc = make_circles(600, noise=0.1, factor=0.5, random_state=0)
Xc_train, Xc_test, yc_train, yc_test = train_test_split(Xc, yc, test_size=0.5, random_state=0)
kernels = {k: SVC(kernel=k).fit(Xc_train, yc_train) for k in ("linear", "rbf")}
for k, model in kernels.items():
    cost = (
        "one 2-d dot product" if k == "linear" else f"{model.n_support_.sum()} kernel evaluations"
    )
    print(
        f"{k:6}: accuracy {model.score(Xc_test, yc_test):.3f}, "
        f"{model.n_support_.sum()} support vectors; prediction costs {cost}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharey=True)
gx, gy = np.meshgrid(np.linspace(-1.5, 1.5, 150), np.linspace(-1.5, 1.5, 150))
grid = np.column_stack([gx.ravel(), gy.ravel()])
for ax, (k, model) in zip(axes, kernels.items(), strict=True):
    ax.contourf(gx, gy, model.decision_function(grid).reshape(gx.shape) > 0, alpha=0.3)
    ax.scatter(Xc[:, 0], Xc[:, 1], c=yc, s=5, cmap="coolwarm")
    ax.set_title(f"{k} kernel")
plt.show()

# %%
acc = {k: m.score(Xc_test, yc_test) for k, m in kernels.items()}
assert acc["rbf"] - acc["linear"] > 0.3, "the RBF kernel should win by a wide margin here"

# %% [markdown]
# The price: to score one new point, the RBF SVM evaluates the kernel against every
# support vector. Here that is a few dozen; on a million training examples it is often a
# sizeable fraction of them, per prediction. A linear model folds everything into one
# weight vector and costs one dot product.
#
# ## Feature scale
#
# Multiply one uninformative feature by 1000, as happens when a duration in milliseconds
# sits next to rates in [0, 1]. The RBF kernel's distance is now that feature alone.

# %%
X_scaled_train, X_scaled_test = X_train.copy(), X_test.copy()
X_scaled_train[:, 0] = rng.standard_normal(len(X_train)) * 1_000  # replace with noise
X_scaled_test[:, 0] = rng.standard_normal(len(X_test)) * 1_000
raw = SVC().fit(X_scaled_train[:1_000], y_train[:1_000])
scaled = make_pipeline(StandardScaler(), SVC()).fit(X_scaled_train[:1_000], y_train[:1_000])
auc_raw = roc_auc_score(y_test, raw.decision_function(X_scaled_test))
auc_scaled = roc_auc_score(y_test, scaled.decision_function(X_scaled_test))
print(f"RBF SVM AUC: raw features {auc_raw:.3f}, standardized {auc_scaled:.3f}")

# %%
assert auc_scaled - auc_raw > 0.1, "standardizing should rescue the RBF SVM"

# %% [markdown]
# ## Try it yourself
#
# - Raise the intercept from -2 to -4 (positives around 3%, closer to a real click rate).
#   How far off is the squashed SVM's mean prediction now? Does Platt scaling still fix it?
# - Replace Platt scaling with `method="isotonic"` and shrink the training set to 500
#   rows. Which calibrator degrades first, and why?
# - Sweep `C` in `SVC(kernel="linear", C=C)` over 0.01 to 100 and print the number of
#   support vectors and `2 / np.linalg.norm(svc.coef_)`, the margin width.
# - In the last section, scale an *informative* feature by 1000 instead. What happens to
#   the raw RBF SVM, and to an unscaled `LogisticRegression`?
