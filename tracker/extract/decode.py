"""Bytes -> text: UTF-8 or GB18030/GBK, refusing empty files, binary junk and mis-encoded text.

Offsets everywhere in tracker.extract point into the string this module returns: the file's
bytes decoded as they are (a UTF-8 byte-order mark dropped, line endings untouched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import InputError

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|title)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIX_ENCODING = "Save the file as UTF-8 (or GB18030/GBK) text, or pass the HTML page as served."


@dataclass(frozen=True)
class Decoded:
    """A document's text with the encoding it was read in and whether it is an HTML page."""

    text: str
    encoding: str
    is_html: bool


def decode(data: bytes, source: str = "input") -> Decoded:
    """Decode a release's bytes; InputError (expected/got/fix) when they are not readable text."""
    if not data.strip():
        raise InputError(source, "a text or HTML release", "an empty file",
                         "Check the download or export; nothing was read.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(source, "UTF-8 or GB18030 text", "UTF-16 text (byte-order mark)",
                         _FIX_ENCODING)
    text, encoding = _decode_any(data, source)
    junk = len(_CONTROL.findall(text[:20000]))
    if junk > max(2, len(text[:20000]) // 200):
        raise InputError(source, "a text or HTML release", f"binary data ({junk} control "
                         "characters in the first 20,000)", "Pass the document's text, not a "
                         "PDF, image or archive (convert it to text first).")
    if encoding == "gb18030":
        _refuse_mojibake(text, source)
    return Decoded(text, encoding, bool(_HTML_SNIFF.search(text[:2000])))


def _decode_any(data: bytes, source: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(source, "UTF-8 or GB18030/GBK text",
                         f"bytes that are neither (first bad byte at offset {exc.start})",
                         _FIX_ENCODING + " Binary files (PDF, images) need converting first.") \
            from None


def _refuse_mojibake(text: str, source: str) -> None:
    """Big5, Shift-JIS or Latin-1 read as GB18030 decode 'fine' but into rare characters."""
    cjk = set(_CJK.findall(text))
    if len(cjk) < 20:
        return
    common = sum(1 for ch in cjk if _is_gb2312(ch))
    if common / len(cjk) < 0.8:
        raise InputError(source, "simplified-Chinese text in UTF-8 or GB18030",
                         f"text that decodes to mostly rare characters ({common} of {len(cjk)} "
                         "distinct characters are common ones): probably Big5 or another encoding",
                         _FIX_ENCODING)


def _is_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
