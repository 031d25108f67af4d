"""Scaffold a new case study: its page, its mini-system, its test, and its nav entry.

Usage::

    .venv/bin/python scripts/new_case_study.py SLUG --title "Title" \\
        --domain "e-commerce" --problem-type recommendation --difficulty intermediate

It writes ``docs/case-studies/SLUG.md`` from ``scripts/templates/case_study.md``,
``snippets/case-studies/SLUG/mini_system.py`` (a working mini-system to replace with
yours), ``tests/case_studies/test_SLUG.py``, runs the mini-system once to write the output
the page shows, and adds the page to the "Case studies" section of ``mkdocs.yml``. The
catalogue picks the page up from its front matter. The result passes
``scripts/validate_content.py`` and the strict build as it is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guidekit import DOCS, ROOT, SNIPPETS, relative
from guidekit.casestudies import (
    CASE_STUDIES,
    DIFFICULTIES,
    DOMAINS,
    PROBLEM_TYPES,
    SLUG,
)

TEMPLATES = ROOT / "scripts" / "templates"
MKDOCS_YML = ROOT / "mkdocs.yml"
NAV_SECTION = "  - Case studies:\n"


def render(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def register_in_nav(config: str, title: str, slug: str) -> str:
    """Return ``mkdocs.yml`` with the page appended to its "Case studies" nav section."""
    start = config.find(NAV_SECTION)
    if start < 0:
        raise SystemExit(f"{relative(MKDOCS_YML)}: no '{NAV_SECTION.strip()}' section in nav")
    lines = config[start + len(NAV_SECTION) :].splitlines(keepends=True)
    offset = start + len(NAV_SECTION)
    for line in lines:  # the section ends at the first line indented no deeper than it
        if not line.startswith("      "):
            break
        offset += len(line)
    quoted = '"' + title.replace('"', '\\"') + '"'
    entry = f"      - {quoted}: case-studies/{slug}.md\n"
    return config[:offset] + entry + config[offset:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slug", help="lowercase words joined by hyphens, e.g. hotel-search")
    parser.add_argument("--title", help="the page title (default: from the slug)")
    parser.add_argument("--domain", choices=DOMAINS, default=DOMAINS[0])
    parser.add_argument("--problem-type", choices=PROBLEM_TYPES, default=PROBLEM_TYPES[0])
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="intermediate")
    args = parser.parse_args(argv)

    slug = args.slug
    if not SLUG.match(slug):
        parser.error(f"slug {slug!r}: use lowercase letters, digits and single hyphens")
    title = args.title or slug.replace("-", " ").capitalize()
    module = slug.replace("-", "_")
    targets = {
        CASE_STUDIES / f"{slug}.md": TEMPLATES / "case_study.md",
        SNIPPETS / "case-studies" / slug / "mini_system.py": TEMPLATES / "mini_system.py",
        ROOT / "tests" / "case_studies" / f"test_{module}.py": TEMPLATES / "test_case_study.py",
    }
    if existing := [relative(path) for path in targets if path.exists()]:
        parser.error(f"already exists: {', '.join(existing)}")
    values = {
        "slug": slug,
        "title": title,
        "domain": args.domain,
        "problem_type": args.problem_type,
        "difficulty": args.difficulty,
    }
    config = register_in_nav(MKDOCS_YML.read_text(encoding="utf-8"), title, slug)
    for target, template in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        print(f"wrote {relative(target)}")
    MKDOCS_YML.write_text(config, encoding="utf-8")
    print(f"added {title!r} to the nav in {relative(MKDOCS_YML)}")

    snippet = SNIPPETS / "case-studies" / slug / "mini_system.py"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, str(snippet)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        print(f"{relative(snippet)}: the mini-system failed; fix it, then run `make outputs`")
        return 1
    print(f"ran {relative(snippet)}: outputs in {relative(DOCS / 'generated' / 'case-studies')}")
    print(
        "\nNext: write the page (every section needs 100+ words of your own), make the\n"
        "mini-system show your case's central technique against its baseline, then run\n"
        f"  .venv/bin/python scripts/validate_content.py docs/case-studies/{slug}.md\n"
        f"  make check PAGE=docs/case-studies/{slug}.md\n"
        "and see CONTRIBUTING.md for the rest."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
