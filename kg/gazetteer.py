"""The gazetteer: known people, bodies, countries, cities and regions.

The data lives in ``data/gazetteer/gazetteer.yaml`` (see :func:`kg.resources.gazetteer_file`),
which ``scripts/build_gazetteer.py`` generates from the project's reference facts
(``data/reference/baltic_reference.yaml``) and a hand-curated supplement
(``data/gazetteer/supplement.yaml``). Do not edit the generated file by hand.

Each entry has a stable key (``org/cbss``, ``country/russia``, ``city/gdansk``,
``person/sergey-lavrov`` ...), a kind, a preferred English label and the English
surface forms it goes by. Lookups try the exact surface form first, then a
normalised form that ignores case, diacritics and a leading "the"::

    >>> gaz = load_gazetteer()
    >>> gaz.lookup("St. Petersburg").key
    'city/saint-petersburg'
    >>> gaz.by_demonym("Danish").key
    'country/denmark'
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kg.errors import KGError
from kg.resources import gazetteer_file

__all__ = [
    "GAZETTEER_KINDS",
    "KEY_PREFIXES",
    "GazetteerEntry",
    "Gazetteer",
    "load_gazetteer",
    "ascii_fold",
    "normalise_name",
]

#: The entity kinds a gazetteer entry may have, with the prefix of their keys.
KEY_PREFIXES: Mapping[str, str] = MappingProxyType({
    "Person": "person",
    "Organisation": "org",
    "Country": "country",
    "City": "city",
    "Region": "region",
})
GAZETTEER_KINDS: tuple[str, ...] = tuple(KEY_PREFIXES)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Letters NFKD does not decompose into an ASCII base letter plus marks.
_FOLD_TABLE = MappingProxyType(str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
}))
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+")


def ascii_fold(text: str) -> str:
    """``text`` with diacritics removed and special letters spelled in ASCII.

    Case is kept: ``"Tromsø"`` -> ``"Tromso"``, ``"Gdańsk"`` -> ``"Gdansk"``,
    ``"Reykjanesbær"`` -> ``"Reykjanesbaer"``. Typographic quotes and dashes
    become ASCII ones. Characters with no ASCII form (Cyrillic ...) are kept.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """The form names are compared in: folded, case-folded, single-spaced, no leading "the"."""
    folded = _SPACES.sub(" ", ascii_fold(name).casefold()).strip()
    return _LEADING_THE.sub("", folded)


@dataclass(frozen=True)
class GazetteerEntry:
    """One known thing.

    Attributes:
        key: stable identifier, ``prefix/slug`` (``org/cbss``).
        kind: "Person", "Organisation", "Country", "City" or "Region".
        label: preferred English name.
        aliases: other English surface forms (abbreviations, spellings, ASCII forms).
        wikidata: Wikidata ID, only where the reference gives one with enough confidence.
        heads: lower-case head nouns a short reference uses ("council" for "the Council").
        parent: key of the parent body, for sub-bodies (a secretariat).
        country: key of the country, for places, people and national bodies.
        demonyms: for countries, the adjectives ("Russian", "Danish").
        capital: for countries, the key of the capital city.
        source: where the entry comes from (a URL, or ``reference:...``/``supplement``).
    """

    key: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    heads: tuple[str, ...] = ()
    parent: str | None = None
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    source: str | None = None

    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases."""
        return (self.label, *self.aliases)


class Gazetteer:
    """Entries by key, with lookups by name, demonym and capital.

    Raises:
        KGError: two entries share a key, or one name (after normalisation)
            belongs to two entries.
    """

    entries: dict[str, GazetteerEntry]

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self.entries = {}
        self._exact: dict[str, GazetteerEntry] = {}
        self._normal: dict[str, GazetteerEntry] = {}
        self._demonyms: dict[str, GazetteerEntry] = {}
        self._capitals: dict[str, GazetteerEntry] = {}
        for entry in entries:
            if entry.key in self.entries:
                raise KGError(f"gazetteer: duplicate key {entry.key!r}")
            self.entries[entry.key] = entry
        for entry in self.entries.values():
            for name in entry.names():
                norm = normalise_name(name)
                other = self._normal.setdefault(norm, entry)
                if other is not entry:
                    raise KGError(f"gazetteer: name {name!r} belongs to both {other.key} and {entry.key}")
                self._exact.setdefault(name, entry)
            for adjective in entry.demonyms:
                self._demonyms.setdefault(normalise_name(adjective), entry)
            if entry.capital:
                self._capitals.setdefault(entry.capital, entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def get(self, key: str) -> GazetteerEntry | None:
        """The entry with this key, if any."""
        return self.entries.get(key)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry a surface form names: exact match first, then the normalised form.

        ``"the Netherlands"``, ``"gdansk"`` and ``"Gdańsk"`` all find ``city/gdansk``
        or ``country/netherlands`` respectively.
        """
        found = self._exact.get(name)
        if found is None:
            found = self._normal.get(normalise_name(name))
        return found

    def by_demonym(self, adjective: str) -> GazetteerEntry | None:
        """The country an adjective refers to: "Russian" -> Russia, "Danish" -> Denmark."""
        return self._demonyms.get(normalise_name(adjective))

    def country_of_capital(self, city_key: str) -> GazetteerEntry | None:
        """The country whose capital is ``city_key`` (``city/moscow`` -> Russia)."""
        return self._capitals.get(city_key)

    def by_kind(self, kind: str) -> tuple[GazetteerEntry, ...]:
        """All entries of one kind, in key order."""
        return tuple(e for k, e in sorted(self.entries.items()) if e.kind == kind)

    def surface_forms(self) -> Iterator[tuple[str, GazetteerEntry]]:
        """Every (name, entry) pair, label and aliases, in key order (for a phrase matcher)."""
        for key in sorted(self.entries):
            entry = self.entries[key]
            for name in entry.names():
                yield name, entry


def _strings(value: Any, field: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KGError(f"{where}: {field} must be a list of non-empty strings")
    return tuple(value)


def _optional(value: Any, field: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise KGError(f"{where}: {field} must be a non-empty string")
    return value


def entry_from_mapping(data: Mapping[str, Any], where: str = "gazetteer") -> GazetteerEntry:
    """Build an entry from one ``entries:`` item, checking its shape.

    Raises:
        KGError: a missing key, kind or label, an unknown kind, or a key whose
            prefix does not match the kind.
    """
    if not isinstance(data, Mapping):
        raise KGError(f"{where}: an entry must be a mapping, not {type(data).__name__}")
    key = data.get("key")
    if not isinstance(key, str) or "/" not in key:
        raise KGError(f"{where}: entry without a valid key: {dict(data)!r}")
    where = f"{where}: {key}"
    kind = data.get("kind")
    if kind not in KEY_PREFIXES:
        raise KGError(f"{where}: unknown kind {kind!r}")
    if key.split("/", 1)[0] != KEY_PREFIXES[kind]:
        raise KGError(f"{where}: key prefix does not match kind {kind}")
    label = data.get("label")
    if not isinstance(label, str) or not label.strip():
        raise KGError(f"{where}: missing label")
    return GazetteerEntry(
        key=key,
        kind=kind,
        label=label,
        aliases=_strings(data.get("aliases"), "aliases", where),
        wikidata=_optional(data.get("wikidata"), "wikidata", where),
        heads=_strings(data.get("heads"), "heads", where),
        parent=_optional(data.get("parent"), "parent", where),
        country=_optional(data.get("country"), "country", where),
        demonyms=_strings(data.get("demonyms"), "demonyms", where),
        capital=_optional(data.get("capital"), "capital", where),
        source=_optional(data.get("source"), "source", where),
    )


def _read(path: Path) -> Gazetteer:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KGError(f"{path}: gazetteer file not found") from None
    except OSError as exc:
        raise KGError(f"{path}: cannot read gazetteer: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KGError(f"{path}: broken gazetteer YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise KGError(f"{path}: gazetteer must be a mapping with an 'entries' list")
    try:
        return Gazetteer(entry_from_mapping(item, str(path)) for item in data["entries"])
    except KGError as exc:
        message = str(exc)
        raise KGError(message if message.startswith(str(path)) else f"{path}: {message}") from None


@lru_cache(maxsize=4)
def _read_cached(path: str, mtime_ns: int, size: int) -> Gazetteer:
    return _read(Path(path))


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load the gazetteer (by default the one shipped with baltic-kg).

    The parsed gazetteer is cached per file and modification time, so repeated
    calls are cheap; treat the result as read-only.

    Raises:
        KGError: the file is missing, is not valid YAML, or has a broken entry;
            the message names the file and the problem.
    """
    target = Path(path) if path is not None else gazetteer_file()
    try:
        stat = target.stat()
    except FileNotFoundError:
        raise KGError(f"{target}: gazetteer file not found") from None
    except OSError as exc:
        raise KGError(f"{target}: cannot read gazetteer: {exc}") from exc
    return _read_cached(str(target.resolve()), stat.st_mtime_ns, stat.st_size)
