"""Every ``CLEANARTICLE_*`` setting, read and checked in one place.

Components never call ``settings.get("CLEANARTICLE_...")`` themselves: they build a
:class:`CleanArticleSettings` from the crawler settings, so a typo or a bad value fails once, at
start-up, with a message naming the setting, instead of somewhere in the middle of a crawl. The
:data:`SETTINGS` table is also the source of the README's settings table and of the add-on's
defaults, so the three cannot drift apart.
"""

from __future__ import annotations

import difflib
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from ..article import FIELD_NAMES
from ..config import CleanerConfig
from ..errors import CleanArticleError, ConfigError
from ..verdict import PAGE_TYPES

Disposition = Literal["keep", "drop"]

#: Import path of the function that turns a page into an ``Article``; the setting exists so a
#: project can wrap the cleaner (and so the tests can make one page hang or crash a worker).
DEFAULT_CLEAN_FUNCTION = "scrapy_cleanarticle.api.clean_article"
DEFAULT_CLEAN_HTML_FUNCTION = "scrapy_cleanarticle.headmeta.clean_html_with_head"


@dataclass(frozen=True)
class SettingSpec:
    name: str
    default: Any
    meaning: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("CLEANARTICLE_ENABLED", True,
                "Master switch; `False` disables the pipeline and the middleware."),
    SettingSpec("CLEANARTICLE_HTML_FIELD", "html",
                "Item field holding the page: raw `bytes` (preferred) or `str`."),
    SettingSpec("CLEANARTICLE_URL_FIELD", "url", "Item field holding the page URL."),
    SettingSpec("CLEANARTICLE_CONTENT_TYPE_FIELD", "content_type",
                "Item field holding the response `Content-Type` header (optional, "
                "used to decode raw bytes)."),
    SettingSpec("CLEANARTICLE_KEEP_HTML", False,
                "Keep the raw HTML and Content-Type fields in the item after cleaning."),
    SettingSpec("CLEANARTICLE_FIELDS", [],
                "Article fields written into the item; empty means all of them."),
    SettingSpec("CLEANARTICLE_ITEM_CLASSES", [],
                "Item classes (objects or import paths) checked at `open_spider`; every "
                "other class is checked the first time it is seen."),
    SettingSpec("CLEANARTICLE_ON_ERROR", "keep",
                "`keep` a page that fails to clean (error recorded in `metadata`) or "
                "`drop` it."),
    SettingSpec("CLEANARTICLE_ON_EMPTY", "keep",
                "`keep` a page that is not an article (empty body, `metadata.reason` set) "
                "or `drop` it."),
    SettingSpec("CLEANARTICLE_PAGE_TYPES", [],
                "Page types kept (`metadata.pageType`: article, documentation, forum, product, "
                "service, collection, listing); other pages are dropped and counted under "
                "`cleanarticle/dropped/page_type/<type>`. Empty (the default) keeps every page: "
                "the type is a label of modest accuracy, and a dropped article is lost. "
                "`[\"article\"]` makes an article-only crawl."),
    SettingSpec("CLEANARTICLE_EMPTY_LOG_LEVEL", "WARNING",
                "Log level of the one line naming a page that is not an article "
                "(failures are always WARNING)."),
    SettingSpec("CLEANARTICLE_DROP_LOG_LEVEL", "DEBUG",
                "`log_level` of the `DropItem` raised for dropped pages (Scrapy's own "
                "'Dropped:' line)."),
    SettingSpec("CLEANARTICLE_CLEAN_RESPONSES", False,
                "Add-on only: also enable `CleanHtmlMiddleware`, which cleans every HTML "
                "response body."),
    SettingSpec("CLEANARTICLE_WORKERS", 0,
                "Cleaning processes; `0` cleans inline in the crawler process."),
    SettingSpec("CLEANARTICLE_TIMEOUT", 30.0,
                "Per-page limit in seconds of the worker's CPU time (pool mode only; five times "
                "as much wall time is the backstop); the worker is replaced."),
    SettingSpec("CLEANARTICLE_MAX_TASKS_PER_WORKER", 500,
                "Pages a worker cleans before it is replaced by a fresh process."),
    SettingSpec("CLEANARTICLE_CLEAN_FUNCTION", DEFAULT_CLEAN_FUNCTION,
                "Import path of the `clean_article`-compatible function the pipeline calls."),
    SettingSpec("CLEANARTICLE_CLEAN_HTML_FUNCTION", DEFAULT_CLEAN_HTML_FUNCTION,
                "Import path of the `clean_html`-compatible function the middleware calls."),
    SettingSpec("CLEANARTICLE_FAVOR", "balanced",
                "`balanced`, `precision` or `recall` (`CleanerConfig.favor`)."),
    SettingSpec("CLEANARTICLE_NOISE_CLASSES", [],
                "Noise classes to remove; empty means all (`CleanerConfig.enabled_noise`)."),
    SettingSpec("CLEANARTICLE_EXTRA_PHRASES", {},
                "Extra noise phrases: `{noise_class: [phrase, ...]}`."),
    SettingSpec("CLEANARTICLE_REMOVE_SELECTORS", [],
                "CSS/XPath selectors always removed."),
    SettingSpec("CLEANARTICLE_KEEP_SELECTORS", [],
                "CSS/XPath selectors never removed by a noise stage."),
    SettingSpec("CLEANARTICLE_LANGUAGES", [],
                "Languages of the phrase rules to use; empty means all."),
    SettingSpec("CLEANARTICLE_MAX_BYTES", 10 * 1024 * 1024,
                "Pages larger than this are flagged/truncated/refused (`CLEANARTICLE_OVERSIZE`)."),
    SettingSpec("CLEANARTICLE_OVERSIZE", "flag", "`flag`, `truncate` or `raise`."),
    SettingSpec("CLEANARTICLE_CONFIG", {},
                "Any other `CleanerConfig` field, e.g. `{\"min_body_chars\": 200}`."),
    SettingSpec("CLEANARTICLE_REDIS_URL", "",
                "Add-on only: a Redis URL turns on distributed crawling on a shared frontier "
                "(needs the `redis` extra); empty means one process, as before."),
    SettingSpec("CLEANARTICLE_REDIS_CRAWL", "",
                "Name of the shared crawl (the Redis key prefix); empty means the spider name."),
    SettingSpec("CLEANARTICLE_REDIS_WORKER", "",
                "This worker's name (feeds' `%(worker)s`, status); empty means `host-pid`."),
    SettingSpec("CLEANARTICLE_REDIS_LEASE", 60.0,
                "Seconds a dead worker's in-flight requests stay leased before another "
                "worker re-queues them."),
    SettingSpec("CLEANARTICLE_REDIS_DOMAIN_DELAY", 0.0,
                "Seconds between two requests to one domain across all workers; `0` is off."),
)

DEFAULTS: dict[str, Any] = {spec.name: spec.default for spec in SETTINGS}
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class CleanArticleSettings:
    """The checked plugin configuration, one per crawler."""

    html_field: str = "html"
    url_field: str = "url"
    content_type_field: str = "content_type"
    keep_html: bool = False
    fields: tuple[str, ...] = FIELD_NAMES
    item_classes: tuple[Any, ...] = ()
    on_error: Disposition = "keep"
    on_empty: Disposition = "keep"
    page_types: frozenset[str] = frozenset()
    empty_log_level: int = logging.WARNING
    drop_log_level: str = "DEBUG"
    clean_responses: bool = False
    workers: int = 0
    timeout: float = 30.0
    max_tasks_per_worker: int = 500
    clean_function: str = DEFAULT_CLEAN_FUNCTION
    clean_html_function: str = DEFAULT_CLEAN_HTML_FUNCTION
    cleaner: CleanerConfig = field(default_factory=CleanerConfig)
    redis: RedisSettings | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> CleanArticleSettings:
        """Read every ``CLEANARTICLE_*`` setting; ``NotConfigured`` when the plugin is off."""
        reader = _Reader(settings)
        if not reader.bool("CLEANARTICLE_ENABLED"):
            raise NotConfigured("CLEANARTICLE_ENABLED is False")
        unknown = sorted(k for k in settings.attributes
                         if k.startswith("CLEANARTICLE_") and k not in DEFAULTS)
        if unknown:
            raise ConfigError("; ".join(_unknown_setting(name) for name in unknown))
        fields_ = tuple(reader.strings("CLEANARTICLE_FIELDS")) or FIELD_NAMES
        bad_fields = [f for f in fields_ if f not in FIELD_NAMES]
        if bad_fields:
            raise ConfigError(f"CLEANARTICLE_FIELDS: unknown Article field(s) {bad_fields}; "
                              f"known: {list(FIELD_NAMES)}")
        on_error = reader.choice("CLEANARTICLE_ON_ERROR", ("keep", "drop"))
        on_empty = reader.choice("CLEANARTICLE_ON_EMPTY", ("keep", "drop"))
        if "keep" in (on_error, on_empty) and "metadata" not in fields_:
            raise ConfigError("CLEANARTICLE_FIELDS must include 'metadata' while "
                              "CLEANARTICLE_ON_ERROR or CLEANARTICLE_ON_EMPTY is 'keep': kept "
                              "pages record their error or reason there")
        page_types = frozenset(reader.strings("CLEANARTICLE_PAGE_TYPES"))
        if page_types - set(PAGE_TYPES):
            raise ConfigError(f"CLEANARTICLE_PAGE_TYPES: unknown page type(s) "
                              f"{sorted(page_types - set(PAGE_TYPES))}; known: {list(PAGE_TYPES)}")
        return cls(
            html_field=reader.name("CLEANARTICLE_HTML_FIELD"),
            url_field=reader.name("CLEANARTICLE_URL_FIELD"),
            content_type_field=reader.name("CLEANARTICLE_CONTENT_TYPE_FIELD"),
            keep_html=reader.bool("CLEANARTICLE_KEEP_HTML"),
            fields=fields_,
            item_classes=tuple(reader.items("CLEANARTICLE_ITEM_CLASSES")),
            on_error=on_error,  # type: ignore[arg-type]
            on_empty=on_empty,  # type: ignore[arg-type]
            page_types=page_types,
            empty_log_level=getattr(logging, reader.choice("CLEANARTICLE_EMPTY_LOG_LEVEL",
                                                           _LOG_LEVELS)),
            drop_log_level=reader.choice("CLEANARTICLE_DROP_LOG_LEVEL", _LOG_LEVELS),
            clean_responses=reader.bool("CLEANARTICLE_CLEAN_RESPONSES"),
            workers=reader.int("CLEANARTICLE_WORKERS", minimum=0),
            timeout=reader.float("CLEANARTICLE_TIMEOUT"),
            max_tasks_per_worker=reader.int("CLEANARTICLE_MAX_TASKS_PER_WORKER", minimum=1),
            clean_function=reader.name("CLEANARTICLE_CLEAN_FUNCTION"),
            clean_html_function=reader.name("CLEANARTICLE_CLEAN_HTML_FUNCTION"),
            cleaner=_cleaner_config(reader),
            redis=_redis_settings(reader),
        )


def _unknown_setting(name: str) -> str:
    close = difflib.get_close_matches(name, DEFAULTS, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(sorted(DEFAULTS))}"
    return f"unknown setting {name} ({hint})"


@dataclass(frozen=True)
class RedisSettings:
    """Distributed mode (``CLEANARTICLE_REDIS_*``); present only when a URL is set."""

    url: str
    crawl: str  # "" = the spider's name
    worker: str
    lease: float
    domain_delay: float


def _redis_settings(reader: _Reader) -> RedisSettings | None:
    url = reader.text("CLEANARTICLE_REDIS_URL")
    if not url:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise reader._fail("CLEANARTICLE_REDIS_URL", "a redis://, rediss:// or unix:// URL")
    names = {}
    for name in ("CLEANARTICLE_REDIS_CRAWL", "CLEANARTICLE_REDIS_WORKER"):
        names[name] = reader.text(name)
        if any(c.isspace() or c in "%{}" for c in names[name]):
            raise reader._fail(name, "a name without spaces, '%' or braces")
    delay_name = "CLEANARTICLE_REDIS_DOMAIN_DELAY"  # 0 (off) allowed, unlike other durations
    delay = 0.0 if reader._raw(delay_name) in (0, "0", "0.0") else reader.float(delay_name)
    return RedisSettings(url=url, crawl=names["CLEANARTICLE_REDIS_CRAWL"],
                         worker=names["CLEANARTICLE_REDIS_WORKER"]
                         or f"{socket.gethostname()}-{os.getpid()}",
                         lease=reader.float("CLEANARTICLE_REDIS_LEASE"), domain_delay=delay)


def _cleaner_config(reader: _Reader) -> CleanerConfig:
    extra = reader.dict("CLEANARTICLE_CONFIG")
    unknown = sorted(set(extra) - set(CleanerConfig.field_names()))
    if unknown:
        raise ConfigError(f"CLEANARTICLE_CONFIG: unknown CleanerConfig field(s) {unknown}")
    options: dict[str, Any] = dict(extra)
    options["favor"] = reader.choice("CLEANARTICLE_FAVOR", ("balanced", "precision", "recall"))
    options["oversize"] = reader.choice("CLEANARTICLE_OVERSIZE", ("flag", "truncate", "raise"))
    options["max_bytes"] = reader.int("CLEANARTICLE_MAX_BYTES", minimum=1)
    noise = reader.strings("CLEANARTICLE_NOISE_CLASSES")
    if noise:
        options["enabled_noise"] = frozenset(noise)
    phrases = reader.dict("CLEANARTICLE_EXTRA_PHRASES")
    if phrases:
        options["extra_phrases"] = phrases
    for name, attr in (("CLEANARTICLE_REMOVE_SELECTORS", "remove_selectors"),
                       ("CLEANARTICLE_KEEP_SELECTORS", "keep_selectors"),
                       ("CLEANARTICLE_LANGUAGES", "languages")):
        value = reader.strings(name)
        if value:
            options[attr] = tuple(value)
    try:
        return CleanerConfig(**options)
    except CleanArticleError as exc:
        raise ConfigError(f"CLEANARTICLE_* settings give an invalid CleanerConfig: {exc}") from exc
    except TypeError as exc:
        raise ConfigError(f"CLEANARTICLE_CONFIG: {exc}") from exc


class _Reader:
    """Typed getters that name the setting in every error message."""

    def __init__(self, settings: BaseSettings) -> None:
        self._settings = settings

    def _raw(self, name: str) -> Any:
        return self._settings.get(name, DEFAULTS[name])

    def _fail(self, name: str, expected: str) -> ConfigError:
        return ConfigError(f"{name} must be {expected}, not {self._raw(name)!r}")

    def bool(self, name: str) -> bool:
        try:
            return self._settings.getbool(name, DEFAULTS[name])
        except ValueError:
            raise self._fail(name, "a boolean") from None

    def int(self, name: str, *, minimum: int) -> int:
        raw = self._raw(name)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise self._fail(name, "an integer") from None
        if isinstance(raw, (bool, float)) or value < minimum:
            raise self._fail(name, f"an integer >= {minimum}")
        return value

    def float(self, name: str) -> float:
        try:
            value = float(self._raw(name))
        except (TypeError, ValueError):
            raise self._fail(name, "a number") from None
        if not value > 0:
            raise self._fail(name, "a positive number of seconds")
        return value

    def text(self, name: str) -> str:
        """A string that may be empty (an empty one means "off" or "derive it")."""
        value = self._raw(name)
        if not isinstance(value, str):
            raise self._fail(name, "a string")
        return value.strip()

    def name(self, name: str) -> str:
        value = self._raw(name)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(name, "a non-empty string")
        return value.strip()

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        value = self._raw(name)
        if isinstance(value, str) and value.strip().upper() in {a.upper() for a in allowed}:
            return next(a for a in allowed if a.upper() == value.strip().upper())
        raise self._fail(name, f"one of {', '.join(allowed)}")

    def items(self, name: str) -> list[Any]:
        try:
            return self._settings.getlist(name, DEFAULTS[name])
        except ValueError:
            raise self._fail(name, "a list") from None

    def strings(self, name: str) -> list[str]:
        values = self.items(name)
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self._fail(name, "a list of non-empty strings")
        return [v.strip() for v in values]

    def dict(self, name: str) -> dict[str, Any]:
        try:
            value = self._settings.getdict(name, DEFAULTS[name])
        except (ValueError, TypeError):
            raise self._fail(name, "a dict (or a JSON object string)") from None
        if not isinstance(value, Mapping):
            raise self._fail(name, "a dict")
        return dict(value)


__all__ = ["DEFAULTS", "SETTINGS", "CleanArticleSettings", "SettingSpec"]
