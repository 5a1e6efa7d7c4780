"""A build killed at any moment leaves the previous graph intact and readable."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
KILLS = 50


def _readable(out: Path) -> int:
    """Every output parses; returns the number of triples of graph.ttl."""
    triples = len(Graph().parse(out / "graph.ttl", format="turtle"))
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert sum(len(g) for g in ds.graphs()) > 0
    json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    json.loads((out / "summary.json").read_text(encoding="utf-8"))
    json.loads((out / "entities.json").read_text(encoding="utf-8"))
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    return triples


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_crash_killed_builds_leave_the_previous_graph(tmp_path):
    out = tmp_path / "out"
    articles = [DATA / "000_dbbd667ff7499105.txt", DATA / "102_ubc-kardla-joins.md"]
    kg = [sys.executable, "-m", "kg.cli", "build", *map(str, articles), "--out", str(out), "-q"]
    subprocess.run(kg, check=True, timeout=120)
    expected = _readable(out)
    rng = random.Random(7)
    killed_while_running = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(kg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 2.5))
        if proc.poll() is None:
            killed_while_running += 1
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert _readable(out) == expected
    assert killed_while_running >= KILLS // 2


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_crash_killed_adds_leave_the_store_readable(tmp_path):
    from kg.oxstore import Store

    store = tmp_path / "store"
    first = DATA / "000_dbbd667ff7499105.txt"
    second = DATA / "104_barents-and-baltic-assembly.jsonl"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(first), "--out", str(tmp_path / "out"),
                    "--store", str(store), "-q"], check=True, timeout=120)
    with Store.open(store) as s:
        before = {a.id for a in s.articles()}
        size_before = len(s)
    add = [sys.executable, "-m", "kg.cli", "add", str(second), "--store", str(store)]
    rng = random.Random(11)
    for _ in range(KILLS):
        proc = subprocess.Popen(add, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 3.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        with Store.open(store) as s:
            ids = {a.id for a in s.articles()}
            # either the add had not happened, or it happened whole
            assert ids == before or ids == before | {"104-beac-chair-norway", "105-baltic-assembly-presidency"}
            assert (len(s) == size_before) == (ids == before)
            assert s.run("presidency-timeline", body="CBSS").rows
