"""Settings used by ``scrapy crawl article`` from a checkout (see ``scrapy.cfg``).

They are also a minimal example of a project that uses the plugin through the add-on.
"""

BOT_NAME = "cleanarticle"
SPIDER_MODULES = ["scrapy_cleanarticle.scrapy.spiders"]
ADDONS = {"scrapy_cleanarticle.scrapy.addon.Addon": 500}
ROBOTSTXT_OBEY = True
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
