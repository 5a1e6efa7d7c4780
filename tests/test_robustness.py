"""Whatever a crawler brings back: every bad file is named with its problem, every good article is built."""
from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import KGError
from kg.extract import Extractor
from kg.ingest import parse_html, parse_text
from kg.model import Article

GOOD = (
    "Estonia takes over Baltic Assembly presidency\n\n"
    "TALLINN, January 2 (Test Wire) - Estonia on Thursday took over the rotating presidency of the Baltic "
    "Assembly from Latvia.\n"
)


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """A folder of what a crawler brings back: good articles among broken ones."""
    d = tmp_path / "crawl"
    d.mkdir()
    (d / "good-1.txt").write_text(GOOD, encoding="utf-8")
    (d / "good-2.md").write_text("---\ntitle: Narva joins\npublished: 2024-11-20\n---\n\nNarva joined the Union of "
                                 "the Baltic Cities on Tuesday.\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "invalid-utf8.txt").write_bytes(b"Headline here today\n\nThe council met \xff\xfe in Riga.\n")
    (d / "cp1251.txt").write_bytes("Заголовок статьи здесь\n\nСовет собрался в Риге.\n".encode("cp1251"))
    (d / "latin1.txt").write_bytes("Headline about Malmö today\n\nThe council met in Malmö.\n".encode("latin-1"))
    (d / "broken-front-matter.md").write_text("---\ntitle: [unclosed\npublished: nope\n---\nText.\n")
    (d / "broken.html").write_text("<html><body><article><p>Poland took over the presidency of the Council of "
                                   "the Baltic Sea States on 1 July 2025.<div><span></article>", encoding="utf-8")
    (d / "batch.jsonl").write_text(
        json.dumps({"id": "j-good", "title": "Good one", "published": "2024-07-01", "text": "Narva joined the Union "
                    "of the Baltic Cities."}) + "\n{this is not json\n" +
        json.dumps({"id": "j-notext", "title": "No text"}) + "\n", encoding="utf-8")
    (d / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (d / "huge.txt").write_bytes(b"Headline of a huge article\n\n" + b"The council met again. " * (2_300_000))
    loop = d / "loop"
    loop.mkdir()
    os.symlink(d, loop / "back-to-top")
    return d


def test_robustness_bad_inputs_are_named_and_good_ones_built(crawl, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["build", str(crawl), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    for name in ("empty.txt", "binary.txt", "invalid-utf8.txt", "cp1251.txt", "latin1.txt",
                 "broken-front-matter.md", "batch.jsonl:2", "batch.jsonl:3", "huge.txt"):
        assert name in err, name
    summary = json.loads((out / "summary.json").read_text())
    # good-1, good-2, broken.html (recoverable HTML), j-good
    assert summary["articles"] == 4
    assert summary["shacl_conforms"] is True
    assert "Poland" in (out / "graph.ttl").read_text()


def test_robustness_folder_of_many_files(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(5000):
        (d / f"a{i:05d}.txt").write_text(f"Article number {i} about cooperation\n\nNarva joined the Union of the "
                                         f"Baltic Cities in {1990 + i % 30}.\n", encoding="utf-8")
    (d / "zz-empty.txt").write_text("")
    from kg.pipeline import extract_all

    extractions, failures = extract_all([d])
    assert len(extractions) == 5000 and len(failures) == 1


# --------------------------------------------------------------------------- fuzzing
_EXTRACTOR: Extractor | None = None


def _extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


_words = st.sampled_from([
    "the", "Council", "of", "Baltic", "Sea", "States", "(CBSS)", "took", "over", "presidency", "from", "Russia",
    "Moscow", "will", "chair", "on", "Friday", "1", "July", "2023", "to", "30", "June", "2024,", "\"", "“", "”",
    "he", "said", ".", ",", "Foreign", "Minister", "Sergey", "Lavrov", "members", "are", "Denmark,", "and",
    "Union", "its", "XII", "16th", "General", "Conference", "in", "Riga", "suspended", "withdrew", "—", "'s",
    "Mayor", "of", "Turku", "Anna", "Kowalska", "\n\n", "last", "year", "next", "month", "since", "until",
])
_text = st.one_of(st.text(max_size=400), st.lists(_words, max_size=120).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_text)
def test_robustness_extraction_never_crashes(body):
    started = time.perf_counter()
    article = Article(id="fuzz", text="Headline\n\n" + body, body_start=10, published=date(2022, 3, 3))
    try:
        _extractor().extract(article)
    except KGError:
        pass
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(raw=_text)
def test_robustness_plain_text_ingest_raises_only_its_own_errors(raw):
    try:
        parse_text(raw, source="fuzz.txt", default_id="fuzz")
    except KGError:
        pass


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.text(max_size=400), st.binary(max_size=400),
                     st.lists(st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<h1>", "x", "&amp;",
                                               "<script>", "</script>", "<meta property='og:title' content='a'>"]),
                              max_size=60).map("".join)))
def test_robustness_html_ingest_raises_only_its_own_errors(raw):
    try:
        parse_html(raw, source="fuzz.html", default_id="fuzz")
    except KGError:
        pass


@pytest.mark.parametrize(
    "body",
    [
        "Council Union " * 3000,
        "\"x\" " * 5000,
        "the 1st meeting of the " * 2000,
        "Foreign Minister " * 3000,
        "A B C D E F G H " * 2000,
        ("«" * 2000) + ("»" * 2000),
        "from 1 July 2023 to " * 2000,
        "(ABC) " * 3000,
        "Baltic Sea Youth Platform (BSYP) " * 2000,
        "Anna Berg, the Danish foreign minister, " * 1500,
        "Finland's foreign ministry said " * 2000,
        "The Mayor of Gdynia, " * 3000,
        "passes to Latvia and to " * 2000,
        "\"Yes,\" she said, \"no,\" " * 2000,
    ],
)
def test_robustness_worst_cases_of_the_patterns_stay_fast(body):
    started = time.perf_counter()
    _extractor().extract(Article(id="worst", text=body, published=date(2022, 3, 3)))
    assert time.perf_counter() - started < 20.0  # linear time: a quadratic pattern takes minutes here
