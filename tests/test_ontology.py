"""Tests for the ontology, the SHACL shapes and kg.ontology."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.collection import Collection

from kg import ontology as kgo
from kg.errors import OntologyError
from kg.model import ENTITY_KINDS, MODALITIES, DateValue
from kg.ontology import (
    BKG,
    ID,
    PREFIXES,
    ValidationReport,
    bind_prefixes,
    bkg_terms,
    date_literal,
    entity_class,
    instant_property,
    load_ontology,
    load_shapes,
    modality_term,
    role_term,
    status_term,
    validate,
)
from kg.resources import ontology_file

# rdflib's open DefinedNamespaces (SDO, TIME, XSD) warn on any unknown attribute,
# and pytest probes module attributes while collecting: reach those through modules.
RDF, RDFS, OWL, SH = rns.RDF, rns.RDFS, rns.OWL, rns.SH

DECLARATION_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDF.Property,
)
# Built-in vocabularies: their terms need no declaration in kg.ttl.
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(rns.XSD))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for t in DECLARATION_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef)
    }


# -- sample graphs ------------------------------------------------------------

HEADER = """
@base <https://w3id.org/baltic-kg/id/> .
@prefix bkg:     <https://w3id.org/baltic-kg/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix schema:  <https://schema.org/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix wd:      <http://www.wikidata.org/entity/> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

ENTITIES = """
<org/cbss> a org:FormalOrganization ;
    rdfs:label "Council of the Baltic Sea States" ;
    skos:altLabel "CBSS" , "Council of Baltic Sea States" ;
    owl:sameAs wd:Q789769 .
<org/cbss-secretariat> a org:FormalOrganization ;
    rdfs:label "CBSS Secretariat" ;
    org:subOrganizationOf <org/cbss> .
<org/ubc> a org:FormalOrganization ; rdfs:label "Union of the Baltic Cities" ; skos:altLabel "UBC" .
<country/russia> a schema:Country ; rdfs:label "Russia" ; skos:altLabel "Russian Federation" ; owl:sameAs wd:Q159 .
<country/norway> a schema:Country ; rdfs:label "Norway" .
<city/saint-petersburg> a schema:City ;
    rdfs:label "Saint Petersburg" ;
    skos:altLabel "St. Petersburg" , "Sankt-Peterburg"@ru ;
    schema:containedInPlace <country/russia> .
<city/moscow> a schema:City ; rdfs:label "Moscow" ; schema:containedInPlace <country/russia> .
<city/kristiansand> a schema:City ; rdfs:label "Kristiansand" ; schema:containedInPlace <country/norway> .
<region/kaliningrad-oblast> a schema:AdministrativeArea ; rdfs:label "Kaliningrad Oblast" ;
    schema:containedInPlace <country/russia> .
<person/sergey-lavrov> a foaf:Person ; rdfs:label "Sergey Lavrov" ; skos:altLabel "Lavrov" , "Sergei Lavrov" .
<event/cbss-ministerial-2022> a schema:Event ;
    rdfs:label "CBSS ministerial session in Kristiansand" ;
    schema:startDate "2022-05-25"^^xsd:date ;
    schema:endDate "2022-05-25"^^xsd:date ;
    schema:location <city/kristiansand> ;
    schema:organizer <org/cbss> .
<publisher/tass> a schema:Organization ; schema:name "TASS" .
<article/a1> a schema:NewsArticle , prov:Entity ;
    schema:headline "Lavrov says Russia open to cooperation with the UBC" ;
    schema:datePublished "2021-10-29"^^xsd:date ;
    schema:publisher <publisher/tass> ;
    schema:url <https://tass.com/politics/1355555> ;
    schema:inLanguage "en" ;
    schema:locationCreated <city/moscow> ;
    schema:mentions <org/cbss> , <person/sergey-lavrov> , <city/saint-petersburg> ;
    bkg:datePublishedInferred false ;
    bkg:sourceFile "data/articles/000_dbbd667ff7499105.txt" .
"""

CHAIRMANSHIP = """
<membership/m1> a org:Membership ;
    org:member <country/russia> ;
    org:organization <org/cbss> ;
    org:role bkg:Chair ;
    org:memberDuring <interval/i1> ;
    bkg:modality bkg:Asserted ;
    prov:wasDerivedFrom <article/a1> ;
    bkg:evidence "Russia chaired the CBSS in 2012." .
<interval/i1> a time:Interval ; time:hasBeginning <instant/t1> .
<instant/t1> a time:Instant ; time:inXSDgYear "2012"^^xsd:gYear .
"""

MEMBERSHIP_WITH_STATUS = """
<membership/m2> a org:Membership ;
    org:member <country/russia> ;
    org:organization <org/cbss> ;
    org:role bkg:Member ;
    bkg:status bkg:Suspended ;
    org:memberDuring <interval/i2> ;
    bkg:modality bkg:Asserted ;
    prov:wasDerivedFrom <article/a1> ;
    bkg:evidence "Russia was suspended from the CBSS on 3 March 2022." .
<interval/i2> a time:Interval ;
    time:hasBeginning <instant/t2> ;
    time:hasEnd <instant/t3> .
<instant/t2> a time:Instant ; time:inXSDgYearMonth "1992-03"^^xsd:gYearMonth .
<instant/t3> a time:Instant ; time:inXSDDate "2022-03-03"^^xsd:date .
"""

POST = """
<person/sergey-lavrov> org:holds <post/p1> .
<post/p1> a org:Post ;
    rdfs:label "Minister of Foreign Affairs" ;
    skos:altLabel "Foreign Minister" ;
    org:postIn <country/russia> .
"""

STATEMENT = """
<statement/s1> a bkg:Statement ;
    bkg:speaker <person/sergey-lavrov> ;
    schema:text "We're always open to the cooperation." ;
    dcterms:date "2021-10-29"^^xsd:date ;
    bkg:modality bkg:Asserted ;
    prov:wasDerivedFrom <article/a1> ;
    bkg:evidence "\\"We're always open to the cooperation,\\" Lavrov said." .
"""

PARTICIPATION = """
<country/norway> bkg:hosted <event/cbss-ministerial-2022> ;
    bkg:participatedIn <event/cbss-ministerial-2022> .
<person/sergey-lavrov> bkg:participatedIn <event/cbss-ministerial-2022> .
"""

CONFORMING = {
    "chairmanship": CHAIRMANSHIP,
    "membership_with_status": MEMBERSHIP_WITH_STATUS,
    "post": POST,
    "statement": STATEMENT,
    "participation": PARTICIPATION,
    "article": "",
}

NON_CONFORMING = {
    "membership_without_organization": (
        CHAIRMANSHIP.replace("org:organization <org/cbss> ;", ""),
        "org:organization",
    ),
    "entity_with_two_labels": (
        '<country/russia> rdfs:label "Russian Federation" .',
        "rdfs:label",
    ),
    "label_with_language_tag": (
        ENTITIES.replace('rdfs:label "Norway"', 'rdfs:label "Norway"@en'),
        "rdfs:label",
    ),
    "modality_outside_the_list": (
        CHAIRMANSHIP.replace("bkg:modality bkg:Asserted", "bkg:modality bkg:Likely"),
        "bkg:modality",
    ),
    "two_modalities": (
        CHAIRMANSHIP.replace("bkg:modality bkg:Asserted", "bkg:modality bkg:Asserted , bkg:Planned"),
        "bkg:modality",
    ),
    "role_outside_the_list": (
        CHAIRMANSHIP.replace("org:role bkg:Chair", "org:role bkg:President"),
        "org:role",
    ),
    "instant_without_a_date": (
        CHAIRMANSHIP.replace('time:inXSDgYear "2012"^^xsd:gYear', "rdfs:comment \"some time\""),
        "time:inXSDDate, time:inXSDgYearMonth, time:inXSDgYear",
    ),
    "instant_with_two_dates": (
        CHAIRMANSHIP.replace(
            'time:inXSDgYear "2012"^^xsd:gYear',
            'time:inXSDgYear "2012"^^xsd:gYear ; time:inXSDDate "2012-07-01"^^xsd:date',
        ),
        "time:inXSDDate, time:inXSDgYearMonth, time:inXSDgYear",
    ),
    "malformed_year_month": (
        MEMBERSHIP_WITH_STATUS.replace('"1992-03"^^xsd:gYearMonth', '"1992-13"^^xsd:gYearMonth'),
        "time:inXSDgYearMonth",
    ),
    "member_of_the_wrong_kind": (
        CHAIRMANSHIP.replace("org:member <country/russia>", "org:member <event/cbss-ministerial-2022>"),
        "org:member",
    ),
    "speaker_is_a_place": (
        STATEMENT.replace("bkg:speaker <person/sergey-lavrov>", "bkg:speaker <country/norway>"),
        "bkg:speaker",
    ),
    "source_is_not_an_article": (
        CHAIRMANSHIP.replace("prov:wasDerivedFrom <article/a1>", "prov:wasDerivedFrom <country/norway>"),
        "prov:wasDerivedFrom",
    ),
    "membership_without_evidence": (
        CHAIRMANSHIP.replace('bkg:evidence "Russia chaired the CBSS in 2012." .', "."),
        "bkg:evidence",
    ),
    "membership_without_article": (
        CHAIRMANSHIP.replace("prov:wasDerivedFrom <article/a1> ;", ""),
        "prov:wasDerivedFrom",
    ),
    "status_outside_the_list": (
        MEMBERSHIP_WITH_STATUS.replace("bkg:status bkg:Suspended", "bkg:status bkg:Paused"),
        "bkg:status",
    ),
    "post_with_two_labels": (
        POST.replace('rdfs:label "Minister of Foreign Affairs"', 'rdfs:label "Minister of Foreign Affairs" , "FM"'),
        "rdfs:label",
    ),
    "statement_without_speaker": (
        STATEMENT.replace("bkg:speaker <person/sergey-lavrov> ;", ""),
        "bkg:speaker",
    ),
    "host_not_participant": (
        "<country/russia> bkg:hosted <event/cbss-ministerial-2022> .",
        "bkg:participatedIn",
    ),
    "publisher_is_a_formal_organization": (
        "<publisher/tass> a org:FormalOrganization ; rdfs:label \"TASS\" .",
        "publisher/tass",
    ),
    "url_as_string": (
        ENTITIES.replace("schema:url <https://tass.com/politics/1355555>", 'schema:url "https://tass.com/x"'),
        "schema:url",
    ),
    "same_as_outside_wikidata": (
        "<country/norway> owl:sameAs <http://dbpedia.org/resource/Norway> .",
        "owl:sameAs",
    ),
}


def sample(*parts: str) -> Graph:
    """The shared entities plus ``parts``, parsed as one Turtle document."""
    return Graph().parse(data=HEADER + ENTITIES + "\n".join(parts), format="turtle")


# -- the files ----------------------------------------------------------------


def test_ontology_files_parse(ontology, shapes):
    assert ontology_file("kg.ttl").is_file() and ontology_file("shapes.ttl").is_file()
    assert (URIRef("https://w3id.org/baltic-kg/ontology"), RDF.type, OWL.Ontology) in ontology
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 10


def test_ontology_header_has_version_title_description_license(ontology):
    header = URIRef("https://w3id.org/baltic-kg/ontology")
    for prop in (OWL.versionInfo, kgo.DCTERMS.title, kgo.DCTERMS.description, kgo.DCTERMS.license):
        assert ontology.value(header, prop) is not None, prop
    assert not list(ontology.objects(header, OWL.imports))


def test_ontology_every_term_has_one_label_and_a_comment(ontology):
    terms = declared_terms(ontology)
    assert len(terms) > 60
    problems = []
    for term in sorted(terms):
        labels = list(ontology.objects(term, RDFS.label))
        comments = list(ontology.objects(term, RDFS.comment))
        if len(labels) != 1:
            problems.append(f"{term}: {len(labels)} labels")
        if not comments:
            problems.append(f"{term}: no comment")
        if ontology.value(term, RDFS.isDefinedBy) is None:
            problems.append(f"{term}: no rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_ontology_bkg_namespace_matches_kg_ttl(ontology):
    in_ttl = {
        t for t in set(ontology.subjects()) | set(ontology.objects())
        if isinstance(t, URIRef) and str(t).startswith(str(BKG))
    }
    assert in_ttl == bkg_terms()
    assert bkg_terms() <= declared_terms(ontology)
    for term in bkg_terms():
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef("https://w3id.org/baltic-kg/ontology")


def test_ontology_bkg_namespace_is_closed():
    with pytest.raises(AttributeError):
        BKG.Chiar  # noqa: B018
    assert BKG.Chair == URIRef("https://w3id.org/baltic-kg/ontology#Chair")


def test_ontology_individuals_have_their_classes(ontology):
    for term in (BKG.Chair, BKG.Member, BKG.Observer):
        assert (term, RDF.type, kgo.ORG.Role) in ontology
    for term in (BKG.Asserted, BKG.Planned, BKG.Hoped, BKG.Proposed, BKG.Denied):
        assert (term, RDF.type, BKG.Modality) in ontology
    for term in (BKG.Active, BKG.Suspended, BKG.Withdrawn):
        assert (term, RDF.type, BKG.MembershipStatus) in ontology
    assert (BKG.speaker, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) in ontology
    assert (BKG.hosted, RDFS.subPropertyOf, BKG.participatedIn) in ontology
    assert (BKG.Statement, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ontology


def test_ontology_declares_every_term_the_samples_use(ontology):
    declared = declared_terms(ontology)
    graph = sample(*CONFORMING.values())
    used = {p for p in graph.predicates()} | {o for o in graph.objects(None, RDF.type)}
    missing = sorted(t for t in used if not str(t).startswith(BUILT_IN) and t not in declared)
    assert not missing


def test_ontology_shapes_use_only_declared_terms(ontology, shapes):
    declared = declared_terms(ontology) | {
        s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)
    }
    used: set[URIRef] = set()
    for prop in (SH.path, SH.inversePath, SH["class"], SH.targetClass, SH.targetSubjectsOf,
                 SH.targetObjectsOf, SH.hasValue):
        used |= {o for o in shapes.objects(None, prop) if isinstance(o, URIRef)}
    for head in shapes.objects(None, SH["in"]):
        used |= set(Collection(shapes, head))
    missing = sorted(t for t in used if not str(t).startswith(BUILT_IN) and t not in declared)
    assert not missing


# -- validation ---------------------------------------------------------------


def test_ontology_the_ontology_itself_conforms(ontology):
    report = validate(ontology)
    assert report.conforms, report.results


@pytest.mark.parametrize("name", sorted(CONFORMING))
def test_ontology_conforming_sample_validates(name):
    report = validate(sample(CONFORMING[name]))
    assert isinstance(report, ValidationReport)
    assert report.conforms, "\n".join(report.results)
    assert not report.violations


def test_ontology_all_samples_together_conform():
    report = validate(sample(*CONFORMING.values()))
    assert report.conforms, "\n".join(report.results)
    assert report.results == ()


@pytest.mark.parametrize("name", sorted(NON_CONFORMING))
def test_ontology_non_conforming_sample_fails(name):
    extra, expected = NON_CONFORMING[name]
    graph = Graph().parse(data=HEADER + _with_entities(extra), format="turtle")
    report = validate(graph)
    assert not report.conforms
    assert report.violations
    assert any(expected in line for line in report.violations), "\n".join(report.results)
    with pytest.raises(OntologyError, match="does not conform"):
        report.raise_for_violations()


def _with_entities(extra: str) -> str:
    # Samples that rewrite ENTITIES carry their own copy; the others are added to it.
    return extra if "<org/cbss> a org:FormalOrganization" in extra else ENTITIES + extra


def test_ontology_results_are_readable_lines():
    report = validate(sample(CHAIRMANSHIP.replace("org:organization <org/cbss> ;", "")))
    (line,) = report.violations
    assert line.startswith("Violation: ")
    assert "<https://w3id.org/baltic-kg/id/membership/m1>" in line
    assert "org:organization" in line
    assert "\n" not in line
    assert "Conforms: False" in report.text


def test_ontology_warnings_do_not_break_conformance():
    backwards = MEMBERSHIP_WITH_STATUS.replace('"2022-03-03"^^xsd:date', '"1991-12-31"^^xsd:date')
    report = validate(sample(backwards))
    assert report.conforms
    assert not report.violations
    assert any(w.startswith("Warning: ") and "before it begins" in w for w in report.warnings)
    report.raise_for_violations()  # no error


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("<interval/i9> a time:Interval .", "neither a time:hasBeginning nor a time:hasEnd"),
        ('<event/cbss-ministerial-2022> schema:startDate "2022-05-26"^^xsd:date .', "more than one schema:startDate"),
        (
            '<event/e2> a schema:Event ; rdfs:label "Summit" ; '
            'schema:startDate "2022-06"^^xsd:gYearMonth ; schema:endDate "2021"^^xsd:gYear .',
            "ends (2021) before it starts (2022-06)",
        ),
        ('<http://example.org/lavrov> a foaf:Person ; rdfs:label "S. Lavrov" .', "https://w3id.org/baltic-kg/id/"),
        ('<post/p9> a org:Post ; rdfs:label "Secretary General" .', "Nobody org:holds"),
    ],
)
def test_ontology_quality_problems_are_warnings(extra, expected):
    report = validate(sample(extra))
    assert report.conforms, report.violations
    assert any(expected in w for w in report.warnings), report.results


def test_ontology_year_precision_compares_with_full_dates():
    # 2022 (year) ends after a beginning in March 2022: no warning.
    same_year = MEMBERSHIP_WITH_STATUS.replace('"1992-03"^^xsd:gYearMonth', '"2022-03"^^xsd:gYearMonth').replace(
        'time:inXSDDate "2022-03-03"^^xsd:date', 'time:inXSDgYear "2022"^^xsd:gYear'
    )
    report = validate(sample(same_year))
    assert report.conforms and report.results == ()


def test_ontology_validates_a_dataset_as_one_union():
    ds = Dataset()
    first = ds.graph(ID["graph/a1"])
    first.parse(data=HEADER + ENTITIES, format="turtle")
    second = ds.graph(ID["graph/a2"])
    # The second article's graph refers to entities and the article typed in the first.
    second.parse(data=HEADER + CHAIRMANSHIP + STATEMENT, format="turtle")
    assert validate(ds).conforms, validate(ds).results
    alone = Graph()
    for triple in second:
        alone.add(triple)
    assert not validate(alone).conforms


def test_ontology_dataset_violation_is_found_in_a_named_graph():
    ds = Dataset()
    ds.graph(ID["graph/a1"]).parse(data=HEADER + ENTITIES, format="turtle")
    ds.graph(ID["graph/a2"]).parse(data=HEADER + STATEMENT.replace("bkg:speaker <person/sergey-lavrov> ;", ""),
                                    format="turtle")
    report = validate(ds)
    assert not report.conforms
    assert any("bkg:speaker" in line for line in report.violations)


def test_ontology_validate_with_custom_shapes():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix org: <http://www.w3.org/ns/org#> .
        [] a sh:NodeShape ; sh:targetClass foaf:Person ;
           sh:property [ sh:path org:holds ; sh:minCount 1 ] .
    """, format="turtle")
    assert not validate(sample(), shapes=shapes).conforms
    assert validate(sample(POST), shapes=shapes).conforms


# -- helpers ------------------------------------------------------------------


def test_ontology_prefixes_bind_the_contract_namespaces():
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["bkg"] == "https://w3id.org/baltic-kg/ontology#"
    assert bound["schema"] == "https://schema.org/"
    assert bound["org"] == "http://www.w3.org/ns/org#"
    assert bound["time"] == "http://www.w3.org/2006/time#"
    assert bound["wd"] == "http://www.wikidata.org/entity/"
    assert set(PREFIXES) <= set(bound)


def test_ontology_model_strings_map_to_terms():
    assert {entity_class(kind) for kind in ENTITY_KINDS} == {
        kgo.FOAF.Person,
        kgo.ORG.FormalOrganization,
        kgo.SDO.Country,
        kgo.SDO.City,
        kgo.SDO.AdministrativeArea,
        kgo.SDO.Event,
    }
    assert {modality_term(m) for m in MODALITIES} == {
        BKG.Asserted, BKG.Planned, BKG.Hoped, BKG.Proposed, BKG.Denied
    }
    assert role_term("Chair") == BKG.Chair
    assert status_term("Withdrawn") == BKG.Withdrawn
    for bad in (lambda: entity_class("Planet"), lambda: role_term("chair"), lambda: modality_term("Likely"),
                lambda: status_term("Paused")):
        with pytest.raises(OntologyError):
            bad()


@pytest.mark.parametrize(
    "value, datatype, prop",
    [
        (DateValue("2023"), rns.XSD.gYear, kgo.TIME.inXSDgYear),
        (DateValue("2023-07"), rns.XSD.gYearMonth, kgo.TIME.inXSDgYearMonth),
        (DateValue("2023-07-01"), rns.XSD.date, kgo.TIME.inXSDDate),
        (date(2023, 7, 1), rns.XSD.date, kgo.TIME.inXSDDate),
        ("2012", rns.XSD.gYear, kgo.TIME.inXSDgYear),
    ],
)
def test_ontology_date_literal_keeps_precision(value, datatype, prop):
    literal = date_literal(value)
    assert literal == Literal(str(value), datatype=datatype)
    assert instant_property(value) == prop


@pytest.mark.parametrize("bad", ["23", "2023-13", "2023-02-30", "July 2023", ""])
def test_ontology_date_literal_rejects_malformed_dates(bad):
    with pytest.raises(OntologyError):
        date_literal(bad)
