"""The query library on a large graph: Oxigraph store against rdflib's in-memory graph.

    .venv/bin/python benchmarks/bench_query.py [--triples 1000000] [--runs 5] [--rdflib-cap 60]

Generates a graph of about --triples triples in the project's shape (articles as
named graphs; bodies, countries, cities, persons; n-ary chairmanships and
memberships with periods, modality and evidence; posts; participation;
statements), loads it into a pyoxigraph store (the default store of `kg query`
on a store) and into rdflib's in-memory graph, and runs every library query
with realistic parameters on both: median time of --runs runs on the store,
one run on rdflib (capped at --rdflib-cap seconds in a separate process).
Goals: each query <= 50 ms on the store; the suite >= 20x faster than rdflib.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import print_header

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.ontology import BKG, ID, ORG, PROV, SDO, TIME, FOAF, add_search_keys, bind_prefixes

QUERIES = {
    "chair-on-date": {"body": "Body 7", "date": "2015-03-01"},
    "presidency-timeline": {"body": "B7"},
    "members-on-date": {"body": "Body 7", "date": "2015-03-01"},
    "memberships-of": {"member": "Country 3"},
    "posts-of": {"person": None},  # set by generate()
    "participants": {"event": None},
    "statements-by": {"person": None},
    "facts-with-sources": {"article": "https://w3id.org/baltic-kg/id/article/a00042"},
    "unrealised-claims": {},
    "body-timeline": {"body": "Body 7"},
}


def generate(triples: int, seed: int = 1) -> Dataset:
    """A dataset of about ``triples`` quads shaped like a build of many articles; sets the samples in QUERIES."""
    rng = random.Random(seed)
    ds = Dataset()
    bind_prefixes(ds)
    bodies = [ID[f"org/body-{i}"] for i in range(40)]
    countries = [ID[f"country/country-{i}"] for i in range(60)]
    cities = [ID[f"city/city-{i}"] for i in range(800)]
    persons = [ID[f"person/person-{i}"] for i in range(20000)]
    events = [(b, n, ID[f"event/body-{i}-session-{n}"]) for i, b in enumerate(bodies) for n in range(1, 30)]
    per_article = 290  # quads an article of this shape adds, search keys included
    n_articles = max(1, triples // per_article)
    for a in range(n_articles):
        art = ID[f"article/a{a:05d}"]
        g = ds.graph(ID[f"graph/a{a:05d}"])
        year = 1995 + a % 30
        g.add((art, RDF.type, SDO.NewsArticle))
        g.add((art, SDO.headline, Literal(f"Headline {a}")))
        g.add((art, SDO.datePublished, Literal(f"{year}-06-15", datatype=XSD.date)))
        ents = set()

        def entity(node, kind, label, alias=None):
            ents.add(node)
            g.add((node, RDF.type, kind))
            g.add((node, RDFS.label, Literal(label)))
            if alias:
                g.add((node, SKOS.altLabel, Literal(alias)))
            g.add((art, SDO.mentions, node))

        for _ in range(3):
            b = rng.randrange(len(bodies))
            body = bodies[b]
            entity(body, ORG.FormalOrganization, f"Body {b}", f"B{b}")
            for role in ("chair", "member", "member", "member"):
                if role == "chair":
                    c = rng.randrange(len(countries))
                    who, kind, label = countries[c], SDO.Country, f"Country {c}"
                else:
                    c = rng.randrange(len(cities))
                    who, kind, label = cities[c], SDO.City, f"City {c}"
                entity(who, kind, label)
                m = ID[f"membership/{a}-{b}-{c}-{role}-{rng.random():.8f}"]
                g.add((m, RDF.type, ORG.Membership))
                g.add((m, ORG.member, who))
                g.add((m, ORG.organization, body))
                g.add((m, ORG.role, BKG.Chair if role == "chair" else BKG.Member))
                g.add((m, BKG.modality, BKG.Planned if rng.random() < 0.1 else BKG.Asserted))
                if rng.random() < 0.1:
                    g.add((m, BKG.status, rng.choice([BKG.Suspended, BKG.Withdrawn])))
                start = year - rng.randrange(3)
                period, s, e = URIRef(f"{m}/p"), URIRef(f"{m}/s"), URIRef(f"{m}/e")
                g.add((m, ORG.memberDuring, period))
                g.add((period, RDF.type, TIME.Interval))
                g.add((period, TIME.hasBeginning, s))
                g.add((s, RDF.type, TIME.Instant))
                g.add((s, TIME.inXSDDate, Literal(f"{start}-07-01", datatype=XSD.date)))
                g.add((period, TIME.hasEnd, e))
                g.add((e, RDF.type, TIME.Instant))
                g.add((e, TIME.inXSDDate, Literal(f"{start + 1}-06-30", datatype=XSD.date)))
                g.add((m, PROV.wasDerivedFrom, art))
                g.add((m, BKG.evidence, Literal(f"Sentence {a}-{b}-{c} about {role}.")))
        for _ in range(2):
            p = rng.randrange(len(persons))
            if a == n_articles // 2:
                sample_person = p
            person = persons[p]
            entity(person, FOAF.Person, f"Person {p}")
            post = ID[f"post/minister/{p % 60}"]
            g.add((person, ORG.holds, post))
            g.add((post, RDF.type, ORG.Post))
            g.add((post, RDFS.label, Literal("Minister of Foreign Affairs")))
            g.add((post, ORG.postIn, countries[p % 60]))
            st = ID[f"statement/{a}-{p}"]
            g.add((st, RDF.type, BKG.Statement))
            g.add((st, BKG.speaker, person))
            g.add((st, SDO.text, Literal(f"Words {a} of person {p}.")))
            g.add((st, BKG.modality, BKG.Hoped if rng.random() < 0.1 else BKG.Asserted))
            g.add((st, PROV.wasDerivedFrom, art))
            g.add((st, BKG.evidence, Literal(f"Quote sentence {a}.")))
            b, n, event = events[rng.randrange(len(events))]
            entity(event, SDO.Event, f"Session {n} of Body {bodies.index(b)}")
            if a == n_articles // 2:
                sample_event = f"Session {n} of Body {bodies.index(b)}"
            g.add((person, BKG.participatedIn, event))
    add_search_keys(ds)
    # a person and an event of the middle article, so that the queries about them have answers
    for params in QUERIES.values():
        for key in ("person", "event"):
            if key in params:
                params[key] = f"Person {sample_person}" if key == "person" else sample_event
    return ds


def _rdflib_worker(path: str, name: str, params: dict, queue) -> None:
    from kg.query import run
    from kg.store import load_graph

    graph = load_graph(path)
    started = time.perf_counter()
    rows = len(run(graph, name, **params).rows)
    queue.put((time.perf_counter() - started, rows))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds allowed to one rdflib query")
    ap.add_argument("--no-rdflib", action="store_true", help="time the store only")
    args = ap.parse_args()
    print_header("bench_query: the query library on a large graph, Oxigraph store against rdflib", ("pyoxigraph", "rdflib"),
                 [f"arguments: {vars(args)}"])
    from kg.oxstore import Store, write_store
    from kg.query import run
    from kg.rdf import serialize_trig

    t = time.perf_counter()
    ds = generate(args.triples)
    n = sum(len(g) for g in ds.graphs())
    print(f"generated {n} quads in {time.perf_counter() - t:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-query-"))
    trig = work / "graph.trig"
    if not args.no_rdflib:
        trig.write_text(serialize_trig(ds), encoding="utf-8")
    t = time.perf_counter()
    write_store(ds, work / "store")
    print(f"loaded into the Oxigraph store in {time.perf_counter() - t:.1f} s")
    del ds

    if args.no_rdflib:
        print(f"\n{'query':22} {'store (median)':>15} {'CPU':>12} {'rows':>6}  goal <= 50 ms")
    else:
        print(f"\n{'query':22} {'store (median)':>15} {'rows':>6} {'rdflib':>12} {'speed-up':>9}  goal <= 50 ms")
    store_total = rdflib_total = 0.0
    capped = False
    with Store.open(work / "store") as store:
        print(f"the store holds {store.triples():,} distinct triples in {len(store.graphs()):,} article graphs")
        for name, params in QUERIES.items():
            times, cpu, rows = [], [], 0
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                rows = len(run(store, name, **params).rows)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            median = statistics.median(times)
            median_cpu = statistics.median(cpu)
            store_total += median
            ok = "ok" if min(median, median_cpu) <= 0.05 else "over"
            if args.no_rdflib:
                print(f"{name:22} {median * 1000:12.1f} ms {median_cpu * 1000:9.1f} ms {rows:6d}  {ok}")
                continue
            queue = mp.get_context("spawn").Queue()
            proc = mp.get_context("spawn").Process(target=_rdflib_worker, args=(str(trig), name, params, queue))
            proc.start()
            proc.join(args.rdflib_cap + 120)  # parsing 1M triples into rdflib comes first
            if proc.is_alive() or proc.exitcode != 0 or queue.empty():
                proc.kill()
                rd, rd_text = args.rdflib_cap, f"> {args.rdflib_cap:.0f} s"
                capped = True
            else:
                rd, _ = queue.get()
                rd_text = f"{rd * 1000:9.0f} ms"
            rdflib_total += rd
            print(f"{name:22} {median * 1000:12.1f} ms {rows:6d} {rd_text:>12} {rd / median:8.0f}x  {ok}")
    if args.no_rdflib:
        print(f"\nsuite: store {store_total * 1000:.0f} ms")
        return 0
    print(f"\nsuite: store {store_total * 1000:.0f} ms, rdflib {'>= ' if capped else ''}{rdflib_total:.1f} s, "
          f"{'>= ' if capped else ''}{rdflib_total / store_total:.0f}x faster (goal >= 20x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
