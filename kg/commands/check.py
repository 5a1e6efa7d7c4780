"""``kg check``: report the facts of a graph that do not add up."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command", "load_check_graph"]


def load_check_graph(path: Path, with_reference: bool = False):
    """The graph to check: a file, or a folder written by ``kg build``, plus the reference record.

    A folder gives its ``graph.trig`` (else ``graph.ttl``) and, when present, its
    ``reference.trig`` (else ``reference.ttl``); ``with_reference`` adds the bundled
    record whether or not the folder has one.

    Returns:
        ``(graph, inputs)``: the union graph and a description of what was read.

    Raises:
        KGError: a path that does not exist or does not parse, or a broken record.
    """
    from kg.query import load_graph

    inputs: list[str] = []
    if path.is_dir():
        main = next((path / n for n in ("graph.trig", "graph.ttl") if (path / n).is_file()), None)
        if main is None:
            raise KGError(f"{path}: the folder holds no graph.trig or graph.ttl (is it the output folder of kg build?)")
        graph = load_graph(main)
        inputs.append(str(main))
        reference = next((path / n for n in ("reference.trig", "reference.ttl") if (path / n).is_file()), None)
        if reference is not None:
            for triple in load_graph(reference):
                graph.add(triple)
            inputs.append(str(reference))
    else:
        graph = load_graph(path)
        inputs.append(str(path))
    if with_reference:
        from kg.reference import reference_graph

        for triple in reference_graph():
            graph.add(triple)
        inputs.append("the bundled reference record")
    return graph, inputs


@click.command("check")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--reference", "with_reference", is_flag=True,
              help="Also load the bundled reference record (data/reference/record.yaml), "
                   "even if the folder has no reference.trig.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is found.")
def command(graph: Path, with_reference: bool, fmt: str, output: Path | None, strict: bool) -> None:
    """Report the facts in GRAPH that do not add up.

    GRAPH is a .ttl or .trig file, or a folder written by `kg build` (its
    graph.trig, and its reference.trig when there is one). With --reference the
    articles' claims are also compared with the project's reference record of
    what actually happened.

    The checks (ontology/checks/*.rq): two chairs of one body at the same time;
    a chair that is not, not yet or no longer a member of the body; a planned
    chairmanship contradicted by the record or another article; a membership
    dated after the member's withdrawal; dates that contradict each other.
    Each finding shows both sides: who, body, dates, modality, source and the
    evidence sentence.

    Exit status: 0 when the checks ran, whatever they found (findings are a
    report, not a failure); with --strict, 1 when there is any finding. 1 also
    when the graph cannot be read, 2 for a usage error.
    """
    from kg.check import run_checks, to_html, to_markdown, to_text

    try:
        data, inputs = load_check_graph(graph, with_reference)
        findings = run_checks(data)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        report = json.dumps({"inputs": inputs, "findings": [f.as_dict() for f in findings]},
                            indent=2, ensure_ascii=False) + "\n"
    else:
        report = {"text": to_text, "markdown": to_markdown, "html": to_html}[fmt](findings)
    if output is None:
        click.echo(report, nl=False)
    else:
        tmp: str | None = None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(report)
            os.replace(tmp, output)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
        errors = sum(f.severity == "error" for f in findings)
        click.echo(f"{len(findings)} finding(s), {errors} error(s): written to {output}", err=True)
    if strict and findings:
        sys.exit(1)
