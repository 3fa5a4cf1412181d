"""Which articles tell one story, so that facts are compared only where they can clash.

Articles belong to one story when they are copies (the overlap stage aligned passages of
them) or when they report one event. Reports of one event name the same people, places
and bodies, and name the main ones often: each article is a vector of the names it
capitalises, weighted by how often it names each (log of the count) and by how rare the
name is in the run (idf), and articles are grouped by average-linkage clustering on the
cosine of those vectors. Average linkage, unlike chaining pairs, keeps apart two events
of one kind that share a name or two (two fights of one boxer, two quakes on one island):
a group takes an article only if it resembles the group as a whole. Articles published
further apart than `MAX_DAYS_APART` are never grouped unless they are copies.

`Stories.about_same` then asks the finer question for two claims: does each article know
the names the other's sentence is about? "Klitschko stopped Rahman in the seventh" and
"Klitschko stopped Thompson in the sixth" share a boxer, but the second article never
names Rahman: the two sentences are about different fights.

Work is bounded: similarities are computed only for articles that share a name held by
at most `MAX_POSTING` articles, and clustering runs on that sparse graph.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

from ..model import Article, Claim, Overlap
from ..text import words, words_within

StoryLink = Literal["copies", "independent"]

# Average cosine similarity of name vectors at which two groups of articles are one story.
MIN_STORY_SIMILARITY = 0.07
# Copies are one story whatever their names: their similarity is taken to be at least this.
COPY_SIMILARITY = 0.5
# Articles published further apart than this report different events (unless copies).
MAX_DAYS_APART = 21
# Names held by more articles than this do not propose pairs (they still score).
MAX_POSTING = 200

NOT_NAMES = frozenset(
    """the a an and but or of in on at by for to with from as this that these those it its he she they we i you
    his her their our mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december""".split()
)


def opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` is the first of its sentence or line (and so capitalised
    anyway), or of a quoted sentence (he said, "There was...")."""
    i = at - 1
    quoted = False
    while i >= 0 and text[i] in " \t\"'\u201c\u2018(":
        quoted = quoted or text[i] in '"\u201c'
        i -= 1
    return i < 0 or text[i] in ".!?:\n\u2014-" or (quoted and text[i] == ",")


def name_form(form: str) -> str:
    """A name word without a possessive ending: "heffner's" -> "heffner"."""
    for ending in ("'s", "\u2019s"):
        if form.endswith(ending):
            return form[: -len(ending)]
    return form


def name_counts(article: Article) -> Counter[str]:
    """Folded words an article capitalises away from a sentence start in its body and
    captions (and anywhere in its headline), with how often: the names it knows."""
    text = article.text
    found: Counter[str] = Counter()
    for block in article.blocks_of("body", "caption", "headline"):
        for tok in words_within(text, block.start, block.end):
            form = name_form(tok.form)
            if (
                text[tok.start].isupper()
                and len(form) > 2
                and form not in NOT_NAMES
                and (block.role == "headline" or not opens_sentence(text, tok.start))
            ):
                found[form] += 1
    return found


def article_names(article: Article) -> frozenset[str]:
    return frozenset(name_counts(article))


@dataclass
class Stories:
    """The story relation between the articles of one run.

    links: articles grouped into one story, and how (copies or independent reports).
    similarity: the cosine of the name vectors of two articles that share a name, whatever
        their dates: a weaker tie, enough for comparing how they spell a name.
    story_of: each grouped article's story, a number: two articles are linked exactly when
        they are one article or share a number, so comparisons made only between linked
        articles can be bucketed by it (an indexed key) instead of trying every pair.
    """

    names: dict[str, frozenset[str]]
    links: dict[str, dict[str, StoryLink]] = field(default_factory=dict)
    similarity: dict[tuple[str, str], float] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    common: frozenset[str] = frozenset()
    story_of: dict[str, int] = field(default_factory=dict)

    def resemblance(self, a: str, b: str) -> float:
        """How alike two articles' names are (1 for one article)."""
        if a == b:
            return 1.0
        return self.similarity.get((a, b) if a < b else (b, a), 0.0)

    def link(self, a: str, b: str) -> StoryLink | None:
        """How two articles are one story ("copies" or "independent" reports), or None."""
        if a == b:
            return "copies"
        return self.links.get(a, {}).get(b)

    def story(self, doc: str) -> int | str:
        """A key shared by the articles `link` links, and by no others: the story's number,
        or the article's own id when it is in no story with another."""
        return self.story_of.get(doc, doc)

    def related(self, doc: str) -> dict[str, StoryLink]:
        return self.links.get(doc, {})

    def knows(self, doc: str, names: Iterable[str], source: str | None = None) -> bool:
        """Whether article `doc` names (nearly) every one of `names`: the people and places
        a sentence is about. Words the run mostly writes in lower case ("Heavyweight
        Champion") are not names here. Given the `source` article of the sentence, a name it
        gives only once (the referee of a fight, a bystander) may be missing: a detail
        another report may leave out, where a name it repeats is what it is about. Figures
        allow that; dates, whose sentences differ by little else than their names, do not."""
        names = [n for n in names if n not in self.common and n not in NOT_NAMES]
        if not names:
            return True
        held = self.names.get(doc, frozenset())
        mentions: dict[str, int] = self.counts.get(source, {}) if source is not None else {}
        missing = sum(1 for n in names if n not in held and (source is None or mentions.get(n, 0) != 1))
        return missing <= (1 if len(names) >= 4 else 0)

    def about_same(self, x: Claim, y: Claim) -> bool:
        """Two claims of one story whose sentences each name only what the other article knows."""
        if x.span.doc == y.span.doc:
            return True
        return self.knows(y.span.doc, sentence_names(x)) and self.knows(x.span.doc, sentence_names(y))


def sentence_names(claim: Claim) -> frozenset[str]:
    """Folded capitalised words of a claim's sentence, other than its first word and the
    claim's own words."""
    text = claim.sentence.text
    own_start = claim.span.start - claim.sentence.start
    own_end = own_start + len(claim.span.text)
    found = set()
    for tok in words(text):
        if own_start <= tok.start < own_end:
            continue
        form = name_form(tok.form)
        if text[tok.start].isupper() and len(form) > 2 and form not in NOT_NAMES and not opens_sentence(text, tok.start):
            found.add(form)
    return frozenset(found)


def find_stories(articles: Sequence[Article], overlaps: Sequence[Overlap]) -> Stories:
    """The story relation: articles grouped by average-linkage clustering of their names
    (copies always together), linked as "copies" when they share an aligned passage and
    as "independent" reports otherwise."""
    counts = {a.id: name_counts(a) for a in articles}
    names = {doc: frozenset(c) for doc, c in counts.items()}
    published = {a.id: a.published for a in articles}
    copies: dict[str, set[str]] = defaultdict(set)
    for ov in overlaps:
        if ov.a.doc != ov.b.doc:
            copies[ov.a.doc].add(ov.b.doc)
            copies[ov.b.doc].add(ov.a.doc)
    similarity = name_similarities(counts, copies)
    dated = {pair: value for pair, value in similarity.items() if not _far_apart(pair, published, copies)}
    stories = Stories(names, similarity=similarity, counts=counts, common=_common_words(articles, counts))
    links: dict[str, dict[str, StoryLink]] = defaultdict(dict)
    for number, group in enumerate(_average_linkage([a.id for a in articles], dated)):
        if len(group) > 1:
            stories.story_of.update((doc, number) for doc in group)
        for a in group:
            for b in group:
                if a != b:
                    links[a][b] = "copies" if b in copies[a] else "independent"
    stories.links = dict(links)
    return stories


def _common_words(articles: Sequence[Article], counts: dict[str, Counter[str]]) -> frozenset[str]:
    """Capitalised words the run writes in lower case at least as often ("Champion",
    "Heavyweight" in a title-cased line): common words, not names."""
    capitalised: Counter[str] = Counter()
    for c in counts.values():
        capitalised.update(c)
    lower: Counter[str] = Counter()
    for a in articles:
        lower.update(t.form for t in words_within(a.text, 0, len(a.text)) if t.form in capitalised and a.text[t.start].islower())
    return frozenset(w for w, n in lower.items() if n >= capitalised[w])


def _far_apart(pair: tuple[str, str], published: dict, copies: dict[str, set[str]]) -> bool:
    a, b = pair
    pa, pb = published.get(a), published.get(b)
    return bool(pa and pb and abs((pa - pb).days) > MAX_DAYS_APART and b not in copies.get(a, ()))


def name_similarities(counts: dict[str, Counter[str]], copies: dict[str, set[str]]) -> dict[tuple[str, str], float]:
    """Cosine similarity of the name vectors of articles that share a rare enough name."""
    holders: dict[str, list[str]] = defaultdict(list)
    for doc, names in counts.items():
        for name in names:
            holders[name].append(doc)
    total = len(counts)
    idf = {name: math.log((total + 1) / len(docs)) + 0.1 for name, docs in holders.items()}
    vectors = {doc: {n: (1 + math.log(k)) * idf[n] for n, k in names.items()} for doc, names in counts.items()}
    norms = {doc: math.sqrt(sum(v * v for v in vector.values())) or 1.0 for doc, vector in vectors.items()}
    pairs: set[tuple[str, str]] = set()
    for docs in holders.values():
        if len(docs) <= MAX_POSTING:
            pairs.update((a, b) if a < b else (b, a) for i, a in enumerate(docs) for b in docs[i + 1 :])
    for a, others in copies.items():
        pairs.update((a, b) if a < b else (b, a) for b in others)
    similarity: dict[tuple[str, str], float] = {}
    for a, b in pairs:
        va, vb = vectors[a], vectors[b]
        small, large = (va, vb) if len(va) <= len(vb) else (vb, va)
        value = sum(w * large[n] for n, w in small.items() if n in large) / (norms[a] * norms[b])
        if b in copies.get(a, ()):
            value = max(value, COPY_SIMILARITY)
        if value > 0:
            similarity[(a, b)] = value
    return similarity


def _average_linkage(docs: Sequence[str], similarity: dict[tuple[str, str], float]) -> list[list[str]]:
    """Groups of articles: start with one a group, merge the two groups whose average
    pairwise similarity (missing pairs count 0) is highest, while it is at least
    `MIN_STORY_SIMILARITY`. Sums of similarities between groups are kept, so a merge costs
    the number of groups the two touch."""
    group_of = {doc: i for i, doc in enumerate(docs)}
    members: dict[int, list[str]] = {i: [doc] for i, doc in enumerate(docs)}
    between: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), value in similarity.items():
        ga, gb = group_of[a], group_of[b]
        between[ga][gb] = between[ga].get(gb, 0.0) + value
        between[gb][ga] = between[gb].get(ga, 0.0) + value
    heap = [(-value / 1.0, ga, gb) for ga, row in between.items() for gb, value in row.items() if ga < gb]
    heapq.heapify(heap)
    while heap:
        negative, ga, gb = heapq.heappop(heap)
        if ga not in members or gb not in members:
            continue
        current = between[ga].get(gb, 0.0) / (len(members[ga]) * len(members[gb]))
        if abs(current + negative) > 1e-12:
            continue  # a stale entry: the groups changed since it was pushed
        if current < MIN_STORY_SIMILARITY:
            break
        members[ga].extend(members.pop(gb))
        row = between.pop(gb)
        row.pop(ga, None)
        between[ga].pop(gb, None)
        for other, value in row.items():
            between[other].pop(gb, None)
            between[ga][other] = between[ga].get(other, 0.0) + value
            between[other][ga] = between[ga][other]
        for other, value in between[ga].items():
            heapq.heappush(heap, (-value / (len(members[ga]) * len(members[other])), min(ga, other), max(ga, other)))
    return list(members.values())


__all__ = [
    "NOT_NAMES",
    "Stories",
    "StoryLink",
    "article_names",
    "find_stories",
    "name_counts",
    "name_form",
    "name_similarities",
    "opens_sentence",
    "sentence_names",
]
