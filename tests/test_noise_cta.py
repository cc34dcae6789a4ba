"""Calls to action and affiliate disclosures: marketing that sits inside the main text.

"Book a demo" and "Request a quote" buttons (links styled as buttons, in any language) and "we
may earn a commission" lines are recognised by their grammar (rules/families.json). A call to
action is as short as a story's own sentence, so its words never settle it alone: only markup
(a link, a button, a noise name) may confirm it. The phrasings are written for these tests.
"""

from __future__ import annotations

import pytest
from test_noise import STORY, page
from test_noise_families import _clean, _text


@pytest.mark.parametrize(("noise", "cls"), [
    ("<p><a href='/demo'>Book your free demo</a></p>", "call_to_action"),
    ("<p><a href='/start'>Get started today</a> <a href='/demo'>Schedule a demo</a></p>",
     "call_to_action"),
    ("<div><a class='btn' href='/q'>Request a quote</a></div>", "call_to_action"),
    ("<p><a href='/contact'>Talk to an expert</a></p>", "call_to_action"),
    ("<p><a href='/kontakt'>Jetzt Beratungstermin vereinbaren</a></p>", "call_to_action"),
    ("<p><a href='/devis'>Demandez votre devis</a></p>", "call_to_action"),
    ("<p><a href='/cita'>Pide tu cita ahora</a></p>", "call_to_action"),
    ("<p><a href='/cart'>Add to cart</a></p>", "call_to_action"),
    ("<p><em>We may earn a commission when you buy through links on this page.</em></p>",
     "affiliate_disclosure"),
    ("<p>Disclosure: this post contains affiliate links, and we earn from qualifying purchases.</p>",
     "affiliate_disclosure"),
    ("<p>Wir erhalten eine kleine Provision, wenn Sie über diese Links kaufen.</p>",
     "affiliate_disclosure"),
    ("<p>Cet article contient des liens affiliés : nous touchons une commission sur vos achats.</p>",
     "affiliate_disclosure"),
    ("<p>Enjoying this piece? Unlock every story with a digital pass for just $1 a week.</p>",
     "subscription_prompt"),
    ("<p>Этот материал доступен только подписчикам.</p>", "subscription_prompt"),
    ("<p>Support local journalism. Become a member today.</p>", "subscription_prompt"),
    ("<p>— Sponsored message —</p>", "ad_marker"),
    ("<p>Messaggio sponsorizzato</p>", "ad_marker"),
    ("<p>Listen to this article · 4 min</p>", "boilerplate"),
    ("<p>Artikel anhören · 5 Minuten</p>", "boilerplate"),
    ("<p>Comments (14)</p>", "boilerplate"),
    ("<p>Kommentare 3</p>", "boilerplate"),
    ("<p>تابعونا على فيسبوك وتويتر</p>", "share_bar"),
])
def test_noise_in_wordings_no_list_holds_goes(noise: str, cls: str) -> None:
    text, removed = _clean(page(noise))
    assert _text(noise) not in text
    assert removed.get(cls, 0) >= 1


def test_a_call_to_action_worded_as_a_story_sentence_stays() -> None:
    """Between two story paragraphs, without a link or button, "Try it now." is story text."""
    text, removed = _clean(page("<p>Try it now.</p><p>Call us today.</p>"))
    assert "Try it now." in text and "Call us today." in text
    assert not removed.get("call_to_action")


def test_a_story_about_affiliate_marketing_keeps_its_sentences() -> None:
    sentence = "Affiliate marketers earn commissions on purchases made through their links."
    text, removed = _clean(page(f"<p>{sentence}</p>"))
    assert sentence in text and not removed.get("affiliate_disclosure")
    assert all(para in text for para in STORY)
