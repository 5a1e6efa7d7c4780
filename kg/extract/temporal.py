"""Date expressions in English news text, resolved against the publication date.

:func:`find_dates` finds the date expressions of a text and turns each into a
:class:`TimeExpr` whose :class:`~kg.model.DateValue` keeps the precision the text
gives (year, month or day). Absolute dates ("1 July 2023", "July 1, 2023",
"1.7.2023", "2023-07-01", "July 2023", "in 1995") need nothing else; relative ones
("on Friday", "last year", "30 June this year", "19 May") are resolved against the
*anchor*, the article's publication date, and are dropped when there is none.
:func:`infer_year` works out the year of a wire dateline that prints only a day and
a month ("MOSCOW, October 29").

Spans
    ``start``/``end`` index the text passed in. A leading preposition ("in", "on",
    "since", "until" ...) is *not* part of a span, so callers can read it just
    before ``start``; the words that make a range ("from ... to", "between ... and")
    are. Relative phrases keep their own words ("last Tuesday", "24 years ago",
    "late last year").

Tense
    Some resolutions depend on whether the sentence speaks of the past or the
    future. The sentence is split into clauses at commas, semicolons, colons,
    brackets, quotes and dashes, and its tense cues are collected: *future* cues are
    auxiliaries with their verb group ("will last", "is to be held", "is due to",
    "is expected to", "plans to", "would meet", "has to") and the words next,
    upcoming, forthcoming, scheduled, planned, tomorrow; *past* cues are
    was/were/had/did, has/have with a participle, ago, last, previously, earlier,
    already, yesterday, common irregular past forms (took, held, met, said ...)
    and -ed verbs (not in a passive present "is held", not in hyphenated
    adjectives "Stockholm-based", not a few adjectives such as "based",
    "united"). Cues inside the expression itself, cues inside a future verb
    group ("will be held") and a verb followed by "that" ("noted that ...") are
    ignored. The cue nearest to the expression decides, looking first before it in
    its clause, then after it in its clause, then before and after it in the
    sentence. "since" before a date always means past; "until"/"till" means future
    unless the sentence has a past cue.

Resolution rules
    * Day and month without a year ("on 19 May"): past -> the latest such day on or
      before the anchor; future -> the earliest on or after the anchor; no cue ->
      the anchor's year when that day is on or before the anchor, else whichever of
      the two occurrences is nearer to the anchor (the past one on a tie), so that
      "20 December" read on 5 January is the December just gone.
    * Month without a year ("at the end of June", "in early July"; not "May",
      which needs a day or a year next to it): the same rule at month precision.
      "last July" is the latest July before the anchor's month, "next July" the
      earliest after it, "this July" the anchor's year.
    * "D Month this/last/next year", "Month this/last/next year": the anchor's
      year, the year before, the year after.
    * Weekdays: "on Friday" (or a bare or possessive weekday) is the latest such day
      on or before the anchor (possibly the anchor day itself) unless the sentence is
      in the future tense, then the first one strictly after the anchor. "last
      Tuesday" is the Tuesday of the previous calendar week (weeks start on Monday),
      "next Tuesday" that of the following week, "this Tuesday" that of the anchor's
      week, "coming Tuesday" the first one strictly after the anchor. "until
      Wednesday" follows the tense rule (future unless there is a past cue).
    * today, yesterday, tomorrow -> day; this/last/next month -> month;
      this/last/next year, "earlier this year", "late last year", "at the end of
      the year" -> year; "this/last/next spring|summer|autumn|winter" -> year (a
      winter counts by its January, except "this winter", the anchor's year);
      "N years ago", "a decade ago" -> year; "N months ago" -> month; "N days ago"
      -> day.
    * Ranges: "from X to/until Y", "between X and Y", "X - Y", "2011-12",
      "1999-2000", "2023/24", "1-2 June", "28 February - 1 March 2019". A part
      without a year takes it from the other part (the latest occurrence before the
      end, or the first after the start); when neither part has one, the start
      follows the tense rule and the end is the first occurrence after it. A
      two-digit second year takes its century from the first ("2011-12").
    * Durations ("for a year", "for the next twelve months", "for a one-year
      term") are returned with ``value=None``; :func:`parse_duration` reads their
      length.

Not handled: "last/next/this week", "N weeks ago", US-style numeric dates
(1/7/2023), decades ("the 1990s"), dates written with all-capital month names,
approximate phrases ("a few years ago") and dates relative to other dates ("a
year later", "the following day").

All regular expressions use bounded quantifiers only and no nested repetition of
unbounded groups, so their running time is linear in the text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from kg.model import DateValue

__all__ = ["TimeExpr", "find_dates", "infer_year", "resolve_weekday", "parse_duration"]

_Direction = Literal["past", "future"] | None

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS: dict[str, int] = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:3].lower(): i for i, name in enumerate(_WEEKDAY_NAMES)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_RELATIVEDELTA_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_YEAR_REL = {"this": 0, "last": -1, "next": 1}
# Meteorological seasons (northern hemisphere): first month, last month.
_SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}

# ---------------------------------------------------------------------------
# Regular expression pieces (every quantifier bounded)
# ---------------------------------------------------------------------------

_MON_FULL = "|".join(_MONTH_NAMES)
_MON = (
    rf"(?P<mon>(?:{_MON_FULL})|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_MONF = rf"(?P<mon>{_MON_FULL})(?![A-Za-z])"
_MONF_NO_MAY = "(?P<mon>{})(?![A-Za-z])".format("|".join(m for m in _MONTH_NAMES if m != "May"))
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2}|2100)"
_YEAR_END = r"(?![\w]|[.,/][0-9])"
_YREL = r"(?:,?\s{1,3}(?:of\s{1,3})?(?P<yrel>(?i:this|last|next))\s{1,3}(?i:year)\b)"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|ten|one|two|three|four|five|six|seven|eight|nine|hundred)"
)
_QTY_WORDS = (
    "people|persons|members|cities|towns|municipalities|countries|states|participants|"
    "delegates|delegations|tonnes|tons|euros|dollars|kroner|kronor|roubles|rubles|km|"
    "kilometres|kilometers|metres|meters|vessels|ships|boats|projects|jobs|units|households|"
    "inhabitants|residents|troops|soldiers|votes|signatures|times|pages|words|hectares|square"
)
_NOT_QTY = rf"(?!\s{{1,3}}(?:{_QTY_WORDS})\b)"

_P_ISO = re.compile(
    rf"(?<![\w./-])(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])(?![\w/-])"
)
_P_DOTTED = re.compile(
    rf"(?<![\w.,])(?P<d>{_DAY})\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR}){_YEAR_END}"
)
_P_DMY = re.compile(
    rf"(?<![\w.,])(?P<d>{_DAY}){_ORD}(?:\s{{1,3}}of)?\s{{1,3}}{_MON},?\s{{1,3}}(?P<y>{_YEAR}){_YEAR_END}{_NOT_QTY}"
)
_P_MDY = re.compile(
    rf"\b{_MON}\s{{1,3}}(?P<d>{_DAY}){_ORD},?\s{{1,3}}(?P<y>{_YEAR}){_YEAR_END}{_NOT_QTY}"
)
_P_MY = re.compile(rf"\b{_MON}(?:\s{{1,3}}of)?,?\s{{1,3}}(?P<y>{_YEAR}){_YEAR_END}{_NOT_QTY}")
_P_DM = re.compile(rf"(?<![\w.,])(?P<d>{_DAY}){_ORD}(?:\s{{1,3}}of)?\s{{1,3}}{_MON}{_YREL}?")
_P_MD = re.compile(rf"\b{_MON}\s{{1,3}}(?P<d>{_DAY}){_ORD}(?![0-9]|[.,:][0-9]){_NOT_QTY}{_YREL}?")
_P_MREL = re.compile(
    rf"\b{_MONF}(?:\s{{1,3}}of)?\s{{1,3}}(?P<yrel>(?i:this|last|next))\s{{1,3}}(?i:year)\b"
)
_P_MODMON = re.compile(
    rf"\b(?P<mod>(?i:last|this|next|coming))\s{{1,3}}{_MONF}(?!\s{{0,3}},?\s{{0,3}}[0-9])"
)
_P_MONLY = re.compile(
    rf"\b{_MONF_NO_MAY}(?!\s{{0,3}},?\s{{0,3}}[0-9])"
    r"(?!\s{1,3}(?:of\s{1,3})?(?i:this|last|next)\s{1,3}(?i:year))"
)
_P_YEAR = re.compile(
    rf"(?<![\w.,/'’])(?<![0-9][-–])(?P<y>{_YEAR})(?![\w]|[.,/][0-9]|[-–][0-9]){_NOT_QTY}"
)
_P_YPAIR = re.compile(
    rf"(?<![\w.,/'’])(?<![0-9][-–])(?P<y1>{_YEAR})\s{{0,2}}[-–—/]\s{{0,2}}(?P<y2>{_YEAR}|[0-9]{{2}})"
    rf"(?![\w]|[.,/\-–][0-9]){_NOT_QTY}"
)
_DRANGE_TAIL = rf"(?:,?\s{{1,3}}(?P<y>{_YEAR}){_YEAR_END}|{_YREL})?"
_P_DRANGE_DM = re.compile(
    rf"(?<![\w.,])(?P<d1>{_DAY}){_ORD}(?:\s{{0,2}}[-–—]\s{{0,2}}|\s{{1,3}}and\s{{1,3}})(?P<d2>{_DAY}){_ORD}\s{{1,3}}"
    rf"{_MON}{_DRANGE_TAIL}"
)
_P_DRANGE_MD = re.compile(
    rf"\b{_MON}\s{{1,3}}(?P<d1>{_DAY}){_ORD}\s{{0,2}}[-–—]\s{{0,2}}(?P<d2>{_DAY}){_ORD}(?![0-9]){_DRANGE_TAIL}"
)
_P_DRANGE_WORDS = re.compile(
    rf"\b(?i:from|between)\s{{1,3}}(?P<d1>{_DAY}){_ORD}\s{{1,3}}(?i:to|and|until|till|through)\s{{1,3}}"
    rf"(?P<d2>{_DAY}){_ORD}\s{{1,3}}{_MON}{_DRANGE_TAIL}"
)
_P_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>(?i:last|this|next|coming))\s{1,3})?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
)
_P_TODAY = re.compile(r"\b(?P<w>(?i:today|yesterday|tomorrow))\b")
_P_RELUNIT = re.compile(
    r"\b(?:(?P<mod>(?i:earlier|later|early|late|(?:the\s{1,3})?(?:end|beginning|start|middle)\s{1,3}of))\s{1,3})?"
    r"(?P<rel>(?i:this|last|next))\s{1,3}(?P<unit>(?i:year|month))\b"
)
_P_SEASON = re.compile(
    r"\b(?P<rel>(?i:this|last|next))\s{1,3}(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
)
_P_ENDOF = re.compile(
    r"\b(?:(?i:the)\s{1,3})?(?i:end|beginning|start|middle|turn|rest)\s{1,3}(?i:of)\s{1,3}(?i:the)\s{1,3}"
    r"(?P<unit>(?i:year|month))\b"
)
_P_AGO = re.compile(
    rf"(?<![\w-])(?P<n>[0-9]{{1,3}}|(?i:{_NUMWORD})|(?i:an?))\s{{1,3}}"
    r"(?P<unit>(?i:years?|months?|days?|decades?))\s{1,3}(?i:ago)\b"
)
_DURATION_BODY = (
    rf"(?:(?i:the)\s{{1,3}}(?i:next|coming|following|past|last|first)\s{{1,3}})?"
    rf"(?P<n>[0-9]{{1,3}}|(?i:{_NUMWORD})|(?i:an?))(?:\s{{1,3}}|-)"
    rf"(?:(?P<n2>[0-9]{{1,3}}|(?i:{_NUMWORD}))(?:\s{{1,3}}|-))?"
    r"(?P<unit>(?i:years?|months?|weeks?|days?|decades?))"
    r"(?:\s{1,3}(?i:term|period|mandate|presidency|chairmanship|tenure))?\b"
)
_P_DURATION = re.compile(rf"\b(?i:for)\s{{1,3}}(?P<body>{_DURATION_BODY})")
_P_DURATION_ONLY = re.compile(_DURATION_BODY)

# _P_AGO may begin with "a" or "an", so it is not tried word by word (below) but run only on a text with "ago".
_AGO_GATE = re.compile(r"[Aa][Gg][Oo]")


# Context that lets a bare year or a bare month name count as a date.
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|from|until|till|through|to|by|of|before|after|during|throughout|for|"
    r"around|circa|year|early|late|spring|summer|autumn|fall|winter|and|or)\s{1,3}|\bmid-\s?|\bc\.\s{0,2})$",
    re.IGNORECASE,
)
_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|before|after|during|from|of|early|late|through|"
    r"throughout|around|mid)\s{1,3}|\bmid-)$",
    re.IGNORECASE,
)
_APPROXIMATE = re.compile(
    r"\b(?:nearly|almost|about|around|some|over|roughly|approximately|more\s{1,3}than|less\s{1,3}than)\s{1,3}$",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"([A-Za-z]{1,20})\s{1,3}$")
_FROM_BEFORE = re.compile(r"\b(?i:from)\s{1,3}$")
_BETWEEN_BEFORE = re.compile(r"\b(?i:between)\s{1,3}$")
_GAP_DASH = re.compile(r"\s{0,3}[-–—]\s{0,3}")
_GAP_TO = re.compile(r",?\s{1,3}(?i:to|until|till|through|thru)\s{1,3}")
_GAP_AND = re.compile(r",?\s{1,3}(?i:and)\s{1,3}")
_GAP_COMMA = re.compile(r",?\s{1,3}(?:(?i:the)\s{1,3})?")
_GAP_AGO = re.compile(r"[\s,;:()\[\]–—-]{0,6}(?:(?i:in|on)\s{1,3})?")

# Sentences and clauses.
_SENTENCE_BREAK = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bvs)(?<!\b[A-Z])"
    r"[.!?]{1,3}[\"'”’)\]]{0,2}\s{1,10}(?=[\"'“‘(\[]?[A-Z])|\n\s{0,10}"
)
_CLAUSE_DELIMITER = re.compile(r"[,;:()\[\]\"“”–—]|\s-\s")

# Tense cues.
_FUTURE_AUX = re.compile(
    r"\b(?:will|shall|would|must|(?:'|’)ll|"
    r"(?:is|are|am)\s{1,3}(?:to|due(?:\s{1,3}to)?|expected\s{1,3}to|scheduled\s{1,3}(?:to|for)|"
    r"set\s{1,3}to|going\s{1,3}to|planned\s{1,3}(?:to|for)|slated\s{1,3}(?:to|for)|about\s{1,3}to|planning\s{1,3}to)|"
    r"(?:has|have|needs?|plans?|intends?|aims?|hopes?|wants?|expects?)\s{1,3}to|due\s{1,3}to)"
    r"(?:\s{1,3}(?:not|also|then|be|been|have|now|soon|formally|officially|jointly|only|again|still|first))"
    r"{0,4}(?:\s{1,3}[a-z]{2,20})?\b",
    re.IGNORECASE,
)
_FUTURE_WORD = re.compile(
    r"\b(?:next|upcoming|forthcoming|scheduled|planned|tomorrow)\b", re.IGNORECASE
)
_PAST_WORDS = (
    "was|were|had|did|ago|last|previously|earlier|formerly|already|yesterday|"
    "took|became|began|held|met|said|told|gave|made|came|went|left|won|ran|saw|chose|sent|"
    "wrote|spoke|led|brought|sought|thought|found|got|kept|rose|fell|grew|stood|paid|lost|"
    "broke|drew|knew|meant|spent|struck|withdrew|underwent|overtook|sat|fought|bought|"
    "caught|taught|built|felt|heard"
).split("|")
_PAST_WORD = re.compile(r"\b(?:" + "|".join(_PAST_WORDS) + r")\b", re.IGNORECASE)
_PAST_PERFECT = re.compile(
    r"\b(?:has|have)(?:\s{1,3}(?:not|also|already|long|just|recently|never|ever|previously|now))?"
    r"\s{1,3}(?:been|[a-z]{2,20}ed|[a-z]{2,20}en|[a-z]{1,20}wn|held|met|led|won|run|begun|become|"
    r"come|gone|made|sent|brought|sought|found|got|kept|stood|paid|lost|spent|built)\b",
    re.IGNORECASE,
)
_ED_WORD = re.compile(r"\b[a-z]{2,20}ed\b")
_ED_STOPLIST = frozenset({
    "need", "speed", "seed", "feed", "indeed", "proceed", "exceed", "succeed", "hundred", "red",
    "bed", "shed", "bred", "breed", "greed", "based", "related", "interested", "concerned",
    "advanced", "united", "limited", "detailed", "experienced", "dedicated", "expected",
    "scheduled", "planned", "proposed", "intended", "required", "so-called", "called",
    "unprecedented", "sophisticated", "supposed", "renewed", "continued", "combined",
    "integrated", "organized", "organised", "coordinated", "embed", "biased",
})
_PASSIVE_PRESENT = re.compile(r"\b(?:is|are|am|be|being|to)\s{1,3}$", re.IGNORECASE)
_FOLLOWED_BY_THAT = re.compile(r"\s{1,3}that\b", re.IGNORECASE)


# Where a pattern can match. Python's regex engine tries a pattern that begins with \b or a look-behind at every
# offset of the text, which costs more than the matching itself. Each pattern below can only match where a word
# (a run of \w characters, read in pieces of at most 40) begins, and only where that word is one of a few: the
# text's words are listed once (:class:`_WordIndex`) and each pattern is tried only at the words it can begin
# with (:func:`_scan`). The lists are supersets: case-insensitive words are compared in lower case, and a word
# with a non-ASCII character (which (?i) may match to an ASCII letter, as it matches "ſ" to "s") is tried by
# every word-led pattern.
_WORD_RUN = re.compile(r"\w{1,40}")
_DIGIT_RUN = re.compile(r"[0-9]{1,40}")
_MONTH_HEAD = re.compile("|".join(name[:3] for name in _MONTH_NAMES))
_WEEKDAY_HEAD = re.compile("|".join(name[:3] for name in _WEEKDAY_NAMES))
_ED_END = re.compile(r"ed\b")
_RUN_BEFORE = re.compile(r"\w{1,22}$")
_APOSTROPHE = re.compile(r"['’]")
_BREAK_CHAR = re.compile(r"[.!?\n]")
# The words (in lower case) each pattern that begins with a word of its own may begin with. The others begin with
# a month name (case-sensitive) or an ASCII digit; _P_AGO, which may begin with "a", is tried only when the text
# says "ago".
_RELATIVE_MODS = frozenset({"last", "this", "next", "coming"})
_FIRST_WORDS: dict[str, frozenset[str]] = {
    "modmon": _RELATIVE_MODS,
    "weekday": _RELATIVE_MODS,
    "drange_words": frozenset({"from", "between"}),
    "today": frozenset({"today", "yesterday", "tomorrow"}),
    "relunit": frozenset({"earlier", "later", "early", "late", "the", "end", "beginning", "start", "middle",
                          "this", "last", "next"}),
    "season": frozenset({"this", "last", "next"}),
    "endof": frozenset({"the", "end", "beginning", "start", "middle", "turn", "rest"}),
    "duration": frozenset({"for"}),
    "future_aux": frozenset({"will", "shall", "would", "must", "is", "are", "am", "has", "have", "need", "needs",
                             "plan", "plans", "intend", "intends", "aim", "aims", "hope", "hopes", "want",
                             "wants", "expect", "expects", "due"}),
    "future_word": frozenset({"next", "upcoming", "forthcoming", "scheduled", "planned", "tomorrow"}),
    "past_perfect": frozenset({"has", "have"}),
    "past_word": frozenset(_PAST_WORDS),
}
_KEYS_OF_WORD: dict[str, tuple[str, ...]] = {}
for _key, _words in _FIRST_WORDS.items():
    for _word in _words:
        _KEYS_OF_WORD[_word] = _KEYS_OF_WORD.get(_word, ()) + (_key,)


class _WordIndex:
    """Where the words of a text begin, by the patterns that may match there."""

    def __init__(self, text: str):
        self.text = text
        # a word that begins with an ASCII digit begins a run of them; a month name is found as a substring
        self.digits = [m.start() for m in _DIGIT_RUN.finditer(text)]
        self.months = [m.start() for m in _MONTH_HEAD.finditer(text)]
        # an -ed word ends where "ed" is followed by no word character: its start is found from there
        ed = []
        for m in _ED_END.finditer(text):
            run = _RUN_BEFORE.search(text, max(0, m.start() - 22), m.end())
            ed.append(run.start())  # type: ignore[union-attr]
        self.ed = ed
        exotic: list[int] = []
        by_key: dict[str, list[int]] = {key: [] for key in _FIRST_WORDS}
        keys_of = _KEYS_OF_WORD
        for m in _WORD_RUN.finditer(text):
            word = m.group()
            keys = keys_of.get(word)
            if keys is None:
                if not word.isascii():
                    exotic.append(m.start())
                    continue
                if word.islower():
                    continue
                keys = keys_of.get(word.lower())
                if keys is None:
                    continue
            start = m.start()
            for key in keys:
                by_key[key].append(start)
        if exotic:
            for key, starts in by_key.items():
                by_key[key] = sorted(starts + exotic)
        weekdays = [m.start() for m in _WEEKDAY_HEAD.finditer(text)]
        if weekdays:
            by_key["weekday"] = sorted(by_key["weekday"] + weekdays)
        self.by_key = by_key

    def words(self, key: str) -> list[int]:
        """The offsets of the words a pattern of ``_FIRST_WORDS`` may begin with."""
        return self.by_key[key]


def _scan(pattern: re.Pattern[str], text: str, starts) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that matches no empty string and can only match at one
    of ``starts`` (ascending offsets)."""
    found = []
    end = 0
    match = pattern.match
    for start in starts:
        if start < end:
            continue
        m = match(text, start)
        if m is not None:
            found.append(m)
            end = m.end()
    return found


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeExpr:
    """A date expression found in a text.

    Attributes:
        start: offset of the first character in the text passed to :func:`find_dates`.
        end: offset just past the last character.
        text: the expression as written (``text[start:end]``).
        value: the date, or the first date of a range; ``None`` for a duration
            ("for a one-year term").
        end_value: the second date of a range ("from X to Y", "2011-12", "1-2 June").
        relative: True when the value was resolved against the anchor ("on Friday",
            "last year", "30 June this year", "next month", "19 May").
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    end_value: DateValue | None = None
    relative: bool = False


def find_dates(text: str, anchor: date | None) -> list[TimeExpr]:
    """All date expressions in ``text``, in order, non-overlapping, longest match first.

    Args:
        text: English news text.
        anchor: the publication date that relative expressions are resolved
            against; with ``None`` only absolute dates (and durations) are returned.

    Returns:
        The expressions sorted by ``start``. Where two candidate expressions overlap,
        the longer one wins (the earlier one on a tie). See the module docstring for
        the resolution rules.
    """
    return [expr for expr, _ in _resolve_all(_analyse(text), anchor)]


def resolve_weekday(name: str, anchor: date, *, future: bool = False, last: bool = False) -> date:
    """The date a weekday name refers to, seen from ``anchor``.

    Args:
        name: a weekday name or its common abbreviation, any case ("Friday", "fri").
        anchor: the publication date.
        future: the first such weekday strictly after the anchor ("will meet on Friday").
        last: the weekday of the previous calendar week, weeks starting on Monday
            ("last Tuesday" said on a Monday is six days earlier).

    Returns:
        With neither flag, the latest such weekday on or before the anchor (the
        anchor itself when it is that weekday).

    Raises:
        ValueError: for an unknown weekday name, or when both flags are set.
    """
    wd = _weekday_number(name)
    if future and last:
        raise ValueError("resolve_weekday: 'future' and 'last' exclude each other")
    step = _RELATIVEDELTA_WEEKDAYS[wd]
    if last:
        monday_before = anchor + relativedelta(weeks=-1, weekday=MO(-1))
        return monday_before + timedelta(days=wd)
    if future:
        return anchor + relativedelta(days=1, weekday=step(+1))
    return anchor + relativedelta(weekday=step(-1))


def parse_duration(text: str) -> relativedelta | None:
    """The length of a duration phrase such as a duration :class:`TimeExpr`'s text.

    Args:
        text: "a year", "the next twelve months", "a one-year term", "30 years".

    Returns:
        The length as a :class:`~dateutil.relativedelta.relativedelta` (weeks are
        given as days), or ``None`` when ``text`` holds no duration.
    """
    m = _P_DURATION_ONLY.search(text)
    if m is None:
        return None
    n = _number(m.group("n2") or m.group("n"))
    if n is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    if unit == "decade":
        return relativedelta(years=10 * n)
    if unit == "week":
        return relativedelta(days=7 * n)
    return relativedelta(**{unit + "s": n})


def infer_year(month: int, day: int, text: str) -> int | None:
    """The year of a dateline that prints only a day and a month, worked out from the text.

    News reports what has just happened or is about to happen, so the year is
    looked for next to the dated events the text reports, and a year far from
    them is never guessed. The evidence is weighed in this order:

    1. "N years ago" next to a printed date or year ("founded on 22 February 1998,
       24 years ago") gives that year + N; if several such pairs disagree the most
       frequent (then the latest) wins. Likewise an anniversary ("turns 30", "its
       30th anniversary") with the year the body was founded, set up or established.
    2. Otherwise the dated events place it: a day or month printed with its year
       ("on 17 May 2022", "in May 2022") in a past-tense sentence (or after
       "since") is on or before the publication, which follows within a year; one
       in a future-tense sentence (or after "until") is on or after it, within two
       years (terms and meetings are announced further ahead than they are
       reported); one without a tense is within a year either side. A year printed
       alone ("by 2035", "in 1944") places nothing: it is too often background.
    3. Each year so placed is read as the anchor and kept only if the text is then
       consistent: dates in past-tense sentences start on or before the anchor,
       dates in future-tense sentences end on or after it, and every range ends
       after it starts ("held the post from 1 July 2020 until Wednesday" cannot end
       on 1 July 2020).
    4. If the text names a weekday for a past event ("on Friday", "Wednesday's
       meeting"; not "last Friday", not "until Friday", not in a future sentence),
       a wire story means the dateline day or the day before: each such mention
       scores 2 when it falls on the dateline day and 1 when it falls on the day
       before, and only years that score are kept. Without a weekday only a
       future-tense date settles the year (a past event need not be the news).
    5. Of the kept years the highest weekday score wins, then the year placed by
       the event printed first (the lead reports the news), then the year most
       events agree with, then the one nearest to its event, then the latest.

    Args:
        month: the dateline's month (1-12).
        day: the dateline's day of the month.
        text: the article text (headline and body).

    Returns:
        The inferred year, or ``None`` when the text does not tell.
    """
    try:
        date(2000, month, day)  # 2000 is a leap year: 29 February is allowed
    except (TypeError, ValueError):
        return None
    analysis = _analyse(text)
    base = _resolve_all(analysis, None)
    strong = _years_ago_evidence(analysis, base)
    if strong is None:
        strong = _anniversary_evidence(analysis, base)
    if strong is not None:
        return strong
    names_weekday = any(_is_weekday_evidence(c) for c in analysis.candidates)
    cues = _year_cues(base, text)
    if not cues or not (names_weekday or any(cue.future for cue in cues)):
        return None
    reach = timedelta(days=_EVENT_REACH_DAYS)
    best: tuple | None = None
    years = sorted({y for cue in cues for y in range(cue.window(reach)[0].year, cue.window(reach)[1].year + 1)})
    for year in years:
        anchor = _valid(year, month, day)
        if anchor is None:
            continue
        support = [cue for cue in cues if cue.window(reach)[0] <= anchor <= cue.window(reach)[1]]
        if not support:
            continue
        if not names_weekday and not any(cue.future for cue in support):
            continue
        resolved = _resolve_all(analysis, anchor)
        if not _consistent(resolved, anchor):
            continue
        score = _weekday_score(resolved, anchor)
        if names_weekday and score == 0:
            continue
        lead = min(support, key=lambda c: c.position)
        key = (score, -lead.position, len(support), -lead.distance(anchor), year)
        if best is None or key > best:
            best = key
    return best[-1] if best is not None else None


@dataclass(frozen=True)
class _YearCue:
    """A dated event that places the publication near it: ``lo``-``hi`` is its period."""

    lo: date
    hi: date
    direction: _Direction
    position: int
    future: bool

    def window(self, reach: timedelta) -> tuple[date, date]:
        if self.direction == "past":
            return self.lo, self.hi + reach
        if self.direction == "future":
            return self.lo - 2 * reach, self.hi  # terms and meetings are announced further ahead than reported
        return self.lo - reach, self.hi + reach

    def distance(self, anchor: date) -> int:
        if anchor < self.lo:
            return (self.lo - anchor).days
        if anchor > self.hi:
            return (anchor - self.hi).days
        return 0


def _year_cues(base: list[tuple[TimeExpr, _Candidate]], text: str) -> list[_YearCue]:
    cues = []
    for expr, cand in base:
        if expr.value is None:
            continue
        if expr.value.precision == "year":
            continue  # "in 1944", "by 2035": a year alone is too often background
        end = expr.end_value or expr.value
        hi = end.last_day()
        if expr.end_value is None and (_OPEN_RANGE.match(text, expr.end) or _SINCE_BEFORE.search(text, max(0, expr.start - 12), expr.start)):
            # "from 1 January 2024 to 31 December last year", "had held the presidency since 1 January 2022":
            # the start of a term, which may have lasted a year before the news
            hi += timedelta(days=_EVENT_REACH_DAYS)
        cues.append(_YearCue(expr.value.first_day(), hi, cand.direction, expr.start, cand.direction == "future"))
    return cues


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)
# A date that begins a period whose end is not an absolute date ("... to 31 December last year").
_OPEN_RANGE = re.compile(r"\s*(?:to|until|till|through)\s+(?:\d|(?:mid-?)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                         r"nov|dec)[a-z]*\b|(?:the\s+)?end\b|(?:next|last|this)\b)", re.I)


# How far from the event that dates it a publication may be.
_EVENT_REACH_DAYS = 366


# ---------------------------------------------------------------------------
# Atoms: single date phrases, found independently of the anchor
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    """A date phrase as written, before resolution.

    ``kind`` is one of: "ymd", "ym", "y" (absolute), "md", "m" (calendar date or
    month without a year), "weekday", "rel" (relative to the anchor by ``unit`` and
    ``offset``), "season", "dur" (a duration) or "range" (a range found by one
    pattern, its parts in ``parts``).
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_rel: int | None = None
    mod: str | None = None
    weekday: int | None = None
    unit: str | None = None
    offset: int = 0
    context: bool = True
    ago: bool = False
    parts: tuple[_Atom, _Atom] | None = None


@dataclass(frozen=True)
class _Candidate:
    """A possible expression: one atom, or two atoms making a range."""

    start: int
    end: int
    first: _Atom
    second: _Atom | None
    prep: str
    direction: _Direction


@dataclass(frozen=True)
class _Analysis:
    """Everything about a text that does not depend on the anchor."""

    text: str
    candidates: tuple[_Candidate, ...]
    sentence_starts: tuple[int, ...]


def _weekday_number(name: str) -> int:
    key = name.strip().rstrip(".").lower()
    if key not in _WEEKDAYS:
        raise ValueError(f"unknown weekday: {name!r}")
    return _WEEKDAYS[key]


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return _MONTHS.get(name) or _MONTH_ABBREVIATIONS[name]


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _NUMBERS and unit in _NUMBERS:
            return _NUMBERS[tens] + _NUMBERS[unit]
        return None
    return _NUMBERS.get(word)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _yrel(m: re.Match[str]) -> int | None:
    rel = m.group("yrel")
    return None if rel is None else _YEAR_REL[rel.lower()]


def _find_atoms(text: str, index: _WordIndex | None = None) -> list[_Atom]:
    """Every date phrase any pattern matches; they may overlap."""
    atoms: list[_Atom] = []
    add = atoms.append
    index = index or _WordIndex(text)
    months, digits, words = index.months, index.digits, index.words

    for pattern in (_P_ISO, _P_DOTTED, _P_DMY, _P_MDY):
        for m in _scan(pattern, text, months if pattern is _P_MDY else digits):
            named = "mon" in pattern.groupindex
            month = _month_number(m.group("mon")) if named else int(m.group("m"))
            year, day = int(m.group("y")), int(m.group("d"))
            if _valid(year, month, day):
                add(_Atom(m.start(), m.end(), "ymd", year, month, day))
    for m in _scan(_P_MY, text, months):
        add(_Atom(m.start(), m.end(), "ym", int(m.group("y")), _month_number(m.group("mon"))))
    for pattern in (_P_DM, _P_MD):
        for m in _scan(pattern, text, digits if pattern is _P_DM else months):
            month, day = _month_number(m.group("mon")), int(m.group("d"))
            if _valid(2000, month, day):
                add(_Atom(m.start(), m.end(), "md", None, month, day, year_rel=_yrel(m)))
    for m in _scan(_P_MREL, text, months):
        add(_Atom(m.start(), m.end(), "m", None, _month_number(m.group("mon")), year_rel=_yrel(m)))
    for m in _scan(_P_MODMON, text, words("modmon")):
        add(_Atom(m.start(), m.end(), "m", None, _month_number(m.group("mon")), mod=m.group("mod").lower()))
    for m in _scan(_P_MONLY, text, months):
        if _MONTH_CONTEXT.search(text, max(0, m.start() - 25), m.start()):
            add(_Atom(m.start(), m.end(), "m", None, _month_number(m.group("mon"))))
    for m in _scan(_P_YEAR, text, digits):
        context = _YEAR_CONTEXT.search(text, max(0, m.start() - 25), m.start()) is not None
        add(_Atom(m.start(), m.end(), "y", int(m.group("y")), context=context))
    for m in _scan(_P_YPAIR, text, digits):
        y1, y2s = int(m.group("y1")), m.group("y2")
        if len(y2s) == 2:
            y2 = y1 // 100 * 100 + int(y2s)
            if y2 <= y1:
                y2 += 100
            if y2 - y1 > 10:
                continue
        else:
            y2 = int(y2s)
            if y2 <= y1:
                continue
        first = _Atom(m.start("y1"), m.end("y1"), "y", y1)
        second = _Atom(m.start("y2"), m.end("y2"), "y", y2)
        add(_Atom(m.start(), m.end(), "range", parts=(first, second)))
    for pattern, starts in ((_P_DRANGE_DM, digits), (_P_DRANGE_MD, months), (_P_DRANGE_WORDS, words("drange_words"))):
        for m in _scan(pattern, text, starts):
            month, d1, d2 = _month_number(m.group("mon")), int(m.group("d1")), int(m.group("d2"))
            if d1 >= d2 or not _valid(2000, month, d2):
                continue
            year = m.group("y")
            if year is not None:
                if not _valid(int(year), month, d2):
                    continue
                first = _Atom(m.start("d1"), m.end("d1"), "ymd", int(year), month, d1)
                second = _Atom(m.start("d2"), m.end("d2"), "ymd", int(year), month, d2)
            else:
                rel = _yrel(m)
                first = _Atom(m.start("d1"), m.end("d1"), "md", None, month, d1, year_rel=rel)
                second = _Atom(m.start("d2"), m.end("d2"), "md", None, month, d2, year_rel=rel)
            add(_Atom(m.start(), m.end(), "range", parts=(first, second)))
    for m in _scan(_P_WEEKDAY, text, words("weekday")):
        mod = m.group("mod")
        add(_Atom(m.start(), m.end(), "weekday", weekday=_WEEKDAYS[m.group("wd").lower()],
                  mod=mod.lower() if mod else None))
    for m in _scan(_P_TODAY, text, words("today")):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("w").lower()]
        add(_Atom(m.start(), m.end(), "rel", unit="day", offset=offset))
    for m in _scan(_P_RELUNIT, text, words("relunit")):
        add(_Atom(m.start(), m.end(), "rel", unit=m.group("unit").lower(),
                  offset=_YEAR_REL[m.group("rel").lower()]))
    for m in _scan(_P_SEASON, text, words("season")):
        add(_Atom(m.start(), m.end(), "season", mod=m.group("season").lower(),
                  offset=_YEAR_REL[m.group("rel").lower()]))
    for m in _scan(_P_ENDOF, text, words("endof")):
        add(_Atom(m.start(), m.end(), "rel", unit=m.group("unit").lower(), offset=0))
    for m in _P_AGO.finditer(text) if _AGO_GATE.search(text) else ():
        n = _number(m.group("n"))
        if n is None:
            continue
        unit = m.group("unit").lower().rstrip("s")
        if unit == "decade":
            unit, n = "year", 10 * n
        add(_Atom(m.start(), m.end(), "rel", unit=unit, offset=-n, ago=True))
    for m in _scan(_P_DURATION, text, words("duration")):
        add(_Atom(m.start("body"), m.end("body"), "dur"))
    return atoms


def _longest_first(items: list[tuple[int, int, object]]) -> list[int]:
    """Indices of a non-overlapping selection, longest first, earliest on a tie."""
    order = sorted(range(len(items)), key=lambda i: (-(items[i][1] - items[i][0]), items[i][0]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[int] = []
    for i in order:
        s, e = items[i][0], items[i][1]
        k = bisect_right(starts, s)
        if (k > 0 and ends[k - 1] > s) or (k < len(starts) and starts[k] < e):
            continue
        starts.insert(k, s)
        ends.insert(k, e)
        chosen.append(i)
    return sorted(chosen, key=lambda i: items[i][0])


# ---------------------------------------------------------------------------
# Sentences, clauses and tense cues
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Sentence spans, clause delimiters and tense cues of a text, sorted by offset."""

    sentences: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]
    delimiter_starts: tuple[int, ...]
    delimiter_ends: tuple[int, ...]
    cues: tuple[tuple[int, int, str], ...]
    cue_starts: tuple[int, ...]


def _layout(text: str, index: _WordIndex | None = None) -> _Layout:
    sentences: list[tuple[int, int]] = []
    pos = 0
    for m in _scan(_SENTENCE_BREAK, text, [b.start() for b in _BREAK_CHAR.finditer(text)]):
        if m.end() > pos:
            sentences.append((pos, m.end()))
            pos = m.end()
    sentences.append((pos, len(text)))
    delimiters = [(m.start(), m.end()) for m in _CLAUSE_DELIMITER.finditer(text)]
    cues = _tense_cues(text, index or _WordIndex(text))
    return _Layout(
        tuple(sentences),
        tuple(s for s, _ in sentences),
        tuple(s for s, _ in delimiters),
        tuple(e for _, e in delimiters),
        cues,
        tuple(c[0] for c in cues),
    )


def _tense_cues(text: str, index: _WordIndex) -> tuple[tuple[int, int, str], ...]:
    words = index.words
    aux_starts = words("future_aux")
    if "'" in text or "’" in text:  # "we'll"
        aux_starts = sorted(aux_starts + [m.start() for m in _APOSTROPHE.finditer(text)])
    future = [(m.start(), m.end()) for m in _scan(_FUTURE_AUX, text, aux_starts)]
    future_starts = [s for s, _ in future]
    cues: list[tuple[int, int, str]] = [(s, e, "future") for s, e in future]
    cues += [(m.start(), m.end(), "future") for m in _scan(_FUTURE_WORD, text, words("future_word"))]
    past: list[tuple[int, int]] = [(m.start(), m.end()) for m in _scan(_PAST_PERFECT, text, words("past_perfect"))]
    for m in _scan(_PAST_WORD, text, words("past_word")):
        if not _PASSIVE_PRESENT.search(text, max(0, m.start() - 10), m.start()):
            past.append((m.start(), m.end()))
    for m in _scan(_ED_WORD, text, index.ed):
        word = m.group()
        if word in _ED_STOPLIST or (m.start() > 0 and text[m.start() - 1] in "-‐"):
            continue
        if _PASSIVE_PRESENT.search(text, max(0, m.start() - 10), m.start()):
            continue
        past.append((m.start(), m.end()))
    for s, e in past:
        k = bisect_right(future_starts, s) - 1  # future spans do not overlap each other
        if k >= 0 and e <= future[k][1]:
            continue  # inside a future verb group: "will be held"
        cues.append((s, e, "past"))
    kept = [c for c in cues if not _FOLLOWED_BY_THAT.match(text, c[1])]
    return tuple(sorted(set(kept)))


def _direction(layout: _Layout, start: int, end: int) -> _Direction:
    """The tense of the sentence around ``text[start:end]`` (see the module docstring)."""
    i = max(bisect_right(layout.starts, start) - 1, 0)
    s_start, s_end = layout.sentences[i]
    k = bisect_right(layout.delimiter_ends, start) - 1
    c_start = max(layout.delimiter_ends[k], s_start) if k >= 0 else s_start
    k = bisect_left(layout.delimiter_starts, end)
    c_end = min(layout.delimiter_starts[k], s_end) if k < len(layout.delimiter_starts) else s_end
    cues, cue_starts = layout.cues, layout.cue_starts
    first_after = bisect_left(cue_starts, end)
    for lo, hi in ((c_start, c_end), (s_start, s_end)):
        j = first_after - 1
        while j >= 0 and cues[j][0] >= lo:
            if cues[j][1] <= start:
                return cues[j][2]  # type: ignore[return-value]
            j -= 1
        j = first_after
        if j < len(cues) and cues[j][1] <= hi:
            return cues[j][2]  # type: ignore[return-value]
    return None


# ---------------------------------------------------------------------------
# Candidates: atoms and the ranges they make
# ---------------------------------------------------------------------------

_RANGE_KINDS = frozenset({"ymd", "ym", "y", "md", "m", "weekday", "rel", "season"})


@lru_cache(maxsize=4)
def _analyse(text: str) -> _Analysis:
    """Find atoms, choose the longest, and combine neighbours into ranges.

    Cached: an article's text is analysed once for :func:`infer_year` and :func:`find_dates` (the analysis
    is immutable and does not depend on the anchor).
    """
    index = _WordIndex(text)
    found = _find_atoms(text, index)
    atoms = [found[i] for i in _longest_first([(a.start, a.end, a) for a in found])]
    layout = _layout(text, index)
    candidates: list[_Candidate] = []

    def add(start: int, end: int, first: _Atom, second: _Atom | None) -> None:
        prev = _PREV_WORD.search(text, max(0, start - 25), start)
        prep = prev.group(1).lower() if prev else ""
        direction = _direction(layout, start, end)
        if prep == "since":
            direction = "past"
        elif prep in ("until", "till", "til") and direction is None:
            direction = "future"
        candidates.append(_Candidate(start, end, first, second, prep, direction))

    for atom in atoms:
        if atom.kind == "range" and atom.parts is not None:
            before = text[max(0, atom.start - 12):atom.start]
            lead = _FROM_BEFORE.search(before) or _BETWEEN_BEFORE.search(before)
            start = atom.start - (len(before) - lead.start()) if lead else atom.start
            add(start, atom.end, atom.parts[0], atom.parts[1])
        elif atom.kind != "y" or atom.context:
            add(atom.start, atom.end, atom, None)

    for a, b in zip(atoms, atoms[1:]):
        gap = text[a.end:b.start]
        before = text[max(0, a.start - 12):a.start]
        if a.kind == "weekday" and a.mod is None and b.kind in ("ymd", "md") and _GAP_COMMA.fullmatch(gap):
            # "Friday, 29 October 2021": one expression, the date's value.
            add(a.start, b.end, b, None)
            continue
        if a.kind not in _RANGE_KINDS or b.kind not in _RANGE_KINDS:
            continue
        from_m = _FROM_BEFORE.search(before)
        between_m = _BETWEEN_BEFORE.search(before)
        if _GAP_DASH.fullmatch(gap):
            lead = from_m or between_m
        elif _GAP_TO.fullmatch(gap) and from_m:
            lead = from_m
        elif _GAP_AND.fullmatch(gap) and between_m:
            lead = between_m
        else:
            continue
        start = a.start - (len(before) - lead.start()) if lead else a.start
        add(start, b.end, a, b)
    return _Analysis(text, tuple(candidates), layout.starts)


# ---------------------------------------------------------------------------
# Resolution against the anchor
# ---------------------------------------------------------------------------


def _dv_year(y: int) -> DateValue:
    return DateValue(f"{y:04d}")


def _dv_month(y: int, m: int) -> DateValue:
    return DateValue(f"{y:04d}-{m:02d}")


def _md_occurrence(month: int, day: int, anchor: date, mode: _Direction) -> date | None:
    """The day-month on or before (past), on or after (future) or nearest to the anchor."""
    past = future = None
    for back in range(0, 9):
        d = _valid(anchor.year - back, month, day)
        if d is not None and d <= anchor:
            past = d
            break
    for ahead in range(0, 9):
        d = _valid(anchor.year + ahead, month, day)
        if d is not None and d >= anchor:
            future = d
            break
    if mode == "past":
        return past
    if mode == "future":
        return future
    if past is None or future is None:
        return past or future
    if past.year == anchor.year:
        return past
    return past if (anchor - past) <= (future - anchor) else future


def _month_occurrence(month: int, anchor: date, mode: _Direction) -> DateValue:
    """The month on or before (past), on or after (future) or nearest to the anchor's month."""
    past_year = anchor.year if month <= anchor.month else anchor.year - 1
    future_year = anchor.year if month >= anchor.month else anchor.year + 1
    if mode == "past":
        return _dv_month(past_year, month)
    if mode == "future":
        return _dv_month(future_year, month)
    here = anchor.year * 12 + anchor.month
    if past_year == anchor.year or here - (past_year * 12 + month) <= (future_year * 12 + month) - here:
        return _dv_month(past_year, month)
    return _dv_month(future_year, month)


def _is_partial(atom: _Atom) -> bool:
    """A calendar date or month without a year that a range partner can complete."""
    return atom.kind in ("md", "m") and atom.year_rel is None and atom.mod is None


def _resolve_atom(atom: _Atom, anchor: date | None, direction: _Direction) -> tuple[DateValue, bool] | None:
    """The value of one atom and whether the anchor was needed; None if it cannot be resolved."""
    kind = atom.kind
    if kind == "ymd":
        return DateValue.of(date(atom.year, atom.month, atom.day)), False  # type: ignore[arg-type]
    if kind == "ym":
        return _dv_month(atom.year, atom.month), False  # type: ignore[arg-type]
    if kind == "y":
        return _dv_year(atom.year), False  # type: ignore[arg-type]
    if kind == "dur" or anchor is None:
        return None
    if kind == "md":
        month, day = atom.month, atom.day
        assert month is not None and day is not None
        if atom.year_rel is not None:
            d = _valid(anchor.year + atom.year_rel, month, day)
        else:
            d = _md_occurrence(month, day, anchor, direction)
        return (DateValue.of(d), True) if d else None
    if kind == "m":
        month = atom.month
        assert month is not None
        if atom.year_rel is not None:
            return _dv_month(anchor.year + atom.year_rel, month), True
        if atom.mod == "this":
            return _dv_month(anchor.year, month), True
        if atom.mod == "last":
            return _dv_month(anchor.year if month < anchor.month else anchor.year - 1, month), True
        if atom.mod in ("next", "coming"):
            return _dv_month(anchor.year if month > anchor.month else anchor.year + 1, month), True
        return _month_occurrence(month, anchor, direction), True
    if kind == "weekday":
        return DateValue.of(_weekday_date(atom, anchor, direction)), True
    if kind == "rel":
        shifted = anchor + relativedelta(**{(atom.unit or "day") + "s": atom.offset})
        if atom.unit == "year":
            return _dv_year(shifted.year), True
        if atom.unit == "month":
            return _dv_month(shifted.year, shifted.month), True
        return DateValue.of(shifted), True
    if kind == "season":
        return _dv_year(_season_year(atom.mod or "spring", atom.offset, anchor)), True
    return None


def _weekday_date(atom: _Atom, anchor: date, direction: _Direction) -> date:
    wd = atom.weekday or 0
    name = _WEEKDAY_NAMES[wd]
    if atom.mod == "last":
        return resolve_weekday(name, anchor, last=True)
    if atom.mod == "this":
        return anchor + relativedelta(weekday=MO(-1)) + timedelta(days=wd)
    if atom.mod == "next":
        return anchor + relativedelta(weekday=MO(-1)) + timedelta(days=7 + wd)
    if atom.mod == "coming":
        return resolve_weekday(name, anchor, future=True)
    return resolve_weekday(name, anchor, future=direction == "future")


def _season_year(season: str, offset: int, anchor: date) -> int:
    """The year of "this/last/next <season>"; a winter counts by its January."""
    first, last = _SEASONS[season]
    if offset == 0:
        return anchor.year
    winter = first > last
    for year in (range(anchor.year, anchor.year - 3, -1) if offset < 0 else range(anchor.year, anchor.year + 3)):
        # the season "of" ``year``: for winter, December of year-1 to February of year
        start = date(year - 1 if winter else year, first, 1)
        end = date(year, last, 1) + relativedelta(day=31)
        if offset < 0 and end < anchor:
            return year
        if offset > 0 and start > anchor:
            return year
    return anchor.year + offset


def _after(atom: _Atom, ref: DateValue) -> DateValue | None:
    """The first occurrence of a partial atom strictly after the start of ``ref``."""
    base = ref.first_day()
    for year in range(base.year, base.year + 9):
        if atom.kind == "md":
            d = _valid(year, atom.month, atom.day)  # type: ignore[arg-type]
            if d is not None and d > base:
                return DateValue.of(d)
        elif date(year, atom.month, 1) > base:  # type: ignore[arg-type]
            return _dv_month(year, atom.month)  # type: ignore[arg-type]
    return None


def _before(atom: _Atom, ref: DateValue) -> DateValue | None:
    """The latest occurrence of a partial atom before the end of ``ref``."""
    for year in range(ref.last_day().year, ref.last_day().year - 9, -1):
        if atom.kind == "md":
            d = _valid(year, atom.month, atom.day)  # type: ignore[arg-type]
            if d is not None and d < ref.last_day():
                return DateValue.of(d)
        elif date(year, atom.month, 1) < ref.first_day():  # type: ignore[arg-type]
            return _dv_month(year, atom.month)  # type: ignore[arg-type]
    return None


def _resolve_candidate(text: str, cand: _Candidate, anchor: date | None) -> TimeExpr | None:
    surface = text[cand.start:cand.end]
    first, second = cand.first, cand.second
    if second is None:
        if first.kind == "dur":
            return TimeExpr(cand.start, cand.end, surface, None)
        resolved = _resolve_atom(first, anchor, cand.direction)
        if resolved is None:
            return None
        return TimeExpr(cand.start, cand.end, surface, resolved[0], None, resolved[1])
    partial_a, partial_b = _is_partial(first), _is_partial(second)
    ra = None if partial_a else _resolve_atom(first, anchor, cand.direction)
    rb = None if partial_b else _resolve_atom(second, anchor, cand.direction)
    if (not partial_a and ra is None) or (not partial_b and rb is None):
        return None
    if partial_a and partial_b:
        ra = _resolve_atom(first, anchor, cand.direction)
        if ra is None:
            return None
        after = _after(second, ra[0])
        rb = (after, True) if after else None
    elif partial_a:
        assert rb is not None
        before = _before(first, rb[0])
        ra = (before, rb[1]) if before else None
    elif partial_b:
        assert ra is not None
        after = _after(second, ra[0])
        rb = (after, ra[1]) if after else None
    if ra is None or rb is None:
        return None
    return TimeExpr(cand.start, cand.end, surface, ra[0], rb[0], ra[1] or rb[1])


def _resolve_all(analysis: _Analysis, anchor: date | None) -> list[tuple[TimeExpr, _Candidate]]:
    """Resolve every candidate, then keep the longest non-overlapping ones."""
    resolved: list[tuple[TimeExpr, _Candidate]] = []
    for cand in analysis.candidates:
        expr = _resolve_candidate(analysis.text, cand, anchor)
        if expr is not None:
            resolved.append((expr, cand))
    chosen = _longest_first([(e.start, e.end, e) for e, _ in resolved])
    return [resolved[i] for i in chosen]


# ---------------------------------------------------------------------------
# Year inference helpers
# ---------------------------------------------------------------------------


def _years_ago_evidence(analysis: _Analysis, base: list[tuple[TimeExpr, _Candidate]]) -> int | None:
    """Printed year + N for each "N years ago" right next to a printed date."""
    text = analysis.text
    printed = [expr for expr, _ in base if expr.value is not None and expr.end_value is None]
    printed_starts = [expr.start for expr in printed]
    guesses: list[int] = []
    for cand in analysis.candidates:
        atom = cand.first
        if cand.second is not None or not atom.ago or atom.unit != "year":
            continue
        if _APPROXIMATE.search(text, max(0, cand.start - 25), cand.start):
            continue
        sentence = bisect_right(analysis.sentence_starts, cand.start)
        k = bisect_left(printed_starts, cand.start)
        neighbours = [printed[j] for j in (k - 1, k) if 0 <= j < len(printed)]
        for expr in neighbours:
            if bisect_right(analysis.sentence_starts, expr.start) != sentence:
                continue
            if (expr.end <= cand.start and _GAP_AGO.fullmatch(text, expr.end, cand.start)) or (
                expr.start >= cand.end and _GAP_AGO.fullmatch(text, cand.end, expr.start)
            ):
                assert expr.value is not None
                guesses.append(expr.value.year - atom.offset)
                break
    if not guesses:
        return None
    counts = Counter(guesses)
    return max(counts, key=lambda y: (counts[y], y))


_ANNIVERSARY = re.compile(
    r"\b(?:turns|turned|turning|(?P<ord>[0-9]{1,3})(?:st|nd|rd|th)\s{1,3}(?i:anniversary))\b"
    r"(?:\s{1,3}(?P<n>[0-9]{1,3})\b(?![.,:/-]?[0-9]))?"
)
_FOUNDED = re.compile(r"\b(?i:founded|established|set\s{1,3}up|created|formed)\b")


def _anniversary_evidence(analysis: _Analysis, base: list[tuple[TimeExpr, _Candidate]]) -> int | None:
    """The year a body founded in a printed year turns N or has its Nth anniversary ("CBSS turns 30" and
    "founded in 1992"); None unless there is exactly one such age and one founding year."""
    text = analysis.text
    ages = set()
    for m in _ANNIVERSARY.finditer(text):
        age = m.group("ord") or m.group("n")
        if age is not None and int(age) > 0:
            ages.add(int(age))
    if len(ages) != 1:
        return None
    starts = analysis.sentence_starts
    founded = {bisect_right(starts, m.start()) for m in _FOUNDED.finditer(text)}
    years = {expr.value.year for expr, _ in base
             if expr.value is not None and expr.end_value is None and bisect_right(starts, expr.start) in founded}
    if len(years) != 1:
        return None
    return years.pop() + ages.pop()


def _is_weekday_evidence(cand: _Candidate) -> bool:
    """A weekday naming a past event: "on Friday", "Wednesday's meeting"."""
    atom = cand.first
    return (
        cand.second is None
        and atom.kind == "weekday"
        and atom.mod is None
        and cand.prep not in ("until", "till", "til")
        and cand.direction != "future"
    )


def _weekday_score(resolved: list[tuple[TimeExpr, _Candidate]], anchor: date) -> int:
    score = 0
    for expr, cand in resolved:
        if _is_weekday_evidence(cand) and expr.value is not None:
            score += {0: 2, 1: 1}.get((anchor - expr.value.first_day()).days, 0)
    return score


def _ordered(start: DateValue, end: DateValue) -> bool:
    return end.last_day() > start.last_day() and end.first_day() >= start.first_day()


def _consistent(resolved: list[tuple[TimeExpr, _Candidate]], anchor: date) -> bool:
    """Whether the expressions, read with ``anchor``, agree with their tenses."""
    for expr, cand in resolved:
        if expr.value is None:
            continue
        if expr.end_value is not None and not _ordered(expr.value, expr.end_value):
            return False
        if cand.direction == "past" and expr.value.first_day() > anchor:
            return False
        if cand.direction == "future" and (expr.end_value or expr.value).last_day() < anchor:
            return False
    return True
