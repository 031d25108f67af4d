"""Pre-render every Mermaid block of the guide to light and dark SVGs (``make diagrams``).

Runs Mermaid from ``node_modules`` inside headless Chromium, writes
``docs/assets/diagrams/<key>-{light,dark}.svg`` for each block found in ``docs/**/*.md``,
and deletes SVGs that no block uses any more. Commit the result.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM_ARGS, chromium_path
from guidekit import ROOT, relative
from guidekit.diagrams import DIAGRAM_DIR, RENDER_CONFIG, THEMES, all_diagrams, svg_path

MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
VIEWBOX = re.compile(r'viewBox="(?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[\d.]+) (?P<h>[\d.]+)"')

RENDER = """async ([id, source, config]) => {
  mermaid.initialize(config);
  const { svg } = await mermaid.render(id, source);
  return svg;
}"""


def fix_size(svg: str) -> str:
    """Give the SVG its intrinsic size so that an ``<img>`` shows it at 1:1, not stretched."""
    box = VIEWBOX.search(svg)
    if not box:
        raise ValueError("rendered SVG has no viewBox")
    width, height = round(float(box["w"])), round(float(box["h"]))
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(?:width|height)="[^"]*"', "", head)
    head = re.sub(r'\sstyle="[^"]*"', "", head)
    return f'{head} width="{width}" height="{height}">{rest}'


def main() -> int:
    browser_path = chromium_path()
    if browser_path is None:
        print("make diagrams needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    diagrams = all_diagrams()
    DIAGRAM_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        for key, diagram in diagrams.items():
            for theme in THEMES:
                config = {**RENDER_CONFIG["common"], **RENDER_CONFIG[theme]}
                svg = page.evaluate(RENDER, [f"d{key}-{theme}", diagram.source, config])
                svg_path(key, theme).write_text(fix_size(svg) + "\n", encoding="utf-8")
            print(f"rendered {key} ({diagram.title})")
        browser.close()
    wanted = {svg_path(key, theme) for key in diagrams for theme in THEMES}
    for stale in sorted(set(DIAGRAM_DIR.glob("*.svg")) - wanted):
        stale.unlink()
        print(f"removed {relative(stale)}: no page uses it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
