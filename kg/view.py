"""An interactive, self-contained HTML page of a built graph (vis-network, through pyvis).

::

    from kg.view import write_view
    write_view(graph, "graph.html")                                  # the whole graph
    write_view(graph, "kallas.html", focus="Kaja Kallas", depth=1)   # one entity's neighbourhood
    write_view(graph, "2023.html", kinds=["Country", "Organisation"], since="2023", until="2023-12-31")

The page is built in three steps, each usable on its own:

- :func:`select` cuts the network of :func:`kg.network.to_networkx` down to a
  neighbourhood, some entity kinds and a period;
- :func:`to_pyvis` turns it into a :class:`pyvis.network.Network`: nodes coloured
  and shaped by kind, edges labelled with the relation and its period, tooltips;
- :func:`render_page` writes that network into ``kg/templates/view.html``.

The page works offline: vis-network and tom-select are read at run time from
the copies bundled with the installed pyvis package and inlined with the
page's own script and style, so it loads nothing from anywhere. The page
embeds the network's data in columns (kinds, relation styles and articles
listed once), draws the labels and arrow heads itself where they are large
enough to read, and builds a tooltip only when the pointer rests on an item,
putting every text from an article in as text, never as HTML. (The ``title``
of :func:`to_pyvis`'s records, for pyvis's own pages, is HTML with every such
text escaped.) The data is embedded as JSON whose ``<``, ``>`` and ``&`` are
written as ``\\u003c``, ``\\u003e``, ``\\u0026``, so no name can close the
``<script>`` element that holds it.

Graphs of more than :data:`LAYOUT_THRESHOLD` entities are laid out in Python
(python-igraph's Fruchterman-Reingold, seeded) and drawn with physics off;
smaller ones are laid out in the browser by vis's physics (straight edges,
stabilised before the first drawing, then switched off). On the large pages
vis-network never gets the edges: the page strokes them itself (one path per
edge style, only those in view) and finds the edge under the pointer for the
tooltips; it draws the nodes too, and gives vis (for selection, dragging and
its API) the :data:`VIS_FIRST_NODES` largest entities before the first picture
and the others when the page is idle. The same graph always gives the same page.
"""
from __future__ import annotations

import difflib
import hashlib
import html
import json
import math
import random
import re
from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import networkx as nx
from rdflib import Graph
from rdflib.namespace import SDO, SKOS

from kg.errors import KGError
from kg.model import ENTITY_KINDS

__all__ = [
    "write_view",
    "render_view",
    "view_page",
    "render_page",
    "to_pyvis",
    "select",
    "find_nodes",
    "annotate",
    "fr_layout",
    "edge_label",
    "FocusNotFound",
    "KindStyle",
    "KIND_STYLES",
    "LAYOUT_THRESHOLD",
    "VIS_FIRST_NODES",
    "PHYSICS_START_THRESHOLD",
    "MAX_NODES",
    "most_connected",
]

LAYOUT_THRESHOLD = 1000
"""Above this many entities the layout is computed in Python and physics is off."""

MAX_NODES = 10_000
"""At most this many entities on a page by default (the most connected ones); ``max_nodes=0``
draws them all. See benchmarks/README.md (``bench_view.py``) for what larger pages cost."""

VIS_FIRST_NODES = 2000
"""On pages of more than :data:`LAYOUT_THRESHOLD` entities laid out in Python, the page draws the
edges and nodes itself and gives vis-network (which builds an object of some 30 µs per item) this
many of the largest entities before the first picture, the others in slices when the page is idle."""

PHYSICS_START_THRESHOLD = 200
"""Above this many entities (and up to :data:`LAYOUT_THRESHOLD`) vis's physics starts from
:func:`fr_layout`'s positions and runs fewer stabilisation iterations."""

SEED = 20240517
"""Seed of every random choice in a layout (vis's ``randomSeed`` and igraph's start)."""

DEFAULT_TITLE = "baltic-kg graph"


@dataclass(frozen=True)
class KindStyle:
    """How the entities of one kind are drawn: fill and border colours and a vis-network shape."""

    color: str
    border: str
    shape: str


# Tableau 10: distinguishable, colour-blind tolerable, dark enough for white label strokes.
KIND_STYLES: Mapping[str, KindStyle] = {
    "Person": KindStyle("#4e79a7", "#2f4b6a", "dot"),
    "Organisation": KindStyle("#f28e2b", "#a35a12", "square"),
    "Country": KindStyle("#59a14f", "#36662f", "diamond"),
    "City": KindStyle("#e15759", "#983537", "triangle"),
    "Region": KindStyle("#b07aa1", "#734f69", "triangleDown"),
    "Event": KindStyle("#edc948", "#a88a1c", "star"),
}
"""The fixed palette of the entity kinds of :data:`kg.model.ENTITY_KINDS`."""

_SPARE_COLOURS = ("#76b7b2", "#ff9da7", "#9c755f", "#bab0ac", "#8cd17d", "#499894")
# Shapes that draw their label beside them: the page draws labels itself, and a shape that holds
# its label (ellipse, box) would shrink to a dot.
_SPARE_SHAPES = ("hexagon", "diamond", "dot", "square")

_RELATION_COLOURS = {
    "chair": "#3b3b3b",
    "member": "#8a8a8a",
    "observer": "#8a8a8a",
    "post": "#4e79a7",
    "participant": "#b8a040",
    "host": "#b8a040",
    "held in": "#c9c9c9",
    "organised by": "#c9c9c9",
    "part of": "#a35a12",
}
_FADED_STATUS = {"Withdrawn", "Suspended"}


def kind_style(kind: str) -> KindStyle:
    """The style of ``kind``; an unknown kind gets a spare colour chosen from its name (stable across runs)."""
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    h = int(hashlib.sha1(kind.encode("utf-8")).hexdigest(), 16)
    colour = _SPARE_COLOURS[h % len(_SPARE_COLOURS)]
    return KindStyle(colour, _darken(colour), _SPARE_SHAPES[(h // 7) % len(_SPARE_SHAPES)])


def _darken(colour: str, factor: float = 0.65) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _kind_order(kind: str) -> tuple[int, str]:
    return (ENTITY_KINDS.index(kind) if kind in ENTITY_KINDS else len(ENTITY_KINDS), kind)


class FocusNotFound(KGError, LookupError):
    """No entity has the label or alias asked for.

    Attributes:
        name: the name asked for.
        suggestions: labels of entities with close names, best first.
    """

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        msg = f"no entity is called {name!r}"
        if suggestions:
            msg += "; close matches: " + ", ".join(repr(s) for s in suggestions)
        super().__init__(msg)


# --------------------------------------------------------------------------- annotation


def annotate(nxgraph: nx.MultiDiGraph, graph: Graph) -> nx.MultiDiGraph:
    """Add what the view shows and :func:`kg.network.to_networkx` does not carry, in place.

    Nodes get ``aliases`` (their ``skos:altLabel``s, sorted); edges with a
    ``source`` article get ``headline`` and ``published`` from it.

    Returns:
        ``nxgraph``, for chaining.
    """
    from rdflib import URIRef

    for node, data in nxgraph.nodes(data=True):
        data["aliases"] = sorted({str(a) for a in graph.objects(URIRef(node), SKOS.altLabel)} - {data.get("label")})
    articles: dict[str, tuple[str, str]] = {}
    for _, _, data in nxgraph.edges(data=True):
        src = data.get("source")
        if not src:
            continue
        if src not in articles:
            ref = URIRef(src)
            articles[src] = (str(graph.value(ref, SDO.headline) or ""), str(graph.value(ref, SDO.datePublished) or ""))
        data["headline"], data["published"] = articles[src]
    return nxgraph


# --------------------------------------------------------------------------- selection

_DATE_RE = re.compile(r"^\s*(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bounds(value) -> tuple[date, date] | None:
    """The first and last day of a date, ``YYYY-MM`` or ``YYYY`` (a ``date``, or text); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value, value
    m = _DATE_RE.match(str(value))
    if not m:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(m.group(1))
    try:
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:  # month 13, 30 February, year 0
        raise ValueError(f"not a date: {value!r} ({exc})") from exc


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def find_nodes(nxgraph: nx.MultiDiGraph, name: str) -> list[str]:
    """The nodes whose label, alias or IRI is ``name`` (case and spacing ignored), sorted.

    Raises:
        FocusNotFound: when none is, with close matches (difflib) as suggestions.
    """
    key = _norm(name)
    found = sorted(n for n, d in nxgraph.nodes(data=True)
                   if key == _norm(n) or key == _norm(d.get("label", ""))
                   or any(key == _norm(a) for a in d.get("aliases", ())))
    if found:
        return found
    names: dict[str, str] = {}
    for n, d in nxgraph.nodes(data=True):
        label = str(d.get("label", n))
        for text in (label, *d.get("aliases", ())):
            names.setdefault(_norm(text), label)
    near = [names[k] for k in sorted(names, key=lambda k: (len(k), k)) if key and key in k]
    near += [names[k] for k in difflib.get_close_matches(key, list(names), n=8, cutoff=0.6)]
    suggestions = list(dict.fromkeys(near))[:5]
    raise FocusNotFound(name, suggestions)


def _normalise_kinds(nxgraph: nx.MultiDiGraph, kinds: Iterable[str]) -> set[str]:
    known = {k.casefold(): k for k in ENTITY_KINDS}
    known.update({str(d.get("kind")).casefold(): str(d.get("kind")) for _, d in nxgraph.nodes(data=True)})
    out = set()
    for kind in kinds:
        if kind.casefold() not in known:
            raise ValueError(f"unknown entity kind {kind!r}; known kinds: {', '.join(sorted(set(known.values())))}")
        out.add(known[kind.casefold()])
    return out


def select(nxgraph: nx.MultiDiGraph, focus: str | None = None, depth: int = 2, kinds: Iterable[str] | None = None,
           since: date | str | None = None, until: date | str | None = None) -> nx.MultiDiGraph:
    """The part of ``nxgraph`` to draw (a new graph; ``nxgraph`` is not changed).

    The steps, in this order:

    1. ``since``/``until`` (a ``date`` or ``YYYY[-MM[-DD]]``, both ends
       included): keep the edges whose period overlaps ``[since, until]``; an
       edge with no dates at all is kept, an open end counts as unbounded. An
       entity that had edges and lost all of them goes too.
    2. ``focus``: the entities at most ``depth`` edges away from the entity
       with this label, alias or IRI (case-insensitive; edges followed in both
       directions). Several entities with that name: their neighbourhoods together.
    3. ``kinds``: keep entities of these kinds (case-insensitive); the focus
       entities are always kept.

    Raises:
        FocusNotFound: no entity has the ``focus`` name (with close matches).
        ValueError: a bad date, ``since`` after ``until``, a negative depth or an unknown kind.
    """
    focus_ids = find_nodes(nxgraph, focus) if focus is not None else []
    g = nxgraph
    if since is not None or until is not None:
        lo = _bounds(since)[0] if since not in (None, "") else date.min
        hi = _bounds(until)[1] if until not in (None, "") else date.max
        if lo > hi:
            raise ValueError(f"since ({since}) is after until ({until})")
        dropped = []
        for u, v, k, d in g.edges(keys=True, data=True):
            start, end = _bounds(d.get("start")), _bounds(d.get("end"))
            if start is None and end is None:
                continue
            if (start is not None and start[0] > hi) or (end is not None and end[1] < lo):
                dropped.append((u, v, k))
        if dropped:
            g = g.copy()
            g.remove_edges_from(dropped)
            touched = {n for u, v, _ in dropped for n in (u, v)}
            g.remove_nodes_from([n for n in sorted(touched) if g.degree(n) == 0 and n not in focus_ids])
    if focus_ids:
        if depth < 0:
            raise ValueError(f"depth must be 0 or more, not {depth}")
        undirected = g.to_undirected(as_view=True)
        keep: set[str] = set()
        for f in focus_ids:
            keep.update(nx.single_source_shortest_path_length(undirected, f, cutoff=depth))
        g = g.subgraph(keep)
    if kinds is not None:
        wanted = _normalise_kinds(nxgraph, kinds)
        g = g.subgraph([n for n, d in g.nodes(data=True) if d.get("kind") in wanted or n in focus_ids])
    out = g.copy() if g is not nxgraph else nxgraph.copy()
    out.graph["focus"] = focus_ids
    return out


# --------------------------------------------------------------------------- labels and tooltips


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _period(start, end) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


def edge_label(data: Mapping) -> str:
    """The text drawn on an edge: its relation (a post's title), period, a status other than Active
    and a modality other than Asserted, e.g. ``chair 2023-07-01 – 2024-06-30 (planned)``."""
    relation = str(data.get("relation") or "")
    text = str(data.get("title") or relation) if relation == "post" else relation
    period = _period(data.get("start"), data.get("end"))
    if period:
        text += " " + period
    marks = [str(m).lower() for m in (data.get("status"), data.get("modality"))
             if m and m not in ("Active", "Asserted")]
    if marks:
        text += " (" + ", ".join(marks) + ")"
    return text


def _node_tooltip(data: Mapping, degree: int) -> str:
    rows = [f'<div class="kg-tip-title">{_esc(data.get("label"))}</div>',
            f'<div class="kg-tip-kind">{_esc(data.get("kind"))}</div>', "<table>"]
    if data.get("wikidata"):
        rows.append(f'<tr><th>Wikidata</th><td>{_esc(data["wikidata"])}</td></tr>')
    if data.get("aliases"):
        rows.append(f'<tr><th>also</th><td>{_esc(", ".join(data["aliases"]))}</td></tr>')
    rows.append(f'<tr><th>statements</th><td>{int(data.get("statements") or 0)}</td></tr>')
    rows.append(f"<tr><th>relations</th><td>{degree}</td></tr>")
    rows.append(f'<tr><th>IRI</th><td class="kg-iri">{_esc(data.get("iri"))}</td></tr></table>')
    return "".join(rows)


_MAX_SOURCES = 5


def _edge_tooltip(u_label: str, v_label: str, facts: list[Mapping]) -> str:
    first = facts[0]
    relation = str(first.get("relation") or "")
    rows = [f'<div class="kg-tip-title">{_esc(u_label)} → {_esc(v_label)}</div>', "<table>",
            f"<tr><th>relation</th><td>{_esc(relation)}</td></tr>"]
    if first.get("title"):
        rows.append(f'<tr><th>post</th><td>{_esc(first["title"])}</td></tr>')
    period = _period(first.get("start"), first.get("end"))
    if period:
        rows.append(f"<tr><th>period</th><td>{_esc(period)}</td></tr>")
    for key in ("status", "modality"):
        if first.get(key):
            rows.append(f"<tr><th>{key}</th><td>{_esc(first[key])}</td></tr>")
    rows.append("</table>")
    sourced = [f for f in facts if f.get("source") or f.get("evidence")]
    for fact in sourced[:_MAX_SOURCES]:
        rows.append('<div class="kg-tip-source">')
        if fact.get("evidence"):
            rows.append(f'<div class="kg-tip-evidence">“{_esc(fact["evidence"])}”</div>')
        if fact.get("headline"):
            dated = f' ({_esc(fact["published"])})' if fact.get("published") else ""
            rows.append(f'<div class="kg-tip-headline">{_esc(fact["headline"])}{dated}</div>')
        if fact.get("source"):
            rows.append(f'<div class="kg-iri">{_esc(fact["source"])}</div>')
        rows.append("</div>")
    if len(sourced) > _MAX_SOURCES:
        rows.append(f'<div class="kg-tip-more">and {len(sourced) - _MAX_SOURCES} more article(s)</div>')
    return "".join(rows)


# --------------------------------------------------------------------------- layout


def fr_layout(nxgraph: nx.Graph, *, seed: int = SEED, niter: int = 500,
              edge_length: float = 110.0, spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """Positions (in vis pixels) from python-igraph's Fruchterman-Reingold, the same for the same graph.

    igraph draws its start positions and every random step from
    ``random.Random(seed)`` (its default generator is put back after).
    Coordinates are scaled so that the median edge is about ``edge_length``
    long, or more where the entities would be crowded: in the box that holds
    the middle 90 % of them (by x and by y), each has at least ``spacing``
    squared of room. (Without that, a large graph whose edges run across it
    comes out as a clump where, zoomed in, thousands of entities overlap.)
    """
    import igraph

    nodes = sorted(nxgraph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in nxgraph.edges() if u != v})
    ig = igraph.Graph(n=len(nodes), edges=pairs)
    # Start positions passed in as ``seed=`` make igraph 1.0 about ten times slower on large
    # graphs; its own random start, drawn from the seeded generator, is as reproducible.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = ig.layout_fruchterman_reingold(niter=niter).coords
    finally:
        igraph.set_random_number_generator(random)
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    median = lengths[len(lengths) // 2] if lengths else 0.0
    scale = edge_length / median if median > 1e-9 else edge_length
    if len(nodes) > 2:
        xs, ys = sorted(c[0] for c in coords), sorted(c[1] for c in coords)
        lo, hi = len(nodes) // 20, len(nodes) - 1 - len(nodes) // 20
        x0, x1, y0, y1 = xs[lo], xs[hi], ys[lo], ys[hi]
        inside = sum(1 for x, y in coords if x0 <= x <= x1 and y0 <= y <= y1)
        area = (x1 - x0) * (y1 - y0)
        if area > 1e-9:
            scale = max(scale, spacing * math.sqrt(inside / area))
    return {n: (round(coords[i][0] * scale, 1), round(coords[i][1] * scale, 1)) for n, i in index.items()}


# --------------------------------------------------------------------------- pyvis


def _node_sort_key(nxgraph: nx.Graph, node: str) -> tuple:
    data = nxgraph.nodes[node]
    return (*_kind_order(str(data.get("kind") or "Entity")), _norm(data.get("label") or node), node)


def _grid(nodes: list[str], step: float = 150.0, row: float = 90.0) -> dict[str, tuple[float, float]]:
    """Positions in rows, for entities with no relations to lay out."""
    cols = max(1, math.ceil(math.sqrt(len(nodes) * 2)))
    return {n: (round((i % cols) * step, 1), round((i // cols) * row, 1)) for i, n in enumerate(nodes)}


def _node_size(degree: int) -> float:
    return round(min(10.0 + 4.0 * math.sqrt(degree), 42.0), 1)


def to_pyvis(nxgraph: nx.MultiDiGraph, *, layout: str | Mapping[str, tuple[float, float]] | None = None,
             title: str = DEFAULT_TITLE):
    """A :class:`pyvis.network.Network` of ``nxgraph`` (as made by :func:`kg.network.to_networkx`).

    Nodes: id = IRI, ``label``, colour (``color.background``) and ``shape`` of
    their kind (:data:`KIND_STYLES`), size by number of relations, ``title``
    an HTML tooltip whose every text is escaped, plus ``kind`` and ``aliases``
    (for the legend and the search) and ``wikidata``, ``statements`` and
    ``degree`` (for the page's tooltips). Edges: one per distinct fact (the
    same relation and period found in several articles is one edge listing
    them all in its tooltip), labelled by :func:`edge_label`, dashed when not
    asserted, faded when withdrawn or suspended; parallel edges between the
    same two entities are curved apart. Edges also carry the plain texts of
    their tooltip for the page: ``fact`` (post title, start, end, status,
    modality), ``sources`` (evidence, article IRI, headline, date; at most
    five) and ``more_sources``.

    Args:
        layout: None for automatic (``"physics"`` up to :data:`LAYOUT_THRESHOLD`
            entities, ``"fr"`` above); ``"physics"`` (vis lays out in the
            browser); ``"fr"`` (:func:`fr_layout`, physics off); or a mapping of
            node -> (x, y) (physics off).
        title: the page's heading.
    """
    from pyvis.network import Network

    n = nxgraph.number_of_nodes()
    if layout is None:
        layout = "fr" if n > LAYOUT_THRESHOLD else "physics"
    if isinstance(layout, str):
        if layout not in ("physics", "fr"):
            raise ValueError(f"layout must be 'physics', 'fr' or a mapping of positions, not {layout!r}")
        positions = fr_layout(nxgraph) if layout == "fr" else None
        if positions is None and nxgraph.number_of_edges() == 0:
            positions = _grid(sorted(nxgraph.nodes, key=lambda n: _node_sort_key(nxgraph, n)))
    else:
        positions = dict(layout)
    physics = positions is None
    # Past a few hundred entities vis's stabilisation from random places takes seconds; start it
    # from Fruchterman-Reingold's places instead and let it only tidy up.
    start = fr_layout(nxgraph) if physics and n > PHYSICS_START_THRESHOLD else None

    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line")
    degree = dict(nxgraph.degree())
    labels = {}
    isolated: list[str] = []
    # Nodes and edges are appended to pyvis's lists directly: its add_node and
    # add_edge look ids up in lists, quadratic on large graphs. Same records.
    for node in sorted(nxgraph.nodes):
        data = nxgraph.nodes[node]
        kind = str(data.get("kind") or "Entity")
        style = kind_style(kind)
        label = str(data.get("label") or node)
        labels[node] = label
        record = {
            "id": node,
            "label": label,
            "shape": style.shape,
            "color": {"background": style.color, "border": style.border,
                      "highlight": {"background": style.color, "border": "#111111"},
                      "hover": {"background": style.color, "border": "#111111"}},
            "size": _node_size(degree.get(node, 0)),
            "title": _node_tooltip(data, degree.get(node, 0)),
            "kind": kind,
            "aliases": list(data.get("aliases", ())),
            "wikidata": str(data.get("wikidata") or ""),
            "statements": int(data.get("statements") or 0),
            "degree": degree.get(node, 0),
        }
        if positions is not None:
            x, y = positions.get(node, (0.0, 0.0))
            record["x"], record["y"] = x, y
        elif not degree.get(node, 0):
            # Out of the simulation (it would only push it away); the page lines these up below the rest.
            record["physics"] = False
            isolated.append(node)
        elif start is not None:
            record["x"], record["y"] = start[node]
        net.nodes.append(record)
        net.node_ids.append(node)
        net.node_map[node] = record

    for rank, node in enumerate(sorted(isolated, key=lambda n: _node_sort_key(nxgraph, n))):
        net.node_map[node]["isolated"] = rank

    facts: dict[tuple, list[Mapping]] = defaultdict(list)
    for u, v, key, data in nxgraph.edges(keys=True, data=True):
        ident = (u, v, str(data.get("relation") or ""), str(data.get("title") or ""), str(data.get("start") or ""),
                 str(data.get("end") or ""), str(data.get("status") or ""), str(data.get("modality") or ""))
        facts[ident].append({**data, "_key": str(key)})
    parallel: Counter = Counter()
    for i, ident in enumerate(sorted(facts)):
        u, v, relation = ident[0], ident[1], ident[2]
        group = sorted(facts[ident],
                       key=lambda f: (str(f.get("source") or ""), str(f.get("evidence") or ""), f["_key"]))
        first = group[0]
        colour = _RELATION_COLOURS.get(relation, "#8a8a8a")
        faded = first.get("status") in _FADED_STATUS
        sourced = [f for f in group if f.get("source") or f.get("evidence")]
        record = {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "label": edge_label(first),
            "title": _edge_tooltip(labels[u], labels[v], group),
            "relation": relation,
            "color": {"color": colour, "highlight": "#111111", "hover": "#333333", "opacity": 0.45 if faded else 1.0},
            "width": 2.5 if relation == "chair" else 1.2,
            "dashes": bool(first.get("modality")) and first.get("modality") != "Asserted",
            "arrows": "to",
            "fact": {key: str(first.get(key) or "") for key in ("title", "start", "end", "status", "modality")},
            "sources": [[str(f.get(key) or "") for key in ("evidence", "source", "headline", "published")]
                        for f in sourced[:_MAX_SOURCES]],
            "more_sources": max(0, len(sourced) - _MAX_SOURCES),
        }
        pair = (min(u, v), max(u, v))
        k = parallel[pair]
        parallel[pair] += 1
        if k:  # curve the 2nd, 3rd ... edge between the same two entities away from the first
            record["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                                "roundness": round(0.2 * ((k + 1) // 2), 2)}
        net.edges.append(record)

    net.options = _options(n, physics, seeded=start is not None)
    return net


def _options(n: int, physics: bool, seeded: bool = False) -> dict:
    large = n > LAYOUT_THRESHOLD
    return {
        "autoResize": True,
        "layout": {"randomSeed": SEED % 100000, "improvedLayout": n <= 200},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -200, "centralGravity": 0.03, "springLength": 170,
                                 "springConstant": 0.03, "damping": 0.5, "avoidOverlap": 0.6},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.5,
            "stabilization": {"enabled": physics, "iterations": 150 if seeded else 600, "updateInterval": 25,
                              "fit": False},
        },
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"size": 16, "face": "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif",
                           "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.6,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "color": {"inherit": False},
                  "font": {"size": 10, "face": "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif",
                           "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "horizontal"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "keyboard": False, "multiselect": False, "navigationButtons": False},
    }


# --------------------------------------------------------------------------- page

_PYVIS_ASSETS = {
    "vis_js": "templates/lib/vis-9.1.2/vis-network.min.js",
    "vis_css": "templates/lib/vis-9.1.2/vis-network.css",
    "ts_js": "templates/lib/tom-select/tom-select.complete.min.js",
    "ts_css": "templates/lib/tom-select/tom-select.css",
}
_OWN_ASSETS = {"view_js": "view.js", "view_css": "view.css"}
_asset_cache: dict[str, str] = {}


def _read_asset(key: str) -> str:
    """One bundled script or stylesheet, ready to sit inside ``<script>``/``<style>``."""
    if key not in _asset_cache:
        package, parts = ("pyvis", _PYVIS_ASSETS[key].split("/")) if key in _PYVIS_ASSETS \
            else ("kg", ["templates", _OWN_ASSETS[key]])
        resource = files(package)
        for part in parts:
            resource = resource.joinpath(part)
        try:
            text = resource.read_text(encoding="utf-8")
        except (FileNotFoundError, OSError) as exc:
            raise KGError(f"cannot read {resource} for the graph view (is pyvis 0.3.2 installed?): {exc}") from exc
        # Neither file holds these today; the escapes mean the same in JS strings/regexps and CSS.
        text = re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.IGNORECASE)
        _asset_cache[key] = text
    return _asset_cache[key]


def _script_json(value) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&`` (nor U+2028/9) appear raw."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_SWATCH_PATHS = {
    "dot": '<circle cx="7" cy="7" r="5.5"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "diamond": '<polygon points="7,0.8 13.2,7 7,13.2 0.8,7"/>',
    "triangle": '<polygon points="7,1 13.2,12.5 0.8,12.5"/>',
    "triangleDown": '<polygon points="0.8,1.5 13.2,1.5 7,13"/>',
    "star": '<polygon points="7,0.6 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5"/>',
    "hexagon": '<polygon points="3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"/>',
    "ellipse": '<ellipse cx="7" cy="7" rx="6.2" ry="4.5"/>',
}


def _swatch(style: KindStyle) -> str:
    shape = _SWATCH_PATHS.get(style.shape, _SWATCH_PATHS["dot"])
    return (f'<svg class="kg-swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">'
            f'<g fill="{_esc(style.color)}" stroke="{_esc(style.border)}" stroke-width="1">{shape}</g></svg>')


def _page_data(net, focus: Sequence[str]) -> dict:
    """What the page's script draws, in columns: the Network's records are repeated per item and
    would make a 20,000-entity page some 40 MB; the tooltips are built by the script, on hover,
    from the texts kept here (set as text, never parsed as HTML)."""
    nodes, edges = net.nodes, net.edges
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    kinds = sorted({str(n.get("kind") or "Entity") for n in nodes}, key=_kind_order)
    kind_index = {k: i for i, k in enumerate(kinds)}
    index = {n["id"]: i for i, n in enumerate(nodes)}
    positioned = any("x" in n for n in nodes)
    node_cols = {
        "id": [n["id"] for n in nodes],
        "label": [str(n.get("label") or n["id"]) for n in nodes],
        "kind": [kind_index[str(n.get("kind") or "Entity")] for n in nodes],
        "size": [n.get("size", 10.0) for n in nodes],
        "aliases": [list(n.get("aliases") or ()) for n in nodes],
        "wikidata": [str(n.get("wikidata") or "") for n in nodes],
        "statements": [int(n.get("statements") or 0) for n in nodes],
        "degree": [int(n.get("degree") or 0) for n in nodes],
    }
    if positioned:
        node_cols["x"] = [n.get("x") for n in nodes]
        node_cols["y"] = [n.get("y") for n in nodes]
    isolated = [[i, n["isolated"]] for i, n in enumerate(nodes) if isinstance(n.get("isolated"), int)]

    styles: dict[tuple, int] = {}
    relations: dict[str, int] = {}
    articles: dict[tuple, int] = {}
    edge_cols: dict[str, list] = {key: [] for key in ("from", "to", "label", "style", "relation", "post", "start",
                                                      "end", "status", "modality", "sources", "more")}
    curved = []
    for i, e in enumerate(edges):
        colour = e.get("color") or {}
        colour = colour if isinstance(colour, dict) else {"color": colour}
        style = (str(colour.get("color") or "#8a8a8a"), float(e.get("width") or 1.2), bool(e.get("dashes")),
                 float(colour.get("opacity", 1.0)))
        fact = e.get("fact") or {}
        sources = []
        for evidence, source, headline, published in e.get("sources") or ():
            key = (source, headline, published)
            sources.append([evidence, articles.setdefault(key, len(articles))])
        for key, value in (("from", index[e["from"]]), ("to", index[e["to"]]), ("label", str(e.get("label") or "")),
                           ("style", styles.setdefault(style, len(styles))),
                           ("relation", relations.setdefault(str(e.get("relation") or ""), len(relations))),
                           ("post", fact.get("title", "")), ("start", fact.get("start", "")),
                           ("end", fact.get("end", "")), ("status", fact.get("status", "")),
                           ("modality", fact.get("modality", "")), ("sources", sources),
                           ("more", int(e.get("more_sources") or 0))):
            edge_cols[key].append(value)
        smooth = e.get("smooth")
        if isinstance(smooth, dict) and smooth.get("enabled"):
            curved.append([i, smooth.get("type", "curvedCW"), smooth.get("roundness", 0.2)])

    page_options = json.loads(json.dumps(options))
    large = len(nodes) > LAYOUT_THRESHOLD
    page_options["groups"] = {
        f"k{i}": {"shape": kind_style(kind).shape,
                  "color": {"background": kind_style(kind).color, "border": kind_style(kind).border,
                            "highlight": {"background": kind_style(kind).color, "border": "#111111"},
                            "hover": {"background": kind_style(kind).color, "border": "#111111"}}}
        for i, kind in enumerate(kinds)}
    # Labels and arrow heads are drawn by the page (only where they are readable); a hover
    # highlight would redraw every item of a large graph at each move of the mouse.
    page_options.setdefault("edges", {}).update({
        "arrows": {"to": {"enabled": False}}, "width": 1.2,
        "color": {"color": "#8a8a8a", "highlight": "#111111", "hover": "#333333", "inherit": False}})
    page_options.setdefault("interaction", {})["hover"] = not large
    physics = bool(options.get("physics", {}).get("enabled", True))
    return {
        "nodes": node_cols,
        "isolated": isolated,
        "kinds": kinds,
        "edges": edge_cols,
        "curved": curved,
        "edgeStyles": [list(s) for s in styles],
        "relations": list(relations),
        "articles": [list(a) for a in articles],
        "options": page_options,
        "meta": {"physics": physics, "focus": list(focus), "large": large,
                 "ownEdges": large and positioned and not physics, "firstNodes": VIS_FIRST_NODES,
                 "kindColours": [kind_style(kind).color for kind in kinds],
                 "nodeFont": page_options.get("nodes", {}).get("font", {}),
                 "edgeFont": page_options.get("edges", {}).get("font", {})},
    }


def render_page(net, *, title: str = DEFAULT_TITLE, subtitle: str = "", focus: Iterable[str] = (),
                links: Sequence[tuple[str, str]] = ()) -> str:
    """The HTML text of the page drawing ``net`` (a Network from :func:`to_pyvis`); ``links`` are
    (label, href) pairs shown in the header, such as the body timelines."""
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(files("kg").joinpath("templates").joinpath("view.html").read_text(encoding="utf-8"))
    nodes, edges = net.nodes, net.edges
    counts = Counter(node.get("kind", "Entity") for node in nodes)
    legend = [{"kind": kind, "count": counts[kind], "swatch": Markup(_swatch(kind_style(kind)))}
              for kind in sorted(counts, key=_kind_order)]
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    physics = bool(options.get("physics", {}).get("enabled", True))
    context = {
        "title": title,
        "subtitle": subtitle,
        "n_nodes": len(nodes),
        "n_edges": len(edges),
        "legend": legend,
        "physics": physics,
        "links": [{"label": label, "href": href} for label, href in links],
    }
    context["view_css"] = Markup(_read_asset("view_css"))
    if nodes:
        context.update({key: Markup(_read_asset(key)) for key in (*_PYVIS_ASSETS, "view_js")})
        context["data_json"] = Markup(_script_json(_page_data(net, list(focus))))
    return template.render(**context)


def most_connected(nxgraph: nx.MultiDiGraph, limit: int, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The ``limit`` entities with the most relations (ties by IRI) and the relations between them;
    the ``keep`` entities always stay. ``nxgraph`` itself when it is no larger."""
    if nxgraph.number_of_nodes() <= limit:
        return nxgraph
    keep = [n for n in keep if n in nxgraph]
    degree = dict(nxgraph.degree())
    ranked = sorted((n for n in nxgraph if n not in set(keep)), key=lambda n: (-degree[n], n))
    out = nxgraph.subgraph(keep + ranked[:max(0, limit - len(keep))]).copy()
    out.graph.update(nxgraph.graph)
    return out


def _describe(focus, depth, kinds, since, until, shown: int | None = None, total: int | None = None) -> str:
    parts = []
    if shown is not None and total is not None and shown < total:
        parts.append(f"the {shown:,} most connected of {total:,} entities")
    if focus is not None:
        parts.append(f"within {depth} step{'s' if depth != 1 else ''} of {focus}")
    if kinds is not None:
        parts.append("kinds: " + ", ".join(kinds))
    if since or until:
        parts.append("period: " + _period(since and str(since), until and str(until)))
    return "; ".join(parts)


def view_page(graph: Graph, title: str | None = DEFAULT_TITLE, *, focus: str | None = None, depth: int = 2,
              kinds: Iterable[str] | None = None, since: date | str | None = None,
              until: date | str | None = None, layout=None,
              max_nodes: int | None = None, links: Sequence[tuple[str, str]] = ()) -> tuple[str, int, int]:
    """The HTML text of the page for ``graph`` (see :func:`write_view`), with the number
    of entities and of relations (edges drawn) on it. A ``title`` of None names the focus."""
    from kg.network import to_networkx

    nxg = annotate(to_networkx(graph), graph)
    kinds = sorted(_normalise_kinds(nxg, kinds), key=_kind_order) if kinds is not None else None
    part = select(nxg, focus=focus, depth=depth, kinds=kinds, since=since, until=until)
    focus_ids = part.graph.get("focus", [])
    total = part.number_of_nodes()
    limit = MAX_NODES if max_nodes is None else max_nodes
    if limit < 0:
        raise ValueError(f"max_nodes must be 0 (no cap) or more, not {max_nodes}")
    if limit:
        part = most_connected(part, limit, keep=focus_ids)
    named = " / ".join(dict.fromkeys(str(part.nodes[n].get("label") or n) for n in focus_ids)) or focus
    if title is None:
        title = f"{named} and its neighbourhood" if focus is not None else DEFAULT_TITLE
    net = to_pyvis(part, layout=layout, title=title)
    subtitle = _describe(named, depth, kinds, since, until, part.number_of_nodes(), total)
    text = render_page(net, title=title, subtitle=subtitle, focus=focus_ids, links=links)
    return text, len(net.nodes), len(net.edges)


def render_view(graph: Graph, title: str = DEFAULT_TITLE, *, focus: str | None = None, depth: int = 2,
                kinds: Iterable[str] | None = None, since: date | str | None = None,
                until: date | str | None = None, layout=None, max_nodes: int | None = None,
                links: Sequence[tuple[str, str]] = ()) -> str:
    """The HTML text of the page for ``graph`` (see :func:`write_view`)."""
    return view_page(graph, title, focus=focus, depth=depth, kinds=kinds, since=since, until=until,
                     layout=layout, max_nodes=max_nodes, links=links)[0]


def write_view(graph: Graph, path: Path | str, title: str = DEFAULT_TITLE, focus: str | None = None, depth: int = 2,
               kinds: Iterable[str] | None = None, since: date | str | None = None,
               until: date | str | None = None, *, max_nodes: int | None = None,
               links: Sequence[tuple[str, str]] = ()) -> Path:
    """Write the interactive page of ``graph`` (a Graph, or a Dataset's union) to ``path``.

    ``links`` are (label, href) pairs shown in the page's header (``kg build`` links the timelines).

    ``focus``, ``depth``, ``kinds``, ``since`` and ``until`` choose what to draw,
    as in :func:`select`. At most ``max_nodes`` entities are drawn, the most
    connected ones, and the page says so: None (the default) means
    :data:`MAX_NODES`, 0 means no cap. A graph
    with nothing to draw gives a page that says so.

    Raises:
        FocusNotFound: no entity has the ``focus`` name.
        ValueError: bad dates, depth, kinds or a negative ``max_nodes``.
    """
    path = Path(path)
    text = render_view(graph, title, focus=focus, depth=depth, kinds=kinds, since=since, until=until,
                       max_nodes=max_nodes, links=links)
    path.write_text(text, encoding="utf-8")
    return path
