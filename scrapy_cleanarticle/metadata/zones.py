"""A time zone for a date the page prints without one.

Many pages show "2019/3/5" or "19.07.2022, 14:30" and nothing else: the day is the site's
local day, and read as a bare calendar day it is a day off for readers who compare moments
(a Tokyo morning is the previous evening in UTC). Three rules, most specific first:

1. another timestamp the page declares carries an offset (``dateModified``,
   ``article:modified_time``, another published-time meta): the site's clock, so the naive
   date is read in that offset. ``+00:00`` is not borrowed: servers write UTC for machine stamps
   whatever their readers' zone, so it is no evidence of the local one;
2. the page's language (or its region subtag) is spoken in countries that share one zone
   rule (ja: Japan, ko: Korea, de: Germany/Austria/Switzerland, zh: UTC+8 everywhere...):
   the naive date is read in that zone, with its summer time. Languages spread over several
   zones (en, es, pt, fr, ar, ru...) get nothing, unless the region subtag names a
   single-zone country ("en-GB", "pt-PT");
3. else the offset of a ``<time datetime>`` of the page (``dates.time_stamps``), last because
   it costs a walk over the page, and a single-zone language says the same.

A date alone becomes local midnight ("2019-03-05T00:00:00+09:00"): the start of that local
day, which is the instant the day names. A date that has an offset keeps its instant; only a
UTC one is told again on the site's own day (``from_utc``): in the page's single zone, or on
the day its URL names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Languages whose countries all keep the same zone rules (offset and summer time).
LANGUAGE_ZONES: Mapping[str, str] = MappingProxyType({
    "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "de": "Europe/Berlin",
    "it": "Europe/Rome", "nl": "Europe/Amsterdam", "pl": "Europe/Warsaw", "cs": "Europe/Prague",
    "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "ro": "Europe/Bucharest",
    "el": "Europe/Athens", "tr": "Europe/Istanbul", "uk": "Europe/Kyiv", "sv": "Europe/Stockholm",
    "da": "Europe/Copenhagen", "nb": "Europe/Oslo", "nn": "Europe/Oslo", "no": "Europe/Oslo",
    "fi": "Europe/Helsinki", "vi": "Asia/Ho_Chi_Minh", "th": "Asia/Bangkok",
    "he": "Asia/Jerusalem", "hi": "Asia/Kolkata", "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana", "bg": "Europe/Sofia", "lt": "Europe/Vilnius",
    "lv": "Europe/Riga", "et": "Europe/Tallinn", "is": "Atlantic/Reykjavik",
})
# Region subtags of single-zone countries, for languages that are not single-zone themselves.
REGION_ZONES: Mapping[str, str] = MappingProxyType({
    "gb": "Europe/London", "ie": "Europe/Dublin", "in": "Asia/Kolkata",
    "sg": "Asia/Singapore", "ph": "Asia/Manila", "my": "Asia/Kuala_Lumpur",
    "pk": "Asia/Karachi", "ng": "Africa/Lagos", "ke": "Africa/Nairobi",
    "za": "Africa/Johannesburg", "nz": "Pacific/Auckland", "hk": "Asia/Hong_Kong",
    "tw": "Asia/Taipei", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "es": "Europe/Madrid",
    "pt": "Europe/Lisbon", "fr": "Europe/Paris", "be": "Europe/Brussels",
    "ch": "Europe/Zurich", "at": "Europe/Vienna", "de": "Europe/Berlin", "it": "Europe/Rome",
    "nl": "Europe/Amsterdam", "ar": "America/Argentina/Buenos_Aires", "co": "America/Bogota",
    "pe": "America/Lima", "cl": "America/Santiago", "ve": "America/Caracas",
    "eg": "Africa/Cairo", "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "il": "Asia/Jerusalem",
    "tr": "Europe/Istanbul", "ua": "Europe/Kyiv", "by": "Europe/Minsk",
})
# Scripts that name their language whatever the page declares (templates often keep "en").
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa]")  # not the middle dot U+30FB
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_OFFSET = re.compile(r"(?:[+-]\d{2}:\d{2}|Z)$")
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2})(?![a-z]))?", re.IGNORECASE)


def has_offset(iso: str) -> bool:
    """Whether an ISO string from ``dates.parse_date`` names its time zone."""
    return bool(_OFFSET.search(iso))


@lru_cache(maxsize=64)
def zone_named(name: str) -> tzinfo | None:
    """The tz database zone, or ``None`` when this machine has no tz database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # no tz database: the rule is skipped
        return None


def page_zone(declared: str | None, text: str | None) -> tzinfo | None:
    """The single zone the page's language (or region subtag) implies, if there is one.

    ``declared``: the raw language declaration ("ja", "de-AT", "en_GB"); ``text``: a short
    sample (the headline) whose kana or hangul names Japanese or Korean outright.
    """
    if text and _KANA.search(text):
        return zone_named("Asia/Tokyo")
    if text and _HANGUL.search(text):
        return zone_named("Asia/Seoul")
    match = _TAG.match(declared.strip()) if declared else None
    if not match:
        return None
    language, region = match[1].lower(), (match[2] or "").lower()
    name = LANGUAGE_ZONES.get(language) or REGION_ZONES.get(region)
    return zone_named(name) if name else None


def borrowed_offset(stamps: Iterable[str | None]) -> timezone | None:
    """The first non-UTC offset among the page's other timestamps (ISO strings)."""
    for stamp in stamps:
        if not stamp or not _OFFSET.search(stamp) or stamp.endswith(("Z", "+00:00", "-00:00")):
            continue
        try:
            offset = datetime.fromisoformat(stamp).utcoffset()
        except ValueError:
            continue
        if offset:
            return timezone(offset)
    return None


def localize(iso: str | None, zone: tzinfo | None) -> str | None:
    """``iso`` read in ``zone`` when it has no offset of its own; else unchanged."""
    if not iso or zone is None or _OFFSET.search(iso):
        return iso
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if value.tzinfo is not None:
        return iso
    return value.replace(tzinfo=zone).isoformat()


def from_utc(iso: str | None, zone: tzinfo | None, url_day: str | None) -> str | None:
    """A UTC stamp (``Z``, ``+00:00``) told on the site's own day, the instant unchanged.

    Servers write machine stamps in UTC, and a story filed in the local evening carries the
    next day in UTC, while readers (and the URL) date it by the local day. With the page's
    single zone (``page_zone``) the instant is told in that zone. Without one, a UTC day next
    to the URL's own day (``/2016/12/19/`` under "2016-12-20T00:08:44Z") is told with the
    smallest whole-hour offset that puts it on the URL's day, within ``URL_ZONE_HOURS``: the
    local hour is not known, the day and the instant are."""
    if not iso or not iso.endswith(("Z", "+00:00")):
        return iso
    try:
        value = datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)
    except ValueError:
        return iso
    if zone is not None:
        return value.astimezone(zone).isoformat()
    if not url_day:
        return iso
    try:
        day = date.fromisoformat(url_day[:10])
    except ValueError:
        return iso
    step = (day - value.date()).days
    if abs(step) != 1:
        return iso
    for hours in range(1, URL_ZONE_HOURS + 1):
        local = value.astimezone(timezone(timedelta(hours=step * hours)))
        if local.date() == day:
            return local.isoformat()
    return iso


URL_ZONE_HOURS = 10  # offsets beyond this (a URL a whole day ahead) are not the site's clock


__all__ = ["LANGUAGE_ZONES", "REGION_ZONES", "borrowed_offset", "from_utc", "has_offset",
           "localize", "page_zone", "zone_named"]
