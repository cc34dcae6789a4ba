"""bytes -> str, with the declared charset checked instead of trusted.

Scrapy and w3lib decode in a fixed order (BOM, HTTP ``Content-Type``, ``<meta charset>``, then a
default) and never look at the result. A mislabelled or undeclared cp1251, Shift_JIS or GB18030
page, or BOM-less UTF-16, then turns into mojibake that no later stage can repair. We keep w3lib's
order for the *first* candidate, then score the decoded text (replacement characters, C1
controls, UTF-8-read-as-Latin-1 signatures, Latin runs that are really CJK bytes) and only when
it looks wrong ask charset-normalizer, on a bounded sample, for a better candidate.

Cost stays linear: the byte limit is applied before any decoding, the detector only ever sees a
sample, and every regex here is a single character class or a fixed-length pattern (no nested
quantifiers, so no backtracking blow-up).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

from . import compression
from .config import CleanerConfig
from .errors import BinaryInputError, NotHTMLError, TooLargeError
from .textutil import CLD2_REFUSED


@dataclass(frozen=True)
class Decoded:
    """A decoded page and how we got there.

    ``source`` is one of ``"str"`` (the caller gave text), ``"bom"``, ``"header"``, ``"meta"``,
    ``"utf16-sniff"``, ``"default"`` (nothing declared, UTF-8 fitted) or ``"detected"`` (the
    declared or default charset failed the sanity check and charset-normalizer's answer won).
    ``too_large`` is set whenever the input exceeded ``config.max_bytes``; ``truncated`` when we
    kept only its first ``max_bytes``. In ``oversize="flag"`` mode ``text`` is empty: the page
    is not cleaned at all and the caller reports an empty Article with reason ``too_large``.
    """

    text: str
    encoding: str
    source: str
    truncated: bool = False
    too_large: bool = False
    declared: str | None = None  # what BOM/header/meta said, when it was overridden
    size: int = 0  # input size in bytes (characters for str input)
    warnings: tuple[str, ...] = ()
    # The input bytes themselves when they are exactly ``text`` in UTF-8 (valid UTF-8, nothing
    # cut or stripped): the parser reads them as they are instead of encoding ``text`` again.
    utf8: bytes | None = field(default=None, repr=False)


# Magic numbers of formats a crawler commonly receives instead of HTML.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip-compressed data (compressed twice, or not gzip after all)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data (is the zstandard package installed?)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"wOFF", "a WOFF font"), (b"wOF2", "a WOFF2 font"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (old Office format)"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV file", b"AVI ": "an AVI video"}

_SAMPLE = 64 * 1024  # bytes the detector and the sanity score look at
# Text input was decoded by the caller; binary data passed off as text shows in its first
# characters, so the check reads a short prefix (the whole page is scanned again at parse).
_TEXT_SAMPLE = 8 * 1024
_MIN_EVIDENCE = 8  # suspicious characters needed before we doubt a declared charset
# C0 controls other than \t \n \f \r and ESC (ISO-2022 uses ESC); DEL.
_BIN_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_C1 = re.compile(r"[\x80-\x9f]")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080..U+009F as UTF-8
_C2_STEPS = 256  # 0xC2 lead bytes read one by one before the regex takes the rest
# A non-ASCII Latin/cp1252-symbol character directly after another one: rare in real
# European text ("créée", "Œu"), the norm when CJK or Cyrillic bytes are read as cp1252.
_LATIN_PAIR = re.compile(r"[\u00a0-\u024f\u02c6-\u02dc\u2013-\u203a\u20ac\u2122\u0192]{2}")
_TAGS_BYTES = re.compile(rb"<[^<>]*>")
_CHAOS_TIE = 0.02  # charset-normalizer "chaos" this close counts as a tie
_MAX_RIVALS = 4
_FIT_MARGIN = 1.05  # a rival must score 5% better than the pick before it
# Up to this share of control characters a page is judged on its bytes alone (a few stray
# controls are damage, not binary data); above it, on its share of markup and words.
_CONTROL_TOLERATED = 0.02
_MIN_TEXT_SHARE = 0.6
_MIN_MARKUP_SHARE = 0.05
# A tag: a name or "!"/"/"/"?" after "<", then no control character before its ">".
_MARKUP = re.compile(r"<[A-Za-z!/?][^<>\x00-\x08\x0b\x0e-\x1f\ufffd]{0,1000}>")
_LETTER_OR_SPACE = re.compile(r"[^\W\d_]|\s")
_ODD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufffd\ufffe\uffff]")


def page_input(data: object) -> str | bytes:
    """A page as the pipeline holds it: text, or bytes (a bytearray or memoryview is copied).
    Checked here, in Python's terms, because compiled callers would refuse any other type with
    a bare TypeError before reaching the typed error."""
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise NotHTMLError(f"expected str or bytes, got {type(data).__name__}", reason="not_html")


def decode_html(data: object, content_type: str | None = None, *,
                config: CleanerConfig) -> Decoded:
    """Decode ``data`` (raw response body, or already-decoded text) for parsing.

    Raises :class:`NotHTMLError` for empty or binary input and, with ``oversize="raise"``,
    :class:`TooLargeError`. Never raises anything else for any input.
    """
    data = page_input(data)
    if isinstance(data, str):
        return _from_text(data, config)
    size = len(data)
    binary = _looks_binary_bytes(data)  # read once: both the inflate try and the refusal ask
    inflated = _inflate(data, config.max_bytes, binary)
    if inflated is not None:
        return _from_inflated(inflated, content_type, config, size)
    too_large = size > config.max_bytes
    if too_large:
        if config.oversize == "raise":
            raise TooLargeError(f"page is {size} bytes, over the {config.max_bytes}-byte limit "
                                "(CleanerConfig.max_bytes)")
        if config.oversize == "flag":
            return Decoded("", "", "none", too_large=True, size=size,
                           warnings=("too_large",))
        data = data[:config.max_bytes]
    decoded = _decode_bytes(data, content_type, None if too_large else binary)
    if too_large:
        text = decoded.text.rstrip("\ufffd")  # a multi-byte character cut in half
        return Decoded(text, decoded.encoding, decoded.source, truncated=True, too_large=True,
                       declared=decoded.declared, size=size,
                       warnings=(*decoded.warnings, "too_large", "truncated"))
    return Decoded(decoded.text, decoded.encoding, decoded.source, declared=decoded.declared,
                   size=size, warnings=decoded.warnings, utf8=decoded.utf8)


def _inflate(data: bytes, limit: int, binary: bool) -> compression.Inflated | None:
    """``binary``: :func:`_looks_binary_bytes` of ``data``."""
    codec = compression.sniff(data[:4])
    if codec is None and binary:
        codec = "brotli"  # no magic number: only worth a try on what is about to be refused
    return None if codec is None else compression.inflate(data, codec, limit)


def _from_inflated(inflated: compression.Inflated, content_type: str | None,
                   config: CleanerConfig, size: int) -> Decoded:
    """A compressed body: the size limit applies to what it inflates to (a bomb stops there)."""
    warn = f"decompressed:{inflated.codec}"
    if inflated.over_limit:
        if config.oversize == "raise":
            raise TooLargeError(f"page inflates ({inflated.codec}) to over the {config.max_bytes}"
                                "-byte limit (CleanerConfig.max_bytes)")
        if config.oversize == "flag":
            return Decoded("", "", "none", too_large=True, size=size, warnings=(warn, "too_large"))
    decoded = _decode_bytes(inflated.data, content_type)
    if inflated.over_limit:
        return Decoded(decoded.text.rstrip("\ufffd"), decoded.encoding, decoded.source,
                       truncated=True, too_large=True, declared=decoded.declared, size=size,
                       warnings=(warn, *decoded.warnings, "too_large", "truncated"))
    return Decoded(decoded.text, decoded.encoding, decoded.source, declared=decoded.declared,
                   size=size, warnings=(warn, *decoded.warnings), utf8=decoded.utf8)


def _from_text(text: str, config: CleanerConfig) -> Decoded:
    """Text input cannot be re-decoded; only the limits and the binary check apply."""
    size = len(text)
    if not text or text.isspace():  # isspace stops at the first letter; strip() copies
        raise NotHTMLError("input is empty or white space only", reason="empty")
    if size > config.max_bytes:  # characters stand in for bytes: counting bytes costs a copy
        if config.oversize == "raise":
            raise TooLargeError(f"page is {size} characters, over the {config.max_bytes} limit "
                                "(CleanerConfig.max_bytes)")
        if config.oversize == "flag":
            return Decoded("", "", "str", too_large=True, size=size, warnings=("too_large",))
        text = text[:config.max_bytes]
    sample = text[:_TEXT_SAMPLE]
    ratio = _binary_count(sample.encode("utf-8", "surrogatepass")) / max(len(sample), 1)
    if _binary_verdict(ratio, sample):
        raise BinaryInputError(f"text input looks binary: {ratio:.0%} of its first characters "
                               "are control characters and too little of it is markup or "
                               "words (binary data decoded as text?)")
    text = text.removeprefix("\ufeff")
    truncated = size > config.max_bytes
    warn = ("too_large", "truncated") if truncated else ()
    return Decoded(text, "utf-8", "str", truncated=truncated, too_large=truncated, size=size,
                   warnings=warn)


def _decode_bytes(data: bytes, content_type: str | None, binary: bool | None = None) -> Decoded:
    """``binary``: :func:`_looks_binary_bytes` of ``data`` when the caller has it already."""
    if not data or data.isspace():  # isspace stops at the first other byte; strip() copies
        raise NotHTMLError("input is empty or white space only", reason="empty")
    bom_enc, bom = read_bom(data)
    if bom_enc is not None and bom is not None:
        return _checked_text(Decoded(to_unicode(data[len(bom):], bom_enc), bom_enc, "bom"))
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return _checked_text(Decoded(to_unicode(data, utf16), utf16, "utf16-sniff"))
    _reject_binary(data, content_type, binary)

    declared, source = http_content_type_encoding(content_type), "header"
    if declared is None:
        declared, source = html_body_declared_encoding(data), "meta"
    if declared in ("utf-16", "utf-32"):  # declared but no BOM, and the bytes are not UTF-16:
        declared = None  # an ASCII-compatible page that lies about it
    if declared is None:
        declared, source = "utf-8", "default"
    # UTF-8 validity is the strongest evidence there is: legacy text (cp1251, GBK, Latin-1...)
    # is practically never valid multi-byte UTF-8 by accident, while UTF-8 read as a legacy
    # charset can look plausible (Cyrillic-looking or CJK-looking mojibake).
    if declared != "utf-8" and not data.isascii():
        valid = _strict_utf8(data)
        if valid is not None:
            return Decoded(valid, "utf-8", "detected", declared=declared,
                           warnings=(f"charset_mismatch:{declared}->utf-8",), utf8=data)
    if declared == "utf-8":
        # Settled on the bytes: valid UTF-8 is UTF-8 (see above). C1 controls in it are text
        # that was encoded twice upstream ("Investor\u00e2\u0080\u0099s" in a title); reading
        # the whole page in a legacy charset to "explain" them turns every other line into
        # mojibake, so they only earn a warning.
        strict = _strict_utf8(data)
        if strict is not None:
            return Decoded(strict, declared, source, utf8=data, warnings=(
                ("charset_suspect",) if _has_c1_utf8(data) else ()))
    first = to_unicode(data, declared)
    bad = _badness(first, data, declared)
    if bad == 0.0:
        return Decoded(first, declared, source)
    best = _detect(data)
    if best is not None and best != declared:
        text = to_unicode(data, best)
        if _badness(text, data, best) < bad * 0.5:
            return Decoded(text, best, "detected", declared=declared if source != "default"
                           else None, warnings=(f"charset_mismatch:{declared}->{best}",)
                           if source != "default" else ("charset_detected",))
    return Decoded(first, declared, source, warnings=("charset_suspect",))


def _reject_binary(data: bytes, content_type: str | None, binary: bool | None = None) -> None:
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"input is {what}, not HTML")
    if head.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        raise BinaryInputError(f"input is {_RIFF_KINDS[data[8:12]]}, not HTML")
    if data[4:8] == b"ftyp":
        raise BinaryInputError("input is an MP4/ISO media file, not HTML")
    if _looks_binary_bytes(data) if binary is None else binary:
        sample = data[:_SAMPLE]
        ratio = _binary_count(sample) / len(sample)
        hint = f" (Content-Type: {content_type[:80]})" if content_type else ""
        raise BinaryInputError(f"input looks binary: {ratio:.0%} of its first bytes are control "
                               f"characters and too little of it is markup or words{hint}")


def _looks_binary_bytes(data: bytes) -> bool:
    size = min(len(data), _SAMPLE)
    ratio = _binary_count(data, size) / max(size, 1)
    return ratio > _CONTROL_TOLERATED and _binary_verdict(
        ratio, data[:size].decode("utf-8", "replace"))


def _binary_verdict(control_ratio: float, sample: str) -> bool:
    """Binary when control characters are common and the text is not mostly markup and words.

    A single tag-like hit proves nothing: random bytes hold ``<p `` or ``<a/`` by chance about
    once in 10 samples of 50 KB. What random bytes cannot fake is the *share*: in a page, tags,
    letters and white space make up most of the text, while in random bytes (about 11% control
    bytes) letters are a fifth and tags are cut short by the next control byte.
    """
    if control_ratio > 0.3:
        return True
    if control_ratio <= _CONTROL_TOLERATED or not sample:
        return False
    markup = sum(len(m) for m in _MARKUP.findall(sample))
    rest = _MARKUP.sub(" ", sample)
    wordy = len(_LETTER_OR_SPACE.findall(rest))
    # Letters alone do not tell: random bytes read as cp1251 are 60% letters. Tags do: chance
    # ones cover well under 1% of random text, and even a story-heavy page opens with its head.
    return markup < len(sample) * _MIN_MARKUP_SHARE or (markup + wordy) / len(sample) < _MIN_TEXT_SHARE


def _checked_text(decoded: Decoded) -> Decoded:
    """A BOM or UTF-16 sniff is two bytes of evidence; random bytes that start with one decode
    to a soup of unassigned, private-use and surrogate code points, which is judged here."""
    sample = decoded.text[:_TEXT_SAMPLE]
    odd = len(_ODD_CHARS.findall(sample)) / max(len(sample), 1)
    if _binary_verdict(odd, sample):
        raise BinaryInputError(f"input looks binary: {odd:.0%} of its first characters are "
                               f"control, private-use or undecodable after a {decoded.encoding} "
                               "byte-order mark")
    return decoded


def _sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: ASCII markup leaves a NUL in every other byte."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.25 and even < 0.05:
        enc = "utf-16-le"
    elif even > 0.25 and odd < 0.05:
        enc = "utf-16-be"
    else:
        return None
    probe = sample[:half * 2].decode(enc, "replace")
    return enc if "<" in probe and probe.count("\ufffd") < len(probe) * 0.05 else None


def _binary_count(data: bytes, end: int | None = None) -> int:
    """Control bytes in ``data[:end]``. They are single bytes in UTF-8 too (never inside a
    multi-byte sequence), and a byte-level delete runs at memory speed where a regex does not.
    Most pages have none: a search for each control byte within the bound (``memchr``, no copy
    of the sample) says so in a third of the delete's time, and only a sample that holds one
    is copied and counted."""
    stop = len(data) if end is None else min(end, len(data))
    for byte in _BIN_BYTES:
        if data.find(byte, 0, stop) >= 0:
            sample = data[:stop]
            return stop - len(sample.translate(None, _BIN_BYTES))
    return 0


def _has_c1_utf8(data: bytes) -> bool:
    """Whether valid UTF-8 ``data`` holds a C1 control (U+0080..U+009F: 0xC2, then 0x80..0x9F).

    The lead byte is found by ``memchr`` (``bytes.find``), where a regex walks the page byte by
    byte at a sixth of the speed; a page dense with 0xC2 (no-break spaces, Latin-1 signs)
    is left to the regex after a few hundred of them."""
    at = data.find(b"\xc2")
    for _ in range(_C2_STEPS):
        if at < 0:
            return False
        if at + 1 < len(data) and 0x80 <= data[at + 1] <= 0x9F:
            return True
        at = data.find(b"\xc2", at + 2)
    return at >= 0 and _C1_UTF8.search(data, at) is not None


def _badness(text: str, data: bytes, encoding: str) -> float:
    """How wrong a decoding looks, per 100 non-ASCII characters of a sample (0 = fine)."""
    sample = text[:_SAMPLE]
    if len(text) > 2 * _SAMPLE:
        mid = len(text) // 2
        sample += text[mid:mid + _SAMPLE // 4] + text[-_SAMPLE // 4:]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if non_ascii == 0:
        return 0.0
    # A real U+FFFD in a UTF-8 page decodes as itself; only count the ones we produced.
    replaced = sample.count("\ufffd")
    if encoding == "utf-8" and replaced:
        replaced = max(0, replaced - data[:len(sample) * 4].count(b"\xef\xbf\xbd"))
    c1 = len(_C1.findall(sample))
    pairs = len(_LATIN_PAIR.findall(sample)) if _is_single_byte(encoding) else 0
    # A handful of stray bytes in a page is damage, not a wrong charset: keep the declared one.
    events = replaced + c1 + pairs
    if events < _MIN_EVIDENCE or events < non_ascii * 0.02:
        return 0.0
    return 100.0 * (10.0 * replaced + 5.0 * c1 + 2.0 * pairs) / non_ascii


def _is_single_byte(encoding: str) -> bool:
    if encoding.startswith(("utf-", "utf_")):
        return False
    try:
        return len("\u00e9\u0416".encode(encoding, "replace")) <= 2 and encoding != "utf-8"
    except LookupError:
        return False


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer on a bounded, markup-stripped sample; never on the whole page."""
    sample = data[:_SAMPLE]
    cut = sample.rfind(b">")  # do not end inside a multi-byte character
    if cut > len(sample) // 2:
        sample = sample[:cut + 1]
    text_only = _TAGS_BYTES.sub(b" ", sample)
    if len(text_only.strip()) < 64:
        text_only = sample
    try:
        results = from_bytes(text_only)
        match = results.best()
    except (ValueError, LookupError, RuntimeError):  # detector bugs must not escape
        return None
    if match is None:
        return None
    enc = _codec_name(match.encoding)
    if enc is None or not _is_single_byte(enc):
        return enc
    # Single-byte code pages share their letters' byte values, so charset-normalizer often ties
    # them (French in cp1250 and cp1252 score the same chaos); the language model breaks it.
    rivals = [_codec_name(m.encoding) for m in results
              if abs(m.chaos - match.chaos) <= _CHAOS_TIE]
    candidates = dict.fromkeys([enc, *rivals[:_MAX_RIVALS], "cp1252"])
    return _best_language_fit(text_only, [c for c in candidates if c and _is_single_byte(c)])


def _codec_name(name: str) -> str | None:
    enc = resolve_encoding(name)
    if enc is None:
        return None
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return None


def _best_language_fit(sample: bytes, candidates: list[str]) -> str:
    """The candidate whose text CLD2 finds most typical of its language (its per-KB score);
    the first (charset-normalizer's pick) unless another is clearly better."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - a core dependency; the pick stays as detected
        return candidates[0]
    best, best_score = candidates[0], -1.0
    for enc in candidates:
        try:
            text = CLD2_REFUSED.sub("", sample.decode(enc))
            details = pycld2.detect(text, bestEffort=True)[2]
        except (UnicodeDecodeError, pycld2.error):
            continue  # a byte this code page leaves undefined: it is not the one
        score = float(details[0][3]) if details else 0.0
        if score > best_score * _FIT_MARGIN:
            best, best_score = enc, score
    return best

__all__ = ["Decoded", "decode_html"]
