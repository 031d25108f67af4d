"""The site tooling: diagrams, hooks, snippet includes and content errors."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from guidekit import DOCS, ROOT, SNIPPETS, ContentError, diagrams, hooks, relative
from guidekit.concepts import load_concepts
from guidekit.diagrams import RENDER_CONFIG, diagram_key, find_diagrams, svg_path
from guidekit.snippetrefs import (
    HELPER_PACKAGE,
    Include,
    check_include,
    find_includes,
    home_page,
    sections,
    snippet_files,
)

GUIDE_PAGE = DOCS / "how-this-guide-works.md"
SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="(?P<w>[\d.]+)"[^>]*\bheight="(?P<h>[\d.]+)"')


# --- ContentError -----------------------------------------------------------------------


def test_content_error_inside_repo_is_relative_to_root() -> None:
    error = ContentError(ROOT / "docs" / "page.md", 12, "something is wrong")
    assert str(error) == "docs/page.md:12: something is wrong"
    assert (error.path, error.line, error.message) == (
        ROOT / "docs" / "page.md",
        12,
        "something is wrong",
    )


def test_content_error_outside_repo_keeps_path(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    assert str(ContentError(path, 3, "bad")) == f"{path}:3: bad"
    assert relative(str(SNIPPETS / "mlsd" / "data.py")) == "snippets/mlsd/data.py"


# --- diagrams ---------------------------------------------------------------------------

BACKTICK_PAGE = """\
# Title

Some text.

```mermaid
flowchart LR
    accTitle: Backtick diagram
    A --> B
```

```python
print("not a diagram")
```
"""

TILDE_PAGE = """\
Intro

~~~mermaid
sequenceDiagram
  accTitle:   Tilde diagram
  A->>B: hi
~~~
"""

TAB_PAGE = """\
=== "Diagram"

    ```mermaid
    flowchart LR
        accTitle: Tabbed
        A --> B
    ```

=== "Text"

    Nothing.
"""


def test_find_diagrams_backtick_fence() -> None:
    [diagram] = find_diagrams(BACKTICK_PAGE, "page.md")
    assert diagram.line == 5
    assert diagram.title == "Backtick diagram"
    assert diagram.source == "flowchart LR\n    accTitle: Backtick diagram\n    A --> B"
    block = BACKTICK_PAGE[diagram.start : diagram.end]
    assert block.startswith("```mermaid\n") and block.endswith("A --> B\n```")


def test_find_diagrams_tilde_fence() -> None:
    [diagram] = find_diagrams(TILDE_PAGE, "page.md")
    assert diagram.line == 3
    assert diagram.title == "Tilde diagram"
    assert diagram.source.startswith("sequenceDiagram\n")
    assert TILDE_PAGE[diagram.end :] == "\n"


def test_find_diagrams_dedents_block_in_content_tab() -> None:
    [diagram] = find_diagrams(TAB_PAGE, "page.md")
    assert diagram.line == 3
    assert diagram.title == "Tabbed"
    assert diagram.source == "flowchart LR\n    accTitle: Tabbed\n    A --> B"
    unindented = "```mermaid\n" + diagram.source + "\n```\n"
    assert diagram.key == find_diagrams(unindented, "other.md")[0].key


def test_find_diagrams_several_blocks_in_order() -> None:
    page = BACKTICK_PAGE + "\n" + TILDE_PAGE
    found = find_diagrams(page, "page.md")
    assert [d.title for d in found] == ["Backtick diagram", "Tilde diagram"]
    assert [d.line for d in found] == [5, 17]


def test_find_diagrams_ignores_other_fences() -> None:
    page = "```python\nx = 1\n```\n\n~~~text\nmermaid\n~~~\n\n```mermaidx\nA\n```\n"
    assert find_diagrams(page, "page.md") == []


def test_find_diagrams_requires_acc_title() -> None:
    page = "# T\n\nText\n\n```mermaid\nflowchart LR\n    A --> B\n```\n"
    with pytest.raises(ContentError) as error:
        find_diagrams(page, DOCS / "some" / "page.md")
    message = str(error.value)
    assert message.startswith("docs/some/page.md:5:")
    assert "accTitle" in message
    assert error.value.line == 5


def test_find_diagrams_ignores_mermaid_example_inside_longer_fence() -> None:
    page = "````markdown\n```mermaid\nflowchart LR\n    accTitle: Example\n    A --> B\n```\n````\n"
    assert find_diagrams(page, "page.md") == []


def test_diagram_key_is_stable_and_content_addressed() -> None:
    source = "flowchart LR\n    accTitle: T\n    A --> B"
    key = diagram_key(source)
    assert re.fullmatch(r"[0-9a-f]{16}", key)
    assert diagram_key(source) == key
    assert diagram_key(f"\n\n  {source}\n  \n") == key
    assert diagram_key(source.replace("B", "C")) != key
    assert diagram_key(source.replace("    A", "  A")) != key


def test_diagram_key_depends_on_mermaid_version_and_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "flowchart LR\n    accTitle: T\n    A --> B"
    key = diagram_key(source)
    monkeypatch.setattr(diagrams, "mermaid_version", lambda: "0.0.0-test")
    assert diagram_key(source) != key
    monkeypatch.undo()
    assert diagram_key(source) == key
    monkeypatch.setitem(RENDER_CONFIG["dark"], "theme", "forest")
    assert diagram_key(source) != key


# --- hooks: diagrams --------------------------------------------------------------------


def svg_size(key: str, theme: str) -> tuple[str, str]:
    match = SVG_SIZE.search(svg_path(key, theme).read_text(encoding="utf-8"))
    assert match, f"no width/height in {svg_path(key, theme)}"
    return match["w"], match["h"]


def test_replace_diagrams_uses_committed_svgs() -> None:
    text = GUIDE_PAGE.read_text(encoding="utf-8")
    [diagram] = find_diagrams(text, GUIDE_PAGE)
    out = hooks.replace_diagrams(text, GUIDE_PAGE, "how-this-guide-works.md")
    assert "```mermaid" not in out
    assert "accTitle" not in out
    for theme in ("light", "dark"):
        w, h = svg_size(diagram.key, theme)
        image = (
            f"![{diagram.title}](assets/diagrams/{diagram.key}-{theme}.svg#only-{theme})"
            f'{{ width="{w}" height="{h}" }}'
        )
        assert image in out.splitlines()
    assert '<figure class="mlsd-diagram" markdown="span">' in out
    # Only the block changes.
    assert out[: diagram.start] == text[: diagram.start]
    assert out.endswith(text[diagram.end :])


def test_replace_diagrams_links_relative_to_nested_page() -> None:
    text = GUIDE_PAGE.read_text(encoding="utf-8")
    [diagram] = find_diagrams(text, GUIDE_PAGE)
    out = hooks.replace_diagrams(text, GUIDE_PAGE, "part/chapter/page.md")
    assert f"](../../assets/diagrams/{diagram.key}-light.svg#only-light)" in out
    assert f"](../../assets/diagrams/{diagram.key}-dark.svg#only-dark)" in out


def test_replace_diagrams_keeps_tab_indentation() -> None:
    [diagram] = find_diagrams(GUIDE_PAGE.read_text(encoding="utf-8"), GUIDE_PAGE)
    body = "\n".join("    " + row if row else row for row in diagram.source.splitlines())
    page = f'=== "Diagram"\n\n    ```mermaid\n{body}\n    ```\n\n=== "Other"\n\n    Text.\n'
    out = hooks.replace_diagrams(page, Path("tab.md"), "tab.md")
    lines = out.splitlines()
    assert lines[2] == '    <figure class="mlsd-diagram" markdown="span">'
    assert lines[3].startswith(f"    ![{diagram.title}](assets/diagrams/{diagram.key}-light.svg")
    assert lines[4].startswith(f"    ![{diagram.title}](assets/diagrams/{diagram.key}-dark.svg")
    assert lines[5] == "    </figure>"
    assert lines[6:] == ["", '=== "Other"', "", "    Text."]


def test_replace_diagrams_edited_diagram_needs_make_diagrams() -> None:
    text = GUIDE_PAGE.read_text(encoding="utf-8")
    label = "[snippet under snippets/]"
    assert label in text
    edited = text.replace(label, "[a snippet in snippets/]")
    line = text[: text.index("```mermaid")].count("\n") + 1
    with pytest.raises(ContentError) as error:
        hooks.replace_diagrams(edited, GUIDE_PAGE, "how-this-guide-works.md")
    message = str(error.value)
    assert message.startswith(f"docs/how-this-guide-works.md:{line}:")
    assert "make diagrams" in message
    assert diagram_key(find_diagrams(edited, GUIDE_PAGE)[0].source) in message


@pytest.fixture
def fake_diagram_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the hooks at an empty ``docs/assets/diagrams`` under ``tmp_path``."""
    directory = tmp_path / "docs" / "assets" / "diagrams"
    directory.mkdir(parents=True)
    monkeypatch.setattr(hooks, "DIAGRAM_DIR", directory)
    monkeypatch.setattr(hooks, "svg_path", lambda key, theme: directory / f"{key}-{theme}.svg")
    return directory


def test_replace_diagrams_escapes_alt_text_and_tolerates_missing_size(
    fake_diagram_dir: Path,
) -> None:
    page = "```mermaid\nflowchart LR\n    accTitle: A [b] \\\\ c\n    A --> B\n```\n"
    [diagram] = find_diagrams(page, "x.md")
    for theme in ("light", "dark"):
        (fake_diagram_dir / f"{diagram.key}-{theme}.svg").write_text("<svg></svg>")
    out = hooks.replace_diagrams(page, Path("x.md"), "x.md")
    assert out.splitlines()[1:3] == [
        rf"![A \[b\] \\\\ c](assets/diagrams/{diagram.key}-light.svg#only-light){{ }}",
        rf"![A \[b\] \\\\ c](assets/diagrams/{diagram.key}-dark.svg#only-dark){{ }}",
    ]


def test_replace_diagrams_names_missing_theme(fake_diagram_dir: Path) -> None:
    page = "Intro\n\n```mermaid\nflowchart LR\n    accTitle: T\n    A --> B\n```\n"
    [diagram] = find_diagrams(page, "x.md")
    (fake_diagram_dir / f"{diagram.key}-light.svg").write_text('<svg width="1" height="2">')
    with pytest.raises(ContentError, match=rf":3: diagram {diagram.key} has no dark SVG"):
        hooks.replace_diagrams(page, DOCS / "x.md", "x.md")


# --- hooks: concepts --------------------------------------------------------------------


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch):
    """Run ``on_config`` on the real docs, restoring the hooks' concept list afterwards."""
    monkeypatch.setattr(hooks, "_concepts", [])
    config = SimpleNamespace(docs_dir=str(DOCS), mdx_configs={})
    assert hooks.on_config(config) is config
    return load_concepts()


def test_glossary_lists_every_concept_sorted_with_links(configured) -> None:
    glossary = hooks.glossary_markdown("glossary.md")
    names = re.findall(r"^\*\*(.+?)\*\*", glossary, re.MULTILINE)
    assert sorted(names) == sorted(c.name for c in configured)
    assert names == sorted(names, key=str.casefold)
    for concept in configured:
        link = re.search(
            rf"\[Where the guide defines {re.escape(concept.name)}\]\((?P<href>[^)]+)\)",
            glossary,
        )
        assert link, concept.name
        assert link["href"].endswith(f"#{concept.anchor}")
        assert link["href"] == concept.home
        assert f":   {concept.definition}" in glossary
    headings = re.findall(r"^## (.+)$", glossary, re.MULTILINE)
    assert headings == sorted(set(headings)) and headings
    assert "**Click-through rate** (CTR)" in glossary


def test_glossary_links_relative_to_its_page(configured) -> None:
    glossary = hooks.glossary_markdown("reference/glossary.md")
    for concept in configured:
        assert f"](../{concept.home})" in glossary


def test_abbreviations_from_concept_file(configured) -> None:
    abbreviations = hooks.abbreviations()
    assert "*[CTR]: Click-through rate" in abbreviations.splitlines()
    rows = [row for row in abbreviations.splitlines() if row]
    assert len(rows) == sum(1 for c in configured if c.abbr)
    assert abbreviations.startswith("\n\n") and abbreviations.endswith("\n")
    # on_config hands the same list to pymdownx.snippets, which appends it everywhere
    assert hooks.ABBREVIATIONS_FILE.read_text(encoding="utf-8") == abbreviations


def test_abbreviations_empty_without_concepts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_concepts", [])
    assert hooks.abbreviations() == ""


def test_on_config_reports_bad_concept_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(hooks, "_concepts", [])
    (tmp_path / "concepts.yml").write_text("- name: X\n  definition: d\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"concepts\.yml:1: concept is missing home"):
        hooks.on_config(SimpleNamespace(docs_dir=str(tmp_path), mdx_configs={}))


def page_for(src_uri: str, abs_src_path: Path | None = None) -> SimpleNamespace:
    file = SimpleNamespace(src_uri=src_uri, abs_src_path=str(abs_src_path or DOCS / src_uri))
    return SimpleNamespace(file=file, meta={})


def test_on_page_markdown_fills_glossary_marker(configured) -> None:
    page = page_for("glossary.md")
    out = hooks.on_page_markdown(f"# Glossary\n\n{hooks.GLOSSARY_MARKER}\n", page, None, None)
    assert hooks.GLOSSARY_MARKER not in out
    assert "**Click-through rate** (CTR)" in out
    assert "*[CTR]" not in out  # tooltips come from pymdownx.snippets' auto_append


def test_on_page_markdown_glossary_without_marker_fails(configured) -> None:
    with pytest.raises(PluginError, match=r"glossary\.md:1: .*marker"):
        hooks.on_page_markdown("# Glossary\n", page_for("glossary.md"), None, None)


def test_on_page_markdown_reports_diagram_error_as_plugin_error(configured) -> None:
    page = page_for("p.md", DOCS / "p.md")
    text = "Text\n\n```mermaid\nflowchart LR\n    A --> B\n```\n"
    with pytest.raises(PluginError, match=r"^docs/p\.md:3: .*accTitle"):
        hooks.on_page_markdown(text, page, None, None)


# --- hooks: HTML ------------------------------------------------------------------------


def test_on_page_content_excludes_code_from_search() -> None:
    page = page_for("x.md")
    html = (
        '<div class="language-python highlight"><pre>x</pre></div>\n'
        '<div class="jp-Cell"><div class="jp-InputArea jp-Cell-inputArea">in</div>'
        '<div class="jp-OutputArea">out</div></div>\n'
        '<div class="highlight-ipynb"><pre>y</pre></div>\n'
        '<div class="admonition note"><p>keep</p></div>\n'
        '<div class="highlighttable">t</div>\n'
    )
    out = hooks.on_page_content(html, page, None, None)
    lines = out.splitlines()
    assert lines[0].startswith('<div class="language-python highlight" data-search-exclude>')
    assert '<div class="jp-InputArea jp-Cell-inputArea" data-search-exclude>' in lines[1]
    assert '<div class="jp-Cell"><div' in lines[1]
    assert '<div class="jp-OutputArea">out' in lines[1]
    assert lines[2].startswith('<div class="highlight-ipynb" tabindex="0"')
    assert lines[2].count("tabindex") == 1
    assert lines[3] == '<div class="admonition note"><p>keep</p></div>'
    assert lines[4] == '<div class="highlighttable">t</div>'
    assert page.meta == {}


def test_on_page_content_boosts_labs_down() -> None:
    lab = page_for("labs/x.py")
    hooks.on_page_content("<p>x</p>", lab, None, None)
    assert lab.meta == {"search": {"boost": 0.5}}
    markdown_lab = page_for("labs/x.md")
    hooks.on_page_content("<p>x</p>", markdown_lab, None, None)
    assert markdown_lab.meta == {}
    explicit = page_for("labs/y.py")
    explicit.meta = {"search": {"boost": 2}}
    hooks.on_page_content("<p>x</p>", explicit, None, None)
    assert explicit.meta == {"search": {"boost": 2}}


def test_on_post_page_removes_offsite_scripts_only() -> None:
    html = (
        "<head>\n"
        '<script src="https://cdn.example/x.js"></script>\n'
        '<script src="//cdn.example/y.js"></script>\n'
        '<script type="text/javascript" src="http://cdn.example/z.js" async>  </script>\n'
        '<script src="../assets/javascripts/math.js"></script>\n'
        "<script>var local = 1;</script>\n"
        "</head>"
    )
    out = hooks.on_post_page(html, None, None)
    assert "cdn.example" not in out
    assert '<script src="../assets/javascripts/math.js"></script>' in out
    assert "<script>var local = 1;</script>" in out
    assert out.count("<script") == 2


# --- snippet includes -------------------------------------------------------------------


def test_find_includes_parses_targets_sections_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n"
        '--8<-- "a/b.py:sec"\n'
        "\n"
        "--8<-- 'c.md'\n"
        "```python\n"
        '    --8<-- "d/e.py:part-2"\n'
        "```\n"
        "# --8<-- [start:sec]\n"
        'text mentioning --8<-- "f.py" mid-line\n'
        ';--8<-- "g.py"\n',
        encoding="utf-8",
    )
    assert find_includes(page) == [
        Include(page, 2, "a/b.py", "sec"),
        Include(page, 4, "c.md", None),
        Include(page, 6, "d/e.py", "part-2"),
    ]


def test_include_resolve_and_check(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    good = Include(page, 1, "how-this-guide-works/baseline.py", "claim")
    assert good.resolve() == (SNIPPETS / "how-this-guide-works" / "baseline.py").resolve()
    check_include(good)
    assert Include(page, 1, "pyproject.toml", None).resolve() == ROOT / "pyproject.toml"
    missing = Include(page, 7, "nowhere/none.py", None)
    assert missing.resolve() is None
    with pytest.raises(ContentError, match=r"page\.md:7: included file 'nowhere/none.py'"):
        check_include(missing)
    with pytest.raises(ContentError, match=r":3: section 'nope' not found .*claim"):
        check_include(Include(page, 3, "how-this-guide-works/baseline.py", "nope"))


def test_sections_returns_names(tmp_path: Path) -> None:
    snippet = tmp_path / "s.py"
    snippet.write_text(
        "# --8<-- [start:setup]\nx = 1\n# --8<-- [end:setup]\n"
        "# --8<-- [start:claim-2]\ny = 2\n# --8<-- [end:claim-2]\n",
        encoding="utf-8",
    )
    assert sections(snippet) == {"setup", "claim-2"}
    assert {"data", "models", "claim"} <= sections(SNIPPETS / "how-this-guide-works/baseline.py")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x\n# --8<-- [start:a]\ny\n", r":2: section 'a' is started but never ended"),
        ("x\ny\n# --8<-- [end:b]\n", r":3: section 'b' is ended but never started"),
    ],
)
def test_sections_reports_unbalanced_markers(tmp_path: Path, text: str, message: str) -> None:
    snippet = tmp_path / "s.py"
    snippet.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        sections(snippet)


def test_home_page_maps_snippet_folder_to_page() -> None:
    assert home_page(SNIPPETS / "x" / "y" / "z.py") == DOCS / "x" / "y.md"
    assert home_page(SNIPPETS / "page" / "topic.py") == DOCS / "page.md"
    baseline = SNIPPETS / "how-this-guide-works" / "baseline.py"
    assert home_page(baseline) == GUIDE_PAGE


def test_snippet_files_excludes_helper_package() -> None:
    files = snippet_files()
    assert SNIPPETS / "how-this-guide-works" / "baseline.py" in files
    assert all(HELPER_PACKAGE not in path.parents for path in files)
    assert all(path.suffix == ".py" and "__pycache__" not in path.parts for path in files)
    assert files == sorted(files)
    assert (HELPER_PACKAGE / "claims.py").is_file()  # the exclusion is not vacuous
