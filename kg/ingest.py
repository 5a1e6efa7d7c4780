"""Read news articles from files into :class:`~kg.model.Article` values.

Four input formats are understood, chosen by the file suffix:

``.txt``
    Plain news text: the headline on the first line, then the body. A wire
    dateline opening the body (``MOSCOW, October 29. /TASS/.``,
    ``STOCKHOLM, July 1 (Baltic Wire) -``, ``HELSINKI (AP) -``) is removed from
    the text and parsed into a :class:`~kg.model.Dateline`; its agency becomes
    the publisher. Site crumbs before the headline ("All news") and a
    standfirst between the headline and the dateline are dropped. A ``.txt``
    file that starts with ``---`` carries YAML front matter (see ``.md``).
``.md`` / ``.markdown``
    YAML front matter (``title``, ``published``, ``publisher``, ``url``, ``id``,
    ``lang``) between ``---`` lines, then a Markdown body whose markup is
    stripped (headings' ``#``, emphasis markers, link syntax, images, HTML
    comments) while the words are kept.
``.html`` / ``.htm``
    A web page, parsed with :mod:`lxml.html`. Metadata comes from the
    ``<article>`` headline, Open Graph / ``article:`` meta tags, ``<time>``,
    the canonical link and ``<html lang>``; the body from the ``<article>``
    element (else ``[itemprop=articleBody]``, ``<main>``, else the ``<div>``
    with the most paragraph text) with navigation, asides, footers, scripts,
    bylines, related-story and share boxes removed.
``.jsonl``
    JSON Lines: one object per line with ``id``, ``title``, ``text``,
    ``published``, ``publisher``, ``url`` and optional ``lang``.

Whatever the format, ``Article.text`` is the headline, a blank line, then the
body paragraphs separated by blank lines (whitespace inside a paragraph is
collapsed to single spaces; no other character is changed).

Decisions on points the formats leave open:

* Encoding: files are decoded as UTF-8 (a UTF-8 BOM is dropped; a UTF-16 BOM
  is honoured). Text that is not valid UTF-8 is **not** guessed at (cp1252 and
  latin-1 decode any byte string, so a fallback could silently garble text):
  it is reported as "not UTF-8 text". HTML is the exception, because HTML
  declares its encoding: a ``<meta charset>`` (or ``http-equiv``) declaration
  is honoured (latin-1 labels are read as windows-1252, as browsers do).
* Content with NUL bytes (and no UTF-16 BOM) is binary and rejected.
* The size limit is :data:`MAX_BYTES` (20 MiB).
* Plain text: the dateline is looked for at the start of the first five
  blank-line separated blocks (or on the line right under the headline); the
  headline is the first line of more than three words before it. A file
  holding a single paragraph and no dateline has no headline: the paragraph
  is the body. Known site crumbs ("All news") opening a file are skipped.
  A body without any blank line whose lines are long (over 100 characters)
  is read as one paragraph per line; otherwise lines of a block are joined.
* A ``.txt`` with front matter keeps its body as plain paragraphs (no
  Markdown stripping); a first paragraph repeating the title is dropped.
* A dateline is also recognised (and removed) at the start of the first body
  paragraph of Markdown, HTML and JSON Lines articles. A title-case place
  ("Stockholm") needs a printed date to count as a dateline; an upper-case
  place ("HELSINKI (AP) -") may carry just an agency. A dateline that prints
  a year gives ``published`` when no metadata does.
* A JSON Lines record without ``id`` gets ``<file stem>-<line number>``.
  A repeated id in one file is an error for the later line.
* Publication dates that cannot be read are an error in front matter and
  JSON Lines (authored metadata), but are skipped in HTML, where the next
  source (``<time>``, ``meta[name=date]`` ...) is tried.
* HTML drops ``<figure>``/``<figcaption>`` along with the other boilerplate.
  When dropping by class leaves no text (a wrapper whose class happens to
  contain "meta"), the body is read again dropping by tag only.
* :func:`iter_articles` reads each file once per call, even when it is named
  twice or reached through two symlinks; symlinked folders are followed, but
  a folder already visited (a symlink loop) is not entered again.
"""
from __future__ import annotations

import codecs
import copy
import html as html_lib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import yaml

from kg.errors import IngestError
from kg.model import Article, Dateline

__all__ = [
    "SUPPORTED_SUFFIXES",
    "MAX_BYTES",
    "read_article",
    "iter_articles",
    "parse_text",
    "parse_markdown",
    "parse_html",
    "parse_jsonl_record",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")

#: Largest article file read, in bytes (20 MiB).
MAX_BYTES = 20 * 1024 * 1024

_FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}

# --------------------------------------------------------------------------- #
# Public API: files
# --------------------------------------------------------------------------- #


def read_article(path: Path | str) -> list[Article]:
    """Read one file into its articles.

    A ``.jsonl`` file gives one article per good line; bad lines are skipped
    (use :func:`iter_articles` to see their errors), and the file only fails
    when it holds no good record at all.

    Args:
        path: the article file.

    Returns:
        The articles in the file, in file order (exactly one except for JSONL).

    Raises:
        IngestError: naming the file (``path:LINE`` for a JSONL line) and the
            reason it cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        raise IngestError(str(path), "is a directory, not an article file (use iter_articles)")
    if path.suffix.lower() == ".jsonl":
        articles: list[Article] = []
        first_error: IngestError | None = None
        for item in _iter_jsonl(path):
            if isinstance(item, IngestError):
                first_error = first_error or item
            else:
                articles.append(item)
        if articles:
            return articles
        raise first_error or IngestError(str(path), "no JSON records in the file")
    return [_read_single(path)]


def iter_articles(paths: Iterable[Path | str] | Path | str) -> Iterator[Article | IngestError]:
    """Read articles from files and folders, reporting failures instead of raising.

    Folders are searched recursively; the files found are read in sorted
    order of their path inside the folder. In folders, hidden files and
    folders (names starting with ".") and files with an unsupported suffix are
    skipped silently; a file named explicitly with an unsupported suffix
    yields an :class:`IngestError`. A folder without any article file yields
    an :class:`IngestError` too.

    Args:
        paths: files and folders, in the order to read them (a single path is
            accepted as well).

    Yields:
        Each article read, or the :class:`IngestError` for a file (or a JSONL
        line) that failed; one failure never stops the others.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen: set[str] = set()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files, errors = _walk_folder(root)
            yield from errors
            if not files and not errors:
                yield IngestError(
                    str(root), "folder holds no article files (" + ", ".join(SUPPORTED_SUFFIXES) + ")"
                )
                continue
            for file in files:
                yield from _read_once(file, seen)
        elif not root.exists() and not root.is_symlink():
            yield IngestError(str(root), "no such file or directory")
        elif root.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(str(root), _unsupported(root))
        else:
            yield from _read_once(root, seen)


# --------------------------------------------------------------------------- #
# Public API: parsing strings
# --------------------------------------------------------------------------- #


def parse_text(raw: str, *, source: str, default_id: str) -> Article:
    """Parse a plain-text article, or one that opens with YAML front matter.

    Args:
        raw: the file content.
        source: where it came from (used in ``Article.source`` and errors).
        default_id: the id to use when the front matter gives none.

    Returns:
        The article, with ``format="text"``.

    Raises:
        IngestError: broken front matter, or no text.
    """
    raw = _normalise_newlines(raw)
    if _starts_with_front_matter(raw):
        meta, body, _ = _split_front_matter(raw, source)
        paragraphs = [_Para(p) for p in _plain_paragraphs(body.split("\n"))]
        return _from_front_matter(meta, paragraphs, source=source, default_id=default_id,
                                  fmt="text", empty_reason="no text after the front matter")
    return _parse_plain(raw, source=source, default_id=default_id)


def parse_markdown(raw: str, *, source: str, default_id: str) -> Article:
    """Parse a Markdown article with optional YAML front matter.

    Markup that is not text is stripped; the words are kept. Without a
    ``title`` in the front matter, a heading opening the document is the
    headline; a first heading repeating the title is dropped.

    Args:
        raw: the file content.
        source: where it came from.
        default_id: the id to use when the front matter gives none.

    Returns:
        The article, with ``format="markdown"``.

    Raises:
        IngestError: broken front matter, or no text.
    """
    raw = _normalise_newlines(raw)
    meta: dict[str, Any] = {}
    body = raw
    if _starts_with_front_matter(raw):
        meta, body, _ = _split_front_matter(raw, source)
    return _from_front_matter(meta, _markdown_paragraphs(body), source=source,
                              default_id=default_id, fmt="markdown",
                              empty_reason="no text in the Markdown body")


def parse_html(raw: str | bytes, *, source: str, default_id: str) -> Article:
    """Parse a news web page.

    Args:
        raw: the page, as text or as bytes (decoded by BOM, then a declared
            ``<meta charset>``, then UTF-8).
        source: where it came from.
        default_id: the article id (pages carry no id of their own).

    Returns:
        The article, with ``format="html"``.

    Raises:
        IngestError: undecodable bytes, an unparsable page, or no article text.
    """
    text = _decode_html(raw, source) if isinstance(raw, bytes) else raw
    text = text.lstrip("\ufeff")
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise IngestError(source, "empty page")
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(source, f"cannot parse HTML: {exc}") from exc
    return _article_from_html(doc, source=source, default_id=default_id)


def parse_jsonl_record(record: Any, *, source: str, default_id: str) -> Article:
    """Turn one decoded JSON Lines record into an article.

    Args:
        record: the decoded JSON value of one line.
        source: the file path (the article's source becomes ``source#id``).
        default_id: the id to use when the record has none.

    Returns:
        The article, with ``format="jsonl"``.

    Raises:
        IngestError: the record is not an object, has no usable ``text`` or a
            bad field (its path is ``source``; callers add the line number).
    """
    if not isinstance(record, dict):
        raise IngestError(source, f"record is a JSON {_json_kind(record)}, not an object")
    text = record.get("text")
    if text is None:
        raise IngestError(source, "record has no 'text'")
    if not isinstance(text, str):
        raise IngestError(source, f"'text' is a JSON {_json_kind(text)}, not a string")
    rid = record.get("id")
    art_id = default_id if rid is None or str(rid).strip() == "" else str(rid).strip()
    paragraphs = [_Para(p) for p in _plain_paragraphs(_normalise_newlines(text).split("\n"))]
    meta = {k: v for k, v in record.items() if k != "text"}
    meta["id"] = art_id
    return _from_front_matter(meta, paragraphs, source=f"{source}#{art_id}", default_id=art_id,
                              fmt="jsonl", empty_reason="'text' is empty", error_source=source)


# --------------------------------------------------------------------------- #
# Files and folders
# --------------------------------------------------------------------------- #


def _unsupported(path: Path) -> str:
    suffix = path.suffix or "(none)"
    return f"unsupported file suffix {suffix}; expected one of " + ", ".join(SUPPORTED_SUFFIXES)


def _walk_folder(root: Path) -> tuple[list[Path], list[IngestError]]:
    """Every supported, non-hidden file under ``root``, sorted by relative path.

    Returns:
        The files, and an error for each sub-folder that could not be listed.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    errors: list[IngestError] = []

    def failed(exc: OSError) -> None:
        errors.append(IngestError(str(exc.filename or root), f"cannot list folder: {exc.strerror or exc}"))

    visited = {os.path.realpath(root)}
    for dirpath, dirnames, filenames in os.walk(root, onerror=failed, followlinks=True):
        keep = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            real = os.path.realpath(os.path.join(dirpath, name))
            if real in visited:  # a symlink loop, or a folder reached twice
                continue
            visited.add(real)
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).parts, path))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found], errors


def _read_once(path: Path, seen: set[str]) -> Iterator[Article | IngestError]:
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    if path.suffix.lower() == ".jsonl":
        yield from _iter_jsonl(path)
        return
    try:
        yield _read_single(path)
    except IngestError as exc:
        yield exc


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, after the checks every format shares."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(source, "no such file or directory") from None
    except OSError as exc:
        raise IngestError(source, f"cannot read file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise IngestError(source, "is a directory, not an article file")
    if size > MAX_BYTES:
        raise IngestError(source, f"file is too large: {size:,} bytes ({size / 2**20:.1f} MiB), "
                                  f"over the {MAX_BYTES // 2**20} MiB limit")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(source, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise IngestError(source, f"file is too large: over the {MAX_BYTES // 2**20} MiB limit")
    if not data.strip():
        raise IngestError(source, "empty file" if not data else "empty file (only whitespace)")
    return data


def _read_single(path: Path) -> Article:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(source, _unsupported(path))
    data = _read_bytes(path)
    fmt = _FORMATS[suffix]
    if fmt == "html":
        return parse_html(data, source=source, default_id=path.stem)
    raw = _decode_text(data, source)
    if fmt == "markdown":
        return parse_markdown(raw, source=source, default_id=path.stem)
    return parse_text(raw, source=source, default_id=path.stem)


def _iter_jsonl(path: Path) -> Iterator[Article | IngestError]:
    """The articles of a JSON Lines file, and an error for each bad line."""
    source = str(path)
    try:
        raw = _decode_text(_read_bytes(path), source)
    except IngestError as exc:
        yield exc
        return
    ids: dict[str, int] = {}
    records = 0
    # split("\n") rather than splitlines(): U+2028 and friends may sit raw inside JSON strings.
    for lineno, line in enumerate(raw.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        records += 1
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            article = parse_jsonl_record(record, source=source, default_id=f"{path.stem}-{lineno}")
        except IngestError as exc:
            yield IngestError(where, exc.reason)
            continue
        if article.id in ids:
            yield IngestError(where, f"duplicate id {article.id!r} (first used on line {ids[article.id]})")
            continue
        ids[article.id] = lineno
        yield article
    if not records:
        yield IngestError(source, "no JSON records in the file")


# --------------------------------------------------------------------------- #
# Decoding
# --------------------------------------------------------------------------- #


def _decode_text(data: bytes, source: str) -> str:
    """Decode article bytes: UTF-16 by BOM, else strict UTF-8 (BOM dropped)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(source, f"not UTF-16 text despite its byte-order mark ({exc.reason})") from None
    if b"\x00" in data:
        raise IngestError(source, "binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise IngestError(source, f"not UTF-8 text (invalid byte 0x{bad} at offset {exc.start})") from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
# The WHATWG encoding standard reads these labels as windows-1252.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso_8859-1",
              "windows-1252", "cp1252", "x-cp1252"}


def _decode_html(data: bytes, source: str) -> str:
    """Decode a page: BOM, then a declared charset, then UTF-8."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_text(data, source)
    if b"\x00" in data:
        raise IngestError(source, "binary content (NUL bytes), not text")
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match:
        label = match.group(1).decode("ascii").strip().lower()
        codec = "cp1252" if label in _AS_CP1252 else label
        if codec.startswith(("utf-16", "utf16", "utf-32", "utf32")):
            codec = "utf-8"  # without a BOM such a declaration cannot be true (HTML reads it as UTF-8)
        try:
            codecs.lookup(codec)
        except LookupError:
            codec = ""
        if codec:
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "cp1252":  # five bytes cp1252 leaves undefined: read as latin-1
                    return data.decode("latin-1")
                raise IngestError(source, f"not valid {label} text although the page declares it "
                                          f"(invalid byte at offset {exc.start})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not UTF-8 text and no charset declared (invalid byte "
                                  f"0x{data[exc.start:exc.start + 1].hex()} at offset {exc.start})") from None


def _normalise_newlines(raw: str) -> str:
    return raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- #
# Shared assembly
# --------------------------------------------------------------------------- #


@dataclass
class _Para:
    """A paragraph of body text, and whether it was a heading (Markdown)."""

    text: str
    heading: int = 0  # heading level, 0 for ordinary text


def _collapse(text: str) -> str:
    """Whitespace inside a paragraph collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def _plain_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of plain text: blocks separated by blank lines.

    When the text has several lines, no blank line at all and a line too long
    to be hard-wrapped (over 100 characters), each line is taken as a
    paragraph (one-paragraph-per-line exports); otherwise the lines of a block
    are joined.
    """
    stripped = [ln.strip() for ln in lines]
    content = [ln for ln in stripped if ln]
    if len(content) > 1 and "" not in _trim(stripped) and max(map(len, content)) > 100:
        return [_collapse(ln) for ln in content]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in stripped + [""]:
        if line:
            block.append(line)
        elif block:
            paragraphs.append(_collapse(" ".join(block)))
            block = []
    return [p for p in paragraphs if p]


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _assemble(*, article_id: str, title: str | None, paragraphs: list[str], source: str,
              fmt: str, published: date | None = None, publisher: str | None = None,
              url: str | None = None, lang: str | None = None,
              dateline: Dateline | None = None) -> Article:
    title = _collapse(title) if title else None
    body = "\n\n".join(p for p in paragraphs if p)
    if title:
        text, body_start = f"{title}\n\n{body}", len(title) + 2
    else:
        text, body_start = body, 0
    return Article(
        id=article_id,
        text=text,
        body_start=body_start,
        title=title or None,
        published=published,
        publisher=publisher or None,
        url=url or None,
        lang=lang or "en",
        dateline=dateline,
        source=source,
        format=fmt,
    )


def _meta_str(meta: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value is None:
            continue
        text = _collapse(str(value))
        if text:
            return text
    return None


def _from_front_matter(meta: dict[str, Any], paras: list[_Para], *, source: str, default_id: str,
                       fmt: str, empty_reason: str, error_source: str | None = None) -> Article:
    """Build an article from metadata (front matter or a JSON record) and paragraphs."""
    error_source = error_source or source
    meta = {str(k).strip().lower(): v for k, v in meta.items()}
    title = _meta_str(meta, "title", "headline")
    if title and fmt == "markdown":
        title = _md_inline(title) or None
    paras = [p for p in paras if p.text]
    if paras and title is None and 0 < paras[0].heading <= 2:
        title = paras.pop(0).text
    elif paras and title is not None and _same_words(paras[0].text, title):
        paras.pop(0)  # the body repeats the headline
    if not paras:
        raise IngestError(error_source, empty_reason)
    published = None
    for key in ("published", "date"):
        if meta.get(key) not in (None, ""):
            published = _parse_date(meta[key])
            if published is None:
                raise IngestError(error_source, f"{key!r} is not a date: {meta[key]!r}")
            break
    texts = [p.text for p in paras]
    dateline, year = None, None
    if not paras[0].heading:
        dateline, year, texts = _take_dateline(texts)
    if not texts:
        raise IngestError(error_source, empty_reason)
    if published is None and dateline is not None and year is not None:
        published = _dateline_date(dateline, year)
    return _assemble(
        article_id=_meta_str(meta, "id") or default_id,
        title=title,
        paragraphs=texts,
        source=source,
        fmt=fmt,
        published=published,
        publisher=_meta_str(meta, "publisher", "source_name") or (dateline.agency if dateline else None),
        url=_meta_str(meta, "url", "link", "canonical_url"),
        lang=_meta_str(meta, "lang", "language"),
        dateline=dateline,
    )


def _same_words(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()
    return norm(a) == norm(b)


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null", dict: "object"}.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- #
# Dates
# --------------------------------------------------------------------------- #

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}


def _parse_date(value: Any) -> date | None:
    """A publication date from a date, datetime or date string.

    A datetime's own offset is kept: ``2023-05-12T23:40:00-05:00`` is 12 May.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})|([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if match:
        day, month, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[4], match[6])
        number = _MONTHS.get(month.lower())
        if number:
            try:
                return date(int(year), number, int(day))
            except ValueError:
                return None
    return None


def _dateline_date(dateline: Dateline, year: int) -> date | None:
    if dateline.month is None or dateline.day is None:
        return None
    try:
        return date(year, dateline.month, dateline.day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- #
# Datelines
# --------------------------------------------------------------------------- #

_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_DAY_RE = r"\d{1,2}(?:st|nd|rd|th)?"
_DASH = r"(?:-{1,2}|[\u2013\u2014\u2012\u2015])"
_DATELINE = re.compile(
    r"""
    (?P<place>[^\W\d_][^\W\d_ .'\u2019\-]*(?:[ .'\u2019\-]+[^\W\d_][^\W\d_ .'\u2019\-]*){0,5}\.?)
    (?:,\s*
        (?:(?P<m1>MONTH)\.?\s+(?P<d1>DAY)|(?P<d2>DAY)\s+(?P<m2>MONTH)\.?)
        (?:,?\s+(?P<year>\d{4}))?
      | ,\s*(?P<dn>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<yn>\d{4})
      | ,\s*(?P<yi>\d{4})-(?P<mi>\d{2})-(?P<di>\d{2})
    )?
    (?:
        \s*\.?\s*/(?P<slash>[^/\n]{1,40}?)/\s*(?:\.|DASH|:)?(?:\s+|\Z)
      | \s*\((?P<paren>[^()\n]{1,40})\)\s*(?:DASH|:)\s*
      | \s*(?:DASH|:)(?:\s+|\Z)
    )
    (?=\S|\Z)
    """.replace("MONTH", _MONTH_RE).replace("DAY", _DAY_RE).replace("DASH", _DASH),
    re.VERBOSE | re.IGNORECASE,
)
# Lower-case words allowed inside a title-case place name ("Frankfurt am Main").
_PLACE_PARTICLES = {"am", "an", "der", "de", "del", "la", "le", "di", "upon", "on", "sur", "en", "im"}
# First words that open a sentence, not a place ("On Monday, March 3 (local time) - ...").
_NOT_PLACE_START = {"on", "in", "at", "by", "from", "since", "until", "after", "before", "during", "when",
                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                    "today", "yesterday", "tomorrow", "last", "next", "this", "earlier", "later"}


def _split_dateline(paragraph: str) -> tuple[Dateline, int | None, str] | None:
    """Split a wire dateline off the start of a paragraph.

    Returns:
        ``(dateline, year or None, rest of the paragraph)``, or None when the
        paragraph does not open with a dateline.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match["place"].strip()
    month_name = match["m1"] or match["m2"]
    day_text = match["d1"] or match["d2"]
    numeric = (match["dn"], match["mn"], match["yn"]) if match["dn"] else \
        (match["di"], match["mi"], match["yi"]) if match["di"] else None  # "Vilnius, 12.06.2023 -"
    agency = (match["slash"] or match["paren"] or "").strip() or None
    letters = [c for c in place if c.isalpha()]
    upper = all(c.isupper() for c in letters)
    if len(place) > 40 or len(letters) < 2:
        return None
    if re.split(r"[\s.\-]+", place)[0].casefold() in _NOT_PLACE_START:
        return None
    if not upper:
        words = re.split(r"[ \-]+", place)
        if any(not (w[:1].isupper() or w.lower() in _PLACE_PARTICLES) for w in words if w):
            return None
        if not month_name and not numeric:  # "Euroregion Baltic (ERB) - ..." is not a dateline
            return None
    if not month_name and not numeric and not agency:
        return None
    month = day = None
    if month_name or numeric:
        month = int(numeric[1]) if numeric else _MONTHS[month_name.lower()]
        day = int(numeric[0]) if numeric else int(re.match(r"\d+", day_text)[0])
        try:
            date(2000, month, day)  # 2000 is a leap year: 29 February is allowed
        except ValueError:
            return None
    if agency and not re.search(r"[^\W\d_]", agency):
        return None
    if place.endswith(".") and not re.search(r"\b(?:St|Ft|Mt)\.$", place, re.I):
        place = place[:-1]
    year = int(numeric[2]) if numeric else int(match["year"]) if match["year"] else None
    rest = paragraph[match.end():]
    return Dateline(place=place, month=month, day=day, agency=agency), year, rest


def _take_dateline(paragraphs: list[str]) -> tuple[Dateline | None, int | None, list[str]]:
    """Split a dateline off the first paragraph (dropping the paragraph if it held only that)."""
    split = _split_dateline(paragraphs[0]) if paragraphs else None
    if split is None:
        return None, None, paragraphs
    dateline, year, rest = split
    rest = rest.strip()
    return dateline, year, ([rest] if rest else []) + paragraphs[1:]


# --------------------------------------------------------------------------- #
# Plain text
# --------------------------------------------------------------------------- #

_CRUMBS = {"all news", "news", "home", "latest", "latest news", "top stories", "world", "politics",
           "business", "society", "economy", "breaking news"}
# A dateline is looked for at the start of the first few blocks (crumbs, headline, standfirst
# come before it); one deeper in the text is a quoted wire story, not this article's dateline.
_DATELINE_MAX_BLOCKS = 5


def _dateline_candidates(lines: list[str]) -> list[int]:
    """Indices of the lines that may hold the dateline.

    These are the first lines of the first :data:`_DATELINE_MAX_BLOCKS`
    blank-line separated blocks, and the second line of the first block (a
    headline followed directly by the dateline).
    """
    starts: list[int] = []
    for i, line in enumerate(lines):
        if line and (i == 0 or not lines[i - 1]):
            starts.append(i)
            if len(starts) == _DATELINE_MAX_BLOCKS:
                break
    if starts and starts[0] + 1 < len(lines) and lines[starts[0] + 1]:
        starts.insert(1, starts[0] + 1)
    return starts


def _parse_plain(raw: str, *, source: str, default_id: str) -> Article:
    lines = [ln.strip() for ln in raw.split("\n")]
    nonblank = [i for i, ln in enumerate(lines) if ln]
    if not nonblank:
        raise IngestError(source, "no text in the file")

    dateline: Dateline | None = None
    year: int | None = None
    for index in _dateline_candidates(lines):
        split = _split_dateline(lines[index])
        if split is None:
            continue
        dateline, year, rest = split
        before = [lines[i] for i in nonblank if i < index]
        title = _pick_headline(before)
        body_lines = [rest] + lines[index + 1:]
        break
    else:
        # No dateline: the first line is the headline, after any known site crumbs.
        first = 0
        while first < len(nonblank) - 1 and lines[nonblank[first]].casefold() in _CRUMBS:
            first += 1
        index = nonblank[first]
        title = lines[index]
        body_lines = lines[index + 1:]

    paragraphs = _plain_paragraphs(body_lines)
    if not paragraphs:
        if dateline is None and title:  # a single paragraph: it is the body, not a headline
            paragraphs = _plain_paragraphs(lines[index:])
            title = None
        else:
            raise IngestError(source, "no body text after the dateline")
    published = _dateline_date(dateline, year) if dateline is not None and year else None
    return _assemble(
        article_id=default_id,
        title=title,
        paragraphs=paragraphs,
        source=source,
        fmt="text",
        published=published,
        publisher=dateline.agency if dateline else None,
        dateline=dateline,
    )


def _pick_headline(lines: list[str]) -> str | None:
    """The headline among the lines before a dateline.

    It is the first line of more than three words; site crumbs ("All news")
    before it and a standfirst after it are dropped. When no line is that
    long, the last line that is not a known crumb or breadcrumb trail is used.
    """
    if not lines:
        return None
    for line in lines:
        if len(line.split()) > 3:
            return line
    for line in reversed(lines):
        if line.casefold() not in _CRUMBS and not re.search(r"[>»›/|]", line):
            return line
    return None


# --------------------------------------------------------------------------- #
# Front matter and Markdown
# --------------------------------------------------------------------------- #


def _starts_with_front_matter(raw: str) -> bool:
    first = raw.split("\n", 1)[0]
    return first.rstrip() == "---"


def _split_front_matter(raw: str, source: str) -> tuple[dict[str, Any], str, int]:
    """Split ``---`` YAML front matter from the body.

    Returns:
        ``(metadata, body, line number where the body starts)``.
    """
    lines = raw.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise IngestError(source, "broken front matter: the '---' block opened on line 1 is never closed")
    block = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        detail = f"{context}: {problem}" if context else problem
        raise IngestError(source, f"broken YAML front matter{where}: {detail}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise IngestError(source, f"broken front matter: expected key: value pairs, got a YAML "
                                  f"{type(meta).__name__}")
    return meta, "\n".join(lines[end + 1:]), end + 2


_ESCAPABLE = "\\`*_{}[]()#+-.!>~|<"
_PUA = 0xE000


def _md_inline(text: str) -> str:
    """Strip inline Markdown markup from one paragraph, keeping the words."""
    text = re.sub(r"\\([" + re.escape(_ESCAPABLE) + r"])", lambda m: chr(_PUA + ord(m[1])), text)
    # Every span is bounded (300 characters) so that stray markers cannot make matching quadratic.
    url = r"(?:[^()\s]|\([^()\s]{0,300}\)){0,2000}(?:\s+\"[^\"\n]{0,300}\")?"
    text = re.sub(r"!\[[^\]]{0,300}\]\(" + url + r"\)", "", text)  # images
    text = re.sub(r"!\[[^\]]{0,300}\]\[[^\]]{0,100}\]", "", text)
    text = re.sub(r"\[([^\]]{0,300})\]\(" + url + r"\)", r"\1", text)  # links
    text = re.sub(r"\[([^\]]{1,300})\]\[[^\]]{0,100}\]", r"\1", text)  # reference links
    text = re.sub(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+)>", r"\1", text)  # autolinks
    text = re.sub(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", "", text)  # inline HTML tags
    text = re.sub(r"(`+)(.{1,300}?)\1", lambda m: m[2].strip(), text)  # code spans
    for _ in range(2):  # nested emphasis (***both***)
        text = re.sub(r"\*\*(?=\S)(.{1,300}?)(?<=\S)\*\*", r"\1", text)
        text = re.sub(r"(?<!\w)__(?=\S)(.{1,300}?)(?<=\S)__(?!\w)", r"\1", text)
        text = re.sub(r"~~(?=\S)(.{1,300}?)(?<=\S)~~", r"\1", text)
        text = re.sub(r"(?<![\w*])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*])\*(?![\w*])", r"\1", text)
        text = re.sub(r"(?<![\w_])_(?=[^\s_])(.{1,300}?)(?<=[^\s_])_(?![\w_])", r"\1", text)
    text = html_lib.unescape(text)
    text = "".join(chr(ord(c) - _PUA) if _PUA <= ord(c) < _PUA + 128 else c for c in text)
    return _collapse(text)


def _markdown_paragraphs(body: str) -> list[_Para]:
    """Paragraphs of a Markdown body, markup stripped.

    Headings, list items and block quotes each make a paragraph of their own;
    fenced code keeps its text; rules, reference definitions, images and HTML
    comments go.
    """
    body = re.sub(r"<!--.*?(?:-->|\Z)", "", body, flags=re.S)
    out: list[_Para] = []
    block: list[str] = []

    def flush(heading: int = 0) -> None:
        if block:
            text = _md_inline(" ".join(block))
            if text:
                out.append(_Para(text, heading))
            block.clear()

    fence: str | None = None
    was_quote = False
    for line in body.split("\n"):
        s = line.strip()
        if fence is not None:
            if s.startswith(fence):
                fence = None
                flush()
            elif s:
                block.append(s)
            continue
        fence_match = re.match(r"(`{3,}|~{3,})", s)
        if fence_match:
            flush()
            fence = fence_match[1]
            continue
        if not s:
            flush()
            was_quote = False
            continue
        if block and re.fullmatch(r"=+|-+", s):  # setext heading underline
            flush(1 if s[0] == "=" else 2)
            continue
        if re.fullmatch(r"([-*_])(?:\s*\1){2,}", s):  # horizontal rule
            flush()
            continue
        heading = re.match(r"(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$", s)
        if heading:
            flush()
            block.append(heading[2] or "")
            flush(len(heading[1]))
            continue
        if re.match(r"\[[^\]]+\]:\s*\S+", s):  # reference definition
            continue
        quote = re.match(r"(?:>\s?)+", s)
        if bool(quote) != was_quote:
            flush()
            was_quote = bool(quote)
        if quote:
            s = s[quote.end():].strip()
            if not s:
                flush()
                continue
        item = re.match(r"(?:[-*+]|\d{1,9}[.)])\s+(.*)", s)
        if item:
            flush()
            s = item[1]
        if re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", s):  # table separator row
            continue
        block.append(s)
    flush()
    return out


# --------------------------------------------------------------------------- #
# HTML
# --------------------------------------------------------------------------- #

_PARA_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th"}
_BLOCK_TAGS = _PARA_TAGS | {
    "div", "section", "article", "main", "ul", "ol", "dl", "table", "tr", "tbody", "thead",
    "tfoot", "body", "center", "details", "summary", "address", "hr", "br",
}
_DROP_TAGS = ("nav", "aside", "footer", "header", "script", "style", "noscript", "form", "figure",
              "figcaption", "iframe", "svg", "button", "template", "select", "textarea", "input",
              "object", "embed", "video", "audio", "canvas", "menu", "dialog")
_DROP_CLASS_PARTS = ("related", "share", "newsletter", "advert", "byline", "kicker", "meta")
_DROP_CLASS_WORDS = {"ad", "ads", "promo", "social", "comments", "cookie", "cookies", "breadcrumb",
                     "breadcrumbs", "subscribe", "sponsored", "caption", "author", "tags", "sidebar",
                     "nav", "navbar", "navigation", "menu", "footer", "masthead", "toolbar"}


@dataclass
class _HtmlMeta:
    site_name: str | None = None
    og_title: str | None = None
    title: str | None = None
    published: list[str] = field(default_factory=list)
    url: str | None = None
    lang: str | None = None
    tags: dict[str, str] = field(default_factory=dict)  # meta name/property -> content


def _attr(el: Any, name: str) -> str:
    value = el.get(name)
    return _collapse(value) if value else ""


def _html_meta(doc: Any) -> _HtmlMeta:
    meta = _HtmlMeta()
    metas: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = _attr(el, "content")
        if key and content and key not in metas:
            metas[key] = content
    meta.site_name = metas.get("og:site_name") or metas.get("application-name")
    meta.og_title = metas.get("og:title") or metas.get("twitter:title")
    title_el = doc.find(".//title")
    if title_el is not None:
        meta.title = _collapse(title_el.text_content()) or None
    if "article:published_time" in metas:
        meta.published.append(metas["article:published_time"])
    canonical = next((_attr(el, "href") for el in doc.iter("link")
                      if "canonical" in (el.get("rel") or "").lower().split() and el.get("href")), "")
    meta.url = canonical or metas.get("og:url") or None
    html_el = doc if doc.tag == "html" else doc.getroottree().getroot()
    lang = _attr(html_el, "lang") or _attr(html_el, "xml:lang") or metas.get("content-language", "")
    if not lang and metas.get("og:locale"):
        lang = metas["og:locale"].replace("_", "-")
    meta.lang = lang or None
    meta.tags = metas
    return meta


def _paragraph_text_length(el: Any) -> int:
    return sum(len(_collapse(p.text_content())) for p in el if p.tag == "p")


def _find_container(doc: Any) -> Any:
    """The element holding the article: <article>, articleBody, <main>, or the richest <div>."""
    articles = [el for el in doc.iter("article") if not any(a.tag == "article" for a in el.iterancestors())]
    if articles:
        return max(articles, key=lambda el: len(_collapse(" ".join(
            p.text_content() for p in el.iter("p")))))
    for xpath in ('.//*[@itemprop="articleBody"]', ".//main", './/*[@role="main"]'):
        found = doc.xpath(xpath)
        if found:
            return found[0]
    divs = list(doc.iter("div"))
    if divs:
        best = max(divs, key=_paragraph_text_length)
        if _paragraph_text_length(best) > 0:
            return best
    body = doc.find(".//body")
    return body if body is not None else doc


def _is_boilerplate(el: Any) -> bool:
    if el.tag in _DROP_TAGS:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if (el.get("role") or "").lower() in ("navigation", "complementary", "contentinfo", "banner"):
        return True
    classes = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not classes.strip():
        return False
    if any(part in classes for part in _DROP_CLASS_PARTS):
        return True
    words = set(re.split(r"[\s_\-]+", classes))
    return bool(words & _DROP_CLASS_WORDS)


def _html_paragraphs(container: Any, *, loose: bool) -> list[str]:
    """The paragraphs of ``container``: one per <p>, <h2>..., <li>, <blockquote>.

    With ``loose``, text outside paragraph tags counts too (a fallback for
    pages that put their text straight into <div> elements).
    """
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _collapse("".join(buf))
        if text:
            out.append(text)
        buf.clear()

    def walk(el: Any, inside: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            buf.append(" ")
            return
        para = inside or loose or tag in _PARA_TAGS
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if el.text and para:
            buf.append(el.text)
        for child in el:
            walk(child, para)
            if child.tail and para:  # text outside paragraphs is not article prose
                buf.append(child.tail)
        if block:
            flush()

    walk(container, False)
    flush()
    return out


def _body_paragraphs(container: Any, *, by_class: bool) -> list[str]:
    """Paragraphs of a copy of ``container`` with its boilerplate removed.

    Args:
        container: the article element (left untouched).
        by_class: also drop elements whose class or id marks them as
            boilerplate (the retry without it guards against a wrapper whose
            class happens to contain "meta" or "share").
    """
    body = copy.deepcopy(container)
    for el in list(body.iterdescendants()):
        if not isinstance(el.tag, str):
            continue
        if el.getparent() is None:
            continue
        if el.tag in _DROP_TAGS or (by_class and _is_boilerplate(el)):
            el.drop_tree()
    return _html_paragraphs(body, loose=False) or _html_paragraphs(body, loose=True)


def _strip_site_suffix(title: str, site: str | None) -> str:
    """``Headline | Site`` -> ``Headline`` when ``Site`` is the site's name."""
    if not site:
        return title
    match = re.match(r"(.*\S)\s*(?:\||::|\s-|\s\u2013|\s\u2014|\s\u00b7|\s\u2022)\s+(.+)$", title)
    if match and _same_words(match[2], site):
        return match[1].strip()
    return title


def _json_ld(doc: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for script in doc.xpath('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return items


def _article_from_html(doc: Any, *, source: str, default_id: str) -> Article:
    lxml.etree.strip_elements(doc, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    meta = _html_meta(doc)
    metas = meta.tags
    ld = _json_ld(doc)
    container = _find_container(doc)

    # Headline: <h1> (or itemprop=headline) inside the article, else og:title, else <title>.
    headline_el = next(iter(container.iter("h1")), None)
    if headline_el is None:
        found = container.xpath('.//*[@itemprop="headline"]')
        headline_el = found[0] if found else None
    title = _collapse(headline_el.text_content()) if headline_el is not None else ""
    if not title:
        title = meta.og_title or ""
    if not title and meta.title:
        title = _strip_site_suffix(meta.title, meta.site_name)
    if not title:
        title = next((_collapse(str(i["headline"])) for i in ld if i.get("headline")), "")

    # Published: article:published_time, <time datetime> in the article, meta date, JSON-LD.
    candidates = list(meta.published)
    candidates += [t.get("datetime") or "" for t in container.iter("time") if t.get("datetime")]
    for key in ("date", "datepublished", "pubdate", "publishdate", "dc.date.issued", "dc.date",
                "dcterms.created", "sailthru.date", "parsely-pub-date"):
        if key in metas:
            candidates.append(metas[key])
    for el in doc.xpath('.//*[@itemprop="datePublished"]'):
        candidates.append(el.get("content") or el.get("datetime") or _collapse(el.text_content()))
    candidates += [str(i["datePublished"]) for i in ld if i.get("datePublished")]
    published = next((d for d in (_parse_date(c) for c in candidates) if d is not None), None)

    publisher = meta.site_name
    if not publisher:
        for item in ld:
            pub = item.get("publisher")
            if isinstance(pub, dict) and pub.get("name"):
                publisher = _collapse(str(pub["name"]))
                break

    # Body: drop boilerplate (the headline was read above) and collect paragraphs.
    if headline_el is not None:
        headline_el.drop_tree()
    paragraphs = _body_paragraphs(container, by_class=True) or _body_paragraphs(container, by_class=False)
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs.pop(0)
    if not paragraphs:
        raise IngestError(source, "no article text found in the page")
    dateline, year, paragraphs = _take_dateline(paragraphs)
    if not paragraphs:
        raise IngestError(source, "no article text found in the page")
    if dateline is not None:
        if published is None and year is not None:
            published = _dateline_date(dateline, year)
        publisher = publisher or dateline.agency
    return _assemble(
        article_id=default_id,
        title=title or None,
        paragraphs=paragraphs,
        source=source,
        fmt="html",
        published=published,
        publisher=publisher,
        url=meta.url,
        lang=meta.lang,
        dateline=dateline,
    )
