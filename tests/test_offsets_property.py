"""Offsets are sacred: every span the whole pipeline reports indexes its article's text."""

from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.ingest import article_from_text
from reconcile.pipeline import analyse

# Pieces of newsroom copy, with the characters that tempt a normaliser to shift offsets:
# curly quotes, dashes, accents written two ways, invisible characters, CRLF.
_PIECES = st.sampled_from(
    [
        "TOKYO (AFP) -- ",
        "Foreign Minister Sergey Lavrov ",
        "Sergei Lavrov ",
        "Fumio Kishida said ",
        "\u201cWe agreed,\u201d he said. ",
        "some 19,000 Russians ",
        "about 200 feet ",
        "on Friday ",
        "last October ",
        "the Daioyu Islands ",
        "the US and Australia ",
        "Zelensk\u00fd ",
        "Zelensky\u0301 ",
        "co\u00adoperation ",
        "Lav\u200brov ",
        "\u2014 ",
        "\r\n",
        "\n\n",
        ". ",
        "1,000-member ",
        "in Moscow ",
        "PUBLISHED : Friday, 01 November, 2013, 4:12am\n\n",
        "Back To Top\n\n",
        "(front) attends ",
    ]
)
_story = st.lists(_PIECES | st.text(max_size=8), min_size=1, max_size=40).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_story, min_size=1, max_size=3))
def test_every_reported_span_indexes_its_article(texts):
    articles = [article_from_text(f"d{i}", text) for i, text in enumerate(texts)]
    # A copy of the first story makes sure overlaps and cross-source findings are exercised.
    articles.append(article_from_text("copy", texts[0].replace("Sergey", "Sergei")))
    report = analyse(articles)
    by_id = {a.id: a.text for a in articles}
    spans = [s for o in report.overlaps for s in (o.a, o.b)]
    spans += [s for f in report.findings for s in f.evidence]
    spans += [s for c in report.claims for s in (c.span, c.sentence)]
    for span in spans:
        assert by_id[span.doc][span.start : span.end] == span.text
