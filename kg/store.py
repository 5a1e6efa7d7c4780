"""Reading graphs that ``kg build`` wrote.

>>> from kg.store import load_graph
>>> graph = load_graph("out")          # doctest: +SKIP

A dataset (TriG, N-Quads) is read as the union of its named graphs, since the
queries, the network and the checks all read what every article says.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import StoreError
from kg.ontology import add_search_keys, bind_prefixes

__all__ = ["load_graph", "union_graph", "RDF_FORMATS"]

RDF_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3",
    ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads", ".nquads": "nquads",
    ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


def union_graph(ds: Graph) -> Graph:
    """Every triple of every named graph of ``ds``, in one graph."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):  # type: ignore[attr-defined]
        g.add((s, p, o))
    return g


def load_graph(path: str | Path) -> Graph:
    """Read a graph to query.

    Args:
        path: a ``.ttl``, ``.nt``, ``.n3``, ``.rdf`` or ``.jsonld`` file, a ``.trig``
            or ``.nq`` dataset (its named graphs are merged into one graph), or a
            folder written by ``kg build`` (its ``graph.ttl``). A name without its
            ``bkg:searchKey`` (in a graph not written by ``kg build``) gets it, so that the
            library's queries find its entities by name.

    Raises:
        StoreError: the path does not exist, is not a known RDF format, or does not parse.
    """
    path = Path(path)
    from kg.oxstore import is_store, load_store_graph  # a persistent store: the union of its article graphs

    if is_store(path):
        return load_store_graph(path)
    if path.is_dir():
        for candidate in ("graph.ttl", "graph.trig", "graph.jsonld"):
            if (path / candidate).is_file():
                path = path / candidate
                break
        else:
            raise StoreError(f"{path}: the folder holds no graph.ttl, graph.trig or graph.jsonld "
                             "(is it the output folder of kg build?)")
    if not path.exists():
        raise StoreError(f"{path}: no such file or folder")
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r} "
                         f"(expected one of {', '.join(sorted(RDF_FORMATS))})")
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    except Exception as exc:  # every rdflib parser raises its own kind of error
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise StoreError(f"{path}: not valid {fmt}: {message}") from exc
    return add_search_keys(union_graph(ds))


