"""Timelines: the frame of a body's chairmanships and memberships, the HTML page, the PNG, the index and the CLI.

The graph is built once per session from the articles in tests/data/timeline/ (see tests/test_asof.py),
with the reference record; the Baltic Assembly article's headline and motto hold ``<script>``.
"""
from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html
from rdflib import Graph

import kg.pipeline
from kg.cli import main
from kg.errors import KGError
from kg.ontology import ID
from kg.query import load_graph, load_graph_with_reference
from kg.timeline import (
    TIMELINE_COLUMNS,
    body_slug,
    render_timeline_html,
    timeline_bodies,
    timeline_frame,
    write_timeline_html,
    write_timeline_png,
    write_timelines,
)

DATA = Path(__file__).parent / "data" / "timeline"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("timeline-graph")
    report = kg.pipeline.build([DATA], out, with_reference=True)
    assert report.failures == [] and report.articles == 4
    return out


@pytest.fixture(scope="session")
def articles(build_dir) -> Graph:
    return load_graph(build_dir)


@pytest.fixture(scope="session")
def both(build_dir) -> Graph:
    return load_graph_with_reference(build_dir)


@pytest.fixture(scope="session")
def pages(both, tmp_path_factory) -> Path:
    """The timelines of every body, from the articles and the record."""
    out = tmp_path_factory.mktemp("timelines")
    write_timelines(both, out, home=("Graph view", "../graph.html"))
    return out / "timelines"


def parse_page(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def facts_of(doc) -> list:
    return doc.xpath('//*[local-name()="g"][contains(concat(" ", @class, " "), " fact ")]')


def classes(el) -> set[str]:
    return set(el.get("class", "").split())


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------------------- the frame


def test_timeline_frame_of_year_terms_and_undated_members(articles):
    df = timeline_frame(articles, "Baltic Assembly")
    assert list(df.columns) == list(TIMELINE_COLUMNS)
    recs = df.to_dict("records")
    assert [(r["who"], r["role"], r["start"], r["end"], r["modality"], r["planned"], r["drawn"]) for r in recs] == [
        ("Latvia", "Chair", "2025", "2025", "Asserted", False, True),
        ("Lithuania", "Chair", "2026", "2026", "Planned", True, True),
        ("Estonia", "Member", None, None, "Asserted", False, False),
        ("Latvia", "Member", None, None, "Asserted", False, False),
        ("Lithuania", "Member", None, None, "Asserted", False, False),
    ]
    # dates at their precision: a year begins on 1 January and ends on 31 December
    assert (recs[0]["start_date"], recs[0]["end_date"]) == (date(2025, 1, 1), date(2025, 12, 31))
    assert {r["source_kind"] for r in recs} == {"article"}
    assert recs[0]["source"] == "Baltic Assembly <script>alert('ba')</script> sets its priorities"
    assert recs[0]["published"] == date(2025, 2, 14) and recs[0]["body"] == str(ID["org/baltic-assembly"])
    assert "<script>alert('motto')</script>" in recs[0]["evidence"]


def test_timeline_frame_open_ends_months_and_statuses(articles):
    recs = {r["who"]: r for r in timeline_frame(articles, "UBC").to_dict("records")}
    assert (recs["Narva"]["start_date"], recs["Narva"]["end_date"], recs["Narva"]["open_end"]) == (
        date(2023, 3, 1), None, True)
    assert (recs["Kaliningrad"]["end_date"], recs["Kaliningrad"]["status"]) == (date(2022, 3, 31), "Withdrawn")
    assert (recs["Vaxholm"]["start_date"], recs["Vaxholm"]["end_date"], recs["Vaxholm"]["open_end"]) == (
        None, date(2025, 12, 31), False)


def test_timeline_frame_articles_and_record(both):
    df = timeline_frame(both, "CBSS")
    chairs = df[df["role"] == "Chair"]
    poland = {(r["modality"], r["source_kind"], r["planned"]) for r in chairs.to_dict("records")
              if r["who"] == "Poland" and r["start"] == "2025-07-01"}
    assert poland == {("Planned", "article", True), ("Asserted", "reference", False)}
    ref = chairs[chairs["source_kind"] == "reference"].iloc[0]
    assert ref["confidence"] in ("verified", "single_source") and ref["source"].startswith("reference record (")
    assert ref["url"].startswith("http") and ref["article"] is None
    # the frame is ordered: chairs by date, then members, then observers
    assert list(df["role"]) == sorted(df["role"], key=["Chair", "Member", "Observer"].index)
    starts = [d for d in chairs["start_date"] if d is not None]
    assert starts == sorted(starts)
    assert set(df["status"].dropna()) >= {"Suspended", "Withdrawn"}


def test_timeline_frame_by_iri_and_unknown_bodies(articles):
    by_name = timeline_frame(articles, "cbss")
    for iri in (ID["org/cbss"], str(ID["org/cbss"]), "id:org/cbss"):
        assert timeline_frame(articles, iri).equals(by_name)
    assert timeline_frame(articles, "No Such Council").empty
    assert list(timeline_frame(articles, "id:org/no-such-body").columns) == list(TIMELINE_COLUMNS)


def test_timeline_bodies_with_a_chairmanship(articles, both):
    assert [(b.label, b.slug) for b in timeline_bodies(articles)] == [
        ("Baltic Assembly", "baltic-assembly"), ("Baltic Sea Parliamentary Conference", "bspc"),
        ("Council of the Baltic Sea States", "cbss"), ("Union of the Baltic Cities", "ubc")]
    assert {b.slug for b in timeline_bodies(both)} >= {"baltic-assembly", "bspc", "cbss", "ubc"}
    assert body_slug(str(ID["org/cbss"]), "Council of the Baltic Sea States") == "cbss"
    assert body_slug("https://example.org/x", "Nordic Council") == "nordic-council"


# ------------------------------------------------------------------------- the HTML page


def test_timeline_html_draws_one_bar_per_dated_fact(pages, both):
    doc = parse_page(pages / "cbss.html")
    frame = timeline_frame(both, "CBSS")
    drawn = frame[frame["drawn"]]
    bars = facts_of(doc)
    assert len(bars) == len(drawn)
    by_fact = {g.get("data-fact"): g for g in bars}
    assert set(by_fact) == set(drawn["fact"])
    for rec in drawn.to_dict("records"):
        g = by_fact[rec["fact"]]
        c = classes(g)
        assert ("planned" in c) == rec["planned"] and ("actual" in c) != rec["planned"]
        assert f"source-{rec['source_kind']}" in c and rec["role"].lower() in c
        [bar] = g.xpath('./*[local-name()="rect"][@class="bar"]')
        if rec["planned"]:
            assert bar.get("fill").startswith("url(#kg-hatch-") and bar.get("stroke-dasharray")
        else:
            assert bar.get("fill").startswith("#") and not bar.get("stroke-dasharray")
        title = g.xpath('./*[local-name()="title"]')[0].text_content()
        assert rec["who"] in title and "Source: " in title
        if rec["evidence"]:
            assert rec["evidence"].split("\n")[0][:60] in title


def test_timeline_html_marks_planned_open_suspended_and_withdrawn(pages):
    doc = parse_page(pages / "cbss.html")
    bars = facts_of(doc)
    planned = [g for g in bars if "planned" in classes(g)]
    assert {g.xpath('./*[local-name()="title"]')[0].text_content().split(" — ")[0] for g in planned} == {
        "Poland", "Norway"}
    suspended = [g for g in bars if "status-suspended" in classes(g)]
    assert suspended and all(g.xpath('.//*[local-name()="g"][@class="marker suspended"]') for g in suspended)
    withdrawn = [g for g in bars if "status-withdrawn" in classes(g)]
    assert withdrawn and all(g.xpath('.//*[local-name()="g"][@class="marker withdrawn"]') for g in withdrawn)
    open_end = [g for g in bars if "open-end" in classes(g)]
    assert open_end and all(g.xpath('./*[local-name()="path"][@class="arrow"]') and
                            g.xpath('./*[local-name()="rect"][@class="fade"]') for g in open_end)
    # the record's open founding membership of Russia is drawn up to the withdrawal, not to the chart's end
    closed = [g for g in bars if "closed-by-withdrawal" in classes(g)]
    assert closed and all("Russia" in g.xpath('./*[local-name()="title"]')[0].text_content() for g in closed)


def test_timeline_html_open_end_runs_to_the_publication_and_undated_are_listed(articles, tmp_path):
    path = write_timeline_html(articles, "UBC", tmp_path / "ubc.html")
    doc = parse_page(path)
    bars = {g.xpath('./*[local-name()="title"]')[0].text_content().split(" — ")[0]: g for g in facts_of(doc)}
    assert set(bars) == {"Narva", "Kaliningrad", "Vaxholm"}
    assert "open-end" in classes(bars["Narva"])
    assert "drawn to the day its article was published (2023-03-20)" in bars["Narva"].text_content()
    assert "open-start" in classes(bars["Vaxholm"]) and "No beginning given" in bars["Vaxholm"].text_content()
    assert "until 2025" in bars["Vaxholm"].text_content()
    x = {who: float(g.xpath('./*[local-name()="rect"][@class="bar"]')[0].get("x")) for who, g in bars.items()}
    assert x["Kaliningrad"] < x["Narva"]
    # CBSS members named without dates are listed below the chart, not drawn
    cbss = parse_page(write_timeline_html(articles, "CBSS", tmp_path / "cbss.html"))
    listed = cbss.xpath('//table[@class="kg-not-drawn"]/tbody/tr')
    assert len(listed) == 11
    assert {tr.xpath("./td")[0].text_content() for tr in listed} >= {"Denmark", "European Union"}
    assert all(tr.xpath("./td")[4].text_content() == "no dates given" for tr in listed)


def test_timeline_html_escapes_every_text(pages, both):
    raw = (pages / "baltic-assembly.html").read_text(encoding="utf-8")
    assert "<script" not in raw.lower()
    assert "&lt;script&gt;alert(&#x27;motto&#x27;)&lt;/script&gt;" in raw
    doc = parse_page(pages / "baltic-assembly.html")
    assert not doc.xpath("//script") and not doc.xpath("//*[@onload or @onerror or @onclick]")
    latvia = next(g for g in facts_of(doc) if "Latvia — chair" in g.text_content())
    tooltip = latvia.xpath('./*[local-name()="title"]')[0].text_content()
    assert "Baltic Assembly <script>alert('ba')</script> sets its priorities" in tooltip
    assert "<script>alert('motto')</script>" in tooltip
    assert "in 2025 (asserted)" in tooltip
    # the chart is well-formed XML on its own too
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="kg-timeline".*?</svg>', raw, re.S).group(0)
    root = ET.fromstring(svg)
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any("<script>alert('motto')</script>" in t for t in titles)
    # nothing is loaded: no stylesheet, image or frame from anywhere, and a policy that forbids it
    assert not doc.xpath("//link | //img | //iframe | //object | //embed")
    [csp] = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "default-src 'none'" in csp


def test_timeline_html_of_an_unknown_body_is_an_error(articles, tmp_path):
    with pytest.raises(KGError, match="no chairmanship or membership of 'Hanseatic League'"):
        write_timeline_html(articles, "Hanseatic League", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_timeline_html_links(articles):
    text = render_timeline_html(articles, "BSPC", links=[("Graph view", "../graph.html")])
    doc = lxml_html.fromstring(text)
    assert doc.xpath("//nav/a/@href") == ["../graph.html"]
    assert doc.xpath("//h1")[0].text_content() == "Baltic Sea Parliamentary Conference: chairmanships and memberships"


# ------------------------------------------------------------------------- the PNG


def test_timeline_png_is_a_readable_image(pages, articles, tmp_path):
    width, height = png_size(pages / "cbss.png")
    assert width == 1200 and 600 <= height <= 4000
    small = write_timeline_png(articles, "Baltic Assembly", tmp_path / "ba.png")
    width, height = png_size(small)
    assert width == 1200 and 250 <= height <= 1000
    assert small.stat().st_size > 10_000
    with pytest.raises(KGError):
        write_timeline_png(articles, "Hanseatic League", tmp_path / "none.png")


def test_timeline_png_text_with_dollar_signs_is_drawn_as_text(articles, tmp_path):
    frame = timeline_frame(articles, "BSPC")
    frame.loc[:, "who"] = "Sweden $x^2$ <b>"
    frame.loc[:, "body_label"] = "A $100 conference"
    width, _ = png_size(write_timeline_png(articles, "BSPC", tmp_path / "dollar.png", frame=frame))
    assert width == 1200


# ------------------------------------------------------------------------- every body and the index


def test_timelines_index_lists_every_body_with_a_chairmanship(pages, both):
    bodies = timeline_bodies(both)
    names = sorted(p.name for p in pages.iterdir())
    assert names == sorted([f"{b.slug}.html" for b in bodies] + [f"{b.slug}.png" for b in bodies] + ["index.html"])
    doc = parse_page(pages / "index.html")
    links = doc.xpath("//ul[@class='kg-bodies']/li/a")
    assert [a.text_content() for a in links if a.get("href").endswith(".html")] == [b.label for b in bodies]
    for a in links:
        assert (pages / a.get("href")).is_file()
    assert doc.xpath("//nav/a/@href") == ["../graph.html"]
    cbss = parse_page(pages / "cbss.html")
    assert cbss.xpath("//nav/a/@href") == ["index.html", "../graph.html"]


def test_timelines_replace_stale_pages(articles, tmp_path):
    folder = tmp_path / "timelines"
    folder.mkdir()
    (folder / "gone.html").write_text("old")
    (folder / "notes.txt").write_text("mine")
    written = write_timelines(articles, tmp_path, png=False)
    assert [p.name for p in written] == ["baltic-assembly.html", "bspc.html", "cbss.html", "ubc.html", "index.html"]
    assert not (folder / "gone.html").exists() and (folder / "notes.txt").exists()
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in written)


def test_timelines_of_a_graph_without_chairmanships(tmp_path):
    written = write_timelines(Graph(), tmp_path)
    assert [p.name for p in written] == ["index.html"]
    assert "No body in this graph has a chairmanship" in written[0].read_text(encoding="utf-8")


# ------------------------------------------------------------------------- the command line


def test_timeline_cli_every_body_of_a_build_folder(build_dir, tmp_path, capsys):
    out = tmp_path / "copy"
    shutil.copytree(build_dir, out)
    assert main(["timeline", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Open {out / 'timelines' / 'index.html'}" in printed
    doc = parse_page(out / "timelines" / "cbss.html")
    assert doc.xpath("//nav/a/@href") == ["index.html", "../graph.html"]
    assert any("source-reference" in classes(g) for g in facts_of(doc))  # reference.trig was read
    assert main(["timeline", str(out), "--no-reference", "-o", str(tmp_path / "plain")]) == 0
    capsys.readouterr()
    plain = parse_page(tmp_path / "plain" / "cbss.html")
    assert not any("source-reference" in classes(g) for g in facts_of(plain))
    assert (tmp_path / "plain" / "index.html").is_file()


def test_timeline_cli_one_body(build_dir, tmp_path, capsys):
    assert main(["timeline", str(build_dir / "graph.ttl"), "--body", "baltic assembly", "-o", str(tmp_path)]) == 0
    assert "baltic-assembly.html, baltic-assembly.png" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baltic-assembly.html", "baltic-assembly.png"]
    doc = parse_page(tmp_path / "baltic-assembly.html")
    assert len(facts_of(doc)) == 2
    # no index in that folder, so no link to one; a link back to the build's graph view
    [home] = doc.xpath("//nav/a/@href")
    assert (tmp_path / home).resolve() == (build_dir / "graph.html").resolve()


def test_timeline_cli_errors(build_dir, tmp_path, capsys):
    assert main(["timeline", str(build_dir), "--body", "Baltc Asembly", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no chairmanship or membership of 'Baltc Asembly'" in err and "did you mean 'Baltic Assembly'" in err
    assert main(["timeline", str(tmp_path / "nowhere")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["timeline"]) == 2


# ------------------------------------------------------------------------- in a browser


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_timeline_page_opens_in_chromium_without_errors_or_requests(pages):
    sync_api = pytest.importorskip("playwright.sync_api")
    url = (pages / "cbss.html").as_uri()
    errors: list[str] = []
    failed: list[str] = []
    requested: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: requested.append(r.url))
            page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            page.goto(url, wait_until="load")
            n_facts = page.locator("svg.kg-timeline g.fact").count()
            box = page.locator("svg.kg-timeline").bounding_box()
            tooltip = page.locator("svg.kg-timeline g.fact.planned > title").first.text_content()
        finally:
            browser.close()
    assert errors == [] and failed == []
    assert requested == [url]
    assert n_facts > 40 and box is not None and box["width"] >= 1000 and box["height"] > 500
    assert "(planned)" in tooltip and "Source: article" in tooltip
