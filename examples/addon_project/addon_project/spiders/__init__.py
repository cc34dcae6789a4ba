"""Your own spiders go here; ``scrapy crawl article`` comes from the add-on."""
