"""Ingest, extract, map and write: the whole build, as used by the CLI and notebooks.

>>> from kg.pipeline import build
>>> report = build(["data/articles"], "out")        # doctest: +SKIP
>>> report.articles, report.failures                # doctest: +SKIP

A build streams: articles are read and extracted a batch at a time, and each
extraction is kept on disk (in the build's temporary folder), not in memory;
only what the canonical entity labels need stays in memory. Then every
article's graph is made and written, one at a time, into graph.ttl,
graph.trig, graph.jsonld and entities.json, and checked against the shapes.

Outputs are written atomically: every file goes to a temporary folder beside
the output folder first and replaces the old file only when all are written,
so a failed or interrupted build leaves the previous graph in place.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import Dataset, Graph, URIRef

from kg.errors import ExtractionError, IngestError, KGError, StoreError
from kg.extract import Extractor
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import iter_articles
from kg.model import Article, Entity, Extraction
from kg.ontology import BKG, SDO, SKOS, ShapeCheck, ValidationReport
from kg.rdf import (DatasetWriter, EntityCanon, article_iri, article_triples, dataset_graphs, date_literal, entity_iri,
                    graph_iri, json_text, union_graph)

__all__ = ["BuildReport", "extract_all", "iter_extractions", "build", "write_outputs", "OUTPUT_FILES"]

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "summary.json", "entities.json")
REFERENCE_FILES = ("reference.ttl", "reference.trig")
TIMELINES = "timelines"


@dataclass
class BuildReport:
    """What a build read, found and wrote."""

    articles: int = 0
    failures: list[KGError] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    triples: int = 0
    validation: ValidationReport | None = None
    out_dir: Path | None = None
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and (self.validation is None or self.validation.conforms)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "failures": [str(f) for f in self.failures],
            "entities": dict(sorted(self.entities.items())),
            "facts": dict(sorted(self.facts.items())),
            "triples": self.triples,
            "shacl_conforms": None if self.validation is None else self.validation.conforms,
        }

    def count(self, ex: Extraction) -> None:
        """Add the facts of one extraction."""
        self.facts["chairmanships"] += sum(m.role == "Chair" for m in ex.memberships)
        self.facts["memberships"] += sum(m.role != "Chair" for m in ex.memberships)
        self.facts["posts"] += len(ex.posts)
        self.facts["participations"] += len(ex.participations)
        self.facts["statements"] += len(ex.statements)


def iter_extractions(paths: Iterable[Path | str], *, extractor: Extractor | None = None,
                     progress: Callable[[str], None] | None = None, jobs: int = 1,
                     dask: str | object | None = None) -> Iterator[Extraction | KGError]:
    """Read and extract every article under ``paths``, one at a time: an extraction, or the failure
    (:class:`~kg.errors.IngestError`, :class:`~kg.errors.ExtractionError`) of an article.

    The arguments are those of :func:`extract_all`. Failures to read come in the order the files are
    read, extractions in input order; the result is the same however the work is spread.
    """
    failures: list[KGError] = []
    seen: dict[str, str] = {}

    def articles() -> Iterator[Article]:
        for item in iter_articles(list(paths)):
            if isinstance(item, IngestError):
                failures.append(item)
                continue
            if item.id in seen:
                failures.append(IngestError(item.source, f"article id {item.id!r} is also used by {seen[item.id]}"))
                continue
            seen[item.id] = item.source
            yield item

    def drain() -> Iterator[KGError]:
        while failures:
            yield failures.pop(0)

    if dask is not None or jobs > 1:
        from kg.parallel import iter_extract_on_dask, iter_extract_parallel

        done = (lambda n: progress(f"{n} articles")) if progress is not None else None
        sent: list[Article] = []

        def sending() -> Iterator[Article]:
            for article in articles():
                sent.append(article)
                yield article

        outcomes = (iter_extract_on_dask(sending(), dask, done) if dask is not None
                    else iter_extract_parallel(sending(), jobs, done))
        for outcome in outcomes:
            yield from drain()
            article = sent.pop(0)
            yield ExtractionError(article.source or article.id, outcome) if isinstance(outcome, str) else outcome
    else:
        extractor = extractor or Extractor()
        for article in articles():
            yield from drain()
            try:
                yield extractor.extract(article)
            except ExtractionError as exc:
                yield ExtractionError(article.source or article.id, exc.reason)
            if progress is not None:
                progress(article.source or article.id)
    yield from drain()


def extract_all(paths: Iterable[Path | str], *, extractor: Extractor | None = None,
                progress: Callable[[str], None] | None = None, jobs: int = 1,
                dask: str | object | None = None) -> tuple[list[Extraction], list[KGError]]:
    """Read and extract every article under ``paths``; failures are collected, never raised.

    Args:
        paths: files and folders of articles.
        extractor: the extractor to use in this process (a new one with the bundled gazetteer by default).
        progress: called with each article's source as it is done (serial) or each batch (parallel).
        jobs: extract on this many processes (1: in this process).
        dask: extract on the Dask cluster at this scheduler address (or this ``Client``) instead.

    The result is the same, in the same order, however the work is spread.
    """
    extractions: list[Extraction] = []
    failures: list[KGError] = []
    for outcome in iter_extractions(paths, extractor=extractor, progress=progress, jobs=jobs, dask=dask):
        (failures if isinstance(outcome, KGError) else extractions).append(outcome)
    return extractions, failures


class _Spill:
    """Extractions kept on disk (pickled into an unnamed temporary file) until their graphs are written."""

    def __init__(self, folder: Path) -> None:
        self.fh = tempfile.TemporaryFile(dir=folder)
        self.index: list[tuple[str, str, int, int]] = []  # graph IRI, article id, offset, length
        self.offset = 0

    def add(self, ex: Extraction) -> None:
        data = pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)
        self.fh.write(data)
        self.index.append((str(graph_iri(ex.article)), ex.article.id, self.offset, len(data)))
        self.offset += len(data)

    def by_graph(self) -> Iterator[tuple[URIRef, list[Extraction]]]:
        """The extractions grouped by the named graph they go to, in graph IRI order (articles in id order)."""
        self.fh.flush()
        fd = self.fh.fileno()
        group: list[Extraction] = []
        name = None
        for iri, _, offset, length in sorted(self.index):
            if iri != name and group:
                yield URIRef(name), group
                group = []
            name = iri
            group.append(pickle.loads(os.pread(fd, length, offset)))
        if group:
            yield URIRef(name), group

    def close(self) -> None:
        self.fh.close()


class _Explanations:
    """entities.json, gathered one article at a time: each article's mentions of each entity are written to a
    temporary file as JSON text at once; only their places and the entities' names stay in memory."""

    def __init__(self, folder: Path) -> None:
        self.fh = tempfile.TemporaryFile(dir=folder)
        self.offset = 0
        self.parts: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        self.first: dict[str, tuple[str, str, str]] = {}  # key -> (article id, kind, label)
        self.names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(self, ex: Extraction) -> None:
        text = ex.article.text
        aid = ex.article.id
        labels = {e.key: e for e in ex.entities}
        mentions: dict[str, list[dict]] = {}
        for m in ex.mentions:
            entity = labels.get(m.key)
            if entity is None:
                continue
            first = self.first.get(m.key)
            if first is None or aid < first[0]:
                self.first[m.key] = (aid, entity.kind, entity.label)
            self.names[m.key][m.text].add(m.source)
            start = max(text.rfind(". ", 0, m.start) + 2, text.rfind("\n", 0, m.start) + 1, 0)
            stop = min(x for x in (text.find(". ", m.end), text.find("\n", m.end), len(text)) if x >= 0)
            mentions.setdefault(m.key, []).append(
                {"text": m.text, "start": m.start, "end": m.end, "found_by": m.source,
                 "context": " ".join(text[start:stop + 1].split())})
        for key, items in mentions.items():
            data = json_text(items, "   ", " ", sort_keys=False).encode("utf-8")
            self.fh.write(data)
            self.parts[key].append((aid, self.offset, len(data)))
            self.offset += len(data)

    def write(self, path: Path) -> None:
        """Write entities.json: what :func:`entity_explanations` gives, as ``json.dumps(indent=1)`` writes it."""
        self.fh.flush()
        fd = self.fh.fileno()
        with open(path, "w", encoding="utf-8") as out:
            if not self.parts:
                out.write("[]\n")
                return
            out.write("[")
            for n, key in enumerate(sorted(self.parts)):
                _, kind, label = self.first[key]
                names = {name: sorted(ways) for name, ways in sorted(self.names[key].items())}
                head = json_text({"iri": str(entity_iri(key)), "kind": kind, "label": label, "names": names},
                                 " ", " ", sort_keys=False)
                out.write(("\n " if n == 0 else ",\n ") + head[:-3] + ',\n  "articles": {')
                for i, (aid, offset, length) in enumerate(sorted(self.parts[key])):
                    out.write(("\n   " if i == 0 else ",\n   ") + json.dumps(aid, ensure_ascii=False) + ": "
                              + os.pread(fd, length, offset).decode("utf-8"))
                out.write("\n  }\n }")
            out.write("\n]\n")

    def close(self) -> None:
        self.fh.close()


# the triples the graph view reads are kept for it; these it does not read, and they are many or long
_NOT_VIEWED = frozenset({BKG.searchKey, SDO.text, BKG.sourceFile, SDO.inLanguage, BKG.datePublishedInferred})


class _ViewGraph:
    """The part of the union graph that the HTML view (:func:`kg.view.write_view`) reads: everything but long
    texts and search keys, and one ``schema:mentions`` per entity (the view only asks whether a place is
    mentioned at all)."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.mentioned: set = set()

    def add(self, triples: Iterable) -> None:
        add = self.graph.add
        for t in triples:
            p = t[1]
            if p in _NOT_VIEWED:
                continue
            if p == SDO.mentions:
                if t[2] in self.mentioned:
                    continue
                self.mentioned.add(t[2])
            elif p == BKG.evidence and not str(t[0]).startswith(_MEMBERSHIP):
                continue
            add(t)


_MEMBERSHIP = str(entity_iri("membership/"))


class _TimelineFacts:
    """The rows of the body timelines (:func:`kg.timeline.timeline_frame`), gathered from the extractions."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = defaultdict(list)  # body IRI -> records

    def add(self, ex: Extraction) -> None:
        from kg.rdf import _hash

        art = ex.article
        a = str(article_iri(art))
        text = art.text
        facts: dict[str, dict] = {}
        for m in ex.memberships:
            fact = str(entity_iri(f"membership/{_hash(art.id, m.member, m.organization, m.role, m.start, m.end, m.status, m.modality)}"))
            evidence = " ".join(text[m.evidence[0]:m.evidence[1]].split())
            if fact in facts:
                if evidence not in facts[fact]["evidence"]:
                    facts[fact]["evidence"].append(evidence)
                continue
            record = facts[fact] = {
                "fact": fact, "body_iri": str(entity_iri(m.organization)), "who": str(entity_iri(m.member)),
                "member": m.member, "role": m.role, "status": m.status, "modality": m.modality,
                "start": str(date_literal(m.start)) if m.start is not None else None,
                "end": str(date_literal(m.end)) if m.end is not None else None,
                "source_kind": "article", "article": a, "headline": art.title or None,
                "published": art.published, "url": art.url or None, "confidence": None, "evidence": [evidence]}
            self.rows[record["body_iri"]].append(record)

    def write(self, folder: Path, entities: dict[str, Entity], reference: Graph | None, shared: set) -> bool:
        """Write the timelines (as :func:`kg.timeline.write_timelines` would from the union graph, with the
        reference record when given); False when there is nothing to write."""
        from kg.timeline import frame_of_rows, named_bodies, timeline_bodies, timeline_frame, timeline_rows
        from kg.timeline import write_timeline_pages

        record = None
        if reference is not None:
            from kg.query import with_reference

            names = Graph()
            for t in shared:
                if t[1] in _NAMES:
                    names.add(t)
            record = with_reference(names, reference)

        def label_of(iri: str) -> str | None:
            key = iri[len(_ID):] if iri.startswith(_ID) else None
            if key is not None and key in entities:
                return entities[key].label
            if record is not None:
                from rdflib.namespace import RDFS

                value = record.value(URIRef(iri), RDFS.label)
                return None if value is None else str(value)
            return None

        chairs: dict[str, set[str]] = defaultdict(set)
        for body, records in self.rows.items():
            for r in records:
                if r["role"] == "Chair" and r["modality"] != "Denied":
                    chairs[body].add(r["fact"])
        found: dict[str, tuple[str, int]] = {}
        for body, facts in chairs.items():
            label = label_of(body)
            if label is not None:
                found[body] = (label, len(facts))
        if record is not None:
            for b in timeline_bodies(record):
                label, n = found.get(b.iri, (label_of(b.iri) or b.label, 0))
                found[b.iri] = (label, n + b.chairmanships)
        bodies = named_bodies((iri, label, n) for iri, (label, n) in found.items())

        def frames():
            for body in bodies:
                rows = []
                for r in self.rows.get(body.iri, ()):
                    who_label = label_of(r["who"])
                    if who_label is None:
                        continue
                    rows.append({**r, "who_label": who_label, "evidence": "\n".join(r["evidence"])})
                rows = timeline_rows(rows, body.iri, body.label)
                if record is not None:
                    ref = timeline_frame(record, URIRef(body.iri))
                    if not ref.empty:
                        rows += [dict(zip(ref.columns, values)) for values in ref.itertuples(index=False)]
                        for row in rows:
                            row["body_label"] = body.label
                yield body, frame_of_rows(rows)

        return bool(write_timeline_pages(frames(), folder, home=("Graph view", "../graph.html"), prune=True))


_ID = str(entity_iri(""))
_NAMES = frozenset({URIRef("http://www.w3.org/2000/01/rdf-schema#label"), SKOS.altLabel, BKG.searchKey})


class _Quads:
    """The dataset of a build as :func:`kg.oxstore.write_store` reads one (``quads()``), made again from the
    extractions on disk rather than kept in memory."""

    def __init__(self, spill: _Spill, entities: dict[str, Entity], gazetteer: Gazetteer) -> None:
        self.spill, self.entities, self.gazetteer = spill, entities, gazetteer

    def quads(self, pattern=None):
        for name, group in self.spill.by_graph():
            context = Graph(identifier=name)
            triples: set = set()
            for ex in group:
                triples |= article_triples(ex, self.entities, self.gazetteer)
            for s, p, o in triples:
                yield s, p, o, context


class Builder:
    """One build, step by step (what :func:`build` does; the steps are separate so that they can be timed).

    >>> b = Builder("out")                                   # doctest: +SKIP
    >>> b.extract(["data/articles"]); b.write(); b.finish()  # doctest: +SKIP
    """

    def __init__(self, out_dir: Path | str, *, validate_shapes: bool = True, extractor: Extractor | None = None,
                 progress: Callable[[str], None] | None = None, with_reference: bool = False, jobs: int = 1,
                 dask: str | object | None = None, store_dir: Path | str | None = None,
                 timelines: bool = True) -> None:
        self.out = Path(out_dir)
        self.validate_shapes, self.extractor, self.progress = validate_shapes, extractor, progress
        self.with_reference, self.jobs, self.dask, self.store_dir = with_reference, jobs, dask, store_dir
        self.timelines = timelines
        self.gazetteer = extractor.gazetteer if extractor is not None else load_gazetteer()
        self.report = BuildReport()
        self.cpu: Counter = Counter()
        self.tmp = _temporary_folder(self.out)
        self.spill = _Spill(self.tmp)
        self.canon = EntityCanon()
        self.entities: dict[str, Entity] = {}
        self.view: _ViewGraph | None = None
        self.shared: set = set()

    def extract(self, paths: Iterable[Path | str]) -> None:
        """Read and extract the articles; keep each extraction on disk and what the entity labels need."""
        kinds: dict[str, str] = {}
        ingest_failures: list[KGError] = []
        failures: list[KGError] = []
        try:
            for outcome in iter_extractions(paths, extractor=self.extractor, progress=self.progress,
                                            jobs=self.jobs, dask=self.dask):
                if isinstance(outcome, KGError):
                    (ingest_failures if isinstance(outcome, IngestError) else failures).append(outcome)
                    continue
                self.report.articles += 1
                self.report.count(outcome)
                for e in outcome.entities:
                    kinds[e.key] = e.kind
                self.canon.add(outcome)
                self.spill.add(outcome)
        except OSError as exc:
            self.close()
            raise StoreError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        self.report.failures = ingest_failures + failures
        self.report.entities = Counter(kinds.values())
        self.entities = self.canon.entities()

    def write(self) -> None:
        """Make every article's graph and write graph.ttl, graph.trig, graph.jsonld and entities.json into the
        temporary folder, checking each graph against the shapes."""
        clock = time.process_time
        check = ShapeCheck() if self.validate_shapes else None
        writer = DatasetWriter(self.tmp)
        explain = _Explanations(self.tmp)
        self.view = _ViewGraph()
        self.facts = _TimelineFacts()
        cpu = self.cpu
        try:
            for name, group in self.spill.by_graph():
                t0 = clock()
                triples: set = set()
                for ex in group:
                    triples |= article_triples(ex, self.entities, self.gazetteer)
                t1 = clock()
                ordered = writer.add_graph(name, triples)
                t2 = clock()
                if check is not None:
                    check.add_graph(name, ordered)
                t3 = clock()
                self.view.add(ordered)
                for ex in group:
                    explain.add(ex)
                    self.facts.add(ex)
                t4 = clock()
                cpu["rdf"] += t1 - t0
                cpu["serialise"] += t2 - t1
                cpu["shacl"] += t3 - t2
                cpu["view, entities, timeline rows"] += t4 - t3
            t0 = clock()
            self.report.triples = writer.close()
            self.shared = writer.shared
            t1 = clock()
            explain.write(self.tmp / "entities.json")
            t2 = clock()
            if check is not None:
                self.report.validation = check.finish(self.shared)
            t3 = clock()
            cpu["serialise"] += t1 - t0
            cpu["view, entities, timeline rows"] += t2 - t1
            cpu["shacl"] += t3 - t2
        except OSError as exc:
            writer.abort()
            self.close()
            raise StoreError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
        except BaseException:
            writer.abort()
            self.close()
            raise
        finally:
            explain.close()

    def finish(self) -> BuildReport:
        """Write the rest (reference files, timelines, the view, summary.json), put every file in place and
        write the store."""
        clock = time.process_time
        from kg.view import write_view

        tmp, out = self.tmp, self.out
        try:
            names = list(OUTPUT_FILES)
            reference = None
            if self.with_reference:
                from kg.reference import reference_dataset, reference_graph
                from kg.rdf import serialize_trig

                reference = reference_graph()
                reference.serialize(tmp / "reference.ttl", format="turtle")
                (tmp / "reference.trig").write_text(serialize_trig(reference_dataset(reference)), encoding="utf-8")
                names.extend(REFERENCE_FILES)
            links: list[tuple[str, str]] = []
            t0 = clock()
            if self.timelines and self.facts.write(tmp / TIMELINES, self.entities, reference, self.shared):
                links.append(("Timelines", f"{TIMELINES}/index.html"))
            t1 = clock()
            view = self.view.graph
            for t in self.shared:
                if t[1] not in _NOT_VIEWED:
                    view.add(t)
            self.view = None
            write_view(view, tmp / "graph.html", links=links)
            del view
            t2 = clock()
            self.cpu["timelines"] += t1 - t0
            self.cpu["view"] += t2 - t1
            (tmp / "summary.json").write_text(json.dumps(self.report.as_dict(), indent=2, ensure_ascii=False) + "\n")
            self.report.files = _put_in_place(tmp, out, names)
        except OSError as exc:
            raise StoreError(f"cannot write to {out}: {exc.strerror or exc}") from exc
        finally:
            if self.store_dir is None:
                self.close()
        if self.store_dir is not None:
            from kg.oxstore import write_store

            try:
                t0 = clock()
                self.report.files.append(write_store(_Quads(self.spill, self.entities, self.gazetteer),  # type: ignore[arg-type]
                                                     self.store_dir))
                self.cpu["store"] += clock() - t0
            finally:
                self.close()
        self.report.out_dir = out
        return self.report

    def close(self) -> None:
        """Remove the temporary folder and files (done by :meth:`finish`)."""
        self.spill.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def build(paths: Iterable[Path | str], out_dir: Path | str, *, validate_shapes: bool = True,
          extractor: Extractor | None = None, progress: Callable[[str], None] | None = None,
          with_reference: bool = False, jobs: int = 1, dask: str | object | None = None,
          store_dir: Path | str | None = None) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``out_dir``.

    With ``with_reference``, the project's reference record (what the bodies' own
    sources say happened) is written beside it as ``reference.ttl`` and
    ``reference.trig``, in a named graph of its own: it never mixes with what the
    articles say.

    Returns:
        A :class:`BuildReport`; articles that failed are listed in ``failures``
        and the rest are still built.

    Raises:
        StoreError: when the output cannot be written (the previous output stays).
    """
    b = Builder(out_dir, validate_shapes=validate_shapes, extractor=extractor, progress=progress,
                with_reference=with_reference, jobs=jobs, dask=dask, store_dir=store_dir)
    try:
        b.extract(paths)
        b.write()
        return b.finish()
    except BaseException:
        b.close()
        raise


def _temporary_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        return Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    except OSError as exc:
        raise StoreError(f"cannot write to {out}: {exc.strerror or exc}") from exc


def _put_in_place(tmp: Path, out: Path, names: list[str]) -> list[Path]:
    written = []
    for name in names:
        os.replace(tmp / name, out / name)
        written.append(out / name)
    if (tmp / TIMELINES).is_dir():
        old = out / f".{TIMELINES}-old"
        shutil.rmtree(old, ignore_errors=True)
        if (out / TIMELINES).exists():
            os.replace(out / TIMELINES, old)
        os.replace(tmp / TIMELINES, out / TIMELINES)
        shutil.rmtree(old, ignore_errors=True)
        written.append(out / TIMELINES / "index.html")
    return written


def entity_explanations(extractions: list[Extraction]) -> list[dict]:
    """Why each node is one thing: every name it was given, how each was recognised, and where.

    For every entity: its IRI, kind and label, and per article the mentions that
    became this node, each with the words of the text, what recognised them
    ("gazetteer", "acronym", "pattern", "surname", "coref", "metonym" ...) and
    the sentence around them.
    """
    from kg.rdf import entity_iri

    out: dict[str, dict] = {}
    for ex in sorted(extractions, key=lambda e: e.article.id):
        text = ex.article.text
        labels = {e.key: e for e in ex.entities}
        for m in ex.mentions:
            entity = labels.get(m.key)
            if entity is None:
                continue
            item = out.setdefault(m.key, {"iri": str(entity_iri(m.key)), "kind": entity.kind, "label": entity.label,
                                          "names": {}, "articles": {}})
            item["names"].setdefault(m.text, set()).add(m.source)
            start = max(text.rfind(". ", 0, m.start) + 2, text.rfind("\n", 0, m.start) + 1, 0)
            stop = min(x for x in (text.find(". ", m.end), text.find("\n", m.end), len(text)) if x >= 0)
            item["articles"].setdefault(ex.article.id, []).append(
                {"text": m.text, "start": m.start, "end": m.end, "found_by": m.source,
                 "context": " ".join(text[start:stop + 1].split())})
    result = []
    for key in sorted(out):
        item = out[key]
        item["names"] = {name: sorted(ways) for name, ways in sorted(item["names"].items())}
        result.append(item)
    return result


def _remove_stale(out: Path, older_than: float = 600.0) -> None:
    """Remove what a build that was killed left behind (its temporary folder), once it is clearly abandoned."""
    now = time.time()
    for leftover in out.glob(".kg-build-*"):
        try:
            if now - leftover.stat().st_mtime > older_than:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            pass


def write_outputs(ds: Dataset, out_dir: Path | str, extractions: list[Extraction], *,
                  summary: dict | None = None, reference: Graph | None = None,
                  timelines: bool = True) -> list[Path]:
    """Write the build's files atomically: everything goes to a temporary folder first and replaces the
    previous files only once all are written.

    Writes graph.ttl, graph.trig, graph.jsonld, graph.html, summary.json and entities.json; with a
    ``reference`` graph also reference.ttl and reference.trig (its own named graph); and, unless
    ``timelines`` is False, a timelines/ folder with a page and a picture per body that has chairs.
    """
    from kg.timeline import write_timelines
    from kg.view import write_view

    out = Path(out_dir)
    tmp = _temporary_folder(out)
    try:
        writer = DatasetWriter(tmp)
        try:
            for name, triples in dataset_graphs(ds):
                writer.add_graph(name, triples)
        finally:
            writer.close()
        union = union_graph(ds)
        names = list(OUTPUT_FILES)
        seen = union
        if reference is not None:
            from kg.query import with_reference
            from kg.rdf import serialize_trig
            from kg.reference import reference_dataset

            reference.serialize(tmp / "reference.ttl", format="turtle")
            (tmp / "reference.trig").write_text(serialize_trig(reference_dataset(reference)), encoding="utf-8")
            names.extend(REFERENCE_FILES)
            seen = with_reference(union, reference)
        links: list[tuple[str, str]] = []
        if timelines and write_timelines(seen, tmp, subdir=TIMELINES, home=("Graph view", "../graph.html")):
            links.append(("Timelines", f"{TIMELINES}/index.html"))
        write_view(union, tmp / "graph.html", links=links)
        (tmp / "summary.json").write_text(json.dumps(summary or {}, indent=2, ensure_ascii=False) + "\n")
        (tmp / "entities.json").write_text(json.dumps(entity_explanations(extractions), indent=1,
                                                      ensure_ascii=False) + "\n")
        return _put_in_place(tmp, out, names)
    except OSError as exc:
        raise StoreError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
