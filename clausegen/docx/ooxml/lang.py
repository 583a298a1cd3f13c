"""The document language (`w:lang`) on the style defaults and every clausegen style, so screen
readers and spelling check read the text as Dutch (WCAG 3.1.1)."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import _Element

LANGUAGE = "nl-NL"

# w:rPr children that come after w:lang in the schema (CT_RPr sequence).
_AFTER_LANG = {qn(f"w:{tag}") for tag in ("eastAsianLayout", "specVanish", "oMath")}


def set_lang(rpr: _Element) -> None:
    """Put w:lang (nl-NL) into a w:rPr, replacing another language, in schema order."""
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    lang = parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>')
    after = next((child for child in rpr if child.tag in _AFTER_LANG), None)
    if after is not None:
        after.addprevious(lang)
    else:
        rpr.append(lang)


def ensure_language(styles: _Element) -> None:
    """Dutch as the default language of the styles part (w:docDefaults/w:rPrDefault)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    set_lang(rpr)
