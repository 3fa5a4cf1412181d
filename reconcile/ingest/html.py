"""Reduce an HTML page to its article text with the standard library's parser.

The extracted text (paragraphs separated by blank lines) is what the article's offsets
index, and the report carries it. Scripts, styles, navigation and forms are dropped;
headings and figure captions keep their role as hints for the layout finder. Broken
markup is tolerated: the parser never raises on it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "nav", "footer", "aside", "form", "svg", "iframe", "template", "button", "select", "head"}
_BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "blockquote",
    "li",
    "div",
    "section",
    "article",
    "header",
    "td",
    "pre",
    "br",
    "dd",
    "dt",
    "caption",
    "title",
}
_ROLE_OF = {"h1": "headline", "figcaption": "caption", "caption": "caption"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


@dataclass
class ExtractedHTML:
    text: str
    title: str | None = None
    published: _dt.date | None = None
    roles: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, role) hints


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, str | None]] = []
        self.current: list[str] = []
        self.current_role: str | None = None
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open_tags: dict[str, int] = {}  # how many of each tag `stack` holds: stray end tags cost O(1)
        self.title: str | None = None
        self.in_title = False
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            prop = (attr.get("property") or attr.get("name") or "").lower()
            if prop in ("article:published_time", "datepublished", "pubdate", "date", "dc.date"):
                self.published = self.published or attr.get("content")
            if prop == "og:title" and attr.get("content"):
                self.title = attr["content"].strip()
            return
        if tag == "time" and attr.get("datetime") and not self.published:
            self.published = attr["datetime"]
        if tag in _VOID:
            if tag == "br":
                self.current.append("\n")
            return
        if tag == "title" and not self.title:
            self.in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
        self.stack.append(tag)
        self.open_tags[tag] = self.open_tags.get(tag, 0) + 1
        if tag in _BLOCK:
            self._flush()
            self.current_role = _ROLE_OF.get(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag == "title":
            self.in_title = False
        if not self.open_tags.get(tag):
            return  # a stray end tag in broken markup
        while self.stack:
            open_tag = self.stack.pop()
            self.open_tags[open_tag] -= 1
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip_depth:
            return
        self.current.append(data)

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append((text, self.current_role))
        self.current = []
        self.current_role = None

    def close(self) -> None:
        # A page cut off inside a tag or comment ("<!-- c", '<a href="x') leaves markup that
        # the parser would hand over as text; it is not article text.
        if self.rawdata.lstrip().startswith("<"):
            self.rawdata = ""
        super().close()
        self._flush()


def extract_html(markup: str) -> ExtractedHTML:
    """The article text of an HTML page, with title, published date and role hints."""
    parser = _ArticleParser()
    parser.feed(markup)
    parser.close()
    pieces: list[str] = []
    roles: list[tuple[int, int, str]] = []
    cursor = 0
    for text, role in parser.paragraphs:
        if pieces:
            pieces.append("\n\n")
            cursor += 2
        pieces.append(text)
        if role:
            roles.append((cursor, cursor + len(text), role))
        cursor += len(text)
    published = None
    if parser.published:
        try:
            published = _dt.date.fromisoformat(parser.published.strip()[:10])
        except ValueError:
            published = None
    return ExtractedHTML("".join(pieces), parser.title, published, roles)
