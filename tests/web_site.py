"""A small website served from 127.0.0.1 for the web source tests (threads, ``http.server``).

Pages answer conditional requests (ETag, or Last-Modified for some), and the site can
hold a listing, articles in UTF-8 and GBK, an RSS feed, a 404, a slow page, a redirect
loop, a redirect to ``file://``, an oversized page and a page robots.txt disallows. Every
request is logged (path, status, time) so tests can see what a run asked for.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 1.5  # bounded: longer than the tests' timeout, short enough to end quickly


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""  # of a redirect
    etag: bool = True  # else Last-Modified validates
    slow: bool = False
    declare_length: bool = True  # else no Content-Length: read until the server closes
    unavailable: int = 0  # answer 503 this many times first
    modified: float = field(default_factory=lambda: 1_700_000_000.0)


class Site:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.log: list[tuple[str, int, float]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "Site":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def requests(self, since: int = 0) -> list[tuple[str, int]]:
        return [(path, status) for path, status, _ in self.log[since:]]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                self.arrived = time.monotonic()
                self._answer(site.pages.get(self.path))

            def send_response(self, code: int, message: str | None = None) -> None:
                # logged before any byte of the answer is written: a client that has its
                # answer always finds its request in the log (logging after the body
                # raced with the test reading the log)
                site.log.append((self.path, code, self.arrived))
                super().send_response(code, message)

            def _answer(self, page: Page | None) -> None:
                if page is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if page.unavailable:
                    page.unavailable -= 1
                    self._send(503, b"busy", "text/plain")
                    return
                if page.slow:
                    time.sleep(SLOW_SECONDS)
                if page.location:
                    self.send_response(page.status)
                    self.send_header("Location", page.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha256(page.body).hexdigest()[:12] + '"'
                modified = formatdate(page.modified, usegmt=True)
                if page.etag and self.headers.get("If-None-Match") == etag or (
                    not page.etag and self.headers.get("If-Modified-Since") == modified
                ):
                    self.send_response(304)
                    self.end_headers()
                    return
                headers = {"ETag": etag} if page.etag else {"Last-Modified": modified}
                self._send(page.status, page.body, page.content_type, headers, page.declare_length)

            def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None,
                      declare_length: bool = True) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if declare_length:
                    self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (size cap)
                    pass

        return Handler
