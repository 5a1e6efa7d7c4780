"""The ``kg`` command: a thin layer over the library.

Each subcommand parses its arguments, calls one library function and prints.
Only here is a :class:`kg.errors.KGError` turned into a message and an exit
status: 0 when everything worked, 1 when some input failed or the graph does
not conform to the shapes, 2 for a usage error.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KGError

__all__ = ["main", "cli"]


LAZY_COMMANDS = {
    "query": "kg.commands.query",
    "network": "kg.commands.network",
    "view": "kg.commands.view",
    "eval": "kg.commands.evaluate",
    "check": "kg.commands.check",
    "timeline": "kg.commands.timeline",
    "add": "kg.commands.add",
    "remove": "kg.commands.remove",
    "push": "kg.commands.push",
    "serve": "kg.commands.serve",
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported only when they run (or when help lists them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        present = {name for name, module in LAZY_COMMANDS.items() if importlib.util.find_spec(module) is not None}
        return sorted(set(super().list_commands(ctx)) | present)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module = importlib.import_module(LAZY_COMMANDS[name])
            return module.command
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """baltic-kg: knowledge graphs of Baltic Sea cooperation bodies, built from news articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for graph.ttl, graph.trig, graph.jsonld, graph.html and summary.json.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL validation of the built graph.")
@click.option("--with-reference", is_flag=True,
              help="Also write the project's reference record (reference.ttl, reference.trig), in its own graph.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Extract on this many processes (0: one per core).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the graph as a persistent Oxigraph store in this folder (for kg add, query, serve).")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
def build(paths: tuple[Path, ...], out_dir: Path, no_validate: bool, with_reference: bool, jobs: int,
          dask_address: str | None, store_dir: Path | None, quiet: bool) -> None:
    """Build the graph of the articles in PATHS (files or folders).

    Reads .txt, .md, .html and .jsonl articles. An article that cannot be read is
    reported with its name and the reason; the others are still built.
    """
    from kg.extract import Extractor
    from kg.pipeline import build as run_build

    def progress(source: str) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"\r  read {source[-70:]:<70}", nl=False, err=True)

    try:
        if not quiet:
            click.echo("Loading the gazetteer and the rule pipeline ...", err=True)
        if jobs == 0:
            from kg.parallel import default_jobs

            jobs = default_jobs()
        extractor = Extractor() if jobs == 1 and dask_address is None else None
        report = run_build(paths, out_dir, validate_shapes=not no_validate, extractor=extractor, progress=progress,
                           with_reference=with_reference, jobs=jobs, dask=dask_address, store_dir=store_dir)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet and sys.stderr.isatty():
        click.echo("\r" + " " * 80 + "\r", nl=False, err=True)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    if report.validation is not None and not report.validation.conforms:
        click.echo("error: the graph does not conform to ontology/shapes.ttl:", err=True)
        for line in report.validation.results[:20]:
            click.echo(f"  {line}", err=True)
    if not quiet:
        _print_summary(report)
    if not report.ok:
        sys.exit(1)


def _print_summary(report) -> None:
    def plural(kind: str, n: int) -> str:
        word = kind.lower()
        if n == 1:
            return word
        return word[:-1] + "ies" if word.endswith("y") else word + "s"

    ents = ", ".join(f"{n} {plural(k, n)}" for k, n in sorted(report.entities.items()))
    facts = ", ".join(f"{n} {k}" for k, n in sorted(report.facts.items()))
    click.echo(f"Built {report.articles} article(s) into {report.out_dir}/ ({report.triples} triples)")
    click.echo(f"  entities: {ents or 'none'}")
    click.echo(f"  facts:    {facts or 'none'}")
    if report.validation is not None:
        click.echo(f"  SHACL:    {'conforms' if report.validation.conforms else 'does NOT conform'}")
    if report.failures:
        click.echo(f"  failed:   {len(report.failures)} input(s), listed above")
    click.echo("  files:    " + ", ".join(_shown(p, report.out_dir) for p in report.files))


def _shown(path: Path, out_dir: Path) -> str:
    try:
        return str(Path(path).relative_to(out_dir))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status instead of exiting when called from Python."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
