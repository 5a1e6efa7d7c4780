"""The knowledge graph as a network of entities, for analytics and drawing.

:func:`to_networkx` projects the RDF graph onto a ``networkx.MultiDiGraph``:

- every entity (person, organisation, country, city, region, event) is a node
  with its ``kind``, ``label``, other names (``aliases``, joined by " | "),
  ``wikidata`` ID and ``iri``;
- every n-ary chairmanship or membership becomes one edge from the member to
  the body, carrying ``relation`` ("chair", "member", "observer"), ``start``,
  ``end``, ``status``, ``modality``, ``source`` (the article IRI) and
  ``evidence`` (the sentence);
- a post held becomes an edge from the person to the body, state or city the
  post belongs to (``relation`` "post", ``title`` the post's name);
- taking part in an event is an edge to the event (``relation`` "participant"
  or "host"); an event's place and organiser are edges too ("held in",
  "organised by"), and so is a sub-body's parent ("part of").

Node keys are the entity IRIs as strings, so results map back to the graph.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.ontology import BKG, ENTITY_CLASSES, ORG, PROV, SDO, TIME
from kg.store import union_graph

__all__ = ["to_networkx", "KIND_OF_CLASS"]

KIND_OF_CLASS = {cls: kind for kind, cls in ENTITY_CLASSES.items()}
_DATE_PROPS = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)
_ROLE_NAMES = {BKG.Chair: "chair", BKG.Member: "member", BKG.Observer: "observer"}


def _local(term) -> str | None:
    if term is None:
        return None
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _instant(g: Graph, interval, prop) -> str | None:
    for instant in g.objects(interval, prop):
        for p in _DATE_PROPS:
            value = g.value(instant, p)
            if value is not None:
                return str(value)
    return None


def to_networkx(graph: Graph, *, kinds: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Project an RDF graph (a Graph, or the union of a Dataset) onto entities and their relations.

    Args:
        graph: the graph built by ``kg build``.
        kinds: keep only entities of these kinds ("Person", "Country", ...); all by default.

    Returns:
        A MultiDiGraph whose nodes are entity IRIs (strings).
    """
    if graph.context_aware:
        graph = union_graph(graph)
    wanted = set(kinds) if kinds is not None else None
    g = nx.MultiDiGraph()
    dateline_only = _dateline_places(graph)
    for cls, kind in KIND_OF_CLASS.items():
        if wanted is not None and kind not in wanted:
            continue
        for node in graph.subjects(RDF.type, cls):
            if not isinstance(node, URIRef) or node in dateline_only:
                continue
            key = str(node)
            if key in g:
                continue
            wd = graph.value(node, OWL.sameAs)
            label = str(graph.value(node, RDFS.label) or _local(node))
            aliases = sorted({str(o) for o in graph.objects(node, SKOS.altLabel)} - {label})
            g.add_node(key, kind=kind, label=label, aliases=" | ".join(aliases),
                       wikidata=_local(wd) if wd is not None else "", iri=key)

    def add_edge(u, v, **attrs) -> None:
        u, v = str(u), str(v)
        if u in g and v in g:
            g.add_edge(u, v, **{k: ("" if val is None else val) for k, val in attrs.items()})

    for m in graph.subjects(RDF.type, ORG.Membership):
        member, body = graph.value(m, ORG.member), graph.value(m, ORG.organization)
        if member is None or body is None:
            continue
        interval = graph.value(m, ORG.memberDuring)
        add_edge(member, body, key=str(m),
                 relation=_ROLE_NAMES.get(graph.value(m, ORG.role), _local(graph.value(m, ORG.role))),
                 start=_instant(graph, interval, TIME.hasBeginning) if interval is not None else None,
                 end=_instant(graph, interval, TIME.hasEnd) if interval is not None else None,
                 status=_local(graph.value(m, BKG.status)), modality=_local(graph.value(m, BKG.modality)),
                 source=str(graph.value(m, PROV.wasDerivedFrom) or ""),
                 evidence=str(graph.value(m, BKG.evidence) or ""))
    for person, post in graph.subject_objects(ORG.holds):
        of = graph.value(post, ORG.postIn)
        if of is not None:
            add_edge(person, of, key=f"{post}|{person}", relation="post",
                     title=str(graph.value(post, RDFS.label) or ""), start=None, end=None, status=None,
                     modality=None, source=None, evidence=None)
    hosts = set(graph.subject_objects(BKG.hosted))
    for who, event in graph.subject_objects(BKG.participatedIn):
        add_edge(who, event, key=f"part|{who}|{event}",
                 relation="host" if (who, event) in hosts else "participant")
    for event, place in graph.subject_objects(SDO.location):
        add_edge(event, place, key=f"loc|{event}", relation="held in")
    for event, body in graph.subject_objects(SDO.organizer):
        add_edge(event, body, key=f"org|{event}", relation="organised by")
    for child, parent in graph.subject_objects(ORG.subOrganizationOf):
        add_edge(child, parent, key=f"sub|{child}", relation="part of")
    _attach_statements(graph, g)
    return g


def _dateline_places(graph: Graph) -> set:
    """Places named only in a dateline: article metadata, not entities the text speaks of."""
    out = set()
    for place in set(graph.objects(None, SDO.locationCreated)):
        used = {p for _, p in graph.subject_predicates(place)}
        if used <= {SDO.locationCreated}:
            out.add(place)
    return out


def _attach_statements(graph: Graph, g: nx.MultiDiGraph) -> None:
    """Each speaker node gets the number of statements it made (``statements``)."""
    counts: dict[str, int] = defaultdict(int)
    for s in graph.subjects(RDF.type, BKG.Statement):
        speaker = graph.value(s, BKG.speaker)
        if speaker is not None:
            counts[str(speaker)] += 1
    for node in g.nodes:
        g.nodes[node]["statements"] = counts.get(node, 0)
