"""A reliable request queue: a popped request is leased, not gone.

scrapy-redis pops a request out of Redis and adds it to the shared dupefilter, so when a worker
dies (SIGKILL, OOM, a node lost) every request it had in flight is lost for good: no worker has
it and every worker thinks it was seen. Here a pop moves the entry into a *lease* (a sorted set
scored by a deadline on the Redis server's clock) and the encoded request stays in Redis until
the worker acknowledges it. A live worker renews its leases; leases whose deadline passed, and
those of a worker that restarts under the same name, go back to the queue.

Every multi-key change is one MULTI/EXEC transaction (with WATCH where it reads first), so a
worker killed between two commands leaves either the old state or the new one. Lua would be
shorter but fakeredis (the tests' Redis) needs an extra package for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from redis.exceptions import WatchError
from scrapy_redis.queue import Base

from .keys import LEASE_META_KEY, QueueKeys

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Request

logger = logging.getLogger(__name__)

#: Re-queued entries go first: they were due long ago.
REQUEUE_SCORE = float("-inf")
DEFAULT_LEASE = 60.0


def server_time(server: Redis) -> float:
    """Seconds on the Redis server's clock, which all workers share (their own may drift)."""
    seconds, micros = server.time()
    return float(seconds) + float(micros) / 1e6


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class ReliableQueue(Base):  # type: ignore[misc]
    """Priority queue with leases (``SCHEDULER_QUEUE_CLASS``); see the module docstring."""

    def __init__(self, server: Redis, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = QueueKeys.for_queue(self.key)
        self.worker = "unnamed"
        self.lease = DEFAULT_LEASE
        self.undecodable = 0

    def bind(self, worker: str, lease: float) -> None:
        self.worker, self.lease = worker, lease

    def __len__(self) -> int:
        return int(self.server.zcard(self.keys.queue))

    def in_flight(self) -> int:
        return int(self.server.zcard(self.keys.leases))

    def push(self, request: Request) -> str:
        entry = f"{int(self.server.incr(self.keys.seq)):012d}"
        pipe = self.server.pipeline(transaction=True)
        pipe.hset(self.keys.data, entry, self._encode_request(request))
        pipe.zadd(self.keys.queue, {entry: -request.priority})
        pipe.execute()
        return entry

    def push_unseen(self, request: Request, dupefilter: Any) -> bool:
        """Queue ``request`` unless the shared dupefilter has seen it; ``True`` if queued.

        scrapy-redis marks a request seen *before* it queues it, so a worker killed between the
        two leaves a URL that every worker skips and none crawls. Here the request is queued
        first and marked after; if another worker marked it in between, our copy is removed
        again (at worst, in that instant, a page is crawled twice; it is never lost).
        """
        if request.dont_filter:
            self.push(request)
            return True
        fingerprint = dupefilter.request_fingerprint(request)
        if self.server.sismember(dupefilter.key, fingerprint):
            return False
        entry = self.push(request)
        if not self.server.sadd(dupefilter.key, fingerprint):
            self.ack([entry])
            return False
        return True

    def pop(self, timeout: float = 0) -> Request | None:
        """Lease the first entry; the request carries its entry id in ``meta``."""
        while True:
            popped = self._lease_first()
            if popped is None:
                return None
            entry, blob = popped
            try:
                request: Request = self._decode_request(blob)
            except Exception:  # one bad entry must not stop every worker
                logger.exception("cleanarticle: dropping queue entry %s that cannot be decoded",
                                 entry)
                self.undecodable += 1
                self.ack([entry])
                continue
            request.meta[LEASE_META_KEY] = entry
            return request

    def _lease_first(self) -> tuple[str, bytes] | None:
        with self.server.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self.keys.queue)
                    first = pipe.zrange(self.keys.queue, 0, 0)
                    if not first:
                        return None
                    entry = text(first[0])
                    deadline = server_time(pipe) + self.lease
                    pipe.multi()
                    pipe.zrem(self.keys.queue, entry)
                    pipe.zadd(self.keys.leases, {entry: deadline})
                    pipe.hset(self.keys.owners, entry, self.worker)
                    pipe.hget(self.keys.data, entry)
                    blob = pipe.execute()[-1]
                except WatchError:
                    continue
                if blob is None:  # acknowledged elsewhere while it sat in the queue
                    self.ack([entry])
                    continue
                return entry, blob

    def ack(self, entries: Iterable[str]) -> None:
        """The work of these entries is done (or safely back in the queue as new entries)."""
        entries = list(entries)
        if not entries:
            return
        pipe = self.server.pipeline(transaction=True)
        pipe.zrem(self.keys.leases, *entries)
        pipe.zrem(self.keys.queue, *entries)
        pipe.hdel(self.keys.owners, *entries)
        pipe.hdel(self.keys.data, *entries)
        pipe.execute()

    def renew(self, entries: Iterable[str]) -> None:
        entries = list(entries)
        if entries:
            deadline = server_time(self.server) + self.lease
            self.server.zadd(self.keys.leases, dict.fromkeys(entries, deadline), xx=True)

    def requeue_expired(self, *, own: bool = False) -> int:
        """Put expired leases (and, with ``own``, every lease of this worker's name) back."""

        def select(pipe: Any) -> list[str]:  # a WATCHing pipeline
            expired: list[bytes] = pipe.zrangebyscore(self.keys.leases, "-inf", server_time(pipe))
            chosen = {text(e) for e in expired}
            if own:
                owners: dict[bytes, bytes] = pipe.hgetall(self.keys.owners)
                chosen.update(text(e) for e, w in owners.items() if text(w) == self.worker)
            return sorted(chosen)

        return self._requeue(select)

    def release(self, entries: Iterable[str]) -> int:
        """Give leases back now (a worker stopping before it finished them)."""
        wanted = sorted(set(entries))
        if not wanted:
            return 0

        def select(pipe: Any) -> list[str]:  # a WATCHing pipeline
            scores = pipe.zmscore(self.keys.leases, wanted)
            return [e for e, s in zip(wanted, scores, strict=True) if s is not None]

        return self._requeue(select)

    def _requeue(self, select: Callable[[Any], list[str]]) -> int:
        with self.server.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self.keys.leases)
                    entries = select(pipe)
                    if not entries:
                        return 0
                    pipe.multi()
                    pipe.zrem(self.keys.leases, *entries)
                    pipe.hdel(self.keys.owners, *entries)
                    pipe.zadd(self.keys.queue, dict.fromkeys(entries, REQUEUE_SCORE))
                    pipe.execute()
                except WatchError:
                    continue
                return len(entries)

    def clear(self) -> None:
        self.server.delete(self.keys.queue, self.keys.data, self.keys.leases, self.keys.owners,
                           self.keys.seq)


__all__ = ["DEFAULT_LEASE", "ReliableQueue", "server_time", "text"]
