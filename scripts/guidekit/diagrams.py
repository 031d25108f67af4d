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

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid[ \t]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
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

    Raises:
        ContentError: If a block has no ``accTitle:`` line (its alt text).
    """
    diagrams = []
    for match in FENCE.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        indent = len(match["indent"])
        source = "\n".join(row[indent:] for row in match["body"].splitlines())
        title = TITLE.search(source)
        if not title:
            raise ContentError(
                path, line, "mermaid diagram needs an 'accTitle: ...' line (alt text)"
            )
        diagrams.append(Diagram(source, title["title"], line, match.start(), match.end()))
    return diagrams


def all_diagrams(docs_dir: Path = DOCS) -> dict[str, Diagram]:
    """Every diagram in the guide's pages, by key."""
    found: dict[str, Diagram] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        for diagram in find_diagrams(page.read_text(encoding="utf-8"), page):
            found[diagram.key] = diagram
    return found
