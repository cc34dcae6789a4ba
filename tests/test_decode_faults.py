"""Issue 18 item 1 and issue 15 items 6 and 8: what decode_html makes of random bytes,
compressed bodies and undeclared single-byte code pages."""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
import textwrap
import tracemalloc
import zlib

import hostile_corpus as hc
import pytest

from scrapy_cleanarticle import clean_article
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.decode import decode_html
from scrapy_cleanarticle.errors import BinaryInputError, NotHTMLError, TooLargeError

CFG = CleanerConfig()
EN = hc._page(hc.STORY_EN)
FRENCH = ("<html><head><title>Le marché</title></head><body><article><h1>Une journée à Paris</h1>"
          + "<p>À la fin de l'été, les élèves sont rentrés à l'école après une très longue pause. "
            "Le cœur de la ville battait déjà au rythme de la rentrée, et les cafés étaient "
            "pleins dès sept heures du matin.</p>" * 3
          + "<p>« Nous avons déjà préparé la réunion », a précisé la directrice, qui a ajouté que "
            "les œuvres exposées seraient rendues à leurs propriétaires après la fête.</p>"
          + "</article></body></html>")
CZECH = ("<html><body><article>" + "<p>Příliš žluťoučký kůň úpěl ďábelské ódy. Václav Havel byl "
         "český dramatik, esejista a politik, poslední prezident Československa a první "
         "prezident České republiky.</p>" * 3 + "</article></body></html>")


def _random_page(seed: int) -> bytes:
    rng = random.Random(seed)
    return rng.randbytes(rng.randint(1_000, 100_000))


# --------------------------------------------------------------------------- random bytes


def test_the_issue_example_is_binary() -> None:
    data = random.Random(3).randbytes(50_000)  # held "<p " by chance: 25,492 chars of body
    with pytest.raises(BinaryInputError) as info:
        clean_article(data, "http://x/", content_type="text/html")
    assert info.value.reason == "binary" and isinstance(info.value, NotHTMLError)


@pytest.mark.slow
def test_random_bytes_never_become_an_article() -> None:
    """Seeds 0-199 gave 19 articles before; benchmarks/soak.py --random-bytes runs 1,000."""
    for seed in range(200):
        with pytest.raises(BinaryInputError):
            clean_article(_random_page(seed), "http://x/", content_type="text/html")


@pytest.mark.parametrize("codec", ["latin-1", "cp1251", "utf-8"])
def test_random_bytes_decoded_as_text_are_binary(codec: str) -> None:
    """cp1251 makes 60% of random bytes letters: the share of markup is what tells."""
    for seed in range(40):
        with pytest.raises(BinaryInputError):
            clean_article(_random_page(seed).decode(codec, "replace"), "http://x/")


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"])
def test_random_bytes_behind_a_bom_are_binary(bom: bytes) -> None:
    for seed in range(20):
        with pytest.raises(BinaryInputError):
            decode_html(bom + _random_page(seed), "text/html", config=CFG)


def test_a_page_with_some_control_bytes_still_cleans() -> None:
    raw = EN.encode()
    few = raw.replace(b"meeting", b"meet\x01ing", 3)
    heavy = raw.replace(b" ", b" \x02\x03")  # 10%+ control bytes, still a page with tags
    for page in (few, heavy):
        article = clean_article(page, "http://x/", content_type="text/html")
        assert hc.MARKER_EN in article.articleBody.replace("\x02", "").replace("\x03", "")


# --------------------------------------------------------------------------- compressed bodies


def _brotli(data: bytes) -> bytes:
    brotli = pytest.importorskip("brotli")
    return brotli.compress(data, quality=1)  # type: ignore[no-any-return]


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)  # type: ignore[no-any-return]


COMPRESSORS = {
    "gzip": lambda data: gzip.compress(data, mtime=0),
    "deflate": zlib.compress,
    "brotli": _brotli,
    "zstd": _zstd,
}


@pytest.mark.parametrize("codec", list(COMPRESSORS))
def test_compressed_body_is_inflated(codec: str) -> None:
    packed = COMPRESSORS[codec](EN.encode())
    decoded = decode_html(packed, "text/html", config=CFG)
    assert decoded.text == EN
    assert f"decompressed:{codec}" in decoded.warnings
    assert hc.MARKER_EN in clean_article(packed, "http://x/").articleBody


@pytest.mark.parametrize("codec", list(COMPRESSORS))
def test_a_bomb_stops_at_the_size_limit(codec: str) -> None:
    """50 MB of markup packed small: decoding must stay near the 1 MB limit in memory."""
    packed = COMPRESSORS[codec](b"<p>" + b"a" * 50_000_000)
    small = CFG.replace(max_bytes=1_000_000)
    tracemalloc.start()
    try:
        flagged = decode_html(packed, "text/html", config=small)
        cut = decode_html(packed, "text/html", config=small.replace(oversize="truncate"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert flagged.too_large and flagged.text == ""
    assert cut.truncated and 0 < len(cut.text) <= 1_000_000
    assert peak < 20_000_000
    with pytest.raises(TooLargeError):
        decode_html(packed, "text/html", config=small.replace(oversize="raise"))


def test_not_really_zlib_is_left_alone() -> None:
    """'x^' opens a valid zlib header by chance; a failed inflate must not lose the page."""
    page = b"x^2 is a square. " + EN.encode()
    assert decode_html(page, "text/html", config=CFG).text.startswith("x^2")


def test_without_the_packages_brotli_and_zstd_stay_binary() -> None:
    code = textwrap.dedent("""
        import sys, zlib
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name in ("brotli", "zstandard"):
                    raise ImportError(name + " is not installed")
                return None
        sys.meta_path.insert(0, Block())
        from scrapy_cleanarticle import BinaryInputError, CleanerConfig
        from scrapy_cleanarticle.decode import decode_html
        zstd = bytes.fromhex("28b52ffd2005290000") + b"<p>hello</p>"
        try:
            decode_html(zstd, None, config=CleanerConfig())
        except BinaryInputError as exc:
            print("binary", "zstandard" in str(exc))
        print(decode_html(zlib.compress(b"<p>hello</p>"), None, config=CleanerConfig()).text)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["binary", "True", "<p>hello</p>"], out.stderr


# --------------------------------------------------------------------------- single-byte code pages


def test_undeclared_cp1252_french_is_not_read_as_cp1250() -> None:
    article = clean_article(FRENCH.encode("cp1252"), "http://x/")
    assert article.metadata["encoding"] == "cp1252"
    assert "élèves" in article.articleBody and "cœur" in article.articleBody


def test_undeclared_cp1250_czech_stays_cp1250() -> None:
    article = clean_article(CZECH.encode("cp1250"), "http://x/")
    assert article.metadata["encoding"] == "cp1250"
    assert "Příliš žluťoučký kůň" in article.articleBody
