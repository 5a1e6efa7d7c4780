#!/usr/bin/env python
"""Build ``data/reference/record.yaml``, the reference record, from the reference facts.

Input:
    data/reference/baltic_reference.yaml   sourced facts about the bodies (see NOTES.md beside it)
    data/gazetteer/gazetteer.yaml          the entity keys (``country/russia``, ``org/cbss`` ...)

Output: a normalised list of facts, each with its ``kind``, entity keys, ISO 8601
dates at the precision the reference gives (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``),
``source`` (a list of URLs), ``confidence`` and ``entry`` (where in the reference
it comes from). The kinds:

    chair          who held the chair (presidency) of a body, and when
    membership     a member or observer of a body: role, status (active, suspended,
                   withdrawn) and start/end where known
    status_change  a dated change of a membership: joined, suspended, withdrew,
                   terminated, excluded, ended
    founding       when (and where) a body was founded
    post           a post held by a person ("Director General" of the CBSS)

Only facts whose ``confidence`` is ``verified`` or ``single_source`` are kept
(a label such as "single_source (official ERB site)" counts as its first word);
``inferred`` and ``unverified`` facts never are (Russia's "scheduled" 2023-24 CBSS
presidency, Iceland's projected 2026-27 one). Facts without a label are skipped:
NOTES.md vouches for no unlabelled fact of these kinds. Every name is looked up
in the gazetteer; a fact with a name it cannot resolve is skipped and reported.
Sources that are not URLs ("none", "searched ...") are dropped; a fact with no
URL left is skipped.

Dates:
    * "2022-05-16/17" (two days) keeps the month, "2021-11/12" the year,
      "1999/2000", "≤1993" and "unknown" give no date; a trailing note in
      parentheses is ignored ("2019-10 (XV GC ...)" -> 2019-10).
    * CBSS presidencies: the terms from 1996-97 on run 1 July - 30 June
      (NOTES.md, "CBSS presidencies 1996-97 -> 2025-26 ... run 1 July-30 June"),
      so a missing start or end of such a term is filled from the rule and the
      fact lists it in ``dates_from_rule``. Earlier terms ran from ministerial to
      ministerial (NOTES.md, open point 2): a missing start or end of one of them
      is given to the year only ("1994-1995" -> 1994 .. 1995).
    * A founding member is a member from the founding date.
    * The Baltic Assembly's founding is kept to the year (1991): its day is
      disputed (8 Nov vs 8 Oct 1991, NOTES.md open point 6).

What is skipped, and why, is written under ``skipped:`` in the output and printed
with ``--report``.

Usage::

    python scripts/build_record.py             # write data/reference/record.yaml
    python scripts/build_record.py --check     # exit 1 if the file is out of date
    python scripts/build_record.py -o out.yaml --report
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(ROOT))

from kg.gazetteer import Gazetteer, load_gazetteer  # noqa: E402

REFERENCE = ROOT / "data" / "reference" / "baltic_reference.yaml"
OUTPUT = ROOT / "data" / "reference" / "record.yaml"
REFERENCE_NAME = "data/reference/baltic_reference.yaml"

HEADER = f"""\
# GENERATED FILE - do not edit by hand.
# Built by scripts/build_record.py from {REFERENCE_NAME}
# (entity keys from data/gazetteer/gazetteer.yaml); run `python scripts/build_record.py`
# to rebuild and `python scripts/build_record.py --check` to see whether it is up to date.
# Only facts with confidence verified or single_source are kept. Each fact has a `kind`
# (chair, membership, status_change, founding, post); `who` (holder, member or person),
# `body` and `post_in` are gazetteer keys; `role` is chair/member/observer, `status`
# active/suspended/withdrawn, `event` (status changes) joined/suspended/withdrew/terminated/
# excluded/ended. Dates (`start`, `end`, `date`) are ISO 8601 at the precision the reference
# gives; `dates_from_rule` names those taken from the CBSS 1 July - 30 June term rule.
# `entry` says where in the reference a fact comes from; `skipped` lists the reference
# entries not turned into facts, with the reason.
"""

KINDS = ("chair", "membership", "status_change", "founding", "post")
ACCEPTED = ("verified", "single_source")
FIELD_ORDER = ("id", "kind", "who", "body", "post_in", "title", "role", "status", "event", "start", "end",
               "date", "place", "term", "dates_from_rule", "as_given", "confidence", "source", "entry", "note")

#: event word -> the status it leaves the membership in
EVENT_STATUS = {"joined": "active", "suspended": "suspended", "withdrew": "withdrawn",
                "terminated": "withdrawn", "excluded": "withdrawn", "ended": "withdrawn"}

_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_PARENS = re.compile(r"\s*\([^()]*\)")
_TERM = re.compile(r"^(\d{4})-(\d{4})$")
_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>0[1-9]|1[0-2]))?(?:-(?P<d>0[1-9]|[12]\d|3[01]))?(?P<rest>.*)$")
_RANGE = re.compile(r"^\s*(?P<a>\S+)\s+to\s+(?P<b>\S+)\s*$")
CBSS_RULE_FROM = 1996  # first year of the first term that ran 1 July - 30 June


class BuildError(Exception):
    """The reference cannot be turned into a record."""


# ---------------------------------------------------------------------------
# small readers
# ---------------------------------------------------------------------------

def parse_date(raw: Any) -> str | None:
    """An ISO date at the precision the text supports, or None.

    >>> parse_date("2022-05-16/17"), parse_date("2021-11/12"), parse_date("1999/2000")
    ('2022-05', '2021', None)
    >>> parse_date("2019-10 (XV GC, Kaunas)"), parse_date("1952 (first session 1953)"), parse_date("≤1993")
    ('2019-10', '1952', None)
    """
    if raw is None:
        return None
    text = str(raw).strip()
    m = _ISO.match(text)
    if not m:
        return None
    parts = [m["y"], m["m"], m["d"]]
    rest = m["rest"]
    if rest.startswith("/"):
        # "2022-05-16/17": the last component is uncertain; "1999/2000": nothing is left
        parts = [p for p in parts if p]
        parts.pop()
    elif rest and not rest.startswith((" ", "(")):
        return None
    parts = [p for p in parts if p]
    return "-".join(parts) if parts else None


def confidence_of(item: dict[str, Any]) -> str | None:
    """The item's confidence label, normalised to its first word ("verified (membership)" -> "verified")."""
    raw = item.get("confidence")
    if not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip().split()[0]


def urls(raw: Any) -> list[str]:
    """The URLs among a ``source`` value (a string or a list); other text is dropped."""
    values = raw if isinstance(raw, list) else [raw]
    return sorted({v.strip() for v in values if isinstance(v, str) and _URL.match(v.strip())})


def first(text: str) -> str:
    """The name in "Copenhagen, Denmark (note)" or "Tallinn (regulations); decision ...": "Copenhagen"."""
    text = text.split(";")[0]
    text = _PARENS.sub("", text).strip()
    return text.split(",")[0].strip()


class Recorder:
    """Collects facts and skipped entries."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.facts: list[dict[str, Any]] = []
        self.skipped: list[dict[str, str]] = []
        self.unresolved: set[tuple[str, str]] = set()

    # -- names -------------------------------------------------------------------

    def key(self, name: str | None, entry: str, kinds: tuple[str, ...] | None = None) -> str | None:
        """The gazetteer key of a name (a note in parentheses is dropped), or None (and noted)."""
        if not name:
            return None
        candidates = [name, _PARENS.sub("", name).strip()]
        for candidate in candidates:
            found = self.gaz.lookup(candidate)
            if found is not None and (kinds is None or found.kind in kinds):
                return found.key
        self.unresolved.add((name, entry))
        return None

    def state_key(self, name: str, entry: str) -> str | None:
        """The key of a state or of what stands for it in a body's membership.

        "Russian parliaments", "Russian Federal Assembly" and "Russian regions" are
        Russia's seat in the BSPC or the BSSSC: articles say "Russia left the BSPC",
        so the record keys them ``country/russia`` (the fact keeps the words as_given).
        """
        words = name.split()
        if len(words) > 1 and (country := self.gaz.by_demonym(words[0])) is not None:
            return country.key
        return self.key(name, entry)

    # -- adding --------------------------------------------------------------------

    def skip(self, entry: str, reason: str) -> None:
        self.skipped.append({"entry": entry, "reason": reason})

    def accept(self, item: dict[str, Any], entry: str, *, source: Any = None,
               confidence: str | None = None) -> tuple[str, list[str]] | None:
        """The confidence and URLs of an item, or None (with the reason recorded) when it is not usable."""
        conf = confidence or confidence_of(item)
        if conf is None:
            self.skip(entry, "no confidence label (NOTES.md does not vouch for it)")
            return None
        if conf not in ACCEPTED:
            self.skip(entry, f"confidence {conf}")
            return None
        found = urls(source if source is not None else item.get("source"))
        if not found:
            self.skip(entry, "no source URL")
            return None
        return conf, found

    def add(self, kind: str, entry: str, conf: str, sources: list[str], **fields: Any) -> None:
        fact = {"kind": kind, **{k: v for k, v in fields.items() if v not in (None, [], "")},
                "confidence": conf, "source": sources, "entry": entry}
        self.facts.append(fact)

    # -- finishing -----------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        for fact in self.facts:
            fact["id"] = fact_id(fact)
        ids = Counter(f["id"] for f in self.facts)
        seen: Counter = Counter()
        for fact in sorted(self.facts, key=lambda f: f["entry"]):
            if ids[fact["id"]] > 1:
                seen[fact["id"]] += 1
                fact["id"] = f"{fact['id']}#{seen[fact['id']]}"
        facts = sorted(self.facts, key=sort_key)
        for fact in facts:
            check_fact(fact)
        ordered = [{k: fact[k] for k in FIELD_ORDER if k in fact} for fact in facts]
        skipped = sorted(self.skipped, key=lambda s: (s["entry"], s["reason"]))
        skipped += [{"entry": entry, "reason": f"name not in the gazetteer: {name!r}"}
                    for name, entry in sorted(self.unresolved, key=lambda x: (x[1], x[0]))]
        return {"facts": ordered, "skipped": skipped}


def fact_id(fact: dict[str, Any]) -> str:
    """A stable, readable identifier: ``chair/cbss/finland/2023-07-01``."""
    def tail(key: str | None) -> str:
        return key.split("/", 1)[1] if key else "-"

    parts = [fact["kind"].replace("_", "-"), tail(fact.get("body") or fact.get("post_in"))]
    if fact["kind"] != "founding":
        parts.append(tail(fact.get("who")))
    if fact["kind"] in ("membership", "status_change"):
        parts.append(fact.get("role", "member"))
    if fact["kind"] == "status_change":
        parts.append(fact["event"])
    when = fact.get("date") or fact.get("start") or fact.get("end")
    if fact["kind"] == "membership" and not when:
        when = fact.get("status") or "undated"
    parts.append(when or "undated")
    return "/".join(parts)


def sort_key(fact: dict[str, Any]) -> tuple:
    when = fact.get("date") or fact.get("start") or fact.get("end") or ""
    return (KINDS.index(fact["kind"]), fact.get("body") or fact.get("post_in") or "", when,
            fact.get("who") or "", fact["id"])


def check_fact(fact: dict[str, Any]) -> None:
    """Raise BuildError when a fact lacks what its kind needs."""
    need = {"chair": ("who", "body"), "membership": ("who", "body", "role"),
            "status_change": ("who", "body", "role", "event", "date"), "founding": ("body", "date"),
            "post": ("who", "title", "post_in")}[fact["kind"]]
    missing = [f for f in need if not fact.get(f)]
    if missing:
        raise BuildError(f"{fact['entry']}: {fact['kind']} without {', '.join(missing)}")
    for field in ("start", "end", "date"):
        value = fact.get(field)
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise BuildError(f"{fact['entry']}: bad {field} {value!r}")
    if fact.get("start") and fact.get("end") and fact["start"][:len(fact["end"])] > fact["end"][:len(fact["start"])]:
        raise BuildError(f"{fact['entry']}: ends before it starts")


# ---------------------------------------------------------------------------
# the sections of the reference
# ---------------------------------------------------------------------------

def body_key(r: Recorder, body: dict[str, Any]) -> str | None:
    names = [(body.get("official_name") or {}).get("value")]
    names += [a.get("value") for a in body.get("abbreviations") or [] if isinstance(a, dict)]
    for name in names:
        if name:
            found = r.gaz.lookup(name) or r.gaz.lookup(_PARENS.sub("", name).strip())
            if found is not None and found.kind == "Organisation":
                return found.key
    r.unresolved.add((str(names[0]), f"bodies.{body['id']}"))
    return None


def read_bodies(r: Recorder, reference: dict[str, Any]) -> dict[str, str]:
    """Every body's facts; returns reference id -> body key."""
    keys: dict[str, str] = {}
    for body in reference.get("bodies") or []:
        where = f"bodies.{body['id']}"
        key = body_key(r, body)
        if key is None:
            r.skip(where, "body not in the gazetteer")
            continue
        keys[body["id"]] = key
        founded = read_founding(r, body, key, where)
        read_member_lists(r, body, key, where, founded)
        read_membership_events(r, body, key, where)
        read_russia_events(r, body, key, where)
        read_ubc(r, body, key, where)
        read_posts(r, body, key, where)
        for field in ("member_count_history", "member_countries_current", "member_countries",
                      "first_vice_presidents_1991", "secretary_general", "chairs", "dissolved",
                      "russian_members", "russian_links", "current_status", "russian_heads_of_secretariat"):
            if field in body:
                r.skip(f"{where}.{field}", _NOT_A_FACT.get(field, "not one of the record's kinds"))
    return keys


_NOT_A_FACT = {
    "member_count_history": "member counts, not memberships",
    "member_countries_current": "countries of the member cities, not members",
    "member_countries": "countries of the member regions, not members",
    "first_vice_presidents_1991": "no confidence label (NOTES.md does not vouch for it)",
    "secretary_general": "no confidence label (NOTES.md does not vouch for it)",
    "chairs": "free text without dates or confidence label",
    "dissolved": "a dissolution, not one of the record's kinds",
    "russian_members": "states that there are none",
    "russian_links": "not a membership",
    "current_status": "unknown",
    "russian_heads_of_secretariat": "states that there are none",
}


def read_founding(r: Recorder, body: dict[str, Any], key: str, where: str) -> str | None:
    founded = body.get("founded")
    entry = f"{where}.founded"
    if not isinstance(founded, dict):
        return None
    accepted = r.accept(founded, entry)
    if accepted is None:
        return None
    date = parse_date(founded.get("date"))
    note = None
    if body["id"] == "BalticAssembly" and date:
        date, note = date[:4], "day disputed (8 Nov vs 8 Oct 1991, NOTES.md open point 6): kept to the year"
    if date is None:
        r.skip(entry, f"no readable date in {founded.get('date')!r}")
        return None
    place = founded.get("place")
    place_key = None
    if isinstance(place, str) and place.strip() and place.strip() != "unknown":
        name = first(place)
        found = r.gaz.lookup(name)
        if found is not None and found.kind in ("City", "Region", "Country"):
            place_key = found.key
        else:
            note = "; ".join(x for x in (note, f"place not in the gazetteer: {place!r}") if x)
    r.add("founding", entry, *accepted, body=key, date=date, place=place_key, note=note)
    return date


def _member_names(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def read_member_lists(r: Recorder, body: dict[str, Any], key: str, where: str, founded: str | None) -> None:
    # CBSS: current members, founding members, observers
    for field, role, founding in (("members_current", "member", False), ("members_founding_1992", "member", True),
                                  ("observers", "observer", False), ("members", "member", False)):
        block = body.get(field)
        if block is None:
            continue
        entry = f"{where}.{field}"
        names = _member_names(block.get("value")) if isinstance(block, dict) else None
        if names is None:
            r.skip(entry, "free text or a structure without a plain list of members")
            continue
        accepted = r.accept(block, entry)
        if accepted is None:
            continue
        for raw in names:
            m = re.match(r"^(?P<name>[^(]+?)\s*\(suspended (?P<year>\d{4})\)$", raw)
            name = m["name"] if m else raw
            who = r.key(name, entry)
            if who is None:
                continue
            if founding:
                r.add("membership", entry, *accepted, who=who, body=key, role=role, start=founded,
                      note="founding member: a member from the founding date")
            elif m:
                r.add("membership", entry, *accepted, who=who, body=key, role=role, status="suspended",
                      end=m["year"], as_given=raw)
            else:
                r.add("membership", entry, *accepted, who=who, body=key, role=role, status="active",
                      note="member when the reference was compiled" if role == "member" else
                      "observer when the reference was compiled")


def read_membership_events(r: Recorder, body: dict[str, Any], key: str, where: str) -> None:
    for i, item in enumerate(body.get("membership_events") or []):
        entry = f"{where}.membership_events[{i}]"
        accepted = r.accept(item, entry)
        if accepted is None:
            continue
        event = {"joined": "joined", "suspended": "suspended", "withdrew": "withdrew"}.get(str(item.get("event")))
        date = parse_date(item.get("date"))
        who = r.key(item.get("member"), entry)
        if event is None or date is None or who is None:
            if event is None or date is None:
                r.skip(entry, "not a dated join, suspension or withdrawal")
            continue
        r.add("status_change", entry, *accepted, who=who, body=key, role=item.get("role") or "member",
              event=event, status=EVENT_STATUS[event], date=date, note=item.get("note"))


# Patterns for the free-text ``russia_events``: only clear, dated suspensions,
# withdrawals and chairmanships are read; anything else is skipped.
_EVENT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<who>Russia|Russian Federation) chairs\b"), "chair"),
    (re.compile(r"\bchair passes to (?P<who>[A-Z][a-z]+) for (?P<y1>\d{4})-(?P<y2>\d{4})\b"), "chair-from"),
    (re.compile(r"^(?P<who>Russia|Russian \w+(?: \w+)?) (?:decides to )?withdraws?\b"), "withdrew"),
    (re.compile(r"^(?P<who>Russian \w+|Russia|[A-Z]\w+ Oblast) suspended\b"), "suspended"),
    (re.compile(r"\bsuspend all \w+ activities involving (?P<who>[A-Z]\w+(?: and [A-Z]\w+)*)$"), "suspended"),
    (re.compile(r"^(?P<who>Russian \w+) excluded\b"), "excluded"),
    (re.compile(r"\bcooperation with (?P<who>Russia) ended\b"), "ended"),
)


def read_russia_events(r: Recorder, body: dict[str, Any], key: str, where: str) -> None:
    for i, item in enumerate(body.get("russia_events") or []):
        entry = f"{where}.russia_events[{i}]"
        text = str(item.get("event") or "")
        match = None
        for pattern, what in _EVENT_PATTERNS:
            if m := pattern.search(text):
                match = (m, what)
                break
        if match is None:
            r.skip(entry, "not a clear suspension, withdrawal or chairmanship of a member")
            continue
        accepted = r.accept(item, entry)
        if accepted is None:
            continue
        m, what = match
        names = re.split(r"\s+and\s+", m["who"])
        raw_date = str(item.get("date") or "")
        if what == "chair":
            rng = _RANGE.match(raw_date)
            start, end = (parse_date(rng["a"]), parse_date(rng["b"])) if rng else (None, None)
            if start is None and end is None:
                r.skip(entry, f"no readable dates in {raw_date!r}")
                continue
            if (who := r.state_key(names[0], entry)) is not None:
                r.add("chair", entry, *accepted, who=who, body=key, start=start, end=end, as_given=text)
            continue
        date = parse_date(raw_date)
        if date is None:
            r.skip(entry, f"no readable date in {raw_date!r}")
            continue
        if what == "chair-from":
            if (who := r.state_key(names[0], entry)) is not None:
                r.add("chair", entry, *accepted, who=who, body=key, start=date, end=m["y2"], as_given=text)
            continue
        members = body.get("members") if isinstance(body.get("members"), dict) else {}
        observers = set(members.get("observer") or [])
        for name in names:
            who = r.state_key(name, entry)
            if who is None:
                continue
            r.add("status_change", entry, *accepted, who=who, body=key,
                  role="observer" if name in observers else "member", event=what, status=EVENT_STATUS[what],
                  date=date, as_given=text)


def read_ubc(r: Recorder, body: dict[str, Any], key: str, where: str) -> None:
    for i, item in enumerate(body.get("russian_member_cities") or []):
        entry = f"{where}.russian_member_cities[{i}]"
        accepted = r.accept(item, entry)
        if accepted is None:
            continue
        who = r.key(item.get("city"), entry, ("City",))
        if who is None:
            continue
        start, end = parse_date(item.get("start")), parse_date(item.get("end"))
        status = "withdrawn" if end and "terminated" in str(item.get("status")) else None
        note = str(item.get("status") or "")
        for field, value in (("start", item.get("start")), ("end", item.get("end"))):
            if value is not None and parse_date(value) is None:
                note += f"; {field} {value!r} not read as a date"
        r.add("membership", entry, *accepted, who=who, body=key, role="member", start=start, end=end,
              status=status, note=note or None)
    term = body.get("russian_membership_termination")
    if isinstance(term, dict):
        entry = f"{where}.russian_membership_termination"
        accepted = r.accept(term, entry)
        m = re.search(r"\(([^()]*) were the remaining ones\)", str(term.get("what") or ""))
        date = parse_date(term.get("date"))
        if accepted is not None and (m is None or date is None):
            r.skip(entry, "cities or date not readable")
        elif accepted is not None:
            for name in re.split(r"\s+and\s+|,\s*", m.group(1)):
                if (who := r.key(name, entry, ("City",))) is not None:
                    r.add("status_change", entry, *accepted, who=who, body=key, role="member", event="terminated",
                          status="withdrawn", date=date, note=f"exact date unknown: {term.get('date')}")
    for i, item in enumerate(body.get("presidents") or []):
        entry = f"{where}.presidents[{i}]"
        accepted = r.accept(item, entry)
        if accepted is None:
            continue
        if (who := r.key(item.get("name"), entry, ("Person",))) is not None:
            r.add("chair", entry, *accepted, who=who, body=key, start=parse_date(item.get("start")),
                  end=parse_date(item.get("end")), note="President of the body")


def read_posts(r: Recorder, body: dict[str, Any], key: str, where: str) -> None:
    rows = [("heads_of_secretariat", "Director General"), ("secretaries_general", "Secretary General")]
    for field, title in rows:
        for i, item in enumerate(body.get(field) or []):
            entry = f"{where}.{field}[{i}]"
            accepted = r.accept(item, entry)
            if accepted is None:
                continue
            if (who := r.key(item.get("name"), entry, ("Person",))) is None:
                continue
            note = None
            for name in ("start", "end"):
                value = item.get(name)
                if value is not None and parse_date(value) is None:
                    note = f"{name} {value!r} not read as a date"
            r.add("post", entry, *accepted, who=who, title=title, post_in=key, start=parse_date(item.get("start")),
                  end=parse_date(item.get("end")), note=note)


def read_cbss_presidencies(r: Recorder, reference: dict[str, Any], cbss: str) -> None:
    for item in reference.get("cbss_presidencies") or []:
        entry = f"cbss_presidencies[{item.get('term')}]"
        accepted = r.accept(item, entry)
        if accepted is None:
            continue
        m = _TERM.match(str(item.get("term")))
        if m is None:
            r.skip(entry, "term is not YYYY-YYYY")
            continue
        y1, y2 = m.groups()
        start, end = parse_date(item.get("start")), parse_date(item.get("end"))
        from_rule = []
        if int(y1) >= CBSS_RULE_FROM:
            if start is None:
                start, from_rule = f"{y1}-07-01", [*from_rule, "start"]
            if end is None:
                end, from_rule = f"{y2}-06-30", [*from_rule, "end"]
        else:
            start, end = start or y1, end or y2
        if (who := r.key(item.get("country"), entry)) is not None:
            r.add("chair", entry, *accepted, who=who, body=cbss, start=start, end=end, term=item["term"],
                  dates_from_rule=from_rule, note=item.get("note"))


def read_people(r: Recorder, reference: dict[str, Any]) -> None:
    for person in reference.get("people") or []:
        where = f"people.{person['id']}"
        positions = person.get("positions")
        if person.get("see"):
            r.skip(where, f"repeats {person['see']}")
            continue
        if not positions:
            r.skip(where, "a role in free text, not a dated post or chairmanship")
            continue
        who = r.key(person.get("name"), where, ("Person",))
        if who is None:
            continue
        for i, item in enumerate(positions):
            entry = f"{where}.positions[{i}]"
            accepted = r.accept(item, entry)
            if accepted is None:
                continue
            post = str(item.get("post") or "")
            chair = re.match(r"^Chair, (?P<body>[^(]+?)\s*(?:\(|$)", post)
            minister = re.match(r"^(?P<title>Minister of Foreign Affairs) of (?:the )?(?P<of>.+)$", post)
            if not chair and not minister:
                r.skip(entry, "post not read (only ministers of foreign affairs and chairs are)")
                continue
            start, end = parse_date(item.get("start")), parse_date(item.get("end"))
            if chair:
                if (body := r.key(chair["body"], entry, ("Organisation",))) is not None:
                    r.add("chair", entry, *accepted, who=who, body=body, start=start, end=end, as_given=post)
            elif (of := r.key(minister["of"], entry, ("Country",))) is not None:
                r.add("post", entry, *accepted, who=who, title=minister["title"], post_in=of, start=start, end=end)


def build_record(reference: dict[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    """The record (``{"facts": [...], "skipped": [...]}``) of a parsed reference."""
    r = Recorder(gazetteer)
    keys = read_bodies(r, reference)
    if "CBSS" not in keys:
        raise BuildError("the reference has no CBSS body")
    read_cbss_presidencies(r, reference, keys["CBSS"])
    read_people(r, reference)
    for section, reason in (
        ("russia_scheduled_presidency", "confidence inferred"),
        ("russia_cbss_timeline", "repeats membership_events and cbss_presidencies, or is not a membership fact"),
        ("places", "names, not facts"), ("countries", "names, not facts"),
        ("capital_metonyms", "names, not facts"), ("wikidata_properties", "vocabulary, not facts"),
        ("org_ontology", "vocabulary, not facts"),
    ):
        if section in reference:
            r.skip(section, reason)
    return r.finish()


def dump(record: dict[str, Any]) -> str:
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="where to write (default: %(default)s)")
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="the reference YAML")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    parser.add_argument("--report", action="store_true", help="print the counts and the skipped entries")
    args = parser.parse_args(argv)
    try:
        reference = yaml.safe_load(args.reference.read_text(encoding="utf-8"))
        record = build_record(reference, load_gazetteer())
    except (OSError, yaml.YAMLError, BuildError) as exc:
        print(f"build_record: {exc}", file=sys.stderr)
        return 2
    text = dump(record)
    if args.report:
        counts = Counter(f["kind"] for f in record["facts"])
        print(f"{len(record['facts'])} facts: " + ", ".join(f"{counts[k]} {k}" for k in KINDS), file=sys.stderr)
        for item in record["skipped"]:
            print(f"  skipped {item['entry']}: {item['reason']}", file=sys.stderr)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
        if current != text:
            print(f"{args.output} is out of date: run python scripts/build_record.py", file=sys.stderr)
            return 1
        return 0
    tmp = args.output.with_name(f".{args.output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
