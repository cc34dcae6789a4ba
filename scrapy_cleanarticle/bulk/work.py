"""What a bulk worker process does: clean a batch of pages and send back their records ready to
write.

The main process of a run is serial: it reads the input, hands pages out and writes records for
every worker. Whatever it spends per page caps how far workers scale (with 20 ms of cleaning a
page, 2 ms in the main process already caps 2 workers at 1.8x of one). So two costs move here:

- a message carries several pages (one pickle, one pipe round trip and one thread hand-off for
  the batch instead of one per page);
- for JSON Lines output, the worker encodes the record itself, and the main process only adds
  the ``source`` key to bytes it never parses.

The per-page time limit and crash isolation still hold page by page: a batch that runs out of
time or kills its worker is cleaned again one page at a time (:func:`clean_pages`), so only the
page to blame gets the ``timeout`` or ``worker_crash`` record.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple

from ..config import CleanerConfig
from ..scrapy.pool import SHUTDOWN, Cleaners, Job, Outcome
from .output import encode_record

PageKind = Literal["article", "empty", "error"]
Clean = Callable[[Job], Outcome]


class PageJob(NamedTuple):
    body: bytes
    url: str | None
    content_type: str | None


class Cleaned(NamedTuple):
    """One page's result. ``head`` is the record as JSON text without its closing brace (JSON
    Lines output); otherwise ``record`` is the record itself. An error has neither."""

    kind: PageKind
    head: bytes | None = None
    record: dict[str, Any] | None = None
    error: str | None = None
    message: str = ""


class BatchCleaners(Cleaners):
    """The pool's :class:`Cleaners` for bulk runs: a job's data is a pickled list of
    :class:`PageJob`, and its value is one :class:`Cleaned` for each of them."""

    def __init__(self, article_path: str, html_path: str, config: CleanerConfig, *,
                 encode: bool) -> None:
        super().__init__(article_path, html_path, config)
        self.encode = encode

    def run(self, job: Job) -> Outcome:
        data = job.data if isinstance(job.data, bytes) else job.data.encode()
        pages: list[PageJob] = pickle.loads(data)  # written by pack() in our own main process
        return Outcome([self._one(page) for page in pages])

    def _one(self, page: PageJob) -> Cleaned:
        outcome = super().run(Job("article", page.body, page.url, page.content_type))
        if not outcome.ok:
            return Cleaned("error", error=outcome.error or "error", message=outcome.message)
        record: dict[str, Any] = outcome.value
        kind: PageKind = "article" if str(record.get("articleBody") or "").strip() else "empty"
        # The parent adds "source" as the last key; a record that has one already (or none at
        # all) is written the plain way, so the bytes never depend on where it was encoded.
        if self.encode and record and "source" not in record:
            return Cleaned(kind, head=encode_record(record)[:-1])
        return Cleaned(kind, record=record)


def pack(pages: Sequence[PageJob]) -> Job:
    return Job("article", pickle.dumps(list(pages), protocol=pickle.HIGHEST_PROTOCOL))


def clean_pages(clean: Clean, pages: Sequence[PageJob]) -> list[Cleaned]:
    """Clean ``pages`` as one job; if that job as a whole times out, crashes its worker or
    fails, clean them again one by one, so each page gets the outcome it would get alone."""
    outcome = clean(pack(pages))
    if outcome.ok and isinstance(outcome.value, list) and len(outcome.value) == len(pages):
        return outcome.value
    if len(pages) > 1 and outcome.error != SHUTDOWN:
        return [cleaned for page in pages for cleaned in clean_pages(clean, [page])]
    return [Cleaned("error", error=outcome.error or "error", message=outcome.message)
            for _page in pages]


__all__ = ["BatchCleaners", "Cleaned", "PageJob", "PageKind", "clean_pages", "pack"]
