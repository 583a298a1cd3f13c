"""Package parts: the custom-properties part, a fixed-timestamp zip, and parsing helpers."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from .content import VML_NS
from .styles import W_NS, xa, xt

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
OWN_PREFIX = "clausegen."
"""clausegen's custom properties are named `clausegen.*`; any others belong to the document's owner."""


def custom_properties_xml(values: dict[str, str], existing: bytes | None = None) -> bytes:
    """docProps/custom.xml holding `values` as text properties. With `existing` (a buyer's own
    custom.xml), its properties are kept, except earlier `clausegen.*` ones, which `values` replace."""
    kept = []
    if existing:
        root = etree.fromstring(existing)
        kept = [
            etree.tostring(prop).decode()
            for prop in root.findall(f"{{{_CUSTOM_NS}}}property")
            if not (prop.get("name") or "").startswith(OWN_PREFIX)
        ]
        pids = [
            int(p.get("pid") or 0) for p in root.findall(f"{{{_CUSTOM_NS}}}property") if (p.get("pid") or "").isdigit()
        ]
        first = max([1, *pids]) + 1
    else:
        first = 2  # pid 0 and 1 are reserved (ECMA-376 Part 1, 22.3.2.2)
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{xa(name)}"><vt:lpwstr>{xt(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(values.items()), start=first)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{"".join(kept)}{props}</Properties>'
    ).encode()


def element(xml: str) -> BaseOxmlElement:
    """Parse one WordprocessingML element given without namespace declarations."""
    root = etree.fromstring(f'<w:x xmlns:w="{W_NS}" {VML_NS}>{xml}</w:x>')
    return parse_xml(etree.tostring(root[0]))
