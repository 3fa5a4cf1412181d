"""Find an article's layout by reading its text: headline, dek, published line, dateline,
photo captions, body paragraphs and boilerplate.

Rules, not a model: newsroom copy is formulaic enough that a handful of patterns find the
parts, and each rule is small enough to explain to an editor. Blocks never change the
text; they only label stretches of it.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from importlib import resources

from ..model import Block

# A blank line (two breaks), or one U+2029 PARAGRAPH SEPARATOR, which means a paragraph alone.
_PARAGRAPH_BREAK = re.compile(
    r"(?:\r\n|\r|\n|\u2029)[ \t\u00a0\u3000]*(?:(?:\r\n|\r|\n|\u2029)[ \t\u00a0\u3000]*)+|\u2029[ \t\u00a0\u3000]*"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"

# "PUBLISHED : Friday, 01 November, 2013, 4:12am", "Updated: Nov. 1, 2013", "11 / 30 / 09 05:40 PM ET"
_PUBLISHED_LABEL = re.compile(r"^\s*(published|posted|updated|last updated|first published|date)\s*:?\s*", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{2,4})\b")

# "TOKYO (AFP) --", "TOKYO -", "WASHINGTON, Nov. 3 (Reuters) -", "Paris, France —"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019-]*(?:[ ][A-Z][A-Z.'\u2019-]*){0,3})"
    r"(?:,[ ](?:[A-Z][a-z]+\.?[ ]?\d{0,2}|[A-Z][a-zA-Z.]+(?:[ ][A-Z][a-zA-Z.]+)?))?"
    r"(?:[ ]?\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?"
    r"[ ]?(?:--|[-\u2013\u2014:])[ ]"
)

# Photo captions: position markers, credits, and the present-tense verbs of picture captions.
_CAPTION_MARKER = re.compile(
    r"\((?:front|back|left|right|centre|center|top|bottom|L|R|C|C?[LR]|2nd\s+[LR]|second\s+(?:left|right)|"
    r"from\s+(?:left|right)|in\s+(?:front|background))\)|\b(?:AFP|Reuters|AP|EPA|Getty|Xinhua|Kyodo)\s*(?:PHOTO|Photo|/)|"
    r"^\s*(?:Photo|Picture|Caption|File photo)\s*[:/]",
    re.I,
)
_CAPTION_VERB = re.compile(
    r"\b(?:attends|poses|pose|gestures|gesture|speaks|arrives|arrive|shakes|shake|waves|wave|looks on|"
    r"walks|walk|listens|smiles|stands|sits|talks|delivers|holds|hold|leaves|greets|greet|reviews|"
    r"inspects|is seen|are seen|react|reacts)\b"
)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Lines a site adds around every story; one regular expression a line in an editable file."""
    raw = resources.files("reconcile.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    return tuple(re.compile(line.strip(), re.I) for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def _is_boilerplate(line: str) -> bool:
    return any(p.search(line) for p in boilerplate_patterns())


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    result = []
    cursor = start
    for m in _LINE_BREAK.finditer(text, start, end):
        result.append((cursor, m.start()))
        cursor = m.end()
    result.append((cursor, end))
    return [_trim(text, s, e) for s, e in result if text[s:e].strip()]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets: blank-line separated; a text with no blank lines but several lines
    (one sentence a line, as in many feeds) has one paragraph a line."""
    result = []
    cursor = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        result.append((cursor, m.start()))
        cursor = m.end()
    result.append((cursor, len(text)))
    paras = [_trim(text, s, e) for s, e in result if text[s:e].strip()]
    if len(paras) == 1 and len(_lines(text, *paras[0])) > 1:
        paras = _lines(text, *paras[0])
    return paras


def parse_published(line: str) -> _dt.date | None:
    """The date a short publication line states, or None when it is not such a line."""
    if len(line) > 120:
        return None
    labelled = bool(_PUBLISHED_LABEL.match(line))
    body = _PUBLISHED_LABEL.sub("", line, count=1)
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        m = pattern.search(body)
        if m and (labelled or _mostly_date(body, m)):
            day, month, year = (m.group(1), m.group(2), m.group(3)) if order == "dmy" else (m.group(2), m.group(1), m.group(3))
            return _safe_date(int(year), MONTHS[month.rstrip(".").lower()], int(day))
    m = _ISO_DATE.search(body)
    if m and (labelled or _mostly_date(body, m)):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _SLASH_DATE.match(body)
    if m and (labelled or _mostly_date(body, m)):
        year = int(m.group(3))
        year += 2000 if year < 70 else (1900 if year < 100 else 0)
        return _safe_date(year, int(m.group(1)), int(m.group(2)))
    return None


def _mostly_date(body: str, m: re.Match[str]) -> bool:
    """A line that is a date and little else (a weekday, a time, a zone), not a sentence."""
    rest = (body[: m.start()] + " " + body[m.end() :]).strip()
    rest = re.sub(r"\b(?:last|first|updated|update|posted|published|at|on)\b", " ", rest, flags=re.I)
    rest = re.sub(
        rf"{_WEEKDAY}|\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?|\b(?:[AP]M|GMT|UTC|[A-Z]{{2,4}}T|ET)\b|[,|/\-\s()+]", " ", rest, flags=re.I
    )
    return len(rest.split()) <= 1


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def dateline_end(text: str, start: int, end: int) -> int | None:
    """Where a dateline ("TOKYO (AFP) --") at the head of a paragraph stops, if there is one."""
    m = _DATELINE.match(text[start:end])
    if not m:
        return None
    place = m.group("place")
    # A dateline place is in capitals ("TOKYO"), or the match carried an agency.
    if not (place.isupper() and len(place.replace(".", "")) >= 2) and not m.group("agency"):
        return None
    return start + m.end()


def _ends_like_sentence(s: str) -> bool:
    """Ends on a full stop, question or exclamation mark, or a colon, perhaps inside a
    closing quote; a headline that ends on a quoted phrase does not."""
    return s.rstrip().rstrip("\"'\u201d\u2019)]").endswith((".", "!", "?", ":", "\u2026"))


def _looks_like_caption(para: str) -> bool:
    if _CAPTION_MARKER.search(para):
        return True
    # A one-sentence present-tense description of a picture, usually closing on a date.
    return bool(_CAPTION_VERB.search(para)) and para.count(". ") == 0 and (_ends_on_year_in_or_on(para) or bool(_ON_MONTH_DAY.search(para)))


_YEAR_AT_END = re.compile(r"\b(?:19|20)\d{2}\.?$")
_IN_OR_ON = re.compile(r"\b(?:in|on)\b")
_ON_MONTH_DAY = re.compile(r"\bon\s+" + _MONTH + r"\s+\d{1,2}")


def _ends_on_year_in_or_on(para: str) -> bool:
    """ "... in Moscow on February 11, 2011": a closing year with "in"/"on" before it and no
    full stop between. Looked for from the end, so a long paragraph costs one pass."""
    year = _YEAR_AT_END.search(para)
    if year is None:
        return False
    clause_start = para.rfind(".", 0, year.start()) + 1
    return _IN_OR_ON.search(para, clause_start, year.start()) is not None


def find_blocks(text: str) -> tuple[tuple[Block, ...], _dt.date | None]:
    """Label the paragraphs of a plain-text article; return the blocks and the publication
    date that a published line states (None when none does)."""
    blocks: list[Block] = []
    published: _dt.date | None = None
    paras = paragraphs(text)
    # Boilerplate is judged a line at a time so that a subscription appeal glued to the
    # last paragraph is set aside without losing the paragraph.
    kept: list[tuple[int, int]] = []
    for s, e in paras:
        lines = _lines(text, s, e)
        plain = [(ls, le) for ls, le in lines if not _is_boilerplate(text[ls:le])]
        for ls, le in lines:
            if (ls, le) not in plain:
                blocks.append(Block("boilerplate", ls, le))
        if len(plain) == len(lines):
            kept.append((s, e))
        elif plain:
            kept.append((plain[0][0], plain[-1][1]))
    # Trailing fragments of a few words and no sentence end are site furniture ("Korea Herald daum").
    while kept and len(kept) > 1:
        s, e = kept[-1]
        if len(text[s:e].split()) <= 4 and not _ends_like_sentence(text[s:e]):
            blocks.append(Block("boilerplate", s, e))
            kept.pop()
        else:
            break

    seen_body = False
    for index, (s, e) in enumerate(kept):
        para = text[s:e]
        date = parse_published(para) if not seen_body else None
        if date is not None:
            blocks.append(Block("published", s, e))
            published = published or date
            continue
        if not seen_body:
            dl = dateline_end(text, s, e)
            if dl is not None:
                blocks.append(Block("dateline", s, _trim(text, s, dl)[1] if text[s:dl].strip() else dl))
                body_start, body_end = _trim(text, dl, e)
                blocks.append(Block("body", body_start, body_end))
                seen_body = True
                continue
            if _looks_like_caption(para):
                blocks.append(Block("caption", s, e))
                continue
            is_last = index == len(kept) - 1
            if not is_last and len(para) <= 200 and not _ends_like_sentence(para):
                role = "headline" if not any(b.role == "headline" for b in blocks) else "dek"
                if role == "dek" and any(b.role == "dek" for b in blocks):
                    role = "body"
                    seen_body = True
                blocks.append(Block(role, s, e))  # type: ignore[arg-type]
                continue
            seen_body = True
        if _CAPTION_MARKER.search(para) and len(para) < 400:
            blocks.append(Block("caption", s, e))
        else:
            blocks.append(Block("body", s, e))
    blocks.sort(key=lambda b: (b.start, b.end))
    return tuple(blocks), published
