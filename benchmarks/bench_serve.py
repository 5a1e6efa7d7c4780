#!/usr/bin/env python
"""How fast does ``kg serve`` answer the library questions under load, and how much memory does it take?

    python benchmarks/bench_serve.py [--triples 1000000] [--clients 50] [--queries 1000] [--workers N]
                                     [--timeout 10] [--max-rows 10000] [--source synthetic|corpus] [--keep DIR]

1. A graph of about ``--triples`` triples (counted in the union of the article
   graphs) in the project's shape:

   ``synthetic`` (the default)
       generated here, straight to N-Quads: one named graph per article with
       the article's metadata (headline, date, publisher, place, mentions);
       chairmanships and memberships as ``org:Membership`` nodes with their
       ``time:Interval``, role, status, modality, evidence and source;
       invented officials holding ``org:Post``s; quotations as
       ``bkg:Statement``s; events with participants and hosts; and, in every
       article, the triples of each entity it names (label, alt labels, type,
       Wikidata link), as ``kg build`` writes them. The bodies and countries are
       the real ones (CBSS, HELCOM, UBC ... with their abbreviations); cities,
       people and events are invented. Seeded: the same arguments give the
       same graph.
   ``corpus``
       ``benchmarks/make_corpus.py`` writes articles (about 100 triples each)
       and ``kg.pipeline.build`` builds them (no SHACL); slower to make, and
       the graph is what the extractor reads.

2. ``kg serve`` on it (a subprocess, a free 127.0.0.1 port), timed from start
   to the first answer of ``/health``.
3. ``--clients`` concurrent clients (asyncio tasks, one httpx connection
   each), each sending ``--queries`` library questions in a seeded random
   mix: chair-on-date, presidency-timeline, members-on-date, memberships-of,
   posts-of, statements-by, participants, with parameters drawn from the
   graph (a body by its name or its abbreviation, a date, a member, a person,
   an event). facts-with-sources and unrealised-claims, which read the whole
   graph, are left out of the mix.

Printed: the graph and start-up figures, then errors by status, latency
(p50, p90, p99, max) overall and per question, throughput, and the server's
peak memory: the highest sampled sum of the resident sets of the server and
its workers (sampled every 0.25 s), and the sum of each process's high-water
mark (VmHWM), an upper bound. The clients run on the same machine, so they
take CPU from the server: the figures are a lower bound of what the server
alone does.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, print_header, table  # noqa: E402

import httpx  # noqa: E402

ID = "https://w3id.org/baltic-kg/id/"
BKG = "https://w3id.org/baltic-kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
SEARCH_KEY = "https://w3id.org/baltic-kg/ontology#searchKey"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

BODIES = [  # slug, label, alt labels, Wikidata
    ("cbss", "Council of the Baltic Sea States", ["CBSS", "Baltic Sea Council"], "Q789769"),
    ("helcom", "Baltic Marine Environment Protection Commission", ["HELCOM", "Helsinki Commission"], "Q1413779"),
    ("ubc", "Union of the Baltic Cities", ["UBC"], "Q1588426"),
    ("bsssc", "Baltic Sea States Subregional Co-operation", ["BSSSC"], "Q4853928"),
    ("nordic-council", "Nordic Council", [], "Q837934"),
    ("baltic-assembly", "Baltic Assembly", [], "Q800989"),
    ("beac", "Barents Euro-Arctic Council", ["BEAC"], "Q806203"),
    ("arctic-council", "Arctic Council", [], "Q484551"),
    ("bspc", "Baltic Sea Parliamentary Conference", ["BSPC"], "Q4853922"),
    ("vasab", "Visions and Strategies around the Baltic Sea", ["VASAB"], "Q7936313"),
    ("b7", "B7 Baltic Islands Network", ["B7"], "Q4835085"),
    ("bstc", "Baltic Sea Tourism Commission", ["BTC"], ""),
    ("crpm-bsc", "Baltic Sea Commission", ["BSC"], ""),
    ("nb8", "Nordic-Baltic Eight", ["NB8"], "Q1990664"),
    ("bstf", "Baltic Sea Task Force", ["BSTF"], ""),
]
COUNTRIES = [("denmark", "Denmark", "Q35"), ("estonia", "Estonia", "Q191"), ("finland", "Finland", "Q33"),
             ("germany", "Germany", "Q183"), ("iceland", "Iceland", "Q189"), ("latvia", "Latvia", "Q211"),
             ("lithuania", "Lithuania", "Q37"), ("norway", "Norway", "Q20"), ("poland", "Poland", "Q36"),
             ("russia", "Russia", "Q159"), ("sweden", "Sweden", "Q34")]
FIRST = ["Aino", "Liis", "Kadri", "Marta", "Ilze", "Rasa", "Ingrid", "Sofia", "Anna", "Greta", "Helga", "Katarzyna",
         "Maja", "Elin", "Karin", "Birgit", "Laura", "Ieva", "Agnė", "Sigrid", "Tomasz", "Mantas", "Jānis", "Jüri",
         "Mikko", "Lars", "Erik", "Henrik", "Olav", "Piotr", "Andrius", "Rihards", "Toomas", "Pekka", "Jonas", "Nils",
         "Gunnar", "Stefan", "Krzysztof", "Tõnis"]
LAST = ["Virtanen", "Tamm", "Ozola", "Kazlauskas", "Nowak", "Johansson", "Hansen", "Nielsen", "Berg", "Lindqvist",
        "Saar", "Kalnina", "Petrauskas", "Korhonen", "Mäkinen", "Andersen", "Larsen", "Kowalski", "Wiśniewski",
        "Jankauskas", "Bērziņš", "Kask", "Lehtonen", "Eriksson", "Olsen", "Sørensen", "Zieliński", "Vaitkus",
        "Liepa", "Rebane", "Heikkinen", "Nyström", "Dahl", "Jensen", "Lewandowski", "Stankevičius", "Krūmiņš",
        "Mets", "Salminen", "Holm"]
TITLES = ["Minister of Foreign Affairs", "Minister of Climate", "Minister of the Environment", "Mayor",
          "Secretary General", "President", "Chair of the Executive Board", "Director", "Ambassador",
          "Minister of Transport"]
STEMS = ["Kal", "Gdy", "Tur", "Rost", "Vis", "Kärd", "Pär", "Liep", "Klai", "Haps", "Porv", "Sopot", "Elb", "Kiel",
         "Lund", "Ros", "Narv", "Tart", "Jelg", "Šiau", "Oulu", "Vaas", "Pori", "Luleå", "Umeå", "Gävl", "Ystad"]
ENDS = ["mar", "nia", "ku", "ock", "by", "la", "nu", "aja", "peda", "salu", "oo", "ot", "lag", "stad", "holm", "sk"]
EVENT_KINDS = ["Ministerial Session", "General Conference", "Summit", "Annual Conference", "Youth Forum"]
ROLES = ["Member", "Member", "Member", "Observer"]
STATUSES = ["Active", "Active", "Active", "Active", "Suspended", "Withdrawn"]
MODALITIES = ["Asserted"] * 6 + ["Planned", "Hoped", "Proposed"]
QUESTIONS = ["chair-on-date", "presidency-timeline", "members-on-date", "memberships-of", "posts-of", "statements-by",
             "participants"]


# --------------------------------------------------------------------------- the synthetic graph


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<{XSD}{datatype}>'


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().encode("ascii", "ignore").decode()).strip("-")


class Synthetic:
    """Articles in the project's shape, written as N-Quads, until the union holds about ``target`` triples."""

    def __init__(self, target: int, seed: int = 20240517):
        self.rng = random.Random(seed)
        self.target = target
        people = max(200, target // 120)
        self.persons = []
        seen = set()
        while len(self.persons) < people:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name in seen:
                name = f"{self.rng.choice(FIRST)} {chr(65 + self.rng.randrange(26))}. {self.rng.choice(LAST)}"
            if name in seen:
                continue
            seen.add(name)
            self.persons.append((_slug(name), name))
        cities = max(50, target // 2000)
        self.cities = sorted({f"{self.rng.choice(STEMS)}{self.rng.choice(ENDS)}" + (
            f" {self.rng.randrange(2, 99)}" if i > 400 else "") for i in range(cities)})
        self.events: list[tuple[str, str, str, str]] = []  # slug, label, date, city
        self.entity_done: set[str] = set()
        self.union = 0
        self.articles = 0
        self.quads = 0
        self.samples: dict[str, set[str]] = defaultdict(set)

    def _entity(self, out: list, g: str, key: str, triples: list[tuple[str, str, str]]) -> None:
        triples = triples + [(s, SEARCH_KEY, _lit(" ".join(json.loads(o).split()).lower()))
                             for s, p, o in triples if p in (RDFS_LABEL, SKOS_ALT)]
        for s, p, o in triples:
            out.append(f"<{s}> <{p}> {o} <{g}> .\n")
        if key not in self.entity_done:
            self.entity_done.add(key)
            self.union += len(triples)

    def _body(self, out, g, body) -> str:
        slug, label, alts, wd = body
        iri = f"{ID}org/{slug}"
        triples = [(iri, RDF_TYPE, f"<{ORG}FormalOrganization>"), (iri, RDFS_LABEL, _lit(label))]
        triples += [(iri, SKOS_ALT, _lit(a)) for a in alts]
        if wd:
            triples.append((iri, OWL_SAME, f"<http://www.wikidata.org/entity/{wd}>"))
        self._entity(out, g, iri, triples)
        return iri

    def _country(self, out, g, country) -> str:
        slug, label, wd = country
        iri = f"{ID}country/{slug}"
        self._entity(out, g, iri, [(iri, RDF_TYPE, f"<{SDO}Country>"), (iri, RDFS_LABEL, _lit(label)),
                                   (iri, OWL_SAME, f"<http://www.wikidata.org/entity/{wd}>")])
        self.samples["member"].add(label)
        return iri

    def _city(self, out, g, name) -> str:
        iri = f"{ID}city/{_slug(name)}"
        self._entity(out, g, iri, [(iri, RDF_TYPE, f"<{SDO}City>"), (iri, RDFS_LABEL, _lit(name))])
        return iri

    def _person(self, out, g, person, post: str | None) -> str:
        slug, name = person
        iri = f"{ID}person/{slug}"
        self._entity(out, g, iri, [(iri, RDF_TYPE, f"<{FOAF}Person>"), (iri, RDFS_LABEL, _lit(name)),
                                   (iri, SKOS_ALT, _lit(name.split()[-1]))])
        if post:
            self._entity(out, g, f"{iri}|{post}", [(iri, f"{ORG}holds", f"<{post}>")])
        return iri

    def _period(self, out, g, fact: str, start: str | None, end: str | None) -> list[tuple[str, str, str]]:
        triples = []
        if not start and not end:
            return triples
        period = f"{fact}/period"
        triples.append((fact, f"{ORG}memberDuring", f"<{period}>"))
        triples.append((period, RDF_TYPE, f"<{TIME}Interval>"))
        for which, value in (("hasBeginning", start), ("hasEnd", end)):
            if value:
                instant = f"{fact}/{'start' if which == 'hasBeginning' else 'end'}"
                triples.append((period, f"{TIME}{which}", f"<{instant}>"))
                triples.append((instant, RDF_TYPE, f"<{TIME}Instant>"))
                triples.append((instant, f"{TIME}inXSDDate", _typed(value, "date")))
        return triples

    def article(self) -> str:
        rng = self.rng
        a = self.articles
        self.articles += 1
        g = f"{ID}graph/gen-{a:06d}"
        art = f"{ID}article/gen-{a:06d}"
        year = rng.randrange(1995, 2026)
        published = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        out: list[str] = []
        own: list[tuple[str, str, str]] = []
        body = rng.choice(BODIES)
        body_iri = self._body(out, g, body)
        self.samples["body"].add(body[1])
        self.samples["body"].update(body[2])
        place = self._city(out, g, rng.choice(self.cities))
        mentions = {body_iri, place}
        publisher = f"{ID}publisher/wire-{a % 40}"
        self._entity(out, g, publisher, [(publisher, RDF_TYPE, f"<{SDO}Organization>"),
                                         (publisher, f"{SDO}name", _lit(f"Baltic Wire {a % 40}"))])
        own += [(art, RDF_TYPE, f"<{SDO}NewsArticle>"), (art, RDF_TYPE, f"<{PROV}Entity>"),
                (art, f"{SDO}headline", _lit(f"{body[1]}: news number {a}")),
                (art, f"{SDO}datePublished", _typed(published, "date")), (art, f"{SDO}publisher", f"<{publisher}>"),
                (art, f"{SDO}url", _lit(f"https://example.org/wire/{a}")), (art, f"{SDO}inLanguage", _lit("en")),
                (art, f"{SDO}locationCreated", f"<{place}>")]
        evidence = f"Sentence {a} about the {body[1]}."
        # chairmanships: a handover gives the old term's end and the new one's start
        for k in range(rng.choice((0, 1, 1, 2))):
            country = rng.choice(COUNTRIES)
            member = self._country(out, g, country)
            mentions.add(member)
            fact = f"{ID}membership/gen-{a}-c{k}"
            start = f"{year}-07-01"
            end = f"{year + 1}-06-30" if rng.random() < 0.7 else None
            own += [(fact, RDF_TYPE, f"<{ORG}Membership>"), (fact, f"{ORG}member", f"<{member}>"),
                    (fact, f"{ORG}organization", f"<{body_iri}>"), (fact, f"{ORG}role", f"<{BKG}Chair>"),
                    (fact, f"{BKG}modality", f"<{BKG}{rng.choice(MODALITIES)}>"),
                    (fact, f"{PROV}wasDerivedFrom", f"<{art}>"), (fact, f"{BKG}evidence", _lit(evidence))]
            own += self._period(out, g, fact, start, end)
        # memberships: countries and cities
        for k in range(rng.randrange(1, 5)):
            if rng.random() < 0.5:
                member = self._country(out, g, rng.choice(COUNTRIES))
            else:
                name = rng.choice(self.cities)
                member = self._city(out, g, name)
                self.samples["member"].add(name)
            mentions.add(member)
            fact = f"{ID}membership/gen-{a}-m{k}"
            status = rng.choice(STATUSES)
            own += [(fact, RDF_TYPE, f"<{ORG}Membership>"), (fact, f"{ORG}member", f"<{member}>"),
                    (fact, f"{ORG}organization", f"<{body_iri}>"), (fact, f"{ORG}role", f"<{BKG}{rng.choice(ROLES)}>"),
                    (fact, f"{BKG}status", f"<{BKG}{status}>"), (fact, f"{BKG}modality", f"<{BKG}Asserted>"),
                    (fact, f"{PROV}wasDerivedFrom", f"<{art}>"), (fact, f"{BKG}evidence", _lit(evidence))]
            if rng.random() < 0.4:
                own += self._period(out, g, fact, f"{rng.randrange(1992, year + 1)}-01-01",
                                    published if status != "Active" else None)
        # officials with posts, and what they said
        for k in range(rng.randrange(1, 4)):
            person = rng.choice(self.persons)
            self.samples["person"].add(person[1])
            title = rng.choice(TITLES)
            where = rng.choice(COUNTRIES)
            where_iri = self._country(out, g, where)
            post = f"{ID}post/{_slug(title)}/country-{where[0]}"
            self._entity(out, g, post, [(post, RDF_TYPE, f"<{ORG}Post>"), (post, RDFS_LABEL, _lit(title)),
                                        (post, f"{ORG}postIn", f"<{where_iri}>")])
            speaker = self._person(out, g, person, post)
            mentions.add(speaker)
            if rng.random() < 0.7:
                st = f"{ID}statement/gen-{a}-{k}"
                own += [(st, RDF_TYPE, f"<{BKG}Statement>"), (st, f"{BKG}speaker", f"<{speaker}>"),
                        (st, f"{SDO}text", _lit(f"Words number {a}-{k} on the future of the {body[1]}.")),
                        (st, f"{DCT}date", _typed(published, "date")),
                        (st, f"{BKG}modality", f"<{BKG}{rng.choice(MODALITIES)}>"),
                        (st, f"{PROV}wasDerivedFrom", f"<{art}>"), (st, f"{BKG}evidence", _lit(evidence))]
        # events
        if rng.random() < 0.3:
            if self.events and rng.random() < 0.6:
                ev = rng.choice(self.events)
            else:
                city = rng.choice(self.cities)
                label = f"{len(self.events) + 1}th {rng.choice(EVENT_KINDS)} of the {body[1]} in {city}"
                ev = (_slug(label), label, published, city)
                self.events.append(ev)
            self.samples["event"].add(ev[1])
            ev_iri = f"{ID}event/{ev[0]}"
            city_iri = self._city(out, g, ev[3])
            self._entity(out, g, ev_iri, [(ev_iri, RDF_TYPE, f"<{SDO}Event>"), (ev_iri, RDFS_LABEL, _lit(ev[1])),
                                          (ev_iri, f"{SDO}startDate", _typed(ev[2], "date")),
                                          (ev_iri, f"{SDO}location", f"<{city_iri}>")])
            for k in range(rng.randrange(1, 4)):
                who = self._country(out, g, rng.choice(COUNTRIES))
                pred = f"{BKG}hosted" if k == 0 and rng.random() < 0.3 else f"{BKG}participatedIn"
                own.append((who, pred, f"<{ev_iri}>"))
        own += [(art, f"{SDO}mentions", f"<{m}>") for m in sorted(mentions)]
        self.union += len(own)
        out.extend(f"<{s}> <{p}> {o} <{g}> .\n" for s, p, o in own)
        self.quads += len(out)
        return "".join(out)

    def write(self, path: Path) -> Path:
        with path.open("w", encoding="utf-8") as fh:
            while self.union < self.target:
                fh.write(self.article())
        return path


# --------------------------------------------------------------------------- the corpus route


def corpus_graph(target: int, folder: Path) -> Path:
    """Articles from make_corpus.py, built with kg build (no SHACL); about 100 triples each."""
    from kg.pipeline import build

    articles = max(10, target // 100)
    corpus = folder / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(articles), str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    out = folder / "build"
    build([corpus], out, validate_shapes=False, jobs=2)
    return out


def corpus_samples(url: str) -> dict[str, set[str]]:
    """Parameters for the questions, read from the served graph."""
    queries = {
        "body": "SELECT DISTINCT ?n WHERE { ?b a org:FormalOrganization ; rdfs:label|skos:altLabel ?n } LIMIT 200",
        "member": "SELECT DISTINCT ?n WHERE { ?m org:member ?x . ?x rdfs:label ?n } LIMIT 300",
        "person": "SELECT DISTINCT ?n WHERE { ?p a foaf:Person ; rdfs:label ?n } LIMIT 2000",
        "event": "SELECT DISTINCT ?n WHERE { ?e a schema:Event ; rdfs:label ?n } LIMIT 300",
    }
    out: dict[str, set[str]] = {}
    for key, q in queries.items():
        resp = httpx.get(url + "sparql", params={"query": q}, timeout=120)
        resp.raise_for_status()
        out[key] = {b["n"]["value"] for b in resp.json()["results"]["bindings"]}
    return out


# --------------------------------------------------------------------------- the server


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    parents: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(fields[1])].append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, ()))
    return out


class Server:
    def __init__(self, source: Path, args: list[str], tmpdir: Path):
        env = dict(os.environ, TMPDIR=str(tmpdir))
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(source), "--host", "127.0.0.1",
                                      "--port", "0", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=env)
        self.url = ""
        self.lines: list[str] = []
        ready = threading.Event()

        def read() -> None:
            for line in self.proc.stderr:
                if not re.match(r"^\S+ \S+ (GET|POST) ", line):  # keep the start-up lines, not the access log
                    self.lines.append(line.rstrip())
                m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
                if m and not self.url:
                    self.url = m.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(1800) or not self.url:
            self.stop()
            raise SystemExit("kg serve did not start:\n" + "\n".join(self.lines))
        self.startup = time.perf_counter() - started
        self.peak_kb = 0
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while self._sampling and self.proc.poll() is None:
            total = sum(_rss_kb(p) for p in _tree(self.proc.pid))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.25)

    def hwm_mb(self) -> tuple[float, int]:
        pids = _tree(self.proc.pid)
        return sum(_rss_kb(p, "VmHWM") for p in pids) / 1024, len(pids)

    def stop(self) -> None:
        self._sampling = False
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


# --------------------------------------------------------------------------- the load


def plan(samples: dict[str, set[str]], clients: int, per_client: int, seed: int,
         questions: list[str] = QUESTIONS) -> list[list[tuple[str, dict]]]:
    rng = random.Random(seed)
    pools = {k: sorted(v) for k, v in samples.items()}

    def date() -> str:
        return f"{rng.randrange(1995, 2027)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"

    def one() -> tuple[str, dict]:
        name = rng.choice(questions)
        if name in ("chair-on-date", "members-on-date"):
            return name, {"body": rng.choice(pools["body"]), "date": date()}
        if name == "presidency-timeline":
            return name, {"body": rng.choice(pools["body"])}
        if name == "memberships-of":
            return name, {"member": rng.choice(pools["member"])}
        if name in ("posts-of", "statements-by"):
            return name, {"person": rng.choice(pools["person"])}
        if pools.get("event"):
            return name, {"event": rng.choice(pools["event"])}
        return "posts-of", {"person": rng.choice(pools["person"])}

    return [[one() for _ in range(per_client)] for _ in range(clients)]


async def load(url: str, work: list[list[tuple[str, dict]]], request_timeout: float):
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    rows: Counter = Counter()
    truncated = 0
    examples: dict[int, str] = {}

    async def client(items: list[tuple[str, dict]]) -> None:
        nonlocal truncated
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=request_timeout, limits=limits) as http:
            for name, params in items:
                t0 = time.perf_counter()
                try:
                    resp = await http.get(f"queries/{name}", params=params)
                    status = resp.status_code
                    if status == 200:
                        n = len(resp.json()["results"]["bindings"])
                        rows[name] += n
                        truncated += resp.headers.get("X-Result-Truncated") == "true"
                    else:
                        examples.setdefault(status, f"{name} {params}: {resp.text[:200]}")
                except httpx.HTTPError as exc:
                    status = -1
                    examples.setdefault(status, f"{name} {params}: {exc!r}")
                latencies[name].append(time.perf_counter() - t0)
                statuses[status] += 1
                done = sum(statuses.values())
                if done % step == 0:
                    elapsed = time.perf_counter() - started
                    print(f"  {done:,} of {total:,} answered in {elapsed:,.0f} s, {done / elapsed:.1f} questions/s, "
                          f"errors so far {done - statuses[200]:,}", file=sys.stderr, flush=True)

    total = sum(len(items) for items in work)
    step = max(1, total // 10)
    started = time.perf_counter()
    await asyncio.gather(*(client(items) for items in work))
    return time.perf_counter() - started, latencies, statuses, rows, truncated, examples


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000, help="triples in the union of the article graphs")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients")
    ap.add_argument("--queries", type=int, default=1000, help="queries per client")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers (default: its own)")
    ap.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout")
    ap.add_argument("--max-rows", type=int, default=10_000, help="kg serve --max-rows")
    ap.add_argument("--source", choices=("synthetic", "corpus"), default="synthetic")
    ap.add_argument("--questions", default=",".join(QUESTIONS),
                    help="the library questions in the mix, comma-separated (default: all seven)")
    ap.add_argument("--seed", type=int, default=20240517)
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated graph in this folder")
    args = ap.parse_args(argv)
    questions = [q.strip() for q in args.questions.split(",") if q.strip()]
    unknown = sorted(set(questions) - set(QUESTIONS))
    if unknown or not questions:
        ap.error(f"--questions: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(QUESTIONS)}")

    print_header("kg serve under load", extra_packages=("starlette", "uvicorn", "httpx"),
                 extra_lines=[f"graph    ~{args.triples:,} triples ({args.source}); {args.clients} clients x "
                              f"{args.queries:,} queries; --timeout {args.timeout:g} --max-rows {args.max_rows:,}"
                              + (f" --workers {args.workers}" if args.workers else "")])
    work_dir = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    folder = args.keep or work_dir
    folder.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        t0 = time.perf_counter()
        if args.source == "synthetic":
            gen = Synthetic(args.triples, seed=args.seed)
            source = gen.write(folder / "graph.nq")
            samples = gen.samples
            samples["event"] = {e[1] for e in gen.events}
            made = (f"{gen.articles:,} articles, {gen.union:,} triples in the union, {gen.quads:,} quads, "
                    f"{source.stat().st_size / 1e6:.0f} MB of N-Quads")
        else:
            source = corpus_graph(args.triples, folder)
            samples = {}
            made = f"built into {source}"
        print(f"graph      {made} in {time.perf_counter() - t0:.1f} s", flush=True)

        serve_args = ["--timeout", str(args.timeout), "--max-rows", str(args.max_rows)]
        if args.workers:
            serve_args += ["--workers", str(args.workers)]
        tmp = work_dir / "tmp"
        tmp.mkdir(exist_ok=True)
        server = Server(source, serve_args, tmp)
        health = httpx.get(server.url + "health", timeout=60).json()
        print(f"start-up   {server.startup:.1f} s to serve {health['triples']:,} triples in {health['graphs']:,} "
              f"graphs with {health['workers']} workers (load, union, optimise, workers)")
        print(f"memory     {sum(_rss_kb(p) for p in _tree(server.proc.pid)) / 1024:,.0f} MB resident when idle, "
              f"server and workers", flush=True)
        if args.source == "corpus":
            samples = corpus_samples(server.url)

        work = plan(samples, args.clients, args.queries, args.seed, questions)
        # one of each question alone first: the latency of a question on an idle server
        alone = []
        for name in questions:
            item = next((i for items in work for i in items if i[0] == name), None)
            if item is None:
                continue
            t1 = time.perf_counter()
            resp = httpx.get(server.url + f"queries/{item[0]}", params=item[1], timeout=args.timeout + 30)
            alone.append([name, resp.status_code, len(resp.json()["results"]["bindings"]) if resp.status_code == 200
                          else "-", f"{(time.perf_counter() - t1) * 1000:.1f}"])
        print("\nEach question alone (idle server, first run):")
        print(table(alone, ["question", "status", "rows", "ms"], "lrrr"), flush=True)

        total = args.clients * args.queries
        print(f"\nLoad: {args.clients} clients x {args.queries:,} queries = {total:,} ...", flush=True)
        elapsed, latencies, statuses, rows, truncated, examples = asyncio.run(
            load(server.url, work, request_timeout=max(120.0, args.timeout * 12)))
        hwm, procs = server.hwm_mb()
        health = httpx.get(server.url + "health", timeout=60).json()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work_dir, ignore_errors=True)

    everything = [v for vs in latencies.values() for v in vs]
    errors = sum(n for s, n in statuses.items() if s != 200)
    print()
    print(f"answered   {statuses.get(200, 0):,} of {total:,}; errors {errors:,}"
          + (" (" + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()) if s != 200) + ")" if errors else ""))
    for status, text in sorted(examples.items()):
        print(f"  e.g. {status}: {text}")
    print(f"time       {elapsed:.1f} s; throughput {len(everything) / elapsed:.1f} queries/s")
    print(f"latency    p50 {_pct(everything, 50) * 1000:.0f} ms, p90 {_pct(everything, 90) * 1000:.0f} ms, "
          f"p99 {_pct(everything, 99) * 1000:.0f} ms, max {max(everything) * 1000:.0f} ms "
          f"(client side: waiting for a free worker included)")
    print(f"server     {health['queries']:,} queries run by workers, {health['timeouts']} stopped at the time limit, "
          f"{health['replaced']} workers replaced; {truncated} answers cut at --max-rows")
    print(f"memory     peak {server.peak_kb / 1024:,.0f} MB (sampled sum of the resident sets of the server and its "
          f"workers); sum of the {procs} processes' high-water marks {hwm:,.0f} MB")
    print("\nPer question (under load):")
    rows_out = []
    for name in QUESTIONS:
        vs = latencies.get(name, [])
        if not vs:
            continue
        rows_out.append([name, len(vs), f"{rows[name] / len(vs):.1f}", f"{_pct(vs, 50) * 1000:.0f}",
                         f"{_pct(vs, 99) * 1000:.0f}", f"{max(vs) * 1000:.0f}"])
    print(table(rows_out, ["question", "queries", "rows/answer", "p50 ms", "p99 ms", "max ms"], "lrrrrr"))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
