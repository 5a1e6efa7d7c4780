"""An HTML page of a built graph: its entities and the facts that connect them.

The page is self-contained (no scripts, styles or fonts from elsewhere), so it
opens offline. Every text that comes from an article is HTML-escaped.
"""
from __future__ import annotations

import html
from pathlib import Path

from rdflib import Graph

from kg.ontology import PREFIXES

__all__ = ["write_view", "render_view"]

_FACTS = """
SELECT ?kind ?who ?body ?role ?start ?end ?status ?modality ?evidence WHERE {
  ?m a org:Membership ; org:member ?w ; org:organization ?b ; org:role ?r ; bkg:modality ?mod .
  ?w rdfs:label ?who . ?b rdfs:label ?body .
  BIND(STRAFTER(STR(?r), "#") AS ?role)
  BIND(STRAFTER(STR(?mod), "#") AS ?modality)
  OPTIONAL { ?m bkg:status ?st BIND(STRAFTER(STR(?st), "#") AS ?status) }
  OPTIONAL { ?m org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start }
  OPTIONAL { ?m org:memberDuring/time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?end }
  OPTIONAL { ?m bkg:evidence ?evidence }
  BIND("membership" AS ?kind)
} ORDER BY ?body ?role ?start ?who
"""
_ENTITIES = """
SELECT ?e ?label ?type ?alt ?wd WHERE {
  ?e rdfs:label ?label ; a ?t .
  VALUES (?t ?type) { (foaf:Person "Person") (org:FormalOrganization "Organisation") (schema:Country "Country")
                      (schema:City "City") (schema:AdministrativeArea "Region") (schema:Event "Event") }
  FILTER NOT EXISTS { ?a schema:locationCreated ?e FILTER NOT EXISTS { ?x ?p ?e FILTER(?p != schema:locationCreated) } }
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e owl:sameAs ?wd }
} ORDER BY ?type ?label ?alt
"""
_STATEMENTS = """
SELECT ?who ?text ?date WHERE {
  ?s a bkg:Statement ; bkg:speaker/rdfs:label ?who ; schema:text ?text .
  OPTIONAL { ?s dcterms:date ?date }
} ORDER BY ?date ?who
"""


def _cell(value) -> str:
    return "" if value is None else html.escape(str(value))


def render_view(graph: Graph, title: str = "baltic-kg graph") -> str:
    """The HTML text of the page for ``graph``."""
    ns = dict(PREFIXES)
    rows_e = graph.query(_ENTITIES, initNs=ns)
    rows_m = graph.query(_FACTS, initNs=ns)
    rows_s = graph.query(_STATEMENTS, initNs=ns)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
        "margin-bottom:2em}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
        "th{background:#eef}td.ev{color:#555;font-size:12px;max-width:40em}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<h2>Entities</h2><table><tr><th>type</th><th>label</th><th>other names</th><th>Wikidata</th></tr>",
    ]
    entities: dict = {}
    for r in rows_e:
        row = entities.setdefault(r.e, [str(r.type), str(r.label), [], ""])
        if r.alt is not None and str(r.alt) not in row[2]:
            row[2].append(str(r.alt))
        if r.wd is not None:
            row[3] = str(r.wd).rsplit("/", 1)[-1]
    for kind, label, aliases, wd in sorted(entities.values(), key=lambda x: (x[0], x[1])):
        parts.append(f"<tr><td>{_cell(kind)}</td><td>{_cell(label)}</td><td>{_cell(', '.join(aliases))}</td>"
                     f"<td>{_cell(wd)}</td></tr>")
    parts.append("</table><h2>Chairmanships and memberships</h2><table><tr><th>body</th><th>role</th><th>who</th>"
                 "<th>from</th><th>to</th><th>status</th><th>modality</th><th>evidence</th></tr>")
    for r in rows_m:
        parts.append(f"<tr><td>{_cell(r.body)}</td><td>{_cell(r.role)}</td><td>{_cell(r.who)}</td>"
                     f"<td>{_cell(r.start)}</td><td>{_cell(r.end)}</td><td>{_cell(r.status)}</td>"
                     f"<td>{_cell(r.modality)}</td><td class=ev>{_cell(r.evidence)}</td></tr>")
    parts.append("</table><h2>Statements</h2><table><tr><th>speaker</th><th>date</th><th>words</th></tr>")
    for r in rows_s:
        parts.append(f"<tr><td>{_cell(r.who)}</td><td>{_cell(r.date)}</td><td class=ev>{_cell(r.text)}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def write_view(graph: Graph, path: Path | str, title: str = "baltic-kg graph") -> Path:
    """Write the page for ``graph`` to ``path``."""
    path = Path(path)
    path.write_text(render_view(graph, title), encoding="utf-8")
    return path
