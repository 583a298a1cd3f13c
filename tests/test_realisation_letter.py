"""The realisation letter read back with python-docx: the figures, the rows that do not count
and why, the chart as a 300 dpi PNG part, the document layer's header, footer and properties,
and the same bytes for the same report; LibreOffice opens it."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import all_xml, docx_text, run_cli, to_pdf_text
from contract_builder import contract_folder, two_lot_manifest, write_csv

import clausegen
from clausegen.realisation.chart import chart_png, month_ends

D = datetime.date
ROWS = [
    ("2", "K-001", "participatiewet", 18, D(2028, 1, 1), D(2028, 6, 30), "", "", "halve dag"),
    ("2", "", "inkoop-sociaal", "", D(2027, 9, 1), "", "", "1.234,56", "factuur"),
    ("2", "K-005", "ww", 36, D(2028, 1, 1), D(2028, 12, 31), "", "", "buiten de Doelgroep"),
    ("2", "K-004", "participatiewet", 36, D(2027, 1, 1), D(2027, 3, 31), "", "", "voor de start"),
]
NBSP = "\u00a0"


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    folder = contract_folder(tmp_path / "out")
    report = write_csv(tmp_path / "verantwoording-2029.csv", ROWS)
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-04-01", "-o", tmp_path / "brief.docx")
    assert result.exit_code == 0, result.output
    assert f"opgeslagen: {tmp_path / 'brief.docx'}" in result.stderr  # status lines go to stderr
    return tmp_path / "brief.docx"


def test_the_letter_holds_the_figures_and_the_rows_not_counted(letter: Path) -> None:
    text = docx_text(letter)
    assert "Realisatie social return" in text and "Voorbeeld Schoonmaak B.V." in text
    assert "verantwoording-2029.csv" in text and "1 april 2029" in text
    for figure in ("45.000,00", "11.234,56", "24,97%", "22.546,20", "11.273,10", "38,54"):
        assert f"€{NBSP}{figure}" in text or figure in text, figure
    # The one interim test: 50 % of the linear path (22.546,20), and an achterstand there is no breach.
    assert "De realisatie ligt €\u00a038,54 onder de tussentijdse toets" in text
    assert "50% van het lineaire verwachte pad (€\u00a011.273,10)" in text
    assert "Een achterstand bij deze toets is geen tekortkoming" in text
    assert (
        "Hersteltermijn\nnog niet aangevangen (begint met de schriftelijke melding van een tekort na de eindrapportage)"
        in text
    )
    assert "korting" not in text.lower() and "Einde Hersteltermijn" not in text
    assert (
        "het Bouwblok ‘Dienstverband Kandidaat met een WW-uitkering’ (ww) geldt volgens de Waardetabel niet voor "
        "de Doelgroep van deze aanbesteding" in text
    )
    assert "valt buiten de looptijd van het contract" in text
    assert "Van de 4 regels tellen er 2 mee." in text
    assert "K-001" not in text  # counted in full: no line of its own


def test_the_chart_is_a_300_dpi_png_in_the_document(letter: Path) -> None:
    document = docx.Document(str(letter))
    (shape,) = document.inline_shapes
    assert shape.width <= document.sections[0].page_width
    with zipfile.ZipFile(letter) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
        png = package.read(media[0])
    assert png.startswith(b"\x89PNG")
    from PIL import Image as PILImage

    image = PILImage.open(io.BytesIO(png))
    assert round(image.info["dpi"][0]) == 300 and image.size[0] >= 1800
    assert b"Software" not in png and b"tIME" not in png
    xml = all_xml(letter)
    assert (
        'descr="Grafiek: gerealiseerde waarde tot de peildatum tegen het lineaire verwachte pad over de '
        'looptijd, met de verplichting als horizontale lijn"' in xml
    )


def test_header_footer_properties_and_same_bytes(letter: Path, tmp_path: Path) -> None:
    document = docx.Document(str(letter))
    header = "".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Realisatie social return 2026-0142-P2" in header
    assert "pagina" in all_xml(letter)
    core = document.core_properties
    assert core.title == "Realisatie social return 2026-0142-P2" and core.category == "realisatie"
    assert core.created == datetime.datetime(2029, 4, 1, tzinfo=datetime.UTC)
    assert "clausegen.peildatum" in all_xml(letter)
    again = tmp_path / "again.docx"
    folder = tmp_path / "out" / "2026-0142-P2"
    clausegen.realisatie(folder, tmp_path / "verantwoording-2029.csv", "2029-04-01", output=again)
    assert again.read_bytes() == letter.read_bytes()
    refused = run_cli(
        "realisatie", folder, tmp_path / "verantwoording-2029.csv", "-o", letter, "--peildatum", "2029-04-01"
    )
    assert refused.exit_code == 2 and "--force" in refused.stderr
    wrong = run_cli(
        "realisatie",
        folder,
        tmp_path / "verantwoording-2029.csv",
        "-o",
        tmp_path / "brief.pdf",
        "--peildatum",
        "2029-04-01",
    )
    assert wrong.exit_code == 2 and ".docx" in wrong.stderr


def test_libreoffice_reads_the_letter_of_a_two_lot_contract_after_the_recovery_period(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out", two_lot_manifest())
    rows = [
        ("1", "K-1", "participatiewet", 36, D(2027, 4, 1), D(2028, 3, 31), "", "", ""),
        ("2", "K-2", "banenafspraak", 36, D(2027, 4, 1), D(2028, 3, 31), "", "", ""),
    ]
    report = write_csv(tmp_path / "eind.csv", rows)
    out = tmp_path / "eind.docx"
    clausegen.realisatie(folder, report, D(2031, 9, 1), output=out, melding="2031-05-01")
    text = " ".join(to_pdf_text([out])[out].split())  # columns and lines wrap in the PDF
    assert "Perceel 1" in text and "Perceel 2" in text and "Totaal" in text and "Voorgenomen boete" in text
    assert "Indicatieve boete" not in text  # the letter is the voornemen (fifteenth reading I TAAL-3)
    # lot 1 short by 75.000 - 40.000; lot 2 over by 5.000, which fills lot 1 (monitoring.sancties)
    assert "30.000,00" in text and "35.000,00" not in text
    assert "De Hersteltermijn (2 mei 2031 tot en met 1 augustus 2031, na de melding van 1 mei 2031)" in text
    assert "korting" not in text.lower()


def test_chart_bytes_are_reproducible_and_months_are_cut_at_month_ends() -> None:
    assert month_ends(D(2027, 4, 1), D(2027, 6, 15)) == [D(2027, 4, 1), D(2027, 4, 30), D(2027, 5, 31), D(2027, 6, 15)]
    from contract_builder import manifest

    from clausegen.realisation import ReportRow, value_report

    rows = [ReportRow(2, "2", "K-1", "participatiewet", None, D(2028, 1, 1), D(2028, 6, 30), (), None, "")]
    valuation = value_report(manifest(), rows, D(2029, 1, 1))
    assert chart_png(valuation) == chart_png(valuation)
