"""The helper package the snippets use: claims, outputs and simulated data."""

from __future__ import annotations

import doctest
import importlib
import math
import pkgutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import mlsd.claims
import mlsd.data
import mlsd.outputs
from mlsd.claims import ClaimFailed, Comparison, assert_better
from mlsd.data import simulate_ctr
from mlsd.outputs import OUTPUT_DIR_ENV, Outputs, markdown_table, sig

matplotlib.use("Agg")


# --- claims -----------------------------------------------------------------------------


def test_assert_better_higher_is_better_returns_comparison() -> None:
    result = assert_better("AUC", 0.80, 0.70, margin=0.05, higher_is_better=True)
    assert isinstance(result, Comparison)
    assert result == Comparison("AUC", 0.80, 0.70, 0.05, True)
    assert result.improvement == pytest.approx(0.10)
    assert result.holds


def test_assert_better_lower_is_better_returns_positive_improvement() -> None:
    result = assert_better("log loss", 0.20, 0.25, margin=0.01, higher_is_better=False)
    assert result.improvement == pytest.approx(0.05)
    assert result.improvement > 0
    assert result.higher_is_better is False


def test_assert_better_converts_values_to_float() -> None:
    result = assert_better("hits", np.int64(12), 10, margin=1, higher_is_better=True)
    assert type(result.technique) is float and type(result.baseline) is float
    assert result.improvement == 2.0


@pytest.mark.parametrize(
    ("technique", "baseline", "higher_is_better"),
    [
        (0.72, 0.70, True),  # better, but by less than the margin
        (0.60, 0.70, True),  # worse
        (0.24, 0.25, False),  # lower loss, but by less than the margin
        (0.30, 0.25, False),  # higher loss: worse
    ],
)
def test_assert_better_raises_below_margin(
    technique: float, baseline: float, higher_is_better: bool
) -> None:
    with pytest.raises(ClaimFailed):
        assert_better("metric", technique, baseline, margin=0.05, higher_is_better=higher_is_better)


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_technique_equal_to_baseline_always_fails(higher_is_better: bool) -> None:
    # The negative control: the technique replaced by its baseline must fail the claim.
    with pytest.raises(ClaimFailed):
        assert_better("AUC", 0.7, 0.7, margin=1e-12, higher_is_better=higher_is_better)


def test_claim_failed_is_an_assertion_error() -> None:
    assert issubclass(ClaimFailed, AssertionError)


@pytest.mark.parametrize("margin", [0.0, -0.01, math.nan])
def test_non_positive_margin_is_rejected(margin: float) -> None:
    with pytest.raises(ValueError, match="margin must be positive"):
        assert_better("AUC", 0.9, 0.5, margin=margin, higher_is_better=True)


def test_claim_failed_message_names_metric_and_both_values() -> None:
    with pytest.raises(ClaimFailed) as error:
        assert_better("log loss", 0.2468, 0.2413, margin=0.001, higher_is_better=False)
    message = str(error.value)
    assert message.startswith("log loss:")
    assert "0.2468" in message
    assert "0.2413" in message
    assert "0.001" in message  # the margin it fell short of


# --- outputs: numbers and tables --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.123456, "0.1235"),
        (0.0123456, "0.01235"),
        (0.00012345678, "0.0001235"),
        (1.5e-7, "1.5e-07"),
        (2.0, "2"),
        (3.14159265, "3.142"),
        (1234.5678, "1235"),
        (123456.7, "123500"),
        (3, "3"),
        (-42, "-42"),
        (np.float64(0.987654), "0.9877"),
        (40_000, "40000"),
        (1e20, "1e+20"),
    ],
)
def test_sig_rounds_to_four_significant_figures(value: float, expected: str) -> None:
    assert sig(value) == expected


def test_sig_digits_argument() -> None:
    assert sig(0.123456, digits=2) == "0.12"
    assert sig(0.123456, digits=6) == "0.123456"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_sig_passes_non_finite_values_through(value: float) -> None:
    assert sig(value) == str(value)


def test_markdown_table_header_alignment_and_rounding() -> None:
    table = markdown_table(
        ["model", "AUC", "rows", "note"],
        [["LR", 0.812345, 1000, "ok"], ["base", 0.5, 1000, 3]],
    )
    assert table == (
        "| model | AUC | rows | note |\n"
        "| --- | ---: | ---: | --- |\n"
        "| LR | 0.8123 | 1000 | ok |\n"
        "| base | 0.5 | 1000 | 3 |\n"
    )


def test_markdown_table_mixed_column_is_left_aligned() -> None:
    # A column is numeric only if every row holds a number there.
    table = markdown_table(["x"], [[1.0], ["n/a"]])
    assert table.splitlines()[1] == "| --- |"


def test_markdown_table_rejects_long_rows() -> None:
    with pytest.raises(ValueError, match="3 cells, header has 2"):
        markdown_table(["a", "b"], [[1, 2, 3]])


def test_markdown_table_rejects_short_rows() -> None:
    with pytest.raises(ValueError, match="1 cells, header has 2"):
        markdown_table(["a", "b"], [[1]])


def test_markdown_table_handles_numpy_scalars() -> None:
    table = markdown_table(["clicks", "AUC"], [[np.int64(3), np.float32(0.812345)]])
    assert table.splitlines()[1:] == ["| ---: | ---: |", "| 3 | 0.8123 |"]


# --- outputs: files ---------------------------------------------------------------------


@pytest.fixture
def script(tmp_path: Path) -> Path:
    """A fake snippet at ``<tmp>/repo/snippets/page/topic.py``."""
    path = tmp_path / "repo" / "snippets" / "page" / "topic.py"
    path.parent.mkdir(parents=True)
    path.write_text("# a snippet\n")
    return path


@pytest.fixture
def out_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "generated"
    monkeypatch.setenv(OUTPUT_DIR_ENV, str(directory))
    return directory


def test_outputs_default_directory_is_docs_generated(
    script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OUTPUT_DIR_ENV, raising=False)
    out = Outputs(script)
    assert out.directory == script.parents[2] / "docs" / "generated" / "page" / "topic"


def test_outputs_writes_text_markdown_and_figure(
    script: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import matplotlib.pyplot as plt

    out = Outputs(str(script))
    assert out.directory == out_dir / "page" / "topic"

    text = out.text("summary", "log loss 0.1235")
    md = out.markdown("metrics", "| a |\n| --- |\n| 1 |")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    svg = out.figure(fig, "curve")

    assert text == out_dir / "page" / "topic" / "summary.txt"
    assert md == out_dir / "page" / "topic" / "metrics.md"
    assert svg == out_dir / "page" / "topic" / "curve.svg"
    assert text.read_text(encoding="utf-8") == "log loss 0.1235\n"
    assert md.read_text(encoding="utf-8") == "| a |\n| --- |\n| 1 |\n"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert fig.number not in plt.get_fignums()  # figure() closes the figure
    # echo=True (the default) prints text and Markdown, not figures.
    assert capsys.readouterr().out == "log loss 0.1235\n| a |\n| --- |\n| 1 |\n"
    assert sorted(p.name for p in out.directory.iterdir()) == [
        "curve.svg",
        "metrics.md",
        "summary.txt",
    ]


def test_outputs_echo_false_prints_nothing(
    script: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = Outputs(script, echo=False)
    out.text("summary", "hello")
    out.markdown("table", "| a |")
    assert capsys.readouterr().out == ""
    assert (out_dir / "page" / "topic" / "summary.txt").read_text() == "hello\n"


@pytest.mark.parametrize("content", ["x", "x\n", "x\n\n\n"])
def test_outputs_end_with_exactly_one_newline(script: Path, out_dir: Path, content: str) -> None:
    out = Outputs(script, echo=False)
    assert out.text("t", content).read_text(encoding="utf-8") == "x\n"
    assert out.markdown("m", content).read_text(encoding="utf-8") == "x\n"


def test_outputs_outside_snippets_folder_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not inside a snippets/ folder"):
        Outputs(tmp_path / "elsewhere" / "topic.py")


def test_outputs_figure_is_deterministic(script: Path, out_dir: Path) -> None:
    import matplotlib.pyplot as plt

    def draw(name: str) -> bytes:
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1, 2], [0.1, 0.4, 0.2], label="model")
        ax.set_title("Reliability")
        ax.legend()
        return Outputs(script, echo=False).figure(fig, name).read_bytes()

    first, second = draw("a"), draw("b")
    assert first == second
    assert b"<dc:date>" not in first
    assert b"<svg" in first


# --- data -------------------------------------------------------------------------------


def test_simulate_ctr_same_seed_same_data() -> None:
    a, b = simulate_ctr(2_000, seed=7), simulate_ctr(2_000, seed=7)
    assert a.features.equals(b.features)
    np.testing.assert_array_equal(a.clicked, b.clicked)
    np.testing.assert_array_equal(a.p_click, b.p_click)


def test_simulate_ctr_different_seeds_differ() -> None:
    a, b = simulate_ctr(2_000, seed=0), simulate_ctr(2_000, seed=1)
    assert not a.features.equals(b.features)
    assert not np.array_equal(a.p_click, b.p_click)


def test_simulate_ctr_shapes_columns_and_ranges() -> None:
    data = simulate_ctr(5_000, seed=3)
    assert list(data.features.columns) == ["user_activity", "item_quality", "position", "hour"]
    assert data.features.shape == (5_000, 4)
    assert data.clicked.shape == data.p_click.shape == (5_000,)
    assert ((data.p_click > 0) & (data.p_click < 1)).all()
    assert set(np.unique(data.clicked)) <= {0, 1}
    assert (data.features["user_activity"] > 0).all()
    assert data.features["position"].between(1, 10).all()
    assert data.features["hour"].between(0, 23).all()
    assert set(data.features["position"]) == set(range(1, 11))
    assert set(data.features["hour"]) == set(range(24))


@pytest.fixture(scope="module")
def large():
    return simulate_ctr(50_000, seed=11)


def test_simulate_ctr_click_rate_matches_true_probabilities(large) -> None:
    n = len(large.clicked)
    expected = large.p_click.mean()
    stderr = math.sqrt((large.p_click * (1 - large.p_click)).mean() / n)
    assert abs(large.clicked.mean() - expected) < 4 * stderr


def test_simulate_ctr_follows_documented_model(large) -> None:
    f = large.features
    logit = (
        np.log(0.05 / 0.95)
        + 0.8 * f["item_quality"].to_numpy()
        + 0.5 * np.log(f["user_activity"].to_numpy())
        - 0.15 * (f["position"].to_numpy() - 1)
    )
    np.testing.assert_allclose(large.p_click, 1 / (1 + np.exp(-logit)), rtol=1e-12)


def test_simulate_ctr_hour_has_no_effect(large) -> None:
    correlation = np.corrcoef(large.features["hour"].to_numpy(), large.p_click)[0, 1]
    assert abs(correlation) < 0.02


def test_simulate_ctr_base_ctr_moves_click_rate() -> None:
    low = simulate_ctr(20_000, seed=0, base_ctr=0.02).p_click.mean()
    high = simulate_ctr(20_000, seed=0, base_ctr=0.20).p_click.mean()
    assert low < high


@pytest.mark.parametrize("n", [0, -1])
def test_simulate_ctr_rejects_non_positive_n(n: int) -> None:
    with pytest.raises(ValueError, match="n must be positive"):
        simulate_ctr(n, seed=0)


@pytest.mark.parametrize("base_ctr", [0.0, 1.0, -0.1, 1.5])
def test_simulate_ctr_rejects_base_ctr_outside_unit_interval(base_ctr: float) -> None:
    with pytest.raises(ValueError, match="base_ctr must be in"):
        simulate_ctr(10, seed=0, base_ctr=base_ctr)


# --- docstring examples -----------------------------------------------------------------


HELPER_MODULES = sorted(m.name for m in pkgutil.iter_modules(mlsd.__path__, "mlsd."))


@pytest.mark.parametrize("name", HELPER_MODULES)
def test_docstring_examples_are_correct(name: str) -> None:
    """Every helper module documents itself with examples, and they run."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, verbose=False, report=True)
    assert result.attempted > 0
    assert result.failed == 0
