"""Main text, title and publication date of an HTML page (selectolax/lexbor).

Scripts, styles, navigation, headers, footers, asides and forms are dropped;
the text comes from ``<article>``, else ``<main>``/``[role=main]``, else
``<body>``.  Block elements (paragraphs, headings, list items...) become
separate lines so sentences never run into each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DROP = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, select, "
    "nav, header, footer, aside, menu, [role=navigation], [role=banner], [role=contentinfo], "
    "[role=complementary], [hidden], [aria-hidden=true]"
)
_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)
_DATE_SELECTORS = (
    ('meta[property="article:published_time"]', "content"),
    ('meta[name="article:published_time"]', "content"),
    ('meta[itemprop="datePublished"]', "content"),
    ('meta[name="date"]', "content"),
    ('meta[name="pubdate"]', "content"),
    ('meta[name="DC.date.issued"]', "content"),
    ("time[datetime]", "datetime"),
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """What :func:`html_to_text` keeps of a page."""

    text: str
    title: str | None
    date: str | None  # the raw date string found in the page, not yet normalised


def declared_charset(data: bytes) -> str | None:
    """Return the charset named by a ``<meta charset>`` in the first 4 KB, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def html_to_text(html: str) -> HtmlDocument:
    """Return the main text, the title and the raw publication date of ``html``.

    >>> doc = html_to_text("<title>T</title><nav>Home</nav><p>Shelling <b>hit</b> Idlib.</p><script>x()</script>")
    >>> doc.text, doc.title
    ('Shelling hit Idlib.', 'T')
    >>> html_to_text("").text
    ''
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = _first_text(tree, "title") or _first_text(tree, "h1")
    date = _published(tree)
    for node in tree.css(_DROP):
        node.decompose()
    root = (
        tree.css_first("article")
        or tree.css_first("main")
        or tree.css_first("[role=main]")
        or tree.body
        or tree.root
    )
    return HtmlDocument(text=_block_text(root) if root is not None else "", title=title, date=date)


def _first_text(tree, selector: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    text = _SPACES.sub(" ", node.text(deep=True)).strip()
    return text or None


def _published(tree) -> str | None:
    for selector, attribute in _DATE_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            value = (node.attributes.get(attribute) or "").strip()
            if value:
                return value
    return None


def _block_text(root) -> str:
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _BLOCKS:
            parts.append("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
