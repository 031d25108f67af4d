"""Shared fixtures: the built site (built once per run), the served site and a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from serve_site import site_prefix, start  # noqa: E402

BIN = Path(sys.executable).parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--page",
        default=None,
        help="only test the snippets, includes and concepts of this page (docs/x.md)",
    )


@pytest.fixture(scope="session")
def page_filter(request: pytest.FixtureRequest) -> Path | None:
    page = request.config.getoption("--page")
    return (ROOT / page).resolve() if page else None


def build_site(
    destination: Path,
    command: str = "mkdocs",
    config: Path = ROOT / "mkdocs.yml",
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run a strict build of ``config`` (by default the unchanged ``mkdocs.yml``).

    Never pass ``-q``: MkDocs then drops warnings before ``--strict`` can count them.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if cwd != ROOT:  # a copy of the repository: its own site tooling and helpers
        env["PYTHONPATH"] = os.pathsep.join([str(cwd / "scripts"), str(cwd / "snippets")])
    return subprocess.run(
        [
            str(BIN / command),
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config),
            "-d",
            str(destination),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The strictly built site: the one ``make test`` built, or one built once per run."""
    prebuilt = os.environ.get("MLSD_SITE_DIR")
    if prebuilt:
        path = (ROOT / prebuilt).resolve()
        assert (path / "index.html").is_file(), f"MLSD_SITE_DIR={prebuilt} holds no built site"
        return path
    shared = tmp_path_factory.getbasetemp().parent  # shared by all xdist workers of a run
    destination = shared / "site"
    with FileLock(str(shared / "site.lock")):
        if not (destination / "index.html").is_file():
            result = build_site(destination)
            assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return destination


#: The browser reaches the test server as http://mlsd.test/ (no port), which Chromium maps
#: to 127.0.0.1:PORT: URLs look as they do on GitHub Pages, with no port in them.
SITE_ALIAS = "mlsd.test"


@pytest.fixture(scope="session")
def site_server(site_dir: Path) -> Iterator[int]:
    """Serve the built site on 127.0.0.1 under its GitHub Pages sub-path; yield the port."""
    server, _ = start(site_dir, prefix=site_prefix())
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_server: int) -> str:
    """The site's base URL as the browser sees it."""
    return f"http://{SITE_ALIAS}{site_prefix()}"


@pytest.fixture(scope="session")
def browser(site_server: int):
    """Headless Chromium driven by Playwright; skips loudly without one, fails in CI."""
    path = chromium_path()
    if path is None:
        message = "no Chromium found (apt-get install chromium, or set MLSD_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        rules = f"--host-resolver-rules=MAP {SITE_ALIAS} 127.0.0.1:{site_server}"
        instance = playwright.chromium.launch(executable_path=path, args=[*CHROMIUM_ARGS, rules])
        yield instance
        instance.close()
