"""``kg serve``: a read-only SPARQL endpoint and query page over a built graph."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


@click.command("serve")
@click.argument("source", metavar="STORE_OR_GRAPH", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port, printed at start-up).")
@click.option("--timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
              help="Seconds a query may run; its worker process is then killed and replaced (504).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) a response holds at most; more is cut (X-Result-Truncated: true).")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=None,
              help="Query worker processes [default: one per core, at least 2].")
def command(source: Path, host: str, port: int, timeout: float, max_rows: int, workers: int | None) -> None:
    """Serve STORE_OR_GRAPH over HTTP: a SPARQL 1.1 endpoint at /sparql and a query page at /.

    STORE_OR_GRAPH is a kg build folder (its graph.trig, with reference.trig,
    graph.html and timelines/ when present), an Oxigraph store folder, or a
    .ttl/.trig/.nq file. Files are loaded once into a temporary store; the
    default graph is the union of the named graphs.

    Read-only and bounded: SPARQL Update and SERVICE are refused, each query
    runs in a worker process that is killed after --timeout seconds, and
    results stop at --max-rows. One log line per request goes to standard error.
    Stop with Ctrl-C.
    """
    from kg.serve import serve

    logger = logging.getLogger("kg.serve")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    def progress(message: str) -> None:
        click.echo(message, err=True)

    def ready(url: str, data) -> None:
        click.echo(f"Serving {data.source} ({data.triples:,} triples in {data.graphs:,} named graphs) at {url} "
                   f"(SPARQL endpoint: {url}sparql); Ctrl-C to stop", err=True)

    try:
        serve(source, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
              progress=progress, on_ready=ready)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Stopped.", err=True)
