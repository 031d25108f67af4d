"""Site tooling: the MkDocs hooks and the checks that keep the guide honest.

- [`guidekit.concepts`][guidekit.concepts]: the one concept file behind the glossary,
  the tooltips and the search tests.
- [`guidekit.diagrams`][guidekit.diagrams]: Mermaid blocks and their pre-rendered SVGs.
- [`guidekit.snippetrefs`][guidekit.snippetrefs]: ``--8<--`` includes and snippet sections.
- ``guidekit.hooks``: the MkDocs hooks that wire these into the build.
"""

from pathlib import Path

#: The repository root (this file is ``scripts/guidekit/__init__.py``).
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"


class ContentError(Exception):
    """A problem in the guide's sources, reported as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{relative(self.path)}:{line}: {message}")


def relative(path: Path | str) -> str:
    """Show ``path`` relative to the repository root when it is inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
