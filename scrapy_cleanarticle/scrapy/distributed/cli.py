"""``cleanarticle seed`` and ``cleanarticle status``: the shared frontier from a shell.

``seed`` puts a URL list into a crawl's queue as the ``article`` spider's own page requests,
through the shared dupefilter, and marks the crawl as seeded, so workers started without
``-a url/urls_file/sitemap/feed`` go straight to the queue. ``status`` prints what a deploy
script or a human needs to see whether a crawl is moving: queue length, leases, the seen count,
the seed state and each worker's last heartbeat.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .keys import Keys, QueueKeys

if TYPE_CHECKING:
    from redis import Redis

EXIT_OK = 0
EXIT_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleanarticle",
                                     description="Shared Redis frontier of distributed crawls.")
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed", help="queue the URLs of FILE (one per line) once")
    seed.add_argument("file", metavar="FILE", help="URL list ('#' comments, blank lines ok); "
                                                    "'-' reads standard input")
    status = commands.add_parser("status", help="queue length, seen count, workers seen")
    status.add_argument("--json", action="store_true", help="one JSON object instead of text")
    for sub in (seed, status):
        sub.add_argument("--redis", required=True, metavar="URL",
                         help="the CLEANARTICLE_REDIS_URL the workers use")
        sub.add_argument("--crawl", default="article",
                         help="the CLEANARTICLE_REDIS_CRAWL (default: the spider name, article)")
    return parser


def read_urls(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def seed(server: Redis, keys: Keys, urls: Iterator[str]) -> tuple[int, int]:
    """Queue each URL not seen before; returns (queued, already seen)."""
    from scrapy_redis.dupefilter import RFPDupeFilter

    from ..spiders import ArticleSpider
    from .queue import ReliableQueue

    spider = ArticleSpider()
    queue = ReliableQueue(server, spider, keys.requests)
    dupefilter = RFPDupeFilter(server, keys.dupefilter)
    queued = seen = 0
    for url in urls:
        if queue.push_unseen(spider.page_request(url), dupefilter):
            queued += 1
        else:
            seen += 1
    server.set(keys.seed, "done")
    return queued, seen


def status(server: Redis, keys: Keys) -> dict[str, Any]:
    from .queue import server_time, text

    queue = QueueKeys.for_queue(keys.requests)
    now = server_time(server)
    workers = {}
    for name, raw in sorted(server.hgetall(keys.workers).items()):
        record = json.loads(raw)
        record["seconds_ago"] = round(now - float(record.pop("seen", now)), 1)
        workers[text(name)] = record
    seed_state = server.get(keys.seed)
    return {"crawl": keys.prefix, "queued": server.zcard(queue.queue),
            "leased": server.zcard(queue.leases),
            "expired": server.zcount(queue.leases, "-inf", now),
            "seen": server.scard(keys.dupefilter),
            "seed": text(seed_state) if seed_state else "not seeded", "workers": workers}


def print_status(report: dict[str, Any], out: TextIO) -> None:
    out.write(f"crawl    {report['crawl']}\n"
              f"queued   {report['queued']}\n"
              f"leased   {report['leased']} ({report['expired']} expired)\n"
              f"seen     {report['seen']}\n"
              f"seed     {report['seed']}\n"
              f"workers  {len(report['workers'])}\n")
    for name, w in report["workers"].items():
        out.write(f"  {name}: {w.get('state')}, seen {w['seconds_ago']} s ago, "
                  f"{w.get('items', 0)} items, {w.get('leased', 0)} leased\n")


def main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr  # the streams of now, not of import time
    args = build_parser().parse_args(argv)
    try:
        import redis
    except ImportError:
        err.write("cleanarticle: this command needs pip install 'scrapy-cleanarticle[redis]'\n")
        return EXIT_FAILED
    server = redis.Redis.from_url(args.redis, socket_connect_timeout=10)
    keys = Keys.for_crawl(args.crawl)
    started = time.monotonic()
    try:
        if args.command == "seed":
            if args.file == "-":
                queued, seen = seed(server, keys, read_urls(iter(sys.stdin)))
            else:
                with Path(args.file).open(encoding="utf-8") as handle:
                    queued, seen = seed(server, keys, read_urls(iter(handle)))
            out.write(f"cleanarticle: queued {queued} URL(s), {seen} already seen, into "
                      f"{keys.prefix} in {time.monotonic() - started:.1f} s\n")
            return EXIT_OK
        report = status(server, keys)
    except (OSError, redis.RedisError) as exc:
        err.write(f"cleanarticle: {args.command}: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILED
    if args.json:
        out.write(json.dumps(report) + "\n")
    else:
        print_status(report, out)
    return EXIT_OK


__all__ = ["main", "seed", "status"]
