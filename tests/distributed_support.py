"""Helpers for the distributed-crawl tests: a Redis (fakeredis' TCP server, in this process),
a linked test site, crawl worker processes, and a cleaning hook that SIGKILLs its worker."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy_support import ROOT, TESTS, Page

from benchmarks._redis import fake_redis_thread

KILL_AFTER_ENV = "CLEANARTICLE_TEST_SIGKILL_AFTER"
_cleaned = itertools.count(1)


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis on 127.0.0.1 (fakeredis speaks the protocol; no system package needed)."""
    with fake_redis_thread() as url:
        yield url


def article_page(i: int, links: tuple[int, ...]) -> Page:
    paras = "".join(f"<p>Paragraph {k} of story {i}, long enough to read as prose, with a "
                    f"comma, a clause, and a full stop at its end.</p>" for k in range(5))
    anchors = "".join(f'<a href="/p/{j}">story {j}</a> ' for j in links)
    html = (f"<html><head><title>Story {i}</title></head><body><nav>{anchors}</nav><article>"
            f"<h1>Story {i}</h1>{paras}</article></body></html>")
    return html.encode(), "text/html; charset=utf-8"


def linked_site(pages: int, in_sitemap: int, base: str) -> dict[str, Page]:
    """``pages`` stories; the sitemap lists the first ``in_sitemap``, links reach the rest."""
    step = pages - in_sitemap
    site = {f"/p/{i}": article_page(i, ((i + 1) % pages, (i + step) % pages))
            for i in range(pages)}
    locs = "".join(f"<url><loc>{base}/p/{i}</loc></url>" for i in range(in_sitemap))
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"{locs}</urlset>")
    site["/sitemap.xml"] = (sitemap.encode(), "application/xml")
    return site


def killing_clean_article(html: str | bytes, url: str | None = None, **kwargs: Any) -> Any:
    """``clean_article`` that SIGKILLs its own process at the N-th page (N from the env), so
    the worker dies mid-crawl with requests in flight, at a known point."""
    from scrapy_cleanarticle import clean_article

    limit = int(os.environ.get(KILL_AFTER_ENV, "0"))
    if limit and next(_cleaned) >= limit:
        os.kill(os.getpid(), signal.SIGKILL)
    return clean_article(html, url, **kwargs)


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen[str]
    log: Path

    def wait(self, timeout: float = 90) -> int:
        return self.proc.wait(timeout=timeout)


def start_worker(tmp: Path, name: str, redis_url: str, args: dict[str, Any],
                 settings: dict[str, Any] | None = None, env: dict[str, str] | None = None
                 ) -> Worker:
    """``scrapy crawl article`` from the checkout, writing ``out/<worker>.jsonl``."""
    log = tmp / f"{name}.log"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "article",
           "-o", str(tmp / "out" / "%(worker)s.jsonl")]
    for key, value in args.items():
        cmd += ["-a", f"{key}={value}"]
    base = {"CLEANARTICLE_REDIS_URL": redis_url, "CLEANARTICLE_REDIS_WORKER": name,
            "CLEANARTICLE_CLEAN_FUNCTION": "distributed_support.killing_clean_article",
            "TELNETCONSOLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0", "LOG_FILE": str(log),
            "LOG_LEVEL": "INFO", "STATS_DUMP": "1"}
    for key, value in {**base, **(settings or {})}.items():
        cmd += ["-s", f"{key}={value}"]
    child_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
                 **(env or {})}
    child_env.pop("SCRAPY_SETTINGS_MODULE", None)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
    return Worker(name, proc, log)


def outputs(tmp: Path) -> dict[str, list[str]]:
    """URLs per worker feed file."""
    found = {}
    for path in sorted((tmp / "out").glob("*.jsonl")):
        lines = path.read_text("utf-8").splitlines()
        found[path.stem] = [json.loads(line)["url"] for line in lines]
    return found


def duplicates(per_worker: dict[str, list[str]]) -> dict[str, int]:
    counts = Counter(url for urls in per_worker.values() for url in urls)
    return {url: n for url, n in counts.items() if n > 1}


__all__ = ["KILL_AFTER_ENV", "Worker", "duplicates", "killing_clean_article", "linked_site",
           "outputs", "redis_server", "start_worker"]
