"""The 45-minute plan as data: checked, tabulated, drawn, and re-budgeted when you fall behind.

Run it on its own with ``python snippets/framework/index/time_plan.py``; it asserts that the
plan fills exactly 45 minutes with checkpoints in order, writes the plan table and timeline
figure, and shows how the remaining minutes are re-split when you are behind.
"""

from __future__ import annotations

from dataclasses import dataclass

# --8<-- [start:plan]
INTERVIEW_MINUTES = 45
MIN_EVALUATION_MINUTES = 6  # the phase candidates most often lose: never plan less


@dataclass(frozen=True)
class Phase:
    name: str
    signal: str
    minutes: int
    checkpoint: str  # what must be on the board when the phase ends


PLAN = [
    Phase("Intro and prompt", "problem navigation", 3, "prompt restated in one sentence"),
    Phase("Clarify and frame", "problem navigation", 5, "objective, label and scale stated"),
    Phase("High-level design", "problem navigation", 4, "funnel drawn, latency budget set"),
    Phase("Training data", "training data", 6, "label window, negatives, time-based split"),
    Phase("Features", "feature engineering", 6, "feature groups, freshness, event-time snapshot"),
    Phase("Model", "modeling", 8, "baseline, model, loss, serving cost"),
    Phase("Evaluate and deploy", "evaluation", 8, "offline metric, A/B test, guardrails, rollout"),
    Phase("Deep dive and questions", "interviewer's pick", 5, "one topic at staff depth"),
]
# --8<-- [end:plan]


# --8<-- [start:check]
def schedule(plan: list[Phase]) -> list[tuple[Phase, int, int]]:
    """Each phase with its start and end minute; asserts the plan is a valid 45 minutes."""
    rows, clock = [], 0
    for phase in plan:
        assert phase.minutes > 0, f"{phase.name}: a phase needs at least one minute"
        rows.append((phase, clock, clock + phase.minutes))
        clock += phase.minutes
    assert clock == INTERVIEW_MINUTES, f"plan fills {clock} minutes, not {INTERVIEW_MINUTES}"
    ends = [end for _, _, end in rows]
    assert ends == sorted(set(ends)), "checkpoints must be strictly in order"
    evaluation = sum(p.minutes for p in plan if p.signal == "evaluation")
    assert evaluation >= MIN_EVALUATION_MINUTES, f"only {evaluation} min for evaluation"
    return rows


# --8<-- [end:check]


# --8<-- [start:rebudget]
def rebudget(plan: list[Phase], now: int, next_phase: int) -> list[tuple[Phase, int]]:
    """Re-split the minutes left when you are behind: evaluation keeps its planned minutes,
    every other phase not yet started shrinks by the same factor."""
    todo = plan[next_phase:]
    left = INTERVIEW_MINUTES - now
    protected = sum(p.minutes for p in todo if p.signal == "evaluation")
    rest = [p for p in todo if p.signal != "evaluation"]
    scale = (left - protected) / sum(p.minutes for p in rest)
    assert scale * min(p.minutes for p in rest) >= 1, f"{left} min left: cut a phase instead"
    share = {p.name: p.minutes if p not in rest else int(p.minutes * scale) for p in todo}
    # hand the minutes lost to rounding down to the largest remainders
    by_remainder = sorted(rest, key=lambda p: p.minutes * scale % 1, reverse=True)
    for p in by_remainder[: left - sum(share.values())]:
        share[p.name] += 1
    assert sum(share.values()) == left, "re-budget must use exactly the minutes left"
    return [(p, share[p.name]) for p in todo]


# --8<-- [end:rebudget]


def timeline_figure(rows):
    import matplotlib.pyplot as plt

    colours = {
        "problem navigation": "#3f51b5",
        "training data": "#00897b",
        "feature engineering": "#f9a825",
        "modeling": "#8e24aa",
        "evaluation": "#d84315",
        "interviewer's pick": "#757575",
    }
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for i, (phase, start, end) in enumerate(rows):
        ax.barh(i, end - start, left=start, color=colours[phase.signal], edgecolor="white")
        ax.text(end + 0.4, i, f"{phase.name} ({phase.minutes} min)", va="center", fontsize=8)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(0, INTERVIEW_MINUTES + 18)
    ax.set_xticks([end for *_, end in rows])
    ax.set_xlabel("minute of the interview (ticks are checkpoints)")
    ax.grid(axis="x", linestyle=":", alpha=0.6)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    ax.legend(handles, colours.keys(), fontsize=7, loc="upper right", frameon=False)
    fig.tight_layout()
    return fig


# --8<-- [start:report]
def main() -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    rows = schedule(PLAN)
    out.markdown(
        "plan",
        markdown_table(
            ["minutes", "phase", "signal", "checkpoint at the end"],
            [[f"{s}-{e}", p.name, p.signal, p.checkpoint] for p, s, e in rows],
        ),
    )
    out.figure(timeline_figure(rows), "timeline")
    # Behind: at minute 20 you are only now starting training data (planned for minute 12).
    now, next_phase = 20, 3
    late = now - rows[next_phase][1]
    recovery = rebudget(PLAN, now, next_phase)
    out.markdown(
        "recovery",
        markdown_table(
            ["phase", "planned minutes", "minutes after re-budget"],
            [[p.name, p.minutes, m] for p, m in recovery],
        ),
    )
    kept = sum(m for p, m in recovery if p.signal == "evaluation")
    others = [(p.minutes, m) for p, m in recovery if p.signal != "evaluation"]
    shrunk_to = sum(m for _, m in others) / sum(planned for planned, _ in others)
    out.text(
        "summary",
        f"plan: {len(PLAN)} phases, {sum(p.minutes for p in PLAN)} min, checkpoints at "
        f"{', '.join(str(e) for *_, e in rows)}\n"
        f"behind: '{PLAN[next_phase].name}' starts at minute {now}, {late} min late\n"
        f"left: {INTERVIEW_MINUTES - now} min for {len(recovery)} phases; evaluation keeps "
        f"{kept} min,\nthe other phases shrink to {sig(shrunk_to)} of their planned minutes",
    )
    # --8<-- [end:report]


if __name__ == "__main__":
    main()
