"""Bytes to text: UTF-8 always when valid, a BOM or UTF-16 recognised, --encoding as the
fallback, and a legacy codec guessed only where the bytes say so; a file that cannot be
decoded is an error that says where and what to pass."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from ..errors import InputError


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, bool]:
    """Decode an input's bytes; return the text and whether it is exactly the file's UTF-8.

    Recognised without help: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM,
    and UTF-16 without one when its NUL bytes show ASCII-range text. Legacy single-byte
    text (Windows-1252, Latin-1) is recognised but refused with the ``--encoding`` to
    pass: a silent guess that is wrong turns names into mojibake, and mojibake into false
    spelling findings. ``encoding`` is the fallback for the files that are none of these:
    valid UTF-8 is always read as UTF-8, so one Latin-1 file's advice does not garble the
    UTF-8 files of the same run ("CafÃ©")."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(path, f"unknown encoding {encoding!r}; pass a Python codec name such as utf-8 or cp1252") from None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_wide(data, codec, path), False
    bomless = utf16_without_bom(data)
    if bomless:
        return _decode_wide(data, bomless, path), False
    if b"\x00" in data:
        if encoding:
            return _fallback(data, path, encoding), False
        raise InputError(path, f"binary file (a NUL byte at offset {data.index(0)}), not a text article")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError as err:
            raise InputError(path, _not_utf8(data, err.start + len(codecs.BOM_UTF8))) from None
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        if encoding:
            return _fallback(data, path, encoding), False
        raise InputError(path, _not_utf8(data, err.start)) from None


def _fallback(data: bytes, path: str, encoding: str) -> str:
    """Bytes that are not UTF-8 read with the encoding the user named."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(path, f"cannot decode as {encoding}: {err.reason} at {_where(data, err.start)}") from None


def _decode_wide(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(path, f"broken {codec.upper()} at byte {err.start}: {err.reason}") from None


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a BOM, else None.

    Text in the ASCII and Latin-1 range has a NUL as the high byte of almost every
    character; binary data has NULs on both sides. Text in other scripts (CJK, Cyrillic)
    has no such pattern and cannot be told from binary this way: it needs ``--encoding``."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:8192]
    pairs = len(sample) // 2
    first_nuls = sample[0::2].count(0)
    second_nuls = sample[1::2].count(0)
    for nuls, others, codec in ((second_nuls, first_nuls, "utf-16-le"), (first_nuls, second_nuls, "utf-16-be")):
        if nuls >= 0.6 * pairs and others <= 0.02 * pairs:
            return codec
    return None


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"offset {offset}, line {line}, column {column}"


# Characters a Windows-1252 byte >= 0x80 decodes to in ordinary Western text: letters, and
# typographic punctuation and symbols. Control characters (Latin-1's 0x80-0x9F) are not.
_LEGACY_PUNCTUATION = set(
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u2020\u2021\u2030\u2039\u203a"
    "\u20ac\u2122\u00a0\u00a1\u00a2\u00a3\u00a5\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b2\u00b3"
    "\u00b4\u00b5\u00b7\u00b9\u00ba\u00aa\u00bb\u00bc\u00bd\u00be\u00bf\u00d7\u00f7\u00a8\u00af"
)


def legacy_codec(data: bytes) -> str | None:
    """The single-byte codec that reads these (non-UTF-8) bytes as plausible Western text:
    "latin-1" when no byte is in 0x80-0x9F (the two codecs then agree), "cp1252" when
    Windows-1252's curly quotes, dashes or euro sign are there, None when neither fits.

    Plausible means every byte >= 0x80 is a letter or typographic punctuation, and accented
    letters come one or two at a time inside words, as in French or German; long runs of
    them are another script (Cyrillic read as cp1252 gives "Ïðèâåò") and are not guessed."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
    high = [c for c in text if ord(c) >= 0x80]
    if not high or not all(c.isalpha() or c in _LEGACY_PUNCTUATION for c in high):
        return None
    longest_run = max((len(run) for run in _high_letter_runs(text)), default=0)
    if longest_run > 2:
        return None
    return "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"


def _high_letter_runs(text: str) -> Iterator[str]:
    run: list[str] = []
    for c in text:
        if ord(c) >= 0x80 and c.isalpha():
            run.append(c)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def _not_utf8(data: bytes, offset: int) -> str:
    """Why bytes are not UTF-8, and what to pass instead."""
    where = _where(data, offset)
    valid, bad = _utf8_tally(data)
    if valid >= bad:
        # As many real UTF-8 characters as bad bytes: this is damage (or a pasted fragment), not a codec.
        return (
            f"invalid UTF-8 (byte 0x{data[offset]:02x} at {where}; {bad} bad in all) in a file that is "
            f"otherwise UTF-8: it is damaged or mixes encodings; fix those bytes"
        )
    codec = None if valid else legacy_codec(data)
    if codec == "cp1252":
        return f"not UTF-8 (byte 0x{data[offset]:02x} at {where}); it reads as Windows-1252: pass --encoding cp1252"
    if codec == "latin-1":
        return f"not UTF-8 (byte 0x{data[offset]:02x} at {where}); it reads as Latin-1: pass --encoding latin-1"
    return (
        f"not UTF-8 (byte 0x{data[offset]:02x} at {where}) and not recognisably Windows-1252 or Latin-1; "
        f"find its encoding (`file -i`) and pass --encoding CODEC"
    )


def _utf8_tally(data: bytes) -> tuple[int, int]:
    """How many well-formed multi-byte UTF-8 characters the bytes hold, and how many bad
    sequences (each read as one U+FFFD by a lenient decoder)."""
    lenient = data.decode("utf-8", "replace")
    genuine_replacements = data.decode("utf-8", "ignore").count("\ufffd")
    bad = lenient.count("\ufffd") - genuine_replacements
    valid = sum(1 for c in lenient if ord(c) >= 0x80) - bad - genuine_replacements
    return valid, bad
