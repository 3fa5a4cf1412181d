"""Ingest stage: turn files, directories, JSON rows, HTML and standard input into `Article`s.

The promise: `Article.text` is the decoded text exactly as read (or, for HTML, the article
text extracted from it), and every later offset indexes that string. Inputs that cannot be
read become `InputProblem`s naming the file and what to do; the others are still read.

files (walking, excludes, limits) -> decoding (bytes to text) -> rows (JSON) or html
(markup) -> articles (layout found).
"""

from .articles import article_from_text
from .decoding import decode
from .files import DEFAULT_EXCLUDE, MAX_BYTES, SUFFIXES, Inputs, ReadOptions, read_bytes, read_inputs
from .html import ExtractedHTML, extract_html
from .rows import parse_date_option

__all__ = [
    "DEFAULT_EXCLUDE",
    "MAX_BYTES",
    "SUFFIXES",
    "ExtractedHTML",
    "Inputs",
    "ReadOptions",
    "article_from_text",
    "decode",
    "extract_html",
    "parse_date_option",
    "read_bytes",
    "read_inputs",
]
