"""Spiders and a throw-away Scrapy project for the new-user tests (issue 15).

``HeadSpider`` is what a user's spider does with ``CleanHtmlMiddleware`` on: it reads the
head's metadata with selectors and hands the page to the pipeline with ``page_item``.
``make_project`` runs the real ``scrapy startproject`` and enables only the add-on, as the
getting-started page tells a new user to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import scrapy

from scrapy_cleanarticle.scrapy import page_item

ROOT = Path(__file__).resolve().parent.parent
ADDON_LINE = 'ADDONS = {"scrapy_cleanarticle.Addon": 500}\n'


class HeadSpider(scrapy.Spider):
    """Yields what its selectors see in the head, then the page for the pipeline."""

    name = "head"

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_urls = [u for u in urls.split(",") if u]

    async def start(self) -> Any:
        for url in self.page_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: scrapy.http.Response) -> Any:
        assert isinstance(response, scrapy.http.TextResponse)
        yield {"kind": "selectors", "url": response.url,
               "canonical": response.css("link[rel=canonical]::attr(href)").get(),
               "og_title": response.css("meta[property='og:title']::attr(content)").get(),
               "jsonld": response.css("script[type='application/ld+json']::text").getall(),
               "charset": response.css("meta[charset]::attr(charset)").get(),
               "encoding": response.encoding, "text": response.text}
        yield page_item(response, kind="article")


@dataclass(frozen=True)
class Run:
    """A finished ``scrapy`` command: exit status and its two streams."""

    returncode: int
    stdout: str
    stderr: str

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def make_project(where: Path, name: str = "newsite") -> Path:
    """``scrapy startproject`` plus the one add-on line; returns the project directory."""
    run_scrapy(where, "startproject", name)
    project = where / name
    settings = project / name / "settings.py"
    settings.write_text(settings.read_text("utf-8") + "\n" + ADDON_LINE + "TELNETCONSOLE_ENABLED = False\n"
                        "ROBOTSTXT_OBEY = False\nLOG_LEVEL = 'INFO'\n", "utf-8")
    return project


def installed_copy(where: Path) -> Path:
    """The package alone in a directory of its own, as ``pip install .`` lays it out."""
    site = where / "site-packages"
    shutil.copytree(ROOT / "scrapy_cleanarticle", site / "scrapy_cleanarticle",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for library in ROOT.glob("scrapy_cleanarticle__mypyc.*"):  # the compiled modules' code
        shutil.copy2(library, site / library.name)
    return site


def run_scrapy(cwd: Path, *args: str, pythonpath: Path | None = None, timeout: float = 120) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "PYTHONPATH")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    proc = subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    return Run(proc.returncode, proc.stdout, proc.stderr)
