"""Tests for kg.extract.temporal: finding and resolving date expressions."""
from __future__ import annotations

import time
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from kg.extract.temporal import TimeExpr, find_dates, infer_year, parse_duration, resolve_weekday
from kg.model import DateValue

# Anchors used below, with their weekdays.
FRI = date(2021, 10, 29)  # a Friday
MON = date(2021, 11, 1)  # a Monday
WED = date(2022, 3, 2)  # a Wednesday


def _one(text: str, anchor: date | None) -> TimeExpr:
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


def _values(text: str, anchor: date | None) -> list[tuple[str, str | None, str | None]]:
    return [
        (e.text, e.value.value if e.value else None, e.end_value.value if e.end_value else None)
        for e in find_dates(text, anchor)
    ]


# ---------------------------------------------------------------------------
# Absolute dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The office opened on 6 March 1992 in Copenhagen.", "6 March 1992", "1992-03-06"),
        ("The office opened on March 6, 1992 in Copenhagen.", "March 6, 1992", "1992-03-06"),
        ("The office opened on the 6th of March 1992.", "6th of March 1992", "1992-03-06"),
        ("Records dated 6.3.1992 were found.", "6.3.1992", "1992-03-06"),
        ("Records dated 1992-03-06 were found.", "1992-03-06", "1992-03-06"),
        ("The rules changed on Sept. 3, 2019, after a vote.", "Sept. 3, 2019", "2019-09-03"),
        ("The treaty was signed in June 2002.", "June 2002", "2002-06"),
        ("Talks began in March 1992 in Copenhagen.", "March 1992", "1992-03"),
        ("The body met in May 2022 for the last time.", "May 2022", "2022-05"),
        ("Iceland joined in 1995.", "1995", "1995"),
        ("The secretariat has been in Stockholm since 1998.", "1998", "1998"),
        ("The cities want climate neutrality by 2030.", "2030", "2030"),
        ("The plan for 2024 was approved.", "2024", "2024"),
        ("The budget of 2023 was small.", "2023", "2023"),
        ("It was the busiest year 2019 had seen.", "2019", "2019"),
        ("The port grew quickly in mid-2022.", "2022", "2022"),
    ],
)
def test_temporal_absolute_dates(text: str, surface: str, value: str) -> None:
    expr = _one(text, None)
    assert expr.text == surface
    assert expr.value == DateValue(value)
    assert expr.end_value is None
    assert expr.relative is False
    assert text[expr.start:expr.end] == surface


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("It happened on 1 July 2023.", "day"),
        ("It happened in July 2023.", "month"),
        ("It happened in 2023.", "year"),
    ],
)
def test_temporal_precision_is_kept(text: str, precision: str) -> None:
    expr = _one(text, FRI)
    assert expr.value is not None and expr.value.precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "The club Vilnius II won the cup.",
        "Some 2,000 delegates came.",
        "The 2020 Olympics were postponed.",
        "Membership rose to 2000 members.",
        "Attendance was 1995 people at most.",
        "Theresa May spoke to reporters.",
        "Ministers may meet in May.",
        "The figure was 12000 in total.",
        "In the 1990s the network grew.",
    ],
)
def test_temporal_no_false_years(text: str) -> None:
    assert find_dates(text, FRI) == []


def test_temporal_may_needs_a_day_or_a_year() -> None:
    assert _values("The vote on 5 May and the one in May 2020 differ.", None)[-1] == ("May 2020", "2020-05", None)
    assert [e.text for e in find_dates("The vote on 5 May was close.", FRI)] == ["5 May"]


def test_temporal_preposition_is_outside_the_span() -> None:
    text = "Russia has held the post since 2021."
    expr = _one(text, None)
    assert text[: expr.start].endswith("since ")


# ---------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "end_value"),
    [
        ("Sweden chaired from 1 July 2016 to 30 June 2017.", "from 1 July 2016 to 30 June 2017", "2016-07-01", "2017-06-30"),
        (
            "Finland will chair from July 1, 2024, to June 30, 2025, the ministry said.",
            "from July 1, 2024, to June 30, 2025",
            "2024-07-01",
            "2025-06-30",
        ),
        ("Norway chaired the council in 2011-12.", "2011-12", "2011", "2012"),
        ("Latvia held the seat in 1999-2000.", "1999-2000", "1999", "2000"),
        ("The work plan for 2023-2024 is ready.", "2023-2024", "2023", "2024"),
        ("The 2023/24 programme is ready.", "2023/24", "2023", "2024"),
        ("The 1999-00 season was short.", "1999-00", "1999", "2000"),
        ("The summit ran 5–6 March 1992.", "5–6 March 1992", "1992-03-05", "1992-03-06"),
        ("The summit ran March 5-6, 1992.", "March 5-6, 1992", "1992-03-05", "1992-03-06"),
        ("The forum sat 28 February - 1 March 2019 in Riga.", "28 February - 1 March 2019", "2019-02-28", "2019-03-01"),
        ("The board met between 2019 and 2021.", "between 2019 and 2021", "2019", "2021"),
        ("The board met between 1 and 3 June 2020.", "between 1 and 3 June 2020", "2020-06-01", "2020-06-03"),
        ("Estonia chaired from July 2018 to June 2019.", "from July 2018 to June 2019", "2018-07", "2019-06"),
        ("The fund ran from 2014 to 2020.", "from 2014 to 2020", "2014", "2020"),
        ("Poland chaired from 1 July to 30 June 2021.", "from 1 July to 30 June 2021", "2020-07-01", "2021-06-30"),
        ("Poland chaired from 1 July 2020 to 30 June.", "from 1 July 2020 to 30 June", "2020-07-01", "2021-06-30"),
    ],
)
def test_temporal_ranges(text: str, surface: str, value: str, end_value: str) -> None:
    expr = _one(text, None)
    assert (expr.text, expr.value, expr.end_value) == (surface, DateValue(value), DateValue(end_value))
    assert expr.relative is False


def test_temporal_range_without_years_uses_anchor() -> None:
    expr = _one("The festival took place on 1-2 June.", FRI)
    assert (expr.value, expr.end_value, expr.relative) == (DateValue("2021-06-01"), DateValue("2021-06-02"), True)


def test_temporal_range_end_this_year() -> None:
    expr = _one("Denmark, whose term ran from 1 July 2019 to 30 June this year, handed over.", date(2020, 7, 1))
    assert (expr.value, expr.end_value, expr.relative) == (DateValue("2019-07-01"), DateValue("2020-06-30"), True)


def test_temporal_range_with_relative_end_keeps_absolute_part_without_anchor() -> None:
    assert _values("Its term ran from 1 July 2019 to 30 June this year.", None) == [("1 July 2019", "2019-07-01", None)]


# ---------------------------------------------------------------------------
# Day and month without a year: the tense rule
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # past: the latest such day on or before the anchor
        ("The ministers met on 19 May.", FRI, "2021-05-19"),
        ("The ministers met on 19 November.", FRI, "2020-11-19"),
        ("The ministers met on 29 October.", FRI, "2021-10-29"),
        ("Lithuania held the chair until 30 June.", FRI, "2021-06-30"),
        ("Germany has chaired the body since 1 July.", FRI, "2021-07-01"),
        # future: the earliest on or after the anchor
        ("The ministers will meet on 19 May.", FRI, "2022-05-19"),
        ("The ministers will meet on 19 November.", FRI, "2021-11-19"),
        ("The session is scheduled for 3 March.", FRI, "2022-03-03"),
        ("The exhibition runs until 30 June.", FRI, "2022-06-30"),
        ("The term will last until 30 June.", FRI, "2022-06-30"),
        ("From 1 September, the office will be based in Riga.", FRI, "2022-09-01"),
        ("Officials said the group would meet on 2 February.", FRI, "2022-02-02"),
        # no cue: the anchor's year if the day has come, else the nearer occurrence
        ("The session on 19 May", FRI, "2021-05-19"),
        ("The session on 19 December", FRI, "2021-12-19"),
        ("The session on 20 December", date(2022, 1, 5), "2021-12-20"),
        ("The session on 5 January", date(2021, 12, 20), "2021-01-05"),
    ],
)
def test_temporal_day_month_tense_rule(text: str, anchor: date, value: str) -> None:
    expr = _one(text, anchor)
    assert expr.value == DateValue(value)
    assert expr.relative is True


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Poland took over on 30 June this year.", "2021-06-30"),
        ("Poland took over on 1 July last year.", "2020-07-01"),
        ("Poland will take over from 1 July next year.", "2022-07-01"),
        ("Poland will take over in July next year.", "2022-07"),
        ("Poland took over in July this year.", "2021-07"),
        ("The talks of 4 March of last year failed.", "2020-03-04"),
    ],
)
def test_temporal_this_last_next_year_after_date(text: str, value: str) -> None:
    expr = _one(text, FRI)
    assert (expr.value, expr.relative) == (DateValue(value), True)


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("The report was due at the end of June.", FRI, "2021-06"),
        ("The forum will take place at the end of June.", FRI, "2022-06"),
        ("Work began in early July.", date(2021, 3, 5), "2020-07"),
        ("Work starts in early July.", date(2021, 3, 5), "2021-07"),
        ("Prices rose last July.", FRI, "2021-07"),
        ("Prices will rise next June.", FRI, "2022-06"),
    ],
)
def test_temporal_month_without_year(text: str, anchor: date, value: str) -> None:
    expr = _one(text, anchor)
    assert expr.value == DateValue(value)
    assert expr.value.precision == "month"


# ---------------------------------------------------------------------------
# Weekdays
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("The minister spoke on Friday.", FRI, "2021-10-29"),  # the anchor day itself
        ("The minister spoke on Wednesday.", FRI, "2021-10-27"),
        ("The minister spoke on Saturday.", FRI, "2021-10-23"),
        ("On Wednesday, Lithuania took over the chair.", FRI, "2021-10-27"),
        ("Wednesday's announcement surprised many.", FRI, "2021-10-27"),
        ("The ministers will meet on Friday.", FRI, "2021-11-05"),
        ("The ministers will meet on Wednesday.", FRI, "2021-11-03"),
        ("Last Tuesday the board met.", MON, "2021-10-26"),
        ("The board met last Tuesday.", FRI, "2021-10-19"),
        ("The board met last Monday.", MON, "2021-10-25"),
        ("Lithuania held the chair until Wednesday.", FRI, "2021-10-27"),
        ("Lithuania held the chair until Wednesday.", WED, "2022-03-02"),
        ("The exhibition runs until Wednesday.", FRI, "2021-11-03"),
        ("The board meets next Tuesday.", FRI, "2021-11-02"),
        ("The board meets this Sunday.", FRI, "2021-10-31"),
        ("The board reported on Friday, 29 October 2021.", MON, "2021-10-29"),
    ],
)
def test_temporal_weekdays(text: str, anchor: date, value: str) -> None:
    expr = _one(text, anchor)
    assert expr.value == DateValue(value)


@pytest.mark.parametrize(
    ("name", "anchor", "kwargs", "expected"),
    [
        ("Friday", FRI, {}, date(2021, 10, 29)),
        ("friday", FRI, {"future": True}, date(2021, 11, 5)),
        ("Thu", FRI, {}, date(2021, 10, 28)),
        ("Tuesday", MON, {"last": True}, date(2021, 10, 26)),
        ("Monday", MON, {"last": True}, date(2021, 10, 25)),
        ("Sunday", MON, {}, date(2021, 10, 31)),
        ("Monday", MON, {"future": True}, date(2021, 11, 8)),
    ],
)
def test_temporal_resolve_weekday(name: str, anchor: date, kwargs: dict[str, bool], expected: date) -> None:
    assert resolve_weekday(name, anchor, **kwargs) == expected


def test_temporal_resolve_weekday_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        resolve_weekday("Funday", FRI)
    with pytest.raises(ValueError):
        resolve_weekday("Friday", FRI, future=True, last=True)


# ---------------------------------------------------------------------------
# Relative to the anchor
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The plan was adopted today.", "2021-10-29"),
        ("The plan was adopted yesterday.", "2021-10-28"),
        ("The plan will be adopted tomorrow.", "2021-10-30"),
        ("The plan was adopted last year.", "2020"),
        ("The plan was adopted this year.", "2021"),
        ("The plan will be adopted next year.", "2022"),
        ("Last year's session was held online.", "2020"),
        ("The plan was adopted last month.", "2021-09"),
        ("The plan is adopted this month.", "2021-10"),
        ("The plan will be adopted next month.", "2021-11"),
        ("The office opened 24 years ago.", "1997"),
        ("The office opened two years ago.", "2019"),
        ("The office opened a decade ago.", "2011"),
        ("The office opened six months ago.", "2021-04"),
        ("The office opened 3 days ago.", "2021-10-26"),
        ("The plan was adopted this spring.", "2021"),
        ("The plan will be adopted next spring.", "2022"),
        ("The plan was adopted earlier this year.", "2021"),
        ("The plan was adopted late last year.", "2020"),
        ("The plan will be adopted at the end of the year.", "2021"),
        ("The plan will be adopted early next year.", "2022"),
    ],
)
def test_temporal_relative_to_anchor(text: str, value: str) -> None:
    expr = _one(text, FRI)
    assert (expr.value, expr.relative) == (DateValue(value), True)


def test_temporal_relative_span_keeps_its_words() -> None:
    assert [e.text for e in find_dates("It closed late last year, 24 years ago.", FRI)] == [
        "late last year",
        "24 years ago",
    ]


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Norway will chair for a year.", relativedelta(years=1)),
        ("Norway will chair for the next twelve months.", relativedelta(months=12)),
        ("Norway was elected for a one-year term.", relativedelta(years=1)),
        ("The network has worked for 30 years.", relativedelta(years=30)),
    ],
)
def test_temporal_durations(text: str, length: relativedelta) -> None:
    expr = _one(text, FRI)
    assert expr.value is None and expr.end_value is None and expr.relative is False
    assert parse_duration(expr.text) == length


def test_temporal_parse_duration_without_duration() -> None:
    assert parse_duration("next Friday") is None


# ---------------------------------------------------------------------------
# No anchor
# ---------------------------------------------------------------------------


def test_temporal_no_anchor_keeps_only_absolute_dates() -> None:
    text = (
        "On Friday the minister recalled that the union was founded in 1991, "
        "met on 19 May and last year, and will meet in July next year; "
        "Finland chairs from 1 July 2024 to 30 June 2025."
    )
    assert _values(text, None) == [
        ("1991", "1991", None),
        ("from 1 July 2024 to 30 June 2025", "2024-07-01", "2025-06-30"),
    ]
    assert all(not e.relative for e in find_dates(text, None))


def test_temporal_order_and_no_overlap() -> None:
    text = (
        "Denmark chaired from 1 July 2019 to 30 June 2020; Lithuania took over on Wednesday "
        "and will chair until 30 June 2021, the ministry said in 2020."
    )
    found = find_dates(text, date(2020, 7, 2))
    assert [e.start for e in found] == sorted(e.start for e in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert [e.text for e in found] == ["from 1 July 2019 to 30 June 2020", "Wednesday", "30 June 2021", "2020"]


def test_temporal_is_fast_on_hostile_input() -> None:
    hostile = ["1 " * 5000, "January " * 5000, "2020-" * 5000, "- " * 10000, "2020 " * 5000, "was " * 5000]
    began = time.perf_counter()
    for text in hostile:
        find_dates(text, FRI)
    assert time.perf_counter() - began < 5


# ---------------------------------------------------------------------------
# infer_year
# ---------------------------------------------------------------------------


def test_temporal_infer_year_weekday_bounded_by_future_range() -> None:
    # 14 November was a Sunday in 2021 and a Monday in 2022; 13 November a Sunday in 2022.
    text = (
        "The mayors of the Baltic cities gathered on Sunday in Turku for their annual meeting. "
        "The organisers said that from 1 January 2023 to 31 December 2023 the network will be "
        "chaired by Gdynia."
    )
    # Sunday = 14 Nov (2021, 2027, ...) or 13 Nov (2016, 2022, ...); future 2023 bounds it: 2021.
    assert infer_year(11, 14, text) == 2021


def test_temporal_infer_year_this_year_after_printed_start() -> None:
    # 1 July was a Wednesday in 2009, 2015 and 2020; the term's end "this year" is after 2019.
    text = (
        "Lithuania on Wednesday assumed the rotating chair of the Council of the Baltic Sea States, "
        "taking over from Denmark, whose presidency lasted from 1 July 2019 to 30 June this year."
    )
    assert infer_year(7, 1, text) == 2020


def test_temporal_infer_year_until_weekday_after_printed_start() -> None:
    # 2 July: a Thursday in 2020; 1 July: a Thursday in 2021. "from 1 July 2020 until
    # Wednesday" cannot end on 1 July 2020, and the future end bounds it from above.
    text = (
        "Norway took over the rotating presidency on Thursday, beginning a term that will last "
        "until 30 June 2022. Lithuania had held the presidency from 1 July 2020 until Wednesday."
    )
    assert infer_year(7, 2, text) == 2021


def test_temporal_infer_year_years_ago() -> None:
    text = (
        "The board approved the budget on Wednesday. The Euroregion was set up in Malbork "
        "on 22 February 1998, 24 years ago."
    )
    assert infer_year(3, 3, text) == 2022


def test_temporal_infer_year_years_ago_before_date() -> None:
    text = "The union was founded thirty years ago, in September 1991, in Gdansk."
    assert infer_year(10, 29, text) == 2021


@pytest.mark.parametrize(
    "text",
    [
        "The ministers met and talked about the sea.",
        "The ministers met on Friday.",  # a weekday but no printed year to bound it
        "The council was founded in 1992 and met in 2019.",  # past years only, no weekday
    ],
)
def test_temporal_infer_year_unknown(text: str) -> None:
    assert infer_year(10, 29, text) is None


def test_temporal_infer_year_invalid_dateline() -> None:
    assert infer_year(2, 30, "Founded in 1992.") is None
    assert infer_year(13, 1, "Founded in 1992.") is None


def test_temporal_infer_year_future_bound_without_weekday() -> None:
    # Only "until 30 June 2022" (future) and "since 2020" (past): the latest year that fits.
    text = "Lithuania, which has chaired the body since 2020, will hold the post until 30 June 2022."
    assert infer_year(7, 2, text) == 2021


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 26 May was a Thursday in 2022: the weekday and the dated event agree, and a far target year in a
        # sentence without a tense ("by 2035") does not pull the year away from the event.
        (
            "Norway left the Forum of Coastal Towns on May 17, 2022. The decision was announced on Thursday. "
            "Offshore wind farms could deliver 10 gigawatts by 2035.",
            2022,
        ),
        # 25 May 2022, the day before the dateline, was a Wednesday: a weekday that fits the day before the
        # dateline counts, and the background year 1944 is no candidate.
        (
            "The harbour board approved the plan on 3 March 2022. The mayor confirmed it on Wednesday. "
            "Families fled across the sea in 1944.",
            2022,
        ),
    ],
)
def test_temporal_infer_year_near_the_dated_event(text: str, expected: int) -> None:
    assert infer_year(5, 26, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # only background years: the weekday fits many years, none of them dated by an event
        "The network was set up in 1991. Ministers met on Tuesday. Farmers have used the land since 2000.",
        # the only dated event is years before any publication year the weekday allows nearby
        "The town joined the union on 1 May 2004. Officials confirmed it on Friday.",
    ],
)
def test_temporal_infer_year_unknown_without_a_near_event(text: str) -> None:
    # the 2004 event is within a year only of 26 May 2004, a Wednesday: Friday fits neither it nor the day before
    assert infer_year(5, 26, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harbour Council turns 30\n\nThe Harbour Council was founded in Gdynia in 1993. It met on Monday.", 2023),
        ("The association, established in 1975, celebrated its 50th anniversary on Saturday.", 2025),
    ],
)
def test_temporal_infer_year_anniversary(text: str, expected: int) -> None:
    assert infer_year(6, 12, text) == expected


def test_temporal_infer_year_anniversary_needs_one_founding_year() -> None:
    text = "The council turns 30. It was founded in 1993 and its secretariat was set up in 1998."
    assert infer_year(6, 12, text) is None


def test_infer_year_a_term_that_ran_to_a_relative_end_reaches_past_its_start_year():
    text = ("VILNIUS, January 3 (Wire) - Lithuania on Friday took over the chair of the council from Poland, "
            "whose term ran from 1 January 2024 to 31 December last year.")
    assert infer_year(1, 3, text) == 2025


def test_infer_year_a_date_followed_by_a_plain_to_is_no_open_range():
    text = ("TALLINN, March 1 (Wire) - The ministers met on Friday. "
            "Russia handed its notice on 17 May 2022 to the council's secretariat.")
    assert infer_year(3, 1, text) != 2024


def test_day_range_joined_by_and():
    [d] = find_dates("The ministers meet on 12 and 13 October 2022 in Riga.", date(2024, 7, 5))
    assert (d.value.value, d.end_value.value) == ("2022-10-12", "2022-10-13")
