"""kg build end to end: formats in, contract-shaped RDF out, failures reported, outputs atomic."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import kg.pipeline
from kg.cli import main
from kg.errors import StoreError
import kg.ontology as kgo
from kg.ontology import validate

ARTICLES = {
    "a1.txt": (
        "Estonia takes over Baltic Assembly presidency\n\n"
        "TALLINN, January 2 (Test Wire) - Estonia on Thursday took over the rotating presidency of the Baltic "
        "Assembly from Latvia, whose term ran from 1 January 2024 to 31 December last year.\n\n"
        '"We will put energy security first," Estonian Foreign Minister Kadri Saar said on Thursday.\n'
    ),
    "a2.md": (
        "---\ntitle: \"Narva joins the Union of the Baltic Cities\"\npublished: 2024-11-20\n"
        "publisher: \"Test Digest\"\nurl: \"https://example.org/test/narva\"\n---\n\n"
        "Narva joined the Union of the Baltic Cities (UBC) on Tuesday. The UBC brings together Gdynia, Turku "
        "and Kolding, among others.\n"
    ),
    "a3.html": (
        "<!DOCTYPE html><html lang=en><head><title>Council meets | Test Times</title>"
        "<meta property='og:site_name' content='Test Times'>"
        "<meta property='article:published_time' content='2024-06-14T09:00:00+02:00'>"
        "<link rel=canonical href='https://example.org/times/council'></head><body>"
        "<nav><a href='/'>Home</a> Helsinki opens its cruise terminal</nav><article><h1>Council meets</h1>"
        "<p>Finnish Foreign Minister Elina Valtonen attended the 30th ministerial session of the Council of the "
        "Baltic Sea States in Vihula on Thursday.</p></article>"
        "<aside><p>Related: Stockholm mayor Karin Wanngard opens a bridge.</p></aside><footer>(c)</footer></body></html>"
    ),
    "batch.jsonl": (
        json.dumps({"id": "j1", "title": "Sweden leaves the chair", "published": "2024-07-01",
                    "publisher": "Test Wire", "url": "https://example.org/j1",
                    "text": "Sergei Lavrov did not attend. Sweden handed the chair of the Council of the Baltic Sea "
                            "States to Latvia on Monday."}) + "\n"
    ),
}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _graph(path: Path) -> Graph:
    return Graph().parse(path)


def test_build_cli_writes_every_output(articles, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(articles), "--out", str(out)]) == 0
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "summary.json", "entities.json"):
        assert (out / name).stat().st_size > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["articles"] == 4 and summary["failures"] == [] and summary["shacl_conforms"] is True
    assert "Built 4 article(s)" in capsys.readouterr().out


def test_build_graph_keeps_the_contract(articles, tmp_path):
    out = tmp_path / "out"
    main(["build", str(articles), "--out", str(out), "-q"])
    g = _graph(out / "graph.ttl")
    assert validate(g).conforms
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert {"Baltic Assembly", "Estonia", "Latvia", "Narva", "Kadri Saar", "Elina Valtonen"} <= labels
    # the aside and the nav of the HTML page carry no facts
    assert "Karin Wanngard" not in labels and "Helsinki" not in labels
    # a handover: Estonia starts, Latvia's own dates are kept
    chairs = list(g.subjects(kgo.ORG.role, kgo.BKG.Chair))
    assert len(chairs) >= 3
    for m in chairs:
        assert (m, RDF.type, kgo.ORG.Membership) in g
        assert g.value(m, kgo.BKG.evidence) is not None
    # Sergei (gazetteer spelling) is the one node of Sergey Lavrov
    lavrov = [s for s in g.subjects(RDFS.label, Literal("Sergey Lavrov"))]
    assert len(lavrov) == 1 and Literal("Sergei Lavrov") in set(g.objects(lavrov[0], None))


def test_build_trig_has_one_named_graph_per_article(articles, tmp_path):
    out = tmp_path / "out"
    main(["build", str(articles), "--out", str(out), "-q"])
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {n.rsplit("/", 1)[-1] for n in names if "/graph/" in n} == {"a1", "a2", "a3", "j1", "batch"} - {"batch"}
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, _graph(out / "graph.ttl"))
    for g in ds.graphs():
        if "/graph/" in str(g.identifier):
            assert any(g.subjects(RDF.type, kgo.SDO.NewsArticle))


def test_build_is_deterministic(articles, tmp_path):
    main(["build", str(articles), "--out", str(tmp_path / "o1"), "-q"])
    main(["build", str(articles), "--out", str(tmp_path / "o2"), "-q"])
    assert isomorphic(_graph(tmp_path / "o1" / "graph.ttl"), _graph(tmp_path / "o2" / "graph.ttl"))


def test_build_dates_at_their_precision(articles, tmp_path):
    out = tmp_path / "out"
    main(["build", str(articles), "--out", str(out), "-q"])
    g = _graph(out / "graph.ttl")
    days = {str(o) for o in g.objects(None, kgo.TIME.inXSDDate)}
    assert "2024-12-31" in days or "2025-01-02" in days  # Latvia's end, Estonia's start


def test_build_reports_bad_files_and_builds_the_rest(articles, tmp_path, capsys):
    (articles / "empty.txt").write_text("")
    (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\nText here.\n")
    (articles / "batch.jsonl").write_text(ARTICLES["batch.jsonl"] + "{not json\n")
    out = tmp_path / "out"
    status = main(["build", str(articles), "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 1
    assert "empty.txt" in captured.err and "broken.md" in captured.err and "batch.jsonl:2" in captured.err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["articles"] == 4 and len(summary["failures"]) == 3


def test_build_failed_write_leaves_the_previous_graph(articles, tmp_path, monkeypatch):
    out = tmp_path / "out"
    main(["build", str(articles), "--out", str(out), "-q"])
    before = (out / "graph.ttl").read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.pipeline.os, "replace", broken)
    with pytest.raises(StoreError):
        kg.pipeline.build([articles / "a2.md"], out)
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-build-")]


def test_build_missing_path_is_a_clear_error(tmp_path, capsys):
    status = main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert status == 1
    assert "nowhere" in capsys.readouterr().err


def test_cli_help_for_every_command(capsys):
    assert main(["--help"]) == 0
    assert "build" in capsys.readouterr().out
    assert main(["build", "--help"]) == 0
    assert "--out" in capsys.readouterr().out


def test_build_explains_each_entity(articles, tmp_path):
    out = tmp_path / "out"
    main(["build", str(articles), "--out", str(out), "-q"])
    entities = {e["label"]: e for e in json.loads((out / "entities.json").read_text())}
    lavrov = entities["Sergey Lavrov"]
    assert lavrov["names"]["Sergei Lavrov"] == ["gazetteer"]
    [mention] = lavrov["articles"]["j1"]
    assert mention["text"] == "Sergei Lavrov" and "did not attend" in mention["context"]
    saar = entities["Kadri Saar"]
    assert any(m["found_by"] == "title" for m in saar["articles"]["a1"])
