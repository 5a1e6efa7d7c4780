"""Ready SPARQL queries over a built graph, and the means to run your own.

The library is the ``.rq`` files in ``kg/queries/``; each begins with comment
lines that say what it does and which parameters it takes::

    # title: Who chaired a body on a given date, with the source of each answer
    # param: body (type: name, default: required) — the body, by its name or abbreviation
    # param: date (type: date, default: today) — the day asked about, YYYY-MM-DD

Parameters are bound as RDF terms with rdflib's ``initBindings``, never pasted
into the query text, so a value such as ``x" } UNION { ?s ?p ?o`` is just a
label that matches nothing. A parameter of type ``name`` is one of an
entity's names in any case, bound as its search key (:func:`kg.ontology.search_key`:
lower case, single spaces), so that ``?x bkg:searchKey ?body`` finds the entity
straight from the store's index. A parameter of type ``label`` or ``string`` is a
plain literal, ``date`` an ``xsd:date`` literal and ``iri`` an IRI (a full
IRI, or a prefixed name such as ``id:org/cbss``). The default ``required``
makes a parameter required, ``none`` leaves it unbound, ``today`` (dates) is
the current day; any other default is the value used when none is given.

>>> from kg.query import load_graph, run, format_table
>>> graph = load_graph("out")                                    # doctest: +SKIP
>>> result = run(graph, "chair-on-date", body="CBSS", date="2024-01-15")  # doctest: +SKIP
>>> print(format_table(result))                                  # doctest: +SKIP
>>> run(graph, "SELECT ?s WHERE { ?s a bkg:Statement }").to_dataframe()  # doctest: +SKIP

Every prefix of :data:`kg.ontology.PREFIXES` (bkg, org, time, schema, foaf,
prov, dcterms, skos, wd, id, owl, rdf, rdfs, xsd) can be used without a
``PREFIX`` declaration.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from kg.errors import QueryError, StoreError
from kg.store import load_graph, union_graph
from kg.ontology import BKG, PREFIXES, add_search_keys, bind_prefixes, has_search_keys, search_key

if TYPE_CHECKING:
    import pandas

__all__ = [
    "PARAM_TYPES",
    "QueryParam",
    "QueryInfo",
    "QueryResult",
    "list_queries",
    "load_query",
    "parse_query_text",
    "run",
    "query_dataframe",
    "with_reference",
    "load_graph_with_reference",
    "reference_file",
    "date_param",
    "as_of_queries",
    "bind_as_of",
    "load_graph",  # re-exported from kg.store
    "format_table",
    "to_csv",
    "to_markdown",
    "to_sparql_json",
    "sparql_json_dict",
    "short_iri",
]

PARAM_TYPES = ("iri", "name", "label", "date", "string")
"""The types a query parameter can have."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TITLE_LINE = re.compile(r"#\s*title\s*:\s*(?P<title>.*\S)\s*$")
_PARAM_LINE = re.compile(
    r"#\s*param\s*:\s*(?P<name>\S+)\s*\((?P<attrs>[^)]*)\)\s*(?:(?:—|–|--|-|:)\s*)?(?P<description>.*?)\s*$")
_ATTR = re.compile(r"(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>[^,]*)")
_QUERY_SUFFIXES = (".rq", ".sparql")


# ------------------------------------------------------------------------- the library


@dataclass(frozen=True)
class QueryParam:
    """A parameter a query declares in a ``# param:`` line.

    Attributes:
        name: the variable it binds (``body`` binds ``?body``).
        type: one of :data:`PARAM_TYPES`.
        default: ``"required"``, ``"none"`` (left unbound), ``"today"`` (dates) or a value.
        description: what it means.
    """

    name: str
    type: str
    default: str = "required"
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default == "required"


@dataclass(frozen=True)
class QueryInfo:
    """A SPARQL query: a library query, a ``.rq`` file or text.

    Attributes:
        name: the library name (the file stem), the file's path, or ``"<text>"``.
        title: the one-line description of its ``# title:`` line ("" when it has none).
        params: the parameters its ``# param:`` lines declare.
        text: the SPARQL text.
        path: the file it was read from, if any.
        library: True for a query of the library; it takes only the parameters it declares.
    """

    name: str
    title: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None
    library: bool = False

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_text(text: str, name: str = "<text>", path: Path | None = None) -> QueryInfo:
    """Read the ``# title:`` and ``# param:`` lines at the head of a query.

    Raises:
        QueryError: when a ``# param:`` line is malformed (bad name, unknown type,
            a key other than type and default, or a name declared twice).
    """
    title = ""
    params: list[QueryParam] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        if m := _TITLE_LINE.fullmatch(line):
            title = m["title"]
            continue
        if re.match(r"#\s*param\s*:", line):
            params.append(_parse_param_line(line, name))
    seen: set[str] = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"query {name}: parameter {p.name!r} is declared twice")
        seen.add(p.name)
    return QueryInfo(name=name, title=title, params=tuple(params), text=text, path=path)


def _parse_param_line(line: str, query_name: str) -> QueryParam:
    m = _PARAM_LINE.fullmatch(line)
    where = f"query {query_name}: bad parameter line {line!r}"
    if m is None:
        raise QueryError(f"{where}: expected '# param: name (type: label, default: required) — description'")
    pname = m["name"]
    if not _PARAM_NAME.fullmatch(pname):
        raise QueryError(f"{where}: {pname!r} is not a variable name")
    attrs: dict[str, str] = {}
    for part in m["attrs"].split(","):
        if not part.strip():
            continue
        am = _ATTR.fullmatch(part.strip())
        if am is None or am["key"] not in ("type", "default"):
            raise QueryError(f"{where}: expected 'type: ...' and 'default: ...', got {part.strip()!r}")
        attrs[am["key"]] = am["value"].strip()
    ptype = attrs.get("type", "string")
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{where}: unknown type {ptype!r} (expected one of {', '.join(PARAM_TYPES)})")
    default = attrs.get("default", "required") or "required"
    if ptype == "date" and default not in ("required", "none", "today"):
        _to_date(default, pname)  # a bad default date is the query's fault: say so now
    return QueryParam(name=pname, type=ptype, default=default, description=m["description"])


def _library():
    return resources.files("kg") / "queries"


def _library_names() -> list[str]:
    return sorted(entry.name[: -len(".rq")] for entry in _library().iterdir()
                  if entry.is_file() and entry.name.endswith(".rq"))


@lru_cache(maxsize=None)
def _load_library_query(name: str) -> QueryInfo:
    text = (_library() / f"{name}.rq").read_text(encoding="utf-8")
    return replace(parse_query_text(text, name=name), library=True)


def list_queries() -> list[QueryInfo]:
    """Every query of the library, by name."""
    return [_load_library_query(name) for name in _library_names()]


def load_query(name: str) -> QueryInfo:
    """The library query ``name`` (``chair-on-date``, ...).

    Raises:
        QueryError: when there is no such query.
    """
    names = _library_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise QueryError(f"unknown query {name!r}{hint} (known: {', '.join(names)})")
    return _load_library_query(name)


def _resolve(name_or_text: str | Path | QueryInfo) -> QueryInfo:
    """A library name, a path to a .rq file, or SPARQL text -> QueryInfo."""
    if isinstance(name_or_text, QueryInfo):
        return name_or_text
    if isinstance(name_or_text, Path) or (
            isinstance(name_or_text, str) and name_or_text.strip().lower().endswith(_QUERY_SUFFIXES)
            and "\n" not in name_or_text.strip()):
        path = Path(str(name_or_text).strip())
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise QueryError(f"{path}: no such query file") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read the query file: {exc}") from exc
        return parse_query_text(text, name=str(path), path=path)
    if not isinstance(name_or_text, str):
        raise QueryError(f"expected a query name, a .rq path or SPARQL text, got {type(name_or_text).__name__}")
    text = name_or_text
    if text in _library_names():
        return load_query(text)
    if _NAME.fullmatch(text.strip()):
        return load_query(text.strip())  # raises the unknown-name error, with a suggestion
    if not text.strip():
        raise QueryError("the query is empty")
    return parse_query_text(text)


@lru_cache(maxsize=128)
def _prepare(text: str, name: str) -> Query:
    try:
        return prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # rdflib raises pyparsing errors, and plain Exception for an unknown prefix
        message = " ".join(str(exc).split())
        raise QueryError(f"invalid SPARQL in {name}: {message}") from exc


# ------------------------------------------------------------------------- parameters


def _to_date(value: Any, pname: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, Literal):
        value = str(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise QueryError(f"parameter {pname!r}: {value!r} is not a valid date ({exc})") from exc
    raise QueryError(f"parameter {pname!r}: {value!r} is not a date; expected YYYY-MM-DD")


def _to_iri(value: Any, pname: str) -> URIRef:
    if isinstance(value, URIRef):
        return value
    if not isinstance(value, str):
        raise QueryError(f"parameter {pname!r}: expected an IRI, got {type(value).__name__}")
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        text = str(PREFIXES[prefix]) + rest
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", text):
        raise QueryError(f"parameter {pname!r}: {value!r} is not an IRI (a full IRI, or a prefixed name such as "
                         f"id:org/cbss)")
    return URIRef(text)


def _bind_declared(param: QueryParam, value: Any) -> Identifier:
    if param.type == "date":
        return Literal(_to_date(value, param.name).isoformat(), datatype=XSD.date)
    if param.type == "iri":
        return _to_iri(value, param.name)
    if isinstance(value, (URIRef, BNode)) or not isinstance(value, (str, int, float, Decimal, Literal)):
        raise QueryError(f"parameter {param.name!r}: expected text for a {param.type}, got {type(value).__name__}")
    if param.type == "name":
        return Literal(search_key(value))
    return Literal(str(value))


def _bind_undeclared(name: str, value: Any) -> Identifier:
    """A parameter the query does not declare: an rdflib term as it is, ``<iri>`` an IRI, else a plain literal."""
    if isinstance(value, Identifier) and not isinstance(value, Variable):
        return value
    if isinstance(value, datetime):
        return Literal(value)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return _to_iri(value, name)
    if isinstance(value, (str, int, float, Decimal, bool)):
        return Literal(value)
    raise QueryError(f"parameter {name!r}: cannot bind a {type(value).__name__}")


def _bindings(info: QueryInfo, params: Mapping[str, Any]) -> dict[str, Identifier]:
    declared = {p.name: p for p in info.params}
    bound: dict[str, Identifier] = {}
    for key, value in params.items():
        if key in declared:
            if value is None:
                continue
            bound[key] = _bind_declared(declared[key], value)
        elif info.library or info.params or not re.search(rf"[?$]{re.escape(key)}\b", info.text):
            known = ", ".join(declared) or "none"
            raise QueryError(f"unknown parameter {key!r} for query {info.name} (its parameters: {known})")
        elif value is not None:
            bound[key] = _bind_undeclared(key, value)
    missing = [p.name for p in info.params if p.name not in bound and p.required]
    if missing:
        raise QueryError(f"query {info.name} needs the parameter{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} ({'; '.join(_describe(declared[m]) for m in missing)})")
    for p in info.params:
        if p.name in bound or p.default in ("required", "none"):
            continue
        bound[p.name] = _bind_declared(p, date.today() if p.default == "today" else p.default)
    return bound


def _describe(p: QueryParam) -> str:
    return f"{p.name}: {p.type}" + (f", {p.description}" if p.description else "")


# ------------------------------------------------------------------------- safety


def _walk(node: Any, seen: set[int] | None = None) -> Iterator[Any]:
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value, seen)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value, seen)


def _check_safe(prepared: Query, name: str) -> None:
    for node in _walk(prepared.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryError(f"{name}: SERVICE calls a remote endpoint; it is refused unless allow_service=True "
                             "(kg query --allow-service)")
    if prepared.algebra.get("datasetClause"):
        raise QueryError(f"{name}: FROM / FROM NAMED would load graphs from the web; it is refused unless "
                         "allow_service=True (kg query --allow-service)")


# ------------------------------------------------------------------------- results


def _python(term: Node | None) -> Any:
    """A plain Python value: str for IRIs and most literals, date / int / float / bool where typed so."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype
        try:
            if dt == XSD.date:
                return date.fromisoformat(str(term)[:10])
            if dt == XSD.dateTime:
                return datetime.fromisoformat(str(term).replace("Z", "+00:00"))
            if dt == XSD.boolean:
                return str(term).strip() in ("true", "1")
            if dt in (XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger):
                return int(str(term))
            if dt in (XSD.decimal, XSD.double, XSD.float):
                return float(str(term))
        except ValueError:
            pass
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


@dataclass
class QueryResult:
    """What a query returned.

    Attributes:
        kind: "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE".
        variables: the SELECT variables, in order (empty for the other kinds).
        rows: one tuple per solution, an rdflib term or None (unbound) per variable.
        boolean: the answer of an ASK query.
        graph: the graph a CONSTRUCT or DESCRIBE query built.
        query: the query that was run.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    query: QueryInfo | None = None

    def __len__(self) -> int:
        if self.kind == "ASK":
            return 1
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        """The rows as dicts, variable -> term (None when unbound)."""
        for row in self.rows:
            yield dict(zip(self.variables, row))

    def column(self, name: str) -> list[Any]:
        """One column's values, as plain Python values."""
        try:
            i = self.variables.index(name)
        except ValueError:
            raise KeyError(f"no column {name!r} (columns: {', '.join(self.variables)})") from None
        return [_python(row[i]) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of plain Python values (str, date, int, float, bool; None when unbound)."""
        return [{v: _python(t) for v, t in zip(self.variables, row)} for row in self.rows]

    def to_dataframe(self) -> "pandas.DataFrame":
        """A pandas DataFrame of plain Python values: one column per variable, None where unbound.

        IRIs and literals are strings, except ``xsd:date`` (a :class:`datetime.date`),
        ``xsd:dateTime``, numbers and booleans. An ASK result is one row with a
        ``boolean`` column; a CONSTRUCT / DESCRIBE result one row per triple.
        """
        import pandas as pd

        if self.kind == "ASK":
            return pd.DataFrame({"boolean": [bool(self.boolean)]})
        if self.graph is not None:
            triples = sorted(self.graph, key=lambda t: tuple(str(x) for x in t))
            return pd.DataFrame([[_python(x) for x in t] for t in triples],
                                columns=["subject", "predicate", "object"], dtype=object)
        return pd.DataFrame([[_python(t) for t in row] for row in self.rows],
                            columns=list(self.variables), dtype=object)

    # shorthands
    def to_table(self, max_width: int | None = 60) -> str:
        return format_table(self, max_width=max_width)

    def to_csv(self) -> str:
        return to_csv(self)

    def to_markdown(self) -> str:
        return to_markdown(self)

    def to_sparql_json(self) -> str:
        return to_sparql_json(self)


# ------------------------------------------------------------------------- running


def run(graph: Graph | str | Path, name_or_text: str | Path | QueryInfo, *, allow_service: bool = False,
        **params: Any) -> QueryResult:
    """Run a library query, a ``.rq`` file or SPARQL text on ``graph``.

    Args:
        graph: an rdflib Graph (a Dataset is queried as the union of its graphs),
            or a path :func:`load_graph` reads.
        name_or_text: a library query name (``chair-on-date``), a path to a ``.rq``
            file, or SPARQL text. The prefixes of :data:`kg.ontology.PREFIXES` need
            no declaration.
        allow_service: allow ``SERVICE`` and ``FROM`` / ``FROM NAMED``, which
            reach out to the web; refused by default.
        **params: the query's parameters, bound as RDF terms (see the module doc).
            A query of your own without ``# param:`` lines takes any of its variables as a
            parameter: an rdflib term as it is, ``"<iri>"`` an IRI, else a plain literal.

    Raises:
        QueryError: an unknown query name, a missing, unknown or malformed
            parameter, invalid SPARQL, a refused SERVICE, or a failure while
            evaluating.
        StoreError: when ``graph`` is a path that cannot be read.
    """
    info = _resolve(name_or_text)
    prepared = _prepare(info.text, info.name)
    if not allow_service:
        _check_safe(prepared, info.name)
    bindings = _bindings(info, params)
    from kg.oxstore import run_if_store  # a store (or its folder) is queried on Oxigraph itself

    answer = run_if_store(graph, info, bindings)
    if answer is not None:
        return answer
    target = graph if isinstance(graph, Graph) else load_graph(graph)
    if target.context_aware:
        target = add_search_keys(union_graph(target))
    elif not has_search_keys(target):  # a graph not written by kg build: its names get keys, on a copy
        copy = Graph()
        bind_prefixes(copy)
        for triple in target:
            copy.add(triple)
        target = add_search_keys(copy)
    try:
        result = target.query(prepared, initBindings=bindings)
        kind = result.type
        if kind == "SELECT":
            variables = tuple(str(v) for v in (result.vars or ()))
            rows = [tuple(row) for row in result]  # evaluation is lazy: errors surface here
            return QueryResult(kind=kind, variables=variables, rows=rows, query=info)
        if kind == "ASK":
            return QueryResult(kind=kind, boolean=bool(result.askAnswer), query=info)
        out = Graph()
        bind_prefixes(out)
        for triple in result:
            out.add(triple)  # type: ignore[arg-type]
        return QueryResult(kind=kind, graph=out, query=info)
    except QueryError:
        raise
    except Exception as exc:  # rdflib's evaluation errors have no common base class
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise QueryError(f"query {info.name} failed: {message}") from exc


def query_dataframe(graph: Graph | str | Path, name: str | Path | QueryInfo, **params: Any) -> "pandas.DataFrame":
    """``run(graph, name, **params).to_dataframe()``."""
    return run(graph, name, **params).to_dataframe()


# ------------------------------------------------------------------------- graphs

REFERENCE_FILE = "reference.trig"
"""The file of the reference record in a ``kg build --with-reference`` folder."""


def reference_file(path: str | Path) -> Path | None:
    """The ``reference.trig`` of a build folder, or None (no such file, or ``path`` is not a folder)."""
    folder = Path(path)
    if folder.is_dir() and (folder / REFERENCE_FILE).is_file():
        return folder / REFERENCE_FILE
    return None


def _as_graph(graph: Graph | str | Path) -> Graph:
    target = graph if isinstance(graph, Graph) else load_graph(graph)
    return union_graph(target) if target.context_aware else target


def with_reference(graph: Graph | str | Path, reference: Graph | str | Path | None = None) -> Graph:
    """The union of ``graph`` and the reference record, to query both at once.

    Every fact keeps its source: an article's facts are ``prov:wasDerivedFrom``
    their article, the record's facts ``bkg:ReferenceSource`` pages with a
    ``bkg:confidence``, so the library queries' ``source_kind`` column tells them
    apart. The record names entities by their gazetteer labels only; here they
    also get the gazetteer's other names (``skos:altLabel``: "CBSS" ...), and an
    entity the articles label differently keeps the articles' ``rdfs:label`` (the
    record's becomes an ``skos:altLabel``), so every entity still has one label.

    Args:
        graph: a Graph (a Dataset counts as the union of its graphs) or a path
            :func:`load_graph` reads.
        reference: the record: a Graph or a path (``OUT/reference.trig``). By
            default the ``reference.trig`` of ``graph`` when it is a build folder
            that holds one, else the bundled record (:func:`kg.reference.reference_graph`).

    Returns:
        A new graph; neither input is changed.

    Raises:
        StoreError: a path that cannot be read.
        KGError: the bundled record cannot be read.
    """
    from rdflib.namespace import RDFS, SKOS

    base = _as_graph(graph)
    if reference is None and not isinstance(graph, Graph):
        reference = reference_file(graph)
    if reference is None:
        from kg.reference import reference_graph

        record = reference_graph()
    else:
        record = _as_graph(reference)
    union = Graph()
    bind_prefixes(union)
    for triple in base:
        union.add(triple)
    for s, p, o in record:
        if p == RDFS.label and (s, RDFS.label, o) not in base and base.value(s, RDFS.label) is not None:
            union.add((s, SKOS.altLabel, o))
        else:
            union.add((s, p, o))
    _add_gazetteer_names(union, record)
    return union


def _add_gazetteer_names(union: Graph, record: Graph) -> None:
    """Give the record's entities the other names the gazetteer knows them by."""
    from rdflib.namespace import RDFS, SKOS

    from kg.gazetteer import load_gazetteer
    from kg.ontology import ID

    base = str(ID)
    gazetteer = load_gazetteer()
    for node in set(record.subjects(RDFS.label, None)):
        if not isinstance(node, URIRef) or not str(node).startswith(base):
            continue
        entry = gazetteer.get(str(node)[len(base):])
        if entry is None:
            continue
        labels = {str(label) for label in union.objects(node, RDFS.label)}
        for name in entry.names():
            if name not in labels:
                union.add((node, SKOS.altLabel, Literal(name)))
                if search_key(name):
                    union.add((node, BKG.searchKey, Literal(search_key(name))))


def load_graph_with_reference(path: str | Path, reference: bool | None = None) -> Graph:
    """Read a graph to query, with the reference record as ``kg query`` and ``kg timeline`` load it.

    Args:
        path: what :func:`load_graph` reads (a build folder, a .ttl or .trig file ...).
        reference: None (the default) adds the record when ``path`` is a build
            folder that holds ``reference.trig``; True always adds it (that file,
            or else the bundled record); False never does.

    Raises:
        StoreError: a path that cannot be read.
        KGError: the bundled record cannot be read.
    """
    graph = load_graph(path)
    if reference is False:
        return graph
    found = reference_file(path)
    if found is None and not reference:
        return graph
    return with_reference(graph, found)


def date_param(query: str | Path | QueryInfo) -> QueryParam | None:
    """The parameter an as-of date binds: the query's ``date`` parameter, or its only one of type date.

    Raises:
        QueryError: an unknown query, or one with several date parameters none of which is called ``date``.
    """
    info = _resolve(query)
    dates = [p for p in info.params if p.type == "date"]
    named = next((p for p in dates if p.name == "date"), None)
    if named is not None or len(dates) <= 1:
        return named or (dates[0] if dates else None)
    raise QueryError(f"query {info.name} has several date parameters ({', '.join(p.name for p in dates)}); "
                     "bind one by name")


def as_of_queries() -> list[str]:
    """The library queries that take an as-of date (a ``date`` parameter)."""
    return [q.name for q in list_queries() if date_param(q) is not None]


def bind_as_of(query: str | Path | QueryInfo, as_of: Any, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``params`` with the query's date parameter (:func:`date_param`) set to ``as_of``.

    >>> bind_as_of("chair-on-date", "2023-09-01", {"body": "CBSS"})
    {'body': 'CBSS', 'date': '2023-09-01'}

    Raises:
        QueryError: the query takes no date (the message names the library
            queries that do), ``params`` already binds it, or ``as_of`` is not a
            YYYY-MM-DD date.
    """
    info = _resolve(query)
    out = dict(params or {})
    param = date_param(info)
    if param is None:
        raise QueryError(f"query {info.name} takes no date, so it has no as-of answer; the queries that take "
                         f"one are {', '.join(as_of_queries())}")
    if out.get(param.name) is not None:
        raise QueryError(f"the date of query {info.name} is given twice: as the as-of date and as the "
                         f"parameter {param.name!r}")
    try:
        _to_date(as_of, param.name)
    except QueryError:
        raise QueryError(f"as-of date {as_of!r} is not a date; expected YYYY-MM-DD") from None
    out[param.name] = as_of
    return out

# ------------------------------------------------------------------------- formats


def short_iri(iri: str) -> str:
    """``https://w3id.org/baltic-kg/id/org/cbss`` -> ``id:org/cbss`` with the longest matching prefix."""
    best = None
    for prefix, ns in PREFIXES.items():
        base = str(ns)
        if iri.startswith(base) and len(iri) > len(base) and (best is None or len(base) > len(best[1])):
            best = (prefix, base)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _display(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _non_select(result: QueryResult, json_form: bool = False) -> str | None:
    if result.kind == "ASK":
        return "true" if result.boolean else "false"
    if result.graph is not None:
        return result.graph.serialize(format="json-ld" if json_form else "turtle")
    return None


def _clip(text: str, width: int | None) -> str:
    text = " ".join(text.split())
    if width and len(text) > width:
        return text[: max(width - 1, 1)] + "…"
    return text


def format_table(result: QueryResult, *, max_width: int | None = 60) -> str:
    """An aligned text table of a SELECT result (IRIs shortened to prefixed names).

    Cells longer than ``max_width`` are cut with "…" (``None`` or 0: never).
    ASK gives "true" or "false"; CONSTRUCT and DESCRIBE give Turtle.
    """
    other = _non_select(result)
    if other is not None:
        return other
    header = list(result.variables)
    cells = [[_clip(_display(t), max_width) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, full IRIs, lexical values, empty when unbound.

    ASK gives "true" or "false"; CONSTRUCT and DESCRIBE give Turtle.
    """
    other = _non_select(result)
    if other is not None:
        return other + "\n" if not other.endswith("\n") else other
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(result: QueryResult) -> str:
    """A Markdown (GitHub) pipe table of a SELECT result, IRIs shortened to prefixed names.

    ASK gives "true" or "false"; CONSTRUCT and DESCRIBE give Turtle.
    """
    other = _non_select(result)
    if other is not None:
        return other
    header = list(result.variables)
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    for row in result.rows:
        lines.append("| " + " | ".join(_md_cell(_display(t)) for t in row) + " |")
    return "\n".join(lines)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    raise QueryError(f"cannot write {term!r} as a SPARQL JSON term")


def sparql_json_dict(result: QueryResult) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON object of a SELECT or ASK result."""
    if result.kind == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    if result.graph is not None:
        raise QueryError(f"a {result.kind} result is a graph, not SPARQL results; write it as JSON-LD")
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def to_sparql_json(result: QueryResult, *, indent: int | None = 2) -> str:
    """SPARQL 1.1 Query Results JSON of a SELECT or ASK result (with type, datatype, xml:lang).

    A CONSTRUCT or DESCRIBE result is written as JSON-LD instead.
    """
    if result.graph is not None:
        return _non_select(result, json_form=True) or ""
    return json.dumps(sparql_json_dict(result), indent=indent, ensure_ascii=False)
