"""Check that the external links in the built site still resolve.

Usage: ``python scripts/check_external_links.py SITE_DIR`` (after ``make build``).

Collects every ``<a href="http(s)://...">`` in the HTML files under ``SITE_DIR``, skips
links to the site's own host (``site_url`` in ``mkdocs.yml``) and the per-page edit and
raw links into this repository (``repo_url``), de-duplicates the rest and requests each
one: ``HEAD`` first, ``GET`` when the server refuses ``HEAD`` (405 or 403). Prints
``path: url -> status`` for every failure and a summary; exits 1 if any link failed.

Needs the network, so it is never run by the tests: the scheduled ``links`` workflow runs
it weekly and never blocks a pull request.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"
TIMEOUT_S = 15
MAX_THREADS = 8
USER_AGENT = (
    "Mozilla/5.0 (compatible; mlsd-guide-link-check/1.0; "
    "+https://github.com/mlsd-guide/ml-system-design-guide)"
)
#: Statuses after which a refused ``HEAD`` is retried with ``GET``.
RETRY_WITH_GET = {403, 405}
EXTERNAL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Result:
    """The outcome of requesting one URL."""

    url: str
    ok: bool
    status: str


def config_value(key: str, config: Path = CONFIG) -> str | None:
    """A top-level scalar of ``mkdocs.yml``, read with a regex.

    ``yaml.safe_load`` refuses the file's ``!!python/name`` tags, and a top-level
    ``key: value`` line is all this script needs.
    """
    if not config.is_file():
        return None
    match = re.search(rf"^{re.escape(key)}:\s*(\S+)\s*$", config.read_text(), re.MULTILINE)
    return match.group(1).strip("'\"") if match else None


def is_skipped(url: str, own_host: str | None, repo_url: str | None) -> bool:
    """Whether ``url`` points at the site itself or at this repository's edit/raw pages."""
    if own_host and (urlsplit(url).hostname or "").lower() == own_host:
        return True
    if repo_url:
        base = repo_url.rstrip("/")
        return url.startswith((f"{base}/edit/", f"{base}/raw/"))
    return False


def collect_links(
    site_dir: Path, own_host: str | None, repo_url: str | None
) -> dict[str, list[str]]:
    """Map each external URL, fragment removed, to the pages (under ``site_dir``) citing it."""
    pages: dict[str, list[str]] = defaultdict(list)
    for html in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8", errors="replace"), "html.parser")
        page = html.relative_to(site_dir).as_posix()
        for anchor in soup.find_all("a", href=True):
            href = str(anchor["href"]).strip()
            if not EXTERNAL.match(href):
                continue
            url = urldefrag(href).url
            if is_skipped(url, own_host, repo_url):
                continue
            if page not in pages[url]:
                pages[url].append(page)
    return dict(pages)


def request(url: str, method: str) -> int:
    """The HTTP status of ``method url`` after redirects; raises on 4xx/5xx and network errors."""
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=TIMEOUT_S) as response:
        return int(response.status)


def check(url: str) -> Result:
    """Request ``url`` with ``HEAD``, falling back to ``GET`` when ``HEAD`` is refused."""
    try:
        try:
            status = request(url, "HEAD")
        except urllib.error.HTTPError as error:
            if error.code not in RETRY_WITH_GET:
                raise
            status = request(url, "GET")
    except urllib.error.HTTPError as error:
        return Result(url, False, f"HTTP {error.code}")
    except urllib.error.URLError as error:
        return Result(url, False, f"error: {error.reason}")
    except TimeoutError:
        return Result(url, False, f"timeout after {TIMEOUT_S} s")
    except (OSError, ValueError) as error:
        return Result(url, False, f"error: {error}")
    return Result(url, 200 <= status < 400, f"HTTP {status}")


def main(argv: list[str]) -> int:
    """Check every external link under the site folder ``argv[0]``; the exit status."""
    if len(argv) != 1:
        print("usage: check_external_links.py SITE_DIR", file=sys.stderr)
        return 2
    site_dir = Path(argv[0])
    if not site_dir.is_dir():
        print(f"{site_dir}: no such folder (run `make build` first)", file=sys.stderr)
        return 2
    own_host = urlsplit(config_value("site_url") or "").hostname  # lower-cased by urlsplit
    links = collect_links(site_dir, own_host, config_value("repo_url"))

    with ThreadPoolExecutor(max_workers=MAX_THREADS) as pool:
        results = list(pool.map(check, sorted(links)))

    failures = [result for result in results if not result.ok]
    for result in failures:
        first, *others = links[result.url]
        print(f"{first}: {result.url} -> {result.status}")
        if others:
            print(f"    also cited on {len(others)} other page(s)")
    print(
        f"checked {len(results)} external links: "
        f"{len(results) - len(failures)} ok, {len(failures)} failed"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
