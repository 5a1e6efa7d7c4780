"""The interactive graph page (kg.view, kg view): selection, the pyvis network, and the page in a real browser.

The browser tests open the written page in Debian's headless Chromium
(/usr/bin/chromium, never a downloaded browser) with every request that is
not the page itself blocked, so they prove the page draws with no network.
They are skipped, with the reason, when Chromium or Playwright is missing.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

import kg.view as view
from kg.cli import main
from kg.network import to_networkx
from kg.view import (KIND_STYLES, FocusNotFound, edge_label, fr_layout, render_page, select, to_pyvis,
                     write_view)

DATA = Path(__file__).parent / "data" / "view"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
EVIL_SCRIPT = "<script>window.__pwned=1</script>"
EVIL_IMG = '<img src=x onerror="window.__pwned=1">'
ID = "https://w3id.org/baltic-kg/id/"


# --------------------------------------------------------------------------- a small network, made by hand


def _network() -> nx.MultiDiGraph:
    """Persons, bodies, countries and an event with dated, undated and planned relations."""
    g = nx.MultiDiGraph()

    def node(key, kind, label, wikidata="", statements=0, aliases=()):
        g.add_node(key, kind=kind, label=label, wikidata=wikidata, iri=key, statements=statements,
                   aliases=list(aliases))

    node("p/kallas", "Person", "Kaja Kallas", "Q3785077", statements=2)
    node("p/saar", "Person", "Kadri Saar")
    node("o/cbss", "Organisation", "Council of the Baltic Sea States", "Q789769", aliases=["CBSS"])
    node("o/ba", "Organisation", "Baltic Assembly")
    node("c/ee", "Country", "Estonia", "Q191")
    node("c/lv", "Country", "Latvia", "Q211")
    node("c/fi", "Country", "Finland", "Q33")
    node("t/tallinn", "City", "Tallinn")
    node("e/session", "Event", "Ministerial session")

    def edge(u, v, key, **attrs):
        base = dict(relation="member", start="", end="", status="", modality="Asserted", source="", evidence="")
        base.update(attrs)
        g.add_edge(u, v, key=key, **base)

    edge("c/ee", "o/cbss", "m1", status="Active", source="a/1", evidence="Estonia is a member.")
    edge("c/ee", "o/cbss", "m1b", status="Active", source="a/2", evidence="Estonia, a member, said.")
    edge("c/lv", "o/cbss", "m2", relation="chair", start="2023-07-01", end="2024-06-30", source="a/1",
         evidence="Latvia chaired the CBSS.")
    edge("c/fi", "o/cbss", "m3", relation="chair", start="2024-07", end="2025", modality="Planned", source="a/3",
         evidence="Finland will chair the CBSS.")
    edge("c/ee", "o/ba", "m4", relation="chair", start="2025-01-01", source="a/4")
    edge("c/lv", "o/ba", "m5", relation="chair", start="2019", end="2019", source="a/5")
    edge("c/lv", "o/cbss", "m6", status="Withdrawn", source="a/6")
    g.add_edge("p/kallas", "c/ee", key="post1", relation="post", title="Prime Minister")
    g.add_edge("p/saar", "e/session", key="part1", relation="participant")
    g.add_edge("e/session", "t/tallinn", key="loc1", relation="held in")
    return g


def _labels(g: nx.Graph) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True)}


# --------------------------------------------------------------------------- select


def test_select_without_filters_is_a_copy():
    g = _network()
    out = select(g)
    assert _labels(out) == _labels(g) and out.number_of_edges() == g.number_of_edges()
    out.remove_node("p/kallas")
    assert "p/kallas" in g


@pytest.mark.parametrize("name", ["Estonia", "estonia", "  ESTONIA ", "c/ee"])
def test_select_focus_matches_label_case_and_iri(name):
    out = select(_network(), focus=name, depth=1)
    assert _labels(out) == {"Estonia", "Kaja Kallas", "Council of the Baltic Sea States", "Baltic Assembly"}
    assert out.graph["focus"] == ["c/ee"]


def test_select_focus_by_alias_follows_edges_both_ways():
    out = select(_network(), focus="cbss", depth=1)
    assert _labels(out) == {"Council of the Baltic Sea States", "Estonia", "Latvia", "Finland"}


@pytest.mark.parametrize("depth, expected", [
    (0, {"Kaja Kallas"}),
    (1, {"Kaja Kallas", "Estonia"}),
    (2, {"Kaja Kallas", "Estonia", "Council of the Baltic Sea States", "Baltic Assembly"}),
    (3, {"Kaja Kallas", "Estonia", "Council of the Baltic Sea States", "Baltic Assembly", "Latvia", "Finland"}),
])
def test_select_depth(depth, expected):
    assert _labels(select(_network(), focus="Kaja Kallas", depth=depth)) == expected


def test_select_unknown_focus_suggests_close_names():
    with pytest.raises(FocusNotFound) as info:
        select(_network(), focus="Kaja Kalas")
    assert info.value.suggestions[0] == "Kaja Kallas"
    assert "Kaja Kallas" in str(info.value)
    with pytest.raises(FocusNotFound) as info:
        select(_network(), focus="Baltic")
    assert set(info.value.suggestions) >= {"Baltic Assembly", "Council of the Baltic Sea States"}


def test_select_kinds_case_insensitive_and_keeps_the_focus():
    out = select(_network(), kinds=["country", "Organisation"])
    assert {d["kind"] for _, d in out.nodes(data=True)} == {"Country", "Organisation"}
    assert out.number_of_edges() == 7
    focused = select(_network(), focus="Kaja Kallas", depth=2, kinds=["Organisation"])
    assert _labels(focused) == {"Kaja Kallas", "Council of the Baltic Sea States", "Baltic Assembly"}
    with pytest.raises(ValueError, match="unknown entity kind"):
        select(_network(), kinds=["Planet"])


def _relations(g: nx.MultiDiGraph) -> set[tuple[str, str, str, str]]:
    return {(g.nodes[u]["label"], g.nodes[v]["label"], d["relation"], d.get("start") or "")
            for u, v, d in g.edges(data=True)}


def test_select_period_keeps_overlapping_and_undated_edges():
    out = select(_network(), since="2024-01-01", until="2024-12-31")
    rel = _relations(out)
    assert ("Latvia", "Council of the Baltic Sea States", "chair", "2023-07-01") in rel   # ends in 2024
    assert ("Finland", "Council of the Baltic Sea States", "chair", "2024-07") in rel      # starts in 2024
    assert ("Estonia", "Council of the Baltic Sea States", "member", "") in rel          # undated: kept
    assert ("Kaja Kallas", "Estonia", "post", "") in rel
    assert not any(r[2] == "chair" and r[1] == "Baltic Assembly" for r in rel)          # 2019 and 2025-
    # an entity that lost all its relations to the period goes; the others stay
    assert "Baltic Assembly" not in _labels(out) and "Tallinn" in _labels(out)


@pytest.mark.parametrize("since, until, kept", [
    ("2025", None, {"2024-07", "2025-01-01"}),            # open-ended start in 2025 and a chair ending in 2025
    (None, "2019-12", {"2019"}),                          # partial dates: 2019 overlaps December 2019
    (date(2024, 6, 30), date(2024, 6, 30), {"2023-07-01"}),
    ("2020", "2022", set()),
])
def test_select_period_bounds(since, until, kept):
    out = select(_network(), since=since, until=until)
    assert {d["start"] for *_, d in out.edges(data=True) if d.get("relation") == "chair"} == kept


def test_select_rejects_bad_periods_and_depths():
    with pytest.raises(ValueError, match="after"):
        select(_network(), since="2025", until="2024")
    with pytest.raises(ValueError, match="not a date"):
        select(_network(), since="2024-13")
    with pytest.raises(ValueError, match="depth"):
        select(_network(), focus="Estonia", depth=-1)


# --------------------------------------------------------------------------- the pyvis network


def test_edge_labels_carry_relation_period_and_marks():
    assert edge_label({"relation": "chair", "start": "2023-07-01", "end": "2024-06-30"}) == \
        "chair 2023-07-01 – 2024-06-30"
    assert edge_label({"relation": "chair", "start": "2025-01-01", "modality": "Planned"}) == \
        "chair from 2025-01-01 (planned)"
    assert edge_label({"relation": "member", "status": "Withdrawn", "modality": "Asserted"}) == "member (withdrawn)"
    assert edge_label({"relation": "member", "end": "2022-03", "status": "Active"}) == "member until 2022-03"
    assert edge_label({"relation": "post", "title": "Prime Minister"}) == "Prime Minister"


def test_pyvis_nodes_are_labelled_coloured_and_shaped_by_kind():
    net = to_pyvis(_network())
    nodes = {n["id"]: n for n in net.nodes}
    assert len(nodes) == 9 and net.get_nodes() == sorted(nodes)
    for n in nodes.values():
        style = KIND_STYLES[n["kind"]]
        assert n["color"]["background"] == style.color and n["shape"] == style.shape
    assert nodes["p/kallas"]["label"] == "Kaja Kallas" and nodes["p/kallas"]["shape"] == "dot"
    assert len({s.color for s in KIND_STYLES.values()}) == len(KIND_STYLES)  # one colour per kind
    tip = nodes["p/kallas"]["title"]
    assert "Person" in tip and "Q3785077" in tip and "<th>statements</th><td>2</td>" in tip
    assert "CBSS" in nodes["o/cbss"]["title"] and nodes["o/cbss"]["aliases"] == ["CBSS"]
    assert nodes["o/cbss"]["size"] > nodes["t/tallinn"]["size"]           # bigger with more relations


def test_pyvis_edges_merge_repeated_facts_and_mark_modality():
    net = to_pyvis(_network())
    edges = net.get_edges()
    by_label = {e["label"]: e for e in edges}
    assert len(edges) == 9                                     # the two "Estonia member" articles are one edge
    member = by_label["member"]
    assert member["from"] == "c/ee" and "Estonia is a member." in member["title"]
    assert "Estonia, a member, said." in member["title"]
    planned = by_label["chair 2024-07 – 2025 (planned)"]
    assert planned["dashes"] is True and by_label["chair 2023-07-01 – 2024-06-30"]["dashes"] is False
    assert "Planned" in planned["title"] and "2024-07 – 2025" in planned["title"]
    assert by_label["member (withdrawn)"]["color"]["opacity"] < 1
    assert all(e["arrows"] == "to" and re.fullmatch(r"e\d+", e["id"]) for e in edges)
    # Latvia -> CBSS has a chair and a withdrawn membership: the second is curved away from the first
    lv = [e for e in edges if (e["from"], e["to"]) == ("c/lv", "o/cbss")]
    assert len(lv) == 2 and sum("smooth" in e for e in lv) == 1


def test_pyvis_escapes_every_text_from_articles():
    g = nx.MultiDiGraph()
    g.add_node("a", kind="Person", label=f"Eve {EVIL_SCRIPT}", wikidata="", iri="a", statements=0,
               aliases=[EVIL_IMG])
    g.add_node("b", kind="Organisation", label="Body", wikidata="", iri="b", statements=0)
    g.add_edge("a", "b", key="k", relation="chair", start="", end="", status="", modality="Asserted",
               source="urn:a", evidence=f"She said {EVIL_IMG}", headline=f"News {EVIL_SCRIPT}", published="")
    net = to_pyvis(g)
    titles = [n["title"] for n in net.nodes] + [e["title"] for e in net.edges]
    for title in titles:
        assert "<script" not in title and "<img" not in title
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in net.nodes[0]["title"]
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in net.edges[0]["title"]
    assert net.nodes[0]["label"] == f"Eve {EVIL_SCRIPT}"       # drawn on the canvas as text, never as HTML
    page = render_page(net, title=f"T {EVIL_SCRIPT}")
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    data = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data


def test_page_data_is_columns_with_texts_not_html():
    g = nx.MultiDiGraph()
    g.add_node("a", kind="Person", label=f"Eve {EVIL_SCRIPT}", wikidata="Q1", iri="a", statements=2,
               aliases=[EVIL_IMG])
    g.add_node("b", kind="Organisation", label="Body", wikidata="", iri="b", statements=0)
    for key, source in (("k1", "urn:a"), ("k2", "urn:b")):
        g.add_edge("a", "b", key=key, relation="chair", start="2024", end="", status="", modality="Planned",
                   source=source, evidence=f"She said {EVIL_IMG}", headline=f"News {EVIL_SCRIPT}",
                   published="2024-05-01")
    data = view._page_data(to_pyvis(g), ["a"])
    nodes, edges = data["nodes"], data["edges"]
    assert nodes["id"] == ["a", "b"] and nodes["label"][0] == f"Eve {EVIL_SCRIPT}"   # set as text by the page
    assert [data["kinds"][k] for k in nodes["kind"]] == ["Person", "Organisation"]
    assert nodes["aliases"][0] == [EVIL_IMG] and nodes["statements"] == [2, 0] and nodes["degree"] == [2, 2]
    assert edges["from"] == [0] and edges["to"] == [1] and edges["label"] == ["chair from 2024 (planned)"]
    assert edges["modality"] == ["Planned"] and data["edgeStyles"][edges["style"][0]][2] is True   # dashed
    assert [s[0] for s in edges["sources"][0]] == [f"She said {EVIL_IMG}"] * 2
    assert sorted(data["articles"]) == [["urn:a", f"News {EVIL_SCRIPT}", "2024-05-01"],
                                        ["urn:b", f"News {EVIL_SCRIPT}", "2024-05-01"]]
    assert "title" not in json.dumps(nodes) and "kg-tip" not in json.dumps(data)
    assert data["meta"]["focus"] == ["a"]
    groups = data["options"]["groups"]
    assert groups["k0"]["shape"] == KIND_STYLES["Person"].shape
    assert groups["k1"]["color"]["background"] == KIND_STYLES["Organisation"].color


def test_small_graphs_use_physics_and_large_ones_precomputed_positions(monkeypatch):
    small = to_pyvis(_network())
    assert small.options["physics"]["enabled"] is True
    assert small.options["physics"]["stabilization"]["enabled"] is True
    assert small.options["edges"]["smooth"] is False
    assert not any("x" in n for n in small.nodes if "isolated" not in n)
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 5)
    big = to_pyvis(_network())
    assert big.options["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in big.nodes)
    assert [(n["x"], n["y"]) for n in to_pyvis(_network()).nodes] == [(n["x"], n["y"]) for n in big.nodes]


def test_fr_layout_is_deterministic_and_spread():
    g = nx.gnm_random_graph(300, 600, seed=3)
    g = nx.relabel_nodes(g, {i: f"n{i}" for i in g})
    first, second = fr_layout(g), fr_layout(g)
    assert first == second and len(first) == 300
    assert len(set(first.values())) == 300


def test_explicit_positions_switch_physics_off():
    g = _network()
    net = to_pyvis(g, layout={n: (float(i), 0.0) for i, n in enumerate(sorted(g))})
    assert net.options["physics"]["enabled"] is False and net.nodes[1]["x"] == 1.0
    with pytest.raises(ValueError):
        to_pyvis(g, layout="spring")


# --------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """tests/data/view/articles.jsonl built by the pipeline (its graph.html is written by write_view)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("view") / "out"
    report = build([DATA / "articles.jsonl"], out, validate_shapes=False)
    assert report.articles == 3 and not report.failures
    return out


@pytest.fixture(scope="module")
def built_graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl")


def _assert_offline(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"@import|@font-face|url\(\s*['\"]?https?:", page, re.I)
    assert not re.search(r"jsdelivr|cdnjs|unpkg|googleapis|bootstrap\.(min\.)?(css|js)", page, re.I)


def test_page_is_self_contained_and_deterministic(built, built_graph, tmp_path):
    page = (built / "graph.html").read_text(encoding="utf-8")
    _assert_offline(page)
    assert "vis-network" in page and "TomSelect" in page        # both libraries inlined from pyvis
    again = write_view(built_graph, tmp_path / "again.html",
                       links=[("Timelines", "timelines/index.html")]).read_text(encoding="utf-8")
    assert again == page
    assert '<a href="timelines/index.html">Timelines</a>' in page   # kg build links the body timelines


def test_empty_graph_gives_a_page_that_says_so(built_graph, tmp_path):
    page = write_view(Graph(), tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "nothing to draw" in page and "0 entities" in page and "<script" not in page
    filtered = write_view(built_graph, tmp_path / "none.html", kinds=["Event"]).read_text(encoding="utf-8")
    assert "nothing to draw" in filtered and "kinds: Event" in filtered


def test_most_connected_caps_the_page(built_graph, tmp_path):
    g = _network()
    top = view.most_connected(g, 3)
    assert _labels(top) == {"Council of the Baltic Sea States", "Estonia", "Latvia"}
    assert _labels(view.most_connected(g, 2, keep=["t/tallinn"])) == {"Tallinn", "Council of the Baltic Sea States"}
    assert view.most_connected(g, 100) is g
    total = to_networkx(built_graph).number_of_nodes()
    page = write_view(built_graph, tmp_path / "cap.html", max_nodes=5).read_text(encoding="utf-8")
    assert "5 entities" in page and f"the 5 most connected of {total} entities" in page


def test_max_nodes_zero_draws_every_entity(built_graph, tmp_path):
    total = to_networkx(built_graph).number_of_nodes()
    page = write_view(built_graph, tmp_path / "all.html", max_nodes=0).read_text(encoding="utf-8")
    assert f"{total} entities" in page and "most connected" not in page
    with pytest.raises(ValueError, match="max_nodes"):
        write_view(built_graph, tmp_path / "bad.html", max_nodes=-1)


def test_write_view_filters(built_graph, tmp_path):
    page = write_view(built_graph, tmp_path / "f.html", focus="Baltic Assembly", depth=1).read_text()
    assert "Baltic Assembly and its neighbourhood" not in page  # write_view keeps the title it is given
    assert "within 1 step of Baltic Assembly" in page
    part = select(to_networkx(built_graph), focus="Baltic Assembly", depth=1)
    assert {"Baltic Assembly", "Estonia", "Lithuania"} <= _labels(part)  # its chairs
    assert f"{part.number_of_nodes()} entities" in page
    with pytest.raises(FocusNotFound):
        write_view(built_graph, tmp_path / "x.html", focus="Baltic Asembly")


# --------------------------------------------------------------------------- kg view


def test_cli_writes_the_page(built, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["view", str(built), "-o", str(out)]) == 0
    total = to_networkx(Graph().parse(built / "graph.ttl")).number_of_nodes()
    assert f"({total} entities" in capsys.readouterr().out and f"{total} entities" in out.read_text()
    assert main(["view", str(built / "graph.ttl"), "-o", str(out), "--focus", "cbss", "--depth", "1",
                 "--type", "country,organisation", "--since", "2024", "--until", "2024-12"]) == 0
    text = out.read_text()
    assert "Council of the Baltic Sea States and its neighbourhood" in text
    assert "period: 2024 – 2024-12" in text


def test_cli_max_nodes_caps_the_page(built, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["view", str(built), "-o", str(out), "--max-nodes", "3"]) == 0
    assert "(3 entities" in capsys.readouterr().out
    total = to_networkx(Graph().parse(built / "graph.ttl")).number_of_nodes()
    assert main(["view", str(built), "-o", str(out), "--max-nodes", "0"]) == 0
    assert f"({total} entities" in capsys.readouterr().out


def test_cli_unknown_focus_lists_close_matches(built, tmp_path, capsys):
    assert main(["view", str(built), "-o", str(tmp_path / "x.html"), "--focus", "Elina Valtnen"]) == 1
    err = capsys.readouterr().err
    assert "no entity" in err and "Elina Valtonen" in err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args", [["--type", "planet"], ["--since", "2024-13"], ["--depth", "-1"],
                                  ["--max-nodes", "-2"]])
def test_cli_usage_errors(built, tmp_path, args):
    assert main(["view", str(built), "-o", str(tmp_path / "x.html"), *args]) == 2


def test_cli_missing_graph(tmp_path, capsys):
    assert main(["view", str(tmp_path / "nope"), "-o", str(tmp_path / "x.html")]) == 1
    assert "no such file" in capsys.readouterr().err


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) for the "
                    "browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install "
                                                                 "playwright; no browser download is needed)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A page opened with every request but the page itself blocked; records what went wrong."""

    def __init__(self, browser, path: Path, *, wait: bool = True, width: int = 1280, height: int = 800):
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.goto(self.url)
        if wait:
            self.page.wait_for_function("window.kgView && window.kgView.ready === true", timeout=20_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.blocked == [] and self.failed == []
        assert self.console_errors == [] and self.page_errors == []

    def node_point(self, node_id: str) -> dict:
        """Where ``node_id`` is drawn, relative to the canvas."""
        return self.page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)

    def painted_pixels(self) -> int:
        """How many pixels of the network canvas hold something darker than the background."""
        return self.page.evaluate("""() => {
            const c = document.querySelector('#kg-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) n++;
            return n;
        }""")

    def close(self) -> None:
        self.page.close()


def test_visit_reports_blocked_requests(browser, tmp_path):
    """The harness itself: a page that fetches something is caught."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><img src="https://example.org/x.png"><script src="http://example.org/a.js">'
                    "</script>")
    visit = Visit(browser, page, wait=False)
    visit.page.wait_for_load_state("load")
    assert "https://example.org/x.png" in visit.blocked and "http://example.org/a.js" in visit.blocked
    visit.close()


def test_page_draws_offline_and_search_selects(browser, built, built_graph):
    visit = Visit(browser, built / "graph.html")
    page = visit.page
    network = to_networkx(built_graph)
    expected = network.number_of_nodes()
    assert expected >= 15
    assert page.evaluate("window.network.body.data.nodes.length") == expected
    assert page.evaluate("window.kgView.stabilized") is True
    draw_ms = page.evaluate("window.kgView.drawMs")
    assert 0 < draw_ms < 10_000
    assert page.locator("#kg-network canvas").count() == 1
    painted = visit.painted_pixels()
    assert painted > 2000                                             # shapes, lines and labels were drawn
    kinds = {d["kind"] for _, d in network.nodes(data=True)}
    assert page.locator("footer.kg-legend li").count() == len(kinds) + 4  # kinds present + edge styles

    page.click(".ts-control")
    page.keyboard.type("Elina Valtonen")
    page.keyboard.press("Enter")
    page.wait_for_function("network.getSelectedNodes().length === 1")
    valtonen = [n for n, d in network.nodes(data=True) if d["label"] == "Elina Valtonen"]
    assert page.evaluate("network.getSelectedNodes()") == valtonen

    page.click(".ts-control")
    page.keyboard.press("Backspace")
    page.keyboard.type("CBSS")                                        # an alias finds the body too
    page.keyboard.press("Enter")
    page.wait_for_function(f"network.getSelectedNodes()[0] === '{ID}org/cbss'")
    # the highlight veils the rest without touching vis's data
    assert page.evaluate("kgView.focusNode('no such entity')") is False
    before = page.evaluate("JSON.stringify(kgView.nodes.get()) + JSON.stringify(kgView.edges.get())")
    assert page.evaluate(f"kgView.focusNode('{ID}country/finland')") is True
    assert page.evaluate("network.getSelectedNodes()") == [ID + "country/finland"]
    assert page.evaluate("JSON.stringify(kgView.nodes.get()) + JSON.stringify(kgView.edges.get())") == before
    visit.assert_clean()
    visit.close()


def test_hover_shows_escaped_tooltips(browser, built):
    visit = Visit(browser, built / "graph.html")
    point = visit.node_point(ID + "country/finland")
    visit.page.hover("#kg-network canvas", position=point)
    tip = visit.page.wait_for_selector("div.vis-tooltip .kg-tip", state="visible", timeout=5_000)
    text = tip.inner_text()
    assert "Finland" in text and "Country" in text and "Q33" in text
    visit.assert_clean()
    visit.close()


def test_injected_markup_never_runs(browser, tmp_path):
    from kg.pipeline import build

    out = tmp_path / "evil"
    build([DATA / "injection.jsonl"], out, validate_shapes=False)
    html_text = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html_text and "<img src=x" not in html_text

    # and labels, aliases, evidence and headlines with markup, straight into the network
    g = nx.MultiDiGraph()
    g.add_node("urn:x:eve", kind="Person", label=f"Eve {EVIL_SCRIPT}", wikidata="", iri="urn:x:eve",
               statements=1, aliases=[EVIL_IMG])
    g.add_node("urn:x:body", kind="Organisation", label=f"Body {EVIL_IMG}", wikidata="", iri="urn:x:body",
               statements=0)
    g.add_edge("urn:x:eve", "urn:x:body", key="k", relation="chair", start="2024", end="", status="",
               modality="Asserted", source="urn:x:a", evidence=f"Said {EVIL_SCRIPT} {EVIL_IMG}",
               headline=f"</script><script>window.__pwned=1</script>", published="2024-01-01")
    crafted = tmp_path / "crafted.html"
    crafted.write_text(render_page(to_pyvis(g), title=f"Title {EVIL_IMG}"), encoding="utf-8")
    assert "<script>window.__pwned" not in crafted.read_text()

    for path in (out / "graph.html", crafted):
        visit = Visit(browser, path)
        page = visit.page
        assert page.evaluate("typeof window.__pwned") == "undefined"
        for node_id in page.evaluate("network.body.data.nodes.getIds()"):
            page.hover("#kg-network canvas", position=visit.node_point(node_id))
            page.wait_for_selector("div.vis-tooltip .kg-tip", state="visible", timeout=5_000)
            page.mouse.move(1, 1)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # an edge's tooltip: hover the middle of the first edge
        mid = page.evaluate("""() => {
            const e = network.body.data.edges.get()[0];
            const p = network.getPositions([e.from, e.to]);
            return network.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
        }""")
        page.hover("#kg-network canvas", position=mid)
        tip = page.wait_for_selector("div.vis-tooltip .kg-tip", state="visible", timeout=5_000)
        assert "window.__pwned=1" in tip.inner_text()                # shown as text
        page.click(".ts-control")
        page.keyboard.type("<")                                      # the search lists the names, escaped
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img[src=x]").count() == 0
        visit.assert_clean()
        visit.close()


def test_large_graph_is_laid_out_in_python(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 100)
    g = nx.gnm_random_graph(400, 800, seed=7, directed=True)
    mg = nx.MultiDiGraph()
    kinds = list(KIND_STYLES)
    for i in g:
        mg.add_node(f"n{i}", kind=kinds[i % len(kinds)], label=f"Entity {i}", wikidata="", iri=f"n{i}",
                    statements=0)
    for u, v in g.edges:
        mg.add_edge(f"n{u}", f"n{v}", relation="member", start="", end="", status="", modality="Asserted",
                    source="", evidence="")
    net = to_pyvis(mg)
    assert net.options["physics"]["enabled"] is False
    path = tmp_path / "large.html"
    path.write_text(render_page(net), encoding="utf-8")
    visit = Visit(browser, path)
    assert visit.page.evaluate("window.network.body.data.nodes.length") == 400
    assert visit.page.evaluate("window.kgView.drawMs") < 10_000
    visit.assert_clean()
    visit.close()


def _edge_midpoints(page) -> list[dict]:
    """The middle of every straight edge on the screen, longest first (from the page's own data)."""
    return page.evaluate("""() => {
        const d = JSON.parse(document.getElementById('kg-data').textContent);
        const curved = new Set((d.curved || []).map(c => c[0]));
        const pos = network.getPositions(d.nodes.id);
        const out = [];
        d.edges.from.forEach((f, j) => {
            const a = pos[d.nodes.id[f]], b = pos[d.nodes.id[d.edges.to[j]]];
            if (curved.has(j) || !a || !b) return;
            const p = network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
            const q = network.canvasToDOM(a), r = network.canvasToDOM(b);
            out.push({x: p.x, y: p.y, len: Math.hypot(q.x - r.x, q.y - r.y), relation: d.relations[d.edges.relation[j]]});
        });
        return out.sort((x, y) => y.len - x.len);
    }""")


def test_large_page_draws_edges_itself(browser, built, built_graph, tmp_path, monkeypatch):
    """Past LAYOUT_THRESHOLD (positions from Python) vis gets no edges and the largest entities
    first; the page draws, hit-tests and explains the rest itself."""
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 5)
    monkeypatch.setattr(view, "VIS_FIRST_NODES", 4)
    path = write_view(built_graph, tmp_path / "own.html", max_nodes=0)
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                                path.read_text(encoding="utf-8"), re.S).group(1))
    assert data["meta"]["ownEdges"] is True and data["meta"]["firstNodes"] == 4
    expected = to_networkx(built_graph).number_of_nodes()
    visit = Visit(browser, path)
    page = visit.page
    assert page.evaluate("network.body.data.edges.length") == 0
    page.wait_for_function("kgView.loaded === true", timeout=10_000)
    assert page.evaluate("network.body.data.nodes.length") == expected
    painted = visit.painted_pixels()
    assert painted > 2000

    finland = ID + "country/finland"
    page.hover("#kg-network canvas", position=visit.node_point(finland))
    tip = page.wait_for_selector("div.vis-tooltip .kg-tip", state="visible", timeout=5_000)
    assert "Finland" in tip.inner_text() and "Q33" in tip.inner_text()
    page.mouse.move(1, 1)
    mid = _edge_midpoints(page)[0]
    page.hover("#kg-network canvas", position={"x": mid["x"], "y": mid["y"]})
    page.wait_for_function("document.querySelector('div.vis-tooltip .kg-tip-title') && "
                           "document.querySelector('div.vis-tooltip .kg-tip-title').textContent.includes('\u2192')",
                           timeout=5_000)
    assert mid["relation"] in page.inner_text("div.vis-tooltip")

    page.click("#kg-network canvas", position=visit.node_point(finland))   # a click selects and highlights
    page.wait_for_function(f"network.getSelectedNodes()[0] === '{finland}'")
    assert page.evaluate(f"kgView.focusNode('{ID}org/cbss')") is True
    assert page.evaluate("network.getSelectedNodes()") == [ID + "org/cbss"]
    visit.assert_clean()
    visit.close()


def test_large_page_tooltips_never_run_markup(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "LAYOUT_THRESHOLD", 1)
    g = nx.MultiDiGraph()
    g.add_node("urn:x:eve", kind="Person", label=f"Eve {EVIL_SCRIPT}", wikidata="", iri="urn:x:eve",
               statements=1, aliases=[EVIL_IMG])
    g.add_node("urn:x:body", kind="Organisation", label=f"Body {EVIL_IMG}", wikidata="", iri="urn:x:body",
               statements=0)
    g.add_edge("urn:x:eve", "urn:x:body", key="k", relation="chair", start="2024", end="", status="",
               modality="Asserted", source="urn:x:a", evidence=f"Said {EVIL_SCRIPT} {EVIL_IMG}",
               headline="</script><script>window.__pwned=1</script>", published="2024-01-01")
    path = tmp_path / "evil-large.html"
    path.write_text(render_page(to_pyvis(g), title=f"Title {EVIL_IMG}"), encoding="utf-8")
    visit = Visit(browser, path)
    page = visit.page
    for node_id in ("urn:x:eve", "urn:x:body"):
        page.hover("#kg-network canvas", position=visit.node_point(node_id))
        tip = page.wait_for_selector("div.vis-tooltip .kg-tip", state="visible", timeout=5_000)
        assert "Eve" in tip.inner_text() or "Body" in tip.inner_text()
        page.mouse.move(1, 1)
    mid = _edge_midpoints(page)[0]
    page.hover("#kg-network canvas", position={"x": mid["x"], "y": mid["y"]})
    page.wait_for_function("document.querySelector('div.vis-tooltip .kg-tip-evidence')", timeout=5_000)
    assert "window.__pwned=1" in page.inner_text("div.vis-tooltip")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img[src=x]").count() == 0
    visit.assert_clean()
    visit.close()
