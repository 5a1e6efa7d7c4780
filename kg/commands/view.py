"""``kg view``: an interactive HTML page of a built graph, or of part of it."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KGError
from kg.model import ENTITY_KINDS

__all__ = ["command"]


def _kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
    """``--type Person --type city,region`` -> ["Person", "City", "Region"] (any case)."""
    if not values:
        return None
    known = {k.casefold(): k for k in ENTITY_KINDS}
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part.casefold() not in known:
                raise click.BadParameter(f"{part!r} is not an entity kind; choose from {', '.join(ENTITY_KINDS)}")
            if known[part.casefold()] not in out:
                out.append(known[part.casefold()])
    return out or None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD date early, so a typo is a usage error."""
    if value is None:
        return None
    from kg.view import _bounds

    try:
        _bounds(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


@click.command("view")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--focus", metavar="NAME", default=None,
              help="Draw only the neighbourhood of this entity (a label or alias, any case).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=0),
              help="With --focus: how many relations away from it to go.")
@click.option("--type", "kinds", multiple=True, metavar="KIND", callback=_kinds,
              help=f"Draw only entities of this kind ({', '.join(ENTITY_KINDS)}); repeat it or separate "
                   "kinds with commas.")
@click.option("--since", metavar="DATE", callback=_date, default=None,
              help="Keep dated relations that last until DATE or later (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=_date, default=None,
              help="Keep dated relations that start on DATE or earlier.")
@click.option("--title", default=None, help="The page's heading (by default from GRAPH and the filters).")
@click.option("--max-nodes", default=None, type=click.IntRange(min=0), metavar="N",
              help="Draw at most N entities, the most connected ones (default 10,000; 0 draws every one).")
def command(graph: Path, out: Path, focus: str | None, depth: int, kinds: list[str] | None, since: str | None,
            until: str | None, title: str | None, max_nodes: int | None) -> None:
    """Write an interactive HTML page of GRAPH.

    Entities are coloured and shaped by kind, relations labelled with their
    periods, details show on hover, and a search box finds an entity by name.
    GRAPH is a graph.ttl or graph.trig file, or a folder written by `kg build`.
    The page is one self-contained file that opens offline. For example

    \b
        kg view out -o lavrov.html --focus "Sergey Lavrov" --depth 2
        kg view out -o chairs-2024.html --type Country --type Organisation --since 2024 --until 2024

    Relations with no dates are always kept by --since/--until. A --focus name
    that matches no entity is an error that lists the closest names.
    """
    from kg.store import load_graph
    from kg.view import FocusNotFound, view_page

    if title is None and focus is None:
        title = f"baltic-kg graph: {graph.name or graph}"
    try:
        rdf = load_graph(graph)
        text, n_nodes, n_edges = view_page(rdf, title, focus=focus, depth=depth, kinds=kinds, since=since,
                                           until=until, max_nodes=max_nodes)
        out.write_text(text, encoding="utf-8")
    except FocusNotFound as exc:
        hint = ("\n  did you mean: " + ", ".join(exc.suggestions)) if exc.suggestions else ""
        raise click.ClickException(f"no entity in {graph} is called {exc.name!r}{hint}") from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from exc
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    entities = "entity" if n_nodes == 1 else "entities"
    relations = "relation" if n_edges == 1 else "relations"
    click.echo(f"Wrote {out} ({n_nodes} {entities}, {n_edges} {relations})")
