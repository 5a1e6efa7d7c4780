"""The typed values that flow between the stages of baltic-kg.

Ingest produces :class:`Article`; extraction turns an article into an
:class:`Extraction` of entities and facts; :mod:`kg.rdf` maps an extraction to
RDF. Extractors never touch rdflib and the RDF mapping never reads raw text:
these frozen dataclasses are the boundary between the two.

Character offsets (``start``, ``end``) always index ``Article.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "Article",
    "Dateline",
    "DateValue",
    "EntityKind",
    "ENTITY_KINDS",
    "Mention",
    "Entity",
    "Membership",
    "PostHeld",
    "Participation",
    "Statement",
    "Extraction",
    "Modality",
    "MODALITIES",
]

EntityKind = Literal["Person", "Organisation", "Country", "City", "Region", "Event"]
ENTITY_KINDS: tuple[str, ...] = ("Person", "Organisation", "Country", "City", "Region", "Event")

Modality = Literal["Asserted", "Planned", "Hoped", "Proposed", "Denied"]
MODALITIES: tuple[str, ...] = ("Asserted", "Planned", "Hoped", "Proposed", "Denied")


@dataclass(frozen=True)
class Dateline:
    """The opening of a wire story: ``MOSCOW, October 29. /TASS/.``.

    Attributes:
        place: the place as printed ("MOSCOW").
        month: month number, when the dateline prints a date.
        day: day of the month, when the dateline prints a date.
        agency: the agency in the dateline ("TASS", "Baltic Wire"), if any.
    """

    place: str
    month: int | None = None
    day: int | None = None
    agency: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article, whatever format it came in.

    Attributes:
        id: stable identifier (front matter ``id``, JSONL ``id``, else the file stem).
        text: the text facts are read from: the headline, a blank line, then the body.
            A dateline is removed from the body and kept in ``dateline``.
        body_start: offset in ``text`` where the body begins (0 when there is no headline).
        title: the headline, if any.
        published: publication date; for a dateline without a year it is inferred from the text.
        published_inferred: True when ``published`` was worked out from the text.
        publisher: the outlet ("TASS", "Baltic Wire").
        url: canonical address, if known.
        lang: language code.
        dateline: the parsed dateline, if the article had one.
        source: where it was read from: a path, plus ``#id`` for a JSON Lines record.
        format: "text", "markdown", "html" or "jsonl".
    """

    id: str
    text: str
    body_start: int = 0
    title: str | None = None
    published: date | None = None
    published_inferred: bool = False
    publisher: str | None = None
    url: str | None = None
    lang: str = "en"
    dateline: Dateline | None = None
    source: str = ""
    format: str = "text"

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass(frozen=True, order=True)
class DateValue:
    """A calendar date kept at the precision the text gives.

    ``value`` is ISO 8601 at that precision: "2023", "2023-07" or "2023-07-01".
    """

    value: str

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return {4: "year", 7: "month"}.get(len(self.value), "day")  # type: ignore[return-value]

    @property
    def year(self) -> int:
        return int(self.value[:4])

    def first_day(self) -> date:
        """The first day the value covers (1 January for a year)."""
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    def last_day(self) -> date:
        """The last day the value covers (31 December for a year)."""
        if self.precision == "day":
            return self.first_day()
        if self.precision == "year":
            return date(self.year, 12, 31)
        y, m = self.year, int(self.value[5:7])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    @classmethod
    def of(cls, d: date) -> "DateValue":
        return cls(d.isoformat())

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Mention:
    """A stretch of text naming an entity.

    Attributes:
        start, end: character offsets into ``Article.text``.
        text: the surface form.
        kind: the entity kind.
        key: the identifier of the entity it names (see :class:`Entity`).
        source: what found it: "gazetteer", "pattern", "acronym", "coref".
    """

    start: int
    end: int
    text: str
    kind: str
    key: str
    source: str = "gazetteer"


@dataclass(frozen=True)
class Entity:
    """A real-world thing an article talks about.

    Attributes:
        key: a stable identifier, ``kind/slug`` (for instance ``org/cbss``); the same
            thing gets the same key in every article, which makes it one node.
        kind: one of :data:`ENTITY_KINDS`.
        label: the preferred English name.
        aliases: other names: abbreviations, spellings, the forms the text used.
        wikidata: a Wikidata ID ("Q789769"), when known.
        start, end: for events, the dates they took place.
        location: for events, the key of the place they were held.
        part_of: for sub-bodies and events, the key of the parent body.
    """

    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    location: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Membership:
    """An n-ary membership: a chairmanship, a membership or an observer seat.

    Attributes:
        member: key of who is the member or who chairs.
        organization: key of the body.
        role: "Chair", "Member" or "Observer".
        start, end: the period, as precise as the text gives it.
        status: "Active", "Suspended" or "Withdrawn" when the text says; else None.
        modality: how the text holds it (asserted, planned ...).
        evidence: offsets of the sentence the fact was read from.
    """

    member: str
    organization: str
    role: str
    evidence: tuple[int, int]
    start: DateValue | None = None
    end: DateValue | None = None
    status: str | None = None
    modality: str = "Asserted"


@dataclass(frozen=True)
class PostHeld:
    """A person holding a post: ``title`` in ``of`` (a country, city or organisation)."""

    person: str
    title: str
    evidence: tuple[int, int]
    of: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participation:
    """A person, state or organisation taking part in or hosting an event."""

    participant: str
    event: str
    evidence: tuple[int, int]
    hosted: bool = False


@dataclass(frozen=True)
class Statement:
    """Words a speaker said, quoted directly.

    Attributes:
        speaker: key of the speaker.
        text: the quoted words (parts of a split quotation joined by a space).
        evidence: offsets of the quotation and its attribution.
        date: the day the words were said, when the text tells it.
        modality: "Hoped", "Proposed", "Planned" when the words say so; else "Asserted".
    """

    speaker: str
    text: str
    evidence: tuple[int, int]
    date: DateValue | None = None
    modality: str = "Asserted"


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    memberships: tuple[Membership, ...] = ()
    posts: tuple[PostHeld, ...] = ()
    participations: tuple[Participation, ...] = ()
    statements: tuple[Statement, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
