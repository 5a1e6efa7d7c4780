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
import io
from collections import Counter, defaultdict
from json.encoder import encode_basestring as _encode_str
from pathlib import Path
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
    PREFIXES,
    PROV,
    SDO,
    SKOS,
    TIME,
    WD,
    add_search_keys,
    search_key,
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


class EntityCanon:
    """The canonical entities of a build, gathered one extraction at a time (see :func:`_canonical_entities`).

    Only what the canonical entities need is kept: label counts, aliases and the
    merged entity per key, never the articles themselves.
    """

    def __init__(self) -> None:
        self._labels: dict[str, Counter] = defaultdict(Counter)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        self._merged: dict[str, Entity] = {}

    def add(self, extraction: Extraction) -> None:
        for e in extraction.entities:
            self._labels[e.key][e.label] += 1
            aliases = self._aliases[e.key]
            aliases.update(e.aliases)
            aliases.add(e.label)
            cur = self._merged.get(e.key)
            if cur is None:
                self._merged[e.key] = e
            else:
                self._merged[e.key] = Entity(
                    key=e.key, kind=cur.kind, label=cur.label, aliases=(), wikidata=cur.wikidata or e.wikidata,
                    start=_more_precise(cur.start, e.start), end=_more_precise(cur.end, e.end),
                    location=cur.location or e.location, part_of=cur.part_of or e.part_of)

    def entities(self) -> dict[str, Entity]:
        """One entity per key: the most used label, every alias, the first known dates."""
        out = {}
        for key, e in self._merged.items():
            label = sorted(self._labels[key].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
            out[key] = Entity(key=key, kind=e.kind, label=label, aliases=tuple(sorted(self._aliases[key] - {label})),
                              wikidata=e.wikidata, start=e.start, end=e.end, location=e.location, part_of=e.part_of)
        return out


def _canonical_entities(extractions: Iterable[Extraction]) -> dict[str, Entity]:
    """One entity per key across articles: the most used label, every alias, the first known dates."""
    canon = EntityCanon()
    for ex in extractions:
        canon.add(ex)
    return canon.entities()


def _more_precise(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return b if len(b.value) > len(a.value) and b.value.startswith(a.value) else a


Triple = tuple[URIRef, URIRef, "URIRef | Literal"]


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
    for triple in article_triples(extraction, entities, gazetteer):
        g.add(triple)
    return add_search_keys(g)


def article_triples(extraction: Extraction, entities: dict[str, Entity] | None = None,
                    gazetteer: Gazetteer | None = None) -> set[Triple]:
    """The triples of :func:`article_graph` as a set, without building a Graph (what a build writes)."""
    out: set[Triple] = set()
    add = out.add
    art = extraction.article
    a = article_iri(art)
    text = art.text
    place_label = _article_metadata(add, art, a, gazetteer)
    canon = entities or {e.key: e for e in extraction.entities}
    local_of: dict[str, Entity] = {}
    for x in extraction.entities:
        local_of.setdefault(x.key, x)
    keys = set(local_of)
    labelled = {entity_iri(key) for key in keys}
    if place_label is not None and place_label[0] not in labelled:
        add(place_label)
    for key in sorted(keys):
        local = local_of[key]
        e = canon.get(key) or local
        _entity(add, e, local, keys)
        add((a, SDO.mentions, entity_iri(key)))

    def evidence(span: tuple[int, int]) -> Literal:
        return Literal(" ".join(text[span[0]:span[1]].split()))

    for m in extraction.memberships:
        node = ID[f"membership/{_hash(art.id, m.member, m.organization, m.role, m.start, m.end, m.status, m.modality)}"]
        add((node, RDF.type, ORG.Membership))
        add((node, ORG.member, entity_iri(m.member)))
        add((node, ORG.organization, entity_iri(m.organization)))
        add((node, ORG.role, role_term(m.role)))
        add((node, BKG.modality, modality_term(m.modality)))
        if m.status:
            add((node, BKG.status, status_term(m.status)))
        if m.start or m.end:
            period = URIRef(f"{node}/period")
            add((node, ORG.memberDuring, period))
            add((period, RDF.type, TIME.Interval))
            for prop, value, suffix in ((TIME.hasBeginning, m.start, "start"), (TIME.hasEnd, m.end, "end")):
                if value is None:
                    continue
                instant = URIRef(f"{node}/{suffix}")
                add((period, prop, instant))
                add((instant, RDF.type, TIME.Instant))
                add((instant, instant_property(value), date_literal(value)))
        add((node, PROV.wasDerivedFrom, a))
        add((node, BKG.evidence, evidence(m.evidence)))
    for p in extraction.posts:
        post = ID[f"post/{slugify(p.title)}/{slugify(p.of) if p.of else 'unknown'}"]
        add((post, RDF.type, ORG.Post))
        add((post, RDFS.label, Literal(p.title)))
        for alias in p.aliases:
            add((post, SKOS.altLabel, Literal(alias)))
        if p.of:
            add((post, ORG.postIn, entity_iri(p.of)))
        add((entity_iri(p.person), ORG.holds, post))
    for part in extraction.participations:
        add((entity_iri(part.participant), BKG.participatedIn, entity_iri(part.event)))
        if part.hosted:
            add((entity_iri(part.participant), BKG.hosted, entity_iri(part.event)))
    for s in extraction.statements:
        node = ID[f"statement/{_hash(art.id, s.speaker, s.text)}"]
        add((node, RDF.type, BKG.Statement))
        add((node, BKG.speaker, entity_iri(s.speaker)))
        add((node, SDO.text, Literal(s.text)))
        if s.date is not None:
            add((node, DCTERMS.date, date_literal(s.date)))
        add((node, BKG.modality, modality_term(s.modality)))
        add((node, PROV.wasDerivedFrom, a))
        add((node, BKG.evidence, evidence(s.evidence)))
    keys_of = [(s, o) for s, p, o in out if p == RDFS.label or p == SKOS.altLabel]
    for s, o in keys_of:
        key = search_key(o)
        if key:
            add((s, BKG.searchKey, Literal(key)))
    return out


def _article_metadata(add, art: Article, a: URIRef, gazetteer: Gazetteer | None) -> Triple | None:
    """Add the article's metadata; returns the dateline place's label triple (kept unless the place is an
    entity of the article, whose canonical label wins)."""
    add((a, RDF.type, SDO.NewsArticle))
    add((a, RDF.type, PROV.Entity))
    if art.title:
        add((a, SDO.headline, Literal(art.title)))
    if art.published:
        add((a, SDO.datePublished, Literal(art.published.isoformat(), datatype=XSD.date)))
        add((a, BKG.datePublishedInferred, Literal(art.published_inferred)))
    if art.publisher:
        pub = ID[f"publisher/{slugify(art.publisher)}"]
        add((a, SDO.publisher, pub))
        add((pub, RDF.type, SDO.Organization))
        add((pub, SDO.name, Literal(art.publisher)))
    if art.url:
        add((a, SDO.url, URIRef(art.url)))
    if art.lang:
        add((a, SDO.inLanguage, Literal(art.lang)))
    if art.source:
        add((a, BKG.sourceFile, Literal(art.source)))
    if art.dateline is not None and art.dateline.place:
        name = " ".join(w.capitalize() for w in art.dateline.place.split())
        entry = gazetteer.lookup(art.dateline.place) or gazetteer.lookup(name) if gazetteer else None
        if entry is not None and entry.kind in ("City", "Region", "Country"):
            place, kind, label = entity_iri(entry.key), entry.kind, entry.label
        else:
            place, kind, label = entity_iri(f"city/{slugify(name)}"), "City", name
        add((a, SDO.locationCreated, place))
        add((place, RDF.type, entity_class(kind)))
        return (place, RDFS.label, Literal(label))
    return None


def _entity(add, e: Entity, local: Entity, keys: set[str]) -> None:
    node = entity_iri(e.key)
    add((node, RDF.type, entity_class(e.kind)))
    add((node, RDFS.label, Literal(e.label)))
    for alias in sorted(set(local.aliases) | ({local.label} - {e.label})):
        if alias != e.label:
            add((node, SKOS.altLabel, Literal(alias)))
    if e.wikidata:
        add((node, OWL.sameAs, WD[e.wikidata]))
    if e.kind == "Event":
        if e.start is not None:
            add((node, SDO.startDate, date_literal(e.start)))
        if e.end is not None:
            add((node, SDO.endDate, date_literal(e.end)))
        if e.location and e.location in keys:
            add((node, SDO.location, entity_iri(e.location)))
        if e.part_of and e.part_of in keys:
            add((node, SDO.organizer, entity_iri(e.part_of)))
    elif e.kind == "Organisation" and e.part_of and e.part_of in keys:
        add((node, ORG.subOrganizationOf, entity_iri(e.part_of)))


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


def dataset_graphs(ds: Dataset) -> Iterable[tuple[URIRef, list[Triple]]]:
    """The named graphs of ``ds`` (not its default graph) in IRI order, each with its triples."""
    for g in _named_graphs(ds):
        yield g.identifier, list(g.triples((None, None, None)))  # type: ignore[misc]


def serialize_trig(ds: Dataset) -> str:
    """The dataset as TriG, named graphs in IRI order, so that the same dataset always gives the same bytes."""
    turtle = _Turtle(_OxTerms())
    parts = [turtle.header]
    for name, triples in dataset_graphs(ds):
        parts.append(turtle.block(name, turtle.text(turtle.convert(sorted_triples(triples)))))
    return b"".join(parts).decode("utf-8")


def serialize_jsonld(ds: Dataset) -> str:
    """The dataset as JSON-LD (one ``@graph`` entry per named graph, in IRI order; nodes in IRI order)."""
    import json

    nodes = _JsonLd(jsonld_context(ds))
    graphs = [{"@id": str(name), "@graph": nodes.nodes(sorted_triples(triples))}
              for name, triples in dataset_graphs(ds)]
    return json.dumps({"@context": nodes.context, "@graph": graphs}, indent=2, ensure_ascii=False,
                      sort_keys=True) + "\n"


# -- streaming writers ---------------------------------------------------------

_LOCAL_PREFIXES = tuple(str(ID[p]) for p in ("article/", "membership/", "statement/"))
_TURTLE_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if p != "id"}


def is_local(node: object) -> bool:
    """Whether ``node`` is told of by one article only: the article itself and its fact nodes (memberships
    with their periods and instants, statements). Entities, posts, publishers and places are shared."""
    return isinstance(node, URIRef) and str(node).startswith(_LOCAL_PREFIXES)


def _triple_key(t: Triple) -> tuple[str, str, str, str]:
    o = t[2]
    if isinstance(o, Literal):
        return str(t[0]), str(t[1]), str(o), f"{o.datatype or ''}@{o.language or ''}"
    return str(t[0]), str(t[1]), str(o), "<"


def sorted_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Triples in one fixed order (subject, predicate, object as text), so that output is deterministic."""
    return sorted(triples, key=_triple_key)


class _OxTerms:
    """rdflib terms -> pyoxigraph terms, IRIs cached (entity IRIs recur in every article)."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.iris: dict[str, object] = {}

    def iri(self, node: str):
        term = self.iris.get(node)
        if term is None:
            if len(self.iris) > 200_000:
                self.iris.clear()
            term = self.iris[node] = self.ox.NamedNode(node)
        return term

    def term(self, node):
        if isinstance(node, Literal):
            if node.language:
                return self.ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return self.ox.Literal(str(node), datatype=self.iri(str(node.datatype)))
            return self.ox.Literal(str(node))
        if isinstance(node, URIRef):
            return self.iri(str(node))
        return self.ox.BlankNode(str(node))

    def triple(self, t: Triple):
        return self.ox.Triple(self.iri(str(t[0])) if isinstance(t[0], URIRef) else self.term(t[0]),
                              self.iri(str(t[1])), self.term(t[2]))


def _prefix_header(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))


def _strip_prefixes(data: bytes) -> bytes:
    while data.startswith(b"@prefix "):
        data = data[data.index(b"\n") + 1:]
    return data


class _Turtle:
    """Turtle text of triples, written by Oxigraph with the prefixes declared once at the top of a file."""

    def __init__(self, terms: _OxTerms, prefixes: dict[str, str] = _TURTLE_PREFIXES) -> None:
        self.terms, self.prefixes = terms, prefixes
        self.header = _prefix_header(prefixes).encode()
        self.cache: dict[Triple, object] = {}

    def convert(self, triples: list[Triple], cache: bool = False) -> list:
        if not cache:
            return [self.terms.triple(t) for t in triples]
        out = []
        for t in triples:
            x = self.cache.get(t)
            if x is None:
                if len(self.cache) > 100_000:
                    self.cache.clear()
                x = self.cache[t] = self.terms.triple(t)
            out.append(x)
        return out

    def text(self, ox_triples: list) -> bytes:
        """The triples (pyoxigraph Triples) as Turtle, without the prefix lines."""
        import pyoxigraph as ox

        if not ox_triples:
            return b""
        return _strip_prefixes(ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes))

    def block(self, name: URIRef, body: bytes) -> bytes:
        """One named graph of a TriG file."""
        return b"\n<" + str(name).encode() + b"> {\n" + body + b"}\n"


def jsonld_context(graph: Graph | None = None) -> dict[str, str]:
    """The ``@context`` of graph.jsonld: every prefix bound on a dataset (rdflib's and the project's)."""
    if graph is None:
        graph = Dataset()
        bind_prefixes(graph)
    return {p: str(ns) for p, ns in sorted(graph.namespaces()) if p}


class _JsonLd:
    """JSON-LD nodes of one named graph at a time, in the form :func:`serialize_jsonld` gives."""

    def __init__(self, context: dict[str, str]) -> None:
        self.context = context
        self.namespaces = {ns: p for p, ns in context.items()}
        self.compact_cache: dict[str, str] = {}

    def compact(self, iri: str) -> str:
        """``prefix:name`` where the IRI's namespace (up to its last ``#``, ``/`` or ``:``) is bound, as rdflib's
        JSON-LD serialiser shortens IRIs."""
        out = self.compact_cache.get(iri)
        if out is None:
            from rdflib.plugins.shared.jsonld.util import split_iri

            ns, name = split_iri(iri)
            prefix = self.namespaces.get(ns)
            out = f"{prefix}:{name}" if prefix else iri
            self.compact_cache[iri] = out
        return out

    def value(self, o):
        if isinstance(o, Literal):
            if o.language:
                return {"@language": o.language, "@value": str(o)}
            dt = o.datatype
            if dt is None or dt == XSD.string:
                return str(o)
            if dt == XSD.boolean and str(o) in ("true", "false"):
                return str(o) == "true"
            return {"@type": self.compact(str(dt)), "@value": str(o)}
        return {"@id": self.compact(str(o))}

    def graph_text(self, name: URIRef, triples: Iterable[Triple], indent: str) -> str:
        """``json.dumps({"@id": name, "@graph": nodes}, indent=2, sort_keys=True, ensure_ascii=False)``, nested
        at ``indent``, written without the slow pure-Python path that ``indent`` takes in :mod:`json`."""
        out: list[str] = []
        _dump({"@graph": self.nodes(triples), "@id": self.compact(str(name))}, indent, out)
        return "".join(out)

    def nodes(self, triples: Iterable[Triple]) -> list[dict]:
        import json

        subjects: dict[str, dict[str, list]] = {}
        for s, p, o in triples:
            props = subjects.setdefault(str(s), {})
            if p == RDF.type and isinstance(o, URIRef):
                props.setdefault("@type", []).append(self.compact(str(o)))
            else:
                props.setdefault(self.compact(str(p)), []).append(self.value(o))
        items = []
        for s in sorted(subjects):
            node: dict = {"@id": self.compact(s)}
            for key, values in subjects[s].items():
                if len(values) == 1:
                    node[key] = values[0]
                else:
                    node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            items.append(node)
        return items


def _dump(value, indent: str, out: list[str], unit: str = "  ", sort_keys: bool = True) -> None:
    """Append ``value`` (dicts, lists, strings, numbers, booleans) as ``json.dumps(indent=len(unit),
    sort_keys=sort_keys, ensure_ascii=False)`` would write it at nesting ``indent``; :mod:`json` takes a
    slow pure-Python path whenever ``indent`` is given."""
    if isinstance(value, str):
        out.append(_encode_str(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + unit
        out.append("{")
        first = True
        for key in (sorted(value) if sort_keys else value):
            out.append(("\n" if first else ",\n") + inner + _encode_str(key) + ": ")
            first = False
            _dump(value[key], inner, out, unit, sort_keys)
        out.append("\n" + indent + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = indent + unit
        out.append("[")
        first = True
        for item in value:
            out.append(("\n" if first else ",\n") + inner)
            first = False
            _dump(item, inner, out, unit, sort_keys)
        out.append("\n" + indent + "]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    else:
        import json

        out.append(json.dumps(value))


def json_text(value, indent: str = "", unit: str = "  ", sort_keys: bool = True) -> str:
    """``value`` as :func:`_dump` writes it."""
    out: list[str] = []
    _dump(value, indent, out, unit, sort_keys)
    return "".join(out)


class DatasetWriter:
    """Write a dataset's graph.ttl, graph.trig and graph.jsonld one named graph at a time.

    Graphs must come in IRI order (:func:`serialize_trig`'s order), each once.
    The TriG and JSON-LD get each graph as it comes; graph.ttl gets the
    triples about each article's own nodes (:func:`is_local`) as they come and
    the triples about shared nodes (entities, posts, publishers), merged and
    sorted, at the end. The files are the same, byte for byte, for the same
    dataset.
    """

    def __init__(self, folder: Path | str, *, jsonld: bool = True, context: dict[str, str] | None = None) -> None:
        folder = Path(folder)
        self.turtle = _Turtle(_OxTerms())
        self.ttl_fh = open(folder / "graph.ttl", "wb")
        self.trig_fh = open(folder / "graph.trig", "wb")
        self.ttl_fh.write(self.turtle.header)
        self.trig_fh.write(self.turtle.header)
        self.shared: set[Triple] = set()
        self.local_count = 0
        self.jsonld = _JsonLd(context or jsonld_context()) if jsonld else None
        self.jsonld_fh = open(folder / "graph.jsonld", "w", encoding="utf-8") if jsonld else None
        self._graphs = 0
        if self.jsonld_fh is not None:
            import json

            head = json.dumps({"@context": self.jsonld.context}, indent=2, ensure_ascii=False, sort_keys=True)
            self.jsonld_fh.write(head[:-2] + ",\n  \"@graph\": [")

    def add_graph(self, name: URIRef, triples: Iterable[Triple]) -> list[Triple]:
        """Write one named graph; returns its triples in the order written."""
        ordered = sorted_triples(triples)
        if not ordered:
            return ordered
        local = [t for t in ordered if is_local(t[0])]
        shared = [t for t in ordered if not is_local(t[0])]
        turtle = self.turtle
        local_text = turtle.text(turtle.convert(local))
        self.trig_fh.write(turtle.block(name, local_text + turtle.text(turtle.convert(shared, cache=True))))
        self.ttl_fh.write(local_text)
        self.local_count += len(local)
        self.shared.update(shared)
        if self.jsonld_fh is not None:
            self.jsonld_fh.write(("," if self._graphs else "") + "\n    "
                                 + self.jsonld.graph_text(name, ordered, "    "))
        self._graphs += 1
        return ordered

    def close(self) -> int:
        """Finish the files; returns the number of distinct triples of the union."""
        self.ttl_fh.write(self.turtle.text(self.turtle.convert(sorted_triples(self.shared))))
        for fh in (self.ttl_fh, self.trig_fh):
            fh.close()
        if self.jsonld_fh is not None:
            self.jsonld_fh.write("\n  ]\n}\n" if self._graphs else "]\n}\n")
            self.jsonld_fh.close()
        return self.local_count + len(self.shared)

    def abort(self) -> None:
        for fh in (self.ttl_fh, self.trig_fh, self.jsonld_fh):
            if fh is not None and not fh.closed:
                fh.close()
