"""Where pages include code and outputs with ``--8<--``, and what those includes point at.

The build already fails on a missing file or section; these helpers let the tests say
which page and line asked for it, and find snippets that no page shows.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from guidekit import DOCS, ROOT, SNIPPETS, ContentError

#: Folders an include is resolved against, in the order ``pymdownx.snippets`` tries them.
BASE_PATHS = (SNIPPETS, DOCS, ROOT)
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(?P<quote>["'])(?P<target>[^"']+)(?P=quote)""")
SECTION_START = re.compile(r"--8<--\s*\[start:(?P<name>[\w-]+)\]")
SECTION_END = re.compile(r"--8<--\s*\[end:(?P<name>[\w-]+)\]")
HELPER_PACKAGE = SNIPPETS / "mlsd"


@dataclass(frozen=True)
class Include:
    """One ``--8<--`` line: the page and line it stands on, the file and section it wants."""

    page: Path
    line: int
    target: str
    section: str | None

    def resolve(self) -> Path | None:
        """The included file, or ``None`` when no base path holds it."""
        for base in BASE_PATHS:
            candidate = base / self.target
            if candidate.is_file():
                return candidate.resolve()
        return None


def find_includes(page: Path) -> list[Include]:
    """Every include in ``page``, including those inside fences and tabs."""
    includes = []
    for number, row in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        match = INCLUDE.match(row)
        if match:
            target, _, section = match["target"].partition(":")
            includes.append(Include(page, number, target, section or None))
    return includes


def sections(path: Path) -> set[str]:
    """The section names a snippet file marks with ``[start:name]`` and ``[end:name]``.

    Raises:
        ContentError: If a section is opened and not closed, or closed and not opened.
    """
    text = path.read_text(encoding="utf-8")
    starts = {m["name"]: text.count("\n", 0, m.start()) + 1 for m in SECTION_START.finditer(text)}
    ends = {m["name"]: text.count("\n", 0, m.start()) + 1 for m in SECTION_END.finditer(text)}
    for name in starts.keys() - ends.keys():
        raise ContentError(path, starts[name], f"section {name!r} is started but never ended")
    for name in ends.keys() - starts.keys():
        raise ContentError(path, ends[name], f"section {name!r} is ended but never started")
    return set(starts)


def check_include(include: Include) -> None:
    """Raise a ``page:line`` error when an include's file or section does not exist."""
    path = include.resolve()
    if path is None:
        raise ContentError(
            include.page, include.line, f"included file {include.target!r} not found"
        )
    if include.section and include.section not in sections(path):
        raise ContentError(
            include.page,
            include.line,
            f"section {include.section!r} not found in {include.target} "
            f"(it has: {', '.join(sorted(sections(path))) or 'no sections'})",
        )


def snippet_files() -> list[Path]:
    """Every demonstration snippet: the ``.py`` files under ``snippets/`` but the helpers."""
    return sorted(
        path
        for path in SNIPPETS.rglob("*.py")
        if HELPER_PACKAGE not in path.parents and "__pycache__" not in path.parts
    )


def home_page(snippet: Path) -> Path:
    """The page a snippet belongs to: ``snippets/x/y/z.py`` belongs to ``docs/x/y.md``."""
    return DOCS / snippet.resolve().parent.relative_to(SNIPPETS).with_suffix(".md")


def pages(docs_dir: Path = DOCS) -> list[Path]:
    """Every Markdown page of the guide (generated fragments excluded)."""
    return sorted(
        p for p in docs_dir.rglob("*.md") if "generated" not in p.relative_to(docs_dir).parts
    )


def load_snippet(path: Path | str) -> ModuleType:
    """Import a snippet file as a module, without running its ``__main__`` block.

    Args:
        path: The snippet, absolute or relative to ``snippets/``.
    """
    path = Path(path) if Path(path).is_absolute() else SNIPPETS / path
    name = "snippet_" + re.sub(r"\W", "_", path.resolve().relative_to(ROOT).as_posix())
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up here
    # As when run as a script, the snippet's folder is importable: a snippet may reuse
    # its sibling's functions (`from calibrators import platt`).
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module
