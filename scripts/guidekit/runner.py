"""Run a snippet as ``python snippets/x/y.py`` would, fast.

Most of a small snippet's time is importing NumPy, pandas, scikit-learn and Matplotlib.
`SnippetRunner` imports them once and runs each snippet in a forked child, which starts
with them already loaded and cannot leak state into the next run. Where forking is not
available, or the hash seed of this process differs from the one outputs are generated
with, it falls back to a fresh interpreter: results are identical either way.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from guidekit import ROOT

#: The environment every snippet runs in, tests and ``make outputs`` alike.
SNIPPET_ENV = {"OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
#: Modules worth importing once before forking.
PRELOAD = (
    "numpy",
    "pandas",
    "scipy.stats",
    "sklearn.calibration",
    "sklearn.ensemble",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.neural_network",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "sklearn.tree",
    "matplotlib.pyplot",
    "mlsd.claims",
    "mlsd.metrics",
    "mlsd.outputs",
)


@dataclass(frozen=True)
class Result:
    """How a snippet run ended.

    Attributes:
        returncode: 0 on success, like a process's exit status.
        stdout: What it printed.
        stderr: Its error output, with the traceback when it failed.
        timed_out: Whether it was killed for running past the time limit.
    """

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.flags.hash_randomization == 0


class SnippetRunner:
    """Runs snippets one after another, in forked children when it can."""

    def __init__(self) -> None:
        self.forking = _can_fork()
        if self.forking:
            os.environ.update(SNIPPET_ENV)
            for name in PRELOAD:
                importlib.import_module(name)

    def run(self, path: Path, env: dict[str, str], timeout: float) -> Result:
        """Run ``path`` as ``__main__`` from the repository root with ``env`` added."""
        if not self.forking:
            return _run_subprocess(path, env, timeout)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _child(path, env, out.fileno(), err.fileno())
            deadline = time.monotonic() + timeout
            status = None
            while status is None:
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(code)
                elif time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    return Result(-9, "", "", timed_out=True)
                else:
                    time.sleep(0.02)
            out.seek(0)
            err.seek(0)
            return Result(
                status, out.read().decode(errors="replace"), err.read().decode(errors="replace")
            )


def _child(path: Path, env: dict[str, str], out: int, err: int) -> None:
    code = 1
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        os.environ.update(env)
        os.chdir(ROOT)
        sys.argv = [str(path)]
        sys.path.insert(0, str(path.parent))
        import runpy

        runpy.run_path(str(path), run_name="__main__")
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _run_subprocess(path: Path, env: dict[str, str], timeout: float) -> Result:
    try:
        done = subprocess.run(
            [sys.executable, str(path)],
            cwd=ROOT,
            env={**os.environ, **SNIPPET_ENV, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(-9, "", "", timed_out=True)
    return Result(done.returncode, done.stdout, done.stderr)
