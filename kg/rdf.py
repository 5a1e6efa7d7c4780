"""From typed facts to RDF, under the graph contract.

This is the only module that mints IRIs. They are deterministic: an entity's
IRI comes from its key (``id/org/cbss``), a fact's from a hash of what it says
and the article it was read from, so a rebuild gives the same graph and one
thing mentioned in two articles is one node.

Each article's facts go into a named graph of their own (``id/graph/<article>``),
with the article's metadata; :func:`build_dataset` assembles them and gives
every entity one ``rdfs:label`` across the whole dataset.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.extract.mentions import slugify
from kg.gazetteer import Gazetteer
from kg.model import Article, Entity, Extraction
from kg.store import union_graph
from kg.ontology import (
    BKG,
    DCTERMS,
    ID,
    ORG,
    PROV,
    SDO,
    SKOS,
    TIME,
    WD,
    add_search_keys,
    bind_prefixes,
    date_literal,
    entity_class,
    instant_property,
    modality_term,
    role_term,
    status_term,
)

__all__ = ["entity_iri", "article_iri", "graph_iri", "article_graph", "build_dataset", "union_graph",
           "serialize_trig", "serialize_jsonld"]


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def entity_iri(key: str) -> URIRef:
    """The IRI of an entity key: ``org/cbss`` -> ``https://w3id.org/baltic-kg/id/org/cbss``."""
    return ID[key]


def article_iri(article: Article) -> URIRef:
    return ID[f"article/{slugify(article.id)}"]


def graph_iri(article: Article) -> URIRef:
    """The name of the graph that holds one article's facts."""
    return ID[f"graph/{slugify(article.id)}"]


def _canonical_entities(extractions: Iterable[Extraction]) -> dict[str, Entity]:
    """One entity per key across articles: the most used label, every alias, the first known dates."""
    labels: dict[str, Counter] = defaultdict(Counter)
    merged: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for e in ex.entities:
            labels[e.key][e.label] += 1
            aliases[e.key].update(e.aliases)
            aliases[e.key].add(e.label)
            cur = merged.get(e.key)
            if cur is None:
                merged[e.key] = e
            else:
                merged[e.key] = Entity(
                    key=e.key, kind=cur.kind, label=cur.label, aliases=(), wikidata=cur.wikidata or e.wikidata,
                    start=_more_precise(cur.start, e.start), end=_more_precise(cur.end, e.end),
                    location=cur.location or e.location, part_of=cur.part_of or e.part_of)
    out = {}
    for key, e in merged.items():
        label = sorted(labels[key].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        out[key] = Entity(key=key, kind=e.kind, label=label, aliases=tuple(sorted(aliases[key] - {label})),
                          wikidata=e.wikidata, start=e.start, end=e.end, location=e.location, part_of=e.part_of)
    return out


def _more_precise(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return b if len(b.value) > len(a.value) and b.value.startswith(a.value) else a


def article_graph(extraction: Extraction, entities: dict[str, Entity] | None = None,
                  gazetteer: Gazetteer | None = None) -> Graph:
    """The triples one article contributes, its metadata included.

    Args:
        extraction: what was read from the article.
        entities: canonical entities by key (labels shared across articles); the
            extraction's own entities when omitted.
        gazetteer: used to identify the dateline's place.
    """
    g = Graph()
    bind_prefixes(g)
    art = extraction.article
    a = article_iri(art)
    text = art.text
    _article_metadata(g, art, a, gazetteer)
    canon = entities or {e.key: e for e in extraction.entities}
    keys = {e.key for e in extraction.entities}
    for key in sorted(keys):
        e = canon.get(key) or next(x for x in extraction.entities if x.key == key)
        local = next((x for x in extraction.entities if x.key == key), e)
        _entity(g, e, local, keys)
        g.add((a, SDO.mentions, entity_iri(key)))

    def evidence(span: tuple[int, int]) -> Literal:
        return Literal(" ".join(text[span[0]:span[1]].split()))

    for m in extraction.memberships:
        node = ID[f"membership/{_hash(art.id, m.member, m.organization, m.role, m.start, m.end, m.status, m.modality)}"]
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, entity_iri(m.member)))
        g.add((node, ORG.organization, entity_iri(m.organization)))
        g.add((node, ORG.role, role_term(m.role)))
        g.add((node, BKG.modality, modality_term(m.modality)))
        if m.status:
            g.add((node, BKG.status, status_term(m.status)))
        if m.start or m.end:
            period = URIRef(f"{node}/period")
            g.add((node, ORG.memberDuring, period))
            g.add((period, RDF.type, TIME.Interval))
            for prop, value, suffix in ((TIME.hasBeginning, m.start, "start"), (TIME.hasEnd, m.end, "end")):
                if value is None:
                    continue
                instant = URIRef(f"{node}/{suffix}")
                g.add((period, prop, instant))
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, instant_property(value), date_literal(value)))
        g.add((node, PROV.wasDerivedFrom, a))
        g.add((node, BKG.evidence, evidence(m.evidence)))
    for p in extraction.posts:
        post = ID[f"post/{slugify(p.title)}/{slugify(p.of) if p.of else 'unknown'}"]
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal(p.title)))
        for alias in p.aliases:
            g.add((post, SKOS.altLabel, Literal(alias)))
        if p.of:
            g.add((post, ORG.postIn, entity_iri(p.of)))
        g.add((entity_iri(p.person), ORG.holds, post))
    for part in extraction.participations:
        g.add((entity_iri(part.participant), BKG.participatedIn, entity_iri(part.event)))
        if part.hosted:
            g.add((entity_iri(part.participant), BKG.hosted, entity_iri(part.event)))
    for s in extraction.statements:
        node = ID[f"statement/{_hash(art.id, s.speaker, s.text)}"]
        g.add((node, RDF.type, BKG.Statement))
        g.add((node, BKG.speaker, entity_iri(s.speaker)))
        g.add((node, SDO.text, Literal(s.text)))
        if s.date is not None:
            g.add((node, DCTERMS.date, date_literal(s.date)))
        g.add((node, BKG.modality, modality_term(s.modality)))
        g.add((node, PROV.wasDerivedFrom, a))
        g.add((node, BKG.evidence, evidence(s.evidence)))
    return add_search_keys(g)


def _article_metadata(g: Graph, art: Article, a: URIRef, gazetteer: Gazetteer | None) -> None:
    g.add((a, RDF.type, SDO.NewsArticle))
    g.add((a, RDF.type, PROV.Entity))
    if art.title:
        g.add((a, SDO.headline, Literal(art.title)))
    if art.published:
        g.add((a, SDO.datePublished, Literal(art.published.isoformat(), datatype=XSD.date)))
        g.add((a, BKG.datePublishedInferred, Literal(art.published_inferred)))
    if art.publisher:
        pub = ID[f"publisher/{slugify(art.publisher)}"]
        g.add((a, SDO.publisher, pub))
        g.add((pub, RDF.type, SDO.Organization))
        g.add((pub, SDO.name, Literal(art.publisher)))
    if art.url:
        g.add((a, SDO.url, URIRef(art.url)))
    if art.lang:
        g.add((a, SDO.inLanguage, Literal(art.lang)))
    if art.source:
        g.add((a, BKG.sourceFile, Literal(art.source)))
    if art.dateline is not None and art.dateline.place:
        name = " ".join(w.capitalize() for w in art.dateline.place.split())
        entry = gazetteer.lookup(art.dateline.place) or gazetteer.lookup(name) if gazetteer else None
        if entry is not None and entry.kind in ("City", "Region", "Country"):
            place, kind, label = entity_iri(entry.key), entry.kind, entry.label
        else:
            place, kind, label = entity_iri(f"city/{slugify(name)}"), "City", name
        g.add((a, SDO.locationCreated, place))
        g.add((place, RDF.type, entity_class(kind)))
        if (place, RDFS.label, None) not in g:
            g.add((place, RDFS.label, Literal(label)))


def _entity(g: Graph, e: Entity, local: Entity, keys: set[str]) -> None:
    node = entity_iri(e.key)
    g.add((node, RDF.type, entity_class(e.kind)))
    g.set((node, RDFS.label, Literal(e.label)))
    for alias in sorted(set(local.aliases) | ({local.label} - {e.label})):
        if alias != e.label:
            g.add((node, SKOS.altLabel, Literal(alias)))
    if e.wikidata:
        g.add((node, OWL.sameAs, WD[e.wikidata]))
    if e.kind == "Event":
        if e.start is not None:
            g.add((node, SDO.startDate, date_literal(e.start)))
        if e.end is not None:
            g.add((node, SDO.endDate, date_literal(e.end)))
        if e.location and e.location in keys:
            g.add((node, SDO.location, entity_iri(e.location)))
        if e.part_of and e.part_of in keys:
            g.add((node, SDO.organizer, entity_iri(e.part_of)))
    elif e.kind == "Organisation" and e.part_of and e.part_of in keys:
        g.add((node, ORG.subOrganizationOf, entity_iri(e.part_of)))


def build_dataset(extractions: list[Extraction], gazetteer: Gazetteer | None = None) -> Dataset:
    """A dataset with one named graph per article, entities labelled consistently across them."""
    ds = Dataset()
    bind_prefixes(ds)
    entities = _canonical_entities(extractions)
    for ex in sorted(extractions, key=lambda x: x.article.id):
        named = ds.graph(graph_iri(ex.article))
        for triple in article_graph(ex, entities, gazetteer):
            named.add(triple)
    return ds


def _named_graphs(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID),
                  key=lambda g: str(g.identifier))


def serialize_trig(ds: Dataset) -> str:
    """The dataset as TriG, named graphs in IRI order, so that the same dataset always gives the same bytes."""
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(ds.namespaces()) if p)
    parts = [prefixes]
    for g in _named_graphs(ds):
        body = Graph(namespace_manager=ds.namespace_manager)
        for triple in g:
            body.add(triple)
        turtle = body.serialize(format="turtle")
        lines = [line for line in turtle.splitlines() if not line.startswith("@prefix") and line.strip()]
        parts.append(f"\n<{g.identifier}> {{\n" + "\n".join("    " + line for line in lines) + "\n}\n")
    return "".join(parts)


def _canonical(value):
    """JSON-LD with every set of values in one order (they are sets: their order carries no meaning)."""
    import json

    if isinstance(value, dict):
        return {k: (v if k == "@list" else _canonical(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize_jsonld(ds: Dataset) -> str:
    """The dataset as JSON-LD (one ``@graph`` entry per named graph, in IRI order; nodes in IRI order)."""
    import json

    context = {p: str(ns) for p, ns in sorted(ds.namespaces()) if p}
    graphs = []
    for g in _named_graphs(ds):
        body = Graph()
        for triple in g:
            body.add(triple)
        nodes = json.loads(body.serialize(format="json-ld", context=context, auto_compact=True))
        items = nodes.get("@graph", [nodes]) if isinstance(nodes, dict) else nodes
        items = [_canonical({k: v for k, v in item.items() if k != "@context"}) for item in items]
        graphs.append({"@id": str(g.identifier), "@graph": sorted(items, key=lambda n: str(n.get("@id", "")))})
    return json.dumps({"@context": context, "@graph": graphs}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
