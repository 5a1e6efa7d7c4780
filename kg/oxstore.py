"""A persistent, transactional store of the graph, on Oxigraph.

>>> from kg.oxstore import Store
>>> with Store.open("kgstore", create=True) as store:            # doctest: +SKIP
...     store.add_extractions(extractions, extractor.gazetteer)
...     store.run("chair-on-date", body="CBSS", date="2025-07-01")
...     store.remove_article("cbss-presidency")

The store is a folder holding an Oxigraph (RocksDB) database and a marker file,
``kg-store.json``. It keeps the same layout as the files ``kg build`` writes:

* one named graph per article, ``id/graph/<article-slug>``, with the article's
  metadata and every entity triple the article needs;
* the **default graph is the union of the named graphs, without duplicates**,
  maintained on every write. Oxigraph's own "union default graph" repeats a
  triple once per graph that holds it (an entity's label appears in every
  article that names it), which would change the answers of queries without
  ``DISTINCT`` and of every ``COUNT``; the materialised union gives exactly the
  answers rdflib gives on :func:`kg.store.union_graph`. ``GRAPH ?g`` patterns
  still see the named graphs only.

Every write (:meth:`Store.add_extractions`, :meth:`Store.replace_article`,
:meth:`Store.remove_articles`) is **one SPARQL update, which Oxigraph applies as
one transaction**: for each article graph it removes from the default graph the
triples no other article holds, drops the graph and inserts the new triples in
the graph and in the default graph. A failure anywhere leaves the store as it
was.

Shared entities stay consistent. A node (an entity, a post, a dateline's place)
has one ``rdfs:label`` across the store: **the label already in the store wins**
(first come, first kept). When an added article names it differently, its own
graph gets the store's label as ``rdfs:label`` and its own name as
``skos:altLabel``, so a search by either name finds it. An event's
``schema:startDate`` and ``schema:endDate`` follow the same rule. Within one
batch of new articles the labels are chosen as ``kg build`` chooses them (the
most used name), so adding articles in one batch to an empty store gives the
graph ``kg build`` gives. A label in the store counts only while an article
that is not being replaced holds it: replacing the only article that names an
entity lets the new version name it afresh. Removing an article removes only
its own graph's triples; entities other articles name keep theirs, since each
article's graph repeats the entity triples it needs.

One process at a time can open a store (RocksDB takes a lock); within one
process, :meth:`Store.open` of a store that is already open shares it.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Identifier, Node

from kg.errors import KGError, QueryError, StoreError
from kg.ontology import BKG, ID, PREFIXES, SDO, SKOS, add_search_keys, bind_prefixes, search_key
from kg.model import DateValue, Entity, Extraction

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer
    from kg.query import QueryInfo, QueryResult

__all__ = [
    "MARKER",
    "ArticleInfo",
    "WriteReport",
    "Store",
    "is_store",
    "write_store",
    "build_store",
    "load_store_graph",
    "run_if_store",
    "to_ox",
    "from_ox",
]

MARKER = "kg-store.json"
"""The file that marks a folder as a baltic-kg store."""

STORE_VERSION = 2  # 2: every name has its bkg:searchKey

_GRAPH_BASE = str(ID) + "graph/"
_ARTICLE_BASE = str(ID) + "article/"
_XSD_STRING = str(XSD.string)
_LABEL = URIRef(str(RDFS.label))
_ALT = URIRef(str(SKOS.altLabel))
_START = URIRef(str(SDO.startDate))
_END = URIRef(str(SDO.endDate))
_OX_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}

_FORMATS = {
    "trig": ox.RdfFormat.TRIG, ".trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS, ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, ".ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES, "n-triples": ox.RdfFormat.N_TRIPLES,
    ".nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD, ".jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML, "rdf": ox.RdfFormat.RDF_XML, ".rdf": ox.RdfFormat.RDF_XML,
}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)


# ------------------------------------------------------------------------- terms


def to_ox(term: Node, cache: dict | None = None) -> Any:
    """An rdflib term as a pyoxigraph term (a plain literal becomes an ``xsd:string`` one, as in RDF 1.1)."""
    if cache is not None:
        hit = cache.get(term)
        if hit is not None:
            return hit
    if isinstance(term, URIRef):
        out: Any = ox.NamedNode(str(term))
    elif isinstance(term, Literal):
        if term.language:
            out = ox.Literal(str(term), language=term.language)
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            out = ox.Literal(str(term))
    elif isinstance(term, BNode):
        out = ox.BlankNode(str(term)) if str(term).isalnum() else ox.BlankNode()
    else:
        raise StoreError(f"cannot store {term!r} (a {type(term).__name__}) in the graph")
    if cache is not None:
        cache[term] = out
    return out


def from_ox(term: Any) -> Identifier | None:
    """A pyoxigraph term as an rdflib term; ``xsd:string`` literals become plain literals, as rdflib parses them."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"cannot read {term!r} from the store as an rdflib term")


# ------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ArticleInfo:
    """An article in the store.

    Attributes:
        id: the article's slug, as in its graph's name (``cbss-presidency``); what ``kg remove`` takes.
        graph: the IRI of its named graph.
        article: the IRI of the article node.
        headline: its headline, if known.
        published: its publication date, if known.
        source: the file it was read from.
        triples: how many triples its graph holds.
    """

    id: str
    graph: str
    article: str | None
    headline: str | None
    published: date | None
    source: str | None
    triples: int


@dataclass
class WriteReport:
    """What one write did.

    Attributes:
        added: ids of articles that were not in the store before.
        replaced: ids of articles whose graph was replaced.
        removed: ids of articles whose graph was dropped.
        triples: triples written to the article graphs.
        relabelled: ``(node IRI, label kept, name added as skos:altLabel)`` for each node the
            store already labelled differently.
        seconds: time spent, building the graphs included.
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    triples: int = 0
    relabelled: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "removed": self.removed, "triples": self.triples,
                "relabelled": [list(r) for r in self.relabelled], "seconds": round(self.seconds, 3)}


# ------------------------------------------------------------------------- opening


def is_store(path: str | os.PathLike | None) -> bool:
    """True when ``path`` is a folder holding a baltic-kg store (its ``kg-store.json`` marker)."""
    if path is None or not isinstance(path, (str, os.PathLike)):
        return False
    p = Path(path)
    return p.is_dir() and (p / MARKER).is_file()


def _check_marker(path: Path) -> int:
    """The store's version: this one's, or 1 (a store whose names have no search keys yet)."""
    try:
        info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot read {MARKER}: {exc}") from exc
    version = info.get("version") if isinstance(info, dict) else None
    if version == 1:
        return 1
    if version != STORE_VERSION:
        raise StoreError(f"{path}: a store of version {version!r}; this baltic-kg reads version {STORE_VERSION} "
                         "(rebuild it with kg build --store)")
    return version


def _write_marker(path: Path) -> None:
    info = {"format": "baltic-kg store", "version": STORE_VERSION,
            "default_graph": "the union of the named graphs, without duplicates",
            "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
    (path / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _open_ox(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except OSError as exc:
        message = " ".join(str(exc).split())
        if "lock" in message.lower():
            raise StoreError(f"{path}: the store is open in another process (one process at a time can open it); "
                             f"{message}") from exc
        raise StoreError(f"{path}: cannot open the store: {message}") from exc


class _Shared:
    """One open Oxigraph database, shared by the handles of one process."""

    def __init__(self, path: Path | None, db: ox.Store):
        self.path = path
        self.db = db
        self.count = 0
        self.lock = threading.RLock()


_OPEN: dict[Path, _Shared] = {}
_OPEN_LOCK = threading.Lock()


class Store:
    """A baltic-kg store: article graphs in an Oxigraph database (see the module doc).

    Open one with :meth:`open`, :meth:`create` or :meth:`in_memory`; use it as a
    context manager, or call :meth:`close`.
    """

    def __init__(self, shared: _Shared):
        self._shared: _Shared | None = shared

    # --------------------------------------------------------------- life cycle

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False) -> "Store":
        """Open the store in ``path``.

        Args:
            path: the store's folder.
            create: create the store when ``path`` does not exist or is an empty folder.

        Raises:
            StoreError: no store there (and not ``create``), a folder that holds something
                else, or a store another process has open.
        """
        p = Path(path).expanduser().resolve()
        with _OPEN_LOCK:
            shared = _OPEN.get(p)
            if shared is None:
                if not is_store(p):
                    if not create:
                        if p.exists():
                            raise StoreError(f"{p}: not a baltic-kg store (it has no {MARKER})")
                        raise StoreError(f"{p}: no such store (create it with kg add --store or kg build --store)")
                    if p.exists() and (not p.is_dir() or any(p.iterdir())):
                        raise StoreError(f"{p}: exists and is not an empty folder; a store is created only in a new "
                                         "or empty folder")
                    try:
                        p.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise StoreError(f"{p}: cannot create the store: {exc.strerror or exc}") from exc
                    db = _open_ox(p)
                    _write_marker(p)
                else:
                    version = _check_marker(p)
                    db = _open_ox(p)
                    if version == 1:  # made before the search keys: add them, once
                        try:
                            add_missing_search_keys(db)
                            db.flush()
                        except OSError as exc:
                            raise StoreError(f"{p}: cannot add the search keys to the store: {exc}") from exc
                        _write_marker(p)
                shared = _OPEN[p] = _Shared(p, db)
            shared.count += 1
        return cls(shared)

    @classmethod
    def create(cls, path: str | os.PathLike) -> "Store":
        """Create a new, empty store in ``path`` (a new or empty folder).

        Raises:
            StoreError: ``path`` already holds a store or anything else.
        """
        if is_store(path):
            raise StoreError(f"{Path(path)}: a store already exists there")
        return cls.open(path, create=True)

    @classmethod
    def in_memory(cls) -> "Store":
        """A store in memory, gone when closed: for tests and small jobs."""
        shared = _Shared(None, ox.Store())
        shared.count = 1
        return cls(shared)

    @property
    def path(self) -> Path | None:
        """The store's folder (None in memory)."""
        return self._db_shared.path

    @property
    def closed(self) -> bool:
        return self._shared is None

    def close(self) -> None:
        """Flush and close this handle; the database closes with its last handle."""
        shared, self._shared = self._shared, None
        if shared is None:
            return
        with _OPEN_LOCK:
            shared.count -= 1
            if shared.count > 0:
                return
            if shared.path is not None:
                _OPEN.pop(shared.path, None)
        try:
            shared.db.flush()
        except OSError:
            pass
        shared.db = None  # type: ignore[assignment]  # the last reference: RocksDB closes and unlocks

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        where = "closed" if self.closed else (str(self.path) if self.path else "in memory")
        return f"<kg.oxstore.Store {where}>"

    @property
    def _db_shared(self) -> _Shared:
        if self._shared is None:
            raise StoreError("the store is closed")
        return self._shared

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (its default graph is the union; write through this class)."""
        return self._db_shared.db

    # --------------------------------------------------------------- reading

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        """The number of quads in the article graphs (an entity named by two articles counts twice)."""
        rows = self.oxigraph.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def triples(self) -> int:
        """The number of distinct triples of the union (what ``len(kg.store.union_graph(ds))`` gives)."""
        rows = self.oxigraph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(rows))["n"].value)

    def articles(self) -> list[ArticleInfo]:
        """Every article in the store, by id, with its headline, date, source and size."""
        sizes = {sol["g"].value: int(sol["n"].value) for sol in self.oxigraph.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        meta: dict[str, dict[str, Any]] = {}
        for sol in self.oxigraph.query(
                "SELECT ?g ?a ?headline ?published ?source WHERE { GRAPH ?g { ?a a schema:NewsArticle . "
                "OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?published } "
                "OPTIONAL { ?a bkg:sourceFile ?source } } }", prefixes=_OX_PREFIXES):
            entry = meta.setdefault(sol["g"].value, {})
            entry.setdefault("article", sol["a"].value)
            for key in ("headline", "published", "source"):
                if sol[key] is not None and key not in entry:
                    entry[key] = sol[key].value
        out = []
        for g in sorted(set(sizes) | set(meta)):
            m = meta.get(g, {})
            published = None
            if m.get("published"):
                try:
                    published = date.fromisoformat(m["published"][:10])
                except ValueError:
                    published = None
            out.append(ArticleInfo(id=_graph_id(g), graph=g, article=m.get("article"), headline=m.get("headline"),
                                   published=published, source=m.get("source"), triples=sizes.get(g, 0)))
        return sorted(out, key=lambda a: a.id)

    def article_graph(self, article_id: str) -> Graph:
        """The triples of one article's graph, as an rdflib Graph."""
        g = self._resolve_graph(article_id)
        out = Graph(identifier=URIRef(g.value))
        bind_prefixes(out)
        cache: dict = {}
        for q in self.oxigraph.quads_for_pattern(None, None, None, g):
            out.add((_from_ox_cached(q.subject, cache), _from_ox_cached(q.predicate, cache),
                     _from_ox_cached(q.object, cache)))
        return out

    def labels(self, node: str | URIRef) -> list[str]:
        """The distinct ``rdfs:label`` values of ``node`` across the store (one, when consistent)."""
        return sorted({q.object.value for q in self.oxigraph.quads_for_pattern(
            ox.NamedNode(str(node)), ox.NamedNode(str(RDFS.label)), None, ox.DefaultGraph())})

    def label_conflicts(self) -> dict[str, list[str]]:
        """Nodes with more than one ``rdfs:label`` across the store (empty when consistent)."""
        rows = self.oxigraph.query(
            "SELECT ?s (GROUP_CONCAT(?l; separator='\\u001f') AS ?ls) WHERE { ?s rdfs:label ?l } "
            "GROUP BY ?s HAVING (COUNT(DISTINCT ?l) > 1)", prefixes=_OX_PREFIXES)
        return {sol["s"].value: sorted(set(sol["ls"].value.split("\x1f"))) for sol in rows}

    # --------------------------------------------------------------- querying

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *,
              allow_service: bool = False) -> "QueryResult":
        """Run SPARQL text (SELECT, ASK, CONSTRUCT, DESCRIBE) on the union of the article graphs.

        Args:
            sparql: the query; the prefixes of :data:`kg.ontology.PREFIXES` need no declaration.
            bindings: variable name -> value: an rdflib term as it is, ``"<iri>"`` an IRI,
                a date an ``xsd:date``, anything else a plain literal.
            allow_service: allow ``SERVICE`` and ``FROM`` (refused by default, as in :func:`kg.query.run`).

        Returns:
            a :class:`kg.query.QueryResult`, as :func:`kg.query.run` gives.
        """
        from kg.query import _bind_undeclared, _check_safe, _prepare, parse_query_text

        info = parse_query_text(sparql)
        if not allow_service:
            _check_safe(_prepare(info.text, info.name), info.name)
        bound = {k: _bind_undeclared(k, v) for k, v in (bindings or {}).items() if v is not None}
        return self.execute(info, bound)

    def run(self, name_or_text: "str | Path | QueryInfo", *, allow_service: bool = False,
            **params: Any) -> "QueryResult":
        """:func:`kg.query.run` on this store: a library query name, a ``.rq`` file or SPARQL text."""
        from kg.query import _bindings, _check_safe, _prepare, _resolve

        info = _resolve(name_or_text)
        prepared = _prepare(info.text, info.name)
        if not allow_service:
            _check_safe(prepared, info.name)
        return self.execute(info, _bindings(info, params))

    def execute(self, info: "QueryInfo", bindings: Mapping[str, Identifier]) -> "QueryResult":
        """Run a resolved query with its bound parameters (rdflib terms); the seam :func:`kg.query.run` calls.

        Parameters are substituted as RDF terms (pyoxigraph's ``substitutions``), never pasted into the text.

        Raises:
            QueryError: invalid SPARQL or a failure while evaluating.
            StoreError: the store cannot be read.
        """
        from kg.query import QueryResult

        values = _values_bound(info, bindings) if info.library else None
        if values is not None:
            bound, subs = values, {}
        else:
            bound = _project_bound(info, bindings)
            subs = {ox.Variable(name): to_ox(term) for name, term in bindings.items()}
        try:
            result = self.oxigraph.query(bound.text, prefixes=_OX_PREFIXES, substitutions=subs)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult(kind="ASK", boolean=bool(result), query=info)
            cache: dict = {}
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                keep = [i for i, n in enumerate(names) if n not in bound.hidden]
                variables = tuple(names[i] for i in keep)
                rows = [tuple(_from_ox_cached(solution[i], cache) for i in keep) for solution in result]
                if not rows and bound.empty is not None:  # the row of the implicit group over nothing
                    rows = [tuple(_from_ox_cached(t, cache) for t in solution)
                            for solution in self.oxigraph.query(bound.empty, prefixes=_OX_PREFIXES)]
                return QueryResult(kind="SELECT", variables=variables, rows=rows, query=info)
            out = Graph()
            bind_prefixes(out)
            for t in result:
                out.add((_from_ox_cached(t.subject, cache), _from_ox_cached(t.predicate, cache),
                         _from_ox_cached(t.object, cache)))
            kind = "DESCRIBE" if _query_form(info.text) == "DESCRIBE" else "CONSTRUCT"
            return QueryResult(kind=kind, graph=out, query=info)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL in {info.name}: {' '.join(str(exc).split())}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc
        except KGError:
            raise
        except Exception as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise QueryError(f"query {info.name} failed: {message}") from exc

    # --------------------------------------------------------------- exporting

    def to_rdflib(self, article_ids: Iterable[str] | None = None) -> Dataset:
        """The article graphs as an rdflib Dataset (one named graph per article): for small exports.

        Args:
            article_ids: only these articles' graphs (for example those a write just added); every one by default.
        """
        ds = Dataset()
        bind_prefixes(ds)
        cache: dict = {}
        names = (self.oxigraph.named_graphs() if article_ids is None
                 else [self._resolve_graph(a) for a in article_ids])
        for g in names:
            named = ds.graph(_from_ox_cached(g, cache))
            for q in self.oxigraph.quads_for_pattern(None, None, None, g):
                named.add((_from_ox_cached(q.subject, cache), _from_ox_cached(q.predicate, cache),
                           _from_ox_cached(q.object, cache)))
        return ds

    def union_graph(self) -> Graph:
        """The union of the article graphs as an rdflib Graph (what :func:`kg.store.load_graph` gives for a file)."""
        g = Graph()
        bind_prefixes(g)
        cache: dict = {}
        for q in self.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            g.add((_from_ox_cached(q.subject, cache), _from_ox_cached(q.predicate, cache),
                   _from_ox_cached(q.object, cache)))
        return g

    def dump(self, path: str | os.PathLike, format: str | None = None) -> Path:
        """Write the store with Oxigraph's serialisers, atomically.

        TriG, N-Quads and JSON-LD get the article graphs (named graphs, without the
        derived default graph); Turtle, N-Triples and RDF/XML get the union.

        Args:
            path: the file to write.
            format: ``trig``, ``nquads``, ``turtle``, ``nt``, ``json-ld`` or ``xml``; by default from the suffix.
        """
        out = Path(path)
        fmt = _FORMATS.get((format or out.suffix).lower())
        if fmt is None:
            raise StoreError(f"{out}: unknown format {format or out.suffix or '(no suffix)'!r} "
                             "(trig, nquads, turtle, nt, json-ld or xml)")
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if fmt in _DATASET_FORMATS:
                ox.serialize(self._named_quads(), str(tmp), format=fmt, prefixes=_OX_PREFIXES)
            else:
                self.oxigraph.dump(str(tmp), format=fmt, from_graph=ox.DefaultGraph(), prefixes=_OX_PREFIXES)
            os.replace(tmp, out)
        except OSError as exc:
            raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
        return out

    def _named_quads(self) -> Iterator[ox.Quad]:
        for g in sorted(self.oxigraph.named_graphs(), key=lambda n: n.value):
            yield from self.oxigraph.quads_for_pattern(None, None, None, g)

    # --------------------------------------------------------------- writing

    def add_extractions(self, extractions: Iterable[Extraction], gazetteer: "Gazetteer | None" = None) -> WriteReport:
        """Add (or replace) the graphs of these articles, in one transaction.

        Each article's graph is :func:`kg.rdf.article_graph` with the entities made
        consistent with the store (see the module doc). An article already in the store
        (same id) has its graph replaced: its old facts go, the new ones come.

        Raises:
            StoreError: two extractions of one article, a graph that cannot be built or
                written; the store is then left as it was (so it is for any other
                :class:`~kg.errors.KGError`, such as an OntologyError for a malformed date).
        """
        from kg.rdf import _canonical_entities, article_graph, graph_iri

        started = time.perf_counter()
        batch = sorted(extractions, key=lambda ex: ex.article.id)
        names = [graph_iri(ex.article) for ex in batch]
        dup = {str(n) for n, count in Counter(names).items() if count > 1}
        if dup:
            raise StoreError(f"two articles in one add have the graph {', '.join(sorted(dup))}; add one of them")
        replaced = {ox.NamedNode(str(n)) for n in names}
        with self._writing():
            relabelled: list[tuple[str, str, str]] = []
            entities = {}
            for key, e in _canonical_entities(batch).items():
                entities[key] = self._consistent_entity(e, replaced)
                if entities[key].label != e.label:
                    relabelled.append((str(ID[key]), entities[key].label, e.label))
            items = []
            for ex, name in zip(batch, names):
                try:
                    g = article_graph(ex, entities, gazetteer)
                except KGError:
                    raise
                except Exception as exc:
                    raise StoreError(f"{ex.article.source or ex.article.id}: cannot build its graph: "
                                     f"{type(exc).__name__}: {exc}; the store was not changed") from exc
                items.append((URIRef(str(name)), g))
            return self._write(items, [], started, relabelled)

    def replace_article(self, extraction_or_graph_iri: "Extraction | str | URIRef",
                        triples: "Iterable[tuple[Node, Node, Node]] | Graph | None" = None, *,
                        gazetteer: "Gazetteer | None" = None) -> WriteReport:
        """Replace one article's named graph, in one transaction.

        Args:
            extraction_or_graph_iri: an :class:`~kg.model.Extraction` (its graph is built as
                :meth:`add_extractions` builds it), or the IRI (or id) of the graph to replace.
            triples: with a graph IRI, the new triples (rdflib terms, or a Graph); labels
                are made consistent with the store as for an article.
            gazetteer: with an extraction, the gazetteer that identifies the dateline's place.
        """
        if isinstance(extraction_or_graph_iri, Extraction):
            if triples is not None:
                raise StoreError("replace_article: give an extraction or a graph IRI with its triples, not both")
            return self.add_extractions([extraction_or_graph_iri], gazetteer)
        if triples is None:
            raise StoreError("replace_article: a graph IRI needs the triples to put in it")
        started = time.perf_counter()
        name = _graph_name(str(extraction_or_graph_iri))
        g = Graph()
        for t in triples:
            g.add(t)  # type: ignore[arg-type]
        with self._writing():
            return self._write([(URIRef(name), g)], [], started)

    def remove_articles(self, article_ids: Iterable[str]) -> WriteReport:
        """Drop the graphs of these articles, in one transaction.

        Only the triples of their own graphs go: an entity other articles name keeps its
        triples (each article's graph repeats what it needs).

        Args:
            article_ids: article ids (``cbss-presidency``, or the id before slugging),
                graph IRIs or article IRIs.

        Raises:
            StoreError: an id the store does not hold (nothing is removed then).
        """
        started = time.perf_counter()
        with self._writing():
            names = []
            for article_id in article_ids:
                g = self._resolve_graph(article_id)
                if g not in names:
                    names.append(g)
            return self._write([], names, started)

    def remove_article(self, article_id: str) -> WriteReport:
        """Drop one article's graph (see :meth:`remove_articles`)."""
        return self.remove_articles([article_id])

    # --------------------------------------------------------------- internals

    @contextmanager
    def _writing(self) -> Iterator[None]:
        shared = self._db_shared
        with shared.lock:
            yield

    def _resolve_graph(self, article_id: str) -> ox.NamedNode:
        text = str(article_id).strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]

        def candidates() -> Iterator[str]:  # the slug last: it loads spaCy
            if "://" in text:
                yield text
                if text.startswith(_ARTICLE_BASE):
                    yield _GRAPH_BASE + text[len(_ARTICLE_BASE):]
            else:
                yield _GRAPH_BASE + text
                yield _GRAPH_BASE + _slug(text)

        db = self.oxigraph
        for c in candidates():
            try:
                node = ox.NamedNode(c)
            except ValueError:
                continue
            if db.contains_named_graph(node):
                return node
        known = [_graph_id(g) for g in self.graphs()]
        close = difflib.get_close_matches(_slug(text) if "://" not in text else _graph_id(text), known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise StoreError(f"no article {article_id!r} in the store{hint} (it holds {len(known)} article(s))")

    def _stored_values(self, node: ox.NamedNode, predicate: ox.NamedNode, exclude: set) -> list[Any]:
        """The values of ``predicate`` on ``node`` in the named graphs not being replaced."""
        return [q.object for q in self.oxigraph.quads_for_pattern(node, predicate, None, None)
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in exclude]

    def _consistent_entity(self, e: Entity, exclude: set) -> Entity:
        """The batch's canonical entity with the label (and an event's dates) the store already gives it."""
        from dataclasses import replace

        from kg.rdf import entity_iri

        node = ox.NamedNode(str(entity_iri(e.key)))
        changes: dict[str, Any] = {}
        labels = sorted(t.value for t in self._stored_values(node, ox.NamedNode(str(_LABEL)), exclude))
        if labels and labels[0] != e.label:
            changes["label"] = labels[0]
        if e.kind == "Event":
            for attr, prop in (("start", _START), ("end", _END)):
                values = sorted(t.value for t in self._stored_values(node, ox.NamedNode(str(prop)), exclude))
                if values and (getattr(e, attr) is None or getattr(e, attr).value != values[0]):
                    changes[attr] = DateValue(values[0])
        if not changes:
            return e
        if "label" in changes:
            changes["aliases"] = tuple(sorted((set(e.aliases) | {e.label}) - {changes["label"]}))
        return replace(e, **changes)

    def _write(self, items: list[tuple[URIRef, Graph]], removals: list[ox.NamedNode], started: float,
               relabelled: list[tuple[str, str, str]] | None = None) -> WriteReport:
        """Replace the graphs of ``items`` and drop ``removals``: one SPARQL update, one transaction."""
        db = self.oxigraph
        report = WriteReport(relabelled=list(relabelled or ()))
        replaced = {ox.NamedNode(str(name)) for name, _ in items} | set(removals)
        self._reconcile_labels(items, replaced, report)
        for _, g in items:  # every name, the store's label kept above included, has its key beside it
            add_search_keys(g)
        cache: dict = {}
        ops: list[str] = []
        for name in removals:
            ops += _drop_ops(name.value)
            report.removed.append(_graph_id(name.value))
        for name, g in items:
            try:
                node = ox.NamedNode(str(name))
            except ValueError as exc:
                raise StoreError(f"{name!r} is not a graph IRI: {exc}") from exc
            (report.replaced if db.contains_named_graph(node) else report.added).append(_graph_id(str(name)))
            try:
                triples = [ox.Triple(to_ox(s, cache), to_ox(p, cache), to_ox(o, cache)) for s, p, o in g]
            except (ValueError, TypeError) as exc:
                raise StoreError(f"{name}: a triple cannot be stored: {exc}; the store was not changed") from exc
            ops += _drop_ops(str(name))
            if triples:
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                ops.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}}\n{body}}}")
            report.triples += len(triples)
        if ops:
            try:
                db.update(" ;\n".join(ops))
                db.flush()
            except Exception as exc:  # Oxigraph raises OSError, RuntimeError or SyntaxError
                message = " ".join(str(exc).split()) or type(exc).__name__
                raise StoreError(f"the write failed and the store was not changed: {message}") from exc
        report.seconds = time.perf_counter() - started
        return report

    def _reconcile_labels(self, items: list[tuple[URIRef, Graph]], replaced: set, report: WriteReport) -> None:
        """One rdfs:label per node: the store's (else the first new graph's); other names become skos:altLabel."""
        chosen: dict[URIRef, Literal | None] = {}
        for _, g in items:
            for node in sorted({s for s in g.subjects(_LABEL, None) if isinstance(s, URIRef)}):
                labels = sorted(g.objects(node, _LABEL), key=lambda t: (str(t), str(getattr(t, "language", ""))))
                if node not in chosen:
                    stored = sorted((from_ox(t) for t in self._stored_values(ox.NamedNode(str(node)),
                                                                              ox.NamedNode(str(_LABEL)), replaced)),
                                    key=str)
                    chosen[node] = stored[0] if stored else None  # type: ignore[assignment]
                keep = chosen[node] or labels[0]
                chosen[node] = keep  # type: ignore[assignment]
                for label in labels:
                    if label != keep:
                        g.remove((node, _LABEL, label))
                        g.add((node, _ALT, label))
                        report.relabelled.append((str(node), str(keep), str(label)))
                g.add((node, _LABEL, keep))
                g.remove((node, _ALT, keep))


def _drop_ops(name: str) -> list[str]:
    """Take graph ``name`` out of the store: its triples no other graph holds leave the default graph (the union)."""
    return [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{name}>) }} }}",
        f"DROP SILENT GRAPH <{name}>",
    ]


def _from_ox_cached(term: Any, cache: dict) -> Any:
    hit = cache.get(term)
    if hit is None:
        hit = cache[term] = from_ox(term)
    return hit


def _slug(text: str) -> str:
    from kg.extract.mentions import slugify  # imported when needed: kg.extract loads spaCy

    return slugify(text)


def _graph_name(text: str) -> str:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if "://" in text or text.startswith("urn:"):
        return text
    return _GRAPH_BASE + _slug(text)


def _graph_id(iri: str) -> str:
    return iri[len(_GRAPH_BASE):] if iri.startswith(_GRAPH_BASE) else iri


# ------------------------------------------------------------------------- binding parameters
#
# Parameters are bound with Oxigraph's ``substitutions``: the variable is replaced
# by the term everywhere in the query, nested FILTERs included, as rdflib's
# ``initBindings`` does; nothing is pasted into the text. Oxigraph wants a
# substituted variable in the SELECT projection, so a bound variable the query
# does not project is added to the projection (and to GROUP BY), and its column
# is dropped from the result: being a constant, it changes neither DISTINCT nor
# the groups. ``SELECT *`` is spelled out (a variable only in a FILTER is not in
# its scope). A query that aggregates without GROUP BY gets ``GROUP BY`` the bound
# variables; since that gives no row where the implicit group gives one (COUNT 0)
# when nothing matches, the query is then run again with an empty WHERE clause
# to get that row.

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<punct>[{}()*])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X | re.S)
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_MODIFIERS = {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


@dataclass(frozen=True)
class _Bound:
    """A query text ready for substitution: the text, the columns to hide, the text that gives the empty-group row."""

    text: str
    hidden: frozenset[str] = frozenset()
    empty: str | None = None


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of every token but spaces and comments."""
    return [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("space", "comment")]


def _project_bound(info: "QueryInfo", bindings: Mapping[str, Identifier]) -> _Bound:
    """The query text with every bound variable projected (see the comment above)."""
    from kg.query import _prepare

    text = info.text
    if not bindings:
        return _Bound(text)
    algebra = _prepare(text, info.name).algebra
    if getattr(algebra, "name", "") != "SelectQuery":
        return _Bound(text)  # ASK, CONSTRUCT and DESCRIBE take substitutions as they are
    projected = [str(v) for v in algebra.get("PV") or ()]
    missing = [name for name in bindings if name not in projected]
    extra = " ".join(f"?{name}" for name in missing)
    toks = _tokens(text)
    n = len(toks)

    def at(i: int) -> int:
        return toks[i][2] if i < n else len(text)

    braces, select = 0, None
    for i, (kind, tok, _, _) in enumerate(toks):
        if kind == "word" and tok.upper() == "SELECT" and braces == 0:
            select = i
            break
        braces += (tok == "{") - (tok == "}")
    if select is None:
        raise QueryError(f"query {info.name}: cannot find its SELECT clause to bind {', '.join(bindings)}")
    i = select + 1
    if i < n and toks[i][1].upper() in ("DISTINCT", "REDUCED"):
        i += 1
    proj_start, star, aggregates, parens = at(i), None, False, 0
    while i < n:
        kind, tok = toks[i][0], toks[i][1]
        if parens == 0 and (tok == "{" or (kind == "word" and tok.upper() in ("WHERE", "FROM"))):
            break
        if tok == "*" and parens == 0:
            star = i
        aggregates = aggregates or (kind == "word" and tok.upper() in _AGGREGATES and parens > 0)
        parens += (tok == "(") - (tok == ")")
        i += 1
    proj_end = at(i)
    while i < n and toks[i][1] != "{":  # the WHERE group ...
        i += 1
    where_open, depth = i, 0
    while i < n:
        depth += (toks[i][1] == "{") - (toks[i][1] == "}")
        i += 1
        if depth == 0:
            break
    where_close = i - 1  # the index of its closing brace
    if where_open >= n or where_close <= where_open or toks[where_close][1] != "}":
        raise QueryError(f"query {info.name}: cannot read its WHERE clause to bind {', '.join(bindings)}")
    group_end = None  # ... then GROUP BY among the solution modifiers
    while i + 1 < n:
        if toks[i][1].upper() == "GROUP" and toks[i + 1][1].upper() == "BY":
            k, parens = i + 2, 0
            while k < n and not (parens == 0 and toks[k][0] == "word" and toks[k][1].upper() in _MODIFIERS):
                parens += (toks[k][1] == "(") - (toks[k][1] == ")")
                k += 1
            group_end = at(k) if k < n else len(text.rstrip())
            break
        i += 1
    if star is not None:  # a variable only in a FILTER is not in the scope of *: list the columns
        columns = " ".join(f"?{name}" for name in projected + missing)
        return _Bound(text[:toks[star][2]] + columns + text[toks[star][3]:], frozenset(missing))
    if not missing:
        return _Bound(text)
    if proj_start >= proj_end:
        raise QueryError(f"query {info.name}: cannot read its SELECT clause to bind {', '.join(missing)}")
    empty = None
    if group_end is None and aggregates:
        after_where = toks[where_close][3]
        empty = text[:toks[where_open][3]] + " FILTER (false) " + text[toks[where_close][2]:]
        text = f"{text[:after_where]} GROUP BY {extra} {text[after_where:]}"
    elif group_end is not None:
        text = f"{text[:group_end]} {extra} {text[group_end:]}"
    return _Bound(f"{text[:proj_end]}{extra} {text[proj_end:]}", frozenset(missing), empty)


def _values_bound(info: "QueryInfo", bindings: Mapping[str, Identifier]) -> _Bound | None:
    """A library query with its parameters as a ``VALUES`` block (see :func:`with_values`)."""
    text = with_values(info.text, {name: to_ox(term) for name, term in bindings.items()})
    return None if text is None else _Bound(text)


def with_values(text: str, terms: Mapping[str, Any]) -> str | None:
    """``text`` with ``terms`` (variable name -> pyoxigraph term) as a ``VALUES`` block opening its WHERE clause.

    Oxigraph plans joins from what the query text binds: a parameter given as
    ``substitutions`` is unknown to the planner, which then starts from the
    pattern that looks most selective without it (every chairmanship, say)
    rather than from the entity asked about. Inline data is part of the plan.
    The block goes into the group that opens the WHERE clause, when it has one
    (so that its FILTERs see the parameters, as they do a substitution), and
    into the WHERE clause of each subquery that uses a parameter. The
    terms are written in N-Triples form by pyoxigraph (literals escaped, IRIs
    checked), so a value cannot change the query's shape. The library's
    queries use their parameters only where such a join and a substitution mean
    the same (no MINUS, no FILTER on them in a nested group); other queries keep
    substitutions. ``None`` for a query that is not a
    SELECT or ASK, or when there is nothing to bind.
    """
    if not terms:
        return None
    toks = _tokens(text)
    braces = 0
    for kind, tok, start, end in toks:
        if kind == "word" and tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and braces == 0:
            if tok.upper() not in ("SELECT", "ASK"):  # the first group of a CONSTRUCT is its template
                return None
            break
        braces += (tok == "{") - (tok == "}")
    else:
        return None
    at = next((i for i, t in enumerate(toks) if t[1] == "{" and t[2] > start), None)
    if at is None:
        return None
    while at + 1 < len(toks) and toks[at + 1][1] == "{":  # a group that opens the WHERE clause, not a UNION's
        depth, close = 0, at + 1
        for close in range(at + 1, len(toks)):
            depth += (toks[close][1] == "{") - (toks[close][1] == "}")
            if depth == 0:
                break
        if close + 1 < len(toks) and toks[close + 1][1].upper() == "UNION":
            break
        at += 1
    def block(names: list[str]) -> str:
        row = " ".join(str(terms[name]) for name in names)
        return f" VALUES ({' '.join('?' + name for name in names)}) {{ ({row}) }}"

    inserts = [(toks[at][3], block(sorted(terms)))]
    for i, (kind, tok, start, _) in enumerate(toks):  # a subquery sees no outer binding: it gets its own block
        if i <= at or not (kind == "word" and tok.upper() == "SELECT"):
            continue
        opening = next((k for k in range(i + 1, len(toks)) if toks[k][1] == "{"), None)
        if opening is None:
            continue
        depth, close = 0, opening
        for close in range(opening, len(toks)):
            depth += (toks[close][1] == "{") - (toks[close][1] == "}")
            if depth == 0:
                break
        used = {t[1][1:] for t in toks[i:close] if t[0] == "var"} & set(terms)
        if used:
            inserts.append((toks[opening][3], block(sorted(used))))
    for offset, text_block in sorted(inserts, reverse=True):
        text = text[:offset] + text_block + text[offset:]
    return text


def _query_form(text: str) -> str:
    stripped = re.sub(r"#[^\n]*", " ", text)
    stripped = re.sub(r"(?is)\b(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)", " ", stripped)
    m = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", stripped)
    return m.group(1).upper() if m else "SELECT"


# ------------------------------------------------------------------------- whole stores


def write_store(ds: Dataset, path: str | os.PathLike) -> Path:
    """Write a built dataset as a store in ``path``, replacing the store there: for ``kg build --store DIR``.

    The new store is bulk-loaded beside the old one (Oxigraph's bulk loader, not
    transactional but fast) and takes its place only when complete, so a failed
    build leaves the previous store in place.

    Raises:
        StoreError: ``path`` holds something other than a store, the store there is
            open (in this process or another), or the store cannot be written.
    """
    target = Path(path).expanduser().resolve()
    if target.exists() and not is_store(target) and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(f"{target}: exists and is not a baltic-kg store; give a new folder for --store")
    with _OPEN_LOCK:
        if target in _OPEN:
            raise StoreError(f"{target}: the store is open; close it before rebuilding it")
    if is_store(target):
        try:
            probe = _open_ox(target)  # fails while another process has the store open
        except StoreError as exc:
            raise StoreError(f"{target}: cannot rebuild the store: {exc}") from exc
        del probe
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise StoreError(f"cannot write the store beside {target}: {exc.strerror or exc}") from exc
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    try:
        db = _open_ox(tmp)
        db.bulk_extend(_dataset_quads(ds))
        db.optimize()
        db.flush()
        del db
        _write_marker(tmp)
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot write the store {target}: {' '.join(str(exc).split())}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return target


def _dataset_quads(ds: Dataset) -> Iterator[ox.Quad]:
    cache: dict = {}
    default = ox.DefaultGraph()
    for s, p, o, ctx in ds.quads((None, None, None, None)):  # type: ignore[arg-type]
        name = getattr(ctx, "identifier", ctx)
        if name is None or str(name) == "urn:x-rdflib:default":
            raise StoreError("the dataset has triples outside the article graphs; a store holds named graphs only")
        t = (to_ox(s, cache), to_ox(p, cache), to_ox(o, cache))
        yield ox.Quad(*t, to_ox(name, cache))
        yield ox.Quad(*t, default)  # the union; the store keeps one copy of a triple


def build_store(extractions: list[Extraction], path: str | os.PathLike,
                gazetteer: "Gazetteer | None" = None) -> Path:
    """``write_store(build_dataset(extractions, gazetteer), path)``."""
    from kg.rdf import build_dataset

    return write_store(build_dataset(extractions, gazetteer), path)


# ------------------------------------------------------------------------- seams


def load_store_graph(path: str | os.PathLike) -> Graph:
    """The union of a store's article graphs as an rdflib Graph (for :func:`kg.store.load_graph`)."""
    with Store.open(path) as store:
        return store.union_graph()


def add_missing_search_keys(store: ox.Store) -> int:
    """Give every name in ``store`` that has none its ``bkg:searchKey``, in the name's graph; returns how many.

    For graphs not written by ``kg build`` (by hand, by another tool, or by a
    baltic-kg older than the keys), so that the library's queries find their
    entities by name. One pass over the names; the keys are added in one transaction.
    """
    key = ox.NamedNode(str(BKG.searchKey))
    missing = []
    for predicate in (_LABEL, _ALT):
        for q in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, None):
            text = search_key(q.object.value)
            if not text:
                continue
            quad = ox.Quad(q.subject, key, ox.Literal(text), q.graph_name)
            if quad not in store:
                missing.append(quad)
    if missing:
        store.extend(missing)
    return len(set(missing))


def run_if_store(graph: Any, info: "QueryInfo", bindings: Mapping[str, Identifier]) -> "QueryResult | None":
    """Run a resolved query on ``graph`` when it is a :class:`Store` or a store's folder; else None.

    The seam for :func:`kg.query.run`, which keeps rdflib for Graphs and files.
    """
    if isinstance(graph, Store):
        return graph.execute(info, bindings)
    if isinstance(graph, (str, os.PathLike)) and is_store(graph):
        with Store.open(graph) as store:
            return store.execute(info, bindings)
    return None
