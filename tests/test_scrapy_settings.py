"""The settings object, the add-on, and the docs that list both."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from scrapy_cleanarticle.article import FIELD_NAMES
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.errors import ConfigError
from scrapy_cleanarticle.scrapy.addon import MIDDLEWARE_PATH, PIPELINE_PATH, Addon
from scrapy_cleanarticle.scrapy.settings import DEFAULTS, SETTINGS, CleanArticleSettings

DOCS = Path(__file__).resolve().parent.parent / "docs"
MANUAL = {"ITEM_PIPELINES": {PIPELINE_PATH: 800}}
MANUAL_WITH_MIDDLEWARE = {**MANUAL, "DOWNLOADER_MIDDLEWARES": {MIDDLEWARE_PATH: 650}}


def conf(**values: Any) -> CleanArticleSettings:
    return CleanArticleSettings.from_settings(Settings(values))


def test_defaults() -> None:
    c = conf()
    assert c == CleanArticleSettings()
    assert c.fields == FIELD_NAMES
    assert c.cleaner == CleanerConfig()
    assert (c.on_error, c.on_empty, c.workers, c.html_field) == ("keep", "keep", 0, "html")
    assert c.empty_log_level == logging.WARNING


def test_disabled_is_not_configured() -> None:
    with pytest.raises(NotConfigured):
        conf(CLEANARTICLE_ENABLED=False)
    with pytest.raises(NotConfigured):
        conf(CLEANARTICLE_ENABLED="0")  # as given by `-s CLEANARTICLE_ENABLED=0`


def test_every_setting_is_read() -> None:
    c = conf(CLEANARTICLE_HTML_FIELD="page", CLEANARTICLE_URL_FIELD="link",
             CLEANARTICLE_CONTENT_TYPE_FIELD="ctype", CLEANARTICLE_KEEP_HTML="true",
             CLEANARTICLE_FIELDS="url,articleBody,metadata",
             CLEANARTICLE_ITEM_CLASSES=["scrapy_support.ArticleItem"],
             CLEANARTICLE_ON_ERROR="drop", CLEANARTICLE_ON_EMPTY="DROP",
             CLEANARTICLE_EMPTY_LOG_LEVEL="info", CLEANARTICLE_DROP_LOG_LEVEL="WARNING",
             CLEANARTICLE_CLEAN_RESPONSES=True, CLEANARTICLE_WORKERS="3",
             CLEANARTICLE_TIMEOUT="2.5", CLEANARTICLE_MAX_TASKS_PER_WORKER=7,
             CLEANARTICLE_CLEAN_FUNCTION="a.b", CLEANARTICLE_CLEAN_HTML_FUNCTION="c.d")
    assert c.html_field == "page" and c.url_field == "link" and c.content_type_field == "ctype"
    assert c.keep_html is True
    assert c.fields == ("url", "articleBody", "metadata")
    assert c.item_classes == ("scrapy_support.ArticleItem",)
    assert (c.on_error, c.on_empty) == ("drop", "drop")
    assert c.empty_log_level == logging.INFO and c.drop_log_level == "WARNING"
    assert c.clean_responses is True
    assert (c.workers, c.timeout, c.max_tasks_per_worker) == (3, 2.5, 7)
    assert (c.clean_function, c.clean_html_function) == ("a.b", "c.d")


def test_cleaner_config_pass_through() -> None:
    c = conf(CLEANARTICLE_FAVOR="precision", CLEANARTICLE_NOISE_CLASSES=["ad_marker", "hidden"],
             CLEANARTICLE_EXTRA_PHRASES={"subscription_prompt": ["Become a member today"]},
             CLEANARTICLE_REMOVE_SELECTORS=[".promo", "//aside"],
             CLEANARTICLE_KEEP_SELECTORS=[".keep-me"], CLEANARTICLE_LANGUAGES="en,de",
             CLEANARTICLE_MAX_BYTES=1000, CLEANARTICLE_OVERSIZE="truncate",
             CLEANARTICLE_CONFIG={"min_body_chars": 50, "include_markdown": False})
    cc = c.cleaner
    assert cc.favor == "precision"
    assert cc.enabled_noise == frozenset({"ad_marker", "hidden"})
    assert cc.extra_phrases == (("subscription_prompt", "Become a member today"),)
    assert cc.remove_selectors == (".promo", "//aside")
    assert cc.keep_selectors == (".keep-me",)
    assert cc.languages == ("en", "de")
    assert (cc.max_bytes, cc.oversize, cc.min_body_chars) == (1000, "truncate", 50)
    assert cc.include_markdown is False


def test_extra_phrases_from_command_line_json() -> None:
    c = conf(CLEANARTICLE_EXTRA_PHRASES='{"ad_marker": ["Anzeige"]}')
    assert c.cleaner.extra_phrases == (("ad_marker", "Anzeige"),)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("CLEANARTICLE_WORKERS", -1, "CLEANARTICLE_WORKERS"),
    ("CLEANARTICLE_WORKERS", "many", "CLEANARTICLE_WORKERS"),
    ("CLEANARTICLE_WORKERS", 1.5, "CLEANARTICLE_WORKERS"),
    ("CLEANARTICLE_TIMEOUT", 0, "CLEANARTICLE_TIMEOUT"),
    ("CLEANARTICLE_MAX_TASKS_PER_WORKER", 0, "CLEANARTICLE_MAX_TASKS_PER_WORKER"),
    ("CLEANARTICLE_ON_ERROR", "ignore", "CLEANARTICLE_ON_ERROR"),
    ("CLEANARTICLE_ON_EMPTY", 42, "CLEANARTICLE_ON_EMPTY"),
    ("CLEANARTICLE_EMPTY_LOG_LEVEL", "LOUD", "CLEANARTICLE_EMPTY_LOG_LEVEL"),
    ("CLEANARTICLE_HTML_FIELD", "", "CLEANARTICLE_HTML_FIELD"),
    ("CLEANARTICLE_FIELDS", ["articleBody", "bodyText"], "bodyText"),
    ("CLEANARTICLE_FAVOR", "speed", "CLEANARTICLE_FAVOR"),
    ("CLEANARTICLE_NOISE_CLASSES", ["popups"], "popups"),
    ("CLEANARTICLE_EXTRA_PHRASES", {"popups": ["x"]}, "popups"),
    ("CLEANARTICLE_CONFIG", {"no_such_field": 1}, "no_such_field"),
    ("CLEANARTICLE_CONFIG", {"min_body_chars": -5}, "min_body_chars"),
    ("CLEANARTICLE_ENABLED", "perhaps", "CLEANARTICLE_ENABLED"),
    ("CLEANARTICLE_WORKRES", 2, "CLEANARTICLE_WORKRES"),  # a typo is an error, not a no-op
])
def test_bad_values_name_the_setting(name: str, value: Any, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)):
        conf(**{name: value})


def test_keeping_pages_needs_metadata_field() -> None:
    with pytest.raises(ConfigError, match="metadata"):
        conf(CLEANARTICLE_FIELDS=["articleBody"])
    assert conf(CLEANARTICLE_FIELDS=["articleBody"], CLEANARTICLE_ON_ERROR="drop",
                CLEANARTICLE_ON_EMPTY="drop").fields == ("articleBody",)


# --------------------------------------------------------------------------- add-on


def _components(settings: Settings) -> dict[str, list[str]]:
    return {name: [c for c in build_component_list(settings.getwithbase(name))
                   if "cleanarticle" in str(c)]
            for name in ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES")}


def _ordered(settings: Settings, name: str) -> dict[str, int]:
    return {str(k): v for k, v in settings.getwithbase(name).items() if "cleanarticle" in str(k)}


@pytest.mark.parametrize(("extra", "manual"), [
    ({}, MANUAL),
    ({"CLEANARTICLE_CLEAN_RESPONSES": True}, MANUAL_WITH_MIDDLEWARE),
    ({"CLEANARTICLE_WORKERS": 2, "CLEANARTICLE_ON_EMPTY": "drop"}, MANUAL),
])
def test_addon_equals_manual_setup(extra: dict[str, Any], manual: dict[str, Any]) -> None:
    via_addon = get_crawler(settings_dict={"ADDONS": {"scrapy_cleanarticle.Addon": 500}, **extra})
    by_hand = get_crawler(settings_dict={**manual, **extra})
    assert _components(via_addon.settings) == _components(by_hand.settings)
    for name in ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES"):
        assert _ordered(via_addon.settings, name) == _ordered(by_hand.settings, name)
    assert (CleanArticleSettings.from_settings(via_addon.settings)
            == CleanArticleSettings.from_settings(by_hand.settings))
    for spec in SETTINGS:
        assert via_addon.settings.get(spec.name) == by_hand.settings.get(spec.name, spec.default)


def test_addon_lets_user_settings_win() -> None:
    crawler = get_crawler(settings_dict={"ADDONS": {"scrapy_cleanarticle.Addon": 500},
                                         "CLEANARTICLE_WORKERS": 3,
                                         "ITEM_PIPELINES": {PIPELINE_PATH: 100}})
    assert crawler.settings.getint("CLEANARTICLE_WORKERS") == 3
    assert crawler.settings.get("CLEANARTICLE_TIMEOUT") == DEFAULTS["CLEANARTICLE_TIMEOUT"]
    assert _ordered(crawler.settings, "ITEM_PIPELINES") == {PIPELINE_PATH: 100}


def test_addon_respects_a_component_the_user_disabled() -> None:
    crawler = get_crawler(settings_dict={"ADDONS": {Addon: 500},
                                         "CLEANARTICLE_CLEAN_RESPONSES": True,
                                         "DOWNLOADER_MIDDLEWARES": {MIDDLEWARE_PATH: None}})
    assert _components(crawler.settings)["DOWNLOADER_MIDDLEWARES"] == []


def test_addon_rejects_bad_settings_at_start() -> None:
    with pytest.raises(ConfigError, match="CLEANARTICLE_WORKERS"):
        get_crawler(settings_dict={"ADDONS": {Addon: 500}, "CLEANARTICLE_WORKERS": "x"})


def test_addon_disabled_adds_nothing() -> None:
    crawler = get_crawler(settings_dict={"ADDONS": {Addon: 500}, "CLEANARTICLE_ENABLED": False})
    assert _components(crawler.settings) == {"ITEM_PIPELINES": [], "DOWNLOADER_MIDDLEWARES": []}


def test_addon_is_exposed_at_package_top() -> None:
    import scrapy_cleanarticle

    assert scrapy_cleanarticle.Addon is Addon


# --------------------------------------------------------------------------- docs


def test_docs_list_every_setting_and_stat() -> None:
    # the settings reference is generated from SETTINGS (tests/test_docs.py); stats are by hand
    text = (DOCS / "stats.md").read_text("utf-8") + (DOCS / "scrapy.md").read_text("utf-8")
    for key in ("cleanarticle/items", "cleanarticle/cleaned", "cleanarticle/dropped/",
                "cleanarticle/errors/", "cleanarticle/removed/", "cleanarticle/timeouts",
                "cleanarticle/empty/", "cleanarticle/skipped/no_html"):
        assert key in text, key
    assert PIPELINE_PATH in text and MIDDLEWARE_PATH in text
