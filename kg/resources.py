"""Where the data files that ship with baltic-kg live.

In an installed wheel the ontology, the gazetteer and the reference record sit
in ``kg/_resources``; in a source checkout (an editable install) they are the
project's own ``ontology/``, ``data/gazetteer/`` and ``data/reference/`` folders.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["resource_dir", "ontology_file", "gazetteer_file", "record_file"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_LAYOUT = {"ontology": "ontology", "gazetteer": "data/gazetteer", "reference": "data/reference"}


def resource_dir(name: str) -> Path:
    """The folder holding the resource ``name`` ("ontology", "gazetteer" or "reference")."""
    installed = _PACKAGE / "_resources" / name
    if installed.is_dir():
        return installed
    return _CHECKOUT / _LAYOUT[name]


def ontology_file(name: str = "kg.ttl") -> Path:
    return resource_dir("ontology") / name


def gazetteer_file(name: str = "gazetteer.yaml") -> Path:
    return resource_dir("gazetteer") / name


def record_file(name: str = "record.yaml") -> Path:
    """The reference record: what the bodies' own sources say happened."""
    return resource_dir("reference") / name
