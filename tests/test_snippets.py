"""Every snippet runs, asserts its claim, reproduces the outputs its page shows, and
every comparative claim fails when the technique is swapped for its baseline."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from guidekit import DOCS, ROOT, SNIPPETS, relative
from guidekit.runner import Result, SnippetRunner
from guidekit.snippetrefs import home_page, load_snippet, snippet_files
from mlsd.claims import ClaimFailed
from mlsd.outputs import OUTPUT_DIR_ENV

#: A snippet should take under 5 s (``make bench`` reports each one's time). This limit
#: only catches a snippet that hangs; it is not a performance assertion.
HANG_LIMIT_S = 120
LABS = sorted((DOCS / "labs").glob("*.py"))


def _selected(paths: list[Path], page: str | None) -> list[Path]:
    return [p for p in paths if page is None or home_page(p) == (ROOT / page).resolve()]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    page = metafunc.config.getoption("--page")
    if "snippet" in metafunc.fixturenames:
        snippets = _selected(snippet_files(), page)
        metafunc.parametrize("snippet", snippets, ids=[relative(s) for s in snippets])
    if "lab" in metafunc.fixturenames:
        labs = [lab for lab in LABS if page is None or lab == (ROOT / page).resolve()]
        metafunc.parametrize("lab", labs, ids=[relative(lab) for lab in labs])


@pytest.fixture(scope="session")
def runner() -> SnippetRunner:
    """One runner per test worker: heavy imports once, each snippet in a forked child."""
    return SnippetRunner()


def run_script(runner: SnippetRunner, path: Path, output_dir: Path) -> Result:
    result = runner.run(path, {OUTPUT_DIR_ENV: str(output_dir)}, timeout=HANG_LIMIT_S)
    if result.timed_out:
        pytest.fail(f"{relative(path)}:1: did not finish within {HANG_LIMIT_S} s: does it hang?")
    return result


def compare_outputs(generated: Path, committed: Path) -> list[str]:
    """Differences between a fresh run's outputs and the committed ones, as messages."""
    fresh = {p.relative_to(generated) for p in generated.rglob("*") if p.is_file()}
    stored = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()}
    problems = [
        f"{relative(committed / p)}: missing (not committed)" for p in sorted(fresh - stored)
    ]
    problems += [f"{relative(committed / p)}: no longer produced" for p in sorted(stored - fresh)]
    for name in sorted(fresh & stored):
        new, old = (generated / name).read_text(), (committed / name).read_text()
        if new != old:
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), "committed", "fresh run", lineterm="", n=1
            )
            problems.append(f"{relative(committed / name)}: stale\n" + "\n".join(list(diff)[:40]))
    return problems


def test_snippet_runs_and_outputs_are_current(
    runner: SnippetRunner, snippet: Path, tmp_path: Path
) -> None:
    result = run_script(runner, snippet, tmp_path)
    assert result.returncode == 0, f"{relative(snippet)} failed:\n{result.stderr[-4000:]}"
    rel = snippet.relative_to(SNIPPETS).with_suffix("")
    problems = compare_outputs(tmp_path / rel, DOCS / "generated" / rel)
    assert not problems, "\n".join(problems) + "\nrun `make outputs` and commit the result"


def test_comparative_snippets_declare_their_baseline(snippet: Path) -> None:
    source = snippet.read_text(encoding="utf-8")
    if "assert_better(" not in source:
        pytest.skip("not a comparison")
    missing = [name for name in ("TECHNIQUE", "BASELINE", "def main(") if name not in source]
    assert not missing, (
        f"{relative(snippet)}:1: compares with assert_better but does not define "
        f"{', '.join(missing)}; a comparison needs main(technique=TECHNIQUE) and a BASELINE "
        "for its negative control"
    )


def test_negative_control_fails(
    snippet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rerun the demonstration with the technique replaced by the baseline: the claim must fail."""
    if "assert_better(" not in snippet.read_text(encoding="utf-8"):
        pytest.skip("not a comparison")
    monkeypatch.setenv(OUTPUT_DIR_ENV, str(tmp_path))
    module = load_snippet(snippet)
    with pytest.raises(ClaimFailed):
        module.main(module.BASELINE)
    assert not any(tmp_path.rglob("*")), "outputs were written although the claim failed"


def test_lab_runs(runner: SnippetRunner, lab: Path, tmp_path: Path) -> None:
    result = run_script(runner, lab, tmp_path)
    assert result.returncode == 0, f"{relative(lab)} failed:\n{result.stderr[-4000:]}"
