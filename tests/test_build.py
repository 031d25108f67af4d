"""The strict build's gates work, ProperDocs builds the same site, and the built site
references no third-party host."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from guidekit.diagrams import DIAGRAM_DIR, all_diagrams
from serve_site import site_url

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')
SITE_HOST = urlsplit(site_url()).netloc


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


@pytest.mark.xdist_group("build")
def test_properdocs_builds_the_same_site(site_dir: Path, tmp_path: Path) -> None:
    """ProperDocs, the maintained continuation of MkDocs 1.x, is the exit if 1.x breaks."""
    result = build_site(tmp_path / "site", command="properdocs")
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr}"
    ours = {p.relative_to(site_dir) for p in html_pages(site_dir)}
    theirs = {p.relative_to(tmp_path / "site") for p in html_pages(tmp_path / "site")}
    assert ours == theirs
    for page in sorted(ours):
        a = GENERATOR.sub("", (site_dir / page).read_text())
        b = GENERATOR.sub("", (tmp_path / "site" / page).read_text())
        assert a == b, f"{page} differs between MkDocs and ProperDocs"


def test_no_third_party_resources(site_dir: Path) -> None:
    """Scripts, styles, images, fonts and frames all come from the site itself."""
    offenders = []
    for page in html_pages(site_dir):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "embed", "object"]):
            if tag.name == "link" and not {"stylesheet", "preload", "modulepreload", "icon"} & set(
                tag.get("rel", [])
            ):
                continue
            url = tag.get("src") or tag.get("href") or tag.get("data") or ""
            host = urlsplit(url).netloc
            if host and host != SITE_HOST:
                offenders.append(f"{page.relative_to(site_dir)}: <{tag.name}> {url}")
    for css in site_dir.rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?:)?//[^)]+\)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(site_dir)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_search_index_leaves_out_code_and_noise(site_dir: Path) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    assert "negative control" in text.lower()
    for noise in ("def evaluate(", "make_pipeline(", "Copied!", "In&nbsp;[", "In [1]"):
        assert noise not in text, f"search index contains {noise!r}"


def test_code_keeps_only_the_highlighting_readers_see(site_dir: Path) -> None:
    """Names, whitespace, operators and punctuation are plain text (``PLAIN_TOKEN``);
    keywords, strings, numbers and comments keep their coloured spans."""
    html = (site_dir / "framework" / "modeling" / "index.html").read_text(encoding="utf-8")
    plain = re.findall(r'<span class="(?:n|w|o|p)">', html)
    assert not plain, f"{len(plain)} plain-token spans left in code blocks"
    for kept in ("k", "mi", "s2", "c1"):
        assert f'<span class="{kept}">' in html, f"code lost its .{kept} highlighting"


def test_site_has_a_404_page(site_dir: Path) -> None:
    html = (site_dir / "404.html").read_text()
    assert "Page not found" in html


def test_every_diagram_svg_is_used() -> None:
    keys = set(all_diagrams())
    orphans = [p.name for p in DIAGRAM_DIR.glob("*.svg") if p.name.rsplit("-", 1)[0] not in keys]
    assert not orphans, f"SVGs no diagram uses (run `make diagrams`): {orphans}"


def _broken_copy(tmp_path: Path, edit) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    edit(docs)
    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    for watched in ("snippets", "scripts/guidekit", "overrides"):
        config = config.replace(f"\n  - {watched}\n", f"\n  - {ROOT / watched}\n")
    config = config.replace(
        "- scripts/guidekit/hooks.py", f"- {ROOT / 'scripts/guidekit/hooks.py'}"
    )
    config += f"\ndocs_dir: {docs}\n"
    path = tmp_path / "mkdocs.yml"
    path.write_text(config)
    return path


def _append(page: str, text: str):
    def edit(docs: Path) -> None:
        with (docs / page).open("a") as handle:
            handle.write(text)

    return edit


#: Link and nav defects surface only at the end of a full build, which reports every one
#: before it aborts: one copy carries all of them, and each case checks its own report.
BROKEN_LINKS = {
    "broken anchor": (
        _append("index.md", "\n[x](how-this-guide-works.md#no-such-anchor)\n"),
        "no-such-anchor",
    ),
    "unknown page": (_append("index.md", "\n[x](no-such-page.md)\n"), "no-such-page.md"),
    "page not in nav": (lambda docs: (docs / "orphan.md").write_text("# Orphan\n"), "orphan.md"),
}
#: Defects a hook rejects as soon as it reads the page: one quick build each.
BROKEN = {
    "edited diagram": (
        _append("index.md", "\n```mermaid\nflowchart LR\n  accTitle: New\n  A --> B\n```\n"),
        "index.md:",
    ),
    "diagram without alt text": (
        _append("index.md", "\n```mermaid\nflowchart LR\n  A --> B\n```\n"),
        "needs an 'accTitle: ...' line",
    ),
    "missing snippet": (_append("index.md", '\n--8<-- "no/such.py:x"\n'), "no/such.py"),
    "technique as a tag": (
        lambda docs: (docs / "how-this-guide-works.md").write_text(
            (docs / "how-this-guide-works.md").read_text().replace("  - beginner", "  - two-tower")
        ),
        "two-tower",
    ),
}


@pytest.fixture(scope="module")
def broken_links_build(tmp_path_factory: pytest.TempPathFactory):
    tmp_path = tmp_path_factory.mktemp("broken-links")

    def edit(docs: Path) -> None:
        for each, _ in BROKEN_LINKS.values():
            each(docs)

    return build_site(tmp_path / "site", config=_broken_copy(tmp_path, edit))


@pytest.mark.xdist_group("build")
@pytest.mark.parametrize("case", BROKEN_LINKS, ids=list(BROKEN_LINKS))
def test_strict_build_rejects_broken_links(case: str, broken_links_build) -> None:
    assert broken_links_build.returncode != 0, "strict build accepted broken links"
    expected = BROKEN_LINKS[case][1]
    # A record runs from its level name to the next one (the nav warning lists its pages
    # on the lines that follow).
    records = re.split(r"^(?=[A-Z]+ +- )", broken_links_build.stderr, flags=re.M)
    warnings = [r for r in records if r.startswith("WARNING") and expected in r]
    assert warnings, (
        f"the strict build did not report the {case} ({expected!r}):\n"
        + broken_links_build.stderr[-3000:]
    )


@pytest.mark.xdist_group("build")
@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_strict_build_rejects(case: str, tmp_path: Path) -> None:
    edit, expected = BROKEN[case]
    config = _broken_copy(tmp_path, edit)
    result = build_site(tmp_path / "site", config=config)
    assert result.returncode != 0, f"strict build accepted a {case}"
    assert expected in result.stderr, result.stderr[-3000:]
