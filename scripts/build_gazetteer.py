#!/usr/bin/env python
"""Build ``data/gazetteer/gazetteer.yaml`` from the reference facts and the supplement.

Inputs:
    data/reference/baltic_reference.yaml   sourced reference facts (bodies, people,
                                            places, the countries table, presidencies)
    data/gazetteer/supplement.yaml         hand-curated entries and additions

What is taken from the reference:
    * every body: official name, abbreviations, English alternative names and the
      English forms used by the media; its Wikidata ID when the confidence is
      ``verified`` or ``single_source``; a "Secretariat of ..." name becomes a sub-body;
    * the people list, UBC presidents and vice-presidents, the UBC secretary general,
      CBSS heads of the secretariat, NCM secretaries general, BDF chairs, the CBSS
      founders, and the leaders named in the CBSS presidency table ("FM Jeppe Kofod");
    * the places with their variants and Wikidata IDs (same confidence rule);
    * the countries table: QIDs, capitals (with their QIDs), demonyms, English names.

Names are filtered: only Latin-script forms, no entries tagged with a ``lang``,
no "[sic]" forms, no ``unverified`` names, no variants whose note names a
foreign language ("Königsberg (German, pre-1946)"); notes in parentheses are
stripped ("Leningrad (1924-1991)" -> "Leningrad"). The supplement's
``exclude_aliases`` drops further forms (native names, ambiguous abbreviations).

The supplement's entries add new things or extend the reference's: for a key that
exists, aliases/heads/demonyms are merged, and label/parent/country/capital are
set (a replaced label stays as an alias). The supplement never gives Wikidata IDs.

Every name with diacritics also gets its ASCII spelling. The result is checked
(unique keys, one key per name after normalisation, known kinds, references to
existing keys) and written sorted by key.

Usage::

    python scripts/build_gazetteer.py            # write data/gazetteer/gazetteer.yaml
    python scripts/build_gazetteer.py --check    # exit 1 if the file is out of date
    python scripts/build_gazetteer.py -o out.yaml
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(ROOT))

from kg.gazetteer import KEY_PREFIXES, ascii_fold, normalise_name  # noqa: E402

REFERENCE = ROOT / "data" / "reference" / "baltic_reference.yaml"
SUPPLEMENT = ROOT / "data" / "gazetteer" / "supplement.yaml"
OUTPUT = ROOT / "data" / "gazetteer" / "gazetteer.yaml"

REFERENCE_NAME = "data/reference/baltic_reference.yaml"
SUPPLEMENT_NAME = "data/gazetteer/supplement.yaml"

HEADER = f"""\
# GENERATED FILE - do not edit by hand.
# Built by scripts/build_gazetteer.py from {REFERENCE_NAME}
# and {SUPPLEMENT_NAME}; run `python scripts/build_gazetteer.py` to rebuild.
# Entries are sorted by key. Wikidata IDs come only from the reference (confidence
# verified or single_source, or its countries table); `source` tells where each entry comes from.
"""

FIELDS = ("key", "kind", "label", "aliases", "wikidata", "heads", "parent", "country",
          "demonyms", "capital", "source")
LIST_FIELDS = ("aliases", "heads", "demonyms")
ACCEPTED_QID_CONFIDENCE = ("verified", "single_source")

#: Keys of the reference's bodies; a body not listed gets a key from its abbreviation or name.
BODY_KEYS = {
    "CBSS": "org/cbss",
    "UBC": "org/ubc",
    "BSSSC": "org/bsssc",
    "BSPC": "org/bspc",
    "HELCOM": "org/helcom",
    "NordicCouncil": "org/nordic-council",
    "NCM": "org/ncm",
    "BalticAssembly": "org/baltic-assembly",
    "BCM": "org/bcm",
    "EUSBSR": "org/eusbsr",
    "NorthernDimension": "org/northern-dimension",
    "BEAC": "org/beac",
    "ArcticCouncil": "org/arctic-council",
    "BSTF": "org/bstf",
    "BSRBCC": "org/bsrbcc",
    "ERB": "org/erb",
    "B7": "org/b7",
    "VASAB": "org/vasab",
    "BDF": "org/bdf",
    "CPMR_BSC": "org/cpmr-bsc",
    "BaltMet": "org/baltmet",
}

#: Rows of the countries table that are organisations, not states.
COUNTRY_TABLE_ORGS = {"European Union": "org/eu"}

_LANGUAGE_NOTE = re.compile(
    r"\b(German|Polish|Lithuanian|Latvian|Estonian|Finnish|Swedish|Danish|Norwegian|Russian|"
    r"French|Italian|Dutch|Icelandic|Ukrainian|Belarusian)\b")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_PERSON_NAME = re.compile(r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)+$")
_LEADER_TITLE = re.compile(r"^(?:then|FM|CSO chair|Ambassador-at-large|Deputy FM|PM)\s+")


class BuildError(Exception):
    """The inputs cannot be turned into a consistent gazetteer."""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: "Gdańsk" -> "gdansk", "St. Petersburg" -> "st-petersburg"."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin one."""
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _value(item: Any) -> str | None:
    if isinstance(item, dict):
        item = item.get("value")
    return item if isinstance(item, str) else None


def clean_name(raw: str | None) -> str | None:
    """A usable English surface form from a reference value, or None.

    Drops non-Latin forms, "[sic]" forms and variants whose note names another
    language; strips other notes in parentheses.
    """
    if not raw or "[sic]" in raw or not is_latin(raw):
        return None
    for note in _PARENS.findall(raw):
        if _LANGUAGE_NOTE.search(note):
            return None
    name = _PARENS.sub("", raw).strip()
    return name or None


def usable(item: Any) -> str | None:
    """The cleaned name of a reference name item, unless it is tagged with a language or unverified."""
    if isinstance(item, dict) and (item.get("lang") or item.get("confidence") == "unverified"):
        return None
    return clean_name(_value(item))


def accepted_qid(wikidata: Any) -> str | None:
    """A Wikidata ID the reference gives with confidence verified or single_source."""
    if isinstance(wikidata, dict) and wikidata.get("qid") and \
            wikidata.get("confidence") in ACCEPTED_QID_CONFIDENCE:
        return str(wikidata["qid"])
    return None


def person_label(raw: str) -> tuple[str, list[str]]:
    """Split "Vjacheslav Tscherbakov (Vyacheslav Shcherbakov)" into label and aliases.

    A parenthesis that is itself a name becomes the label (the outer form an alias);
    any other parenthesis is a note and is dropped.
    """
    inner = [n for n in _PARENS.findall(raw) if _PERSON_NAME.match(n.strip())]
    outer = _PARENS.sub("", raw).strip()
    if inner:
        return inner[0].strip(), [outer]
    return outer, []


class Builder:
    """Collects entries, merging additions to the same key."""

    def __init__(self, exclude: Iterable[str] = ()):
        self.entries: dict[str, dict[str, Any]] = {}
        self.exclude = {normalise_name(n) for n in exclude}
        self._person_names: dict[str, str] = {}

    # -- adding ---------------------------------------------------------------

    def add(self, key: str, kind: str, label: str, aliases: Iterable[str | None] = (),
            source: str | None = None, **fields: Any) -> dict[str, Any]:
        entry = self.entries.get(key)
        if entry is None:
            entry = {"key": key, "kind": kind, "label": label, "aliases": [], "heads": [], "demonyms": []}
            self.entries[key] = entry
        elif entry["kind"] != kind:
            raise BuildError(f"{key}: kind {kind} conflicts with {entry['kind']}")
        else:
            self.add_aliases(entry, [label])
        self.add_aliases(entry, aliases)
        if source and not entry.get("source"):
            entry["source"] = source
        for field, value in fields.items():
            if value is None or value == [] or value == ():
                continue
            if field in LIST_FIELDS:
                self._extend(entry[field], value)
            elif field == "wikidata" and entry.get("wikidata") not in (None, value):
                raise BuildError(f"{key}: conflicting Wikidata IDs {entry['wikidata']} and {value}")
            else:
                entry.setdefault(field, value)
        if kind == "Person":
            for name in (entry["label"], *entry["aliases"]):
                self._person_names.setdefault(normalise_name(name), key)
        return entry

    def add_aliases(self, entry: dict[str, Any], aliases: Iterable[str | None]) -> None:
        self._extend(entry["aliases"], [a for a in aliases if a and a != entry["label"]])

    @staticmethod
    def _extend(target: list[str], values: Iterable[str]) -> None:
        for value in values:
            if value not in target:
                target.append(value)

    def add_person(self, raw_name: str, source: str, key: str | None = None,
                   aliases: Iterable[str | None] = (), **fields: Any) -> dict[str, Any] | None:
        """Add a person, merging with a person already known under one of these names."""
        raw_name = raw_name.strip()
        if not raw_name or not is_latin(raw_name):
            return None
        label, extra = person_label(raw_name)
        names = [label, *extra, *(a for a in aliases if a)]
        if key is None:
            key = next((self._person_names[n] for n in map(normalise_name, names)
                        if n in self._person_names), None) or f"person/{slug(label)}"
        return self.add(key, "Person", label, [*extra, *aliases], source=source, **fields)

    # -- supplement -------------------------------------------------------------

    def merge_supplement(self, item: dict[str, Any]) -> None:
        key, kind = item.get("key"), item.get("kind")
        if not key or not kind or not item.get("label") and key not in self.entries:
            raise BuildError(f"supplement entry needs key, kind and label: {item!r}")
        if "wikidata" in item:
            raise BuildError(f"{key}: the supplement must not give Wikidata IDs")
        unknown = set(item) - set(FIELDS)
        if unknown:
            raise BuildError(f"{key}: unknown fields {sorted(unknown)}")
        entry = self.entries.get(key)
        if entry is None:
            entry = self.add(key, kind, item["label"], source=item.get("source") or "supplement")
        elif entry["kind"] != kind:
            raise BuildError(f"{key}: supplement kind {kind} conflicts with {entry['kind']}")
        label = item.get("label")
        if label and label != entry["label"]:
            old = entry["label"]
            entry["label"] = label
            entry["aliases"] = [a for a in entry["aliases"] if a != label]
            self.add_aliases(entry, [old])
        self.add_aliases(entry, item.get("aliases") or [])
        for field in ("heads", "demonyms"):
            self._extend(entry[field], item.get(field) or [])
        for field in ("parent", "country", "capital"):
            if item.get(field):
                entry[field] = item[field]
        if not entry.get("source"):
            entry["source"] = item.get("source") or "supplement"

    # -- finishing --------------------------------------------------------------

    def finish(self) -> list[dict[str, Any]]:
        """Drop excluded names, add ASCII spellings, check, and return entries sorted by key."""
        out = []
        for key in sorted(self.entries):
            entry = self.entries[key]
            aliases = [a for a in entry["aliases"] if normalise_name(a) not in self.exclude]
            for name in [entry["label"], *aliases]:
                folded = ascii_fold(name)
                if folded != name and folded not in aliases and folded != entry["label"]:
                    aliases.append(folded)
            entry["aliases"] = aliases
            out.append({f: entry[f] for f in FIELDS if entry.get(f) not in (None, [], "")})
        check(out)
        return out


def check(entries: list[dict[str, Any]]) -> None:
    """Raise BuildError listing every inconsistency."""
    problems: list[str] = []
    keys = {e["key"]: e for e in entries}
    if len(keys) != len(entries):
        problems.append("duplicate keys")
    owner: dict[str, str] = {}
    demonym_owner: dict[str, str] = {}
    for e in entries:
        key, kind = e["key"], e["kind"]
        if kind not in KEY_PREFIXES or key.split("/", 1)[0] != KEY_PREFIXES[kind]:
            problems.append(f"{key}: kind {kind} does not fit the key")
        if not re.fullmatch(r"[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*", key):
            problems.append(f"{key}: key is not an ASCII slug")
        for name in [e["label"], *e.get("aliases", [])]:
            if not is_latin(name) or "[sic]" in name or "(" in name or ")" in name:
                problems.append(f"{key}: unusable name {name!r}")
            norm = normalise_name(name)
            if owner.setdefault(norm, key) != key:
                problems.append(f"name {name!r} belongs to both {owner[norm]} and {key}")
        for adjective in e.get("demonyms", []):
            norm = normalise_name(adjective)
            if demonym_owner.setdefault(norm, key) != key:
                problems.append(f"demonym {adjective!r} belongs to both {demonym_owner[norm]} and {key}")
        if e.get("demonyms") and kind != "Country":
            problems.append(f"{key}: only countries have demonyms")
        for field, kinds in (("parent", ("Organisation",)), ("country", ("Country",)), ("capital", ("City",))):
            ref = e.get(field)
            if ref is not None and (ref not in keys or keys[ref]["kind"] not in kinds):
                problems.append(f"{key}: {field} {ref!r} is not a known {'/'.join(kinds)}")
        if e.get("capital") and kind != "Country":
            problems.append(f"{key}: only countries have a capital")
        if e.get("wikidata") and not re.fullmatch(r"Q[1-9][0-9]*", e["wikidata"]):
            problems.append(f"{key}: bad Wikidata ID {e['wikidata']!r}")
        if any(h != h.lower() for h in e.get("heads", [])):
            problems.append(f"{key}: heads must be lower case")
    if problems:
        raise BuildError("gazetteer inconsistencies:\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------
# reading the reference
# ---------------------------------------------------------------------------

def _country_key(name: str | None) -> str | None:
    return f"country/{slug(name)}" if name else None


def _body_key(body: dict[str, Any]) -> str:
    if body["id"] in BODY_KEYS:
        return BODY_KEYS[body["id"]]
    abbreviations = [usable(a) for a in body.get("abbreviations") or []]
    first = next((a for a in abbreviations if a), None)
    return f"org/{slug(first or _value(body.get('official_name')) or body['id'])}"


def add_bodies(b: Builder, reference: dict[str, Any]) -> None:
    for body in reference.get("bodies") or []:
        key = _body_key(body)
        source = f"reference:bodies.{body['id']}"
        label = clean_name(_value(body.get("official_name")))
        if not label:
            raise BuildError(f"{source}: no usable official name")
        names: list[str | None] = []
        secretariat: list[str] = []
        for field in ("abbreviations", "alt_names", "names_in_russian_state_and_other_media_english"):
            for item in body.get(field) or []:
                name = usable(item)
                if name and "secretariat" in name.lower():
                    secretariat.append(name)
                else:
                    names.append(name)
        b.add(key, "Organisation", label, names, source=source, wikidata=accepted_qid(body.get("wikidata")))
        if secretariat:
            b.add(f"{key}-secretariat", "Organisation", secretariat[0], secretariat[1:],
                  source=source, parent=key, heads=["secretariat"])
        add_body_people(b, body, source)


def add_body_people(b: Builder, body: dict[str, Any], source: str) -> None:
    founded = body.get("founded")
    if isinstance(founded, dict):
        for raw in founded.get("initiators") or []:
            m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", raw)
            name, country = (m.group(1), m.group(2)) if m else (raw, None)
            b.add_person(name, f"{source}.founded", country=_country_key(country))
    for row in body.get("heads_of_secretariat") or []:
        country = None if row.get("nationality_confidence") == "unverified" else row.get("nationality")
        b.add_person(row["name"], f"{source}.heads_of_secretariat", country=_country_key(country))
    for row in body.get("presidents") or []:
        b.add_person(row["name"], f"{source}.presidents", aliases=row.get("variants") or [],
                     country=_country_key(row.get("country")))
    for row in body.get("secretaries_general") or []:
        b.add_person(row["name"], f"{source}.secretaries_general")
    vps = body.get("first_vice_presidents_1991")
    for name in (vps or {}).get("value") or []:
        b.add_person(name, f"{source}.first_vice_presidents_1991")
    sg = body.get("secretary_general")
    if isinstance(sg, dict) and sg.get("name"):
        b.add_person(sg["name"], f"{source}.secretary_general")
    for raw in body.get("chairs") or []:
        b.add_person(_PARENS.sub("", raw), f"{source}.chairs")


def leader_names(text: str) -> list[str]:
    """Person names in a presidency 'leader' field.

    "FM Igor Ivanov; CSO chair Ambassador-at-large Alexey A. Obukhov" ->
    ["Igor Ivanov", "Alexey A. Obukhov"].
    """
    names = []
    for part in re.split(r";|,\s*then\b", _PARENS.sub("", text)):
        part = part.strip()
        while (m := _LEADER_TITLE.match(part)):
            part = part[m.end():]
        if _PERSON_NAME.match(part):
            names.append(part)
    return names


def add_people(b: Builder, reference: dict[str, Any]) -> None:
    for person in reference.get("people") or []:
        source = f"reference:people.{person['id']}"
        aliases = [usable(v) for v in person.get("variants") or []]
        aliases.append(usable(person.get("full_name")))
        b.add_person(person["name"], source, key=f"person/{slug(person['id'])}", aliases=aliases,
                     wikidata=accepted_qid(person.get("wikidata")))


def add_presidency_leaders(b: Builder, reference: dict[str, Any]) -> None:
    for row in reference.get("cbss_presidencies") or []:
        for name in leader_names(row.get("leader") or ""):
            b.add_person(name, f"reference:cbss_presidencies.{row['term']}",
                         country=_country_key(row.get("country")))


def add_places(b: Builder, reference: dict[str, Any]) -> None:
    for place in reference.get("places") or []:
        label = clean_name(place.get("preferred"))
        if not label:
            continue
        b.add(f"city/{slug(place['id'])}", "City", label,
              [clean_name(v) for v in place.get("variants") or []],
              source=f"reference:places.{place['id']}",
              wikidata=accepted_qid(place.get("wikidata")),
              country=_country_key(place.get("country")))


def add_countries(b: Builder, reference: dict[str, Any]) -> None:
    table = reference.get("countries") or {}
    for row in table.get("list") or []:
        name = row["country"]
        source = f"reference:countries.{slug(name)}"
        alt_names = [clean_name(n) for n in row.get("alt_names") or []]
        if name in COUNTRY_TABLE_ORGS:
            b.add(COUNTRY_TABLE_ORGS[name], "Organisation", name, alt_names, source=source, wikidata=row.get("qid"))
            continue
        key = _country_key(name)
        capital_key = None
        if row.get("capital"):
            capital_key = f"city/{slug(row['capital'])}"
            b.add(capital_key, "City", row["capital"], row.get("capital_variants") or [],
                  source=f"{source}.capital", wikidata=row.get("capital_qid"), country=key)
        b.add(key, "Country", name, alt_names, source=source, wikidata=row.get("qid"),
              demonyms=[a for a in (row.get("adjective"), row.get("adjective_alt")) if a],
              capital=capital_key)


def build(reference: dict[str, Any], supplement: dict[str, Any]) -> list[dict[str, Any]]:
    """The gazetteer entries (sorted by key) built from the two parsed inputs."""
    exclude = [x["alias"] if isinstance(x, dict) else x for x in supplement.get("exclude_aliases") or []]
    b = Builder(exclude)
    add_countries(b, reference)
    add_places(b, reference)
    add_people(b, reference)  # first, so the people list's keys win when bodies name the same person
    add_bodies(b, reference)
    add_presidency_leaders(b, reference)
    for item in supplement.get("entries") or []:
        b.merge_supplement(item)
    return b.finish()


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block style for entries, flow style for lists of names."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(x, str) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def render(entries: list[dict[str, Any]]) -> str:
    """The text of gazetteer.yaml: the header and ``entries:``."""
    body = yaml.dump({"entries": entries}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=4096, default_flow_style=False)
    return HEADER + body


def read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise BuildError(f"{path}: expected a mapping")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--supplement", type=Path, default=SUPPLEMENT)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output is out of date")
    args = parser.parse_args(argv)
    try:
        text = render(build(read_yaml(args.reference), read_yaml(args.supplement)))
    except BuildError as exc:
        print(f"build_gazetteer: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"build_gazetteer: {args.output} is out of date", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("  kind: "):
            counts[line[8:]] = counts.get(line[8:], 0) + 1
    print(f"wrote {args.output}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
