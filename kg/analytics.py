"""Network analytics on the entity graph that :func:`kg.network.to_networkx` projects.

>>> from kg.store import load_graph
>>> from kg.analytics import summary, centrality, communities, shortest_path, export
>>> g = to_network(load_graph("out"))                 # doctest: +SKIP
>>> summary(g)["largest_component"]                   # doctest: +SKIP
>>> centrality(g, top=5)                              # doctest: +SKIP
>>> shortest_path(g, "Sergey Lavrov", "BSSSC")        # doctest: +SKIP

Every function takes the ``networkx.MultiDiGraph`` of :func:`kg.network.to_networkx`
(nodes keyed by entity IRI with ``kind`` and ``label``; edges with ``relation``)
and works on one of two *simple views* of it:

- the **undirected simple graph** (one edge per pair of connected entities,
  self-loops dropped): degree, betweenness, density, communities and paths. A
  chairmanship and a membership of the same body are one tie, and "X is a member
  of Y" connects X and Y whichever way the edge points.
- the **directed simple graph** (one edge per ordered pair): PageRank, so that the
  bodies that members, chairs and post-holders point to collect the rank.

Results are deterministic: the views are built with nodes and edges in sorted
order, Louvain runs with a fixed seed, scores are rounded to 6 decimals and ties
are broken by label and IRI.

Betweenness and PageRank come from networkx up to :data:`IGRAPH_THRESHOLD`
nodes and from python-igraph above it (networkx's exact betweenness is
O(nodes x edges) in pure Python; igraph computes the same measures in C).
Pass ``backend="networkx"`` or ``"igraph"`` to choose.
"""
from __future__ import annotations

import difflib
import json
import math
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import QueryError, StoreError

if TYPE_CHECKING:  # pandas and rdflib are imported where they are used
    import pandas as pd
    from rdflib import Graph

__all__ = [
    "IGRAPH_THRESHOLD", "COMMUNITY_SEED", "NoPathError",
    "to_network", "summary", "centrality", "communities", "shortest_path", "export",
    "undirected_view", "directed_view", "find_node", "format_path",
]

#: Above this many nodes, betweenness and PageRank are computed with python-igraph.
IGRAPH_THRESHOLD = 5000
#: The seed of the Louvain community detection.
COMMUNITY_SEED = 42
_DAMPING = 0.85
_PR_TOL = 1e-10
_ROUND = 6


class NoPathError(QueryError):
    """The two entities of :func:`shortest_path` exist but are not connected."""


# ---------------------------------------------------------------- reading

def to_network(graph: "Graph", *, kinds=None) -> nx.MultiDiGraph:
    """The entity network of an RDF graph (:func:`kg.network.to_networkx`)."""
    from kg.network import to_networkx

    return to_networkx(graph, kinds=kinds)


# ---------------------------------------------------------------- views

def _label(g: nx.Graph, node) -> str:
    return str(g.nodes[node].get("label") or node)


def _sort_key(g: nx.Graph, node) -> tuple[str, str]:
    return (_label(g, node).casefold(), str(node))


def undirected_view(g: nx.Graph) -> nx.Graph:
    """The undirected simple graph: one edge per connected pair, no self-loops, nodes and edges in sorted order.

    Each edge keeps ``relations``: the sorted relation names of the edges it stands for, joined with ", ".
    """
    h = nx.Graph()
    for node in sorted(g.nodes, key=lambda n: _sort_key(g, n)):
        h.add_node(node, **g.nodes[node])
    rels: dict[tuple, set[str]] = {}
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if str(u) <= str(v) else (v, u)
        rels.setdefault(pair, set()).add(str(data.get("relation") or ""))
    for (u, v) in sorted(rels, key=lambda p: (str(p[0]), str(p[1]))):
        h.add_edge(u, v, relations=", ".join(sorted(r for r in rels[(u, v)] if r)))
    return h


def directed_view(g: nx.Graph) -> nx.DiGraph:
    """The directed simple graph: one edge per ordered pair, no self-loops, in sorted order."""
    h = nx.DiGraph()
    for node in sorted(g.nodes, key=lambda n: _sort_key(g, n)):
        h.add_node(node)
    pairs = {(u, v) for u, v in g.edges() if u != v}
    h.add_edges_from(sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))))
    return h


# ---------------------------------------------------------------- summary

def summary(g: nx.Graph) -> dict[str, Any]:
    """Size and shape of the network.

    Returns:
        ``nodes``, ``edges`` (all edges of the multigraph), ``nodes_by_kind`` and
        ``edges_by_relation`` (largest first), ``pairs`` (edges of the undirected
        simple graph), ``density`` (of that graph: pairs / (n(n-1)/2)),
        ``components`` (weakly connected components), ``largest_component`` (its
        number of nodes) and ``isolated`` (nodes without any edge).
    """
    simple = undirected_view(g)
    n = simple.number_of_nodes()
    by_kind = Counter(str(d.get("kind") or "") for _, d in g.nodes(data=True))
    by_rel = Counter(str(d.get("relation") or "") for _, _, d in g.edges(data=True))
    comps = list(nx.connected_components(simple)) if n else []
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "nodes_by_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        "edges_by_relation": dict(sorted(by_rel.items(), key=lambda kv: (-kv[1], kv[0]))),
        "pairs": simple.number_of_edges(),
        "density": round(nx.density(simple), _ROUND) if n > 1 else 0.0,
        "components": len(comps),
        "largest_component": max((len(c) for c in comps), default=0),
        "isolated": sum(1 for node in simple if simple.degree(node) == 0),
    }


# ---------------------------------------------------------------- centrality

def _use_igraph(n: int, backend: str) -> bool:
    if backend not in ("auto", "networkx", "igraph"):
        raise QueryError(f"unknown backend {backend!r}: use 'auto', 'networkx' or 'igraph'")
    return backend == "igraph" or (backend == "auto" and n > IGRAPH_THRESHOLD)


def _igraph_scores(und: nx.Graph, dig: nx.DiGraph) -> tuple[dict, dict]:
    import igraph as ig

    nodes = list(und.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    ug = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in und.edges()], directed=False)
    dg = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in dig.edges()], directed=True)
    n = len(nodes)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # networkx's normalisation for undirected graphs
    bet = {node: b * scale for node, b in zip(nodes, ug.betweenness(directed=False))}
    pr = {node: p for node, p in zip(nodes, dg.pagerank(directed=True, damping=_DAMPING))}
    return bet, pr


def _pagerank(dig: nx.DiGraph) -> dict:
    """networkx's PageRank (damping 0.85, dangling nodes spread evenly), to a tolerance of 1e-10.

    ``networkx.pagerank`` needs SciPy, which baltic-kg does not depend on; without it
    the same power iteration runs in pure Python, so the rounded scores agree either way.
    """
    n = dig.number_of_nodes()
    if n == 0:
        return {}
    try:
        return nx.pagerank(dig, alpha=_DAMPING, tol=_PR_TOL, max_iter=1000)
    except ImportError:
        pass
    nodes = list(dig.nodes)
    out_deg = {node: dig.out_degree(node) for node in nodes}
    dangling = [node for node in nodes if out_deg[node] == 0]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(1000):
        last = x
        x = dict.fromkeys(nodes, 0.0)
        spread = _DAMPING * sum(last[node] for node in dangling) / n
        for node in nodes:
            if out_deg[node]:
                share = _DAMPING * last[node] / out_deg[node]
                for nbr in dig.successors(node):
                    x[nbr] += share
        for node in nodes:
            x[node] += spread + (1.0 - _DAMPING) / n
        if sum(abs(x[node] - last[node]) for node in nodes) < n * _PR_TOL:
            return x
    raise QueryError("PageRank did not converge")


def centrality(g: nx.Graph, top: int | None = 10, *, by: str = "degree", backend: str = "auto") -> "pd.DataFrame":
    """The most central entities.

    Args:
        g: the network.
        top: how many rows to keep (all with ``None``).
        by: the ranking column: ``"degree"`` (ties broken by betweenness, then
            PageRank), ``"betweenness"`` or ``"pagerank"``; then by label and IRI.
        backend: ``"auto"`` (networkx up to :data:`IGRAPH_THRESHOLD` nodes, igraph above),
            ``"networkx"`` or ``"igraph"``.

    Returns:
        A DataFrame indexed by node IRI (``node``) with columns ``label``, ``kind``,
        ``degree`` (distinct neighbours), ``betweenness`` (normalised, undirected
        simple graph) and ``pagerank`` (directed simple graph, damping 0.85).
    """
    import pandas as pd

    columns = ["label", "kind", "degree", "betweenness", "pagerank"]
    order = {"degree": ("degree", "betweenness", "pagerank"), "betweenness": ("betweenness", "degree", "pagerank"),
             "pagerank": ("pagerank", "degree", "betweenness")}
    if by not in order:
        raise QueryError(f"unknown centrality {by!r}: use 'degree', 'betweenness' or 'pagerank'")
    if top is not None and top < 0:
        raise QueryError("top must be 0 or more")
    und, dig = undirected_view(g), directed_view(g)
    if und.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="node"))
    if _use_igraph(und.number_of_nodes(), backend):
        bet, pr = _igraph_scores(und, dig)
    else:
        bet = nx.betweenness_centrality(und, normalized=True)
        pr = _pagerank(dig)
    rows = []
    for node in und.nodes:
        rows.append({"node": node, "label": _label(g, node), "kind": str(g.nodes[node].get("kind") or ""),
                     "degree": und.degree(node), "betweenness": round(bet.get(node, 0.0), _ROUND),
                     "pagerank": round(pr.get(node, 0.0), _ROUND)})
    first = order[by]
    rows.sort(key=lambda r: tuple(-r[c] for c in first) + (r["label"].casefold(), r["node"]))
    if top is not None:
        rows = rows[:top]
    return pd.DataFrame(rows, columns=["node", *columns]).set_index("node")


# ---------------------------------------------------------------- communities

def communities(g: nx.Graph, *, labels: bool = False, seed: int = COMMUNITY_SEED) -> list[list[str]]:
    """Communities of the undirected simple graph (networkx Louvain, fixed seed).

    Returns:
        The communities as lists of node IRIs (or labels with ``labels=True``),
        largest first; members sorted by label; communities of equal size
        ordered by their first member. An isolated entity is a community of one.
    """
    und = undirected_view(g)
    if und.number_of_nodes() == 0:
        return []
    if und.number_of_edges() == 0:
        found = [{node} for node in und.nodes]
    else:
        found = nx.community.louvain_communities(und, seed=seed)
    groups = [sorted(c, key=lambda n: _sort_key(g, n)) for c in found]
    groups.sort(key=lambda c: (-len(c), _sort_key(g, c[0])))
    if labels:
        return [[_label(g, n) for n in c] for c in groups]
    return [[str(n) for n in c] for c in groups]


# ---------------------------------------------------------------- paths

def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def _names(g: nx.Graph, node) -> tuple[str, list[str]]:
    data = g.nodes[node]
    aliases = data.get("aliases") or ""
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|") if a.strip()]
    return _label(g, node), [str(a) for a in aliases]


def find_node(g: nx.Graph, name: str) -> list:
    """The nodes a name stands for: an IRI; else labels equal to it ignoring case; else aliases;
    else the same with diacritics folded. Raises :class:`QueryError` (with close matches) when none."""
    if name in g:
        return [name]
    wanted, folded = name.casefold().strip(), _fold(name)
    tests = (
        lambda label, aliases: label.casefold() == wanted,
        lambda label, aliases: any(a.casefold() == wanted for a in aliases),
        lambda label, aliases: _fold(label) == folded,
        lambda label, aliases: any(_fold(a) == folded for a in aliases),
    )
    names = {node: _names(g, node) for node in g.nodes}
    for test in tests:
        hits = [node for node, (label, aliases) in names.items() if test(label, aliases)]
        if hits:
            return sorted(hits, key=lambda n: _sort_key(g, n))
    choices: dict[str, str] = {}
    for label, aliases in names.values():
        for candidate in (label, *aliases):
            choices.setdefault(candidate.casefold(), label)
    close = difflib.get_close_matches(wanted, list(choices), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(choices[c] for c in close))
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise QueryError(f"no entity named {name!r} in the graph{hint}")


def shortest_path(g: nx.Graph, a: str, b: str) -> list[dict[str, Any]]:
    """The shortest chain of relations between two entities, ignoring edge direction.

    Args:
        a, b: labels or aliases (case-insensitive, diacritics optional) or node IRIs.
            A name shared by several entities tries each of them and keeps the shortest path.

    Returns:
        One dict per entity on the path, from ``a`` to ``b``: ``node`` (IRI), ``label``,
        ``kind``, and for every step but the last ``relation`` (the relation(s) of the
        edges to the next entity, joined with ", ") and ``direction`` ("out" when the
        edge goes from this entity to the next, "in" when it comes from the next,
        "both"); the last step has ``relation`` and ``direction`` None.

    Raises:
        QueryError: a name that matches no entity (the message lists close matches).
        NoPathError: the entities are not connected.
    """
    sources, targets = find_node(g, a), find_node(g, b)
    und = undirected_view(g)
    best: list | None = None
    for s in sources:
        for t in targets:
            try:
                path = nx.shortest_path(und, s, t)
            except nx.NetworkXNoPath:
                continue
            if best is None or len(path) < len(best):
                best = path
    if best is None:
        la, lb = _label(g, sources[0]), _label(g, targets[0])
        raise NoPathError(f"no path between {la!r} and {lb!r}: they are in different components of the graph")
    steps = []
    for i, node in enumerate(best):
        step = {"node": str(node), "label": _label(g, node), "kind": str(g.nodes[node].get("kind") or ""),
                "relation": None, "direction": None}
        if i + 1 < len(best):
            nxt = best[i + 1]
            out = {str(d.get("relation") or "") for d in _edge_data(g, node, nxt)}
            inc = {str(d.get("relation") or "") for d in _edge_data(g, nxt, node)}
            step["relation"] = ", ".join(sorted(r for r in out | inc if r))
            step["direction"] = "both" if out and inc else ("out" if out else "in")
        steps.append(step)
    return steps


def _edge_data(g: nx.Graph, u, v) -> list[dict]:
    if not g.has_edge(u, v):
        return []
    if g.is_multigraph():
        return list(g.get_edge_data(u, v).values())
    return [g.get_edge_data(u, v)]


def format_path(steps: list[dict]) -> str:
    """A path as one line: ``A (Person) --post--> B (Country) <--member-- C (Organisation)``."""
    parts = []
    for step in steps:
        parts.append(f"{step['label']} ({step['kind']})")
        if step["relation"] is not None:
            rel = step["relation"] or "?"
            parts.append({"out": f"--{rel}-->", "in": f"<--{rel}--", "both": f"<--{rel}-->"}[step["direction"]])
    return " ".join(parts)


# ---------------------------------------------------------------- export

_GEXF_RESERVED = {"start": "start_date", "end": "end_date", "id": "id_", "type": "type_", "weight": "weight_"}


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value if not (isinstance(value, float) and math.isnan(value)) else ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return " | ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _clean(records: list[dict], rename: dict[str, str]) -> list[dict]:
    """Plain values; an attribute whose values have different types becomes a string everywhere."""
    out = [{rename.get(k, k): _plain(v) for k, v in r.items()} for r in records]
    types: dict[str, set[type]] = {}
    for r in out:
        for k, v in r.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    for r in out:
        for k in mixed & r.keys():
            r[k] = str(r[k])
    return out


def export(g: nx.Graph, path: Path | str) -> Path:
    """Write the network to GraphML (``.graphml``) or GEXF (``.gexf``), chosen by suffix.

    Attribute values become strings or numbers (None becomes ""). In GEXF the
    edge attributes ``start`` and ``end`` are renamed ``start_date`` and
    ``end_date`` (GEXF reserves them for its dynamic mode), each edge is
    labelled with its relation, and a multigraph's edge keys become the edge ids.

    Raises:
        StoreError: an unknown suffix, or a file that cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".graphml", ".gexf"):
        raise StoreError(f"{path}: cannot export to {suffix or 'a file without suffix'}; use .graphml or .gexf")
    rename = _GEXF_RESERVED if suffix == ".gexf" else {}
    out = nx.MultiDiGraph() if g.is_multigraph() else nx.DiGraph()
    nodes = sorted(g.nodes, key=lambda n: str(n))
    for node, data in zip(nodes, _clean([dict(g.nodes[n]) for n in nodes], {"id": "id_"} if rename else {})):
        out.add_node(str(node), **data)
    if g.is_multigraph():
        edges = sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
        cleaned = _clean([dict(d) for *_, d in edges], rename)
        for (u, v, k, _), data in zip(edges, cleaned):
            if rename:
                data.setdefault("label", data.get("relation", ""))
                data["id"] = str(k)  # GEXF keeps the edge key as the edge's id
            out.add_edge(str(u), str(v), key=str(k), **data)
    else:
        edges = sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
        cleaned = _clean([dict(d) for *_, d in edges], rename)
        for (u, v, _), data in zip(edges, cleaned):
            if rename:
                data.setdefault("label", data.get("relation", ""))
            out.add_edge(str(u), str(v), **data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".graphml":
            nx.write_graphml(out, path)
        else:
            nx.write_gexf(out, path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
