"""The collector pause around a page: off inside, restored after, shared by threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from scrapy_cleanarticle import api, clean_article, clean_html
from scrapy_cleanarticle.gcpause import collector_paused
from scrapy_cleanarticle.page import Page

_PAGE = ("<html><head><title>A story</title></head><body><article><h1>A story</h1>"
         + "<p>" + "A sentence of the story that runs on for a while. " * 8 + "</p>"
         + "</article></body></html>")


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_off_inside_and_on_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_switch_it_on_once_at_the_end() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_threads_share_one_pause() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread is still cleaning its page
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_clean_article_runs_its_stages_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def probe(page: Page) -> None:
        seen.append(gc.isenabled())

    monkeypatch.setattr(api, "ARTICLE_STAGES", (*api.ARTICLE_STAGES, probe))
    article = clean_article(_PAGE, "https://example.com/a-story")
    assert "A sentence of the story" in article.articleBody
    assert seen == [False]
    assert gc.isenabled()


def test_clean_html_restores_the_collector() -> None:
    assert "A sentence of the story" in clean_html(_PAGE, "https://example.com/a-story")
    assert gc.isenabled()
