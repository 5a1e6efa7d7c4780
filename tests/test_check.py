"""kg.check, its SPARQL checks (ontology/checks/*.rq) and `kg check`.

The graphs are built from short articles under tests/data/check/ with
kg.pipeline.build, or read from hand-written Turtle there. The first tests make
sure extraction gives the facts the articles state, so that a check that stays
silent is silent for the right reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from kg.check import Finding, list_checks, run_checks, to_html, to_markdown, to_text
from kg.cli import main
from kg.errors import KGError
from kg.ingest import iter_articles
from kg.pipeline import build
from kg.query import load_graph
from kg.reference import reference_graph, write_reference

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "check"
SEED = ROOT / "data" / "articles" / "000_dbbd667ff7499105.txt"

CHECK_NAMES = {
    "concurrent-chairs", "chair-after-leaving", "chair-before-joining", "chair-not-member",
    "planned-chair-contradicted", "planned-holder-left", "membership-after-withdrawal",
    "period-ends-before-start", "asserted-before-start",
}


@pytest.fixture(scope="module")
def reference() -> Graph:
    return reference_graph()


@pytest.fixture
def graph_of(tmp_path, extractor):
    """Build the named articles (of tests/data/check, or paths) and return the graph read back from graph.trig."""
    counter = iter(range(1000))

    def _graph_of(*names: str | Path) -> Graph:
        out = tmp_path / f"out{next(counter)}"
        paths = [n if isinstance(n, Path) else DATA / n for n in names]
        report = build(paths, out, extractor=extractor, validate_shapes=False)
        assert not report.failures, report.failures
        return load_graph(out / "graph.trig")

    return _graph_of


def found(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


def who(side: dict) -> str:
    return side.get("who_label", "")


# -- the articles say what the tests need ---------------------------------------------


EXPECTED = {
    "ba-estonia-2026.txt": {("Chair", "country/estonia", "org/baltic-assembly", "2026-01-01", "2026-12-31", None,
                             "Asserted")},
    "ba-latvia-2026.txt": {("Chair", "country/latvia", "org/baltic-assembly", "2026-01-01", "2026-12-31", None,
                            "Asserted")},
    "ba-estonia-2026-again.md": {("Chair", "country/estonia", "org/baltic-assembly", "2026-01-01", "2026-12-31",
                                  None, "Asserted")},
    "ba-handover-2026.txt": {("Chair", "country/lithuania", "org/baltic-assembly", None, "2026-01-01", None,
                              "Asserted"),
                             ("Chair", "country/estonia", "org/baltic-assembly", "2026-01-01", None, None,
                              "Asserted")},
    "ba-latvia-2027-plan.txt": {("Chair", "country/latvia", "org/baltic-assembly", "2027-01-01", "2027-12-31", None,
                                 "Planned")},
    "ba-lithuania-2027.txt": {("Chair", "country/lithuania", "org/baltic-assembly", "2027-01-01", "2027-12-31", None,
                               "Asserted")},
    "ba-latvia-2027.txt": {("Chair", "country/latvia", "org/baltic-assembly", "2027-01-01", "2027-12-31", None,
                            "Asserted")},
    "ubc-narva-left-2020.txt": {("Member", "city/narva", "org/ubc", None, "2020", "Withdrawn", "Asserted")},
    "ubc-narva-member-2021.txt": {("Member", "city/narva", "org/ubc", "2021", None, "Active", "Asserted")},
    "ubc-narva-chair-2022.txt": {("Chair", "city/narva", "org/ubc", "2022-11-01", None, None, "Asserted")},
    "ubc-narva-chair-2025.txt": {("Chair", "city/narva", "org/ubc", "2025-01-01", None, None, "Asserted")},
    "ubc-narva-plan-2021.txt": {("Chair", "city/narva", "org/ubc", "2021-01-01", None, None, "Planned")},
    "ubc-members.txt": {("Member", "city/turku", "org/ubc", None, None, "Active", "Asserted"),
                        ("Member", "city/gdynia", "org/ubc", None, None, "Active", "Asserted")},
    "ubc-turku-chair-2025.txt": {("Chair", "city/turku", "org/ubc", "2025-01-01", None, None, "Asserted")},
    "ubc-kardla-joined-2023.txt": {("Member", "city/kardla", "org/ubc", "2023", None, "Active", "Asserted")},
    "ubc-kardla-chair-2019.txt": {("Chair", "city/kardla", "org/ubc", "2019-01-01", "2019-12-31", None, "Asserted")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_articles_give_the_facts_they_state(extractor, name):
    (article,) = list(iter_articles([DATA / name]))
    extraction = extractor.extract(article)
    got = {(m.role, m.member, m.organization, m.start and m.start.value, m.end and m.end.value, m.status, m.modality)
           for m in extraction.memberships}
    assert EXPECTED[name] <= got, got
    assert article.published is not None


def test_check_every_article_of_the_test_data_is_covered():
    articles = {p.name for p in DATA.iterdir() if p.suffix in (".txt", ".md")}
    assert articles == set(EXPECTED)


# -- the checks themselves ----------------------------------------------------------------


def test_check_queries_have_title_and_severity_and_parse():
    checks = list_checks()
    assert {c.name for c in checks} == CHECK_NAMES
    assert {c.group for c in checks} == {1, 2, 3, 4, 5}
    for check in checks:
        assert check.title and check.severity in ("error", "warning")
        assert check.text.startswith("# title:")
        prepareQuery(check.text)  # plain SPARQL 1.1 with its own PREFIX lines


def test_check_broken_query_is_reported(tmp_path):
    (tmp_path / "1-broken.rq").write_text("# title: broken\n# severity: error\nSELECT WHERE {", encoding="utf-8")
    (tmp_path / "2-untitled.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(KGError, match="title"):
        list_checks(tmp_path)
    (tmp_path / "2-untitled.rq").unlink()
    with pytest.raises(KGError, match="1-broken.rq"):
        run_checks(Graph(), list_checks(tmp_path))
    with pytest.raises(KGError, match="no checks"):
        list_checks(tmp_path / "empty")


# 1. two chairs at the same time


def test_check_two_chairs_of_one_body_at_the_same_time(graph_of):
    findings = run_checks(graph_of("ba-estonia-2026.txt", "ba-latvia-2026.txt"))
    (finding,) = found(findings, "concurrent-chairs")
    assert finding.severity == "error" and finding.group == 1
    assert {who(finding.a), who(finding.b)} == {"Estonia", "Latvia"}
    assert finding.detail == {"overlap_from": "2026-01-01", "overlap_to": "2026-12-31"}
    for side in (finding.a, finding.b):
        assert side["origin"] == "article"
        assert side["body_label"] == "Baltic Assembly"
        assert side["role"] == "Chair" and side["modality"] == "Asserted"
        assert (side["start"], side["end"]) == ("2026-01-01", "2026-12-31")
        assert side["fact"].startswith("https://w3id.org/baltic-kg/id/membership/")
        assert side["source"][0].startswith("https://w3id.org/baltic-kg/id/article/")
        assert "presidency of the Baltic Assembly" in side["evidence"][0] or "2026" in side["evidence"][0]
        assert side["published"].startswith("2026-01")
    assert findings == [finding]


def test_check_same_holder_twice_and_a_handover_are_no_conflict(graph_of):
    findings = run_checks(graph_of("ba-estonia-2026.txt", "ba-estonia-2026-again.md", "ba-handover-2026.txt"))
    assert not found(findings, "concurrent-chairs")


def test_check_hoped_denied_and_person_chairs_are_not_compared():
    findings = run_checks(Graph().parse(DATA / "modalities.ttl"))
    assert findings == []


def test_check_planned_against_asserted_is_check_3_not_check_1(graph_of):
    findings = run_checks(graph_of("ba-latvia-2027-plan.txt", "ba-lithuania-2027.txt"))
    assert not found(findings, "concurrent-chairs")
    (finding,) = found(findings, "planned-chair-contradicted")
    assert (who(finding.a), finding.a["modality"]) == ("Latvia", "Planned")
    assert (who(finding.b), finding.b["modality"]) == ("Lithuania", "Asserted")
    assert finding.a["published"] == "2026-10-01" and finding.b["published"] == "2027-01-08"
    assert finding.detail == {"overlap_from": "2027-01-01", "overlap_to": "2027-12-31"}


def test_check_planned_and_later_realised_is_no_conflict(graph_of):
    assert run_checks(graph_of("ba-latvia-2027-plan.txt", "ba-latvia-2027.txt")) == []


# 2. chair not (yet, or no longer) a member


def test_check_chair_after_leaving(graph_of):
    findings = run_checks(graph_of("ubc-narva-left-2020.txt", "ubc-narva-chair-2022.txt"))
    (finding,) = found(findings, "chair-after-leaving")
    assert finding.severity == "error"
    assert (who(finding.a), finding.a["role"], finding.a["start"]) == ("Narva", "Chair", "2022-11-01")
    assert (who(finding.b), finding.b["status"], finding.b["end"]) == ("Narva", "Withdrawn", "2020")
    assert finding.b["evidence"] == ["Narva left the Union of the Baltic Cities in 2020, the city council announced "
                                     "on Tuesday."]
    assert findings == [finding]


def test_check_rejoining_silences_chair_after_leaving_but_is_reported_as_check_4(graph_of):
    findings = run_checks(graph_of("ubc-narva-left-2020.txt", "ubc-narva-member-2021.txt",
                                   "ubc-narva-chair-2022.txt"))
    assert not found(findings, "chair-after-leaving")
    assert [f.check for f in findings] == ["membership-after-withdrawal"]


def test_check_chair_not_a_member(graph_of):
    findings = run_checks(graph_of("ubc-members.txt", "ubc-narva-chair-2025.txt"))
    (finding,) = found(findings, "chair-not-member")
    assert finding.severity == "warning"
    assert who(finding.a) == "Narva" and finding.b == {}
    assert finding.detail["known_members"] in ("Gdynia, Turku", "Turku, Gdynia")
    assert run_checks(graph_of("ubc-members.txt", "ubc-turku-chair-2025.txt")) == []


def test_check_chair_not_a_member_needs_known_members(graph_of):
    assert run_checks(graph_of("ubc-narva-chair-2025.txt")) == []


def test_check_chair_before_joining(graph_of):
    findings = run_checks(graph_of("ubc-kardla-joined-2023.txt", "ubc-kardla-chair-2019.txt"))
    (finding,) = found(findings, "chair-before-joining")
    assert (who(finding.a), finding.a["end"]) == ("Kärdla", "2019-12-31")
    assert (who(finding.b), finding.b["start"]) == ("Kärdla", "2023")
    assert findings == [finding]


# 3. planned chairmanship contradicted


def test_check_planned_holder_left_before_the_start(graph_of):
    findings = run_checks(graph_of("ubc-narva-left-2020.txt", "ubc-narva-plan-2021.txt"))
    (finding,) = found(findings, "planned-holder-left")
    assert (who(finding.a), finding.a["modality"], finding.a["start"]) == ("Narva", "Planned", "2021-01-01")
    assert finding.b["status"] == "Withdrawn"


def test_check_seed_with_the_reference_reports_russias_planned_cbss_chair(graph_of, reference):
    graph = graph_of(SEED) + reference
    findings = run_checks(graph)
    (contradicted,) = found(findings, "planned-chair-contradicted")
    assert (who(contradicted.a), contradicted.a["modality"]) == ("Russia", "Planned")
    assert (contradicted.a["start"], contradicted.a["end"]) == ("2023-07-01", "2024-06-30")
    assert contradicted.a["origin"] == "article"
    assert contradicted.a["headline"].startswith("Existing disagreements")
    assert "Moscow will coordinate the activities" in contradicted.a["evidence"][0]
    assert (who(contradicted.b), contradicted.b["modality"]) == ("Finland", "Asserted")
    assert (contradicted.b["start"], contradicted.b["end"]) == ("2023-07-01", "2024-06-30")
    assert contradicted.b["origin"] == "reference" and contradicted.b["confidence"] == "verified"
    assert "https://cbss.org/2023/07/01/finland-takes-over-the-presidency-of-the-cbss/" in contradicted.b["url"]
    assert contradicted.b["body_label"] == "Council of the Baltic Sea States"
    left = found(findings, "planned-holder-left")
    assert {(f.b["status"], f.b["end"]) for f in left} == {("Suspended", "2022-03-03"), ("Withdrawn", "2022-05-17")}
    assert {f.b["origin"] for f in left} == {"reference"}
    # Russia's planned BSTF chairmanship: the record knows no BSTF chair then, nor BSTF members
    assert all(f.a["body_label"] == "Council of the Baltic Sea States" for f in findings)


def test_check_seed_alone_finds_nothing(graph_of):
    assert run_checks(graph_of(SEED)) == []


def test_check_the_reference_record_alone_adds_up(reference):
    assert run_checks(reference) == []


# 4. membership after withdrawal


def test_check_membership_after_withdrawal(graph_of):
    findings = run_checks(graph_of("ubc-narva-left-2020.txt", "ubc-narva-member-2021.txt"))
    (finding,) = found(findings, "membership-after-withdrawal")
    assert finding.severity == "warning"
    assert (who(finding.a), finding.a["role"], finding.a["start"]) == ("Narva", "Member", "2021")
    assert (who(finding.b), finding.b["status"], finding.b["end"]) == ("Narva", "Withdrawn", "2020")
    assert finding.a["published"] == "2022-06-09" and finding.b["published"] == "2020-03-03"


def test_check_membership_before_the_withdrawal_is_no_conflict(graph_of, reference):
    # the seed (2021) says Saint Petersburg is in the UBC; the record ends its membership in 2022
    assert not found(run_checks(graph_of(SEED) + reference), "membership-after-withdrawal")


# 5. dates that contradict each other


def test_check_dates_that_contradict_each_other():
    findings = run_checks(Graph().parse(DATA / "dates.ttl"))
    (reversed_,) = found(findings, "period-ends-before-start")
    assert reversed_.severity == "error"
    assert (who(reversed_.a), reversed_.a["start"], reversed_.a["end"]) == ("Germany", "2024-07", "2023")
    (early,) = found(findings, "asserted-before-start")
    assert (who(early.a), early.a["start"]) == ("Poland", "2025-06-01")
    assert early.b["published"] == "2025-03-01" and early.b["origin"] == "article"
    assert early.b["source"] == ["https://w3id.org/baltic-kg/id/article/d1"]
    assert len(findings) == 2  # Sweden's "March 2024 to 2024" is in order


# -- output --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def date_findings() -> list[Finding]:
    return run_checks(Graph().parse(DATA / "dates.ttl"))


def test_check_text_report(date_findings):
    text = to_text(date_findings)
    assert text.startswith("2 findings (1 error, 1 warning)")
    assert "[error] period-ends-before-start" in text and "[warning] asserted-before-start" in text
    assert "claim:   Germany, member of Baltic Marine Environment Protection Commission, 2024-07 to 2023" in text
    assert "evidence: \"Germany is a member of the commission" in text
    assert to_text([]) == "No findings: the facts add up.\n"


def test_check_markdown_report(date_findings):
    md = to_markdown(date_findings)
    assert md.startswith("# Consistency checks")
    assert "## 2. A period that ends before it begins" in md
    assert "| | Claim |" in md and "| | Claim | Against |" in md
    assert "<https://w3id.org/baltic-kg/id/article/d1>" in md
    assert "<script>" not in md and "&lt;script&gt;" in md  # no raw HTML from the data


def test_check_html_report_escapes_every_value(date_findings):
    page = to_html(date_findings)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;changes&lt;/b&gt;" in page
    assert "<link" not in page and "src=" not in page  # self-contained


# -- kg check ---------------------------------------------------------------------------------


@pytest.fixture
def seed_out(tmp_path, extractor) -> Path:
    out = tmp_path / "seed"
    build([SEED], out, extractor=extractor, validate_shapes=False)
    return out


def test_check_cli_reports_and_exits_0(seed_out, capsys):
    assert main(["check", str(seed_out)]) == 0
    assert "No findings" in capsys.readouterr().out
    assert main(["check", str(seed_out), "--reference"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 findings (3 errors, 0 warnings)")
    assert "planned-chair-contradicted" in out and "Finland" in out


def test_check_cli_strict_exits_1_on_findings(seed_out, capsys):
    assert main(["check", str(seed_out), "--strict"]) == 0
    assert main(["check", str(seed_out), "--reference", "--strict"]) == 1


def test_check_cli_uses_the_folders_reference_trig(seed_out, capsys):
    write_reference(seed_out)
    assert main(["check", str(seed_out)]) == 0
    assert capsys.readouterr().out.startswith("3 findings")


def test_check_cli_reads_a_file_and_writes_html(seed_out, tmp_path, capsys):
    target = tmp_path / "report" / "check.html"
    assert main(["check", str(seed_out / "graph.ttl"), "--reference", "--format", "html", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "3 finding(s)" in capsys.readouterr().err
    assert main(["check", str(DATA / "dates.ttl"), "--format", "markdown"]) == 0
    assert "## 2. A period that ends before it begins" in capsys.readouterr().out


def test_check_cli_errors(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.ttl")]) == 1
    assert "missing.ttl" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 1
    assert "graph.trig" in capsys.readouterr().err
    assert main(["check", str(tmp_path), "--format", "pdf"]) == 2
