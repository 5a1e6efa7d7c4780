"""Relations between the entities of an article, read sentence by sentence.

Each sentence is *masked*: every reference to an entity and every date
becomes a placeholder such as ``«C3»`` (the third item, a country) or ``«D5»``
(a date). Rules are regular expressions over the masked sentence, so one rule
covers every name and date that can fill a slot: "«C» on «D» took over the
presidency of «O» from «C»" is one pattern for every handover of every body.

Placeholder letters: P person, O organisation, C country, Y city, R region,
E event, N demonym (stands for its country), D date.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from kg.extract import lexicon as lx
from kg.extract.mentions import Mentions, Ref
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from kg.extract.temporal import TimeExpr, parse_duration
from kg.extract.text import Sentence
from kg.model import DateValue, Membership, Participation, PostHeld

__all__ = ["SentenceView", "RelationReader"]

LETTER = {"Person": "P", "Organisation": "O", "Country": "C", "City": "Y", "Region": "R", "Event": "E",
          "Demonym": "N"}
HOLDER = "[CYROPN]"
MEMBERISH = "[CYRO]"


def _slot(letters: str, name: str | None = None) -> str:
    group = f"?P<{name}>" if name else "?:"
    return f"({group}«[{letters}]\\d+»)"


@dataclass
class SentenceView:
    """A sentence with its references and dates replaced by placeholders."""

    sentence: Sentence
    masked: str
    items: dict[str, Ref | TimeExpr]
    positions: dict[str, int]

    def item(self, token: str) -> Ref | TimeExpr:
        return self.items[token.strip("«»")]

    def date(self, token: str) -> TimeExpr:
        item = self.item(token)
        assert isinstance(item, TimeExpr)
        return item

    def key(self, token: str) -> str:
        item = self.item(token)
        assert isinstance(item, Ref)
        return item.key

    def shifts(self) -> tuple[list[int], list[int]]:
        """The placeholders' positions in the text, in order, and how much shorter the masked sentence is than the
        text after each of them."""
        cached = self.__dict__.get("_shifts")
        if cached is not None and cached[0] == len(self.positions):
            return cached[1]
        starts: list[int] = []
        shifts: list[int] = []
        total = 0
        for token, pos in sorted(self.positions.items(), key=lambda kv: kv[1]):
            if ":" in token:
                continue  # a stand-in added by a rule ("its:", "prev:"), not a placeholder of the text
            item = self.items[token]
            total += (item.end - item.start) - (len(token) + 2)
            starts.append(pos)
            shifts.append(total)
        self.__dict__["_shifts"] = (len(self.positions), (starts, shifts))
        return starts, shifts


def mask(sentence: Sentence, refs: list[Ref], dates: list[TimeExpr], text: str) -> SentenceView:
    """Replace references and dates inside ``sentence`` by placeholders."""
    spans: list[tuple[int, int, str, Ref | TimeExpr]] = []
    for r in refs:
        if sentence.start <= r.start and r.end <= sentence.end:
            spans.append((r.start, r.end, LETTER.get(r.kind, "X"), r))
    for d in dates:
        if sentence.start <= d.start and d.end <= sentence.end and (d.value is not None):
            spans.append((d.start, d.end, "D", d))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    items: dict[str, Ref | TimeExpr] = {}
    positions: dict[str, int] = {}
    pos = sentence.start
    for i, (s, e, letter, item) in enumerate(spans):
        if s < pos:
            continue
        out.append(text[pos:s])
        name = f"{letter}{i}"
        positions[name] = s
        items[name] = item
        out.append(f"«{name}»")
        pos = e
    out.append(text[pos:sentence.end])
    return SentenceView(sentence, "".join(out), items, positions)


# ------------------------------------------------------------------ chairmanships
_CHAIR_NOUN = r"(?:rotating\s+)?(?:presidency|presidencies|chairmanship|chairmanships|chair|helm|rotating post|term)"
_OF_STATE = r"(?:\s+of\s+«[CNY]\d+»)?"
_TAKE = (r"(?:took|take|takes|taking|has taken|have taken|had taken|will take|is to take|are to take|"
         r"opened|opens|launched|launches|will open|inaugurated|"
         r"is due to take|is set to take|is expected to take|assumed|assumes|assume|will assume|is to assume|"
         r"took up|takes up|will take up|has assumed|begins|began|starts|started|will begin|"
         r"is next in line and takes|was handed|is handed|will be handed|inherits|inherited)")
_HOLD = (r"(?:holds|held|hold|had held|has held|have held|will hold|is holding|was holding|"
         r"led|leads|lead|has led|had led|will lead|chaired|chairs|will chair|has chaired|had chaired|"
         r"presided over|presides over|presided|presides|will preside over|has presided over|has presided|"
         r"had presided|coordinate the activities of|will coordinate the activities of|"
         r"coordinates the activities of|headed|heads|will head|is at the helm of|was at the helm of|"
         r"(?:to|would|could|should|might|will not|would not|did not|does not|never) (?:chair|hold|lead|head|preside over))")
_RE_HANDOVER_FROM = re.compile(
    r"(?P<new>«[CYROPN]\d+»)" + _OF_STATE + r"[^«]{0,40}?(?:(?:«D\d+»)[^«]{0,10}?)?\b" + _TAKE + r"\b[^.;]{0,80}?\bfrom\s+(?:the\s+)?(?P<old>«[CYROPN]\d+»)")
_RE_SUCCEEDS = re.compile(
    r"(?P<new>«[CYROPN]\d+»)" + _OF_STATE + r"(?:[^«.;]|«D\d+»){0,30}?\b(?:succeeds|succeeded|will succeed|is to succeed|"
    r"replaces|replaced|will replace|is to replace|takes over from|took over from|will take over from|"
    r"is taking over from|has taken over from)\s+(?P<old>«[CYROPN]\d+»)")
_RE_AFTER = re.compile(r"^\W*(?:After|Following)\s+(?P<old>«[CYRON]\d+»)\s*,\s*(?P<new>«[CYRON]\d+»)")
_RE_TAKING_FROM = re.compile(r"\b(?:taking over (?:the \w+ )?from|succeeding|replacing|in succession to|"
                             r"(?:it|they|she|he) (?:took|had taken) (?:it )?over (?:the \w+ )?from)\s+(?P<old>«[CYROPN]\d+»)")
# "The German presidency follows that of Poland", "Lithuania's chairmanship succeeds the Polish one"
_RE_FOLLOWS_THAT_OF = re.compile(
    r"(?:(?P<new>«N\d+»)|(?P<new2>«[CYROP]\d+»)(?:'s|’s))\s+(?:rotating\s+)?(?:presidency|chairmanship|term)\s+"
    r"(?:follows|followed|will follow|succeeds|succeeded|will succeed|replaces|replaced|comes after|came after)\s+"
    r"(?:that of\s+(?P<old>«[CYROPN]\d+»)|(?:the\s+)?(?P<old2>«N\d+»)\s+(?:one|presidency|chairmanship|term)|"
    r"(?P<old3>«[CYROP]\d+»)(?:'s|’s)\s+(?:presidency|chairmanship|term))")
_RE_PASS_FROM_TO = re.compile(
    r"\b(?:pass(?:es|ed)?|transfer(?:s|red)?|rotat(?:es|ed)|mov(?:es|ed)|went|goes)\s+from\s+(?P<old>«[CYROPN]\d+»)\s+to\s+(?P<new>«[CYROPN]\d+»)")
# "The rotating presidency of «O» passes to «C» on «D» and to «C» a year later"
_RE_PASSES_TO = re.compile(
    _CHAIR_NOUN + r"\b[^.;]{0,60}?\b(?:pass(?:es|ed)?|will pass|goes|went|will go|rotates|rotated|will rotate|moves|moved|"
    r"will move|is handed|was handed|will be handed|falls|fell|will fall)\s+(?:over\s+|on\s+)?to\s+(?P<new>«[CYRON]\d+»)"
    r"(?P<more>(?:(?:[^«.;]|«D\d+»){0,30}?\band\s+(?:then\s+)?to\s+«[CYRON]\d+»)*)")
_RE_HAND_TO = re.compile(
    r"(?P<old>«[CYROPN]\d+»)(?:[^«.;]|«D\d+»){0,40}?\bhand(?:s|ed)?(?: over)? (?:the |its )?" + _CHAIR_NOUN + r"\b(?:\s+(?:of|over)\s+(?:the\s+)?«O\d+»)?[^«.;]{0,30}?\bto\s+(?P<new>«[CYROPN]\d+»)")
_RE_TAKE = re.compile(
    r"(?P<h>«[CYROPN]\d+»)(?:'s|’s)?" + _OF_STATE + r"[^«.;]{0,40}?(?:«D\d+»[^«.;]{0,15}?)?\b" + _TAKE + r"\b(?:\s+over)?\s+(?:the |its |a |this )?(?:«O\d+»(?:'s|’s)?\s+)?(?:\w+\s+){0,2}?" + _CHAIR_NOUN + r"\b")
_RE_TAKE_IT = re.compile(r"(?P<h>«[CYROPN]\d+»)[^«.;]{0,40}?\b(?:took|take|takes|will take) (?:it|the post) over\b")
_RE_HAND_IT_TO = re.compile(
    r"(?P<old>«[CYROPN]\d+»)(?:[^«.;]|«D\d+»){0,60}?\b(?:hands?|handed|passes|passed|will hand|will pass) (?:it|them) (?:over |on )?to\s+(?P<new>«[CYROPN]\d+»)")
_RE_DUE_TO_TAKE_OVER = re.compile(
    r"(?P<h>«[CYROPN]\d+»)\s+(?:is|are|was)\s+(?:due|set|expected|scheduled|slated|to)\s+(?:to\s+)?take over\b"
    r"|(?P<h2>«[CYROPN]\d+»)\s+(?:will|is to|shall)\s+take over\b(?!\s+(?:the\s+)?(?:\w+\s+)?(?:from|«))")
_RE_HOLD = re.compile(
    r"(?P<h>«[CYROPN]\d+»)" + _OF_STATE + r"[^«.;]{0,40}?\b" + r"(?:" + _HOLD + r"(?!\s+by\b)\s+(?:over\s+)?(?:the |its )?(?:\w+\s+){0,2}?(?:" + _CHAIR_NOUN +
    r"|(?P<body>«O\d+»)|(?:council|union|commission|assembly|conference|organisation|organization|forum|network|body)\b)"
    r"(?!(?:'s|’s)\s+(?:\w+\s+)?(?:meetings?|sessions?|work|summit|conference|delegation|secretariat))"
    r"(?!\s+(?:board|delegation|secretariat|committee|team|programme|project|working group|expert group)\b)" + r")"
    r"|(?P<h2>«[CYROPN]\d+»)[^«.;]{0,40}?\b(?:will |would |to )?coordinat(?:e|es|ed) the (?:activities|work) of\b")
# "The Council is presided over by Sweden this year"
_RE_PASSIVE_CHAIR = re.compile(
    r"(?P<o>«O\d+»)\s+(?:is|was|will be|has been|had been|is being|is to be)\s+(?:currently\s+|now\s+|jointly\s+)?"
    r"(?:presided over|chaired|led|headed|coordinated)\s+by\s+(?:the\s+)?(?P<h>«[CYRON]\d+»)")
# "Latvia will hold the post until 30 June 2026", right after a sentence about a chair
_RE_HOLD_POST = re.compile(
    r"(?P<h>«[CYRON]\d+»)[^«.;]{0,30}?\b(?:holds|held|will hold|is to hold|has held|keeps|kept|will keep|retains|"
    r"will retain|remains in|remained in|will remain in|occupies|will occupy)\s+(?:(?:the|this|that|its)\s+"
    r"(?:post|office|position|role|seat)\b(?!\s+of\b)|it\b)")
_RE_POSSESSIVE = re.compile(
    r"(?P<h>«[CYROPN]\d+»)(?:'s|’s)\s+(?:(?:first|second|third|fourth|fifth|previous|current|one-year|two-year|"
    r"new|latest|last|earlier)\s+)*(?:\w+\s+)?(?:presidency|chairmanship|term|spell at the helm|spell|turn at the helm)\b")
_RE_DEMONYM_TERM = re.compile(
    r"(?P<h>«N\d+»)\s+(?:«O\d+»\s+)?(?:rotating\s+)?(?:presidency|chairmanship|term|chair)\b")
_RE_ITS_PRESIDENCY = re.compile(r"\b(?:Its|its|Their|their)\s+(?:(?:first|second|third|previous|earlier|current)\s+)?(?:presidency|chairmanship|term)\b")
_RE_NEXT = re.compile(
    r"(?P<h>«[CYROPN]\d+»)\s+(?:is|was|will be)\s+(?:next in line|next in the rotation|due to follow|set to follow|to follow)"
    r"|\b(?:will be|is to be|is set to be|are to be) followed by\s+(?P<h3>«[CYROPN]\d+»)"
    r"|(?P<h2>«[CYROPN]\d+»)\s+(?:will follow|follows|is to follow|succeeds|will succeed)\b(?!\s+«)")
_RE_ELECTED = re.compile(
    r"\b(?:elected|re-elected|appointed|chose|named)\s+(?P<p>«P\d+»)[^.;]{0,120}?\bas\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?P<t>President|Chair|Chairman|Chairperson|Chairwoman)\s+of\s+(?:the\s+)?(?P<o>«O\d+»)"
    r"|(?P<p2>«P\d+»)\s+(?:was|has been|is)\s+(?:re-)?elected\s+(?:as\s+)?(?:the\s+)?(?:\w+\s+)?"
    r"(?P<t2>President|Chair|Chairman|Chairperson|Chairwoman)\s+of\s+(?:the\s+)?(?P<o2>«O\d+»)"
    # "«O» elected «P», the Mayor of «Y», as its new Chair"
    r"|(?P<o3>«O\d+»)(?:,[^;]{0,120}?,)?[^«.;,]{0,30}?\b(?:elected|re-elected|appointed|chose|named)\s+(?P<p3>«P\d+»)[^.;]{0,80}?\bas\s+"
    r"(?:its|their)\s+(?:\w+\s+)?(?P<t3>President|Chair|Chairman|Chairperson|Chairwoman|chair|president)\b"
    # "elected «P», the Governor of «R», as the network's first Chairman"
    r"|\b(?:elected|re-elected|appointed|chose|named)\s+(?P<p4>«P\d+»)[^.;]{0,120}?\bas\s+(?:the\s+)?(?P<o4>«O\d+»)(?:'s|’s)\s+"
    r"(?:\w+\s+)?(?P<t4>President|Chair|Chairman|Chairperson|Chairwoman|chair|president)\b")


def _elected(mo: re.Match) -> tuple[str, str, str]:
    """The person, title and body of a match of ``_RE_ELECTED``, whichever of its forms matched."""
    pick = lambda name: next(mo.group(g) for g in (name, f"{name}2", f"{name}3", f"{name}4") if mo.group(g))
    return pick("p"), pick("t"), pick("o")


_RE_EARLIER_TERMS = re.compile(
    r"\b(?:earlier|previous|past|former|other)\s+(?:terms|presidencies|chairmanships|spells)\s+(?:in|from)?\s*(?P<dates>(?:«D\d+»(?:,\s*|\s+and\s+)?)+)")
_RE_FIRST_RAN = re.compile(
    r"\b(?:the|its|their)\s+(?:first|previous|earlier|last)\s+(?:one\s+|term\s+|presidency\s+|chairmanship\s+|spell\s+)?"
    r"(?:ran|was|came|lasted|took place|had been)\b")

_TITLES_RE = "|".join(sorted((re.escape(t) for t in lx.TITLES), key=len, reverse=True))
_RE_POST_APPOSITION = re.compile(
    r"(?P<p>«P\d+»),\s+(?:the\s+|a\s+|an\s+)?(?:(?:current|new|outgoing|incoming|former|first|then|now)\s+)?"
    r"(?:(?P<n>«N\d+»\s+)|(?P<of2>«[CYRO]\d+»)(?:'s|’s)\s+)?(?P<t>" + _TITLES_RE + r")\b(?:\s+of\s+(?:the\s+)?(?P<of>«[CYROE]\d+»))?"
    r"(?!\s+(?:of\s+(?:the\s+)?«[CYROE]\d+»\s+)?«P\d+»)", re.I)  # "«P1», State Secretary «P2» of «C»": «P2»'s title
_RE_WHOSE_TITLE = re.compile(
    r"(?P<x>«[CYROE]\d+»),?\s+whose\s+(?P<t>" + _TITLES_RE + r")\s+(?:is|was|has been)\s+(?:\w+\s+)?(?P<p>«P\d+»)", re.I)
_RE_SUCCEEDS_AS = re.compile(
    r"(?P<p1>«P\d+»)[^.;]{0,80}?\b(?:succeeds|succeeded|replaces|replaced|will succeed|will replace)\s+"
    r"(?P<p2>«P\d+»)(?:\s+of\s+«[CN]\d+»)?\s+as\s+(?:the\s+)?(?P<t>" + _TITLES_RE + r")\b", re.I)
_NOT_STATE_NOUNS = (r"region|regions|city|cities|town|towns|port|capital|county|island|islands|municipality|voivodeship|"
                    r"province|diplomat|diplomats|official|officials|minister|ministry|delegation|member|members|"
                    r"parliament|company|companies|side|authorities|citizen|citizens|team")
_TITLE_APPOSITION = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w-]*\s+){1,4}(?:(?:of|for)\s+(?:the\s+)?(?:«[A-Z]\d+»|[A-Z][\w-]*)\s*)?,")
_LOWER_TITLE_APPOSITION = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?(?:(?:current|new|outgoing|incoming|former|acting)\s+)?(?:«N\d+»\s+)?(?:" + _TITLES_RE +
    r")\b(?:\s+(?:of|for|in)\s+(?:the\s+)?«[A-Z]\d+»)?\s*,")
_EVENT_DET = r"(?:(?:the|a|an|its|their)\s+)?(?:(?:«[A-Z]\d+»|\w+)(?:'s|’s)\s+)?"
_PART_OF = r"(?:\s+(?:the\s+)?(?:end|beginning|start|middle|close|turn|spring|summer|autumn|fall|winter)\s+of)?"
_START_CUE = re.compile(r"(?:\bsince|\bfrom|\bbegan(?: on)?|\bbegins(?: on)?|\bstarted(?: on)?|\bstarting(?: on)?|"
                        r"\bstarts(?: on)?|\bas of|\beffective|\bfrom next)" + _PART_OF + r"\s*$")
_END_CUE = re.compile(r"(?:\buntil|\btill|\bto|\bthrough|\bended(?: on)?|\bends(?: on)?|\bending(?: on)?|\bexpired(?: on)?|"
                      r"\bexpires(?: on)?|\bup to|\bclosed(?: on)?|\bran until|\bruns until|\blast until)" + _PART_OF + r"\s*$")
_IN_CUE = re.compile(r"\b(?:in|during|for|of|(?:calendar|financial) year)\s*$")
_FOUNDING_DATE = re.compile(r"\b(?:founded|established|created|set up|formed|launched|inaugurated)\s+(?:in|on)\s+"
                           r"(?:«[YRC]\d+»\s+(?:in|on)\s+)?«D\d+»(?!\s+(?:under|during)\b)")
# Where a clause ends, for dating the verb of the clause before it.
_CLAUSE_END = re.compile(r",\s*(?:while|whereas|but|and|although|though|which|who|whose)\b|\s(?:and|but|while)\s+"
                         r"(?:«[A-Z]\d+»\s+)?(?:has |have |had |was |were |is |are |will |also |later |then )*"
                         r"(?:\w+ed|left|quit|withdrew|became|took|joined)\b|;")


def _last_clause(text: str) -> str:
    """The last clause of ``text``: what follows its last clause boundary."""
    cuts = [mo.end() for mo in _CLAUSE_END.finditer(text)]
    return text[cuts[-1]:] if cuts else text


@dataclass
class _Chair:
    holder: str
    body: str
    evidence: tuple[int, int]
    start: DateValue | None = None
    end: DateValue | None = None
    future: bool = False
    sentence: int = 0
    soft_end: bool = False
    stance: str | None = None  # "Hoped", "Proposed" or "Denied" when the text says so


@dataclass
class _Member:
    member: str
    body: str
    role: str
    evidence: tuple[int, int]
    status: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    order: int = 0
    planned: bool = False


@dataclass
class _Ctx:
    """What the reader remembers between sentences."""

    last_body: str | None = None
    subject_body: str | None = None
    chair_body: str | None = None
    chair_body_sentence: int = -10
    last_handover: tuple[str, str] | None = None
    handovers: list[tuple[str, str, str]] = field(default_factory=list)  # (new holder, old holder, body)
    suspension_body: str | None = None
    last_event: str | None = None
    last_event_sentence: int = -10
    last_event_by_members: bool = False
    chairs: list[_Chair] = field(default_factory=list)
    members: list[_Member] = field(default_factory=list)
    posts: list[PostHeld] = field(default_factory=list)
    parts: list[Participation] = field(default_factory=list)


_MEMBER_SLOT = re.compile(r"«[CYRO]")
# A word that each membership and status rule of RelationReader._memberships requires: keep it in step with them.
_MEMBERSHIP_CUES = (
    "member|part|observer|founders|founding|signatories|together|unite|comprise|consists|groups|gathers|includes|join|"
    "acceded|accedes|admitted|represent|suspen|exclu|expelled|removed|withdr|left|leav|quit|pulled out|pulls out|"
    "walked out|froze|frozen|freez|paus"
).split("|")
_MEMBERSHIP_CUE = re.compile("|".join(_MEMBERSHIP_CUES), re.IGNORECASE)
# The characters other than A-Z that (?i) matches to an ASCII letter: ſ, ı, İ and the Kelvin sign.
_ODD_CASE = re.compile("[\u017f\u0131\u0130\u212a]")


_CHAIR_CUE = re.compile(
    r"\b(?:presiden(?:cy|cies)|chairmanship|chair\b|helm|presid(?:e|ed|es|ing)|rotating post|"
    r"(?:hold|held|keep|kept|retain|remain in|remained in|occupy|occupies)s? (?:(?:the|this|that|its) (?:post|office|position|role|seat)|it\b)|"
    r"(?:presided over|chaired|led|headed|coordinated) by (?:the )?«[CYRON]|"
    r"coordinat(?:e|es|ed|ing) the work of|"
    r"coordinate the activities|next in line|next in the rotation|due to follow|will follow|"
    r"elected|re-elected|chaired|chairs\b|\b(?:led|leads|lead|heads|head|headed)\s+(?:the\s+)?«O|"
    r"(?:hands?|handed|passes|passed) (?:it|them) (?:over |on )?to|take over\b)"
)
# Every match of _CHAIR_CUE holds one of these; a sentence with none of them needs no search.
_CHAIR_CUE_PARTS = ("presid", "chair", "helm", "rotating post", "post", "office", "position", "role", "seat", "coordinat",
                    "hold", "held", "keep", "kept", "retain", "occup", "remain", "coordinate the activities", "next in ", "follow",
                    "elected", "led", "lead", "head", "hand", "pass", "take over")


def _has_membership_cue(text: str) -> bool:
    """``_MEMBERSHIP_CUE.search(text) is not None``, by substring tests on the lower-cased text."""
    if _ODD_CASE.search(text):
        return _MEMBERSHIP_CUE.search(text) is not None
    low = text.lower()
    return any(cue in low for cue in _MEMBERSHIP_CUES)


def _by_sentence(sentences: list[Sentence], items: list) -> list[list]:
    """The items (references or dates, with ``start``) that start inside each sentence, in their original order."""
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    starts = [items[i].start for i in order]
    out = []
    for s in sentences:
        picked = order[bisect_left(starts, s.start):bisect_right(starts, s.end)]
        out.append([items[i] for i in sorted(picked)])
    return out


class RelationReader:
    """Reads chairmanships, memberships, posts and participations from one article.

    Args:
        text: the article text.
        sentences: its sentences (only body sentences are read for relations).
        mentions: the article's references (:class:`kg.extract.mentions.Mentions`).
        dates: its date expressions.
        published: the publication date (for planned vs. asserted), if known.
    """

    def __init__(self, text: str, sentences: list[Sentence], mentions: Mentions, dates: list[TimeExpr],
                 published: date | None):
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.dates = dates
        self.published = published
        self.ctx = _Ctx()
        org_counts: dict[str, int] = {}
        for r in mentions.refs:
            if r.kind == "Organisation":
                org_counts[r.key] = org_counts.get(r.key, 0) + 1
        self.main_body = max(org_counts, key=lambda k: (org_counts[k], -min(
            x.start for x in mentions.refs if x.key == k))) if org_counts else None

    # ---------------------------------------------------------------- driver
    def read(self) -> tuple[list[Membership], list[PostHeld], list[Participation]]:
        refs_in, dates_in = _by_sentence(self.sentences, self.mentions.refs), _by_sentence(self.sentences, self.dates)
        for sent, refs, dates in zip(self.sentences, refs_in, dates_in):
            view = mask(sent, refs, dates, self.text)
            if sent.in_body:
                self._chairs(view)
                self._memberships(view)
                self._participations(view)
            self._posts(view)
            self._remember(view)
        self._presiding_persons()
        chairs = self._merge_chairs(self.ctx.chairs)
        self._close_handed_over(chairs)
        members = self._merge_members(self.ctx.members)
        out: list[Membership] = []
        for c in chairs:
            modality = c.stance or self._modality(c.start, c.future)
            out.append(Membership(c.holder, c.body, "Chair", c.evidence, c.start, c.end,
                                  None, modality))
        for m in members:
            out.append(Membership(m.member, m.body, m.role, m.evidence, m.start, m.end,
                                  m.status, "Planned" if m.planned else "Asserted"))
        posts = list(dict.fromkeys(self.ctx.posts))
        parts = list(dict.fromkeys(self.ctx.parts))
        return out, posts, parts

    def _close_handed_over(self, chairs: list[_Chair]) -> None:
        """A handover dated elsewhere in the article ends the old holder's term: "The German presidency follows
        that of Poland" with Germany's term said to start on 1 July ends Poland's on that day."""
        for new, old, body in self.ctx.handovers:
            starts = [c.start for c in chairs if c.holder == new and c.body == body and c.start is not None]
            terms = [c for c in chairs if c.holder == old and c.body == body]
            if len(starts) != 1 or len(terms) != 1:
                continue
            [c] = terms
            if c.end is None and (c.start is None or c.start.first_day() < starts[0].first_day()):
                c.end, c.soft_end = starts[0], True

    def _presiding_persons(self) -> None:
        """A person who presides over a body (its President or Chair) chairs it, unless a state holds the chair."""
        for post in self.ctx.posts:
            if post.title not in ("President", "Chair") or post.of is None or self._kind(post.of) != "Organisation":
                continue
            states = [c for c in self.ctx.chairs if c.body == post.of and self._kind(c.holder) != "Person"]
            if not states:
                self.ctx.chairs.append(_Chair(post.person, post.of, post.evidence))

    def _remember(self, view: SentenceView) -> None:
        first = re.search(r"«[A-Z]\d+»", re.sub(r"^\W*(?:(?:When|After|Since|As|Founded|Created|Established|"
                                                r"In|On|At)\b[^,]*,\s*)?", "", view.masked))
        if first and first.group(0)[1] == "O":
            self.ctx.subject_body = view.key(first.group(0))
        elif first and first.group(0)[1] in "CYRP" and re.match(r"\W*(?:It|Its)\b", view.masked) is None:
            pass
        for token, item in view.items.items():
            if isinstance(item, Ref) and item.kind == "Organisation":
                self.ctx.last_body = item.key
            if isinstance(item, Ref) and item.kind == "Event":
                same = item.key == self.ctx.last_event
                self.ctx.last_event = item.key
                self.ctx.last_event_sentence = view.sentence.index
                # "ministers from nine of the ten parties ... met for a ministerial meeting"
                self.ctx.last_event_by_members = same and self.ctx.last_event_by_members or bool(re.search(
                    r"\b(?:parties|members|member states|member countries|contracting parties)\b[^.;]{0,80}?"
                    r"\b(?:met|gathered|convened|came together)\b", view.masked))

    def _kind(self, key: str) -> str | None:
        return self.mentions.kind_of(key)

    def _holder_key(self, view: SentenceView, token: str) -> str | None:
        item = view.item(token)
        if not isinstance(item, Ref):
            return None
        return item.key

    def _modality(self, start: DateValue | None, future: bool) -> str:
        if start is not None and self.published is not None:
            if start.first_day() > self.published:
                return "Planned"
            # "will take over at the end of the month": a start in a month or year not yet over
            return "Planned" if future and start.precision != "day" and start.last_day() >= self.published \
                else "Asserted"
        return "Planned" if future else "Asserted"

    # --------------------------------------------------------------- chairs
    def _chair_bodies(self, view: SentenceView) -> list[str]:
        m = view.masked
        bodies: list[str] = []
        for mo in re.finditer(_CHAIR_NOUN + r"\s+(?:of|over|in)\s+(?:the\s+)?(?P<o>«O\d+»)", m):
            bodies.append(view.key(mo.group("o")))
        for mo in re.finditer(r"(?P<o>«O\d+»)(?:'s|’s)?\s+(?:rotating\s+)?(?:presidency|chairmanship|chair|helm)\b", m):
            if not re.search(r"«[CYR]\d+»(?:'s|’s)?\s+$", m[:mo.start()]):
                bodies.append(view.key(mo.group("o")))  # "the German CBSS presidency": the CBSS's
        mo = re.search(r"(?:coordinate|coordinates|coordinated) the (?:activities|work) of\b(?P<rest>[^.;]*)", m)
        if mo:
            rest = mo.group("rest")
            namely = re.search(r"\b(?:namely|including|i\.e\.)|:", rest[:80])
            rest = rest[namely.end():] if namely else rest
            bodies.extend(view.key(t) for t in self._list_after(view, rest) if t[1] == "O")
        if not bodies:
            for mo in re.finditer(r"(?:presided over|presides over|chaired|chairs|chair|led|leads|lead|lead the|preside over|at the helm of)\s+(?:the\s+)?(?P<o>«O\d+»)", m):
                bodies.append(view.key(mo.group("o")))
        if not bodies:
            orgs = [view.key(t) for t in re.findall(r"«O\d+»", m)]
            if orgs:
                bodies.append(orgs[0])
        if not bodies:
            if self.ctx.chair_body:
                bodies.append(self.ctx.chair_body)
            elif self.ctx.last_body:
                bodies.append(self.ctx.last_body)
        return list(dict.fromkeys(bodies))

    def _chairs(self, view: SentenceView) -> None:
        m = view.masked
        if not any(part in m for part in _CHAIR_CUE_PARTS) or _CHAIR_CUE.search(m) is None:
            # "Norway took over from Russia on 11 May": a handover told right after a sentence about a chair
            if view.sentence.index - self.ctx.chair_body_sentence > 2 or not (
                    _RE_HANDOVER_FROM.search(m) or _RE_SUCCEEDS.search(m)):
                return
        bodies = self._chair_bodies(view)
        found: list[tuple[str, str, str]] = []   # (holder token, role: new/old/hold, span end for dates)
        holders_done: set[str] = set()

        def add(token: str, role: str) -> None:
            token = token.strip("«»")
            at = m.find(f"«{token}»")
            after = m[at + len(token) + 2:] if at >= 0 else ""
            owned = re.match(r"(?:'s|’s)\s+«([CYR]\d+)»", after)
            if owned:
                token = owned.group(1)  # "from Sweden's Kalmar County": the county holds it
            elif token.startswith("N") and re.match(r"\s+(?:" + _NOT_STATE_NOUNS + r")\b", after):
                return  # "the Polish region", "a Finnish diplomat" are not the state
            if token in holders_done:
                return
            key = self._holder_key(view, token)
            if key is None or key in bodies:
                return
            kind = self._kind(key) if view.item(token).kind != "Demonym" else "Country"
            if kind not in ("Country", "City", "Region", "Organisation", "Person"):
                return
            holders_done.add(token)
            found.append((token, role, key))

        elected = list(_RE_ELECTED.finditer(m))
        for mo in elected:
            p, _, o = _elected(mo)
            bodies = [view.key(o)]
            add(p, "new")
        for mo in _RE_HANDOVER_FROM.finditer(m):
            add(mo.group("new"), "new")
            add(mo.group("old"), "old")
        for mo in list(_RE_SUCCEEDS.finditer(m)) + list(_RE_AFTER.finditer(m)):
            add(mo.group("new"), "new")
            add(mo.group("old"), "old")
        for mo in _RE_PASS_FROM_TO.finditer(m):
            add(mo.group("new"), "new")
            add(mo.group("old"), "old")
        for mo in _RE_PASSES_TO.finditer(m):
            for token in [mo.group("new")] + re.findall(r"«[CYRON]\d+»", mo.group("more")):
                add(token, "new")
        for mo in list(_RE_HAND_TO.finditer(m)) + list(_RE_HAND_IT_TO.finditer(m)):
            add(mo.group("new"), "new")
            add(mo.group("old"), "old")
        if self.ctx.chair_body is not None:
            for mo in _RE_DUE_TO_TAKE_OVER.finditer(m):
                add(mo.group("h") or mo.group("h2"), "next")
        for mo in _RE_TAKING_FROM.finditer(m):
            add(mo.group("old"), "old")
        for mo in _RE_FOLLOWS_THAT_OF.finditer(m):
            add(mo.group("new") or mo.group("new2"), "new")
            add(mo.group("old") or mo.group("old2") or mo.group("old3"), "old")
        for rx, role in ((_RE_TAKE, "new"), (_RE_TAKE_IT, "new"), (_RE_HOLD, "hold"), (_RE_POSSESSIVE, "mention"),
                         (_RE_DEMONYM_TERM, "mention")):
            for mo in rx.finditer(m):
                add(mo.groupdict().get("h") or mo.group("h2"), role)
        if view.sentence.index - self.ctx.chair_body_sentence <= 2:
            for mo in _RE_HOLD_POST.finditer(m):
                add(mo.group("h"), "hold")
        for mo in _RE_NEXT.finditer(m):
            add(mo.group("h") or mo.group("h2") or mo.group("h3"), "next")
        for mo in _RE_PASSIVE_CHAIR.finditer(m):
            bodies = [view.key(mo.group("o"))]
            add(mo.group("h"), "hold")
        if _RE_ITS_PRESIDENCY.search(m) and not found:
            prev = self._recent_holder(view)
            if prev is not None:
                token = f"its:{prev}"
                view.items[token] = Ref(view.sentence.start, view.sentence.start, "its", self._kind(prev) or "Country", prev, "coref")
                view.positions[token] = view.sentence.start + _RE_ITS_PRESIDENCY.search(m).start()
                found.append((token, "mention", prev))
        if not found:
            return
        explicit = re.search(_CHAIR_NOUN + r"\s+(?:of|over|in)\s+(?:the\s+)?«O\d+»|(?:presided over|presides over|chaired|"
                             r"chairs|will chair|led|leads|coordinate the activities of|at the helm of)\s+(?:the\s+)?"
                             r"(?:[^«.;]{0,60}?)«O\d+»|«O\d+»(?:'s|’s)?\s+(?:rotating\s+)?(?:presidency|chairmanship|chair|helm)\b", m)
        if not explicit and all(role in ("mention", "next") for _, role, _ in found) and self.ctx.chair_body:
            bodies = [self.ctx.chair_body]
        if not bodies:
            return
        # persons only chair when nothing else does ("Foreign Minister X took it over" on behalf of a state)
        if any(self._kind(k) != "Person" for _, _, k in found) and not elected:
            found = [f for f in found if self._kind(f[2]) != "Person"]
        if not found:
            return
        found.sort(key=lambda f: view.positions.get(f[0], 0))
        segments = self._segments(view, [f[0] for f in found], [f[1] for f in found])
        handover_date: DateValue | None = None
        facts: list[tuple[str, str, DateValue | None, DateValue | None, bool]] = []
        for (token, role, key), seg in zip(found, segments):
            if role == "mention":
                seg = self._mention_segment(seg, token)
            start, end, extra = self._period(view, seg, role)
            if start is not None and end is None:
                end = self._end_after(start, self.text[view.sentence.start:view.sentence.end])
            if start is not None and end is not None and end.last_day() < start.first_day() and len(end.value) == 10:
                end = DateValue(f"{int(end.value[:4]) + 1}{end.value[4:]}")
            future = bool(lx.FUTURE_CUES.search(seg)) or role == "next"
            stance = self._stance(m, token)
            if role == "new" and start is not None:
                handover_date = handover_date or start
            elif role == "hold" and start is not None and any(r == "old" for _, r, _ in found):
                handover_date = handover_date or start  # "X had chaired it since D, when it took over from Y"
            facts.append((key, role, start, end, future, stance))
            for s2, e2 in extra:
                facts.append((key, "hold", s2, e2, False, None))
        if elected and self.ctx.last_event and view.sentence.index - self.ctx.last_event_sentence <= 3:
            # "the founders elected X as the first President": elected at the meeting the article has just told of
            rec = self.mentions.records.get(self.ctx.last_event)
            if rec is not None and rec.start is not None and rec.start.precision == "day":
                facts = [(k, r, rec.start if r == "new" and st is None and self._kind(k) == "Person" else st, en, fu,
                          sta) for k, r, st, en, fu, sta in facts]
        # "Sweden on Wednesday handed the chairmanship to Finland": the day the old term ends starts the new one
        handed_on = next((f[3] for f in facts if f[1] == "old" and f[3] is not None and f[3].precision == "day"
                          and f[2] is None), None)
        if handed_on is not None and handover_date is None:
            facts = [(k, r, handed_on if r == "new" and st is None else st, en, fu, sta)
                     for k, r, st, en, fu, sta in facts]
        for key, role, start, end, future, stance in facts:
            soft = False
            if role == "old" and end is None and handover_date is not None:
                end, soft = handover_date, True
            for body in bodies:
                if key == body:
                    continue
                self.ctx.chairs.append(_Chair(key, body, (view.sentence.start, view.sentence.end), start, end,
                                              future and role != "old", view.sentence.index, soft, stance))
        new = [f[0] for f in facts if f[1] == "new"]
        old = [f[0] for f in facts if f[1] == "old"]
        if new and old:
            self.ctx.last_handover = (new[0], old[0])
            self.ctx.handovers.extend((new[0], old[0], body) for body in bodies)
            at = re.search(r"\b(?:at|during)\s+" + _EVENT_DET + r"(«E\d+»)", m)
            if at:
                for k in (new[0], old[0]):
                    self.ctx.parts.append(Participation(k, view.key(at.group(1)),
                                                        (view.sentence.start, view.sentence.end)))
        self.ctx.chair_body = bodies[0]
        self.ctx.chair_body_sentence = view.sentence.index

    _TERM_CLAUSE = re.compile(
        r"^\s*,?\s*(?:that|which)?\s*(?:\w+\s+){0,2}?(?:began|begins|started|starts|ran|runs|lasted|lasts|last|run|"
        r"from|since|until|in|of|will run|will last|ends|ended)\b")

    def _mention_segment(self, seg: str, token: str) -> str:
        """The part of a sentence that dates a presidency named in passing ("a Russian presidency that began ...").

        Dates count only when a clause right after the presidency speaks of its period; further terms
        ("after earlier terms in ...", "the first ran from ...") are kept for :meth:`_period`.
        """
        at = seg.find(f"«{token}»") if not token.startswith("its:") else 0
        tail = seg[max(at, 0):]
        # "launched in «D» under «C»'s presidency": the date of what happened under it
        under = re.search(r"(«D\d+»)\s+(?:under|during)\s+(?:the\s+)?$", seg[:max(at, 0)])
        noun = re.search(_CHAIR_NOUN + r"\b", tail)
        if noun is None:
            return tail
        after = tail[noun.end():]
        further = [x.start() for x in (_RE_EARLIER_TERMS.search(after), _RE_FIRST_RAN.search(after)) if x]
        if under:
            return "in " + under.group(1) + " " + re.sub(r"«D\d+»", "", tail[:noun.end()])
        if self._TERM_CLAUSE.match(after):
            # the clause about the term, up to where another one begins ("... of the «O» and renewed in «D»")
            return tail[:noun.end()] + re.split(r"\s(?:and|but|while)\s+(?:was\s+|were\s+)?(?!«)\w+ed\b", after,
                                                maxsplit=1)[0]
        bracket = re.match(r"\s*\(\s*«D\d+»\s*\)", after)
        if bracket:
            return tail[:noun.end()] + bracket.group(0)  # "the German CBSS presidency (2022-2023)"
        head = re.sub(r"«D\d+»", "", tail[:noun.end()])
        return head + (after[min(further):] if further else "")

    _HOPED = re.compile(r"\b(?:hopes?|hoped|hoping|wants?|wanted|wishes|wished|aims?|aimed|seeks?|sought|"
                        r"would like|is eager|are eager|aspires?)\b")
    _PROPOSED = re.compile(r"\b(?:proposed|proposes|propose|suggested|suggests|recommended|recommends|nominated|"
                           r"put forward|called for|calls for)\b")
    _DENIED = re.compile(r"\b(?:denied|denies|deny|rejected|rejects|ruled out|rules out|will not|would not|did not|"
                         r"does not|never)\b")

    def _stance(self, m: str, token: str) -> str | None:
        """How the sentence holds a chairmanship beyond tense: hoped, proposed or denied.

        Looks at the words right around the holder: "Latvia hopes to chair", "she hoped Latvia would chair",
        "proposed that Latvia chair", "denied that Latvia would chair".
        """
        at = m.find(f"«{token}»")
        if at < 0:
            return None
        before, after = m[max(0, at - 40):at], m[at + len(token) + 2:at + len(token) + 40]
        window = before + " " + after
        if self._DENIED.search(window):
            return "Denied"
        if self._HOPED.search(window):
            return "Hoped"
        if self._PROPOSED.search(window):
            return "Proposed"
        return None

    def _recent_holder(self, view: SentenceView) -> str | None:
        refs = [r for r in self.mentions.refs if r.end <= view.sentence.start and r.kind in ("Country", "City", "Region")
                and view.sentence.start - r.end < 400]
        return refs[-1].key if refs else None

    def _segments(self, view: SentenceView, tokens: list[str], roles: list[str] | None = None) -> list[str]:
        """The stretch of the masked sentence that belongs to each holder, for reading its dates.

        Dates of a body's founding ("the Assembly, founded in «D» by ...") are no holder's."""
        m = _FOUNDING_DATE.sub(lambda mo: mo.group(0).replace("«", "‹").replace("»", "›"), view.masked)
        idx = [m.find(f"«{t}»") if not t.startswith("its:") else _RE_ITS_PRESIDENCY.search(m).start() for t in tokens]
        segs = []
        for i, pos in enumerate(idx):
            start = 0 if i == 0 else pos
            end = idx[i + 1] if i + 1 < len(idx) else len(m)
            if i + 1 < len(idx):
                # "X took over ... from Y": the words before "from Y" still belong to X
                nxt = m.rfind("from", pos, idx[i + 1])
                end = nxt if nxt != -1 and idx[i + 1] - nxt < 12 else end
            segs.append(m[start:end])
        # "X took over from Y on D, starting a term ...": what follows Y is X's, unless a clause
        # of Y's own ("Y, whose term ran ...") dates Y
        for i in range(1, len(segs)):
            if roles is not None and roles[i] == "old" and roles[i - 1] == "new" and not re.match(
                    r"«[A-Z]\d+»\s*,?\s*(?:whose|which|who|that)\b", segs[i]):
                owned = re.match(r"«[A-Z]\d+»", segs[i])
                segs[i - 1] = segs[i - 1] + segs[i][owned.end() if owned else 0:]
                segs[i] = segs[i][:owned.end()] if owned else ""
        return segs

    _DURATION = re.compile(r"\bfor\s+(?:a|an|one|two|three|four|five|six|the next|the following|the coming)?\s*"
                           r"(?:\w+[- ])?(?:years?|months?|year-long|term)\b[^,.;]{0,20}")

    def _end_after(self, start: DateValue, sentence: str) -> DateValue | None:
        """The end of a term given by its length ("for a one-year term", "for the next twelve months")."""
        mo = self._DURATION.search(sentence)
        if mo is None:
            return None
        length = parse_duration(mo.group(0))
        if length is None:
            return None
        if start.precision == "day":
            return DateValue.of(start.first_day() + length - timedelta(days=1))
        if start.precision == "month":
            last = start.first_day() + length - relativedelta(months=1)
            return DateValue(last.isoformat()[:7])
        return None  # a term of a year from "2024" may end in 2024 or in 2025

    def _period(self, view: SentenceView, seg: str, role: str) -> tuple[DateValue | None, DateValue | None, list]:
        """Start and end dates in a holder's stretch of the sentence, and any further terms it lists."""
        start = end = None
        extra: list[tuple[DateValue | None, DateValue | None]] = []
        earlier = _RE_EARLIER_TERMS.search(seg)
        first_ran = _RE_FIRST_RAN.search(seg)
        cut = min([x.start() for x in (earlier, first_ran) if x] or [len(seg)])
        main, rest = seg[:cut], seg[cut:]
        for mo in re.finditer(r"«D\d+»", main):
            d = view.date(mo.group(0))
            before = main[:mo.start()]
            if d.end_value is not None:
                if start is not None and end is not None and re.search(r"\band\s+(?:in\s+)?$", before):
                    extra.append((d.value, d.end_value))  # "twice, in 2001-2002 and in 2012-2013"
                    continue
                start = start or d.value
                end = end or d.end_value
                continue
            if re.search(r"\bfrom\s*$", before) and re.match(r"\s*(?:,\s*)?(?:to|until|till|through)\s+«D\d+»", main[mo.end():]):
                nxt = re.match(r"\s*(?:,\s*)?(?:to|until|till|through)\s+(«D\d+»)", main[mo.end():])
                start = start or d.value
                end = end or view.date(nxt.group(1)).value
                continue
            if end is not None and d.value == end:
                continue
            if _END_CUE.search(before):
                end = end or d.value
            elif _START_CUE.search(before):
                start = start or d.value
            elif _IN_CUE.search(before):
                if start is None:
                    start = d.value
                    # "X holds the presidency in 2025", "elected as its President for 2022": a calendar-year term
                    if (role == "hold" or re.search(r"\bfor\s*$", before)) and d.value.precision == "year" \
                            and end is None:
                        end = d.value
            else:
                if role == "old" and end is None and not re.search(r"\bago\s*$", before):
                    end = d.value  # "succeeding «C» on «D»": the day the old term ended
                elif start is None and role in ("new", "next", "hold") and not re.search(r"\bago\s*$", before):
                    start = d.value
        if rest:
            dates = [view.date(t) for t in re.findall(r"«D\d+»", rest)]
            if first_ran and dates:
                d = dates[0]
                nxt = dates[1] if len(dates) > 1 else None
                if d.end_value is not None:
                    extra.append((d.value, d.end_value))
                else:
                    extra.append((d.value, nxt.value if nxt else None))
            elif earlier:
                for d in dates:
                    extra.append((d.value, d.end_value))
        return start, end, extra

    @staticmethod
    def _compatible(a: _Chair, b: _Chair) -> bool:
        def ok(x: DateValue | None, y: DateValue | None, soft: bool = False) -> bool:
            if x is None or y is None or x.value.startswith(y.value) or y.value.startswith(x.value):
                return True
            # the day of a handover and the day before it are the same end of a term
            return soft and len(x.value) == len(y.value) == 10 and abs((x.first_day() - y.first_day()).days) <= 1
        return a.holder == b.holder and a.body == b.body and ok(a.start, b.start) and \
            ok(a.end, b.end, a.soft_end or b.soft_end)

    def _merge_chairs(self, chairs: list[_Chair]) -> list[_Chair]:
        merged: list[_Chair] = []
        for c in chairs:
            candidates = [x for x in merged if self._compatible(x, c)]
            if not candidates:
                merged.append(replace(c))
                continue
            target = min(candidates, key=lambda x: (abs(x.sentence - c.sentence), -(x.start is not None)))
            for attr in ("start", "end"):
                mine, theirs = getattr(target, attr), getattr(c, attr)
                if attr == "end" and mine is not None and theirs is not None and target.soft_end and not c.soft_end:
                    target.end, target.soft_end = theirs, False
                elif mine is None or (theirs is not None and len(theirs.value) > len(mine.value)):
                    setattr(target, attr, theirs)
                    if attr == "end":
                        target.soft_end = c.soft_end
            target.future = target.future or c.future
        # a dateless claim that fits several terms says nothing new
        out = []
        for c in merged:
            if c.start is None and c.end is None and any(x is not c and x.holder == c.holder and x.body == c.body for x in merged):
                continue
            out.append(c)
        return out

    # ---------------------------------------------------------- memberships
    _LIST_GLUE = frozenset(
        """, and as well together with plus along including such those of the a an its their regions region island
        islands city cities regional parliaments parliament assemblies assembly national states state countries
        country organisations organizations parliamentary municipalities municipality among them namely both also
        other member members partners partner bodies to towns town provinces province counties county voivodeship
        voivodeships oblast oblasts equal four three two five six seven eight nine ten eleven twelve now currently
        still namely""".split()
    )

    def _list_after(self, view: SentenceView, text: str, offset: int = 0) -> list[str]:
        """Member-like placeholders forming a list at the start of ``text``."""
        out: list[str] = []
        pos = 0
        for mo in re.finditer(r"«([A-Z])\d+»", text):
            gap = text[pos:mo.start()]
            words = re.findall(r"[\w'-]+|[,;:]", gap.replace("’", "'"))
            bad = [w for w in words if w.lower() not in self._LIST_GLUE and w not in (",",)]
            if mo.group(1) == "N":
                pos = mo.end()
                continue
            if bad or ";" in gap or ":" in gap and out:
                break
            if re.search(r"\b(?:in|from|near|at|within|outside)\s*$", gap):
                break
            if mo.group(1) in "CYRO" and not re.match(r"(?:'s|’s)\b", text[mo.end():]):
                out.append(mo.group(0))
            elif mo.group(1) in "PED":
                break
            pos = mo.end()
        return out

    _ADVERBS = frozenset("all still now also already nevertheless however yet formally officially".split())
    # ", the main settlement on the island of «R»," between a subject and its verb
    _APPOSITION = re.compile(r",\s+(?:the|a|an)\s+(?=[^,]*\b(?!the\b|and\b)[a-z]{3,}\b)[^,]*,")
    _PARENTHETICAL = re.compile(r",\s+(?:all|both|each|which|who|whose|mostly|some|most)\b[^,]*,")

    _DESCRIBED_PLACE = re.compile(
        r"\b(?:the\s+)?(?:«N\d+»\s+)?(?:city|town|port|municipality|region|county|island|village|commune)\s+of\s+"
        r"(?=«[YR]\d+»)")

    def _list_before(self, view: SentenceView, text: str) -> list[str]:
        text = self._PARENTHETICAL.sub(" ", text)
        text = self._DESCRIBED_PLACE.sub("", text)
        tokens = list(re.finditer(r"«([A-Z])\d+»", text))
        out: list[str] = []
        end = len(text)
        for mo in reversed(tokens):
            gap = text[mo.end():end]
            words = re.findall(r"[\w'-]+", gap)
            if ";" in gap or ":" in gap:
                break
            if mo.group(1) == "N" and re.match(r"\s+(?:" + _NOT_STATE_NOUNS + r")\b", gap):
                break  # "the Russian regions were excluded": the subject is not a list of names
            if out and [w for w in words if w.lower() not in self._LIST_GLUE]:
                break
            if not out and [w for w in words if w.lower() not in self._LIST_GLUE | self._ADVERBS]:
                break
            if mo.group(1) == "N":
                end = mo.start()
                continue
            if mo.group(1) not in "CYRO":
                break
            out.append(mo.group(0))
            end = mo.start()
        return list(reversed(out))

    def _body_in(self, view: SentenceView, text: str, *, last: bool = False, exclude: tuple[str, ...] = ()) -> str | None:
        """The first body named in ``text`` (the last, with ``last``), skipping ``exclude`` placeholders."""
        found = [t for t in re.findall(r"«O\d+»", text) if t not in exclude]
        if not found:
            return None
        return view.key(found[-1] if last else found[0])

    def _add_member(self, view: SentenceView, tokens: list[str], body: str | None, role: str = "Member",
                    status: str | None = None, start: DateValue | None = None, end: DateValue | None = None,
                    planned: bool = False) -> None:
        if body is None:
            return
        for t in tokens:
            key = view.key(t)
            if key == body or self._kind(key) not in ("Country", "City", "Region", "Organisation"):
                continue
            self.ctx.members.append(_Member(key, body, role, (view.sentence.start, view.sentence.end), status,
                                            start, end, view.sentence.index, planned))

    def _sentence_date(self, view: SentenceView, text: str | None = None) -> DateValue | None:
        mo = re.search(r"«D\d+»", text if text is not None else view.masked)
        return view.date(mo.group(0)).value if mo else None

    def _memberships(self, view: SentenceView) -> None:
        m = view.masked
        # every rule below needs a member-like placeholder and one of the cue words
        if _MEMBER_SLOT.search(m) is None or not _has_membership_cue(m):
            return
        present = None
        # "Its members are ...", "the council's seven other members, ...", "«O» brings together ..."
        for mo in re.finditer(
                r"(?P<owner>«O\d+»(?:'s|’s)?|\b[Ii]ts|\b[Tt]heir|\b[Tt]he \w+(?:'s|’s))?\s*(?:\w+\s+){0,3}?"
                r"(?:members|member states|members states|parties|partners|founders|founding members|signatories)"
                r"(?:\s+of\s+(?:the\s+)?(?P<of>«O\d+»))?"
                r"(?:\s+(?P<verb>are|were|include|included|includes|comprise|comprised|are now|now include)\b|,)"
                r"\s*:?\s*(?P<rest>.*)", m):
            owner = mo.group("of") or mo.group("owner") or ""
            body = self._owner_body(view, owner, mo.start())
            tokens = self._list_after(view, mo.group("rest"))
            verb = mo.group("verb") or ""
            status = "Active" if verb in ("are", "include", "includes", "comprise", "are now", "now include") else None
            when = self._sentence_date(view, m[:mo.start()]) if verb in ("were",) else None
            self._add_member(view, tokens, body, status=status, start=when)
        for mo in re.finditer(r"(?:(?P<o>«O\d+»)|\b(?:It|it|[Tt]he\s+(?:organi[sz]ation|body|council|union|network|"
                              r"commission|assembly|conference)))\s+(?:now\s+|currently\s+)?(?:has|counts|numbers)\s+"
                              r"(?:\w+\s+){0,2}(?:members|member states|member countries|member cities|parties)\s*"
                              r"(?::|,|—|–|-|including|namely)\s*(?P<rest>.*)", m):
            body = view.key(mo.group("o")) if mo.group("o") else self.ctx.subject_body or self.ctx.last_body
            self._add_member(view, self._list_after(view, mo.group("rest")), body, status="Active")
        for mo in re.finditer(r"(?P<o>«O\d+»)[^«.;]{0,20}?\b(?:brings together|brought together|unites|united|comprises|"
                              r"consists of|groups|gathers|includes)\s+(?P<rest>.*)", m):
            self._add_member(view, self._list_after(view, mo.group("rest")), view.key(mo.group("o")), status="Active")
        # "X, Y and Z are members of «O»", "X remains a Contracting Party to the convention"
        for mo in re.finditer(
                r"(?P<verb>\b(?:is|are|was|were|remains|remain|has been|have been|had been|became|become|becomes))"
                r"\s+(?:all\s+|also\s+|still\s+|now\s+|nevertheless\s+|already\s+)*"
                r"(?:(?:listed|counted|registered|recorded|named)\s+as\s+)?(?:among\s+)?(?:a |an |the |one of the )?"
                r"(?:founding |full |associate |original |permanent )?(?P<what>members?|member states?|part|parties|"
                r"party|Contracting Party|contracting party|Contracting Parties|observers?|partners?)\b"
                r"(?:\s+(?:of|to|in)\s+(?:the\s+)?(?P<tail>[^.;]*))?", m):
            tokens = self._list_before(view, m[:mo.start()])
            if not tokens:
                continue
            tail = mo.group("tail") or ""
            body = self._body_in(view, tail[:40]) if tail else None
            if body is None:
                body = self.ctx.last_body if tail or mo.group("what").lower().startswith(("member", "part")) else None
            role = "Observer" if mo.group("what").lower().startswith("observer") else "Member"
            verb = mo.group("verb")
            status = "Active" if verb in ("is", "are", "remains", "remain", "has been", "have been", "became",
                                          "become", "becomes") else None
            since = re.search(r"\bsince\s+(«D\d+»)", tail)
            start = view.date(since.group(1)).value if since else None
            if start is None and verb in ("became", "become", "becomes"):
                start = self._clause_date(view, m, mo.end(), mo.start())
            self._add_member(view, tokens, body, role, status, start=start)
        # "Narva, a member of the Union of the Baltic Cities, hosted ..."
        for mo in re.finditer(r"(?P<x>«[CYRO]\d+»),\s+(?:a|an|the|one of the)\s+(?:founding\s+|full\s+|long-standing\s+|"
                              r"associate\s+)?(?P<what>members?|observers?|partners?)\s+(?:city\s+|state\s+|country\s+|"
                              r"region\s+)?(?:of|in)\s+(?:the\s+)?(?P<o>«O\d+»)", m):
            role = "Observer" if mo.group("what").startswith("observer") else "Member"
            self._add_member(view, [mo.group("x")], view.key(mo.group("o")), role)
        # "X, already a member in 1993"
        for mo in re.finditer(r"(?P<x>«[CYRO]\d+»),\s+(?:already|then|still|also)?\s*a\s+(?:founding\s+)?member\b", m):
            self._add_member(view, [mo.group("x")], self.ctx.last_body)
        # joining: "X (, an apposition,) has joined «O»"
        for mo in re.finditer(r"\b(?P<v>has joined|have joined|had joined|joined|rejoined|re-joined|has rejoined|acceded to|accedes to|joins|will join|"
                              r"would join|(?:is|are) (?:to|set to|expected to|due to) join|will become a member of|"
                              r"became a member of|becomes a member of|was admitted to|were admitted to|was admitted|"
                              r"were admitted|is joining|are joining)\s*(?:the\s+)?(?P<rest>[^.;]*)", m):
            before = self._APPOSITION.sub(" ", m[:mo.start()])
            before = re.sub(r"\s*(?:«D\d+»|on|in|formally|officially|also|finally|now)\s*$", " ", before)
            tokens = self._list_before(view, before)
            if not tokens and re.match(r"\W*(?:It|it|They)\s*$", before):
                tokens = self._previous_subject(view)  # "Iceland ... It joined the council in 1995"
            body = self._body_in(view, mo.group("rest")[:30]) or self.ctx.last_body
            clause = _CLAUSE_END.split(mo.group("rest"), maxsplit=1)[0]
            when = self._sentence_date(view, clause) or self._sentence_date(view, _last_clause(m[:mo.start()]))
            future = bool(re.match(r"(?:will|would|is|are)\b", mo.group("v")))
            self._add_member(view, tokens, body, status="Active", start=when, planned=self._still_ahead(future, when))
        # "One of the signatories is X"
        for mo in re.finditer(r"\b(?:signatories|founders|founding (?:members|partners|regions|cities|states|countries|"
                              r"parties|municipalities))\s+(?:is|was|were|are|included)\s+(?P<rest>.*)", m):
            tokens = self._list_after(view, mo.group("rest"))
            self._add_member(view, tokens, self._body_in(view, m[:mo.start()]) or self.ctx.last_body)
            if mo.group(0).startswith("signatories") and self.ctx.last_event:
                # the signatories signed at the meeting the article has told of
                for t in tokens:
                    self.ctx.parts.append(Participation(view.key(t), self.ctx.last_event,
                                                        (view.sentence.start, view.sentence.end)))
        # "X represents Russia in «O»"
        for mo in re.finditer(r"(?P<x>«[CYRO]\d+»)\s+(?:represents|represented|will represent)\s+«[CN]\d+»\s+in\s+(?:the\s+)?(?P<o>«O\d+»)", m):
            self._add_member(view, [mo.group("x")], view.key(mo.group("o")))
        # observers: "observer countries, among them ...", "with X as an observer"
        for mo in re.finditer(r"\bobservers?(?:\s+(?:countries|states|status))?\s*,?\s*(?:among them|including|such as|are|include|:)\s+(?P<rest>.*)", m):
            body = self._body_in(view, m[:mo.start()], last=True) or self.ctx.subject_body or self.ctx.last_body
            self._add_member(view, self._list_after(view, mo.group("rest")), body, "Observer", "Active")
        for mo in re.finditer(r"\b(?:was|were|has been|have been|is|are)?\s*(?:granted|given|awarded|gained|obtained|received|holds|hold|has|have|had)\s+observer status\s+(?:in|at|with|of|to)?\s*(?:the\s+)?(?P<rest>[^.;]*)", m):
            tokens = self._list_before(view, self._APPOSITION.sub(" ", m[:mo.start()]))
            body = self._body_in(view, mo.group("rest")[:20]) or self.ctx.last_body
            self._add_member(view, tokens, body, "Observer", "Active")
        for mo in re.finditer(r"\b(?:admitted|accepted|welcomed|granted)\s+(?:the\s+)?(?P<x>«[CYRO]\d+»)\s+(?:(?:of|from)\s+"
                              r"«[CN]\d+»\s+)?as\s+(?:an?\s+|its\s+)?(?:new\s+|full\s+)?(?P<what>observer|member|partner)", m):
            body = self._body_in(view, m[:mo.start()], last=True) or self.ctx.subject_body or self.ctx.last_body
            role = "Observer" if mo.group("what") == "observer" else "Member"
            self._add_member(view, [mo.group("x")], body, role, "Active",
                             start=self._clause_date(view, m, mo.end(), mo.start()))
        for mo in re.finditer(r"(?P<x>«[CYRO]\d+»)[^«.;]{0,30}?\b(?:lost|loses|has lost|had lost|gave up|gives up|"
                              r"renounced|gave back)\s+(?:its|their)\s+(?P<what>observer status|membership|seat)"
                              r"(?:\s+(?:in|at|of|with)\s+(?:the\s+)?(?P<o>«O\d+»))?", m):
            body = view.key(mo.group("o")) if mo.group("o") else \
                self._body_in(view, m[:mo.start()], last=True) or self.ctx.last_body
            role = "Observer" if mo.group("what").startswith("observer") else "Member"
            self._add_member(view, [mo.group("x")], body, role, "Withdrawn",
                             end=self._clause_date(view, m, mo.end(), mo.start()))
        for mo in re.finditer(r"\bwith\s+(?P<x>«[CYRO]\d+»)\s+as\s+(?:an?\s+)?observer", m):
            listed = tuple(t for mem in re.finditer(r"(?:partners|members|parties)\b,?\s*(?P<rest>.*)", m[:mo.start()])
                           for t in self._list_after(view, mem.group("rest")))
            body = self._body_in(view, m[:mo.start()], last=True, exclude=listed) or self.ctx.subject_body \
                or self.ctx.last_body
            self._add_member(view, [mo.group("x")], body, "Observer")
        self._status_changes(view)

    def _owner_body(self, view: SentenceView, owner: str, at: int) -> str | None:
        mo = re.search(r"«O\d+»", owner)
        if mo:
            return view.key(mo.group(0))
        if owner.lower().startswith("the ") and owner:
            head = owner.split()[1].replace("'s", "").replace("’s", "").lower()
            refs = [r for r in self.mentions.refs if r.end <= view.sentence.start + at and r.kind == "Organisation"]
            for r in reversed(refs):
                rec = self.mentions.records.get(r.key)
                if rec and head in rec.heads:
                    return r.key
        inside = self._body_in(view, view.masked[:at], last=True)
        return inside or self.ctx.subject_body or self.ctx.last_body

    def _status_changes(self, view: SentenceView) -> None:
        m = view.masked
        when = self._sentence_date(view)
        # "«O» froze its cooperation with «C» and «C»", "«O» paused all contacts with «Y»"
        for mo in re.finditer(r"(?P<o>«O\d+»)[^«.;]{0,30}?\b(?:froze|freezes|has frozen|had frozen|paused|pauses|"
                              r"has paused|suspended|suspends|has suspended)\s+(?:all\s+|its\s+|their\s+)*"
                              r"(?:\w+\s+)?(?:cooperation|co-operation|contacts|relations|ties|work)\s+with\s+(?:the\s+)?"
                              r"(?P<rest>[^.;]*)", m):
            tokens = self._list_after(view, mo.group("rest"))
            self._add_member(view, tokens, view.key(mo.group("o")), status="Suspended",
                             end=self._clause_date(view, m, mo.end("o"), mo.start()))
        # "Russia's membership of the Arctic Council has been paused since March 2022"
        for mo in re.finditer(r"(?P<x>«[CYRO]\d+»)(?:'s|’s)\s+(?:\w+\s+)?(?P<what>membership|participation|seat|observer status)"
                              r"(?:\s+(?:in|of|at)\s+(?:the\s+)?(?P<o>«O\d+»))?[^«.;]{0,20}?\b(?:is|was|has been|had been|were|"
                              r"remains|will be)\s+(?:\w+\s+)?(?P<v>suspended|paused|frozen|terminated|ended|revoked|"
                              r"cancelled)\b", m):
            status = "Suspended" if mo.group("v") in ("suspended", "paused", "frozen") else "Withdrawn"
            body = view.key(mo.group("o")) if mo.group("o") else \
                self._body_in(view, m[:mo.start()], last=True) or self.ctx.last_body
            role = "Observer" if mo.group("what") == "observer status" else "Member"
            self._add_member(view, [mo.group("x")], body, role, status=status,
                             end=self._clause_date(view, m, mo.end("v"), mo.start()))
        # "Kaliningrad remains a member of «O», but its membership is suspended"
        for mo in re.finditer(r"\b(?:its|their)\s+(?:\w+\s+)?(?:membership|participation)\s+(?:(?:in|of)\s+(?:the\s+)?"
                              r"(?P<o>«O\d+»)\s+)?(?:is|was|has been|had been|remains|were|are)\s+(?:\w+\s+)?"
                              r"(?P<v>suspended|paused|frozen)\b", m):
            subject = self._list_before(view, re.split(r",\s*(?:but|and|although|while)\b|;", m[:mo.start()])[0]
                                        .split(" remains ")[0].split(" remain ")[0].split(" is ")[0].split(" are ")[0])
            body = view.key(mo.group("o")) if mo.group("o") else self._body_in(view, m[:mo.start()], last=True) \
                or self.ctx.last_body
            self._add_member(view, subject, body, status="Suspended",
                             end=self._clause_date(view, m, mo.end("v"), mo.start()))
        for mo in re.finditer(r"(?:(?P<o>«O\d+»)[^«.;]{0,30}?)?\b(?:has |have |had )?(?:suspended|(?:to |will |would )"
                              r"suspend|suspends|suspending)\s+(?:all\s+)?(?P<rest>[^.;]*)", m):
            # "to suspend Russia's participation": the state whose participation it is
            rest = re.sub(r"(«[CYRO]\d+»)(?:'s|’s)\s+(?:\w+\s+)?(?:participation|membership|seat|observer status)\b",
                          r"\1", mo.group("rest"))
            body = view.key(mo.group("o")) if mo.group("o") else None
            am = re.match(r"(?:(?:all\s+)?(?:the\s+)?(?:activities|work|cooperation|participation)\s+(?:of|in|with)\s+(?:the\s+)?)(?P<o>«O\d+»)[^.;]*?\b(?:involve|involving|with|of)\s+(?P<rest>.*)", rest)
            involving = re.match(r"(?:all\s+)?(?:the\s+|its\s+|their\s+)?(?:joint\s+)?(?:activities|work|cooperation|"
                                 r"contacts|projects)\s+(?:involving|with)\s+(?P<rest>.*)", rest)
            if am:
                body = view.key(am.group("o"))
                tokens = self._list_after(view, am.group("rest"))
            elif involving:
                # "the council's other members ... suspended activities involving Russia"
                tokens = self._list_after(view, involving.group("rest"))
                body = body or self._body_in(view, m[:mo.start()], last=True) or self.ctx.last_body
            else:
                tokens = self._list_after(view, rest)
                fm = re.search(r"\bfrom\s+(?:the\s+)?(?:its\s+)?(?:\w+\s+)?(?P<o>«O\d+»)", rest)
                if fm:
                    body = view.key(fm.group("o"))
                elif body is None:
                    body = self._body_in(view, m[:mo.start()], last=True) or self.ctx.last_body
            if tokens:
                self.ctx.suspension_body = body
                self._add_member(view, tokens, body, status="Suspended", end=when)
        for mo in re.finditer(r"\b(?:suspension|exclusion)\s+(?:applies|apply|applied)\s+to\s+(?P<rest>[^.;]*)", m):
            tokens = self._list_after(view, re.sub(r"\band to\b", "and", mo.group("rest")))
            self._add_member(view, tokens, self.ctx.suspension_body or self.ctx.last_body, status="Suspended")
        for mo in re.finditer(r"\b(?:was|were|has been|have been|is|are|had been)\s+(?:(?:also|later|then|subsequently|"
                              r"formally|officially|temporarily|eventually|itself|themselves)\s+)*"
                              r"(?P<v>suspended|excluded|expelled|removed)\b(?P<rest>[^.;]*)", m):
            head = m[:mo.start()]
            tokens = self._list_before(view, self._APPOSITION.sub(" ", head))
            body = self._body_in(view, mo.group("rest")) or self.ctx.last_body
            described = head[head.rfind(tokens[-1]):] if tokens else ""
            role = "Observer" if re.search(r"\bas\s+(?:an?\s+)?observers?\b", mo.group("rest")) or \
                re.search(r",\s+(?:an?|the)\s+(?:\w+\s+)?observers?\b", described) else "Member"
            status = "Suspended" if mo.group("v") == "suspended" else "Withdrawn"
            self._add_member(view, tokens, body, role, status=status,
                             end=self._clause_date(view, m, mo.end("v"), mo.start()))
        for mo in re.finditer(r"\b(?:ended|terminated|ends|terminates|revoked|cancelled)\s+(?:the\s+)?membership\s+of\s+(?P<rest>[^.;]*)", m):
            body = self._body_in(view, m[:mo.start()]) or self.ctx.last_body
            when = self._sentence_date(view)
            self._add_member(view, self._list_after(view, mo.group("rest")), body, status="Withdrawn", end=when)
        for mo in re.finditer(r"\b(?:expelled|excluded)\s+(?P<rest>[^.;]*)", m):
            body = self._body_in(view, m[:mo.start()]) or self.ctx.last_body
            tokens = self._list_after(view, mo.group("rest"))
            self._add_member(view, tokens, body, status="Withdrawn", end=when)
        for mo in re.finditer(r"\b(?P<v>withdrew|withdraws|withdrawn|was withdrawing|is withdrawing|would withdraw|"
                              r"will withdraw|left|leaves|leaving|would leave|will leave|quit|quits|pulled out|pulls out|"
                              r"walked out|(?:is|are) (?:to|set to|expected to|due to) (?:leave|withdraw|quit))\s+"
                              r"(?:of\s+|from\s+)?(?:the\s+)?(?P<o>«O\d+»)", m):
            future = bool(re.match(r"(?:would|will|(?:is|are) (?:to|set|expected|due))\b", mo.group("v")))
            head = self._PARENTHETICAL.sub(" ", m[:mo.start()])
            head = re.sub(r"\s*\b(?:has|have|had|formally|officially|also|finally|later|then|eventually|"
                          r"subsequently|since|already)\s*$", " ", re.sub(r"\s+", " ", head))
            head = re.sub(r"\s*\b(?:formally|officially|also|finally|later|then|eventually|subsequently|already)\s*$",
                          " ", head)
            tokens = self._list_before(view, head)
            if not tokens:
                near = re.search(r"(?P<x>«[CYRO]\d+»)(?:[^«.;]|«D\d+»){0,60}$", m[:mo.start()])
                tokens = [near.group("x")] if near and view.key(near.group("x")) != view.key(mo.group("o")) else []
            if not tokens and re.search(r"\band\s+(?:\w+\s+)?$", head):
                # "«C» was suspended from «O» in «D» and withdrew from «O»": the subject of the first verb
                lead = re.match(r"[^\w«]*(?:(?:The|the)\s+)?(?:«N\d+»\s+\w+\s+)?(?P<rest>.*)", m)
                tokens = self._list_after(view, lead.group("rest"))
            when = self._clause_date(view, m, mo.end(), mo.start())
            self._add_member(view, tokens, view.key(mo.group("o")), status="Withdrawn", end=when,
                             planned=self._still_ahead(future, when))

    def _previous_subject(self, view: SentenceView) -> list[str]:
        """The state, city or region the previous sentence begins with, as a placeholder of this sentence."""
        if view.sentence.index == 0:
            return []
        prev = self.sentences[view.sentence.index - 1]
        refs = sorted((r for r in self.mentions.refs if prev.start <= r.start < prev.end), key=lambda r: r.start)
        if not refs or refs[0].kind not in ("Country", "City", "Region") or \
                re.search(r"[\w,]", self.text[prev.start:refs[0].start].replace("The", "").replace("the", "")):
            return []
        token = f"prev:{refs[0].key}"
        view.items[token] = refs[0]
        view.positions[token] = view.sentence.start
        return [f"«{token}»"]

    def _still_ahead(self, future: bool, when: DateValue | None) -> bool:
        """Whether a change told in the future tense ("will join", "would leave") had not happened when the
        article appeared: its date, if given, is not before the publication date."""
        if not future:
            return False
        if when is None or self.published is None:
            return True
        return when.last_day() >= self.published

    def _clause_date(self, view: SentenceView, m: str, after: int, before: int) -> DateValue | None:
        """The date of a verb: the first date of its clause after it ("withdrew in «D»"), else the last before it
        in the same clause ("in «D», «C» left"), else the only date of the sentence."""
        clause = _CLAUSE_END.split(m[after:], maxsplit=1)[0]
        mo = re.search(r"«D\d+»", clause)
        if mo:
            return view.date(mo.group(0)).value
        lead = _last_clause(self._PARENTHETICAL.sub(" ", m[:before]))
        if re.search(r"\b(?:and|but)\s+(?:\w+\s+)?$", lead):
            return None  # "... in «D» and withdrew": that date is the first verb's
        found = re.findall(r"«D\d+»", lead)
        if found:
            return view.date(found[-1]).value
        found = re.findall(r"«D\d+»", self._PARENTHETICAL.sub(" ", m))
        return view.date(found[0]).value if len(found) == 1 else None

    def _merge_members(self, members: list[_Member]) -> list[_Member]:
        rank = {"Withdrawn": 3, "Suspended": 2, "Active": 1, None: 0}
        merged: dict[tuple[str, str], _Member] = {}
        for m in members:
            k = (m.member, m.body)
            cur = merged.get(k)
            if cur is None:
                merged[k] = replace(m)
                continue
            # one membership per member and body, with its latest (strongest) status
            if rank[m.status] > rank[cur.status]:
                cur.status, cur.evidence = m.status, m.evidence
                if m.status in ("Withdrawn", "Suspended") and m.end is not None:
                    cur.end = m.end
            cur.start = cur.start or m.start
            cur.end = cur.end or m.end
            if "Observer" in (cur.role, m.role):
                cur.role = "Observer"
            cur.planned = cur.planned and m.planned
        return list(merged.values())

    # ----------------------------------------------------------------- posts
    def _posts(self, view: SentenceView) -> None:
        s = view.sentence
        for use in self.mentions.titles:
            if not (s.start <= use.start < s.end):
                continue
            self._post_from_title(view, use.person, use.title, use.start, use.end, use.of_key)
        m = view.masked
        if "«P" not in m:
            return
        # apposition: "«P», the Mayor of «Y»,"; "«P», President of «O»"
        for mo in _RE_POST_APPOSITION.finditer(m):
            key = view.key(mo.group("p"))
            of = mo.group("of") or mo.group("of2")
            of = view.key(of) if of else (view.key(mo.group("n").strip()) if mo.group("n") else None)
            title = mo.group("t").lower()
            if of is None and lx.TITLES.get(title, ("", ""))[1] == "state":
                of = self._title_owner(view, title, None, mo.start("t"))  # "«P», the foreign minister,"
            self._post(view, key, title, of, mo.start("t"))
        # "elected «P» ... as the first President of «O»"
        for mo in _RE_ELECTED.finditer(m):
            p, t, o = _elected(mo)
            self._post(view, view.key(p), t.lower(), view.key(o), 0)
        # "«P1» and «P2» were chosen as vice-presidents"
        for mo in re.finditer(r"(?P<ps>«P\d+»(?:(?:,\s*|\s+and\s+)«P\d+»)*)\s+(?:(?:were|was|have been|has been|had been|"
                              r"will be|is to be)\s+(?:chosen|elected|appointed|named|re-elected)|became|becomes|"
                              r"will become|is to become)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?(?P<t>[\w-]+(?:\s[\w-]+)?)", m):
            title = mo.group("t").lower().rstrip("s")
            title = title[:-1] if title.endswith("-presidents") else title
            for cand in (title, mo.group("t").lower()[:-1], mo.group("t").lower()):
                if cand in lx.TITLES:
                    for p in re.findall(r"«P\d+»", mo.group("ps")):
                        of = self._title_owner(view, cand, None, mo.start("t"))
                        self._post(view, view.key(p), cand, of, mo.start("t"))
                    break
        # "whose mayor is «P»"
        for mo in _RE_WHOSE_TITLE.finditer(m):
            self._post(view, view.key(mo.group("p")), mo.group("t").lower(), view.key(mo.group("x")), mo.start("t"))
        # "«P1» ... succeeds «P2» (of «C»)? as Director General"
        for mo in _RE_SUCCEEDS_AS.finditer(m):
            t = mo.group("t").lower()
            of = self._title_owner(view, t, None, mo.start("t"))
            for p in (mo.group("p1"), mo.group("p2")):
                self._post(view, view.key(p), t, of, mo.start("t"))
        # "«O»'s delegation ... was headed by «P»"
        for mo in re.finditer(r"(?P<o>«O\d+»)(?:'s|’s)\s+delegation[^.;]{0,60}?\b(?:headed|led)\s+by\s+(?P<p>«P\d+»)", m):
            self._post(view, view.key(mo.group("p")), "head of delegation", view.key(mo.group("o")), mo.start())
        for mo in re.finditer(r"(?P<p>«P\d+»)[^.;]{0,20}?\b(?:heads|headed|led|leads)\s+(?:the\s+)?(?P<o>«O\d+»)(?:'s|’s)?\s+delegation", m):
            self._post(view, view.key(mo.group("p")), "head of delegation", view.key(mo.group("o")), mo.start())

    def _post_from_title(self, view: SentenceView, person: str, title: str, start: int, end: int, of_key: str | None) -> None:
        words = title.split()
        for i in range(len(words)):
            cand = " ".join(words[i:])
            if cand in lx.TITLES:
                title = cand
                break
        if title not in lx.TITLES:
            return
        masked_pos = self._masked_pos(view, start)
        raw_before = self.text[max(view.sentence.start, start - 30):start]
        head = re.search(r"([A-Z][a-z]+)\s+$", raw_before)
        if of_key is None and head and head.group(1).lower() in lx.ORG_HEADS:
            # "Commission Chair X": the body that is "the commission" here
            for r in reversed([r for r in self.mentions.refs if r.end <= start and r.kind == "Organisation"]):
                if head.group(1).lower() in self.mentions.records[r.key].heads:
                    of_key = r.key
                    break
        after_person = re.search(r"«P\d+»\s+of\s+(?:the\s+)?(«[OCY]\d+»)", view.masked[masked_pos:])
        if of_key is None and after_person and lx.TITLES[title][1] == "body" and \
                view.key(after_person.group(1)) and view.item(after_person.group(1)).kind == "Organisation":
            of_key = view.key(after_person.group(1))  # "Adviser Siri Haugland of the Norwegian Ministry ..."
        own_state = re.match(r"[^«]*«P\d+»\s+of\s+(«C\d+»)", view.masked[masked_pos:])
        if of_key is None and own_state and lx.TITLES[title][1] == "state":
            of_key = view.key(own_state.group(1))  # "State Secretary Didzis Ozols of Latvia"
        of = of_key or self._title_owner(view, title, masked_pos, masked_pos, title_start=start)
        self._post(view, person, title, of, masked_pos)

    def _masked_pos(self, view: SentenceView, abs_pos: int) -> int:
        """Approximate position in the masked sentence of an absolute offset."""
        starts, shifts = view.shifts()
        i = bisect_left(starts, abs_pos)
        return abs_pos - view.sentence.start - (shifts[i - 1] if i else 0)

    def _title_owner(self, view: SentenceView, title: str, before_pos: int | None, at: int, title_start: int | None = None) -> str | None:
        """Whose post a title is: a country for ministers, a body for presidents, a city for mayors."""
        canonical, scope = lx.TITLES[title]
        m = view.masked
        if scope in ("rank", "own"):
            return None
        # the word right before the title: "Russian Foreign Minister", "UBC President", "State Duma Speaker"
        pre = m[:at] if at is not None else ""
        mo = re.search(r"(«[A-Z]\d+»)(?:'s|’s)?\s+(?:(?:deputy|acting|outgoing|incoming|former|new)\s+)?$", pre, re.I)
        if mo:
            key = view.key(mo.group(1))
            kind = self._kind(key) if view.item(mo.group(1)).kind != "Demonym" else "Country"
            # "Russian Foreign Minister", "UBC President", "State Duma Speaker", "Lithuanian President"
            if kind in ("Organisation", "Country") or scope == "place" and kind in ("City", "Region"):
                return key
        wanted = {"state": ("Country",), "body": ("Organisation",), "place": ("City", "Region")}[scope]
        cands = []
        for token, item in view.items.items():
            if not isinstance(item, Ref):
                continue
            kind = "Country" if item.kind == "Demonym" else item.kind
            if kind in wanted:
                cands.append((abs(view.positions[token] - (title_start or view.sentence.start + at)), item.key))
        if scope == "state":
            return min(cands)[1] if cands else self._country_of_previous_sentence(view)
        if scope == "place":
            if cands:
                return min(cands)[1]
            earlier = [r for r in self.mentions.refs if r.end <= view.sentence.start and r.kind in ("City", "Region")]
            return earlier[-1].key if earlier else None
        if scope == "body":
            return self.main_body or (min(cands)[1] if cands else None)
        return None

    def _country_of_previous_sentence(self, view: SentenceView) -> str | None:
        """The one state the nearest sentence before that names any speaks of, directly or through one of its
        bodies ("Finland's foreign ministry said ... Elina Valtonen, the foreign minister, stressed ...")."""
        for i in range(view.sentence.index - 1, max(view.sentence.index - 4, -1), -1):
            prev = self.sentences[i]
            states = set()
            for r in self.mentions.refs:
                if prev.start <= r.start < prev.end:
                    rec = self.mentions.records.get(r.key)
                    if r.kind in ("Country", "Demonym"):
                        states.add(r.key)
                    elif r.kind == "Organisation" and rec is not None and rec.country:
                        states.add(rec.country)
            if states:
                return states.pop() if len(states) == 1 else None
        return None

    def _post(self, view: SentenceView, person: str, title: str, of: str | None, at: int) -> None:
        canonical, scope = lx.TITLES.get(title, (title.title(), "body"))
        if scope == "rank" or self._kind(person) != "Person":
            return
        of_rec = self.mentions.records.get(of) if of else None
        if of_rec is not None and of_rec.parent in self.mentions.records and "secretariat" in of_rec.heads:
            # "Director General of the CBSS Secretariat" heads the staff of the CBSS: the post is the body's
            of, of_rec = of_rec.parent, self.mentions.records[of_rec.parent]
        aliases = list(lx.POST_ALIASES.get(canonical, ()))
        if of_rec is not None:
            aliases.append(f"{canonical} of {of_rec.label}" if of_rec.kind != "Organisation" or of_rec.label.startswith(("Union", "Council", "Commission", "Federal", "State"))
                           else f"{canonical} of the {of_rec.label}")
            aliases.append(f"{canonical} of the {of_rec.label}")
            abbr = sorted((a for a in of_rec.aliases if a.isupper() and len(a) <= 8), key=len)
            if of_rec.kind == "Organisation":
                aliases.extend(f"{a} {canonical}" for a in abbr[:1])
                aliases.append(f"{of_rec.label} {canonical}")
        self.ctx.posts.append(PostHeld(person, canonical, (view.sentence.start, view.sentence.end), of,
                                       tuple(dict.fromkeys(a for a in aliases if a != canonical))))
        rec = self.mentions.records.get(person)
        if rec is not None:
            rec.titles.add(canonical)

    # -------------------------------------------------------- participations
    _PART_VERBS = (r"(?:hosted|hosts|host|will host|attended|attends|will attend|addressed|addresses|opened|opens|"
                   r"chaired|chairs|spoke at|speaks at|took part in|take part in|takes part in|participated in|"
                   r"participates in|was a guest (?:of|at)|told|tells|delivered [^«.;]{0,40}? to|joined|presided over)")

    _EVENT_ANAPHOR = re.compile(
        r"\b(?P<v>" + _PART_VERBS + r")\s+(?:the|this|that|this year's|this year’s)\s+(?:(?:two-day|three-day|one-day|"
        r"annual|ministerial|plenary|opening|closing|final|high-level)\s+)?(?:conference|meeting|sessions?|summit|"
        r"forum|gathering|congress|plenary|event|assembly)\b")

    _EVENT_ANAPHOR_PASSIVE = re.compile(
        r"\b[Tt]he\s+(?:(?:two-day|three-day|one-day|annual|ministerial|plenary|opening|closing|final|high-level)\s+)?"
        r"(?:conference|meeting|sessions?|summit|forum|gathering|congress|plenary|event)\s+(?:was|were|is|will be|"
        r"has been)\s+(?P<v>opened|hosted|attended|addressed|chaired|co-hosted)\s+by\s+(?P<rest>[^.;]*)")

    @staticmethod
    def _agents(rest: str) -> list[str]:
        """The agents a passive names after "by": "«Y» Mayor «P»", "the «N» «O»", "«P1» and by «P2»"."""
        rest = re.sub(r"\b(?:and|,)\s+by\s+", "and ", rest)
        # a title before a person is part of the person: "«Y» Mayor «P»", "Foreign Minister «P»"
        rest = re.sub(r"(?:«[YCRNO]\d+»(?:'s|’s)?\s+)?(?:(?:[A-Z][\w-]*|of|the|«[YCRO]\d+»)\s+){1,6}(?=«P\d+»)", "", rest)
        rest = re.sub(r"(^|and\s+)(?:the\s+)?(?:«N\d+»\s+)?(?=«[OYCR]\d+»)", r"\1", rest)
        agents = re.match(r"«[PCOYR]\d+»(?:\s*(?:,\s*and|,|and)\s+«[PCOYR]\d+»)*", rest)
        return re.findall(r"«[PCOYR]\d+»", agents.group(0)) if agents else []

    def _participations(self, view: SentenceView) -> None:
        m = view.masked
        if "«E" not in m and self.ctx.last_event and view.sentence.index - self.ctx.last_event_sentence <= 3:
            # "The session was attended by «P» and by «P»": the event the article has just named
            for mo in self._EVENT_ANAPHOR_PASSIVE.finditer(m):
                for x in self._agents(mo.group("rest")):
                    item = view.item(x)
                    if isinstance(item, Ref):
                        self.ctx.parts.append(Participation(item.key, self.ctx.last_event,
                                                            (view.sentence.start, view.sentence.end),
                                                            mo.group("v") in ("hosted", "co-hosted")))
            # "«P» chaired the sessions": the event the article has just named
            for mo in self._EVENT_ANAPHOR.finditer(m):
                for x in self._subjects_before(m, mo.start()):
                    item = view.item(x)
                    if isinstance(item, Ref):
                        self.ctx.parts.append(Participation(item.key, self.ctx.last_event,
                                                            (view.sentence.start, view.sentence.end),
                                                            mo.group("v").startswith("host")))
        if "«E" not in m and "joint" not in m:
            return  # every rule below needs an event, or a joint statement about the last one
        # "«E» was opened by «Y» Mayor «P»", "the conference, hosted by «Y», ..."
        for mo in re.finditer(r"(?P<e>«E\d+»)(?:[^«.;]|«[YRCD]\d+»){0,60}?\b(?:was|were|is|will be|has been|had been)?\s*(?P<v>opened|"
                              r"hosted|attended|addressed|chaired|organised|organized|co-hosted)\s+by\s+(?P<rest>[^.;]*)", m):
            for x in self._agents(mo.group("rest")):
                self._participant(view, x, mo.group("e"), mo.group("v") in ("hosted", "co-hosted"))
        for mo in re.finditer(r"\b(?P<v>" + self._PART_VERBS + r")\s+(?:[^«.;]{0,60}?)" + _EVENT_DET + r"(?P<e>«E\d+»)", m):
            for x in self._subjects_before(m, mo.start()):
                self._participant(view, x, mo.group("e"), "host" in mo.group("v"))
        for mo in re.finditer(r"(?P<e>«E\d+»)[^«.;]{0,80}?\b(?:which|where|at which|in which)\s+(?P<rest>[^.;]*)", m):
            for xm in re.finditer(r"(?P<x>«[PCOYR]\d+»)\s+(?:also\s+)?(?P<v>hosted|took part|participated|spoke|attended|"
                                  r"was represented|chaired|opened)", mo.group("rest")):
                self._participant(view, xm.group("x"), mo.group("e"), xm.group("v") == "hosted")
        for mo in re.finditer(r"\b(?:participants|delegates|guests|attendees)\s+(?:of|to|at|in)\s+(?:the\s+)?(?P<e>«E\d+»)", m):
            # "Ministers from «C», «C» and «C» were among the participants of «E»"
            head = re.sub(r"\s*\b(?:were|was|are|is|will be)\s+(?:also\s+)?(?:among\s+)?(?:the\s+)?$", " ", m[:mo.start()])
            listed = self._list_before(view, head) if head != m[:mo.start()] else []
            for x in listed or [x for x in [self._subject_before(m, mo.start())] if x]:
                self._participant(view, x, mo.group("e"))
        for mo in re.finditer(r"(?P<x>«P\d+»)[^.;«]{0,50}?(?:«[^PE]\d+»[^.;«]{0,40}?){0,3}\bat\s+" + _EVENT_DET + r"(?P<e>«E\d+»)", m):
            self._participant(view, mo.group("x"), mo.group("e"))
        for mo in re.finditer(r"^\W*(?:In|At|During)\s+" + _EVENT_DET + r"(?P<e>«E\d+»)[^«.;]{0,80}?,\s*(?P<x>«[PCOYR]\d+»)", m):
            self._participant(view, mo.group("x"), mo.group("e"))
        # "In a joint statement, Denmark, Estonia ... said": those who issued it took part in the meeting
        # the article has just described
        joint = re.search(r"\b[Ii]n a joint (?:statement|declaration|communiqu[eé])\b[^«.;]{0,40}?,\s*(?P<rest>.*)", m)
        if joint and self.ctx.last_event and view.sentence.index - self.ctx.last_event_sentence <= 3:
            tokens = self._list_after(view, joint.group("rest"))
            for t in tokens:
                self.ctx.parts.append(Participation(view.key(t), self.ctx.last_event,
                                                    (view.sentence.start, view.sentence.end)))
            organizer = self.mentions.records[self.ctx.last_event].organizer \
                if self.ctx.last_event in self.mentions.records else None
            if self.ctx.last_event_by_members and organizer:
                self._add_member(view, tokens, organizer, status="Active")
        for mo in re.finditer(r"\b(?:handover|hand-over|transfer|change of (?:the )?(?:presidency|chair))\s+(?:took place|was held|happened|came)\s+(?:at|during)\s+" + _EVENT_DET + r"(?P<e>«E\d+»)", m):
            if self.ctx.last_handover:
                e = view.key(mo.group("e"))
                for k in self.ctx.last_handover:
                    self.ctx.parts.append(Participation(k, e, (view.sentence.start, view.sentence.end)))

    @staticmethod
    def _subjects_before(m: str, at: int) -> list[str]:
        """The subject of a verb at ``at``, with the subjects coordinated with it
        ("German Chancellor «P1» and Polish Prime Minister «P2» took part")."""
        head = _TITLE_APPOSITION.sub(" ", m[:at])
        head = _LOWER_TITLE_APPOSITION.sub(" ", head)
        head = RelationReader._APPOSITION.sub(" ", head)  # "«P», an «N» member of the «O», opened ..."
        # places and bodies inside a title ("Mayor of «Y»", "«Y» Mayor") are part of a person's description
        head = re.sub(r"\b([A-Z][\w-]+\s+(?:of|for))\s+(?:the\s+)?«[CYRO]\d+»", r"\1 X", head)
        head = re.sub(r"«[CYRON]\d+»(\s+[A-Z][\w-]+)", r"X\1", head)
        tokens = list(re.finditer(r"«([A-Z])\d+»", head))
        m = head
        at = len(head)
        out: list[str] = []
        end = at
        for mo in reversed(tokens):
            gap = m[mo.end():end]
            words = [w for w in re.findall(r"[\w'-]+", gap) if not w[:1].isupper()]
            allowed = {"and", "also", "both", "the", "of", "as", "well", "together", "with", "who", "which"}
            if out and [w for w in words if w.lower() not in allowed]:
                break
            if not out and [w for w in words if w.lower() not in allowed | {"has", "have", "had", "was", "were",
                                                                             "will", "would", "also", "then"}]:
                break
            if mo.group(1) in "PCO":
                out.append(mo.group(0))
            elif mo.group(1) not in "ND":
                break
            end = mo.start()
        return out

    @staticmethod
    def _subject_before(m: str, at: int) -> str | None:
        """The person (else the state or body) nearest before ``at``: who "sent a message to the participants"."""
        before = list(re.finditer(r"«([PCOYR])\d+»", m[:at]))
        for letters in ("P", "CO"):
            for mo in reversed(before):
                if mo.group(1) in letters:
                    return mo.group(0)
        return None

    def _participant(self, view: SentenceView, x: str, e: str, hosted: bool = False) -> None:
        who, event = view.item(x), view.item(e)
        if not isinstance(who, Ref) or not isinstance(event, Ref):
            return
        self.ctx.parts.append(Participation(who.key, event.key, (view.sentence.start, view.sentence.end), hosted))
