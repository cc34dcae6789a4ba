"""Compressed bodies whose ``Content-Encoding`` nobody undid: sniffed, inflated, capped.

A body reaches us still compressed when a crawler lacks the codec (Scrapy skips ``br`` and
``zstd`` without their packages), when a server labels a ``.html.gz`` file ``text/html``, or when a
caller reads a cache file as it is. Refusing it as binary loses a page we can read.

Every decompressor is driven with an output limit, so a bomb costs at most ``limit + 1`` bytes of
memory and the caller sees that the page was over it. gzip and zlib come with Python; brotli and
zstd only when their packages are installed (the ``compression`` extra): without them such a
body stays a typed binary refusal. Brotli has no magic number, so it is only tried on a body that
was about to be refused as binary anyway.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

_GZIP = b"\x1f\x8b\x08"
_ZSTD = b"\x28\xb5\x2f\xfd"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Inflated:
    """A body after decompression. ``over_limit``: it held more than the limit; ``data`` is
    then only its first ``limit`` bytes (the rest was never produced)."""

    data: bytes
    codec: str
    over_limit: bool


def sniff(data: bytes) -> str | None:
    """The codec the first bytes announce, or None. zlib's two-byte header is a checksum
    (a multiple of 31), which text rarely satisfies by chance; a failed inflate settles it."""
    if data.startswith(_GZIP):
        return "gzip"
    if data.startswith(_ZSTD):
        return "zstd"
    if len(data) > 2 and data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0:
        return "deflate"
    return None


def inflate(data: bytes, codec: str, limit: int) -> Inflated | None:
    """Decompress ``data`` with ``codec``, producing at most ``limit + 1`` bytes; None when the
    data is not valid for that codec or the codec's package is missing."""
    run = _DECODERS.get(codec)
    if run is None:
        return None
    out = run(data, limit + 1)
    if out is None or not out:
        return None
    return Inflated(out[:limit], codec, len(out) > limit)


def _zlib(wbits: int) -> Callable[[bytes, int], bytes | None]:
    def run(data: bytes, cap: int) -> bytes | None:
        try:
            # max_length bounds the output whatever the input claims.
            return zlib.decompressobj(wbits).decompress(data, cap)
        except zlib.error:
            return None
    return run


def _brotli(data: bytes, cap: int) -> bytes | None:
    try:
        import brotli  # type: ignore[import-untyped]
    except ImportError:
        return None
    out = bytearray()
    decompressor = brotli.Decompressor()
    try:
        # brotli >= 1.2 stops at output_buffer_limit and keeps the rest of the input pending.
        chunk = decompressor.process(data, output_buffer_limit=_CHUNK)
        while chunk:
            out += chunk
            if len(out) >= cap or decompressor.is_finished():
                break
            chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
    except TypeError:  # brotli < 1.2 cannot bound its output: a bomb risk, so no inflating
        return None
    except brotli.error:
        return None
    return bytes(out[:cap])


def _zstd(data: bytes, cap: int) -> bytes | None:
    try:
        import zstandard
    except ImportError:
        return None
    out = bytearray()
    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            while len(out) < cap:
                chunk = reader.read(min(_CHUNK, cap - len(out)))
                if not chunk:
                    break
                out += chunk
    except zstandard.ZstdError:
        return None
    return bytes(out)


_DECODERS: Mapping[str, Callable[[bytes, int], bytes | None]] = MappingProxyType({
    "gzip": _zlib(16 + zlib.MAX_WBITS),
    "deflate": _zlib(zlib.MAX_WBITS),
    "brotli": _brotli,
    "zstd": _zstd,
})

__all__ = ["Inflated", "inflate", "sniff"]
