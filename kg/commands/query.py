"""``kg query``: run a library query, a ``.rq`` file or SPARQL text on a built graph."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]

FORMATS = ("table", "csv", "markdown", "json")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="'--param'")
        if key in params:
            raise click.BadParameter(f"{key!r} is given twice", param_hint="'--param'")
        params[key] = value
    return params


def _listing() -> str:
    from kg.query import list_queries

    lines = []
    for info in list_queries():
        lines.append(f"{info.name}")
        lines.append(f"    {info.title}")
        for p in info.params:
            default = "required" if p.required else f"default: {p.default}"
            lines.append(f"    --param {p.name}=...  ({p.type}, {default})  {p.description}".rstrip())
    lines.append("")
    lines.append("Run one: kg query GRAPH NAME --param name=value ...")
    return "\n".join(lines)


def _render(result, fmt: str, max_width: int) -> str:
    from kg.query import format_table, to_csv, to_markdown, to_sparql_json

    if fmt == "csv":
        return to_csv(result)
    if fmt == "markdown":
        return to_markdown(result)
    if fmt == "json":
        return to_sparql_json(result)
    return format_table(result, max_width=max_width or None)


@click.command("query")
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable); see --list for each query's parameters.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format: an aligned table, SPARQL CSV, a Markdown table or SPARQL JSON results.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the result to FILE instead of standard output.")
@click.option("--max-width", type=click.IntRange(min=0), default=60, show_default=True,
              help="Cut table cells longer than this (0: never).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE and FROM, which fetch data from the web (refused by default).")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Answer as of this day (YYYY-MM-DD): binds the query's date parameter (chair-on-date, "
                   "members-on-date, posts-of).")
@click.option("--reference/--no-reference", "reference", default=None,
              help="Also query the reference record: a build folder's reference.trig is used by default when "
                   "it has one; --reference uses the bundled record otherwise; --no-reference never.")
@click.option("--list", "list_only", is_flag=True, help="List the library queries with their parameters and exit.")
def command(graph: Path | None, query: str | None, params: tuple[str, ...], fmt: str, output: Path | None,
            max_width: int, allow_service: bool, as_of: str | None, reference: bool | None, list_only: bool) -> None:
    """Query GRAPH (a kg build folder, or a .ttl/.trig/.nt/.nq/.jsonld file).

    QUERY is a library query name (see --list), a .rq file, or SPARQL text; the
    prefixes bkg, org, time, schema, foaf, prov, dcterms, skos, wd, id, owl, rdf,
    rdfs and xsd need no declaration. ASK prints true or false; CONSTRUCT and
    DESCRIBE print Turtle.

    When GRAPH is a build folder that holds reference.trig (kg build
    --with-reference), the reference record is queried too; the library
    queries say which source each answer comes from (source_kind "article" or
    "reference"). --as-of DATE answers as of that day.

    \b
    kg query out chair-on-date --param body=CBSS --param date=2024-01-15
    kg query out chair-on-date --param body=CBSS --as-of 2023-09-01 --reference
    kg query out my-query.rq --format csv -o answers.csv
    kg query out "SELECT ?p WHERE { ?p a foaf:Person }"
    kg query --list
    """
    if list_only:
        if graph is not None or query is not None or params or as_of is not None or reference is not None:
            raise click.UsageError("--list takes no GRAPH, QUERY, --param, --as-of or --reference")
        text = _listing()
    else:
        if graph is None or query is None:
            raise click.UsageError("give a GRAPH and a QUERY (a library name, a .rq file or SPARQL text), "
                                   "or --list")
        values = _parse_params(params)
        from kg.query import bind_as_of, load_graph_with_reference, run

        try:
            if as_of is not None:
                values = bind_as_of(query, as_of, values)
            from kg.oxstore import is_store

            # a store is queried on Oxigraph directly; files and build folders are read with rdflib
            target = graph if is_store(Path(graph)) and not reference else load_graph_with_reference(graph, reference)
            result = run(target, query, allow_service=allow_service, **values)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc
        text = _render(result, fmt, max_width)
    if output is None:
        click.echo(text.rstrip("\n"))
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
