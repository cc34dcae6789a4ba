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
    """The Redis keys of one crawl (``cleanarticle:<crawl>:...``)."""

    prefix: str

    @classmethod
    def for_crawl(cls, crawl: str) -> Keys:
        return cls(f"{KEY_ROOT}:{crawl}")

    @property
    def requests(self) -> str:
        """Sorted set of queued entry ids (score: -priority; ties pop oldest first)."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def seed(self) -> str:
        return f"{self.prefix}:seed"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    def delay(self, slot: str) -> str:
        return f"{self.prefix}:delay:{slot}"


@dataclass(frozen=True)
class QueueKeys:
    """The keys behind one request queue; derived from the queue key scrapy-redis passes."""

    queue: str

    @property
    def data(self) -> str:
        """Hash id -> encoded request, for queued and leased entries alike."""
        return f"{self.queue}:data"

    @property
    def leases(self) -> str:
        """Sorted set of leased ids, score = lease deadline (Redis server time)."""
        return f"{self.queue}:leases"

    @property
    def owners(self) -> str:
        """Hash leased id -> worker name."""
        return f"{self.queue}:owners"

    @property
    def seq(self) -> str:
        return f"{self.queue}:seq"


__all__ = ["KEY_ROOT", "LEASE_META_KEY", "Keys", "QueueKeys"]
