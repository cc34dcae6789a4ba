from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources

import pytest

from scrapy_cleanarticle.rules import compile_rules, name_rules, trie_regex
from scrapy_cleanarticle.textutil import fold


def test_trie_regex_matches_exactly_the_words() -> None:
    words = ["ad", "ads", "advert", "read", "read more"]
    pat = re.compile("^(?:" + trie_regex(words) + ")$")
    for w in words:
        assert pat.match(w)
    for w in ("a", "adv", "reader", "read mor"):
        assert not pat.match(w)


def test_rules_are_immutable_and_cached() -> None:
    rules = compile_rules()
    assert rules is compile_rules()
    with pytest.raises(TypeError):
        rules.phrases.exact["x"] = "ad_marker"  # type: ignore[index]


@pytest.mark.parametrize(("text", "cls"), [
    ("Weiter nach der Anzeige", "ad_marker"),
    ("PUBLICITÉ", "ad_marker"),
    ("¿Ya eres suscriptor?", "subscription_prompt"),
    ("Iscriviti alla newsletter", "newsletter_signup"),
    ("Tout accepter", "cookie_notice"),
])
def test_phrases_cover_several_languages(text: str, cls: str) -> None:
    assert compile_rules().phrases.exact_class(fold(text)) == cls


@pytest.mark.parametrize(("value", "cls"), [
    ("ad-container", "ad_marker"), ("wp-block-share", "share_bar"), ("cookie-banner", "cookie_notice"),
    ("post-tags", "tag_list"), ("related-posts", "related_links"), ("article-body", None),
    ("header", None), ("social-media-embed", None), ("twitter-tweet", None),
    # the first token decides: "share" comes before "newsletter", whatever the kinds
    ("share-tools newsletter-box", "share_bar"), ("newsletter-box share-tools", "newsletter_signup"),
    # a substring rule (vendor names glued into camelCase) counts where it starts
    ("x-outbrainWidget related-posts", "ad_marker"), ("related-posts x-outbrainWidget", "related_links"),
    # an embed token anywhere keeps the element, even after a noise token
    ("share-tools twitter-tweet", None), ("adSlot_wrapper", "ad_marker"),
])
def test_class_tokens(value: str, cls: str | None) -> None:
    assert compile_rules().tokens.match(value) == cls


@pytest.mark.parametrize("value", [
    "ad_slot", "ad slot", "AD--Slot", "ad -_ slot", "sign_up-form", "x-outbrainWidget",
    "tag__list", "sp_message_container", "mc4wp-form", "post_tags wrap", "md:hidden share",
    "caf\u00e9-ad", "\u00e9ad-slot", "ad\u00e9 slot", "twitter_tweet", "social  media--embed",
    "read-more-link", "readMore", "", "__", "a2a_kit", "Cookie_Banner x",
])
def test_a_class_value_decides_as_its_folded_form(value: str) -> None:
    """The token rules read the value as written, a rule's "-" standing for any run of
    separators: folding the value first (every run of them to one "-") must not change the
    word that decides, nor the class."""
    tokens = compile_rules().tokens
    folded = re.sub(r"[\W_]+", "-", value)
    assert tokens.word(value) == tokens.word(folded)
    assert tokens.match(value) == tokens.match(folded)


def test_separator_runs_join_a_rules_parts() -> None:
    tokens = compile_rules().tokens
    for value in ("ad_slot", "ad slot", "ad--slot", "Ad_-_Slot"):
        assert tokens.word(value) == "adslot"  # the compound, not its first part "ad"
    assert tokens.word("adxslot") is None  # a letter is no separator
    assert tokens.word("sp message") == "spmessage"  # a substring rule's parts likewise


def test_language_filter() -> None:
    en_only = compile_rules(languages=("en",))
    assert en_only.phrases.exact_class(fold("Anzeige")) is None
    assert en_only.phrases.exact_class(fold("Advertisement")) == "ad_marker"


def test_regexes_do_not_backtrack_on_long_runs() -> None:
    rules = compile_rules()
    assert not rules.phrases.contained(fold("subscribe " * 100_000))
    assert len(rules.phrases.contained(fold("subscribe to our newsletter " * 20_000))) >= 20_000
    assert rules.tokens.match("a" * 200_000 + "-" * 200_000) is None


def test_name_hints_are_data_and_each_is_read() -> None:
    """names.json holds every class/id name hint, and each of its rules is a field the code
    reads: a rule added to one side only fails here, not silently in extraction."""
    names = name_rules()
    data = json.loads(resources.files("scrapy_cleanarticle.rules").joinpath("names.json")
                      .read_text("utf-8"))
    data.pop("_doc")
    fields = {f.name for f in dataclasses.fields(names)} - {"words", "quick"}
    assert set(data) == fields
    for key, entry in data.items():
        assert entry.get("doc"), key
        for word in entry.get("quick", ()):  # the quick test never rejects a real match
            assert word == word.lower()


@pytest.mark.parametrize(("rule", "value", "hit"), [
    ("story", "entry-content", True),
    ("story", "contentious", False),  # a whole word only
    ("not_story", "site-sidebar", True),
    ("discussion", "comments-area", True),
    ("caption", "wp-caption-text", True),
    ("site_chrome", "site-header__logo", True),
    ("date_noise", "related-posts", True),
    ("date_box", "artikel-datum", True),
    ("date_box", "fecha-publicacion", True),
    ("date_box", "navbar-toggle", False),
    ("site_footer", "site-footer__address", True),
    ("site_footer", "story-body", False),
    ("headline_box", "entry-title h2", True),
    ("headline_box", "noticia-titular", True),
    ("headline_box", "widget-title", False),
    ("author_name", "author-name", True),
    ("site_footer", "breadcrumbs", True),
    ("author", "autor-box", True),
    ("author", "autoren", True),
    ("author", "autorefs autorefs-internal", False),  # MkDocs' code references
    ("author", "autoresize", False),
    ("author", "link authorization-link", False),  # a login link
    ("author", "authorities-governing-board", False),
    ("author", "post-author", True),
    ("byline_not_name", "author_des mob", True),
    ("byline_not_name", "author-position", True),
    ("byline_not_name", "position-relative", False),  # a layout utility
    ("byline_not_name", "author-name", False),
    ("byline_not_container", "customer_review_author", True),
])
def test_name_hints_match_what_they_say(rule: str, value: str, hit: bool) -> None:
    pattern = getattr(name_rules(), rule)
    assert bool(pattern.search(value)) is hit


def test_hidden_hint_quick_words_cover_the_pattern() -> None:
    names = name_rules()
    for value in ("is-hidden", "sr-only", "offscreen", "invisible", "screen-reader-text"):
        assert names.hidden_hint.search(value)
        assert any(word in value.lower() for word in names.quick["hidden_hint"])


@pytest.mark.parametrize("text", [
    "[photo: jane doe / agency]", "(credit: ap)", "listen to this article 5 min", "comments (3)",
    "kommentare", "a story line [image credit] with more after it", "",
])
def test_patterns_read_as_one_alternation_decide_as_each_in_turn(text: str) -> None:
    rules = compile_rules().phrases
    one_by_one = next((cls for pattern, cls in rules.patterns if pattern.fullmatch(text)), None)
    assert rules.pattern_class(text) == one_by_one
    assert (one_by_one is None) == (text.startswith("a story") or not text)
