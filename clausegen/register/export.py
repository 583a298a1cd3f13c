"""`register export -o FILE.docx|FILE.xlsx`: the council report, written through the same
document layer as the annexes (styles, header, footer, properties, reproducible bytes), with a
chart (matplotlib, Agg, PNG at 300 dpi, no timestamp) of obligation, realisation and expectation."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import Engine

from .. import fmt
from ..blocks import Article, Block, DocumentSpec, Image, Para, Run, Table
from ..errors import ClausegenError
from ..output import write_all
from .council import Council, Section, council

TITLE = "Raadsrapportage social return"
CHART_TITLE = "Grafiek"
CHART_DPI = 300


def chart_png(report: Council) -> bytes:
    """Bars per category: obligation, realised, expected at the report date (reproducible bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.3, 3.2))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    names = [name for name, *_ in report.chart] or ["(geen overeenkomsten)"]
    width = 0.27
    series = (("Verplichting", 1, "#1f4e79"), ("Gerealiseerd", 2, "#70ad47"), ("Verwacht", 3, "#bfbfbf"))
    for label, index, colour in series:
        values = [float(item[index]) / 1000 for item in report.chart] or [0.0]  # drawing only, never a figure shown
        axes.bar([i + (index - 2) * width for i in range(len(names))], values, width, label=label, color=colour)
    axes.set_xticks(range(len(names)), names)
    axes.set_ylabel("x € 1.000")
    axes.set_title(f"Per categorie, stand op {fmt.datum(report.as_of)}", fontsize=10)
    axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return out.getvalue()


def _table(section: Section) -> Table:
    align: tuple[Literal["left", "right"], ...] = tuple("right" if n else "left" for n in section.numeric)
    return Table(header=section.header, rows=section.rows, align=align, total=section.total, widths=section.widths)


def _spec(report: Council, where: str) -> DocumentSpec:
    articles = []
    for index, section in enumerate(report.sections, start=1):
        blocks: list[Block] = [Para((Run(section.text),))]
        if section.rows:
            blocks.append(_table(section))
        articles.append(Article(section.title, f"raad_{index}", tuple(blocks)))
    caption = "Verplichting, realisatie en verwachting per categorie."
    chart = Image(chart_png(report), 160, caption)
    articles.append(Article(CHART_TITLE, "raad_grafiek", (chart, Para((Run(caption),)))))
    total = report.status.total
    info = (
        ("Peildatum", fmt.datum(report.as_of)),
        ("Register", where),
        ("Overeenkomsten", str(total.contracts)),
        ("Verplichting", fmt.euro(total.obligation)),
        ("Waarvan raming", fmt.euro(total.estimate)),
        ("Gerealiseerd", fmt.euro(total.realised)),
    )
    return DocumentSpec(
        kind="raadsrapportage",
        title=TITLE,
        subtitle=f"Stand op {fmt.datum(report.as_of)}",
        header_text=f"{TITLE} · {fmt.datum(report.as_of)}",
        info=info,
        articles=tuple(articles),
        core={"title": TITLE, "subject": "Social return", "keywords": "social return; register; raadsrapportage"},
        custom={"clausegen.kind": "raadsrapportage", "clausegen.as_of": report.as_of.isoformat()},
    )


def docx_bytes(report: Council, where: str) -> bytes:
    """The .docx, through the same writer as the annexes (reproducible bytes)."""
    from ..docx.writer import write_docx

    created = datetime.datetime(report.as_of.year, report.as_of.month, report.as_of.day, tzinfo=datetime.UTC)
    return write_docx(_spec(report, where), None, created)


def xlsx_bytes(report: Council) -> bytes:
    """The .xlsx: one sheet per section, amounts as numbers with a euro format, and the chart."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image as SheetImage
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])  # a new workbook starts with one empty sheet
    for section in report.sections:
        sheet = book.create_sheet(section.title[:31])
        sheet.append([section.text])
        sheet.append(list(section.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in (*section.rows, *((section.total,) if section.total else ())):
            sheet.append([_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = '"€" #,##0.00'
        for column, name in zip(sheet.iter_cols(min_row=2, max_row=2), section.header, strict=True):
            sheet.column_dimensions[column[0].column_letter].width = max(12, min(70, len(name) + 4))
    chart = book.create_sheet(CHART_TITLE)
    chart.add_image(SheetImage(io.BytesIO(chart_png(report))), "A1")
    book.properties.creator = "clausegen"
    stamp = datetime.datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(text: str) -> object:
    """An amount shown as '€ 1.234,56' back to a Decimal for the sheet; other text as it is."""
    if text.startswith("€"):
        return Decimal(text.replace("€", "").replace("\u00a0", "").replace(".", "").replace(",", ".").strip())
    return text


def export(engine: Engine, target: Path, day: datetime.date | None = None, force: bool = False) -> Path:
    """Write the council report at `day` (default today) to `target` (.docx or .xlsx)."""
    suffix = target.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise ClausegenError(code="register.export-suffix", path=target)
    with engine.connect() as connection:
        report = council(connection, day or datetime.date.today())
    where = "PostgreSQL" if engine.dialect.name == "postgresql" else f"SQLite ({Path(engine.url.database or '').name})"
    data = docx_bytes(report, where) if suffix == ".docx" else xlsx_bytes(report)
    write_all(target.parent if str(target.parent) else Path("."), {target.name: data}, force)
    return target
