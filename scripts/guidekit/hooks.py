"""MkDocs hooks that wire the guide's single sources into every build.

- The concept file becomes the glossary (at the ``<!-- glossary -->`` marker) and the
  abbreviation tooltips appended to every page.
- The case studies' front matter becomes the catalogue (at ``<!-- case-study-catalogue -->``).
- Practice mode gets its data (``practice/data.json``), its prompt bank and cheat sheets.
- Mermaid blocks become their pre-rendered light and dark SVGs.
- Code blocks and notebook inputs are kept out of the search index.
- Scripts that notebooks would load from third-party hosts are removed.

Every content problem stops the build with ``path:line: message``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from guidekit import ROOT, ContentError, practice
from guidekit.casestudies import CaseStudy, case_study_pages, is_case_study, load_case_study
from guidekit.concepts import Concept, concept_index, load_concepts
from guidekit.diagrams import DIAGRAM_DIR, THEMES, find_diagrams, svg_path

GLOSSARY_MARKER = "<!-- glossary -->"
CATALOGUE_MARKER = "<!-- case-study-catalogue -->"
CATALOGUE_PAGE = "case-studies/index.md"
CHEAT_SHEET_MARKER = re.compile(r"<!-- cheat-sheet: (?P<page>[\w./-]+\.md) -->")
PROMPT_BANK_MARKER = "<!-- prompt-bank -->"
RUBRIC_MARKER = "<!-- rubric -->"
#: The search index is part of the home page's weight budget: sections and pages that
#: nobody searches for, or that repeat what a defining section says, stay out of it.
UNSEARCHED_SECTIONS = ("Further reading",)
UNSEARCHED_CASE_STUDY_SECTIONS = ("Mini-system", "What each level adds", "45-minute plan")
UNSEARCHED_PAGES = re.compile(r"^(glossary\.md|reference/(?!index\.md)[\w-]+\.md)$")
PRACTICE_MARKER = re.compile(r"<!-- (?:cheat-sheet: |prompt-bank -->|rubric -->)")
#: Generated from the concept file on every build; never edited or committed.
ABBREVIATIONS_FILE = ROOT / ".cache" / "guidekit" / "abbreviations.md"
_concepts: list[Concept] = []

SVG_SIZE = re.compile(r'<svg[^>]*?\bwidth="(?P<w>[\d.]+)"[^>]*?\bheight="(?P<h>[\d.]+)"')
CODE_BLOCK = re.compile(r'<div class="(?P<cls>[^"]*\bhighlight\b[^"]*)"')
NOTEBOOK_NOISE = re.compile(
    r'<div class="(?P<cls>[^"]*\b'
    r'(?:jp-InputArea|jp-InputPrompt|jp-OutputPrompt|clipboard-copy-txt)\b[^"]*)"'
)
#: Material makes an overflowing code block focusable once it mounts the block, which
#: `content.lazy` defers until the block scrolls into view; the build makes every block
#: focusable from the start (Material drops the attribute again where nothing overflows).
HIGHLIGHTED_CODE = re.compile(r"<pre><span></span><code>")
NOTEBOOK_CODE = re.compile(r'<div class="(?P<cls>[^"]*\bhighlight-ipynb\b[^"]*)"')
NOTEBOOK_THEME = re.compile(
    r"<style[^>]*>\s*(?:@charset[^;]*;)?\s*\.jupyter-wrapper\s*\{\s*--.*?</style>", re.S
)
#: Pygments wraps every name, operator, punctuation mark and run of whitespace in a span of
#: its own. Names and whitespace already look like plain code; operators and punctuation
#: differ only by a lighter grey. As plain text they cost nothing, where the spans were
#: two thirds of a long chapter's elements, each styled and laid out by the browser while
#: Material's script measures the page (Lighthouse's total blocking time). Keywords,
#: strings, numbers, comments and function names keep their colours.
PLAIN_TOKEN = re.compile(r'<span class="(?:n|w|o|p)">([^<]*)</span>')
EAGER_IMAGE = re.compile(r"<img (?![^>]*\bloading=)")
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^":]+\.css)"\s*/?>')
RELATIVE_URL = re.compile(r"url\(\s*(?!['\"]?data:)")
#: Stylesheets up to this size are inlined: each separate file costs a render-blocking
#: round trip, about 300 ms on Lighthouse's simulated mobile network.
INLINE_CSS_BYTES = 16 * 1024
OFFSITE_SCRIPT = re.compile(r'<script[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>')


def on_config(config):
    global _concepts
    docs = Path(config.docs_dir)
    try:
        _concepts = load_concepts(docs / "concepts.yml", docs)
    except ContentError as error:
        raise PluginError(str(error)) from None
    # Tooltips: pymdownx.snippets appends the abbreviation list to every Markdown text it
    # converts, pages and the docstrings mkdocstrings renders alike.
    ABBREVIATIONS_FILE.parent.mkdir(parents=True, exist_ok=True)
    ABBREVIATIONS_FILE.write_text(abbreviations(), encoding="utf-8")
    config.mdx_configs.setdefault("pymdownx.snippets", {})["auto_append"] = [
        str(ABBREVIATIONS_FILE)
    ]
    return config


def on_page_markdown(markdown, page, config, files):
    source = Path(page.file.abs_src_path)
    try:
        markdown = replace_diagrams(markdown, source, page.file.src_uri)
    except ContentError as error:
        raise PluginError(str(error)) from None
    if page.file.src_uri == "glossary.md":
        if GLOSSARY_MARKER not in markdown:
            raise PluginError(f"docs/glossary.md:1: the page needs a {GLOSSARY_MARKER} marker")
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_markdown(page.file.src_uri))
    if page.file.src_uri == CATALOGUE_PAGE:
        if CATALOGUE_MARKER not in markdown:
            raise PluginError(
                f"docs/{CATALOGUE_PAGE}:1: the page needs a {CATALOGUE_MARKER} marker"
            )
        try:
            catalogue = catalogue_markdown(Path(config.docs_dir), page.file.src_uri)
        except ContentError as error:
            raise PluginError(str(error)) from None
        markdown = markdown.replace(CATALOGUE_MARKER, catalogue)
    sections = UNSEARCHED_SECTIONS
    if is_case_study(Path(page.file.abs_src_path)):
        sections += UNSEARCHED_CASE_STUDY_SECTIONS
    markdown = exclude_from_search(markdown, sections)
    if PRACTICE_MARKER.search(markdown):
        try:
            markdown = practice_markdown(markdown, Path(config.docs_dir), page.file.src_uri)
        except ContentError as error:
            raise PluginError(str(error)) from None
    return markdown


def exclude_from_search(markdown: str, headings: tuple[str, ...]) -> str:
    """Mark the ``##`` sections with these headings ``data-search-exclude``."""
    names = "|".join(re.escape(h) for h in headings)
    pattern = re.compile(rf"^(## +(?:{names}))[ \t]*(?:\{{(?P<attrs>[^}}]*)\}})?[ \t]*$", re.M)

    def mark(match: re.Match[str]) -> str:
        attrs = (match["attrs"] or "").strip()
        return f"{match[1]} {{ {attrs + ' ' if attrs else ''}data-search-exclude }}"

    return pattern.sub(mark, markdown)


def practice_markdown(markdown: str, docs: Path, page_uri: str) -> str:
    """Fill practice mode's markers: cheat sheets, the prompt bank, the rubric."""

    def sheet(match: re.Match[str]) -> str:
        chapter = docs / match["page"]
        if not chapter.is_file():
            raise ContentError(docs / page_uri, 1, f"cheat sheet of a missing page {match['page']}")
        return practice.cheat_sheet(chapter, page_uri, docs)

    markdown = CHEAT_SHEET_MARKER.sub(sheet, markdown)
    if PROMPT_BANK_MARKER in markdown:
        markdown = markdown.replace(PROMPT_BANK_MARKER, prompt_bank_markdown())
    if RUBRIC_MARKER in markdown:
        markdown = markdown.replace(RUBRIC_MARKER, rubric_markdown(page_uri))
    return markdown


def prompt_bank_markdown() -> str:
    """The drill bank as a list: each prompt, its domain, its hints folded away."""
    lines = []
    for prompt in practice.prompts():
        lines += [
            f"### {prompt['prompt']} {{ #{prompt['id']} }}",
            "",
            f"Domain: {prompt['domain']}. "
            f"[Drill it with the timer](drill.md?prompt={prompt['id']}).",
            "",
            '??? tip "Hints"',
            *[f"    - {hint}" for hint in prompt["hints"]],
            "",
        ]
    return "\n".join(lines)


def rubric_markdown(page_uri: str) -> str:
    """The self-scoring rubric as a table: what scores 1 to 4 look like for each signal."""
    rows = [
        "| Signal | 1 | 2 | 3 | 4 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for signal in practice.rubric():
        chapter = _relative(signal["url"].rstrip("/") + ".md", page_uri)
        rows.append(f"| [{signal['name']}]({chapter}) | " + " | ".join(signal["levels"]) + " |")
    return "\n".join(rows)


def on_page_content(html, page, config, files):
    # Labs repeat the terms of the pages they practise: rank the defining pages first.
    # (Set here, before the search plugin reads page.meta in on_page_context.)
    # Case studies apply concepts the foundations and framework pages define: same.
    is_lab = page.file.src_uri.startswith("labs/") and page.file.src_uri.endswith(".py")
    if is_lab or is_case_study(Path(page.file.abs_src_path)):
        page.meta.setdefault("search", {}).setdefault("boost", 0.5)
    # The glossary repeats each concept's definition, and the API pages are reference
    # material: both are a click away from the sections search finds.
    if UNSEARCHED_PAGES.match(page.file.src_uri):
        page.meta.setdefault("search", {})["exclude"] = True
    if is_lab:
        # mkdocs-jupyter inlines JupyterLab's whole theme (about 580 KB) into every lab;
        # extra.css styles the few elements a static notebook uses instead.
        html = NOTEBOOK_THEME.sub("", html)
    html = CODE_BLOCK.sub(r'<div class="\g<cls>" data-search-exclude', html)
    html = PLAIN_TOKEN.sub(r"\1", html)
    html = HIGHLIGHTED_CODE.sub('<pre><span></span><code tabindex="0">', html)
    html = NOTEBOOK_NOISE.sub(r'<div class="\g<cls>" data-search-exclude', html)
    # Images load when scrolled near: figures and diagrams then do not compete with the
    # render-blocking stylesheet, and the hidden light or dark variant is never fetched.
    html = EAGER_IMAGE.sub('<img loading="lazy" decoding="async" ', html)
    # Notebook code cells scroll sideways: make them reachable by keyboard, as Material
    # does for its own code blocks.
    return NOTEBOOK_CODE.sub(r'<div class="\g<cls>" tabindex="0"', html)


def on_post_page(output, page, config):
    # Notebook templates reference MathJax, Mermaid and RequireJS on CDNs; the site
    # serves its own KaTeX and pre-rendered diagrams instead.
    return OFFSITE_SCRIPT.sub("", output)


def on_post_build(config):
    write_practice_data(Path(config.docs_dir), Path(config.site_dir))
    inline_small_stylesheets(Path(config.site_dir))


def write_practice_data(docs: Path, site_dir: Path) -> None:
    """Everything the practice pages need, in one file the browser fetches on demand."""
    import json

    try:
        data = {
            "plan": practice.plan(),
            "signals": practice.rubric(),
            "cases": practice.case_studies(docs),
            "prompts": practice.prompts(),
            "cards": practice.cards(_concepts, docs),
        }
    except ContentError as error:
        raise PluginError(str(error)) from None
    target = site_dir / "practice" / "data.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def inline_small_stylesheets(site_dir: Path) -> None:
    """Replace links to small local stylesheets with their content, page by page."""
    cache: dict[Path, str | None] = {}

    def css(path: Path) -> str | None:
        if path not in cache:
            text = path.read_text(encoding="utf-8") if path.is_file() else None
            small = text is not None and len(text.encode()) <= INLINE_CSS_BYTES
            cache[path] = text if small and not RELATIVE_URL.search(text) else None
        return cache[path]

    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")

        def inline(match: re.Match[str], page: Path = page) -> str:
            content = css((page.parent / match["href"]).resolve())
            return match[0] if content is None else f"<style>{content}</style>"

        new = STYLESHEET.sub(inline, html)
        if new != html:
            page.write_text(new, encoding="utf-8")


def _relative(target: str, page_uri: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_uri) or ".")


def replace_diagrams(markdown: str, source: Path, page_uri: str) -> str:
    """Swap each Mermaid block for its pre-rendered light and dark SVG images."""
    for diagram in reversed(find_diagrams(markdown, source)):
        images = []
        for theme in THEMES:
            path = svg_path(diagram.key, theme)
            if not path.is_file():
                raise ContentError(
                    source,
                    diagram.line,
                    f"diagram {diagram.key} has no {theme} SVG (run `make diagrams`)",
                )
            size = SVG_SIZE.search(path.read_text(encoding="utf-8")[:2000])
            dims = f' width="{size["w"]}" height="{size["h"]}"' if size else ""
            href = _relative(path.relative_to(DIAGRAM_DIR.parents[1]).as_posix(), page_uri)
            alt = re.sub(r"([\\\[\]])", r"\\\1", diagram.title)
            images.append(f"![{alt}]({href}#only-{theme}){{{dims} }}")
        block = markdown[diagram.start : diagram.end]
        indent = block[: len(block) - len(block.lstrip(" \t"))]
        html = f'{indent}<figure class="mlsd-diagram" markdown="span">\n'
        html += "".join(f"{indent}{image}\n" for image in images) + f"{indent}</figure>"
        markdown = markdown[: diagram.start] + html + markdown[diagram.end :]
    return markdown


def glossary_markdown(page_uri: str) -> str:
    """The glossary: every concept, alphabetically, linked to its defining section."""
    lines: list[str] = []
    letter = None
    for concept in sorted(_concepts, key=lambda c: c.name.casefold()):
        initial = concept.name[0].upper() if concept.name[0].isalpha() else "0-9"
        if initial != letter:
            letter = initial
            lines += [f"## {letter}", ""]
        name = f"**{concept.name}**" + (f" ({concept.abbr})" if concept.abbr else "")
        also = f" Also called: {', '.join(concept.synonyms)}." if concept.synonyms else ""
        link = f"[Where the guide defines {concept.name}]({_relative(concept.home, page_uri)})"
        lines += [name, f":   {concept.definition}{also} {link}", ""]
    return "\n".join(lines)


def abbreviations() -> str:
    """Abbreviation definitions for the ``abbr`` extension: tooltips on every page."""
    rows = [f"*[{c.abbr}]: {c.name}" for c in _concepts if c.abbr]
    return "\n\n" + "\n".join(rows) + "\n" if rows else ""


def resolve_techniques(study: CaseStudy) -> list[Concept]:
    """The concepts a case study names as its techniques, in its order.

    Raises:
        ContentError: For a name that is no concept, synonym or abbreviation.
    """
    index = concept_index(_concepts)
    resolved = []
    for name in study.techniques:
        concept = index.get(name.casefold())
        if concept is None:
            raise ContentError(
                study.path,
                study.lines.get("case_study.techniques", 1),
                f"unknown technique {name!r}: use a concept name, synonym or abbreviation "
                "from docs/concepts.yml (or add the concept there)",
            )
        resolved.append(concept)
    return resolved


def catalogue_markdown(docs_dir: Path, page_uri: str) -> str:
    """The case-study catalogue: a filterable table and a technique matrix."""
    studies = [load_case_study(path) for path in case_study_pages(docs_dir)]
    techniques = {study.slug: resolve_techniques(study) for study in studies}

    def link(concept: Concept) -> str:
        return f"[{concept.name}]({_relative(concept.home, page_uri)})"

    rows = [
        "| Case study | Domain | Problem type | Difficulty | Techniques |",
        "| --- | --- | --- | --- | --- |",
    ]
    for study in studies:
        used = ", ".join(link(c) for c in techniques[study.slug])
        page = _relative(study.src_uri, page_uri)
        rows.append(
            f"| [{study.title}]({page}) | {study.domain} | {study.problem_type} "
            f"| {study.difficulty} | {used} |"
        )
    all_techniques = sorted(
        {c.name: c for used in techniques.values() for c in used}.values(),
        key=lambda c: c.name.casefold(),
    )
    matrix = [
        "| Technique | " + " | ".join(s.title for s in studies) + " |",
        "| --- |" + " :-: |" * len(studies),
    ]
    for concept in all_techniques:
        marks = ["✓" if concept in techniques[s.slug] else "" for s in studies]
        matrix.append(f"| {link(concept)} | " + " | ".join(marks) + " |")
    return "\n".join(
        [
            '<div class="mlsd-catalogue" markdown>',
            "",
            *rows,
            "",
            "</div>",
            "",
            "### Techniques by case study { #technique-matrix }",
            "",
            *matrix,
            "",
        ]
    )
