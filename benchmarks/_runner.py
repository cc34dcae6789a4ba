"""Run extractors over benchmark pages, serially or in a process pool, one job per (tool, page).

Every set and tool of a ``quality.py`` run goes into one pool, so the slow peer and our cleaner
share the cores instead of waiting for each other. Workers read the page file themselves: sending
1,500 HTML documents through the pool's pipe would cost more than reading them. A crash on one
page is recorded with its message, never fatal: a benchmark must survive any tool failure.
"""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks._common import get_extractor


@dataclass(frozen=True)
class Job:
    tool: str
    key: str  # the page id, unique within one set
    path: str
    url: str
    as_text: bool  # decode as UTF-8 first (the Zyte harness); False: raw bytes, as score.py does


@dataclass(frozen=True)
class Output:
    tool: str
    key: str
    body: str
    error: str | None
    cpu: float
    reason: str | None = None  # ours only: metadata['reason'], why the body is empty
    extractor: str | None = None  # ours only: metadata['extractor'], which path gave the body


def read_html(path: str | Path, *, as_text: bool) -> str | bytes:
    raw = Path(path).read_bytes()
    if str(path).endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8") if as_text else raw


def run_one(job: Job) -> Output:
    html = read_html(job.path, as_text=job.as_text)
    cpu = time.process_time()
    reason = extractor = None
    try:
        if job.tool == "us":
            from scrapy_cleanarticle import clean_article

            article = clean_article(html, url=job.url or None)
            body = article.articleBody or ""
            reason = _str_or_none(article.metadata.get("reason"))
            extractor = _str_or_none(article.metadata.get("extractor"))
        else:
            text = html if isinstance(html, str) else html.decode("utf-8", "replace")
            body = get_extractor(job.tool)(text, job.url)
        error = None
    except Exception as exc:  # noqa: BLE001 - recorded per page and reported, never fatal
        body, error = "", f"{type(exc).__name__}: {exc}"[:200]
    return Output(job.tool, job.key, body, error, time.process_time() - cpu, reason, extractor)


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def run_jobs(jobs: Sequence[Job], n_jobs: int = 1) -> dict[tuple[str, str], Output]:
    """Outputs keyed by (tool, key). ``n_jobs`` > 1 uses a process pool of that size."""
    if n_jobs <= 1 or len(jobs) < 2:
        outputs = [run_one(job) for job in jobs]
    else:
        # Small chunks: page costs vary a hundredfold, and the peer's jobs are slower than ours.
        with ProcessPoolExecutor(max_workers=min(n_jobs, os.cpu_count() or 1)) as pool:
            outputs = list(pool.map(run_one, jobs, chunksize=4))
    return {(o.tool, o.key): o for o in outputs}
