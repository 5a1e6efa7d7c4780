"""``kg eval``: score a built graph against gold facts written by hand."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


@click.command("eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--gold", "gold", required=True, type=click.Path(path_type=Path),
              help="A gold YAML file, or a folder of them (one per article).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the missed gold items and the wrong predictions.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def command(graph: Path, gold: Path, verbose: bool, fmt: str) -> None:
    """Score GRAPH against the gold facts in --gold.

    GRAPH is a graph.ttl or graph.trig file, or a folder written by `kg build`.
    Gold files are YAML, one per article, listing entities, posts,
    chairmanships, memberships, participations and statements. Prints, per
    kind, the gold and predicted counts with precision, recall and F1, the
    micro averages, how many matched facts have the right dates, role, status
    and modality, and the headline "entity F1 x.xx, relation F1 y.yy".
    """
    from kg.evaluate import evaluate

    try:
        report = evaluate(graph, gold)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.to_json(verbose) if fmt == "json" else report.format(verbose))
