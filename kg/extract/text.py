"""Paragraphs, sentences and tokens of an article, with spaCy's rule machinery.

Only the blank English pipeline is used: the tokenizer and the rule-based
sentencizer. Nothing here loads a trained model or downloads data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["Sentence", "Paragraph", "blank_pipeline", "segment"]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``start``/``end`` index the article text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    in_body: bool


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, its spaCy doc and its offset in the article text."""

    index: int
    start: int
    end: int
    doc: Doc


@lru_cache(maxsize=1)
def blank_pipeline() -> Language:
    """A blank English pipeline with the rule-based sentencizer (built once)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def segment(text: str, body_start: int = 0, nlp: Language | None = None) -> tuple[list[Paragraph], list[Sentence]]:
    """Split ``text`` into paragraphs (blank-line separated) and sentences.

    Args:
        text: the article text.
        body_start: offset where the body begins; sentences before it are the headline.
        nlp: the pipeline to use (default: :func:`blank_pipeline`).

    Returns:
        The paragraphs and the sentences, both in text order.
    """
    nlp = nlp or blank_pipeline()
    spans = _paragraph_spans(text)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    docs = nlp.pipe(text[s:e] for s, e in spans)
    for p_index, ((start, end), doc) in enumerate(zip(spans, docs)):
        paragraphs.append(Paragraph(p_index, start, end, doc))
        for sent in _sentences(doc, text[start:end]):
            s_start, s_end = start + sent[0], start + sent[1]
            sentences.append(Sentence(len(sentences), s_start, s_end, text[s_start:s_end], p_index, s_start >= body_start))
    return paragraphs, sentences


def _sentences(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Sentence character spans of a paragraph doc, with whitespace trimmed.

    ``text`` is the text the doc was made from, when the caller has it.

    The sentencizer splits after a closing quotation mark that follows the
    full stop ("... neighbours." She said) correctly, but it also splits inside
    a quotation that continues with an attribution ('... partners," he said.'):
    a piece that starts with a lower-case attribution is joined to the
    sentence before it.
    """
    pieces: list[list[int]] = []
    n = len(doc)
    if n == 0:
        return []
    # token attributes as arrays: iterating Doc.sents would create a Python object per token
    flags, offsets, lengths = doc.to_array([SENT_START, IDX, LENGTH]).T.tolist()
    firsts = [0] + [i for i in range(1, n) if flags[i] == 1]
    whole = doc.text if text is None else text  # Doc.text joins its tokens' texts: slow
    for k, first_token in enumerate(firsts):
        last_token = firsts[k + 1] - 1 if k + 1 < len(firsts) else n - 1
        sent_start = offsets[first_token]
        text = whole[sent_start:offsets[last_token] + lengths[last_token]]
        lead = len(text) - len(text.lstrip())
        start = sent_start + lead
        end = sent_start + len(text.rstrip())
        if end <= start:
            continue
        first = whole[start:end]
        if pieces and (first[:1].islower() or first[:1] in ",;:)"):
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    return [(s, e) for s, e in pieces]
