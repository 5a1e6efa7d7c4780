#!/usr/bin/env python
"""Write N synthetic, news-shaped articles about Baltic Sea cooperation bodies.

    python benchmarks/make_corpus.py 10000 /tmp/corpus-10k [--seed 7]

The facts about the bodies come from the project's reference record
(``data/reference/record.yaml``: CBSS/UBC/Arctic Council/BSTF chairmanships,
memberships, suspensions and withdrawals, foundings) and its gazetteer
(``data/gazetteer/gazetteer.yaml``: names, abbreviations, demonyms, capitals,
cities and regions). Around them each article gets:

* several phrasings per fact family (presidency handovers, joined / suspended /
  withdrawn / excluded, member lists, ministerial sessions with participants
  and hosts, posts and appointments, foundings and anniversaries);
* invented officials (Estonian, Latvian, Lithuanian, Finnish, Swedish,
  Norwegian, Danish, Icelandic, Polish and German names from the lists below)
  holding posts; the same post in the same term is held by the same invented
  person across the corpus, so people recur as they do in the news. Every
  quotation is by an invented official: real people of the gazetteer are
  never quoted, and no invented name is also the name of a real one;
* dates absolute ("1 July 2023", "July 1, 2023") and relative to the
  publication date ("on Wednesday", "last month", "next year");
* 300-1,500 words (filler paragraphs about the region: shipping, energy,
  environment, security, culture ...);
* one of four formats: ``.txt`` with a wire dateline (sometimes with site
  crumbs and a standfirst, sometimes with YAML front matter), ``.md`` with
  front matter, ``.html`` pages with nav/aside/footer/scripts, and ``.jsonl``
  batches of 25 records.

Output: ``OUT_DIR/NNNN/`` folders of at most 1,000 articles, plus
``OUT_DIR/MANIFEST.json`` (counts, seed, word statistics). Article ``i``
depends only on the seed and ``i``: a corpus of 10,000 is the first ten
folders of one of 100,000 made with the same seed. Everything written is
fiction built on the reference facts; publishers and URLs are invented
(example.org).
"""
from __future__ import annotations

import argparse
import calendar
import hashlib
import html as htmllib
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, print_header  # noqa: E402

import yaml  # noqa: E402

from kg.gazetteer import load_gazetteer, normalise_name  # noqa: E402

PER_FOLDER = 1000
JSONL_BATCH = 25

# --------------------------------------------------------------------------- names

# (male first names, female first names, surnames as (male form, female form))
NAMES: dict[str, tuple[list[str], list[str], list[tuple[str, str]]]] = {
    "country/estonia": (
        "Andres Jaan Margus Tõnis Priit Rein Urmas Indrek Lauri Kristjan Siim Mart Hillar Peeter Ott Taavi Rasmus Kaspar".split(),
        "Kadri Liis Kersti Triin Piret Maarja Kristiina Anneli Helen Merike Signe Katrin Tiina Eve Ülle Mari-Liis Kaisa".split(),
        [(s, s) for s in "Tamm Saar Sepp Mägi Kask Kukk Rebane Pärn Koppel Lepik Raudsepp Vaher Org Lill Kuusk Oja Luik "
                         "Põder Männik Kivi Toom Aavik Kõiv Jõgi Laas Teder Vask Kull Valk Sild Randmaa Tuisk".split()],
    ),
    "country/latvia": (
        "Jānis Andris Edgars Kārlis Māris Raimonds Artis Valdis Uldis Gints Aigars Krišjānis Roberts Armands Didzis".split(),
        "Ilze Inese Līga Dace Sandra Baiba Kristīne Zane Daina Anita Iveta Laura Agnese Evija Santa".split(),
        [("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"), ("Liepiņš", "Liepiņa"),
         ("Krūmiņš", "Krūmiņa"), ("Zariņš", "Zariņa"), ("Vītols", "Vītola"), ("Jansons", "Jansone"),
         ("Eglītis", "Eglīte"), ("Pētersons", "Pētersone"), ("Lapiņš", "Lapiņa"), ("Kļaviņš", "Kļaviņa"),
         ("Grīnbergs", "Grīnberga"), ("Siliņš", "Siliņa"), ("Rozenbergs", "Rozenberga"), ("Leitis", "Leite")],
    ),
    "country/lithuania": (
        "Tomas Mindaugas Darius Gintaras Vytautas Rimantas Arūnas Saulius Linas Audrius Žygimantas Povilas Andrius".split(),
        "Rasa Ieva Jurgita Rūta Asta Vilma Dalia Inga Eglė Laima Gintarė Aušra Jolanta".split(),
        [("Kazlauskas", "Kazlauskienė"), ("Jankauskas", "Jankauskienė"), ("Petrauskas", "Petrauskienė"),
         ("Stankevičius", "Stankevičienė"), ("Vasiliauskas", "Vasiliauskienė"), ("Žukauskas", "Žukauskienė"),
         ("Butkus", "Butkienė"), ("Paulauskas", "Paulauskienė"), ("Urbonas", "Urbonienė"),
         ("Navickas", "Navickienė"), ("Balčiūnas", "Balčiūnienė"), ("Rimkus", "Rimkienė"),
         ("Mockus", "Mockienė"), ("Šimkus", "Šimkienė")],
    ),
    "country/finland": (
        "Juha Mikko Antti Jukka Timo Ville Heikki Markku Janne Olli Tuomas Lauri Sami Jari Kari Eero".split(),
        "Tuula Päivi Sari Minna Riikka Hanna Kaisa Leena Satu Johanna Outi Marjatta Elina Noora Anu".split(),
        [(s, s) for s in "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
                         "Lehtonen Salminen Tuominen Rantanen Lindholm Kettunen Ahonen Saarinen Peltonen Vuorela "
                         "Karjalainen Ojala Turunen Hiltunen Leppänen".split()],
    ),
    "country/sweden": (
        "Erik Lars Johan Magnus Karl Nils Fredrik Mats Olof Gunnar Björn Oskar Jonas Stefan Ulf Mikael".split(),
        "Karin Eva Ingrid Sofia Elin Malin Annika Helena Ulrika Åsa Birgitta Lena Cecilia Maja Ebba".split(),
        [(s, s) for s in "Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Lindqvist "
                         "Bergström Holmberg Sandberg Ekström Lundgren Åberg Sjöberg Wallin Nordin Hedlund Forsberg "
                         "Björklund Lindberg Axelsson".split()],
    ),
    "country/norway": (
        "Ole Kjetil Håkon Bjørn Tor Sindre Eirik Geir Arne Trond Øystein Sverre Magne Vegard Espen".split(),
        "Kari Solveig Silje Marit Tone Hilde Ragnhild Sigrid Synnøve Ingvild Tonje Guro Kristin Åse".split(),
        [(s, s) for s in "Hansen Johansen Olsen Larsen Pedersen Nilsen Kristiansen Berg Haugen Hagen Bakke Dahl Lie "
                         "Strand Moen Halvorsen Jakobsen Eide Aas Solheim Lunde Myklebust Nygård Rønning".split()],
    ),
    "country/denmark": (
        "Mads Rasmus Søren Jens Mikkel Frederik Niels Kasper Jesper Morten Henrik Troels Bo Thorkild".split(),
        "Camilla Louise Pernille Trine Sanne Lotte Rikke Line Birgitte Tine Dorthe Marianne Ida Signe".split(),
        [(s, s) for s in "Nielsen Jensen Rasmussen Sørensen Madsen Kjær Holm Poulsen Mortensen Thomsen Lauridsen "
                         "Østergaard Damgaard Bach Vestergaard Munk Juhl Bruun Skov Lund Friis".split()],
    ),
    "country/iceland": (
        "Jón Guðmundur Sigurður Gunnar Ólafur Einar Kristján Stefán Bjarni Halldór Ragnar Þórður".split(),
        "Guðrún Kristín Sigríður Margrét Helga Sigrún Ingibjörg Jóhanna Ragnheiður Hildur Þórunn Elín".split(),
        [(p + "son", p + "dóttir") for p in "Jóns Guðmunds Sigurðs Gunnars Ólafs Einars Kristjáns Stefáns Haralds "
                                           "Péturs Egils Halldórs Ragnars Þórðar".split()],
    ),
    "country/poland": (
        "Piotr Tomasz Marcin Krzysztof Paweł Michał Jakub Andrzej Grzegorz Łukasz Wojciech Rafał Bartosz".split(),
        "Katarzyna Magdalena Agnieszka Joanna Ewa Małgorzata Monika Barbara Aleksandra Dorota Beata Justyna".split(),
        [("Kowalski", "Kowalska"), ("Nowak", "Nowak"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
         ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
         ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"),
         ("Kozłowski", "Kozłowska"), ("Mazur", "Mazur"), ("Jankowski", "Jankowska"), ("Wojciechowski", "Wojciechowska"),
         ("Kwiatkowski", "Kwiatkowska"), ("Grabowski", "Grabowska")],
    ),
    "country/germany": (
        "Thomas Michael Andreas Stefan Jürgen Klaus Matthias Frank Uwe Jens Tobias Dirk Holger Florian".split(),
        "Katrin Sabine Petra Claudia Susanne Anja Birgit Julia Kerstin Heike Ulrike Silke Franziska".split(),
        [(s, s) for s in "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
                         "Wolf Schröder Neumann Krüger Hartmann Lange Brandt Vogel Jansen Petersen Thiele".split()],
    ),
}
HYPHENATED = {"country/sweden": ["Karl-Erik", "Jan-Olof", "Anna-Karin", "Eva-Lena"],
              "country/finland": ["Jan-Erik", "Anna-Maija", "Pirkko-Liisa"],
              "country/germany": ["Hans-Peter", "Karl-Heinz", "Anna-Lena"],
              "country/norway": ["Per-Arne", "Anne-Grethe"],
              "country/estonia": ["Mari-Liis", "Karl-Martin"]}
HYPHENATED_FEMALE = {"Anna-Karin", "Eva-Lena", "Anna-Maija", "Pirkko-Liisa", "Anna-Lena", "Anne-Grethe", "Mari-Liis"}

BALTIC_STATES = ["country/denmark", "country/estonia", "country/finland", "country/germany", "country/iceland",
                 "country/latvia", "country/lithuania", "country/norway", "country/poland", "country/sweden"]

PUBLISHERS = ["Baltic Wire", "Hanseatic Wire", "Gulf of Finland Times", "Northern Lights Bulletin",
              "Three Capitals Review", "Fjord and Fell Weekly", "Baltic Sea Wire", "Amber Coast Courier",
              "Oresund Observer", "Vistula Ledger", "Daugava Daily", "Kattegat Chronicle", "Bothnian Bay Post",
              "Curonian Dispatch", "Island Coast Courier", "Gotland Gazette", "Nemunas Herald", "Skagerrak Signal"]
AGENCIES = ["Baltic Wire", "Hanseatic Wire", "Baltic Sea Wire", "Nordic Newsline", "Amber Agency", "BSR Press"]

SEA_AREAS = ["Gulf of Finland", "Gulf of Riga", "Bothnian Bay", "Bothnian Sea", "Bornholm Basin", "Gotland Deep",
             "Åland Sea", "Curonian Lagoon", "Szczecin Lagoon", "Kattegat", "Øresund", "Bay of Gdańsk",
             "Archipelago Sea", "Gulf of Bothnia", "Pomeranian Bay", "Kiel Bay"]

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
            9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth"}
WEEKDAYS = list(calendar.day_name)
MONTHS = list(calendar.month_name)


def ordinal(n: int, words: bool = False) -> str:
    if words and n in ORDINALS:
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_list(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def slug(text: str) -> str:
    s = normalise_name(text)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60] or "article"


# --------------------------------------------------------------------------- reference data


@dataclass
class Ref:
    gaz: object
    chairs: dict[str, list[dict]]
    members: dict[str, list[dict]]
    changes: list[dict]
    foundings: dict[str, dict]
    posts: list[dict]
    cities_by_country: dict[str, list]
    regions_by_country: dict[str, list]
    real_surnames: set[str]
    real_names: set[str]
    bodies: list[str]


def parse_when(value) -> tuple[date, str] | None:
    """A record date at its precision: ('day'|'month'|'year')."""
    if value is None:
        return None
    text = str(value)
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", text)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        return date(y, int(m.group(2)), int(m.group(3))), "day"
    if m.group(2):
        return date(y, int(m.group(2)), 1), "month"
    return date(y, 1, 1), "year"


def load_reference() -> Ref:
    gaz = load_gazetteer()
    record = yaml.safe_load((ROOT / "data" / "reference" / "record.yaml").read_text(encoding="utf-8"))["facts"]
    chairs: dict[str, list[dict]] = defaultdict(list)
    members: dict[str, list[dict]] = defaultdict(list)
    changes, posts, foundings = [], [], {}
    for f in record:
        if f["kind"] == "chair" and parse_when(f.get("start")) and f["who"] in gaz:
            chairs[f["body"]].append(f)
        elif f["kind"] == "membership" and f["who"] in gaz:
            members[f["body"]].append(f)
        elif f["kind"] == "status_change" and parse_when(f.get("date")):
            changes.append(f)
        elif f["kind"] == "founding" and parse_when(f.get("date")):
            foundings[f["body"]] = f
        elif f["kind"] == "post":
            posts.append(f)
    for body in chairs:
        chairs[body].sort(key=lambda f: parse_when(f["start"])[0])
    cities, regions = defaultdict(list), defaultdict(list)
    for e in gaz.by_kind("City"):
        if e.country in BALTIC_STATES:
            cities[e.country].append(e)
    for e in gaz.by_kind("Region"):
        if e.country in BALTIC_STATES:
            regions[e.country].append(e)
    real_surnames, real_names = set(), set()
    for e in gaz.by_kind("Person"):
        for n in e.names():
            real_names.add(normalise_name(n))
            real_surnames.add(normalise_name(n.split()[-1]))
    bodies = sorted(set(chairs) | set(members) | {f["body"] for f in changes} | set(foundings))
    return Ref(gaz, dict(chairs), dict(members), changes, foundings, posts, dict(cities), dict(regions),
               real_surnames, real_names, bodies)


# --------------------------------------------------------------------------- invented people


@dataclass(frozen=True)
class Person:
    name: str
    female: bool
    nationality: str  # country key
    post: str  # canonical post ("Mayor", "Minister of Foreign Affairs")
    place: str | None  # key of the city, region, country or body the post belongs to

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


_person_cache: dict[tuple, Person] = {}


def invent_person(ref: Ref, seed: int, post: str, place: str | None, term: int, nationality: str | None = None) -> Person:
    """The invented holder of ``post`` at ``place`` in term ``term`` (the same arguments give the same person)."""
    key = (seed, post, place, term, nationality)
    if key in _person_cache:
        return _person_cache[key]
    rng = random.Random(f"{seed}|person|{post}|{place}|{term}|{nationality}")
    if nationality is None:
        entry = ref.gaz.get(place) if place else None
        nationality = (entry.country if entry is not None and entry.kind in ("City", "Region") else
                       place if place in NAMES else None) or rng.choice(BALTIC_STATES)
    if nationality not in NAMES:
        nationality = rng.choice(BALTIC_STATES)
    males, females, surnames = NAMES[nationality]
    for _ in range(50):
        female = rng.random() < 0.45
        first = rng.choice(females if female else males)
        if nationality in HYPHENATED and rng.random() < 0.06:
            first = rng.choice(HYPHENATED[nationality])
            female = first in HYPHENATED_FEMALE
        sm, sf = rng.choice(surnames)
        last = sf if female else sm
        if rng.random() < 0.04 and nationality in ("country/finland", "country/sweden", "country/germany"):
            last = f"{rng.choice(surnames)[1 if female else 0]}-{last}"  # double-barrelled
        name = f"{first} {last}"
        if normalise_name(name) not in ref.real_names and normalise_name(last.split('-')[-1]) not in ref.real_surnames:
            break
    person = Person(name, female, nationality, post, place)
    _person_cache[key] = person
    return person


def term_of(year: int, post: str, place: str | None, length: int = 4) -> int:
    offset = int(hashlib.md5(f"{post}|{place}".encode()).hexdigest(), 16) % length
    return (year - 1990 + offset) // length


# --------------------------------------------------------------------------- text banks

FILLER: dict[str, list[str]] = {
    "environment": [
        "Nutrient run-off from farmland remains the main cause of eutrophication in the {sea}, and algal blooms were reported off {city} again this summer.",
        "Researchers from {n} institutes measure oxygen at more than {n3} monitoring stations, and the dead zones in the {sea} have grown by {pct} percent since the 1990s.",
        "Municipal water companies in {country} have cut phosphorus discharges by about a third, but scattered farms and old septic tanks are harder to reach.",
        "Thousands of tonnes of chemical munitions dumped after the Second World War still lie on the seabed east of Bornholm and in the {sea}.",
        "Seal and cormorant numbers have recovered, while cod stocks in the eastern Baltic remain at historic lows.",
        "Volunteers collected {n3} kilogrammes of plastic from beaches near {city} during a single weekend in {month}.",
        "The warming of surface water by almost two degrees since the 1980s makes the Baltic one of the fastest-warming seas in the world.",
        "Environmental groups want stricter rules for scrubber wash water discharged by ships entering the {sea}.",
    ],
    "shipping": [
        "Some {n3} ships cross the Baltic at any given time, and the approaches to {city} are among the busiest waters in northern Europe.",
        "Ferry operators between {city} and {city2} reported {pct} percent more passengers than a year earlier.",
        "The port of {city} handled {n} million tonnes of cargo last year, most of it containers, timber and liquid bulk.",
        "Ice-class tankers and an ageing shadow fleet have raised concern among coastal authorities from the {sea} to the Kattegat.",
        "Pilots and coast guards in {country} now share live traffic data with their neighbours under a joint surveillance system.",
        "Shipowners say that the switch to cleaner fuels will cost the regional fleet billions of euros over the next decade.",
        "Winter navigation in the northern basins depends on a small fleet of icebreakers that {country} and its neighbours share.",
    ],
    "energy": [
        "Offshore wind parks planned in the {sea} could supply more than {n} gigawatts of electricity by 2035.",
        "A new interconnector between {country} and {country2} is expected to reduce price differences across the region.",
        "Grid operators synchronised the Baltic states' electricity networks with the continental European grid, ending their reliance on the old post-Soviet ring.",
        "The liquefied natural gas terminal near {city} has become a regional lifeline since pipeline imports from the east stopped.",
        "Energy ministers discussed how to protect power cables and pipelines that run along the seabed.",
        "District heating companies in {city} are replacing coal boilers with heat pumps and biomass plants.",
        "Hydrogen projects in {region} hope to draw on cheap wind power from the coast.",
    ],
    "transport": [
        "Construction of the Rail Baltica line continues, with the section near {city} due to open later in the decade.",
        "The fixed link under the Fehmarn Belt will cut the travel time between Hamburg and Copenhagen to about two and a half hours.",
        "Regional airlines restored direct flights between {city} and {city2} after a three-year break.",
        "Cross-border bus services in {region} are paid for partly by European cohesion funds.",
        "Freight operators want faster customs procedures at the border crossings east of {city}.",
        "Cycling routes along the coast, part of the EuroVelo network, attract more visitors to {region} every summer.",
    ],
    "security": [
        "Damage to undersea cables and a gas pipeline has led coastal states to step up patrols in the {sea}.",
        "Civil protection agencies held a joint exercise near {city} that simulated an oil spill after a collision at sea.",
        "Municipalities in {country} are updating shelter lists and emergency plans for the first time in a generation.",
        "Coast guards reported {n} cases of GPS jamming affecting ships and aircraft in the {sea} during {month}.",
        "Border guards in {region} say that smuggling of cigarettes and fuel has fallen since new checks were introduced.",
        "Experts at the conference warned that hybrid threats target ports, energy links and local media alike.",
    ],
    "fisheries": [
        "Fishermen in {city} say that the ban on targeted cod fishing has pushed many small boats out of business.",
        "Herring quotas in the {sea} were cut by {pct} percent for the coming season.",
        "Salmon rivers in {region} are being restored by removing old dams and weirs.",
        "Scientists want more data on sprat and herring stocks before the next quota negotiations in Brussels.",
        "Coastal fishing villages are turning to tourism and seal-safe fishing gear to make a living.",
    ],
    "culture": [
        "The Hanseatic Days in {city} drew tens of thousands of visitors to the old town in {month}.",
        "A joint exhibition on the maritime history of the region opened in {city} and will travel to {city2} next year.",
        "Choirs from {n} countries took part in the song festival, which has been held since the nineteenth century.",
        "Libraries in {region} lend books in more than twenty languages, reflecting the mix of their readers.",
        "Film-makers from around the Baltic met in {city} for a co-production market supported by regional funds.",
        "The region's wooden churches and manor houses are the subject of a new cross-border heritage route.",
    ],
    "youth": [
        "More than {n3} students took part in exchange programmes between schools in {country} and {country2} last year.",
        "A youth forum in {city} asked ministers to give young people a formal say in regional cooperation.",
        "Universities in {city} and {city2} launched a joint master's programme in marine science.",
        "Summer schools on climate and the sea are open to students from every country around the Baltic.",
        "Vocational schools in {region} are training technicians for offshore wind and port automation.",
    ],
    "health": [
        "Hospitals in border regions share ambulances and specialist staff under agreements signed over the past decade.",
        "Public health experts are watching the spread of tick-borne diseases along the coast of {country}.",
        "A network of {n} cities works together on healthy ageing and on keeping elderly residents active.",
        "Mental health services for young people in {region} received additional funding this year.",
    ],
    "economy": [
        "Trade between the countries around the Baltic Sea amounts to hundreds of billions of euros a year.",
        "Start-ups in {city} raised {n} million euros in venture capital in the first half of the year.",
        "Unemployment in {region} fell to {pct} percent, the lowest level since records began.",
        "Cross-border commuting between {city} and {city2} has doubled in ten years.",
        "Small ports are looking for new business as traditional cargo flows change direction.",
        "Tourism revenue in {country} recovered to pre-pandemic levels, driven by visitors from neighbouring countries.",
    ],
    "cooperation": [
        "The Interreg Baltic Sea Region programme funds some {n3} projects, from water management to digital public services.",
        "Regional cooperation bodies have grown in number since the early 1990s, and critics say that they overlap.",
        "Officials say that the network of councils, unions and commissions keeps contacts alive even when national politics are tense.",
        "Twinning agreements between cities on opposite shores of the sea date back to the end of the Cold War.",
        "Local politicians from {region} said that practical projects matter more to citizens than declarations.",
        "Civil society groups from {n} countries met on the sidelines to present their own recommendations.",
        "The secretariat in {city} employs a small staff, and most of the work is done by national experts.",
    ],
    "history": [
        "The Hanseatic League once tied {city} to trading towns all around the sea, and its brick churches still shape the skyline.",
        "In 1989 some two million people joined hands across the three Baltic states in the Baltic Way.",
        "Many of the region's cooperation bodies were founded in the early 1990s, when borders across the sea opened again.",
        "Local historians in {city} are collecting the memories of families who fled across the sea in 1944.",
        "The old naval base near {city} has been turned into a museum and a marina.",
        "Archaeologists found the remains of a seventeenth-century merchant ship in the {sea}, remarkably well preserved in the cold water.",
    ],
    "digital": [
        "Digital public services in {country} let residents file taxes and sign contracts online in minutes.",
        "A data centre under construction near {city} will use sea water for cooling.",
        "Cross-border recognition of electronic signatures is still patchy, business groups complain.",
        "Municipalities in {region} share a cloud platform for school administration.",
        "Cyber security experts from {n} countries took part in an exercise hosted in {city} in {month}.",
        "Broadband now reaches {pct} percent of rural households in {region}, up from a third five years ago.",
    ],
    "agriculture": [
        "Farmers in {region} are testing buffer strips and wetlands that catch nutrients before they reach the rivers.",
        "Grain exports through the port of {city} rose sharply after a good harvest.",
        "Organic farming covers almost a fifth of the farmland in {country}, one of the highest shares in Europe.",
        "Dairy cooperatives in {region} are merging to cope with falling milk prices.",
        "A pilot project near {city} turns manure into biogas for buses.",
    ],
    "tourism": [
        "Cruise ships brought {n3} thousand passengers to {city} last season, and residents of the old town are asking for limits.",
        "Island communities such as those in the {sea} depend on summer visitors for most of their income.",
        "Travel operators report growing interest in cycling and sailing holidays around the {sea}.",
        "Hotels in {city} were fully booked during the summer festivals.",
        "Regional tourism boards from {n} countries market the coast together as one destination.",
    ],
    "labour": [
        "Employers in {country} are short of nurses, engineers and bus drivers.",
        "Seasonal workers from across the region pick berries and work in fish processing plants in {region}.",
        "Trade unions from the Nordic and Baltic countries signed a joint statement on fair pay for posted workers.",
        "The population of many small towns in {region} has fallen by a quarter since 2000.",
        "Remote work has drawn young families back to villages along the coast of {country}.",
    ],
    "research": [
        "A research vessel from {city} spent {n} weeks measuring microplastics across the {sea}.",
        "Marine biologists in {city} are studying how eelgrass meadows store carbon.",
        "The region's universities run a shared fleet of research ships and buoys.",
        "A new study found that noise from shipping disturbs harbour porpoises in the {sea}.",
        "Satellite data help scientists follow the spread of algal blooms almost in real time.",
    ],
    "climate": [
        "Rising sea levels and stronger storms threaten low-lying parts of {city}, where new flood barriers are planned.",
        "Coastal erosion has eaten away several metres of beach in {region} over the past decade.",
        "The region's cities have pledged to become climate neutral, some as early as 2035.",
        "Winters with little ice are becoming common in the {sea}, changing life for coastal communities.",
        "Forestry and peatland restoration are at the centre of the climate plans of {country}.",
    ],
}
OPENERS = ["", "", "", "", "", "Meanwhile, ", "At the same time, ", "According to official figures, ",
           "Officials note that ", "Separately, ", "Experts say that ", "Elsewhere, "]

QUOTE_A = [
    "The Baltic Sea connects our economies and our people",
    "Cooperation across the sea is not a luxury but a necessity",
    "Our cities share the same water and the same problems",
    "We have to keep the cables, pipelines and ferries that link us safe",
    "Regional cooperation has proved its worth in difficult times",
    "Young people must see what this cooperation means for them",
    "The sea does not stop at national borders, and neither does pollution",
    "Small communities on the coast need to be heard in every capital",
    "Practical projects matter more than declarations",
    "We know from experience that trust is built slowly",
    "The region has never been more united than it is today",
    "Our presidency will be about results that people can see",
    "Clean water, safe ports and good jobs are what our citizens ask for",
    "We cannot protect the sea if we do not work together",
    "The last years have shown how vulnerable our infrastructure is",
    "This meeting sends a clear signal of unity",
    "Our towns are small, but our coastline is long",
    "The energy transition is the biggest opportunity this region has had in decades",
]
QUOTE_B = [
    "and we intend to show it in every region",
    "and this is what our work will focus on",
    "which is why we are investing in young people",
    "and that responsibility is shared by all of us",
    "so we will not slow down",
    "and we will judge ourselves by what we deliver",
    "and no country can do it alone",
    "and I am grateful to our partners for their support",
    "and the coming year will test us",
    "and we expect the others to follow",
    "but there is still a lot of work ahead",
    "and we will keep it that way",
]
AUDIENCES = ["reporters", "the meeting", "journalists", "the conference", "delegates", "the plenary",
             "local radio", "the audience", "this newspaper", "a news conference"]
INDIRECT = [
    "the council would focus on civil protection and the safety of critical infrastructure",
    "the network had become more important since 2022",
    "the programme would put young people and education first",
    "cooperation on the environment would continue despite the difficult political situation",
    "the next two years would be devoted to practical projects",
    "the member states had agreed to strengthen the secretariat",
    "the region needed faster links between its capitals",
    "funding for small coastal towns would be increased",
]

MINISTER_PORTFOLIOS = [("Minister of Foreign Affairs", ["Foreign Minister", "Minister of Foreign Affairs"]),
                       ("Minister of the Environment", ["Environment Minister", "Minister of the Environment"]),
                       ("Minister for Nordic Cooperation", ["Minister for Nordic Cooperation"]),
                       ("Minister of Transport", ["Minister of Transport"]),
                       ("Minister of the Interior", ["Interior Minister"]),
                       ("State Secretary", ["State Secretary"]),
                       ("Deputy Minister of Foreign Affairs", ["Deputy Foreign Minister"])]
BODY_POSTS = [("Secretary General", ["Secretary General", "Secretary-General"]),
              ("Director General", ["Director General", "Director-General"]),
              ("Director", ["Director"]), ("Senior Adviser", ["Senior Adviser"]),
              ("Head of Secretariat", ["Head of Secretariat"]), ("Spokesperson", ["spokesperson"]),
              ("Vice-President", ["Vice-President"]), ("Coordinator", ["Coordinator"])]

# --------------------------------------------------------------------------- article model


@dataclass
class Draft:
    """What an article says, before it is rendered in a format."""

    headline: str
    paragraphs: list[str]
    published: date
    place: str  # dateline place (city label)
    standfirst: str | None = None
    topic: str = ""
    quoted: list[Person] = field(default_factory=list)
    family: str = ""
    wire: str = ""  # a sentence naming the weekday of the news, for wire copy whose dateline has no year


class Writer:
    """Builds one article (a :class:`Draft`) from the reference and a seeded generator."""

    def __init__(self, ref: Ref, seed: int, index: int):
        self.ref = ref
        self.seed = seed
        self.i = index
        self.rng = random.Random(f"{seed}|article|{index}")
        self.gaz = ref.gaz
        self.quoted: list[Person] = []
        self.introduced: set[str] = set()
        self.used: set[tuple[str, int]] = set()

    # ---------------------------------------------------------------- names
    def label(self, key: str) -> str:
        e = self.gaz.get(key)
        return e.label if e is not None else key.split("/")[-1].replace("-", " ").title()

    def abbr(self, key: str) -> str | None:
        e = self.gaz.get(key)
        if e is None:
            return None
        for a in e.aliases:
            if a.isupper() and 2 <= len(a) <= 7 and " " not in a:
                return a
        return None

    def body(self, key: str, first: bool = False) -> str:
        """The body's name as news writes it: the full name (sometimes with its abbreviation) first, later
        often the abbreviation."""
        name = self.label(key)
        ab = self.abbr(key)
        the = "" if name.startswith(("Baltic Sea States Subregional", "Euroregion", "Northern Dimension", "B7")) else "the "
        if first or key not in self.introduced:
            self.introduced.add(key)
            if ab and self.rng.random() < 0.45:
                return f"{the}{name} ({ab})"
            return the + name
        if ab and self.rng.random() < 0.6:
            return ab
        return the + name

    def country_name(self, key: str, allow_capital: bool = False) -> str:
        e = self.gaz.get(key)
        if e is None:
            return self.label(key)
        if allow_capital and e.capital and self.rng.random() < 0.12:
            return self.label(e.capital)
        return e.label

    def demonym(self, key: str) -> str | None:
        e = self.gaz.get(key)
        return e.demonyms[0] if e is not None and e.demonyms else None

    def holder(self, key: str, allow_capital: bool = True) -> str:
        kind = key.split("/")[0]
        if kind == "country":
            return self.country_name(key, allow_capital)
        return self.label(key)

    def city_of(self, country: str | None) -> str:
        pool = self.ref.cities_by_country.get(country or "", [])
        if not pool:
            pool = [c for cs in self.ref.cities_by_country.values() for c in cs]
        return self.rng.choice(pool).key

    def capital_of(self, country: str) -> str | None:
        e = self.gaz.get(country)
        return e.capital if e is not None else None

    # ---------------------------------------------------------------- dates
    def when(self, d: date, precision: str, pub: date, *, future: bool = False, allow_relative: bool = True) -> str:
        """A date phrase for ``d`` as seen from the publication date ``pub``."""
        r = self.rng.random()
        if precision == "year":
            if allow_relative and d.year == pub.year and r < 0.4:
                return "this year"
            if allow_relative and d.year == pub.year - 1 and r < 0.4:
                return "last year"
            if allow_relative and d.year == pub.year + 1 and r < 0.4:
                return "next year"
            return f"in {d.year}"
        if precision == "month":
            months = (pub.year - d.year) * 12 + pub.month - d.month
            if allow_relative and months == 1 and r < 0.5:
                return "last month"
            if allow_relative and months == -1 and r < 0.5:
                return "next month"
            if allow_relative and months == 0 and r < 0.3:
                return "this month"
            return f"in {MONTHS[d.month]} {d.year}" if d.year != pub.year or r < 0.5 else f"in {MONTHS[d.month]}"
        delta = (pub - d).days
        if allow_relative and 0 < delta <= 6 and r < 0.65:
            return f"on {WEEKDAYS[d.weekday()]}"
        if allow_relative and delta == 0 and r < 0.5:
            return f"on {WEEKDAYS[d.weekday()]}"
        if allow_relative and -6 <= delta < 0 and r < 0.5:
            return f"on {WEEKDAYS[d.weekday()]}" if r < 0.3 else f"next {WEEKDAYS[d.weekday()]}"
        return "on " + self.day(d, pub)

    def day(self, d: date, pub: date | None = None) -> str:
        style = self.rng.random()
        same_year = pub is not None and d.year == pub.year
        if same_year and style < 0.25:
            return f"{d.day} {MONTHS[d.month]}"
        if same_year and style < 0.35:
            return f"{MONTHS[d.month]} {d.day}"
        if style < 0.7:
            return f"{d.day} {MONTHS[d.month]} {d.year}"
        return f"{MONTHS[d.month]} {d.day}, {d.year}"

    def span(self, d: date, precision: str) -> str:
        if precision == "day":
            return self.day(d)
        if precision == "month":
            return f"{MONTHS[d.month]} {d.year}"
        return str(d.year)

    # ---------------------------------------------------------------- people
    @staticmethod
    def subject(intro: str) -> str:
        """``intro`` as the subject of a verb: an apposition gets its closing comma."""
        return intro + "," if ", " in intro else intro

    @staticmethod
    def cap(text: str) -> str:
        return text[0].upper() + text[1:]

    def official(self, kind: str, place: str | None, year: int, nationality: str | None = None,
                 appositive: bool = True) -> tuple[Person, str]:
        """An invented official and how news introduces them the first time ("Estonian Foreign Minister X");
        with ``appositive`` also "X, the Mayor of Y" forms."""
        p, intro = self._official(kind, place, year, nationality)
        while not appositive and ", " in intro:
            p, intro = self._official(kind, place, year, nationality)
        return p, intro

    def _official(self, kind: str, place: str | None, year: int, nationality: str | None = None) -> tuple[Person, str]:
        rng = self.rng
        if kind == "minister":
            post, titles = MINISTER_PORTFOLIOS[0] if rng.random() < 0.6 else rng.choice(MINISTER_PORTFOLIOS)
            p = invent_person(self.ref, self.seed, post, place, term_of(year, post, place))
            title = rng.choice(titles)
            dem = self.demonym(place)
            r = rng.random()
            if dem and r < 0.55:
                return p, f"{dem} {title} {p.name}"
            if r < 0.8:
                return p, f"{p.name}, {self.country_name(place)}'s {title.lower() if title[0] != 'M' else title}"
            return p, f"{title} {p.name} of {self.country_name(place)}"
        if kind == "mayor":
            post = "Mayor" if rng.random() < 0.7 else "Deputy Mayor"
            p = invent_person(self.ref, self.seed, post, place, term_of(year, post, place))
            city = self.label(place)
            r = rng.random()
            if r < 0.35:
                return p, f"{p.name}, the {post} of {city}"
            if r < 0.6:
                return p, f"{city} {post} {p.name}"
            if r < 0.85:
                return p, f"{post} of {city} {p.name}"
            return p, f"{post} {p.name} of {city}"
        if kind == "region":
            entry = self.gaz.get(place)
            post = "Marshal" if entry is not None and entry.country == "country/poland" else "Governor"
            p = invent_person(self.ref, self.seed, post, place, term_of(year, post, place))
            name = self.label(place)
            return p, (f"{p.name}, the {post} of {name}" if rng.random() < 0.5 else f"{post} of {name} {p.name}")
        if kind == "body":
            post, titles = rng.choice(BODY_POSTS)
            p = invent_person(self.ref, self.seed, post, place, term_of(year, post, place, 5), nationality)
            title = rng.choice(titles)
            bname = self.body(place)
            r = rng.random()
            if r < 0.4:
                return p, f"{p.name}, {title} of {bname}"
            if r < 0.7 and self.abbr(place):
                return p, f"{self.abbr(place)} {title} {p.name}"
            return p, f"{title} {p.name} of {bname}"
        if kind == "mp":
            post = "Member of Parliament"
            p = invent_person(self.ref, self.seed, post, place, term_of(year, post, place) * 10 + rng.randrange(6))
            dem = self.demonym(place) or self.country_name(place)
            return p, (f"{p.name}, a {dem} member of parliament" if rng.random() < 0.5 else f"{dem} MP {p.name}")
        raise ValueError(kind)

    def any_official(self, countries: list[str], year: int, bodies: list[str], appositive: bool = True) -> tuple[Person, str]:
        rng = self.rng
        r = rng.random()
        country = rng.choice(countries or BALTIC_STATES)
        if r < 0.35:
            return self.official("minister", country, year, appositive=appositive)
        if r < 0.65:
            return self.official("mayor", self.city_of(country), year, appositive=appositive)
        if r < 0.75 and self.ref.regions_by_country.get(country):
            return self.official("region", rng.choice(self.ref.regions_by_country[country]).key, year, appositive=appositive)
        if r < 0.9 and bodies:
            return self.official("body", rng.choice(bodies), year, appositive=appositive)
        return self.official("mp", country, year, appositive=appositive)

    def quote(self, person: Person, intro: str | None, pub: date) -> str:
        """A quotation (or an indirect statement) by an invented official."""
        assert normalise_name(person.name) not in self.ref.real_names
        rng = self.rng
        self.quoted.append(person)
        q = f"{rng.choice(QUOTE_A)}, {rng.choice(QUOTE_B)}"
        who = intro if intro else (person.surname if rng.random() < 0.7 else person.name)
        sub = self.subject(who)
        r = rng.random()
        if r < 0.3:
            return f"\u201c{q},\u201d {sub} said."
        if r < 0.45:
            return f"\u201c{q},\u201d {sub} told {rng.choice(AUDIENCES)}."
        if r < 0.55:
            return f"\u201c{q},\u201d said {who}."
        if r < 0.65:
            second = rng.choice(QUOTE_A)
            return f"\u201c{q},\u201d {sub} said. \u201c{second}.\u201d"
        if r < 0.75:
            return f"{self.cap(sub)} said: \u201c{q}.\u201d"
        if r < 0.88:
            return f"According to {sub} {rng.choice(INDIRECT)}." if sub.endswith(",") else f"According to {who}, {rng.choice(INDIRECT)}."
        pron = "she" if person.female else "he"
        return f"\u201c{q},\u201d {pron} said." if intro is None and self.quoted[:-1] and self.quoted[-2] == person \
            else f"\u201c{q},\u201d {sub} said in a statement."

    # ---------------------------------------------------------------- filler
    def filler_paragraph(self, countries: list[str], pub: date) -> str:
        rng = self.rng
        topics = [t for t in FILLER if any((t, j) not in self.used for j in range(len(FILLER[t])))] or list(FILLER)
        topic = rng.choice(topics)
        fresh = [j for j in range(len(FILLER[topic])) if (topic, j) not in self.used] or list(range(len(FILLER[topic])))
        picked = rng.sample(fresh, k=min(len(fresh), rng.randint(2, 4)))
        self.used.update((topic, j) for j in picked)
        sentences = [FILLER[topic][j] for j in picked]
        out = []
        for s in sentences:
            opener = rng.choice(OPENERS)
            if opener and not s.startswith(("Rail ", "Hanseatic ", "Interreg ", "I ")):
                s = s[0].lower() + s[1:]
            s = opener + s
            out.append(self.fill(s, countries, pub))
        return " ".join(out)

    def fill(self, s: str, countries: list[str], pub: date) -> str:
        rng = self.rng
        country = rng.choice(countries or BALTIC_STATES)
        country2 = rng.choice([c for c in BALTIC_STATES if c != country])
        regions = self.ref.regions_by_country.get(country) or [r for rs in self.ref.regions_by_country.values() for r in rs]
        values = {
            "sea": rng.choice(SEA_AREAS), "city": self.label(self.city_of(country)),
            "city2": self.label(self.city_of(country2)), "country": self.label(country),
            "country2": self.label(country2), "region": rng.choice(regions).label,
            "n": str(rng.randint(3, 14)), "n3": f"{rng.randint(120, 2400):,}", "pct": str(rng.randint(4, 38)),
            "month": MONTHS[rng.randint(1, 12)], "year": str(pub.year - rng.randint(1, 12)),
        }
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], s)

    # ---------------------------------------------------------------- families
    def presidency(self, role_word: str | None = None) -> str:
        return role_word or self.rng.choice(["presidency", "presidency", "chairmanship", "rotating presidency",
                                             "chairmanship"])

    def family_handover(self) -> Draft:
        rng, ref = self.rng, self.ref
        body = rng.choices(list(ref.chairs), weights=[len(v) for v in ref.chairs.values()])[0]
        facts = ref.chairs[body]
        idx = rng.randrange(len(facts))
        fact = facts[idx]
        prev = facts[idx - 1] if idx > 0 else None
        nxt = facts[idx + 1] if idx + 1 < len(facts) else None
        start, prec = parse_when(fact["start"])
        end = parse_when(fact.get("end"))
        who = fact["who"]
        who_kind = who.split("/")[0]
        planned = prec != "year" and rng.random() < 0.3
        if prec == "day":
            pub = start - timedelta(days=rng.randint(2, 50)) if planned else start + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 12]))
        elif prec == "month":
            pub = (start - timedelta(days=rng.randint(5, 40))) if planned else start + timedelta(days=rng.randint(3, 40))
        else:
            pub = start + timedelta(days=rng.randint(150, 340))
        X = self.holder(who)
        Z = self.holder(prev["who"], allow_capital=False) if prev else None
        Y = self.body(body, first=True)
        pres = self.presidency("presidency" if who_kind == "person" else None)
        when = self.when(start, prec, pub, future=planned)
        end_txt = self.span(*end) if end else None
        dem = self.demonym(who) if who_kind == "country" else None
        paras = []
        if who_kind == "person":
            pres = "President" if body == "org/ubc" else "Chair"
            if Z:
                s = rng.choice([f"{X} succeeded {Z} as {pres} of {Y} {when}.",
                                f"{X} took over as {pres} of {Y} from {Z} {when}.",
                                f"{Z} handed over to {X} {when}, and {X.split()[-1]} now leads {Y} as its {pres}."])
            else:
                s = f"{X} became {pres} of {Y} {when}."
        elif planned:
            options = [f"{X} will take over the {pres} of {Y}" + (f" from {Z}" if Z else "") + f" {when}.",
                       f"{X} is set to assume the {pres} of {Y} {when}" + (f", succeeding {Z}" if Z else "") + ".",
                       ]
            if Z:
                options.append(f"{Z} is due to hand the chair of {Y} to {X} {when}.")
            if dem:
                options.append(f"The {dem} {pres} of {Y} is to begin {when}" + (f" and will run until {end_txt}" if end_txt else "") + ".")
            s = rng.choice(options)
            if end_txt and "until" not in s:
                s += f" The term will run until {end_txt}."
        else:
            options = [f"{X} took over the {pres} of {Y}" + (f" from {Z}" if Z else "") + f" {when}.",
                       f"{X} assumed the {pres} of {Y} {when}" + (f", succeeding {Z}" if Z else "") + ".",
                       ]
            if Z:
                options += [f"{Z} handed the chair of {Y} to {X} {when}.",
                            f"{X} succeeds {Z} as chair of {Y}. Its term began {when}" + (f" and ends on {end_txt}" if end_txt and end[1] == 'day' else "") + "."]
            if dem:
                options.append(f"The {dem} {pres} of {Y} began {when}" + (f" and runs until {end_txt}" if end_txt else "") + ".")
            if prec == "day" and end_txt:
                options.append(f"{X} holds the {pres} of {Y} from {self.day(start)} to {end_txt}" + (f", taking over from {Z}" if Z else "") + ".")
            s = rng.choice(options)
        paras.append(s)
        year = pub.year
        host_country = who if who_kind == "country" else self.gaz.get(who).country if self.gaz.get(who) else None
        host_country = host_country if host_country in BALTIC_STATES else rng.choice(BALTIC_STATES)
        # the presidency's programme, presented by an invented minister
        if who_kind == "country" and host_country == who:
            p, intro = self.official("minister", who, year, appositive=False)
            capital = self.label(self.capital_of(who) or self.city_of(who))
            paras.append(rng.choice([
                f"{intro} presented the priorities of the {pres} in {capital}, naming civil protection, energy security and youth.",
                f"The programme of the {pres} was presented by {intro}, who said the country would focus on practical cooperation.",
                f"{intro} will lead the work of the {pres} and chair the council's meetings during the term.",
            ]))
            paras.append(self.quote(p, None, pub))
        if prev and rng.random() < 0.6:
            pstart, pprec = parse_when(prev["start"])
            paras.append(rng.choice([
                f"{Z}'s term began {('on ' + self.day(pstart)) if pprec == 'day' else 'in ' + self.span(pstart, pprec)}.",
                f"The outgoing {pres.replace('rotating ', '')}, {Z}, had held it since {self.span(pstart, pprec)}.",
            ]))
        if nxt and rng.random() < 0.5 and nxt["who"].startswith("country/"):
            nstart, nprec = parse_when(nxt["start"])
            if nstart > pub:
                paras.append(f"{self.holder(nxt['who'], False)} is next in the rotation and is due to take over {self.when(nstart, nprec, pub)}.")
        place = self.label(self.capital_of(host_country) or self.city_of(host_country))
        head = rng.choice([
            f"{self.holder(who, False)} takes over the {self.abbr(body) or self.label(body)} {pres.replace('rotating ', '')}",
            f"{self.holder(who, False)} to chair the {self.label(body)}" if planned else f"{self.holder(who, False)} at the helm of the {self.label(body)}",
            f"{Z} hands {self.abbr(body) or self.label(body)} chair to {self.holder(who, False)}" if Z else f"New {pres.replace('rotating ', '')} for the {self.label(body)}",
        ])
        return self.finish(Draft(head, paras, pub, place, family="handover"), body, [host_country])

    def family_status(self) -> Draft:
        rng, ref = self.rng, self.ref
        f = rng.choice(ref.changes)
        d, prec = parse_when(f["date"])
        body, who, event = f["body"], f["who"], f["event"]
        retro = rng.random() < 0.35
        pub = (d + timedelta(days=rng.randint(400, 3000))) if retro else (d + timedelta(days=rng.randint(0, 10) if prec == "day" else rng.randint(15, 60)))
        when = self.when(d, prec, pub, allow_relative=not retro)
        X = self.holder(who, allow_capital=True)
        Xs = self.holder(who, allow_capital=False)
        Y = self.body(body, first=True)
        role = f.get("role") or "member"
        obs = role == "observer"
        t = {
            "suspended": [f"{Y} suspended {X}" + (" as an observer" if obs else "") + f" {when}.",
                          f"{X} was suspended from {Y} {when}.",
                          f"{Xs}'s {'observer status' if obs else 'membership'} in {Y} was suspended {when}.",
                          f"The members of {Y} decided {when} to suspend {Xs}'s participation in the work of the council."],
            "withdrew": [f"{X} withdrew from {Y} {when}.",
                         f"{X} announced {when} that it was leaving {Y}.",
                         f"{X} left {Y} {when}, saying the organisation had turned against it."],
            "terminated": [f"{Y} terminated the membership of {Xs} {when}.",
                           f"The membership of {Xs} in {Y} was terminated {when}."],
            "excluded": [f"{Y} excluded the {self.demonym(who) or Xs} regions {when}.",
                         f"The {self.demonym(who) or Xs} regions were excluded from {Y} {when}."],
            "joined": [f"{X} joined {Y} {when}.", f"{X} became a member of {Y} {when}.",
                       f"{X} has been a member of {Y} since {d.year}."],
            "ended": [f"{Y} ended its cooperation with {Xs} {when}.",
                      f"Cooperation with {Xs} within {Y} came to an end {when}."],
        }.get(event, [f"{X} {event} {Y} {when}."])
        paras = [rng.choice(t)]
        members = [m for m in ref.members.get(body, []) if m.get("status") in ("active", None) and m["who"] != who]
        if members:
            paras.append(self.member_list(body, members))
        country = who if who.startswith("country/") else (self.gaz.get(who).country if self.gaz.get(who) else None)
        countries = [c for c in BALTIC_STATES if c != country]
        p, intro = self.any_official(countries, pub.year, [body])
        paras.append(self.quote(p, intro, pub))
        if rng.random() < 0.5:
            p2, intro2 = self.any_official(countries, pub.year, [body])
            paras.append(self.quote(p2, intro2, pub))
        verb = {"suspended": "suspends", "withdrew": "leaves", "terminated": "ends membership of", "excluded": "excludes",
                "joined": "joins", "ended": "ends cooperation with"}.get(event, event)
        subj = self.abbr(body) or self.label(body)
        head = (f"{Xs} {verb} {subj}" if event in ("withdrew", "joined") else f"{subj} {verb} {Xs}")
        if retro:
            head = rng.choice([f"Years after {Xs}'s exit, {subj} looks ahead", f"What became of {subj} after 2022",
                               f"{subj} regroups without {Xs}"]) if event != "joined" else f"{Xs} and {subj}: a long membership"
        place = self.label(self.city_of(rng.choice(countries)))
        return self.finish(Draft(head, paras, pub, place, family="status"), body, countries)

    def member_list(self, body: str, members: list[dict]) -> str:
        rng = self.rng
        full = [m for m in members if m.get("role", "member") == "member"]
        obs = [m for m in members if m.get("role") == "observer"]
        names = [self.holder(m["who"], allow_capital=False) for m in full]
        rng.shuffle(names) if rng.random() < 0.3 else names.sort()
        Y = self.body(body)
        r = rng.random()
        if r < 0.3:
            s = f"Its members are {join_list(names)}."
        elif r < 0.55:
            s = f"{Y[0].upper() + Y[1:]} brings together {join_list(names)}."
        elif r < 0.75:
            s = f"{Y[0].upper() + Y[1:]}'s members are now {join_list(names)}."
        else:
            s = f"{join_list(names)} are members of {Y}."
        if obs and rng.random() < 0.6:
            s += f" {join_list([self.holder(m['who'], False) for m in obs[:rng.randint(2, len(obs))]])} have observer status."
        return s

    def family_members(self) -> Draft:
        rng, ref = self.rng, self.ref
        body = rng.choice(list(ref.members))
        members = [m for m in ref.members[body] if m.get("status") in ("active", None)]
        pub = date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
        paras = []
        found = ref.foundings.get(body)
        if found:
            paras.append(self.founding_sentence(body, found, pub))
        paras.append(self.member_list(body, members))
        p, intro = self.official("body", body, pub.year)
        paras.append(f"{self.cap(self.subject(intro))} said that the organisation wanted to involve more cities and regions in its work.")
        paras.append(self.quote(p, None, pub))
        countries = [m["who"] for m in members if m["who"] in BALTIC_STATES] or BALTIC_STATES
        head = rng.choice([f"Who is who in the {self.label(body)}", f"{self.abbr(body) or self.label(body)} at a glance",
                           f"The {self.label(body)} and its members"])
        place = self.label(self.city_of(rng.choice(countries)))
        return self.finish(Draft(head, paras, pub, place, family="members"), body, countries)

    def founding_sentence(self, body: str, f: dict, pub: date) -> str:
        d, prec = parse_when(f["date"])
        where = f" in {self.label(f['place'])}" if f.get("place") else ""
        Y = self.body(body)
        Yc = Y[0].upper() + Y[1:]
        r = self.rng.random()
        years = pub.year - d.year
        if r < 0.35:
            return f"{Yc} was founded{where} {('on ' + self.day(d)) if prec == 'day' else 'in ' + self.span(d, prec)}."
        if r < 0.6 and prec == "day":
            return f"Founded{where} on {self.day(d)}, {Y} has grown into one of the main forums of the region."
        if r < 0.8:
            return f"{Yc} was set up{where} in {d.year}, {years} years ago."
        return f"{Yc} has existed since {d.year}."

    def family_founding(self) -> Draft:
        rng, ref = self.rng, self.ref
        body = rng.choice(list(ref.foundings))
        f = ref.foundings[body]
        d, prec = parse_when(f["date"])
        n = rng.choice([k for k in (10, 15, 20, 25, 30, 35) if d.year + k <= 2026] or [5])
        pub = date(d.year + n, d.month, min(d.day, 28)) + timedelta(days=rng.randint(0, 20))
        paras = [self.founding_sentence(body, f, pub)]
        paras.append(f"The anniversary was marked with a conference {self.when(pub - timedelta(days=rng.randint(0, 4)), 'day', pub)}"
                     f" in {self.label(f['place']) if f.get('place') else self.label(self.city_of(rng.choice(BALTIC_STATES)))}.")
        countries = rng.sample(BALTIC_STATES, 4)
        for _ in range(rng.randint(1, 3)):
            p, intro = self.any_official(countries, pub.year, [body])
            paras.append(self.quote(p, intro, pub))
        members = [m for m in ref.members.get(body, []) if m.get("status") in ("active", None)]
        if members:
            paras.append(self.member_list(body, members))
        head = f"{self.abbr(body) or self.label(body)} turns {n}"
        place = self.label(f["place"]) if f.get("place") else self.label(self.city_of(countries[0]))
        return self.finish(Draft(head, paras, pub, place, family="founding"), body, countries)

    def family_session(self) -> Draft:
        rng, ref = self.rng, self.ref
        body = rng.choice([b for b in ref.chairs if b != "org/bstf"] + ["org/cbss", "org/cbss", "org/helcom", "org/nordic-council"])
        chairs = [c for c in ref.chairs.get(body, ref.chairs["org/cbss"]) if c["who"].startswith("country/") and c["who"] in BALTIC_STATES]
        if not chairs:
            chairs = [c for c in ref.chairs["org/cbss"] if c["who"] in BALTIC_STATES]
            body = "org/cbss"
        chair = rng.choice(chairs)
        start, prec = parse_when(chair["start"])
        end = parse_when(chair.get("end"))
        last = end[0] if end and end[1] == "day" else start + timedelta(days=330)
        day = start + timedelta(days=rng.randint(30, max(31, (last - start).days - 5)))
        preview = rng.random() < 0.2
        pub = day - timedelta(days=rng.randint(2, 9)) if preview else day + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
        host = chair["who"]
        city_key = self.capital_of(host) if rng.random() < 0.6 else self.city_of(host)
        city = self.label(city_key)
        kind = {"org/ubc": "General Conference", "org/nordic-council": "session", "org/helcom": "ministerial meeting",
                "org/arctic-council": "ministerial meeting"}.get(body, "ministerial session")
        number = max(1, day.year - parse_when(ref.foundings[body]["date"])[0].year) if body in ref.foundings else None
        Y = self.body(body, first=True)
        when = self.when(day, "day", pub)
        ev = rng.choice([f"the annual {kind} of {Y}", f"the {ordinal(number)} {kind.title() if kind != 'session' else kind} of {Y}" if number else f"the {kind} of {Y}",
                         f"{Y}'s {kind}"])
        p_host, host_intro = self.official("minister", host, day.year)
        host_sub = self.cap(self.subject(host_intro))
        if preview:
            first = rng.choice([f"Ministers will gather in {city} {when} for {ev}, to be hosted by {host_intro}.",
                                f"{city} will host {ev} {when}. {host_sub} is to chair the meeting."])
        else:
            first = rng.choice([f"Foreign ministers of {Y} gathered in {city} {when} for {ev.replace(Y, 'the council') if ev.endswith(Y) else ev}, hosted by {host_intro}.",
                                f"{self.cap(ev)} took place in {city} {when}. {host_sub} chaired the meeting.",
                                f"{host_sub} opened {ev} in {city} {when}."])
        paras = [first]
        members = [m["who"] for m in ref.members.get(body, []) if m["who"] in BALTIC_STATES and m["who"] != host] or \
            [c for c in BALTIC_STATES if c != host]
        guests = rng.sample(members, k=min(len(members), rng.randint(2, 4)))
        intros = []
        quoted = []
        for g in guests:
            kind2 = rng.choice(["minister", "minister", "mayor", "mp"])
            p, intro = self.official(kind2, g if kind2 != "mayor" else self.city_of(g), day.year, appositive=False)
            intros.append(intro)
            quoted.append(p)
        verb = "will attend" if preview else rng.choice(["took part", "attended", "were among the participants"])
        if verb in ("took part", "attended"):
            paras.append(f"{join_list(intros)} {'also ' if rng.random() < 0.3 else ''}{verb}" + (" the meeting." if verb == "attended" else "."))
        else:
            paras.append(f"{join_list(intros)} {verb}" + (" the meeting." if preview else "."))
        paras.append(self.quote(p_host, None, pub))
        if quoted and rng.random() < 0.7:
            paras.append(self.quote(rng.choice(quoted), None, pub))
        if rng.random() < 0.5:
            paras.append(f"The ministers discussed {rng.choice(['civil protection', 'the safety of undersea cables', 'youth exchanges', 'nutrient pollution', 'energy security', 'organised crime', 'maritime spatial planning'])}"
                         f" and {rng.choice(['climate adaptation', 'cross-border health care', 'the protection of children', 'labour mobility', 'the ports of the region'])}.")
        head = rng.choice([f"{self.abbr(body) or self.label(body)} ministers meet in {city}",
                           f"{city} hosts {self.label(body)} {kind}",
                           f"Ministers to meet in {city}" if preview else f"{self.label(body)} gathers in {city}"])
        return self.finish(Draft(head, paras, pub, city, family="session"), body, [host] + guests)

    def family_post(self) -> Draft:
        rng, ref = self.rng, self.ref
        pub = date(rng.randint(2016, 2026), rng.randint(1, 12), rng.randint(1, 28))
        country = rng.choice(BALTIC_STATES)
        r = rng.random()
        paras = []
        body = rng.choice([b for b in ref.bodies if b in ref.members or b in ref.chairs])
        if r < 0.4:
            p, intro = self.official("body", body, pub.year)
            start = pub - timedelta(days=rng.randint(0, 6))
            paras.append(rng.choice([
                f"{p.name} has been appointed {p.post} of {self.body(body)}, the organisation said {self.when(start, 'day', pub)}.",
                f"{p.name} took office as {p.post} of {self.body(body)} {self.when(start, 'day', pub)}.",
                f"The new {p.post} of {self.body(body)}, {p.name}, started work {self.when(start, 'day', pub)}.",
            ]))
            paras.append(f"{p.surname} comes from {self.label(p.nationality)} and previously worked at the country's foreign ministry.")
            paras.append(self.quote(p, None, pub))
            head = f"New {p.post} for the {self.abbr(body) or self.label(body)}"
            place = self.label(self.city_of(p.nationality))
        else:
            city = self.city_of(country)
            p, intro = self.official("mayor", city, pub.year)
            paras.append(rng.choice([
                f"{self.cap(self.subject(intro))} wants the town to play a bigger part in {self.body(body)}.",
                f"{self.cap(self.subject(intro))} said the town would apply for projects funded by {self.body(body)}.",
                f"The town council re-elected {p.name} as {p.post} of {self.label(city)} {self.when(pub - timedelta(days=rng.randint(1, 5)), 'day', pub)}.",
            ]))
            paras.append(self.quote(p, None, pub))
            p2, intro2 = self.any_official([country], pub.year, [body])
            paras.append(self.quote(p2, intro2, pub))
            head = f"{self.label(city)} looks to its Baltic neighbours"
            place = self.label(city)
        if ref.posts and rng.random() < 0.15:
            real = rng.choice(ref.posts)  # a real person's post, stated, never quoted
            who = self.label(real["who"])
            of = self.label(real["post_in"]) if real.get("post_in") else None
            if of:
                paras.append(f"The meeting also recalled the work of {who}, {real['title']} of {of if not real['post_in'].startswith('org/') else self.body(real['post_in'])}.")
        return self.finish(Draft(head, paras, pub, place, family="post"), body, [country])

    FAMILIES = [("handover", 0.30), ("session", 0.25), ("status", 0.15), ("post", 0.12), ("members", 0.08),
                ("founding", 0.10)]

    def finish(self, draft: Draft, body: str, countries: list[str]) -> Draft:
        """Pad with filler to the target length and add a standfirst."""
        rng = self.rng
        target = int(rng.triangular(300, 1500, 520))
        words = sum(len(p.split()) for p in draft.paragraphs) + len(draft.headline.split())
        fillers = []
        while words < target:
            para = self.filler_paragraph(countries, draft.published)
            if words + len(para.split()) > 1500 and words >= 300:
                break
            fillers.append(para)
            words += len(para.split())
        # fillers go after the lead paragraph, spread among the fact paragraphs
        paras = draft.paragraphs[:1]
        rest = draft.paragraphs[1:]
        while rest or fillers:
            if rest and (not fillers or rng.random() < 0.55):
                paras.append(rest.pop(0))
            else:
                paras.append(fillers.pop(0))
        draft.paragraphs = paras
        draft.standfirst = rng.choice([
            "Regional cooperation around the Baltic Sea faces new tests",
            "Ministers and mayors look for practical results",
            "The region's councils and networks adapt to a changed security situation",
            "Energy, environment and security dominate the agenda",
        ])
        draft.quoted = self.quoted
        day = draft.published - timedelta(days=rng.choice([0, 0, 1]))
        draft.wire = rng.choice([
            f"Officials confirmed the news on {WEEKDAYS[day.weekday()]}.",
            f"The decision was announced on {WEEKDAYS[day.weekday()]}.",
            f"Details were published on {WEEKDAYS[day.weekday()]}.",
            f"The statement was released on {WEEKDAYS[day.weekday()]} afternoon.",
        ])
        return draft

    def draft(self) -> Draft:
        names, weights = zip(*self.FAMILIES)
        family = self.rng.choices(names, weights=weights)[0]
        return getattr(self, f"family_{family}")()


# --------------------------------------------------------------------------- rendering

FORMATS = [("txt", 0.40), ("md", 0.20), ("html", 0.20), ("jsonl", 0.20)]


def dateline(rng: random.Random, place: str, pub: date) -> str:
    agency = rng.choice(AGENCIES)
    P = place.upper()
    r = rng.random()
    if r < 0.45:
        return f"{P}, {MONTHS[pub.month]} {pub.day} ({agency}) - "
    if r < 0.75:
        return f"{P}, {MONTHS[pub.month]} {pub.day}. /{agency}/. "
    return f"{P}, {pub.day} {MONTHS[pub.month]} ({agency}) \u2013 "


def render_txt(rng: random.Random, d: Draft, art_id: str, publisher: str, url: str) -> str:
    if rng.random() < 0.12:  # front matter variant
        fm = {"title": d.headline, "published": d.published.isoformat(), "publisher": publisher, "url": url, "id": art_id}
        head = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fm.items()) + "---\n"
        return head + d.headline + "\n\n" + dateline(rng, d.place, d.published) + "\n\n".join(d.paragraphs) + "\n"
    out = []
    crumbs = rng.random() < 0.15
    if crumbs:
        out.append(rng.choice(["All news", "Latest news", "Top stories"]))
    out.append(d.headline)
    if crumbs and d.standfirst:
        out.append(d.standfirst)
    body = list(d.paragraphs)
    body[0] = dateline(rng, d.place, d.published) + body[0] + (" " + d.wire if "on " + WEEKDAYS[d.published.weekday()] not in body[0] else "")
    out.extend(body)
    return "\n\n".join(out) + "\n"


def _md_inline(rng: random.Random, text: str, quoted: list[Person]) -> str:
    for p in quoted:
        if p.name in text and rng.random() < 0.3:
            text = text.replace(p.name, f"**{p.name}**" if rng.random() < 0.5 else f"_{p.name}_", 1)
            break
    return text


def render_md(rng: random.Random, d: Draft, art_id: str, publisher: str, url: str) -> str:
    fm = {"title": d.headline, "published": d.published.isoformat(), "publisher": publisher, "url": url, "lang": "en"}
    if rng.random() < 0.5:
        fm["id"] = art_id
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fm.items()] + ["---", "", f"# {d.headline}", ""]
    for n, para in enumerate(d.paragraphs):
        para = _md_inline(rng, para, d.quoted)
        if n == 1 and rng.random() < 0.4:
            lines += [f"![Photo: {d.place}](https://example.org/img/{slug(d.place)}-{art_id[-6:]}.jpg)", ""]
        if n == 3 and rng.random() < 0.3:
            lines += ["<!-- editor: check the figures -->", ""]
        if n > 2 and rng.random() < 0.08:
            lines += [f"## {rng.choice(['Background', 'What comes next', 'The context', 'Reactions'])}", ""]
        # wrap long paragraphs at ~100 characters, as Markdown sources do
        words, line = para.split(), ""
        for w in words:
            if len(line) + len(w) > 98:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines += [line, ""]
    return "\n".join(lines)


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {site}</title>
  <meta property="og:site_name" content="{site}">
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{iso}T{hh:02d}:{mm:02d}:00+02:00">
  <link rel="canonical" href="{url}">
  <script>window.analytics = {{page: "{aid}"}}; window.dataLayer = [];</script>
  <style>.ad-slot {{ display: block; }} .share-tools {{ float: right; }}</style>
</head>
<body>
  <header class="masthead">
    <a href="https://example.org/{sslug}/">{site}</a>
    <nav>
      <a href="https://example.org/{sslug}/news/">News</a>
      <a href="https://example.org/{sslug}/region/">Region</a>
      <a href="https://example.org/{sslug}/business/">Business</a>
      <a href="https://example.org/{sslug}/sport/">Sport</a>
      <a href="https://example.org/{sslug}/opinion/">Opinion</a>
    </nav>
  </header>
  <div class="ad-slot">Advertisement</div>
  <main>
    <article>
      <header>
        <p class="kicker">{kicker}</p>
        <h1>{title}</h1>
        <p class="byline">By {byline} &middot; <time datetime="{iso}">{human}</time></p>
      </header>
{body}
      <p class="meta">Filed under: {tags}</p>
    </article>
    <aside class="related">
      <h2>Related</h2>
      <ul>
{related}
      </ul>
    </aside>
  </main>
  <footer>
    <p>&copy; {year} {site}. All rights reserved.</p>
    <nav><a href="https://example.org/{sslug}/about/">About us</a> <a href="https://example.org/{sslug}/privacy/">Privacy</a></nav>
  </footer>
  <script src="https://example.org/static/app.js"></script>
</body>
</html>
"""


def render_html(rng: random.Random, d: Draft, art_id: str, publisher: str, url: str) -> str:
    body = []
    for n, para in enumerate(d.paragraphs):
        t = htmllib.escape(para, quote=False).replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;")
        if n == 0 and rng.random() < 0.2:
            t = htmllib.escape(dateline(rng, d.place, d.published), quote=False) + t
        body.append(f"      <p>{t}</p>")
        if n == 1 and rng.random() < 0.5:
            body.append(f'      <figure>\n        <img src="https://example.org/img/{art_id}.jpg" alt="">\n'
                        f"        <figcaption>{htmllib.escape(d.place)}: delegates before the meeting.</figcaption>\n      </figure>")
        if n == 2 and rng.random() < 0.5:
            body.append('      <div class="share-tools"><p>Share this story</p></div>')
    related = "\n".join(
        f'        <li><a href="https://example.org/{slug(publisher)}/{d.published.year}/story-{rng.randint(1000, 9999)}">'
        f"{htmllib.escape(t)}</a></li>"
        for t in rng.sample(["Ferry traffic hits record", "Port strike ends after two days", "New bridge opens to traffic",
                             "Storm closes island airports", "Herring quota talks stall", "Festival season opens on the coast",
                             "Council budget approved", "Wind farm auction delayed"], 3))
    return HTML_PAGE.format(
        title=htmllib.escape(d.headline), site=htmllib.escape(publisher), url=url, iso=d.published.isoformat(),
        hh=rng.randint(6, 22), mm=rng.randint(0, 59), aid=art_id, sslug=slug(publisher),
        kicker=rng.choice(["Diplomacy", "Region", "Politics", "Environment", "Cities"]),
        byline=f"{htmllib.escape(publisher)} staff", human=f"{d.published.day} {MONTHS[d.published.month]} {d.published.year}",
        body="\n".join(body), tags=", ".join(["Baltic Sea", "cooperation", d.family]), related=related,
        year=d.published.year)


def render_jsonl_record(rng: random.Random, d: Draft, art_id: str, publisher: str, url: str) -> dict:
    text = "\n\n".join(d.paragraphs)
    if rng.random() < 0.15:
        text = dateline(rng, d.place, d.published) + text
    rec = {"id": art_id, "title": d.headline, "published": d.published.isoformat(), "publisher": publisher,
           "url": url, "text": text}
    if rng.random() < 0.5:
        rec["lang"] = "en"
    return rec


# --------------------------------------------------------------------------- main


def generate(n: int, out: Path, seed: int, progress: bool = True) -> dict:
    ref = load_reference()
    out.mkdir(parents=True, exist_ok=True)
    stats = Counter()
    words: list[int] = []
    per_format = Counter()
    families = Counter()
    persons_quoted: set[str] = set()
    files = 0
    bytes_written = 0
    t0 = time.perf_counter()
    for folder_start in range(0, n, PER_FOLDER):
        folder = out / f"{folder_start // PER_FOLDER:04d}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        jsonl: list[dict] = []
        for i in range(folder_start, min(n, folder_start + PER_FOLDER)):
            w = Writer(ref, seed, i)
            d = w.draft()
            frng = random.Random(f"{seed}|format|{i}")
            fmt = frng.choices([f for f, _ in FORMATS], weights=[p for _, p in FORMATS])[0]
            publisher = frng.choice(PUBLISHERS)
            stem = f"{i:06d}_{slug(d.headline)[:40]}"
            art_id = f"syn-{stem}"
            url = f"https://example.org/{slug(publisher)}/{d.published.isoformat().replace('-', '/')}/{stem}"
            words.append(sum(len(p.split()) for p in d.paragraphs) + len(d.headline.split()))
            per_format[fmt] += 1
            families[d.family] += 1
            persons_quoted.update(p.name for p in d.quoted)
            if fmt == "jsonl":
                jsonl.append(render_jsonl_record(frng, d, art_id, publisher, url))
                continue
            text = {"txt": render_txt, "md": render_md, "html": render_html}[fmt](frng, d, art_id, publisher, url)
            path = folder / f"{stem}.{fmt}"
            path.write_text(text, encoding="utf-8")
            files += 1
            bytes_written += len(text.encode("utf-8"))
        for b in range(0, len(jsonl), JSONL_BATCH):
            path = folder / f"batch-{b // JSONL_BATCH:03d}.jsonl"
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl[b:b + JSONL_BATCH])
            path.write_text(text, encoding="utf-8")
            files += 1
            bytes_written += len(text.encode("utf-8"))
        if progress:
            done = min(n, folder_start + PER_FOLDER)
            el = time.perf_counter() - t0
            print(f"  {done:>7,} articles  {el:7.1f} s  ({done / el:,.0f} articles/s)", flush=True)
    elapsed = time.perf_counter() - t0
    manifest = {
        "articles": n, "seed": seed, "files": files, "folders": -(-n // PER_FOLDER), "bytes": bytes_written,
        "formats": dict(per_format), "families": dict(families),
        "words": {"total": sum(words), "mean": round(statistics.mean(words), 1), "median": statistics.median(words),
                  "min": min(words), "max": max(words)},
        "invented_people_quoted": len(persons_quoted), "seconds": round(elapsed, 2),
        "generator": "benchmarks/make_corpus.py", "note": "synthetic articles built on data/reference; fiction",
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    print_header(f"make_corpus: {args.n:,} articles into {args.out_dir} (seed {args.seed})")
    m = generate(args.n, args.out_dir, args.seed)
    print()
    print(f"Wrote {m['articles']:,} articles in {m['files']:,} files, {m['folders']} folders, "
          f"{m['bytes'] / 1e6:,.1f} MB, in {m['seconds']:.1f} s ({m['articles'] / m['seconds']:,.0f} articles/s)")
    print(f"  formats:  " + ", ".join(f"{k} {v:,}" for k, v in sorted(m["formats"].items())) +
          f"  (.jsonl in batches of {JSONL_BATCH})")
    print(f"  families: " + ", ".join(f"{k} {v:,}" for k, v in sorted(m["families"].items())))
    w = m["words"]
    print(f"  words:    {w['total']:,} in all; per article mean {w['mean']:,}, median {w['median']:,}, "
          f"min {w['min']:,}, max {w['max']:,}")
    print(f"  invented officials quoted: {m['invented_people_quoted']:,}")
    print(f"  manifest: {args.out_dir / 'MANIFEST.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
