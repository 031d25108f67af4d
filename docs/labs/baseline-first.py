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
# # Lab: a baseline first
#
# In this lab you train a click model on simulated feed impressions, compare it with the
# base rate, and then shrink the training set until the model no longer pays for itself.
# The data come from `mlsd.data.simulate_ctr`, a logistic click model with known effects,
# so you can check what the model learns against the truth.
#
# ## Simulate impressions

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from mlsd.data import simulate_ctr

data = simulate_ctr(60_000, seed=7)
X = data.features.to_numpy(dtype=float)
X[:, 0] = np.log(X[:, 0])  # model the log of the heavy-tailed activity count
y = data.clicked
X_test, y_test = X[40_000:], y[40_000:]
print(f"click rate {y.mean():.3f}; true log loss floor {log_loss(y, data.p_click):.4f}")

# %% [markdown]
# The "true log loss floor" is the log loss of the true probabilities: no model can beat
# it on average. The base rate sits above it; a good model closes most of the gap.
#
# ## How much data does the model need?

# %%
sizes = [100, 300, 1_000, 3_000, 10_000, 40_000]
gains = []
for n in sizes:
    X_train, y_train = X[:n], y[:n]
    model = LogisticRegression().fit(X_train, y_train)
    base = np.full(len(y_test), y_train.mean())
    gain = log_loss(y_test, base) - log_loss(y_test, model.predict_proba(X_test)[:, 1])
    gains.append(gain)
    print(f"n={n:>6}: log loss saved over the base rate {gain:+.4f} nats")

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(sizes, gains, marker="o")
ax.axhline(0, color="grey", linestyle="--")
ax.set(xlabel="training impressions", ylabel="log loss saved (nats)")
plt.show()

# %%
# The lab's claims, checked on every build:
assert gains[0] < 0.5 * gains[-1], "with 100 impressions the model should get under half the gain"
assert gains[3] > 0.9 * gains[-1], "with 3,000 impressions it should get over 90% of it"

# %% [markdown]
# With a hundred impressions (a handful of clicks) the model captures under half of the
# gain it reaches with 40,000: it is fitting noise as much as signal. By a few thousand
# impressions it has over 90% of it, because the true model has only three effects.
# In an interview, this is the argument for starting with a
# heuristic or a small model for a new surface with little data, and for saying how much
# data the next model up the ladder needs before it earns its place.
#
# ## Try it yourself
#
# - Drop the log transform of `user_activity`. How much of the gain survives?
# - Add `hour` as one-hot columns: it has no true effect. Does the model notice?
