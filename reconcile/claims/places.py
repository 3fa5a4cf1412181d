"""Place and organisation claims: every named place or body in body and caption sentences.

Names are found two ways. First the lexicon: the longest run of words that is a name or
alias of a known place or body ("Northern Territories", "U.S.", "State Duma"), with the
case rules of `lexicon.caps_only` and capitals where the lexicon writes capitals (so "us"
is never the United States). Then patterns for names the lexicon lacks: a capitalised run
ending in a place word ("Daioyu Islands", "Crimean peninsula"), a place word with "of"
("Sea of Azov", "Gulf of Aden"), and a capitalised run holding an organisation word
("Jiji Press", "Betty Ford Center", "Ministry of Foreign Affairs").

Claims (kind "place" or "org"):
    key    the lexicon id ("senkaku-islands") when known, else the folded name ("daioyu islands")
    value  the lexicon's house name ("Senkaku Islands"), else the name as written
    span   the name as written (possessive "'s" left out)
    details:
        alias      the name exactly as written in the text
        canonical  the house name (lexicon) or the name as written (pattern)
        entry      the lexicon id, "" for names found by pattern
        type       country, city, islands, sea, party, media... ("place"/"org" for patterns)
        source     "lexicon" or "pattern"

Every span indexes the article's original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, NamedTuple, Sequence

from ..model import Article, BlockRole, Claim, PlaceDetails, Span
from ..text import Token, fold_word, words
from .lexicon import Lexicon, NameEntry, caps_only, name_key
from .reading import Reading

_POSSESSIVE = ("'s", "\u2019s", "'S", "\u2019S")
_CONNECTORS = frozenset({"of", "for", "de", "du", "des"})
_LOWERCASE_PLACE_WORDS = frozenset({"peninsula", "islands", "isles", "archipelago", "islets"})
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "new", "great", "greater"}
)
_TIGHT_GAP = re.compile(r"[ \t\u00a0.]{0,3}")


class NameToken(NamedTuple):
    """A word of a sentence ready for name matching: possessive split off, case noted.

    A named tuple rather than a dataclass: every word of every sentence becomes one, and
    the name finders ask each whether it is capitalised many times over."""

    start: int
    end: int  # end of the word without a possessive "'s"
    form: str  # folded, without possessive
    surface: str
    possessive: bool
    capitalised: bool  # the first character is a capital

    @property
    def all_caps(self) -> bool:
        letters = [c for c in self.surface if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)


def name_tokens(text: str, start: int, end: int) -> list[NameToken]:
    """Words of ``text[start:end]`` with a trailing possessive ("Japan's") split off."""
    return name_tokens_of(text, words(text, start, end))


def name_tokens_of(text: str, tokens: Sequence[Token]) -> list[NameToken]:
    """`name_tokens` of words already read; only a possessive word is folded again."""
    result = []
    for token in tokens:
        surface = text[token.start : token.end]
        possessive = surface.endswith(_POSSESSIVE) and len(surface) > 2
        if possessive:
            stop = token.end - 2
            surface = text[token.start : stop]
            form = fold_word(surface)
        else:
            stop, form = token.end, token.form
        if form:
            result.append(NameToken(token.start, stop, form, surface, possessive, surface[:1].isupper()))
    return result


def sentence_name_tokens(reading: Reading, sentence: Span) -> list[NameToken]:
    """A sentence's `name_tokens`, read once per article (people and places both use them)."""
    return reading.kept("name tokens", sentence, lambda: name_tokens_of(reading.text, reading.words(sentence)))


def sentence_names(reading: Reading, sentence: Span, lexicon: Lexicon) -> list[NameMatch]:
    """A sentence's places and bodies (`find_names`), found once per article: people label
    them and places make claims of them."""
    return reading.kept("names", sentence, lambda: find_names(reading.text, sentence_name_tokens(reading, sentence), lexicon))


def is_compound_modifier(tok: NameToken) -> bool:
    """ "Japanese-claimed", "Russian-held": a capitalised word that is an adjective, not a name."""
    head, dash, tail = tok.surface.partition("-")
    return bool(dash) and tail[:1].islower()


def adjacent(text: str, left: NameToken, right: NameToken) -> bool:
    """Two words of one name: nothing but a space or an abbreviation's full stop between."""
    if left.possessive:
        return False
    if right.start == left.end + 1 and text[left.end] == " ":
        return True  # the usual gap, one space, without the pattern
    return _TIGHT_GAP.fullmatch(text, left.end, right.start) is not None


@dataclass(frozen=True)
class NameMatch:
    """A place or body found at tokens[first:first+count]."""

    first: int
    count: int
    kind: Literal["place", "org"]
    entry: NameEntry | None
    start: int
    end: int


def _case_fits(form: str, toks: Sequence[NameToken]) -> bool:
    if caps_only(form):
        return all(t.all_caps for t in toks)
    form_words = words(form)
    if len(form_words) != len(toks):
        return False
    return all(not form[w.start].isupper() or t.capitalised for w, t in zip(form_words, toks))


def adjacent_runs(text: str, toks: Sequence[NameToken]) -> list[int]:
    """For each token, how many tokens from it on are joined as words of one name
    (`adjacent`): a lexicon name starting there can be no longer."""
    runs = [1] * len(toks)
    for i in range(len(toks) - 2, -1, -1):
        if adjacent(text, toks[i], toks[i + 1]):
            runs[i] = runs[i + 1] + 1
    return runs


def known_name_at(text: str, toks: Sequence[NameToken], i: int, lexicon: Lexicon, runs: Sequence[int] | None = None) -> NameMatch | None:
    """The longest lexicon place or body starting at token i, if any. `runs` (from
    `adjacent_runs`) saves re-testing the gaps of every candidate length."""
    longest = lexicon.longest_alias_from(toks[i].form)
    if not longest:
        return None
    i_run = runs[i] if runs is not None else adjacent_runs(text, toks[i : i + longest])[0]
    limit = min(longest, len(toks) - i, i_run)
    for count in range(limit, 0, -1):
        span = toks[i : i + count]
        for entry, form in lexicon.named_entries(tuple(t.form for t in span)):
            if _case_fits(form, span):
                end = span[-1].end
                # "U.S." keeps its closing full stop.
                if form.endswith(".") and text[end : end + 1] == ".":
                    end += 1
                return NameMatch(i, count, entry.kind, entry, span[0].start, end)
    return None


def _word_is(lexicon: Lexicon, tok: NameToken, cls: str) -> bool:
    return cls in lexicon.word_class(tok.form)


# No name runs longer; the cap keeps a sentence of capitals (text in ALL CAPS) linear:
# every token starts a run, and an uncapped run would be read to its end each time.
MAX_NAME_WORDS = 12


def _capitalised_run(text: str, toks: Sequence[NameToken], i: int, lexicon: Lexicon) -> int:
    """How many tokens from i form one capitalised run, connectors ("of", "and") allowed
    inside, at most `MAX_NAME_WORDS`."""
    j = i
    while j < len(toks) and j - i < MAX_NAME_WORDS and toks[j].capitalised and not is_compound_modifier(toks[j]):
        if j > i and not adjacent(text, toks[j - 1], toks[j]):
            break
        j += 1
        if toks[j - 1].possessive:
            break
        # "Ministry of Foreign Affairs": a connector followed by another capitalised word.
        if (
            j + 1 < len(toks)
            and toks[j].form in _CONNECTORS
            and not toks[j].capitalised
            and toks[j + 1].capitalised
            and adjacent(text, toks[j - 1], toks[j])
            and adjacent(text, toks[j], toks[j + 1])
        ):
            j += 1
    return j - i


def pattern_name_at(text: str, toks: Sequence[NameToken], i: int, lexicon: Lexicon, sentence_start: bool) -> NameMatch | None:
    """An unknown place or body starting at token i, found by its shape."""
    tok = toks[i]
    # "Sea of Azov", "Gulf of Aden": a capitalised place word, "of", a capitalised name.
    if (
        tok.capitalised
        and _word_is(lexicon, tok, "place-word")
        and i + 2 < len(toks)
        and toks[i + 1].form == "of"
        and toks[i + 2].capitalised
        and not _word_is(lexicon, toks[i + 2], "not-name")
        and adjacent(text, tok, toks[i + 1])
        and adjacent(text, toks[i + 1], toks[i + 2])
    ):
        return NameMatch(i, 3, "place", None, tok.start, toks[i + 2].end)
    if not tok.capitalised:
        return None
    count = _capitalised_run(text, toks, i, lexicon)
    if count == 0:
        return None
    run = list(toks[i : i + count])
    # Sentence openers and words that are never names do not start a name.
    if _word_is(lexicon, run[0], "not-name") and run[0].form not in _COMPASS:
        return None
    # "Daioyu Islands", "Crimean peninsula": a run ending in a place word.
    after = i + count
    if (
        after < len(toks)
        and not toks[after].capitalised
        and toks[after].form in _LOWERCASE_PLACE_WORDS
        and adjacent(text, run[-1], toks[after])
        and not all(lexicon.demonym_of_form(t.form) or _word_is(lexicon, t, "not-name") for t in run)
    ):
        return NameMatch(i, count + 1, "place", None, run[0].start, toks[after].end)
    if count >= 2 and _word_is(lexicon, run[-1], "place-word") and run[-1].capitalised:
        core = [t for t in run[:-1] if t.form not in _CONNECTORS]
        if core and not all(_word_is(lexicon, t, "not-name") and t.form not in _COMPASS for t in core):
            return NameMatch(i, count, "place", None, run[0].start, run[-1].end)
    # "Jiji Press", "Ministry of Foreign Affairs", "Betty Ford Center".
    org_at = [k for k, t in enumerate(run) if _word_is(lexicon, t, "org-word") and t.capitalised]
    if count >= 2 and org_at:
        last = org_at[-1]
        # "Ministry of Defence": the org word may open the name when "of" follows it.
        if last > 0 or (count >= 3 and run[1].form in _CONNECTORS):
            stop = count if last == 0 else last + 1
            if run[stop - 1].form in _CONNECTORS:
                stop -= 1
            return NameMatch(i, stop, "org", None, run[0].start, run[stop - 1].end)
    return None


def find_names(text: str, toks: Sequence[NameToken], lexicon: Lexicon) -> list[NameMatch]:
    """Every place and body in a sentence's tokens, left to right, without overlaps.

    A pattern name longer than the lexicon name at the same place wins ("Sochi Olympics"
    over "Sochi"), so that a known word inside an unknown name is not taken alone.

    Only words that can start a name are visited: a pattern name starts with a capital,
    a lexicon name with a word `Lexicon.longest_alias_from` knows. These are few, so
    each tests the gaps after it itself (`known_name_at` without `runs`) rather than
    every gap of the sentence being tested first."""
    found: list[NameMatch] = []
    can_start = [i for i, tok in enumerate(toks) if tok.capitalised or lexicon.longest_alias_from(tok.form)]
    resume = 0
    for i in can_start:
        if i < resume:
            continue  # inside the name found last
        known = known_name_at(text, toks, i, lexicon)
        pattern = pattern_name_at(text, toks, i, lexicon, i == 0)
        best = known
        if pattern is not None and (known is None or pattern.count > known.count):
            best = pattern
        if best is not None:
            found.append(best)
            resume = best.first + best.count
    return found


def _claim(article: Article, match: NameMatch, sentence: Span, role: BlockRole) -> Claim:
    span = article.span(match.start, match.end)
    if match.entry is not None:
        entry = match.entry
        key, value = entry.id, entry.name
        details = PlaceDetails(alias=span.text, canonical=entry.name, entry=entry.id, type=entry.type, source="lexicon")
    else:
        key, value = " ".join(name_key(span.text)), span.text
        details = PlaceDetails(alias=span.text, canonical=span.text, entry="", type=match.kind, source="pattern")
    return Claim(match.kind, span, key, value, sentence, role, details)


def extract_places(
    article: Article, sentences: Sequence[tuple[Span, BlockRole]], lexicon: Lexicon, reading: Reading | None = None
) -> list[Claim]:
    """Place and org claims of the given sentences, in text order. `reading`: the article's
    shared `Reading`, when other extractors read the same sentences."""
    reading = reading or Reading(article.text)
    claims = []
    for sentence, role in sentences:
        for match in sentence_names(reading, sentence, lexicon):
            claims.append(_claim(article, match, sentence, role))
    return claims


__all__ = [
    "NameMatch",
    "NameToken",
    "adjacent",
    "extract_places",
    "find_names",
    "known_name_at",
    "name_tokens",
    "name_tokens_of",
    "sentence_name_tokens",
    "sentence_names",
]
