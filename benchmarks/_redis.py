"""A local Redis for the crawl benchmark and the distributed tests.

``redis-server`` when it is on PATH, else fakeredis' TCP server (pure Python, no system
package). fakeredis writes each reply of a pipeline on its own, and without TCP_NODELAY every
second small write waits for the client's delayed ACK (~40 ms): a crawl ran 7x slower.
"""

from __future__ import annotations

import multiprocessing
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fakeredis import TcpFakeServer


class FakeRedisServer(TcpFakeServer):  # type: ignore[misc]
    """fakeredis' server with TCP_NODELAY on every connection (see the module docstring)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address)
        self.daemon_threads = True  # the base class turns it off

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address


@contextmanager
def fake_redis_thread() -> Iterator[str]:
    """fakeredis in a thread of this process, on a free port; yields its URL."""
    server = FakeRedisServer(("127.0.0.1", 0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"redis://{host!s}:{port}/0"
    finally:
        server.shutdown()
        server.server_close()


def _serve_fake(port_queue: Any) -> None:
    server = FakeRedisServer(("127.0.0.1", 0))
    port_queue.put(server.server_address[1])
    server.serve_forever()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def local_redis() -> Iterator[tuple[str, str]]:
    """A Redis in its own process (so it does not share a GIL with the caller); yields
    (url, what it is)."""
    binary = shutil.which("redis-server")
    if binary:
        port = _free_port()
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                with socket.socket() as sock:
                    if sock.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0", "redis-server"
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        return
    ports: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve_fake, args=(ports,), daemon=True)
    server.start()
    try:
        yield f"redis://127.0.0.1:{ports.get(timeout=30)}/0", "fakeredis"
    finally:
        server.terminate()


__all__ = ["FakeRedisServer", "fake_redis_thread", "local_redis"]
