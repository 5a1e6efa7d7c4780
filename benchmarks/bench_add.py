"""Adding one article to a large store: ``kg add`` and ``Store.add_extractions``.

    .venv/bin/python benchmarks/bench_add.py [--articles 10000] [--runs 15] [--corpus DIR]

Makes a store of --articles article graphs in the project's shape (the
synthetic generator of ``bench_query.py``, search keys included; real
bodies are not needed to exercise the write path), then adds real articles
to it one at a time, each a new article of the bundled data or of --corpus:

* ``add_extractions``: the store write alone (one transaction: the article's
  graph, the labels of the entities it shares with the store, the union);
* ``kg add`` in process: extraction, write, SHACL of the added graph and the
  article count, as the command does them (spaCy and the gazetteer loaded once);
* ``kg add`` as a command: a new process, start-up and model loading included.

Goal: <= 0.5 s to add one article to a 10,000-article store.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, print_header

from bench_query import generate


def _articles(corpus: Path | None, n: int) -> list[Path]:
    pool = sorted((ROOT / "data" / "articles").iterdir())
    if corpus is not None:
        pool = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html")) + pool
    files = [p for p in pool if p.is_file() and p.suffix != ".jsonl"]
    if len(files) < n:
        raise SystemExit(f"need {n} article files, found {len(files)}")
    return files[:n]


def _row(name: str, times: list[float]) -> str:
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    ok = "ok" if statistics.median(times) <= 0.5 else "over"
    return (f"{name:34} {statistics.median(times) * 1000:9.0f} ms {p90 * 1000:9.0f} ms "
            f"{max(times) * 1000:9.0f} ms  {ok}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000, help="article graphs in the store")
    ap.add_argument("--runs", type=int, default=15, help="articles added, one at a time, per measurement")
    ap.add_argument("--corpus", type=Path, default=None, help="articles to add (default: the bundled ones)")
    args = ap.parse_args()
    print_header("bench_add: adding one article to a large store", ("pyoxigraph", "rdflib", "pyshacl"),
                 [f"arguments: {vars(args)}"])

    from kg.extract import Extractor
    from kg.ontology import validate
    from kg.oxstore import Store, write_store
    from kg.pipeline import extract_all

    work = Path(tempfile.mkdtemp(prefix="kg-bench-add-"))
    try:
        started = time.perf_counter()
        ds = generate(args.articles * 290)
        write_store(ds, work / "store")
        del ds
        print(f"made a store of {args.articles:,} article graphs in {time.perf_counter() - started:.1f} s")
        files = _articles(args.corpus, 3 * args.runs)
        extractor = Extractor()

        api, in_process, command = [], [], []
        with Store.open(work / "store") as store:
            print(f"the store: {len(store):,} quads, {store.triples():,} distinct triples")
            extractions, _ = extract_all(files[:args.runs], extractor=extractor)
            for ex in extractions:
                t = time.perf_counter()
                store.add_extractions([ex], extractor.gazetteer)
                api.append(time.perf_counter() - t)
            for path in files[args.runs:2 * args.runs]:
                t = time.perf_counter()
                exs, _ = extract_all([path], extractor=extractor)
                report = store.add_extractions(exs, extractor.gazetteer)
                validate(store.to_rdflib(report.added + report.replaced))
                len(store.graphs())
                in_process.append(time.perf_counter() - t)
        for path in files[2 * args.runs:]:
            t = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "kg"), "add", str(path), "--store", str(work / "store"),
                            "-q"], check=True, cwd=ROOT)
            command.append(time.perf_counter() - t)

        print(f"\n{'one article added':34} {'median':>12} {'p90':>12} {'max':>12}  goal <= 0.5 s")
        print(_row("add_extractions (store write)", api))
        print(_row("kg add, in process", in_process))
        print(_row("kg add, a new process", command))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
