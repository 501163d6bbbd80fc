"""The document URLs a listing page or a feed points at.

Links come from lxml (already installed for trafilatura), which resolves them against the
page's URL and its ``<base>``; feeds are read by feedparser (RSS 0.9x/1.0/2.0 and Atom).
"""

from __future__ import annotations

import re

import feedparser
import lxml.html
from lxml.etree import ParserError


def listing_links(html: bytes, page_url: str, pattern: str) -> list[str]:
    """Absolute URLs of the page's links that ``pattern`` finds, in page order, once each."""
    try:
        tree = lxml.html.document_fromstring(html, base_url=page_url)
    except (ParserError, ValueError):
        return []
    tree.make_links_absolute(page_url, resolve_base_href=True, handle_failures="discard")
    hrefs = (link for element, attribute, link, _ in tree.iterlinks() if element.tag == "a" and attribute == "href")
    return _matching(hrefs, pattern)


def feed_links(data: bytes, pattern: str | None) -> list[str]:
    """The entries' links of an RSS/Atom feed (those ``pattern`` finds, if given)."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a readable feed: {parsed.get('bozo_exception')}")
    return _matching((entry.get("link", "") for entry in parsed.entries), pattern)


def _matching(urls, pattern: str | None) -> list[str]:
    regex = re.compile(pattern) if pattern else None
    found: dict[str, None] = {}
    for url in urls:
        url = url.split("#", 1)[0]
        if url.startswith(("http://", "https://")) and (regex is None or regex.search(url)):
            found.setdefault(url)
    return list(found)
