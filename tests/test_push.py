"""kg.push and kg push: the Graph Store Protocol against a real Oxigraph server, and retries against a stub.

The Oxigraph server (``pip install oxigraph``) is started by a fixture on a free
127.0.0.1 port, with its data in a temporary folder, and stopped afterwards; the
tests are skipped when the ``oxigraph`` executable is missing. The stub is a
``http.server`` on 127.0.0.1 that answers from a script. Every wait is bounded
in count and in time.
"""
from __future__ import annotations

import json
import math
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.cli import main
from kg.ontology import ID
from kg.oxstore import Store
from kg.pipeline import extract_all
from kg.push import PushError, graph_store_url, push, remote_counts

DATA = Path(__file__).parent / "data" / "store"
GRAPH = str(ID) + "graph/"
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def oxigraph_executable() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """The SPARQL endpoint of a fresh ``oxigraph serve`` on a free loopback port."""
    exe = oxigraph_executable()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, or the dev extra)")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    log = (folder / "server.log").open("wb")
    process = None
    try:
        for _ in range(3):  # another process may take the port between free_port() and the bind
            port = free_port()
            process = subprocess.Popen([exe, "serve", "--location", str(folder / "data"), "--bind",
                                        f"{LOOPBACK}:{port}"], stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
            base = f"http://{LOOPBACK}:{port}"
            deadline = time.monotonic() + 20
            for _ in range(200):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                try:
                    httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1.0, trust_env=False)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            if process.poll() is None:
                break
        else:
            pytest.fail("oxigraph serve did not start: " + (folder / "server.log").read_text(errors="replace"))
        yield base + "/query"
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()


def remote(endpoint: str, query: str) -> list[dict]:
    answer = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                        timeout=10, trust_env=False)
    answer.raise_for_status()
    return answer.json()["results"]["bindings"]


def counts_per_graph(endpoint: str) -> dict[str, int]:
    rows = remote(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.fixture(scope="module")
def extractions(extractor):
    found, failures = extract_all([DATA], extractor=extractor)
    assert failures == []
    return found


@pytest.fixture
def store(tmp_path, extractions, extractor):
    with Store.open(tmp_path / "store", create=True) as s:
        s.add_extractions(extractions, extractor.gazetteer)
        yield s


def local_counts(store: Store) -> dict[str, int]:
    return {a.graph: a.triples for a in store.articles()}


def clear(endpoint: str) -> None:
    httpx.post(endpoint.replace("/query", "/update"), data={"update": "CLEAR ALL"}, timeout=10,
               trust_env=False).raise_for_status()


# ------------------------------------------------------------------------- a real Oxigraph server


def test_push_store_to_oxigraph_and_query_it_back(oxigraph, store):
    clear(oxigraph)
    report = push(store, oxigraph, trust_env=False)
    assert report.graph_store == oxigraph.replace("/query", "/store")
    assert report.verified is True and report.mismatches == {}
    assert report.graphs == 3 and report.triples == len(store)
    assert report.remote == report.local == local_counts(store)
    assert report.retries == 0 and report.seconds > 0
    # our own query, with GRAPH ?g: every graph is there with as many triples as in the store
    assert counts_per_graph(oxigraph) == local_counts(store)
    # and the facts read back as they were written
    rows = remote(oxigraph, "SELECT ?h WHERE { GRAPH <%scbss-presidency> { ?a <https://schema.org/headline> ?h } }"
                  % GRAPH)
    assert [r["h"]["value"] for r in rows] == ["Finland takes over the CBSS presidency from Estonia"]
    rows = remote(oxigraph, "SELECT DISTINCT ?l WHERE { GRAPH ?g { <%s> <http://www.w3.org/2000/01/rdf-schema#label> "
                  "?l } }" % ID["person/ingrida-kalnina"])
    assert len(rows) == 1  # one label across the graphs, as in the store


def test_push_in_batches_and_again_after_a_change(oxigraph, store, extractions, extractor):
    clear(oxigraph)
    report = push(store, oxigraph, batch_triples=50, trust_env=False)
    assert report.verified
    puts_and_posts = sum(math.ceil(n / 50) for n in report.local.values())
    assert report.requests == puts_and_posts + 1  # + the count query
    # a graph that shrinks: the PUT replaces it on the server
    before = report.local[GRAPH + "cbss-presidency"]
    store.replace_article("cbss-presidency", [(ID["org/x"], ID["p"], Literal("only this"))])
    again = push(store, oxigraph, batch_triples=50, trust_env=False)
    assert again.verified and again.local[GRAPH + "cbss-presidency"] == 1 < before
    assert counts_per_graph(oxigraph)[GRAPH + "cbss-presidency"] == 1


def test_push_a_build_folder_a_trig_file_and_a_turtle_file(oxigraph, store, tmp_path):
    clear(oxigraph)
    folder = tmp_path / "out"
    store.dump(folder / "graph.trig")
    assert push(folder, oxigraph, trust_env=False).remote == local_counts(store)
    nq = store.dump(tmp_path / "graph.nq")
    assert push(nq, oxigraph, trust_env=False).verified
    ttl = store.dump(tmp_path / "graph.ttl")
    with pytest.raises(PushError, match="outside any named graph"):
        push(ttl, oxigraph, trust_env=False)
    report = push(ttl, oxigraph, graph="urn:kg:test:union", trust_env=False)
    assert report.verified and report.local == {"urn:kg:test:union": store.triples()}


def test_push_an_rdflib_dataset(oxigraph):
    clear(oxigraph)
    ds = Dataset()
    g = ds.graph(URIRef("urn:kg:test:g1"))
    for i in range(7):
        g.add((URIRef(f"urn:kg:test:s{i}"), URIRef("urn:kg:test:p"), Literal(f"é {i} \"quoted\"\nline")))
    report = push(ds, oxigraph, batch_triples=3, trust_env=False)
    assert report.verified and report.local == {"urn:kg:test:g1": 7} and report.requests == 3 + 1
    rows = remote(oxigraph, "SELECT ?o WHERE { GRAPH <urn:kg:test:g1> { <urn:kg:test:s3> ?p ?o } }")
    assert rows[0]["o"]["value"] == 'é 3 "quoted"\nline'


def test_push_cli(oxigraph, store, capsys, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    clear(oxigraph)
    path = store.path
    store.close()
    assert main(["push", "--store", str(path), "--endpoint", oxigraph, "--batch", "100", "--timeout", "10"]) == 0
    captured = capsys.readouterr()
    assert "Pushed 3 graph(s)" in captured.out and "counts match" in captured.out
    assert main(["push", "--endpoint", oxigraph]) == 2  # neither GRAPH nor --store: a usage error
    assert "give either GRAPH" in capsys.readouterr().err


# ------------------------------------------------------------------------- a stub server


class Stub:
    """A loopback HTTP server that answers from a script: [(status, body, delay seconds)], then 204."""

    def __init__(self, script):
        self.script = list(script)
        self.requests: list[tuple[str, str, dict, bytes]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.requests.append((self.command, self.path, dict(self.headers), body))
                status, text, delay = stub.script.pop(0) if stub.script else (204, "", 0)
                if delay:
                    time.sleep(delay)
                data = text.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_PUT = do_POST = do_GET = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        self.url = f"http://{LOOPBACK}:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def stub():
    stubs = []

    def make(*script):
        s = Stub(script)
        stubs.append(s)
        return s

    yield make
    for s in stubs:
        s.close()


def small_dataset() -> Dataset:
    ds = Dataset()
    ds.graph(URIRef("urn:kg:test:g")).add((URIRef("urn:kg:test:s"), URIRef("urn:kg:test:p"), Literal("o")))
    return ds


def test_push_retries_503_twice_then_succeeds(stub):
    server = stub((503, "busy", 0), (503, "still busy", 0))
    started = time.monotonic()
    report = push(small_dataset(), server.url + "/query", graph_store=server.url + "/store", verify=False,
                  backoff=0.05, trust_env=False)
    assert time.monotonic() - started < 5
    assert report.retries == 2 and report.requests == 3 and report.verified is None
    assert [r[0] for r in server.requests] == ["PUT"] * 3
    method, path, headers, body = server.requests[-1]
    url = urlsplit(path)
    assert url.path == "/store" and parse_qs(url.query) == {"graph": ["urn:kg:test:g"]}
    assert headers["Content-Type"].startswith("text/turtle")
    assert body == b'<urn:kg:test:s> <urn:kg:test:p> "o" .\n'
    assert "default-graph-uri" not in path


def test_push_gives_up_after_the_retries(stub):
    server = stub(*[(503, "down for maintenance", 0)] * 10)
    with pytest.raises(PushError, match=r"failed after 3 tries: 503 Service Unavailable: down for maintenance") as err:
        push(small_dataset(), server.url + "/query", graph_store=server.url + "/store", retries=2, backoff=0.01,
             trust_env=False)
    assert err.value.status == 503 and len(server.requests) == 3


def test_push_4xx_is_an_error_at_once_with_the_servers_message(stub):
    server = stub((400, "Parse error at line 1: unexpected token '@'", 0))
    with pytest.raises(PushError) as err:
        push(small_dataset(), server.url + "/query", graph_store=server.url + "/store", backoff=0.01,
             trust_env=False)
    message = str(err.value)
    assert "400 Bad Request" in message and "unexpected token '@'" in message and "urn:kg:test:g" in message
    assert err.value.status == 400 and len(server.requests) == 1  # not retried


def test_push_retries_a_timeout(stub):
    server = stub((204, "", 1.5))
    report = push(small_dataset(), server.url + "/query", graph_store=server.url + "/store", timeout=0.3,
                  retries=2, backoff=0.01, verify=False, trust_env=False)
    assert report.retries == 1 and len(server.requests) == 2


def test_push_connection_refused_is_retried_then_reported():
    port = free_port()  # nothing listens there
    started = time.monotonic()
    with pytest.raises(PushError, match="could not connect"):
        push(small_dataset(), f"http://{LOOPBACK}:{port}/query", retries=2, backoff=0.01, timeout=2,
             trust_env=False)
    assert time.monotonic() - started < 10


def test_push_verification_reads_sparql_json(stub):
    answer = {"head": {"vars": ["g", "n"]}, "results": {"bindings": [
        {"g": {"type": "uri", "value": "urn:kg:test:g"},
         "n": {"type": "literal", "value": "0", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
    server = stub((201, "", 0), (200, json.dumps(answer), 0))
    report = push(small_dataset(), server.url + "/query", graph_store=server.url + "/store", trust_env=False)
    assert report.verified is False and report.mismatches == {"urn:kg:test:g": (1, 0)}
    method, path, headers, body = server.requests[1]
    assert method == "POST" and path == "/query" and "default-graph-uri" not in body.decode()
    assert "GRAPH ?g" in parse_qs(body.decode())["query"][0]
    assert headers["Accept"] == "application/sparql-results+json"
    server2 = stub((200, "<html>not json</html>", 0))
    with pytest.raises(PushError, match="not SPARQL JSON results"):
        remote_counts(server2.url + "/query", ["urn:kg:test:g"])


def test_push_graph_store_url():
    assert graph_store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert graph_store_url("http://localhost:8890/sparql") == "http://localhost:8890/sparql-graph-crud"
    assert graph_store_url("http://localhost:8890/sparql/", auth=("dba", "x")) == (
        "http://localhost:8890/sparql-graph-crud-auth")
    with pytest.raises(PushError, match="--graph-store"):
        graph_store_url("http://localhost:3030/ds")


def test_push_refuses_bad_input(tmp_path):
    with pytest.raises(PushError, match="no such file"):
        push(tmp_path / "missing.trig", "http://127.0.0.1:9/query")
    with pytest.raises(PushError, match="batch_triples"):
        push(small_dataset(), "http://127.0.0.1:9/query", batch_triples=0)
    g = Graph()
    g.add((URIRef("urn:kg:test:s"), URIRef("urn:kg:test:p"), Literal("o")))
    with pytest.raises(PushError, match="outside any named graph"):
        push(g, "http://127.0.0.1:9/query")
