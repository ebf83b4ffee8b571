"""Bytes to text: refuse binary data, then try UTF-8 (with or without BOM), UTF-16 with a BOM,
and the two legacy code pages seen in our sources, cp1252 (Western) and windows-1256 (Arabic).

Example::

    >>> decode_bytes("Teherán".encode("cp1252"))
    ('Teherán', 'cp1252')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

from eventwire.errors import UndecodableText, UnsupportedFormat

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text keeps these control bytes; many others mean the data is not text.
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control bytes (unless UTF-16 BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.05


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic-script letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff") / len(letters)


def _declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """Decode with a declared charset, if it is known and fits the bytes."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
        # browsers read pages labelled latin-1 / ascii as cp1252 (WHATWG Encoding standard)
        name = "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return None


def _legacy(data: bytes) -> tuple[str, str]:
    """cp1252 or windows-1256, whichever reads as more plausible text."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
    arabic = data.decode("cp1256", errors="strict")
    # In Arabic text most letters are high bytes that windows-1256 maps to Arabic letters; in
    # Western text accented letters are few, so few of them land on Arabic code points.
    if western is None or arabic_ratio(arabic) >= 0.3:
        return arabic, "windows-1256"
    return western, "cp1252"


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (pasted from elsewhere), stray bytes as U+FFFD.

    Legacy-encoded text almost never forms valid multi-byte UTF-8 sequences, so many valid
    ones and few invalid bytes mean UTF-8 with damage, not cp1252.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return text if good >= 3 and bad <= good else None


def _plausible(text: str) -> bool:
    """Decoded legacy text should be mostly letters, digits, spaces and punctuation."""
    sample = text[:_SNIFF]
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch.isspace()))
    return not sample or odd / len(sample) < 0.02


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise for binary or undecodable data.

    ``declared`` (an HTML ``charset``) is tried first when the bytes are not UTF-8.
    """
    if looks_binary(data):
        raise UnsupportedFormat(
            "looks like a binary file (NUL or control bytes), not text; "
            "convert it to UTF-8 text, HTML or JSON first"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UndecodableText(
                    f"starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8"
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8+replace"
    legacy = _declared(data, declared) or _legacy(data)
    if not _plausible(legacy[0]):
        raise UndecodableText(
            "is not valid UTF-8, UTF-16 (with BOM), cp1252 or windows-1256 text; "
            "re-save it as UTF-8"
        )
    return legacy


def _continuation_chars() -> str:
    """What UTF-8 continuation bytes (0x80-0xBF) look like once wrongly decoded as cp1252
    (or as latin-1, which keeps 0x80-0x9F as C1 control characters)."""
    chars = [chr(b) for b in range(0x80, 0xC0)]
    for b in range(0x80, 0xA0):
        try:
            chars.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            pass  # unassigned in cp1252
    return re.escape("".join(chars))


_CONT = f"[{_continuation_chars()}]"
MOJIBAKE = re.compile(
    rf"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})+"
)


def _to_bytes(text: str) -> bytes:
    """Bytes of text that was decoded as cp1252 (or latin-1 for the C1 gaps)."""
    out = bytearray()
    for ch in text:
        try:
            out.extend(ch.encode("cp1252"))
        except UnicodeEncodeError:
            out.extend(ch.encode("latin-1"))
    return bytes(out)


def mojibake_repairs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) for UTF-8 text that was decoded as cp1252: "â€™" -> "’".

    Only runs that form valid UTF-8 are repaired; in real text an accented capital followed
    by such symbols ("Ã©", "â€œ") practically never occurs on purpose.
    """
    for m in MOJIBAKE.finditer(text):
        try:
            fixed = _to_bytes(m.group()).decode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        if all(unicodedata.category(ch) not in ("Cc", "Cn") for ch in fixed):
            yield m.start(), m.end(), fixed
