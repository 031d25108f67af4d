"""Regenerate every snippet's outputs under ``docs/generated/`` (``make outputs``).

Runs each snippet as ``python snippets/x/y.py`` would, from the repository root with the
same environment and runner the tests use, after clearing its output folder, and removes
output folders whose snippet no longer exists. Commit the result: the tests fail when it is stale.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

from guidekit import DOCS, SNIPPETS, relative
from guidekit.runner import SnippetRunner
from guidekit.snippetrefs import snippet_files
from mlsd.outputs import OUTPUT_DIR_ENV

GENERATED = DOCS / "generated"


def main() -> int:
    os.environ.pop(OUTPUT_DIR_ENV, None)
    runner = SnippetRunner()
    snippets = snippet_files()
    wanted = {GENERATED / s.relative_to(SNIPPETS).with_suffix("") for s in snippets}
    failed = []
    for snippet in snippets:
        folder = GENERATED / snippet.relative_to(SNIPPETS).with_suffix("")
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        result = runner.run(snippet, {}, timeout=600)
        seconds = time.perf_counter() - start
        status = "ok" if result.returncode == 0 else "FAILED"
        print(f"{status:6} {seconds:5.1f} s  {relative(snippet)}")
        if result.returncode != 0:
            failed.append(snippet)
            print(result.stderr[-3000:], file=sys.stderr)
    for folder in sorted(GENERATED.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder == w or w.is_relative_to(folder) for w in wanted):
            shutil.rmtree(folder)
            print(f"removed {relative(folder)}: its snippet is gone")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
