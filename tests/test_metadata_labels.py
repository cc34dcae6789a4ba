"""Dates shown under a label, on pages that declare none (issue 16, round three): each rule
has a page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.rules import date_labels

# more lines than the scan under the headline reads (nearby.AFTER_NODES)
FILLER = "".join(f"<p>Paragraph {i} of the story, long enough to be prose and not a line.</p>"
                 for i in range(70))


def _meta(html: str, url: str | None = "https://example.org/page") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def _sources(meta: PageMetadata) -> list[str]:
    return [source for field, source in meta.sources if field == "datePublished"]


@pytest.mark.parametrize("line", [
    "Posted on April 13, 2023", "Veröffentlicht am 13. April 2023", "Publié le 13 avril 2023",
    "Publicado el 13 de abril de 2023", "Pubblicato il 13 aprile 2023",
    "Opublikowano: 13.04.2023", "Gepubliceerd op 13 april 2023", "Опубликовано 13.04.2023",
    "公開日：2023年4月13日", "发布时间：2023-04-13", "게시일 2023.04.13", "Datum: 13.04.2023",
    "Fecha: 13/04/2023"])
def test_a_labelled_line_far_below_the_headline_is_the_date(line: str) -> None:
    # after the story, with its tags, in an element whose class says nothing
    meta = _meta(f"""<html><body><article><h1>Indexing journals</h1>{FILLER}
    <div class="meta"><span>{line}</span><div class="tags"><a href="/t/a">indexing</a>
    <a href="/t/b">journals</a></div></div></article></body></html>""")
    assert meta.date_published == "2023-04-13"
    assert _sources(meta) == ["labelled"]


def test_the_label_and_its_date_in_two_elements() -> None:
    meta = _meta(f"""<html><body><h1>Indexing journals</h1>{FILLER}
    <p><span>Published:</span> <span>13 April 2023</span></p></body></html>""")
    assert meta.date_published == "2023-04-13"


def test_an_unlabelled_date_far_below_the_headline_is_not_the_date() -> None:
    meta = _meta(f"""<html><body><h1>Indexing journals</h1>{FILLER}
    <div class="meta"><span>April 13, 2023</span></div></body></html>""")
    assert meta.date_published is None


def test_a_labelled_date_in_a_comment_is_not_the_date() -> None:
    meta = _meta(f"""<html><body><h1>Indexing journals</h1>{FILLER}
    <div class="comments"><p>Posted on April 13, 2023 by a reader</p></div></body></html>""")
    assert meta.date_published is None


def test_a_label_needs_a_word_boundary() -> None:
    labels = date_labels()
    assert labels.published.match("posted on 5 may")
    assert not labels.published.match("postedit 5 may")
    assert labels.published.match("公開日：2019年")
    assert not labels.published.match("公開日本")
    assert labels.other.match("last post by")


def test_a_last_post_date_under_the_headline_is_not_the_threads() -> None:
    meta = _meta("""<html><body><h1>Which watch trends in 2024?</h1>
    <span>11 replies</span><span>last post by</span><a href="/m/x">someone</a>
    <time>Jan 18, 2024</time><a href="/m/y">starter</a><span>Joined 2021</span>
    <time>Jan 15, 2024</time><div>With vintage style popular last year, what comes next for
    the watch market? I would like to hear what everyone here expects to see.</div>
    </body></html>""")
    assert meta.date_published == "2024-01-15"


def test_a_join_date_covers_one_date_only() -> None:
    meta = _meta("""<html><body><h1>Turning off the lights</h1><a href="/u/1">poster</a>
    <strong>Joined:</strong><dd>Sun Dec 10, 2023 11:18 am</dd><a href="#p1">Turning off</a>
    <a href="#p1">Sun Dec 17, 2023 11:23 am</a><div>Hi, I just got a new board and wanted
    to switch off every light on it, but the settings I found do nothing at all.</div>
    </body></html>""")
    assert (meta.date_published or "")[:10] == "2023-12-17"


def test_without_a_label_the_first_date_under_the_headline_stays() -> None:
    meta = _meta("""<html><body><h1>Which watch trends in 2024?</h1>
    <span>by</span><a href="/m/x">someone</a><time>Jan 18, 2024</time>
    <time>Jan 15, 2024</time></body></html>""")
    assert meta.date_published == "2024-01-18"


def test_an_original_line_after_an_updated_one_is_the_date() -> None:
    meta = _meta("""<html><body><h1>Investor to advise on regulation</h1>
    <div>Updated:</div><time>Mar 6, 2018</time><div>Original:</div><time>Dec 21, 2016</time>
    <p>The transition team announced on the day that the investor would advise.</p>
    </body></html>""")
    assert meta.date_published == "2016-12-21"


def test_a_link_address_is_not_a_date_line() -> None:
    meta = _meta("""<html><body><h1>Explosions in the city</h1>
    <a href="/x">https://news.example.org/2016/09/20/city/explosions.html</a>
    <ul><li><time datetime="2016-09-19T07:46:01-04:00">Sept. 19, 2016</time></li></ul>
    </body></html>""", url=None)
    assert (meta.date_published or "")[:10] == "2016-09-19"


def test_classes_of_the_headlines_containers_are_not_noise() -> None:
    # WordPress state classes ("has-comments") on the story's own <article>
    page = """<html><body><main><article class="post {cls}"><h1>Herbs against pests</h1>
    <div class="meta"><time class="meta-item" datetime="2021-06-17">June 17, 2021</time></div>
    {filler}</article></main></body></html>"""
    meta = _meta(page.format(cls="has-comments", filler=FILLER))
    assert meta.date_published == "2021-06-17"


def test_a_teaser_with_comment_classes_stays_noise() -> None:
    meta = _meta(f"""<html><body><article><h1>Herbs against pests</h1>{FILLER}</article>
    <div class="comment-list"><div><time class="meta-item" datetime="2021-06-17">June 17,
    2021</time></div></div></body></html>""")
    assert meta.date_published is None


def test_body_classes_are_not_noise() -> None:
    meta = _meta(f"""<html><body class="has-mega-menu"><div><div class="post-date">Posted On:
    January 14 2026</div><h1>Cheap home cameras</h1>{FILLER}</div></body></html>""")
    assert meta.date_published == "2026-01-14"


def test_a_label_names_the_date_after_it_only() -> None:
    # "Published By:" a publisher, after a release date: no publication date on the line
    meta = _meta(f"""<html><body><h1>Action games</h1>{FILLER}<div><div>Release date:
    Aug 21, 2012</div><div>Published By:</div><a href="/p">Valve</a></div></body></html>""")
    assert meta.date_published is None


def test_an_update_word_ends_a_labelled_line() -> None:
    meta = _meta(f"""<html><body><h1>Cleaning trends</h1>{FILLER}<p>Originally published
    in March 2022. Last updated December 20, 2024.</p></body></html>""")
    assert meta.date_published is None
    meta = _meta(f"""<html><body><h1>Cleaning trends</h1>{FILLER}<p>Posted on March 3, 2022,
    updated December 20, 2024</p></body></html>""")
    assert meta.date_published == "2022-03-03"


def test_an_updated_date_box_gives_way_to_the_url() -> None:
    page = """<html><body><h1>Best tutoring platforms</h1>{filler}
    <div class="post-date">{line}</div></body></html>"""
    url = "https://example.org/2024/08/01/best-tutoring"
    meta = _meta(page.format(filler=FILLER, line="Updated on November 18, 2025"), url=url)
    assert meta.date_published == "2024-08-01"
    meta = _meta(page.format(filler=FILLER, line="August 2, 2024"), url=url)
    assert meta.date_published == "2024-08-02"


def test_an_updated_date_box_is_the_last_resort() -> None:
    meta = _meta(f"""<html><body><h1>Best tutoring platforms</h1>{FILLER}
    <div class="post-date">Updated on November 18, 2025</div></body></html>""")
    assert meta.date_published == "2025-11-18"


@pytest.mark.parametrize(("cls", "title", "expected"), [
    ("article-post-date", "2025-12-18", "2025-12-18"),
    ("timeago", "2024-11-27T15:50:23.066Z", "2024-11-27T15:50:23+00:00"),
    ("post-date", "Updated 2024-11-27", None),
    ("byline-name", "2025-12-18", None),
])
def test_a_date_box_shows_its_date_in_its_title(cls: str, title: str,
                                                 expected: str | None) -> None:
    meta = _meta(f"""<html><body><h1>Porting an HTML parser</h1>{FILLER}
    <span class="{cls}" title="{title}">3 days ago</span></body></html>""")
    assert meta.date_published == expected


@pytest.mark.parametrize(("cls", "shown", "expected"), [
    ("datum", "5. März 2019", "2019-03-05"),
    ("artikel-datum", "05.03.2019", "2019-03-05"),
    ("fecha-publicacion", "5 de marzo de 2019", "2019-03-05"),
    ("data-pubblicazione", "5 marzo 2019", "2019-03-05"),
    ("data-publicacao", "05/03/2019", "2019-03-05"),
    ("data-publikacji", "5 marca 2019", "2019-03-05"),
    ("haber-tarihi", "05.03.2019", "2019-03-05"),
    ("parution", "5 mars 2019", "2019-03-05"),
    ("artikel-autor", "05.03.2019", None),
    ("post-date", "05-Mar-2019", "2019-03-05"),
    # a documentation generator's stamp of when it built the page
    ("variables-compile-date", "05-Mar-2019", None),
    ("generated-date", "05.03.2019", None),
])
def test_a_date_box_is_named_in_many_languages(cls: str, shown: str,
                                               expected: str | None) -> None:
    meta = _meta(f"""<html><body><h1>Neue Regeln für Radfahrer</h1>{FILLER}
    <span class="{cls}">{shown}</span></body></html>""")
    assert meta.date_published == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("1/27/2026 - 3/24/2026", None),
    ("DATE: 2025-12-12 - 2025-12-17", None),
    ("Sale ends 03/31/2026. While supplies last.", None),
    ("Effective beginning 6/2/2025:", None),
    ("Start date Oct 21, 2022", "2022-10-21"),
    ("Dec 12, 2025", "2025-12-12"),
])
def test_a_period_or_an_offers_end_under_the_headline_is_no_publication(
        line: str, expected: str | None) -> None:
    meta = _meta(f"""<html><body><h1>Digital marketing programme</h1><p>{line}</p>
    <p>Learn the essentials of marketing online from practitioners, in eight weeks.</p>
    </body></html>""")
    assert meta.date_published == expected


@pytest.mark.parametrize(("label", "expected"), [
    ("Released", None), ("Release Date:", None), ("Published", "2012-08-21")])
def test_a_date_box_under_a_release_label_is_no_publication(label: str,
                                                            expected: str | None) -> None:
    meta = _meta(f"""<html><body><h1>Counter-Strike 2</h1>{FILLER}<div class="details">
    <div class="grid_label">Developer</div><div class="grid_content">Valve</div>
    <div class="grid_label grid_date">{label}</div>
    <div class="grid_content grid_date">21 Aug, 2012</div></div></body></html>""")
    assert meta.date_published == expected


@pytest.mark.parametrize(("shown", "expected"), [
    ("July 11, 2021", "2018-07-02"),  # a comment's or an update's day: the URL's wins
    ("July 1, 2018", "2018-07-01"),  # a day apart (a time zone): the shown date stays
])
def test_a_shown_date_far_from_the_urls_day_gives_way(shown: str, expected: str) -> None:
    meta = _meta(f"""<html><body><h1>Tiny house cons</h1><p>{shown}</p>
    <p>Living small has its downsides, and after three years we know most of them.</p>
    </body></html>""", url="https://blog.example.org/2018/07/02/tiny-house-cons/")
    assert meta.date_published == expected


BARE = f"""<html><body><table><tr><td><h1>Six new slim keyboards</h1>{FILLER}</td></tr>
<tr><td align="right"><p class="section-last">2019.03.05</p></td></tr></table>
<div class="side"><p>2018.11.20</p></div></body></html>"""


@pytest.mark.parametrize(("url", "expected"), [
    ("https://maker.example.jp/news/201903/keyboard/index.html", "2019-03-05"),
    ("https://maker.example.jp/news/2019/03/keyboard.html", "2019-03-05"),
    ("https://maker.example.jp/news/201811/keyboard/index.html", "2018-11-20"),
    ("https://maker.example.jp/news/keyboard/index.html", None),  # no month: not a date
    ("https://maker.example.jp/news/201905/keyboard/index.html", None),  # another month
])
def test_a_bare_date_counts_when_the_url_names_its_month(url: str, expected: str | None) -> None:
    meta = _meta(BARE, url)
    assert (meta.date_published or "")[:10] == (expected or "")
    assert ("url-month" in _sources(meta)) == bool(expected)


@pytest.mark.parametrize("sentence", [
    "This entry was posted on Thursday, April 13th, 2023 at 10:12 am and is filed under "
    "<a href='/c/news'>News</a>. You can follow any responses to this entry through the "
    "<a href='/feed'>RSS 2.0</a> feed. You can leave a response, or trackback from your own "
    "site.",
    "This entry was written by <a href='/u/jo'>Jo</a>, posted on April 13, 2023 at 10:12 am, "
    "filed under <a href='/c/news'>News</a>. Bookmark the permalink.",
    "Dieser Beitrag wurde am Donnerstag, 13. April 2023 um 10:12 veröffentlicht und ist unter "
    "<a href='/c/news'>Neuigkeiten</a> abgelegt. Du kannst die Antworten zu diesem Beitrag "
    "über den RSS 2.0-Feed verfolgen.",
    "Cet article a été publié le jeudi 13 avril 2023 à 10:12 et est classé dans "
    "<a href='/c/news'>Actualités</a>. Vous pouvez en suivre les commentaires par le biais du "
    "flux RSS 2.0.",
    "Esta entrada fue publicada el jueves, 13 de abril de 2023 a las 10:12 y está archivada "
    "en <a href='/c/news'>Noticias</a>. Puedes seguir cualquier respuesta a esta entrada a "
    "través del feed RSS 2.0.",
    "Dit bericht werd\n      geplaatst op donderdag 13 april 2023 om 10:12 en is opgeslagen "
    "onder <a href='/c/news'>Nieuws</a>.",
])
def test_a_posts_sentence_about_itself_gives_its_date(sentence: str) -> None:
    # WordPress's foot line, too long for a label's line, at the end of a post
    meta = _meta(f"""<html><body><div class="post"><h2>Indexing journals</h2>{FILLER}
    <p class="postmetadata"><small>{sentence}</small></p></div></body></html>""")
    assert (meta.date_published or "")[:10] == "2023-04-13"
    assert _sources(meta) == ["labelled"]


@pytest.mark.parametrize("sentence", [
    # the post names no date of its own
    "This entry was posted in <a href='/c/news'>News</a> and tagged <a href='/t/x'>indexing"
    "</a> on the blog's second anniversary. Bookmark the permalink.",
    # a story's sentence that only mentions a posting
    "The notice was posted on April 13, 2023 at the town hall, and residents were given two "
    "weeks to object to the plan, which the council had kept quiet until then.",
    # the date comes long after the opening: another sentence's
    "This entry was posted in News and tagged indexing, journals, libraries, catalogues, "
    "archives, records, registers and search, by the editors of the journal. The next issue "
    "is due on April 13, 2023.",
])
def test_a_sentence_that_gives_no_date_of_the_post_is_not_the_date(sentence: str) -> None:
    meta = _meta(f"""<html><body><div class="post"><h2>Indexing journals</h2>{FILLER}
    <p class="postmetadata"><small>{sentence}</small></p></div></body></html>""")
    assert meta.date_published is None


def test_a_posts_sentence_in_a_comment_is_not_the_date() -> None:
    meta = _meta(f"""<html><body><h1>Indexing journals</h1>{FILLER}
    <div class="comments"><p>This post was published on April 13, 2023, and I read it then.
    </p></div></body></html>""")
    assert meta.date_published is None


def test_an_own_post_opening_needs_a_word_boundary() -> None:
    own = date_labels().own_post
    assert own.match("this entry was posted on")
    assert own.match("Dieser   Beitrag\nwurde am")
    assert not own.match("this entry was postedit")


@pytest.mark.parametrize(("received", "accepted", "published"), [
    ("Received: 3 March 2020", "Accepted: 5 May 2020", "Published: 10 May 2020"),
    ("Eingegangen: 03.03.2020", "Angenommen: 05.05.2020", "Veröffentlicht: 10.05.2020"),
    ("Reçu le 3 mars 2020", "Accepté le 5 mai 2020", "Publié le 10 mai 2020"),
    ("Recibido: 3 de marzo de 2020", "Aceptado: 5 de mayo de 2020",
     "Publicado: 10 de mayo de 2020"),
    ("收稿日期：2020-03-03", "接受日期：2020-05-05", "发布日期：2020-05-10"),
])
def test_a_papers_history_gives_its_publication_not_its_submission(
        received: str, accepted: str, published: str) -> None:
    # a journal lists a paper's history under its title: received, accepted, published
    meta = _meta(f"""<html><body><h1>Indexing journals</h1><div class="history">
    <p>{received}</p><p>{accepted}</p><p>{published}</p></div>{FILLER}</body></html>""")
    assert meta.date_published == "2020-05-10"
