"""From an article to typed facts.

>>> from kg.extract import Extractor
>>> extractor = Extractor()                        # loads the bundled gazetteer once
>>> extraction = extractor.extract(article)        # doctest: +SKIP

The stages, in order: the publication date is settled (a dateline without a
year is dated from the text), the text is split into sentences, dates are
found and resolved, entities are found and references resolved, then
relations and statements are read. :class:`kg.model.Extraction` holds the
result; nothing here touches RDF.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from kg.errors import ExtractionError
from kg.extract.mentions import EntityRecord, MentionFinder, Mentions
from kg.extract.quotes import read_statements
from kg.extract.relations import RelationReader
from kg.extract.temporal import find_dates, infer_year
from kg.extract.text import segment
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Entity, Extraction, Mention

__all__ = ["Extractor", "extract", "resolve_publication_date"]


def resolve_publication_date(article: Article) -> Article:
    """The article with ``published`` set, inferring the year of a dateline that has none."""
    if article.published is not None or article.dateline is None:
        return article
    dl = article.dateline
    if dl.month is None or dl.day is None:
        return article
    # the whole text: a headline often dates the news ("CBSS turns 30"), and find_dates reads the same text,
    # so its analysis is reused
    year = infer_year(dl.month, dl.day, article.text)
    if year is None:
        return article
    try:
        published = date(year, dl.month, dl.day)
    except ValueError:
        return article
    return dataclasses.replace(article, published=published, published_inferred=True)


class Extractor:
    """Reads articles into :class:`kg.model.Extraction` values.

    Args:
        gazetteer: the known entities; the bundled gazetteer by default.
    """

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer()
        self.finder = MentionFinder(self.gazetteer)

    def extract(self, article: Article) -> Extraction:
        """Everything one article says, as typed facts.

        Raises:
            ExtractionError: when the article cannot be processed.
        """
        try:
            return self._extract(resolve_publication_date(article))
        except ExtractionError:
            raise
        except Exception as exc:  # one article's failure is reported, never lost silently
            raise ExtractionError(article.id, f"{type(exc).__name__}: {exc}") from exc

    def _extract(self, article: Article) -> Extraction:
        text = article.text
        paragraphs, sentences = segment(text, article.body_start, self.finder.nlp)
        dates = find_dates(text, article.published)
        mentions = self.finder.find(text, paragraphs, sentences, dates, article.published)
        memberships, posts, participations = RelationReader(text, sentences, mentions, dates, article.published).read()
        statements = read_statements(text, sentences, mentions, dates, article.published)
        used = {m.member for m in memberships} | {m.organization for m in memberships}
        used |= {p.person for p in posts} | {p.of for p in posts if p.of}
        used |= {p.participant for p in participations} | {p.event for p in participations}
        used |= {s.speaker for s in statements}
        named = {r.key for r in mentions.refs if r.is_name or r.source == "metonym"}
        for key in list(named):
            rec = mentions.records.get(key)
            if rec is not None and rec.kind == "Event" and rec.location:
                used.add(rec.location)
        keys = sorted((named | used) & set(mentions.records))
        entities = tuple(_entity(mentions.records[k], self.gazetteer) for k in keys)
        kinds = {e.key: e.kind for e in entities}
        mention_list = tuple(
            Mention(r.start, r.end, r.text, r.kind, r.key, r.source)
            for r in mentions.refs if r.key in kinds and r.kind != "Demonym"
        )
        return Extraction(
            article=article,
            entities=entities,
            mentions=mention_list,
            memberships=tuple(memberships),
            posts=tuple(posts),
            participations=tuple(participations),
            statements=tuple(statements),
        )


def _entity(rec: EntityRecord, gazetteer: Gazetteer) -> Entity:
    """The entity of a record; a known entity also carries the gazetteer's names for it, so that a query can find
    it by any of them (an abbreviation the article did not use, say)."""
    known = gazetteer.get(rec.key)
    names = set(rec.aliases) | (set(known.names()) if known is not None else set())
    aliases = tuple(sorted(a for a in names if a and a != rec.label))
    return Entity(key=rec.key, kind=rec.kind, label=rec.label, aliases=aliases, wikidata=rec.wikidata,
                  start=rec.start, end=rec.end, location=rec.location, part_of=rec.organizer or rec.parent)


def extract(article: Article, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract one article with a fresh :class:`Extractor` (use an Extractor for many articles)."""
    return Extractor(gazetteer).extract(article)
