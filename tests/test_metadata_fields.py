"""Byline parsing, date parsing, headline clean-up and language, the field-level rules."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import extract_metadata, resolve_language
from scrapy_cleanarticle.metadata.byline import split_authors, visible_authors
from scrapy_cleanarticle.metadata.dates import date_from_url, parse_date, visible_date
from scrapy_cleanarticle.metadata.language import dominant_script, normalize_language, script_fits
from scrapy_cleanarticle.metadata.normalize import strip_site_name


@pytest.mark.parametrize(("raw", "names"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("Von Melanie Wassink und Peter Maier", ["Melanie Wassink", "Peter Maier"]),
    ("Par Cécile Ducourtieux", ["Cécile Ducourtieux"]),
    ("Por Juan Pérez y Ana Gómez", ["Juan Pérez", "Ana Gómez"]),
    ("Di Mario Rossi", ["Mario Rossi"]),
    ("Door Jan de Vries en Piet Bakker", ["Jan de Vries", "Piet Bakker"]),
    ("By JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL",
     ["JOSH HASKELL", "DAVID CAPLAN", "PATRICK REEVELL"]),
    ("Howard Blume, Staff Writer", ["Howard Blume"]),
    ("Mike Cason | mcason@example.com", ["Mike Cason"]),
    ("By Staff", []),
    ("Daniel D. Von Hoff", ["Daniel D. Von Hoff"]),
    ("Updated 12/22/2016", []),
    ("@handle", []),
])
def test_split_authors(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


def test_visible_byline_skips_teasers_and_joins_split_text() -> None:
    html = """<html><body>
    <div class="related"><span class="byline">By Other Person</span></div>
    <p class="byline">By<a rel="author" href="/a/x">Travis Haney</a></p></body></html>"""
    names, raw = visible_authors(lxml.html.document_fromstring(html))
    assert names == ["Travis Haney"]
    assert raw == "Travis Haney"


@pytest.mark.parametrize(("raw", "iso"), [
    ("2016-12-09T09:13:00.000Z", "2016-12-09T09:13:00+00:00"),
    ("2016-12-09T09:13:00-0500", "2016-12-09T09:13:00-05:00"),
    ("2016-12-09", "2016-12-09"),
    ("2016-12-09 09:13", "2016-12-09T09:13:00"),
    ("Fri, 09 Dec 2016 09:13:00 GMT", "2016-12-09T09:13:00+00:00"),
    ("December 9, 2016 4:13 PM EST", "2016-12-09T16:13:00-05:00"),
    ("9. Dezember 2016, 10:30 Uhr", "2016-12-09T10:30:00"),
    ("9 décembre 2016", "2016-12-09"),
    ("15 de mayo de 2020", "2020-05-15"),
    ("2019年4月21日 12:00", "2019-04-21T12:00:00"),
    ("21.04.2019", "2019-04-21"),
    ("15-Dec-2008", "2008-12-15"),  # as older sites and logs print it
    ("Dec-15-2008", "2008-12-15"),
    ("on 04-ago-2021 5:11:10", "2021-08-04T05:11:10"),
    ("1481274780", "2016-12-09T09:13:00+00:00"),
    ("not a date", None),
    ("2999-01-01", None),
    ("12. Maerz 2018", "2018-03-12"),  # German spelled in ASCII
    ("12th of March 2018", "2018-03-12"),
    ("December 19. 2025", "2025-12-19"),  # a full stop for the comma
    ("Stand: 12.03.18", "2018-03-12"),  # a two-digit year after a word
    ("Mo., 12.03.18", "2018-03-12"),
    ("am 31.12.99.", "1999-12-31"),
    ("12.03.18, 14:35 Uhr", "2018-03-12T14:35:00"),  # or before a clock time
    ("12.03.18 | 14:35", "2018-03-12T14:35:00"),
    ("14.11.13", None),  # alone, a section's number as well
    ("12.01.26 - 10.04.26", None),  # a period; "10.04" is no clock time
    ("v12.03.18", None),
    ("192.168.10.12", None),
    ("12.13.18 14:35", None),
])
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(("raw", "iso"), [
    ("12.03.18", "2018-03-12"),
    ("31.12.99", "1999-12-31"),
    ("12.13.18", None),
    ("12.03.2018", "2018-03-12"),
])
def test_a_two_digit_year_alone_counts_in_an_element_marked_as_a_date(raw: str,
                                                                      iso: str | None) -> None:
    assert parse_date(raw, marked=True) == iso
    html = (f"<html><body><h1>Die Sache mit dem langen Titel</h1><span class='datum'>{raw}</span>"
            f"<p>{'Ein langer Absatz über die Sache, der viele Wörter enthält. ' * 5}</p>"
            "</body></html>")
    meta = extract_metadata(lxml.html.document_fromstring(html), "https://example.de/sache",
                            config=DEFAULT_CONFIG)
    assert meta.date_published == iso


def test_date_from_url_needs_a_day() -> None:
    assert date_from_url("https://ex.org/2016/12/09/story") == "2016-12-09"
    assert date_from_url("https://ex.org/2016/12/story") is None


@pytest.mark.parametrize(("url", "day"), [
    ("https://ex.org/mlb/2016/12/6/13857040/trade", "2016-12-06"),  # unpadded folders
    ("https://ex.org/blog/2025/6/9/best-cameras", "2025-06-09"),
    ("https://ex.org/news/council-approves-plan-2019-03-12.html", "2019-03-12"),  # in a slug
    ("https://ex.org/news/story,12345,2019-03-12.html", "2019-03-12"),
    ("https://ex.org/articles/2025-12-15+Rust+backend", "2025-12-15"),
    # a calendar version in a slug, unpadded; a month that is none; an id's digits
    ("https://ex.org/t/2024-4-4-2024-5-0-issue-stuck/724779", None),
    ("https://ex.org/2024/13/1/story", None),
    ("https://ex.org/story-20190312123.html", None),
])
def test_date_from_url_in_older_and_slug_shapes(url: str, day: str | None) -> None:
    assert date_from_url(url) == day


def test_visible_date_ignores_teasers_and_updates() -> None:
    html = """<html><body><h1>Story</h1>
    <time class="updated" datetime="2020-02-02">Updated</time>
    <div class="related-stories"><time datetime="2011-01-01">old</time></div>
    <time datetime="2020-01-01T08:00:00+01:00">Jan 1</time></body></html>"""
    iso, raw = visible_date(lxml.html.document_fromstring(html))
    assert iso == "2020-01-01T08:00:00+01:00" and raw == "2020-01-01T08:00:00+01:00"


@pytest.mark.parametrize(("title", "names", "others", "expected"), [
    ("Big news | Example Times", ["Example Times"], [], "Big news"),
    ("Example Times - Big news", ["Example Times"], [], "Big news"),
    ("Big news - Section - Example", [], ["Big news"], "Big news"),
    ("Coca-Cola profits rise", ["Example"], [], "Coca-Cola profits rise"),
    ("Affaire KPMG : un juge se récuse", ["Radio"], [], "Affaire KPMG : un juge se récuse"),
    ("Headline | www.example.com", ["example.com"], [], "Headline"),
    ("Searching [Example Documentation]", ["example"], [], "Searching"),
    ("Best car rentals [For all budgets]", ["example"], [], "Best car rentals [For all budgets]"),
    # the site in parentheses after the headline, as wire copy and older pages wrote it
    ("Mayor unveils the bike plan (Example Times)", ["Example Times"], [],
     "Mayor unveils the bike plan"),
    ("Drug maker profits rise (Update 2)", ["Example Times"], [],
     "Drug maker profits rise (Update 2)"),
    ("Apple (AAPL) shares rise", ["Example Times"], [], "Apple (AAPL) shares rise"),
])
def test_strip_site_name(title: str, names: list[str], others: list[str], expected: str) -> None:
    assert strip_site_name(title, names, others) == expected


def test_headline_prefers_the_visible_h1_when_titles_confirm_it() -> None:
    html = """<html><head><meta property="og:title" content="SEO version of the rocket story">
    <title>SEO version of the rocket story | Site</title></head><body>
    <header class="site-header"><h1>Site</h1></header>
    <h1>What is holding up the rocket story</h1></body></html>"""
    meta = extract_metadata(lxml.html.document_fromstring(html), None, config=DEFAULT_CONFIG)
    assert meta.headline == "What is holding up the rocket story"


def test_site_author_gives_way_to_a_person_byline() -> None:
    html = """<html><head><meta property="og:site_name" content="Daily Planet">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "author": {"@type": "Organization", "name": "Daily Planet"}}</script></head>
    <body><span class="byline">By Lois Lane</span></body></html>"""
    meta = extract_metadata(lxml.html.document_fromstring(html), None, config=DEFAULT_CONFIG)
    assert [a.name for a in meta.authors] == ["Lois Lane"]


def test_language_codes_are_normalized() -> None:
    assert normalize_language("en-US") == "en"
    assert normalize_language("pt_BR") == "pt"
    assert normalize_language("x-default") is None


GERMAN = ("Die Bundesregierung hat am Mittwoch neue Regeln für den Handel beschlossen. "
          "Nach Angaben des Ministeriums sollen die Änderungen im kommenden Jahr in Kraft "
          "treten und vor allem kleine Unternehmen entlasten, die bisher unter hohen Kosten "
          "litten. Kritiker bemängeln jedoch, dass die Maßnahmen nicht weit genug gehen.") * 2


def test_resolve_language_detects_only_when_needed() -> None:
    assert resolve_language("fr", "court", config=DEFAULT_CONFIG) == "fr"
    assert resolve_language(None, GERMAN, config=DEFAULT_CONFIG) == "de"
    assert resolve_language("en", GERMAN, config=DEFAULT_CONFIG) == "de"
    assert resolve_language("de-AT", GERMAN, config=DEFAULT_CONFIG) == "de"
    off = DEFAULT_CONFIG.replace(detect_language=False)
    assert resolve_language(None, GERMAN, config=off) is None


_SPANISH = ("La casa de la playa y el barco del puerto para la familia con los "
            "niños que viven en la ciudad de la costa. ") * 4
_GREEK = "Η γάτα και ο σκύλος παίζουν. " * 8
_DUTCH = "Het huis van de familie en de boot in de haven zijn niet voor het dorp. " * 4


@pytest.mark.parametrize(("code", "text", "fits"), [
    ("es", _SPANISH, True),  # "la" and "de" count for French, Italian, Dutch too
    ("fr", _SPANISH, False),
    ("pt", _SPANISH, False),
    ("nl", _DUTCH, True),
    ("de", _DUTCH, False),
    ("en", "The cat and the dog said that it was on the mat. " * 4, True),
    ("en", _GREEK, False),
    ("el", _GREEK, True),
    ("sv", _DUTCH, True),  # no stop words listed: trusted
])
def test_a_declared_language_is_checked_by_its_script_and_stop_words(
        code: str, text: str, fits: bool) -> None:
    assert script_fits(code, text) is fits


def test_dominant_script() -> None:
    assert dominant_script("plain ascii words") == "latin"
    assert dominant_script("caf\u00e9 na\u00efve \u00fcber") == "latin"
    assert dominant_script("\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440") == "cyrillic"


def _meta(html: str, url: str | None = None) -> object:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def test_byline_and_date_under_the_headline_without_markup() -> None:
    html = """<html><body><div class="x1"><h1>Senate passes the budget after a long night</h1>
    <div class="q9"><span class="z">By</span><span>by JANE DOE and JOHN ROE</span></div>
    <div class="q8">December 16, 2016, 4:19 PM</div></div>
    <div class="teaser"><p>By the way, read this</p></div></body></html>"""
    meta = _meta(html)
    assert [a.name for a in meta.authors] == ["JANE DOE", "JOHN ROE"]  # type: ignore[attr-defined]
    assert meta.date_published == "2016-12-16T16:19:00"  # type: ignore[attr-defined]


def test_byline_links_name_people_without_place() -> None:
    html = """<html><body><h1>Protesters hold out against police in the cold</h1>
    <p>By <a href="/profile/ann-lee">Ann Lee</a> in Cannon Ball, North Dakota, and
    <a href="/profile/bo-kim">Bo Kim</a> in San Francisco</p></body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Ann Lee", "Bo Kim"]  # type: ignore[attr-defined]


def test_by_in_running_text_is_not_a_byline() -> None:
    html = """<html><body><h1>How the committee voted on the new rules</h1>
    <p>by the way the committee met twice</p></body></html>"""
    assert _meta(html).authors == ()  # type: ignore[attr-defined]


def test_labelled_author_meta_and_catalogue_order() -> None:
    html = """<html><head><meta name="twitter:label1" content="Written by">
    <meta name="twitter:data1" content="Ellyn Shook"></head><body><h1>x</h1></body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Ellyn Shook"]  # type: ignore[attr-defined]
    assert split_authors("Gillman, Steve") == ["Steve Gillman"]
    assert split_authors("Sam Stein Senior Politics Editor") == ["Sam Stein"]


@pytest.mark.parametrize(("title", "names"), [
    ("Jane Doe", ["Jane Doe"]),
    ("About these documents", []),  # Sphinx's link to its "about" page on every page
])
def test_the_title_of_an_author_link_counts_when_it_reads_as_names(title: str,
                                                                   names: list[str]) -> None:
    html = f"""<html><head><link rel="author" title="{title}" href="../about.html"></head>
    <body><h1>Itertools</h1><p>Functions creating iterators for efficient looping.</p>
    </body></html>"""
    assert [a.name for a in _meta(html).authors] == names  # type: ignore[attr-defined]


def test_an_author_given_as_a_url_is_no_name() -> None:
    assert split_authors("https://www.example.com/u/102d3o3/jane-doe") == []
    assert split_authors("Jane Doe https://example.com/jane") == ["Jane Doe"]
    html = """<html><body><article itemscope itemtype="https://schema.org/BlogPosting">
    <h1 itemprop="headline">Skiplagging explained</h1>
    <link itemprop="author" href="https://www.example.com/u/102d3o3/jane-doe">
    <p class="byline">By Jane Doe</p><p>Skiplagging is booking a flight with a layover.</p>
    </article></body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Jane Doe"]  # type: ignore[attr-defined]


def test_company_author_gives_way_to_the_byline() -> None:
    html = """<html><head><meta name="author" content="Mediagene Inc."></head><body>
    <h1>A new keyboard for the office arrives</h1><span class="writer">Hisa Kogure</span>
    </body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Hisa Kogure"]  # type: ignore[attr-defined]


def test_h1_that_is_the_site_name_and_underscore_titles() -> None:
    html = """<html><head><title>My Diary - The law that nobody understood</title></head>
    <body><h1>My Diary</h1><h3>The law that nobody understood</h3></body></html>"""
    assert _meta(html).headline == "The law that nobody understood"  # type: ignore[attr-defined]
    assert strip_site_name("这个约会软件想用你_智能_好奇心日报", []) == "这个约会软件想用你"


def test_url_day_from_a_slug_that_repeats_year_and_month() -> None:
    assert date_from_url("https://ex.org/energy/2015/08/150803-story/") == "2015-08-03"
    assert date_from_url("https://ex.org/energy/2015/08/160803-story/") is None


@pytest.mark.parametrize(("raw", "iso"), [
    ("2019年02月22日 14時37分 公開", "2019-02-22T14:37:00"),
    ("2019年4月21日 午後2:05", "2019-04-21T14:05:00"),
    ("2019.3.5 오후 3시 5분", "2019-03-05T15:05:00"),
    ("2019/3/5 (火)", "2019-03-05"),
])
def test_parse_date_cjk_times(raw: str, iso: str) -> None:
    assert parse_date(raw) == iso


def test_naive_local_day_is_read_in_the_language_zone() -> None:
    # ja is spoken in one zone: the printed day starts at Tokyo midnight (the previous UTC day)
    html = """<html lang="ja"><body><h1>新しいキーボードが発売されました</h1>
    <p>2019/3/5</p></body></html>"""
    assert _meta(html).date_published == "2019-03-05T00:00:00+09:00"  # type: ignore[attr-defined]
    # summer time in Germany: +02:00
    html = """<html lang="de-DE"><body><h1>Das Geheimnis der großen Blumen im Wald</h1>
    <p>19.07.2022</p></body></html>"""
    assert _meta(html).date_published == "2022-07-19T00:00:00+02:00"  # type: ignore[attr-defined]
    # kana in the headline outweighs a template's lang="en"
    html = """<html lang="en"><body><h1>新しいキーボードが発売されました</h1>
    <p>2019/3/5 09:00</p></body></html>"""
    assert _meta(html).date_published == "2019-03-05T09:00:00+09:00"  # type: ignore[attr-defined]


def test_naive_day_in_a_multi_zone_language_stays_naive() -> None:
    html = """<html lang="en-US"><body><h1>Senate passes the budget after a long night</h1>
    <p>December 16, 2016</p></body></html>"""
    assert _meta(html).date_published == "2016-12-16"  # type: ignore[attr-defined]


def test_naive_date_borrows_the_offset_of_another_page_timestamp() -> None:
    html = """<html lang="en"><head>
    <meta property="article:modified_time" content="2016-12-17T10:00:00-06:00"></head>
    <body><h1>Senate passes the budget after a long night</h1>
    <p>December 16, 2016 6:47 PM</p></body></html>"""
    meta = _meta(html)
    assert meta.date_published == "2016-12-16T18:47:00-06:00"  # type: ignore[attr-defined]
    assert meta.date_modified == "2016-12-17T10:00:00-06:00"  # type: ignore[attr-defined]
    # a UTC machine stamp says nothing about the local zone: not borrowed
    html = html.replace("-06:00", "Z")
    assert _meta(html).date_published == "2016-12-16T18:47:00"  # type: ignore[attr-defined]


def test_pull_quote_author_is_not_the_byline() -> None:
    html = """<html><body><h1>Offices are set for men, a new study says</h1><p>Text.</p>
    <div class="pull-quote"><blockquote>I agree with my wife.</blockquote>
    <div class="pull-quote__author"><span class="author">Boris Kingma</span></div></div>
    <blockquote><span class="author">Ann Other</span></blockquote></body></html>"""
    assert _meta(html).authors == ()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("raw", "iso"), [
    ("2019. március 5. 14:30", "2019-03-05T14:30:00"),
    ("5 березня 2019", "2019-03-05"),
    ("5 مارس 2019", "2019-03-05"),
    ("٥ مارس ٢٠١٩", "2019-03-05"),
    ("２０１９年３月５日", "2019-03-05"),
    ("ngày 5 tháng 3 năm 2019", "2019-03-05"),
    ("Thứ ba, 5/3/2019, 14:30 (GMT+7)", "2019-03-05T14:30:00+07:00"),
    ("2019 was 5 years ago", None),
])
def test_parse_date_more_languages(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(("raw", "names"), [
    ("Eric Freeman 著、嶋田 健志 監訳、木下 哲也 訳", ["Eric Freeman", "嶋田 健志", "木下 哲也"]),
    ("홍길동 기자", ["홍길동"]),
    ("记者 王小明", ["王小明"]),
    ("文／山田太郎　写真／佐藤花子", ["山田太郎", "佐藤花子"]),
    ("著者 お米ゴハン イラスト 汐街コナ", ["お米ゴハン", "汐街コナ"]),
    ("文在寅", ["文在寅"]),  # a surname, not the label 文
    ("Szerző: Kovács János", ["Kovács János"]),
    ("Yazar: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
    ("Oleh Budi Santoso dan Siti Aminah", ["Budi Santoso", "Siti Aminah"]),
    ("Oleh Petrenko", ["Oleh Petrenko"]),  # a Ukrainian first name, not Indonesian "by"
    ("Tác giả: Nguyễn Văn A", ["Nguyễn Văn A"]),
    ("بقلم أحمد علي", ["أحمد علي"]),
    ("Skrevet av Ola Nordmann og Kari Nordmann", ["Ola Nordmann", "Kari Nordmann"]),
    ("Іван Петренко та Олена Коваль", ["Іван Петренко", "Олена Коваль"]),
    ("Dan Smith and Dan Brown", ["Dan Smith", "Dan Brown"]),
])
def test_split_authors_more_languages(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


def test_byline_label_in_another_language_under_the_headline() -> None:
    html = """<html><body><h1>Yeni bütçe uzun bir gecenin ardından kabul edildi</h1>
    <div class="q9">Yazar: Ahmet Yılmaz</div><p>Metin.</p></body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Ahmet Yılmaz"]  # type: ignore[attr-defined]


def test_crowded_meta_author_list_is_cut_to_the_byline() -> None:
    html = """<html><head><meta name="author" content="Connie Wang,Sharokh Mirzai,Ariel Lee at
    MSA Models,Bethie Girmai"></head><body><h1>Let us get behind the conversation tee</h1>
    <div class="byline"><a href="/en-us/author/connie-wang">Connie Wang</a></div></body></html>"""
    assert [a.name for a in _meta(html).authors] == ["Connie Wang"]  # type: ignore[attr-defined]
    # a byline naming all of them (or none) leaves the declared list alone
    html = html.replace('<a href="/en-us/author/connie-wang">Connie Wang</a>', "Photos")
    assert len(_meta(html).authors) == 4  # type: ignore[attr-defined]


def test_cjk_bylines_and_update_labels_under_the_headline() -> None:
    html = """<html lang="ko"><body><h1>정부가 긴 밤 끝에 예산안을 통과시켰다</h1>
    <p>홍길동 기자 hong@example.com</p><p>수정 2019.03.06 10:00</p><p>입력 2019.03.05 14:30</p>
    <p>청와대 출입 기자 10명이 참석했다</p></body></html>"""
    meta = _meta(html)
    assert [a.name for a in meta.authors] == ["홍길동"]  # type: ignore[attr-defined]
    assert meta.date_published == "2019-03-05T14:30:00+09:00"  # type: ignore[attr-defined]
    html = """<html lang="zh"><body><h1>政府经过漫长的夜晚通过了预算案</h1>
    <p>记者 王小明</p><p>2019-03-05 14:30 来源：新华社</p></body></html>"""
    meta = _meta(html)
    assert [a.name for a in meta.authors] == ["王小明"]  # type: ignore[attr-defined]
    assert meta.date_published == "2019-03-05T14:30:00+08:00"  # type: ignore[attr-defined]
    html = """<html><body><h1>Senate passes the budget after a long night</h1>
    <p>Published 5 March 2019, updated 6 March 2019</p></body></html>"""
    assert _meta(html).date_published == "2019-03-05"  # type: ignore[attr-defined]


def test_seasonless_us_zones_and_lowercase_words() -> None:
    assert parse_date("March 5, 2019 at 2:30 p.m. ET") == "2019-03-05T14:30:00-05:00"
    assert parse_date("July 5, 2019 at 2:30 p.m. ET") == "2019-07-05T14:30:00-04:00"
    # "et" is French for "and", not Eastern Time
    assert parse_date("publié le 5 mars 2019 à 14h30 et mis à jour") == "2019-03-05T14:30:00"


@pytest.mark.parametrize(("raw", "names"), [
    ("By CNN Staff", ["CNN Staff"]),  # the outlet's desk byline; a bare "Staff" is dropped
    ("Von dpa", ["dpa"]),
    ("Von AFP", ["AFP"]),
    ("Von Hoff", ["Von Hoff"]),
    ("De La Cruz", ["De La Cruz"]),
    ("編集部", []),  # the desk, like "Redaktion"
    ("ASCII編集部", ["ASCII編集部"]),
])
def test_desks_agencies_and_particles(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


def test_nearby_lines_match_the_text_axes() -> None:
    """The bounded walks stand for ``following::text()`` / ``preceding::text()`` (non-blank,
    not in script/style/noscript), nearest first before the headline."""
    from lxml import etree

    from scrapy_cleanarticle.metadata.nearby import lines_after, lines_before

    doc = lxml.html.document_fromstring("""<html><body><div>Kicker<span>Section</span>
    <p>Above <b>bold</b> tail</p><!-- note -->after comment
    <header>Lead<h1>Headline <i>here</i></h1>By <a href="/a/x">Ann Lee</a>, staff
    <script>var x = 1;</script><style>p{}</style><time datetime="2020-01-02">Jan 2</time>
    </header><p>Body <em>one</em> end</p>\u00a0<noscript>ns</noscript></div>
    <footer>Foot</footer></body></html>""")
    h1 = doc.find(".//h1")
    assert h1 is not None
    kept = "[normalize-space()][not(parent::script or parent::style or parent::noscript)]"
    after = etree.XPath(f"following::text(){kept}")(h1)
    preceding = etree.XPath(f"preceding::text(){kept}")(h1)
    assert isinstance(after, list) and isinstance(preceding, list)
    before = preceding[::-1]
    assert [line.text for line in lines_after(h1, 100)] == [" ".join(str(t).split()) for t in after]
    assert [line.text for line in lines_before(h1, 100)] == [" ".join(str(t).split()) for t in before]
    assert [line.text for line in lines_after(h1, 2)] == ["By", "Ann Lee"]


def test_naive_date_borrows_the_offset_of_a_time_element() -> None:
    # no declared stamp with an offset: a <time datetime> of the page (even a teaser's) is
    # the same site's clock
    html = """<html lang="en"><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Senate passes the budget", "datePublished": "2014-09-15"}
    </script></head><body><h1>Senate passes the budget</h1>
    <aside><time datetime="2014-09-16T09:00:00-05:00">Sept 16</time></aside></body></html>"""
    assert _meta(html).date_published == "2014-09-15T00:00:00-05:00"  # type: ignore[attr-defined]


def test_by_line_deep_in_the_story_text_is_not_the_byline() -> None:
    long = "The committee met twice this week and voted on the new rules. " * 4
    html = f"""<html><body><h1>How the committee voted on the new rules</h1>
    <p>{long}</p><p>{long}</p><p>{long}</p><p>By Jane Doe</p></body></html>"""
    assert _meta(html).authors == ()  # type: ignore[attr-defined]
    html = html.replace(f"<p>{long}</p><p>{long}</p>", "", 1)
    assert [a.name for a in _meta(html).authors] == ["Jane Doe"]  # type: ignore[attr-defined]
