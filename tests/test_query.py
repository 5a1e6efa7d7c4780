"""kg query: the query library, parameter binding, output formats, graph loading, the CLI and the errors.

The graph is built once per session from the articles in tests/data/query/:

- nordic-ministers-presidency.txt: Sweden takes over the Nordic Council of Ministers presidency from
  Iceland (whose term ran through 2023), the NCM's members, a "we hope" quotation;
- baltic-assembly-2025.md: Latvia's presidency "in 2025" (a year only), the three members, a "we propose";
- baltic-wire.jsonl: a UBC conference in Gdynia (hosted by Gdynia) with a city that withdrew and one that
  joined, and a BEAC chair change announced for a future date, with Russia's withdrawal.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import kg.pipeline
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.ontology import ID
from kg.query import (
    PARAM_TYPES,
    QueryResult,
    format_table,
    list_queries,
    load_graph,
    load_query,
    query_dataframe,
    run,
    to_csv,
    to_markdown,
    to_sparql_json,
)

DATA = Path(__file__).parent / "data" / "query"
XSD = "http://www.w3.org/2001/XMLSchema#"

NCM = "Nordic Council of Ministers"
BA = "Baltic Assembly"
BEAC = "Barents Euro-Arctic Council"
UBC = "Union of the Baltic Cities"
CONFERENCE = "17th General Conference of the Union of the Baltic Cities"

EXPECTED_QUERIES = {
    "chair-on-date": {"body", "date"},
    "presidency-timeline": {"body"},
    "members-on-date": {"body", "date"},
    "memberships-of": {"member"},
    "posts-of": {"person", "date"},
    "participants": {"event"},
    "statements-by": {"person"},
    "facts-with-sources": {"article"},
    "unrealised-claims": set(),
    "body-timeline": {"body"},
}


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("query-graph")
    report = kg.pipeline.build([DATA], out)
    assert report.failures == [] and report.articles == 4
    assert report.validation is not None and report.validation.conforms, report.validation.results
    return out


@pytest.fixture(scope="session")
def graph(graph_dir) -> Graph:
    return load_graph(graph_dir)


def rows(result: QueryResult, *columns: str) -> list[tuple]:
    """The given columns of every row, as plain Python values, in the result's order."""
    return [tuple(r[c] for c in columns) for r in result.records()]


# ------------------------------------------------------------------------- the build


def test_query_build_has_the_facts_the_articles_state(graph):
    facts = run(graph, "facts-with-sources").records()
    kinds = {}
    for f in facts:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
        assert f["article"] and f["evidence"] and f["headline"]
    assert kinds == {"chairmanship": 5, "membership": 23, "statement": 4}


# ------------------------------------------------------------------------- the library


def test_query_library_lists_every_query_with_title_and_params():
    queries = {q.name: q for q in list_queries()}
    assert EXPECTED_QUERIES.items() <= {n: {p.name for p in q.params} for n, q in queries.items()}.items()
    for q in queries.values():
        assert q.title and q.text.lstrip().startswith("# title:")
        for p in q.params:
            assert p.type in PARAM_TYPES and p.description
            assert f"?{p.name}" in q.text.split("\n", len(q.params) + 1)[-1]
        assert load_query(q.name) == q
    assert queries["chair-on-date"].param("body").required
    assert queries["chair-on-date"].param("date").default == "today"
    assert not queries["facts-with-sources"].param("article").required


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_query_library_queries_start_with_the_search_key_lookup(name):
    """A name parameter is looked up first, exactly, by its search key; no OPTIONAL comes first."""
    query = load_query(name)
    body = query.text.split("WHERE", 1)[1].split("{", 1)[1].lstrip()
    assert not body.upper().startswith("OPTIONAL")
    for p in query.params:
        if p.type == "name":
            first = body.lstrip("{ \n").split("\n", 1)[0]
            assert re.fullmatch(rf"\?\w+ bkg:searchKey \?{p.name} \.", first.strip())


# ------------------------------------------------------------------------- chair-on-date


@pytest.mark.parametrize(
    "body, day, expected",
    [
        ("NCM", "2023-06-15", {("Iceland", date(2023, 1, 1), date(2023, 12, 31), "Asserted")}),
        ("nordic council of ministers", "2024-06-01", {("Sweden", date(2024, 1, 2), date(2024, 12, 31), "Asserted")}),
        ("NCM", "2023-12-31", {("Iceland", date(2023, 1, 1), date(2023, 12, 31), "Asserted")}),
        ("NCM", "2024-01-01", set()),  # the day between Iceland's end and Sweden's start
        # a term given as a year covers the year from its first day to its last
        ("Baltic Assembly", "2025-01-01", {("Latvia", "2025", "2025", "Asserted")}),
        ("BALTIC ASSEMBLY", "2025-12-31", {("Latvia", "2025", "2025", "Asserted")}),
        ("Baltic Assembly", "2024-12-31", set()),
        ("Baltic Assembly", "2026-01-01", set()),
        # a term known by its end covers the days up to it; a handover day belongs to both terms
        ("BEAC", "2025-06-02", {("Norway", None, date(2025, 10, 1), "Asserted")}),
        ("beac", "2025-10-01", {("Norway", None, date(2025, 10, 1), "Asserted"),
                                ("Sweden", date(2025, 10, 1), None, "Planned")}),
        # an open end means "still"
        (BEAC, "2030-01-01", {("Sweden", date(2025, 10, 1), None, "Planned")}),
        ("UBC", "2024-01-01", set()),
    ],
)
def test_query_chair_on_date(graph, body, day, expected):
    result = run(graph, "chair-on-date", body=body, date=day)
    assert set(rows(result, "chair_label", "start", "end", "modality")) == expected


def test_query_chair_on_date_gives_the_source(graph):
    result = run(graph, "chair-on-date", body="BEAC", date=date(2026, 1, 1))
    [row] = result.records()
    assert row["chair"] == str(ID["country/sweden"])
    assert row["article"] == str(ID["article/beac-chair-sweden"])
    assert row["headline"] == "Sweden to chair the Barents Euro-Arctic Council from October"
    assert row["evidence"].startswith("Sweden will take over the chairmanship of the Barents Euro-Arctic Council")


def test_query_chair_on_date_defaults_to_today(graph):
    today = run(graph, "chair-on-date", body="BEAC", date=date.today())
    assert run(graph, "chair-on-date", body="BEAC").rows == today.rows


# ------------------------------------------------------------------------- the other queries


def test_query_presidency_timeline_in_order_of_start(graph):
    assert rows(run(graph, "presidency-timeline", body="NCM"), "chair_label", "start", "end", "modality") == [
        ("Iceland", date(2023, 1, 1), date(2023, 12, 31), "Asserted"),
        ("Sweden", date(2024, 1, 2), date(2024, 12, 31), "Asserted"),
    ]
    assert rows(run(graph, "presidency-timeline", body=BEAC), "chair_label", "start", "end", "modality") == [
        ("Norway", None, date(2025, 10, 1), "Asserted"),
        ("Sweden", date(2025, 10, 1), None, "Planned"),
    ]


@pytest.mark.parametrize(
    "body, day, expected",
    [
        ("UBC", "2023-01-01", {("Gdynia", "Active", "undated"), ("Kolding", "Active", "undated"),
                               ("Turku", "Active", "undated")}),
        # an end given as a month covers the whole month
        ("UBC", "2022-03-31", {("Gdynia", "Active", "undated"), ("Kolding", "Active", "undated"),
                               ("Turku", "Active", "undated"), ("Kaliningrad", "Withdrawn", "until 2022-03")}),
        ("UBC", "2023-03-01", {("Gdynia", "Active", "undated"), ("Kolding", "Active", "undated"),
                               ("Turku", "Active", "undated"), ("Narva", "Active", "since 2023-03")}),
        ("Baltic Assembly", "2025-02-14", {("Estonia", "Active", "undated"), ("Latvia", "Active", "undated"),
                                           ("Lithuania", "Active", "undated")}),
        ("BEAC", "2023-09-30", {(m, "Active", "undated") for m in
                                ("Denmark", "Finland", "Iceland", "Norway", "Sweden", "European Union")}
         | {("Russia", "Withdrawn", "until 2023-09")}),
        ("BEAC", "2023-10-01", {(m, "Active", "undated") for m in
                                ("Denmark", "Finland", "Iceland", "Norway", "Sweden", "European Union")}),
    ],
)
def test_query_members_on_date(graph, body, day, expected):
    result = run(graph, "members-on-date", body=body, date=day)
    assert set(rows(result, "member_label", "status", "period")) == expected
    assert {r["role"] for r in result.records()} == {"Member"}


def test_query_memberships_of(graph):
    result = run(graph, "memberships-of", member="Sweden")
    assert rows(result, "body_label", "role", "status", "period", "modality") == [
        (BEAC, "Chair", None, "since 2025-10-01", "Planned"),
        (BEAC, "Member", "Active", "undated", "Asserted"),
        (NCM, "Chair", None, "2024-01-02 to 2024-12-31", "Asserted"),
        (NCM, "Member", "Active", "undated", "Asserted"),
    ]
    assert rows(run(graph, "memberships-of", member="kaliningrad"), "body_label", "role", "status", "end") == [
        (UBC, "Member", "Withdrawn", "2022-03")]


@pytest.mark.parametrize("person", ["Karin Ekholm", "ekholm"])
def test_query_posts_of(graph, person):
    assert rows(run(graph, "posts-of", person=person), "holder_label", "title", "of_label") == [
        ("Karin Ekholm", "Minister for Nordic Cooperation", "Sweden")]


def test_query_posts_of_people_in_one_article(graph):
    assert rows(run(graph, "posts-of", person="Espen Dahl"), "title", "of_label") == [
        ("Minister of Foreign Affairs", "Norway")]
    assert rows(run(graph, "posts-of", person="Ilze Ozola"), "title", "of_label") == [("President", BA)]


@pytest.mark.parametrize("event", [CONFERENCE, "union of the baltic cities general conference 2023"])
def test_query_participants_with_hosts_marked(graph, event):
    result = run(graph, "participants", event=event)
    assert rows(result, "participant_label", "host") == [
        ("Gdynia", True), ("Minna Arve", False), ("Piotr Nowak", False)]
    assert {r["event_label"] for r in result.records()} == {CONFERENCE}


def test_query_statements_by(graph):
    [ekholm] = run(graph, "statements-by", person="Ekholm").records()
    assert ekholm["text"].startswith("We hope that the Nordic region will become")
    assert (ekholm["date"], ekholm["modality"], ekholm["publisher"], ekholm["url"]) == (
        date(2024, 1, 2), "Hoped", "Test Wire", None)
    assert ekholm["headline"] == "Sweden takes over the Nordic Council of Ministers presidency from Iceland"
    [nowak] = run(graph, "statements-by", person="Piotr Nowak").records()
    assert (nowak["text"], nowak["date"], nowak["publisher"], nowak["url"], nowak["published"]) == (
        "Cities keep the Baltic Sea region together when states disagree,", date(2023, 10, 11), "Baltic Wire",
        "https://example.org/baltic-wire/2023/10/12/ubc-gdynia", date(2023, 10, 12))


def test_query_facts_with_sources_of_one_article(graph):
    article = ID["article/baltic-assembly-2025"]
    for given in (article, str(article), "id:article/baltic-assembly-2025", f"<{article}>"):
        result = run(graph, "facts-with-sources", article=given)
        assert set(rows(result, "kind", "subject_label", "relation", "object_label", "start")) == {
            ("chairmanship", "Latvia", "chair", BA, "2025"),
            ("membership", "Estonia", "member", BA, None),
            ("membership", "Latvia", "member", BA, None),
            ("membership", "Lithuania", "member", BA, None),
            ("statement", "Ilze Ozola", "said", None, None),
        }
        assert {r["article"] for r in result.records()} == {str(article)}
        assert {r["publisher"] for r in result.records()} == {"Three Capitals Review"}


def test_query_unrealised_claims(graph):
    result = run(graph, "unrealised-claims")
    assert rows(result, "modality", "kind", "subject_label", "object_label", "start") == [
        ("Hoped", "statement", "Karin Ekholm", None, None),
        ("Planned", "chairmanship", "Sweden", BEAC, date(2025, 10, 1)),
        ("Proposed", "statement", "Ilze Ozola", None, None),
    ]
    assert all(r["article"] and r["evidence"] for r in result.records())
    assert result.records()[2]["text"].startswith("We propose that the three parliaments")


# ------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    "label",
    ['Sweden" } UNION { ?x ?y ?z', "Sweden' } UNION { ?x ?y ?z }", 'NCM") || true || ("', "} UNION {",
     'x"""', "\\", "NCM\n} UNION {", "Sweden\"@en"],
)
def test_query_label_params_are_bound_not_pasted(graph, label):
    for name, key in (("chair-on-date", "body"), ("memberships-of", "member"), ("statements-by", "person")):
        params = {key: label, "date": "2024-06-01"} if name == "chair-on-date" else {key: label}
        result = run(graph, name, **params)
        assert result.rows == []
        assert result.variables == run(graph, name, **{**params, key: "nothing"}).variables


def test_query_name_params_match_any_case_and_spacing(graph):
    expected = run(graph, "chair-on-date", body="NCM", date="2023-06-15").rows
    assert expected
    for spelling in ("ncm", " Ncm\n", "nCm"):
        assert run(graph, "chair-on-date", body=spelling, date="2023-06-15").rows == expected
    assert run(graph, "memberships-of", member="  SWEDEN ").rows == run(graph, "memberships-of", member="Sweden").rows


def test_query_params_accept_rdflib_terms_and_dates(graph):
    as_text = run(graph, "chair-on-date", body="NCM", date="2023-06-15").rows
    assert run(graph, "chair-on-date", body=Literal("NCM"), date=date(2023, 6, 15)).rows == as_text
    typed = Literal("2023-06-15", datatype=URIRef(XSD + "date"))
    assert run(graph, "chair-on-date", body="NCM", date=typed).rows == as_text


def test_query_undeclared_params_of_user_text_bind_its_variables(graph):
    text = "SELECT ?city WHERE { ?city a schema:City ; rdfs:label ?name }"
    assert run(graph, text, name="Narva").column("city") == [str(ID["city/narva"])]
    iri = run(graph, "SELECT ?name WHERE { ?city rdfs:label ?name }", city=f"<{ID['city/narva']}>")
    assert iri.column("name") == ["Narva"]


# ------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "query, params, message",
    [
        ("chair-on-dat", {"body": "NCM"}, "unknown query 'chair-on-dat'; did you mean 'chair-on-date'"),
        ("chair-on-date", {}, "needs the parameter body"),
        ("chair-on-date", {"body": "NCM", "colour": "red"}, "unknown parameter 'colour'"),
        ("unrealised-claims", {"kind": "statement"}, "unknown parameter 'kind'"),
        ("chair-on-date", {"body": "NCM", "date": "2024-02-30"}, "'2024-02-30' is not a valid date"),
        ("chair-on-date", {"body": "NCM", "date": "yesterday"}, "is not a date; expected YYYY-MM-DD"),
        ("chair-on-date", {"body": "NCM", "date": "2024"}, "is not a date"),
        ("facts-with-sources", {"article": "not an iri"}, "is not an IRI"),
        ("SELECT ?s WHERE { ?s ?p }", {}, "invalid SPARQL"),
        ("SELECT ?s WHERE { ?s nope:p ?o }", {}, "invalid SPARQL"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"x": "1"}, "unknown parameter 'x'"),
        ("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", {}, "SERVICE"),
        ("SELECT * FROM <https://example.org/g.ttl> WHERE { ?s ?p ?o }", {}, "FROM"),
        ("missing-file.rq", {}, "no such query file"),
        ("   ", {}, "empty"),
    ],
)
def test_query_errors(graph, query, params, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("?", r"\?")):
        run(graph, query, **params)


def test_query_errors_chain_their_cause(graph):
    with pytest.raises(QueryError) as bad_sparql:
        run(graph, "SELECT ?s WHERE { ?s ?p }")
    assert bad_sparql.value.__cause__ is not None
    with pytest.raises(QueryError) as bad_date:
        run(graph, "chair-on-date", body="NCM", date="2024-02-30")
    assert isinstance(bad_date.value.__cause__, ValueError)


# ------------------------------------------------------------------------- formats


@pytest.fixture(scope="session")
def chairs(graph) -> QueryResult:
    return run(graph, "presidency-timeline", body="Baltic Assembly")


def test_query_format_table_is_aligned(graph):
    result = run(graph, "memberships-of", member="Sweden")
    lines = format_table(result, max_width=30).splitlines()
    header, rule, body, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    starts = [i for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
    assert [header.index(v) for v in result.variables] == starts
    assert len(body) == 4 and footer == "(4 rows)"
    assert all(line[starts[1]:].startswith(r["body_label"][:10]) for line, r in zip(body, result.records()))
    assert "id:org/beac" in body[0] and all(len(cell) <= 30 for line in body for cell in line.split("  "))


def test_query_format_csv_parses_back(graph):
    result = run(graph, "facts-with-sources")
    parsed = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert len(parsed) == len(result.rows)
    for row, record in zip(parsed, result):
        assert row == {k: "" if v is None else str(v) for k, v in record.items()}


def test_query_format_markdown(graph):
    result = run(graph, "SELECT ?a ?b WHERE { VALUES (?a ?b) { (\"x | y\" UNDEF) (\"z\" \"w\") } }")
    assert to_markdown(result).splitlines() == ["| a | b |", "| --- | --- |", "| x \\| y |  |", "| z | w |"]
    lines = to_markdown(run(graph, "presidency-timeline", body="NCM")).splitlines()
    assert len(lines) == 4 and lines[2].startswith("| id:country/iceland | Iceland | 2023-01-01 |")


def test_query_format_sparql_json(graph, chairs):
    data = json.loads(to_sparql_json(chairs))
    assert data["head"]["vars"] == list(chairs.variables)
    [binding] = data["results"]["bindings"]
    assert binding["chair"] == {"type": "uri", "value": str(ID["country/latvia"])}
    assert binding["start"] == {"type": "literal", "value": "2025", "datatype": XSD + "gYear"}
    assert binding["published"] == {"type": "literal", "value": "2025-02-14", "datatype": XSD + "date"}
    assert binding["chair_label"] == {"type": "literal", "value": "Latvia"}
    assert binding["end"] == {"type": "literal", "value": "2025", "datatype": XSD + "gYear"}
    unbound = json.loads(to_sparql_json(run(graph, 'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x" UNDEF) } }')))
    assert unbound["results"]["bindings"] == [{"a": {"type": "literal", "value": "x"}}]
    lang = json.loads(to_sparql_json(run(graph, 'SELECT ?x WHERE { BIND("hej"@sv AS ?x) }')))
    assert lang["results"]["bindings"] == [{"x": {"type": "literal", "value": "hej", "xml:lang": "sv"}}]
    assert json.loads(to_sparql_json(run(graph, "ASK { ?s a bkg:Statement }"))) == {"head": {}, "boolean": True}


def test_query_dataframe_holds_plain_values(graph):
    df = query_dataframe(graph, "statements-by", person="Ekholm")
    assert list(df.columns) == list(run(graph, "statements-by", person="Ekholm").variables)
    assert df.loc[0, "date"] == date(2024, 1, 2) and df.loc[0, "url"] is None
    assert type(df.loc[0, "speaker"]) is str and type(df.loc[0, "text"]) is str
    timeline = run(graph, "presidency-timeline", body="NCM").to_dataframe()
    assert list(timeline["chair_label"]) == ["Iceland", "Sweden"]


def test_query_ask_and_construct(graph):
    assert run(graph, "ASK { ?s a bkg:Statement }").boolean is True
    assert format_table(run(graph, "ASK { ?s a bkg:Planned }")) == "false"
    built = run(graph, "CONSTRUCT { ?p a foaf:Person } WHERE { ?p org:holds ?post }")
    assert built.kind == "CONSTRUCT" and len(built) == 5
    again = Graph().parse(data=format_table(built), format="turtle")
    assert set(again) == set(built.graph)


# ------------------------------------------------------------------------- loading graphs


def test_query_load_graph_reads_every_output_of_a_build(graph_dir, graph):
    triples = set(graph)
    assert set(load_graph(graph_dir / "graph.ttl")) == triples
    assert set(load_graph(graph_dir / "graph.trig")) == triples  # the union of the named graphs
    assert set(load_graph(graph_dir / "graph.jsonld")) == triples
    ds = Dataset()
    ds.parse(graph_dir / "graph.trig", format="trig")
    assert run(ds, "posts-of", person="Ekholm").rows == run(graph, "posts-of", person="Ekholm").rows
    assert run(str(graph_dir), "posts-of", person="Ekholm").rows == run(graph, "posts-of", person="Ekholm").rows


def test_query_load_graph_reads_ntriples_and_nquads(graph_dir, graph, tmp_path):
    graph.serialize(tmp_path / "g.nt", format="nt", encoding="utf-8")
    ds = Dataset()
    ds.parse(graph_dir / "graph.trig", format="trig")
    ds.serialize(tmp_path / "g.nq", format="nquads")
    assert set(load_graph(tmp_path / "g.nt")) == set(graph) == set(load_graph(tmp_path / "g.nq"))


def test_query_load_graph_errors_name_the_path(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> this is not turtle .\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("hello")
    for path, problem in ((tmp_path / "missing.ttl", "no such file"), (broken, "not valid turtle"),
                          (tmp_path / "empty", "holds no graph.ttl"), (tmp_path / "notes.txt", "unknown RDF format")):
        with pytest.raises(StoreError, match=problem) as info:
            load_graph(path)
        assert str(path) in str(info.value)


# ------------------------------------------------------------------------- user queries


def test_query_user_rq_file(graph, tmp_path):
    rq = tmp_path / "bodies-of-a-city.rq"
    rq.write_text(
        "# title: Bodies a city belongs to\n"
        "# param: city (type: label, default: required) — the city\n"
        "SELECT ?body_label WHERE {\n"
        "  ?c a schema:City ; rdfs:label ?city_name . FILTER (LCASE(STR(?city_name)) = LCASE(STR(?city)))\n"
        "  ?m org:member ?c ; org:organization/rdfs:label ?body_label .\n"
        "}\n", encoding="utf-8")
    assert run(graph, rq, city="gdynia").column("body_label") == [UBC]
    assert run(graph, str(rq), city="Narva").column("body_label") == [UBC]
    with pytest.raises(QueryError, match="needs the parameter city"):
        run(graph, rq)


def test_query_inline_sparql_uses_the_project_prefixes(graph):
    result = run(graph, "SELECT ?label WHERE { ?e a schema:Event ; rdfs:label ?label }")
    assert result.column("label") == [CONFERENCE]


# ------------------------------------------------------------------------- the command line


def test_query_cli_library_query_as_csv(graph_dir, capsys):
    status = main(["query", str(graph_dir), "chair-on-date", "--param", "body=NCM", "--param", "date=2023-06-15",
                   "--format", "csv"])
    assert status == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["chair_label"], row["start"], row["end"]) == ("Iceland", "2023-01-01", "2023-12-31")


def test_query_cli_table_json_and_markdown(graph_dir, capsys):
    assert main(["query", str(graph_dir), "members-on-date", "-p", "body=Baltic Assembly", "-p",
                 "date=2025-03-01"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:4] == ["member", "member_label", "role", "status"]
    assert "(3 rows)" in table and "undated" in table
    assert main(["query", str(graph_dir), "participants", "-p", f"event={CONFERENCE}", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [b["participant_label"]["value"] for b in data["results"]["bindings"]] == [
        "Gdynia", "Minna Arve", "Piotr Nowak"]
    assert main(["query", str(graph_dir), "posts-of", "-p", "person=Ekholm", "-f", "markdown"]) == 0
    assert "| Karin Ekholm | Minister for Nordic Cooperation |" in capsys.readouterr().out


def test_query_cli_writes_to_a_file(graph_dir, tmp_path, capsys):
    out = tmp_path / "claims.json"
    assert main(["query", str(graph_dir / "graph.trig"), "unrealised-claims", "-f", "json", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [b["modality"]["value"] for b in data["results"]["bindings"]] == ["Hoped", "Planned", "Proposed"]


def test_query_cli_rq_file_inline_sparql_ask_and_construct(graph_dir, tmp_path, capsys):
    rq = tmp_path / "people.rq"
    rq.write_text("SELECT ?name WHERE { ?p a foaf:Person ; rdfs:label ?name } ORDER BY ?name\n")
    assert main(["query", str(graph_dir), str(rq), "-f", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["name", "Espen", "Dahl", "Ilze", "Ozola", "Karin", "Ekholm",
                                               "Minna", "Arve", "Piotr", "Nowak"]
    assert main(["query", str(graph_dir), "SELECT (COUNT(?s) AS ?n) WHERE { ?s a bkg:Statement }",
                 "-f", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "4"]
    assert main(["query", str(graph_dir), "ASK { ?c a schema:City ; rdfs:label \"Narva\" }"]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", str(graph_dir), "CONSTRUCT { ?e a schema:Event } WHERE { ?e a schema:Event }"]) == 0
    built = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert set(built.subjects()) == {URIRef(ID["event/union-of-the-baltic-cities-general-conference-17"])}


def test_query_cli_list(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name, params in EXPECTED_QUERIES.items():
        assert f"\n{name}\n" in f"\n{out}" and load_query(name).title in out
        for p in params:
            assert f"--param {p}=" in out
    assert "(date, default: today)" in out and "(name, required)" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["chair-on-date", "-p", "body=NCM", "-p", "date=31.12.2023"], "is not a date"),
        (["chair-on-dat"], "did you mean 'chair-on-date'"),
        (["chair-on-date"], "needs the parameter body"),
        (["SELECT ?s WHERE { ?s ?p }"], "invalid SPARQL"),
        (["SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"], "SERVICE"),
    ],
)
def test_query_cli_errors_exit_1(graph_dir, capsys, args, message):
    assert main(["query", str(graph_dir), *args]) == 1
    assert message in capsys.readouterr().err


def test_query_cli_missing_graph_exits_1(tmp_path, capsys):
    assert main(["query", str(tmp_path / "nowhere"), "unrealised-claims"]) == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["GRAPH"],
        ["GRAPH", "chair-on-date", "--param", "body"],
        ["GRAPH", "chair-on-date", "--param", "body=a", "--param", "body=b"],
        ["GRAPH", "chair-on-date", "--format", "xml"],
        ["--list", "GRAPH"],
    ],
)
def test_query_cli_usage_errors_exit_2(graph_dir, args):
    assert main(["query", *[str(graph_dir) if a == "GRAPH" else a for a in args]]) == 2
