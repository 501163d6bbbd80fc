"""One polite, guarded HTTP GET: what every fetch of a source goes through.

httpx does the HTTP; this module adds what a crawler of other people's sites owes them
and what a warehouse owes itself, none of which httpx does on its own:

* redirects followed here, one hop at a time (httpx's own following would not let each
  hop's URL be checked), with a hop limit and loop detection;
* every URL checked before it is requested: http(s) only, and no loopback, private,
  link-local or otherwise internal address unless the source allows it (``allow_private``);
* robots.txt honoured (``urllib.robotparser``), read once per host and run;
* at least ``min_interval_seconds`` between two requests to one host;
* conditional requests (ETag / Last-Modified) so an unchanged page costs a 304;
* a size cap enforced while streaming, so an oversized page is never read whole;
* retries with exponential backoff (tenacity) on timeouts, connection errors, 429 and 5xx.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
import tenacity

USER_AGENT = "zonestats (scheduled source refresh)"
MAX_REDIRECTS = 5
BACKOFF_SECONDS = 1.0  # the first retry waits this long, each next one twice as long (up to 30 s)
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL could not be fetched; the message says why (shown per source, per URL)."""


class _Retryable(FetchError):
    """A failure worth another try (timeout, connection error, 429, 5xx)."""


@dataclass(frozen=True)
class Validators:
    """What the last fetch of a URL said about its version, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, 304 (not modified), 404 or 410 (gone)
    content: bytes = b""
    content_type: str = ""
    validators: Validators = field(default_factory=Validators)
    location: str = ""  # of a redirect

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def gone(self) -> bool:
        return self.status in (404, 410)


@dataclass(frozen=True)
class Policy:
    """How one source may be fetched (from its entry in sources.yml)."""

    allow_private: bool = False
    min_interval_seconds: float = 1.0
    timeout_seconds: float = 20.0
    retries: int = 3
    max_bytes: int = 20 * 1024 * 1024


class Fetcher:
    """An HTTP client shared by the sources of one run (used from one thread): one
    connection pool, and per host one rate limit and one robots.txt."""

    def __init__(self) -> None:
        self._client = httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT})
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def get(self, url: str, policy: Policy, validators: Validators | None = None) -> Response:
        """GET ``url`` following safe redirects; 200, 304 or 404/410, else FetchError."""
        seen: list[str] = []
        while True:
            check_url(url, policy.allow_private)
            if url in seen:
                raise FetchError(f"redirect loop: {' → '.join([*seen, url])}")
            if len(seen) > MAX_REDIRECTS:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects from {seen[0]}")
            seen.append(url)
            if not self._allowed_by_robots(url, policy):
                raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {url}")
            # validators belong to the URL asked for; a redirect target is fetched fresh
            headers = (validators or Validators()).headers() if len(seen) == 1 else {}
            response = self._request(url, policy, headers)
            if response.status in _REDIRECTS:
                if not response.location:
                    raise FetchError(f"{url}: redirect {response.status} without a Location")
                url = urljoin(url, response.location)
                continue
            return response

    def _request(self, url: str, policy: Policy, headers: dict[str, str]) -> Response:
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retryable),
            stop=tenacity.stop_after_attempt(policy.retries),
            wait=tenacity.wait_exponential(multiplier=BACKOFF_SECONDS, max=30),
            reraise=True,
        )
        try:
            return retrying(self._request_once, url, policy, headers)
        except _Retryable as error:
            raise FetchError(f"{error} (after {policy.retries} attempts)") from None

    def _request_once(self, url: str, policy: Policy, headers: dict[str, str]) -> Response:
        self._wait_turn(url, policy.min_interval_seconds)
        try:
            with self._client.stream("GET", url, headers=headers, timeout=policy.timeout_seconds) as reply:
                if reply.status_code in _REDIRECTS:
                    return Response(url, reply.status_code, location=reply.headers.get("location", ""))
                if reply.status_code in _RETRY_STATUS:
                    raise _Retryable(f"{url}: HTTP {reply.status_code}")
                if reply.status_code in (304, 404, 410):
                    return Response(url, reply.status_code)
                if reply.status_code != 200:
                    raise FetchError(f"{url}: HTTP {reply.status_code}")
                content = _read_capped(reply, url, policy.max_bytes)
                return Response(
                    url,
                    200,
                    content,
                    reply.headers.get("content-type", ""),
                    Validators(reply.headers.get("etag"), reply.headers.get("last-modified")),
                )
        except httpx.TimeoutException:
            raise _Retryable(f"{url}: no answer within {policy.timeout_seconds:g} s") from None
        except httpx.TransportError as error:
            raise _Retryable(f"{url}: {type(error).__name__}: {error}") from None

    def _wait_turn(self, url: str, interval: float) -> None:
        """Sleep until ``interval`` has passed since the last request to the URL's host."""
        host = urlsplit(url).netloc
        now = time.monotonic()
        turn = max(now, self._last_request.get(host, -interval) + interval)
        self._last_request[host] = turn
        if turn > now:
            time.sleep(turn - now)

    def _allowed_by_robots(self, url: str, policy: Policy) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = self._robots[origin] = self._read_robots(origin, policy)
        return parser.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str, policy: Policy) -> RobotFileParser:
        """robots.txt as RobotFileParser reads it; fetched here so it gets the same checks.

        As RFC 9309 says: a missing file (4xx) allows everything; an unreachable one (5xx,
        no answer) disallows everything until the next run.
        """
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            response = self._request_once(f"{origin}/robots.txt", policy, {})
        except FetchError:
            parser.disallow_all = True
            return parser
        if response.status == 200:
            parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        else:  # 404/410, or a redirect (not followed for robots.txt): no rules
            parser.allow_all = True
        return parser


def check_url(url: str, allow_private: bool) -> None:
    """Refuse anything but http(s) to a public address (unless ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused {url}: only http and https are fetched")
    if not parts.hostname:
        raise FetchError(f"refused {url}: no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(f"{url}: cannot resolve {parts.hostname}: {error.strerror}") from None
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not address.is_global:
            raise FetchError(
                f"refused {url}: {parts.hostname} is a non-public address ({address}); "
                "set allow_private on the source to fetch it"
            )


def _read_capped(reply: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The body, or FetchError as soon as it passes ``max_bytes`` (never read whole)."""
    declared = reply.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: {int(declared):,} bytes, over the {max_bytes:,}-byte cap")
    chunks, size = [], 0
    for chunk in reply.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: over the {max_bytes:,}-byte cap (stopped reading)")
        chunks.append(chunk)
    return b"".join(chunks)
