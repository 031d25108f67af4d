"""Find and launch the Chromium that browser work uses (tests, diagrams, benchmarks).

The browser is Debian's ``chromium`` by default; set ``MLSD_CHROMIUM`` to another Chrome
or Chromium binary (GitHub's runners ship Google Chrome). ``playwright install`` is never
needed: Playwright drives the system browser.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Flags that keep a headless browser from phoning home on a machine with no network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The browser binary to drive, or ``None`` when there is none on this machine."""
    configured = os.environ.get("MLSD_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    return None
