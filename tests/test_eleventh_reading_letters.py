"""The eleventh reading (reader A), its findings on the realisation letters and the works workbook,
replayed on the reader's own files (tests/fixtures/elfde-lezing): T1 the works contract
WOV-2027-014-01 (dijkversterking, planned oplevering 31 January 2029), T2-B the one-lot contract
GVS-2027-BEV-B with a PSO certificate, T3 the single-holder framework PFL-2027-RO-07-H1 (raming
€ 100.000,00)."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, body_tables, docx_text, libreoffice_sheets, run_cli

ELFDE = FIXTURES / "elfde-lezing"
NBSP = "\u00a0"


def _contract(tmp_path_factory: pytest.TempPathFactory, name: str, number: str) -> Path:
    out = tmp_path_factory.mktemp(name)
    result = run_cli("contract", ELFDE / f"t{name}.yaml", ELFDE / f"g{name}.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / number


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory, "1-dijk", "WOV-2027-014-01")


def _letter(folder: Path, report: Path, out: Path, *args: str) -> str:
    result = run_cli("realisatie", folder, report, *args, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(out).replace(NBSP, " ")


def _table_rows(letter: Path) -> list[list[str]]:
    return [[cell.text.replace(NBSP, " ") for cell in row.cells] for table in body_tables(letter) for row in table.rows]


def _reasons(folder: Path, report: Path, *args: str) -> dict[int, str]:
    result = run_cli("realisatie", folder, report, *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return {row["row"]: row["reason"] for row in json.loads(result.stdout)["rows"] if not row["counted"]}


# MINOR-2: a works row after the peildatum, or after the planned oplevering, is not "buiten de looptijd"

PLANNED = (
    "ligt na de geplande oplevering; telt mee als de oplevering later is of als het inzet bij onderhoud en "
    "herstel in de onderhoudstermijn is"
)


def test_a_works_row_after_the_peildatum_is_said_to_lie_after_it(works: Path, tmp_path: Path) -> None:
    text = _letter(works, ELFDE / "r1-dijk.csv", tmp_path / "brief.docx", "--peildatum", "2028-06-30")
    future = ("ligt na de peildatum (30 juni 2028); telt pas mee in een verantwoording met een peildatum waarop het "
              "gerealiseerd is")  # fmt: skip
    rows = _table_rows(tmp_path / "brief.docx")
    assert ["6", "telt niet", future] in rows and ["7", "telt niet", future] in rows
    assert "valt buiten de looptijd" not in text


def test_a_works_row_after_the_planned_oplevering_may_still_count(works: Path) -> None:
    reasons = _reasons(works, ELFDE / "r1-dijk.csv", "--peildatum", "2029-05-31")
    # row 6 (May to August 2029) begins before the peildatum, row 7 (June 2029) after it
    assert reasons[6] == PLANNED
    assert reasons[7].startswith("ligt na de peildatum (31 mei 2029)")
    assert not any("buiten de looptijd" in reason for reason in reasons.values())


def test_with_the_real_dates_a_row_beyond_them_is_outside_the_term(works: Path) -> None:
    reasons = _reasons(works, ELFDE / "r1-dijk.csv", "--peildatum", "2029-07-31", "--oplevering", "2029-03-15",
                       "--onderhoudstermijn-tot", "2029-05-15")  # fmt: skip
    assert reasons[7] == (
        "valt buiten de looptijd van het contract (1 juni 2027 tot en met 15 maart 2029) en buiten de "
        "onderhoudstermijn (16 maart 2029 tot en met 15 mei 2029)"
    )
    assert PLANNED not in reasons.values()


# MINOR-6: a final letter is the valuation of the eindrapportage, without the interim reservation

INTERIM_NOTE = "De enige tussentijdse toets (artikel 26) is 50% daarvan"
FINAL_NOTE = (
    "Het tekort is de verplichting min wat is ingevuld. Dit is de waardering van de eindrapportage; de "
    "vaststelling volgt volgens artikel 28."
)


VOORNEMEN_NOTE = (
    "Het tekort is de verplichting min wat is ingevuld, met de inzet in de Hersteltermijn. Dit is de berekening "
    "bij het voornemen volgens artikel 28."
)


@pytest.fixture(scope="module")
def lot_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory, "2-beveiliging", "GVS-2027-BEV-B")


def test_the_final_letter_drops_the_interim_reservation(lot_b: Path, tmp_path: Path) -> None:
    text = _letter(lot_b, ELFDE / "r2-B.csv", tmp_path / "eind.docx", "--peildatum", "2031-03-01",
                   "--melding", "2030-09-01")  # fmt: skip
    assert "Daarvan is op de peildatum € 25.222,22 gerealiseerd; er resteert met bijdragen € 5.333,34.\n" in text + "\n"
    # after the Hersteltermijn with a tekort the letter is the voornemen (thirteenth reading E MINOR-6)
    assert VOORNEMEN_NOTE in text and FINAL_NOTE not in text
    assert "onder voorbehoud van de eindrapportage" not in text
    assert INTERIM_NOTE not in text and "Verwacht is het deel van de verplichting" not in text


def test_the_interim_letter_keeps_them(lot_b: Path, tmp_path: Path) -> None:
    text = _letter(lot_b, ELFDE / "r2-B.csv", tmp_path / "tussen.docx", "--peildatum", "2028-03-01")
    assert (
        "er resteert met bijdragen € 21.236,56, onder voorbehoud van de eindrapportage en van de geldigheid van het "
        "PSO-certificaat." in text
    )
    assert INTERIM_NOTE in text and "Dit is de waardering van de eindrapportage" not in text


def test_a_final_works_letter_says_so_too(works: Path, tmp_path: Path) -> None:
    text = _letter(works, ELFDE / "r1-dijk.csv", tmp_path / "eind.docx", "--peildatum", "2030-06-01",
                   "--oplevering", "2029-03-15", "--onderhoudstermijn-tot", "2030-03-15")  # fmt: skip
    assert "Dit is de waardering van de eindrapportage; de vaststelling volgt volgens artikel " in text
    assert "De enige tussentijdse toets" not in text


# MINOR-5: above the raming, a tekort whose boete waits for the longer Hersteltermijn shows no "€ 0,00"

ABOVE = ("--peildatum", "2031-10-01", "--melding", "2031-06-01", "--afroepwaarde", "2600000")


@pytest.fixture(scope="module")
def single_holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory, "3-schoonmaak-ro", "PFL-2027-RO-07-H1")


def test_the_table_says_the_boete_is_not_yet_due(single_holder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "boven.docx"
    text = _letter(single_holder, ELFDE / "r3.csv", letter, *ABOVE)
    rows = _table_rows(letter)
    header = next(row for row in rows if "Indicatieve boete" in row)
    figures = next(row for row in rows if row[0] == "Opdracht")
    cell = figures[header.index("Indicatieve boete")]
    assert cell == "nog niet (Hersteltermijn tot en met 1 december 2031)"
    assert figures[header.index("Tekort")] == "€ 18.333,33"
    assert (
        "Het tekort tot de raming is ingevuld; het hele tekort van € 18.333,33 valt in het deel boven de raming, "
        "waarvoor de Hersteltermijn loopt tot en met 1 december 2031 (artikel 22): de vastgestelde verplichting "
        "overschrijdt de raming met € 30.000,00." in text
    )
    assert "De indicatieve boete daarover (€ 18.333,33) is nog niet verschuldigd." in text
    assert "nog niet ingevuld € 0,00" not in text and "de indicatieve boete daarover is € 0,00" not in text


def test_the_terminal_and_the_json_agree(single_holder: Path) -> None:
    result = run_cli("realisatie", single_holder, ELFDE / "r3.csv", *ABOVE)
    assert result.exit_code == 0, result.output + result.stderr
    terminal = result.stdout.replace(NBSP, " ")
    assert "nog niet (Hersteltermijn tot en met 1 december 2031)" in terminal
    assert "Het tekort tot de raming is ingevuld" in terminal and "€ 0,00" not in terminal
    data = json.loads(run_cli("realisatie", single_holder, ELFDE / "r3.csv", *ABOVE, "--json").stdout)
    assert (data["charge_eur"], data["charge_pending_eur"], data["recovery_excess_end"]) == (
        "0.00",
        "18333.33",
        "2031-12-01",
    )


def test_after_the_longer_term_the_boete_shows(single_holder: Path) -> None:
    result = run_cli("realisatie", single_holder, ELFDE / "r3.csv", "--peildatum", "2031-12-15", "--melding",
                     "2031-06-01", "--afroepwaarde", "2600000")  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    terminal = result.stdout.replace(NBSP, " ")
    assert "nog niet (Hersteltermijn" not in terminal
    assert "de indicatieve boete is € 18.333,33 (100% van het tekort)" in terminal


# MINOR-1: the works workbook says that the Looptijd runs to the real oplevering, and counts to it

WORKS_LINE = (
    "De looptijd loopt tot de werkelijke oplevering; inzet bij onderhoud en herstel in de onderhoudstermijn telt "
    "tot het einde van de onderhoudstermijn. De bedragen in deze werkmap rekenen tot de geplande oplevering; de "
    "Opdrachtgever rekent met de werkelijke data."
)


def _workbook(folder: Path) -> Path:
    return folder / f"{folder.name}-verantwoording.xlsx"


def _guide(folder: Path) -> str:
    import openpyxl

    return "\n".join(str(c.value or "") for c in openpyxl.load_workbook(_workbook(folder))["Toelichting"]["A"])


def test_the_works_guide_says_the_looptijd_runs_to_the_real_oplevering(works: Path, lot_b: Path) -> None:
    guide = _guide(works)
    assert WORKS_LINE in guide
    assert (
        "Vult u op het blad 'Verplichting' de werkelijke opleverdatum in, dan rekenen de bedragen tot die datum; vult "
        "u ook het einde van de onderhoudstermijn in zodra het bekend is, dan rekenen ze bij een regel met 'ja' in de "
        "kolom onderhoud tot die datum." in guide
    )
    assert "De looptijd loopt tot de werkelijke oplevering" not in _guide(lot_b)


def _filled(folder: Path, target: Path, oplevering: datetime.date | None, end: datetime.date | None) -> Path:
    """The workbook with the reader's rows of r1-dijk.csv typed in, and the real dates where given."""
    import openpyxl

    workbook = openpyxl.load_workbook(_workbook(folder))
    sheet = workbook["Invoer"]
    with (ELFDE / "r1-dijk.csv").open(encoding="utf-8") as source:
        for index, row in enumerate(list(csv.reader(source, delimiter=";"))[1:], start=2):
            for column, text in enumerate(row, start=1):
                value: object = text or None
                if column == 10:  # the column onderhoud (twelfth reading C MAJOR-1) is the sheet's column R
                    sheet.cell(row=index, column=18, value=value)
                    continue
                if text and column in (5, 6):
                    value = datetime.date.fromisoformat(text)
                elif text and column in (4, 8):
                    value = Decimal(text)
                sheet.cell(row=index, column=column, value=value)
    labels = {cell.value: cell.row for cell in workbook["Verplichting"]["A"]}
    workbook["Verplichting"].cell(row=labels["Werkelijke opleverdatum"], column=2, value=oplevering)
    workbook["Verplichting"].cell(row=labels["Einde van de onderhoudstermijn"], column=2, value=end)
    workbook.save(target)
    return target


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_works_workbook_counts_to_the_real_dates_in_libreoffice(works: Path, tmp_path: Path) -> None:
    import clausegen

    planned = _filled(works, tmp_path / "gepland.xlsx", None, None)
    real = _filled(works, tmp_path / "werkelijk.xlsx", datetime.date(2029, 3, 15), datetime.date(2030, 3, 15))
    shown = {}
    for name, path in (("planned", planned), ("real", real)):
        rows = libreoffice_sheets(path, ("Invoer",))["Invoer"]
        shown[name] = [Decimal(row[9]) for row in rows[1:7]]
    valuation = clausegen.realisatie(works, ELFDE / "r1-dijk.csv", datetime.date(2030, 6, 1),
                                     oplevering=datetime.date(2029, 3, 15), onderhoud=datetime.date(2030, 3, 15),
                                     consent=[7])  # fmt: skip
    # the workbook counts every row; after the Looptijd realisatie counts support (row 7) only with the
    # buyer's recorded consent (fourteenth reading G MINOR-6)
    # with the real dates the sheet agrees with realisatie row by row, maintenance rows 6 and 7 included
    assert shown["real"] == [r.value_eur for r in valuation.rows]
    assert shown["real"][4:] == [Decimal("13333.33"), Decimal("2000.00")]
    # without them it stops at the planned oplevering (31 January 2029), as its Toelichting says
    assert shown["planned"][4:] == [Decimal(0), Decimal(0)] and shown["planned"][0] < shown["real"][0]


# MINOR-4 (letter side): the final letter explains the base as the Afroepwaarde, what was paid or owed


def test_the_final_letter_names_the_afroepwaarde_as_paid_or_owed(single_holder: Path, tmp_path: Path) -> None:
    text = _letter(single_holder, ELFDE / "r3.csv", tmp_path / "eind.docx", *ABOVE)
    assert (
        "De verplichting is 5% van de Afroepwaarde van € 2.600.000,00: de werkelijke waarde van alle Nadere "
        "overeenkomsten, dat is wat op grond van de Nadere overeenkomsten is betaald of verschuldigd, met meer- en "
        "minderwerk, exclusief btw (de Nadere overeenkomsten die tot en met 30 april 2031, het einde van de looptijd "
        "van de raamovereenkomst, zijn gesloten; bron: opgegeven door de Opdrachtgever). De raming in de bijlage was € 100.000,00."
        in text
    )
    assert "(de waarde exclusief btw van alle Nadere overeenkomsten die" not in text


def test_the_interim_letter_keeps_the_concluded_call_offs(single_holder: Path, tmp_path: Path) -> None:
    text = _letter(single_holder, ELFDE / "r3.csv", tmp_path / "tussen.docx", "--peildatum", "2029-05-01",
                   "--afroepwaarde", "1100000")  # fmt: skip
    assert (
        "De verplichting tot nu toe is 5% van de werkelijke waarde van € 1.100.000,00 (de waarde exclusief btw van "
        "alle Nadere overeenkomsten die tot 1 mei 2029 zijn gesloten; bron: opgegeven door de Opdrachtgever)." in text
    )
    assert "betaald of verschuldigd" not in text
