"""A python-docx package -> deterministic .docx bytes in one pass.

python-docx's own `save` deflates every part, and rewriting that zip to fix the timestamps would
inflate and deflate everything again. Here the parts go straight into a zip with fixed
timestamps, in python-docx's part order, byte for byte what `save` + such a rewrite gives
(tests/test_batch.py keeps that rewrite as the reference). Parts that repeat from document to document (the template's 350 KB styles, its theme) are deflated
once per process: a small cache keyed by the part's bytes holds their compressed form."""

from __future__ import annotations

import io
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable

from docx.opc.package import OpcPackage
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's own [Content_Types].xml builder

# The layout zipfile writes for ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), ZIP_DEFLATED,
# external_attr 0o600 << 16 on a seekable file (no data descriptor, no zip64, no extra field).
_VERSION = 20  # zipfile's DEFAULT_VERSION: deflate needs 2.0
_SYSTEM = 3  # Unix, as zipfile records on every platform but Windows
_DEFLATED = 8
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
_ATTR = 0o600 << 16
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")

_CACHE_MIN = 4096  # smaller parts are cheaper to deflate than to look up
_CACHE_ENTRIES = 32
_deflated: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()
_seen_once: OrderedDict[int, None] = OrderedDict()
"""Hashes of large parts deflated once: a part is kept only when it comes back, so the body of
each document (never the same twice) does not fill the cache."""
_lock = threading.Lock()  # the web form writes documents from several threads


def _deflate(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream, as zipfile's compressor makes them (default level)."""
    large = len(data) >= _CACHE_MIN
    if large:
        with _lock:
            hit = _deflated.get(data)
            if hit is not None:
                _deflated.move_to_end(data)
                return hit
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    result = zlib.crc32(data), compressor.compress(data) + compressor.flush()
    if large:
        key = hash(data)
        with _lock:
            if _seen_once.pop(key, False) is None:  # seen before (the stored value is None)
                _deflated[data] = result
                if len(_deflated) > _CACHE_ENTRIES:
                    _deflated.popitem(last=False)
            else:
                _seen_once[key] = None
                if len(_seen_once) > 4 * _CACHE_ENTRIES:
                    _seen_once.popitem(last=False)
    return result


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) in the given order with fixed timestamps: equal input, equal bytes."""
    out = bytearray()
    central = bytearray()
    count = 0
    for name, data in entries:
        try:
            raw_name, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw_name, flags = name.encode("utf-8"), _UTF8_NAME
        crc, packed = _deflate(data)
        offset = len(out)
        out += _LOCAL.pack(
            b"PK\003\004", _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            crc, len(packed), len(data), len(raw_name), 0,
        )  # fmt: skip
        out += raw_name
        out += packed
        central += _CENTRAL.pack(
            b"PK\001\002", _VERSION, _SYSTEM, _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
            crc, len(packed), len(data), len(raw_name), 0, 0, 0, 0, _ATTR, offset,
        )  # fmt: skip
        central += raw_name
        count += 1
    start = len(out)
    out += central
    out += _END.pack(b"PK\005\006", 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def package_entries(package: OpcPackage) -> list[tuple[str, bytes]]:
    """The package's members in the order python-docx's `save` writes them."""
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()  # type: ignore[no-untyped-call]  # python-docx leaves this hook unannotated
    entries = [
        (CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),  # type: ignore[no-untyped-call]  # python-docx's private helper is unannotated
        (PACKAGE_URI.rels_uri.membername, package.rels.xml),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


def package_bytes(package: OpcPackage) -> bytes:
    """The finished, deterministic .docx of a python-docx package."""
    return zip_bytes(package_entries(package))


def stored_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """An uncompressed zip (for packages kept in memory and opened again, not for users)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, data in entries:
            target.writestr(name, data)
    return out.getvalue()
