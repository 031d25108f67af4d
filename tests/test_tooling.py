"""Unit tests of the site tooling added for case studies and practice mode: the snippet
runner, the page outline, and practice mode's data (plan, rubric, prompts, cards, cheat
sheets), including the errors a malformed data file gets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from guidekit import ContentError, practice
from guidekit.concepts import load_concepts
from guidekit.prose import outline, sections
from guidekit.runner import SnippetRunner

# --- runner -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> SnippetRunner:
    return SnippetRunner()


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "snippet.py"
    path.write_text(body)
    return path


def test_runner_runs_as_main_with_its_environment(runner, tmp_path: Path) -> None:
    path = script(tmp_path, "import os, sys\nprint(__name__, os.environ['X'], sys.argv[0])\n")
    result = runner.run(path, {"X": "42"}, timeout=30)
    assert (result.returncode, result.stdout.split()) == (0, ["__main__", "42", str(path)])


def test_runner_reports_a_failure_with_its_traceback(runner, tmp_path: Path) -> None:
    path = script(tmp_path, "raise AssertionError('claim failed: margin 0.01')\n")
    result = runner.run(path, {}, timeout=30)
    assert result.returncode == 1
    assert "AssertionError: claim failed: margin 0.01" in result.stderr


def test_runner_passes_on_exit_codes(runner, tmp_path: Path) -> None:
    assert runner.run(script(tmp_path, "raise SystemExit(3)\n"), {}, timeout=30).returncode == 3


def test_runner_kills_a_hanging_snippet(runner, tmp_path: Path) -> None:
    result = runner.run(script(tmp_path, "import time\ntime.sleep(60)\n"), {}, timeout=1)
    assert result.timed_out


def test_runner_leaves_no_state_behind(runner, tmp_path: Path) -> None:
    runner.run(script(tmp_path, "import os\nos.environ['LEAK'] = '1'\n"), {}, timeout=30)
    import os

    assert "LEAK" not in os.environ


# --- outline ----------------------------------------------------------------------------

PAGE = """# Title

Intro words here.

## First { #first }

One two three four.

```python
not prose at all
```

### Nested

Five six.

| table | row |

## Second
Seven.
"""


def test_outline_counts_prose_under_headings() -> None:
    found = {s.text: s for s in outline(PAGE)}
    assert found["First"].anchor == "first" and found["Second"].anchor is None
    assert (found["First"].words, found["Nested"].words, found["Second"].words) == (6, 2, 1)
    assert sections(PAGE)["first"] == (found["First"].line, 6)


# --- practice data ----------------------------------------------------------------------


def test_plan_comes_from_the_framework_snippet() -> None:
    plan = practice.plan()
    assert plan[0]["start"] == 0 and plan[-1]["end"] == 45
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(plan))


def test_rubric_and_prompts_load() -> None:
    assert next(s["name"] for s in practice.rubric()) == "Problem navigation"
    prompts = practice.prompts()
    assert len(prompts) >= practice.MIN_PROMPTS
    assert all(isinstance(h, str) for p in prompts for h in p["hints"])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: a\n  prompt: x\n  domain: gaming\n  hints: [a, b]\n", 1, "unknown domain"),
        ("- id: a\n  prompt: x\n  domain: ads\n  hints: [a]\n", 1, "at least two hints"),
        (
            "- id: a\n  prompt: x\n  domain: ads\n  hints:\n    - Tip: unquoted\n    - b\n",
            1,
            "quote a hint",
        ),
        (
            "- id: a\n  prompt: x\n  domain: ads\n  hints: [a, b]\n"
            "- id: a\n  prompt: y\n  domain: ads\n  hints: [a, b]\n",
            5,
            "already used on line 1",
        ),
        ("- id: a\n  prompt: x\n", 1, "missing domain, hints"),
    ],
)
def test_malformed_prompt_bank_is_rejected(tmp_path: Path, text, line, message) -> None:
    path = tmp_path / "prompts.yml"
    path.write_text(text)
    with pytest.raises(ContentError) as error:
        practice.prompts(path)
    assert error.value.line == line and message in error.value.message


def test_follow_up_questions_become_cards(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        '# P\n\n??? question "Why **calibrate**?"\n    Because the [auction](x.md) '
        "multiplies\n    bid by pCTR.\n\n    ```python\n    code()\n    ```\n\nAfter.\n"
    )
    assert practice.follow_up_questions(page) == [
        ("Why calibrate?", "Because the auction multiplies bid by pCTR.")
    ]
    deck = practice.cards(load_concepts(), tmp_path)
    assert deck[-1]["front"] == "Why calibrate?" and deck[-1]["url"] == "page/"


def test_cheat_sheet_keeps_each_sections_opening_answer(tmp_path: Path) -> None:
    chapter = tmp_path / "framework" / "x.md"
    chapter.parent.mkdir()
    chapter.write_text(
        "---\ndescription: d\n---\n\n# X\n\n## Label { #label }\n\n"
        "First sentence. Second sentence. Third sentence.\n\nMore.\n"
    )
    sheet = practice.cheat_sheet(chapter, "practice/cheat-sheets/x.md", tmp_path)
    assert sheet == ("- **[Label](../../framework/x.md#label)** First sentence. Second sentence.")
