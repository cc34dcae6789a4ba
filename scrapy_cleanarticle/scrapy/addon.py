"""``ADDONS = {"scrapy_cleanarticle.Addon": 500}``: the plugin with its defaults, in one line.

The add-on only writes at ``addon`` priority, which sits below project, spider and command-line
settings, so anything the user sets still wins. It adds the very entries the README's manual
setup lists (same classes, same orders), which a test checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.misc import load_object

from .middlewares import CleanHtmlMiddleware
from .pipelines import CleanArticlePipeline
from .runtime import checked_settings
from .settings import SETTINGS

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

PIPELINE_PATH = "scrapy_cleanarticle.scrapy.pipelines.CleanArticlePipeline"
MIDDLEWARE_PATH = "scrapy_cleanarticle.scrapy.middlewares.CleanHtmlMiddleware"
#: Where ``scrapy crawl article`` is found in a project that enables the add-on.
SPIDER_MODULE = "scrapy_cleanarticle.scrapy.spiders"
#: Late in the item pipeline chain, so earlier pipelines can still read the raw page.
PIPELINE_ORDER = 800
#: After HttpCompression (590) has decoded the body, before anything caches the cleaned one.
MIDDLEWARE_ORDER = 650


class Addon:
    """Enables ``CleanArticlePipeline`` (and ``CleanHtmlMiddleware`` when
    ``CLEANARTICLE_CLEAN_RESPONSES`` is true), sets every ``CLEANARTICLE_*`` default and makes
    the ``article`` spider available."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: BaseSettings) -> None:
        """Put our spider module *first* in ``SPIDER_MODULES``: Scrapy looks spiders up before
        any crawler (and so before ``update_settings``) exists, and a project's own spider
        named ``article``, loaded later, still wins."""
        modules = settings.getlist("SPIDER_MODULES")
        if SPIDER_MODULE not in modules:
            priority = settings.getpriority("SPIDER_MODULES") or 0
            settings.set("SPIDER_MODULES", [SPIDER_MODULE, *modules],
                         priority=max(priority, SETTINGS_PRIORITIES["addon"]))

    def update_settings(self, settings: BaseSettings) -> None:
        for spec in SETTINGS:
            settings.set(spec.name, spec.default, priority="addon")
        # Fail at crawler start, not at the first item, if a setting is wrong (one line and
        # exit status 1); a disabled plugin raises NotConfigured ("Disabled <addon>").
        conf = checked_settings(settings)
        _add_component(settings, "ITEM_PIPELINES", CleanArticlePipeline, PIPELINE_PATH,
                       PIPELINE_ORDER)
        if conf.clean_responses:
            _add_component(settings, "DOWNLOADER_MIDDLEWARES", CleanHtmlMiddleware,
                           MIDDLEWARE_PATH, MIDDLEWARE_ORDER)
        if conf.redis is not None:  # distributed mode; docs/topics/distributed.md
            from .distributed import enable

            enable(settings, conf.redis)


def _add_component(settings: BaseSettings, name: str, cls: type, path: str, order: int) -> None:
    """Add ``cls`` unless the user already listed it (by class or path, even as ``None``)."""
    components = settings[name]
    for key in components:
        if key in (cls, path) or (isinstance(key, str) and _loads_as(key, cls)):
            return
    components[path] = order


def _loads_as(path: str, cls: type) -> bool:
    try:
        return load_object(path) is cls
    except (ImportError, AttributeError, ValueError, NameError):
        return False


__all__ = ["MIDDLEWARE_ORDER", "MIDDLEWARE_PATH", "PIPELINE_ORDER", "PIPELINE_PATH", "SPIDER_MODULE",
           "Addon"]
