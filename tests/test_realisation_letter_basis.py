"""The realisation letter shows how its figures follow from the contract (fifth legal reading,
MINOR-2, 4, 5 and 6): a framework holder's basis (percentage, Afroepwaarde and where it came
from, the raming), the contract's own party word and the onderhoudstermijn in a works letter,
every surplus moved between lots, and a chart whose realised line stops at the peildatum.
Contracts are written by `clausegen contract` from the fixtures; letters are read back."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import all_xml, docx_text, run_cli
from contract_builder import SURPLUS_ON_LOT_2, contract_folder, two_lot_manifest, write_csv

from clausegen.realisation.chart import month_ends, realised_days
from clausegen.realisation.offset import Transfer, offset
from clausegen.realisation.terms import load_terms

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "derde-lezing"
NBSP = "\u00a0"


def _contract(root: Path, name: str, number: str) -> Path:
    out = root / name
    result = run_cli("contract", FIXTURES / f"{name}.yaml", FIXTURES / f"{name}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / number


@pytest.fixture(scope="module")
def raam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory.mktemp("raam"), "raam", "RVB-2027-FM3-H1")


@pytest.fixture(scope="module")
def werk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory.mktemp("werk"), "werk-hele-doelgroep", "PNZ-2027-W07-A")


def _article(folder: Path, clause_id: str) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    number: int = manifest["valuation"]["articles"][clause_id]["article"]
    return number


def _letter(folder: Path, report: Path, out: Path, *options: str) -> str:
    result = run_cli("realisatie", folder, report, "-o", out, *options)
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(out).replace(NBSP, " ")


RAAM_ROWS = [("", "K-01", "plaatsing-a", 36, D(2027, 11, 1), D(2029, 10, 31), "", "", "")]


def test_a_framework_letter_states_the_afroepwaarde_given_by_the_buyer(raam: Path, tmp_path: Path) -> None:
    report = write_csv(tmp_path / "raam.csv", RAAM_ROWS)
    out = tmp_path / "raam.docx"
    text = _letter(raam, report, out, "--peildatum", "2029-02-01", "--afroepwaarde", "3000000")
    assert (
        "De verplichting tot nu toe is 6,5% van de Afroepwaarde van € 3.000.000,00 (de waarde exclusief btw die op "
        "grond van de Nadere overeenkomsten die tot 1 februari 2029 aan de Opdrachtnemer zijn gegund, aan hem is "
        "betaald of verschuldigd, met meer- en minderwerk; bron: opgegeven door "
        "de Opdrachtgever). De raming over het Indicatief aandeel was € 260.000,00." in text
    )
    # The obligation line of the chart is labelled, and the alt text says what the chart shows.
    assert (
        'descr="Grafiek: gerealiseerde waarde tot de peildatum tegen het lineaire verwachte pad over de looptijd, '
        'met de verplichting (Afroepwaarde × percentage) als horizontale lijn"' in all_xml(out)
    )
    terminal = run_cli("realisatie", raam, report, "--peildatum", "2029-02-01", "--afroepwaarde", "3000000")
    assert "De verplichting tot nu toe is 6,5% van de Afroepwaarde" in terminal.output
    # Without the Afroepwaarde the obligation is not fixed: no basis sentence, the raming is said.
    unknown = _letter(raam, report, tmp_path / "onbekend.docx", "--peildatum", "2029-02-01")
    assert "De verplichting tot nu toe" not in unknown and "is een raming over het Indicatief aandeel" in unknown


def test_a_framework_letter_names_the_holders_own_sheet_as_the_source(raam: Path, tmp_path: Path) -> None:
    workbook_path = tmp_path / "verantwoording.xlsx"
    shutil.copy(raam / "RVB-2027-FM3-H1-verantwoording.xlsx", workbook_path)
    workbook = openpyxl.load_workbook(workbook_path)
    ((sheet_name, cells),) = workbook.defined_names["cg_afroepwaarde"].destinations
    workbook[sheet_name][cells.replace("$", "").split(":")[0]] = 1500000
    workbook.save(workbook_path)
    text = _letter(raam, workbook_path, tmp_path / "werkmap.docx", "--peildatum", "2029-02-01")
    assert (
        "De verplichting tot nu toe is 6,5% van de Afroepwaarde van € 1.500.000,00 (de waarde exclusief btw die op "
        "grond van de Nadere overeenkomsten die tot 1 februari 2029 aan de Opdrachtnemer zijn gegund, aan hem is "
        "betaald of verschuldigd, met meer- en minderwerk; bron: opgave op het "
        "blad Verplichting)." in text
    )


def test_a_works_letter_uses_the_aannemer_and_names_the_onderhoudstermijn(werk: Path, tmp_path: Path) -> None:
    rows = [("", "K-2", "plaatsing-a", 36, D(2028, 6, 1), D(2029, 3, 31), "", "", "verkeersregelaar")]
    report = write_csv(tmp_path / "werk.csv", rows)
    options = ("--peildatum", "2030-06-01", "--oplevering", "2029-10-31", "--melding", "2029-12-01")
    text = _letter(werk, report, tmp_path / "werk.docx", *options)
    sanction = _article(werk, "monitoring.sancties")
    assert "De verantwoording bevat per persoon alleen het kandidaatnummer van de Aannemer." in text
    assert "Het bewijs blijft bij de Aannemer" in text
    assert "Opdrachtnemer" not in text
    assert (
        "Inzet bij onderhoud en herstel in de onderhoudstermijn vermindert het tekort nog, ook na de "
        f"Hersteltermijn (artikel {sanction})." in text
    )
    # During the Looptijd, and without a tekort, there is nothing to reduce, so no such sentence.
    during = _letter(werk, report, tmp_path / "tijdens.docx", "--peildatum", "2028-12-01")
    assert "onderhoudstermijn vermindert" not in during and "Opdrachtnemer" not in during
    full = [("", f"K-{n}", "plaatsing-a", 36, D(2027, 11, 1), D(2029, 10, 31), "", "", "") for n in range(1, 6)]
    filled = _letter(werk, write_csv(tmp_path / "vol.csv", full), tmp_path / "vol.docx", *options)
    assert "er is geen tekort" in filled and "onderhoudstermijn vermindert" not in filled


def test_every_surplus_moved_between_lots_is_shown_with_the_valuations_figures(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out", two_lot_manifest())
    report = write_csv(tmp_path / "eind.csv", SURPLUS_ON_LOT_2)
    options = ("--peildatum", "2031-09-01", "--melding", "2031-05-01")
    result = run_cli("realisatie", folder, report, "--json", *options)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["transfers"] == [{"from_lot": "2", "to_lot": "1", "amount_eur": "6234.56"}]
    text = _letter(folder, report, tmp_path / "brief.docx", *options)
    _, terms = load_terms(folder)
    sanction = terms.article("monitoring.sancties").cite()
    assert f"Verrekend overschot: € 6.234,56 van perceel 2 naar perceel 1 ({sanction})." in text
    # During the Looptijd nothing is offset, so nothing is shown as moved.
    during = run_cli("realisatie", folder, report, "--json", "--peildatum", "2028-01-01")
    assert json.loads(during.stdout)["transfers"] == []


def test_offset_fills_shortfalls_in_lot_order_from_surpluses_in_lot_order() -> None:
    shortfalls, transfers = offset(
        ["1", "2", "3", "4"],
        [Decimal(0), Decimal(6), Decimal(8), Decimal(0)],
        [Decimal(10), Decimal(0), Decimal(0), Decimal(3)],
    )
    assert shortfalls == [Decimal(0), Decimal(0), Decimal(1), Decimal(0)]
    assert transfers == (
        Transfer("1", "2", Decimal(6)),
        Transfer("1", "3", Decimal(4)),
        Transfer("4", "3", Decimal(3)),
    )


def test_the_realised_line_stops_at_the_peildatum() -> None:
    from contract_builder import manifest

    from clausegen.realisation import ReportRow, value_report

    rows = [ReportRow(2, "2", "K-1", "participatiewet", None, D(2028, 1, 1), D(2028, 6, 30), (), None, "")]
    valuation = value_report(manifest(), rows, D(2028, 3, 15))
    days = month_ends(valuation.start_date, valuation.end_date)
    drawn = realised_days(valuation, days)
    assert drawn[-1] == D(2028, 3, 15) and all(day <= D(2028, 3, 15) for day in drawn)
    assert drawn[:-1] == [day for day in days if day < D(2028, 3, 15)]
    before = value_report(manifest(), rows, valuation.start_date - datetime.timedelta(days=1))
    assert realised_days(before, days) == []
    after = value_report(manifest(), rows, valuation.end_date + datetime.timedelta(days=90))
    assert realised_days(after, days)[-1] == after.end_date


def test_a_framework_with_lots_states_the_basis_per_lot_with_the_basis_share(raam: Path) -> None:
    import dataclasses

    from clausegen.realisation.summary import basis_paragraphs
    from clausegen.realisation.terms import ContractLot
    from clausegen.realisation.valuation import value_report

    _, terms = load_terms(raam)
    lots = (
        ContractLot("1", "Noord", Decimal("60000.00"), Decimal("5"), Decimal("0.6")),
        ContractLot("2", "Zuid", Decimal("40000.00"), Decimal("4"), Decimal(1)),
    )
    terms = dataclasses.replace(terms, lots=lots)
    valuation = value_report(terms, [], D(2029, 2, 1), call_off={"1": Decimal(1000000), "2": Decimal(500000)})
    valuation = dataclasses.replace(valuation, call_off_sources={"1": "werkmap", "2": "opgegeven"})
    # 5 % of 60 % of € 1.000.000 = € 30.000; 4 % of € 500.000 = € 20.000.
    assert [lot.obligation_eur for lot in valuation.lots] == [Decimal("30000.00"), Decimal("20000.00")]
    first, second = (text.replace(NBSP, " ") for text in basis_paragraphs(valuation))
    assert first.startswith(
        "Perceel 1: de verplichting tot nu toe is 5% van 60% van de Afroepwaarde van € 1.000.000,00"
    )
    assert "bron: opgave op het blad Verplichting). De raming over het Indicatief aandeel was € 60.000,00." in first
    assert second.startswith("Perceel 2: de verplichting tot nu toe is 4% van de Afroepwaarde van € 500.000,00")
    assert "bron: opgegeven door de Opdrachtgever). De raming over het Indicatief aandeel was € 40.000,00." in second
