"""``kg timeline``: the chairmanships and memberships of a body, or of every body, as HTML pages and PNGs."""
from __future__ import annotations

import os
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


def _default_dir(graph: Path) -> Path:
    return (graph if graph.is_dir() else graph.parent) / "timelines"


def _home(graph: Path, out_dir: Path) -> tuple[str, str] | None:
    """A link back to the build's graph view, relative to the pages, when GRAPH is a build folder that has one."""
    view = graph / "graph.html" if graph.is_dir() else graph.parent / "graph.html"
    if not view.is_file():
        return None
    return "Graph view", Path(os.path.relpath(view.resolve(), out_dir.resolve())).as_posix()


@click.command("timeline")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--body", "bodies", multiple=True, metavar="NAME",
              help="Only this body (a name or abbreviation, any case, or its IRI); repeatable. "
                   "By default every body that has a chairmanship, with an index page.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder to write the pages into (default: GRAPH/timelines for a build folder, "
                   "else a timelines folder beside GRAPH).")
@click.option("--reference/--no-reference", "reference", default=None,
              help="Also draw the reference record: a build folder's reference.trig is used by default when it "
                   "has one; --reference uses the bundled record otherwise; --no-reference never.")
@click.option("--no-png", is_flag=True, help="Write the HTML pages only.")
def command(graph: Path, bodies: tuple[str, ...], out_dir: Path | None, reference: bool | None,
            no_png: bool) -> None:
    """Draw the timeline of a body's chairmanships and memberships from GRAPH.

    GRAPH is a build folder (with its reference.trig, when kg build
    --with-reference wrote one) or a .ttl/.trig file. Each body gets an HTML
    page (an SVG chart: planned terms hatched, suspensions and withdrawals
    marked, the source and evidence of each bar on hover, undated facts listed
    below) and a PNG of the same chart; without --body, every body that has a
    chairmanship is drawn and an index.html lists them.

    \b
    kg timeline out                       # out/timelines/index.html, cbss.html, cbss.png ...
    kg timeline out --body CBSS -o charts
    kg timeline graph.ttl --reference --body "Baltic Assembly"
    """
    from kg.query import load_graph_with_reference
    from kg.timeline import write_timelines

    folder = out_dir if out_dir is not None else _default_dir(graph)
    try:
        rdf = load_graph_with_reference(graph, reference)
        written = write_timelines(rdf, folder, subdir=None, home=_home(graph, folder), png=not no_png,
                                  bodies=list(bodies) or None, index=not bodies)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    pages = [p for p in written if p.suffix == ".html" and p.name != "index.html"]
    if not pages:
        click.echo(f"No body in {graph} has a chairmanship: wrote only {folder / 'index.html'}")
        return
    what = "timeline" if len(pages) == 1 else "timelines"
    files = ", ".join(p.name for p in written if p.name != "index.html")
    click.echo(f"Wrote {len(pages)} {what} to {folder}/: {files}")
    if not bodies:
        click.echo(f"Open {folder / 'index.html'}")
