"""Score a built graph against gold facts written by hand (``kg eval``).

>>> from kg.evaluate import evaluate
>>> report = evaluate("out/graph.ttl", "gold/")      # doctest: +SKIP
>>> report.entity_f1, report.relation_f1             # doctest: +SKIP
>>> print(report.format(verbose=True))               # doctest: +SKIP

Gold files are YAML, one per article, with the keys ``entities``, ``posts``,
``chairmanships``, ``memberships``, ``participations`` and ``statements``
(the format of the project's development set; see :func:`load_gold`).

The rules are those of the project's evaluation script ``eval/score.py``, so the
two give the same numbers on the same graph and gold:

- The graph is read through the terms of the ontology contract only.
- What is scored is a *set*: a fact told by three articles is one gold fact, and
  a fact the graph holds three times is one prediction.
- Names match after normalisation (:func:`norm`: diacritics and case folded,
  punctuation dropped, a leading "the" removed). An entity matches a gold entity
  when one of its names (``rdfs:label``, ``skos:altLabel``) equals one of the
  gold names (label and aliases, merged over all gold files by label).
- Matching is one to one and greedy, in gold order; among the candidates of a
  gold item, one that also agrees on the details goes first.
- Gold marked ``optional: true`` is neither a miss nor, when found, a false
  positive (a prediction that matches only optional gold is not counted).
- Entities are scored per kind: Person, Organisation, Country, City, Event and
  Region (a node typed Region that is also a Country or City counts only as
  those). A place named only in an article's dateline is not an entity.
- Chairmanships (``org:role bkg:Chair``) match on chair and body; their start
  and end dates are then compared at the gold's precision ("2024" accepts any
  day of 2024, "2024-07" any day of July) and full dates may differ by one day;
  ``modality: planned`` must match ``bkg:Planned``.
- Memberships (every other ``org:Membership``) match on member and body; role,
  status (``active`` also accepts no status) and planned modality are scored
  apart.
- Posts match on person, one of the gold titles (``post`` may be a list) and,
  when given, ``of``.
- Participations match on participant and event.
- Statements match on speaker, with the normalised ``quote_start`` contained in
  the normalised quotation.

The headline is the micro-averaged F1 of the entity rows and of the relation rows.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from rdflib import Dataset, Graph, Namespace
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from kg.errors import KGError, StoreError

__all__ = ["EvalReport", "Row", "GoldError", "evaluate", "load_gold", "norm", "same_date"]

ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SDO = Namespace("https://schema.org/")
BKG = Namespace("https://w3id.org/baltic-kg/ontology#")

TYPES = {
    "Person": FOAF.Person,
    "Organisation": ORG.FormalOrganization,
    "Country": SDO.Country,
    "City": SDO.City,
    "Event": SDO.Event,
    "Region": SDO.AdministrativeArea,  # counted only when not also a Country or City
}
ROLES = {"member": BKG.Member, "observer": BKG.Observer, "contracting_party": BKG.Member, "party_member": BKG.Member}
STATUS = {"active": BKG.Active, "suspended": BKG.Suspended, "withdrawn": BKG.Withdrawn}
DATE_PROPS = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTime)
GOLD_LISTS = ("entities", "posts", "chairmanships", "memberships", "participations", "statements")
_REQUIRED = {
    "entities": ("label",),
    "posts": ("person", "post"),
    "chairmanships": ("chair", "body"),
    "memberships": ("member", "body"),
    "participations": ("participant", "event"),
    "statements": ("speaker", "quote_start"),
}


class GoldError(KGError):
    """A gold file that cannot be read or does not follow the gold format."""


# ---------------------------------------------------------------- names and dates

def norm(text) -> str:
    """A name as the scorer compares it: ASCII, lower case, punctuation dropped, no leading "the"."""
    text = str(text).replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[\[\]\"]", "", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    text = re.sub(r"^(the) ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def same_date(gold, pred: str | None) -> bool:
    """Gold "2024" or "2024-07" accepts any date inside it; full dates may differ by one day
    (a handover day is both the old chair's end and the new chair's start). No gold date
    matches only no predicted date."""
    gold = None if gold is None else str(gold)
    if gold is None or pred is None:
        return gold is None and pred is None
    if len(gold) < 10:
        return pred.startswith(gold)
    if len(pred) < 10:
        return False
    try:
        return abs((date.fromisoformat(gold) - date.fromisoformat(pred[:10])).days) <= 1
    except ValueError:
        return False


# ---------------------------------------------------------------- reading

def _as_graph(graph) -> Graph:
    """A path (file or `kg build` folder), Graph or Dataset as one Graph (the union of named graphs)."""
    if isinstance(graph, (str, Path)):
        from kg.store import load_graph

        return load_graph(graph)
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(graph, Graph):
        return graph
    raise TypeError(f"expected a path, rdflib Graph or Dataset, not {type(graph).__name__}")


def _check_doc(doc, source: str) -> dict:
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise GoldError(f"{source}: a gold file must be a mapping with {', '.join(GOLD_LISTS)}")
    for key in GOLD_LISTS:
        items = doc.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise GoldError(f"{source}: `{key}` must be a list")
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise GoldError(f"{source}: {key} item {i} must be a mapping, not {item!r}")
            missing = [k for k in _REQUIRED[key] if k not in item]
            if missing:
                raise GoldError(f"{source}: {key} item {i} has no {', '.join(missing)}: {item}")
            if key == "entities" and item.get("aliases") is not None and not isinstance(item["aliases"], list):
                raise GoldError(f"{source}: entities item {i} ({item['label']}): `aliases` must be a list")
    return doc


def load_gold(path: Path | str) -> list[dict]:
    """The gold documents of a YAML file, or of every ``*.yaml`` / ``*.yml`` file in a folder (sorted by name).

    Each document is a mapping; the lists it may hold, and their required keys:

    - ``entities``: ``label``, ``type`` (Person, Organisation, Country, City, Event,
      Region), ``aliases``, ``optional``, ``date`` (events)
    - ``posts``: ``person``, ``post`` (a title or a list of acceptable titles), ``of``
    - ``chairmanships``: ``chair``, ``body``, ``start``, ``end``, ``modality`` (``planned``)
    - ``memberships``: ``member``, ``body``, ``role``, ``status``, ``date``
    - ``participations``: ``participant``, ``event``
    - ``statements``: ``speaker``, ``quote_start``, ``date``

    Raises:
        StoreError: no such file or folder, or a folder without gold files.
        GoldError: a file that is not YAML or not in the gold format.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise StoreError(f"{path}: no gold files (*.yaml) in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise StoreError(f"{path}: no such file or folder")
    docs = []
    for f in files:
        try:
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{f}: cannot read: {exc}") from exc
        except yaml.YAMLError as exc:
            raise GoldError(f"{f}: not valid YAML: {exc}") from exc
        docs.append(_check_doc(doc, str(f)))
    return docs


# ---------------------------------------------------------------- matching

class _Names:
    """Normalised names of graph nodes and of gold entities."""

    def __init__(self, g: Graph, gold: list[dict]):
        self.g = g
        self.gold_names: dict[str, set[str]] = {}
        for doc in gold:
            for e in doc.get("entities") or []:
                names = {norm(e["label"])} | {norm(a) for a in e.get("aliases") or []}
                self.gold_names.setdefault(norm(e["label"]), set()).update(names)
        self._cache: dict = {}

    def of_node(self, node) -> set[str]:
        if node not in self._cache:
            names = {norm(o) for o in self.g.objects(node, RDFS.label)}
            names |= {norm(o) for o in self.g.objects(node, SKOS.altLabel)}
            self._cache[node] = names
        return self._cache[node]

    def of_gold(self, label) -> set[str]:
        return self.gold_names.get(norm(label), {norm(label)})

    def same(self, node, label) -> bool:
        return node is not None and label is not None and bool(self.of_node(node) & self.of_gold(label))

    def label(self, node) -> str:
        """The node's label for messages (its IRI when it has none)."""
        if node is None:
            return "?"
        labels = sorted(str(o) for o in self.g.objects(node, RDFS.label))
        return labels[0] if labels else str(node)


def _interval_dates(g: Graph, m) -> tuple[str | None, str | None]:
    start = end = None
    for i in g.objects(m, ORG.memberDuring):
        for b in g.objects(i, TIME.hasBeginning):
            for p in DATE_PROPS:
                start = start or next((str(v)[:10] for v in g.objects(b, p)), None)
        for e in g.objects(i, TIME.hasEnd):
            for p in DATE_PROPS:
                end = end or next((str(v)[:10] for v in g.objects(e, p)), None)
    return start, end


def _dateline_only(g: Graph, node) -> bool:
    """A place named only by an article's dateline is metadata, not a fact read from the text."""
    used = {p for _, p in g.subject_predicates(node)}
    return bool(used) and used <= {SDO.locationCreated}


def _unique(items, key):
    """Distinct items by key, first one kept. A gold item is optional only if every occurrence is."""
    first: dict = {}
    required: set = set()
    for it in items:
        k = key(it)
        first.setdefault(k, it)
        if not (isinstance(it, dict) and it.get("optional")):
            required.add(k)
    out = []
    for k, it in first.items():
        if isinstance(it, dict) and it.get("optional") and k in required:
            it = {**it, "optional": False}
        out.append(it)
    return out


def _one_to_one(gold_items, preds, same, prefer):
    """Greedy one-to-one matching in gold order; among candidates, one that also agrees on details goes first.
    Returns the matched (gold, prediction index) pairs and the gold items left unmatched."""
    used: set[int] = set()
    pairs, misses = [], []
    for gi in gold_items:
        cands = [i for i, p in enumerate(preds) if i not in used and same(gi, p)]
        cands.sort(key=lambda i: not prefer(gi, preds[i]))
        if cands:
            used.add(cands[0])
            pairs.append((gi, cands[0]))
        else:
            misses.append(gi)
    return pairs, misses


def _prf(gold: int, pred: int, hit: int) -> tuple[float, float, float]:
    p = hit / pred if pred else (1.0 if not gold else 0.0)
    r = hit / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ---------------------------------------------------------------- the report

@dataclass(frozen=True)
class Row:
    """One line of the table: gold items, predictions and matches, with precision, recall and F1."""

    what: str
    gold: int
    pred: int
    hit: int

    @property
    def precision(self) -> float:
        return _prf(self.gold, self.pred, self.hit)[0]

    @property
    def recall(self) -> float:
        return _prf(self.gold, self.pred, self.hit)[1]

    @property
    def f1(self) -> float:
        return _prf(self.gold, self.pred, self.hit)[2]

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "gold": self.gold, "pred": self.pred, "hit": self.hit,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalReport:
    """The scores of a graph against gold facts.

    Attributes:
        rows: one :class:`Row` per kind, in table order (``entity:Person`` ...
            ``relation:statements``).
        details: for each detail checked on matched pairs ("chairmanship start+end",
            "chairmanship modality", "membership role", "membership status",
            "membership modality"), ``(correct, checked)``.
        missed: per row, the gold items no prediction matched, as readable lines.
        wrong: per row, the predictions that matched no gold (false positives), as readable lines.
        split: gold entities that several graph nodes name (one real thing, two nodes).
        merged: graph nodes that name several gold entities (two real things, one node).
    """

    rows: dict[str, Row] = field(default_factory=dict)
    details: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: dict[str, list[str]] = field(default_factory=dict)
    wrong: dict[str, list[str]] = field(default_factory=dict)
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    def _micro(self, prefix: str, what: str) -> Row:
        rows = [r for name, r in self.rows.items() if name.startswith(prefix)]
        return Row(what, sum(r.gold for r in rows), sum(r.pred for r in rows), sum(r.hit for r in rows))

    @property
    def entities(self) -> Row:
        """Micro average over the entity rows."""
        return self._micro("entit", "entities (micro)")

    @property
    def relations(self) -> Row:
        """Micro average over the relation rows."""
        return self._micro("relation", "relations (micro)")

    @property
    def entity_f1(self) -> float:
        return self.entities.f1

    @property
    def relation_f1(self) -> float:
        return self.relations.f1

    def accuracy(self, detail: str) -> float | None:
        """The share of matched pairs that got a detail right (None when none was checked)."""
        ok, n = self.details.get(detail, (0, 0))
        return ok / n if n else None

    @property
    def headline(self) -> str:
        return f"entity F1 {self.entity_f1:.2f}, relation F1 {self.relation_f1:.2f}"

    def as_dict(self, verbose: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rows": [r.as_dict() for r in self.rows.values()],
            "micro": {"entities": self.entities.as_dict(), "relations": self.relations.as_dict()},
            "details": {name: {"correct": ok, "checked": n, "accuracy": round(ok / n, 4) if n else None}
                        for name, (ok, n) in self.details.items()},
            "entity_f1": round(self.entity_f1, 4),
            "relation_f1": round(self.relation_f1, 4),
            "headline": self.headline,
        }
        out["entity_resolution"] = {"split": self.split, "merged": self.merged}
        if verbose:
            out["missed"] = {k: v for k, v in self.missed.items() if v}
            out["wrong"] = {k: v for k, v in self.wrong.items() if v}
        return out

    def format(self, verbose: bool = False) -> str:
        """The table of ``eval/score.py`` (what, gold, pred, P, R, F1), the detail counts and the headline;
        with ``verbose``, each row is followed by its missed gold items and wrong predictions."""
        lines = [f"{'what':28} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]

        def line(r: Row) -> str:
            return f"{r.what:28} {r.gold:5d} {r.pred:5d} {r.precision:6.2f} {r.recall:6.2f} {r.f1:6.2f}"

        for name, row in self.rows.items():
            lines.append(line(row))
            if verbose:
                lines.extend(f"    missed: {m}" for m in self.missed.get(name, []))
                lines.extend(f"    wrong:  {w}" for w in self.wrong.get(name, []))
        lines.append(line(self.entities))
        lines.append(line(self.relations))
        for name, (ok, n) in self.details.items():
            lines.append(f"{name + ' correct':40} {ok}/{n}")
        lines.append(f"{'entities split over nodes':40} {len(self.split)}")
        lines.append(f"{'nodes merging entities':40} {len(self.merged)}")
        if verbose:
            lines.extend(f"    split:  {x}" for x in self.split)
            lines.extend(f"    merged: {x}" for x in self.merged)
        lines.append(self.headline)
        return "\n".join(lines)

    def to_json(self, verbose: bool = False) -> str:
        return json.dumps(self.as_dict(verbose), indent=2, ensure_ascii=False)


def _resolution(report: EvalReport, g: Graph, names: _Names) -> None:
    """One node per real thing: gold entities named by several nodes, nodes naming several gold entities."""
    nodes = sorted({n for cls in TYPES.values() for n in g.subjects(RDF.type, cls) if not _dateline_only(g, n)},
                   key=str)
    for label, gold_names in sorted(names.gold_names.items()):
        hits = [n for n in nodes if names.of_node(n) & gold_names]
        if len(hits) > 1:
            report.split.append(f"{label}: " + ", ".join(f"{names.label(n)} <{n}>" for n in hits))
    for n in nodes:
        found = sorted(label for label, gold_names in names.gold_names.items() if names.of_node(n) & gold_names)
        if len(found) > 1:
            report.merged.append(f"{names.label(n)} <{n}>: " + ", ".join(found))


class _Scorer:
    def __init__(self):
        self.report = EvalReport()

    def score(self, name: str, gold_items: list, preds: list, same: Callable, describe: Callable,
              describe_pred: Callable, prefer: Callable = lambda g, p: True) -> list[tuple]:
        """Set optional gold aside, match one to one, record the row; returns the matched (gold, pred) pairs."""
        required = [x for x in gold_items if not (isinstance(x, dict) and x.get("optional"))]
        optional = [x for x in gold_items if isinstance(x, dict) and x.get("optional")]
        pairs, misses = _one_to_one(required, preds, same, prefer)
        matched = {i for _, i in pairs}
        # a prediction that only matches optional gold is neither right nor wrong
        counted = [i for i, p in enumerate(preds) if i in matched or not any(same(o, p) for o in optional)]
        self.report.rows[name] = Row(name, len(required), len(counted), len(pairs))
        self.report.missed[name] = [describe(m) for m in misses]
        self.report.wrong[name] = sorted(describe_pred(preds[i]) for i in counted if i not in matched)
        return [(gi, preds[i]) for gi, i in pairs]

    def detail(self, name: str, ok: bool) -> None:
        good, n = self.report.details.get(name, (0, 0))
        self.report.details[name] = (good + bool(ok), n + 1)


# ---------------------------------------------------------------- evaluate

def evaluate(graph, gold: Path | str | Iterable[dict]) -> EvalReport:
    """Score a graph against gold facts.

    Args:
        graph: an rdflib Graph or Dataset (a Dataset is read as the union of its
            graphs), or the path of a graph file (.ttl, .trig, ...) or of a folder
            written by ``kg build``.
        gold: a gold YAML file, a folder of them, or gold documents already loaded.

    Returns:
        An :class:`EvalReport`.

    Raises:
        StoreError: a graph or gold path that does not exist or cannot be read.
        GoldError: gold that does not follow the format.
    """
    g = _as_graph(graph)
    if isinstance(gold, (str, Path)):
        docs = load_gold(gold)
    else:
        docs = [_check_doc(d, f"gold document {i}") for i, d in enumerate(gold, 1)]
    names = _Names(g, docs)
    sc = _Scorer()
    lab = names.label

    # Entities, per kind: gold as distinct labels, predictions as nodes.
    for kind, cls in TYPES.items():
        gold_ents = _unique([e for d in docs for e in d.get("entities") or [] if e.get("type") == kind],
                            key=lambda e: norm(e["label"]))
        nodes = sorted({n for n in g.subjects(RDF.type, cls) if not _dateline_only(g, n)}, key=str)
        if kind == "Region":
            nodes = [n for n in nodes if (n, RDF.type, SDO.Country) not in g and (n, RDF.type, SDO.City) not in g]
        sc.score(f"entity:{kind}", gold_ents, nodes, lambda e, n: names.same(n, e["label"]),
                 lambda e: str(e["label"]), lambda n: f"{lab(n)} <{n}>")

    _resolution(sc.report, g, names)

    # Chairmanships and memberships: n-ary org:Membership nodes.
    memberships = []
    for m in sorted(set(g.subjects(RDF.type, ORG.Membership)), key=str):
        start, end = _interval_dates(g, m)
        for who in sorted(g.objects(m, ORG.member), key=str):
            for body in sorted(g.objects(m, ORG.organization), key=str):
                memberships.append({"who": who, "body": body, "start": start, "end": end,
                                    "roles": frozenset(g.objects(m, ORG.role)),
                                    "status": frozenset(g.objects(m, BKG.status)),
                                    "modality": frozenset(g.objects(m, BKG.modality))})
    key = lambda p: (p["who"], p["body"], p["start"], p["end"], p["roles"], p["status"], p["modality"])

    def planned(r) -> bool:
        return r.get("modality") == "planned" or r.get("status") in ("planned", "expected")

    def local(terms) -> str:
        return "/".join(sorted(str(t).rsplit("#", 1)[-1] for t in terms)) or "-"

    chairs = _unique([p for p in memberships if BKG.Chair in p["roles"]], key)
    gold_chairs = _unique([r for d in docs for r in d.get("chairmanships") or []],
                          key=lambda r: (norm(r["chair"]), norm(r["body"]), str(r.get("start")), str(r.get("end"))))
    pairs = sc.score("relation:chairmanships", gold_chairs, chairs,
                     lambda r, p: names.same(p["who"], r["chair"]) and names.same(p["body"], r["body"]),
                     lambda r: f"{r['chair']} -> {r['body']} {r.get('start')}..{r.get('end')}",
                     lambda p: f"{lab(p['who'])} -> {lab(p['body'])} {p['start']}..{p['end']}"
                               f" ({local(p['modality'])})",
                     prefer=lambda r, p: same_date(r.get("start"), p["start"]) and same_date(r.get("end"), p["end"]))
    for r, p in pairs:
        sc.detail("chairmanship start+end", same_date(r.get("start"), p["start"]) and same_date(r.get("end"), p["end"]))
        sc.detail("chairmanship modality", (BKG.Planned in p["modality"]) == planned(r))

    members = _unique([p for p in memberships if BKG.Chair not in p["roles"]], key)
    gold_members = _unique([r for d in docs for r in d.get("memberships") or []],
                           key=lambda r: (norm(r["member"]), norm(r["body"]), r.get("role") or "member",
                                          r.get("status") or "active"))

    def member_details(r, p) -> bool:
        role = ROLES.get(r.get("role") or "member", BKG.Member)
        status = r.get("status") or "active"
        status_ok = status not in STATUS or STATUS[status] in p["status"] or (status == "active" and not p["status"])
        return role in p["roles"] and status_ok and (BKG.Planned in p["modality"]) == planned(r)

    pairs = sc.score("relation:memberships", gold_members, members,
                     lambda r, p: names.same(p["who"], r["member"]) and names.same(p["body"], r["body"]),
                     lambda r: f"{r['member']} -> {r['body']} ({r.get('role') or 'member'}, "
                               f"{r.get('status') or 'active'})",
                     lambda p: f"{lab(p['who'])} -> {lab(p['body'])} ({local(p['roles'])}, {local(p['status'])})",
                     prefer=member_details)
    for r, p in pairs:
        sc.detail("membership role", ROLES.get(r.get("role") or "member", BKG.Member) in p["roles"])
        status = r.get("status") or "active"
        if status in STATUS:
            sc.detail("membership status", STATUS[status] in p["status"] or (status == "active" and not p["status"]))
        sc.detail("membership modality", (BKG.Planned in p["modality"]) == planned(r))

    # Posts held.
    held = sorted(g.subject_objects(ORG.holds), key=lambda po: (str(po[0]), str(po[1])))
    posts = _unique([(person, post, of) for person, post in held
                     for of in (sorted(g.objects(post, ORG.postIn), key=str) or [None])],
                    key=lambda p: (p[0], frozenset(names.of_node(p[1])), p[2]))
    gold_posts = _unique([r for d in docs for r in d.get("posts") or []],
                         key=lambda r: (norm(r["person"]), str(r["post"]), norm(r.get("of") or "")))

    def same_post(r, p) -> bool:
        titles = r["post"] if isinstance(r["post"], list) else [r["post"]]
        title_ok = r["post"] is None or bool(names.of_node(p[1]) & {norm(t) for t in titles if t})
        return names.same(p[0], r["person"]) and title_ok and (r.get("of") is None or names.same(p[2], r["of"]))

    def post_title(r) -> str:
        titles = r["post"] if isinstance(r["post"], list) else [r["post"]]
        return " / ".join(str(t) for t in titles)

    sc.score("relation:posts", gold_posts, posts, same_post,
             lambda r: f"{r['person']} holds {post_title(r)} of {r.get('of')}",
             lambda p: f"{lab(p[0])} holds {lab(p[1])} of {lab(p[2]) if p[2] is not None else None}")

    # Participations.
    parts = sorted(set(g.subject_objects(BKG.participatedIn)), key=str)
    gold_parts = _unique([r for d in docs for r in d.get("participations") or []],
                         key=lambda r: (norm(r["participant"]), norm(r["event"])))
    sc.score("relation:participations", gold_parts, parts,
             lambda r, p: names.same(p[0], r["participant"]) and names.same(p[1], r["event"]),
             lambda r: f"{r['participant']} at {r['event']}",
             lambda p: f"{lab(p[0])} at {lab(p[1])}")

    # Statements.
    statements = []
    for s in sorted(set(g.subjects(RDF.type, BKG.Statement)), key=str):
        text = " ".join(norm(t) for t in sorted(g.objects(s, SDO.text), key=str))
        for who in sorted(g.objects(s, BKG.speaker), key=str):
            statements.append((who, text))
    statements = _unique(statements, key=lambda p: p)
    gold_st = _unique([r for d in docs for r in d.get("statements") or []],
                      key=lambda r: (norm(r["speaker"]), norm(r["quote_start"])))
    sc.score("relation:statements", gold_st, statements,
             lambda r, p: names.same(p[0], r["speaker"]) and norm(r["quote_start"]) in p[1],
             lambda r: f"{r['speaker']}: {r['quote_start']}",
             lambda p: f"{lab(p[0])}: {p[1][:70]}{'...' if len(p[1]) > 70 else ''}")

    return sc.report
