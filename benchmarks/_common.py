"""Shared helpers of the benchmark scripts: the machine header, timers, tables.

Nothing here is a test; the scripts print figures.
"""
from __future__ import annotations

import datetime as _dt
import os
import platform
import resource
import sys
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from anywhere: `python benchmarks/x.py` or `python x.py`
    sys.path.insert(0, str(ROOT))

PACKAGES = ("baltic-kg", "spacy", "rdflib", "pyshacl", "lxml", "networkx", "python-igraph", "pyvis",
            "playwright", "dask", "distributed", "pyoxigraph", "oxrdflib", "PyYAML")


def _mem_total_gb() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info(extra_packages: tuple[str, ...] = ()) -> dict:
    """Cores, memory, Python and package versions, read now."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    versions = {}
    for name in (*PACKAGES, *extra_packages):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    mem = _mem_total_gb()
    return {
        "date": _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "host": platform.node(),
        "os": f"{platform.system()} {platform.release()}",
        "cpu": _cpu_model(),
        "cores": cores,
        "memory_gb": round(mem, 1) if mem else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": versions,
    }


def kg_digest() -> str:
    """A short digest of the kg package's sources (kg/**/*.py, templates, queries): the code measured.
    Other people edit kg/ while benchmarks run; compare the digest at the start and at the end of a run."""
    import hashlib

    h = hashlib.sha1()
    for path in sorted((ROOT / "kg").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".rq"):
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def load_text() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min)"


def cpu_seconds(children: bool = False) -> float:
    """User + system CPU time of this process (or of its waited-for children)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def print_footer(start_digest: str) -> None:
    end = kg_digest()
    print()
    print(f"   load average at the end: {load_text()}")
    if end != start_digest:
        print(f"   WARNING: kg/ changed during the run (source digest {start_digest} -> {end}): "
              "other people edit kg/ while benchmarks run; the figures mix two versions")
    else:
        print(f"   kg/ unchanged during the run (source digest {end})")


def print_header(title: str, extra_packages: tuple[str, ...] = (), extra_lines: list[str] | None = None) -> dict:
    info = machine_info(extra_packages)
    info["kg_digest"] = kg_digest()
    print(f"== {title}")
    print(f"   date     {info['date']}")
    print(f"   machine  {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB RAM, {info['os']}")
    print(f"   python   {info['python']} ({sys.executable})")
    pk = info["packages"]
    print("   packages " + ", ".join(f"{k} {v}" for k, v in pk.items()))
    print(f"   kg/      source digest {info['kg_digest']} (sha1 of kg/**/*.py, templates, queries)")
    print(f"   load     {load_text()}; other processes on this machine share its "
          f"{info['cores']} cores, so wall times vary: CPU seconds are printed too")
    for line in extra_lines or []:
        print(f"   {line}")
    print(flush=True)
    return info


def peak_rss_mb(children: bool = False) -> float:
    """High-water mark of the resident set size (Linux: ru_maxrss is in KiB).

    For children it is the largest single child that has been waited for, not a sum.
    """
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def vm_hwm_mb() -> float | None:
    """VmHWM of this process from /proc/self/status (same figure as ru_maxrss, cross-check)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Timer:
    """Named wall-clock spans: ``with t("extract"): ...``; ``t.spans`` keeps them in order, ``t.cpu`` the
    CPU seconds of the same spans (this process plus the children it waited for during the span)."""

    def __init__(self):
        self.spans: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        cpu0 = cpu_seconds() + cpu_seconds(children=True)
        try:
            yield
        finally:
            self.spans[name] = self.spans.get(name, 0.0) + time.perf_counter() - start
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu_seconds() + cpu_seconds(children=True) - cpu0


def table(rows: list[list], headers: list[str], align: str | None = None) -> str:
    """A plain aligned text table (align: one of 'l'/'r' per column)."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    align = align or "l" * len(headers)
    out = []
    for n, row in enumerate(cells):
        parts = [c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(row, widths, align)]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
