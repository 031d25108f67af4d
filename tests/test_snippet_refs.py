"""Pages include only what exists, every snippet is shown by its page, and every
generated output is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guidekit import DOCS, ContentError, relative
from guidekit.snippetrefs import check_include, find_includes, home_page, pages, snippet_files

IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s#]+)")


def selected_pages(page_filter: Path | None) -> list[Path]:
    return [p for p in pages() if page_filter is None or p == page_filter]


def test_every_include_resolves(page_filter: Path | None) -> None:
    problems = []
    for page in selected_pages(page_filter):
        for include in find_includes(page):
            try:
                check_include(include)
            except ContentError as error:
                problems.append(str(error))
    assert not problems, "\n".join(problems)


def test_every_snippet_is_shown_by_its_page(page_filter: Path | None) -> None:
    problems = []
    for snippet in snippet_files():
        page = home_page(snippet)
        if page_filter is not None and page != page_filter:
            continue
        if not page.is_file():
            problems.append(
                f"{relative(snippet)}:1: its page {relative(page)} does not exist "
                "(snippets/x/y/z.py belongs to docs/x/y.md)"
            )
            continue
        included = {inc.resolve() for inc in find_includes(page)}
        if snippet.resolve() not in included:
            problems.append(f"{relative(snippet)}:1: not included by {relative(page)}")
    assert not problems, "\n".join(problems)


def test_every_generated_output_is_used() -> None:
    used: set[Path] = set()
    for page in pages():
        used |= {inc.resolve() for inc in find_includes(page) if inc.resolve()}
        text = page.read_text(encoding="utf-8")
        used |= {(page.parent / m["src"]).resolve() for m in IMAGE.finditer(text)}
    generated = sorted(p.resolve() for p in (DOCS / "generated").rglob("*") if p.is_file())
    unused = [relative(p) for p in generated if p not in used]
    assert not unused, "generated but shown by no page:\n" + "\n".join(unused)


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ('--8<-- "no/such/file.py:x"\n', "page.md:1: included file 'no/such/file.py' not found"),
        (
            'text\n\n--8<-- "how-this-guide-works/baseline.py:nope"\n',
            "page.md:3: section 'nope' not found in how-this-guide-works/baseline.py",
        ),
    ],
)
def test_bad_include_is_reported_with_page_and_line(
    tmp_path: Path, markdown: str, message: str
) -> None:
    page = tmp_path / "page.md"
    page.write_text(markdown)
    (include,) = find_includes(page)
    with pytest.raises(ContentError) as error:
        check_include(include)
    assert str(error.value).endswith(message.split(":", 2)[2]) or message in str(error.value)
    assert f"{page}:{message.split(':')[1]}:" in str(error.value)


def test_unbalanced_section_is_reported(tmp_path: Path) -> None:
    snippet = tmp_path / "x.py"
    snippet.write_text("# --8<-- [start:a]\nx = 1\n")
    page = tmp_path / "page.md"
    page.write_text(f'--8<-- "{snippet}:a"\n')
    (include,) = find_includes(page)
    with pytest.raises(ContentError, match=r"x\.py:1: section 'a' is started but never ended"):
        check_include(include)


def test_every_image_has_alt_text(page_filter: Path | None) -> None:
    problems = []
    for page in selected_pages(page_filter):
        for number, row in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for match in IMAGE.finditer(row):
                if len(match["alt"].strip()) < 10:
                    problems.append(
                        f"{relative(page)}:{number}: image {match['src']} needs alt text that "
                        "says what it shows"
                    )
    assert not problems, "\n".join(problems)
