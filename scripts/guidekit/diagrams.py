"""Mermaid diagrams, pre-rendered to SVG so that no page loads the 3.5 MB Mermaid bundle.

A page writes an ordinary fenced ``mermaid`` block with an ``accTitle:`` line, which
becomes the image's alt text. ``make diagrams`` renders every block in headless
Chromium, once with Mermaid's light theme and once with its dark theme, into
``docs/assets/diagrams/<key>-light.svg`` and ``-dark.svg``. The key hashes the block, the
Mermaid version and the render settings, so an edited block has no SVG until it is
rendered again, and the build says so with the page and line.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from guidekit import DOCS, ROOT, ContentError

DIAGRAM_DIR = DOCS / "assets" / "diagrams"
THEMES = ("light", "dark")

#: Settings passed to ``mermaid.initialize``; part of every diagram's key.
RENDER_CONFIG = {
    "light": {"theme": "default"},
    "dark": {"theme": "dark"},
    "common": {
        "startOnLoad": False,
        "securityLevel": "strict",
        "fontFamily": "Helvetica, Arial, sans-serif",
        "htmlLabels": False,
        "flowchart": {"htmlLabels": False, "useMaxWidth": False},
        "sequence": {"useMaxWidth": False},
        "deterministicIds": True,
    },
}

FENCE_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
TITLE = re.compile(r"^\s*accTitle\s*:\s*(?P<title>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Diagram:
    """One Mermaid block in a page.

    Attributes:
        source: The diagram's text, dedented.
        title: Its ``accTitle``, used as alt text.
        line: The line of the opening fence in the page.
        start: Offset of the block in the page's text.
        end: Offset just after the closing fence.
    """

    source: str
    title: str
    line: int
    start: int
    end: int

    @property
    def key(self) -> str:
        """The content hash that names the diagram's SVG files."""
        return diagram_key(self.source)


@cache
def mermaid_version() -> str:
    """The Mermaid version pinned in ``package-lock.json``."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/mermaid"]["version"]


def diagram_key(source: str) -> str:
    """Hash a diagram's source with the Mermaid version and the render settings."""
    payload = json.dumps([mermaid_version(), RENDER_CONFIG, source.strip()], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def svg_path(key: str, theme: str) -> Path:
    """Where the SVG of diagram ``key`` in ``theme`` lives."""
    return DIAGRAM_DIR / f"{key}-{theme}.svg"


def find_diagrams(markdown: str, path: Path | str) -> list[Diagram]:
    """Find the Mermaid blocks in a page.

    Fences are tracked line by line, so a ```mermaid example shown inside a longer
    fence (a page teaching how to write a diagram) is left alone.

    Raises:
        ContentError: If a block has no ``accTitle:`` line (its alt text).
    """
    diagrams = []
    opened: tuple[str, str, int, int, str] | None = None  # fence, indent, row, offset, info
    offset = 0
    rows = markdown.splitlines(keepends=True)
    for index, row in enumerate(rows):
        match = FENCE_LINE.match(row.rstrip("\r\n"))
        if match and opened is None:
            opened = (match["fence"], match["indent"], index, offset, match["info"])
        elif match and opened and not match["info"] and _closes(match["fence"], opened[0]):
            _, indent, start, start_offset, info = opened
            if info.split(" ", 1)[0] == "mermaid":
                body = "".join(rows[start + 1 : index])
                source = "\n".join(r[len(indent) :] for r in body.splitlines())
                title = TITLE.search(source)
                if not title:
                    raise ContentError(
                        path, start + 1, "mermaid diagram needs an 'accTitle: ...' line (alt text)"
                    )
                end = offset + len(row.rstrip("\r\n"))
                diagrams.append(Diagram(source, title["title"], start + 1, start_offset, end))
            opened = None
        offset += len(row)
    return diagrams


def _closes(fence: str, opening: str) -> bool:
    """Whether a bare fence closes the open one: same character, at least as long."""
    return fence[0] == opening[0] and len(fence) >= len(opening)


#: Page templates (the case-study scaffold's): their diagrams are rendered and kept too,
#: so that a freshly scaffolded page builds.
TEMPLATES = ROOT / "scripts" / "templates"


def all_diagrams(docs_dir: Path = DOCS) -> dict[str, Diagram]:
    """Every diagram in the guide's pages and page templates, by key."""
    found: dict[str, Diagram] = {}
    for page in [*sorted(docs_dir.rglob("*.md")), *sorted(TEMPLATES.glob("*.md"))]:
        for diagram in find_diagrams(page.read_text(encoding="utf-8"), page):
            found[diagram.key] = diagram
    return found
