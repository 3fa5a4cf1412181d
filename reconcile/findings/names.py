"""Name findings: how sources spell, vary and title the people, places and bodies they name.

Four kinds, each from person, place and org claims (see `reconcile.claims`):

- ``name-spelling``: a name one edit or one transposition away from the form the lexicon
  or other copies use ("Daioyu" for "Diaoyu"), a misspelling the lexicon lists, or a form a
  user vocabulary rejects. Conflict when the lexicon or a vocabulary says which form is
  right; variant when two copies disagree and nothing says which is right. Words the
  lexicon knows and words a vocabulary accepts are never misspellings.
- ``name-variant``: one person written with two accepted spellings, transliterations or
  honorifics ("Sergey"/"Sergei" Lavrov, "Mrs"/"Ms"), across articles or within one.
  People who merely share a given name (Sergey Lavrov, Sergei Shoigu) are never compared.
- ``alias``: one place or body named with different aliases by copies of one story (articles
  that share passages). Variant when two articles
  name it with no name in common ("United States" against "US"); agreement when the
  articles that name it share a name that is an alias ("Northern Territories").
- ``role``: agreement when two or more articles give a person the same role; conflict
  when passages that overlap give one office of one country to two different people, or
  give one person two single-holder offices. Within one article, two offices for one
  person in the body is a variant; caption against body is left to the caption findings.

A person in one article and a person in another are the same when the lexicon says so
(same canonical id), or when their surname and given name (or a lexicon variant of it)
agree. A different given name is a different person, unless it is one edit away *and*
the two mentions sit in passages an overlap aligns.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..claims.lexicon import Lexicon, name_key
from ..model import Article, Claim, Finding, Overlap
from ..text import fold
from .aliases import alias_findings
from .base import OverlapIndex, docs_phrase, make_finding
from .misspellings import listed_misspellings, person_spellings, word_spellings
from .roles import role_findings
from .scripts import has_mixed_script

# Honorifics that say how to address someone; a title (Dr, Rev, Sir) may stand beside them.
FORMS_OF_ADDRESS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "M", "Mme", "Herr", "Frau"})


def name_findings(articles: Sequence[Article], claims: Sequence[Claim], overlaps: Sequence[Overlap], lexicon: Lexicon) -> list[Finding]:
    """Spelling, variant, alias and role findings for these articles.

    Three passes look for misspellings, each leaving alone the words the passes before it
    flagged: the lexicon's lists, then people, then the other words of names. Each pass
    says which words it flagged (article id, start), so that none depends on state."""
    index = OverlapIndex(overlaps)
    # A name that mixes scripts is a mixed-script finding (see `scripts`), not a spelling.
    people = [c for c in claims if c.kind == "person" and not has_mixed_script(c.span.text)]
    named = [c for c in claims if c.kind in ("place", "org") and not has_mixed_script(c.span.text)]
    listed, listed_at = listed_misspellings(articles, lexicon)
    spelled, spelled_at = person_spellings(people, index, lexicon, listed_at)
    found = listed + spelled
    found += word_spellings(articles, claims, named, lexicon, listed_at | spelled_at)
    found += name_variants(people, lexicon)
    found += alias_findings(named, overlaps)
    found += role_findings(people, index, lexicon)
    return found


# --- name-variant ---------------------------------------------------------------------------

_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def name_variants(people: Sequence[Claim], lexicon: Lexicon) -> list[Finding]:
    """One person, two accepted spellings of the name, or two honorifics."""
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for claim in people:
        by_person[claim.key].append(claim)
    found = []
    for key, mentions in sorted(by_person.items()):
        full = [c for c in mentions if c.person.mention == "full"]
        forms: dict[str, list[Claim]] = defaultdict(list)
        for c in full:
            # "George W. Bush" and "George Bush" are one spelling: initials are left out.
            forms[" ".join(w for w in name_key(c.span.text) if len(w) > 1)].append(c)
        if len(forms) > 1:
            groups = sorted(forms.values(), key=lambda cs: (-len(cs), cs[0].span.doc, cs[0].span.start))
            first = groups[0][0]
            linked = [g for g in groups[1:] if _variant_of(first, g[0], lexicon)]
            if linked:
                chosen = [groups[0], *linked]
                surname = first.person.surname or first.span.text.split()[-1]
                parts = [f'"{g[0].span.text}" ({docs_phrase(c.span.doc for c in g)})' for g in chosen]
                found.append(
                    make_finding(
                        "name-variant",
                        "variant",
                        f"{surname}'s name is spelled {_COUNT_WORDS.get(len(chosen), str(len(chosen)))} ways: "
                        + ", ".join(parts[:-1])
                        + " and "
                        + parts[-1],
                        [g[0].span.text for g in chosen],
                        [c.span for g in chosen for c in g],
                        subject=key,
                    )
                )
    return found


def _variant_of(a: Claim, b: Claim, lexicon: Lexicon) -> bool:
    """Two accepted spellings of one person's name: both lexicon forms of one person, or the
    same surname with given names a lexicon group links."""
    ka, kb = name_key(a.span.text), name_key(b.span.text)
    entry = next((p for p in lexicon.people if p.id == a.person.canonical), None)
    if entry is not None and a.person.canonical == b.person.canonical:
        forms = {name_key(f) for f in entry.forms}
        if ka in forms and kb in forms:
            return True
    sa, sb = a.person.surname, b.person.surname
    return fold(sa).text == fold(sb).text and lexicon.same_given_name(a.person.given, b.person.given)


__all__ = ["FORMS_OF_ADDRESS", "name_findings", "name_variants"]
