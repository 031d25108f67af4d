"""The concept file is valid, every concept's home exists in the built site, and the
glossary and tooltips are generated from it."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from guidekit import DOCS, ContentError
from guidekit.concepts import load_concepts

CONCEPTS = load_concepts()


@functools.cache
def page_html(site_dir: Path, page: str) -> BeautifulSoup:
    """The built page of ``page``, parsed once per test worker (do not modify it)."""
    stem = page.removesuffix(".md").removesuffix(".py")
    path = site_dir / (
        "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"
    )
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_concept_file_has_concepts() -> None:
    assert len(CONCEPTS) >= 5


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c.name for c in CONCEPTS])
def test_concept_home_exists_in_built_site(
    concept, site_dir: Path, page_filter: Path | None
) -> None:
    if page_filter is not None and (DOCS / concept.page).resolve() != page_filter:
        pytest.skip("another page")
    soup = page_html(site_dir, concept.page)
    heading = soup.find(id=concept.anchor)
    assert heading is not None, (
        f"docs/concepts.yml:{concept.line}: anchor #{concept.anchor} not found in {concept.page}"
    )
    assert heading.name in {"h1", "h2", "h3", "h4"}, (
        f"docs/concepts.yml:{concept.line}: #{concept.anchor} is a <{heading.name}>, "
        "not a section heading"
    )


def test_glossary_lists_every_concept_with_its_home(site_dir: Path) -> None:
    soup = page_html(site_dir, "glossary.md")
    terms = {" ".join(dt.get_text().split()) for dt in soup.select("article dl dt")}
    links = {a["href"] for a in soup.select("article dl dd a")}
    for concept in CONCEPTS:
        label = concept.name + (f" ({concept.abbr})" if concept.abbr else "")
        assert label in terms, (
            f"docs/concepts.yml:{concept.line}: {label!r} missing from the glossary"
        )
        assert any(href.endswith(f"#{concept.anchor}") for href in links), concept.name


def test_abbreviations_get_tooltips_on_every_page(site_dir: Path) -> None:
    """Wherever prose uses a concept's abbreviation, the page explains it in a tooltip."""
    abbreviated = [c for c in CONCEPTS if c.abbr]
    checked, problems = 0, []
    for path in sorted(site_dir.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        if article is None:
            continue
        for code in article.select("code, pre, .highlight"):
            code.decompose()
        titles = {abbr.get_text(): abbr.get("title") for abbr in article.find_all("abbr")}
        text = " ".join(el.get_text(" ") for el in article.select("p, li, td"))
        for concept in abbreviated:
            if re.search(rf"(?<![\w-]){re.escape(concept.abbr)}(?![\w-])", text):
                checked += 1
                if titles.get(concept.abbr) != concept.name:
                    problems.append(f"{path.relative_to(site_dir)}: {concept.abbr} has no tooltip")
    assert checked, "no page uses an abbreviation: the check tests nothing"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: X\n  definition: d\n", "concepts.yml:1: concept is missing home"),
        (
            "- name: X\n  definition: d\n  home: nowhere.md#a\n",
            "home page docs/nowhere.md does not exist",
        ),
        ("- name: X\n  definition: d\n  home: index.md\n", "home must look like page.md#anchor"),
        (
            "- name: X\n  definition: d\n  home: index.md#a\n"
            "- name: Y\n  synonyms: [x]\n  definition: d\n  home: index.md#a\n",
            "concepts.yml:4: 'x' is already used on line 1",
        ),
        (
            "- name: X\n  definition: d\n  home: index.md#a\n  colour: red\n",
            "unknown key(s) colour",
        ),
        ("- name: X\n  definition: [d\n", "concepts.yml:3: invalid YAML"),
        ("- name: X\n  definition: d\n  home: glossary.md#x\n", "not the glossary"),
    ],
)
def test_malformed_concept_file_names_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "concepts.yml"
    path.write_text(text)
    with pytest.raises(ContentError) as error:
        load_concepts(path, DOCS)
    assert message in str(error.value)
