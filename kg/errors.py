"""The errors baltic-kg raises.

Every error derives from :class:`KGError`; only the command-line interface turns
one into a message and an exit status::

    KGError
    ├── IngestError       an article that cannot be read or has no usable text
    ├── ExtractionError   extraction failed on one article
    ├── OntologyError     an unknown term, or a graph that breaks the SHACL shapes
    ├── QueryError        an unknown query name or bad SPARQL
    └── StoreError        output that cannot be written
"""
from __future__ import annotations

__all__ = ["KGError", "IngestError", "ExtractionError", "OntologyError", "QueryError", "StoreError"]


class KGError(Exception):
    """Base class for every error baltic-kg raises."""


class IngestError(KGError):
    """An article file that cannot be read, parsed or has no text.

    Args:
        path: the file (and ``#id`` for a JSON Lines record) that failed.
        reason: what is wrong with it.
    """

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ExtractionError(KGError):
    """Extraction failed on one article."""

    def __init__(self, article_id: str, reason: str):
        self.article_id = article_id
        self.reason = reason
        super().__init__(f"{article_id}: {reason}")


class OntologyError(KGError):
    """An unknown ontology term, or a graph that does not conform to the shapes."""


class QueryError(KGError):
    """An unknown library query, a missing parameter or invalid SPARQL."""


class StoreError(KGError):
    """Output that cannot be written or read."""
