"""Direct quotations and who said them.

Quotation marks are paired in text order. News copy is not always clean: a
quotation may run on into its own attribution without a closing mark
('"[We] are convinced ..., he emphasized. "[I] expect ...'), so an attribution
found inside a quotation closes it there, and the mark that would have closed
it opens the next one. A quotation with no attribution of its own continues
the statement before it when it follows a properly closed quotation ('"...,"
she said. "..."'), and is a statement of its own, by the same speaker,
otherwise.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from kg.extract import lexicon as lx
from kg.extract.mentions import Mentions, Ref
from kg.extract.temporal import TimeExpr
from kg.extract.text import Sentence
from kg.model import DateValue, Statement

__all__ = ["Quote", "find_quotes", "read_statements"]

_OPEN = "\"“„«"
_CLOSE = "\"”»"
_MARK = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
_INNER_ATTRIBUTION = re.compile(
    r",\s+(?:he|she|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:" + lx.SPEECH_VERB_RE + r")\b[^\"“”]{0,40}?[.,]\s*(?=[\"“”]|$)"
)


@dataclass(frozen=True)
class Quote:
    """A quoted stretch: ``start``/``end`` cover the words inside the marks."""

    start: int
    end: int
    text: str
    closed: bool


def find_quotes(text: str) -> list[Quote]:
    """The quotations in ``text``, in order."""
    quotes: list[Quote] = []
    marks = [m.start() for m in _MARK.finditer(text)]
    i = 0
    while i < len(marks):
        open_at = marks[i]
        ch = text[open_at]
        if ch in "”»" and ch not in _OPEN:
            i += 1
            continue
        # the closing mark is the next mark; a paragraph break closes an unclosed quotation
        close_at = marks[i + 1] if i + 1 < len(marks) else len(text)
        para_end = text.find("\n\n", open_at)
        closed = True
        if para_end != -1 and para_end < close_at:
            close_at, closed = para_end, False
            step = 1
        else:
            step = 2
        inner = text[open_at + 1:close_at]
        m = _INNER_ATTRIBUTION.search(inner)
        if m:
            # the attribution sits inside: end the quotation before it, reuse the mark as an opener
            end = open_at + 1 + m.start()
            quotes.append(Quote(open_at + 1, end, text[open_at + 1:end], False))
            i += 1
            continue
        if close_at == len(text):
            closed = False
        content = text[open_at + 1:close_at]
        quotes.append(Quote(open_at + 1, close_at, content, closed))
        i += step
    return [q for q in quotes if q.text.strip()]


_TITLE_WORDS = r"(?:(?:[A-Z][\w.’'-]*|of|the|for|#)\s+){0,6}"  # "#": a body inside a title ("UBC President")
_WHO = r"[@#]"
_ATTRIBUTION_REACH = 300  # characters around a quotation searched for who said it
_AFTER = re.compile(r"^[\s,.”\"]*(?:(?P<verb1>" + lx.SPEECH_VERB_RE + r"|according to)\s+(?:the\s+)?" + _TITLE_WORDS + r"(?P<who1>" + _WHO +
                    r")|(?:the\s+)?" + _TITLE_WORDS + r"(?:[A-Z][\w.’'-]*,\s*)?(?P<who2>" + _WHO + r")"
                    r"(?:,\s+(?:the\s+|a\s+|an\s+)?(?:[\w.’'-]+\s+){0,6}?[\w.’'-]+,|,)?"  # "@, the Danish Prime Minister,"
                    r"\s+(?:(?:has|had|also|then|later)\s+)?(?P<verb2>"
                    + lx.SPEECH_VERB_RE + r")\b)")
_BEFORE = re.compile(r"(?:(?P<who>" + _WHO + r")(?:,[^,\"“”]{0,80},)?\s+(?:(?:has|had|also|then|later)\s+)?(?:"
                     + lx.SPEECH_VERB_RE + r")\b[^\"“”.]{0,80}?|\b[Aa]ccording to\s+(?:the\s+)?" + _TITLE_WORDS +
                     r"(?P<who2>" + _WHO + r"))[:,]?\s*(?:that\s+)?$")


class _Index:
    """Sentences, references and dates of an article, looked up by offset in logarithmic time."""

    def __init__(self, sentences: list[Sentence], refs: list[Ref], dates: list[TimeExpr]):
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.refs = sorted(refs, key=lambda r: r.start)
        self.ref_starts = [r.start for r in self.refs]
        self.dates = sorted((d for d in dates if d.value is not None), key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos <= self.sentences[i].end:
            return self.sentences[i]
        return None

    def refs_between(self, start: int, end: int) -> list[Ref]:
        return self.refs[bisect_left(self.ref_starts, start):bisect_left(self.ref_starts, end)]

    def dates_between(self, start: int, end: int) -> list[TimeExpr]:
        return self.dates[bisect_left(self.date_starts, start):bisect_left(self.date_starts, end)]


def _masked(text: str, start: int, end: int, index: _Index) -> tuple[str, list[Ref]]:
    """Text between ``start`` and ``end`` with each person replaced by ``@`` and each body by ``#``."""
    out, found, pos = [], [], start
    for r in index.refs_between(start, end):
        if r.end <= end and r.kind in ("Person", "Organisation") and r.start >= pos:
            out.append(text[pos:r.start])
            out.append("@" if r.kind == "Person" else "#")
            found.append(r)
            pos = r.end
    out.append(text[pos:end])
    return "".join(out), found


def _speaker(masked: str, found: list[Ref], m: re.Match, groups: tuple[str, ...]) -> str:
    """The reference a matched attribution names: a person, else the body that speaks."""
    group = next(g for g in groups if m.group(g))
    idx = len(re.findall(_WHO, masked[:m.start(group)]))
    return found[idx].key


def read_statements(text: str, sentences: list[Sentence], mentions: Mentions, dates: list[TimeExpr],
                    published: date | None) -> list[Statement]:
    """Statements (quotation, speaker, date, modality) of one article."""
    index = _Index(sentences, [r for r in mentions.refs if r.kind in ("Person", "Organisation")], dates)
    statements: list[Statement] = []
    last: tuple[Statement, Quote] | None = None
    for q in find_quotes(text):
        words = len(q.text.split())
        speaker, attr_end = _attribution(text, q, index)
        if last is not None and speaker == last[0].speaker and _resumes(text, last[1], q):
            # "Cooperation is not a luxury," she added, "it is a necessity.": one statement around its attribution
            prev, pq = last
            joined = Statement(prev.speaker, f"{prev.text} {q.text.strip()}", (prev.evidence[0], q.end + 1),
                               prev.date, _modality(f"{prev.text} {q.text}"))
            statements[-1] = joined
            last = (joined, q)
            continue
        if speaker is None and last is not None and _continues(text, last[1], q):
            prev, pq = last
            if pq.closed and q.start - pq.end < 200:
                joined = Statement(prev.speaker, f"{prev.text} {q.text.strip()}", (prev.evidence[0], q.end + 1),
                                   prev.date, _modality(f"{prev.text} {q.text}"))
                statements[-1] = joined
                last = (joined, q)
                continue
            speaker = prev.speaker
        if speaker is None or words < 2:
            continue
        when = _date_near(q, attr_end, index) or (DateValue.of(published) if published else None)
        st = Statement(speaker, q.text.strip(), (q.start - 1, max(q.end + 1, attr_end)), when, _modality(q.text))
        statements.append(st)
        last = (st, q)
    return statements


_RESUMES = re.compile(r"^[\"”»]?\s*(?:he|she|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+(?:" + lx.SPEECH_VERB_RE +
                      r")(?:\s+(?:the\s+)?[a-z]+)?\s*,\s*[\"“„«]?$")


def _resumes(text: str, prev: Quote, q: Quote) -> bool:
    """Whether ``q`` goes on with the sentence ``prev`` broke off with a comma, after an attribution between them."""
    return prev.text.rstrip().endswith(",") and q.text[:1].islower() and \
        _RESUMES.match(text[prev.end:q.start]) is not None


def _continues(text: str, prev: Quote, q: Quote) -> bool:
    between = text[prev.end:q.start]
    return "\n\n" not in between or not prev.closed and between.strip() in ("", "\"", "“")


def _attribution(text: str, q: Quote, index: _Index) -> tuple[str | None, int]:
    sentence = index.sentence_at(q.end)
    sent_end = sentence.end if sentence is not None else len(text)
    after_end = min(len(text), max(sent_end, q.end + 1) + 1, q.end + _ATTRIBUTION_REACH)
    nl = text.find("\n\n", q.end)
    if nl != -1:
        after_end = min(after_end, nl)
    masked, found = _masked(text, q.end + 1 if q.closed else q.end, after_end, index)
    m = _AFTER.match(masked)
    if m:
        return _speaker(masked, found, m, ("who1", "who2")), after_end
    sentence = index.sentence_at(q.start - 1)
    sent_start = max(sentence.start if sentence is not None else 0, q.start - _ATTRIBUTION_REACH)
    masked, found = _masked(text, sent_start, max(sent_start, q.start - 1), index)
    m = _BEFORE.search(masked)
    if m:
        return _speaker(masked, found, m, ("who", "who2")), q.start
    return None, q.end


def _date_near(q: Quote, attr_end: int, index: _Index) -> DateValue | None:
    for d in index.dates_between(q.end, attr_end):
        if d.end_value is None:
            return d.value
    return None


def _modality(words: str) -> str:
    if lx.HOPE_CUES.search(words):
        return "Hoped"
    if lx.PROPOSAL_CUES.search(words):
        return "Proposed"
    if lx.PLAN_CUES.search(words):
        return "Planned"
    return "Asserted"
