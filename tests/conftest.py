from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Extractor
from kg.model import Article, Extraction


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def make_article(body: str, published: date | None = date(2024, 5, 17), title: str = "A headline",
                 article_id: str = "t1") -> Article:
    text = f"{title}\n\n{body}" if title else body
    return Article(id=article_id, text=text, body_start=len(title) + 2 if title else 0, title=title,
                   published=published, publisher="Test Wire", source=f"{article_id}.txt")


@pytest.fixture
def read(extractor):
    """Extract a body of text published on a given day; returns a small view for assertions."""

    def _read(body: str, published: date | None = date(2024, 5, 17), title: str = "A headline") -> "Facts":
        return Facts(extractor.extract(make_article(body, published, title)))

    return _read


class Facts:
    """An extraction seen through the labels of its entities, for readable assertions."""

    def __init__(self, ex: Extraction):
        self.ex = ex
        self.label = {e.key: e.label for e in ex.entities}

    def entities(self, kind: str | None = None) -> set[str]:
        return {e.label for e in self.ex.entities if kind is None or e.kind == kind}

    def entity(self, label: str):
        return next(e for e in self.ex.entities if e.label == label)

    def chairs(self) -> set[tuple]:
        return {(self.label[m.member], self.label[m.organization], m.start and m.start.value, m.end and m.end.value,
                 m.modality) for m in self.ex.memberships if m.role == "Chair"}

    def members(self) -> set[tuple]:
        return {(self.label[m.member], self.label[m.organization], m.role, m.status)
                for m in self.ex.memberships if m.role != "Chair"}

    def posts(self) -> set[tuple]:
        return {(self.label[p.person], p.title, self.label.get(p.of)) for p in self.ex.posts}

    def participations(self) -> set[tuple]:
        return {(self.label[p.participant], self.label[p.event]) for p in self.ex.participations}

    def statements(self) -> list[tuple]:
        return [(self.label[s.speaker], s.text, s.date and s.date.value, s.modality) for s in self.ex.statements]
