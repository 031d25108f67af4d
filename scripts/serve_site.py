"""Serve a built site under its GitHub Pages sub-path, gzip-compressed like GitHub Pages.

``python -m http.server`` neither compresses nor mounts a sub-path; the browser tests and
the benchmarks need both to see what readers get. Usage::

    python scripts/serve_site.py SITE_DIR [--port 8001] [--prefix /ml-system-design-guide/]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import mimetypes
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".py", ".map"}
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    """The gzip encoding of a file, computed once per version of it (the search index alone
    is a megabyte: compressing it on every page load costs the tests real time)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class SiteHandler(BaseHTTPRequestHandler):
    """Serve files of ``root`` below ``prefix``; 404 with the site's own 404 page."""

    def __init__(self, *args, root: Path, prefix: str, **kwargs) -> None:
        self.root, self.prefix = root, prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _resolve(self, path: str) -> Path | None:
        if not path.startswith(self.prefix):
            return None
        target = (self.root / unquote(path[len(self.prefix) :])).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == self.prefix.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        target = self._resolve(path)
        status = HTTPStatus.OK
        if target is None:
            if not (self.root / "404.html").is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            target, status = self.root / "404.html", HTTPStatus.NOT_FOUND
        self.send_response(status)
        self.send_header(
            "Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            stat = target.stat()
            body = _gzipped(target, stat.st_mtime_ns, stat.st_size)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        else:
            body = target.read_bytes()
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def start(root: Path, port: int = 0, prefix: str = "/") -> tuple[ThreadingHTTPServer, str]:
    """Serve ``root`` in a background thread; return the server and the site's base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = partial(SiteHandler, root=root.resolve(), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


MKDOCS_YML = Path(__file__).resolve().parents[1] / "mkdocs.yml"


def site_url(config: Path = MKDOCS_YML) -> str:
    """The ``site_url`` of ``mkdocs.yml``."""
    for line in config.read_text().splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"{config}: no site_url")


def site_prefix(config: Path = MKDOCS_YML) -> str:
    """The sub-path of ``site_url`` in ``mkdocs.yml``, e.g. ``/ml-system-design-guide/``."""
    return urlsplit(site_url(config)).path or "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--prefix", default=site_prefix())
    args = parser.parse_args()
    server, url = start(args.site, args.port, args.prefix)
    print(f"serving {args.site} at {url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
