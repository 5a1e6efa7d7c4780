"""kg eval: scoring a graph against gold YAML, with the rules of the project's eval/score.py.

The graph (tests/data/evaluate/graph.ttl) and gold files are written by hand, so every count is known:
perfect.yaml matches the graph exactly, and each test changes one thing in it.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.cli import cli
from kg.errors import KGError, StoreError
from kg.evaluate import EvalReport, GoldError, evaluate, load_gold, norm, same_date

DATA = Path(__file__).parent / "data" / "evaluate"
GRAPH = DATA / "graph.ttl"

PERFECT_ROWS = {
    "entity:Person": (2, 2, 2),
    "entity:Organisation": (2, 2, 2),
    "entity:Country": (2, 2, 2),
    "entity:City": (1, 1, 1),          # Riga is only the dateline's place
    "entity:Event": (1, 1, 1),
    "entity:Region": (1, 1, 1),        # Tartu is also typed AdministrativeArea, but is a City
    "relation:chairmanships": (2, 2, 2),
    "relation:memberships": (2, 2, 2),
    "relation:posts": (1, 1, 1),
    "relation:participations": (1, 1, 1),
    "relation:statements": (1, 1, 1),
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(GRAPH)


@pytest.fixture
def gold() -> dict:
    """perfect.yaml, to change in a test."""
    return yaml.safe_load((DATA / "perfect.yaml").read_text(encoding="utf-8"))


def counts(report: EvalReport) -> dict[str, tuple[int, int, int]]:
    return {name: (r.gold, r.pred, r.hit) for name, r in report.rows.items()}


def with_rows(**changed) -> dict[str, tuple[int, int, int]]:
    rows = dict(PERFECT_ROWS)
    rows.update({k.replace("__", ":"): v for k, v in changed.items()})
    return rows


# ---------------------------------------------------------------- exact matches

def test_perfect_gold_scores_one_everywhere(graph):
    report = evaluate(graph, DATA / "perfect.yaml")
    assert counts(report) == PERFECT_ROWS
    for row in report.rows.values():
        assert (row.precision, row.recall, row.f1) == (1.0, 1.0, 1.0)
    assert report.entity_f1 == report.relation_f1 == 1.0
    assert (report.entities.gold, report.relations.gold) == (9, 7)
    assert report.details == {"chairmanship start+end": (2, 2), "chairmanship modality": (2, 2),
                              "membership role": (2, 2), "membership status": (2, 2), "membership modality": (2, 2)}
    assert report.accuracy("membership role") == 1.0
    assert report.headline == "entity F1 1.00, relation F1 1.00"
    assert not any(report.missed.values()) and not any(report.wrong.values())


def test_names_are_normalised(graph):
    """Diacritics, a leading "the", case and punctuation do not matter (names.yaml)."""
    assert counts(evaluate(graph, DATA / "names.yaml")) == PERFECT_ROWS


@pytest.mark.parametrize("a, b", [
    ("Kärt Mänd", "Kart Mand"),
    ("The Union of the Baltic Cities", "union of the baltic cities"),
    ("Latvia.", "LATVIA"),
    ("Union of the Baltic Cities (UBC)", "union of the baltic cities ubc"),
    ("Kalmar-Län", "kalmar lan"),
    ("St. Petersburg", "st petersburg"),
    ("Kofod\u2019s", "kofod's"),
])
def test_norm(a, b):
    assert norm(a) == norm(b)


def test_a_gold_folder_is_one_set_of_facts(graph):
    """Facts told by two gold files count once; an entity optional in one file but required in another is required."""
    report = evaluate(graph, DATA / "gold")
    assert counts(report) == PERFECT_ROWS
    assert len(load_gold(DATA / "gold")) == 2


# ---------------------------------------------------------------- recall and precision

def test_a_missing_fact_lowers_recall(graph, gold):
    gold["memberships"].append({"member": "Latvia", "body": "Union of the Baltic Cities"})
    report = evaluate(graph, [gold])
    assert counts(report) == with_rows(relation__memberships=(3, 2, 2))
    row = report.rows["relation:memberships"]
    assert row.precision == 1.0 and row.recall == pytest.approx(2 / 3)
    assert report.missed["relation:memberships"] == ["Latvia -> Union of the Baltic Cities (member, active)"]
    assert (report.relations.gold, report.relations.pred, report.relations.hit) == (8, 7, 7)
    assert report.entity_f1 == 1.0 and report.relation_f1 == pytest.approx(2 * 7 / 8 / (1 + 7 / 8))


def test_an_extra_fact_lowers_precision(graph, gold):
    gold["memberships"] = [m for m in gold["memberships"] if m["member"] != "Tartu"]
    gold["entities"] = [e for e in gold["entities"] if e["label"] != "Jonas Lind"]
    report = evaluate(graph, [gold])
    assert counts(report) == with_rows(entity__Person=(1, 2, 1), relation__memberships=(1, 2, 1))
    assert report.rows["relation:memberships"].precision == 0.5
    assert report.rows["relation:memberships"].recall == 1.0
    assert report.wrong["relation:memberships"] == ["Tartu -> Union of the Baltic Cities (Member, Active)"]
    assert report.wrong["entity:Person"] == ["Jonas Lind <https://w3id.org/baltic-kg/id/person/jonas-lind>"]


def test_optional_gold_counts_neither_way(graph, gold):
    for e in gold["entities"]:
        if e["label"] == "Jonas Lind":
            e["optional"] = True          # found, but neither a hit nor a false positive
    gold["entities"].append({"label": "Moscow", "type": "City", "optional": True})  # not found, not a miss
    report = evaluate(graph, [gold])
    assert counts(report) == with_rows(entity__Person=(1, 1, 1))
    assert report.rows["entity:Person"].f1 == report.rows["entity:City"].f1 == 1.0
    assert report.missed["entity:City"] == []


def test_dateline_places_are_not_entities(graph, gold):
    gold["entities"].append({"label": "Riga", "type": "City"})
    report = evaluate(graph, [gold])
    assert counts(report)["entity:City"] == (2, 1, 1)
    assert report.missed["entity:City"] == ["Riga"]


def test_an_entity_of_the_wrong_kind_is_missed(graph, gold):
    for e in gold["entities"]:
        if e["label"] == "Saaremaa":
            e["type"] = "City"
    report = evaluate(graph, [gold])
    assert counts(report)["entity:City"] == (2, 1, 1)
    assert counts(report)["entity:Region"] == (0, 1, 0)


def test_relations_match_through_gold_aliases(graph, gold):
    """A gold alias ("CBSS") names the same entity in every gold list."""
    for c in gold["chairmanships"]:
        c["body"] = "CBSS"
    assert counts(evaluate(graph, [gold])) == PERFECT_ROWS


# ---------------------------------------------------------------- details: dates, modality, role, status

@pytest.mark.parametrize("gold_date, pred, ok", [
    ("2024", "2024-07-01", True),          # a year accepts any day of it
    ("2024", "2024-07", True),
    ("2024-07", "2024-07-15", True),       # a month accepts any day of it
    ("2024-07", "2024-08-01", False),
    ("2024-07-01", "2024-06-30", True),    # full dates: one day either way
    ("2024-07-01", "2024-07-02", True),
    ("2024-07-01", "2024-07-03", False),
    ("2024-07-01", "2024-07", False),      # a full gold date needs a full date
    ("2024-07-01", None, False),
    (None, "2024-07-01", False),
    (None, None, True),
])
def test_same_date(gold_date, pred, ok):
    assert same_date(gold_date, pred) is ok


@pytest.mark.parametrize("latvia_start, estonia_end, correct", [
    ("2024-07", "2024-06-30", 2),
    ("2024", "2024-06-30", 2),           # year precision
    ("2024-07-01", "2024-06-30", 1),     # the graph has only the month
    ("2024-07", "2024-07-01", 2),        # one day off is accepted
    ("2024-07", "2024-07-02", 1),        # two days are not
])
def test_chairmanship_dates_at_precision(graph, gold, latvia_start, estonia_end, correct):
    by_chair = {c["chair"]: c for c in gold["chairmanships"]}
    by_chair["Latvia"]["start"] = latvia_start
    by_chair["Estonia"]["end"] = estonia_end
    report = evaluate(graph, [gold])
    assert counts(report) == PERFECT_ROWS      # dates do not decide the match
    assert report.details["chairmanship start+end"] == (correct, 2)


def test_chairmanship_modality(graph, gold):
    for c in gold["chairmanships"]:
        c.pop("modality", None)              # Latvia's planned term, coded as asserted
    report = evaluate(graph, [gold])
    assert report.details["chairmanship modality"] == (1, 2)
    assert report.rows["relation:chairmanships"].f1 == 1.0


def test_membership_role_and_status(graph, gold):
    for m in gold["memberships"]:
        if m["member"] == "Saaremaa":
            m.update(role="observer", status="suspended")
    report = evaluate(graph, [gold])
    assert counts(report) == PERFECT_ROWS
    assert report.details["membership role"] == (1, 2)
    assert report.details["membership status"] == (1, 2)
    assert report.accuracy("membership status") == 0.5


def test_posts_match_any_title_and_of(graph, gold):
    gold["posts"] = [{"person": "Kärt Mänd", "post": ["Foreign Minister", "Minister of Foreign Affairs"], "of": None}]
    assert counts(evaluate(graph, [gold]))["relation:posts"] == (1, 1, 1)
    gold["posts"] = [{"person": "Kärt Mänd", "post": ["Foreign Minister"], "of": "Estonia"}]
    report = evaluate(graph, [gold])
    assert counts(report)["relation:posts"] == (1, 1, 0)
    assert report.missed["relation:posts"] == ["Kärt Mänd holds Foreign Minister of Estonia"]
    assert report.wrong["relation:posts"] == ["Kärt Mänd holds Minister of Foreign Affairs of Estonia"]


def test_statements_match_by_quote_start(graph, gold):
    gold["statements"] = [{"speaker": "Kärt Mänd", "quote_start": "We will keep the council running"}]
    report = evaluate(graph, [gold])
    assert counts(report)["relation:statements"] == (1, 1, 0)
    assert report.missed["relation:statements"] == ["Kärt Mänd: We will keep the council running"]


# ---------------------------------------------------------------- inputs and errors

def test_graph_inputs(tmp_path, gold):
    """A Graph, a Dataset (union of its named graphs), a graph file and a `kg build` folder give the same scores."""
    g = Graph().parse(GRAPH)
    ds = Dataset()
    named = ds.graph(URIRef("https://w3id.org/baltic-kg/id/graph/t1"))
    for t in g:
        named.add(t)
    (tmp_path / "out").mkdir()
    ds.serialize(tmp_path / "out" / "graph.trig", format="trig")
    g.serialize(tmp_path / "out" / "graph.ttl", format="turtle")
    for graph in (g, ds, GRAPH, tmp_path / "out", tmp_path / "out" / "graph.trig", str(tmp_path / "out")):
        assert counts(evaluate(graph, [gold])) == PERFECT_ROWS, graph


def test_bad_gold(graph, tmp_path):
    with pytest.raises(GoldError, match="entities item 1 has no label"):
        evaluate(graph, DATA / "bad.yaml")
    (tmp_path / "broken.yaml").write_text("entities: [unclosed\n")
    with pytest.raises(GoldError, match="not valid YAML"):
        evaluate(graph, tmp_path / "broken.yaml")
    (tmp_path / "list.yaml").write_text("entities: {label: x}\n")
    with pytest.raises(GoldError, match="must be a list"):
        evaluate(graph, tmp_path / "list.yaml")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="no gold files"):
        evaluate(graph, tmp_path / "empty")
    with pytest.raises(StoreError, match="no such file"):
        evaluate(graph, tmp_path / "missing.yaml")
    with pytest.raises(StoreError):
        evaluate(tmp_path / "nothing-here", DATA / "perfect.yaml")
    assert issubclass(GoldError, KGError)


def test_empty_gold_file(graph, tmp_path):
    (tmp_path / "empty.yaml").write_text("# nothing coded\n")
    report = evaluate(graph, tmp_path / "empty.yaml")
    assert report.rows["entity:Person"].gold == 0 and report.rows["entity:Person"].pred == 2
    assert report.entity_f1 == 0.0


# ---------------------------------------------------------------- the command

def run(*args: str):
    return CliRunner().invoke(cli, ["eval", *map(str, args)])


def test_cli_text():
    result = run(GRAPH, "--gold", DATA / "perfect.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["what", "gold", "pred", "P", "R", "F1"]
    table = [line.split() for line in lines]
    assert ["relation:memberships", "2", "2", "1.00", "1.00", "1.00"] in table
    assert ["entities", "(micro)", "9", "9", "1.00", "1.00", "1.00"] in table
    assert ["membership", "status", "correct", "2/2"] in table
    assert lines[-1] == "entity F1 1.00, relation F1 1.00"


def test_cli_verbose_lists_misses_and_wrong_predictions():
    result = run(GRAPH, "--gold", DATA / "gold" / "a2.yaml", "--verbose")
    assert result.exit_code == 0, result.output
    assert "    missed:" not in result.output
    assert "    wrong:  Kärt Mänd <https://w3id.org/baltic-kg/id/person/kart-mand>" in result.output
    assert "    wrong:  Latvia -> Council of the Baltic Sea States 2024-07..2025-06-30 (Planned)" in result.output


def test_cli_json():
    result = run(GRAPH, "--gold", DATA / "names.yaml", "--format", "json", "--verbose")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["entity_f1"] == data["relation_f1"] == 1.0
    assert data["headline"] == "entity F1 1.00, relation F1 1.00"
    rows = {r["what"]: (r["gold"], r["pred"], r["hit"]) for r in data["rows"]}
    assert rows == PERFECT_ROWS
    assert data["micro"]["entities"]["gold"] == 9
    assert data["details"]["membership role"] == {"correct": 2, "checked": 2, "accuracy": 1.0}
    assert data["missed"] == {} and data["wrong"] == {}


def test_cli_errors():
    result = run(GRAPH, "--gold", DATA / "bad.yaml")
    assert result.exit_code == 1
    assert "no label" in result.output
    result = run(DATA / "no-such-graph.ttl", "--gold", DATA / "perfect.yaml")
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert run(GRAPH).exit_code == 2          # --gold is required


def test_deepcopy_of_gold_is_not_changed(graph, gold):
    """evaluate() does not modify the gold documents it is given."""
    gold["entities"][1]["optional"] = True
    before = copy.deepcopy(gold)
    evaluate(graph, [gold, gold])
    assert gold == before


def test_sample_gold_files_follow_the_format():
    """The gold written for two of data/articles (used to compare kg eval with eval/score.py) loads."""
    docs = load_gold(DATA / "samples")
    assert [d["article"] for d in docs] == ["101_bsssc-chair-handover.txt", "107_helcom-chair-germany.txt"]
    report = evaluate(Graph(), docs)          # nothing predicted: every gold item is missed
    assert (report.entities.gold, report.relations.gold) == (26, 20)   # distinct over both files, optional left out
    assert report.entities.hit == 0 and report.relation_f1 == 0.0


def test_evaluate_reports_split_and_merged_entities(tmp_path):
    from rdflib import Graph

    from kg.evaluate import evaluate

    ttl = """
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix schema: <https://schema.org/> .
    @prefix org: <http://www.w3.org/ns/org#> .
    <urn:a> a org:FormalOrganization ; rdfs:label "Council of the Baltic Sea States" .
    <urn:b> a org:FormalOrganization ; rdfs:label "CBSS" .
    <urn:c> a schema:Country ; rdfs:label "Estonia" ; skos:altLabel "Latvia" .
    """
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "entities:\n"
        "  - {label: Council of the Baltic Sea States, type: Organisation, aliases: [CBSS]}\n"
        "  - {label: Estonia, type: Country}\n"
        "  - {label: Latvia, type: Country}\n")
    report = evaluate(Graph().parse(data=ttl, format="turtle"), gold)
    assert len(report.split) == 1 and report.split[0].startswith("council of the baltic sea states")
    assert len(report.merged) == 1 and "estonia" in report.merged[0] and "latvia" in report.merged[0]
