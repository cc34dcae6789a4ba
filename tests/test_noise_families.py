"""Noise families: a noise kind is recognised by its grammar, in wordings no rule lists.

The phrasings here are written for these tests (no list in the rules holds them), in many
languages, so they fail if the families only knew fixed sentences. Each test also checks that
the story around the noise survives.
"""

from __future__ import annotations

import json
from importlib import resources

import lxml.html
import pytest
from test_noise import STORY, page

from scrapy_cleanarticle import CleanerConfig, clean_article, clean_html
from scrapy_cleanarticle.errors import ConfigError
from scrapy_cleanarticle.rules import compile_rules
from scrapy_cleanarticle.textutil import fold


def _clean(html: str, config: CleanerConfig | None = None) -> tuple[str, dict[str, int]]:
    art = clean_article(html, url="https://news.example/a", config=config)
    for para in STORY:
        assert para in art.articleBody, f"story paragraph lost: {para[:40]}"
    removed = art.metadata.get("removed")
    assert isinstance(removed, dict)
    return art.articleBody, removed


def _text(fragment: str) -> str:
    return lxml.html.fromstring(f"<div>{fragment.replace('<', ' <')}</div>").text_content().strip()


@pytest.mark.parametrize(("noise", "cls"), [
    ("<p>Sponsored · the story goes on below</p>", "ad_marker"),
    ("<div>Ad: keep reading</div>", "ad_marker"),
    ("<p>Der Text wird nach der Werbung fortgesetzt</p>", "ad_marker"),
    ("<div>Publicité - l'article continue ci-dessous</div>", "ad_marker"),
    ("<p>El texto continúa después de la publicidad</p>", "ad_marker"),
    ("<p>Advertentie - het verhaal gaat verder onder de advertentie</p>", "ad_marker"),
    ("<p>Реклама. Продолжение статьи ниже</p>", "ad_marker"),
    ("<p>Reklam - haberin devamı aşağıda</p>", "ad_marker"),
    ("<p>广告 - 继续阅读下文</p>", "ad_marker"),
    ("<p>You've used all your free stories this month. Subscribe to keep reading.</p>",
     "subscription_prompt"),
    ("<p>Sie haben Ihr Limit an kostenlosen Artikeln erreicht. Jetzt Abo abschließen.</p>",
     "subscription_prompt"),
    ("<p>Has alcanzado el límite de artículos gratuitos. Suscríbete para seguir leyendo.</p>",
     "subscription_prompt"),
    ("<p>Soutenez le journalisme indépendant : faites un don.</p>", "subscription_prompt"),
    ("<p>Get our morning newsletter delivered to your inbox every weekday.</p>",
     "newsletter_signup"),
    ("<p>Iscriviti alla nostra newsletter per ricevere le notizie del giorno.</p>",
     "newsletter_signup"),
    ("<p>Подпишитесь на нашу рассылку и получайте главные новости.</p>", "newsletter_signup"),
    ("<p>Folgen Sie uns auf Instagram und Facebook.</p>", "share_bar"),
    ("<p>Síguenos en Instagram y TikTok</p>", "share_bar"),
    ("<div><p>Diese Website nutzt Cookies. Mit der Nutzung stimmen Sie der Verwendung zu.</p></div>",
     "cookie_notice"),
    ("<p>Ta strona korzysta z plików cookie. Korzystając z niej, wyrażasz zgodę.</p>",
     "cookie_notice"),
    ("<p>We care about your data. We use it to personalise content and ads; you can change your "
     "consent at any time.</p>", "cookie_notice"),
])
def test_family_removes_unlisted_wordings(noise: str, cls: str) -> None:
    text, removed = _clean(page(noise))
    assert _text(noise) not in text
    assert removed.get(cls, 0) >= 1


def test_long_consent_notice_goes_beyond_the_phrase_limit() -> None:
    notice = ("We and our partners use cookies and similar technologies to store and access "
              "information on your device, to measure traffic, to personalise content and ads and "
              "to provide social media features. By clicking accept you consent to this use of "
              "cookies; you can change your choices in the settings at any time.")
    assert len(notice) > CleanerConfig().phrase_block_max_chars
    text, _ = _clean(page(f"<p>{notice}</p>"))
    assert "similar technologies" not in text


@pytest.mark.parametrize("para", [
    "The advertising industry continued to grow after the pandemic, with sponsored posts now a "
    "major revenue source.",
    "The regulator said the site used cookies to track users without asking for their consent, "
    "and fined the company.",
    "Subscribers to the streaming service saw prices rise by 20 percent after the merger.",
    "The app lets users download maps for offline use, a feature hikers had long requested.",
    "Die Anzeige wurde nach dem Vorfall bei der Polizei erstattet, wie ein Sprecher mitteilte.",
    "La publicité continue d'inquiéter les parents, selon une étude publiée mardi.",
])
def test_story_sentences_that_mention_the_words_stay(para: str) -> None:
    text, _ = _clean(page(f"<p>{para}</p>"))
    assert para in text


def test_partial_grammar_needs_a_structural_cue() -> None:
    words = "Our readers get the Monday newsletter, with the week in review"
    match = compile_rules().phrases.family(fold(words))
    assert match is not None and not match.strong  # the words alone are not enough
    # under a subheading (not between two story paragraphs) and unnamed, it stays...
    kept, _ = _clean(page(f"<h2>How the council reports</h2><p>{words}</p>"))
    assert words in kept
    # ...but alone between two story paragraphs, or under a noise class, it goes
    alone, _ = _clean(page(f"<p>{words}</p>"))
    assert words not in alone
    named, _ = _clean(page(f"<div><span class='promo-box'>{words}</span></div>"))
    assert words not in named


def test_a_form_control_is_a_structural_cue() -> None:
    words = "Our readers get the Monday newsletter, with the week in review"
    with_button = (f"<h2>How the council reports</h2><div><p>{words}</p>"
                   "<input type='email' name='email'><button>Go</button></div>")
    removed, _ = _clean(page(with_button))
    assert words not in removed
    hidden_input = (f"<h2>How the council reports</h2><div><p>{words}</p>"
                    "<input type='hidden' name='token'></div>")
    kept, _ = _clean(page(hidden_input))
    assert words in kept


def test_users_extend_a_family_from_the_config() -> None:
    noise = "<p>Abonnieren Sie jetzt unseren Rundbrief</p>"
    default, _ = _clean(page(noise))
    assert "Rundbrief" in default
    config = CleanerConfig(extra_phrases={"newsletter_signup/target": ["rundbrief"]})
    extended, _ = _clean(page(noise), config)
    assert "Rundbrief" not in extended


def test_unknown_family_slot_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no slot"):
        compile_rules((("newsletter_signup/nonsense", "x"),))
    with pytest.raises(ConfigError):
        CleanerConfig(extra_phrases={"no_such_class/target": ["x"]})


def test_every_required_slot_covers_every_language() -> None:
    """The grammar is kept for every language the phrase rules cover, not for English only."""
    rules = resources.files("scrapy_cleanarticle.rules")
    phrases = json.loads(rules.joinpath("phrases.json").read_text(encoding="utf-8"))
    families = json.loads(rules.joinpath("families.json").read_text(encoding="utf-8"))
    languages = {lang for cls, kinds in phrases.items() if cls != "_doc"
                 for by_lang in kinds.values() for lang in by_lang} - {"any"}
    assert len(languages) >= 25
    for cls, family in families["families"].items():
        for slot in {s for need in family["require"] for s in need}:
            have = set(family["slots"][slot])
            assert "any" in have or languages <= have, (cls, slot, sorted(languages - have))


def test_a_word_fills_every_slot_whose_stem_it_starts_with() -> None:
    """"subscribe" starts both the sign-up verb stem and the paywall offer stem: a paywall
    line needs the offer slot even though the longer stem also matches."""
    match = compile_rules().phrases.family(fold("You have read all your free stories. "
                                                "Subscribe to keep reading."))
    assert match is not None and match.cls == "subscription_prompt" and match.strong


@pytest.mark.parametrize("text", [
    "本站使用Cookie，继续浏览即表示您同意。",  # a Latin word inside Han text keeps its edges
    "広告 記事の続きは下へ",
])
def test_scripts_without_spaces_are_matched(text: str) -> None:
    match = compile_rules().phrases.family(fold(text))
    assert match is not None and match.strong


@pytest.mark.parametrize("text", [
    "the of and to in for with",  # filler alone is no grammar
    "cookies",  # one slot word alone
    "Crumbled cookies, accepted with thanks by the bakers' guild on Tuesday afternoon, were",
])
def test_no_grammar_no_match(text: str) -> None:
    match = compile_rules().phrases.family(fold(text))
    assert match is None or not match.strong


@pytest.mark.parametrize(("noise", "cls"), [
    ("<div><h4>Newsletter</h4><p>The essential news, every morning.</p></div>", "newsletter_signup"),
    ("<div><p>We value your privacy</p><p>We and our partners store and/or access information "
     "on a device.</p></div>", "cookie_notice"),
])
def test_box_structure_is_read(noise: str, cls: str) -> None:
    """A label heading names its box; block children are read as separate sentences."""
    text, removed = _clean(page(noise))
    assert _text(noise) not in text and "device" not in text and "morning" not in text
    assert removed.get(cls, 0) >= 1


def test_a_prompt_that_is_the_page_main_text_stays() -> None:
    """A login or offer page says nothing but its prompt: that prompt is its main text."""
    prompt = "Not a subscriber yet? See our offers and start reading for £1 for the first month."
    html = (f"<html><body><h1>Sign in</h1><p>{prompt}</p><p>Forgot your password?</p>"
            "</body></html>")
    assert prompt in clean_html(html, url="https://news.example/login")
    assert compile_rules().phrases.family(fold(prompt)) is not None  # it does read as one


_GATE_TEXTS = (
    "You have read all your free stories. Subscribe to keep reading.",
    "Get our morning newsletter delivered to your inbox every weekday.",
    "Sign up for the daily brief and log in to your account",
    "We and our partners store and/or access information on a device.",
    "本站使用Cookie，继续浏览即表示您同意。",
    "広告 記事の続きは下へ",
    "the of and to in for with",
    "Crumbled cookies, accepted with thanks by the bakers' guild on Tuesday afternoon, were",
    "Advertisement · Scroll to continue with the story",
)


@pytest.mark.parametrize("text", _GATE_TEXTS)
def test_the_candidate_gate_decides_as_a_full_scan(text: str) -> None:
    """The gate learns which words fill no required slot and matches phrases only when they
    could complete a requirement: each requirement must be met exactly when a scan of every
    word, stem, phrase and CJK word meets it, on first sight of the words and after."""
    # an extra word gives this test its own family set, with nothing learned yet
    families = compile_rules((("newsletter_signup/target", "gatetestword"),)).phrases.families
    assert families is not None
    folded = fold(text)
    full = {hit.slot for hit in families.lexicon.scan(folded)}
    needs = [need for family in families.families for need in family.require]
    for _ in range(2):
        found = families._gate.required_slots(folded, cjk=not folded.isascii())
        assert found <= full
        assert [need <= found for need in needs] == [need <= full for need in needs]


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_the_gate_forgets_when_full_and_still_decides_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its memory of chunks is bounded: when full it starts over, and decides as before."""
    from scrapy_cleanarticle.rules import families as fam
    monkeypatch.setattr(fam._Gate, "_LEARNED_MAX", 5)
    families = compile_rules((("newsletter_signup/target", "gateforgetword"),)).phrases.families
    assert families is not None
    needs = [need for family in families.families for need in family.require]
    for text in _GATE_TEXTS * 2:
        folded = fold(text)
        full = {hit.slot for hit in families.lexicon.scan(folded)}
        found = families._gate.required_slots(folded, cjk=not folded.isascii())
        assert [need <= found for need in needs] == [need <= full for need in needs]
        assert len(families._gate.blank) + len(families._gate.chunks) <= 5
