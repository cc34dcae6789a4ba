"""decode_html: w3lib's order first, then a sanity check, then detection on a sample."""

from __future__ import annotations

import codecs

import hostile_corpus as hc
import pytest

from scrapy_cleanarticle import decode as decode_mod
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.decode import decode_html
from scrapy_cleanarticle.errors import NotHTMLError, TooLargeError

CFG = CleanerConfig()
RU = hc._page(hc.STORY_RU, title="Мост", lang="ru")
JA = hc._page(hc.STORY_JA, title="図書館", lang="ja")
ZH = hc._page(hc.STORY_ZH, title="供水", lang="zh")
EN = hc._page(hc.STORY_EN)


def _enc(name: str) -> str:
    return codecs.lookup(name).name


@pytest.mark.parametrize("text,codec", [(RU, "cp1251"), (JA, "shift_jis"), (ZH, "gb18030"),
                                        (RU, "koi8_r"), (EN + "é", "utf-8")])
def test_undeclared_legacy_text_is_detected(text: str, codec: str) -> None:
    decoded = decode_html(text.encode(codec), None, config=CFG)
    assert decoded.text.strip() == text.strip()


@pytest.mark.parametrize("text,codec,declared", [
    (RU, "cp1251", "utf-8"), (RU, "utf-8", "iso-8859-1"), (RU, "utf-8", "windows-1251"),
    (JA, "shift_jis", "utf-8"), (JA, "utf-8", "shift_jis"), (ZH, "gb18030", "latin-1"),
    (ZH, "utf-8", "gbk"),
])
def test_wrong_header_is_overridden(text: str, codec: str, declared: str) -> None:
    decoded = decode_html(text.encode(codec), f"text/html; charset={declared}", config=CFG)
    assert decoded.text == text
    assert decoded.source == "detected"
    assert decoded.declared is not None
    assert any(w.startswith("charset_mismatch") for w in decoded.warnings)


@pytest.mark.parametrize("text,codec", [(RU, "cp1251"), (JA, "shift_jis"), (ZH, "gb18030")])
def test_right_header_is_kept(text: str, codec: str) -> None:
    decoded = decode_html(text.encode(codec), f"text/html; charset={codec}", config=CFG)
    assert decoded.text == text
    assert decoded.source == "header"
    assert not decoded.warnings


def test_order_bom_then_header_then_meta() -> None:
    body = '<meta charset="cp1251"><p>Привет, мир! Это проверка.</p>'
    raw = body.encode("cp1251")
    assert decode_html(raw, None, config=CFG).source == "meta"
    assert decode_html(raw, "text/html; charset=windows-1251", config=CFG).source == "header"
    bom = codecs.BOM_UTF8 + body.encode("utf-8")
    decoded = decode_html(bom, "text/html; charset=cp1251", config=CFG)
    assert (decoded.source, decoded.encoding) == ("bom", "utf-8")
    assert decoded.text == body


def test_a_few_bad_bytes_do_not_overturn_utf8() -> None:
    raw = EN.encode().replace(b"confirmed", b"con\xff\xfefirmed")
    decoded = decode_html(raw, "text/html; charset=utf-8", config=CFG)
    assert decoded.encoding == "utf-8" and decoded.source == "header"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    decoded = decode_html(RU.encode(codec), None, config=CFG)
    assert decoded.text == RU
    assert decoded.source == "utf16-sniff"


def test_utf16_with_bom() -> None:
    decoded = decode_html(EN.encode("utf-16"), "text/html; charset=iso-8859-1", config=CFG)
    assert decoded.text == EN and decoded.source == "bom"


@pytest.mark.parametrize("name", ["pdf", "png", "random_bytes"])
def test_binary_is_not_html(name: str) -> None:
    raw, ctype = hc.generate_one(name)
    with pytest.raises(NotHTMLError) as info:
        decode_html(raw, ctype, config=CFG)
    assert info.value.reason == "binary"
    assert "not HTML" in str(info.value) or "binary" in str(info.value)


@pytest.mark.parametrize("raw", [b"", b"   \n\t ", "", "  \n"])
def test_empty_is_not_html(raw: bytes | str) -> None:
    with pytest.raises(NotHTMLError) as info:
        decode_html(raw, None, config=CFG)
    assert info.value.reason == "empty"


def test_valid_utf8_bytes_are_handed_on() -> None:
    """Valid UTF-8 reaches the parser as the response's own bytes, never encoded again; any
    other decoding (legacy charset, text input, a cut page) hands on nothing."""
    page = f"<html><body><p>{EN} \u2014 caf\u00e9</p></body></html>"
    raw = page.encode("utf-8")
    decoded = decode_html(raw, "text/html; charset=utf-8", config=CFG)
    assert decoded.text == page and decoded.utf8 is raw
    undeclared = decode_html(raw, "text/html; charset=iso-8859-1", config=CFG)
    assert undeclared.encoding == "utf-8" and undeclared.utf8 is raw
    assert decode_html(page.encode("cp1252"), "text/html; charset=cp1252", config=CFG).utf8 is None
    assert decode_html(page, None, config=CFG).utf8 is None
    cut = decode_html(raw * 40, None, config=CFG.replace(max_bytes=1000, oversize="truncate"))
    assert cut.truncated and cut.utf8 is None


def test_text_encoded_twice_does_not_turn_a_utf8_page_legacy() -> None:
    """A UTF-8 page whose CMS encoded some text twice ("Investor\u00e2\u0080\u0099s") is
    still UTF-8: a legacy charset would explain those few characters and garble the rest."""
    twice = "\u2019".encode("utf-8").decode("latin-1")  # the curly quote encoded twice
    page = (f"<html><head><title>An Investor{twice}s Guide</title></head><body>"
            f"<p>{EN} \u2014 caf\u00e9, na\u00efve, \u00fcber.</p>"
            f"<p>Another investor{twice}s note and {twice}quotes{twice} again.</p></body></html>")
    for ctype in ("text/html; charset=utf-8", None):
        decoded = decode_html(page.encode("utf-8"), ctype, config=CFG)
        assert decoded.encoding == "utf-8" and decoded.text == page
        assert "charset_suspect" in decoded.warnings


@pytest.mark.parametrize("body", [
    "", "\u00a0" * 300, "\u00a0" * 300 + "\u0085", "\u00a9 \u0092", "caf\u00e9\u0080",
    "\u00a0\u00a0\u0099", "\u00c2\u0080 \u0100\u0080", "\u0080", "x\u00c2",
])
def test_c1_search_is_the_regex(body: str) -> None:
    """The C1 test reads the 0xC2 lead bytes one by one and hands a page dense with them to
    the regex after a few hundred: either way it answers as the regex does."""
    raw = f"<p>{body}</p>".encode()
    assert decode_mod._has_c1_utf8(raw) == (decode_mod._C1_UTF8.search(raw) is not None)
    assert decode_mod._has_c1_utf8(raw) == any("\x80" <= c <= "\x9f" for c in body)


def test_control_bytes_are_counted_within_the_bound() -> None:
    raw = b"<p>" + b"a" * 100 + b"\x01\x02" + b"b" * 100 + b"\x03</p>"
    assert decode_mod._binary_count(raw) == 3
    assert decode_mod._binary_count(raw, 104) == 1
    assert decode_mod._binary_count(raw, 50) == 0
    assert decode_mod._binary_count(raw, 10_000) == 3


def test_control_heavy_html_is_still_html() -> None:
    raw, ctype = hc.generate_one("nul_control_chars")
    assert decode_html(raw, ctype, config=CFG).text


def test_oversize_modes() -> None:
    raw = EN.encode() * 40
    small = CFG.replace(max_bytes=1000)
    with pytest.raises(TooLargeError):
        decode_html(raw, None, config=small.replace(oversize="raise"))
    flagged = decode_html(raw, None, config=small)  # default mode: "flag"
    assert flagged.too_large and not flagged.truncated and flagged.text == ""
    assert flagged.size == len(raw)
    cut = decode_html(raw, None, config=small.replace(oversize="truncate"))
    assert cut.too_large and cut.truncated
    assert 0 < len(cut.text) <= 1000 and EN.startswith(cut.text[:500])
    assert "too_large" in cut.warnings


def test_truncation_never_leaves_half_a_character() -> None:
    raw = RU.encode("utf-8")
    for limit in range(300, 340):
        cut = decode_html(raw, None, config=CFG.replace(max_bytes=limit, oversize="truncate"))
        assert "\ufffd" not in cut.text


def test_str_input_passes_through() -> None:
    decoded = decode_html("\ufeff<p>hello</p>", None, config=CFG)
    assert (decoded.text, decoded.source) == ("<p>hello</p>", "str")
    with pytest.raises(NotHTMLError):
        decode_html("\x00\x01\x02\x03" * 100, None, config=CFG)


def test_detector_only_sees_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = decode_mod.from_bytes  # type: ignore[attr-defined]

    def spy(data: bytes, *args: object, **kwargs: object) -> object:
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(decode_mod, "from_bytes", spy)
    raw = RU.encode("cp1251") * 2000  # ~1.3 MB, undeclared
    decoded = decode_html(raw, None, config=CFG)
    assert decoded.encoding == "cp1251"
    assert seen and max(seen) <= 64 * 1024


def test_wrong_type_is_a_typed_error() -> None:
    with pytest.raises(NotHTMLError):
        decode_html(12345, None, config=CFG)  # type: ignore[arg-type]


@pytest.mark.parametrize("ctype", ["text/html; charset=utf-7", "text/html; charset=bogus-enc",
                                   "text/html; charset=", "text/html; charset=\"utf-16\""])
def test_odd_declarations_never_raise(ctype: str) -> None:
    decoded = decode_html(b"<p>+ADw-script+AD4-alert(1)</p>", ctype, config=CFG)
    assert "<script" not in decoded.text
