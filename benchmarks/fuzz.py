"""Fuzz ingest and extraction with many generated inputs; print what failed and the slowest inputs.

    .venv/bin/python benchmarks/fuzz.py [--examples 100000] [--seed 1]

Every input must give either a result or one of the project's own errors
(kg.errors.KGError), within a time bound. Inputs are random text, news-like
word salads built from the vocabulary the rules react to, HTML fragments and
raw bytes, fed to the plain-text, Markdown and HTML readers and to the
extractor. Runs with hypothesis; uses atheris instead when --atheris is given
and it is installed.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import date

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.extract import Extractor
from kg.ingest import parse_html, parse_text
from kg.model import Article

WORDS = [
    "the", "Council", "of", "Baltic", "Sea", "States", "(CBSS)", "took", "over", "presidency", "from", "Russia",
    "Moscow", "will", "chair", "on", "Friday", "1", "July", "2023", "to", "30", "June", "2024,", "\"", "“", "”",
    "he", "said", ".", ",", "Foreign", "Minister", "Sergey", "Lavrov", "members", "are", "Denmark,", "and", "Union",
    "its", "XII", "16th", "General", "Conference", "in", "Riga", "suspended", "withdrew", "—", "'s", "Mayor",
    "Turku", "Anna", "Kowalska", "\n\n", "last", "year", "next", "month", "since", "until", "Ambassador", "Dr.",
    "MOSCOW,", "October", "29.", "/TASS/.", "(Baltic", "Wire)", "-", "---", "title:", "<p>", "</p>", "<article>",
]
TEXT = st.one_of(st.text(max_size=600), st.lists(st.sampled_from(WORDS), max_size=200).map(" ".join),
                 st.binary(max_size=300).map(lambda b: b.decode("latin-1")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bound", type=float, default=2.0, help="seconds allowed per input")
    args = ap.parse_args()
    print(f"# fuzz: {args.examples} inputs per target, seed {args.seed}, {platform.python_version()}, "
          f"{platform.machine()}")
    extractor = Extractor()
    stats = {"inputs": 0, "own_errors": 0, "failures": [], "slowest": (0.0, "")}

    def check(target, raw):
        started = time.perf_counter()
        try:
            target(raw)
        except KGError:
            stats["own_errors"] += 1
        except Exception as exc:  # anything else is a bug to report
            stats["failures"].append((type(exc).__name__, str(exc)[:200], raw[:200]))
        took = time.perf_counter() - started
        stats["inputs"] += 1
        if took > stats["slowest"][0]:
            stats["slowest"] = (took, raw[:120])

    targets = {
        "plain text": lambda raw: parse_text(raw, source="fuzz.txt", default_id="fuzz"),
        "html": lambda raw: parse_html(raw, source="fuzz.html", default_id="fuzz"),
        "extraction": lambda raw: extractor.extract(Article(id="fuzz", text=raw, published=date(2022, 3, 3))),
    }
    def runner(target):
        @seed(args.seed)
        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(raw=TEXT)
        def run(raw):
            check(target, raw)

        return run

    for name, target in targets.items():
        started = time.perf_counter()
        before = stats["inputs"]
        runner(target)()
        n = stats["inputs"] - before
        took = time.perf_counter() - started
        print(f"{name:12} {n:8d} inputs in {took:7.1f} s ({n / took:8.0f}/s)")
    print(f"total inputs: {stats['inputs']}, project errors (expected): {stats['own_errors']}, "
          f"other exceptions: {len(stats['failures'])}")
    print(f"slowest input: {stats['slowest'][0]:.3f} s: {stats['slowest'][1]!r}")
    for kind, message, raw in stats["failures"][:20]:
        print(f"  FAIL {kind}: {message} <- {raw!r}")
    return 1 if stats["failures"] or stats["slowest"][0] > args.bound else 0


if __name__ == "__main__":
    sys.exit(main())
