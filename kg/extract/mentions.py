"""Finding the entities an article names, and what its later references point to.

Four passes over the article, each building on the last:

1. the gazetteer (a spaCy ``PhraseMatcher`` over every known name) finds the
   known organisations, countries, cities, regions and people;
2. patterns find what no gazetteer holds, the way news introduces it: acronyms
   defined in parentheses, capitalised names of bodies ("... Council of ..."),
   people after a title or in an apposition, events ("the 16th General
   Conference of the Union of the Baltic Cities");
3. demonyms ("Danish", "the Lithuanian presidency") are kept as references to
   their country, without being entities themselves;
4. coreference: pronouns, "the minister", "the council", bare surnames and
   capitals standing for their state resolve to an entity found before.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Iterable

from spacy.attrs import IDX, IS_TITLE, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract.text import Paragraph, Sentence, blank_pipeline
from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.model import DateValue

__all__ = ["Ref", "EntityRecord", "Mentions", "MentionFinder", "TitleUse", "slugify"]

KIND_PREFIX = {"Person": "person", "Organisation": "org", "Country": "country", "City": "city", "Region": "region",
               "Event": "event"}
PLACE_KINDS = ("Country", "City", "Region")


def slugify(text: str) -> str:
    """An ASCII slug: "Gdańsk" -> "gdansk", "16th General Conference" -> "16th-general-conference"."""
    text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ł", "l")
                                 .replace("Ł", "L").replace("æ", "ae").replace("ß", "ss").replace("đ", "d"))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


@dataclass(frozen=True)
class Ref:
    """A stretch of text that refers to an entity.

    ``kind`` is the entity kind, or "Demonym" for an adjective that points to a
    country without naming it. ``source`` says what found it; "coref" marks a
    reference resolved from a pronoun, a short name or a definite description.
    """

    start: int
    end: int
    text: str
    kind: str
    key: str
    source: str

    @property
    def is_name(self) -> bool:
        return self.kind != "Demonym" and self.source != "coref"


@dataclass
class EntityRecord:
    """An entity as it is being assembled from an article's mentions."""

    key: str
    kind: str
    label: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    heads: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    location: str | None = None
    organizer: str | None = None
    titles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class TitleUse:
    """A title written before a person's name: "Russian Foreign Minister Sergey Lavrov".

    ``start``/``end`` cover the title words; ``of_key`` is the entity named in a
    "Mayor of Turku" title, when there is one.
    """

    person: str
    title: str
    start: int
    end: int
    of_key: str | None = None


@dataclass
class Mentions:
    """The entities of one article and every reference to them, in text order."""

    records: dict[str, EntityRecord]
    refs: list[Ref]
    titles: list[TitleUse] = field(default_factory=list)

    def in_span(self, start: int, end: int, *, names_only: bool = False) -> list[Ref]:
        return [r for r in self.refs if r.start >= start and r.end <= end and (r.is_name or not names_only)]

    def kind_of(self, key: str) -> str | None:
        rec = self.records.get(key)
        return rec.kind if rec else None


def _head_nouns(label: str) -> tuple[str, ...]:
    words = [w.lower() for w in re.findall(r"[\w-]+", label)]
    heads = [w for w in words if w in lx.ORG_HEADS]
    if "task" in words and "force" in words:
        heads.append("task force")
    return tuple(dict.fromkeys(heads))


class MentionFinder:
    """Finds mentions in articles with one gazetteer; build once, use for many articles."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.nlp = blank_pipeline()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.title_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_key: dict[str, list[Doc]] = {}
        for name, entry in gazetteer.surface_forms():
            by_key.setdefault(entry.key, []).append(self.nlp.make_doc(name))
        for key, docs in by_key.items():
            self.matcher.add(key, docs)
        self.title_matcher.add("TITLE", [self.nlp.make_doc(t) for t in lx.TITLES])
        self.demonyms: dict[str, GazetteerEntry] = {}
        for entry in gazetteer.entries.values():
            for d in entry.demonyms:
                self.demonyms[d] = entry
        self.surnames: dict[str, GazetteerEntry] = {}
        # demonyms by the hash spaCy gives a token's text, to find them without walking the tokens in Python
        self._demonym_orths: dict[int, str] = {self.nlp.vocab.strings.add(d): d for d in self.demonyms}

    # ------------------------------------------------------------------ public
    def find(self, text: str, paragraphs: list[Paragraph], sentences: list[Sentence], dates: list | None = None,
             anchor=None) -> Mentions:
        """All references to entities in ``text``.

        Args:
            text: the article text.
            paragraphs, sentences: its segmentation (:func:`kg.extract.text.segment`).
            dates: the date expressions found in ``text``, used to date events.
            anchor: the publication date.
        """
        state = _State(text, paragraphs, sentences)
        for para in paragraphs:
            self._gazetteer_pass(state, para)
        self._acronym_pass(state)
        self._place_pattern_pass(state)
        self._event_pass(state, dates or [], anchor)
        self._national_body_pass(state)
        for para in paragraphs:
            headline = not any(x.in_body for x in sentences if para.start <= x.start < para.end)
            if not (headline and _title_case(para)):
                # in a Title Case headline ("Russia Quits Council Of The Baltic Sea States") every word looks
                # like a name: only the gazetteer, acronyms and demonyms are trusted there
                self._org_pattern_pass(state, para)
                self._person_pass(state, para)
            self._demonym_pass(state, para)
        # meetings of bodies only the name patterns found ("the annual conference of the Baltic Sea NGO Network")
        self._event_pass(state, dates or [], anchor)
        self._repeat_names_pass(state)
        _attach_events_to_main_body(state)
        _merge_vague_events(state)
        refs = _CorefResolver(state, self.gazetteer).resolve()
        return Mentions(state.records, refs, state.titles)

    # ---------------------------------------------------------- gazetteer names
    def _record_for(self, state: "_State", entry: GazetteerEntry) -> EntityRecord:
        rec = state.records.get(entry.key)
        if rec is None:
            rec = EntityRecord(entry.key, entry.kind, entry.label, wikidata=entry.wikidata,
                               heads=tuple(entry.heads) or _head_nouns(entry.label), country=entry.country,
                               parent=entry.parent)
            state.records[entry.key] = rec
        return rec

    def _gazetteer_pass(self, state: "_State", para: Paragraph) -> None:
        doc = para.doc
        spans = [Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc)]
        spans = _longest_first(spans)
        for span in spans:
            key = self.nlp.vocab.strings[span.label] if span.label else None
            if key is None:
                continue
            entry = self.gazetteer.get(key)
            if entry is None:
                continue
            if entry.kind in ("City", "Region", "Country") and _starts_larger_name(doc, span.end):
                continue
            if entry.kind in ("City", "Region") and _is_part_of_org_name(doc, span.start, span.end):
                continue
            rec = self._record_for(state, entry)
            rec.aliases.add(span.text)
            state.add(Ref(para.start + span.start_char, para.start + span.end_char, span.text, entry.kind,
                          entry.key, "gazetteer"))

    # ---------------------------------------------------------- unknown places
    _PLACE_OF = re.compile(
        r"\b(?P<noun>town|city|port|municipality|village|commune|island|islet)\s+of\s+"
        r"(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})")
    _PLACE_APPOSITION = re.compile(
        r"(?P<name>\b[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}),\s+(?:a|the)\s+(?:(?:small|coastal|port|"
        r"border|[A-Z][a-z]+)\s+)?(?P<noun>town|city|port|municipality|village|island)\s+(?:in|on|near|of|north|"
        r"south|east|west)\b")

    def _place_pattern_pass(self, state: "_State") -> None:
        """Towns and islands no gazetteer holds, the way news introduces them: "the Estonian town of Kärdla",
        "Pionersky, a town in Kaliningrad Oblast"."""
        for rx in (self._PLACE_OF, self._PLACE_APPOSITION):
            for m in rx.finditer(state.text):
                name = m.group("name")
                start, end = m.start("name"), m.end("name")
                if name.split()[0] in lx.NOT_NAME_WORDS or state.overlaps(start, end):
                    continue
                kind = "Region" if m.group("noun") in ("island", "islet") else "City"
                entry = self.gazetteer.lookup(name)
                if entry is not None:
                    continue  # a known name the gazetteer pass left out on purpose
                key = f"{KIND_PREFIX[kind]}/{slugify(name)}"
                rec = state.records.get(key) or EntityRecord(key, kind, name)
                rec.aliases.add(name)
                state.records[key] = rec
                state.add(Ref(start, end, name, kind, key, "pattern"))

    # ------------------------------------------------------------------ acronyms
    _ACRONYM = re.compile(r"\s\(([A-Z][A-Za-z0-9&-]{1,11})\)")

    def _acronym_pass(self, state: "_State") -> None:
        text = state.text
        for m in self._ACRONYM.finditer(text):
            acronym = m.group(1)
            if not re.search(r"[A-Z].*[A-Z]", acronym):
                continue
            before = state.ref_ending_at(m.start())
            if before is None:
                before = self._org_before(state, m.start())
            if before is None:
                before = self._initials_before(state, m.start(), acronym)
            if before is None or before.kind not in ("Organisation", "Event"):
                continue
            rec = state.records[before.key]
            rec.aliases.add(acronym)
            state.acronyms[acronym] = before.key
            state.add(Ref(m.start(1), m.end(1), acronym, before.kind, before.key, "acronym"))
        if not state.acronyms:
            return
        for start, end, acronym in _find_whole(text, state.acronyms):
            key = state.acronyms[acronym]
            if not state.overlaps(start, end):
                state.add(Ref(start, end, acronym, state.records[key].kind, key, "acronym"))

    _CAPITALISED_RUN = re.compile(r"((?:[A-Z][\w’'-]*(?:\s+(?:of|for|on|the|and|in)){0,2}\s+){1,8}[A-Z][\w’'-]*)\s*$")

    def _initials_before(self, state: "_State", end: int, acronym: str) -> Ref | None:
        """A name whose capitalised words give the acronym after it: "the Baltic Sea Youth Platform (BSYP)"."""
        mo = self._CAPITALISED_RUN.search(state.text, max(0, end - 160), end)  # at most nine words and connectors
        if mo is None:
            return None
        words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(state.text, mo.start(1), mo.end(1))]
        # the longest tail of the run whose capitalised words spell the acronym
        for i, (a, _, first) in enumerate(words):
            if not first[:1].isupper() or first in lx.NOT_NAME_WORDS and first not in _NAME_OPENING_CAPS:
                continue
            caps = [w for _, _, w in words[i:] if w[:1].isupper()]
            if len(caps) >= 2 and "".join(w[0] for w in caps).upper() == acronym.upper():
                b = words[-1][1]
                if any(r.start < b and a < r.end for r in state.refs
                       if r.kind not in ("Country", "City", "Region", "Demonym")):
                    return None
                return _add_org_ref(state, a, b)
        return None

    def _org_before(self, state: "_State", end: int) -> Ref | None:
        """A capitalised name of a body that ends at ``end`` ("Modernisation Partnership for the X Area")."""
        para = state.paragraph_at(end - 1)
        if para is None:
            return None
        doc = para.doc
        span = doc.char_span(0, end - para.start, alignment_mode="contract")
        last = span[-1] if span is not None and len(span) else None
        if last is None or not (last.is_title or last.is_upper):
            return None
        j = last.i
        while j > 0 and last.i - j < 2 * _MAX_NAME_TOKENS:
            tok = doc[j - 1]
            if tok.text in _FUNCTION_CAPS:
                break
            if tok.is_title or tok.is_upper:
                j -= 1
                continue
            if tok.lower_ in _CONNECTORS:
                k = j - 1
                while k > 0 and doc[k - 1].lower_ in _CONNECTORS and j - k < 3:
                    k -= 1
                if k > 0 and (doc[k - 1].is_title or doc[k - 1].is_upper) and doc[k - 1].text not in _FUNCTION_CAPS:
                    j = k
                    continue
            break
        span = doc[j:last.i + 1]
        if len(span) < 2 or not any(t.lower_ in lx.ORG_HEADS for t in span):
            return None
        return _add_org_ref(state, para.start + span.start_char, para.start + span.end_char)

    # ---------------------------------------------- ministries and governments
    _NATIONAL_BODY = re.compile(
        r"\b(?:[Tt]he\s+)?(?P<owner>[A-Z][\w-]+)(?P<poss>'s|’s)?\s+"
        r"(?:(?P<port>(?i:foreign|defen[cs]e|environment|interior|justice|finance|economy|education|culture|health|"
        r"transport|energy|agriculture|climate|foreign affairs|economic affairs|social affairs))\s+)?"
        r"(?P<head>(?i:ministry|government))\b(?!\s+(?:of|for)\b)")
    _PORTFOLIO_NAMES = {"foreign": "Foreign Affairs", "defense": "Defence", "economic affairs": "Economic Affairs",
                        "social affairs": "Social Affairs", "foreign affairs": "Foreign Affairs"}

    def _national_body_pass(self, state: "_State") -> None:
        """A state's ministry named by its country ("Finland's foreign ministry"; "the Estonian Ministry of ..." is
        left to the name patterns), and its government, which stands for the state ("the Danish government")."""
        for m in self._NATIONAL_BODY.finditer(state.text):
            owner = m.group("owner")
            entry = self.demonyms.get(owner) if not m.group("poss") else self.gazetteer.lookup(owner)
            if entry is None or entry.kind != "Country":
                continue
            head = m.group("head").lower()
            port = (m.group("port") or "").lower()
            if head == "ministry" and not port:
                continue  # "the Finnish ministry": which one is not said
            start = m.start("owner") if not m.group(0).lower().startswith("the ") else m.start()
            end = m.end()
            if any(r.start < end and start < r.end and (r.start < start or r.end > end) for r in state.refs):
                continue
            for r in state.in_range(start, end):
                state.remove(r)
            if head == "government":
                # "the Danish government" acts for its state, as "Denmark" does
                self._record_for(state, entry)
                state.add(Ref(start, end, state.text[start:end], "Country", entry.key, "metonym"))
                continue
            label = f"Ministry of {self._PORTFOLIO_NAMES.get(port, port.title())} of {entry.label}"
            heads: tuple[str, ...] = ("ministry", f"{port} ministry")
            gaz = self.gazetteer.lookup(label)
            if gaz is not None and gaz.kind == "Organisation":
                rec = self._record_for(state, gaz)
            else:
                key = f"org/{slugify(label)}"
                rec = state.records.get(key) or EntityRecord(key, "Organisation", label, heads=heads,
                                                             country=entry.key)
                state.records[key] = rec
            rec.aliases.add(state.text[start:end])
            state.add(Ref(start, end, state.text[start:end], "Organisation", rec.key, "pattern"))

    # ------------------------------------------------------- organisation names
    def _org_pattern_pass(self, state: "_State", para: Paragraph) -> None:
        doc = para.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not (tok.is_title and tok.text.lower() in lx.ORG_HEADS):
                i += 1
                continue
            start, end = i, i + 1
            # modifiers to the left: capitalised words and demonyms
            while start > 0 and i - start < _MAX_NAME_TOKENS and (doc[start - 1].is_title or doc[start - 1].is_upper) \
                    and doc[start - 1].text not in ("The", "A", "An", "In", "On", "At", "By", "For", "From",
                                                    "With", "Since", "When", "Its", "Their") \
                    and not doc[start - 1].is_sent_start:
                start -= 1
            if start > 0 and doc[start - 1].is_sent_start and doc[start - 1].is_title \
                    and doc[start - 1].text not in lx.NOT_NAME_WORDS:
                start -= 1
            # complements to the right: "of the Russian Federation", "for the South-East Baltic Area"
            j = end
            while j + 1 < len(doc) and doc[j].text in ("of", "for", "on") and j - i < 2 * _MAX_NAME_TOKENS:
                k = j + 1
                if k < len(doc) and doc[k].lower_ == "the":
                    k += 1
                m = k
                while m < len(doc) and m - k < _MAX_NAME_TOKENS and (doc[m].is_title or doc[m].is_upper or
                                        (doc[m].text == "-" and m + 1 < len(doc) and doc[m + 1].is_title)
                                        or (doc[m].lower_ in ("and", "of") and m + 1 < len(doc)
                                            and doc[m + 1].is_title and m > k)):
                    if doc[m].text in _FUNCTION_CAPS or doc[m].text in lx.MONTHS_AND_DAYS or \
                            doc[m].lower_ in lx.TITLES:
                        break
                    m += 1
                if m == k:
                    break
                end = m
                j = m
            span = doc[start:end]
            i = max(end, i + 1)
            if state.overlaps(para.start + span.start_char, para.start + span.end_char, fully=True):
                continue
            if start > 0 and (lx.ARABIC_ORDINAL.match(doc[start - 1].text) or lx.ROMAN.match(doc[start - 1].text)
                              or doc[start - 1].lower_ in lx.ORDINAL_WORDS):
                continue  # "the 16th General Conference of ..." is an event, not a body
            modifiers = [t for t in doc[start:tok.i] if t.text not in ("-",)]
            has_complement = end > tok.i + 1
            if not has_complement and len(modifiers) < 2:
                # "Danish Parliament", "Hamburg Parliament": one word before the head must name a state or place
                place = self.gazetteer.lookup(modifiers[0].text) if modifiers else None
                if not (modifiers and tok.text.lower() not in lx.WEAK_ORG_HEADS and (
                        modifiers[0].text in self.demonyms or
                        place is not None and place.kind in ("Country", "City", "Region"))):
                    continue
            if any(t.text.lower() in lx.NON_ENTITY_HEADS for t in span[-1:]):
                continue
            label = span.text
            a, b = para.start + span.start_char, para.start + span.end_char
            if any(r.start < b and a < r.end and (r.start < a or r.end > b) for r in state.refs):
                continue
            head_at = para.start + tok.idx
            inner = state.in_range(a, b)
            # a longer name wins over the names inside it ("Association of Municipalities of Kaliningrad
            # Oblast"), unless its head word belongs to one of them
            if any(r.kind in ("Person", "Event") or r.start <= head_at < r.end for r in inner):
                continue
            for r in inner:
                state.remove(r)
            key = f"org/{slugify(label)}"
            gaz = self.gazetteer.lookup(label)
            if gaz is not None:
                rec = self._record_for(state, gaz)
                key = gaz.key
            else:
                rec = state.records.get(key) or EntityRecord(key, "Organisation", label, heads=_head_nouns(label))
                state.records[key] = rec
            rec.aliases.add(label)
            state.add(Ref(para.start + span.start_char, para.start + span.end_char, label, "Organisation", key,
                          "pattern"))

    # ------------------------------------------------------------------- people
    def _person_pass(self, state: "_State", para: Paragraph) -> None:
        doc = para.doc
        taken: set[int] = set()
        title_starts: set[int] = set()
        # a title before a name: "Russian Foreign Minister Sergey Lavrov", "Mayor of Turku Minna Arve"
        matches = [(s, e) for _, s, e in self.title_matcher(doc)]
        longest: dict[int, int] = {}
        for s, e in matches:
            longest[s] = max(e, longest.get(s, e))
        for s, e in matches:
            if any(longest.get(s2, -1) >= e and longest[s2] - s2 > e - s for s2 in range(max(0, s - 8), s + 1)):
                continue  # "Minister" inside "Minister of Energy"
            span = doc[s:e]
            title_starts.add(s)
            if any(t.i in taken for t in span):
                continue
            k = e
            of_ref = None
            if k + 1 < len(doc) and doc[k].lower_ in ("of", "to", "for", "in"):
                of_ref = state.ref_starting_at(para.start + doc[k + 1].idx) or (
                    state.ref_starting_at(para.start + doc[k + 2].idx) if k + 2 < len(doc) and doc[k + 1].lower_ == "the" else None)
                if of_ref is not None:
                    while k < len(doc) and para.start + doc[k].idx < of_ref.end:
                        k += 1
                else:
                    k = _name_after_unknown_owner(doc, k)
            name = _name_after(doc, k)
            if name is None and k + 1 < len(doc) and doc[k].text == ",":
                # "The Mayor of Gdynia, Aleksandra Kosiorek, took part": the name in apposition to the title
                name = _name_after(doc, k + 1)
                if name is not None and not (name[1] < len(doc) and doc[name[1]].text in (",", ")")):
                    name = None
            if name is None:
                continue
            key = self._add_person(state, para, doc[name[0]:name[1]], "title")
            if key is not None:
                state.titles.append(TitleUse(key, span.text.lower(), para.start + span.start_char,
                                             para.start + span.end_char, of_ref.key if of_ref else None))
            taken.update(range(s, name[1]))
        if not len(doc):
            return
        for i, title_case in enumerate(doc.to_array([IS_TITLE]).tolist()):
            if not title_case or i in taken:
                continue
            tok = doc[i]
            if not _name_start(tok) or tok.text in self.demonyms:
                continue
            name = _name_after(doc, i)
            if name is None:
                continue
            s, e = name
            if e in title_starts:
                continue  # "Latvian Environment Minister ...": the words before a title describe it
            span = doc[s:e]
            if state.overlaps(para.start + span.start_char, para.start + span.end_char):
                continue
            if _person_context(doc, s, e, state, para):
                self._add_person(state, para, span, "pattern")
                taken.update(range(s, e))

    def _add_person(self, state: "_State", para: Paragraph, span, source: str) -> str | None:
        start, end = para.start + span.start_char, para.start + span.end_char
        for r in state.in_range(start, end):
            if r.kind == "Person":
                return r.key
            state.remove(r)
        if state.overlaps(start, end):
            return None
        name = span.text
        entry = self.gazetteer.lookup(name)
        if entry is not None and entry.kind == "Person":
            rec = self._record_for(state, entry)
        elif entry is not None:
            return None
        else:
            key = f"person/{slugify(name)}"
            rec = state.records.get(key) or EntityRecord(key, "Person", name)
            state.records[key] = rec
        rec.aliases.add(name)
        state.add(Ref(start, end, name, "Person", rec.key, source))
        return rec.key

    # ----------------------------------------------------------------- demonyms
    def _demonym_pass(self, state: "_State", para: Paragraph) -> None:
        doc = para.doc
        if not len(doc):
            return
        orths, offsets = doc.to_array([ORTH, IDX]).T.tolist()
        for orth, idx in zip(orths, offsets):
            demonym = self._demonym_orths.get(orth)
            if demonym is None:
                continue
            entry = self.demonyms[demonym]
            start = para.start + idx
            if state.overlaps(start, start + len(demonym)):
                continue
            self._record_for(state, entry)
            state.add(Ref(start, start + len(demonym), demonym, "Demonym", entry.key, "demonym"))

    # ------------------------------------------------------------------- events
    def _event_pass(self, state: "_State", dates: list, anchor) -> None:
        for m in _event_matches(state.text):
            _EventBuilder(state, m, dates, anchor).build()

    # ------------------------------------------------------ repeated short names
    def _repeat_names_pass(self, state: "_State") -> None:
        """Bare surnames of people named in full earlier ("Lavrov said")."""
        persons = [r for r in state.refs if r.kind == "Person" and r.source != "coref"]
        surnames: dict[str, str] = {}
        for r in persons:
            parts = r.text.split()
            if len(parts) >= 2:
                surnames.setdefault(parts[-1], r.key)
        for rec in state.records.values():
            if rec.kind == "Person":
                for alias in list(rec.aliases) + [rec.label]:
                    parts = alias.split()
                    if len(parts) >= 2 and any(r.key == rec.key for r in persons):
                        surnames.setdefault(parts[-1], rec.key)
        if not surnames:
            return
        for start, end, surname in _find_whole(state.text, surnames):
            if state.overlaps(start, end):
                continue
            key = surnames[surname]
            first = min(r.start for r in persons if r.key == key)
            if start < first:
                continue
            state.records[key].aliases.add(surname)
            state.add(Ref(start, end, surname, "Person", key, "surname"))


# ---------------------------------------------------------------------- helpers
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _find_whole(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """The matches of ``(?<![\\w-])(name|name|...)(?![\\w-])`` in ``text`` (the names taken literally, tried in
    the order given) as (start, end, name), without compiling a pattern for each article's names."""
    names = list(names)
    starts: set[int] = set()
    for name in names:
        at = text.find(name)
        while at != -1:
            starts.add(at)
            at = text.find(name, at + 1)
    found = []
    end = 0
    for at in sorted(starts):
        if at < end or (at > 0 and _WORD_OR_HYPHEN.match(text, at - 1)):
            continue
        for name in names:
            stop = at + len(name)
            if text.startswith(name, at) and (stop == len(text) or not _WORD_OR_HYPHEN.match(text, stop)):
                found.append((at, stop, name))
                end = stop
                break
    return found


_MAX_NAME_TOKENS = 8  # the longest run of words a name of a body may take on either side of its head
_HONORIFICS = frozenset("Dr. Dr Prof. Prof Mr. Mr Mrs. Mrs Ms. Ms Sir Dame H.E.".split())
_CONNECTORS = frozenset(("of", "for", "on", "the", "and", "-", "in"))
_FUNCTION_CAPS = frozenset("The A An In On At By For From With Since When Its Their Among Besides Under After Before".split())


class _State:
    def __init__(self, text: str, paragraphs: list[Paragraph], sentences: list[Sentence]):
        self.text = text
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.records: dict[str, EntityRecord] = {}
        self.refs: list[Ref] = []
        self.acronyms: dict[str, str] = {}
        self.titles: list[TitleUse] = []
        self.event_parts: dict[str, _EventParts] = {}

    def add(self, ref: Ref) -> None:
        self.refs.append(ref)

    def remove(self, ref: Ref) -> None:
        self.refs.remove(ref)

    def overlaps(self, start: int, end: int, *, fully: bool = False) -> bool:
        for r in self.refs:
            if fully:
                if r.start <= start and r.end >= end:
                    return True
            elif r.start < end and start < r.end:
                return True
        return False

    def in_range(self, start: int, end: int) -> list[Ref]:
        return [r for r in self.refs if r.start >= start and r.end <= end]

    def ref_ending_at(self, end: int) -> Ref | None:
        return next((r for r in self.refs if r.end == end), None)

    def ref_starting_at(self, start: int) -> Ref | None:
        return next((r for r in self.refs if r.start == start), None)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.start <= offset < p.end), None)

    def sentence_at(self, offset: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)


_WORD = re.compile(r"\S+")
# Capitalised words that may open the name of a body though they open no person's name.
_NAME_OPENING_CAPS = frozenset("Baltic Nordic Arctic European North South East West Northern Southern Eastern Western "
                               "Central".split())


def _add_org_ref(state: "_State", start: int, end: int) -> Ref:
    """A body named by the pattern text[start:end], replacing the references inside it."""
    label = state.text[start:end]
    key = f"org/{slugify(label)}"
    rec = state.records.get(key) or EntityRecord(key, "Organisation", label, heads=_head_nouns(label))
    rec.aliases.add(label)
    state.records[key] = rec
    for r in state.in_range(start, end):
        state.remove(r)
    ref = Ref(start, end, label, "Organisation", key, "pattern")
    state.add(ref)
    return ref


def _title_case(para: Paragraph) -> bool:
    """Whether a short paragraph (a headline) capitalises its words the way Title Case does."""
    if len(para.doc) > 25:
        return False
    words = [t for t in para.doc if t.is_alpha and len(t) > 3]
    if len(words) < 3:
        return False
    return sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words) and \
        any(t.is_title and t.lower_ not in lx.ORG_HEADS and t.text not in lx.NOT_NAME_WORDS
            and t.lower_.endswith(("s", "ed")) for t in words)


def _longest_first(spans):
    spans = sorted(spans, key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    out = []
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        out.append(span)
        taken.update(range(span.start, span.end))
    return sorted(out, key=lambda s: s.start)


def _starts_larger_name(doc: Doc, end: int) -> bool:
    """True when a place name is the first word of a longer name ("Vilnius II Declaration", "Helsinki Convention")."""
    j = end
    while j < len(doc) and (lx.ROMAN.match(doc[j].text) or doc[j].is_title) and j - end < 4:
        if doc[j].text.lower() in lx.NON_ENTITY_HEADS:
            return True
        j += 1
    return False


def _is_part_of_org_name(doc: Doc, start: int, end: int) -> bool:
    """True for a place inside a capitalised body name ("Kalmar Municipal Council" keeps Kalmar out)."""
    j = end
    while j < len(doc) and doc[j].is_title and j - end < 3:
        if doc[j].text.lower() in lx.ORG_HEADS and doc[j].text.lower() not in ("council",) or \
                (doc[j].text.lower() == "council" and j > end):
            return True
        j += 1
    return False


def _name_token(tok: Token) -> bool:
    text = tok.text
    return tok.is_title and text.isalpha() and len(text) > 1 and text not in lx.NOT_NAME_WORDS


def _name_start(tok: Token) -> bool:
    return _name_token(tok) and tok.text.lower() not in lx.ORG_HEADS


def _name_after_unknown_owner(doc: Doc, k: int) -> int:
    """Where the name starts after a title's "of" whose owner is not known: "Speaker of the Folkething Anna
    Berg" gives "Anna Berg". The owner is taken to be all capitalised words but the last two; ``k`` (the
    "of") is returned when the words cannot be split so."""
    j = k + 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    run = j
    while run < len(doc) and _name_token(doc[run]) and run - j < 6:
        run += 1
    if run - j < 3 or (run < len(doc) and doc[run].text == "-"):
        return k
    return run - 2


def _name_after(doc: Doc, i: int) -> tuple[int, int] | None:
    """The span of a personal name starting at token ``i``: 2-4 capitalised words, hyphens and particles.

    An honorific before the name ("Dr.", "Prof.") is skipped.
    """
    while i < len(doc) and doc[i].text in _HONORIFICS:
        i += 1
    if i >= len(doc) or not _name_start(doc[i]):
        return None
    j = i
    words = 0
    while j < len(doc) and words < 5:
        tok = doc[j]
        if _name_token(tok) and tok.text.lower() not in lx.ORG_HEADS:
            words += 1
            j += 1
            if j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
                    and doc[j + 1].is_title:
                j += 2
            continue
        if tok.lower_ in lx.NAME_PARTICLES and tok.is_lower and words:
            k = j + 1  # "von der Leyen", "van den Berg"
            while k < len(doc) and k - j < 3 and doc[k].lower_ in lx.NAME_PARTICLES and doc[k].is_lower:
                k += 1
            if k < len(doc) and _name_token(doc[k]):
                j = k
                continue
        break
    if words < 2 or words > 4:
        return None
    if doc[j - 1].text.lower() in lx.NON_ENTITY_HEADS:
        return None
    return i, j


_PERSON_BEFORE = re.compile(
    r"(?:\b(?:initiative of|elected|re-elected|appointed|headed by|led by|chaired by|chosen|succeeds|succeeded|"
    r"replaces|replaced|succeeding|replacing|whose (?:\w+ ){0,2}(?:is|was)|named|nominated|by|with|and|"
    r"welcomed|met|meeting|invited|thanked)|,)\s*$"
)
_PERSON_AFTER = re.compile(
    r"^(?:,? (?:the |a |an )?(?:[A-Z][\w’'-]+ )?(?:" + "|".join(re.escape(t) for t in lx.TITLES) + r")\b"
    r"|,? (?:who|whose)\b| of [A-Z]| \((?:[A-Z][\w-]+)\)| and [A-Z][\w-]+ [A-Z][\w-]+ (?:were|have been|are)"
    r"| (?:was|were|has been|had been|is|will be) (?:re-)?(?:elected|appointed|chosen|named|nominated|sworn)"
    r"| (?:became|becomes|will become|is to become) (?:the )?(?:new )?(?:" + "|".join(re.escape(t) for t in lx.TITLES) +
    r")\b| (?:succeeded|succeeds|replaced|replaces|will succeed|will replace) [A-Z]"
    r"| (?:" + lx.SPEECH_VERB_RE + r")\b| (?:has|had) (?:led|headed|chaired|held)\b)",
    re.I,
)


def _person_context(doc: Doc, s: int, e: int, state: "_State", para: Paragraph) -> bool:
    """Whether a capitalised pair of words sits where news puts a person."""
    text, base = state.text, para.start  # the paragraph's text, without Doc.text rebuilding it from the tokens
    first, last_end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    before = text[base + max(0, first - 40):base + first]
    after = text[base + last_end:min(base + last_end + 60, para.end)]
    if _PERSON_BEFORE.search(before) and not before.rstrip().endswith(",") and _PERSON_AFTER_LIGHT.match(after):
        return True
    if _PERSON_AFTER.match(after):
        # "X of Poland" also fits places ("Gulf of Finland"): require a country after "of"
        if _OF_CAPITAL.match(after):
            ref = state.ref_starting_at(para.start + doc[e - 1].idx + len(doc[e - 1].text) + 4)
            return ref is not None and ref.kind == "Country"
        return True
    if _TITLE_AFTER_COMMA.match(after) and (before.rstrip().endswith(",") or after.startswith(",")):
        return True  # "..., Anna Berg, the Mayor of Kalmar", "and Ursula von der Leyen, then defence minister,"
    return False


_OF_CAPITAL = re.compile(r"^ of [A-Z]")
_TITLE_AFTER_COMMA = re.compile(r"^,? (?:the |a |then |now |former |later |currently )*(?:[A-Z][a-z]+ )?(?:" + "|".join(re.escape(t) for t in lx.TITLES) + r")\b", re.I)
_PERSON_AFTER_LIGHT = re.compile(r"^(?:[,.;:)]|\s(?:of|as|and|who|said|,|to|in|on|at|from|has|had|was|is|will)\b|$|\s)")


_EVENT_NOUN_RE = "|".join(
    sorted({n for n in lx.EVENT_NOUNS} | {n.title() for n in lx.EVENT_NOUNS} | {n.capitalize() for n in lx.EVENT_NOUNS},
           key=len, reverse=True))
_ORD = r"(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|" \
       r"[IVXL]{1,6}(?=\s))"
_EVENT_RE = re.compile(
    r"(?P<det>\b(?:(?i:the|a|an|its|their|this)|last year's|last year’s|this year's|this year’s|next year's|"
    r"[A-Z][\w.&-]*(?:'s|’s)|the [a-z]+(?:'s|’s))\s+)?"
    r"(?P<ord>" + _ORD + r"\s+)?"
    r"(?P<mods>(?:(?:" + "|".join(sorted(lx.EVENT_MODIFIERS, key=len, reverse=True)) + r")\s+){0,3})"
    r"(?P<pre>(?:[A-Z][A-Za-z&-]{1,12}\s+){0,4}?)"
    r"(?P<noun>" + _EVENT_NOUN_RE + r")\b(?![-’'])"
)
# An event phrase holds only word characters, white space and . & - ' ’ (see _EVENT_RE), so it lies inside one
# stretch of the text between two other characters, and that stretch holds one of its nouns.
_EVENT_NOUN_ANYWHERE = re.compile(_EVENT_NOUN_RE)
_NOT_IN_EVENT = re.compile(r"[^\w\s.&'’-]")


def _event_matches(text: str) -> Iterable[re.Match]:
    """``_EVENT_RE.finditer(text)``, looking only at the stretches that hold an event noun."""
    nouns = [m.start() for m in _EVENT_NOUN_ANYWHERE.finditer(text)]
    if not nouns:
        return
    breaks = [m.start() for m in _NOT_IN_EVENT.finditer(text)]
    done = -1
    for at in nouns:
        if at < done:
            continue  # in the stretch just read
        k = bisect_right(breaks, at)
        start = breaks[k - 1] + 1 if k else 0
        done = breaks[k] if k < len(breaks) else len(text)
        # the character at ``done`` (if any) ends a word and is none of - ’ ', as the end of the text would
        yield from _EVENT_RE.finditer(text, start, done)


_OF_BODY = re.compile(r"\s+of\s+(?:the\s+)?")
_IN_PLACE = re.compile(r"\s+(?:in|at|from)\s+(?:the\s+)?")
# Who met, between a meeting and its place: "a first meeting of parliamentarians in Helsinki"
_OF_WHO = re.compile(r"\s+of\s+(?:the\s+)?(?:[a-z]+\s+)?(?:parliamentarians|ministers|mayors|experts|officials|"
                     r"delegates|leaders|representatives|members|heads of government|heads of state|speakers)(?=\s+in\s)")


class _EventBuilder:
    """Turns one event phrase into an event entity, when it names a particular event.

    A phrase names a particular event when it has an ordinal ("the 16th General
    Conference"), a body ("the CBSS ministerial session", "a meeting of the
    Arctic Council"), a place ("the ministerial session in Kalmar") or is a
    founding meeting; a bare "the meeting" is left to coreference.
    """

    def __init__(self, state: _State, m: re.Match, dates: list, anchor):
        self.state, self.m, self.dates, self.anchor = state, m, dates, anchor

    def build(self) -> None:
        m, state = self.m, self.state
        noun = m.group("noun")
        noun_l = noun.lower()
        det = (m.group("det") or "").strip()
        mods = (m.group("mods") or "").split()
        start = min(m.start(g) for g in ("ord", "mods", "pre", "noun") if m.group(g))
        end = m.end("noun")
        body = self._body(det)
        ordinal = self._ordinal(m.group("ord"))
        free_pre = False
        if m.group("pre"):
            whole = next((r for r in state.refs if r.start == m.start("pre") and r.end == m.end("noun")
                          and r.kind == "Organisation"), None)
            if whole is not None and ordinal is not None:
                # "the 30th Baltic Sea Parliamentary Conference": a numbered session of a body named for it
                state.remove(whole)
                body = whole.key
            else:
                pre_refs = state.in_range(m.start("pre"), m.end("pre") + 1)
                orgs = [r for r in pre_refs if r.kind == "Organisation"]
                if orgs and len(orgs) == len(pre_refs) and \
                        state.text[m.start("pre"):m.end("pre")].strip() == state.text[orgs[0].start:orgs[-1].end]:
                    body = orgs[-1].key
                elif pre_refs or any(r.start < m.start("pre") < r.end for r in state.refs):
                    return
                else:
                    free_pre = True  # "the Baltic Sea summit in Helsinki": a name, if a place or number makes it one
        mo = _OF_BODY.match(state.text, end)
        of_body = False
        if mo:
            ref = state.ref_starting_at(mo.end())
            if ref is not None and ref.kind == "Organisation":
                body = ref.key
                end = ref.end
                of_body = True
        place = None
        who = _OF_WHO.match(state.text, end) if not of_body else None
        mi = _IN_PLACE.match(state.text, who.end() if who else end)
        if mi:
            ref = state.ref_starting_at(mi.end())
            if ref is not None and ref.kind in ("City", "Region", "Country"):
                place = ref.key
                end = ref.end
        if place is None:
            place = self._place_before(start)
        if ordinal is None and mods and mods[0] in lx.ORDINAL_WORDS:
            ordinal = lx.ORDINAL_WORDS[mods[0]]
        founding = "founding" in mods or "constituent" in mods or "inaugural" in mods
        if free_pre and ordinal is None and place is None:
            return
        if ordinal is None and body is None and place is None and not founding:
            if not (noun[:1].isupper() and det.lower() in ("a", "an", "its", "their")):
                return
        for r in state.refs:
            if r.start < end and start < r.end:
                if r.kind in ("Person", "Event") or r.start < start or r.end > end:
                    if not (r.start >= start and r.end <= end):
                        return
                    if r.kind in ("Person", "Event"):
                        return
        surface = state.text[start:end]
        kind_label = f"founding {noun_l}" if founding and "founding" not in noun_l else noun_l
        when = self._date(det, start, end)
        parts = _EventParts(kind_label, ordinal, place, when, surface)
        key = _register_event(state, parts, body)
        state.event_parts[key] = parts
        state.add(Ref(start, end, surface, "Event", key, "pattern"))

    def _place_before(self, start: int) -> str | None:
        """The city a meeting took place in, named earlier in its clause ("met in Riga on Thursday for a ...")."""
        sent = self.state.sentence_at(start)
        if sent is None:
            return None
        clause = self.state.text[sent.start:start]
        if re.search(r"[;:]|\b(?:and|but|while|after|before)\b", clause[-80:]):
            return None
        nearby = [r for r in self.state.refs if start - 120 <= r.start < start and r.kind == "City"]
        for r in sorted(nearby, key=lambda r: r.start, reverse=True):
            if sent.start <= r.start and start - r.end < 80 and \
                    re.search(r"\b(?:in|at)\s+$", self.state.text[max(sent.start, r.start - 4):r.start]):
                return r.key
        return None

    def _body(self, det: str) -> str | None:
        if not det:
            return None
        state, ds = self.state, self.m.start("det")
        if det.lower() in ("its", "their"):
            prior = [r for r in state.refs if r.end <= ds and r.kind == "Organisation"]
            return max(prior, key=lambda r: r.start).key if prior else None
        ref = next((r for r in state.refs if r.start == ds and r.kind == "Organisation"), None)
        if ref is not None:
            return ref.key
        # "the Baltic Sea Parliamentary Conference's annual conference": a longer name ending in the possessive
        ref = next((r for r in state.refs if r.kind == "Organisation" and r.start < ds < r.end
                    and state.text[r.end:r.end + 2] in ("'s", "’s")), None)
        if ref is not None:
            return ref.key
        mh = re.match(r"the (\w+)(?:'s|’s)", det)
        if mh:
            head = mh.group(1).lower()
            prior = [r for r in state.refs if r.end <= ds and r.kind == "Organisation"]
            for r in sorted(prior, key=lambda r: r.start, reverse=True):
                if head in state.records[r.key].heads:
                    return r.key
        return None

    def _date(self, det: str, start: int, end: int) -> DateValue | None:
        d = det.lower().replace("’", "'")
        if self.anchor is not None and d.endswith("year's"):
            shift = {"last": -1, "this": 0, "next": 1}[d.split()[0]]
            return DateValue(str(self.anchor.year + shift))
        sent = self.state.sentence_at(start)
        if sent is None:
            return None
        best = None
        for t in self.dates:
            if t.value is None or not (sent.start <= t.start < sent.end):
                continue
            if t.end_value is not None:
                continue
            dist = t.start - end if t.start >= end else (start - t.end) * 2
            if best is None or dist < best[0]:
                best = (dist, t.value)
        return best[1] if best else None

    @staticmethod
    def _ordinal(text: str | None) -> int | None:
        if not text:
            return None
        t = text.strip()
        if t.lower() in lx.ORDINAL_WORDS:
            return lx.ORDINAL_WORDS[t.lower()]
        m = lx.ARABIC_ORDINAL.match(t)
        if m:
            return int(m.group(1))
        if lx.ROMAN.match(t):
            return _roman_to_int(t)
        return None


@dataclass(frozen=True)
class _EventParts:
    """What an event phrase says about its event, from which its key and names are made."""

    kind: str
    ordinal: int | None
    place: str | None
    when: DateValue | None
    surface: str


# Meetings that belong to one body, so that "the XII General Conference" in an article about a body is that
# body's conference.
_BODY_MEETINGS = frozenset(("general conference", "general assembly", "ministerial session", "ministerial meeting",
                            "ministerial conference", "ministerial", "plenary", "annual conference", "session"))


def _register_event(state: "_State", parts: _EventParts, body: str | None) -> str:
    """The key of the event ``parts`` describe, creating or enriching its record."""
    body_rec = state.records.get(body) if body else None
    place_rec = state.records.get(parts.place) if parts.place else None
    words = [slugify(body_rec.label) if body_rec else "", slugify(parts.kind)]
    if parts.ordinal is not None:
        words.append(str(parts.ordinal))
    else:
        if parts.when is not None:
            words.append(parts.when.value[:4])
        if place_rec is not None:
            words.append(slugify(place_rec.label))
    if len([w for w in words if w]) < 3 and body_rec is None:
        words.append(slugify(parts.surface))
    key = "event/" + "-".join(w for w in words if w)
    names = _event_names(parts.kind, parts.ordinal, body_rec, place_rec, parts.surface, parts.when)
    rec = state.records.get(key)
    if rec is None:
        rec = EntityRecord(key, "Event", names[0], heads=(parts.kind.split()[-1],))
        state.records[key] = rec
    rec.aliases.update(n for n in names if n != rec.label)
    rec.organizer = rec.organizer or body
    rec.location = rec.location or parts.place
    if parts.when is not None and (rec.start is None or len(parts.when.value) > len(rec.start.value)):
        rec.start = parts.when
    return key


def _attach_events_to_main_body(state: "_State") -> None:
    """Give a body's own kind of meeting named without its body ("the online General Conference") to the body
    the article is about: the organisation it names most often."""
    counts: dict[str, int] = {}
    for r in state.refs:
        if r.kind == "Organisation":
            counts[r.key] = counts.get(r.key, 0) + 1
    if not counts:
        return
    # short references ("the Council", "the Assembly's") count for the body they will be resolved to
    for head, n in _short_references(state.text).items():
        bodies = [k for k in counts if head in (state.records[k].heads or ())]
        if len(bodies) == 1:
            counts[bodies[0]] += n
    main = max(sorted(counts), key=lambda k: counts[k])
    for key, parts in list(state.event_parts.items()):
        rec = state.records.get(key)
        if rec is None or rec.organizer is not None or parts.kind.replace("founding ", "") not in _BODY_MEETINGS:
            continue
        body = _body_before_in_sentence(state, key) or (main if counts[main] >= 2 else None)
        if body is None:
            continue
        new_key = _register_event(state, parts, body)
        if new_key == key:
            continue
        state.records[new_key].aliases.update(rec.aliases | {rec.label})
        del state.records[key]
        state.refs = [replace(r, key=new_key) if r.key == key else r for r in state.refs]


_SHORT_REFERENCE = re.compile(r"\b[Tt]he ([A-Z][a-z]+)\b(?!\s+(?:of|for|on)\b)(?!\s+[A-Z])")


def _short_references(text: str) -> dict[str, int]:
    """How often each head noun is used alone as a name: "the Council" (not "the Council of ...")."""
    out: dict[str, int] = {}
    for mo in _SHORT_REFERENCE.finditer(text):
        head = mo.group(1).lower()
        if head in lx.ORG_HEADS:
            out[head] = out.get(head, 0) + 1
    return out


def _body_before_in_sentence(state: "_State", event_key: str) -> str | None:
    """The cooperation body named last before the event's first mention in the same sentence ("ministers of
    the Council of the Baltic Sea States met for the ministerial session"). National bodies (with a country)
    do not hold such meetings."""
    first = min((r for r in state.refs if r.key == event_key), key=lambda r: r.start, default=None)
    if first is None:
        return None
    sentence = state.sentence_at(first.start)
    if sentence is None:
        return None
    before = [r for r in state.refs if r.kind == "Organisation" and sentence.start <= r.start and r.end <= first.start
              and state.records.get(r.key) is not None and state.records[r.key].country is None]
    return max(before, key=lambda r: r.start).key if before else None


def _merge_vague_events(state: "_State") -> None:
    """"The CBSS ministerial session" in a headline and "the ministerial session of the CBSS in Tallinn on
    Friday" in the body are one event: a mention that gives no date, place or number joins the one event of the
    same body and kind that does, when there is exactly one."""
    by_kind: dict[tuple, list[str]] = {}
    for key, parts in state.event_parts.items():
        rec = state.records.get(key)
        if rec is not None:
            by_kind.setdefault((rec.organizer, parts.kind), []).append(key)
    for (organizer, _), keys in by_kind.items():
        if organizer is None or len(keys) < 2:
            continue
        vague = [k for k in keys if state.event_parts[k].ordinal is None and state.event_parts[k].when is None
                 and state.event_parts[k].place is None]
        specific = [k for k in keys if k not in vague]
        if len(specific) != 1:
            continue
        target = state.records[specific[0]]
        for k in vague:
            target.aliases.update(state.records[k].aliases | {state.records[k].label})
            del state.records[k]
            state.refs = [replace(r, key=specific[0]) if r.key == k else r for r in state.refs]


def _roman_to_int(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _event_names(kind: str, ordinal, body, place, surface: str, when: DateValue | None) -> list[str]:
    """The preferred name of an event and the conventional variants news uses for it.

    Only names that single out this event are produced: an event with an ordinal or a
    place does not also get the bare "ministerial session of the X", which would name
    every session of the body.
    """
    names: list[str] = []
    title = " ".join(w.capitalize() if w not in ("of", "the", "in") else w for w in kind.split())
    ord_s = _ordinal_suffix(ordinal) if ordinal is not None else None
    abbrs = sorted((a for a in body.aliases if a.isupper() and len(a) <= 8), key=len)[:1] if body else []
    specific = ord_s is not None or place is not None
    if not body:
        # a proper name before the kind: "the XIII Baltic Sea States Summit in Vilnius"
        at = re.search(r"\b" + re.escape(kind.split()[0]) + r"\b", surface, re.I)
        words = surface[:at.start()].split() if at else []
        while words and (words[0].lower() in ("the", "a", "an", "its", "their") or lx.ROMAN.match(words[0])
                         or lx.ARABIC_ORDINAL.match(words[0]) or words[0].lower() in lx.ORDINAL_WORDS):
            words.pop(0)
        if words and all(w[:1].isupper() for w in words):
            lead = " ".join(words)
            names.append(f"{ord_s} {lead} {title}" if ord_s else f"{lead} {title}")
    if body and ord_s:
        names.append(f"{ord_s} {title} of the {body.label}")
        names.extend(f"{ord_s} {a} {title}" for a in abbrs)
        names.append(f"{ord_s} {kind}")
    if body and place:
        names.append(f"{body.label} {kind} in {place.label}")
        names.extend(f"{a} {kind} in {place.label}" for a in abbrs)
    if place:
        names.append(f"{kind.capitalize()} in {place.label}")
    if ord_s and not body:
        names.append(f"{ord_s} {kind}")
    if body and not specific:
        names.append(f"{kind.capitalize()} of the {body.label}")
        names.extend(f"{a} {kind}" for a in abbrs)
    if body and when is not None:
        names.extend(f"{a} {title} {when.year}" for a in abbrs)
        names.append(f"{body.label} {kind} {when.year}")
    names.append(re.sub(r"^(?:the|a|an|its|their)\s+", "", surface, flags=re.I))
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return out


class _CorefResolver:
    """Resolves pronouns, definite descriptions, acronyms and capitals to entities named before."""

    _PRONOUN = re.compile(r"\b(he|she|He|She|his|her|His|Her)\b")
    _DEFINITE = re.compile(
        r"\b(?:the|The)\s+(?:(?:rotating|permanent|international|new|regional|intergovernmental|"
        r"inter-parliamentary|same)\s+)*"
        r"(?:(?:closing|opening|final|annual|founding|ministerial|high-level|online)\s+)*"
        r"((?i:minister|president|mayor|secretary general|director general|chair|chairman|speaker|"
        r"council|union|commission|assembly|conference|forum|network|organisation|organization|body|"
        r"euroregion|dimension|partnership|task force|committee|parliament|bloc|association|meeting|ministry|"
        r"government|"
        r"session|summit|general conference))\b(?!\s+of\b)(?![\w-])"
    )
    _CAPITAL_CONTEXT = re.compile(
        r"^(?:(?:'s|’s)\s+(?:\w+\s+){0,2}(?:presidency|chairmanship|term|spell|position|stance|view|policy|"
        r"delegation|turn)|\s+(?:(?:instead|also|then|now|later|again|already|still|\w+ly)\s+)?(?:has|have|had|will|would|is|was|wants|said|says|announced|insists|"
        r"presided|chaired|led|coordinated|took|takes|holds|held|hopes|believes|considers|argues|"
        r"withdrew|left|suspended|proposed|intends|plans|remains|continues|can|could|should|may|might)\b)"
    )

    def __init__(self, state: _State, gazetteer: Gazetteer):
        self.state = state
        self.gazetteer = gazetteer

    _PLACE_NOUN = re.compile(r"\b[Tt]he\s+(?:[A-Z][\w-]+\s+)?(region|county|voivodeship|province|city|town|municipality)\b"
                             r"(?!\s+(?:of|council|government|administration)\b)")

    def resolve(self) -> list[Ref]:
        state = self.state
        refs = sorted(state.refs, key=lambda r: (r.start, -r.end))
        refs = self._capitals(refs)
        out = list(refs)
        for m in self._PLACE_NOUN.finditer(state.text):
            if any(r.start <= m.start(1) < r.end for r in refs):
                continue
            kinds = ("City",) if m.group(1) in ("city", "town", "municipality") else ("Region",)
            demonym = next((r for r in refs if r.kind == "Demonym" and m.start() <= r.start < m.end()), None)
            candidates = [r for r in out if r.end <= m.start() and r.kind in kinds]
            if demonym is not None:
                candidates = [r for r in candidates
                              if (state.records.get(r.key) and state.records[r.key].country == demonym.key)]
            target = max(candidates, key=lambda r: r.start) if candidates else None
            if target is not None and m.start() - target.end < 600:
                out = [r for r in out if not (m.start() <= r.start and r.end <= m.end() and r.kind == "Demonym")]
                out.append(Ref(m.start(), m.end(), m.group(0), target.kind, target.key, "coref"))
        for m in self._PRONOUN.finditer(state.text):
            if any(r.start <= m.start() < r.end for r in refs):
                continue
            person = self._last(out, m.start(), ("Person",))
            if person is not None:
                out.append(Ref(m.start(), m.end(), m.group(1), "Person", person.key, "coref"))
        for m in self._DEFINITE.finditer(state.text):
            if any(r.start <= m.start(1) < r.end for r in refs):
                continue
            word = m.group(1).lower()
            target = self._definite_target(out, m.start(), word)
            if target is not None:
                rec = state.records[target.key]
                out.append(Ref(m.start(), m.end(), m.group(0), rec.kind, target.key, "coref"))
        return sorted(out, key=lambda r: (r.start, -r.end))

    def _capitals(self, refs: list[Ref]) -> list[Ref]:
        """Capitals used as political actors ("Moscow will coordinate") stand for their state, except where the
        body in question is one of cities ("Tallinn took over the presidency of the Union of the Baltic Cities")."""
        out = []
        for r in refs:
            if r.kind == "City" and r.source == "gazetteer":
                country = self.gazetteer.country_of_capital(r.key)
                after = self.state.text[r.end:r.end + 60]
                if country is not None and self._CAPITAL_CONTEXT.match(after) and not self._city_body_near(refs, r):
                    rec = self.state.records.get(country.key)
                    if rec is None:
                        rec = EntityRecord(country.key, country.kind, country.label, wikidata=country.wikidata)
                        self.state.records[country.key] = rec
                    out.append(Ref(r.start, r.end, r.text, "Country", country.key, "metonym"))
                    continue
            out.append(r)
        return out

    def _city_body_near(self, refs: list[Ref], city: Ref) -> bool:
        """Whether the first body named after the city, close by in its clause, is a body of cities."""
        following = sorted((r for r in refs if r.kind == "Organisation" and city.end <= r.start < city.end + 80),
                           key=lambda r: r.start)
        if not following or re.search(r"[.;]", self.state.text[city.end:following[0].start]):
            return False
        label = self.state.records[following[0].key].label.lower()
        return bool(re.search(r"\b(?:cities|city|municipal\w*|metropol\w*|towns)\b", label))

    @staticmethod
    def _last(refs: list[Ref], before: int, kinds: Iterable[str]) -> Ref | None:
        kinds = tuple(kinds)
        best = None
        for r in refs:
            if r.end <= before and r.kind in kinds and (best is None or r.start > best.start):
                best = r
        return best

    def _definite_target(self, refs: list[Ref], before: int, word: str) -> Ref | None:
        state = self.state
        prior = sorted((r for r in refs if r.end <= before and r.kind != "Demonym"), key=lambda r: r.start)
        if word in ("minister", "president", "mayor", "secretary general", "director general", "chair", "chairman",
                    "speaker"):
            persons = [r for r in prior if r.kind == "Person"]
            for r in reversed(persons):
                if word in " ".join(state.records[r.key].titles).lower():
                    return r
            # "the president" of a body may be the body's chair, not a person named before
            if word in ("minister",) and persons:
                return persons[-1]
            return None
        if word in ("meeting", "session", "summit", "general conference"):
            events = [r for r in prior if r.kind == "Event"]
            return events[-1] if events else None
        orgs = [r for r in prior if r.kind == "Organisation"]
        if word in ("organisation", "organization", "body", "bloc"):
            return orgs[-1] if orgs else None
        if word == "network":
            for r in reversed(orgs):
                if {"network", "union", "association"} & set(state.records[r.key].heads):
                    return r
            return orgs[-1] if orgs else None
        if word == "conference":
            for r in reversed([x for x in prior if x.kind in ("Organisation", "Event")]):
                if "conference" in state.records[r.key].heads or r.kind == "Event" and "conference" in r.text.lower():
                    return r
            return None
        for r in reversed(orgs):
            if word in state.records[r.key].heads:
                return r
        return None
