"""Closed word lists that news about cooperation bodies uses.

These are vocabulary, not facts: titles that introduce people, head nouns of
organisation and event names, speech verbs, cue words for tense and modality.
"""
from __future__ import annotations

import re

# Head nouns that make a capitalised phrase the name of an organisation.
ORG_HEADS = frozenset(
    """council union commission assembly conference forum network task force group committee
    secretariat ministry parliament partnership association agency organisation organization institute
    foundation duma board bank fund office cooperation co-operation dimension alliance federation
    euroregion initiative programme program centre center senate cabinet government platform coalition consortium
    league society service authority panel landtag bürgerschaft lagting""".split()
)
# A single modifier plus one of these heads is too generic to be a name of its own ("Executive Board").
WEAK_ORG_HEADS = frozenset("board group committee office centre center secretariat cabinet government programme program fund "
                           "service authority panel platform".split())

# Capitalised words that end the name of a document, building or feature, not of a place or a body.
NON_ENTITY_HEADS = frozenset(
    """declaration treaty convention agreement accord charter strategy protocol statement communique
    palace airport harbour harbor port terminal bridge square street avenue university cathedral castle
    hall hotel island islet lake river sea gulf bay strait canal pipeline road railway station stadium
    prize award plan process act law agenda report summit""".split()
)

EVENT_NOUNS = (
    "general conference",
    "general assembly",
    "annual conference",
    "ministerial session",
    "ministerial meeting",
    "ministerial conference",
    "ministerial",
    "summit",
    "conference",
    "session",
    "meeting",
    "forum",
    "congress",
    "plenary",
)
EVENT_MODIFIERS = frozenset(
    """online annual extraordinary informal two-day three-day one-day high-level video founding joint closing
    opening regular biennial inaugural constituent virtual plenary final first second third fourth fifth
    anniversary jubilee special emergency""".split()
)

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
ARABIC_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")

# Titles that introduce a person ("Foreign Minister Pekka Haavisto"), most specific first.
# Each maps to (canonical post label, kind): kind "state" posts belong to a country,
# "body" posts to an organisation, "place" posts to a city or region, "own" posts name their institution
# themselves (no owner is guessed), "rank" is no post.
TITLES: dict[str, tuple[str, str]] = {
    "minister of foreign affairs": ("Minister of Foreign Affairs", "state"),
    "deputy foreign minister": ("Deputy Minister of Foreign Affairs", "state"),
    "deputy minister of foreign affairs": ("Deputy Minister of Foreign Affairs", "state"),
    "foreign minister": ("Minister of Foreign Affairs", "state"),
    "prime minister": ("Prime Minister", "state"),
    "defence minister": ("Minister of Defence", "state"),
    "defense minister": ("Minister of Defence", "state"),
    "environment minister": ("Minister of the Environment", "state"),
    "minister of the environment": ("Minister of the Environment", "state"),
    "interior minister": ("Minister of the Interior", "state"),
    "justice minister": ("Minister of Justice", "state"),
    "finance minister": ("Minister of Finance", "state"),
    "minister for nordic cooperation": ("Minister for Nordic Cooperation", "state"),
    "minister": ("Minister", "state"),
    "state secretary": ("State Secretary", "state"),
    "secretary of state": ("Secretary of State", "state"),
    "head of state": ("Head of State", "state"),
    "head of government": ("Head of Government", "state"),
    "chancellor": ("Chancellor", "state"),
    "senator": ("Senator", "state"),
    "member of parliament": ("Member of Parliament", "state"),
    "mp": ("Member of Parliament", "state"),
    "member of the european parliament": ("Member of the European Parliament", "own"),
    "mep": ("Member of the European Parliament", "own"),
    "spokeswoman": ("Spokesperson", "body"),
    "spokesman": ("Spokesperson", "body"),
    "spokesperson": ("Spokesperson", "body"),
    "secretary general": ("Secretary General", "body"),
    "secretary-general": ("Secretary General", "body"),
    "deputy secretary general": ("Deputy Secretary General", "body"),
    "director general": ("Director General", "body"),
    "director-general": ("Director General", "body"),
    "executive secretary": ("Executive Secretary", "body"),
    "executive director": ("Executive Director", "body"),
    "head of secretariat": ("Head of Secretariat", "body"),
    "head of the secretariat": ("Head of Secretariat", "body"),
    "head of delegation": ("Head of Delegation", "body"),
    "director": ("Director", "body"),
    "vice-president": ("Vice-President", "body"),
    "vice president": ("Vice-President", "body"),
    "president": ("President", "body"),
    "vice-chair": ("Vice-Chair", "body"),
    "vice-chairman": ("Vice-Chair", "body"),
    "chairman": ("Chair", "body"),
    "chairwoman": ("Chair", "body"),
    "chairperson": ("Chair", "body"),
    "chair": ("Chair", "body"),
    "speaker": ("Speaker", "body"),
    "commissioner": ("Commissioner", "body"),
    "european commissioner": ("European Commissioner", "own"),
    "coordinator": ("Coordinator", "body"),
    "deputy mayor": ("Deputy Mayor", "place"),
    "mayor": ("Mayor", "place"),
    "governor": ("Governor", "place"),
    "marshal": ("Marshal", "place"),
    "ambassador": ("Ambassador", "rank"),
    "ambassador-at-large": ("Ambassador", "rank"),
}
PORTFOLIOS = (
    "foreign affairs", "defence", "defense", "justice", "finance", "the interior", "interior", "the environment",
    "environment", "climate", "climate and environment", "economic affairs", "economy", "european affairs",
    "nordic cooperation", "trade", "foreign trade", "culture", "education", "health", "transport", "energy",
    "agriculture", "fisheries", "digital affairs", "regional development", "social affairs", "labour",
    "development cooperation", "maritime affairs",
)
for _p in PORTFOLIOS:
    _name = " ".join(w if w == "the" else w.capitalize() for w in _p.split())
    _canonical = "Minister of Foreign Affairs" if _p == "foreign affairs" else f"Minister for {_name}" \
        if _p == "nordic cooperation" else f"Minister of {_name}"
    TITLES.setdefault(f"minister of {_p}", (_canonical, "state"))
    TITLES.setdefault(f"minister for {_p}", (_canonical, "state"))
    if not _p.startswith("the "):
        TITLES.setdefault(f"{_p} minister", (_canonical, "state"))
TITLES.update({
    "adviser": ("Adviser", "body"),
    "advisor": ("Adviser", "body"),
    "senior adviser": ("Senior Adviser", "body"),
})
for _title, (_canonical, _scope) in list(TITLES.items()):
    if _scope != "rank" and not _title.startswith(("deputy ", "vice")):
        TITLES.setdefault(f"deputy {_title}", (f"Deputy {_canonical}", _scope))
        if _scope == "body":
            TITLES.setdefault(f"vice-{_title}", (f"Vice-{_canonical}", _scope))
TITLE_MODIFIERS = frozenset("acting outgoing incoming former newly elected new then current interim first".split())

# Alternative labels of canonical posts, so that a post reads as news writes it.
POST_ALIASES: dict[str, tuple[str, ...]] = {
    "Minister of Foreign Affairs": ("Foreign Minister",),
    "Deputy Minister of Foreign Affairs": ("Deputy Foreign Minister",),
    "Minister of Defence": ("Defence Minister",),
    "Secretary General": ("Secretary-General",),
    "Director General": ("Director-General",),
    "Head of Delegation": ("head of the delegation",),
}

NAME_PARTICLES = frozenset("von van de der den da di du af zu la le del ter ten".split())

MONTHS_AND_DAYS = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)

# Title-case words that are not names even when capitalised.
NOT_NAME_WORDS = frozenset(
    """The A An This That These Those It Its In On At By For From With Without Since Until After Before During
    When While Where Who Whose Which What Why How And But Or Nor Yet So If Then There Here Today Yesterday
    Tomorrow He She They We I You His Her Their Our My Your Mr Mrs Ms Dr Prof Sir Madam Lord Lady
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Besides Among Also Both Each Every Other Only
    According Under Over Between Against Ministers Officials Delegates Members Foreign Minister President
    Secretary General Director Mayor Governor Speaker Chair Ambassador Prime Deputy Head State Senior
    Baltic Nordic Arctic European Russian Council Union Commission Assembly Conference Parliament Euroregion
    Declaration Convention Treaty Agreement Strategy Summit Session Meeting Ministerial Sea North South East West
    Northern Southern Eastern Western Central Permanent Participants Indigenous Executive Board Secretariat
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirty Twenty Half Both Neither Either""".split()
)

SPEECH_VERBS = (
    "said", "says", "stated", "states", "told", "tells", "stressed", "stresses", "noted", "notes", "emphasized",
    "emphasised", "emphasizes", "emphasises", "added", "adds", "underlined", "underlines", "pointed out",
    "wrote", "writes", "declared", "declares", "explained", "explains", "insisted", "insists", "warned",
    "warns", "argued", "argues", "recalled", "recalls", "announced", "announces", "remarked", "observed",
    "continued", "concluded", "asserted", "affirmed", "acknowledged", "admitted", "replied", "urged",
    "reported", "commented", "highlighted", "underscored", "said in a statement",
)
SPEECH_VERB_RE = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))

FUTURE_CUES = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|due to|is expected|are expected|is scheduled|are scheduled|"
    r"is set to|are set to|next in line|next in the rotation|plans? to|intends? to|upcoming|is going to|"
    r"takes over the \w+ next|from next)\b",
    re.I,
)
HOPE_CUES = re.compile(r"\b(?:(?:we|I) (?:hope|hoped|wish|trust)|hopes? that|hoping|would like|wish(?:es)? to see|"
                       r"hopefully)\b", re.I)
PLAN_CUES = re.compile(r"\b(?:we|I) (?:intend|plan|are planning|am planning|are going|am going|aim) to\b", re.I)
PROPOSAL_CUES = re.compile(
    r"\b(?:propose[sd]?|proposal|suggest(?:s|ed)?|would be appropriate|it would be (?:good|useful|right)|"
    r"should consider|calls? for|called for|calls? on|called on|urges?|urged|we expect|expect that)\b",
    re.I,
)
DENIAL_CUES = re.compile(r"\b(?:denied|denies|deny|rejected|no longer|never)\b", re.I)
