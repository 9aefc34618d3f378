"""The built site served on 127.0.0.1 as GitHub Pages serves it.

Under site_url's path, gzipped when the client accepts it, with 404.html for
misses and a redirect for folders without their slash. The browser tests and the
page-weight benchmark both open the site through this server.
"""

from __future__ import annotations

import email.utils
import gzip
import http.server
import mimetypes
import os
import posixpath
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse


def site_url(project_root: Path) -> str:
    """site_url from the project's mkdocs.yml (the one place an author sets it), ending in /."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python tags
    url = yaml.load((project_root / "mkdocs.yml").read_text(), Loader=Loader).get("site_url") or "/"
    return url if url.endswith("/") else url + "/"


def site_prefix(project_root: Path) -> str:
    """The path part of site_url (/ml-math-notes/): Pages serves the site under it."""
    return urlparse(site_url(project_root)).path


# Types GitHub Pages gzips; binary formats (woff2, png, apkg, zip) are sent as they are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/manifest+json",
    "image/svg+xml",
)
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".map": "application/json",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".ipynb": "application/json",
    ".apkg": "application/octet-stream",
}


class Handler(http.server.BaseHTTPRequestHandler):
    """Static files under `prefix`, gzipped when the client accepts it; 404.html for misses."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host does
    prefix = "/"
    directory = "."
    _gzipped: dict[Path, tuple[float, bytes]] = {}
    _lock = threading.Lock()

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        path = unquote(urlparse(self.path).path)
        if not path.startswith(self.prefix):
            return self._not_found(head)
        rel = posixpath.normpath("/" + path[len(self.prefix) :]).lstrip("/")
        root = Path(self.directory).resolve()
        target = (root / rel).resolve() if rel not in ("", ".") else root
        if root != target and root not in target.parents:
            return self._not_found(head)
        if target.is_dir():
            if not path.endswith("/"):  # as Pages does: /notes -> /notes/
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(head)
        self._send_file(200, target, head)

    def _not_found(self, head: bool) -> None:
        page = Path(self.directory) / "404.html"
        if page.is_file():
            return self._send_file(404, page, head)
        self.send_response(404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", "9")
        self.end_headers()
        if not head:
            self.wfile.write(b"not found")

    def _send_file(self, status: int, path: Path, head: bool) -> None:
        ctype = (
            TYPES.get(path.suffix.lower())
            or mimetypes.guess_type(path.name)[0]
            or "application/octet-stream"
        )
        if ctype.startswith("text/") or ctype in (
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ):
            ctype += "; charset=utf-8"
        compress = ctype.startswith(COMPRESSIBLE) and self._accepts_gzip()
        body = self._gzip(path) if compress else path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if ctype.startswith(COMPRESSIBLE):
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _accepts_gzip(self) -> bool:
        for part in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = part.strip().partition(";")
            if coding.strip().lower() in ("gzip", "*") and params.replace(" ", "") not in (
                "q=0",
                "q=0.0",
                "q=0.00",
                "q=0.000",
            ):
                return True
        return False

    @classmethod
    def _gzip(cls, path: Path) -> bytes:
        mtime = path.stat().st_mtime
        with cls._lock:
            cached = cls._gzipped.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        with cls._lock:
            cls._gzipped[path] = (mtime, body)
        return body


def serve(site: Path, prefix: str) -> http.server.ThreadingHTTPServer:
    handler = type(
        "SiteHandler", (Handler,), {"prefix": prefix, "directory": str(site), "_gzipped": {}}
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def mkdocs_serve(project: Path, **extra_env: str) -> tuple[subprocess.Popen, int]:
    """`mkdocs serve` of a project on a free local port, its output (stdout and stderr,
    as text) to read; for the tests and benchmarks that drive a live preview."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, port
