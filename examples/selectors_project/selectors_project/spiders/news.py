"""A spider with its own selectors, unchanged: the middleware decides what they see."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_urls = [url.strip() for url in urls.split(",") if url.strip()]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.page_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {
            "url": response.url,
            # the head's metadata is kept by the middleware
            "title": response.css("meta[property='og:title']::attr(content)").get(),
            "canonical": response.css("link[rel=canonical]::attr(href)").get(),
            # the site's own selectors: no newsletter box, ad marker or repeated caption
            "headline": response.css("h1::text").get(),
            "paragraphs": [" ".join(p.css("::text").getall()).strip()
                           for p in response.css("article p, main p")],
        }
