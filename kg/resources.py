"""Where the data files that ship with baltic-kg live.

In an installed wheel the ontology and the gazetteer sit in ``kg/_resources``;
in a source checkout (an editable install) they are the project's own
``ontology/`` and ``data/gazetteer/`` folders.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["resource_dir", "ontology_file", "gazetteer_file"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
_LAYOUT = {"ontology": "ontology", "gazetteer": "data/gazetteer"}


def resource_dir(name: str) -> Path:
    """The folder holding the resource ``name`` ("ontology" or "gazetteer")."""
    installed = _PACKAGE / "_resources" / name
    if installed.is_dir():
        return installed
    return _CHECKOUT / _LAYOUT[name]


def ontology_file(name: str = "kg.ttl") -> Path:
    return resource_dir("ontology") / name


def gazetteer_file(name: str = "gazetteer.yaml") -> Path:
    return resource_dir("gazetteer") / name
