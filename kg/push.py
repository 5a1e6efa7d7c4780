"""Send the article graphs to a SPARQL 1.1 store, with the Graph Store HTTP Protocol.

>>> from kg.push import push
>>> report = push("kgstore", "http://127.0.0.1:7878/query")          # doctest: +SKIP
>>> report.graphs, report.triples, report.seconds, report.verified  # doctest: +SKIP

Each named graph is sent with ``PUT <graph-store>?graph=<iri>`` (which replaces
the graph on the server), its triples as N-Triples under ``Content-Type:
text/turtle`` (N-Triples is Turtle, and every server reads Turtle). A graph of
more than ``batch_triples`` triples is sent as a PUT of the first batch, then
POSTs (which add) of the next ones. Triples are a set, so a retried PUT or POST
does the same as one that went through: requests are retried on connection
errors, timeouts, 408, 429 and 5xx with exponential backoff; a 4xx is an error
at once, with the server's message. After the push, one SELECT on the SPARQL
endpoint counts the triples of each graph sent (``GRAPH ?g``) and compares them
with the local counts.

It avoids three pitfalls of rdflib's remote stores: ``Dataset(store=SPARQLStore)``
sends a ``default-graph-uri`` that makes ``GRAPH ?g`` match nothing on standard
servers (nothing here sends one); ``SPARQLUpdateStore`` sets no timeout (every
request here has one); large ``INSERT DATA`` updates are refused by some
servers (the Graph Store Protocol is used instead, in batches).

A local store's default graph (the union of the article graphs) is never sent;
only the named graphs are. A graph pushed in batches is not atomic on the
server: if a POST fails for good, the graph is partial there and
:class:`PushError` says so; pushing again replaces it.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import httpx
import pyoxigraph as ox

from kg import __version__
from kg.errors import StoreError

__all__ = ["PushError", "PushReport", "push", "graph_store_url", "remote_counts"]

_MAX_DELAY = 30.0
_RETRY_STATUS = {408, 425, 429}
_SOURCE_FORMATS = {
    ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES, ".n3": ox.RdfFormat.N3, ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
}


class PushError(StoreError):
    """A push that failed: a refused request, a server that stays down, or counts that do not match.

    Attributes:
        status: the HTTP status of the last answer, if there was one.
        url: the URL of the request that failed.
        body: the server's message (cut to 1,000 characters).
    """

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None, body: str = ""):
        self.status = status
        self.url = url
        self.body = body
        super().__init__(message)


@dataclass
class PushReport:
    """What a push sent.

    Attributes:
        endpoint: the SPARQL query endpoint.
        graph_store: the Graph Store Protocol endpoint.
        graphs: named graphs sent.
        triples: triples sent.
        seconds: wall time, verification included.
        requests: HTTP requests that got an answer, retries included.
        retries: requests sent again after a connection error, a timeout or a 5xx.
        local: triples per graph IRI, as sent.
        remote: triples per graph IRI on the server after the push (None when not verified).
    """

    endpoint: str
    graph_store: str
    graphs: int = 0
    triples: int = 0
    seconds: float = 0.0
    requests: int = 0
    retries: int = 0
    local: dict[str, int] = field(default_factory=dict)
    remote: dict[str, int] | None = None

    @property
    def mismatches(self) -> dict[str, tuple[int, int]]:
        """Graph IRI -> (local, remote) for every graph whose counts differ (empty when verified and equal)."""
        if self.remote is None:
            return {}
        return {g: (n, self.remote.get(g, 0)) for g, n in self.local.items() if self.remote.get(g, 0) != n}

    @property
    def verified(self) -> bool | None:
        """True when the server holds as many triples per graph as were sent; None when not checked."""
        return None if self.remote is None else not self.mismatches

    def as_dict(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "graph_store": self.graph_store, "graphs": self.graphs,
                "triples": self.triples, "seconds": round(self.seconds, 3), "requests": self.requests,
                "retries": self.retries, "verified": self.verified,
                "mismatches": {g: list(v) for g, v in self.mismatches.items()}}


def graph_store_url(endpoint: str, auth: Any = None) -> str:
    """The Graph Store endpoint beside a SPARQL endpoint, for the servers whose layout is known.

    Oxigraph: ``.../query`` -> ``.../store``. Virtuoso: ``.../sparql`` ->
    ``.../sparql-graph-crud`` (``.../sparql-graph-crud-auth`` with ``auth``).

    Raises:
        PushError: any other endpoint: give the Graph Store URL (``--graph-store``).
    """
    base = endpoint.split("?", 1)[0].rstrip("/")
    if base.endswith("/query"):
        return base[: -len("/query")] + "/store"
    if base.endswith("/sparql"):
        return base + ("-graph-crud-auth" if auth is not None else "-graph-crud")
    raise PushError(f"cannot tell the Graph Store endpoint of {endpoint}; give it (--graph-store URL): "
                    "Oxigraph's is .../store, Virtuoso's .../sparql-graph-crud-auth, Fuseki's /DATASET/data")


def push(source: Any, endpoint: str, graph_store: str | None = None, batch_triples: int = 50_000,
         timeout: float = 30, retries: int = 3, auth: Any = None, *, verify: bool = True, backoff: float = 0.5,
         graph: str | None = None, content_type: str = "text/turtle", trust_env: bool = True,
         progress: Callable[[str, int], None] | None = None) -> PushReport:
    """Send every named graph of ``source`` to a SPARQL 1.1 store.

    Args:
        source: a :class:`kg.oxstore.Store`, a store's folder, a ``kg build`` folder
            (its ``graph.trig``), an RDF file (TriG / N-Quads keep their named graphs), or
            an rdflib Dataset or Graph.
        endpoint: the SPARQL query endpoint (used to verify the push).
        graph_store: the Graph Store HTTP Protocol endpoint; see :func:`graph_store_url` for the default.
        batch_triples: the most triples in one request.
        timeout: seconds allowed to connect, and between bytes of an answer, per request.
        retries: how many times a request is sent again after a connection error, a
            timeout, 408, 429 or 5xx (with backoff 0.5 s, 1 s, 2 s ..., or the server's Retry-After).
        auth: ``(user, password)`` for HTTP Basic, or any ``httpx.Auth`` (``httpx.DigestAuth``
            for Virtuoso's ``sparql-graph-crud-auth``).
        verify: count the triples of each graph on the server afterwards.
        backoff: the first delay between tries, in seconds.
        graph: the graph IRI for triples outside any named graph (a Turtle file); without
            it such triples are an error (they are never sent to the server's default graph).
        content_type: the media type the N-Triples are sent as.
        trust_env: let httpx read proxy settings from the environment.
        progress: called with each graph IRI and its triple count once it is sent.

    Returns:
        a :class:`PushReport`; check ``report.verified``.

    Raises:
        PushError: a refused request (4xx, with the server's message), a server that stays
            unreachable or failing after the retries, or a source that cannot be read.
    """
    if batch_triples < 1:
        raise PushError(f"batch_triples must be at least 1, got {batch_triples}")
    if retries < 0:
        raise PushError(f"retries cannot be negative, got {retries}")
    gsp = graph_store or graph_store_url(endpoint, auth)
    report = PushReport(endpoint=endpoint, graph_store=gsp)
    started = time.perf_counter()
    if isinstance(auth, tuple):
        auth = httpx.BasicAuth(*auth)
    client = httpx.Client(timeout=httpx.Timeout(timeout), auth=auth, trust_env=trust_env, follow_redirects=False,
                          headers={"User-Agent": f"baltic-kg/{__version__}"})
    try:
        with _open_source(source, graph) as db:
            for name in _graph_names(db):
                data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                lines = data.splitlines(keepends=True)
                batches = _batches(lines, batch_triples)
                for i, batch in enumerate(batches):
                    _send(client, "PUT" if i == 0 else "POST", gsp, name, b"".join(batch), content_type,
                          retries, backoff, report,
                          partial=f" (graph {name} is partial on the server: {i} of {len(batches)} batches sent)"
                          if i else "")
                report.local[name] = len(lines)
                report.graphs += 1
                report.triples += len(lines)
                if progress is not None:
                    progress(name, len(lines))
        if verify and report.local:
            report.remote = remote_counts(endpoint, list(report.local), client=client, retries=retries,
                                          backoff=backoff, report=report)
    finally:
        client.close()
    report.seconds = time.perf_counter() - started
    return report


def remote_counts(endpoint: str, graphs: list[str], *, client: httpx.Client | None = None, timeout: float = 30,
                  retries: int = 3, backoff: float = 0.5, auth: Any = None, report: PushReport | None = None,
                  chunk: int = 200) -> dict[str, int]:
    """Triples per named graph on a SPARQL endpoint: ``SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g {...} }``.

    Only the graphs asked about are counted (``VALUES ?g``), ``chunk`` at a time; a graph the
    server does not hold counts 0. No ``default-graph-uri`` is sent.
    """
    own = client is None
    if isinstance(auth, tuple):
        auth = httpx.BasicAuth(*auth)
    client = client or httpx.Client(timeout=httpx.Timeout(timeout), auth=auth, follow_redirects=False,
                                    headers={"User-Agent": f"baltic-kg/{__version__}"})
    report = report or PushReport(endpoint=endpoint, graph_store="")
    counts = {g: 0 for g in graphs}
    try:
        for i in range(0, len(graphs), chunk):
            values = " ".join(f"<{g}>" for g in graphs[i:i + chunk])
            query = (f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                     "GROUP BY ?g")
            answer = _request(client, "POST", endpoint, params=None, content=None, data={"query": query},
                              headers={"Accept": "application/sparql-results+json"}, retries=retries,
                              backoff=backoff, report=report, what="the count query")
            try:
                bindings = answer.json()["results"]["bindings"]
                for b in bindings:
                    counts[b["g"]["value"]] = int(b["n"]["value"])
            except (ValueError, KeyError, TypeError) as exc:
                raise PushError(f"POST {endpoint}: the count query's answer is not SPARQL JSON results: "
                                f"{_clip(answer.text)}", status=answer.status_code, url=endpoint) from exc
    finally:
        if own:
            client.close()
    return counts


# ------------------------------------------------------------------------- sources


class _Source:
    def __init__(self, source: Any, graph: str | None):
        self.source = source
        self.graph = graph
        self.store = None

    def __enter__(self) -> ox.Store:
        from kg.oxstore import Store, is_store

        src = self.source
        if isinstance(src, Store):
            return src.oxigraph
        if isinstance(src, (str, os.PathLike)):
            path = Path(src)
            if is_store(path):
                self.store = Store.open(path)
                return self.store.oxigraph
            return _load_file(path, self.graph)
        try:
            from rdflib import Graph
        except ImportError:  # pragma: no cover
            Graph = ()  # type: ignore[assignment,misc]
        if isinstance(src, Graph):
            return _load_rdflib(src, self.graph)
        raise PushError(f"cannot push a {type(src).__name__}: give a store, a folder or file, or an rdflib graph")

    def __exit__(self, *exc: object) -> None:
        if self.store is not None:
            self.store.close()


def _open_source(source: Any, graph: str | None) -> _Source:
    return _Source(source, graph)


def _load_file(path: Path, graph: str | None) -> ox.Store:
    if path.is_dir():
        for candidate in ("graph.trig", "graph.nq"):
            if (path / candidate).is_file():
                path = path / candidate
                break
        else:
            raise PushError(f"{path}: neither a store (no kg-store.json) nor a kg build folder (no graph.trig)")
    if not path.is_file():
        raise PushError(f"{path}: no such file or folder")
    fmt = _SOURCE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PushError(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} "
                        f"(expected one of {', '.join(sorted(_SOURCE_FORMATS))})")
    db = ox.Store()
    try:
        db.load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())
    except (SyntaxError, ValueError) as exc:
        raise PushError(f"{path}: not valid {fmt}: {' '.join(str(exc).split())}") from exc
    except OSError as exc:
        raise PushError(f"{path}: cannot read it: {exc}") from exc
    _refuse_default(db, str(path))
    return db


def _load_rdflib(g: Any, graph: str | None) -> ox.Store:
    from kg.oxstore import to_ox

    db = ox.Store()
    cache: dict = {}
    quads = []
    for s, p, o, ctx in (g.quads((None, None, None, None)) if getattr(g, "context_aware", False)
                         else ((s, p, o, None) for s, p, o in g)):
        name = getattr(ctx, "identifier", ctx)
        if name is None or str(name) == "urn:x-rdflib:default":
            target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        else:
            target = to_ox(name, cache)
        quads.append(ox.Quad(to_ox(s, cache), to_ox(p, cache), to_ox(o, cache), target))
    db.extend(quads)
    _refuse_default(db, "the graph")
    return db


def _refuse_default(db: ox.Store, what: str) -> None:
    for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        raise PushError(f"{what} has triples outside any named graph; give the graph IRI to put them in "
                        "(graph=..., kg push --graph IRI)")


def _graph_names(db: ox.Store) -> list[str]:
    names = []
    for g in db.named_graphs():
        if not isinstance(g, ox.NamedNode):
            raise PushError(f"a named graph with a blank-node name ({g}) cannot be addressed on a server")
        names.append(g.value)
    return sorted(names)


def _batches(lines: list[bytes], size: int) -> list[list[bytes]]:
    """Batches of N-Triples lines; a graph with blank nodes goes whole (each request has its own blank nodes)."""
    if len(lines) <= size or any(b"_:" in line for line in lines):
        return [lines]
    return [lines[i:i + size] for i in range(0, len(lines), size)]


# ------------------------------------------------------------------------- HTTP


def _clip(text: str, width: int = 1000) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _send(client: httpx.Client, method: str, gsp: str, name: str, body: bytes, content_type: str, retries: int,
          backoff: float, report: PushReport, partial: str = "") -> None:
    try:
        _request(client, method, gsp, params={"graph": name}, content=body,
                 headers={"Content-Type": f"{content_type}; charset=utf-8"}, retries=retries, backoff=backoff,
                 report=report, what=f"graph {name}")
    except PushError as exc:
        if partial:
            raise PushError(str(exc) + partial, status=exc.status, url=exc.url, body=exc.body) from exc
        raise


def _request(client: httpx.Client, method: str, url: str, *, params: dict | None, content: bytes | None,
             headers: dict[str, str], retries: int, backoff: float, report: PushReport, what: str,
             data: dict | None = None) -> httpx.Response:
    """One request, tried at most ``retries + 1`` times; a 2xx answer, or PushError."""
    last = ""
    status = None
    body = ""
    for attempt in range(retries + 1):
        delay = min(backoff * (2 ** attempt), _MAX_DELAY)
        try:
            answer = client.request(method, url, params=params, content=content, data=data, headers=headers)
        except httpx.TimeoutException as exc:
            last = f"timed out ({type(exc).__name__})"
        except httpx.TransportError as exc:
            last = f"could not connect ({' '.join(str(exc).split()) or type(exc).__name__})"
        else:
            report.requests += 1
            status, body = answer.status_code, _clip(answer.text)
            if 200 <= status < 300:
                return answer
            reason = answer.reason_phrase or ""
            if 300 <= status < 400:
                raise PushError(f"{method} {url} for {what}: {status} {reason}, redirected to "
                                f"{answer.headers.get('location', '?')}; give that URL instead",
                                status=status, url=url, body=body)
            if status < 500 and status not in _RETRY_STATUS:
                raise PushError(f"{method} {url} for {what}: {status} {reason}: {body or '(no message)'}",
                                status=status, url=url, body=body)
            last = f"{status} {reason}: {body or '(no message)'}"
            delay = _retry_after(answer, delay)
        if attempt < retries:
            report.retries += 1
            time.sleep(delay)
    raise PushError(f"{method} {url} for {what} failed after {retries + 1} tries: {last}", status=status, url=url,
                    body=body)


def _retry_after(answer: httpx.Response, default: float) -> float:
    value = answer.headers.get("retry-after", "")
    try:
        return min(max(float(value), 0.0), _MAX_DELAY)
    except ValueError:
        return default

