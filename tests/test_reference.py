"""The reference record: scripts/build_record.py, data/reference/record.yaml and kg.reference."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.errors import KGError
from kg.gazetteer import load_gazetteer
import kg.ontology as kgo
from kg.ontology import BKG, CONFIDENCE_VALUES, ID, validate
from kg.reference import (
    RECORD_KINDS,
    RECORD_NODE,
    REFERENCE_GRAPH,
    RecordFact,
    load_record,
    record_file,
    reference_graph,
    write_reference,
)

# rdflib's open namespaces (SDO, TIME) warn on unknown attributes, which pytest probes while
# collecting: reach them through the module (kgo.SDO), not as names of this module.
ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference" / "baltic_reference.yaml"
SEED = ROOT / "data" / "articles" / "000_dbbd667ff7499105.txt"


def _script():
    spec = importlib.util.spec_from_file_location("build_record", ROOT / "scripts" / "build_record.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_record", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def facts() -> list[RecordFact]:
    return load_record()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return reference_graph()


@pytest.fixture(scope="module")
def reference() -> dict:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def pick(facts, **fields) -> list[RecordFact]:
    return [f for f in facts if all(getattr(f, k) == v for k, v in fields.items())]


# -- the record ----------------------------------------------------------------


def test_reference_record_file_is_in_the_checkout():
    assert record_file() == ROOT / "data" / "reference" / "record.yaml"
    head = record_file().read_text(encoding="utf-8").splitlines()[:3]
    assert head[0].startswith("# GENERATED FILE")
    assert "scripts/build_record.py" in head[1] and "baltic_reference.yaml" in head[1]


def test_reference_every_fact_has_a_source_and_an_allowed_confidence(facts):
    assert len(facts) > 100
    for fact in facts:
        assert fact.confidence in CONFIDENCE_VALUES, fact.id
        assert fact.source and all(re.match(r"^https?://\S+$", url) for url in fact.source), fact.id
        assert fact.kind in RECORD_KINDS


def test_reference_every_kind_is_there(facts):
    counts = {kind: len(pick(facts, kind=kind)) for kind in RECORD_KINDS}
    assert all(counts.values()), counts


def _item(reference: dict, entry: str):
    """The reference item an ``entry`` path names: "bodies.CBSS.membership_events[2]", "cbss_presidencies[2023-2024]"."""
    node = reference
    for part in entry.split("."):
        m = re.fullmatch(r"([^\[]+)(?:\[([^\]]+)\])?", part)
        name, index = m.groups()
        if isinstance(node, list):  # bodies / people: by id
            node = next(x for x in node if x.get("id") == name)
        else:
            node = node[name]
        if index is not None:
            if index.isdigit():
                node = node[int(index)]
            else:  # a CBSS term
                node = next(x for x in node if x.get("term") == index)
    return node


def test_reference_every_fact_comes_from_an_item_with_an_accepted_confidence(facts, reference):
    for fact in facts:
        item = _item(reference, fact.entry)
        label = str(item.get("confidence", "")).split()
        assert label and label[0] in CONFIDENCE_VALUES, (fact.id, item.get("confidence"))


def test_reference_no_inferred_or_unverified_fact(facts):
    # Russia's "scheduled" 2023-24 CBSS presidency and Iceland's projected 2026-27 one are inferred.
    assert not pick(facts, kind="chair", body="org/cbss", who="country/russia", start="2023-07-01")
    assert max(f.start for f in pick(facts, kind="chair", body="org/cbss")) == "2025-07-01"  # Poland 2025-26
    assert not pick(facts, kind="chair", who="country/iceland", term="2026-2027")
    entries = {f.entry for f in facts}
    for inferred in ("cbss_presidencies[2026-2027]", "russia_scheduled_presidency", "people.sergey_lavrov.positions[2]",
                     "bodies.BSTF.russia_events[1]", "bodies.UBC.russian_member_cities[2]"):
        assert inferred not in entries
    # Lavrov's CBSS chairmanship 2012-13 is inferred; the Arctic Council one is verified
    assert not pick(facts, kind="chair", who="person/sergey-lavrov", body="org/cbss")
    assert pick(facts, kind="chair", who="person/sergey-lavrov", body="org/arctic-council")


def test_reference_known_facts_are_there(facts):
    (finland,) = pick(facts, kind="chair", body="org/cbss", who="country/finland", start="2023-07-01")
    assert finland.end == "2024-06-30" and finland.confidence == "verified" and finland.term == "2023-2024"
    (suspended,) = pick(facts, kind="status_change", body="org/cbss", who="country/russia", event="suspended")
    assert suspended.date == "2022-03-03" and suspended.status == "suspended"
    (withdrew,) = pick(facts, kind="status_change", body="org/cbss", who="country/russia", event="withdrew")
    assert withdrew.date == "2022-05-17" and withdrew.status == "withdrawn"
    (iceland,) = pick(facts, kind="status_change", body="org/cbss", who="country/iceland", event="joined")
    assert iceland.date == "1995"
    (founded,) = pick(facts, kind="founding", body="org/cbss")
    assert founded.date == "1992-03-06" and founded.place == "city/copenhagen"
    (belarus,) = pick(facts, kind="status_change", body="org/cbss", who="country/belarus")
    assert belarus.role == "observer" and belarus.date == "2022-03-03"
    assert pick(facts, kind="chair", body="org/cbss", who="country/russia", start="2012-07-01", end="2013-06-30")
    assert pick(facts, kind="chair", body="org/ubc", who="person/mantas-jurgutis", start="2019-10", end=None)
    assert pick(facts, kind="status_change", body="org/beac", who="country/russia", event="withdrew",
                date="2023-09-18")
    assert pick(facts, kind="membership", body="org/ubc", who="city/saint-petersburg", start="1991", end="2022",
                status="withdrawn")
    assert pick(facts, kind="post", who="person/sergey-lavrov", post_in="country/russia", start="2004-03-09")


def test_reference_cbss_terms_follow_the_rule_from_1996_97(facts):
    chairs = pick(facts, kind="chair", body="org/cbss")
    assert len(chairs) == 34  # 1992-93 .. 2025-26, without the projected 2026-27
    (lithuania,) = [f for f in chairs if f.term == "1998-1999"]
    assert (lithuania.start, lithuania.end, lithuania.dates_from_rule) == ("1998-07-01", "1999-06-30", ("start", "end"))
    (poland,) = [f for f in chairs if f.term == "1994-1995"]  # before the rule: to the year only
    assert (poland.start, poland.end, poland.dates_from_rule) == ("1994", "1995", ())
    (latvia,) = [f for f in chairs if f.term == "1996-1997"]  # the reference's own dates are kept
    assert (latvia.start, latvia.end) == ("1996-07-03", "1997-07")


def test_reference_fact_ids_are_unique_and_entries_point_back(facts):
    assert len({f.id for f in facts}) == len(facts)
    assert all(f.entry for f in facts)


def test_reference_entity_keys_are_gazetteer_keys(facts):
    gaz = load_gazetteer()
    for fact in facts:
        for key in fact.keys:
            assert key in gaz, (fact.id, key)


def test_reference_skipped_entries_are_listed_with_a_reason():
    data = yaml.safe_load(record_file().read_text(encoding="utf-8"))
    skipped = {s["entry"]: s["reason"] for s in data["skipped"]}
    assert skipped["cbss_presidencies[2026-2027]"] == "confidence inferred"
    assert skipped["russia_scheduled_presidency"] == "confidence inferred"
    assert all(reason for reason in skipped.values())


# -- the script ------------------------------------------------------------------


def test_reference_record_is_up_to_date(tmp_path):
    script = _script()
    out = tmp_path / "record.yaml"
    assert script.main(["-o", str(out)]) == 0
    built = yaml.safe_load(out.read_text(encoding="utf-8"))
    committed = yaml.safe_load(record_file().read_text(encoding="utf-8"))
    assert built == committed, "data/reference/record.yaml is out of date: run python scripts/build_record.py"


def test_reference_script_is_deterministic(tmp_path):
    script = _script()
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    script.main(["-o", str(first)])
    script.main(["-o", str(second)])
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert script.main(["-o", str(first), "--check"]) == 0
    first.write_text(first.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert script.main(["-o", str(first), "--check"]) == 1


@pytest.mark.parametrize("raw, expected", [
    ("2023-07-01", "2023-07-01"), ("2019-10 (XV GC, Kaunas, 15-18 Oct 2019)", "2019-10"), ("1952 (first session)", "1952"),
    ("2022-05-16/17", "2022-05"), ("2021-11/12", "2021"), ("1999/2000", None), ("≤1993", None), ("unknown", None),
    ("2022 (before 2022-05-28)", "2022"), (None, None), ("~2016-2019", None),
])
def test_reference_dates_keep_the_precision_the_text_supports(raw, expected):
    assert _script().parse_date(raw) == expected


def test_reference_script_skips_unlabelled_and_inferred_items():
    script = _script()
    reference = {
        "bodies": [{
            "id": "CBSS",
            "official_name": {"value": "Council of the Baltic Sea States"},
            "membership_events": [
                {"member": "Russia", "event": "withdrew", "date": "2022-05-17", "source": "https://example.org/a"},
                {"member": "Russia", "event": "suspended", "date": "2022-03-03", "source": "https://example.org/b",
                 "confidence": "inferred"},
                {"member": "Narnia", "event": "joined", "date": "1995", "source": "https://example.org/c",
                 "confidence": "verified"},
                {"member": "Iceland", "event": "joined", "date": "1995", "source": "none", "confidence": "verified"},
            ],
        }],
        "cbss_presidencies": [{"term": "2026-2027", "country": "Iceland", "confidence": "inferred",
                               "source": "https://example.org/d"}],
    }
    record = script.build_record(reference, load_gazetteer())
    assert record["facts"] == []
    reasons = {s["entry"]: s["reason"] for s in record["skipped"]}
    assert reasons["bodies.CBSS.membership_events[0]"].startswith("no confidence label")
    assert reasons["bodies.CBSS.membership_events[1]"] == "confidence inferred"
    assert reasons["bodies.CBSS.membership_events[2]"] == "name not in the gazetteer: 'Narnia'"
    assert reasons["bodies.CBSS.membership_events[3]"] == "no source URL"
    assert reasons["cbss_presidencies[2026-2027]"] == "confidence inferred"


# -- loading ----------------------------------------------------------------------------


def _write_record(tmp_path: Path, fact: dict) -> Path:
    path = tmp_path / "record.yaml"
    path.write_text(yaml.safe_dump({"facts": [fact]}), encoding="utf-8")
    return path


GOOD = {"id": "chair/cbss/finland/2023-07-01", "kind": "chair", "who": "country/finland", "body": "org/cbss",
        "start": "2023-07-01", "end": "2024-06-30", "confidence": "verified",
        "source": ["https://cbss.org/"], "entry": "cbss_presidencies[2023-2024]"}


def test_reference_load_record_reads_a_fact(tmp_path):
    (fact,) = load_record(_write_record(tmp_path, GOOD))
    assert fact == RecordFact(id=GOOD["id"], kind="chair", confidence="verified", source=("https://cbss.org/",),
                              entry=GOOD["entry"], who="country/finland", body="org/cbss", start="2023-07-01",
                              end="2024-06-30")


@pytest.mark.parametrize("change, message", [
    ({"confidence": "inferred"}, "confidence 'inferred'"),
    ({"source": []}, "source must be a non-empty list of URLs"),
    ({"source": ["none"]}, "source must be a non-empty list of URLs"),
    ({"kind": "rumour"}, "unknown kind"),
    ({"start": "July 2023"}, "start"),
    ({"who": None}, "needs who"),
    ({"colour": "blue"}, "unknown fields"),
])
def test_reference_load_record_rejects_broken_facts(tmp_path, change, message):
    path = _write_record(tmp_path, {**GOOD, **change})
    with pytest.raises(KGError, match=message):
        load_record(path)


def test_reference_load_record_missing_file(tmp_path):
    with pytest.raises(KGError, match="reference record not found"):
        load_record(tmp_path / "nowhere.yaml")


# -- RDF ----------------------------------------------------------------------------------


def test_reference_graph_conforms_to_the_shapes(graph):
    report = validate(graph)
    assert report.conforms, "\n".join(report.violations)
    assert not report.violations


def test_reference_graph_entity_iris_are_gazetteer_keys(graph):
    gaz = load_gazetteer()
    nodes = set(graph.objects(None, kgo.ORG.member)) | set(graph.objects(None, kgo.ORG.organization))
    nodes |= set(graph.subjects(kgo.SDO.foundingDate, None)) | set(graph.subjects(kgo.ORG.holds, None))
    assert nodes
    for node in nodes:
        assert str(node).startswith(str(ID))
        key = str(node)[len(str(ID)):]
        assert key in gaz, key
        assert graph.value(node, RDFS.label) == Literal(gaz.get(key).label)


def test_reference_graph_finland_chair_has_the_contract_shape(graph):
    node = ID["reference/chair/cbss/finland/2023-07-01"]
    assert (node, RDF.type, kgo.ORG.Membership) in graph
    assert graph.value(node, kgo.ORG.member) == ID["country/finland"]
    assert graph.value(node, kgo.ORG.organization) == ID["org/cbss"]
    assert graph.value(node, kgo.ORG.role) == BKG.Chair
    assert graph.value(node, BKG.modality) == BKG.Asserted
    assert graph.value(node, BKG.confidence) == Literal("verified")
    assert graph.value(node, BKG.recordedIn) == RECORD_NODE
    assert "Finland" in str(graph.value(node, BKG.evidence))
    urls = {graph.value(src, kgo.SDO.url) for src in graph.objects(node, kgo.PROV.wasDerivedFrom)}
    assert URIRef("https://cbss.org/2023/07/01/finland-takes-over-the-presidency-of-the-cbss/") in urls
    for src in graph.objects(node, kgo.PROV.wasDerivedFrom):
        assert {BKG.ReferenceSource, kgo.SDO.WebPage, kgo.PROV.Entity} <= set(graph.objects(src, RDF.type))
    period = graph.value(node, kgo.ORG.memberDuring)
    dates = {str(o) for p in (kgo.TIME.hasBeginning,
                              kgo.TIME.hasEnd)
             for i in graph.objects(period, p) for o in graph.objects(i, kgo.TIME.inXSDDate)}
    assert dates == {"2023-07-01", "2024-06-30"}


def test_reference_graph_status_changes_end_the_membership(graph):
    node = ID["reference/status-change/cbss/russia/member/withdrew/2022-05-17"]
    assert graph.value(node, BKG.status) == BKG.Withdrawn
    assert graph.value(node, kgo.ORG.role) == BKG.Member
    end = graph.value(graph.value(node, kgo.ORG.memberDuring), kgo.TIME.hasEnd)
    assert str(graph.value(end, kgo.TIME.inXSDDate)) == "2022-05-17"


def test_reference_graph_founding_dates_and_posts(graph):
    assert str(graph.value(ID["org/cbss"], kgo.SDO.foundingDate)) == "1992-03-06"
    assert str(graph.value(ID["org/baltic-assembly"], kgo.SDO.foundingDate)) == "1991"
    post = ID["post/minister-of-foreign-affairs/country-russia"]
    assert (ID["person/sergey-lavrov"], kgo.ORG.holds, post) in graph
    assert graph.value(post, RDFS.label) == Literal("Minister of Foreign Affairs")


def test_reference_with_a_built_article_graph_conforms(tmp_path, extractor, graph):
    from kg.pipeline import build
    from kg.query import load_graph

    build([SEED], tmp_path / "out", extractor=extractor, validate_shapes=False)
    union = load_graph(tmp_path / "out" / "graph.trig") + graph
    report = validate(union)
    assert report.conforms, "\n".join(report.violations)
    # the record's facts land on the article's nodes
    assert (ID["country/russia"], RDFS.label, Literal("Russia")) in union
    assert len(set(union.objects(ID["country/russia"], RDFS.label))) == 1


def test_reference_shapes_reject_a_reference_fact_with_a_bad_confidence(graph):
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    node = ID["reference/chair/cbss/finland/2023-07-01"]
    broken.set((node, BKG.confidence, Literal("inferred")))
    report = validate(broken)
    assert not report.conforms
    assert any("bkg:confidence" in line for line in report.violations)


def test_reference_write_reference(tmp_path, graph):
    out = tmp_path / "out"
    paths = write_reference(out, graph)
    assert paths == [out / "reference.ttl", out / "reference.trig"]
    assert sorted(p.name for p in out.iterdir()) == ["reference.trig", "reference.ttl"]  # no temp files left
    assert isomorphic(Graph().parse(out / "reference.ttl"), graph)
    ds = Dataset()
    ds.parse(out / "reference.trig", format="trig")
    named = ds.graph(REFERENCE_GRAPH)
    assert len(named) == len(graph)
    assert str(REFERENCE_GRAPH) == "https://w3id.org/baltic-kg/id/graph/reference"
    # a second write replaces the files
    write_reference(out, graph)
    assert sorted(p.name for p in out.iterdir()) == ["reference.trig", "reference.ttl"]
