"""Consistency checks: what the graph's facts say that does not add up.

The checks are SPARQL SELECT queries in ``ontology/checks/*.rq`` (so they run in
any SPARQL store too). Each begins with ``# title:`` and ``# severity:`` lines;
the number its file name starts with groups it:

    1  two chairs of one body at the same time
    2  a chair that is not, not yet or no longer a member of the body
    3  a planned chairmanship contradicted by the record or another article
    4  a membership dated after the member's withdrawal from the body
    5  dates that contradict each other

A query returns one row per conflict, with ``a_*`` columns for the fact the
finding is about and ``b_*`` columns for what contradicts it; other columns
(``overlap_from``, ``known_members`` ...) are details of the finding. Run them on
an article graph alone, or on the union with the reference record
(:func:`kg.reference.reference_graph`) to compare the articles' claims with
what actually happened::

    >>> from kg.check import run_checks, to_text
    >>> from kg.query import load_graph
    >>> from kg.reference import reference_graph
    >>> graph = load_graph("out") + reference_graph()      # doctest: +SKIP
    >>> print(to_text(run_checks(graph)))                    # doctest: +SKIP
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import KGError
from kg.resources import resource_dir

__all__ = ["SEVERITIES", "SIDE_FIELDS", "Check", "Finding", "checks_dir", "list_checks", "run_checks",
           "to_text", "to_markdown", "to_html"]

SEVERITIES = ("error", "warning")

SIDE_FIELDS = ("fact", "origin", "who", "who_label", "body", "body_label", "role", "status", "start", "end",
               "modality", "confidence", "source", "url", "headline", "published", "evidence")
"""The keys a side of a finding may have, in display order (empty ones are left out)."""

_LIST_FIELDS = ("source", "url", "evidence")
_LOCAL_NAME_FIELDS = ("role", "status", "modality")
_HEADER = re.compile(r"#\s*(?P<key>title|severity)\s*:\s*(?P<value>.*\S)\s*$")


def checks_dir() -> Path:
    """The folder of the check queries: ``ontology/checks``."""
    return resource_dir("ontology") / "checks"


@dataclass(frozen=True)
class Check:
    """One check: a SPARQL query with a title and a severity.

    Attributes:
        name: the file name without its group number and suffix ("concurrent-chairs").
        group: the number the file name starts with (1-5).
        title: its ``# title:`` line.
        severity: its ``# severity:`` line, "error" or "warning".
        text: the SPARQL text.
        path: the file.
    """

    name: str
    group: int
    title: str
    severity: str
    text: str
    path: Path


@dataclass(frozen=True)
class Finding:
    """A conflict one check found.

    Attributes:
        check: the name of the check ("concurrent-chairs").
        title: the check's title.
        severity: "error" or "warning".
        a: the fact the finding is about: fact node, who, body, dates, modality,
            source (article or reference source nodes), url, evidence ... (see
            :data:`SIDE_FIELDS`; "origin" is "article" or "reference").
        b: what contradicts it, in the same form; empty when the check has one side.
        detail: the other columns of the row (``overlap_from``, ``overlap_to``, ``known_members`` ...).
        group: the check's group number (1-5).
    """

    check: str
    title: str
    severity: str
    a: dict[str, Any]
    b: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, str] = field(default_factory=dict)
    group: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "group": self.group, "title": self.title, "severity": self.severity,
                "a": self.a, "b": self.b, "detail": self.detail}


def _read_check(path: Path) -> Check:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{path}: cannot read the check: {exc}") from exc
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _HEADER.match(line):
            header[m["key"]] = m["value"]
    if "title" not in header or header.get("severity") not in SEVERITIES:
        raise KGError(f"{path}: a check needs a '# title:' line and a '# severity:' line "
                      f"({' or '.join(SEVERITIES)})")
    m = re.match(r"^(\d+)-(.+)$", path.stem)
    group, name = (int(m[1]), m[2]) if m else (0, path.stem)
    return Check(name=name, group=group, title=header["title"], severity=header["severity"], text=text, path=path)


def list_checks(folder: Path | str | None = None) -> list[Check]:
    """The checks of ``folder`` (``ontology/checks`` by default), in file name order.

    Raises:
        KGError: the folder holds no checks, or a check lacks its title or severity.
    """
    folder = Path(folder) if folder is not None else checks_dir()
    paths = sorted(folder.glob("*.rq"))
    if not paths:
        raise KGError(f"{folder}: no checks (*.rq) found")
    return [_read_check(p) for p in paths]


@lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _union(graph: Graph) -> Graph:
    from kg.store import union_graph

    return union_graph(graph) if graph.context_aware else graph


def _value(key: str, term: Any) -> Any:
    text = str(term)
    if key in _LOCAL_NAME_FIELDS and isinstance(term, URIRef):
        return re.split(r"[#/]", text)[-1]
    if key in _LIST_FIELDS:
        parts = text.split("\n") if key == "evidence" else text.split()
        return sorted(p for p in parts if p)
    return text


def _side(row: dict[str, Any], prefix: str, shared: dict[str, str]) -> dict[str, Any]:
    side: dict[str, Any] = {}
    for key in SIDE_FIELDS:
        term = row.get(f"{prefix}_{key}")
        if term is None or str(term) == "":
            continue
        value = _value(key, term)
        if value not in ("", []):
            side[key] = value
    if not side:
        return {}
    side["origin"] = "reference" if "confidence" in side else "article"
    for key in ("body", "body_label"):
        if key in shared and "who" in side:
            side.setdefault(key, shared[key])
    return {k: side[k] for k in SIDE_FIELDS if k in side}


def run_checks(graph: Graph, checks: Iterable[Check] | None = None) -> list[Finding]:
    """Run the checks on ``graph`` (a Graph, or a Dataset checked as the union of its graphs).

    Returns:
        The findings, ordered by check (file name), then body, then the dates of
        the fact each is about.

    Raises:
        KGError: a check cannot be read or is not valid SPARQL.
    """
    data = _union(graph)
    findings: list[Finding] = []
    for check in (list_checks() if checks is None else checks):
        try:
            result = data.query(_prepared(check.text))
        except Exception as exc:  # rdflib's parser and evaluator raise many kinds
            raise KGError(f"{check.path}: the check failed: {' '.join(str(exc).split())}") from exc
        found = []
        for row in result:
            values = {str(k): v for k, v in row.asdict().items()}
            shared = {k: str(v) for k, v in values.items()
                      if not k.startswith(("a_", "b_")) and v is not None and str(v) != ""}
            a, b = _side(values, "a", shared), _side(values, "b", shared)
            detail = {k: v for k, v in shared.items() if k not in ("body", "body_label")}
            found.append(Finding(check=check.name, title=check.title, severity=check.severity, a=a, b=b,
                                 detail=detail, group=check.group))
        found.sort(key=lambda f: (f.a.get("body_label", ""), f.a.get("start") or f.a.get("end") or "",
                                  f.a.get("fact", ""), f.b.get("fact", "")))
        findings.extend(found)
    return findings


# ------------------------------------------------------------------------------ output


def _count(findings: list[Finding]) -> str:
    if not findings:
        return "No findings: the facts add up."
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{len(findings)} finding{'s' * (len(findings) != 1)} ({', '.join(parts)})"


def _period(side: dict[str, Any]) -> str:
    start, end = side.get("start"), side.get("end")
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "undated"


def _what(side: dict[str, Any]) -> str:
    """ "Russia, chair of Council of the Baltic Sea States, 2023-07-01 to 2024-06-30 (planned)" """
    if "who" not in side:  # an article
        return f"the article, published {side.get('published', 'on an unknown day')}"
    role = (side.get("role") or "fact").lower()
    bits = [side.get("who_label") or side.get("who", "?"), f"{role} of {side.get('body_label') or side.get('body', '?')}",
            _period(side)]
    qualifiers = [q.lower() for q in (side.get("modality"), side.get("status")) if q]
    text = ", ".join(bits)
    return f"{text} ({', '.join(qualifiers)})" if qualifiers else text


def _origin(side: dict[str, Any]) -> str:
    if side.get("origin") == "reference":
        return f"reference record ({side.get('confidence')})"
    if "who" not in side:
        return f"\"{side['headline']}\"" if side.get("headline") else "article"
    parts = []
    if side.get("headline"):
        parts.append(f"\"{side['headline']}\"")
    if side.get("published"):
        parts.append(f"published {side['published']}")
    return "article " + ", ".join(parts) if parts else "article"


def _sources(side: dict[str, Any]) -> list[str]:
    return side.get("url") or side.get("source") or []


def _detail_text(detail: dict[str, str]) -> str:
    bits = []
    if "overlap_from" in detail:
        bits.append(f"overlap {detail['overlap_from']} to {detail['overlap_to']}")
    if "known_members" in detail:
        bits.append(f"known members: {detail['known_members']}")
    bits += [f"{k}: {v}" for k, v in detail.items() if k not in ("overlap_from", "overlap_to", "known_members")]
    return "; ".join(bits)


def to_text(findings: list[Finding]) -> str:
    """A plain-text report: a count, then each finding with both sides and their evidence."""
    lines = [_count(findings)]
    for i, f in enumerate(findings, 1):
        lines.append("")
        lines.append(f"{i}. [{f.severity}] {f.check}: {f.title}")
        if f.detail:
            lines.append(f"   {_detail_text(f.detail)}")
        for label, side in (("claim", f.a), ("against", f.b)):
            if not side:
                continue
            lines.append(f"   {label + ':':<9}{_what(side)}")
            lines.append(f"            {_origin(side)}")
            if side.get("fact") and "who" in side:
                lines.append(f"            fact: {side['fact']}")
            for url in _sources(side):
                lines.append(f"            source: {url}")
            for sentence in side.get("evidence", []):
                lines.append(f"            evidence: \"{sentence}\"")
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    """Text for a Markdown table cell: no raw HTML, no cell breaks."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(findings: list[Finding]) -> str:
    """A Markdown report: a section per finding with a table of its two sides."""
    out = ["# Consistency checks", "", _count(findings)]
    for i, f in enumerate(findings, 1):
        out += ["", f"## {i}. {_md(f.title)}", "",
                f"**{f.severity}** · check `{f.check}`" + (f" · {_md(_detail_text(f.detail))}" if f.detail else "")]
        sides = [(name, side) for name, side in (("Claim", f.a), ("Against", f.b)) if side]
        out += ["", "| | " + " | ".join(name for name, _ in sides) + " |",
                "|---|" + "---|" * len(sides)]
        rows = [("what", lambda s: _md(_what(s))), ("from", lambda s: _md(_origin(s))),
                ("fact", lambda s: _md(s.get("fact", ""))),
                ("sources", lambda s: " ".join(f"<{_md(u)}>" for u in _sources(s))),
                ("evidence", lambda s: " / ".join(f"“{_md(e)}”" for e in s.get("evidence", [])))]
        for name, get in rows:
            values = [get(side) for _, side in sides]
            if any(values):
                out.append(f"| {name} | " + " | ".join(values) + " |")
    return "\n".join(out) + "\n"


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.finding { border-left: 4px solid #c0392b; padding: 0 1rem .5rem; margin: 1rem 0; }
.finding.warning { border-color: #d68910; }
.sev { font-weight: bold; text-transform: uppercase; font-size: .8rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ddd; padding: .3rem .5rem;
vertical-align: top; text-align: left; } th { background: #f4f4f4; width: 8rem; }
.evidence { font-style: italic; } code { font-size: .85rem; word-break: break-all; }
"""


def to_html(findings: list[Finding]) -> str:
    """A self-contained HTML page (no scripts, no outside resources); every value is HTML-escaped."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>baltic-kg consistency checks</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>Consistency checks</h1>", f"<p>{e(_count(findings))}</p>"]
    for i, f in enumerate(findings, 1):
        parts.append(f'<section class="finding {e(f.severity)}">')
        parts.append(f"<h2>{i}. {e(f.title)}</h2>")
        meta = f'<span class="sev">{e(f.severity)}</span> · check <code>{e(f.check)}</code>'
        if f.detail:
            meta += f" · {e(_detail_text(f.detail))}"
        parts.append(f"<p>{meta}</p>")
        sides = [(name, side) for name, side in (("Claim", f.a), ("Against", f.b)) if side]
        parts.append("<table><tr><th></th>" + "".join(f"<th>{e(n)}</th>" for n, _ in sides) + "</tr>")

        def cell_links(side: dict[str, Any]) -> str:
            links = []
            for url in _sources(side):
                if url.startswith(("http://", "https://")):
                    links.append(f'<a href="{e(url, quote=True)}">{e(url)}</a>')
                else:
                    links.append(f"<code>{e(url)}</code>")
            return "<br>".join(links)

        rows = [
            ("what", lambda s: e(_what(s))),
            ("from", lambda s: e(_origin(s))),
            ("fact", lambda s: f"<code>{e(s['fact'])}</code>" if s.get("fact") else ""),
            ("sources", cell_links),
            ("evidence", lambda s: "<br>".join(f'<span class="evidence">“{e(x)}”</span>'
                                               for x in s.get("evidence", []))),
        ]
        for name, get in rows:
            cells = [get(side) for _, side in sides]
            if any(cells):
                parts.append(f"<tr><th>{e(name)}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
