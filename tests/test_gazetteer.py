"""Tests of the gazetteer: the generated file, its consistency, and the loader's lookups."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.errors import KGError
from kg.gazetteer import (
    GAZETTEER_KINDS,
    KEY_PREFIXES,
    Gazetteer,
    GazetteerEntry,
    ascii_fold,
    load_gazetteer,
    normalise_name,
)
from kg.resources import gazetteer_file

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
REFERENCE = ROOT / "data" / "reference" / "baltic_reference.yaml"
SUPPLEMENT = ROOT / "data" / "gazetteer" / "supplement.yaml"


@pytest.fixture(scope="module")
def raw() -> list[dict[str, Any]]:
    """The entries of gazetteer.yaml as plain YAML, without the loader's checks."""
    return yaml.safe_load(gazetteer_file().read_text(encoding="utf-8"))["entries"]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def _qids_with_confidence(node: Any, found: dict[str, set[str]]) -> None:
    """Collect every {qid, confidence} pair anywhere in the reference."""
    if isinstance(node, dict):
        if node.get("qid"):
            found.setdefault(str(node.get("confidence")), set()).add(str(node["qid"]))
        for value in node.values():
            _qids_with_confidence(value, found)
    elif isinstance(node, list):
        for value in node:
            _qids_with_confidence(value, found)


# ---------------------------------------------------------------------------
# the generated file
# ---------------------------------------------------------------------------

def test_gazetteer_file_is_up_to_date_with_build_script(tmp_path: Path, raw: list[dict[str, Any]]) -> None:
    out = tmp_path / "gazetteer.yaml"
    done = subprocess.run([sys.executable, str(SCRIPT), "--output", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["entries"] == raw


def test_gazetteer_file_says_it_is_generated() -> None:
    head = gazetteer_file().read_text(encoding="utf-8")[:600]
    assert head.startswith("# GENERATED")
    assert "scripts/build_gazetteer.py" in head
    assert "baltic_reference.yaml" in head and "supplement.yaml" in head


def test_gazetteer_entries_are_sorted_by_key(raw: list[dict[str, Any]]) -> None:
    keys = [e["key"] for e in raw]
    assert keys == sorted(keys)


def test_gazetteer_keys_are_unique(raw: list[dict[str, Any]]) -> None:
    keys = [e["key"] for e in raw]
    assert len(keys) == len(set(keys))


def test_gazetteer_aliases_map_to_one_key(raw: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for e in raw:
        for name in [e["label"], *e.get("aliases", [])]:
            norm = normalise_name(name)
            if owner.setdefault(norm, e["key"]) != e["key"]:
                clashes.append((name, owner[norm], e["key"]))
    assert clashes == []


def test_gazetteer_every_entry_has_label_and_known_kind(raw: list[dict[str, Any]]) -> None:
    for e in raw:
        assert isinstance(e.get("label"), str) and e["label"].strip(), e
        assert e["kind"] in GAZETTEER_KINDS, e
        prefix, slug = e["key"].split("/", 1)
        assert prefix == KEY_PREFIXES[e["kind"]], e["key"]
        assert slug and slug.isascii() and slug == slug.lower(), e["key"]


def test_gazetteer_references_point_to_existing_entries(gaz: Gazetteer) -> None:
    for entry in gaz:
        if entry.parent:
            assert gaz.get(entry.parent).kind == "Organisation", entry.key
        if entry.country:
            assert gaz.get(entry.country).kind == "Country", entry.key
        if entry.capital:
            assert entry.kind == "Country"
            assert gaz.get(entry.capital).kind == "City", entry.key
        if entry.demonyms:
            assert entry.kind == "Country", entry.key


def test_gazetteer_names_are_english_usable(gaz: Gazetteer) -> None:
    for name, entry in gaz.surface_forms():
        assert "[sic]" not in name and "(" not in name, (name, entry.key)
        assert all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name), name
    for unwanted in ("Ostseerat", "Østersørådet", "Danzig", "ND", "Union", "Council", "Assembly",
                     "Commission", "Deutschland", "Suomi", "Königsberg", "Sankt Petersburg"):
        assert gaz.lookup(unwanted) is None, unwanted


def test_gazetteer_names_with_diacritics_have_ascii_alias(gaz: Gazetteer) -> None:
    for entry in gaz:
        for name in entry.names():
            assert ascii_fold(name) in entry.names(), (entry.key, name)


def test_gazetteer_heads_are_lower_case(gaz: Gazetteer) -> None:
    for entry in gaz:
        assert all(h == h.lower() for h in entry.heads), entry.key
    assert "council" in gaz.get("org/cbss").heads
    assert "union" in gaz.get("org/eu").heads
    assert "commission" in gaz.get("org/helcom").heads


# ---------------------------------------------------------------------------
# coverage
# ---------------------------------------------------------------------------

def test_gazetteer_covers_reference_bodies(gaz: Gazetteer, reference: dict[str, Any]) -> None:
    for body in reference["bodies"]:
        name = body["official_name"]["value"].split(" (")[0]
        assert gaz.lookup(name) is not None, name
    for abbreviation in ("CBSS", "UBC", "BSSSC", "BSPC", "HELCOM", "NCM", "BCM", "EUSBSR", "BEAC",
                         "BSTF", "BSRBCC", "ERB", "B7", "VASAB", "BDF", "BaltMet"):
        assert gaz.lookup(abbreviation).kind == "Organisation", abbreviation


def test_gazetteer_covers_countries_and_cities(gaz: Gazetteer) -> None:
    countries = {e.label for e in gaz.by_kind("Country")}
    for name in ("Russia", "Estonia", "Latvia", "Lithuania", "Poland", "Germany", "Denmark", "Sweden",
                 "Finland", "Norway", "Iceland", "Belarus", "Ukraine", "United States", "Canada",
                 "United Kingdom", "China", "Japan", "India", "Turkey", "Georgia", "Moldova",
                 "Kazakhstan", "France", "Netherlands", "Czech Republic"):
        assert name in countries, name
    assert len(gaz.by_kind("City")) >= 150
    for city in gaz.by_kind("City"):
        assert city.country, city.key


def test_gazetteer_organisation_labels(gaz: Gazetteer) -> None:
    assert gaz.lookup("EU").label == "European Union"
    assert gaz.lookup("HELCOM").label == "Baltic Marine Environment Protection Commission"
    assert gaz.lookup("BSSSC").label == "Baltic Sea States Subregional Cooperation"
    assert gaz.lookup("Baltic Sea States Sub-regional Co-operation").key == "org/bsssc"
    assert gaz.lookup("CBSS Secretariat").parent == "org/cbss"
    assert gaz.lookup("Federal Assembly").key == "org/federal-assembly"
    assert gaz.lookup("Baltic Sea Commission").key != gaz.lookup("Helsinki Commission").key


def test_gazetteer_people_from_presidency_table(gaz: Gazetteer) -> None:
    kofod = gaz.lookup("Jeppe Kofod")
    assert kofod.kind == "Person" and kofod.country == "country/denmark"
    assert gaz.lookup("Radoslaw Sikorski").key == gaz.lookup("Radosław Sikorski").key
    assert gaz.lookup("Ine Eriksen Soreide").country == "country/norway"
    assert gaz.lookup("Mantas Jurgutis").kind == "Person"


def test_gazetteer_ambiguous_places_kept_apart(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kaliningrad").key == "city/kaliningrad"
    assert gaz.lookup("Kaliningrad region").key == "region/kaliningrad-oblast"
    assert "Kaliningrad" not in gaz.get("region/kaliningrad-oblast").aliases
    assert gaz.lookup("Leningrad").key == "city/saint-petersburg"
    assert gaz.lookup("Leningrad Oblast").kind == "Region"
    assert gaz.lookup("Kalmar").kind == "City" and gaz.lookup("Kalmar County").kind == "Region"
    assert gaz.lookup("Hamburg").kind == "City" and gaz.lookup("Bremen").kind == "City"


# ---------------------------------------------------------------------------
# lookups
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [
    ("St. Petersburg", "city/saint-petersburg"),
    ("St Petersburg", "city/saint-petersburg"),
    ("Saint Petersburg", "city/saint-petersburg"),
    ("Petrograd", "city/saint-petersburg"),
    ("Sergei Lavrov", "person/sergey-lavrov"),
    ("Sergey Lavrov", "person/sergey-lavrov"),
    ("S.V. Lavrov", "person/sergey-lavrov"),
    ("Gdansk", "city/gdansk"),
    ("Gdańsk", "city/gdansk"),
    ("GDANSK", "city/gdansk"),
    ("the Netherlands", "country/netherlands"),
    ("The Netherlands", "country/netherlands"),
    ("Netherlands", "country/netherlands"),
    ("Tromso", "city/tromso"),
    ("Reykjavik", "city/reykjavik"),
    ("Kiev", "city/kyiv"),
    ("Russian Federation", "country/russia"),
    ("US", "country/united-states"),
    ("U.S.", "country/united-states"),
    ("United States of America", "country/united-states"),
    ("Great Britain", "country/united-kingdom"),
    ("Czechia", "country/czech-republic"),
    ("Council of Baltic Sea States", "org/cbss"),
    ("Baltic Council", "org/cbss"),
    ("the Council of the Baltic Sea States", "org/cbss"),
    ("Union of Baltic Cities", "org/ubc"),
    ("Helsinki Commission", "org/helcom"),
    ("Baltic Sea Task Force on Organized Crime", "org/bstf"),
    ("Aland", "region/aland"),
    ("Klaipeda region", "region/klaipeda-region"),
    ("Mecklenburg-Western Pomerania", "region/mecklenburg-vorpommern"),
    ("Scania", "region/skane"),
])
def test_gazetteer_lookup_spelling_variants(gaz: Gazetteer, name: str, key: str) -> None:
    found = gaz.lookup(name)
    assert found is not None and found.key == key


def test_gazetteer_lookup_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("Atlantis") is None
    assert gaz.lookup("") is None


@pytest.mark.parametrize("adjective, key", [
    ("Russian", "country/russia"),
    ("Danish", "country/denmark"),
    ("Icelandic", "country/iceland"),
    ("Norwegian", "country/norway"),
    ("Lithuanian", "country/lithuania"),
    ("Finnish", "country/finland"),
    ("Polish", "country/poland"),
    ("Lettish", "country/latvia"),
    ("Dutch", "country/netherlands"),
    ("british", "country/united-kingdom"),
])
def test_gazetteer_demonyms(gaz: Gazetteer, adjective: str, key: str) -> None:
    assert gaz.by_demonym(adjective).key == key


def test_gazetteer_demonym_unknown(gaz: Gazetteer) -> None:
    assert gaz.by_demonym("Martian") is None


@pytest.mark.parametrize("city, country", [
    ("city/moscow", "country/russia"),
    ("city/copenhagen", "country/denmark"),
    ("city/reykjavik", "country/iceland"),
    ("city/kyiv", "country/ukraine"),
    ("city/warsaw", "country/poland"),
    ("city/washington", "country/united-states"),
])
def test_gazetteer_capital_to_country(gaz: Gazetteer, city: str, country: str) -> None:
    assert gaz.country_of_capital(city).key == country
    assert gaz.get(country).capital == city


def test_gazetteer_non_capital_has_no_country_of_capital(gaz: Gazetteer) -> None:
    assert gaz.country_of_capital("city/gdansk") is None


def test_gazetteer_surface_forms_cover_all_names(gaz: Gazetteer) -> None:
    forms = list(gaz.surface_forms())
    assert len(forms) == sum(len(e.names()) for e in gaz)
    assert ("Sergei Lavrov", gaz.get("person/sergey-lavrov")) in forms
    assert all(isinstance(n, str) and isinstance(e, GazetteerEntry) for n, e in forms)


# ---------------------------------------------------------------------------
# Wikidata IDs
# ---------------------------------------------------------------------------

def test_gazetteer_wikidata_examples(gaz: Gazetteer) -> None:
    assert gaz.get("org/cbss").wikidata == "Q789769"
    assert gaz.get("person/sergey-lavrov").wikidata == "Q58217"
    assert gaz.get("country/russia").wikidata == "Q159"
    assert gaz.get("city/saint-petersburg").wikidata == "Q656"
    assert gaz.get("city/kaliningrad").wikidata is None
    assert gaz.get("city/gdansk").wikidata is None
    assert gaz.get("org/ubc").wikidata is None


def test_gazetteer_wikidata_only_from_reference(gaz: Gazetteer, reference: dict[str, Any]) -> None:
    found: dict[str, set[str]] = {}
    _qids_with_confidence(reference, found)
    allowed = found.get("verified", set()) | found.get("single_source", set())
    for row in reference["countries"]["list"]:
        allowed |= {str(row[f]) for f in ("qid", "capital_qid") if row.get(f)}
    unverified = found.get("unverified", set()) - allowed
    assert {"Q1829", "Q1792"} <= unverified
    used = {e.wikidata for e in gaz if e.wikidata}
    assert used <= allowed
    assert not used & unverified
    assert "Q80137" not in used  # Emily Brontë, not Lavrov
    assert len(used) == len([e for e in gaz if e.wikidata])  # one thing, one QID


def test_gazetteer_supplement_has_no_wikidata() -> None:
    data = yaml.safe_load(SUPPLEMENT.read_text(encoding="utf-8"))
    assert all("wikidata" not in e for e in data["entries"])


# ---------------------------------------------------------------------------
# the loader
# ---------------------------------------------------------------------------

def test_gazetteer_default_load_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()
    assert load_gazetteer(gazetteer_file()) is load_gazetteer()


def test_gazetteer_missing_file_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(KGError, match="not found") as err:
        load_gazetteer(missing)
    assert str(missing) in str(err.value)


@pytest.mark.parametrize("text, problem", [
    ("entries: [\n  - key: x", "broken gazetteer YAML"),
    ("- just a list", "'entries' list"),
    ("entries:\n  - {key: org/x, kind: Spaceship, label: X}", "unknown kind"),
    ("entries:\n  - {key: city/x, kind: Country, label: X}", "prefix"),
    ("entries:\n  - {key: org/x, kind: Organisation}", "missing label"),
    ("entries:\n  - {key: org/x, kind: Organisation, label: X}\n  - {key: org/x, kind: Organisation, label: Y}",
     "duplicate key"),
    ("entries:\n  - {key: org/x, kind: Organisation, label: X, aliases: [ZZ]}\n"
     "  - {key: org/y, kind: Organisation, label: Y, aliases: [zz]}", "belongs to both"),
])
def test_gazetteer_broken_file_raises(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KGError, match=problem) as err:
        load_gazetteer(path)
    assert str(path) in str(err.value)


def test_gazetteer_entry_names_and_normalisation() -> None:
    entry = GazetteerEntry(key="city/tromso", kind="City", label="Tromsø", aliases=("Tromso",))
    assert entry.names() == ("Tromsø", "Tromso")
    gaz = Gazetteer([entry])
    assert gaz.lookup("TROMSØ") is entry
    assert normalise_name("  The   Hague ") == "hague"
    assert ascii_fold("Søreide Gdańsk Reykjanesbær") == "Soreide Gdansk Reykjanesbaer"


# ---------------------------------------------------------------------------
# the build script's checks
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def build_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gazetteer_build_refuses_supplement_wikidata(build_module, reference: dict[str, Any]) -> None:
    supplement = {"entries": [{"key": "city/narva", "kind": "City", "label": "Narva", "wikidata": "Q1"}]}
    with pytest.raises(build_module.BuildError, match="Wikidata"):
        build_module.build(reference, supplement)


def test_gazetteer_build_refuses_alias_clash(build_module, reference: dict[str, Any]) -> None:
    supplement = {"entries": [{"key": "region/kaliningrad-oblast", "kind": "Region",
                               "label": "Kaliningrad Oblast", "aliases": ["Kaliningrad"]}]}
    with pytest.raises(build_module.BuildError, match="belongs to both"):
        build_module.build(reference, supplement)


def test_gazetteer_build_keeps_unverified_qids_out(build_module, reference: dict[str, Any]) -> None:
    entries = {e["key"]: e for e in build_module.build(reference, {"entries": []})}
    assert "wikidata" not in entries["city/kaliningrad"]
    assert entries["org/cbss"]["wikidata"] == "Q789769"
    assert build_module.leader_names("FM Igor Ivanov; CSO chair Ambassador-at-large Alexey A. Obukhov") == \
        ["Igor Ivanov", "Alexey A. Obukhov"]
