"""baltic-kg: knowledge graphs of Baltic Sea cooperation bodies, built from news."""
from __future__ import annotations

from kg.errors import ExtractionError, IngestError, KGError, OntologyError, QueryError, StoreError
from kg.model import Article, Extraction

__all__ = [
    "Article",
    "Extraction",
    "KGError",
    "IngestError",
    "ExtractionError",
    "OntologyError",
    "QueryError",
    "StoreError",
]
__version__ = "0.1.0"
