"""The minimal project: the add-on is the only line about scrapy-cleanarticle.

It enables ``CleanArticlePipeline`` for every item that carries a page (``page_item()``) and
makes the ``article`` spider available; every ``CLEANARTICLE_*`` setting keeps its default.
"""

BOT_NAME = "addon_project"
SPIDER_MODULES = ["addon_project.spiders"]
NEWSPIDER_MODULE = "addon_project.spiders"

ADDONS = {"scrapy_cleanarticle.Addon": 500}

ROBOTSTXT_OBEY = True
FEED_EXPORT_ENCODING = "utf-8"
