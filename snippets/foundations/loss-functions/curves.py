"""The losses of this chapter as functions of the margin or the residual.

Run it on its own with ``python snippets/foundations/loss-functions/curves.py``; it
evaluates the classification losses against the margin y f(x) and the regression losses
against the residual, checks the properties the page states, and draws the figure.
"""

from __future__ import annotations

# --8<-- [start:curves]
import numpy as np

margin = np.linspace(-3, 3, 601)  # m = y f(x) with y in {-1, +1}: m > 0 is correct
p_true = 1 / (1 + np.exp(-margin))  # probability the model gives the true class
classification = {
    "0-1": (margin <= 0).astype(float),
    "log loss (bits)": np.log2(1 + np.exp(-margin)),
    "hinge": np.maximum(0, 1 - margin),
    "squared (1 - m)^2": (1 - margin) ** 2,
    "focal, gamma 2 (bits)": (1 - p_true) ** 2 * np.log2(1 + np.exp(-margin)),
}

residual = np.linspace(-4, 4, 801)  # r = y - prediction
DELTA = 1.5
regression = {
    "squared r^2 / 2": residual**2 / 2,
    "absolute |r|": np.abs(residual),
    f"Huber, delta {DELTA:g}": np.where(
        np.abs(residual) <= DELTA, residual**2 / 2, DELTA * (np.abs(residual) - DELTA / 2)
    ),
}
# --8<-- [end:curves]


# --8<-- [start:checks]
def check() -> dict[str, float]:
    log, focal = classification["log loss (bits)"], classification["focal, gamma 2 (bits)"]
    assert np.all(focal <= log), "focal loss is log loss times a factor in [0, 1]"
    at = {m: int(np.argmin(np.abs(margin - m))) for m in (0.0, 2.0)}
    assert focal[at[2.0]] / log[at[2.0]] < 0.02, "focal keeps < 2% of log loss at margin 2"
    squared = classification["squared (1 - m)^2"]
    assert squared[-1] > log[at[0.0]], "squared loss punishes a confident correct answer"
    huber, sq = regression[f"Huber, delta {DELTA:g}"], regression["squared r^2 / 2"]
    assert np.all(huber <= sq + 1e-12), "Huber is never above squared loss"
    return {
        "focal / log loss at margin 0": focal[at[0.0]] / log[at[0.0]],
        "focal / log loss at margin 2": focal[at[2.0]] / log[at[2.0]],
        "squared loss at margin 3": squared[-1],
        "Huber / squared at residual 4": huber[-1] / sq[-1],
    }


# --8<-- [end:checks]


def main() -> None:
    import matplotlib.pyplot as plt

    from mlsd.outputs import Outputs, sig

    numbers = check()
    out = Outputs(__file__)
    out.text("summary", "\n".join(f"{name}: {sig(value)}" for name, value in numbers.items()))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    styles = ["-", "-", "--", ":", "-."]
    for (name, values), style in zip(classification.items(), styles, strict=True):
        left.plot(margin, values, style, label=name)
    left.set(xlabel="margin y f(x)", ylabel="loss", ylim=(0, 4), title="classification")
    left.legend(fontsize=8)
    for (name, values), style in zip(regression.items(), styles, strict=False):
        right.plot(residual, values, style, label=name)
    right.set(xlabel="residual y - prediction", ylim=(0, 5), title="regression")
    right.legend(fontsize=8)
    out.figure(fig, "losses")


if __name__ == "__main__":
    main()
