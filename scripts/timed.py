"""Run a command and print how long it took; ``--summary`` prints every phase of this run.

Used by the Makefile so that ``make test`` prints the time of each phase. Phases are
appended to ``.cache/phases.tsv`` so that ``make bench`` can report them too.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

LOG = Path(".cache/phases.tsv")


def main(argv: list[str]) -> int:
    if argv == ["--summary"]:
        rows = [line.split("\t") for line in LOG.read_text().splitlines()] if LOG.exists() else []
        total = sum(float(seconds) for _, seconds in rows)
        print("\nphase times")
        for name, seconds in rows:
            print(f"  {name:<32} {float(seconds):7.1f} s")
        print(f"  {'total':<32} {total:7.1f} s")
        return 0
    if "--" not in argv:
        print("usage: timed.py NAME -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    split = argv.index("--")
    name, command = " ".join(argv[:split]), argv[split + 1 :]
    start = time.perf_counter()
    returncode = subprocess.call(command)
    elapsed = time.perf_counter() - start
    print(f"==> {name}: {elapsed:.1f} s" + ("" if returncode == 0 else f" (exit {returncode})"))
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("a") as log:
        log.write(f"{name}\t{elapsed:.2f}\n")
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
