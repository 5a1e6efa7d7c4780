#!/usr/bin/env python
"""How fast does baltic-kg build a graph, and how much memory does it need?

    python benchmarks/bench_build.py CORPUS_DIR [--limit N] [--runs ceiling,build1,build2,stages1] [--profile K]

Every measurement runs in a fresh Python process (so that peak memory is the
high-water mark of that measurement alone, and no cache is shared), on the
same first N articles of CORPUS_DIR (files in sorted order, as ``kg build``
reads them):

``ceiling``
    ingest (not timed), then only spaCy's blank English tokenizer + rule
    sentencizer + the gazetteer ``PhraseMatcher`` of ``kg.extract.mentions``
    over the paragraphs of every article, on one core: the most any
    extraction built on this pipeline can do.
``build1`` / ``build2``
    ``kg.pipeline.build(files, out, jobs=1)`` / ``jobs=2``, end to end
    (ingest, extraction, RDF, SHACL, writing every output file).
``stages1`` / ``stages2``
    the same build, instrumented from outside by calling the pipeline's own
    functions in the order ``build`` calls them: ``iter_articles`` (ingest,
    timed on its own), ``extract_all`` (its time minus the ingest time is the
    extraction), ``build_dataset`` (RDF mapping), ``validate`` (SHACL),
    ``write_outputs`` (Turtle, TriG, JSON-LD, the HTML view, summary,
    entities.json; the view is also timed on its own).

``xsteps``
    the extraction step by step on one core, CPU time per step: the calls
    ``Extractor.extract`` makes (publication date, segment, find_dates,
    MentionFinder.find, RelationReader.read, read_statements), in its order.

``--profile K`` adds a cProfile of the extraction of the first K articles and of
the stages after it (top functions by own time, and kg's functions by
cumulative time). ``--stop-after`` ends the ``stagesN`` runs early (a memory
figure of the first stages on a corpus too large for the whole build).

Other processes may share the machine: every run prints CPU seconds next to
wall seconds, the load average, and a digest of kg/'s sources at the start and
the end (kg/ is edited by others while benchmarks run).

Goals: >= 300 articles/s on one core; peak resident memory <= 1 GB for 10,000
articles. Peak memory is ``ru_maxrss`` (the RSS high-water mark) of the
measuring process, and for ``jobs=2`` also of its largest worker.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (ROOT, Timer, cpu_seconds, kg_digest, load_text, peak_rss_mb, print_footer,  # noqa: E402
                     print_header, table, vm_hwm_mb)

GOAL_RATE = 300.0  # articles/s on one core
GOAL_MEM_MB = 1024.0  # for 10,000 articles
GOAL_MEM_ARTICLES = 10_000
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


# --------------------------------------------------------------------------- corpus selection


def select_files(corpus: Path, limit: int | None) -> tuple[list[str], int]:
    """The files holding the first ``limit`` articles, in the order ``kg build`` reads a folder (sorted
    relative paths, hidden entries skipped); a JSON Lines file counts one article per non-empty line."""
    files = []
    for path in sorted(corpus.rglob("*"), key=lambda p: p.relative_to(corpus).as_posix()):
        rel = path.relative_to(corpus).parts
        if any(part.startswith(".") for part in rel) or not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        files.append(path)
    out, count = [], 0
    for path in files:
        if limit is not None and count >= limit:
            break
        n = sum(1 for line in path.open(encoding="utf-8") if line.strip()) if path.suffix == ".jsonl" else 1
        out.append(str(path))
        count += n
    return out, count


# --------------------------------------------------------------------------- children (one per measurement)


def _ingest(files: list[str]):
    from kg.ingest import iter_articles

    arts, errors = [], []
    for item in iter_articles(files):
        (arts if hasattr(item, "text") else errors).append(item)
    return arts, errors


def child_ceiling(files: list[str]) -> dict:
    from kg.extract.mentions import MentionFinder
    from kg.extract.text import _paragraph_spans, blank_pipeline
    from kg.gazetteer import load_gazetteer

    arts, _ = _ingest(files)
    nlp = blank_pipeline()
    matcher = MentionFinder(load_gazetteer()).matcher
    texts = [[a.text[s:e] for s, e in _paragraph_spans(a.text)] for a in arts]
    words = sum(len(a.text.split()) for a in arts)
    tokens = matches = 0
    # warm-up on a few articles (vocabulary, lazy init), not timed
    for paras in texts[:20]:
        for doc in nlp.pipe(paras):
            matcher(doc)
    t0, c0 = time.perf_counter(), time.process_time()
    for paras in texts:
        for doc in nlp.pipe(paras):
            tokens += len(doc)
            matches += len(matcher(doc))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # the tokenizer alone, for scale
    t1 = time.perf_counter()
    for paras in texts:
        for p in paras:
            nlp.tokenizer(p)
    dt_tok = time.perf_counter() - t1
    return {"articles": len(arts), "words": words, "tokens": tokens, "matches": matches, "seconds": dt, "cpu": cpu,
            "tokenizer_seconds": dt_tok, "peak_rss_mb": peak_rss_mb(), "vm_hwm_mb": vm_hwm_mb()}


def child_xsteps(files: list[str]) -> dict:
    """Extraction step by step, on one core: the calls ``Extractor.extract`` makes, in its order (mirrored
    here from kg/extract/__init__.py; the entity/mention bookkeeping at its end is left out)."""
    from kg.extract import Extractor, resolve_publication_date
    from kg.extract.quotes import read_statements
    from kg.extract.relations import RelationReader
    from kg.extract.temporal import find_dates
    from kg.extract.text import segment

    arts, _ = _ingest(files)
    ex = Extractor()
    ex.extract(arts[0])  # warm-up
    t = Timer()
    inferred = 0
    t0 = time.process_time()
    for a in arts:
        with t("publication date (infer_year for datelines without a year)"):
            b = resolve_publication_date(a)
        inferred += b is not a
        text = b.text
        with t("segment (tokenizer, sentencizer, sentence spans)"):
            paragraphs, sentences = segment(text, b.body_start, ex.finder.nlp)
        with t("find_dates (temporal)"):
            dates = find_dates(text, b.published)
        with t("MentionFinder.find (gazetteer, patterns, coreference)"):
            mentions = ex.finder.find(text, paragraphs, sentences, dates, b.published)
        with t("RelationReader.read (memberships, posts, participations)"):
            RelationReader(text, sentences, mentions, dates, b.published).read()
        with t("read_statements (quotes)"):
            read_statements(text, sentences, mentions, dates, b.published)
    total_cpu = time.process_time() - t0
    t1 = time.process_time()
    for a in arts:
        ex.extract(a)
    extract_cpu = time.process_time() - t1
    return {"articles": len(arts), "words": sum(len(a.text.split()) for a in arts), "steps": t.cpu,
            "steps_cpu_total": total_cpu, "extract_cpu": extract_cpu, "inferred": inferred,
            "peak_rss_mb": peak_rss_mb()}


def child_build(files: list[str], out: str, jobs: int) -> dict:
    from kg.pipeline import build

    base = peak_rss_mb()
    t0, c0, cc0 = time.perf_counter(), cpu_seconds(), cpu_seconds(children=True)
    report = build(files, out, jobs=jobs)
    dt = time.perf_counter() - t0
    cpu_self, cpu_children = cpu_seconds() - c0, cpu_seconds(children=True) - cc0
    return {"articles": report.articles, "failures": len(report.failures), "triples": report.triples,
            "facts": dict(report.facts), "entities": dict(report.entities),
            "conforms": None if report.validation is None else report.validation.conforms,
            "seconds": dt, "cpu": cpu_self + cpu_children, "cpu_main": cpu_self, "base_rss_mb": base,
            "peak_rss_mb": peak_rss_mb(),
            "peak_rss_children_mb": peak_rss_mb(children=True), "vm_hwm_mb": vm_hwm_mb(),
            "bytes_out": sum(f.stat().st_size for f in Path(out).iterdir() if f.is_file())}


STAGES = ("extraction", "rdf", "shacl", "write")


def run_stages(files: list[str], out: str, jobs: int, stop_after: str = "write") -> dict:
    """The body of kg.pipeline.build, stage by stage (``kg.pipeline.Builder``'s steps, in ``build``'s order);
    ``stop_after`` ends it early (a memory figure of the first stages on a corpus too large for the whole build).

    The write step makes, writes and checks each article's graph in turn; ``Builder.cpu`` says how its CPU
    time splits (RDF mapping, serialising, SHACL, the view's graph + entities.json + timeline rows), and
    the last step (timelines, the view, summary, moving files into place) is timed on its own."""
    from kg.pipeline import Builder

    t = Timer()
    rss = {"after imports": peak_rss_mb()}
    with t("ingest"):
        arts, _ = _ingest(files)
    rss["after ingest"] = peak_rss_mb()
    b = Builder(out, jobs=jobs)
    with t("extract_all"):
        b.extract(files)
    rss["after extraction"] = peak_rss_mb()
    if stop_after == "extraction":
        b.close()
        return _partial(t, rss, arts, b.report.articles, b.report.failures)
    with t("write"):
        b.write()
    rss["after RDF, SHACL, TTL/TriG/JSON-LD, entities.json"] = peak_rss_mb()
    if stop_after in ("rdf", "shacl"):
        b.close()
        return _partial(t, rss, arts, b.report.articles, b.report.failures, triples=b.report.triples)
    with t("finish"):
        report = b.finish()
    rss["after timelines, view, summary"] = peak_rss_mb()
    spans = dict(t.spans)
    spans["extraction"] = spans["extract_all"] - spans["ingest"]
    cpu = dict(t.cpu)
    cpu["extraction"] = cpu["extract_all"] - cpu["ingest"]
    files_out = {f.name: f.stat().st_size for f in Path(out).iterdir() if f.is_file()}
    return {"articles": report.articles, "failures": len(report.failures), "triples": report.triples,
            "spans": spans, "cpu": cpu, "steps": dict(b.cpu), "conforms": report.validation.conforms,
            "words": sum(len(a.text.split()) for a in arts), "rss_steps": rss, "files_out": files_out,
            "peak_rss_mb": peak_rss_mb(), "peak_rss_children_mb": peak_rss_mb(children=True)}


def _partial(t: Timer, rss: dict, arts, articles: int, failures, triples: int | None = None) -> dict:
    spans = dict(t.spans)
    spans["extraction"] = spans["extract_all"] - spans["ingest"]
    cpu = dict(t.cpu)
    cpu["extraction"] = cpu["extract_all"] - cpu["ingest"]
    return {"articles": articles, "failures": len(failures), "partial": True, "spans": spans, "cpu": cpu,
            "quads": triples, "words": sum(len(a.text.split()) for a in arts), "rss_steps": rss,
            "peak_rss_mb": peak_rss_mb(), "peak_rss_children_mb": peak_rss_mb(children=True)}


def child_stages(files: list[str], out: str, jobs: int, stop_after: str = "write") -> dict:
    return run_stages(files, out, jobs, stop_after)


def _profile_text(prof: cProfile.Profile, limit: int = 25) -> dict[str, str]:
    out = {}
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(limit)
    out["own time (tottime)"] = buf.getvalue()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(r"/kg/", limit)
    out["cumulative time, kg's functions"] = buf.getvalue()
    return out


def child_profile(files: list[str], out: str) -> dict:
    """Two profiles: the extraction of every article (the Extractor built and warmed up first, not
    profiled), then the stages after it (RDF, SHACL, writing) as build runs them."""
    from kg.extract import Extractor
    from kg.gazetteer import load_gazetteer
    from kg.ontology import validate
    from kg.pipeline import write_outputs
    from kg.rdf import build_dataset

    arts, _ = _ingest(files)
    extractor = Extractor()
    extractor.extract(arts[0])
    p1 = cProfile.Profile()
    t0 = time.perf_counter()
    p1.enable()
    extractions = [extractor.extract(a) for a in arts]
    p1.disable()
    t_extract = time.perf_counter() - t0
    p2 = cProfile.Profile()
    t = Timer()
    p2.enable()
    with t("rdf"):
        ds = build_dataset(extractions, load_gazetteer())
    with t("shacl"):
        validate(ds)
    with t("write"):
        write_outputs(ds, out, extractions, summary={})
    p2.disable()
    dump = Path(out).parent
    p1.dump_stats(dump / "extract.prof")
    p2.dump_stats(dump / "after-extraction.prof")
    return {"articles": len(arts), "spans": {"extraction": t_extract, **t.spans},
            "profiles": {"extraction (Extractor.extract on every article)": _profile_text(p1),
                         "after extraction (build_dataset, validate, write_outputs)": _profile_text(p2)},
            "profile_files": [str(dump / "extract.prof"), str(dump / "after-extraction.prof")]}


def child_main(args) -> None:
    files = Path(args.files).read_text(encoding="utf-8").splitlines()
    if args.child == "ceiling":
        res = child_ceiling(files)
    elif args.child == "xsteps":
        res = child_xsteps(files)
    elif args.child == "build":
        res = child_build(files, args.out, args.jobs)
    elif args.child == "stages":
        res = child_stages(files, args.out, args.jobs, args.stop_after)
    elif args.child == "profile":
        res = child_profile(files, args.out)
    else:
        raise SystemExit(f"unknown child {args.child}")
    print("RESULT " + json.dumps(res), flush=True)


# --------------------------------------------------------------------------- parent


def spawn(kind: str, files_path: Path, workdir: Path, jobs: int = 1, timeout: float | None = None,
          stop_after: str = "write") -> dict:
    out = workdir / f"out-{kind}-{jobs}"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--files", str(files_path),
           "--out", str(out), "--jobs", str(jobs), "--stop-after", stop_after]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=str(ROOT))
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"measurement {kind} (jobs={jobs}) failed with exit status {proc.returncode}")
    res = json.loads(lines[-1][7:])
    res["process_wall"] = wall
    shutil.rmtree(out, ignore_errors=True)
    return res


def stage_total(res: dict, key: str = "spans") -> float:
    sp = res[key]
    return sp["extract_all"] + sum(sp.get(k, 0.0) for k in ("write", "finish"))


def fmt_mb(mb: float | None) -> str:
    return "" if mb is None else f"{mb:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles (default: all)")
    ap.add_argument("--runs", default="ceiling,build1,build2,stages1",
                    help="comma-separated: ceiling, build1, build2, stages1, stages2, xsteps (extraction step by "
                         "step) (default: %(default)s)")
    ap.add_argument("--profile", type=int, default=0, metavar="K",
                    help="also profile the 1-core stages on the first K articles")
    ap.add_argument("--keep-profile", type=Path, default=None, metavar="DIR",
                    help="copy the cProfile dumps (extract.prof, after-extraction.prof) into DIR")
    ap.add_argument("--stop-after", choices=STAGES, default="write",
                    help="end the stagesN runs after this stage (default: write, the whole build); for a memory "
                         "figure of the first stages on a corpus too large for the whole build")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child_main(args)
        return 0
    if args.corpus is None or not args.corpus.is_dir():
        ap.error("CORPUS_DIR must be a folder of articles (make one with benchmarks/make_corpus.py)")
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    files, n = select_files(args.corpus, args.limit)
    manifest = args.corpus / "MANIFEST.json"
    note = f"corpus   {args.corpus} ({json.loads(manifest.read_text())['articles']:,} articles, seed " \
           f"{json.loads(manifest.read_text())['seed']})" if manifest.exists() else f"corpus   {args.corpus}"
    info = print_header("bench_build: kg.pipeline.build throughput, stages and peak memory",
                 extra_lines=[note, f"selected {n:,} articles in {len(files):,} files (--limit {args.limit})",
                              f"runs     {', '.join(runs)}" + (f", profile of {args.profile}" if args.profile else "")])
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
    try:
        files_path = workdir / "files.txt"
        files_path.write_text("\n".join(files) + "\n", encoding="utf-8")
        results: dict[str, dict] = {}
        for run in runs:
            kind, jobs = (run[:-1], int(run[-1])) if run[-1].isdigit() else (run, 1)
            print(f"-- {run}: running ...", flush=True)
            res = spawn(kind, files_path, workdir, jobs, stop_after=args.stop_after)
            results[run] = res
            if kind == "xsteps":
                print(f"   {res['articles']:,} articles, {res['extract_cpu']:,.1f} CPU s in Extractor.extract", flush=True)
                continue
            secs = stage_total(res) if kind == "stages" else res["seconds"]
            cpu = stage_total(res, "cpu") if kind == "stages" else res.get("cpu")
            print(f"   {res['articles']:,} articles in {secs:,.1f} s ({res['articles'] / secs:,.1f} articles/s), "
                  f"{cpu:,.1f} CPU s; load {load_text()}; "
                  f"peak RSS {fmt_mb(res['peak_rss_mb'])}"
                  + (f", largest worker {fmt_mb(res.get('peak_rss_children_mb'))}" if jobs > 1 else ""), flush=True)
        prof = None
        if args.profile:
            pfiles, pn = select_files(args.corpus, args.profile)
            pf = workdir / "files-profile.txt"
            pf.write_text("\n".join(pfiles) + "\n", encoding="utf-8")
            print(f"-- profile of the 1-core stages on {pn:,} articles ...", flush=True)
            prof = spawn("profile", pf, workdir, 1)
            if args.keep_profile:
                args.keep_profile.mkdir(parents=True, exist_ok=True)
                for f in prof["profile_files"]:
                    shutil.copy(f, args.keep_profile / Path(f).name)
        report(results, prof, n, args)
        print_footer(info["kg_digest"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def report(results: dict, prof: dict | None, n: int, args) -> None:
    print()
    rows = []
    words = None
    for run, res in results.items():
        if "words" in res:
            words = res["words"]

    def goal_rate(rate: float) -> str:
        return ">= 300/s: " + ("met" if rate >= GOAL_RATE else f"NOT met ({rate / GOAL_RATE:.0%})")

    if "ceiling" in results:
        c = results["ceiling"]
        rate_cpu = c["articles"] / c["cpu"]
        rows.append(["ceiling: tokenizer + sentencizer + gazetteer PhraseMatcher", "1", f"{c['articles']:,}",
                     f"{c['seconds']:,.1f}", f"{c['cpu']:,.1f}", f"{c['articles'] / c['seconds']:,.0f}", f"{rate_cpu:,.0f}",
                     f"{c['words'] / c['cpu']:,.0f}", fmt_mb(c["peak_rss_mb"]), goal_rate(rate_cpu)])
        rows.append(["  (tokenizer alone)", "1", f"{c['articles']:,}", f"{c['tokenizer_seconds']:,.1f}", "",
                     f"{c['articles'] / c['tokenizer_seconds']:,.0f}", "", f"{c['words'] / c['tokenizer_seconds']:,.0f}", "", ""])
        words = words or c["words"]
    for run in ("build1", "build2"):
        if run in results:
            r = results[run]
            jobs = int(run[-1])
            rate = r["articles"] / r["seconds"]
            rate_cpu = r["articles"] / r["cpu"]
            mem = fmt_mb(r["peak_rss_mb"]) + (f" + worker {fmt_mb(r['peak_rss_children_mb'])}" if jobs > 1 else "")
            if jobs == 1:
                goal = goal_rate(rate_cpu)
            elif "build1" in results:
                b1 = results["build1"]
                goal = f"wall speed-up x{rate / (b1['articles'] / b1['seconds']):.2f} vs 1 core"
            else:
                goal = ""
            rows.append([f"kg.pipeline.build(jobs={jobs})", str(jobs), f"{r['articles']:,}", f"{r['seconds']:,.1f}",
                         f"{r['cpu']:,.1f}", f"{rate:,.1f}", f"{rate_cpu:,.1f}",
                         f"{words / r['cpu']:,.0f}" if words else "", mem, goal])
    for run in ("stages1", "stages2"):
        if run in results:
            s = results[run]
            total, cpu = stage_total(s), stage_total(s, "cpu")
            label = f"instrumented build, stage by stage (jobs={run[-1]})" if not s.get("partial") else \
                f"build stages up to {args.stop_after} only (jobs={run[-1]})"
            rows.append([label, run[-1], f"{s['articles']:,}", f"{total:,.1f}", f"{cpu:,.1f}",
                         f"{s['articles'] / total:,.1f}", f"{s['articles'] / cpu:,.1f}", f"{s['words'] / cpu:,.0f}",
                         fmt_mb(s["peak_rss_mb"]), ""])
    print(f"Throughput on {n:,} articles" + (f" ({words / n:,.0f} words per article on average)" if words else "")
          + "; 'per CPU s' divides by the CPU time of the measuring process and its workers, which other "
            "load on the machine does not inflate")
    print(table(rows, ["measurement", "cores", "articles", "wall s", "CPU s", "articles/s", "per CPU s",
                       "words per CPU s", "peak RSS", "goal (per CPU s)"], "llrrrrrrll"))
    if "xsteps" in results:
        x = results["xsteps"]
        print()
        print(f"Extraction step by step (1 core, {x['articles']:,} articles, {x['words'] / x['articles']:,.0f} words "
              f"each on average; CPU seconds; {x['inferred']:,} articles had their year inferred from the text)")
        tot = sum(x["steps"].values())
        print(table([[k, f"{v:,.2f}", f"{v / tot:.1%}", f"{1000 * v / x['articles']:,.1f}"]
                     for k, v in x["steps"].items()]
                    + [["sum of the steps", f"{tot:,.2f}", "100%", f"{1000 * tot / x['articles']:,.1f}"],
                       ["Extractor.extract, the same articles", f"{x['extract_cpu']:,.2f}", "",
                        f"{1000 * x['extract_cpu'] / x['articles']:,.1f}"]],
                    ["step", "CPU s", "share", "ms per article"], "lrrr"))
    for run in ("stages1", "stages2"):
        if run not in results:
            continue
        s = results[run]
        sp = s["spans"]
        total = stage_total(s)
        print()
        print(f"Where the time goes (jobs={run[-1]}, {s['articles']:,} articles, "
              f"{s['triples'] if s.get('triples') is not None else s.get('quads')} triples"
              + (f"; stopped after {args.stop_after})" if s.get("partial") else ")"))
        cp = s.get("cpu", {})
        ctotal = stage_total(s, "cpu") if cp else None
        stage_rows = [[name, sp[key], cp.get(key)] for name, key in (
            ("ingest (iter_articles)", "ingest"),
            ("extraction (extract_all minus ingest)", "extraction"),
            ("per-article graphs (Builder.write)", "write"),
            ("timelines, view, summary, files in place (Builder.finish)", "finish")) if key in sp]
        print(table([[name, f"{v:,.2f}", f"{v / total:.1%}", "" if c is None else f"{c:,.2f}",
                      "" if c is None or not ctotal else f"{c / ctotal:.1%}",
                      f"{s['articles'] / v:,.0f}" if v > 0 else ""]
                     for name, v, c in stage_rows]
                    + [["total", f"{total:,.2f}", "100%", f"{ctotal:,.2f}" if ctotal else "", "100%",
                        f"{s['articles'] / total:,.1f}"]],
                    ["stage", "wall s", "share", "CPU s", "CPU share", "articles/s if alone (wall)"], "lrrrrr"))
        if s.get("steps"):
            print("   CPU s by step (Builder.cpu): " + ", ".join(f"{k} {v:,.2f} ({1000 * v / s['articles']:,.1f} ms/article)"
                                                    for k, v in s["steps"].items()))
        print("   peak RSS after each stage: " + ", ".join(f"{k} {v:,.0f} MB" for k, v in s["rss_steps"].items()))
        if s.get("files_out"):
            print("   output: " + ", ".join(f"{k} {v / 1e6:,.1f} MB" for k, v in sorted(s["files_out"].items())))
        if run == "stages2":
            print(f"   largest extraction worker: {s['peak_rss_children_mb']:,.0f} MB")
    # memory goal
    print()
    mems = {run: r["peak_rss_mb"] for run, r in results.items() if run.startswith(("build", "stages"))}
    partial = [r for r in results.values() if r.get("partial")]
    if partial:
        r = partial[0]
        print(f"Peak memory of the first stages only (up to {args.stop_after}) for {n:,} articles: {r['peak_rss_mb']:,.0f} MB "
              f"(a lower bound for the whole build; goal <= {GOAL_MEM_MB:,.0f} MB for {GOAL_MEM_ARTICLES:,}: "
              + ("NOT met" if n >= GOAL_MEM_ARTICLES and r["peak_rss_mb"] > GOAL_MEM_MB else "see the whole build") + ")")
    elif mems:
        best = results.get("build1") or results.get("stages1") or next(iter(results[r] for r in mems))
        peak = best["peak_rss_mb"]
        if n >= GOAL_MEM_ARTICLES:
            verdict = "met" if peak <= GOAL_MEM_MB else "NOT met"
            print(f"Peak memory for {n:,} articles (1-core build): {peak:,.0f} MB; goal <= {GOAL_MEM_MB:,.0f} MB "
                  f"for {GOAL_MEM_ARTICLES:,}: {verdict}")
        else:
            base = best.get("base_rss_mb") or best.get("rss_steps", {}).get("after imports") or 0
            est = base + (peak - base) * GOAL_MEM_ARTICLES / n
            print(f"Peak memory for {n:,} articles (1-core build): {peak:,.0f} MB (after imports {base:,.0f} MB); "
                  f"linear estimate for {GOAL_MEM_ARTICLES:,}: ~{est:,.0f} MB (goal <= {GOAL_MEM_MB:,.0f} MB; "
                  f"measure with --limit {GOAL_MEM_ARTICLES})")
        if "build2" in results:
            r = results["build2"]
            print(f"   jobs=2: main process {r['peak_rss_mb']:,.0f} MB, largest worker {r['peak_rss_children_mb']:,.0f} MB "
                  f"(sum of the three high-water marks {r['peak_rss_mb'] + 2 * r['peak_rss_children_mb']:,.0f} MB, an upper bound)")
    for run in ("build1", "build2"):
        if run in results:
            r = results[run]
            print(f"   {run}: {r['triples']:,} triples, SHACL conforms: {r['conforms']}, failures: {r['failures']}, "
                  f"facts {r['facts']}, entities {r['entities']}")
    if prof:
        print()
        print(f"Profile (cProfile, 1 core, {prof['articles']:,} articles; profiling slows Python code down, "
              f"so read the shares, not the seconds)")
        print("   under the profiler: " + ", ".join(f"{k} {v:,.1f} s" for k, v in prof["spans"].items()))
        for part, texts in prof["profiles"].items():
            for title, text in texts.items():
                print(f"\n-- {part}: {title}")
                lines = text.splitlines()
                head = [ln.strip() for ln in lines if "function calls" in ln]
                if head:
                    print("   " + head[0])
                start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
                print("\n".join(ln.rstrip() for ln in lines[start:] if ln.strip()))


if __name__ == "__main__":
    raise SystemExit(main())
