"""Soak: a long crawl with the add-on alone, through a mix of bad pages and process faults.

Real 2025 pages (../shared/benchmarks/wcxb-dev, read in place, never copied) are served from a
local server on 127.0.0.1, mixed with issue 18's faults: HTTP 500s, 20-second stalls, random
bytes labelled text/html, 9-10 MB pages, empty bodies, 300,000-level nesting and PNGs. While the
crawl runs (CLEANARTICLE_WORKERS=2, CLEANARTICLE_TIMEOUT=3, 32 concurrent requests), workers are
SIGKILLed and SIGSTOPped, the forkserver is killed, and at the end the crawler gets a SIGINT.

It prints throughput, the RSS of the crawler and of the workers at each tenth of the crawl, and
the accounting: every URL at most once in the feed, every item that entered the pipeline left
it, outcomes per kind of page, processes left behind, the longest log line, tracebacks.

    nice python benchmarks/soak.py --pages 6000
    python benchmarks/soak.py --pages 400 --no-sigint     # a quick look
    python benchmarks/soak.py --random-bytes 1000          # only the random-bytes check

The crawl runs in its own session, so the processes it leaves behind are found by session id.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))
from fault_support import cmdline, session_members  # noqa: E402

WCXB = REPO_ROOT.parent / "shared" / "benchmarks" / "wcxb-dev" / "html"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a5f10000000049454e44ae426082")
# (fraction of the crawl, action): the process faults, in order
FAULTS: tuple[tuple[float, str], ...] = (
    (0.15, "kill_worker"), (0.3, "stop_worker"), (0.45, "kill_forkserver"),
    (0.6, "kill_worker"), (0.75, "stop_worker"), (0.97, "sigint"))


@dataclass(frozen=True)
class Page:
    kind: str
    status: int = 200
    body: bytes = b""
    ctype: str | None = "text/html"
    stall: float = 0.0
    source: Path | None = None  # a real page, read when served (6,000 in memory would be GBs)

    def read(self) -> bytes:
        return gzip.decompress(self.source.read_bytes()) if self.source else self.body


@dataclass
class Served:
    """What the server has answered so far (written from its threads)."""

    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self) -> None:
        with self.lock:
            self.count += 1


# --------------------------------------------------------------------------- the pages


def build_pages(n: int, seed: int = 7) -> dict[str, Page]:
    """N pages: real ones, with the fault kinds spread evenly through the crawl."""
    rng = random.Random(seed)
    real = sorted(WCXB.glob("*.html.gz"))
    if not real:
        raise SystemExit(f"no pages in {WCXB}")
    story = gzip.decompress(real[0].read_bytes())
    big = (story * (9_500_000 // len(story) + 1))[:rng.randint(9_000_000, 10_000_000)]
    deep = (b"<html><body>" + b"<div>" * 300_000 + b"<p>" + b"A story at the bottom. " * 20
            + b"</p>" + b"</div>" * 300_000 + b"</body></html>")
    # kind: (every, offset); the offsets keep the kinds from landing on the same page
    every = {"http500": (100, 10), "random": (100, 30), "empty": (100, 50), "png": (100, 70),
             "stall": (500, 290), "deep": (1000, 495), "big": (1500, 1105)}
    pages: dict[str, Page] = {}
    for i in range(n):
        kind = next((k for k, (step, at) in every.items() if i % step == at), "real")
        if kind == "real":
            page = Page("real", source=real[i % len(real)])
        elif kind == "http500":
            page = Page(kind, status=500, body=b"server error")
        elif kind == "random":
            page = Page(kind, body=rng.randbytes(rng.randint(1_000, 100_000)))
        elif kind == "empty":
            page = Page(kind)
        elif kind == "png":
            page = Page(kind, body=PNG, ctype="image/png")
        elif kind == "stall":
            page = Page(kind, source=real[i % len(real)], stall=20.0)
        else:
            page = Page(kind, body=big if kind == "big" else deep)
        pages[f"/{kind}/{i}"] = page
    return pages


def serve(pages: dict[str, Page], served: Served) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            page = pages.get(self.path, Page("missing", status=404))
            if page.stall:
                time.sleep(page.stall)
            body = page.read()
            self.send_response(page.status)
            if page.ctype:
                self.send_header("Content-Type", page.ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            served.add()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


# --------------------------------------------------------------------------- the crawl (child)


def crawl_child(job_path: str) -> None:
    """Runs in the crawl process: the add-on alone, the bundled spider, a JSON-lines feed."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from scrapy_cleanarticle.scrapy.spiders import ArticleSpider

    job = json.loads(Path(job_path).read_text())
    process = CrawlerProcess(job["settings"])
    crawler = process.create_crawler(ArticleSpider)
    closed: dict[str, Any] = {}

    def spider_closed(reason: str) -> None:
        closed["reason"] = reason

    crawler.signals.connect(spider_closed, signal=signals.spider_closed)
    process.crawl(crawler, urls_file=job["urls_file"])
    process.start()
    stats = {k: v for k, v in (crawler.stats.get_stats() if crawler.stats else {}).items()
             if isinstance(v, (int, float, str))}
    Path(job["out"]).write_text(json.dumps({"stats": stats, "closed": closed}, default=str))


def start_crawl(work: Path, urls: list[str], args: argparse.Namespace) -> subprocess.Popen[bytes]:
    (work / "urls.txt").write_text("\n".join(urls))
    settings = {"ADDONS": {"scrapy_cleanarticle.Addon": 500}, "LOG_LEVEL": "INFO",
                "LOG_FILE": str(work / "crawl.log"), "TELNETCONSOLE_ENABLED": False,
                "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": 32,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "RETRY_ENABLED": False,
                "CLEANARTICLE_WORKERS": args.workers, "CLEANARTICLE_TIMEOUT": args.timeout,
                "FEEDS": {str(work / "items.jsonl"): {"format": "jsonlines",
                                                      "fields": ["url", "metadata"]}}}
    job = {"settings": settings, "urls_file": str(work / "urls.txt"),
           "out": str(work / "result.json")}
    (work / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen([sys.executable, __file__, "--child", str(work / "job.json")],
                            env=env, start_new_session=True, cwd=work,
                            stdout=subprocess.DEVNULL, stderr=(work / "stderr.txt").open("wb"))


# --------------------------------------------------------------------------- watching it


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workers_of(sid: int) -> list[int]:
    """Cleaning workers: in the crawl's session but not its children (forkserver, tracker)."""
    return [pid for pid, st in session_members(sid).items()
            if pid != sid and st[1] != str(sid) and st[0] != "T"]


def fault(action: str, sid: int) -> str:
    if action == "sigint":
        os.kill(sid, signal.SIGINT)
        return "SIGINT to the crawler"
    if action == "kill_forkserver":
        servers = [pid for pid, st in session_members(sid).items()
                   if st[1] == str(sid) and "forkserver" in cmdline(pid)]
        for pid in servers:
            os.kill(pid, signal.SIGKILL)
        return f"SIGKILL forkserver {servers}"
    workers = workers_of(sid)
    if not workers:
        return f"{action}: no worker to hit"
    sig = signal.SIGKILL if action == "kill_worker" else signal.SIGSTOP
    os.kill(workers[0], sig)
    return f"{sig.name} worker {workers[0]}"


def watch(crawl: subprocess.Popen[bytes], served: Served, n: int,
          faults: tuple[tuple[float, str], ...]) -> tuple[list[dict[str, Any]], list[str]]:
    """Sample RSS at each tenth of the crawl and fire the faults at their fractions."""
    sid, tenths, done, pending = crawl.pid, [], [], list(faults)
    next_tenth = 1
    while crawl.poll() is None:
        share = served.count / n
        while pending and share >= pending[0][0]:
            done.append(f"{served.count:>6} pages: {fault(pending.pop(0)[1], sid)}")
        if share >= next_tenth / 10:
            workers = workers_of(sid)
            tenths.append({"tenth": next_tenth, "crawler": rss_mb(sid),
                           "workers": [round(rss_mb(p)) for p in workers]})
            next_tenth += 1
        time.sleep(0.2)
    return tenths, done


# --------------------------------------------------------------------------- the report


def account(work: Path, pages: dict[str, Page], base: str) -> dict[str, Any]:
    kinds = {base + path: page.kind for path, page in pages.items()}
    seen: Counter[str] = Counter()
    outcome: dict[str, Counter[str]] = {}
    with (work / "items.jsonl").open() as fh:
        for line in fh:
            item = json.loads(line)
            seen[item["url"]] += 1
            meta = item.get("metadata") or {}
            what = meta.get("error") or meta.get("reason") or "article"
            outcome.setdefault(kinds.get(item["url"], "?"), Counter())[what] += 1
    result = json.loads((work / "result.json").read_text())
    stats = result["stats"]
    log = (work / "crawl.log").read_text("utf-8", "replace").splitlines()
    return {"items": sum(seen.values()), "urls_twice": sum(1 for c in seen.values() if c > 1),
            "entered": stats.get("cleanarticle/items", 0),
            "scraped": stats.get("item_scraped_count", 0),
            "dropped": stats.get("item_dropped_count", 0),
            "responses": stats.get("downloader/response_count", 0),
            "closed": result["closed"].get("reason"),
            "outcomes": {k: dict(v) for k, v in sorted(outcome.items())},
            "pool": {k: v for k, v in stats.items() if k.startswith(("cleanarticle/pool",
                                                                     "cleanarticle/timeouts"))},
            "longest_log_line": max((len(line) for line in log), default=0),
            "tracebacks": sum("Traceback" in line for line in log),
            "lost_warnings": [line[:200] for line in log if "still being cleaned" in line]}


def soak(args: argparse.Namespace) -> None:
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    for old in ("items.jsonl", "result.json", "crawl.log"):
        (work / old).unlink(missing_ok=True)
    pages = build_pages(args.pages)
    served = Served()
    httpd = serve(pages, served)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    faults = tuple(f for f in FAULTS if args.sigint or f[1] != "sigint")
    started = time.monotonic()
    crawl = start_crawl(work, [base + p for p in pages], args)
    try:
        tenths, fired = watch(crawl, served, args.pages, faults)
        elapsed = time.monotonic() - started
        exited = time.monotonic()
        while session_members(crawl.pid) and time.monotonic() - exited < 10:
            time.sleep(0.2)
        left = {pid: cmdline(pid)[:80] for pid in session_members(crawl.pid)}
    finally:
        for pid in session_members(crawl.pid):
            os.kill(pid, signal.SIGKILL)
        httpd.shutdown()
    report = account(work, pages, base)
    print(f"pages planned {args.pages}, responses {report['responses']}, "
          f"exit code {crawl.returncode}, closed: {report['closed']}")
    print(f"throughput: {report['responses'] / elapsed:.1f} responses/s "
          f"({elapsed:.0f} s, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    print("faults:", *fired, sep="\n  ")
    print("RSS MB by tenth (crawler | workers):")
    for t in tenths:
        print(f"  {t['tenth'] * 10:>3}%  {t['crawler']:6.0f} | {t['workers']}")
    ok = report["entered"] == report["scraped"] + report["dropped"]
    print(f"accounting: {report['items']} items in the feed, {report['urls_twice']} URLs twice; "
          f"entered {report['entered']} = scraped {report['scraped']} + dropped "
          f"{report['dropped']}: {'yes' if ok else 'NO'}")
    print("outcomes per kind:")
    for kind, counts in report["outcomes"].items():
        print(f"  {kind:8} {counts}")
    print("pool:", report["pool"])
    print(f"left alive 10 s after exit: {left or 'none'}; longest log line "
          f"{report['longest_log_line']}; tracebacks {report['tracebacks']}")
    print("forced-stop warnings:", report["lost_warnings"] or "none")


def random_bytes(count: int) -> None:
    """Issue 18's target: 0 of ``count`` seeded random byte strings (1-100 KB) yield a body."""
    from scrapy_cleanarticle import clean_article
    from scrapy_cleanarticle.errors import CleanArticleError

    outcomes: Counter[str] = Counter()
    bodies = 0
    for seed in range(count):
        rng = random.Random(seed)
        data = rng.randbytes(rng.randint(1_000, 100_000))
        try:
            article = clean_article(data, "http://x/", content_type="text/html")
        except CleanArticleError as exc:
            outcomes[exc.reason] += 1
            continue
        bodies += bool(article.articleBody)
        outcomes["article" if article.articleBody else "empty"] += 1
    print(f"random byte strings: {count}, with a body: {bodies}, outcomes: {dict(outcomes)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--no-sigint", dest="sigint", action="store_false")
    parser.add_argument("--work", default="/tmp/cleanarticle-soak")
    parser.add_argument("--random-bytes", type=int, default=0, metavar="N")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        crawl_child(args.child)
    elif args.random_bytes:
        random_bytes(args.random_bytes)
    else:
        soak(args)


if __name__ == "__main__":
    main()
