"""An existing project whose spider keeps its own selectors: clean the responses it sees."""

BOT_NAME = "selectors_project"
SPIDER_MODULES = ["selectors_project.spiders"]
NEWSPIDER_MODULE = "selectors_project.spiders"

ADDONS = {"scrapy_cleanarticle.Addon": 500}
# CleanHtmlMiddleware: every HTML response body is replaced by its cleaned version before the
# callbacks run; the head's metadata stays.
CLEANARTICLE_CLEAN_RESPONSES = True

ROBOTSTXT_OBEY = True
FEED_EXPORT_ENCODING = "utf-8"
