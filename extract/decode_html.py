"""HTML bytes → the page's main text (no scripts, styles, navigation or footers).

Government sites wrap a statistics bulletin in menus, breadcrumbs and footers full of
numbers (phone numbers, ICP licence numbers, dates) that must not become figures, so
only the main text is kept: trafilatura finds it; for pages too small for its
heuristics, a plain lxml conversion without the boilerplate elements stands in.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import use_config

from extract.decode_errors import UnreadableDocument
from extract.decode_text import canonical_codec, decode_text_bytes, reject_binary

# <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gbk">
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
_UNICODE_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_MARKDOWN_ROW = re.compile(r"\|.*\|\s*")
_MARKDOWN_RULE = re.compile(r"\|(?:-+\|)+\s*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Page furniture. A <header>/<footer> inside the article holds its title or notes, so
# only those outside <article>/<main> go.
_BOILERPLATE = (
    "//head | //script | //style | //noscript | //template | //nav | //aside"
    " | //header[not(ancestor::article or ancestor::main)]"
    " | //footer[not(ancestor::article or ancestor::main)]"
)
# trafilatura falls back to a flat baseline (every table cell on a line of its own, menus
# kept) when its main extraction is under MIN_EXTRACTED_SIZE characters: 250 by default,
# sized for English. A short Chinese bulletin whose figures stand in a table is under it.
_TRAFILATURA = use_config()
_TRAFILATURA.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
_BLOCK_TAGS = frozenset(
    "address article blockquote br caption dd div dl dt figcaption h1 h2 h3 h4 h5 h6 hr li main "
    "ol p pre section table tbody thead tr ul".split()
)


def html_to_text(data: bytes) -> tuple[str, str]:
    """Return ``(main_text, codec)`` of an HTML page, or raise UnreadableDocument."""
    html, codec = _decode_html_bytes(data)
    # favor_recall keeps short Chinese paragraphs that the default drops; prune_xpath
    # removes the navigation that favor_recall would otherwise let in.
    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        prune_xpath=_BOILERPLATE,
        config=_TRAFILATURA,
    ) or visible_text(html)
    if not text.strip():
        raise UnreadableDocument("HTML page has no visible text")
    return _tab_separated_tables(text), codec


def _tab_separated_tables(text: str) -> str:
    """Turn trafilatura's Markdown table rows (``| a | b |``) into tab-separated lines.

    So a table row reads the same whether it came from trafilatura, the lxml fallback or
    a .docx: one line, cells joined by a tab. The ``|---|`` rule lines go, and the
    ``\\|`` escape trafilatura puts on a pipe inside a cell is undone.
    """
    lines = []
    for line in text.split("\n"):
        if _MARKDOWN_RULE.fullmatch(line):
            continue
        if _MARKDOWN_ROW.fullmatch(line):
            cells = _UNESCAPED_PIPE.split(line.strip()[1:-1])
            line = "\t".join(cell.strip().replace("\\|", "|") for cell in cells)
        lines.append(line)
    return "\n".join(lines)


def _decode_html_bytes(data: bytes) -> tuple[str, str]:
    """Decode with the page's meta charset when it is valid, else detect like plain text.

    A byte-order mark or NUL bytes outrank the meta tag (as in browsers), and a page
    whose bytes contradict its declared charset is common enough (copied templates) that
    detection is the better fallback than refusing it.
    """
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if declared and b"\x00" not in data and not data.startswith(_UNICODE_BOMS):
        try:
            codec = canonical_codec(declared.group(1).decode("ascii"))
            html = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            reject_binary(html)
            return html, codec
    return decode_text_bytes(data)


def visible_text(html: str) -> str:
    """All text outside boilerplate elements, one line per block element.

    Our own code because lxml's ``text_content()`` runs neighbouring paragraphs together
    and trafilatura's own fallbacks return nothing for very small pages.
    """
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except ParserError:  # nothing but whitespace or comments
        return ""
    for element in root.xpath(_BOILERPLATE):
        element.drop_tree()
    for element in root.iter():
        if element.tag in ("td", "th"):  # a table row becomes one tab-separated line
            element.tail = "\t" + (element.tail or "")
        elif isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
