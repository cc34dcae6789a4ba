"""Date strings to ISO 8601, and the visible and URL date sources.

We parse dates ourselves rather than calling htmldate on every page: the page's own metadata
already names the published date on most pages, and what is left is turning its many spellings
("2016-12-09T09:13:00-0500", "Fri, 09 Dec 2016 09:13 EST", "9. Dezember 2016", "2019年4月21日")
into one ISO form. htmldate is not used, not even as a fallback: measured on the pages
without a declared date, it invents dates on shop and service pages (see ``__init__``).
The result keeps the time zone when the page gives one and never invents one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import chain, islice

import lxml.html
from lxml import etree

from .._xpath import carrying_below, elements, lines_after, text_of
from ..rules import date_labels, name_rules
from ..tags import PAGE_WIDE, boxes_around
from ..textutil import LETTER, normalized_length
from .gather import DATED, Walked, has_text, walk
from .normalize import clean_text
from .zones import has_offset, zone_named

MIN_YEAR = 1990

# Abbreviations that are unambiguous enough in news pages. IST is India's, the common case.
TZ_ABBR: dict[str, float] = {
    "utc": 0, "gmt": 0, "z": 0, "ut": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2,
    "mest": 2, "eet": 2, "eest": 3, "msk": 3, "ist": 5.5, "pkt": 5, "ict": 7, "wib": 7,
    "hkt": 8, "sgt": 8, "awst": 8, "pht": 8, "jst": 9, "kst": 9, "acst": 9.5, "aest": 10,
    "aedt": 11, "nzst": 12, "nzdt": 13, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "ast": -4, "adt": -3,
    "nst": -3.5, "ndt": -2.5, "brt": -3, "art": -3,
}

# US zones named without the season ("2:30 p.m. ET"): the tz database picks EST or EDT for
# the date. Upper case only: "et" and "pt" are words in French and Portuguese.
TZ_SEASONLESS: dict[str, str] = {"ET": "America/New_York", "CT": "America/Chicago",
                                 "MT": "America/Denver", "PT": "America/Los_Angeles"}

# Month names and abbreviations in the languages we most often meet; prefixes are matched.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("jan", "janv", "ene", "gen", "jän", "ιαν", "янв", "sty", "oca", "led", "tammi", "січ",
        "يناير"),
    2: ("feb", "fév", "fev", "fév", "febr", "φεβ", "фев", "lut", "şub", "sub", "úno", "helmi", "лют",
        "فبراير", "شباط"),
    3: ("mar", "mär", "maer", "már", "maa", "mrt", "μαρ", "мар", "marz", "mart", "bře", "maalis", "берез",
        "مارس", "آذار"),
    4: ("apr", "ápr", "avr", "abr", "απρ", "апр", "kwi", "nis", "dub", "huhti", "квіт", "أبريل",
        "ابريل", "نيسان"),
    5: ("may", "mai", "mag", "mei", "mayo", "maj", "máj", "μαΐ", "μαι", "мая", "май", "kvě", "touko",
        "трав", "مايو", "أيار"),
    6: ("jun", "jún", "juin", "giu", "juni", "ιουν", "июн", "cze", "haz", "čer", "kesä", "черв",
        "يونيو", "حزيران"),
    7: ("jul", "júl", "juil", "lug", "juli", "ιουλ", "июл", "lip", "tem", "čvc", "heinä", "лип",
        "يوليو", "تموز"),
    8: ("aug", "août", "aou", "ago", "agos", "αυγ", "авг", "sie", "ağu", "agu", "srp", "elo", "серп",
        "أغسطس", "اغسطس"),
    9: ("sep", "sept", "szep", "set", "sett", "σεπ", "сен", "wrz", "eyl", "zář", "syys", "верес",
        "سبتمبر", "أيلول"),
    10: ("oct", "okt", "out", "ott", "οκτ", "окт", "paź", "paz", "eki", "říj", "loka", "жовт",
         "أكتوبر", "اكتوبر"),
    11: ("nov", "νοε", "ноя", "lis", "kas", "marr", "lisä", "marras", "листоп", "نوفمبر"),
    12: ("dec", "déc", "dez", "dic", "dici", "des", "δεκ", "дек", "gru", "ara", "pro", "joulu", "груд",
         "ديسمبر"),
}
# Ambiguous prefixes resolved by the longer spelling ("mar" is March, "marr" November).
_MONTH_LOOKUP: list[tuple[str, int]] = sorted(
    ((name, num) for num, names in _MONTHS.items() for name in names),
    key=lambda pair: -len(pair[0]))

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?",
    re.IGNORECASE)
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)"
                      r"(?:T?(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?(?P<tz>Z)?$")
_YMD = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[/.年년-]\s*(?P<m>\d{1,2})\s*[/.月월-]\s*(?P<d>\d{1,2})")
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)\d{2})")
# "12.03.18": German and Central European pages print the year in two digits. Dots only (a
# slash is as often month first), day and month padded, and no letter or dot before and no
# digit after: "v1.10.12" and "192.168.10.12" are no dates. Alone, the form is also a
# section's number ("14.11.13" in a book's contents), so it counts only after a word
# ("Stand:", "am", "Mo.,") or before a clock time ("12.03.18 14:35"; ``_CLOCK_AFTER``)
_DMY_SHORT = r"(?<![\w.])(?P<d>[0-3]\d)\.(?P<m>[01]\d)\.(?P<y>\d\d)(?!\d|\.\d)"
_DMY_YY = re.compile(_DMY_SHORT)
_CLOCK_AFTER = re.compile(r"[\s,|/–—-]*(?:um\s+|at\s+|à\s+)?[0-2]?\d:[0-5]\d(?!\d)")
# "11/19/19 06:56 AM EST": American sites print the year in two digits after a slashed month
# and day, and then a 12-hour clock. Only with that clock: without it a slashed date is as
# often day first ("03/12/18"), and "1/2/3" is a fraction or a path. And, as "12.03.18",
# only after a word ("Posted", "Updated") or in a date box or a ``<time>`` (``marked``):
# a teaser's bare stamp ("11/12/19 4:40PM" under a headline of the sidebar) is not read. The
# month comes first unless it cannot ("19/11/19 6:56am").
_MDY_YY = re.compile(r"(?<![\w./])(?P<m>[0-3]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d\d)(?![\d/])")
_AMPM_AFTER = re.compile(r"[\s,|–—-]*(?:at\s+)?[01]?\d:[0-5]\d\s*[ap]\.?m\b", re.IGNORECASE)
# "15 Dec 2008", "12th of March 2008", and "15-Dec-2008" as older sites and logs print it
_TEXT_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|\.)?(?:\s*|-)(?:(?:de|of)\s+)?"
                       r"(?P<mon>[^\W\d_]{3,12})\.?,?(?:\s*|-)(?:de\s+)?(?P<y>(?:19|20)\d{2})",
                       re.IGNORECASE)
# "2019. március 5." (Hungarian, year first) and "ngày 5 tháng 3 năm 2019" (Vietnamese).
_TEXT_YMD = re.compile(r"(?P<y>(?:19|20)\d{2})\.?\s+(?P<mon>[^\W\d_]{3,12})\.?\s+(?P<d>\d{1,2})(?!\d)")
_VI_DMY = re.compile(r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:,|năm)\s*(?P<y>(?:19|20)\d{2})",
                     re.IGNORECASE)
# "March 12, 2019", and "December 19. 2025" with a full stop for the comma
_TEXT_MDY = re.compile(r"(?P<mon>[^\W\d_]{3,12})\.?(?:\s+|-)(?P<d>\d{1,2})(?:st|nd|rd|th)?[,.]?"
                       r"(?:\s+|-)(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
# "4:13 PM EST", "14h30", "14.30", and the CJK "14時30分" / "14시 30분", with "午後"/"下午"/"오후"
# (afternoon) before the hour.
_TIME = re.compile(r"(?:(?P<pre>午前|午後|上午|下午|오전|오후)\s*)?(?<![\d:])(?P<H>\d{1,2})"
                   r"\s*(?:[:h.]|[時时시]\s*)(?P<M>\d{2}|\d(?=\s*[分분]))(?:\s*[分분])?"
                   r"(?::(?P<S>\d{2}))?\s*"
                   r"(?P<ampm>[ap]\.?m\.?)?(?:\s*\(?(?P<tz>(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}|[+-]\d{2}:?\d{2})\)?)?",
                   re.IGNORECASE)
_PM_PREFIX = frozenset({"午後", "下午", "오후"})
# Arabic-Indic, Persian and fullwidth digits, read as ASCII ones.
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0xFF10 + i): str(i) for i in range(10)}})
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# Every form above holds a four-digit year (or is a ten-digit epoch) or is "12.03.18" or
# "11/19/19": text without one is no date, and one search says so where the patterns below
# cost ten.
_YEAR_DIGITS = re.compile(r"\d{4}")
_DATE_DIGITS = re.compile(r"\d(?:\d{3}|\.[01]\d\.\d\d|/[0-3]?\d/\d\d)")  # as fast as \d{4}
_URL_MONTH_SLUG = re.compile(r"/((?:19|20)\d{2})/([01]\d)/(\d{2})([01]\d)([0-3]\d)(?:[-_/.]|$)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/_-]?([01]\d)[/_-]?([0-3]\d)(?:/|[_-]|\.html?|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])(?:/|[_-]|$)")
# "/2016/12/6/": a day and month unpadded, as folders only (in a slug, "2024-4-4" is a
# calendar version); and "story-2019-03-12.html", a padded date inside a slug, one separator
_URL_FOLDER_DAY = re.compile(r"/((?:19|20)\d{2})/(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(?:/|$)")
_URL_SLUG_DATE = re.compile(r"(?<=[-_,.+~/])((?:19|20)\d{2})([-_.])([01]\d)\2([0-3]\d)(?!\d)")
# "/2010/mar/23/": the month as a word between year and day folders (the short forms above
# that are plain ASCII, or an English month written out), as some newspapers' CMSs write it
_URL_MONTH_WORDS: dict[str, int] = {
    **{name: num for num, names in _MONTHS.items() for name in names if name.isascii()},
    **{name: num for num, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)}}
_URL_WORD_DAY = re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(3[01]|[12]\d|0?[1-9])(?:/|$)",
                           re.IGNORECASE)


def _tz(text: str | None) -> tzinfo | None:
    if not text:
        return None
    raw = text.strip()
    if raw in TZ_SEASONLESS:
        return zone_named(TZ_SEASONLESS[raw])
    low = raw.lower()
    if low in TZ_ABBR:
        return timezone(timedelta(hours=TZ_ABBR[low]))
    match = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?", low)
    if match:
        hours, minutes = int(match[2]), int(match[3] or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if match[1] == "-" else delta)
    if low in ("utc", "gmt"):
        return timezone.utc
    return None


def _month(name: str) -> int | None:
    low = name.lower().rstrip(".")
    for prefix, num in _MONTH_LOOKUP:
        if low.startswith(prefix):
            return num
    return None


def _build(y: int, m: int, d: int, hour: int | None = None, minute: int = 0, second: int = 0,
           tz: tzinfo | None = None) -> str | None:
    try:
        if hour is None:
            value = datetime(y, m, d)
            return value.date().isoformat() if _plausible(value) else None
        value = datetime(y, m, d, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    return value.isoformat() if _plausible(value) else None


def _plausible(value: datetime) -> bool:
    now = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=2)
    return value.year >= MIN_YEAR and value.replace(tzinfo=None) <= now


def _with_time(rest: str) -> tuple[int | None, int, int, tzinfo | None]:
    match = _TIME.search(rest)
    if not match:
        return None, 0, 0, None
    hour, minute = int(match["H"]), int(match["M"])
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if match["pre"]:
        ampm = "pm" if match["pre"] in _PM_PREFIX else "am"
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None, 0, 0, None
    return hour, minute, int(match["S"] or 0), _tz(match["tz"])


def parse_date(value: str | None, *, marked: bool = False) -> str | None:
    """ISO 8601 for one date string, or ``None`` when it is not a plausible date.

    Numeric day/month order: ISO and year-first forms are read as such; ``dd.mm.yyyy`` and
    ``dd/mm/yyyy`` as day first, except when the first number cannot be a day (US order).
    ``dd.mm.yy`` needs a word before it or a clock time after it, unless ``marked``: the text
    is a ``<time>``'s or a date box's, which says it is a date. ``mm/dd/yy`` needs a 12-hour
    clock after it as well (``_MDY_YY``).
    """
    if value is None or ("&" not in value and not _DATE_DIGITS.search(value)):
        # clean_text only squashes space, strips tags (each to a space) and composes
        # accents: it cannot join digits into a year; only an entity can spell one
        return None
    text = clean_text(value)
    if not text or len(text) > 200:
        return None
    if not text.isascii():  # the digits mapped are all non-ASCII; translate maps per character
        text = text.translate(_DIGITS)
    if not _DATE_DIGITS.search(text):
        return None
    if _EPOCH.match(text):
        seconds = int(text[:10])
        stamp = datetime.fromtimestamp(seconds, timezone.utc)
        return stamp.isoformat() if _plausible(stamp) else None
    match = _ISO.search(text) or _COMPACT.match(text)
    if match:
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        if match["H"] is None:
            return _build(y, m, d)
        return _build(y, m, d, int(match["H"]), int(match["M"]), int(match["S"] or 0),
                      _tz(match["tz"]))
    for pattern in (_TEXT_MDY, _TEXT_DMY, _TEXT_YMD):
        match = pattern.search(text)
        if match:
            month = _month(match["mon"])
            if month:
                hour, minute, second, tz = _with_time(text[match.end():] + " " +
                                                      text[:match.start()])
                return _build(int(match["y"]), month, int(match["d"]), hour, minute, second, tz)
    match = _YMD.search(text) or _VI_DMY.search(text)
    if match:
        hour, minute, second, tz = _with_time(text[match.end():])
        return _build(int(match["y"]), int(match["m"]), int(match["d"]), hour, minute, second, tz)
    match = _DMY.search(text)
    if match:
        d, m = int(match["d"]), int(match["m"])
        if m > 12 >= d:
            d, m = m, d
        hour, minute, second, tz = _with_time(text[match.end():])
        return _build(int(match["y"]), m, d, hour, minute, second, tz)
    match = _DMY_YY.search(text)
    if match:
        rest = text[match.end():]
        clock = _CLOCK_AFTER.match(rest) is not None
        if not (clock or marked or LETTER.search(text, 0, match.start())):
            return None
        hour, minute, second, tz = _with_time(rest) if clock else (None, 0, 0, None)
        return _build(_century(int(match["y"])), int(match["m"]), int(match["d"]), hour, minute,
                      second, tz)
    match = _MDY_YY.search(text)
    if match and _AMPM_AFTER.match(text, match.end()) \
            and (marked or LETTER.search(text, 0, match.start())):
        m, d = int(match["m"]), int(match["d"])
        if m > 12 >= d:
            d, m = m, d
        hour, minute, second, tz = _with_time(text[match.end():])
        return _build(_century(int(match["y"])), m, d, hour, minute, second, tz)
    return None


def _century(year: int) -> int:
    """A two-digit year in this century unless that is still to come ("97" is 1997)."""
    this = datetime.now(timezone.utc).year
    return 2000 + year if 2000 + year <= this else 1900 + year


MAX_TIME_STAMPS = 20


# Icons, bullets and separators a template puts before a label ("• Posted", "| 公開日"):
# possessive (no backtracking into the lead) and case-sensitive (IGNORECASE would let a
# letter whose other case is not a word character count as one), as a separate match was
_LEAD = r"(?-i:[\W_]*+)"


def after_lead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (a label of ``rules/dates.json``) behind the lead, in one pattern whose
    ``match`` finds the label at the start of a text after any icon or bullet: the label
    readers test every element's text (a hundred thousand calls on a few hundred pages), and
    one match call costs half of two. Compiled once per module: a cache keyed by the pattern
    would hash the whole compiled trie on every call. The match starts at 0; its ``end()``
    is the label's."""
    return re.compile(_LEAD + "(?:" + pattern.pattern + ")", pattern.flags)


def only_date(text: str) -> bool:
    """Whether ``text`` is a date and nothing else: numbers and month names (read by their
    opening, as :func:`parse_date` reads them) between date and clock separators
    ("23.03.2010", "23 mars 2010", "23.03.2010 14:22"), no word of a sentence ("Am
    23.03.2010"). Whether it is a date at all is :func:`parse_date`'s to say."""
    parts = [part for part in _DATE_PARTS.split(text) if part]
    return bool(parts) and any(part.isdigit() for part in parts) and all(
        part.isdigit() or (part.isalpha() and _month(part) is not None) for part in parts)


_DATE_PARTS = re.compile(r"[\s,.:/\-–—]+")


def time_value(el: lxml.html.HtmlElement, *, marked: bool = False) -> str | None:
    """The moment a ``<time>`` stands for: its ``datetime``, told on the clock its own text
    shows when the two are one moment on two days.

    Templates write the machine stamp in UTC, often without its zone
    (``datetime="2019-11-20T00:53:52"``), and show readers the local time ("Nov 19, 2019,
    7:53pm EST"). The day a reader, the URL and an annotator give the story is the shown one.
    When the shown text holds a clock time on another day, and its difference from the stamp
    read as UTC is a time zone's (whole quarter hours, at most 14 hours; the very zone the text
    names, if it names one), the stamp's moment is told in that zone: the instant never
    changes, so a truth kept in UTC still matches. A stamp that names a zone other than UTC,
    a stamp without a clock time, and a text without one are read as they are. ``marked``:
    as :func:`parse_date`'s."""
    stamp = parse_date(el.get("datetime"), marked=marked)
    if stamp is None or len(stamp) < _CLOCKED or (has_offset(stamp)
                                                   and not stamp.endswith("+00:00")):
        return stamp
    shown = parse_date(text_of(el))
    if shown is None or len(shown) < _CLOCKED or shown[:10] == stamp[:10]:
        return stamp
    try:
        moment = datetime.fromisoformat(stamp[:19]).replace(tzinfo=timezone.utc)
        wall = datetime.fromisoformat(shown)
    except ValueError:
        return stamp
    # a text without seconds shows the stamp's minute
    base = moment.replace(second=0, microsecond=0) if wall.second == 0 else moment
    offset = (wall.replace(tzinfo=None) - base.replace(tzinfo=None)).total_seconds()
    minutes = int(offset // 60)
    if offset % (15 * 60) or not 0 < abs(minutes) <= 14 * 60:
        return stamp  # the text's minute is not the stamp's: two moments, not two clocks
    if wall.tzinfo is not None and wall.utcoffset() != timedelta(minutes=minutes):
        return stamp
    return moment.astimezone(timezone(timedelta(minutes=minutes))).isoformat()


_CLOCKED = len("2019-11-20T00:53")  # an ISO string with a clock time


def time_stamps(tree: lxml.html.HtmlElement) -> Iterator[str | None]:
    """The ``<time datetime>`` values of the page as ISO strings, for their offset (the
    site's clock); a teaser's time counts as well as the story's, as both are the same
    site's. A C-level walk by tag (``//time[@datetime]``), made only as far as the caller
    iterates."""
    stamped = (el for el in tree.getroottree().getroot().iter("time")
               if el.get("datetime") is not None)
    for el in islice(stamped, MAX_TIME_STAMPS):
        yield parse_date(el.get("datetime"))


def date_from_url(url: str | None) -> str | None:
    """A day from ``/2016/12/09/``-style paths (``/2016/12/9/``, ``/2016/dec/09/`` and a
    slug's ``-2016-12-09.html`` too); months alone are not enough."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    match = _URL_DATE.search(path) or _URL_FOLDER_DAY.search(path)
    if match:
        return _build(int(match[1]), int(match[2]), int(match[3]))
    match = _URL_SLUG_DATE.search(path)
    if match:
        return _build(int(match[1]), int(match[3]), int(match[4]))
    match = _URL_WORD_DAY.search(path)
    month = _URL_MONTH_WORDS.get(match[2].lower()) if match else None
    if match and month:
        return _build(int(match[1]), month, int(match[3]))
    # "/2015/08/150803-story": the day only in a slug that repeats the year and month
    match = _URL_MONTH_SLUG.search(path)
    if match and match[3] == match[1][2:] and match[4] == match[2]:
        return _build(int(match[1]), int(match[2]), int(match[5]))
    return None


def month_from_url(url: str | None) -> str | None:
    """"2019-03" from ``/201903/`` or ``/2019/03/`` paths: not a day, but it confirms one."""
    match = _URL_MONTH.search(url.split("?", 1)[0]) if url else None
    return f"{match[1]}-{match[2]}" if match else None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Two days of one month: "23-26 March 2026", "23.–26. März", "March 23-26, 2026"; the word
# must be a month ("5-6 min read" is no period)
_DAY_SPAN = re.compile(r"(?<!\d)\d{1,2}\.?\s*[-–—]\s*\d{1,2}\.?\s+(?P<after>[^\W\d_]{3,})"
                       r"|(?P<before>[^\W\d_]{3,})\.?\s+\d{1,2}\s*[-–—]\s*\d{1,2}(?![\d./-])")


def _twice(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches ``text`` at two places that do not overlap."""
    first = pattern.search(text)
    return first is not None and pattern.search(text, first.end()) is not None


def is_range(text: str) -> bool:
    """Whether a date line names a period, not the day a story went out: two years
    ("1/27/2026 - 3/24/2026", "12.01.26 – 10.04.26", an offer's days) or two days of a
    month ("23-26 March 2026", an event's). "Published 2019, updated 2024" lines are read
    before this test."""
    return _twice(_YEAR, text) or _twice(_DMY_YY, text) or any(
        _month(span["after"] or span["before"]) for span in _DAY_SPAN.finditer(text))


# --- visible dates ---------------------------------------------------------------------------

_NOISE_CONTAINER = name_rules().date_noise
_UPDATED = date_labels().updated
OTHER_OPENS = after_lead(date_labels().other)  # a label of another date: label readers
_LABEL_CHARS = 40
_PUBLISHED_HINT = name_rules().date_published
_ENTRY_BOX = name_rules().entry_box.search
_H1 = etree.XPath("//h1")
# Where a date shown as text sits; what its class must say is ``gather._class_kind``'s test
# (the ``date_box`` words: date, datum, fecha, publish ...), made on the few elements whose
# class may hold one of the words: a search of the class values in C in the compiled build,
# in ASCII lower case as the test reads them. An XPath predicate that translated every
# element's class cost more than parsing the page, and a Python loop over every element of
# these tags (most of a page) a tenth of the metadata's time.
_DATE_TAGS = frozenset({"span", "div", "p", "li", "small", "abbr"})
_DATE_WORDS = name_rules().words["date_box"]
MAX_DATE_CHARS = 80
FAR_BEFORE = 400
_SKIP_TAGS = frozenset({"aside", "nav", "footer", "a", "li"})
_ARTICLE_PARTS = frozenset({"footer", "a"})


def _in_noise(el: lxml.html.HtmlElement, depth: int = 8,
              story: Container[lxml.html.HtmlElement] = (),
              holders: Container[lxml.html.HtmlElement] = ()) -> bool:
    """Whether a date sits in a teaser, list, comment or page footer.

    ``holders``: boxes that hold the story's own foot (the headline's nearest containers). A
    walk that reaches one with no teaser, list or comment on its way has found the story's
    foot, and a footer on that way is the story's own, as inside an ``<article>``.

    A footer or link inside an ``<article>`` is the article's own ("Posted by X on <time>"
    in its footer, a permalink around the date in its header): such a hit is forgiven when
    an ``<article>`` encloses it, and the walk goes on above the article. An entry of the
    hAtom or h-entry microformat (``rules/names.json``, ``entry_box``) is an ``<article>``
    here: older blog templates (Blogger's "Posted by X at <abbr class="published">" in the
    post's footer) wrote no ``<article>``.

    The classes of ``<body>`` and of ``story`` (the headline's ancestors) are not read:
    they describe the page or the story ("has-comments", "mega-menu" on the body), and what
    holds the headline is no teaser.
    """
    node = el.getparent() if el.tag == "time" else el
    soft = False  # a footer or link hit, forgiven by an enclosing <article>
    for _ in range(depth):
        if node is None or node.tag == "body":
            return soft
        if node in holders:
            return False
        tag = node.tag
        if tag == "article" or (soft and _entry_box(node.get("class"))):
            soft = False
        elif tag in _SKIP_TAGS and tag != "li":
            if tag not in _ARTICLE_PARTS:
                return True
            soft = True
        if node not in story:
            said = _container_says(f"{node.get('class', '')} {node.get('id', '')}")
            if said == _LOUD:
                return True
            if said == _SOFT:
                soft = True
        node = node.getparent()
    return soft


_QUIET, _SOFT, _LOUD = "quiet", "soft", "loud"


@lru_cache(maxsize=1024)
def _entry_box(cls: str | None) -> bool:
    """Whether a class names a microformat entry (``hentry``, ``h-entry``)."""
    return cls is not None and _ENTRY_BOX(cls) is not None


@lru_cache(maxsize=4096)
def _container_says(attrs: str) -> str:
    """What a container's class and id say of a date inside it: ``_LOUD`` a teaser, list,
    comment or widget, ``_SOFT`` a footer (forgiven inside an ``<article>``), ``_QUIET``
    nothing or a publication hint. Once per distinct string: the dates of one list share
    their containers, whose class strings (utility classes by the hundred) cost the
    case-insensitive searches up to twenty microseconds each."""
    if attrs.strip() and not _PUBLISHED_HINT.search(attrs):
        hit = _NOISE_CONTAINER.search(attrs)
        if hit:
            return _SOFT if hit.group(0).lower() == "footer" else _LOUD
    return _QUIET


_FIRST_H1 = object()
_UPDATE_RANK = 4  # an "Updated <date>" line: after every other shown date


def _far_before(tree: lxml.html.HtmlElement, headline: object,
                limit: int = FAR_BEFORE) -> set[lxml.html.HtmlElement]:
    """Elements more than ``limit`` elements before the headline in document order (a date
    in the site header, not the story's). The walk stops at the headline; when the headline
    is outside ``tree`` nothing counts as far."""
    seen: list[lxml.html.HtmlElement] = []
    for el in tree.iter():
        if el is headline:
            return set(seen[: max(len(seen) - limit, 0)])
        seen.append(el)
    return set()


def visible_date(tree: lxml.html.HtmlElement, marked_only: bool = False, *,
                 headline: object = _FIRST_H1,
                 updates: list[tuple[str, str]] | None = None,
                 walked: Walked | None = None,
                 ) -> tuple[str | None, str | None]:
    """(iso, raw) of the first publication date shown near the top of the story.

    ``headline``: the page's first ``<h1>`` (or ``None``) when the caller has found it.
    ``updates``: when given, a date shown as an update ("Updated <time>") is put there for
    the caller's last resort instead of being returned when no other date is shown.
    ``walked``: the page's ``gather.walk``, which keeps the date boxes between calls.

    ``<time>`` elements come first (those marked ``pubdate`` or ``itemprop=datePublished``
    win; ``marked_only`` returns only those), then short elements whose class says
    date/publish. Anything inside a teaser, list,
    comment, footer or "updated" box is skipped: a related story's date is not ours.
    """
    if headline is _FIRST_H1:  # not given: the page's first <h1>
        h1s = elements(_H1, tree)
        headline = h1s[0] if h1s else None
    far: set[lxml.html.HtmlElement] | None = None  # built when a <time> needs it
    best: tuple[int, str, str] | None = None
    story = frozenset(headline.iterancestors()) \
        if isinstance(headline, lxml.html.HtmlElement) else frozenset()
    for el in _times(tree):
        stamp = el.get("datetime")
        raw = stamp or text_of(el)
        iso = time_value(el, marked=True) if stamp else parse_date(raw, marked=True)
        if not iso or _in_noise(el, story=story):
            continue
        prop = f"{el.get('itemprop', '')} {el.get('class', '')}".lower()
        # marked as the post's own: published, or (a question's, an answer's) created
        rank = 0 if (el.get("pubdate") is not None or "published" in prop
                     or "datecreated" in prop) else 2
        if "modif" in prop or "updat" in prop:
            continue
        if _updated_time(el):
            rank = _UPDATE_RANK  # the last resort: a story is at least as old as its update
        elif headline is not None:
            if far is None:
                far = _far_before(tree, headline)
            if el in far:
                rank += 1
        if best is None or rank < best[0]:
            best = (rank, iso, clean_text(raw) or raw)
        if rank == 0:
            break
    if best is not None and (best[0] == 0 or (best[0] < _UPDATE_RANK and not marked_only)):
        return best[1], best[2]
    if marked_only:
        return None, None
    for el in _date_boxes(tree, walked or walk(tree)):
        attrs = f"{el.get('class', '')}".lower()
        if "updat" in attrs or "modif" in attrs or _in_noise(el, story=story):
            continue
        raw = clean_text(text_of(el))
        if _other_date(el, raw):
            continue
        part = _published_part(raw)
        iso = parse_date(part, marked=True)
        if not iso and part is not None and el.get("title"):
            # "3 days ago" shown, the date in its title (an <abbr>'s or a timeago span's)
            raw = el.get("title")
            iso = parse_date(_published_part(raw), marked=True)
        if iso and teaser_date(el):
            continue
        if iso:
            return iso, raw
        if best is None and part is None and raw and (iso := parse_date(raw, marked=True)):
            best = (_UPDATE_RANK, iso, raw)
    if best is None:
        return None, None
    if updates is None:
        return best[1], best[2]
    updates.append((best[1], best[2]))
    return None, None


TEASER_CHARS = 200  # a teaser's entry: another story's title, its date and a few words more
TEASER_WORDS = 3  # a title's words at the least; "News" or "Jane Smith" names a section, a person


def teaser_date(box: lxml.html.HtmlElement) -> bool:
    """Whether a date (``box``: the element its text sits in) is another story's, shown in a
    list of them: the short box around it opens with a link whose text is a title's words
    ("<li><a href=...>Spring cleanup starts Saturday</a> March 28, 2010</li>"), as lists of
    recent posts, a section's latest and the most read show each entry's day, in an older
    page's left column as often as under a short story. The story's own date line opens with
    a label or a name ("By <a>Jane Smith</a>, March 3", "Posted in <a>News</a> on ..."), is
    the link itself (a permalink), or sits in a box named for it (``date_published``: byline,
    meta, posted). A link of three capitalised words may be a writer's name, and counts as
    none."""
    for node in (box, box.getparent()):
        if node is None or node.tag in PAGE_WIDE:
            return False
        text = text_of(node)
        if normalized_length(text) > TEASER_CHARS or _PUBLISHED_HINT.search(
                f"{node.get('class', '')} {node.get('id', '')}"):
            return False
        link = next(node.iter("a"), None)
        if link is None or link is box or not link.get("href") \
                or any(up is link for up in box.iterancestors("a")):
            continue
        title = " ".join(text_of(link).split())
        words = title.split()
        if len(words) >= TEASER_WORDS and not any(ch.isdigit() for ch in title) \
                and " ".join(text.split()).startswith(title) \
                and not (len(words) == TEASER_WORDS and all(w[:1].isupper() for w in words)):
            return True
    return False


def _other_date(el: lxml.html.HtmlElement, raw: str | None) -> bool:
    """Whether a date box, or the label just before it, names another date than the
    story's ("Release Date: <div class=date>", "Joined ...")."""
    if raw and OTHER_OPENS.match(raw):
        return True
    before = el.getprevious()
    label = (text_of(before) if before is not None else None) or ""
    return len(label) <= _LABEL_CHARS and OTHER_OPENS.match(label.strip()) is not None


def _updated_time(el: lxml.html.HtmlElement) -> bool:
    """Whether the text just before a ``<time>`` says update ("Updated <time>")."""
    parent = el.getparent()
    before = el.getprevious()
    text = (before.tail if before is not None else parent.text if parent is not None
            else None) or ""
    return bool(text) and _UPDATED.search(text[-30:]) is not None


def _published_part(raw: str | None) -> str | None:
    """A date box's text up to an update word ("Published 5 May, updated 6 May"); nothing
    when the box opens with the word ("Updated on ...") or the word trails its own date
    ("2019年12月17日更新"): the box's date is then an update."""
    said = _UPDATED.search(raw) if raw else None
    if said is None or raw is None:
        return raw
    if said.start() == 0 or not parse_date(raw[said.end():]):
        return None
    return raw[:said.start()]


in_noise = _in_noise
_MENUS = frozenset({"nav"})
_OTHER_STORIES = name_rules().other_stories.search


def in_other_box(el: lxml.html.HtmlElement,
                 story: Container[lxml.html.HtmlElement] = ()) -> bool:
    """Whether an element sits in the site's menu, a sidebar or a box of other stories (a
    ``<nav>``, an ``<aside>``, a box ``date_noise`` names as a teaser, list or widget) that
    holds no part of the story (``story``: the headline's ancestors): ``rules/names.json``'s
    ``other_stories``, narrower than :func:`in_noise`'s words. Above a headline a permalink,
    a widget's post info or an update stamp is the story's own date line, and the page's
    footer is far below."""
    for node in boxes_around(el):
        if node in story:
            return False
        if node.tag in _MENUS or _other_stories(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


@lru_cache(maxsize=4096)
def _other_stories(attrs: str) -> bool:
    return _OTHER_STORIES(attrs) is not None


def _times(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """``.//time[@datetime or normalize-space()]``, from a C-level walk by tag."""
    for el in tree.iterdescendants("time"):
        if el.get("datetime") is not None or has_text(el):
            yield el


def _date_boxes(tree: lxml.html.HtmlElement, walked: Walked) -> list[lxml.html.HtmlElement]:
    """Short ``span``/``div``/``p``/``li``/``small``/``abbr`` descendants of ``tree`` whose
    class says date in one of the ``date_box`` rule's words, in document order.

    Listed once per page, for the whole page: the readers ask for the headline's block
    first and then for the page, which holds the block again. The block's are the page's
    that it encloses (a few boxes, each tested by its ancestors). The class is tested once
    per distinct string (``gather.ClassKinds``), and the text read only for the few boxes
    whose class passes."""
    root = tree.getroottree().getroot()
    boxes = walked.boxes.get(root)
    if boxes is None:
        kinds = walked.kinds
        boxes = walked.boxes[root] = [
            el for el in carrying_below(root, ("class",), _DATE_WORDS, fold=True)
            if el.tag in _DATE_TAGS and (cls := el.get("class")) and kinds[cls] & DATED
            and normalized_length(text_of(el)) < MAX_DATE_CHARS]
    if tree is root:
        return boxes
    return [el for el in boxes if any(a is tree for a in el.iterancestors())]


# --- the last resort: the first date shown after the headline ------------------------------

FIRST_SHOWN_LINES = 1000  # how far past the headline the last resort reads (text nodes)
FIRST_SHOWN_CHARS = 60  # a date line, not a sentence that mentions a date
_NOT_SHOWN = ("script", "style", "noscript", "template", "option", "select")
_NOT_OURS = frozenset({"blockquote", "nav"})  # a quoted post's date; a menu's


def first_date_after(headline: lxml.html.HtmlElement) -> tuple[str, str] | None:
    """(iso, raw) of the first date the page shows after the headline, anywhere below it.

    The last resort of a page that declares itself an article and names its author, when no
    reader above found its date (``__init__`` gates it so). Such a page went out on a day,
    and a template that declares neither the day nor a date class still prints it past the
    headline: in a post-info bar under the story, in an ``<aside>`` of meta beside it, after
    the author's name. Links, asides, footers and list items do not count against it, as
    they do for the readers above, which pick among many dates. Still never a date in a
    teaser, list, comment or widget box (the ``date_noise`` rule), a quotation or a menu,
    nor one under another date's label, an update, or a period ("23-26 March 2026").

    The text nodes are read in C (``_xpath.lines_after``), and an element is read only for
    a node with a year in it, or a ``<time>``'s: most of the page is prose without one."""
    story = frozenset(headline.iterancestors())
    for text, box, _tail in lines_after(headline, FIRST_SHOWN_LINES, _NOT_SHOWN):
        if box is None:
            continue
        stamp = time_value(box) if box.tag == "time" else None
        if not stamp and not _YEAR_DIGITS.search(text):
            continue  # no year, so no date (``parse_date``'s own first test)
        whole = text_of(box)  # the line the node is part of ("Posted <b>March</b> 3, 2019")
        if len(whole) > 4 * FIRST_SHOWN_CHARS and not stamp:
            continue  # a sentence or a reference that mentions a date
        raw = clean_text(whole) or ""
        iso = stamp or (parse_date(raw) if len(raw) <= FIRST_SHOWN_CHARS else None)
        if not iso or _UPDATED.search(raw) or is_range(raw) or _other_date(box, raw) \
                or (box.tag == "time" and _updated_time(box)) or _not_ours(box, story):
            continue
        return iso, raw
    return None


def _not_ours(el: lxml.html.HtmlElement, story: Container[lxml.html.HtmlElement]) -> bool:
    """Whether a date sits in a teaser, list, comment or widget box, a quotation or a menu.
    The headline's own containers are not read: what holds the headline is no teaser."""
    for node in chain((el,), el.iterancestors()):
        if node in story:  # and so are all above it
            return False
        if node.tag in _NOT_OURS or _container_says(
                f"{node.get('class', '')} {node.get('id', '')}") == _LOUD:
            return True
    return False
