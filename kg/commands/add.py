"""``kg add``: add articles to a store without rebuilding it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]


@click.command("add")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The store's folder (created when it does not exist).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL validation of the added articles' graphs.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
def command(articles: tuple[Path, ...], store_dir: Path, no_validate: bool, quiet: bool) -> None:
    """Add the articles in ARTICLES (files or folders) to the store in --store.

    Each article gets its own named graph. An article already in the store (the
    same id) has its graph replaced: its old facts go, the new ones come. An entity
    the store already names keeps its name; another name an article gives it is
    added as an alternative label. All the articles are written in one
    transaction: if the write fails, the store is left as it was. An article that
    cannot be read is reported and the others are still added (exit status 1).

    \b
    kg add data/articles/new-story.txt --store kgstore
    kg add data/articles --store kgstore
    """
    from kg.extract import Extractor
    from kg.oxstore import Store
    from kg.pipeline import extract_all

    try:
        if not quiet:
            click.echo("Loading the gazetteer and the rule pipeline ...", err=True)
        extractor = Extractor()
        extractions, failures = extract_all(articles, extractor=extractor)
        for failure in failures:
            click.echo(f"error: {failure}", err=True)
        with Store.open(store_dir, create=True) as store:
            report = store.add_extractions(extractions, extractor.gazetteer) if extractions else None
            validation = None
            if report is not None and not no_validate:
                from kg.ontology import validate

                validation = validate(store.to_rdflib(report.added + report.replaced))
            total = len(store.graphs())  # one named graph per article
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    if validation is not None and not validation.conforms:
        click.echo("error: the added graphs do not conform to ontology/shapes.ttl:", err=True)
        for line in validation.results[:20]:
            click.echo(f"  {line}", err=True)
    if not quiet:
        if report is None:
            click.echo(f"Added no article to {store_dir}/ ({total} article(s) in the store)")
        else:
            click.echo(f"Added {len(report.added)} article(s), replaced {len(report.replaced)}, in {store_dir}/ "
                       f"({report.triples} triples written in {report.seconds:.2f} s; {total} article(s) in the store)")
            for node, kept, other in report.relabelled:
                click.echo(f"  kept the store's label {kept!r} of {node}; {other!r} is an alternative label")
            if validation is not None:
                click.echo(f"  SHACL:    {'conforms' if validation.conforms else 'does NOT conform'}")
    if failures or (validation is not None and not validation.conforms):
        sys.exit(1)
