"""kg serve: the SPARQL endpoint and the query page, driven by real clients.

A small graph is built from three articles written here (a presidency handover
with a quotation, a membership list, a planned chairmanship), with the
reference record beside it, and served by ``kg serve`` in a subprocess on a
free 127.0.0.1 port. SPARQLWrapper, rdflib's SPARQLStore and httpx query it;
headless Chromium (Debian's /usr/bin/chromium, every request not to
127.0.0.1 blocked and counted) drives the query page. A second server, with
a 1 s time limit and 50 rows at most, serves a generated graph for the limits.

Every wait is bounded in time, every loop in count, and every server is stopped.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery

import kg
from kg.ontology import PREFIXES, search_key
from kg.query import load_graph_with_reference, load_query, run
from kg.serve import (BoundQuery, Settings, WorkerPool, bind_library, create_app, load_source, negotiate,
                      query_form, uses_service)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ID = "https://w3id.org/baltic-kg/id/"
EVIL_NAME = "Anna <script>window.__pwned=1</script> Berg"
LOG_LINE = re.compile(r"^\S+ \S+ (?P<method>[A-Z]+) (?P<path>/\S*) (?P<status>\d{3}) (?P<ms>\d+\.\d) ms "
                      r"(?P<rows>\d+ rows|-)$")

ARTICLES = {
    "01-cbss.txt": """Finland takes over the CBSS presidency from Germany

HELSINKI, July 1 (Baltic Wire) - Finland took over the presidency of the Council of the Baltic Sea States from \
Germany on 1 July 2023. Finnish Foreign Minister Aino Virtanen said the presidency would run until 30 June 2024. \
"We will put maritime safety at the heart of our work," Virtanen said in Helsinki.
""",
    "02-ubc.md": """---
title: "Gdynia and Kalmar welcome new partners in the Union of the Baltic Cities"
published: 2024-03-14
publisher: "Coastal Courier"
url: "https://example.org/coastal-courier/2024/03/14/ubc-members"
---

The Polish city of Gdynia has joined the Union of the Baltic Cities (UBC). The members of the Baltic Assembly are \
Estonia, Latvia and Lithuania.

"Cooperation between our cities is the best answer to the challenges of the sea," Mayor of Gdynia Tomasz Nowicki \
said on Wednesday.
""",
    "03-helcom.jsonl": json.dumps({
        "id": "helcom-latvia-2026", "title": "Latvia to chair HELCOM from 2026",
        "text": "Latvia will chair the Baltic Marine Environment Protection Commission (HELCOM) from 1 July 2026 to "
                "30 June 2028, the commission said on Friday. Latvian Minister of Climate Marta Ozola said: "
                "\"Our priority will be the recovery of the Baltic Sea.\"",
        "published": "2025-02-07", "publisher": "Baltic Wire", "url": "https://example.org/wire/2025/02/07/helcom",
    }) + "\n",
}


# --------------------------------------------------------------------------- running kg serve


def _children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].split()[0] != "Z"


class Server:
    """``kg serve`` in a subprocess on a free port, its standard error collected line by line."""

    def __init__(self, source: Path, *args: str, tmpdir: Path | None = None):
        env = dict(os.environ)
        if tmpdir is not None:
            env["TMPDIR"] = str(tmpdir)
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(source), "--host", "127.0.0.1",
                                      "--port", "0", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self.url = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(180):
            self.stop()
            raise AssertionError("kg serve did not start within 180 s:\n" + "\n".join(self.lines))
        if not self.url:
            self.stop()
            raise AssertionError("kg serve exited:\n" + "\n".join(self.lines))
        deadline = time.monotonic() + 30
        while True:  # bounded: 30 s
            try:
                if httpx.get(self.url + "health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError("/health did not answer within 30 s")
            time.sleep(0.1)

    def _read(self) -> None:
        for line in self.proc.stderr:  # ends when the process closes its standard error
            line = line.rstrip("\n")
            self.lines.append(line)
            m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if m and not self.url:
                self.url = m.group(1)
                self._ready.set()
        self._ready.set()

    def log_lines(self) -> list[str]:
        return [line for line in list(self.lines) if LOG_LINE.match(line)]

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._reader.join(5)
        return self.proc.returncode


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("serve-articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("serve-build") / "out"
    report = build([folder], out, with_reference=True)
    assert report.articles == 3 and not report.failures
    return out


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    """What ``kg query`` reads from the build folder: the articles and the reference record."""
    return load_graph_with_reference(built)


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    srv = Server(built, "--workers", "2", tmpdir=tmp_path_factory.mktemp("serve-tmp"))
    try:
        yield srv
    finally:
        srv.stop()


def _generated_graph(path: Path, persons: int = 300) -> Path:
    """A TriG file in the project's shape: persons with posts, memberships, two article graphs, one evil name."""
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix org: <http://www.w3.org/ns/org#> .", "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
             "@prefix bkg: <https://w3id.org/baltic-kg/ontology#> .", "@prefix prov: <http://www.w3.org/ns/prov#> .",
             f"@prefix id: <{ID}> ."]
    for g in range(2):
        lines.append(f"id:graph\\/gen-{g} {{")
        for i in range(g, persons, 2):
            lines.append(f'  id:person\\/p{i} a foaf:Person ; rdfs:label "Person {i}" ; org:holds id:post\\/post{i % 7} .')
            lines.append(f"  id:membership\\/m{i} a org:Membership ; org:member id:person\\/p{i} ; "
                         f"org:organization id:org\\/body{i % 5} ; org:role bkg:Member ; bkg:modality bkg:Asserted ; "
                         f"prov:wasDerivedFrom id:article\\/gen-{g} ; bkg:evidence \"Sentence {i}.\" .")
        lines.append("}")
    evil = EVIL_NAME.replace('"', '\\"')
    lines.append("id:graph\\/evil {")
    lines.append(f'  id:person\\/evil a foaf:Person ; rdfs:label "{evil}" ; org:holds id:post\\/evil .')
    lines.append('  id:post\\/evil a org:Post ; rdfs:label "Chair of the <b>Board</b>" ; org:postIn id:org\\/body0 .')
    lines.append('  id:org\\/body0 rdfs:label "Body <i>zero</i>" .')
    lines.append("}")
    for i in range(7):
        lines.append(f'id:graph\\/posts {{ id:post\\/post{i} a org:Post ; rdfs:label "Post {i}" . }}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return _generated_graph(tmp_path_factory.mktemp("serve-gen") / "generated.trig")


@pytest.fixture(scope="module")
def limited(generated, tmp_path_factory):
    """A server with a 1 s time limit and at most 50 rows, on the generated graph."""
    srv = Server(generated, "--workers", "2", "--timeout", "1", "--max-rows", "50",
                 tmpdir=tmp_path_factory.mktemp("serve-tmp-limited"))
    try:
        yield srv
    finally:
        srv.stop()


def _sparql_json(resp: httpx.Response) -> list[dict[str, str]]:
    assert resp.status_code == 200, resp.text
    doc = resp.json()
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def _get(srv: Server, query: str, accept: str | None = None, **params) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(srv.url + "sparql", params={"query": query, **params}, headers=headers, timeout=30)


# --------------------------------------------------------------------------- unit: the query text


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://e/#select>\n# ASK here\nask { ?s ?p ?o }", "ASK"),
    ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://e/x>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", "UPDATE"),
    ("PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }", "UPDATE"),
    ("  drop all", "UPDATE"),
    ("garbage", ""),
])
def test_query_form(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize("text, refused", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p 'SERVICE' }", False),
    ('SELECT * WHERE { ?s ?p """a\nSERVICE <x> {}""" }', False),
    ("SELECT * WHERE { ?s ex:SERVICE ?service } # SERVICE <x>", False),
    ("SELECT * WHERE { ?s <http://e/SERVICE> ?o ; ?p \"x\"@service }", False),
])
def test_uses_service(text, refused):
    assert uses_service(text) is refused


@pytest.mark.parametrize("accept, form, expected", [
    (None, "SELECT", "json"),
    ("*/*", "SELECT", "json"),
    ("application/sparql-results+xml", "SELECT", "xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "SELECT", "tsv"),
    ("application/json", "ASK", "json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "SELECT", "xml"),
    ("text/*", "SELECT", "csv"),
    ("image/png", "SELECT", None),
    ("text/csv;q=0", "SELECT", None),
    (None, "CONSTRUCT", "turtle"),
    ("application/ld+json", "DESCRIBE", "jsonld"),
    ("application/n-triples", "CONSTRUCT", "ntriples"),
    ("application/rdf+xml", "CONSTRUCT", "rdfxml"),
    ("application/sparql-results+json", "CONSTRUCT", None),
    ("text/turtle", "SELECT", None),
])
def test_negotiate(accept, form, expected):
    assert negotiate(accept, form) == expected


def test_bind_library_binds_terms_as_inline_data_that_cannot_change_the_query():
    prefixes = {"id": ID}
    payload = 'CBSS" } UNION { ?s ?p ?o'
    bound = bind_library("chair-on-date", {"body": payload, "date": "2024-01-15"}, prefixes)
    assert isinstance(bound, BoundQuery) and bound.form == "SELECT" and not bound.substitutions
    # the text is the library's own with one VALUES row added, whose terms read back as given
    text = load_query("chair-on-date").text
    block = re.search(r" VALUES \(\?body \?date\) \{ \((.*)\) \}", bound.text)
    assert block and bound.text.replace(block.group(0), "", 1) == text
    algebra = prepareQuery(bound.text, initNs=PREFIXES).algebra
    rows = [node for node in _walk_algebra(algebra) if getattr(node, "name", "") == "values"]
    assert [[(str(k), v) for k, v in sorted(r.items())] for node in rows for r in node["res"]] == [
        [("body", Literal(search_key(payload))), ("date", Literal("2024-01-15", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")))]]
    today = bind_library("members-on-date", {"body": "UBC"})
    assert today.values["date"] == __import__("datetime").date.today().isoformat()
    optional = bind_library("posts-of", {"person": "Marta Ozola"})
    assert "?date" not in optional.text.split("VALUES", 1)[1].split("}", 1)[0]  # default: none (unbound)


def _walk_algebra(node, seen=None):
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else ()
    for child in children:
        if isinstance(child, (dict, list, tuple)):
            yield from _walk_algebra(child, seen)


@pytest.mark.parametrize("name, values, message", [
    ("chair-on-date", {}, "needs the parameter body"),
    ("chair-on-date", {"body": "CBSS", "date": "15/01/2024"}, "not a date"),
    ("chair-on-date", {"body": "CBSS", "date": "2024-02-30"}, "not a valid date"),
    ("chair-on-date", {"body": "CBSS", "colour": "red"}, "unknown parameter"),
    ("no-such-query", {}, "unknown query"),
])
def test_bind_library_refuses_bad_parameters(name, values, message):
    with pytest.raises(kg.QueryError, match=message):
        bind_library(name, values)


# --------------------------------------------------------------------------- the server, with real clients


def test_health(server, built, graph):
    doc = httpx.get(server.url + "health", timeout=10).json()
    assert doc["status"] == "ok" and doc["version"] == kg.__version__
    assert doc["triples"] == len(graph)  # the union, reference included, as kg query reads it
    names = {q.graph_name for name in ("graph.trig", "reference.trig") for q in ox.parse(path=str(built / name))}
    assert doc["graphs"] == len(names) == 4
    assert doc["workers"] == 2 and doc["kind"] == "build"


def test_sparqlwrapper_json_xml_csv(server, graph):
    from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

    query = ("SELECT ?person ?label WHERE { ?person a foaf:Person ; rdfs:label ?label } ORDER BY ?label")
    expected = sorted((str(r["person"]), str(r["label"])) for r in graph.query(query, initNs={
        "foaf": "http://xmlns.com/foaf/0.1/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    assert ("https://w3id.org/baltic-kg/id/person/aino-virtanen", "Aino Virtanen") in expected

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    + query)
    client.setReturnFormat(JSON)
    doc = client.queryAndConvert()
    assert sorted((b["person"]["value"], b["label"]["value"]) for b in doc["results"]["bindings"]) == expected

    client.setReturnFormat(XML)
    client.setMethod(POST)
    dom = client.queryAndConvert()
    rows = []
    for result in dom.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        rows.append((values["person"], values["label"]))
    assert sorted(rows) == expected

    client.setReturnFormat(CSV)
    text = client.queryAndConvert().decode("utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["person", "label"]
    assert sorted(map(tuple, table[1:])) == expected


def test_rdflib_sparqlstore(server, graph):
    from rdflib.namespace import RDFS
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # context_aware=False: a contextual store would send the Graph's own identifier as default-graph-uri
    store = SPARQLStore(server.url + "sparql", context_aware=False)
    remote = Graph(store=store)
    query = "SELECT ?label WHERE { ?c a schema:Country ; rdfs:label ?label }"
    ns = {"schema": "https://schema.org/", "rdfs": str(RDFS)}
    expected = sorted(str(r[0]) for r in graph.query(query, initNs=ns))
    assert "Latvia" in expected
    assert sorted(str(r[0]) for r in remote.query(query, initNs=ns)) == expected
    assert remote.query("ASK { ?x rdfs:label 'Latvia' }", initNs=ns).askAnswer is True
    labels = {str(o) for _, _, o in remote.triples((URIRef(ID + "country/latvia"), RDFS.label, None))}
    assert labels == {str(o) for o in graph.objects(URIRef(ID + "country/latvia"), RDFS.label)}
    built = remote.query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a schema:Country ; rdfs:label ?l }", initNs=ns)
    assert {str(o) for _, _, o in built} == set(expected)
    with pytest.raises(TypeError):
        remote.add((URIRef(ID + "x"), RDFS.label, Literal("x")))  # the store is read-only on the client side too
    store.close()


LIBRARY_CASES = [
    ("chair-on-date", {"body": "CBSS", "date": "2023-09-01"}),
    ("chair-on-date", {"body": "Council of the Baltic Sea States", "date": "2016-01-01"}),
    ("presidency-timeline", {"body": "HELCOM"}),
    ("members-on-date", {"body": "Baltic Assembly", "date": "2024-06-01"}),
    ("memberships-of", {"member": "Gdynia"}),
    ("statements-by", {"person": "Aino Virtanen"}),
    ("posts-of", {"person": "Marta Ozola"}),
    ("unrealised-claims", {}),
    ("facts-with-sources", {}),
]


def _normalise(rows: list[dict[str, str]]) -> list[tuple]:
    """Rows as sorted tuples; the space-separated url lists of GROUP_CONCAT sorted (their order is the engine's)."""
    out = []
    for row in rows:
        out.append(tuple(sorted((k, " ".join(sorted(v.split(" "))) if k == "url" else v)
                                for k, v in row.items() if v != "")))
    return sorted(out)


@pytest.mark.parametrize("name, params", LIBRARY_CASES)
def test_library_queries_answer_as_kg_query(server, graph, name, params):
    resp = httpx.get(server.url + f"queries/{name}", params=params, timeout=30)
    rows = _sparql_json(resp)
    expected = [{k: "" if v is None else str(v) for k, v in zip(r_vars, r)}
                for r_vars, r in ((res.variables, row) for res in [run(graph, name, **params)] for row in res.rows)]
    assert resp.json()["head"]["vars"] == list(run(graph, name, **params).variables)
    assert _normalise(rows) == _normalise(expected)
    assert resp.headers["X-Result-Rows"] == str(len(rows))


def test_every_library_query_runs(server):
    listing = httpx.get(server.url + "queries", timeout=10).json()
    names = {q["name"] for q in listing}
    assert {"chair-on-date", "members-on-date", "posts-of"} <= names
    samples = {"name": "CBSS", "label": "CBSS", "date": "2024-01-01", "string": "x", "iri": "id:org/cbss"}
    for q in listing:
        params = {p["name"]: samples[p["type"]] for p in q["params"]}
        resp = httpx.get(server.url + f"queries/{q['name']}", params=params, timeout=30)
        assert resp.status_code == 200, (q["name"], resp.text)


def test_library_parameters_are_terms_not_text(server):
    resp = httpx.get(server.url + "queries/chair-on-date",
                     params={"body": 'CBSS")) } UNION { ?chair ?p ?o } #', "date": "2023-09-01"}, timeout=30)
    assert _sparql_json(resp) == []
    assert httpx.get(server.url + "queries/chair-on-date", timeout=10).status_code == 400
    assert "needs the parameter body" in httpx.get(server.url + "queries/chair-on-date", timeout=10).text
    assert httpx.get(server.url + "queries/no-such-question", timeout=10).status_code == 404


def test_protocol_get_and_post(server):
    query = "SELECT ?label WHERE { ?s a schema:Country ; rdfs:label ?label } ORDER BY ?label"
    by_get = _sparql_json(_get(server, query))
    assert by_get and {"label": "Latvia"} in by_get
    by_body = httpx.post(server.url + "sparql", content=query.encode("utf-8"), timeout=30,
                         headers={"Content-Type": "application/sparql-query"})
    by_form = httpx.post(server.url + "sparql", data={"query": query}, timeout=30)
    assert _sparql_json(by_body) == by_get == _sparql_json(by_form)
    assert httpx.put(server.url + "sparql", content=query, timeout=10).status_code == 405
    wrong_type = httpx.post(server.url + "sparql", content=query, headers={"Content-Type": "text/plain"}, timeout=10)
    assert wrong_type.status_code == 415
    assert httpx.get(server.url + "sparql", timeout=10).status_code == 400
    twice = httpx.get(server.url + "sparql?query=ASK%7B%7D&query=ASK%7B%7D", timeout=10)
    assert twice.status_code == 400 and "given 2 times" in twice.text


def test_protocol_dataset_and_named_graphs(server, built):
    graphs = [r["g"] for r in _sparql_json(_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"))]
    article = next(g for g in graphs if g.endswith("01-cbss"))
    own = Graph().parse(built / "graph.trig", format="trig")  # noqa: F841 - parses: the file is valid TriG
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = int(_sparql_json(_get(server, count))[0]["n"])
    one = int(_sparql_json(_get(server, count, **{"default-graph-uri": article}))[0]["n"])
    in_graph = int(_sparql_json(_get(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}"))[0]["n"])
    assert 0 < one == in_graph < whole
    named = _sparql_json(_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                              **{"named-graph-uri": article}))
    assert named == [{"g": article}]
    # only named graphs given: the default graph is empty, as the protocol says
    assert int(_sparql_json(_get(server, count, **{"named-graph-uri": article}))[0]["n"]) == 0
    # and the union is what GRAPH ?g sees, without duplicates
    union = int(_sparql_json(_get(server, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                                          "{ GRAPH ?g { ?s ?p ?o } } }"))[0]["n"])
    assert union <= whole


def test_content_negotiation(server, graph):
    select = "SELECT ?c ?label WHERE { ?c a schema:Country ; rdfs:label ?label }"
    for accept, ctype in [("application/sparql-results+json", "application/sparql-results+json"),
                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                          ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
                          (None, "application/sparql-results+json")]:
        resp = _get(server, select, accept)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(ctype), (accept, resp.text)
    tsv = _get(server, select, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?c\t?label" and any('"Latvia"' in line for line in tsv[1:])
    construct = "CONSTRUCT { ?c rdfs:label ?label } WHERE { ?c a schema:Country ; rdfs:label ?label }"
    expected = Graph()
    for s, o in graph.query("SELECT ?c ?l WHERE { ?c a <https://schema.org/Country> ; "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"):
        expected.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), o))
    for accept, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/n-triples", "nt"), ("application/rdf+xml", "xml"), (None, "turtle")]:
        resp = _get(server, construct, accept)
        assert resp.status_code == 200, resp.text
        assert isomorphic(Graph().parse(data=resp.text, format=fmt), expected), accept
    assert _get(server, "ASK { ?s ?p ?o }").json() == {"head": {}, "boolean": True}
    refused = _get(server, select, "image/png")
    assert refused.status_code == 406 and "application/sparql-results+json" in refused.text
    assert _get(server, construct, "application/sparql-results+json").status_code == 406
    assert _get(server, "ASK { ?s ?p ?o }", "text/turtle").status_code == 406


def test_refusals_and_errors(server):
    update = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    by_op = httpx.post(server.url + "sparql", data={"update": update}, timeout=10)
    assert by_op.status_code == 403 and "read-only" in by_op.text
    by_type = httpx.post(server.url + "sparql", content=update, headers={"Content-Type": "application/sparql-update"},
                         timeout=10)
    assert by_type.status_code == 403
    as_query = _get(server, update)
    assert as_query.status_code == 400 and "SPARQL Update is not accepted" in as_query.text
    service = _get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert service.status_code == 400 and "SERVICE is refused" in service.text
    quoted = _get(server, "SELECT ?x WHERE { BIND('SERVICE <http://e/>' AS ?x) }")
    assert _sparql_json(quoted) == [{"x": "SERVICE <http://e/>"}]
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000
    too_long = httpx.post(server.url + "sparql", content=long_query, timeout=10,
                          headers={"Content-Type": "application/sparql-query"})
    assert too_long.status_code == 413 and "20000" in too_long.text
    assert _get(server, long_query).status_code == 413
    bad = _get(server, "SELECT ?s WHERE { ?s ?p }")
    assert bad.status_code == 400 and bad.text.startswith("invalid SPARQL: error at 1:")
    unknown_prefix = _get(server, "SELECT ?s WHERE { ?s nope:p ?o }")
    assert unknown_prefix.status_code == 400 and unknown_prefix.text.startswith("unknown prefix nope: (declare it")
    assert _get(server, "   ").status_code == 400
    # and the server still answers
    assert _sparql_json(_get(server, "SELECT ?l WHERE { id:country\\/latvia rdfs:label ?l }")) == [{"l": "Latvia"}]


def _settled_log(srv: Server) -> int:
    """The number of log lines once every earlier request has been logged (a marker request is logged last)."""
    marker = f"/log-marker-{time.monotonic_ns()}"
    assert httpx.get(srv.url + marker.lstrip("/"), timeout=10).status_code == 404
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = srv.log_lines()
        if any(LOG_LINE.match(line)["path"] == marker for line in lines):
            return len(lines)
        time.sleep(0.05)
    raise AssertionError(f"the marker request {marker} was not logged")


def test_one_log_line_per_request(server):
    before = _settled_log(server)
    requests = [("GET", "/health", 200), ("GET", "/sparql", 200), ("GET", "/sparql", 400), ("GET", "/queries", 200),
                ("GET", "/", 200)]
    assert httpx.get(server.url + "health", timeout=10).status_code == 200
    assert _get(server, "SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 3").status_code == 200
    assert _get(server, "SELECT").status_code == 400
    assert httpx.get(server.url + "queries", timeout=10).status_code == 200
    assert httpx.get(server.url, timeout=10).status_code == 200
    deadline = time.monotonic() + 10
    while len(server.log_lines()) < before + len(requests) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # a sixth line would come now
    new = server.log_lines()[before:]
    assert len(new) == len(requests), new
    for line, (method, path, status) in zip(new, requests):
        m = LOG_LINE.match(line)
        assert (m["method"], m["path"], int(m["status"])) == (method, path, status), line
    assert LOG_LINE.match(new[1])["rows"] == "3 rows"
    assert LOG_LINE.match(new[0])["rows"] == "-"


def test_view_and_build_files(server, built):
    view = httpx.get(server.url + "view", timeout=30)
    assert view.status_code == 200 and view.text == (built / "graph.html").read_text(encoding="utf-8")
    assert httpx.get(server.url + "graph.html", timeout=30).text == view.text


# --------------------------------------------------------------------------- the limits


def test_a_runaway_query_is_stopped_and_the_server_goes_on(limited):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    health = httpx.get(limited.url + "health", timeout=10).json()
    assert health["timeout_seconds"] == 1.0 and health["triples"] > 1000
    started = time.monotonic()
    resp = _get(limited, explosive)
    elapsed = time.monotonic() - started
    assert resp.status_code == 504, resp.text
    assert "time limit of 1 s" in resp.text and "stopped" in resp.text
    assert 0.9 < elapsed < 10
    # the next query is answered, by the other worker or by the replacement
    answer = _sparql_json(_get(limited, "SELECT ?l WHERE { id:person\\/p7 rdfs:label ?l }"))
    assert answer == [{"l": "Person 7"}]
    deadline = time.monotonic() + 60
    while True:  # bounded: the killed worker is replaced
        health = httpx.get(limited.url + "health", timeout=10).json()
        if health["workers"] == 2 and health["replaced"] >= 1:
            break
        assert time.monotonic() < deadline, health
        time.sleep(0.2)
    assert health["timeouts"] >= 1
    # both workers stopped at once: the server still answers afterwards
    with httpx.Client(timeout=30) as client:
        results: list[int] = []
        threads = [threading.Thread(target=lambda: results.append(
            client.get(limited.url + "sparql", params={"query": explosive}).status_code)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert results == [504, 504]
    answer = _sparql_json(_get(limited, "SELECT ?l WHERE { id:person\\/p8 rdfs:label ?l }"))
    assert answer == [{"l": "Person 8"}]


def test_a_query_whose_client_left_is_not_run(limited):
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    before = _settled_log(limited)
    with httpx.Client(timeout=30) as client:
        busy = [threading.Thread(target=lambda: client.get(limited.url + "sparql", params={"query": explosive}))
                for _ in range(2)]
        for t in busy:
            t.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until both workers are taken
            if httpx.get(limited.url + "health", timeout=5).json()["idle"] == 0:
                break
            time.sleep(0.02)
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(limited.url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=0.3)
        for t in busy:
            t.join(30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = [LOG_LINE.match(line) for line in limited.log_lines()[before:]]
        statuses = [m["status"] for m in lines if m["path"].startswith("/sparql")]
        if len(statuses) >= 3:
            break
        time.sleep(0.1)
    assert sorted(statuses) == ["499", "504", "504"]
    assert _sparql_json(_get(limited, "SELECT ?l WHERE { id:person\\/p9 rdfs:label ?l }")) == [{"l": "Person 9"}]


def test_results_stop_at_max_rows(limited):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    resp = _get(limited, everything)
    doc = resp.json()
    assert len(doc["results"]["bindings"]) == 50 and doc["truncated"] is True
    assert resp.headers["X-Result-Truncated"] == "true" and resp.headers["X-Result-Rows"] == "50"
    rows = list(csv.reader(io.StringIO(_get(limited, everything, "text/csv").text)))
    assert len(rows) == 51
    xml = _get(limited, everything, "application/sparql-results+xml")
    assert xml.text.count("<result>") == 50 and xml.headers["X-Result-Truncated"] == "true"
    small = _get(limited, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")
    assert len(small.json()["results"]["bindings"]) == 10 and "truncated" not in small.json()
    assert small.headers["X-Result-Truncated"] == "false"
    exact = _get(limited, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")
    assert exact.headers["X-Result-Truncated"] == "false"
    triples = _get(limited, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(triples.text.strip().splitlines()) == 50 and triples.headers["X-Result-Truncated"] == "true"


# --------------------------------------------------------------------------- the page, in Chromium


class Browser:
    """Headless Chromium; every request not to 127.0.0.1 is blocked and counted, failures and console errors kept."""

    def __init__(self, playwright):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.page = self.browser.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.browser.close()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = Browser(p)
        try:
            yield b
        finally:
            b.close()


def _cells(page) -> list[list[str]]:
    return page.eval_on_selector_all("#kg-results tbody tr",
                                     "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent))")


def test_page_runs_a_library_question(server, browser):
    page = browser.page
    page.goto(server.url, timeout=30_000)
    assert page.title() == "baltic-kg: ask the graph"
    assert page.locator("details.kg-question").count() >= 9
    page.click("#q-chair-on-date summary")
    page.fill("#p-chair-on-date-body", "CBSS")
    page.fill("#p-chair-on-date-date", "2023-09-01")
    page.click("#q-chair-on-date button[type=submit]")
    page.wait_for_selector("#kg-results", timeout=30_000)
    headers = page.eval_on_selector_all("#kg-results thead th", "hs => hs.map(h => h.textContent)")
    assert headers[:2] == ["chair", "chair_label"] and "body" not in headers
    rows = _cells(page)
    finland = [r for r in rows if r[1] == "Finland"]
    assert finland and finland[0][0] == "id:country/finland" and finland[0][2] == "2023-07-01"
    assert "run=chair-on-date" in page.url and "body=CBSS" in page.url
    assert page.input_value("#p-chair-on-date-body") == "CBSS"  # the form keeps what was asked
    # a question with a missing parameter says so
    page.goto(server.url + "?run=posts-of&person=", timeout=30_000)
    assert "needs the parameter person" in page.text_content("#error")
    browser.errors = [e for e in browser.errors if "status of 400" not in e]  # the 400 of that page itself
    # the graph view and the JSON links open from the page, with nothing from elsewhere
    page.goto(server.url, timeout=30_000)
    page.click("text=Graph view")
    page.wait_for_load_state("load", timeout=30_000)
    assert page.url.endswith("/view")
    assert browser.blocked == [] and browser.failed == [] and browser.errors == []


def test_page_own_query_and_names_with_script_are_text(limited, browser):
    page = browser.page
    page.goto(limited.url, timeout=30_000)
    page.click("#q-posts-of summary")
    page.fill("#p-posts-of-person", EVIL_NAME)
    page.click("#q-posts-of button[type=submit]")
    page.wait_for_selector("#kg-results", timeout=30_000)
    rows = _cells(page)
    assert rows and rows[0][1] == EVIL_NAME and rows[0][2] == "Chair of the <b>Board</b>"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 0 and page.locator("#kg-results b, #kg-results i").count() == 0
    assert page.input_value("#p-posts-of-person") == EVIL_NAME
    page.fill("#own-query textarea", "SELECT ?label WHERE { ?p rdfs:label ?label FILTER(CONTAINS(?label, '<')) } "
                                     "ORDER BY ?label")
    page.click("#own-query button[type=submit]")
    page.wait_for_selector("#kg-results", timeout=30_000)
    assert sorted(r[0] for r in _cells(page)) == sorted([EVIL_NAME, "Body <i>zero</i>", "Chair of the <b>Board</b>"])
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # the query itself comes back in the box as text
    sneaky = "# </textarea><script>window.__pwned=1</script>\nASK { ?s rdfs:label 'Person 1' }"
    page.fill("#own-query textarea", sneaky)
    page.click("#own-query button[type=submit]")
    page.wait_for_selector("#kg-boolean", timeout=30_000)
    assert page.text_content("#kg-boolean") == "true"
    assert page.input_value("#own-query textarea") == sneaky
    assert page.evaluate("typeof window.__pwned") == "undefined" and page.locator("script").count() == 0
    # more rows than the limit: the page says they were cut
    page.fill("#own-query textarea", "SELECT * WHERE { ?s ?p ?o }")
    page.click("#own-query button[type=submit]")
    page.wait_for_selector("#kg-results", timeout=30_000)
    assert len(_cells(page)) == 50 and "there are more" in page.text_content("#kg-count")
    assert browser.blocked == [] and browser.failed == [] and browser.errors == []


# --------------------------------------------------------------------------- load


def test_concurrent_clients_get_correct_answers(server):
    """20 clients x 200 queries at once, every answer compared with the one given when alone."""
    cases = [("queries/" + name, params) for name, params in LIBRARY_CASES[:7]]
    cases += [("sparql", {"query": "SELECT ?l WHERE { ?c a schema:Country ; rdfs:label ?l } ORDER BY ?l"}),
              ("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
              ("sparql", {"query": "ASK { id:country\\/latvia rdfs:label 'Latvia' }"})]
    expected = []
    with httpx.Client(timeout=60) as client:
        for path, params in cases:
            resp = client.get(server.url + path, params=params)
            assert resp.status_code == 200, resp.text
            expected.append(resp.json())
    clients, per_client = 20, 200
    failures: list[str] = []
    counts = Counter()
    lock = threading.Lock()

    def work(k: int) -> None:
        with httpx.Client(timeout=60) as client:
            for i in range(per_client):
                case = (k * 7 + i) % len(cases)
                path, params = cases[case]
                try:
                    resp = client.get(server.url + path, params=params)
                    ok = resp.status_code == 200 and resp.json() == expected[case]
                    problem = "" if ok else f"{path} {params}: {resp.status_code} {resp.text[:200]}"
                except httpx.HTTPError as exc:
                    problem = f"{path} {params}: {exc!r}"
                with lock:
                    counts["done"] += 1
                    if problem:
                        failures.append(problem)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, 300 - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    assert not any(t.is_alive() for t in threads), f"the clients did not finish within 300 s ({counts['done']} done)"
    assert failures == []
    assert counts["done"] == clients * per_client
    assert elapsed < 300
    health = httpx.get(server.url + "health", timeout=10).json()
    assert health["timeouts"] == 0 and health["workers"] == 2


# --------------------------------------------------------------------------- other sources, and shutting down


def _in_process(source: Path, tmp_path: Path):
    """The application without a server: load, start one worker, and ask it through httpx's ASGI transport."""
    data = load_source(source, workdir=tmp_path)
    pool = WorkerPool(data.store_path, workers=1, use_union=data.use_union, prefixes=data.prefixes)
    pool.start()
    app = create_app(data, pool, Settings(max_rows=1000))

    def ask(*requests: tuple[str, dict]) -> list[httpx.Response]:
        async def go():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=60) as client:
                return [await client.get(path, params=params) for path, params in requests]

        return asyncio.run(go())

    return data, pool, ask


def test_serves_a_turtle_file_and_generates_the_view(built, tmp_path):
    data, pool, ask = _in_process(built / "graph.ttl", tmp_path)
    try:
        health, rows, view, timelines = ask(("/health", {}), ("/queries/statements-by", {"person": "Aino Virtanen"}),
                                            ("/view", {}), ("/timelines/", {}))
        assert health.json()["kind"] == "file" and health.json()["graphs"] == 0
        assert health.json()["triples"] == len(Graph().parse(built / "graph.ttl"))
        assert [b["speaker_label"]["value"] for b in rows.json()["results"]["bindings"]] == ["Aino Virtanen"]
        assert view.status_code == 200 and "Aino Virtanen" in view.text and "vis-network" in view.text.lower()
        assert timelines.status_code == 404
    finally:
        pool.close()
        data.close()
    assert pool.pids() == [] and not data.workdir.exists()


def _store_folder(built: Path, folder: Path, union: bool) -> Path:
    store = ox.Store(str(folder))
    store.bulk_load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    if union:  # as a baltic-kg store keeps it: the union of the article graphs, once, in the default graph
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in ox.parse(path=str(built / "graph.trig")))
        (folder / "kg-store.json").write_text('{"format": "baltic-kg store", "version": 1}', encoding="utf-8")
    store.flush()
    del store
    return folder


LATVIA = "SELECT ?l WHERE { id:country\\/latvia rdfs:label ?l }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_serves_a_baltic_kg_store_folder(built, tmp_path):
    folder = _store_folder(built, tmp_path / "store", union=True)
    data, pool, ask = _in_process(folder, tmp_path)
    try:
        assert data.kind == "store" and not data.use_union and data.store_path == folder
        label, graphs, health = ask(("/sparql", {"query": LATVIA}), ("/sparql", {"query": GRAPHS}), ("/health", {}))
        assert [b["l"]["value"] for b in label.json()["results"]["bindings"]] == ["Latvia"]
        assert len(graphs.json()["results"]["bindings"]) == 3
        assert health.json()["triples"] == len(Graph().parse(built / "graph.ttl"))
    finally:
        pool.close()
        data.close()
    assert (folder / "kg-store.json").is_file() and not data.workdir.exists()  # the store itself is left alone


def test_serves_any_oxigraph_store_folder_with_the_union_of_its_graphs(built, tmp_path):
    folder = _store_folder(built, tmp_path / "raw", union=False)
    data, pool, ask = _in_process(folder, tmp_path)
    try:
        assert data.kind == "store" and data.use_union
        label, graphs = ask(("/sparql", {"query": LATVIA}), ("/sparql", {"query": GRAPHS}))
        # Oxigraph's union repeats a triple once per graph that holds it (two articles name Latvia)
        assert [b["l"]["value"] for b in label.json()["results"]["bindings"]] == ["Latvia", "Latvia"]
        assert len(graphs.json()["results"]["bindings"]) == 3
    finally:
        pool.close()
        data.close()


def test_cli_errors_and_help(tmp_path):
    from kg.cli import main

    assert main(["serve", "--help"]) == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", str(bad), "--port", "0"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "not valid" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", str(empty), "--port", "0"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "holds no graph.trig" in result.stderr


def test_shutdown_kills_the_workers_and_removes_the_store(generated, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    srv = Server(generated, "--workers", "2", "--timeout", "5", tmpdir=tmpdir)
    try:
        workers = _children(srv.proc.pid)
        assert len(workers) >= 2 and any(tmpdir.iterdir())
        # a query is running when the stop comes
        runner = threading.Thread(target=lambda: _get(srv, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                                                           "?g ?h ?i . ?j ?k ?l }"), daemon=True)
        runner.start()
        time.sleep(0.5)
    finally:
        code = srv.stop()
    assert code == 0
    assert "Stopped." in srv.lines
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert list(tmpdir.iterdir()) == []
