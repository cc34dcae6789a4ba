"""Crawl throughput with cleaning off, inline, and in a process pool.

A local HTTP server (its own process, on 127.0.0.1) serves a few hundred fixture-like pages
(the bundled fixtures, each served under many paths with a unique comment). Each mode runs in a
fresh Python process, because a Twisted reactor cannot be restarted, and is timed from
``spider_opened`` to ``spider_closed``. ``--latency`` adds a per-response delay in the server
to mimic real sites: a local server answers in microseconds, which makes any CPU work in the
crawler look far more expensive than it is on the web.

    python benchmarks/crawl.py                       # 300 pages, latency 0 and 100 ms
    python benchmarks/crawl.py --pages 500 --latency 0 --workers 2 --repeat 3
    python benchmarks/crawl.py --worker-processes 2 --latency 100   # shared Redis frontier

``--worker-processes N`` compares 1 and N crawl processes (inline cleaning) on one shared Redis
frontier (distributed mode, docs/topics/distributed.md), timed from the first worker's
``spider_opened`` to the last page cleaned by any worker.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures" / "html"


def build_pages(count: int) -> list[bytes]:
    sources = [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]
    if not sources:
        raise SystemExit(f"no fixtures in {FIXTURES}")
    return [sources[i % len(sources)] + f"\n<!-- copy {i} -->\n".encode() for i in range(count)]


def serve(pages: list[bytes], latency: float, port_queue: Any) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            try:
                body = pages[int(self.path.strip("/").split("/")[-1])]
            except (ValueError, IndexError):
                self.send_error(404)
                return
            if latency:
                time.sleep(latency)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return None

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever()


def start_server(pages: list[bytes], latency_ms: float) -> tuple[multiprocessing.Process, str]:
    """:func:`serve` in its own process; returns it and its base URL."""
    ports: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(pages, latency_ms / 1000, ports),
                                     daemon=True)
    server.start()
    return server, f"http://127.0.0.1:{ports.get(timeout=10)}"


def child(mode: str, base: str, count: int, workers: int, concurrency: int, out: str,
          redis: dict[str, str] | None = None) -> None:
    """One crawl in this (fresh) process; writes pages/s to ``out``. ``redis``: the
    ``CLEANARTICLE_REDIS_*`` settings of a distributed worker."""
    from scrapy import Request, Spider, signals
    from scrapy.crawler import CrawlerProcess

    from scrapy_cleanarticle.scrapy.spiders import page_item

    class BenchSpider(Spider):
        name = "bench"

        async def start(self) -> Any:
            for i in range(count):
                yield Request(f"{base}/page/{i}", callback=self.parse)

        def parse(self, response: Any) -> Any:
            yield page_item(response)

    settings = {
        "ADDONS": {"scrapy_cleanarticle.Addon": 500},
        "CLEANARTICLE_ENABLED": mode != "off",
        "CLEANARTICLE_WORKERS": workers if mode == "pool" else 0,
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
        "HTTPCACHE_ENABLED": False, **(redis or {}),
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BenchSpider)
    times: dict[str, float] = {}

    def opened() -> None:
        times["open"] = time.perf_counter()
        times["opened_at"] = time.time()  # comparable across worker processes

    def scraped() -> None:
        times["last_item_at"] = time.time()

    def closed() -> None:
        times["close"] = time.perf_counter()

    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    crawler.signals.connect(scraped, signal=signals.item_scraped)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    items = int(stats.get("item_scraped_count", 0))
    elapsed = times["close"] - times["open"]
    Path(out).write_text(json.dumps({"items": items, "seconds": elapsed,
                                     "cleaned": stats.get("cleanarticle/cleaned", 0),
                                     "opened_at": times["opened_at"],
                                     "last_item_at": times.get("last_item_at", 0.0)}))


def run_mode(mode: str, base: str, count: int, workers: int, concurrency: int) -> dict[str, Any]:
    out = Path(f"/tmp/cleanarticle-crawl-bench-{os.getpid()}-{mode}.json")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run([sys.executable, __file__, "--child", mode, "--base", base, "--pages",
                    str(count), "--workers", str(workers), "--concurrency", str(concurrency),
                    "--out", str(out)],
                   env=env, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    if result["items"] != count:
        raise SystemExit(f"{mode}: {result['items']} items for {count} pages")
    if mode != "off" and result["cleaned"] < count * 0.9:
        raise SystemExit(f"{mode}: only {result['cleaned']} of {count} pages cleaned; "
                         "the numbers would not mean anything")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency", type=float, action="append",
                        help="server delay per response in ms (repeatable; default 0 and 100)")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="CONCURRENT_REQUESTS (and per domain); Scrapy's default is 16")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode; median reported")
    parser.add_argument("--worker-processes", type=int, default=0, metavar="N",
                        help="instead of the modes: 1 vs N crawl processes on a shared Redis "
                             "frontier (redis-server if on PATH, else fakeredis)")
    parser.add_argument("--child", choices=("off", "inline", "pool"))
    parser.add_argument("--base")
    parser.add_argument("--out")
    parser.add_argument("--redis-settings", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.base, args.pages, args.workers, args.concurrency, args.out,
              json.loads(args.redis_settings) if args.redis_settings else None)
        return
    if args.worker_processes:
        sys.path.insert(0, str(REPO_ROOT))
        from benchmarks.crawl_distributed import compare_processes

        compare_processes(args, build_pages(args.pages), start_server)
        return

    pages = build_pages(args.pages)
    print(f"{args.pages} pages, {os.cpu_count()} CPUs, pool of {args.workers} workers, "
          f"{args.concurrency} concurrent requests, median of {args.repeat} run(s)")
    for latency_ms in args.latency or [0.0, 100.0]:
        server, base = start_server(pages, latency_ms)
        try:
            rates = {}
            for mode in ("off", "inline", "pool"):
                runs = [run_mode(mode, base, args.pages, args.workers, args.concurrency)
                        for _ in range(args.repeat)]
                rates[mode] = statistics.median(r["items"] / r["seconds"] for r in runs)
        finally:
            server.terminate()
        print(f"\nlatency {latency_ms:g} ms")
        print(f"  {'mode':8} {'pages/s':>8} {'vs off':>7}")
        for mode, rate in rates.items():
            print(f"  {mode:8} {rate:8.1f} {rate / rates['off']:7.0%}")


if __name__ == "__main__":
    main()
