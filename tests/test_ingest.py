"""Reading inputs: every readable input becomes an article; every other one a named problem."""

import codecs
import datetime as dt
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.ingest import ReadOptions, article_from_text, read_inputs


def test_a_directory_is_read_recursively_by_suffix(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One story.\n\nSecond paragraph.", encoding="utf-8")
    (tmp_path / "two.md").write_text("Two story.", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    inputs = read_inputs([str(tmp_path)])
    assert sorted(a.id for a in inputs.articles) == ["one", "two"]
    assert inputs.problems == []


def test_standard_input_is_an_article():
    inputs = read_inputs(["-"], stdin=io.BytesIO(b"From a pipe."))
    assert [(a.id, a.text) for a in inputs.articles] == [("stdin", "From a pipe.")]


def test_jsonl_rows_carry_metadata_and_a_bad_row_is_named_by_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "w1", "text": "Wire copy.", "title": "T", "source": "AFP", "published": "2013-11-01", "url": "http://x"},
        "not an object",
        {"id": "w3", "text": "Third."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n{broken\n" + json.dumps(rows[2]), encoding="utf-8")
    inputs = read_inputs([str(path)])
    assert [a.id for a in inputs.articles] == ["w1", "w3"]
    first = inputs.articles[0]
    assert (first.source, first.published, first.url, first.text_is_file_content) == ("AFP", dt.date(2013, 11, 1), "http://x", False)
    assert [p.path for p in inputs.problems] == [f"{path}:2", f"{path}:3"]


def test_a_json_list_of_rows_is_read(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"id": "a", "text": "First."}, {"id": "b", "text": "Second."}]), encoding="utf-8")
    assert [a.id for a in read_inputs([str(path)]).articles] == ["a", "b"]


def test_html_is_reduced_to_article_text_with_caption_hints(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Site</title><script>alert('<p>x</p>')</script></head><body><nav>Home | World</nav>"
        "<article><h1>Ministers meet</h1><figure><figcaption>Kishida (L) and Lavrov shake hands.</figcaption></figure>"
        "<p>TOKYO (AFP) -- Ministers met on Friday &amp; agreed.</p><p>Broken <b>markup<p>still read</article></body></html>",
        encoding="utf-8",
    )
    article = read_inputs([str(page)]).articles[0]
    assert "alert" not in article.text and "Home" not in article.text
    assert article.headline.text == "Ministers meet"
    assert [c.text for c in article.captions] == ["Kishida (L) and Lavrov shake hands."]
    assert article.dateline.text == "TOKYO (AFP) --"
    assert "Ministers met on Friday & agreed." in article.text
    assert not article.text_is_file_content


def test_missing_binary_empty_and_undecodable_inputs_are_problems_and_the_rest_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A real story.", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01\x02")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    inputs = read_inputs([str(tmp_path), str(tmp_path / "nope.txt")])
    assert [a.id for a in inputs.articles] == ["good"]
    messages = {p.path.rsplit("/", 1)[-1]: p.message for p in inputs.problems}
    assert "binary" in messages["bin.txt"]
    assert "empty" in messages["empty.txt"]
    assert "--encoding cp1252" in messages["latin.txt"]
    assert "no such file" in messages["nope.txt"]


def test_an_explicit_encoding_leaves_utf8_files_of_the_same_run_alone(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 in M\u00fcnchen.".encode("latin-1"))
    (tmp_path / "utf8.txt").write_text("Caf\u00e9 in M\u00fcnchen.\u00a0Twice.", encoding="utf-8")
    inputs = read_inputs([str(tmp_path)], ReadOptions(encoding="latin-1"))
    assert not inputs.problems
    texts = {a.id: a.text for a in inputs.articles}
    assert texts["latin"] == "Caf\u00e9 in M\u00fcnchen."
    assert texts["utf8"] == "Caf\u00e9 in M\u00fcnchen.\u00a0Twice."


def test_an_explicit_encoding_reads_legacy_text(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    article = read_inputs([str(tmp_path)], ReadOptions(encoding="cp1252")).articles[0]
    assert article.text == "Caf\u00e9 \u201cquoted\u201d"


def test_bom_and_utf16_inputs_are_decoded_and_marked_as_not_the_file_bytes(tmp_path):
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + b"With a BOM.")
    (tmp_path / "wide.txt").write_bytes("Wide text.".encode("utf-16"))
    articles = {a.id: a for a in read_inputs([str(tmp_path)]).articles}
    assert articles["bom"].text == "With a BOM." and not articles["bom"].text_is_file_content
    assert articles["wide"].text == "Wide text."


def test_same_stems_in_two_folders_get_distinct_ids(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"Story {sub}.", encoding="utf-8")
    assert [a.id for a in read_inputs([str(tmp_path)]).articles] == ["story", "story~2"]


def test_published_metadata_per_file_and_for_all(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    options = ReadOptions(published={"a": dt.date(2020, 1, 1), "*": dt.date(2021, 2, 2)})
    dates = {a.id: a.published for a in read_inputs([str(tmp_path)], options).articles}
    assert dates == {"a": dt.date(2020, 1, 1), "b": dt.date(2021, 2, 2)}


def test_crlf_text_keeps_its_offsets(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(b"Headline\r\n\r\nTOKYO - Body text here.\r\n\r\nMore body.")
    article = read_inputs([str(tmp_path)]).articles[0]
    assert article.dateline.text == "TOKYO -"
    for block in article.blocks:
        assert "\r" not in article.text[block.start : block.end]


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=150, deadline=None)
@given(_text)
def test_every_block_span_indexes_the_original_text(text):
    article = article_from_text("doc", text)
    for block in article.blocks:
        span = article.span(block.start, block.end)
        assert article.text[span.start : span.end] == span.text
        assert span.text.strip()


def test_a_json_file_with_no_article_rows_given_by_name_is_one_problem_not_one_a_row(tmp_path):
    path = tmp_path / "index.jsonl"
    path.write_text("\n".join(json.dumps({"doc": f"d{i}", "path": f"{i}.txt"}) for i in range(50)), encoding="utf-8")
    inputs = read_inputs([str(path)])
    assert len(inputs.problems) == 1
    assert inputs.problems[0].path == str(path) and "none of its 50 rows" in inputs.problems[0].message


def test_a_folder_s_metadata_index_and_readme_are_passed_over_and_counted(tmp_path):
    (tmp_path / "index.jsonl").write_text("\n".join(json.dumps({"doc": f"d{i}"}) for i in range(5)), encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these articles", encoding="utf-8")
    (tmp_path / "story.txt").write_text("A story.", encoding="utf-8")
    inputs = read_inputs([str(tmp_path)])
    assert [a.id for a in inputs.articles] == ["story"] and not inputs.problems
    assert inputs.files_read == 1
    assert sorted(Path(s.path).name for s in inputs.skipped) == ["README.md", "index.jsonl"]


def test_exclude_patterns_and_gitignore_files_leave_paths_out(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.txt").write_text("A draft.", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "story.txt").write_text("An old story.", encoding="utf-8")
    (tmp_path / "old" / "keep.txt").write_text("Kept.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("One story.", encoding="utf-8")
    (tmp_path / "one.bak.txt").write_text("A backup.", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("# generated\n*.bak.txt\nold/*\n!old/keep.txt\n", encoding="utf-8")
    inputs = read_inputs([str(tmp_path)], ReadOptions(exclude=("drafts/",)))
    assert sorted(a.id for a in inputs.articles) == ["keep", "one"]
    reasons = {Path(s.path).name: s.reason for s in inputs.skipped}
    assert reasons["drafts"] == "excluded by 'drafts/'"
    assert reasons["one.bak.txt"] == reasons["story.txt"] == "ignored by .gitignore"


def test_files_given_by_name_are_read_whatever_the_excludes(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("Some article text that happens to be called README.", encoding="utf-8")
    assert [a.id for a in read_inputs([str(readme)], ReadOptions(exclude=("*.md",))).articles] == ["README"]
