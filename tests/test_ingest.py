"""Tests for :mod:`kg.ingest`: every input format, folders and every error case."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest import (
    MAX_BYTES,
    SUPPORTED_SUFFIXES,
    iter_articles,
    parse_html,
    parse_markdown,
    parse_text,
    read_article,
)
from kg.model import Article, Dateline

DATA = Path(__file__).parent / "data" / "ingest"


def _one(path: Path) -> Article:
    articles = read_article(path)
    assert len(articles) == 1
    return articles[0]


def _check_layout(article: Article) -> None:
    """The invariants every article keeps, whatever its format."""
    if article.title:
        assert article.text.startswith(article.title + "\n\n")
        assert article.body_start == len(article.title) + 2
    else:
        assert article.body_start == 0
    assert article.body and article.body == article.body.strip()
    for paragraph in article.body.split("\n\n"):
        assert paragraph and "\n" not in paragraph and "  " not in paragraph


# --------------------------------------------------------------------------- #
# Plain text and datelines
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("opening", "dateline", "rest"),
    [
        ("MOSCOW, October 29. /TASS/. Existing ties", Dateline("MOSCOW", 10, 29, "TASS"), "Existing ties"),
        ("STOCKHOLM, July 1 (Baltic Wire) - Lithuania on", Dateline("STOCKHOLM", 7, 1, "Baltic Wire"),
         "Lithuania on"),
        ("OSLO, July 2 (Reuters) \u2014 Norway took", Dateline("OSLO", 7, 2, "Reuters"), "Norway took"),
        ("RIGA, 3 March (LETA) - The Saeima", Dateline("RIGA", 3, 3, "LETA"), "The Saeima"),
        ("HELSINKI (AP) - Finland said", Dateline("HELSINKI", None, None, "AP"), "Finland said"),
        ("ELBLAG, March 3 (Baltic Wire) - Euroregion", Dateline("ELBLAG", 3, 3, "Baltic Wire"), "Euroregion"),
        ("ST. PETERSBURG, June 3 (TASS) - The city", Dateline("ST. PETERSBURG", 6, 3, "TASS"), "The city"),
        ("NEW YORK, Sept. 21 (Reuters) -- Ministers", Dateline("NEW YORK", 9, 21, "Reuters"), "Ministers"),
        ("Stockholm, July 1 (Baltic Wire) - Lithuania", Dateline("Stockholm", 7, 1, "Baltic Wire"), "Lithuania"),
        ("KLAIP\u0116DA, 3 March (BNS) \u2013 Port", Dateline("KLAIP\u0116DA", 3, 3, "BNS"), "Port"),
    ],
)
def test_ingest_dateline_forms(opening: str, dateline: Dateline, rest: str) -> None:
    article = parse_text(f"A headline of several words\n\n{opening} more text.", source="x.txt",
                         default_id="x")
    assert article.dateline == dateline
    assert article.body == f"{rest} more text."
    assert article.publisher == dateline.agency
    assert article.published is None
    assert article.title == "A headline of several words"


@pytest.mark.parametrize(
    "opening",
    [
        "Euroregion Baltic (ERB) - a cross-border association of regions",  # title case, no date
        "Lithuania on Wednesday took over the presidency of the council",
        "On Monday, March 3 (local time) - the ministers met",
        "EU - Russia relations were discussed",
        "MOSCOW, February 30 (TASS) - an impossible date",
    ],
)
def test_ingest_not_a_dateline(opening: str) -> None:
    article = parse_text(f"A headline of several words\n\n{opening}", source="x.txt", default_id="x")
    assert article.dateline is None
    assert article.body == opening


def test_ingest_dateline_with_year_gives_published() -> None:
    article = parse_text("Headline with enough words here\n\nMOSCOW, October 29, 2021 /TASS/ - Text.",
                         source="x.txt", default_id="x")
    assert article.dateline == Dateline("MOSCOW", 10, 29, "TASS")
    assert article.published == date(2021, 10, 29)


def test_ingest_plain_text_with_dateline() -> None:
    article = _one(DATA / "wire_dateline.txt")
    assert article.id == "wire_dateline"
    assert article.format == "text"
    assert article.source == str(DATA / "wire_dateline.txt")
    assert article.title == "Latvia hands Baltic Assembly presidency to Lithuania"
    assert article.body_start == len(article.title) + 2
    assert article.dateline == Dateline(place="RIGA", month=1, day=3, agency="LETA")
    assert article.publisher == "LETA"
    assert article.published is None and article.url is None and article.lang == "en"
    assert article.body == (
        "Latvia on Friday passed the presidency of the Baltic Assembly to Lithuania at a short ceremony"
        " in the Saeima.\n\n\"It has been a demanding year,\" said Speaker Ilze Kalnina."
    )
    assert "RIGA" not in article.text and "LETA" not in article.text
    _check_layout(article)


def test_ingest_plain_text_crumbs_and_standfirst_dropped() -> None:
    article = _one(DATA / "wire_crumbs.txt")
    assert article.title == "Regional leaders agree new ferry links across the southern Baltic"
    assert article.dateline == Dateline(place="ST. PETERSBURG", month=6, day=3, agency="NORDWIRE")
    assert article.publisher == "NORDWIRE"
    assert "Top stories" not in article.text
    assert "two days of talks" not in article.text  # the standfirst repeats the body
    assert article.body.startswith("Regional leaders from five countries agreed on Tuesday")
    assert article.text.count("\n\n") == 2
    _check_layout(article)


def test_ingest_plain_text_without_dateline() -> None:
    article = _one(DATA / "no_dateline.txt")
    assert article.dateline is None and article.publisher is None
    assert article.title == "Union of the Baltic Cities welcomes two new members"
    assert article.body == ("The Union of the Baltic Cities said on Monday that two Finnish towns had joined."
                            "\n\nBoth will take part in the next General Conference.")
    _check_layout(article)


@pytest.mark.parametrize(
    ("raw", "title", "body"),
    [
        ("Only one paragraph of text here.", None, "Only one paragraph of text here."),
        ("\r\nHeadline words are here\r\n\r\nBody one.\r\n\r\nBody two.\r\n",
         "Headline words are here", "Body one.\n\nBody two."),
        ("\ufeffHeadline words are here\nBody straight after.", "Headline words are here",
         "Body straight after."),
        ("Short\n\nAll news here", "Short", "All news here"),
        ("All news\n\nThe real headline\n\nThe body.", "The real headline", "The body."),
        ("Tabs\tand\u00a0spaces in a headline\n\nA  body\twith   gaps.", "Tabs and spaces in a headline",
         "A body with gaps."),
    ],
)
def test_ingest_plain_text_layout(raw: str, title: str | None, body: str) -> None:
    article = parse_text(raw, source="mem.txt", default_id="mem")
    assert article.title == title
    assert article.body == body
    _check_layout(article)


@pytest.mark.parametrize(
    ("raw", "title", "body", "place"),
    [
        # the dateline straight under the headline, no blank line between
        ("Headline of the wire story\nVILNIUS, May 5 (BNS) - Body.", "Headline of the wire story", "Body.",
         "VILNIUS"),
        # a dateline alone on its line: the body starts on the next one
        ("Headline of the wire story\n\nRIGA, 3 March (LETA) -\nThe body follows.",
         "Headline of the wire story", "The body follows.", "RIGA"),
        # no headline at all
        ("TALLINN, June 1 (ERR) - Only a body.", None, "Only a body.", "TALLINN"),
    ],
)
def test_ingest_plain_text_dateline_positions(raw: str, title: str | None, body: str, place: str) -> None:
    article = parse_text(raw, source="p.txt", default_id="p")
    assert article.title == title
    assert article.body == body
    assert article.dateline is not None and article.dateline.place == place
    _check_layout(article)


def test_ingest_quoted_wire_deep_in_text_is_not_a_dateline() -> None:
    paragraphs = ["Headline of a long feature article", "First paragraph.", "Second paragraph.",
                  "Third paragraph.", "Fourth paragraph.", "HELSINKI (AP) - a quoted wire item."]
    article = parse_text("\n\n".join(paragraphs), source="f.txt", default_id="f")
    assert article.dateline is None
    assert article.body == "\n\n".join(paragraphs[1:])


def test_ingest_plain_text_keeps_quotes_and_apostrophes() -> None:
    raw = "Minister\u2019s words \u201cquoted\u201d here\n\nHe said: \u201cWe\u2019re ready\u201d and 'fine'."
    article = parse_text(raw, source="q.txt", default_id="q")
    assert article.text == raw


def test_ingest_one_paragraph_per_line_export() -> None:
    long_line = "This line is a whole paragraph of an exported article and it is far too long to be a " \
                "hard-wrapped line of text."
    raw = f"Headline of the exported story\n{long_line}\nA second short paragraph."
    article = parse_text(raw, source="e.txt", default_id="e")
    assert article.body == f"{long_line}\n\nA second short paragraph."


# --------------------------------------------------------------------------- #
# Front matter and Markdown
# --------------------------------------------------------------------------- #


def test_ingest_text_with_front_matter() -> None:
    article = _one(DATA / "front_matter.txt")
    assert article.id == "fm-001"
    assert article.format == "text"
    assert article.title == "Nordic ministers meet on Bornholm"
    # the date part in the datetime's own offset, not converted to UTC
    assert article.published == date(2022, 8, 30)
    assert article.publisher == "Island Gazette"
    assert article.url == "https://example.org/island-gazette/nordic-ministers"
    assert article.lang == "da"
    assert article.dateline == Dateline("R\u00d8NNE", 8, 30, "Island Gazette")
    assert article.body == "Nordic ministers met on Bornholm on Tuesday."  # repeated title dropped
    _check_layout(article)


def test_ingest_markdown_front_matter_and_markup() -> None:
    article = _one(DATA / "article.md")
    assert article.format == "markdown"
    assert article.id == "article"
    assert article.title == "HELCOM meets in Helsinki"
    assert article.published == date(2021, 3, 4)
    assert article.publisher == "Sea Notes"
    assert article.url == "https://example.org/sea-notes/helcom-meets"
    assert article.body.split("\n\n") == [
        "The Helsinki Commission met on Thursday to discuss nutrient cuts.",
        "What was agreed",
        "A new target for phosphorus",
        "A review in two years",
        '"This is a good day for the sea," said Chair Marta Nowak.',
    ]
    for markup in ("#", "**", "](", "![", "<!--", "internal note", "chart.png", "> "):
        assert markup not in article.text
    _check_layout(article)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("A [link](https://example.org/a_(b)) here", "A link here"),
        ("An image ![alt text](https://example.org/i.png) gone", "An image gone"),
        ("**bold** and __strong__ and *it* and _em_", "bold and strong and it and em"),
        ("snake_case_name and 5 * 3 * 2 stay", "snake_case_name and 5 * 3 * 2 stay"),
        ("Escaped \\*stars\\* stay", "Escaped *stars* stay"),
        ("Inline `code` and ~~struck~~", "Inline code and struck"),
        ("A [reference link][1] here\n\n[1]: https://example.org", "A reference link here"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("before <!-- hidden\nnote --> after", "before after"),
        ("Setext heading\n==============\n\nText", "Setext heading\n\nText"),
        ("Para\n\n---\n\nAfter a rule", "Para\n\nAfter a rule"),
        ("1. first\n2. second", "first\n\nsecond"),
    ],
)
def test_ingest_markdown_inline_markup(markdown: str, expected: str) -> None:
    article = parse_markdown(markdown, source="m.md", default_id="m")
    assert article.text == expected


def test_ingest_markdown_heading_is_title_without_front_matter() -> None:
    article = parse_markdown("# The *headline*\n\nBody text.", source="m.md", default_id="m")
    assert article.title == "The headline"
    assert article.body == "Body text."
    assert article.published is None


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ('---\ntitle: "Unclosed quote\npublished: 2021-01-01\n---\n\nBody.', None),
        ("---\ntitle: ok\n  bad: indent\n---\nBody.", 3),
        ("---\ntitle: [unclosed\n---\nBody.", None),
    ],
)
def test_ingest_broken_front_matter(raw: str, line: int | None) -> None:
    with pytest.raises(IngestError) as info:
        parse_markdown(raw, source="broken.md", default_id="broken")
    assert info.value.path == "broken.md"
    assert "front matter" in info.value.reason
    assert "line" in info.value.reason
    if line is not None:
        assert f"line {line}" in info.value.reason


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("---\ntitle: never closed\n\nBody.", "never closed"),
        ("---\n- a\n- list\n---\nBody.", "key: value"),
        ("---\ntitle: x\npublished: not a date\n---\nBody.", "not a date"),
        ("---\ntitle: only a title\n---\n\n", "no text"),
    ],
)
def test_ingest_bad_front_matter_content(raw: str, reason: str) -> None:
    for parse in (parse_markdown, parse_text):
        with pytest.raises(IngestError, match=reason):
            parse(raw, source="f.md", default_id="f")


def test_ingest_broken_front_matter_file_names_file_and_line() -> None:
    path = DATA / "broken_front_matter.md"
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert info.value.path == str(path)
    assert "YAML" in info.value.reason and "line" in info.value.reason
    assert str(path) in str(info.value)


# --------------------------------------------------------------------------- #
# HTML
# --------------------------------------------------------------------------- #


def test_ingest_html_metadata_and_body() -> None:
    article = _one(DATA / "page.html")
    assert article.format == "html"
    assert article.id == "page"
    assert article.title == "Nordic Council elects new president"
    assert article.published == date(2021, 11, 3)  # article:published_time, in its own offset
    assert article.publisher == "Harbour Herald"
    assert article.url == "https://example.org/harbour-herald/nordic-council-president"
    assert article.lang == "sv"
    assert article.body.split("\n\n") == [
        "The Nordic Council elected a new president on Wednesday.",
        "Priorities",
        "The presidency runs for one calendar year.",
        "Security",
        "Climate",
        '"We will listen," said President Anna Berg.',
    ]
    _check_layout(article)


@pytest.mark.parametrize(
    "boilerplate",
    ["NAV TEXT", "SCRIPT TEXT", "INLINE SCRIPT TEXT", "KICKER TEXT", "BYLINE TEXT", "SHARE TEXT",
     "CAPTION TEXT", "META TEXT", "ASIDE TEXT", "Related", "FOOTER TEXT", "OG title", "Harbour Herald"],
)
def test_ingest_html_boilerplate_removed(boilerplate: str) -> None:
    assert boilerplate not in _one(DATA / "page.html").text


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ('<meta property="og:title" content="From OG"><title>From title | Site</title>', "From OG"),
        ('<meta property="og:site_name" content="The Site"><title>From title | The Site</title>',
         "From title"),
        ('<meta property="og:site_name" content="The Site"><title>From title - The Site</title>',
         "From title"),
        ('<meta property="og:site_name" content="The Site"><title>A - B - The Site</title>', "A - B"),
        ("<title>Keep - the whole title</title>", "Keep - the whole title"),
    ],
)
def test_ingest_html_title_fallbacks(head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><article><p>Body text.</p></article></body></html>"
    article = parse_html(page, source="t.html", default_id="t")
    assert article.title == title
    assert article.body == "Body text."


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        ("", '<article><time datetime="2019-05-06T10:00:00Z">6 May</time><p>Text.</p></article>',
         date(2019, 5, 6)),
        ('<meta name="date" content="2018-02-03">', "<article><p>Text.</p></article>", date(2018, 2, 3)),
        ('<meta itemprop="datePublished" content="2017-01-02">', "<article><p>Text.</p></article>",
         date(2017, 1, 2)),
        ('<meta property="article:published_time" content="garbage"><meta name="date" content="2016-01-01">',
         "<article><p>Text.</p></article>", date(2016, 1, 1)),
        ("", "<article><p>Text.</p></article>", None),
    ],
)
def test_ingest_html_published_fallbacks(head: str, body: str, published: date | None) -> None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    assert parse_html(page, source="d.html", default_id="d").published == published


def test_ingest_html_url_from_og_url() -> None:
    page = ('<html><head><meta property="og:url" content="https://example.org/og"></head>'
            "<body><article><p>Text.</p></article></body></html>")
    assert parse_html(page, source="u.html", default_id="u").url == "https://example.org/og"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<div itemprop="articleBody"><p>From the article body.</p></div><div><p>Elsewhere.</p></div>',
         "From the article body."),
        ("<main><p>From main.</p></main><div><p>Elsewhere.</p></div>", "From main."),
        ("<div class='a'><p>Short.</p></div><div class='b'><p>The longest paragraph text wins here.</p>"
         "<p>And more of it.</p></div>", "The longest paragraph text wins here.\n\nAnd more of it."),
        ("<main><div>Loose text without paragraphs.<br>Second line.</div></main>",
         "Loose text without paragraphs. Second line."),
    ],
)
def test_ingest_html_container_fallbacks(body: str, expected: str) -> None:
    page = f"<html><head><title>T</title></head><body>{body}</body></html>"
    assert parse_html(page, source="c.html", default_id="c").body == expected


def test_ingest_html_bytes_with_meta_charset() -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            "</head><body><article><h1>Malm\u00f6 joins</h1><p>Malm\u00f6 and \u00c5land \u2013 "
            "together.</p></article></body></html>").encode("cp1252")
    article = parse_html(page, source="cs.html", default_id="cs")
    assert article.title == "Malm\u00f6 joins"
    assert article.body == "Malm\u00f6 and \u00c5land \u2013 together."


def test_ingest_html_broken_markup_recovers() -> None:
    page = b"<html><body><article><h1>Broken page<p>First <b>bold paragraph<p>Second paragraph</article>"
    article = parse_html(page, source="b.html", default_id="b")
    assert article.title == "Broken page"
    assert article.body == "First bold paragraph\n\nSecond paragraph"


def test_ingest_html_dateline_alone_in_a_paragraph() -> None:
    page = ("<html><body><article><h1>Headline</h1><p class='place'>OSLO, July 2 (NTB) -</p>"
            "<p>The text.</p></article></body></html>")
    article = parse_html(page, source="dl.html", default_id="dl")
    assert article.dateline == Dateline("OSLO", 7, 2, "NTB")
    assert article.body == "The text."


def test_ingest_html_dateline_in_first_paragraph() -> None:
    page = "<html><body><article><h1>Headline</h1><p>RIGA, 3 March (LETA) - The text.</p></article></body></html>"
    article = parse_html(page, source="dl.html", default_id="dl")
    assert article.dateline == Dateline("RIGA", 3, 3, "LETA")
    assert article.publisher == "LETA"
    assert article.body == "The text."


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"", "empty"),
        (b"<html><body><nav><p>Only navigation.</p></nav></body></html>", "no article text"),
        (b"<html><head><meta charset='utf-8'></head><body><p>caf\xe9</p></body></html>", "utf-8"),
        (b"<html><body><p>caf\xe9 \x81</p></body></html>", "not UTF-8"),
        (b"<html>\x00\x00\x00</html>", "binary"),
    ],
)
def test_ingest_html_errors(page: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason) as info:
        parse_html(page, source="bad.html", default_id="bad")
    assert info.value.path == "bad.html"


# --------------------------------------------------------------------------- #
# JSON Lines
# --------------------------------------------------------------------------- #


def test_ingest_jsonl_good_records_and_line_errors() -> None:
    path = DATA / "batch.jsonl"
    items = list(iter_articles([path]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.id for a in articles] == ["j-1", "j-4"]
    first = articles[0]
    assert first.source == f"{path}#j-1"
    assert first.format == "jsonl"
    assert first.title == "First record"
    assert first.text == "First record\n\nPara one\n\nPara two"
    assert first.published == date(2020, 7, 1)
    assert first.publisher == "Wire One"
    assert first.url == "https://example.org/j-1"
    assert first.lang == "fi"
    assert articles[1].title is None and articles[1].body_start == 0
    assert articles[1].published is None
    assert [e.path for e in errors] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "invalid JSON" in errors[0].reason
    assert "not an object" in errors[1].reason
    assert "'text'" in errors[2].reason


def test_ingest_jsonl_read_article_returns_good_records() -> None:
    assert [a.id for a in read_article(DATA / "batch.jsonl")] == ["j-1", "j-4"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{bad json}\n", "invalid JSON"),
        ('{"text": 5}\n', "not a string"),
        ('{"text": "   "}\n', "empty"),
        ('{"text": "ok", "published": "someday"}\n', "not a date"),
        ("\n\n", "empty file"),
    ],
)
def test_ingest_jsonl_file_without_good_record_raises(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "all_bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=reason) as info:
        read_article(path)
    assert info.value.path.startswith(str(path))


def test_ingest_jsonl_ids_default_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "No id."}\n{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n',
                    encoding="utf-8")
    items = list(iter_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["feed-1", "a"]
    (error,) = [i for i in items if isinstance(i, IngestError)]
    assert error.path == f"{path}:3" and "duplicate id" in error.reason


def test_ingest_jsonl_line_separator_inside_string(tmp_path: Path) -> None:
    path = tmp_path / "sep.jsonl"
    path.write_text('{"id": "s", "text": "Before\u2028after."}\n', encoding="utf-8")
    assert read_article(path)[0].text == "Before after."


# --------------------------------------------------------------------------- #
# Folders
# --------------------------------------------------------------------------- #


def _tree(root: Path) -> None:
    files = {
        "b.txt": "B headline words here\n\nB body.",
        "a.md": "---\ntitle: A\n---\nA body.",
        "sub/c.html": "<html><body><article><h1>C</h1><p>C body.</p></article></body></html>",
        "sub/deeper/d.jsonl": '{"id": "d1", "text": "D one."}\n{"id": "d2", "text": "D two."}\n',
        "a_after/e.txt": "E body only.",
        ".hidden.txt": "Hidden.",
        ".hidden_dir/f.txt": "Hidden folder.",
        "notes.csv": "not,an,article",
        "README": "no suffix",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_ingest_folder_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(iter_articles([tmp_path]))
    assert all(isinstance(i, Article) for i in items)
    assert [i.id for i in items] == ["a", "e", "b", "c", "d1", "d2"]
    assert items[0].source == str(tmp_path / "a.md")
    assert list(iter_articles([str(tmp_path)])) == items  # str paths, and deterministic


def test_ingest_folder_and_explicit_file_mixed(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(iter_articles([tmp_path / "b.txt", tmp_path / "sub", tmp_path / "b.txt"]))
    assert [i.id for i in items] == ["b", "c", "d1", "d2"]  # a file is read once per call


def test_ingest_single_path_argument(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert [a.id for a in iter_articles(tmp_path / "sub")] == ["c", "d1", "d2"]


def test_ingest_bad_file_does_not_stop_others(tmp_path: Path) -> None:
    (tmp_path / "1_good.txt").write_text("Good headline with words\n\nGood body.", encoding="utf-8")
    (tmp_path / "2_empty.txt").write_bytes(b"")
    (tmp_path / "3_binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "4_good.md").write_text("Another body.", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "IngestError", "Article"]
    assert items[1].path == str(tmp_path / "2_empty.txt")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_ingest_folder_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("Body of x.", encoding="utf-8")
    try:
        os.symlink(tmp_path, tmp_path / "sub" / "loop", target_is_directory=True)
        os.symlink(tmp_path / "sub", tmp_path / "again", target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symlinks here")
    items = list(iter_articles([tmp_path]))
    assert [i.id for i in items] == ["x"]


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\t\n", "empty file"),
        ("binary.txt", b"GIF89a\x00\x01\x00\x00text", "binary"),
        ("latin1.txt", "Malm\u00f6 headline here\n\nBody.".encode("latin-1"), "not UTF-8"),
        ("latin1.jsonl", '{"text": "Malm\u00f6"}'.encode("latin-1"), "not UTF-8"),
        ("broken.md", b'---\ntitle: "open\n---\nBody.', "front matter"),
        ("unsupported.pdf", b"%PDF-1.4", "unsupported file suffix .pdf"),
        ("no_suffix", b"Text.", "unsupported file suffix"),
        ("only_dateline.txt", b"Headline words go here\n\nRIGA, 3 March (LETA) -", "no"),
        ("html_no_text.html", b"<html><body><footer><p>x</p></footer></body></html>", "no article text"),
    ],
)
def test_ingest_error_cases(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason) as info:
        read_article(path)
    assert info.value.path.startswith(str(path))
    (item,) = list(iter_articles([path]))
    assert isinstance(item, IngestError) and reason in item.reason


def test_ingest_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(IngestError, match="no such file") as info:
        read_article(missing)
    assert info.value.path == str(missing)
    (item,) = list(iter_articles([missing]))
    assert isinstance(item, IngestError) and item.path == str(missing)
    (item,) = list(iter_articles([tmp_path / "no_folder"]))
    assert isinstance(item, IngestError) and "no such file" in item.reason


def test_ingest_folder_of_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "other" / "data.csv").write_text("x", encoding="utf-8")
    for folder in ("empty", "other"):
        (item,) = list(iter_articles([tmp_path / folder]))
        assert isinstance(item, IngestError)
        assert item.path == str(tmp_path / folder) and "no article files" in item.reason


def test_ingest_read_article_on_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="directory"):
        read_article(tmp_path)


def test_ingest_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: no 20 MB written
        handle.seek(MAX_BYTES)
        handle.write(b"x")
    with pytest.raises(IngestError, match="too large") as info:
        read_article(path)
    assert f"{MAX_BYTES + 1:,} bytes" in info.value.reason


def test_ingest_utf8_bom_and_utf16(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffHeadline with a BOM\n\nBody.".encode("utf-8"))
    assert _one(bom).title == "Headline with a BOM"
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Headline in UTF-16\n\nBody \u00e5.".encode("utf-16"))
    assert _one(utf16).body == "Body \u00e5."


def test_ingest_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "SHOUT.TXT"
    path.write_text("Headline of a shouted file\n\nBody.", encoding="utf-8")
    assert _one(path).format == "text"
    assert [a.id for a in iter_articles([tmp_path])] == ["SHOUT"]


def test_ingest_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


# --------------------------------------------------------------------------- #
# The project's own sample articles
# --------------------------------------------------------------------------- #

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def test_ingest_sample_articles_all_read() -> None:
    items = list(iter_articles([SAMPLES]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert not errors
    articles = [i for i in items if isinstance(i, Article)]
    assert {a.format for a in articles} >= {"text", "markdown", "html", "jsonl"}
    assert len({a.id for a in articles}) == len(articles)
    for article in articles:
        _check_layout(article)
        assert article.title
        if article.format != "text" or article.dateline is None:
            continue
        assert article.dateline.place not in article.body[:40]


@pytest.mark.parametrize(
    "line, published",
    [
        ("Vilnius, 12.06.2023 - Lithuania took over the presidency.", date(2023, 6, 12)),
        ("KALMAR, 2023-06-01 — Sweden hosted the meeting.", date(2023, 6, 1)),
    ],
)
def test_ingest_numeric_dateline(line, published):
    article = parse_text(f"Headline\n\n{line}\n", source="n.txt", default_id="n")
    assert article.published == published and article.dateline.place in ("Vilnius", "KALMAR")
    assert article.text.split("\n\n")[1].startswith(("Lithuania", "Sweden"))
