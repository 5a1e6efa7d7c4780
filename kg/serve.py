"""A read-only SPARQL endpoint and query page over a built graph (``kg serve``).

::

    from kg.serve import serve
    serve("out", port=8000)                  # a kg build folder, a store folder, or a .ttl/.trig/.nq file

or, piece by piece (what :func:`serve` does)::

    data = load_source("out")                # the graph, in an Oxigraph store on disk
    pool = WorkerPool(data.store_path, workers=2, timeout=10, prefixes=data.prefixes, use_union=data.use_union)
    pool.start()
    app = create_app(data, pool, Settings(max_rows=10_000))   # a Starlette (ASGI) application

What it serves
--------------

``/sparql``
    The SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` with an
    ``application/sparql-query`` body or an ``application/x-www-form-urlencoded``
    ``query=``; ``default-graph-uri`` and ``named-graph-uri`` give the dataset
    (and then replace the query's own ``FROM`` / ``FROM NAMED``). Results by
    content negotiation: SPARQL JSON (the default), XML, CSV and TSV for
    ``SELECT`` and ``ASK``; Turtle (the default), JSON-LD, N-Triples and RDF/XML
    for ``CONSTRUCT`` and ``DESCRIBE``; 406 when ``Accept`` allows none of them.
    The project's prefixes (``bkg:``, ``org:``, ``schema:`` ...) need no declaration.
``/``
    The query page: the library questions of :mod:`kg.query` with a form for
    their parameters, a box for one's own query, the results as an HTML table
    (every value escaped), links to the graph view and the timelines. No script,
    nothing loaded from anywhere else.
``/queries`` and ``/queries/NAME?param=value``
    The library as JSON, and one library question run with its parameters bound
    (results negotiated as on ``/sparql``).
``/health``
    ``{"status": "ok", "triples": ..., "graphs": ..., "version": ...}`` and the workers' state.
``/view`` (and ``/graph.html``), ``/timelines/...``
    A build folder's ``graph.html`` (else a view made with :func:`kg.view.write_view`
    on first request, for graphs of at most :data:`VIEW_MAX_TRIPLES` triples)
    and its ``timelines/`` pages.

Every request gets one log line (logger ``kg.serve``): method, path, status,
time in milliseconds and the number of result rows.

The data
--------

A file, or a build folder's ``graph.trig`` (with its ``reference.trig`` when
present), is bulk-loaded once, at start-up, into an Oxigraph store in a
temporary folder that is removed at shutdown. Each article keeps its named
graph, so ``GRAPH ?g`` works; the **default graph is the union of the named
graphs, materialised without duplicates**. Oxigraph's own
``use_default_graph_as_union`` repeats a triple once for every graph that holds
it (an entity's label is in every article that names it), which would change
every ``COUNT`` and every answer without ``DISTINCT``; the materialised union
answers as :func:`kg.query.run` does on the same folder. The reference record
joins the union as ``kg query`` joins it (:func:`kg.query.with_reference`).
A store folder (``kg build --store``, marked by ``kg-store.json``) already keeps
that union as its default graph and is opened as it is; any other Oxigraph store
with named graphs is queried with ``use_default_graph_as_union``. A store folder
is read as it was when the server started: restart the server to see later
writes (and do not write to it while it is being opened).

Limits
------

Every query runs in a small pool of worker processes (:class:`WorkerPool`),
each with its own read-only handle on the store (``pyoxigraph.Store.read_only``),
so that the event loop never waits for Oxigraph and a query can be stopped:
Oxigraph cannot cancel a query, so a worker whose query runs past the time
limit is killed (SIGKILL) and replaced by a fresh one, and the request is
answered 504 with a message saying so. The limit counts from the moment a
worker takes the query (parsing, evaluation and serialisation included), not
the time spent waiting for a free worker. A request that has waited
``queue_timeout`` (from its arrival) without getting a worker, or arrives when
``max_pending`` requests are already waiting, is answered 503; a request whose
client leaves while it waits is dropped before it starts (logged as 499).

Results stop at ``max_rows`` rows (triples for ``CONSTRUCT``): the response is
then a normal 200 with the first ``max_rows`` rows and the header
``X-Result-Truncated: true`` (``false`` otherwise; ``X-Result-Rows`` gives the
rows sent). SPARQL JSON results also carry a top-level ``"truncated": true``
member, which the format does not define and readers ignore.

Refused: SPARQL Update (the ``update=`` operation or an
``application/sparql-update`` body: 403; an update sent as ``query=``: 400),
``SERVICE`` (400: Oxigraph would call the remote endpoint), queries longer
than ``max_query_chars`` (413), bad SPARQL (400, with Oxigraph's parser
message). ``FROM`` and ``FROM NAMED`` are allowed: Oxigraph reads them as
graphs of the store and fetches nothing.

Library parameters are bound as RDF terms, written into a ``VALUES`` block by
pyoxigraph (:func:`kg.oxstore.with_values`), so that a value can never change
the query's shape and Oxigraph's planner sees it.
"""
from __future__ import annotations

import asyncio
import ctypes
import html
import itertools
import json
import logging
import multiprocessing
import os
import queue
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import parse_qsl

import pyoxigraph as ox

from kg import __version__
from kg.errors import QueryError, StoreError

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MAX_QUERY_CHARS",
    "VIEW_MAX_TRIPLES",
    "ServedData",
    "Settings",
    "WorkerPool",
    "BoundQuery",
    "load_source",
    "query_form",
    "uses_service",
    "bind_library",
    "negotiate",
    "create_app",
    "serve",
    "default_workers",
]

log = logging.getLogger("kg.serve")

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run before its worker is killed."""

DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) a response holds at most."""

DEFAULT_MAX_QUERY_CHARS = 20_000
"""Characters a query may have."""

VIEW_MAX_TRIPLES = 250_000
"""Above this many triples ``/view`` is not drawn on the fly (use ``kg view --focus``)."""

PAGE_MAX_ROWS = 1_000
"""Rows the query page shows at most (the endpoint gives up to ``max_rows``)."""

STORE_MARKER = "kg-store.json"
"""The file that marks a baltic-kg store folder (``kg build --store``)."""

_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DEFAULT_GRAPH = ox.DefaultGraph()


def default_workers() -> int:
    """Worker processes by default: one per core, at least 2 (so one slow query never holds every request), at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(2, min(8, cores))


# ============================================================================ query text

# A SPARQL lexer good enough to find keywords: strings, IRIs, comments, prefixed
# names and language tags are tokens of their own, so a "SERVICE" inside any of
# them is not the keyword. Bare words in SPARQL are keywords, function names or ``a``.
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\U000EFFFF]*)?:
               (?:[A-Za-z0-9_.\-:%\u00B7\u00C0-\U000EFFFF]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X | re.S)

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(kind, text, start, end) of every token but spaces and comments."""
    return tuple((m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
                 if m.lastgroup not in ("space", "comment"))


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` (an update operation) or ``""`` (not known).

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("INSERT DATA { <a> <b> <c> }")
    'UPDATE'
    """
    for kind, tok, _, _ in _tokens(text):
        if kind != "word":
            continue
        word = tok.upper()
        if word in ("BASE", "PREFIX"):
            continue
        if word in _FORMS:
            return word
        return "UPDATE" if word in _UPDATE_WORDS else ""
    return ""


def uses_service(text: str) -> bool:
    """True when the query has the ``SERVICE`` keyword (not in a string, an IRI, a name or a comment).

    >>> uses_service('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * WHERE { ?s ex:SERVICE "SERVICE" } # SERVICE')
    False
    """
    return any(kind == "word" and tok.upper() == "SERVICE" for kind, tok, _, _ in _tokens(text))


@dataclass(frozen=True)
class BoundQuery:
    """A library query ready to run: its text (parameters bound), and the terms to substitute, if any.

    Attributes:
        name: the library name.
        text: the query text, with the parameters as inline data (see the module doc).
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        substitutions: variable name -> pyoxigraph term, for a query whose parameters cannot be
            inline data (a CONSTRUCT or DESCRIBE).
        values: the parameter values as given or defaulted, as text (for the page's form).
    """

    name: str
    text: str
    form: str
    substitutions: dict[str, Any]
    values: dict[str, str] = field(default_factory=dict)


def _param_term(ptype: str, name: str, value: str, prefixes: Mapping[str, str]) -> Any:
    if ptype == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise QueryError(f"parameter {name!r}: {value!r} is not a date; expected YYYY-MM-DD")
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"parameter {name!r}: {value!r} is not a valid date ({exc})") from exc
        return ox.Literal(value, datatype=ox.NamedNode(_XSD_DATE))
    if ptype == "name":
        from kg.ontology import search_key

        return ox.Literal(search_key(value))
    if ptype == "iri":
        text = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        prefix, sep, rest = text.partition(":")
        if sep and prefix in prefixes and not rest.startswith("//"):
            text = prefixes[prefix] + rest
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text):
            raise QueryError(f"parameter {name!r}: {value!r} is not an IRI (a full IRI, or a prefixed name such as "
                             "id:org/cbss)")
        try:
            return ox.NamedNode(text)
        except ValueError as exc:
            raise QueryError(f"parameter {name!r}: {value!r} is not an IRI ({exc})") from exc
    return ox.Literal(value)


def bind_library(name: str, values: Mapping[str, str], prefixes: Mapping[str, str] | None = None,
                 *, strict: bool = True) -> BoundQuery:
    """The library query ``name`` with its parameters bound as RDF terms.

    Args:
        name: a library query (:func:`kg.query.list_queries`).
        values: parameter name -> text, as a form or a URL gives it; an empty value counts as not given.
        prefixes: prefix -> IRI, to expand a prefixed name given for an ``iri`` parameter
            (:data:`kg.ontology.PREFIXES` by default).
        strict: refuse a name that is not one of the query's parameters.

    A ``date`` is an ``xsd:date`` literal, an ``iri`` an IRI, a ``name`` its search key
    (:func:`kg.ontology.search_key`), a ``label`` or ``string`` a plain literal. A parameter left empty takes its default: ``today``, a value,
    or none (left unbound); a ``required`` one is an error.

    Raises:
        QueryError: an unknown query or parameter, a missing required parameter, a malformed value.
    """
    from kg.query import load_query

    info = load_query(name)
    prefixes = dict(prefixes) if prefixes is not None else _project_prefixes()
    declared = {p.name: p for p in info.params}
    if strict:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
                             f"for query {name} (its parameters: {', '.join(declared) or 'none'})")
    subs: dict[str, Any] = {}
    shown: dict[str, str] = {}
    missing = []
    for p in info.params:
        value = (values.get(p.name) or "").strip()
        if not value:
            if p.default == "required":
                missing.append(p)
                continue
            if p.default == "none":
                continue
            value = date.today().isoformat() if p.default == "today" else p.default
        subs[p.name] = _param_term(p.type, p.name, value, prefixes)
        shown[p.name] = value
    if missing:
        described = "; ".join(f"{p.name}: {p.type}" + (f", {p.description}" if p.description else "") for p in missing)
        raise QueryError(f"query {name} needs the parameter{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(p.name for p in missing)} ({described})")
    from kg.oxstore import with_values

    inline = with_values(info.text, subs)
    form = query_form(info.text) or "SELECT"
    if inline is not None:
        return BoundQuery(name=name, text=inline, form=form, substitutions={}, values=shown)
    return BoundQuery(name=name, text=info.text, form=form, substitutions=subs, values=shown)


# ============================================================================ formats and negotiation

# key -> (media type written in Content-Type, pyoxigraph format)
_RESULT_FORMATS: dict[str, tuple[str, Any]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
_GRAPH_FORMATS: dict[str, tuple[str, Any]] = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
# What Accept may name, in the order of preference used to break ties (the first is the default).
_RESULT_OFFERS = (("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
                  ("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("application/json", "json"),
                  ("application/xml", "xml"), ("text/xml", "xml"))
_GRAPH_OFFERS = (("text/turtle", "turtle"), ("application/ld+json", "jsonld"), ("application/n-triples", "ntriples"),
                 ("application/rdf+xml", "rdfxml"), ("application/x-turtle", "turtle"), ("application/json", "jsonld"),
                 ("text/plain", "ntriples"), ("application/xml", "rdfxml"), ("text/xml", "rdfxml"))


def _parse_accept(accept: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        kind, _, sub = media.partition("/")
        ranges.append((kind, sub, q))
    return ranges


def negotiate(accept: str | None, form: str) -> str | None:
    """The format key to answer a query of ``form`` with, given an ``Accept`` header; None when none fits (406).

    >>> negotiate("text/csv", "SELECT"), negotiate(None, "CONSTRUCT"), negotiate("text/turtle", "ASK")
    ('csv', 'turtle', None)
    """
    offers = _GRAPH_OFFERS if form in ("CONSTRUCT", "DESCRIBE") else _RESULT_OFFERS
    if not accept or not accept.strip():
        return offers[0][1]
    ranges = _parse_accept(accept)
    if not ranges:
        return offers[0][1]
    best, best_q = None, 0.0
    for media, key in offers:
        kind, _, sub = media.partition("/")
        q, specificity = 0.0, -1
        for rk, rs, rq in ranges:
            if rk == kind and rs == sub:
                spec = 2
            elif rk == kind and rs == "*":
                spec = 1
            elif rk == "*" and rs == "*":
                spec = 0
            else:
                continue
            if spec > specificity:
                q, specificity = rq, spec
        if q > best_q:
            best, best_q = key, q
    return best


def _offered(form: str) -> str:
    offers = _GRAPH_OFFERS if form in ("CONSTRUCT", "DESCRIBE") else _RESULT_OFFERS
    return ", ".join(dict.fromkeys(media for media, _ in offers))


# ============================================================================ loading


@dataclass
class ServedData:
    """What the server serves.

    Attributes:
        source: the path given.
        kind: ``"store"`` (an Oxigraph store folder), ``"build"`` (a kg build folder) or ``"file"``.
        store_path: the Oxigraph store the workers open read-only.
        use_union: query with Oxigraph's ``use_default_graph_as_union`` (a store without a materialised union).
        triples: triples in the default graph (the union), or in the union of the graphs.
        graphs: named graphs.
        prefixes: prefix -> IRI, predeclared in every query (:data:`kg.ontology.PREFIXES`).
        view_file: the build folder's ``graph.html``, if any.
        timelines_dir: the build folder's ``timelines/``, if any.
        workdir: a temporary folder (the loaded store, a generated view), removed by :meth:`close`.
        load_seconds: time spent loading.
    """

    source: Path
    kind: str
    store_path: Path
    use_union: bool
    triples: int
    graphs: int
    prefixes: dict[str, str]
    view_file: Path | None = None
    timelines_dir: Path | None = None
    workdir: Path | None = None
    load_seconds: float = 0.0

    def close(self) -> None:
        """Remove the temporary folder (the loaded store)."""
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def _project_prefixes() -> dict[str, str]:
    from kg.ontology import PREFIXES

    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def _is_store_folder(path: Path) -> bool:
    return path.is_dir() and ((path / STORE_MARKER).is_file() or (path / "CURRENT").is_file())


def _rdf_format(path: Path) -> Any:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} "
                         "(expected .ttl, .trig, .nq, .nt, .jsonld or .rdf)")
    return fmt


def _count(store: ox.Store, use_union: bool) -> tuple[int, int]:
    graphs = sum(1 for _ in store.named_graphs())
    text = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION "
            "{ GRAPH ?g { ?s ?p ?o } } } } }" if use_union else "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    solution = next(iter(store.query(text)))
    return int(solution["n"].value), graphs


def load_source(source: str | os.PathLike, workdir: str | os.PathLike | None = None,
                progress: Callable[[str], None] | None = None) -> ServedData:
    """Make ``source`` ready to serve (see the module doc).

    Args:
        source: an Oxigraph store folder, a ``kg build`` folder (its ``graph.trig``, else
            ``graph.ttl``; its ``reference.trig`` when present), or an RDF file
            (``.ttl``, ``.trig``, ``.nq``, ``.nt``, ``.jsonld``, ``.rdf``).
        workdir: where to make the temporary folder (the system's by default).
        progress: called with a line of text at each step.

    Raises:
        StoreError: no such path, an unknown format, a file that does not parse, a store that cannot be opened.
    """
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    path = Path(source).expanduser()
    if not path.exists():
        raise StoreError(f"{path}: no such file or folder")
    prefixes = _project_prefixes()
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-", dir=workdir))
    try:
        if _is_store_folder(path):
            try:
                store = ox.Store.read_only(str(path))
            except (OSError, RuntimeError, ValueError) as exc:
                raise StoreError(f"{path}: cannot open the store read-only (is another process writing to it?): "
                                 f"{' '.join(str(exc).split())}") from exc
            # A baltic-kg store keeps the union of its article graphs as its default graph; in any
            # other store with named graphs the default graph is Oxigraph's union of every graph.
            has_named = any(True for _ in itertools.islice(store.named_graphs(), 1))
            use_union = has_named and not (path / STORE_MARKER).is_file()
            say(f"Opened the store {path}" + (" (default graph: the union of its graphs)" if use_union else ""))
            if (path / STORE_MARKER).is_file() and '"version": 1' in (path / STORE_MARKER).read_text(errors="replace"):
                say("warning: this store was made before names had search keys, so the library's questions find "
                    "no entity by name in it; open it once with kg query or kg add (which add the keys) and serve "
                    "it again")
            triples, graphs = _count(store, use_union)
            del store
            return ServedData(source=path, kind="store", store_path=path, use_union=use_union, triples=triples,
                              graphs=graphs, prefixes=prefixes, workdir=tmp,
                              load_seconds=time.perf_counter() - started)
        view_file = timelines = reference = None
        if path.is_dir():
            for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.jsonld"):
                if (path / name).is_file():
                    main = path / name
                    break
            else:
                raise StoreError(f"{path}: the folder holds no graph.trig or graph.ttl, and is not an Oxigraph store "
                                 "(is it the output folder of kg build?)")
            if (path / "reference.trig").is_file():
                reference = path / "reference.trig"
            if (path / "graph.html").is_file():
                view_file = path / "graph.html"
            if (path / "timelines").is_dir():
                timelines = path / "timelines"
            kind = "build"
        else:
            main, kind = path, "file"
        store_path = tmp / "store"
        store = ox.Store(str(store_path))
        _bulk_load(store, main, say)
        if reference is not None:
            _load_reference(store, reference, say)
        say("Optimising the store ...")
        store.optimize()
        store.flush()
        triples, graphs = _count(store, False)
        del store
        return ServedData(source=path, kind=kind, store_path=store_path, use_union=False, triples=triples,
                          graphs=graphs, prefixes=prefixes, view_file=view_file, timelines_dir=timelines,
                          workdir=tmp, load_seconds=time.perf_counter() - started)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _bulk_load(store: ox.Store, path: Path, say: Callable[[str], None]) -> None:
    """Load ``path`` as it is (its named graphs), then its triples again into the default graph (the union)."""
    fmt = _rdf_format(path)
    say(f"Loading {path} ...")

    def with_union() -> Iterator[Any]:
        for q in ox.parse(path=str(path), format=fmt):
            yield q
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield ox.Quad(q.subject, q.predicate, q.object, _DEFAULT_GRAPH)

    try:
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
            store.bulk_extend(with_union())  # one pass: each quad, and its triple in the union (kept once)
        else:
            store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise StoreError(f"{path}: not valid {fmt.name}: {' '.join(str(exc).split())}") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it: {exc}") from exc
    from kg.oxstore import add_missing_search_keys

    added = add_missing_search_keys(store)
    if added:
        say(f"Added {added} bkg:searchKey triples (the graph has none: it was not written by kg build) ...")


def _load_reference(store: ox.Store, reference: Path, say: Callable[[str], None]) -> None:
    """The reference record: its named graph as it is, and its facts in the union as ``kg query`` adds them.

    :func:`kg.query.with_reference` decides which names become ``skos:altLabel`` (an entity the
    articles label differently keeps their label) and adds the gazetteer's other names; it needs
    only the articles' labels of the record's entities, so only those are read back from the store.
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    from kg.query import with_reference
    from kg.store import load_graph

    say(f"Loading {reference} ...")
    try:
        store.bulk_load(path=str(reference), format=ox.RdfFormat.TRIG)
    except SyntaxError as exc:
        raise StoreError(f"{reference}: not valid TriG: {' '.join(str(exc).split())}") from exc
    record = load_graph(reference)
    labels = Graph()
    label = ox.NamedNode(_RDFS_LABEL)
    for node in set(record.subjects(RDFS.label, None)):
        if not isinstance(node, URIRef):
            continue
        for q in store.quads_for_pattern(ox.NamedNode(str(node)), label, None, _DEFAULT_GRAPH):
            labels.add((node, RDFS.label, _to_rdflib(q.object)))
    union = with_reference(labels, record)
    store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _DEFAULT_GRAPH) for s, p, o in union)


def _to_rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _to_ox(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term)) if str(term).isalnum() else ox.BlankNode()
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store {term!r}")


# ============================================================================ the worker processes


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _worker_main(conn: Any, store_path: str, use_union: bool, prefixes: dict[str, str]) -> None:
    """A worker: open the store read-only, then run one job at a time until the pipe closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the server stops us
    try:
        store = ox.Store.read_only(store_path)
    except Exception as exc:  # noqa: BLE001 - reported to the server, which says why it cannot start
        conn.send({"ready": False, "error": " ".join(str(exc).split())})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = _execute(store, job, use_union, prefixes)
        except Exception as exc:  # noqa: BLE001 - an answer, not a dead worker
            reply = {"ok": False, "status": 500, "message": f"the query failed: {' '.join(str(exc).split())}"}
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _error(status: int, message: str) -> dict[str, Any]:
    return {"ok": False, "status": status, "message": message}


SERVICE_REFUSED = ("SERVICE is refused: this endpoint does not call other endpoints (the query would send data "
                   "to a remote server)")


def _execute(store: ox.Store, job: Mapping[str, Any], use_union: bool, prefixes: dict[str, str]) -> dict[str, Any]:
    """Run one job in a worker: the query, at most ``max_rows`` rows, serialised in the format asked for."""
    text = job["query"]
    if uses_service(text):
        return _error(400, SERVICE_REFUSED)
    kwargs: dict[str, Any] = {"prefixes": prefixes}
    default_graph, named_graphs = job.get("default_graph"), job.get("named_graphs")
    if default_graph is not None or named_graphs is not None:
        try:
            kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph or ()]
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graphs or ()]
        except ValueError as exc:
            return _error(400, f"default-graph-uri / named-graph-uri: not an IRI: {exc}")
    elif use_union:
        kwargs["use_default_graph_as_union"] = True
    if job.get("substitutions"):
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in job["substitutions"].items()}
    max_rows = int(job["max_rows"])
    fmt = job["format"]
    try:
        result = store.query(text, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            if fmt not in _RESULT_FORMATS:
                return _error(406, "an ASK query gives a boolean; ask for SPARQL results (JSON, XML, CSV or TSV)")
            return {"ok": True, "kind": "ASK", "body": result.serialize(format=_RESULT_FORMATS[fmt][1]),
                    "media_type": _RESULT_FORMATS[fmt][0], "rows": 1, "truncated": False}
        if isinstance(result, ox.QuerySolutions):
            if fmt not in _RESULT_FORMATS:
                return _error(406, "a SELECT query gives solutions; ask for SPARQL results (JSON, XML, CSV or TSV)")
            return _solutions(result, fmt, max_rows)
        if fmt not in _GRAPH_FORMATS:
            return _error(406, "a CONSTRUCT or DESCRIBE query gives a graph; ask for Turtle, JSON-LD, N-Triples "
                               "or RDF/XML")
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        del triples[max_rows:]
        media, rdf_format = _GRAPH_FORMATS[fmt]
        options = {"prefixes": prefixes} if fmt in ("turtle", "rdfxml") else {}
        return {"ok": True, "kind": "GRAPH", "body": ox.serialize(triples, format=rdf_format, **options),
                "media_type": media, "rows": len(triples), "truncated": truncated}
    except SyntaxError as exc:
        return _error(400, f"invalid SPARQL: {' '.join(str(exc).split())}")
    except OSError as exc:
        return _error(500, f"cannot read the store: {' '.join(str(exc).split())}")
    except (RuntimeError, ValueError, TypeError) as exc:
        return _error(400, f"the query failed: {' '.join(str(exc).split())}")


def _solutions(result: Any, fmt: str, max_rows: int) -> dict[str, Any]:
    """Read at most ``max_rows`` solutions and serialise them with Oxigraph.

    Oxigraph serialises a whole result; to stop at ``max_rows`` the rows read are written as
    SPARQL TSV (every term in its N-Triples form, lossless) and read back with
    ``parse_query_results``, and that result is serialised in the format asked for.
    """
    names = [v.value for v in result.variables]
    columns = range(len(names))
    lines = ["\t".join("?" + name for name in names)]
    rows = 0
    truncated = False
    for solution in result:
        if rows >= max_rows:
            truncated = True
            break
        lines.append("\t".join("" if solution[i] is None else str(solution[i]) for i in columns))
        rows += 1
    media, results_format = _RESULT_FORMATS[fmt]
    if names:
        parsed = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
        body = parsed.serialize(format=results_format)
    else:  # no column: TSV cannot say how many empty solutions there are
        body = _empty_solutions(fmt, rows)
    if truncated and fmt == "json" and body.endswith(b"}"):
        body = body[:-1] + b',"truncated":true}'
    return {"ok": True, "kind": "SELECT", "body": body, "media_type": media, "rows": rows, "truncated": truncated}


def _empty_solutions(fmt: str, rows: int) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {"vars": []}, "results": {"bindings": [{}] * rows}}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
                "<results>" + "<result></result>" * rows + "</results></sparql>").encode()
    return (("\r\n" if fmt == "csv" else "\n") * (rows + 1)).encode()


# ============================================================================ the pool


class _Worker:
    def __init__(self, process: Any, conn: Any):
        self.process = process
        self.conn = conn
        self.pid = process.pid

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError, AttributeError):
            pass
        self.process.join(5)
        try:
            self.conn.close()
        except OSError:
            pass


class WorkerPool:
    """Processes that run queries on a read-only store, each killed and replaced when it runs too long.

    Args:
        store_path: the Oxigraph store folder (opened read-only by every worker).
        workers: how many processes.
        timeout: seconds a query may run (from the moment a worker takes it).
        use_union: query with ``use_default_graph_as_union``.
        prefixes: prefix -> IRI, predeclared in every query.
        queue_timeout: seconds a request may wait for a free worker (503 after).
        max_pending: requests that may wait at once (503 beyond).
        start_timeout: seconds a new worker may take to open the store.

    :meth:`run` is blocking (call it from a thread); :meth:`submit` awaits it on the pool's threads.
    """

    def __init__(self, store_path: str | os.PathLike, *, workers: int = 2, timeout: float = DEFAULT_TIMEOUT,
                 use_union: bool = False, prefixes: Mapping[str, str] | None = None,
                 queue_timeout: float | None = None, max_pending: int | None = None, start_timeout: float = 120.0):
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        if timeout <= 0:
            raise ValueError("the time limit must be positive")
        self.store_path = str(store_path)
        self.size = workers
        self.timeout = float(timeout)
        self.use_union = use_union
        self.prefixes = dict(prefixes or {})
        self.queue_timeout = float(queue_timeout if queue_timeout is not None else max(30.0, 3 * self.timeout))
        self.max_pending = max_pending if max_pending is not None else 256 * workers
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=workers + 2, thread_name_prefix="kg-serve-query")
        self._respawns: queue.Queue[int | None] = queue.Queue()
        self._pending = 0
        self.replaced = 0
        self.timeouts = 0
        self.queries = 0

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start every worker and wait until each has opened the store.

        Raises:
            StoreError: a worker cannot open the store, or does not start in time.
        """
        # A worker asks Linux to kill it when the thread that started it ends (PR_SET_PDEATHSIG
        # follows the thread): the workers are started by one thread that lives as long as the pool.
        box: list[BaseException] = []
        ready = threading.Event()
        thread = threading.Thread(target=self._keeper, args=(box, ready), name="kg-serve-pool", daemon=True)
        thread.start()
        ready.wait()
        if box:
            raise box[0]

    def _keeper(self, errors: list[BaseException], ready: threading.Event) -> None:
        started = [self._launch() for _ in range(self.size)]
        try:
            for process, conn in started:
                worker = self._handshake(process, conn)
                with self._lock:
                    self._workers.add(worker)
                self._idle.put(worker)
        except BaseException as exc:  # noqa: BLE001 - handed to start(), which raises it
            for process, conn in started:
                _Worker(process, conn).kill()
            errors.append(exc)
            ready.set()
            self.close()
            return
        ready.set()
        self._respawner()  # until the pool closes

    def _launch(self) -> tuple[Any, Any]:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=_worker_main, name="kg-serve-worker", daemon=True,
                                    args=(child, self.store_path, self.use_union, self.prefixes))
        process.start()
        child.close()
        return process, parent

    def _handshake(self, process: Any, conn: Any) -> _Worker:
        worker = _Worker(process, conn)
        try:
            ready = conn.poll(self.start_timeout)
            message = conn.recv() if ready else None
        except (EOFError, OSError):
            message = {"ready": False, "error": f"the worker exited with status {process.exitcode}"}
        if not message or not message.get("ready"):
            worker.kill()
            reason = (message or {}).get("error") or f"it did not start within {self.start_timeout:g} s"
            raise StoreError(f"{self.store_path}: a query worker cannot open the store: {reason}")
        return worker

    def _spawn(self) -> _Worker:
        process, conn = self._launch()
        return self._handshake(process, conn)

    def _replace_later(self) -> None:
        self._respawns.put(1)

    def _respawner(self) -> None:
        """Start a replacement for each retired worker, one after the other, until the pool closes.

        One long-lived thread starts them all: a worker asks Linux to kill it when the thread that
        started it ends (PR_SET_PDEATHSIG follows the thread, not the process).
        """
        while True:
            item = self._respawns.get()
            if item is None or self._closed:
                return
            delay = 0.5
            while not self._closed:
                try:
                    worker = self._spawn()
                except StoreError as exc:
                    log.error("cannot replace a query worker: %s; retrying in %.1f s", exc, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                with self._lock:
                    if self._closed:
                        worker.kill()
                        return
                    self._workers.add(worker)
                    self.replaced += 1
                self._idle.put(worker)
                break

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()
        if not self._closed:
            self._replace_later()

    def close(self) -> None:
        """Kill every worker (the queries they run are abandoned). Idempotent."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._respawns.put(None)
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in workers:
            worker.process.join(0.2)
            worker.kill()
        self._executor.shutdown(wait=False, cancel_futures=True)

    @property
    def closed(self) -> bool:
        return self._closed

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def stats(self) -> dict[str, Any]:
        """Workers, busy workers, replacements, time-outs and waiting requests."""
        with self._lock:
            size = len(self._workers)
        return {"workers": size, "idle": self._idle.qsize(), "replaced": self.replaced, "timeouts": self.timeouts,
                "queries": self.queries, "pending": self._pending, "timeout_seconds": self.timeout}

    # ------------------------------------------------------------------ running

    def run(self, job: Mapping[str, Any], *, since: float | None = None,
            cancelled: threading.Event | None = None) -> dict[str, Any]:
        """Run one job on a free worker and return its reply (blocking).

        Args:
            job: the query and how to answer it.
            since: when the request began to wait (``time.monotonic()``; now by default).
            cancelled: set when the client has gone: the job is dropped if it has not started.

        The reply is ``{"ok": True, "body": bytes, "media_type": str, "rows": int, "truncated": bool}``,
        or ``{"ok": False, "status": int, "message": str}``: 400 for a bad query, 504 when it ran
        past the time limit (its worker is then killed and replaced), 503 when no worker was free
        within ``queue_timeout``, 499 when the client left before a worker was free.
        """
        deadline = (time.monotonic() if since is None else since) + self.queue_timeout
        while True:
            if self._closed:
                return _error(503, "the server is shutting down")
            if cancelled is not None and cancelled.is_set():
                return _error(499, "the client closed the connection before the query started")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _error(503, f"every query worker has been busy for {self.queue_timeout:g} s; try again later")
            try:
                worker = self._idle.get(timeout=min(0.5, remaining))
            except queue.Empty:
                continue
            if not worker.alive():
                self._retire(worker)
                continue
            try:
                worker.conn.send(dict(job))
            except (OSError, ValueError):  # it died while idle: another worker takes the query
                self._retire(worker)
                continue
            break
        started = time.monotonic()
        try:
            done = worker.conn.poll(self.timeout)
            reply = worker.conn.recv() if done else None
        except (EOFError, OSError, ValueError):
            self._retire(worker)
            return _error(500, "the query worker died while running the query (out of memory?); it was replaced")
        if reply is None:
            self.timeouts += 1
            self._retire(worker)
            return _error(504, f"the query ran past the time limit of {self.timeout:g} s and was stopped "
                               "(its worker process was killed); simplify it, put the most selective pattern "
                               "first (Oxigraph runs patterns in the order written), or add a LIMIT")
        self.queries += 1
        self._idle.put(worker)
        reply["seconds"] = time.monotonic() - started
        return reply

    async def submit(self, job: Mapping[str, Any], cancelled: threading.Event | None = None) -> dict[str, Any]:
        """:meth:`run` on the pool's threads, so the event loop never waits."""
        if self._pending >= self.max_pending:
            return _error(503, f"{self._pending} queries are already waiting; try again later")
        self._pending += 1
        since = time.monotonic()
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._executor, lambda: self.run(job, since=since, cancelled=cancelled))
        except RuntimeError:  # the executor was shut down
            return _error(503, "the server is shutting down")
        finally:
            self._pending -= 1


# ============================================================================ the application


@dataclass(frozen=True)
class Settings:
    """The limits of a server.

    Attributes:
        max_rows: rows (or triples) a response holds at most.
        max_query_chars: characters a query may have.
    """

    max_rows: int = DEFAULT_MAX_ROWS
    max_query_chars: int = DEFAULT_MAX_QUERY_CHARS


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


_PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'")


class _AccessLog:
    """One log line per request: method, path, status, milliseconds, result rows (pure ASGI)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen: dict[str, Any] = {"status": 500, "rows": None}

        async def _send(message: dict) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                for key, value in message.get("headers") or ():
                    if key.lower() == b"x-result-rows":
                        seen["rows"] = value.decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            ms = (time.perf_counter() - started) * 1000
            rows = f"{seen['rows']} rows" if seen["rows"] is not None else "-"
            log.info("%s %s %s %.1f ms %s", scope.get("method", "?"), scope.get("path", "?"), seen["status"], ms,
                     rows)


def _text_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=dict(headers or {}))


async def _read_body(request: Any, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _HTTPError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _HTTPError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise _HTTPError(400, f"the request body is not valid {charset}: {exc}") from exc


def _form(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=1000)
    except ValueError as exc:
        raise _HTTPError(400, f"malformed form data: {exc}") from exc


def _one(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise _HTTPError(400, f"the parameter {name!r} is given {len(values)} times; give it once")
    return values[0] if values else None


def _unknown_prefixes(text: str, prefixes: Mapping[str, str]) -> list[str]:
    """The prefixes of the query's prefixed names that neither the query nor ``prefixes`` declares."""
    toks = _tokens(text)
    declared = set(prefixes)
    for i, (kind, tok, _, _) in enumerate(toks[:-1]):
        if kind == "word" and tok.upper() == "PREFIX" and toks[i + 1][0] == "pname":
            declared.add(toks[i + 1][1].split(":", 1)[0])
    used = [tok.split(":", 1)[0] for kind, tok, _, _ in toks if kind == "pname"]
    return list(dict.fromkeys(p + ":" for p in used if p not in declared))


def _short_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    best = None
    for prefix, base in prefixes.items():
        if iri.startswith(base) and len(iri) > len(base) and (best is None or len(base) > len(best[1])):
            best = (prefix, base)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


class _App:
    """The routes, over a :class:`ServedData` and a :class:`WorkerPool`."""

    def __init__(self, data: ServedData, pool: WorkerPool, settings: Settings):
        self.data = data
        self.pool = pool
        self.settings = settings
        self.body_limit = settings.max_query_chars * 12 + 65_536  # percent-encoded UTF-8 is up to 9 bytes a char
        self._view_lock = asyncio.Lock()
        self._generated_view: Path | None = None
        self._template = None

    # ------------------------------------------------------------------ running a query

    def _check(self, text: str) -> str:
        """The query's form; raises the protocol's refusals before any worker is bothered."""
        if len(text) > self.settings.max_query_chars:
            raise _HTTPError(413, f"the query has {len(text)} characters; at most {self.settings.max_query_chars} "
                                  "are accepted")
        if not text.strip():
            raise _HTTPError(400, "the query is empty")
        form = query_form(text)
        if form == "UPDATE":
            raise _HTTPError(400, "SPARQL Update is not accepted: this endpoint is read-only (send queries: SELECT, "
                                  "ASK, CONSTRUCT or DESCRIBE)")
        if uses_service(text):
            raise _HTTPError(400, SERVICE_REFUSED)
        return form

    async def _run(self, job: dict[str, Any], request: Any = None) -> dict[str, Any]:
        cancelled = threading.Event()
        task = asyncio.ensure_future(self.pool.submit(job, cancelled))
        if request is not None:
            # a client that leaves while its query waits for a worker does not get one
            while not task.done():
                done, _ = await asyncio.wait({task}, timeout=0.5)
                if not done and await request.is_disconnected():
                    cancelled.set()
                    break
        reply = await task
        if not reply.get("ok"):
            message = str(reply.get("message", "the query failed"))
            if "Prefix not found" in message:
                unknown = _unknown_prefixes(job["query"], self.data.prefixes)
                if unknown:
                    message = (f"unknown prefix{'es' if len(unknown) > 1 else ''} {', '.join(unknown)} (declare it "
                               f"with PREFIX; predeclared: {', '.join(p + ':' for p in self.data.prefixes)}); "
                               + message)
            raise _HTTPError(int(reply.get("status", 500)), message)
        return reply

    @staticmethod
    def _results_response(reply: Mapping[str, Any]) -> Any:
        from starlette.responses import Response

        headers = {"X-Result-Rows": str(reply["rows"]), "X-Result-Truncated": "true" if reply["truncated"] else "false",
                   "Vary": "Accept", "Cache-Control": "no-store"}
        return Response(reply["body"], media_type=reply["media_type"], headers=headers)

    # ------------------------------------------------------------------ /sparql

    async def sparql(self, request: Any) -> Any:
        try:
            return await self._sparql(request)
        except _HTTPError as exc:
            return _text_response(exc.status, exc.message)

    async def _sparql(self, request: Any) -> Any:
        url_params = parse_qsl(request.url.query, keep_blank_values=True, max_num_fields=1000)
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        if request.method == "POST":
            if media == "application/sparql-update":
                raise _HTTPError(403, "SPARQL Update is refused: this endpoint is read-only")
            body = await _read_body(request, self.body_limit)
            if media == "application/sparql-query":
                if _one(url_params, "query") is not None:
                    raise _HTTPError(400, "a POST with an application/sparql-query body takes no query= parameter")
                params = url_params
                text = _decode(body, content_type)
            elif media == "application/x-www-form-urlencoded":
                params = _form(_decode(body, content_type))
                text = _one(params, "query")
            else:
                raise _HTTPError(415, "POST a query as application/sparql-query, or as "
                                      "application/x-www-form-urlencoded with query=")
        else:
            params = url_params
            text = _one(params, "query")
        if any(k == "update" for k, _ in params) or any(k == "update" for k, _ in url_params):
            raise _HTTPError(403, "SPARQL Update is refused: this endpoint is read-only")
        if text is None:
            raise _HTTPError(400, "no query: give one as ?query=..., or open / for the query page")
        form = self._check(text)
        fmt = negotiate(request.headers.get("accept"), form or "SELECT")
        if fmt is None:
            raise _HTTPError(406, f"none of the formats in Accept can hold the results of a {form or 'SELECT'} "
                                  f"query; this endpoint offers {_offered(form or 'SELECT')}")
        default_graphs = [v for k, v in params if k == "default-graph-uri"]
        named_graphs = [v for k, v in params if k == "named-graph-uri"]
        job = {"query": text, "format": fmt, "max_rows": self.settings.max_rows}
        if default_graphs or named_graphs:
            job["default_graph"] = default_graphs
            job["named_graphs"] = named_graphs
        reply = await self._run(job, request)
        return self._results_response(reply)

    # ------------------------------------------------------------------ /queries

    async def queries(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        from kg.query import list_queries

        listing = [{"name": q.name, "title": q.title, "form": query_form(q.text) or "SELECT",
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                                "description": p.description} for p in q.params]}
                   for q in list_queries()]
        return JSONResponse(listing)

    async def library(self, request: Any) -> Any:
        name = request.path_params["name"]
        try:
            try:
                bound = bind_library(name, dict(request.query_params), self.data.prefixes)
            except QueryError as exc:
                status = 404 if str(exc).startswith("unknown query") else 400
                raise _HTTPError(status, str(exc)) from exc
            fmt = negotiate(request.headers.get("accept"), bound.form)
            if fmt is None:
                raise _HTTPError(406, f"none of the formats in Accept can hold the results of a {bound.form} "
                                      f"query; this endpoint offers {_offered(bound.form)}")
            reply = await self._run(self._library_job(bound, fmt, self.settings.max_rows), request)
            return self._results_response(reply)
        except _HTTPError as exc:
            return _text_response(exc.status, exc.message)

    @staticmethod
    def _library_job(bound: BoundQuery, fmt: str, max_rows: int) -> dict[str, Any]:
        return {"query": bound.text, "format": fmt, "max_rows": max_rows, "substitutions": bound.substitutions}

    # ------------------------------------------------------------------ /health

    async def health(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        stats = self.pool.stats()
        status = "ok" if stats["workers"] > 0 and not self.pool.closed else "degraded"
        return JSONResponse({"status": status, "version": __version__, "triples": self.data.triples,
                             "graphs": self.data.graphs, "source": str(self.data.source), "kind": self.data.kind,
                             "max_rows": self.settings.max_rows, **stats},
                            headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------------ the page

    def _render(self, **context: Any) -> str:
        if self._template is None:
            from jinja2 import Environment, select_autoescape

            env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
            text = files("kg").joinpath("templates").joinpath("serve.html").read_text(encoding="utf-8")
            self._template = env.from_string(text)
        return self._template.render(**context)

    def _library_forms(self, selected: str | None, values: Mapping[str, str]) -> list[dict[str, Any]]:
        from kg.query import list_queries

        forms = []
        today = date.today().isoformat()
        for q in list_queries():
            params = []
            for p in q.params:
                if q.name == selected and p.name in values:
                    value = values[p.name]
                elif p.default == "today":
                    value = today
                elif p.default in ("required", "none"):
                    value = ""
                else:
                    value = p.default
                params.append({"name": p.name, "type": p.type, "required": p.required, "value": value,
                               "description": p.description,
                               "input_type": "date" if p.type == "date" else "text",
                               "default": p.default})
            forms.append({"name": q.name, "title": q.title, "params": params, "text": q.text,
                          "open": q.name == selected})
        return forms

    def _table(self, reply: Mapping[str, Any]) -> dict[str, Any]:
        """The reply of a page query (SPARQL JSON, or N-Triples for a graph) as rows of display cells."""
        prefixes = self.data.prefixes
        out: dict[str, Any] = {"rows_count": reply["rows"], "truncated": reply["truncated"],
                               "seconds": round(reply.get("seconds", 0.0), 3)}
        if reply["kind"] == "GRAPH":
            out["kind"] = "graph"
            out["columns"] = ["subject", "predicate", "object"]
            out["rows"] = [[self._cell(t, prefixes) for t in (tr.subject, tr.predicate, tr.object)]
                           for tr in ox.parse(reply["body"], format=ox.RdfFormat.N_TRIPLES)]
            return out
        doc = json.loads(reply["body"])
        if "boolean" in doc:
            out["kind"] = "ask"
            out["boolean"] = bool(doc["boolean"])
            return out
        columns = doc["head"].get("vars", [])
        out["kind"] = "select"
        out["columns"] = columns
        out["rows"] = [[self._json_cell(b.get(c), prefixes) for c in columns] for b in doc["results"]["bindings"]]
        return out

    @staticmethod
    def _json_cell(term: Mapping[str, str] | None, prefixes: Mapping[str, str]) -> dict[str, str]:
        if term is None:
            return {"text": "", "title": "unbound", "kind": "unbound"}
        if term["type"] == "uri":
            return {"text": _short_iri(term["value"], prefixes), "title": term["value"], "kind": "iri"}
        if term["type"] == "bnode":
            return {"text": "_:" + term["value"], "title": "blank node", "kind": "bnode"}
        title = ("@" + term["xml:lang"]) if "xml:lang" in term else _short_iri(
            term.get("datatype", "http://www.w3.org/2001/XMLSchema#string"), prefixes)
        return {"text": term["value"], "title": title, "kind": "literal"}

    @staticmethod
    def _cell(term: Any, prefixes: Mapping[str, str]) -> dict[str, str]:
        if isinstance(term, ox.NamedNode):
            return {"text": _short_iri(term.value, prefixes), "title": term.value, "kind": "iri"}
        if isinstance(term, ox.BlankNode):
            return {"text": "_:" + term.value, "title": "blank node", "kind": "bnode"}
        if isinstance(term, ox.Literal):
            title = "@" + term.language if term.language else _short_iri(term.datatype.value, prefixes)
            return {"text": term.value, "title": title, "kind": "literal"}
        return {"text": str(term), "title": "", "kind": "other"}

    async def page(self, request: Any) -> Any:
        from starlette.responses import HTMLResponse

        status = 200
        results = error = None
        selected = None
        values: dict[str, str] = {}
        own_query = ""
        max_rows = min(self.settings.max_rows, PAGE_MAX_ROWS)
        try:
            if request.method == "POST":
                content_type = request.headers.get("content-type", "")
                if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
                    raise _HTTPError(415, "the page's form posts application/x-www-form-urlencoded")
                pairs = _form(_decode(await _read_body(request, self.body_limit), content_type))
            else:
                pairs = parse_qsl(request.url.query, keep_blank_values=True, max_num_fields=1000)
            selected = _one(pairs, "run")
            own = _one(pairs, "query")
            if selected:
                values = {k: v for k, v in pairs if k != "run"}
                try:
                    bound = bind_library(selected, values, self.data.prefixes)
                except QueryError as exc:
                    raise _HTTPError(404 if str(exc).startswith("unknown query") else 400, str(exc)) from exc
                fmt = "ntriples" if bound.form in ("CONSTRUCT", "DESCRIBE") else "json"
                results = self._table(await self._run(self._library_job(bound, fmt, max_rows), request))
                results["title"] = selected
            elif own is not None:
                own_query = own
                form = self._check(own)
                fmt = "ntriples" if form in ("CONSTRUCT", "DESCRIBE") else "json"
                results = self._table(await self._run({"query": own, "format": fmt, "max_rows": max_rows}, request))
                results["title"] = "Your query"
        except _HTTPError as exc:
            status, error = exc.status, exc.message
        headers = {"Content-Security-Policy": _PAGE_CSP, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        if results is not None and results.get("kind") != "ask":
            headers["X-Result-Rows"] = str(results["rows_count"])
        elif results is not None:
            headers["X-Result-Rows"] = "1"
        text = self._render(
            version=__version__, source=str(self.data.source), triples=self.data.triples, graphs=self.data.graphs,
            queries=self._library_forms(selected, values), own_query=own_query or _EXAMPLE_QUERY,
            results=results, error=error, error_status=status, max_rows=max_rows, timeout=self.pool.timeout,
            has_timelines=self.data.timelines_dir is not None, prefixes=sorted(self.data.prefixes.items()),
            selected=selected)
        return HTMLResponse(text, status_code=status, headers=headers)

    # ------------------------------------------------------------------ the view and the timelines

    async def view(self, request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import FileResponse, HTMLResponse

        if self.data.view_file is not None:
            return FileResponse(self.data.view_file, media_type="text/html; charset=utf-8")
        if self.data.triples > VIEW_MAX_TRIPLES:
            return HTMLResponse(_message_page(
                "The graph is too large to draw here",
                f"The graph has {self.data.triples:,} triples; the view is drawn on the fly for at most "
                f"{VIEW_MAX_TRIPLES:,}. Draw a part of it with kg view --focus NAME or --type KIND."), status_code=413)
        async with self._view_lock:
            if self._generated_view is None:
                self._generated_view = await run_in_threadpool(self._make_view)
        return FileResponse(self._generated_view, media_type="text/html; charset=utf-8")

    def _make_view(self) -> Path:
        from rdflib import Graph

        from kg.view import write_view

        store = ox.Store.read_only(str(self.data.store_path))
        if self.data.use_union:
            triples: Iterator[Any] = (ox.Triple(q.subject, q.predicate, q.object)
                                      for q in store.quads_for_pattern(None, None, None, None))
        else:
            triples = (ox.Triple(q.subject, q.predicate, q.object)
                       for q in store.quads_for_pattern(None, None, None, _DEFAULT_GRAPH))
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        del store
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        folder = self.data.workdir or Path(tempfile.mkdtemp(prefix="kg-serve-view-"))
        return write_view(graph, folder / "graph.html", title=f"baltic-kg: {self.data.source.name}")

    async def timelines_root(self, request: Any) -> Any:
        from starlette.responses import RedirectResponse

        return RedirectResponse("/timelines/", status_code=307)

    async def favicon(self, request: Any) -> Any:
        from starlette.responses import Response

        return Response(status_code=204)


_EXAMPLE_QUERY = """SELECT ?body ?label (COUNT(?membership) AS ?facts)
WHERE {
  ?membership a org:Membership ;
              org:organization ?body .
  ?body rdfs:label ?label .
}
GROUP BY ?body ?label
ORDER BY DESC(?facts)
LIMIT 20"""


def _message_page(title: str, message: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "<link rel=\"icon\" href=\"data:,\"></head><body style=\"font: 15px system-ui, sans-serif; margin: 2em\">"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p><p><a href=\"/\">Back to the query page</a>"
            "</p></body></html>")


def create_app(data: ServedData, pool: WorkerPool, settings: Settings | None = None, *,
               close_pool_on_shutdown: bool = True) -> Any:
    """The ASGI application (Starlette) serving ``data`` with the queries run on ``pool``.

    Args:
        data: what :func:`load_source` made ready.
        pool: a started :class:`WorkerPool` on ``data.store_path``.
        settings: the limits.
        close_pool_on_shutdown: kill the workers when the application shuts down.
    """
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    app_state = _App(data, pool, settings or Settings())
    routes = [
        Route("/", app_state.page, methods=["GET", "POST"]),
        Route("/sparql", app_state.sparql, methods=["GET", "POST"]),
        Route("/queries", app_state.queries, methods=["GET"]),
        Route("/queries/{name}", app_state.library, methods=["GET"]),
        Route("/health", app_state.health, methods=["GET"]),
        Route("/view", app_state.view, methods=["GET"]),
        Route("/graph.html", app_state.view, methods=["GET"]),
        Route("/favicon.ico", app_state.favicon, methods=["GET"]),
    ]
    if data.timelines_dir is not None:
        routes.append(Route("/timelines", app_state.timelines_root, methods=["GET"]))
        routes.append(Mount("/timelines", app=StaticFiles(directory=str(data.timelines_dir), html=True)))

    @asynccontextmanager
    async def lifespan(_app: Any) -> Any:
        try:
            yield
        finally:
            if close_pool_on_shutdown:
                pool.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(_AccessLog)
    app.state.kg = app_state
    return app


# ============================================================================ running


def _bind(host: str, port: int) -> socket.socket:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, socktype, proto, _, address = infos[0]
    sock = socket.socket(family, socktype, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(source: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 8000,
          timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, workers: int | None = None,
          max_query_chars: int = DEFAULT_MAX_QUERY_CHARS, progress: Callable[[str], None] | None = None,
          on_ready: Callable[[str, ServedData], None] | None = None) -> None:
    """Serve ``source`` until interrupted (SIGINT or SIGTERM); the workers and the temporary store are removed then.

    Args:
        source: what :func:`load_source` reads.
        host, port: where to listen (port 0: any free port; ``on_ready`` is told which).
        timeout: seconds a query may run.
        max_rows: rows a response holds at most.
        workers: query processes (:func:`default_workers` by default).
        max_query_chars: characters a query may have.
        progress: called with a line of text at each loading step.
        on_ready: called with the server's URL and the data once it listens.

    Raises:
        StoreError: the source cannot be loaded, the workers cannot open it, or the address is taken.
    """
    import uvicorn

    data = load_source(source, progress=progress)
    pool = None
    sock = None
    try:
        pool = WorkerPool(data.store_path, workers=workers or default_workers(), timeout=timeout,
                          use_union=data.use_union, prefixes=data.prefixes)
        if progress:
            progress(f"Starting {pool.size} query workers ...")
        pool.start()
        app = create_app(data, pool, Settings(max_rows=max_rows, max_query_chars=max_query_chars))
        sock = _bind(host, port)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", server_header=False,
                                timeout_graceful_shutdown=max(5, int(timeout) + 5),
                                h11_max_incomplete_event_size=max_query_chars * 12 + 65_536)
        server = uvicorn.Server(config)
        if on_ready:
            on_ready(_url(sock), data)
        # uvicorn shuts down gracefully on SIGINT / SIGTERM, then raises the signal again for the
        # handler that was there before: ours turns it into a return, so the clean-up below runs.
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            server.run(sockets=[sock])
        except _Stop:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        if pool is not None:
            pool.close()
        if sock is not None:
            sock.close()
        data.close()


class _Stop(BaseException):
    """A stop signal, after uvicorn's graceful shutdown."""


def _raise_stop(signum: int, frame: Any) -> None:
    raise _Stop(signum)
