"""Quote claims: words a story puts in someone's mouth, and whose mouth.

Quotations are found in body and caption paragraphs between curly (“ ”), straight (" ")
or angle (« ») marks; a paragraph that opens a quote and never closes it runs to the
paragraph's end (newsroom style for quotes that go on into the next paragraph). A quote
of fewer than two words is a title or a scare-quoted term ("2+2") and is left out.

The speaker is read from the sentence around the quote, first after it and then before:
a person next to a verb of speech ('..., Kishida told a joint press conference', '"...,"
said Lavrov', 'Kishida said: "..."'); a pronoun ("he said"), resolved to the most recent
person or unnamed speaker outside quotation marks ("a foreign ministry official said");
an unnamed speaker ("the official said"); and failing these "according to <person>".

Claims (kind "quote"):
    key    the speaker's person key (see `people`), "" when the speaker is not a named person;
           two people speaking together have both keys joined by "+" ("meron+zadan")
    value  the quoted words in matching form (folded, one space between words)
    span   the quoted words, quotation marks left out
    details (absent when empty):
        text          the quoted words as written
        speaker       the speaker as written ("Kishida", "the official")
        speaker_key   the speaker's person key, when a named person
        speaker_via   named, pronoun, unnamed, according-to, previous-paragraph (the named
                      speaker of the quote in the paragraph before, this one having none)
        verb          the verb of speech ("told", "said")
        partial       "yes" when the quote is a fragment woven into the reporter's sentence
        marks         curly, straight, angle or single
        continued     "yes" when the quote runs on past its paragraph

Every span indexes the article's original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..model import Article, BlockRole, Claim, QuoteDetails, Span
from ..text import fold_text, words
from .lexicon import bundled_lexicon
from .reading import Reading

# Bounded, unnested: the content classes exclude the closing mark, so no backtracking blow-up.
_QUOTE_PATTERNS = (
    ("curly", re.compile(r"\u201c([^\u201c\u201d]{1,3000})(\u201d|$)")),
    ("straight", re.compile(r"\"([^\"\n]{1,3000})(\"|$)")),
    ("angle", re.compile(r"\u00ab([^\u00ab\u00bb]{1,3000})(\u00bb|$)")),
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
_DETERMINERS = frozenset({"the", "a", "an", "one", "another", "this", "that", "his", "her", "their", "its"})
_UNNAMED_HEADS = frozenset(
    {
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "source",
        "sources",
        "diplomat",
        "minister",
        "envoy",
        "aide",
        "analyst",
        "expert",
        "officer",
        "statement",
        "ministry",
        "government",
        "police",
        "report",
        "adviser",
        "advisor",
        "agency",
        "witness",
    }
)


@dataclass(frozen=True)
class _Quote:
    start: int
    end: int
    open_mark: int
    close_mark: int  # offset just after the closing mark (== end when open-ended)
    marks: str
    continued: bool


# A straight mark that closes a quote whose opening mark was lost: after the quoted words'
# last punctuation, before an attribution ('..., "the convicted killer said.').
_ATTRIBUTION_AFTER = re.compile(
    r"[ \t]*(?:(?:[A-Z][\w.'\u2019-]*,?[ \t]+){0,4}(?:said|says|told|tells|added|asked|explained|declared|wrote|"
    r"insisted|stated|recalled)\b|(?:the|a|an|his|her)[ \t]+(?:[\w'\u2019-]+[ \t]+){0,4}(?:said|says|told|tells|added)\b)"
)


def _lost_opening(text: str, start: int, end: int) -> _Quote | None:
    """A paragraph that quotes from its first word and closes the quote before an
    attribution, its opening mark lost (text copied from web pages drops it): the quote
    runs from the paragraph's first word to that mark."""
    first = text.find('"', start, end)
    if first < 0 or text.count('"', start, end) % 2 == 0:
        return None
    before = text[start:first].rstrip()
    if not before.endswith((",", ".", "!", "?")) or _ATTRIBUTION_AFTER.match(text, first + 1, end) is None:
        return None
    s, e = start, first
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if len(text[s:e].split()) < 3:
        return None
    return _Quote(s, e, s, first + 1, "straight", False)


def find_quotations(text: str, start: int, end: int) -> list[_Quote]:
    """Quotations inside text[start:end] (one paragraph), in order, without overlaps."""
    found: list[_Quote] = []
    lost = _lost_opening(text, start, end)
    if lost is not None:
        found.append(lost)
        start = lost.close_mark
    found.extend(_single_quotations(text, start, end))
    for marks, pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(text, start, end):
            s, e = m.start(1), m.end(1)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            closed = bool(m.group(2))
            found.append(_Quote(s, e, m.start(), m.end(), marks, not closed))
    found.sort(key=lambda q: q.open_mark)
    kept: list[_Quote] = []
    for q in found:
        if kept and q.open_mark < kept[-1].close_mark:
            continue
        kept.append(q)
    return kept


# Paragraphs a quote left open may run on through before the paragraph that closes it.
MAX_QUOTED_PARAGRAPHS = 12
_MARKS = {"straight": '"', "curly": "\u201d", "angle": "\u00bb"}
_ANY_MARK = re.compile('["\u201c\u201d\u00ab\u00bb]')


def quotations_across(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Quote]:
    """Quotations of consecutive paragraphs. A quote left open at a paragraph's end whose
    next paragraphs carry no mark, until one whose first mark closes it (an odd number of
    straight marks there, or a closing curly mark), runs on to that mark: text that puts
    each sentence on a line of its own ("I've done it.\nTrust me.\n... anymore. \"") quotes
    across lines without opening each. Otherwise it runs to its paragraph's end."""
    found: list[_Quote] = []
    n = 0
    start_at: int | None = None
    while n < len(paragraphs):
        start, end = paragraphs[n]
        quotes = find_quotations(text, start if start_at is None else start_at, end)
        start_at = None
        found.extend(quotes)
        n += 1
        if not quotes or not quotes[-1].continued:
            continue
        closing = _closing_paragraph(text, paragraphs, n, quotes[-1].marks)
        if closing is None:
            continue
        index, mark = closing
        last = quotes[-1]
        e = mark
        while e > last.start and text[e - 1].isspace():
            e -= 1
        found[-1] = _Quote(last.start, e, last.open_mark, mark + 1, last.marks, False)
        n, start_at = index, mark + 1
    return found


def _closing_paragraph(text: str, paragraphs: Sequence[tuple[int, int]], n: int, marks: str) -> tuple[int, int] | None:
    """(index of the paragraph, offset of the mark) that closes a quote left open before
    paragraph `n`, or None when the next paragraph with a mark opens a quote of its own."""
    for index in range(n, min(len(paragraphs), n + MAX_QUOTED_PARAGRAPHS)):
        start, end = paragraphs[index]
        if marks == "single":
            opening, close = _SINGLE_OPEN.search(text, start, end), _single_close(text, start, end)
            if close is None and opening is None:
                continue
            if close is not None and (opening is None or opening.start() > close) and text[start:close].strip():
                return index, close
            return None
        first = _ANY_MARK.search(text, start, end)
        if first is None:
            continue
        if marks == "straight":
            closes = first.group() == '"' and text.count('"', start, end) % 2 == 1 and text[start : first.start()].strip() != ""
        else:
            closes = first.group() == _MARKS[marks]
        return (index, first.start()) if closes else None
    return None


# Single marks are apostrophes too ("I've", "the players' union"): a mark opens a quote
# only after a space or a paragraph's start and before a letter, and closes one only after
# the quote's own punctuation ("...anymore,' she told") or, for a fragment of a few words
# ('party girl' reputation), after a letter and before a space or punctuation.
_SINGLE_OPEN = re.compile("(?:^|(?<=[\\s(\u2014]))['\u2018](?=[A-Za-z])", re.M)
_SINGLE_CLOSE = re.compile("(?<=[.,!?])['\u2019](?=\\s|$|[)\u2014\"])|(?<=[A-Za-z])['\u2019](?=[\\s.,;:!?)]|$)", re.M)
MAX_FRAGMENT_WORDS = 5


def _single_quotations(text: str, start: int, end: int) -> list[_Quote]:
    """Quotations between single marks in text[start:end] (one paragraph)."""
    found: list[_Quote] = []
    at = start
    while True:
        opening = _SINGLE_OPEN.search(text, at, end)
        if opening is None:
            return found
        s = opening.end()
        close = _single_close(text, s, end)
        if close is None:
            if text[start : opening.start()].strip():
                return found  # an apostrophe ('til, 'em) or a quote that never closes mid-paragraph
            e = end
            while e > s and text[e - 1].isspace():
                e -= 1
            found.append(_Quote(s, e, opening.start(), end, "single", True))
            return found
        e = close
        while e > s and text[e - 1].isspace():
            e -= 1
        found.append(_Quote(s, e, opening.start(), close + 1, "single", False))
        at = close + 1


def _single_close(text: str, start: int, end: int) -> int | None:
    """The offset of the mark that closes a single-quoted quotation opened before `start`."""
    for m in _SINGLE_CLOSE.finditer(text, start, end):
        if text[m.start() - 1] in ".,!?" or len(text[start : m.start()].split()) <= MAX_FRAGMENT_WORDS:
            return m.start()
    return None


@dataclass(frozen=True)
class _Speaker:
    text: str
    key: str
    via: str
    verb: str
    position: int


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """The verbs of speech of the bundled word classes (read once: asked for each quote)."""
    return frozenset(w for w, c in bundled_lexicon().word_classes if c == "speech-verb")


def _person_at(people: Sequence[Claim], start: int, end: int) -> Claim | None:
    for p in people:
        if start <= p.span.start and p.span.end <= end:
            return p
    return None


def _unnamed_before(text: str, tokens: list, index: int) -> str | None:
    """ "a Japanese foreign ministry official" ending just before token `index`."""
    if index == 0:
        return None
    head = tokens[index - 1]
    if head.form not in _UNNAMED_HEADS:
        return None
    k = index - 1
    while k > 0 and index - k < 6 and tokens[k - 1].form not in _DETERMINERS and tokens[k - 1].form not in _PRONOUNS:
        k -= 1
    if k > 0 and tokens[k - 1].form in _DETERMINERS:
        k -= 1
    return text[tokens[k].start : head.end]


# "Zadan and Meron said": joined by "and" or "&". A comma alone starts a description
# ("said Stuart Pimm, Doris Duke Professor of Conservation"), not a second speaker.
_AND = re.compile(r"\s*,?\s*(?:and|&)\s*$")
_AND_AFTER = re.compile(r"\s*,?\s*(?:and|&)\s*")


def _joint(text: str, person: Claim, people: Sequence[Claim], verb: str, before: bool) -> _Speaker:
    """ "Zadan and Meron said", "said Zadan and Meron": a statement of two people has both
    as its speaker (keys joined by "+", in key order)."""
    partner = None
    for other in people:
        if other is person or other.span.doc != person.span.doc:
            continue
        if before and other.span.end <= person.span.start and _AND.fullmatch(text, other.span.end, person.span.start):
            partner = other
        if not before and other.span.start >= person.span.end and _AND_AFTER.fullmatch(text, person.span.end, other.span.start):
            partner = other
    if partner is None:
        return _Speaker(person.span.text, person.key, "named", verb, person.span.start)
    pair = sorted([person, partner], key=lambda c: c.span.start)
    return _Speaker(" and ".join(c.span.text for c in pair), "+".join(sorted({c.key for c in pair})), "named", verb, pair[0].span.start)


# Verbs whose object is the one spoken to: "her rep told UsMagazine.com" names no speaker.
_TO_LISTENER = frozenset({"told", "tells", "tell", "telling", "asked", "asks", "informed", "assured", "warned"})
_APPOSITION = re.compile(r",[^,.;:!?\"\u201c\u201d]{3,160}\s*$")


def _before_apposition(text: str, person: Claim, people: Sequence[Claim], start: int) -> Claim:
    """The speaker of "Alan Thornhill, executive director of the Society for Conservation
    Biology, said": the person named before the commas, not the name that ends the
    description between them."""
    between = text[: person.span.start]
    match = _APPOSITION.search(between, start)
    if match is None or not text[person.span.end :].lstrip().startswith(","):
        return person
    for other in people:
        if other.span.doc == person.span.doc and other.span.end == match.start() and other.span.start >= start:
            return other
    return person


def _attribution(text: str, start: int, end: int, people: Sequence[Claim], after: bool) -> _Speaker | None:
    """A speaker in text[start:end], the stretch after (or before) a quotation."""
    verbs = _speech_verbs()
    tokens = words(text, start, end)
    order = range(len(tokens)) if after else range(len(tokens) - 1, -1, -1)
    for i in order:
        tok = tokens[i]
        if tok.form not in verbs:
            continue
        if i > 0:
            prev = tokens[i - 1]
            person = _person_at(people, prev.start, prev.end + 2) or _person_at(people, tokens[max(0, i - 3)].start, prev.end + 2)
            if person is not None and person.span.end >= prev.start:
                person = _before_apposition(text, person, people, start)
                return _joint(text, person, people, tok.form, before=True)
            if prev.form in _PRONOUNS:
                return _Speaker(text[prev.start : prev.end], "", "pronoun", tok.form, prev.start)
            unnamed = _unnamed_before(text, tokens, i)
            if unnamed:
                return _Speaker(unnamed, "", "unnamed", tok.form, tokens[i - 1].start)
        if i + 1 < len(tokens) and tok.form not in _TO_LISTENER:
            nxt = tokens[i + 1]
            person = _person_at(people, nxt.start, min(end, nxt.start + 80))
            if person is not None and person.span.start == nxt.start:
                return _joint(text, person, people, tok.form, before=False)
    for i, tok in enumerate(tokens[:-2] if after else []):
        if tok.form == "according" and tokens[i + 1].form == "to":
            person = _person_at(people, tokens[i + 2].start, end)
            if person is not None:
                return _Speaker(person.span.text, person.key, "according-to", "according to", person.span.start)
    return None


def _unnamed_speakers(text: str, sentences: Sequence[tuple[Span, BlockRole]], reading: Reading) -> list[tuple[int, str]]:
    """(position, phrase) of unnamed speakers anywhere: "a foreign ministry official said"."""
    verbs = _speech_verbs()
    found = []
    for sentence, _ in sentences:
        tokens = reading.words(sentence)
        for i, tok in enumerate(tokens):
            if tok.form in verbs:
                unnamed = _unnamed_before(text, tokens, i)
                if unnamed:
                    found.append((tokens[i - 1].start, unnamed))
    return found


def _resolve_pronoun(
    position: int, people: Sequence[Claim], unnamed: Sequence[tuple[int, str]], inside: Sequence[_Quote]
) -> tuple[str, str, str]:
    """(speaker text, key, via) of the most recent speaker outside quotation marks."""

    def quoted(pos: int) -> bool:
        return any(q.open_mark <= pos < q.close_mark for q in inside)

    best: tuple[int, str, str, str] | None = None
    for p in people:
        if p.span.start < position and not quoted(p.span.start):
            if best is None or p.span.start > best[0]:
                best = (p.span.start, p.person.full or p.span.text, p.key, "pronoun")
    for pos, phrase in unnamed:
        if pos < position and not quoted(pos) and (best is None or pos > best[0]):
            best = (pos, phrase, "", "pronoun-unnamed")
    if best is None:
        return "", "", "pronoun"
    return best[1], best[2], best[3]


def _sentence_of(sentences: Sequence[tuple[Span, BlockRole]], pos: int) -> tuple[Span, BlockRole] | None:
    for sentence, role in sentences:
        if sentence.start <= pos <= sentence.end:
            return sentence, role
    return None


def _is_partial(text: str, q: _Quote, sentence: Span) -> bool:
    lead = text[sentence.start : q.open_mark].strip()
    if not lead:
        return False
    if lead.endswith((":", ",")):
        return not lead.endswith(":") and len(words(text, q.start, q.end)) < 5
    return True


def extract_quotes(
    article: Article, sentences: Sequence[tuple[Span, BlockRole]], people: Sequence[Claim], reading: Reading | None = None
) -> list[Claim]:
    """Quote claims of the article's body and caption paragraphs, in text order. `reading`:
    the article's shared `Reading`, when other extractors read the same sentences."""
    reading = reading or Reading(article.text)
    text = article.text
    paragraphs = [(b.start, b.end) for b in article.blocks_of("body", "caption")]
    quotes = quotations_across(text, paragraphs)
    unnamed = _unnamed_speakers(text, sentences, reading)
    claims = []
    previous: tuple[_Quote, Claim] | None = None
    for q in quotes:
        if sum(1 for t in words(text, q.start, q.end) if any(c.isalpha() for c in t.form)) < 2:
            continue
        opening = _sentence_of(sentences, q.open_mark) or _sentence_of(sentences, q.start)
        closing = _sentence_of(sentences, min(q.close_mark, len(text)) - 1) or opening
        if opening is None or closing is None:
            continue
        sentence, role = opening
        next_open = min((o.open_mark for o in quotes if o.open_mark >= q.close_mark), default=len(text))
        after_end = min(closing[0].end, next_open)
        speaker = _attribution(text, q.close_mark, after_end, people, after=True)
        if speaker is None:
            prev_close = max((o.close_mark for o in quotes if o.close_mark <= q.open_mark), default=0)
            speaker = _attribution(text, max(sentence.start, prev_close), q.open_mark, people, after=False)
        key = ""
        speaker_name = speaker_key = speaker_via = verb = ""
        carried = _carried_speaker(text, paragraphs, q, previous) if speaker is None else None
        if carried is not None:
            # A quote that opens the paragraph after one given to a named speaker, with no
            # attribution of its own: the same speaker goes on (newsroom convention).
            key = speaker_key = carried.key
            speaker_name, speaker_via = carried.quote.speaker, "previous-paragraph"
        if speaker is not None:
            verb = speaker.verb
            if speaker.via == "pronoun":
                name, key, via = _resolve_pronoun(q.open_mark, people, unnamed, quotes)
                speaker_name = name or speaker.text
                speaker_via = via if name else "pronoun"
            else:
                key = speaker.key
                speaker_name, speaker_via = speaker.text, speaker.via
            speaker_key = key
        details = QuoteDetails(
            text=text[q.start : q.end],
            marks=q.marks,
            partial=_is_partial(text, q, sentence),
            continued=q.continued,
            speaker=speaker_name,
            speaker_key=speaker_key,
            speaker_via=speaker_via,
            verb=verb,
        )
        full_sentence = article.span(sentence.start, max(sentence.end, closing[0].end))
        value = " ".join(fold_text(text, q.start, q.end).split())
        claim = Claim("quote", article.span(q.start, q.end), key, value, full_sentence, role, details)
        claims.append(claim)
        previous = (q, claim)
    return claims


def _carried_speaker(text: str, paragraphs: Sequence[tuple[int, int]], q: _Quote, previous: tuple[_Quote, Claim] | None) -> Claim | None:
    """The previous quote's claim when it has a named speaker, stands in the paragraph just
    before, is not a fragment, and this quote opens its own paragraph."""
    if previous is None:
        return None
    last, claim = previous
    if not claim.key or claim.quote.speaker_via not in ("named", "according-to") or claim.quote.partial:
        return None
    mine = next((n for n, (s, e) in enumerate(paragraphs) if s <= q.open_mark < e), None)
    theirs = next((n for n, (s, e) in enumerate(paragraphs) if s <= last.open_mark < e), None)
    if mine is None or theirs is None or mine != theirs + 1 or text[paragraphs[mine][0] : q.open_mark].strip():
        return None
    return claim


__all__ = ["extract_quotes", "find_quotations", "quotations_across"]
