"""Copy the browser assets the site serves itself from ``node_modules`` into ``docs/``.

KaTeX renders the formulas; it is vendored (JS, CSS, the woff2 fonts and its license) so
that building and serving the site needs neither npm nor any third-party host. Run by
``make vendor`` after a version bump in ``package.json``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KATEX_SRC = ROOT / "node_modules" / "katex"
KATEX_DST = ROOT / "docs" / "assets" / "vendor" / "katex"


def main() -> None:
    version = json.loads((KATEX_SRC / "package.json").read_text())["version"]
    shutil.rmtree(KATEX_DST, ignore_errors=True)
    (KATEX_DST / "fonts").mkdir(parents=True)
    for name in ("katex.min.js", "katex.min.css"):
        shutil.copy2(KATEX_SRC / "dist" / name, KATEX_DST / name)
    for font in sorted((KATEX_SRC / "dist" / "fonts").glob("*.woff2")):
        shutil.copy2(font, KATEX_DST / "fonts" / font.name)
    shutil.copy2(KATEX_SRC / "LICENSE", KATEX_DST / "LICENSE")
    (KATEX_DST / "VERSION").write_text(f"katex {version}\n")
    print(f"vendored KaTeX {version} into {KATEX_DST.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
