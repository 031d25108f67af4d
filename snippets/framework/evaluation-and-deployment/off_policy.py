"""Counterfactual evaluation: estimate a new policy's click rate from another policy's logs.

Run it with ``python snippets/framework/evaluation-and-deployment/off_policy.py``. A
stochastic logging policy picks one of ten items for each of 50 user segments and logs its
propensity; the new policy would pick differently. Because the click probabilities are
simulated, the new policy's true click rate is known exactly, and each estimator's error
can be measured over many independent logs.
"""

from __future__ import annotations

# --8<-- [start:world]
import numpy as np

from mlsd.claims import assert_better

N_SEGMENTS, N_ITEMS = 50, 10  # contexts (user segments) and actions (items to show)
N_LOGS, N_ROWS = 200, 500_000  # independent logs, impressions per log
EXPLORE = 0.1  # share of traffic spread uniformly: every propensity >= 0.01


def simulate_world(rng: np.random.Generator):
    """True click rates, and the logging and new policies' probabilities of each item."""
    segment_logit = rng.normal(-4.5, 0.8, size=(N_SEGMENTS, 1))  # heavy vs light clickers
    item_logit = rng.normal(0, 0.7, size=(N_SEGMENTS, N_ITEMS))
    ctr = 1 / (1 + np.exp(-(segment_logit + item_logit)))
    # The production model has most data on heavy clickers, so it is most accurate there.
    noise = 0.25 + 0.5 * (segment_logit < -4.5)
    old_model = item_logit + rng.normal(size=ctr.shape) * noise
    greedy = np.eye(N_ITEMS)[old_model.argmax(axis=1)]
    logging = (1 - EXPLORE) * greedy + EXPLORE / N_ITEMS
    new_model = item_logit + rng.normal(0, 0.3, size=ctr.shape)  # the candidate policy
    new = np.eye(N_ITEMS)[new_model.argmax(axis=1)]
    return ctr, logging, new


def simulate_logs(ctr, logging, rng):
    """N_LOGS logs of N_ROWS impressions, aggregated by (segment, item) cell: how often the
    logging policy showed the item to the segment and how many clicks it got."""
    cell_share = (logging / N_SEGMENTS).ravel()  # segments equally likely
    shown = rng.multinomial(N_ROWS, cell_share, size=N_LOGS)
    clicks = rng.binomial(shown, ctr.ravel())
    return shown, clicks


# --8<-- [end:world]


# --8<-- [start:estimators]
# Every row of a cell has the same logged propensity and the same new-policy probability,
# so each estimator is a weighted sum over cells (shown, clicks: one row per log).
def logging_average(shown, clicks, propensity, new_prob):
    """The click rate the logs show: what the old policy earned, not the new one."""
    return clicks.sum(axis=1) / N_ROWS


def naive_replay(shown, clicks, propensity, new_prob):
    """Click rate on the logged rows where the new policy would have shown the same item."""
    match = new_prob > 0
    return (clicks * match).sum(axis=1) / (shown * match).sum(axis=1)


def ips(shown, clicks, propensity, new_prob):
    """Inverse propensity scoring: weight each logged click by new / logging probability."""
    return (clicks * new_prob / propensity).sum(axis=1) / N_ROWS


def snips(shown, clicks, propensity, new_prob):
    """Self-normalized IPS: divide by the sum of the weights instead of the row count."""
    weight = new_prob / propensity
    return (clicks * weight).sum(axis=1) / (shown * weight).sum(axis=1)


TECHNIQUE, BASELINE = snips, naive_replay
# --8<-- [end:estimators]


# --8<-- [start:claim]
MIN_GAIN = 0.002  # mean absolute error (click-rate points) SNIPS must save over naive


def mean_abs_error(estimator, seed: int) -> tuple[float, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    ctr, logging, new = simulate_world(rng)
    true_value = float((new * ctr).sum(axis=1).mean())  # known exactly in a simulation
    shown, clicks = simulate_logs(ctr, logging, rng)
    estimates = estimator(shown, clicks, logging.ravel(), new.ravel())
    return float(np.abs(estimates - true_value).mean()), estimates, true_value


def main(technique=TECHNIQUE) -> None:
    gains = []
    for seed in (0, 1, 2):
        error, *_ = mean_abs_error(technique, seed)
        naive_error, *_ = mean_abs_error(BASELINE, seed)
        gains.append(
            assert_better(
                "mean absolute error", error, naive_error, margin=MIN_GAIN, higher_is_better=False
            )
        )
    # --8<-- [end:claim]
    report(gains)


def report(gains) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rng = np.random.default_rng(0)
    ctr, logging, new = simulate_world(rng)
    rows = []
    for name, estimator in (
        ("logging policy's click rate", logging_average),
        ("naive replay (matches only)", naive_replay),
        ("IPS", ips),
        ("SNIPS", snips),
    ):
        error, estimates, truth = mean_abs_error(estimator, seed=0)
        bias = estimates.mean() - truth
        rows.append([name, estimates.mean(), bias, estimates.std(), error])
    logging_value = float((logging * ctr).sum(axis=1).mean())
    header = ["estimator", "mean estimate", "bias", "std over logs", "mean abs error"]
    out.markdown("table", markdown_table(header, rows))
    out.text(
        "summary",
        f"true click rate of the new policy: {sig(truth)}; "
        f"of the logging policy: {sig(logging_value)}\n"
        f"{N_LOGS} logs of {N_ROWS} impressions; new policy agrees with the logged item on "
        f"{sig(100 * (logging * new).sum(axis=1).mean())}% of rows\n"
        "mean absolute error on seeds [0, 1, 2]: SNIPS "
        f"{', '.join(sig(g.technique) for g in gains)}; naive replay "
        f"{', '.join(sig(g.baseline) for g in gains)}\n"
        f"claim: SNIPS's mean absolute error is at least {sig(MIN_GAIN)} below naive replay "
        "on every seed -> holds",
    )


if __name__ == "__main__":
    main()
