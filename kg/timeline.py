"""Timelines of a body's chairmanships and memberships: a table, an HTML page with an SVG chart, a PNG.

::

    from kg.timeline import timeline_frame, write_timeline_html, write_timeline_png, write_timelines
    from kg.query import load_graph_with_reference

    graph = load_graph_with_reference("out")          # with out/reference.trig when it is there
    timeline_frame(graph, "CBSS")                       # one row per chairmanship and membership
    write_timeline_html(graph, "CBSS", "cbss.html")     # a self-contained page, no script, no network
    write_timeline_png(graph, "CBSS", "cbss.png")       # the same chart, drawn by matplotlib (Agg)
    write_timelines(graph, "out")                       # out/timelines/<body>.html|.png and index.html

The rows come from the library query ``body-timeline`` (so from the articles
and, when the graph holds it, the reference record; ``source_kind`` says
which). Dates are drawn at their precision: a beginning "2024" (xsd:gYear)
starts on 2024-01-01, an end "2025" ends on 2025-12-31, "2025-10" on 2025-10-31.

In the chart each dated fact is one bar, in a lane per holder (chairmanships
first, then members and observers). Asserted facts are solid bars, planned,
hoped and proposed ones hatched with a dashed outline; the colour says whether
the source is an article or the reference record. An open end runs to the day
its article was published (or, when that is not later than its beginning, to
the chart's end) and fades out with an arrow; a fact known only by its end
starts at the day its article was published (or a short stub before the end)
and fades in. A membership that ended in a suspension or a withdrawal carries
a red mark at its end; an open membership of a member that the graph says
withdrew later is drawn up to the withdrawal. Undated and denied facts are not
drawn: they are listed below the chart. Every bar's tooltip (its SVG
``<title>``) gives the period, the source and the evidence sentence, and every
text is HTML/XML-escaped.
"""
from __future__ import annotations

import calendar
import html
import math
import os
import re
import tempfile
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.errors import KGError, StoreError

if TYPE_CHECKING:
    import pandas

__all__ = [
    "TIMELINE_COLUMNS",
    "PLANNED_MODALITIES",
    "TimelineBody",
    "timeline_frame",
    "timeline_rows",
    "frame_of_rows",
    "named_bodies",
    "write_timeline_pages",
    "timeline_bodies",
    "body_slug",
    "render_timeline_html",
    "render_timeline_svg",
    "write_timeline_html",
    "write_timeline_png",
    "write_timelines",
]

TIMELINE_COLUMNS: tuple[str, ...] = (
    "who", "role", "start", "end", "status", "modality", "source_kind", "source",
    "planned", "start_date", "end_date", "open_end", "drawn",
    "published", "headline", "article", "url", "confidence", "evidence",
    "who_iri", "body", "body_label", "fact",
)
"""The columns of :func:`timeline_frame`:

- ``who``, ``role`` ("Chair", "Member", "Observer"), ``start``, ``end`` (as the graph
  gives them: "2024", "2024-07", "2024-07-01", or None), ``status`` ("Active",
  "Suspended", "Withdrawn" or None), ``modality`` ("Asserted", "Planned", "Hoped",
  "Proposed", "Denied"), ``source_kind`` ("article" or "reference"), ``source`` (the
  article's headline, or "reference record (verified): URL ...");
- ``planned`` (planned, hoped or proposed), ``start_date`` (the first day of ``start``),
  ``end_date`` (the last day of ``end``), ``open_end`` (a beginning but no end),
  ``drawn`` (dated and not denied);
- ``published``, ``headline``, ``article`` (IRI), ``url`` (the article's, or the
  reference sources' separated by spaces), ``confidence`` (reference facts), ``evidence``;
- ``who_iri``, ``body`` (IRI), ``body_label``, ``fact`` (the fact's IRI).
"""

PLANNED_MODALITIES = ("Planned", "Hoped", "Proposed")
"""Modalities drawn as planned (hatched, dashed) rather than as actual terms."""

_ROLE_ORDER = {"Chair": 0, "Member": 1, "Observer": 2}
_SECTIONS = (("Chair", "Chairmanships"), ("Member", "Members"), ("Observer", "Observers"))
_COLOURS = {"article": "#d9711c", "reference": "#3f6fa0"}
_MARK_COLOUR = "#c0392b"
_AXIS_COLOUR = "#6b6b6b"

# SVG geometry (pixels)
_WIDTH = 1100
_LABEL_W = 210
_PAD_R = 36
_TOP = 40
_ROW_H = 20
_BAR_H = 12
_SECTION_H = 28
_BOTTOM = 16
_FADE_W = 26
_MIN_BAR_W = 3.0


# --------------------------------------------------------------------------- dates


def _first_day(value: str | None) -> date | None:
    """The first day a date at its precision covers: "2024" -> 2024-01-01, "2024-07" -> 2024-07-01."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _last_day(value: str | None) -> date | None:
    """The last day a date at its precision covers: "2025" -> 2025-12-31, "2025-10" -> 2025-10-31."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- the rows


def _graph(graph: Graph | str | Path) -> Graph:
    if isinstance(graph, Graph):
        return graph
    from kg.query import load_graph_with_reference

    return load_graph_with_reference(graph)


def _is_iri(body: Any) -> bool:
    return isinstance(body, URIRef) or (isinstance(body, str) and bool(re.match(r"^(https?://|id:)", body.strip())))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text else None


def _empty_frame() -> "pandas.DataFrame":
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=object) for c in TIMELINE_COLUMNS})


def timeline_frame(graph: Graph | str | Path, body: str | URIRef) -> "pandas.DataFrame":
    """One row per chairmanship and per membership of ``body`` (see :data:`TIMELINE_COLUMNS`).

    Rows are ordered by role (chairs, members, observers), then by date (undated last),
    holder and source kind.

    Args:
        graph: a Graph (with the reference record in it, if it is to be shown:
            :func:`kg.query.with_reference`), or a path read with
            :func:`kg.query.load_graph_with_reference`.
        body: the body by name or abbreviation (any case), or its IRI (``id:org/cbss`` or full).

    Returns:
        A DataFrame; empty (with the columns) when the graph knows no such body or none of its facts.

    Raises:
        KGError: the name fits several bodies (give the IRI), or the graph cannot be read.
    """
    from kg.query import _to_iri, run

    rdf = _graph(graph)
    wanted: URIRef | None = None
    if _is_iri(body):
        wanted = _to_iri(str(body).strip(), "body")
        label = rdf.value(wanted, RDFS.label)
        if label is None:
            return _empty_frame()
        name = str(label)
    else:
        name = str(body)
    records = run(rdf, "body-timeline", body=name).records()
    if wanted is not None:
        records = [r for r in records if r["body_iri"] == str(wanted)]
    bodies = sorted({r["body_iri"] for r in records})
    if len(bodies) > 1:
        raise KGError(f"{name!r} names {len(bodies)} bodies ({', '.join(bodies)}); give the IRI of one")
    if not records:
        return _empty_frame()
    body_iri = bodies[0]
    body_label = str(rdf.value(URIRef(body_iri), RDFS.label) or name)
    return frame_of_rows(timeline_rows(records, body_iri, body_label))


def timeline_rows(records: Iterable[dict], body_iri: str, body_label: str) -> list[dict]:
    """The rows of :func:`timeline_frame` (unsorted) from records in the form of the ``body-timeline`` query's."""
    rows = []
    for r in records:
        start, end = _text(r["start"]), _text(r["end"])
        kind = r["source_kind"]
        urls = " ".join(sorted(set((_text(r["url"]) or "").split()))) or None  # GROUP_CONCAT's order is the engine's
        if kind == "reference":
            source = "reference record" + (f" ({r['confidence']})" if r.get("confidence") else "")
            if urls:
                source += ": " + urls
        else:
            source = _text(r["headline"]) or _text(r["article"]) or ""
        published = r["published"] if isinstance(r["published"], date) else _first_day(_text(r["published"]))
        modality = r["modality"] or "Asserted"
        rows.append({
            "who": r["who_label"],
            "role": r["role"],
            "start": start,
            "end": end,
            "status": _text(r["status"]),
            "modality": modality,
            "source_kind": kind,
            "source": source,
            "planned": modality in PLANNED_MODALITIES,
            "start_date": _first_day(start),
            "end_date": _last_day(end),
            "open_end": bool(start) and not end,
            "drawn": bool(start or end) and modality != "Denied",
            "published": published,
            "headline": _text(r["headline"]),
            "article": _text(r["article"]),
            "url": urls,
            "confidence": _text(r["confidence"]),
            "evidence": _text(r["evidence"]),
            "who_iri": r["who"],
            "body": body_iri,
            "body_label": body_label,
            "fact": r["fact"],
        })
    return rows


def frame_of_rows(rows: list[dict]) -> "pandas.DataFrame":
    """The DataFrame of :func:`timeline_frame` from its rows, in its order."""
    import pandas as pd

    if not rows:
        return _empty_frame()
    rows = sorted(rows, key=lambda row: (_ROLE_ORDER.get(row["role"], 9),
                                         row["start_date"] or row["end_date"] or date.max,
                                         row["end_date"] or date.max, row["who"], row["source_kind"],
                                         row["article"] or "", row["fact"]))
    return pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS), dtype=object)


@dataclass(frozen=True)
class TimelineBody:
    """A body that has at least one chairmanship: its IRI, label, file name stem and number of chairmanships."""

    iri: str
    label: str
    slug: str
    chairmanships: int


_BODIES_QUERY = """
SELECT ?body (SAMPLE(?label0) AS ?label) (COUNT(DISTINCT ?fact) AS ?n)
WHERE {
  ?fact org:role bkg:Chair ;
        org:organization ?body ;
        bkg:modality ?modality .
  FILTER (?modality != bkg:Denied)
  ?body rdfs:label ?label0 .
}
GROUP BY ?body
"""


def body_slug(iri: str, label: str) -> str:
    """The file name stem of a body's timeline: ``id:org/cbss`` -> ``cbss``; else a slug of its label."""
    from kg.extract.mentions import slugify
    from kg.ontology import ID

    text = str(iri)
    if text.startswith(str(ID)) and "/" in text[len(str(ID)):]:
        return slugify(text[len(str(ID)):].split("/", 1)[1])
    return slugify(label)


def timeline_bodies(graph: Graph | str | Path) -> list[TimelineBody]:
    """The bodies that have at least one chairmanship (not denied), by label; slugs are unique."""
    from kg.query import run

    rows = run(_graph(graph), _BODIES_QUERY).records()
    return named_bodies((r["body"], r["label"], int(r["n"])) for r in rows)


def named_bodies(found: Iterable[tuple[str, str, int]]) -> list[TimelineBody]:
    """(IRI, label, chairmanships) -> TimelineBodies in label order, with unique file name stems."""
    rows = sorted(found, key=lambda r: (str(r[1]).casefold(), r[0]))
    out: list[TimelineBody] = []
    used: set[str] = {"index"}
    for iri, label, n in rows:
        slug = base = body_slug(iri, label)
        k = 2
        while slug in used:
            slug, k = f"{base}-{k}", k + 1
        used.add(slug)
        out.append(TimelineBody(iri=iri, label=label, slug=slug, chairmanships=n))
    return out


# --------------------------------------------------------------------------- layout


@dataclass
class _Bar:
    row: dict
    x0: date
    x1: date
    open_start: bool = False
    open_end: bool = False
    closed_by: str | None = None


@dataclass
class _Lane:
    section: str
    label: str
    bars: list[_Bar] = field(default_factory=list)
    first: bool = True  # the first lane of its holder (carries the label)


@dataclass
class _Layout:
    lo: date
    hi: date
    lanes: list[_Lane]
    not_drawn: list[dict]
    rows: list[dict]

    @property
    def bars(self) -> list[_Bar]:
        return [b for lane in self.lanes for b in lane.bars]


def _records(frame: "pandas.DataFrame") -> list[dict]:
    out = []
    for rec in frame.to_dict("records"):
        out.append({k: (None if (isinstance(v, float) and math.isnan(v)) else v) for k, v in rec.items()})
    return out


def _layout(frame: "pandas.DataFrame") -> _Layout:
    rows = _records(frame)
    drawn = [r for r in rows if r["drawn"]]
    not_drawn = [r for r in rows if not r["drawn"]]
    if not drawn:
        today = date.today()
        return _Layout(date(today.year, 1, 1), date(today.year, 12, 31), [], not_drawn, rows)
    known: list[date] = []
    for r in drawn:
        known += [d for d in (r["start_date"], r["end_date"]) if d is not None]
        if r["published"] is not None:
            known.append(r["published"])
    lo, hi = date(min(known).year, 1, 1), date(max(known).year, 12, 31)
    stub = timedelta(days=max(30, (hi - lo).days // 60))
    withdrawals = [r for r in drawn if r["status"] == "Withdrawn" and r["modality"] == "Asserted" and r["end_date"]]
    bars: list[_Bar] = []
    for r in drawn:
        start, end, published = r["start_date"], r["end_date"], r["published"]
        if start is not None and end is not None:
            bars.append(_Bar(r, start, max(start, end)))
        elif start is not None:
            left = sorted((w for w in withdrawals if w["who_iri"] == r["who_iri"] and w["role"] == r["role"]
                           and w["fact"] != r["fact"] and w["end_date"] >= start), key=lambda w: w["end_date"])
            if left:
                w = left[0]
                bars.append(_Bar(r, start, w["end_date"],
                                 closed_by=f"withdrew on {w['end']} (per the {w['source_kind']}: {w['source']})"))
            elif published is not None and published > start:
                bars.append(_Bar(r, start, published, open_end=True))
            else:
                bars.append(_Bar(r, start, hi, open_end=True))
        else:
            assert end is not None
            x0 = published if published is not None and published < end else max(lo, end - stub)
            bars.append(_Bar(r, x0, end, open_start=True))
    lanes: list[_Lane] = []
    for role, _title in _SECTIONS:
        holders: dict[str, list[_Bar]] = {}
        for bar in bars:
            if bar.row["role"] == role:
                holders.setdefault(bar.row["who_iri"], []).append(bar)
        order = sorted(holders.items(), key=lambda kv: (min(b.x0 for b in kv[1]), kv[1][0].row["who"], kv[0]))
        for _iri, group in order:
            group.sort(key=lambda b: (b.x0, b.x1, b.row["source_kind"], b.row["fact"]))
            sub: list[_Lane] = []
            for bar in group:
                for lane in sub:
                    if lane.bars[-1].x1 < bar.x0:
                        lane.bars.append(bar)
                        break
                else:
                    sub.append(_Lane(section=role, label=group[0].row["who"], bars=[bar], first=not sub))
            lanes.extend(sub)
    return _Layout(lo, hi, lanes, not_drawn, rows)


def _period_text(row: dict) -> str:
    start, end = row["start"], row["end"]
    if start and start == end:
        return f"in {start}" if len(start) < 10 else f"on {start}"
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return "undated"


def _role_text(row: dict) -> str:
    return {"Chair": "chair", "Member": "member", "Observer": "observer"}.get(row["role"], str(row["role"]).lower())


def _source_text(row: dict) -> str:
    if row["source_kind"] == "reference":
        return f"Source: {row['source']}"
    text = f"Source: article “{row['headline']}”" if row["headline"] else f"Source: article {row['article']}"
    if row["published"]:
        text += f" (published {row['published']})"
    if row["url"]:
        text += f" {row['url']}"
    elif row["article"] and row["headline"]:
        text += f" {row['article']}"
    return text


def _tooltip(bar: _Bar | None, row: dict) -> str:
    lines = [f"{row['who']} — {_role_text(row)} of {row['body_label']}",
             f"{_period_text(row)} ({row['modality'].lower()})"]
    if row["status"] and row["status"] != "Active":
        lines.append(f"Status: {row['status'].lower()}" + (f" on {row['end']}" if row["end"] else ""))
    if bar is not None:
        if bar.open_end:
            shown = "the day its article was published" if bar.row["published"] == bar.x1 else "the chart's end"
            lines.append(f"No end given: drawn to {shown} ({bar.x1})")
        if bar.open_start:
            lines.append("No beginning given")
        if bar.closed_by:
            lines.append(f"No end given: drawn to the withdrawal ({bar.closed_by})")
    lines.append(_source_text(row))
    if row["evidence"]:
        lines.append(f"Evidence: {row['evidence']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- SVG


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _tick_step(years: int) -> int:
    for limit, step in ((12, 1), (25, 2), (60, 5)):
        if years <= limit:
            return step
    return 10


def _classes(bar: _Bar) -> str:
    row = bar.row
    names = ["fact", _role_text(row), "planned" if row["planned"] else "actual",
             f"modality-{row['modality'].lower()}", f"source-{row['source_kind']}"]
    if row["status"] and row["status"] != "Active":
        names.append(f"status-{row['status'].lower()}")
    if bar.open_end:
        names.append("open-end")
    if bar.open_start:
        names.append("open-start")
    if bar.closed_by:
        names.append("closed-by-withdrawal")
    return " ".join(names)


_DEFS = """<defs>
<pattern id="kg-hatch-article" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
<rect width="6" height="6" fill="#fbe3cf"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d9711c" stroke-width="2.4"/></pattern>
<pattern id="kg-hatch-reference" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">\
<rect width="6" height="6" fill="#d9e4f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#3f6fa0" stroke-width="2.4"/></pattern>
<linearGradient id="kg-fade-out" x1="0" x2="1" y1="0" y2="0">\
<stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ffffff" stop-opacity="0.92"/></linearGradient>
<linearGradient id="kg-fade-in" x1="0" x2="1" y1="0" y2="0">\
<stop offset="0" stop-color="#ffffff" stop-opacity="0.92"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></linearGradient>
</defs>"""


def _bar_svg(bar: _Bar, x0: float, x1: float, y: float) -> str:
    row = bar.row
    colour = _COLOURS.get(row["source_kind"], "#777777")
    width = max(x1 - x0, _MIN_BAR_W)
    top = y + (_ROW_H - _BAR_H) / 2
    parts = [f'<g class="{_esc(_classes(bar))}" data-fact="{_esc(row["fact"])}">',
             f"<title>{_esc(_tooltip(bar, row))}</title>"]
    if row["planned"]:
        parts.append(f'<rect class="bar" x="{_num(x0)}" y="{_num(top)}" width="{_num(width)}" height="{_BAR_H}" '
                     f'fill="url(#kg-hatch-{_esc(row["source_kind"])})" stroke="{colour}" stroke-width="1.4" '
                     f'stroke-dasharray="4 3"/>')
    else:
        parts.append(f'<rect class="bar" x="{_num(x0)}" y="{_num(top)}" width="{_num(width)}" height="{_BAR_H}" '
                     f'fill="{colour}" stroke="{colour}" stroke-width="1"/>')
    fade = min(_FADE_W, width * 0.6)
    if bar.open_end:
        parts.append(f'<rect class="fade" x="{_num(x0 + width - fade)}" y="{_num(top - 1)}" width="{_num(fade)}" '
                     f'height="{_BAR_H + 2}" fill="url(#kg-fade-out)"/>')
        mid = top + _BAR_H / 2
        tip = x0 + width + 7
        parts.append(f'<path class="arrow" d="M{_num(tip - 7)},{_num(mid - 5)} L{_num(tip)},{_num(mid)} '
                     f'L{_num(tip - 7)},{_num(mid + 5)} Z" fill="{colour}"/>')
    if bar.open_start:
        parts.append(f'<rect class="fade" x="{_num(x0)}" y="{_num(top - 1)}" width="{_num(fade)}" '
                     f'height="{_BAR_H + 2}" fill="url(#kg-fade-in)"/>')
    status = (row["status"] or "").lower()
    if status in ("suspended", "withdrawn") and row["end"]:
        xe = x0 + width
        mid = top + _BAR_H / 2
        note = f"{status.capitalize()} on {row['end']}"
        if status == "suspended":
            shape = (f'<rect x="{_num(xe - 1)}" y="{_num(mid - 8)}" width="3" height="16" fill="{_MARK_COLOUR}"/>'
                     f'<rect x="{_num(xe + 4)}" y="{_num(mid - 8)}" width="3" height="16" fill="{_MARK_COLOUR}"/>')
        else:
            shape = (f'<path d="M{_num(xe - 5)},{_num(mid - 6)} L{_num(xe + 7)},{_num(mid + 6)} '
                     f'M{_num(xe - 5)},{_num(mid + 6)} L{_num(xe + 7)},{_num(mid - 6)}" stroke="{_MARK_COLOUR}" '
                     f'stroke-width="3" fill="none"/>')
        parts.append(f'<g class="marker {status}"><title>{_esc(note)}</title>{shape}</g>')
    parts.append("</g>")
    return "".join(parts)


def render_timeline_svg(frame: "pandas.DataFrame", title: str | None = None) -> str:
    """The chart of a :func:`timeline_frame` as an ``<svg>`` element (no script, every text escaped).

    Each drawn fact is a ``<g class="fact ...">`` with a ``<title>`` tooltip and a
    ``rect.bar``; its classes say the role, ``actual`` or ``planned``, the modality,
    the source (``source-article``, ``source-reference``), the status and
    ``open-end``/``open-start``. A suspension or withdrawal adds a ``g.marker``.
    """
    layout = _layout(frame)
    lanes = layout.lanes
    sections = [role for role, _ in _SECTIONS if any(lane.section == role for lane in lanes)]
    height = _TOP + len(sections) * _SECTION_H + len(lanes) * _ROW_H + _BOTTOM
    plot_w = _WIDTH - _LABEL_W - _PAD_R
    span = max((layout.hi - layout.lo).days, 1)

    def x(d: date) -> float:
        return _LABEL_W + (d - layout.lo).days / span * plot_w

    label = title or "Timeline"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-timeline" role="img" width="{_WIDTH}" '
           f'height="{height}" viewBox="0 0 {_WIDTH} {height}" font-family="system-ui, sans-serif" font-size="12">',
           f"<title>{_esc(label)}</title>", _DEFS]
    # axis and grid
    years = layout.hi.year - layout.lo.year + 1
    step = _tick_step(years)
    out.append('<g class="axis">')
    for year in range(layout.lo.year, layout.hi.year + 2):
        if year % step:
            continue
        d = date(year, 1, 1) if year <= layout.hi.year else layout.hi + timedelta(days=1)
        xx = min(x(d), _LABEL_W + plot_w)
        out.append(f'<line class="grid" x1="{_num(xx)}" y1="{_TOP - 6}" x2="{_num(xx)}" y2="{height - _BOTTOM}" '
                   f'stroke="#e3e3e3" stroke-width="1"/>')
        if year <= layout.hi.year:
            out.append(f'<text class="tick" x="{_num(xx + 3)}" y="{_TOP - 12}" fill="{_AXIS_COLOUR}">{year}</text>')
    out.append("</g>")
    y = float(_TOP)
    for role, section_title in _SECTIONS:
        section = [lane for lane in lanes if lane.section == role]
        if not section:
            continue
        out.append(f'<g class="section section-{role.lower()}">')
        out.append(f'<text class="section-title" x="8" y="{_num(y + 18)}" font-weight="600" font-size="13" '
                   f'fill="#222">{_esc(section_title)}</text>')
        out.append(f'<line x1="8" y1="{_num(y + _SECTION_H - 3)}" x2="{_WIDTH - _PAD_R}" '
                   f'y2="{_num(y + _SECTION_H - 3)}" stroke="#bbb" stroke-width="1"/>')
        y += _SECTION_H
        for i, lane in enumerate(section):
            out.append('<g class="lane">')
            if i % 2 == 0:
                out.append(f'<rect class="band" x="{_LABEL_W}" y="{_num(y)}" width="{plot_w}" height="{_ROW_H}" '
                           f'fill="#f6f6f6"/>')
            if lane.first:
                out.append(f'<text class="lane-label" x="{_LABEL_W - 8}" y="{_num(y + _ROW_H / 2 + 4)}" '
                           f'text-anchor="end" fill="#222">{_esc(_clip(lane.label, 27))}<title>{_esc(lane.label)}'
                           f'</title></text>')
            for bar in lane.bars:
                out.append(_bar_svg(bar, x(bar.x0), x(bar.x1 + timedelta(days=1)), y))
            out.append("</g>")
            y += _ROW_H
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# The legend uses the patterns and gradients the chart's <defs> declare (ids are the document's).
_LEGEND = f"""<svg xmlns="http://www.w3.org/2000/svg" class="kg-legend" width="760" height="24" \
font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="Legend">
<rect x="2" y="6" width="26" height="12" fill="{_COLOURS['article']}"/><text x="34" y="16">article</text>
<rect x="92" y="6" width="26" height="12" fill="{_COLOURS['reference']}"/><text x="124" y="16">reference record</text>
<rect x="236" y="6" width="26" height="12" fill="url(#kg-hatch-article)" stroke="{_COLOURS['article']}" \
stroke-dasharray="4 3"/><text x="268" y="16">planned, hoped, proposed</text>
<rect x="432" y="6" width="26" height="12" fill="{_COLOURS['reference']}"/>\
<rect x="444" y="5" width="14" height="14" fill="url(#kg-fade-out)"/>\
<path d="M458,7 L465,12 L458,17 Z" fill="{_COLOURS['reference']}"/><text x="472" y="16">no end given</text>
<rect x="570" y="4" width="3" height="16" fill="{_MARK_COLOUR}"/><rect x="575" y="4" width="3" height="16" \
fill="{_MARK_COLOUR}"/><text x="584" y="16">suspended</text>
<path d="M656,6 L668,18 M656,18 L668,6" stroke="{_MARK_COLOUR}" stroke-width="3"/><text x="674" y="16">withdrawn</text>
</svg>"""


# --------------------------------------------------------------------------- HTML


def _template():
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    text = files("kg").joinpath("templates").joinpath("timeline.html").read_text(encoding="utf-8")
    return env.from_string(text)


def _row_view(row: dict) -> dict:
    return {
        "who": row["who"], "role": _role_text(row), "period": _period_text(row),
        "status": (row["status"] or "").lower(), "modality": row["modality"].lower(),
        "source_kind": row["source_kind"], "headline": row["headline"], "article": row["article"],
        "url_list": (row["url"] or "").split(), "confidence": row["confidence"], "published": row["published"],
        "evidence": row["evidence"], "reason": "denied" if row["modality"] == "Denied" else "no dates given",
        "planned": row["planned"],
    }


def render_timeline_html(graph: Graph | str | Path, body: str | URIRef, *, links: Iterable[tuple[str, str]] = (),
                         frame: "pandas.DataFrame | None" = None) -> str:
    """The HTML text of the timeline page of ``body`` (see :func:`write_timeline_html`)."""
    from markupsafe import Markup

    frame = timeline_frame(graph, body) if frame is None else frame
    if frame.empty:
        raise KGError(f"the graph holds no chairmanship or membership of {str(body)!r}")
    layout = _layout(frame)
    body_label = str(frame["body_label"].iloc[0])
    title = f"{body_label}: chairmanships and memberships"
    rows = layout.rows
    counts = {role: sum(1 for r in rows if r["role"] == role) for role, _ in _SECTIONS}
    kinds = {k: sum(1 for r in rows if r["source_kind"] == k) for k in ("article", "reference")}
    return _template().render(
        page="timeline",
        title=title,
        body_label=body_label,
        body_iri=str(frame["body"].iloc[0]),
        links=[{"label": label, "href": href} for label, href in links],
        chart=Markup(render_timeline_svg(frame, title)) if layout.lanes else None,
        legend=Markup(_LEGEND),
        period=(layout.lo.year, layout.hi.year) if layout.lanes else None,
        n_chairs=counts["Chair"], n_members=counts["Member"], n_observers=counts["Observer"],
        n_article=kinds["article"], n_reference=kinds["reference"],
        n_drawn=len(layout.bars),
        not_drawn=[_row_view(r) for r in layout.not_drawn],
        facts=[_row_view(r) for r in rows],
    )


def _write_text(path: Path, text: str) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, path)
        finally:
            Path(tmp_name).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def write_timeline_html(graph: Graph | str | Path, body: str | URIRef, path: str | Path, *,
                        links: Iterable[tuple[str, str]] = (), frame: "pandas.DataFrame | None" = None) -> Path:
    """Write the timeline page of ``body``: one self-contained HTML file with an inline SVG chart.

    The page loads nothing (no script at all; its Content-Security-Policy forbids
    any load); tooltips are SVG ``<title>`` elements; undated and denied facts are
    listed below the chart, and every fact is listed with its source in a table.

    Args:
        graph, body: as for :func:`timeline_frame`.
        path: the file to write (replaced atomically).
        links: (label, href) pairs shown at the top of the page (the index, the graph view ...).
        frame: the rows, when already computed by :func:`timeline_frame`.

    Raises:
        KGError: the graph holds no chairmanship or membership of the body.
        StoreError: the file cannot be written.
    """
    return _write_text(Path(path), render_timeline_html(graph, body, links=links, frame=frame))


# --------------------------------------------------------------------------- PNG


def write_timeline_png(graph: Graph | str | Path, body: str | URIRef, path: str | Path, *,
                       frame: "pandas.DataFrame | None" = None, dpi: int = 100) -> Path:
    """Write the timeline of ``body`` as a PNG drawn by matplotlib (Agg, no display needed).

    The same chart as the HTML page: lanes per holder, solid actual terms,
    hatched dashed planned ones, faded open ends with an arrow, red marks for
    suspensions (‖) and withdrawals (✕); undated facts are listed under the chart.

    Raises:
        KGError: the graph holds no chairmanship or membership of the body, or matplotlib is missing.
        StoreError: the file cannot be written.
    """
    try:
        from matplotlib import dates as mdates
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch, Rectangle
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency of the timelines
        raise KGError("drawing a timeline PNG needs matplotlib (pip install matplotlib)") from exc

    frame = timeline_frame(graph, body) if frame is None else frame
    if frame.empty:
        raise KGError(f"the graph holds no chairmanship or membership of {str(body)!r}")
    layout = _layout(frame)
    body_label = str(frame["body_label"].iloc[0])
    lanes = layout.lanes
    sections = [(role, t) for role, t in _SECTIONS if any(lane.section == role for lane in lanes)]
    n_rows = len(lanes) + len(sections)
    undated = [f"{r['who']} ({_role_text(r)}{', ' + r['status'].lower() if r['status'] else ''}; "
               f"{r['source_kind']}{'; denied' if r['modality'] == 'Denied' else ''})" for r in layout.not_drawn]
    undated_lines = textwrap.wrap("; ".join(undated), 150) if undated else []
    width_in = 12.0
    chart_in = max(n_rows, 1) * 0.27
    head_in, legend_in = 0.75, 0.55
    foot_in = (0.35 + 0.19 * len(undated_lines)) if undated_lines else 0.15
    height_in = min(head_in + chart_in + legend_in + foot_in + 0.35, 300.0)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    bottom = (legend_in + foot_in + 0.2) / height_in
    top = 1 - head_in / height_in
    ax = fig.add_axes((0.19, bottom, 0.78, max(top - bottom, 0.05)))
    fig.text(0.5, 1 - 0.3 / height_in, f"{body_label}: chairmanships and memberships",
             ha="center", va="center", fontsize=14, fontweight="bold", parse_math=False)
    if not lanes:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No dated chairmanship or membership to draw", ha="center", va="center",
                transform=ax.transAxes, parse_math=False)
    else:
        lo, hi = mdates.date2num(layout.lo), mdates.date2num(layout.hi + timedelta(days=1))
        span = hi - lo
        fade = span * 0.025
        yticks, ylabels = [], []
        yi = 0
        for role, section_title in sections:
            ax.text(lo - span * 0.005, yi, section_title, ha="right", va="center", fontsize=10,
                    fontweight="bold", parse_math=False)
            ax.axhline(yi + 0.5, color="#bbbbbb", linewidth=0.8)
            yi += 1
            for i, lane in enumerate(l for l in lanes if l.section == role):
                if i % 2 == 0:
                    ax.axhspan(yi - 0.5, yi + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
                if lane.first:
                    yticks.append(yi)
                    ylabels.append(_clip(lane.label, 30))
                for bar in lane.bars:
                    row = bar.row
                    colour = _COLOURS.get(row["source_kind"], "#777777")
                    x0 = mdates.date2num(bar.x0)
                    x1 = mdates.date2num(bar.x1 + timedelta(days=1))
                    w = max(x1 - x0, span * 0.002)
                    if row["planned"]:
                        ax.add_patch(Rectangle((x0, yi - 0.3), w, 0.6, facecolor="#ffffff", edgecolor=colour,
                                               hatch="////", linestyle="--", linewidth=1.2, zorder=2))
                    else:
                        ax.add_patch(Rectangle((x0, yi - 0.3), w, 0.6, facecolor=colour, edgecolor=colour,
                                               linewidth=0.8, zorder=2))
                    f = min(fade, w * 0.6)
                    steps = 6
                    if bar.open_end:
                        for k in range(steps):
                            ax.add_patch(Rectangle((x0 + w - f + k * f / steps, yi - 0.34), f / steps, 0.68,
                                                   facecolor="#ffffff", alpha=0.15 * (k + 1), linewidth=0, zorder=3))
                        ax.plot([x0 + w], [yi], marker=">", color=colour, markersize=6, zorder=4)
                    if bar.open_start:
                        for k in range(steps):
                            ax.add_patch(Rectangle((x0 + k * f / steps, yi - 0.34), f / steps, 0.68,
                                                   facecolor="#ffffff", alpha=0.15 * (steps - k), linewidth=0,
                                                   zorder=3))
                    status = (row["status"] or "").lower()
                    if status == "suspended" and row["end"]:
                        ax.plot([x0 + w], [yi], marker="$\u2016$", color=_MARK_COLOUR, markersize=11, zorder=5)
                    elif status == "withdrawn" and row["end"]:
                        ax.plot([x0 + w], [yi], marker="X", color=_MARK_COLOUR, markersize=8, zorder=5)
                yi += 1
        ax.set_xlim(lo, hi)
        ax.set_ylim(yi - 0.5, -0.5)
        ax.set_yticks(yticks)
        ax.set_yticklabels(ylabels, fontsize=8.5, parse_math=False)
        years = layout.hi.year - layout.lo.year + 1
        ax.xaxis.set_major_locator(mdates.YearLocator(_tick_step(years)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", labelsize=9, colors=_AXIS_COLOUR)
        ax.grid(axis="x", color="#e0e0e0", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=_COLOURS["article"], label="article"),
            Patch(facecolor=_COLOURS["reference"], label="reference record"),
            Patch(facecolor="#ffffff", edgecolor=_COLOURS["article"], hatch="////", linestyle="--",
                  label="planned, hoped, proposed"),
            Line2D([], [], marker=">", color="#555555", linestyle="none", label="no end given"),
            Line2D([], [], marker="$\u2016$", color=_MARK_COLOUR, linestyle="none", markersize=10,
                   label="suspended"),
            Line2D([], [], marker="X", color=_MARK_COLOUR, linestyle="none", label="withdrawn"),
        ]
        fig.legend(handles=handles, loc="lower center", ncol=6, fontsize=9, frameon=False,
                   bbox_to_anchor=(0.5, (foot_in + 0.1) / height_in))
    if undated_lines:
        fig.text(0.02, (foot_in - 0.12) / height_in, "Not drawn (no dates given): " + "\n".join(undated_lines),
                 ha="left", va="top", fontsize=8.5, color="#333333", parse_math=False, linespacing=1.4)
    out = Path(path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        try:
            fig.savefig(tmp_name, format="png", dpi=dpi, metadata={"Software": None})
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, out)
        finally:
            Path(tmp_name).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


# --------------------------------------------------------------------------- every body


def _index_html(entries: list[dict], links: Iterable[tuple[str, str]]) -> str:
    return _template().render(page="index", title="Timelines of the bodies",
                              links=[{"label": label, "href": href} for label, href in links], bodies=entries)


def write_timelines(graph: Graph | str | Path, out_dir: str | Path, *, subdir: str | None = "timelines",
                    home: tuple[str, str] | None = None, png: bool = True,
                    bodies: Iterable[str | URIRef] | None = None, index: bool = True) -> list[Path]:
    """Write the timeline (HTML and PNG) of every body that has a chairmanship, and an index page.

    Args:
        graph: a Graph (with the reference record in it, to show it:
            :func:`kg.query.with_reference`) or a path read with
            :func:`kg.query.load_graph_with_reference`.
        out_dir: the folder; the pages go into ``out_dir/timelines/`` (``<slug>.html``,
            ``<slug>.png``, ``index.html``), or into ``out_dir`` itself when ``subdir`` is None.
        subdir: the sub-folder ("timelines"). In it, the pages of bodies that are
            no longer drawn are removed; with ``subdir=None`` nothing is removed.
        home: (label, href) of a page every timeline and the index link back to,
            relative to the timelines' folder (``("Graph view", "../graph.html")``).
        png: also write the PNGs.
        bodies: only these bodies (names or IRIs; one without a chairmanship too);
            by default every body with a chairmanship.
        index: write ``index.html``, listing the bodies written. Without it the
            pages link to an index only when the folder already has one.

    Returns:
        The paths written: for each body its HTML (and PNG), then the index.

    Raises:
        KGError: a body of ``bodies`` that the graph does not hold.
        StoreError: a file cannot be written.
    """
    rdf = _graph(graph)
    folder = Path(out_dir) / subdir if subdir else Path(out_dir)
    known = timeline_bodies(rdf)
    if bodies is not None:
        wanted = [_resolve_body(rdf, b, known) for b in bodies]
    else:
        wanted = known
    frames = ((body, timeline_frame(rdf, URIRef(body.iri))) for body in wanted)
    return write_timeline_pages(frames, folder, home=home, png=png, index=index, prune=bool(subdir) and bodies is None)


def write_timeline_pages(frames: Iterable[tuple[TimelineBody, "pandas.DataFrame"]], folder: str | Path, *,
                         home: tuple[str, str] | None = None, png: bool = True, index: bool = True,
                         prune: bool = False) -> list[Path]:
    """Write the pages (HTML and PNG) of bodies whose rows are already known, and the index page.

    Args:
        frames: (body, rows as :func:`timeline_frame` gives them); bodies without rows are skipped.
        folder: where the pages go.
        home, png, index: as for :func:`write_timelines`.
        prune: remove the pages of other bodies from ``folder`` (only with ``index``).

    Returns:
        The paths written: for each body its HTML (and PNG), then the index.
    """
    folder = Path(folder)
    back = [home] if home else []
    nav = [("All timelines", "index.html")] if index or (folder / "index.html").is_file() else []
    written: list[Path] = []
    entries: list[dict] = []
    for body, frame in frames:
        if frame.empty:
            continue
        html_path = write_timeline_html(None, URIRef(body.iri), folder / f"{body.slug}.html", frame=frame,
                                        links=[*nav, *back])
        written.append(html_path)
        if png:
            written.append(write_timeline_png(None, URIRef(body.iri), folder / f"{body.slug}.png", frame=frame))
        rows = _records(frame)
        entries.append({"label": body.label, "iri": body.iri, "html": f"{body.slug}.html",
                        "png": f"{body.slug}.png" if png else None,
                        "chairs": sum(1 for r in rows if r["role"] == "Chair"),
                        "members": sum(1 for r in rows if r["role"] != "Chair"),
                        "reference": sum(1 for r in rows if r["source_kind"] == "reference")})
    if index:
        written.append(_write_text(folder / "index.html", _index_html(entries, back)))
    if prune and index:
        keep = {p.name for p in written}
        for stale in folder.iterdir():
            if stale.is_file() and stale.suffix in (".html", ".png") and stale.name not in keep:
                stale.unlink(missing_ok=True)
    return written


def _resolve_body(graph: Graph, body: str | URIRef, known: list[TimelineBody]) -> TimelineBody:
    """A body by name or IRI, as a TimelineBody (one without chairmanships too)."""
    from kg.extract.mentions import slugify
    from kg.gazetteer import normalise_name

    frame = timeline_frame(graph, body)
    if frame.empty:
        import difflib

        names = sorted({str(o) for b in known for o in
                        [*graph.objects(URIRef(b.iri), RDFS.label),
                         *graph.objects(URIRef(b.iri), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))]})
        close = difflib.get_close_matches(str(body), names, n=3, cutoff=0.5)
        if not close:
            close = [n for n in names if normalise_name(str(body)) in normalise_name(n)][:3]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KGError(f"the graph holds no chairmanship or membership of {str(body)!r}{hint}")
    iri = str(frame["body"].iloc[0])
    for b in known:
        if b.iri == iri:
            return b
    label = str(frame["body_label"].iloc[0])
    used = {b.slug for b in known} | {"index"}
    slug = base = body_slug(iri, label) or slugify(label)
    n = 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return TimelineBody(iri=iri, label=label, slug=slug, chairmanships=0)
