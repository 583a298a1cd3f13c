"""Build the base template `clausegen/data/basis.docx` from python-docx's default document,
so every byte of it can be reviewed and regenerated: `python -m clausegen.docx.template`."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import docx
from docx.shared import Cm, Pt

from . import ooxml
from .package import package_bytes
from .writer import BASE_TEMPLATE, _drop_thumbnail

FIXED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def build_base_template() -> bytes:
    """A4, 2,5 cm margins, Calibri 10 pt, Dutch language, clausegen's styles and lists."""
    document = docx.Document()
    ooxml.clear_body(document.element.body)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    ooxml.set_base_language(styles.element)
    for name in ("Heading 1", "Title", "Subtitle"):
        styles[name].font.name = "Calibri"
    styles["Title"].font.size = Pt(20)
    ooxml.ensure_styles(styles.element, document.part.numbering_part.element)
    core = document.core_properties
    core.title = "clausegen basissjabloon"
    core.author = core.last_modified_by = "clausegen"
    core.created = core.modified = FIXED
    core.revision = 1
    _drop_thumbnail(document)
    return package_bytes(document.part.package)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else BASE_TEMPLATE
    target.write_bytes(build_base_template())
    from ..catalog import message

    print(message("status.wrote", {"path": target}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
