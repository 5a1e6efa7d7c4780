"""``kg remove``: drop articles from a store."""
from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


@click.command("remove")
@click.argument("ids", nargs=-1, required=True)
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The store's folder.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
def command(ids: tuple[str, ...], store_dir: Path, quiet: bool) -> None:
    """Drop the articles IDS from the store in --store.

    An ID is the article's id (the file stem, the front matter or JSON Lines
    ``id``), its graph's IRI or its article IRI. Only the articles' own graphs go:
    an entity that other articles name keeps what they say about it. The articles
    are removed in one transaction; if one is not in the store, none is removed.

    \b
    kg remove 101_bsssc-chair-handover --store kgstore
    """
    from kg.oxstore import Store

    try:
        with Store.open(store_dir) as store:
            report = store.remove_articles(ids)
            left = len(store.articles())
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        click.echo(f"Removed {len(report.removed)} article(s) from {store_dir}/: {', '.join(report.removed)} "
                   f"({left} article(s) left)")
