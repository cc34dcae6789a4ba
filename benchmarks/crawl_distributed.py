"""``crawl.py --worker-processes N``: crawl throughput of 1 and N processes on one frontier.

Every run gets a fresh crawl name (its own Redis keys), so runs never see each other's queue or
dupefilter. The pages go into the shared queue through the spider's own start requests, seeded
once by whichever worker claims the seed first. Throughput is pages over the time from the
first ``spider_opened`` to the last item any worker scraped; the idle tail in which a finished
worker waits for the others' leases before it closes is not crawl time and is left out.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._redis import local_redis

CRAWL_SCRIPT = Path(__file__).resolve().with_name("crawl.py")
REPO_ROOT = CRAWL_SCRIPT.parent.parent


def run_workers(processes: int, base: str, redis_url: str, crawl: str,
                args: argparse.Namespace) -> dict[str, float]:
    outs = [Path(f"/tmp/cleanarticle-crawl-bench-{os.getpid()}-{crawl}-{k}.json")
            for k in range(processes)]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    procs = []
    for k, out in enumerate(outs):
        redis = {"CLEANARTICLE_REDIS_URL": redis_url, "CLEANARTICLE_REDIS_CRAWL": crawl,
                 "CLEANARTICLE_REDIS_WORKER": f"{crawl}-{k}"}
        procs.append(subprocess.Popen(
            [sys.executable, str(CRAWL_SCRIPT), "--child", "inline", "--base", base,
             "--pages", str(args.pages), "--concurrency", str(args.concurrency),
             "--out", str(out), "--redis-settings", json.dumps(redis)], env=env))
    if any(p.wait() != 0 for p in procs):
        raise SystemExit(f"{crawl}: a worker failed")
    results = [json.loads(out.read_text()) for out in outs]
    for out in outs:
        out.unlink()
    items = sum(r["items"] for r in results)
    if items != args.pages:
        raise SystemExit(f"{crawl}: {items} items for {args.pages} pages (each exactly once)")
    if sum(r["cleaned"] for r in results) < args.pages * 0.9:
        raise SystemExit(f"{crawl}: too few pages cleaned; the numbers would not mean anything")
    span = max(r["last_item_at"] for r in results) - min(r["opened_at"] for r in results)
    return {"rate": items / span, "busiest": max(r["items"] for r in results) / items}


def compare_processes(args: argparse.Namespace, pages: list[bytes],
                      start_server: Callable[[list[bytes], float], tuple[Any, str]]) -> None:
    counts = sorted({1, args.worker_processes})
    with local_redis() as (redis_url, redis_kind):
        print(f"{args.pages} pages, {os.cpu_count()} CPUs, inline cleaning, "
              f"{args.concurrency} concurrent requests per process, {redis_kind}, "
              f"median of {args.repeat} run(s)")
        for latency_ms in args.latency or [0.0, 100.0]:
            server, base = start_server(pages, latency_ms)
            rows: dict[int, list[dict[str, float]]] = {n: [] for n in counts}
            try:
                for run in range(args.repeat):
                    for n in counts:
                        crawl = f"bench-{os.getpid()}-{latency_ms:g}-{n}-{run}"
                        rows[n].append(run_workers(n, base, redis_url, crawl, args))
            finally:
                server.terminate()
            rates = {n: statistics.median(r["rate"] for r in rows[n]) for n in counts}
            print(f"\nlatency {latency_ms:g} ms")
            print(f"  {'processes':>9} {'pages/s':>8} {'vs 1':>6} {'busiest':>8}")
            for n in counts:
                busiest = statistics.median(r["busiest"] for r in rows[n])
                print(f"  {n:9d} {rates[n]:8.1f} {rates[n] / rates[1]:5.2f}x {busiest:8.0%}")


__all__ = ["compare_processes"]
