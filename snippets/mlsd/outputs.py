"""Write the outputs a page shows: text, Markdown tables and SVG figures.

A snippet at ``snippets/<page>/<topic>.py`` writes its outputs to
``docs/generated/<page>/<topic>/``, where the page includes them. ``make outputs``
regenerates them all; the test suite regenerates them into a temporary folder (set by the
``MLSD_OUTPUT_DIR`` environment variable) and fails when they differ from the committed
files, so a page can never show a number its code no longer produces.

Outputs are deterministic: numbers are rounded to four significant figures and figures
are SVG with a fixed hash salt and no date.

Examples:
    ```python
    out = Outputs(__file__)
    out.text("summary", f"log loss {sig(0.123456)}")  # writes summary.txt, prints it
    ```
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Environment variable that redirects every output to another root folder.
OUTPUT_DIR_ENV = "MLSD_OUTPUT_DIR"


def sig(value: float, digits: int = 4) -> str:
    """Format a number to ``digits`` significant figures, the precision every page uses.

    Args:
        value: The number.
        digits: Significant figures to keep.

    Returns:
        The formatted number, without exponent for everyday magnitudes.

    Examples:
        >>> sig(0.0123456), sig(123456.7), sig(2.0), sig(40_000), sig(3.2e-7)
        ('0.01235', '123500', '2', '40000', '3.2e-07')
    """
    if isinstance(value, bool) or not math.isfinite(float(value)):
        return str(value)
    rounded = float(f"{float(value):.{digits}g}")
    if rounded == 0 or 1e-4 <= abs(rounded) < 1e15:
        text = f"{rounded:.{max(digits - 1 - math.floor(math.log10(abs(rounded or 1))), 0)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{rounded:.{digits}g}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as a Markdown table; floats are rounded with [`sig`][mlsd.outputs.sig].

    Args:
        header: Column titles.
        rows: One sequence of cells per row, each as long as ``header``.

    Returns:
        The table as Markdown text, ending with a newline.

    Raises:
        ValueError: If a row's length differs from the header's.

    Examples:
        >>> print(markdown_table(["model", "AUC"], [["LR", 0.812345]]), end="")
        | model | AUC |
        | --- | ---: |
        | LR | 0.8123 |
    """

    def is_number(value: object) -> bool:
        return isinstance(value, numbers.Real) and not isinstance(value, bool)

    def cell(value: object) -> str:
        if is_number(value) and not isinstance(value, numbers.Integral):
            return sig(float(value))  # type: ignore[arg-type]
        return str(value)

    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, header has {len(header)}")
    numeric = [all(is_number(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---:" if num else "---" for num in numeric) + " |",
    ]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def snippets_root(script: str | Path) -> Path:
    """Return the ``snippets/`` folder that contains ``script``.

    Raises:
        ValueError: If ``script`` is not under a folder named ``snippets``.
    """
    path = Path(script).resolve()
    for parent in path.parents:
        if parent.name == "snippets":
            return parent
    raise ValueError(f"{script}: not inside a snippets/ folder")


class Outputs:
    """The output folder of one snippet, and writers for what its page shows.

    Args:
        script: The snippet's own path; pass ``__file__``.
        echo: Also print text outputs, so that running the snippet shows them.
    """

    def __init__(self, script: str | Path, *, echo: bool = True) -> None:
        root = snippets_root(script)
        relative = Path(script).resolve().relative_to(root).with_suffix("")
        base = os.environ.get(OUTPUT_DIR_ENV) or root.parent / "docs" / "generated"
        self.directory: Path = Path(base) / relative
        self.echo = echo

    def _write(self, filename: str, content: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / filename
        path.write_text(content, encoding="utf-8")
        return path

    def text(self, name: str, content: str) -> Path:
        """Write ``<name>.txt``, shown on the page as program output."""
        content = content.rstrip("\n") + "\n"
        if self.echo:
            print(content, end="")
        return self._write(f"{name}.txt", content)

    def markdown(self, name: str, content: str) -> Path:
        """Write ``<name>.md``, included into the page as Markdown (tables, lists)."""
        if self.echo:
            print(content.rstrip("\n"))
        return self._write(f"{name}.md", content.rstrip("\n") + "\n")

    def figure(self, fig: Figure, name: str) -> Path:
        """Write ``<name>.svg`` deterministically and close the figure.

        Text is drawn as paths with matplotlib's bundled font, so the SVG looks the same
        everywhere; the site inverts it in dark mode.
        """
        import matplotlib as mpl
        import matplotlib.pyplot as plt

        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{name}.svg"
        with mpl.rc_context({"svg.hashsalt": "mlsd", "svg.fonttype": "path"}):
            fig.savefig(path, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(fig)
        return path
