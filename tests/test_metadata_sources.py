"""JSON-LD, microdata and meta-tag sources, each on a small hand-written page."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import extract_metadata
from scrapy_cleanarticle.metadata.jsonld import extract_jsonld
from scrapy_cleanarticle.metadata.meta import read_meta
from scrapy_cleanarticle.metadata.microdata import extract_microdata


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


GRAPH = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://ex.org/#site", "name": "Example Times"},
  {"@type": "Person", "@id": "https://ex.org/#p1", "name": "Jane Roe"},
  {"@type": "NewsArticle", "headline": "Teaser story", "datePublished": "2019-01-01"},
  {"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://ex.org/a/story"},
   "headline": "Real story", "author": [{"@id": "https://ex.org/#p1"}, {"name": "Ann Lee"}],
   "datePublished": "2020-05-15T07:11:00+02:00", "dateModified": "2020-05-16T00:00:00Z",
   "image": {"@type": "ImageObject", "url": "https://ex.org/i.jpg", "caption": "A cat"},
   "publisher": {"@type": "Organization", "name": "Example Media"},
   "keywords": "cats, dogs", "articleBody": "Body text."},
  {"@type": "BreadcrumbList", "itemListElement": [
    {"@type": "ListItem", "position": 2, "item": {"@id": "https://ex.org/news", "name": "News"}},
    {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://ex.org/"}]}
]}</script></head><body></body></html>"""


def test_jsonld_graph_picks_this_pages_article_and_resolves_references() -> None:
    info = extract_jsonld(tree(GRAPH), {"https://ex.org/a/story"})
    assert info.headline == "Real story"
    assert info.authors == ("Jane Roe", "Ann Lee")
    assert info.date_published == "2020-05-15T07:11:00+02:00"
    assert info.date_modified == "2020-05-16T00:00:00Z"
    assert info.images == (("https://ex.org/i.jpg", "A cat"),)
    assert info.publisher == "Example Media"
    assert info.website_name == "Example Times"
    assert info.keywords == ("cats", "dogs")
    assert info.breadcrumbs == (("Home", "https://ex.org/"), ("News", "https://ex.org/news"))
    assert info.has_article and info.body == "Body text."


def test_jsonld_survives_broken_json_and_skips_garbage() -> None:
    html = """<html><head>
    <script type="application/ld+json">{"@type": "Article", "headline": "Fine",}</script>
    <script type="application/ld+json">{not json at all</script></head></html>"""
    assert extract_jsonld(tree(html), set()).headline == "Fine"


def _script(text: str) -> str:
    return f"""<html><head><script type="application/ld+json">{text}</script></head></html>"""


@pytest.mark.parametrize("text", [
    # PHP's addslashes before a quote that JSON does not escape
    r"""{"@type": "Article", "headline": "The mayor\'s plan", "datePublished": "2019-03-12"}""",
])
def test_jsonld_with_escapes_json_does_not_know_is_read_whole(text: str) -> None:
    info = extract_jsonld(tree(_script(text)), set())
    assert info.headline == "The mayor's plan"
    assert info.date_published == "2019-03-12"


@pytest.mark.parametrize("text", [
    # an unescaped quote in a description, a comment before the object, a missing comma
    """{"@type": "NewsArticle", "description": "Jewels after "Jewels", a show",
    "datePublished": "2019-03-12T10:00:00+01:00", "dateModified": "2019-04-01"}""",
    """/* article */ {"@type": "NewsArticle", "datePublished": "2019-03-12T10:00:00+01:00",
    "dateModified": "2019-04-01"}""",
    """{"@type": "NewsArticle" "datePublished": "2019-03-12T10:00:00+01:00",
    "dateModified": "2019-04-01"}""",
])
def test_the_dates_of_jsonld_that_does_not_parse_are_salvaged(text: str) -> None:
    info = extract_jsonld(tree(_script(text)), set())
    assert info.date_published == "2019-03-12T10:00:00+01:00"
    assert info.date_modified == "2019-04-01"
    assert info.has_article
    assert info.headline is None  # a headline read so could end at an inner quote


def test_a_salvaged_object_gives_way_to_a_parsed_one() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "WebPage",
    "name": "Page", "datePublished": "2019-03-12T10:00:00+01:00"}</script>
    <script type="application/ld+json">{"@type": "Article", "description": "a "b" c",
    "datePublished": "2019-03-12"}</script></head></html>"""
    assert extract_jsonld(tree(html), set()).date_published == "2019-03-12T10:00:00+01:00"


def test_jsonld_that_states_no_date_is_not_salvaged() -> None:
    assert extract_jsonld(tree(_script('{"@type": "Article", "headline": "a "b" c"}')),
                          set()).page_type is None


def test_jsonld_falls_back_to_webpage_object() -> None:
    html = """<html><head><script type="application/ld+json">
    [{"@type": "WebPage", "name": "Page name", "datePublished": "2021-02-03"}]
    </script></head></html>"""
    info = extract_jsonld(tree(html), set())
    assert info.headline == "Page name" and not info.has_article


def test_microdata_reads_only_the_articles_own_properties() -> None:
    html = """<html><body><article itemscope itemtype="https://schema.org/NewsArticle">
      <h1 itemprop="headline">Micro headline</h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Carla Diaz</span></span>
      <time itemprop="datePublished" datetime="2018-03-04T10:00:00Z">March 4</time>
      <div itemprop="image" itemscope itemtype="https://schema.org/ImageObject">
        <meta itemprop="url" content="https://ex.org/m.jpg"></div>
      <aside itemscope itemtype="https://schema.org/NewsArticle">
        <time itemprop="datePublished" datetime="2011-01-01">old teaser</time></aside>
    </article></body></html>"""
    info = extract_microdata(tree(html))
    assert info.headline == "Micro headline"
    assert info.authors == ("Carla Diaz",)
    assert info.date_published == "2018-03-04T10:00:00Z"
    assert info.image == "https://ex.org/m.jpg"


META = """<html lang="de-DE"><head><title>Die Schlagzeile | Beispielblatt</title>
<meta property="og:title" content="Die Schlagzeile | Beispielblatt">
<meta property="og:site_name" content="Beispielblatt">
<meta property="og:description" content="Worum es geht.">
<meta property="og:image" content="/img/lead.jpg">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2020-05-15T05:11:00Z">
<meta property="article:modified_time" content="2020-05-16T05:11:00Z">
<meta property="article:tag" content="Wirtschaft"><meta property="article:tag" content="Obst">
<meta name="author" content="Von Melanie Wassink">
<link rel="canonical" href="https://beispiel.de/a/1"></head><body><h1>Die Schlagzeile</h1>
</body></html>"""


def test_meta_tags_fill_every_field() -> None:
    meta = extract_metadata(tree(META), "https://beispiel.de/a/1?x=1", config=DEFAULT_CONFIG)
    assert meta.headline == "Die Schlagzeile"
    assert meta.site_name == "Beispielblatt"
    assert meta.description == "Worum es geht."
    assert meta.main_image is not None and meta.main_image.url == "https://beispiel.de/img/lead.jpg"
    # the UTC stamps, told in the German page's zone (zones.from_utc)
    assert meta.date_published == "2020-05-15T07:11:00+02:00"
    assert meta.date_modified == "2020-05-16T07:11:00+02:00"
    assert [a.name for a in meta.authors] == ["Melanie Wassink"]
    assert meta.authors[0].nameRaw == "Von Melanie Wassink"
    assert meta.tags == ("Wirtschaft", "Obst")
    assert meta.canonical_url == "https://beispiel.de/a/1"
    assert meta.in_language == "de"
    assert meta.page_type == "article"


def test_twitter_dc_and_parsely_meta_are_fallbacks() -> None:
    html = """<html><head>
    <meta name="twitter:title" content="Tweet title">
    <meta name="DC.date.issued" content="2017-07-01">
    <meta name="parsely-author" content="Pat Kim">
    <meta name="twitter:image" content="https://ex.org/t.jpg"></head></html>"""
    meta = extract_metadata(tree(html), None, config=DEFAULT_CONFIG)
    assert meta.headline == "Tweet title"
    assert meta.date_published == "2017-07-01"
    assert [a.name for a in meta.authors] == ["Pat Kim"]
    assert meta.main_image is not None and meta.main_image.url == "https://ex.org/t.jpg"


def test_parsely_page_blob_is_read() -> None:
    html = """<html><head><meta name="parsely-page"
    content='{"title": "Blob title", "pub_date": "2016-12-01T18:01:00Z", "author": "Sam Poe"}'>
    </head></html>"""
    mt = read_meta(tree(html))
    assert mt.first(("parsely-title",)) == "Blob title"
    assert mt.first(("parsely-author",)) == "Sam Poe"


@pytest.mark.parametrize(("attr", "name", "value", "published", "modified"), [
    ("name", "pdate", "20100305", "2010-03-05", None),
    ("name", "publication_date", "2010-03-05", "2010-03-05", None),
    ("name", "dc.date.publication", "2010-03-05", "2010-03-05", None),
    ("property", "og:pubdate", "2010-03-05T14:30:00Z", "2010-03-05T14:30:00+00:00", None),
    ("name", "shareaholic:article_published_time", "2010-03-05T14:30:00+01:00",
     "2010-03-05T14:30:00+01:00", None),
    ("name", "lastmodified", "2010-03-07", None, "2010-03-07"),
    ("property", "article:modified", "2010-03-07", None, "2010-03-07"),
])
def test_older_date_meta_names_are_read(attr: str, name: str, value: str,
                                        published: str | None, modified: str | None) -> None:
    html = f"""<html><head><meta {attr}="{name}" content="{value}"></head>
    <body><h1>Council approves the town centre plan</h1></body></html>"""
    meta = extract_metadata(tree(html), None, config=DEFAULT_CONFIG)
    assert (meta.date_published, meta.date_modified) == (published, modified)


def test_modified_date_is_never_taken_for_published() -> None:
    html = """<html><head>
    <meta property="article:modified_time" content="2020-01-02T00:00:00Z"></head></html>"""
    meta = extract_metadata(tree(html), None, config=DEFAULT_CONFIG)
    assert meta.date_published is None
    assert meta.date_modified == "2020-01-02T00:00:00+00:00"


def test_extract_metadata_does_not_mutate_the_tree() -> None:
    root = tree(GRAPH)
    before = lxml.html.tostring(root)
    extract_metadata(root, "https://ex.org/a/story", config=DEFAULT_CONFIG)
    assert lxml.html.tostring(root) == before


def test_one_walk_finds_what_the_xpaths_found() -> None:
    """``gather.walk`` stands for ``/html/head/title`` (else the first ``<title>``),
    ``//h1[normalize-space()]``, ``//meta[@content or @value]``, ``//link[@rel][@href]``,
    JSON-LD scripts in any case, and ``itemscope`` elements with an ``itemtype``."""
    from scrapy_cleanarticle.metadata.gather import walk

    found = walk(tree("""<html><head><meta name="a"><meta name="b" value="x">
    <link rel="x"><link rel="canonical" href="/c"><title>Head title</title></head><body>
    <svg><title>Icon</title></svg><h1> </h1><h1>Real</h1>
    <script type="Application/LD+JSON">{}</script><script>var x;</script>
    <div itemscope></div><div itemscope itemtype="https://schema.org/Article"></div>
    </body></html>"""))
    assert found.title is not None and found.title.text == "Head title"
    assert [h.text for h in found.h1s] == ["Real"]
    assert found.first_h1 is not None and found.first_h1.text == " "
    assert [m.get("name") for m in found.metas] == ["b"]
    assert [link.get("rel") for link in found.links] == ["canonical"]
    assert len(found.scripts) == 1
    assert [s.get("itemtype") for s in found.scopes] == ["https://schema.org/Article"]
    body_only = walk(tree("<html><body><svg><title>Icon</title></svg></body></html>"))
    assert body_only.title is not None and body_only.title.text == "Icon"


def test_meta_values_are_cleaned_once_when_read() -> None:
    mt = read_meta(tree("""<html><head><meta name="description" content="  A &amp;amp;amp; B  ">
    <meta name="author" content="   "><meta name="author" content="Jo Doe"></head></html>"""))
    # the parser unescapes the attribute once and clean_text once more, never a third time
    assert mt.first(("description",)) == "A &amp; B"
    assert mt.first(("description",)) == "A &amp; B"  # the cached value
    assert mt.first(("author",)) == "Jo Doe"
    assert mt.all(("author",)) == ["Jo Doe"]


def test_byline_outside_the_headline_block_is_found_near_it_not_anywhere() -> None:
    block = "<div><div><div><div><h1>The story headline here</h1></div></div></div></div>"
    filler = "".join(f"<p>Paragraph {i}</p>" for i in range(700))
    near = f"""<html><body><div class="author">Dallas Robinson</div><section>{block}</section>
    <p>Body text.</p></body></html>"""
    far = f"""<html><body><section>{block}</section>{filler}
    <div class="author">Kim Farr</div></body></html>"""
    assert [a.name for a in extract_metadata(tree(near), None, config=DEFAULT_CONFIG)
            .authors] == ["Dallas Robinson"]
    assert extract_metadata(tree(far), None, config=DEFAULT_CONFIG).authors == ()


def test_microdata_work_item_gives_authors_but_not_the_headline() -> None:
    html = """<html><body><div itemscope itemtype="http://schema.org/VideoObject">
    <link itemprop="url" href="https://ex.org/v/1"><meta itemprop="name" content="Talk title">
    <span itemprop="author" itemscope itemtype="http://schema.org/Person">
      <link itemprop="name" content="Confreaks"></span>
    <meta itemprop="datePublished" content="2016-09-27"></div>
    <div itemscope itemtype="http://schema.org/Person" itemprop="x"><meta itemprop="name"
      content="Other"></div></body></html>"""
    info = extract_microdata(tree(html), declared_article=False)
    assert info.authors == ("Confreaks",)
    assert info.date_published == "2016-09-27"
    assert info.headline is None
    assert not info.has_article
    # a player embedded in a page that says it is an article is not the page's work ...
    assert extract_microdata(tree(html), page_urls={"https://ex.org/news/story"}).authors == ()
    # ... unless the item names the page's URL as its own
    own = extract_microdata(tree(html), page_urls={"https://www.ex.org/v/1"})
    assert own.authors == ("Confreaks",)


def test_one_tag_per_author_meta_keeps_every_author() -> None:
    html = """<html><head><meta name="citation_author" content="Havell Markus">
    <meta name="citation_author" content="Jun Zhao"><meta name="citation_author" content="Ajay Goel">
    </head><body><h1>Cell-free DNA in a large cohort of patients</h1></body></html>"""
    meta = extract_metadata(tree(html), None, config=DEFAULT_CONFIG)
    assert [a.name for a in meta.authors] == ["Havell Markus", "Jun Zhao", "Ajay Goel"]
    html = """<html><head><meta name="author" content="Jane Roe"><meta name="author"
    content="Site Team"></head><body><h1>x</h1></body></html>"""
    meta = extract_metadata(tree(html), None, config=DEFAULT_CONFIG)
    assert [a.name for a in meta.authors] == ["Jane Roe"]
