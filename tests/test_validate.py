"""The content validator rejects malformed and malicious pages with ``path:line: message``,
accepts every real page, and the case-study scaffold produces a page that passes it and
the strict build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from guidekit.validate import Problem, validate, validate_page, validate_svg

TEMPLATE = ROOT / "scripts" / "templates"


@pytest.fixture
def write_case(tmp_path: Path):
    """Write a case study built from the template into ``tmp/docs/case-studies/``, with its
    mini-system and output beside it; return a function that applies one edit."""
    snippet = tmp_path / "snippets" / "mini_system.py"
    snippet.parent.mkdir(parents=True)
    snippet.write_text((TEMPLATE / "mini_system.py").read_text())
    summary = tmp_path / "summary.txt"
    summary.write_text("seed 0: recall@50 0.6 vs baseline 0.4\n")
    page = (
        (TEMPLATE / "case_study.md")
        .read_text()
        .replace("case-studies/{{slug}}/mini_system.py", str(snippet))
        .replace("generated/case-studies/{{slug}}/mini_system/summary.txt", str(summary))
        .replace("{{title}}", "Demo ranking")
        .replace("{{domain}}", "search")
        .replace("{{problem_type}}", "ranking")
        .replace("{{difficulty}}", "beginner")
    )
    path = tmp_path / "docs" / "case-studies" / "demo.md"
    path.parent.mkdir(parents=True)

    def write(edit=lambda text: text) -> Path:
        content = edit(page)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def insert_after(marker: str, new: str):
    """An edit that inserts ``new`` on the line after the first line containing ``marker``."""

    def edit(text: str) -> str:
        lines = text.split("\n")
        index = next(i for i, row in enumerate(lines) if marker in row)
        return "\n".join([*lines[: index + 1], new, *lines[index + 1 :]])

    return edit


def line_of(path: Path, needle: str) -> int:
    rows = path.read_bytes().decode("utf-8", "replace").split("\n")
    return next(i for i, row in enumerate(rows, 1) if needle in row)


def test_the_template_itself_is_valid(write_case) -> None:
    assert validate_page(write_case()) == []


INTRO = "State the design in two sentences"

#: name -> (edit, text on the offending line (or None for line 1), expected message part)
MALFORMED = {
    "no front matter": (
        lambda t: t.split("---\n", 2)[2],
        None,
        "missing front matter",
    ),
    "unclosed front matter": (
        lambda t: t.replace("\n---\n\n# ", "\n\n# ", 1),
        None,
        "front matter is not closed",
    ),
    "front matter not YAML": (
        lambda t: t.replace("  domain: search", "  domain: [search"),
        "domain: [search",
        "front matter is not valid YAML",
    ),
    "no case_study mapping": (
        lambda t: t.replace("case_study:", "case_studies:"),
        "description:",
        "no 'case_study' mapping",
    ),
    "unknown domain": (
        lambda t: t.replace("  domain: search", "  domain: gaming"),
        "domain: gaming",
        "unknown domain 'gaming'; choose one of:",
    ),
    "unknown problem type": (
        lambda t: t.replace("problem_type: ranking", "problem_type: vibes"),
        "problem_type: vibes",
        "unknown problem_type 'vibes'",
    ),
    "unknown technique": (
        lambda t: t.replace("Two-tower model", "Quantum ranking"),
        "techniques:",
        "unknown technique 'Quantum ranking'",
    ),
    "missing mini-system": (
        lambda t: t.replace("mini_system: /", "mini_system: /nowhere/"),
        "mini_system:",
        "does not exist",
    ),
    "tags without the domain": (
        lambda t: t.replace("tags: [search, beginner]", "tags: [beginner]"),
        "tags:",
        "tags must include the domain and the difficulty: add 'search'",
    ),
    "missing required section": (
        lambda t: t.replace("## Evaluation { #evaluation }", "Evaluation notes"),
        "## Deployment and monitoring",
        "missing required section '## Evaluation { #evaluation }'",
    ),
    "wrong anchor": (
        lambda t: t.replace("## Model { #model }", "## Model { #the-model }"),
        "## Model",
        "section 'Model' needs the anchor { #model }",
    ),
    "short section": (
        lambda t: t.replace(
            t[t.index("## Model {") : t.index("## Architecture {")],
            "## Model { #model }\n\nA GBDT.\n\n",
        ),
        "## Model",
        "section 'Model' has 2 words of prose; it needs at least 100",
    ),
    "features table too short": (
        lambda t: t.replace(
            "| Device type | categorical | one-hot | Layout changes behaviour |\n", ""
        ).replace(
            "| Hour of day | categorical | one-hot or cyclic | Daily rhythm of usage |\n", ""
        ),
        "| Feature | Type |",
        "the features table has 6 rows; it needs at least 8",
    ),
    "no diagram": (
        lambda t: t.replace("```mermaid", "```text"),
        "## Architecture",
        "needs a ```mermaid diagram",
    ),
    "drill without a strong reply": (
        lambda t: (
            t.replace('!!! success "Strong reply"\n    We', '!!! note "Reply"\n    We', 1)
            if '!!! success "Strong reply"\n    We' in t
            else t.replace('!!! success "Strong reply"', '!!! note "Reply"', 1)
        ),
        '### "Why not start with a simpler model?"',
        'needs a !!! success "Strong reply" admonition',
    ),
    "too few follow-up questions": (
        lambda t: t.replace(
            '??? question "How would you add', 'Question: "How would you add'
        ).replace('??? question "What if the', 'Question: "What if the'),
        "## Follow-up questions",
        "3 follow-up questions; write at least 5",
    ),
    "a level missing": (
        lambda t: t.replace("An E6 (staff) answer", "A staff answer").replace(
            "| E6 |", "| Staff |"
        ),
        "## What each level adds",
        "say what an E6 answer adds",
    ),
    "missing snippet file": (
        insert_after(INTRO, '\n--8<-- "no/such/file.py:x"\n'),
        "no/such/file.py",
        "included file 'no/such/file.py' not found",
    ),
    "missing snippet section": (
        lambda t: t.replace("mini_system.py:system", "mini_system.py:nope"),
        "mini_system.py:nope",
        "section 'nope' not found",
    ),
    "image without alt text": (
        insert_after(INTRO, "\n![](figure.svg)\n"),
        "![](figure.svg)",
        "image figure.svg needs alt text",
    ),
    "image from another host": (
        insert_after(INTRO, "\n![A chart of clicks by hour](https://example.com/c.png)\n"),
        "example.com",
        "is not a local file",
    ),
    "not UTF-8": (
        lambda t: insert_after(INTRO, "caf\udce9 au lait")(t).encode("utf-8", "surrogateescape"),
        "caf",
        "not UTF-8: byte 0xe9",
    ),
    "oversized": (
        lambda t: t + ("\nfiller " * 25_000),
        None,
        "the limit is 150,000 bytes",
    ),
}

#: name -> (line inserted after the intro paragraph, text on the offending line, message)
MALICIOUS = {
    "raw script": ("<script>alert(1)</script>", "<script>", "element <script> is not allowed"),
    "script in odd case": ("<ScRiPt>alert(1)</sCrIpT>", "ScRiPt", "element <script>"),
    "iframe": ('<iframe src="https://evil.test"></iframe>', "<iframe", "element <iframe>"),
    "style element": ("<style>body{display:none}</style>", "<style>", "element <style>"),
    "object embed": ('<object data="x.swf"></object>', "<object", "element <object>"),
    "form": ('<form action="https://evil.test"><input name="pw"></form>', "<form", "<form>"),
    "event handler on img": (
        '<img src="x.png" alt="a picture of x" onerror="alert(1)">',
        "onerror",
        "event handler onerror= on <img> is not allowed",
    ),
    "handler from an attribute list": (
        'Click here.\n{ onclick="alert(1)" }',
        "onclick",
        "event handler onclick= on <p> is not allowed",
    ),
    "javascript link": (
        "[click](javascript:alert(1))",
        "javascript:",
        "javascript: URL in href= on <a> is not allowed",
    ),
    "entity-encoded javascript link": (
        "[click](&#106;avascript:alert(1))",
        "&#106;avascript",
        "javascript: URL in href= on <a> is not allowed",
    ),
    "javascript with a tab inside": (
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "jav&#x09;ascript",
        "javascript: URL in href= on <a>",
    ),
    "javascript image source": (
        '<img src="JaVaScRiPt:alert(1)" alt="a picture of x">',
        "JaVaScRiPt",
        "javascript: URL in src= on <img>",
    ),
    "data URL": (
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "data:text",
        "data: URL in href= on <a>",
    ),
    "inline svg with script": (
        "<svg><script>alert(1)</script></svg>",
        "<svg>",
        "element <script> is not allowed",
    ),
    "style attribute": (
        '<div style="position:fixed;top:0">Win a prize</div>',
        "position:fixed",
        "style='position:fixed;top:0' on <div> is not allowed",
    ),
    "text input": ('<input type="text" name="q">', "<input", "<input type='text'> is not allowed"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_case_study_is_rejected_at_its_line(write_case, case: str) -> None:
    edit, needle, message = MALFORMED[case]
    path = write_case(edit)
    line = 1 if needle is None else line_of(path, needle)
    problems = validate_page(path)
    texts = [str(p) for p in problems]
    assert any(p.path == path and p.line == line and message in p.message for p in problems), (
        f"expected {path.name}:{line}: ...{message}... in\n" + "\n".join(texts)
    )


@pytest.mark.parametrize("case", MALICIOUS, ids=list(MALICIOUS))
def test_unsafe_html_is_rejected_at_its_line(write_case, case: str) -> None:
    snippet, needle, message = MALICIOUS[case]
    path = write_case(insert_after(INTRO, f"\n{snippet}\n"))
    line = line_of(path, needle)
    problems = validate_page(path)
    assert any(p.line == line and message in p.message for p in problems), (
        f"expected {path.name}:{line}: ...{message}... in\n" + "\n".join(map(str, problems))
    )


def test_unsafe_html_in_a_code_block_is_fine(write_case) -> None:
    block = '```html\n<script>alert(1)</script>\n<a href="javascript:x">x</a>\n```'
    assert validate_page(write_case(insert_after(INTRO, f"\n{block}\n"))) == []


def test_problem_prints_as_path_line_message(tmp_path: Path) -> None:
    assert str(Problem(tmp_path / "x.md", 7, "boom")).endswith("x.md:7: boom")


@pytest.mark.parametrize(
    ("svg", "needle"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>', "<script"),
        ('<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)"></svg>', "onload"),
        ('<svg>\n<a href="javascript:alert(1)"><text>x</text></a>\n</svg>', "javascript:"),
        ("<svg>\n<foreignObject><div>x</div></foreignObject>\n</svg>", "<foreignObject"),
    ],
)
def test_svg_with_script_is_rejected(tmp_path: Path, svg: str, needle: str) -> None:
    path = tmp_path / "figure.svg"
    path.write_text(svg)
    (problem,) = validate_svg(path)
    assert problem.line == line_of(path, needle) and "unsafe SVG content" in problem.message


def test_every_real_page_and_svg_passes() -> None:
    problems = validate()
    assert not problems, "\n".join(map(str, problems))


def test_command_line_reports_and_exits_non_zero(write_case) -> None:
    path = write_case(insert_after(INTRO, "\n<script>alert(1)</script>\n"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_content.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"demo.md:{line_of(path, '<script>')}: element <script> is not allowed" in result.stdout


IGNORED = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".cache")


@pytest.mark.xdist_group("build")
def test_scaffolded_case_study_validates_and_builds(tmp_path: Path) -> None:
    """``new_case_study.py`` writes a page, mini-system and test that pass as they are."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    if (ROOT / ".cache" / "mkdocs-jupyter").is_dir():  # executed labs: skip re-running them
        shutil.copytree(ROOT / ".cache" / "mkdocs-jupyter", copy / ".cache" / "mkdocs-jupyter")
    scaffold = [sys.executable, str(copy / "scripts" / "new_case_study.py"), "hotel-search"]
    args = ["--title", "Hotel search", "--domain", "search", "--problem-type", "ranking"]
    result = subprocess.run([*scaffold, *args], cwd=copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    page = copy / "docs" / "case-studies" / "hotel-search.md"
    assert '"Hotel search": case-studies/hotel-search.md' in (copy / "mkdocs.yml").read_text()
    assert (copy / "docs/generated/case-studies/hotel-search/mini_system/summary.txt").is_file()
    check = subprocess.run(
        [sys.executable, str(copy / "scripts" / "validate_content.py"), str(page)],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            str(copy / "tests" / "case_studies" / "test_hotel_search.py"),
        ],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    build = build_site(tmp_path / "site", config=copy / "mkdocs.yml", cwd=copy)
    assert build.returncode == 0, build.stderr[-3000:]
    assert (tmp_path / "site" / "case-studies" / "hotel-search" / "index.html").is_file()
    catalogue = (tmp_path / "site" / "case-studies" / "index.html").read_text()
    assert 'href="hotel-search/"' in catalogue
    again = subprocess.run([*scaffold, *args], cwd=copy, capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr
