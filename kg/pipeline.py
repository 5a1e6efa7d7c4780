"""Ingest, extract, map and write: the whole build, as used by the CLI and notebooks.

>>> from kg.pipeline import build
>>> report = build(["data/articles"], "out")        # doctest: +SKIP
>>> report.articles, report.failures                # doctest: +SKIP

Outputs are written atomically: every file goes to a temporary folder beside
the output folder first and replaces the old file only when all are written,
so a failed or interrupted build leaves the previous graph in place.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Dataset, Graph

from kg.errors import ExtractionError, IngestError, KGError, StoreError
from kg.extract import Extractor
from kg.gazetteer import load_gazetteer
from kg.ingest import iter_articles
from kg.model import Article, Extraction
from kg.ontology import ValidationReport, validate
from kg.rdf import build_dataset, serialize_jsonld, serialize_trig, union_graph

__all__ = ["BuildReport", "extract_all", "build", "write_outputs", "OUTPUT_FILES"]

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
    articles: list[Article] = []
    failures: list[KGError] = []
    seen: dict[str, Article] = {}
    for item in iter_articles(list(paths)):
        if isinstance(item, IngestError):
            failures.append(item)
            continue
        if item.id in seen:
            failures.append(IngestError(item.source, f"article id {item.id!r} is also used by {seen[item.id].source}"))
            continue
        seen[item.id] = item
        articles.append(item)
    if dask is not None or jobs > 1:
        from kg.parallel import extract_on_dask, extract_parallel

        done = (lambda n: progress(f"{n} articles")) if progress is not None else None
        outcomes = extract_on_dask(articles, dask, done) if dask is not None else extract_parallel(articles, jobs, done)
    else:
        extractor = extractor or Extractor()
        outcomes = []
        for article in articles:
            try:
                outcomes.append(extractor.extract(article))
            except ExtractionError as exc:
                outcomes.append(exc.reason)
            if progress is not None:
                progress(article.source or article.id)
    extractions: list[Extraction] = []
    for article, outcome in zip(articles, outcomes):
        if isinstance(outcome, str):
            failures.append(ExtractionError(article.source or article.id, outcome))
        else:
            extractions.append(outcome)
    return extractions, failures


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
    extractions, failures = extract_all(paths, extractor=extractor, progress=progress, jobs=jobs, dask=dask)
    ds = build_dataset(extractions, extractor.gazetteer if extractor is not None else load_gazetteer())
    report = BuildReport(articles=len(extractions), failures=failures)
    for ex in extractions:
        report.facts["chairmanships"] += sum(m.role == "Chair" for m in ex.memberships)
        report.facts["memberships"] += sum(m.role != "Chair" for m in ex.memberships)
        report.facts["posts"] += len(ex.posts)
        report.facts["participations"] += len(ex.participations)
        report.facts["statements"] += len(ex.statements)
    seen: dict[str, str] = {}
    for ex in extractions:
        for e in ex.entities:
            seen[e.key] = e.kind
    report.entities = Counter(seen.values())
    reference = None
    if with_reference:
        from kg.reference import reference_graph

        reference = reference_graph()
    if validate_shapes:
        report.validation = validate(ds)
    report.files = write_outputs(ds, out_dir, extractions, summary=report.as_dict(), reference=reference)
    if store_dir is not None:
        from kg.oxstore import write_store

        report.files.append(write_store(ds, store_dir))
    report.out_dir = Path(out_dir)
    report.triples = len(union_graph(ds))
    return report


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
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        tmp = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    except OSError as exc:
        raise StoreError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    try:
        union = union_graph(ds)
        union.serialize(tmp / "graph.ttl", format="turtle")
        (tmp / "graph.trig").write_text(serialize_trig(ds), encoding="utf-8")
        (tmp / "graph.jsonld").write_text(serialize_jsonld(ds), encoding="utf-8")
        names = list(OUTPUT_FILES)
        seen = union
        if reference is not None:
            from kg.query import with_reference
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
    except OSError as exc:
        raise StoreError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
