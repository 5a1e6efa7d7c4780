"""``kg push``: send the article graphs to a SPARQL 1.1 store (Graph Store HTTP Protocol)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


@click.command("push")
@click.argument("graph", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--store", "store_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Push the articles of this store.")
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL query endpoint (Oxigraph: http://HOST:7878/query, "
                   "Virtuoso: http://HOST:8890/sparql).")
@click.option("--graph-store", metavar="URL", default=None,
              help="Its Graph Store Protocol endpoint (default: Oxigraph's .../store beside .../query, "
                   "Virtuoso's .../sparql-graph-crud[-auth] beside .../sparql).")
@click.option("--batch", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="The most triples in one request; a larger graph is a PUT then POSTs.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds allowed per request to connect and between bytes of the answer.")
@click.option("--retries", type=click.IntRange(min=0, max=20), default=3, show_default=True,
              help="Tries again after a connection error, a timeout or a 5xx, with backoff.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="The graph IRI for triples outside any named graph (a Turtle file).")
@click.option("--user", default=None, help="User name for HTTP authentication.")
@click.option("--password", default=None, envvar="KG_PUSH_PASSWORD", show_envvar=True,
              help="Password for --user (asked for when not given).")
@click.option("--digest", is_flag=True, help="Use HTTP Digest authentication (Virtuoso's sparql-graph-crud-auth).")
@click.option("--no-verify", is_flag=True, help="Do not count the triples on the server afterwards.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
def command(graph: Path | None, store_dir: Path | None, endpoint: str, graph_store: str | None, batch: int,
            timeout: float, retries: int, graph_iri: str | None, user: str | None, password: str | None,
            digest: bool, no_verify: bool, quiet: bool) -> None:
    """Send each article graph of a store, a kg build folder or a TriG / N-Quads file to a SPARQL server.

    Each named graph replaces the graph of the same name on the server (PUT).
    Afterwards the triples of each graph are counted on the server and compared
    with the local counts; a difference is an error (exit status 1).

    \b
    kg push --store kgstore --endpoint http://127.0.0.1:7878/query
    kg push out --endpoint http://localhost:8890/sparql --user dba --digest
    """
    if (graph is None) == (store_dir is None):
        raise click.UsageError("give either GRAPH (a file or a kg build folder) or --store DIR")
    import httpx

    from kg.push import push

    auth = None
    if user is not None:
        if password is None:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
        auth = httpx.DigestAuth(user, password) if digest else httpx.BasicAuth(user, password)

    def progress(name: str, n: int) -> None:
        if not quiet:
            click.echo(f"  sent {n:>8} triples  {name}", err=True)

    try:
        report = push(store_dir or graph, endpoint, graph_store=graph_store, batch_triples=batch, timeout=timeout,
                      retries=retries, auth=auth, verify=not no_verify, graph=graph_iri, progress=progress)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, (local, remote) in sorted(report.mismatches.items()):
        click.echo(f"error: {name}: {local} triples sent, {remote} on the server", err=True)
    if not quiet:
        check = {True: "counts match", False: "counts DIFFER", None: "not verified"}[report.verified]
        click.echo(f"Pushed {report.graphs} graph(s), {report.triples} triples, to {report.graph_store} in "
                   f"{report.seconds:.2f} s ({report.requests} requests, {report.retries} retries; {check})")
    if report.verified is False:
        sys.exit(1)
