"""``kg network``: size, central actors, communities and paths of a built graph."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["command"]

_MAX_MEMBERS = 8  # member labels printed per community in text output


def _plural(word: str, n: int) -> str:
    word = word.lower()
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _text_report(graph_path: Path, summ: dict, central, comms: list[list[str]], top: int,
                 path_steps, path_error: str | None, path_names, exported: Path | None) -> str:
    from kg.analytics import format_path

    lines = [f"Network of {graph_path}"]
    kinds = ", ".join(f"{n} {_plural(k, n)}" for k, n in summ["nodes_by_kind"].items())
    rels = ", ".join(f"{n} {r}" for r, n in summ["edges_by_relation"].items())
    lines.append(f"  entities:   {summ['nodes']}" + (f" ({kinds})" if kinds else ""))
    lines.append(f"  relations:  {summ['edges']}" + (f" ({rels})" if rels else ""))
    lines.append(f"  density:    {summ['density']:.4f} ({summ['pairs']} connected pairs, undirected)")
    lines.append(f"  components: {summ['components']} weakly connected; the largest has {summ['largest_component']} "
                 f"{_plural('entity', summ['largest_component'])}; {summ['isolated']} isolated")
    lines.append("")
    if len(central):
        width = min(48, max(len("entity"), *(len(str(x)) for x in central["label"])))
        lines.append(f"Most central entities (top {len(central)} by degree)")
        lines.append(f"  {'#':>3}  {'entity':{width}}  {'kind':12}  {'degree':>6}  {'betweenness':>11}  {'PageRank':>8}")
        for i, (_, row) in enumerate(central.iterrows(), 1):
            lines.append(f"  {i:>3}  {_truncate(str(row['label']), width):{width}}  {row['kind']:12}  "
                         f"{int(row['degree']):>6}  {row['betweenness']:>11.4f}  {row['pagerank']:>8.4f}")
        lines.append("")
    groups = [c for c in comms if len(c) > 1]
    singles = len(comms) - len(groups)
    lines.append(f"Communities (Louvain, undirected): {len(groups)} of two or more entities"
                 + (f", {singles} single {_plural('entity', singles)}" if singles else ""))
    for i, members in enumerate(groups[:top], 1):
        shown = ", ".join(members[:_MAX_MEMBERS])
        more = f", … and {len(members) - _MAX_MEMBERS} more" if len(members) > _MAX_MEMBERS else ""
        lines.append(f"  {i:>3}. ({len(members)}) {shown}{more}")
    if len(groups) > top:
        lines.append(f"       … and {len(groups) - top} more {_plural('community', len(groups) - top)}")
    if path_names is not None:
        lines.append("")
        if path_steps is not None:
            hops = len(path_steps) - 1
            lines.append(f"Shortest path from {path_steps[0]['label']!r} to {path_steps[-1]['label']!r} "
                         f"({hops} {'step' if hops == 1 else 'steps'}):")
            lines.append(f"  {format_path(path_steps)}")
        else:
            lines.append(f"Shortest path: {path_error}")
    if exported is not None:
        lines.append("")
        lines.append(f"Wrote {exported}")
    return "\n".join(lines)


@click.command("network")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many central entities (and communities) to list.")
@click.option("--path", "path_names", nargs=2, metavar="A B", default=None,
              help="Also print the shortest path between two entities (labels or aliases, any case).")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the network to FILE.graphml or FILE.gexf.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def command(graph: Path, top: int, path_names: tuple[str, str] | None, export_to: Path | None, fmt: str) -> None:
    """Analyse GRAPH as a network of entities and their relations.

    GRAPH is a graph.ttl or graph.trig file, or a folder written by `kg build`.
    Prints the size and components of the network, the most central entities
    (degree, betweenness, PageRank), its communities and, with --path, the
    shortest chain of relations between two entities, e.g.

    \b
        kg network out --path "Sergey Lavrov" "Baltic Sea States Subregional Cooperation"

    A name that matches no entity is an error; two entities that are not
    connected are reported as such. Communities are listed with their member
    labels (in text, the largest --top of them, eight names each).
    """
    from kg import analytics
    from kg.store import load_graph

    try:
        rdf = load_graph(graph)
        g = analytics.to_network(rdf)
        steps, path_error = None, None
        if path_names is not None:
            try:
                steps = analytics.shortest_path(g, *path_names)
            except analytics.NoPathError as exc:
                path_error = str(exc)
        summ = analytics.summary(g)
        central = analytics.centrality(g, top=top)
        comms = analytics.communities(g)
        exported = analytics.export(g, export_to) if export_to is not None else None
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc

    if fmt == "json":
        records = [{"node": node, **{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}}
                   for node, row in central.iterrows()]
        out = {"graph": str(graph), "summary": summ, "centrality": records,
               "communities": [{"size": len(c), "members": [g.nodes[n]["label"] for n in c], "nodes": c}
                               for c in comms]}
        if path_names is not None:
            out["path"] = {"from": path_names[0], "to": path_names[1], "steps": steps, "error": path_error}
        if exported is not None:
            out["export"] = str(exported)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        labelled = [[g.nodes[n]["label"] for n in c] for c in comms]
        click.echo(_text_report(graph, summ, central, labelled, top, steps, path_error, path_names, exported))
