"""Where a shared crawl lives in Redis: every key of one crawl shares one prefix.

Kept free of redis imports so the add-on, the settings and the CLI's help can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY_ROOT = "cleanarticle"
#: Request meta key carrying the queue entry a request was leased from.
LEASE_META_KEY = "cleanarticle_lease"


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl (``cleanarticle:<crawl>:...``).

    ``requests`` is the queue (see :class:`QueueKeys`), ``dupefilter`` scrapy-redis' set of
    request fingerprints, ``seed`` the seed claim (``seeding:<worker>`` or ``done``) and
    ``workers`` a hash of worker name -> last heartbeat (JSON).
    """

    prefix: str
    requests: str
    dupefilter: str
    seed: str
    workers: str

    @classmethod
    def for_crawl(cls, crawl: str) -> Keys:
        prefix = f"{KEY_ROOT}:{crawl}"
        return cls(prefix, *(f"{prefix}:{name}" for name in ("requests", "dupefilter", "seed",
                                                             "workers")))

    def delay(self, slot: str) -> str:
        """The next free moment of one download slot (domain), for the shared delay."""
        return f"{self.prefix}:delay:{slot}"


@dataclass(frozen=True)
class QueueKeys:
    """The keys behind one request queue, derived from the key scrapy-redis passes.

    ``queue``: sorted set of queued entry ids (score -priority; ties pop oldest first);
    ``data``: hash id -> encoded request, for queued and leased entries alike; ``leases``:
    sorted set of leased ids scored by their deadline (Redis server time); ``owners``: hash
    leased id -> worker name; ``seq``: the entry id counter.
    """

    queue: str
    data: str
    leases: str
    owners: str
    seq: str

    @classmethod
    def for_queue(cls, queue: str) -> QueueKeys:
        return cls(queue, *(f"{queue}:{name}" for name in ("data", "leases", "owners", "seq")))


__all__ = ["KEY_ROOT", "LEASE_META_KEY", "Keys", "QueueKeys"]
