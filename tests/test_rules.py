from __future__ import annotations

import re

import pytest

from scrapy_cleanarticle.rules import compile_rules, trie_regex
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


def test_language_filter() -> None:
    en_only = compile_rules(languages=("en",))
    assert en_only.phrases.exact_class(fold("Anzeige")) is None
    assert en_only.phrases.exact_class(fold("Advertisement")) == "ad_marker"


def test_regexes_do_not_backtrack_on_long_runs() -> None:
    rules = compile_rules()
    assert not rules.phrases.contained(fold("subscribe " * 100_000))
    assert len(rules.phrases.contained(fold("subscribe to our newsletter " * 20_000))) >= 20_000
    assert rules.tokens.match("a" * 200_000 + "-" * 200_000) is None
