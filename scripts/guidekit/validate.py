"""Validate pages before they are published, above all case studies from outside contributors.

Each check returns problems as ``path:line: message``; nothing stops at the first one, so
a contributor sees everything to fix in one run. The checks:

- the file is UTF-8 and not oversized; its front matter parses;
- a case study has its ``case_study`` front matter (known domain, problem type, difficulty
  and techniques; an existing mini-system that the page shows), its required sections with
  enough prose, a features table, a diagram, pushback drills, follow-up questions and the
  three levels;
- every ``--8<--`` include names an existing file and section; every image has alt text;
- the page is safe to publish: it is rendered with the site's Markdown extensions and the
  HTML is checked against an allow-list of elements, attributes and URL schemes, so raw
  scripts, frames, inline event handlers (also from attribute lists) and ``javascript:``
  URLs (also entity-encoded) are caught; SVG files are checked for scripts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from guidekit import DOCS, ROOT, SNIPPETS, ContentError, relative
from guidekit.casestudies import (
    MIN_DRILLS,
    MIN_FEATURE_ROWS,
    MIN_FOLLOW_UPS,
    MIN_SECTION_WORDS,
    SECTIONS,
    CaseStudy,
    front_matter,
    is_case_study,
    load_case_study,
)
from guidekit.concepts import concept_index, load_concepts
from guidekit.prose import FENCE, Section, outline
from guidekit.snippetrefs import check_include, find_includes, pages

MAX_PAGE_BYTES = 150_000
MAX_IMAGE_BYTES = 1_000_000
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s#]+)")
MIN_ALT_CHARS = 10

#: Elements that may carry only `GLOBAL_ATTRS`.
_PLAIN_ELEMENTS = (
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "u",
    "ul",
)
#: Elements a page may contain, and the attributes each may carry beyond `GLOBAL_ATTRS`.
ALLOWED: dict[str, frozenset[str] | set[str]] = {
    **dict.fromkeys(_PLAIN_ELEMENTS, frozenset()),
    "a": {"href", "title", "rel", "name"},
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding"},
    "ol": {"start", "type"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align"},
    "col": {"span"},
    "details": {"open"},
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for"},
    "svg": {"viewbox", "xmlns", "width", "height", "fill", "aria-hidden", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
}
GLOBAL_ATTRS = {"class", "id", "title", "lang", "dir", "role", "tabindex", "markdown"}
SAFE_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
SAFE_INPUT_TYPES = {"radio", "checkbox"}
URL_ATTRS = {"href", "src"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
SVG_UNSAFE = re.compile(
    r"<\s*(script|foreignobject|iframe|embed|object)\b|\bon[a-z]+\s*=|javascript:|<!entity",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, at a file and line."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{relative(self.path)}:{self.line}: {self.message}"


def validate(paths: list[Path] | None = None) -> list[Problem]:
    """Check ``paths`` (by default every page and every SVG under ``docs/``)."""
    if paths is None:
        paths = pages() + svg_files()
    problems: list[Problem] = []
    for path in paths:
        problems += validate_svg(path) if path.suffix == ".svg" else validate_page(path)
    return sorted(set(problems))


def svg_files(docs_dir: Path = DOCS) -> list[Path]:
    """Every SVG under ``docs/`` but vendored third-party assets."""
    vendor = docs_dir / "assets" / "vendor"
    return sorted(p for p in docs_dir.rglob("*.svg") if vendor not in p.parents)


def read_text(path: Path, limit: int) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problems that stop it from being read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror}")]
    problems = []
    if len(data) > limit:
        problems.append(
            Problem(path, 1, f"file is {len(data):,} bytes; the limit is {limit:,} bytes")
        )
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(path, line, f"not UTF-8: byte {data[error.start]:#04x}"))
        return None, problems


def validate_svg(path: Path) -> list[Problem]:
    """An SVG opened on its own runs its scripts with the site's origin: allow none."""
    text, problems = read_text(path, MAX_IMAGE_BYTES)
    if text is None:
        return problems
    for match in SVG_UNSAFE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(
            Problem(
                path,
                line,
                f"unsafe SVG content {match[0].strip()!r}: no scripts, "
                "event handlers, javascript: URLs, entities or embedded HTML",
            )
        )
    return problems


def validate_page(path: Path) -> list[Problem]:
    """Every problem of one Markdown page."""
    path = path.resolve()
    text, problems = read_text(path, MAX_PAGE_BYTES)
    if text is None:
        return problems
    start = 1
    if text.startswith("---"):
        try:
            _, _, start = front_matter(path, text)
        except ContentError as error:
            return [*problems, Problem(error.path, error.line, error.message)]
    if is_case_study(path):
        problems += check_case_study(path, text, start)
    problems += check_includes(path)
    problems += check_images(path, text)
    problems += check_rendered_html(path, text, start)
    return problems


def check_includes(path: Path) -> list[Problem]:
    problems = []
    for include in find_includes(path):
        try:
            check_include(include)
        except ContentError as error:
            problems.append(Problem(error.path, error.line, error.message))
    return problems


def check_images(path: Path, text: str) -> list[Problem]:
    problems = []
    for number, row in enumerate(text.splitlines(), 1):
        for match in IMAGE.finditer(row):
            if len(match["alt"].strip()) < MIN_ALT_CHARS:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"image {match['src']} needs alt text that says "
                        f"what it shows (at least {MIN_ALT_CHARS} characters)",
                    )
                )
            src = match["src"]
            if src.startswith(("http://", "https://", "//")):
                problems.append(
                    Problem(
                        path,
                        number,
                        f"image {src} is not a local file: pages load nothing from other hosts",
                    )
                )
    return problems


# --- case studies ---------------------------------------------------------------------


def check_case_study(path: Path, text: str, start: int) -> list[Problem]:
    try:
        study = load_case_study(path)
    except ContentError as error:
        problems = [Problem(error.path, error.line, error.message)]
        study = None
    else:
        problems = check_case_study_meta(study, text)
    problems += check_sections(path, outline(text, start), start)
    return problems


def check_case_study_meta(study: CaseStudy, text: str) -> list[Problem]:
    problems = []
    path, lines = study.path, study.lines
    known = concept_index(_concepts())
    for name in study.techniques:
        if name.casefold() not in known:
            problems.append(
                Problem(
                    path,
                    lines["case_study.techniques"],
                    f"unknown technique {name!r}: "
                    "use a concept name, synonym or abbreviation from docs/concepts.yml",
                )
            )
    snippet = SNIPPETS / study.mini_system
    if not snippet.is_file():
        problems.append(
            Problem(
                path,
                lines["case_study.mini_system"],
                f"mini_system snippets/{study.mini_system} does not exist",
            )
        )
    elif not any(i.target == study.mini_system for i in find_includes(path)):
        problems.append(
            Problem(
                path,
                lines["case_study.mini_system"],
                f"the page never includes its "
                f'mini-system: add --8<-- "{study.mini_system}:SECTION" under Mini-system',
            )
        )
    from yaml import safe_load

    tags = (safe_load(text.split("---", 2)[1]) or {}).get("tags") or []
    for value in (study.domain, study.difficulty):
        if value not in tags:
            problems.append(
                Problem(
                    path,
                    lines.get("tags", lines["case_study"]),
                    f"tags must include the domain and the difficulty: add {value!r}",
                )
            )
    return problems


def check_sections(path: Path, found: list[Section], start: int) -> list[Problem]:
    problems = []
    level_two = [s for s in found if s.level == 2]
    by_text = {s.text.casefold(): s for s in level_two}
    previous = 0
    for position, (heading, anchor) in enumerate(SECTIONS):
        section = by_text.get(heading.casefold())
        if section is None:
            # Point at the next required section present: the new one goes just before it.
            following = [
                by_text[h.casefold()]
                for h, _ in SECTIONS[position + 1 :]
                if h.casefold() in by_text
            ]
            line = following[0].line if following else len(level_two) and level_two[-1].line
            problems.append(
                Problem(
                    path,
                    line or start,
                    f"missing required section "
                    f"'## {heading} {{ #{anchor} }}' (it goes before this line)",
                )
            )
            continue
        if section.anchor != anchor:
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"section {heading!r} needs the anchor "
                    f"{{ #{anchor} }} (found {section.anchor or 'none'})",
                )
            )
        if section.line < previous:
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"section {heading!r} is out of order: the template's order is the interview's",
                )
            )
        previous = max(previous, section.line)
        if section.words < MIN_SECTION_WORDS:
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"section {heading!r} has {section.words} words "
                    f"of prose; it needs at least {MIN_SECTION_WORDS}",
                )
            )
        check = SECTION_CHECKS.get(anchor)
        if check:
            problems += [Problem(path, line, message) for line, message in check(section, found)]
    return problems


def _features(section: Section, _: list[Section]) -> list[tuple[int, str]]:
    rows = [(n, r) for n, r in section.lines if r.strip().startswith("|")]
    if not rows:
        return [
            (
                section.line,
                f"the Features section needs a table of at least "
                f"{MIN_FEATURE_ROWS} features (Feature | Type | Transformation | Why)",
            )
        ]
    table, expected = [], rows[0][0]
    for number, row in rows:  # the first table: consecutive table lines
        if number != expected:
            break
        table.append(row)
        expected += 1
    data = [r for r in table[2:] if not re.fullmatch(r"[\s|:-]+", r)]
    problems = []
    header = [cell.strip().casefold() for cell in table[0].strip().strip("|").split("|")]
    for column in ("feature", "type", "transformation", "why"):
        if column not in header:
            problems.append((rows[0][0], f"the features table needs a {column.title()!r} column"))
    if len(data) < MIN_FEATURE_ROWS:
        problems.append(
            (
                rows[0][0],
                f"the features table has {len(data)} rows; it needs at least {MIN_FEATURE_ROWS}",
            )
        )
    return problems


def _architecture(section: Section, _: list[Section]) -> list[tuple[int, str]]:
    if any(re.match(r"^\s*(`{3,}|~{3,})\s*mermaid", r) for _, r in section.lines):
        return []
    return [
        (
            section.line,
            "the Architecture section needs a ```mermaid diagram of the "
            "serving funnel and data flow",
        )
    ]


def _drills(section: Section, found: list[Section]) -> list[tuple[int, str]]:
    drills = [
        s
        for s in found
        if s.level == 3
        and section.line < s.line
        and s.line <= (section.lines[-1][0] if section.lines else s.line)
    ]
    problems = []
    if len(drills) < MIN_DRILLS:
        problems.append(
            (
                section.line,
                f"{len(drills)} pushback drills; write at least "
                f"{MIN_DRILLS}, each a ### heading with the challenge",
            )
        )
    for drill in drills:
        body = "\n".join(r for _, r in drill.lines)
        for kind, name in (("failure", "weak"), ("success", "strong")):
            if not re.search(rf"^!!! {kind}\b", body, re.MULTILINE):
                problems.append(
                    (
                        drill.line,
                        f"drill {drill.text!r} needs a "
                        f'!!! {kind} "{name.title()} reply" admonition',
                    )
                )
    return problems


def _follow_ups(section: Section, _: list[Section]) -> list[tuple[int, str]]:
    count = sum(1 for _, r in section.lines if re.match(r"^\?\?\?\+? question\b", r))
    if count >= MIN_FOLLOW_UPS:
        return []
    return [
        (
            section.line,
            f"{count} follow-up questions; write at least {MIN_FOLLOW_UPS} "
            '??? question "..." blocks with model answers',
        )
    ]


def _levels(section: Section, _: list[Section]) -> list[tuple[int, str]]:
    body = " ".join(r for _, r in section.lines)
    missing = [level for level in ("E4", "E5", "E6") if not re.search(rf"\b{level}\b", body)]
    if not missing:
        return []
    return [(section.line, f"say what an {', '.join(missing)} answer adds")]


SECTION_CHECKS = {
    "features": _features,
    "architecture": _architecture,
    "pushback-drills": _drills,
    "follow-up-questions": _follow_ups,
    "what-each-level-adds": _levels,
}


@cache
def _concepts():
    return load_concepts()


# --- rendered HTML ----------------------------------------------------------------------


@cache
def _markdown_config() -> tuple[list, dict]:
    """The site's Markdown extensions and their settings, as ``mkdocs.yml`` sets them."""
    import logging

    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = {name: dict(value) for name, value in config.mdx_configs.items()}
    # Includes are checked above, by file and line; render without failing on them.
    snippets = configs.setdefault("pymdownx.snippets", {})
    snippets.update(check_paths=False, auto_append=[])
    snippets["base_path"] = [str(ROOT / p) for p in snippets.get("base_path", ["."])]
    return list(config.markdown_extensions), configs


@cache
def _converter():
    import markdown

    extensions, configs = _markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def render(text: str) -> str:
    """Render page Markdown to HTML with the site's extensions (without the site's hooks)."""
    converter = _converter()
    converter.reset()
    return converter.convert(text)


def normalized_url(value: str) -> str:
    """A URL as a browser reads it: entities decoded, whitespace and controls dropped."""
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).casefold()


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[str, str]] = []  # (message, token to locate in source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.findings.append((f"element <{tag}> is not allowed", f"<{tag}"))
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append((f"event handler {name}= on <{tag}> is not allowed", name))
            elif name == "style":
                if tag not in {"td", "th"} or not SAFE_STYLE.match(value):
                    self.findings.append((f"style={value!r} on <{tag}> is not allowed", "style"))
            elif name.startswith(("aria-", "data-")):
                continue
            elif name not in GLOBAL_ATTRS and name not in ALLOWED[tag]:
                self.findings.append((f"attribute {name}= on <{tag}> is not allowed", name))
            elif name == "type" and tag == "input" and value not in SAFE_INPUT_TYPES:
                self.findings.append((f"<input type={value!r}> is not allowed", "input"))
            elif name in URL_ATTRS:
                url = normalized_url(value)
                scheme = next((s for s in UNSAFE_SCHEMES if url.startswith(s)), None)
                if scheme:
                    self.findings.append(
                        (f"{scheme} URL in {name}= on <{tag}> is not allowed", scheme)
                    )

    handle_startendtag = handle_starttag


def check_rendered_html(path: Path, text: str, start: int) -> list[Problem]:
    body = "\n" * (start - 1) + "\n".join(text.splitlines()[start - 1 :])
    auditor = _Auditor()
    auditor.feed(render(body))
    auditor.close()
    problems = {
        Problem(path, locate(text, token, start), message) for message, token in auditor.findings
    }
    return sorted(problems)


def locate(text: str, token: str, start: int = 1) -> int:
    """The first line outside code fences whose decoded text contains ``token``.

    The HTML is checked after rendering, where source lines are gone; this finds the line
    that produced a finding, looking through entity encoding and case.
    """
    wanted = token.casefold()
    in_fence = False
    for number, row in enumerate(text.splitlines(), 1):
        if FENCE.match(row):
            in_fence = not in_fence
            continue
        if number < start or in_fence:
            continue
        if wanted in normalized_url(row) or wanted in html.unescape(row).casefold():
            return number
    return start
