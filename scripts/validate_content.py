"""Check pages before they are published: ``validate_content.py [PATH ...]``.

Without arguments it checks every page and every SVG under ``docs/``. It prints one
``path:line: message`` per problem and exits with status 1 when there is any, 0 otherwise.
See ``guidekit.validate`` for what is checked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guidekit import relative
from guidekit.validate import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="pages (.md) or SVG files")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.is_file()]
    for path in missing:
        print(f"{relative(path)}:1: no such file", file=sys.stderr)
    if missing:
        return 2
    problems = validate([p.resolve() for p in args.paths] or None)
    for problem in problems:
        print(problem)
    sys.stdout.flush()  # the summary on stderr must come after the problems
    checked = len(args.paths) if args.paths else "every"
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print(f"checked {checked} file(s): no problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
