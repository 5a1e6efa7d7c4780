"""Network analytics (kg.analytics) and the `kg network` command.

Two kinds of input: a graph built with kg.pipeline.build from three short articles in
tests/data/analytics (plain text, Markdown with front matter, JSON Lines; invented officials),
and small networkx graphs made here, whose numbers are known exactly.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import analytics
from kg.store import load_graph
from kg.analytics import (NoPathError, centrality, communities, export, shortest_path, summary,
                          to_network)
from kg.cli import cli
from kg.errors import QueryError, StoreError
from kg.pipeline import build

ARTICLES = Path(__file__).parent / "data" / "analytics"


# ---------------------------------------------------------------- graphs made by hand

def network(nodes: dict[str, str], edges: list[tuple[str, str, str]]) -> nx.MultiDiGraph:
    """A MultiDiGraph shaped like kg.network.to_networkx's: nodes {label: kind}, edges (from, relation, to)."""
    g = nx.MultiDiGraph()
    for label, kind in nodes.items():
        g.add_node(f"urn:x:{label}", label=label, kind=kind, wikidata="", iri=f"urn:x:{label}", statements=0)
    for i, (u, rel, v) in enumerate(edges):
        g.add_edge(f"urn:x:{u}", f"urn:x:{v}", key=f"e{i}", relation=rel, start=None, end="", status="")
    return g


@pytest.fixture
def star() -> nx.MultiDiGraph:
    """Five members of one body."""
    leaves = ["Estonia", "Finland", "Latvia", "Lithuania", "Sweden"]
    return network({"Council": "Organisation", **{c: "Country" for c in leaves}},
                   [(c, "member", "Council") for c in leaves])


@pytest.fixture
def small() -> nx.MultiDiGraph:
    """Two components and an isolated node; a chair that is also a member (parallel edges)."""
    return network(
        {"Anna Berg": "Person", "Estonia": "Country", "Council": "Organisation", "Latvia": "Country",
         "Tartu": "City", "Union": "Organisation", "Riga": "City"},
        [("Anna Berg", "post", "Estonia"), ("Estonia", "chair", "Council"), ("Estonia", "member", "Council"),
         ("Latvia", "member", "Council"), ("Tartu", "member", "Union")])


def test_summary_counts(small):
    s = summary(small)
    assert s["nodes"] == 7 and s["edges"] == 5
    assert s["nodes_by_kind"] == {"City": 2, "Country": 2, "Organisation": 2, "Person": 1}
    assert list(s["nodes_by_kind"]) == ["City", "Country", "Organisation", "Person"]  # largest first, then by name
    assert s["edges_by_relation"] == {"member": 3, "chair": 1, "post": 1}
    assert s["pairs"] == 4                                   # chair + member of the same body is one tie
    assert s["density"] == round(4 / (7 * 6 / 2), 6)
    assert (s["components"], s["largest_component"], s["isolated"]) == (3, 4, 1)


def test_summary_of_an_empty_graph():
    s = summary(nx.MultiDiGraph())
    assert (s["nodes"], s["edges"], s["density"], s["components"], s["largest_component"]) == (0, 0, 0.0, 0, 0)


def test_centrality_on_a_star(star):
    df = centrality(star, top=3)
    assert list(df.columns) == ["label", "kind", "degree", "betweenness", "pagerank"]
    assert df.index.name == "node"
    assert list(df["label"]) == ["Council", "Estonia", "Finland"]        # ties broken by label
    hub = df.iloc[0]
    assert (hub["degree"], hub["betweenness"]) == (5, 1.0)
    assert hub["pagerank"] > df.iloc[1]["pagerank"]
    full = centrality(star, top=None)
    assert len(full) == 6
    assert full["pagerank"].sum() == pytest.approx(1.0, abs=1e-5)
    assert (full["betweenness"].iloc[1:] == 0).all()
    assert list(centrality(star, top=2, by="pagerank")["label"]) == ["Council", "Estonia"]


def test_centrality_is_deterministic_and_backends_agree():
    karate = nx.karate_club_graph()
    g = nx.MultiDiGraph()
    for n in karate:
        g.add_node(f"n{n:02d}", label=f"member {n:02d}", kind="Person")
    for u, v in karate.edges():
        g.add_edge(f"n{u:02d}", f"n{v:02d}", relation="knows")
    a = centrality(g, top=None, backend="networkx")
    b = centrality(g, top=None, backend="igraph")
    assert list(a.index) == list(b.index)
    assert a["betweenness"].tolist() == pytest.approx(b["betweenness"].tolist(), abs=1e-5)
    assert a["pagerank"].tolist() == pytest.approx(b["pagerank"].tolist(), abs=1e-5)
    assert a.equals(centrality(g, top=None, backend="networkx"))
    assert list(a["label"][:2]) == ["member 33", "member 00"]   # the two leaders of the club
    assert analytics._use_igraph(analytics.IGRAPH_THRESHOLD + 1, "auto")
    assert not analytics._use_igraph(analytics.IGRAPH_THRESHOLD, "auto")
    with pytest.raises(QueryError):
        centrality(g, backend="gpu")
    with pytest.raises(QueryError):
        centrality(g, by="closeness")


def test_communities():
    left = ["A1", "A2", "A3", "A4"]
    right = ["B1", "B2", "B3"]
    edges = [(u, "member", v) for group in (left, right) for i, u in enumerate(group) for v in group[i + 1:]]
    g = network({n: "City" for n in left + right + ["Lonely"]}, edges + [("A1", "part of", "B1")])
    found = communities(g, labels=True)
    assert found == [left, right, ["Lonely"]]                             # largest first, members sorted
    assert communities(g) == [[f"urn:x:{n}" for n in c] for c in found]  # IRIs by default
    assert communities(g) == communities(g.copy())
    assert communities(nx.MultiDiGraph()) == []


def test_shortest_path_in_a_small_graph(small):
    steps = shortest_path(small, "anna berg", "LATVIA")
    assert [s["label"] for s in steps] == ["Anna Berg", "Estonia", "Council", "Latvia"]
    assert [(s["relation"], s["direction"]) for s in steps] == [
        ("post", "out"), ("chair, member", "out"), ("member", "in"), (None, None)]
    assert steps[0]["kind"] == "Person" and steps[0]["node"] == "urn:x:Anna Berg"
    assert analytics.format_path(steps) == ("Anna Berg (Person) --post--> Estonia (Country) --chair, member--> "
                                            "Council (Organisation) <--member-- Latvia (Country)")
    assert [s["label"] for s in shortest_path(small, "Estonia", "Estonia")] == ["Estonia"]


def test_shortest_path_errors(small):
    with pytest.raises(QueryError, match=r"no entity named 'Anna Bergg'.*did you mean 'Anna Berg'"):
        shortest_path(small, "Anna Bergg", "Latvia")
    with pytest.raises(QueryError, match="no entity named 'Atlantis' in the graph$"):
        shortest_path(small, "Latvia", "Atlantis")
    with pytest.raises(NoPathError, match="no path between 'Anna Berg' and 'Tartu'"):
        shortest_path(small, "Anna Berg", "Tartu")
    assert issubclass(NoPathError, QueryError)


def test_export_round_trip(small, tmp_path):
    small.nodes["urn:x:Riga"]["aliases"] = ["Rīga", "RIGA"]     # a list, and None values on edges
    for suffix in (".graphml", ".gexf"):
        path = export(small, tmp_path / f"net{suffix}")
        back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
        assert set(back.nodes) == set(small.nodes)
        assert back.number_of_edges() == small.number_of_edges()
        assert back.nodes["urn:x:Anna Berg"]["kind"] == "Person"
        assert back.nodes["urn:x:Riga"]["aliases"] == "Rīga | RIGA"
        rels = sorted(d["relation"] for *_, d in back.edges(data=True))
        assert rels == ["chair", "member", "member", "member", "post"]
    gexf_edge = next(iter(nx.read_gexf(tmp_path / "net.gexf").edges(data=True)))[2]
    assert gexf_edge["start_date"] == "" and "start" not in gexf_edge
    with pytest.raises(StoreError, match="use .graphml or .gexf"):
        export(small, tmp_path / "net.csv")


# ---------------------------------------------------------------- a graph built from articles

@pytest.fixture(scope="module")
def built(tmp_path_factory, extractor) -> Path:
    out = tmp_path_factory.mktemp("analytics") / "out"
    report = build([ARTICLES], out, validate_shapes=False, extractor=extractor)
    assert report.articles == 3 and not report.failures
    return out


@pytest.fixture(scope="module")
def net(built) -> nx.MultiDiGraph:
    return to_network(load_graph(built))


def labels(g, kind: str) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True) if d["kind"] == kind}


def test_built_network(net):
    assert labels(net, "Person") == {"Mart Kivisild", "Ilze Ozolina", "Anders Lund"}
    assert labels(net, "Country") == {"Estonia", "Latvia"}
    assert labels(net, "Organisation") == {"Council of the Baltic Sea States", "Baltic Assembly",
                                           "Union of the Baltic Cities", "Saeima"}
    s = summary(net)
    assert s["nodes"] == net.number_of_nodes() == sum(s["nodes_by_kind"].values())
    assert s["edges"] == net.number_of_edges() == sum(s["edges_by_relation"].values())
    assert (s["nodes_by_kind"]["Person"], s["nodes_by_kind"]["Country"]) == (3, 2)
    assert s["components"] == nx.number_weakly_connected_components(net)
    assert s["largest_component"] == max(len(c) for c in nx.weakly_connected_components(net))
    assert {"post", "chair", "member"} <= set(s["edges_by_relation"])


def test_built_centrality_and_communities(net):
    df = centrality(net, top=5)
    assert len(df) == 5
    assert df["degree"].is_monotonic_decreasing
    assert "Estonia" in set(df["label"])        # the one country of two articles
    found = communities(net, labels=True)
    assert sum(len(c) for c in found) == net.number_of_nodes()
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    union = next(c for c in found if "Union of the Baltic Cities" in c)
    assert {"Narva", "Anders Lund"} <= set(union)


def test_path_across_two_articles(net):
    """Kivisild is in the CBSS article, the Baltic Assembly in the Markdown one; Estonia is in both."""
    steps = shortest_path(net, "mart kivisild", "Baltic Assembly")
    assert [s["label"] for s in steps] == ["Mart Kivisild", "Estonia", "Baltic Assembly"]
    assert (steps[0]["relation"], steps[0]["direction"]) == ("post", "out")
    assert "chair" in steps[1]["relation"]
    assert len(shortest_path(net, "Kivisild", "CBSS")) == 3     # aliases of the graph (skos:altLabel)
    with pytest.raises(NoPathError):
        shortest_path(net, "Mart Kivisild", "Narva")
    with pytest.raises(QueryError, match="did you mean 'Mart Kivisild'"):
        shortest_path(net, "Mart Kivisilt", "Narva")


def test_load_graph(built, tmp_path):
    ttl = load_graph(built)
    trig = load_graph(built / "graph.trig")
    assert len(trig) >= len(ttl) > 0
    assert set(to_network(trig).nodes) == set(to_network(ttl).nodes)
    with pytest.raises(StoreError, match="no such file"):
        load_graph(tmp_path / "missing.ttl")
    with pytest.raises(StoreError, match="no graph.ttl"):
        load_graph(tmp_path)
    (tmp_path / "bad.ttl").write_text("this is not turtle")
    with pytest.raises(StoreError, match="not valid turtle"):
        load_graph(tmp_path / "bad.ttl")


def test_export_built_network(net, tmp_path):
    for suffix, reader in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        back = reader(export(net, tmp_path / f"kg{suffix}"))
        assert set(back.nodes) == set(net.nodes)
        assert back.number_of_edges() == net.number_of_edges()


# ---------------------------------------------------------------- the command

def run(*args):
    return CliRunner().invoke(cli, ["network", *map(str, args)])


def test_cli_text(built, tmp_path):
    result = run(built, "--top", 3, "--path", "Mart Kivisild", "Baltic Assembly", "--export", tmp_path / "n.gexf")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Most central entities (top 3 by degree)" in out
    assert "Communities (Louvain, undirected)" in out
    assert "Mart Kivisild (Person) --post--> Estonia (Country) --" in out
    assert (tmp_path / "n.gexf").exists() and f"Wrote {tmp_path / 'n.gexf'}" in out


def test_cli_json(built):
    result = run(built / "graph.trig", "--format", "json", "--top", 4, "--path", "kivisild", "baltic assembly")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["nodes_by_kind"]["Person"] == 3
    assert len(data["centrality"]) == 4
    assert set(data["centrality"][0]) == {"node", "label", "kind", "degree", "betweenness", "pagerank"}
    assert sum(c["size"] for c in data["communities"]) == data["summary"]["nodes"]
    assert [s["label"] for s in data["path"]["steps"]] == ["Mart Kivisild", "Estonia", "Baltic Assembly"]
    assert data["path"]["error"] is None


def test_cli_no_path_is_reported(built):
    result = run(built, "--path", "Mart Kivisild", "Narva", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["path"]["steps"] is None and "no path between" in data["path"]["error"]


def test_cli_errors(built, tmp_path):
    result = run(built, "--path", "Mart Kivisilt", "Narva")
    assert result.exit_code == 1 and "did you mean 'Mart Kivisild'" in result.output
    result = run(tmp_path / "nothing")
    assert result.exit_code == 1 and "no such file or folder" in result.output
    result = run(built, "--export", tmp_path / "n.csv")
    assert result.exit_code == 1 and "use .graphml or .gexf" in result.output
