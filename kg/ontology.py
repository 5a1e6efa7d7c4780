"""The baltic-kg vocabulary: namespaces, the ontology and shapes files, SHACL validation.

``BKG`` is the project's own namespace as a closed :class:`~rdflib.namespace.DefinedNamespace`:
a misspelt term (``BKG.Chiar``) raises instead of minting a new IRI. The other
namespaces are the vocabularies the graph contract reuses; rdflib's own
definitions are used where it has them.

``ontology/kg.ttl`` declares every term a graph uses; ``ontology/shapes.ttl``
holds the SHACL shapes every build is validated against::

    report = validate(graph)          # a Graph, or a Dataset (validated as one union)
    report.conforms, report.results   # results: one readable line per problem
    report.raise_for_violations()     # OntologyError when the graph does not conform

The small helpers (:func:`entity_class`, :func:`role_term`, :func:`modality_term`,
:func:`status_term`, :func:`date_literal`, :func:`instant_property`) turn the
strings of :mod:`kg.model` into the terms and literals the shapes expect.
"""
# No ``from __future__ import annotations`` here: DefinedNamespace reads its
# class annotations at runtime (``as_jsonld_context`` checks they are URIRef).

import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import Node

from kg.errors import OntologyError
from kg.model import DateValue
from kg.resources import ontology_file

__all__ = [
    "search_key",
    "add_search_keys",
    "has_search_keys",
    "BKG",
    "ORG",
    "TIME",
    "SDO",
    "PROV",
    "DCTERMS",
    "SKOS",
    "FOAF",
    "WD",
    "ID",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "ENTITY_CLASSES",
    "ROLE_TERMS",
    "MODALITY_TERMS",
    "STATUS_TERMS",
    "CONFIDENCE_VALUES",
    "bind_prefixes",
    "ShapeCheck",
    "bkg_terms",
    "entity_class",
    "role_term",
    "modality_term",
    "status_term",
    "date_literal",
    "instant_property",
    "load_ontology",
    "load_shapes",
    "validate",
    "ValidationReport",
]


class BKG(DefinedNamespace):
    """The baltic-kg ontology, ``https://w3id.org/baltic-kg/ontology#``.

    Every term here is declared in ``ontology/kg.ttl`` and vice versa (a test checks it).
    """

    _NS = Namespace("https://w3id.org/baltic-kg/ontology#")
    _fail = True

    # classes
    Statement: URIRef  # quoted words of a speaker; a prov:Entity
    Modality: URIRef  # how an article holds a fact
    MembershipStatus: URIRef  # standing of a membership
    ReferenceRecord: URIRef  # the project's reference record (data/reference/record.yaml)
    ReferenceSource: URIRef  # a web page the reference record cites; also schema:WebPage

    # roles (org:Role individuals, values of org:role)
    Chair: URIRef
    Member: URIRef
    Observer: URIRef

    # modalities (bkg:Modality individuals, values of bkg:modality)
    Asserted: URIRef
    Planned: URIRef
    Hoped: URIRef
    Proposed: URIRef
    Denied: URIRef

    # membership statuses (bkg:MembershipStatus individuals, values of bkg:status)
    Active: URIRef
    Suspended: URIRef
    Withdrawn: URIRef

    # properties
    modality: URIRef  # org:Membership | bkg:Statement -> bkg:Modality
    status: URIRef  # org:Membership -> bkg:MembershipStatus
    evidence: URIRef  # fact node -> xsd:string (the sentence)
    speaker: URIRef  # bkg:Statement -> agent; sub-property of prov:wasAttributedTo
    participatedIn: URIRef  # participant -> schema:Event
    hosted: URIRef  # host -> schema:Event; sub-property of bkg:participatedIn
    datePublishedInferred: URIRef  # schema:NewsArticle -> xsd:boolean
    sourceFile: URIRef  # schema:NewsArticle -> xsd:string
    searchKey: URIRef  # entity -> xsd:string (a name in lower case, for lookups; see search_key)
    confidence: URIRef  # reference fact -> "verified" | "single_source"
    recordedIn: URIRef  # reference fact -> bkg:ReferenceRecord
    recordEntry: URIRef  # reference fact -> xsd:string (where in baltic_reference.yaml)


WD = Namespace("http://www.wikidata.org/entity/")
ID = Namespace("https://w3id.org/baltic-kg/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/baltic-kg/ontology")

PREFIXES: dict[str, Namespace] = {
    "bkg": Namespace(str(BKG)),
    "org": Namespace(str(ORG)),
    "time": Namespace(str(TIME)),
    "schema": Namespace(str(SDO)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "wd": WD,
    "id": ID,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}
"""Prefix -> namespace, for ``graph.bind`` and ``prepareQuery(initNs=PREFIXES)``."""

ENTITY_CLASSES: Mapping[str, URIRef] = MappingProxyType({
    "Person": FOAF.Person,
    "Organisation": ORG.FormalOrganization,
    "Country": SDO.Country,
    "City": SDO.City,
    "Region": SDO.AdministrativeArea,
    "Event": SDO.Event,
})
"""Entity kind (:data:`kg.model.ENTITY_KINDS`) -> its rdf:type."""

ROLE_TERMS: Mapping[str, URIRef] = MappingProxyType(
    {"Chair": BKG.Chair, "Member": BKG.Member, "Observer": BKG.Observer}
)
MODALITY_TERMS: Mapping[str, URIRef] = MappingProxyType({
    "Asserted": BKG.Asserted,
    "Planned": BKG.Planned,
    "Hoped": BKG.Hoped,
    "Proposed": BKG.Proposed,
    "Denied": BKG.Denied,
})
STATUS_TERMS: Mapping[str, URIRef] = MappingProxyType(
    {"Active": BKG.Active, "Suspended": BKG.Suspended, "Withdrawn": BKG.Withdrawn}
)
CONFIDENCE_VALUES: tuple[str, ...] = ("verified", "single_source")
"""The values of bkg:confidence: the confidences a fact of the reference record may have."""


def bind_prefixes(graph: Graph) -> None:
    """Bind every prefix of :data:`PREFIXES` on ``graph`` (a Graph or a Dataset).

    Existing bindings of the same prefix or namespace are replaced, so ``schema``
    is always ``https://schema.org/``.
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def search_key(name: object) -> str:
    """The :data:`BKG.searchKey <BKG>` of a name: lower case, runs of white space made one space.

    >>> search_key("  Council of the  Baltic Sea States ")
    'council of the baltic sea states'
    """
    return " ".join(str(name).split()).lower()


def add_search_keys(graph: Graph) -> Graph:
    """Give every ``rdfs:label`` and ``skos:altLabel`` in ``graph`` its ``bkg:searchKey`` beside it; returns ``graph``.

    A Dataset gets the keys in the graph of each name; names that are empty after
    :func:`search_key` get none.
    """
    if graph.context_aware:
        quads = [(s, o, c) for p in (RDFS.label, SKOS.altLabel)
                 for s, _, o, c in graph.quads((None, p, None, None))]  # type: ignore[attr-defined]
        for s, o, c in quads:
            key = search_key(o)
            if key:
                graph.add((s, BKG.searchKey, Literal(key), c))  # type: ignore[arg-type]
        return graph
    for s, o in [(s, o) for p in (RDFS.label, SKOS.altLabel) for s, _, o in graph.triples((None, p, None))]:
        key = search_key(o)
        if key:
            graph.add((s, BKG.searchKey, Literal(key)))
    return graph


def has_search_keys(graph: Graph) -> bool:
    """Whether ``graph`` has its names' search keys: true when it has a ``bkg:searchKey`` or no name at all.

    Graphs that ``kg build`` writes have them; one written by hand or by another tool may not.
    """
    if (None, BKG.searchKey, None) in graph:
        return True
    return (None, RDFS.label, None) not in graph and (None, SKOS.altLabel, None) not in graph


def bkg_terms() -> frozenset[URIRef]:
    """Every term of the :class:`BKG` namespace."""
    return frozenset(BKG[name] for name in inspect.get_annotations(BKG) if not name.startswith("_"))


# -- model strings -> terms ---------------------------------------------------


def _lookup(table: Mapping[str, URIRef], what: str, name: str) -> URIRef:
    try:
        return table[name]
    except KeyError:
        known = ", ".join(table)
        raise OntologyError(f"unknown {what} {name!r} (expected one of {known})") from None


def entity_class(kind: str) -> URIRef:
    """The rdf:type of an entity kind ("Person" -> foaf:Person, "Region" -> schema:AdministrativeArea)."""
    return _lookup(ENTITY_CLASSES, "entity kind", kind)


def role_term(role: str) -> URIRef:
    """The org:Role individual of a membership role ("Chair" -> bkg:Chair)."""
    return _lookup(ROLE_TERMS, "role", role)


def modality_term(modality: str) -> URIRef:
    """The bkg:Modality individual of a modality ("Planned" -> bkg:Planned)."""
    return _lookup(MODALITY_TERMS, "modality", modality)


def status_term(status: str) -> URIRef:
    """The bkg:MembershipStatus individual of a status ("Suspended" -> bkg:Suspended)."""
    return _lookup(STATUS_TERMS, "membership status", status)


_DATE_FORMS: tuple[tuple[re.Pattern[str], URIRef, URIRef], ...] = (
    (re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"), XSD.date, TIME.inXSDDate),
    (re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"), XSD.gYearMonth, TIME.inXSDgYearMonth),
    (re.compile(r"[0-9]{4}"), XSD.gYear, TIME.inXSDgYear),
)


def _date_form(value: DateValue | date | str) -> tuple[str, URIRef, URIRef]:
    if isinstance(value, datetime):
        value = value.date()
    text = str(value)
    for pattern, datatype, prop in _DATE_FORMS:
        if pattern.fullmatch(text):
            if datatype == XSD.date:
                try:
                    date.fromisoformat(text)
                except ValueError:
                    break
            return text, datatype, prop
    raise OntologyError(f"not a date, year-month or year: {text!r}")


def date_literal(value: DateValue | date | str) -> Literal:
    """A date at its own precision: "2023-07-01"^^xsd:date, "2023-07"^^xsd:gYearMonth, "2023"^^xsd:gYear.

    Raises:
        OntologyError: when ``value`` is none of the three forms.
    """
    text, datatype, _ = _date_form(value)
    return Literal(text, datatype=datatype)


def instant_property(value: DateValue | date | str) -> URIRef:
    """The OWL-Time property that gives an instant at the precision of ``value``:
    time:inXSDDate, time:inXSDgYearMonth or time:inXSDgYear."""
    return _date_form(value)[2]


# -- ontology and shapes files ------------------------------------------------


def _load(name: str) -> Graph:
    path = ontology_file(name)
    graph = Graph()
    bind_prefixes(graph)
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(f"cannot read {path}: {exc}") from exc
    return graph


def load_ontology() -> Graph:
    """The OWL ontology, ``ontology/kg.ttl``, as a new Graph."""
    return _load("kg.ttl")


def load_shapes() -> Graph:
    """The SHACL shapes, ``ontology/shapes.ttl``, as a new Graph."""
    return _load("shapes.ttl")


_PARSED: dict[str, Graph] = {}


def _bundled(name: str) -> Graph:
    """The bundled ``name`` parsed once per process, for validation (which only reads it)."""
    graph = _PARSED.get(name)
    if graph is None:
        graph = _PARSED[name] = _load(name)
    return graph


# -- validation ---------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: False when any result has severity sh:Violation (warnings do not count).
        results: one line per result, violations first:
            ``"Violation: <focus node> <path>: <message> (value: <value>)"``.
        text: pyshacl's full text report.
    """

    conforms: bool
    results: tuple[str, ...]
    text: str

    @property
    def violations(self) -> tuple[str, ...]:
        return tuple(r for r in self.results if r.startswith("Violation:"))

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(r for r in self.results if not r.startswith("Violation:"))

    def raise_for_violations(self) -> None:
        """Raise :class:`~kg.errors.OntologyError` listing the violations if the graph does not conform."""
        if not self.conforms:
            lines = self.violations or self.results
            raise OntologyError(
                f"the graph does not conform to the SHACL shapes ({len(lines)} violations):\n"
                + "\n".join(lines)
            )


def _union(graph: Graph) -> Graph:
    """All triples of a Dataset / ConjunctiveGraph in one Graph; a plain Graph as it is.

    pyshacl validates each named graph of a Dataset on its own, which is wrong here:
    an entity typed in one article's graph is referenced from another's.
    """
    if not graph.context_aware:
        return graph
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _short(node: Node | None, graph: Graph, limit: int = 80) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _short(inverse, graph)
        return "[]"
    text = node.n3(graph.namespace_manager)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _result_rows(results: Graph, keep=None) -> list[tuple[bool, str]]:
    bind_prefixes(results)
    rows = []
    for result in set(results.subjects(RDF.type, SH.ValidationResult)):
        severity = results.value(result, SH.resultSeverity)
        level = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        focus = results.value(result, SH.focusNode)
        if keep is not None and not keep(focus):
            continue
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted({str(m) for m in results.objects(result, SH.resultMessage)})
        where = " ".join(x for x in (_short(focus, results), _short(path, results)) if x)
        line = f"{level}: {where}: {'; '.join(messages) or 'constraint not met'}"
        if value is not None and value != focus:
            line += f" (value: {_short(value, results)})"
        rows.append((level != "Violation", line))
    return rows


def _result_lines(results: Graph) -> tuple[str, ...]:
    return tuple(line for _, line in sorted(_result_rows(results)))


def validate(graph: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against the project's SHACL shapes.

    A Dataset (or ConjunctiveGraph) is validated as the union of all its graphs.
    No inference is run; the ontology is mixed into the data so that sh:class
    sees its rdfs:subClassOf axioms. Warnings are reported but do not make the
    graph non-conformant.

    Args:
        graph: the graph to check.
        shapes: the shapes to use instead of ``ontology/shapes.ttl``.
        ontology: the ontology to use instead of ``ontology/kg.ttl``.

    Raises:
        OntologyError: when the shapes themselves cannot be loaded or used.
    """
    import pyshacl  # imported here: it is slow to import and only validation needs it
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, results, text = pyshacl.validate(
            _union(graph),
            shacl_graph=shapes if shapes is not None else _bundled("shapes.ttl"),
            ont_graph=ontology if ontology is not None else _bundled("kg.ttl"),
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
    except ReportableRuntimeError as exc:
        raise OntologyError(f"SHACL validation failed: {exc}") from exc
    assert isinstance(results, Graph)
    return ValidationReport(conforms=bool(conforms), results=_result_lines(results), text=str(text))


class ShapeCheck:
    """Validate a dataset against the shapes one named graph at a time, as :func:`validate` does the union.

    Feed it each named graph (:meth:`add_graph`), then the triples about shared
    nodes merged across all graphs (:meth:`finish`): entities, posts,
    publishers, whatever :func:`kg.rdf.is_local` says is not an article's own.
    An article's own nodes (the article, its memberships with their periods
    and instants, its statements) are checked a batch of articles at a time
    with the types of the shared nodes they point to, and the shared nodes
    once, on their merged triples. Memory stays bounded by a batch and the
    shared nodes, and the results are those of :func:`validate` on the union.

    Args:
        batch: named graphs per pySHACL run.
        shapes, ontology: as for :func:`validate`.
    """

    def __init__(self, *, batch: int = 400, shapes: Graph | None = None, ontology: Graph | None = None) -> None:
        self.batch = batch
        self.shapes = shapes if shapes is not None else _bundled("shapes.ttl")
        self.ontology = ontology if ontology is not None else _bundled("kg.ttl")
        self.pending = Graph()
        self.graphs = 0
        self.rows: list[tuple[bool, str]] = []
        self.texts: list[str] = []
        self.conforms = True

    def add_graph(self, name: Node, triples) -> None:
        """Check one named graph's own nodes (the rest waits for :meth:`finish`)."""
        from kg.rdf import is_local

        add = self.pending.add
        for t in triples:
            if is_local(t[0]) or t[1] == RDF.type:
                add(t)
        self.graphs += 1
        if self.graphs % self.batch == 0:
            self._flush()

    def _flush(self) -> None:
        from kg.rdf import is_local

        if len(self.pending):
            self._run(self.pending, is_local)
        self.pending = Graph()

    def _run(self, graph: Graph, keep) -> None:
        import pyshacl
        from pyshacl.errors import ReportableRuntimeError

        try:
            _, results, text = pyshacl.validate(graph, shacl_graph=self.shapes, ont_graph=self.ontology,
                                                inference="none", advanced=True, allow_warnings=True)
        except ReportableRuntimeError as exc:
            raise OntologyError(f"SHACL validation failed: {exc}") from exc
        rows = _result_rows(results, keep)
        self.rows.extend(rows)
        if rows:
            self.texts.append(str(text))
        if any(not warning for warning, _ in rows):
            self.conforms = False

    def finish(self, shared) -> ValidationReport:
        """Check the shared nodes (their triples merged across every graph); the report of the whole dataset."""
        from kg.rdf import is_local

        self._flush()
        graph = Graph()
        for t in shared:
            graph.add(t)
        self._run(graph, lambda focus: not is_local(focus))
        lines = tuple(line for _, line in sorted(self.rows))
        text = "".join(self.texts) if self.texts else "Validation Report\nConforms: True\n"
        if not self.conforms and "Conforms: False" not in text:
            text = "Validation Report\nConforms: False\n" + text
        return ValidationReport(conforms=self.conforms, results=lines, text=text)
