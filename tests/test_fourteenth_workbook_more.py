"""The workbook and the letter after the fourteenth round: the workbook values toeslagen typed in
any order (as realisatie does); a per-call-off row counts up to its call-off's end and a
framework-level row up to the end of the last Nadere overeenkomst (thirteenth reading F MINOR-11);
the letter defines the Afroepwaarde as the annex does; the voornemen names the voorgenomen boete."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from conftest import computed_invoer, require_soffice, run_cli
from test_fourteenth_letter_workbook import rvo  # noqa: F401 - the modules fixtures, reused
from test_realisation_letter_basis import raam  # noqa: F401

D = datetime.datetime


def _values(invoer: list[list[str]], count: int) -> list[Decimal]:
    header = invoer[0]
    return [Decimal(r[header.index("waarde_eur")].replace(",", "")) for r in invoer[1 : count + 1]]


def test_the_workbook_values_toeslagen_in_any_order(rvo: Path, tmp_path: Path) -> None:  # noqa: F811
    require_soffice()
    book = next(rvo.glob("*-verantwoording.xlsx"))
    rows = [
        (None, "K-01", "plaatsing-a", 36, D(2027, 10, 1), D(2028, 9, 30), "bonus-vast-contract, bonus-50-plus", None, "a"),
        (None, "K-02", "plaatsing-a", 36, D(2027, 10, 1), D(2028, 9, 30), "bonus-50-plus,bonus-vast-contract", None, "b"),
        (None, "K-03", "plaatsing-a", 36, D(2027, 10, 1), D(2028, 9, 30), " Bonus-vast-contract ,bonus-50-plus ", None, "c"),
        (None, "K-04", "plaatsing-b", 36, D(2028, 1, 1), D(2028, 12, 31), "bonus-vast-contract, bonus-50-plus", None, "d"),
        (None, "K-05", "plaatsing-a", 36, D(2027, 10, 1), D(2028, 9, 30), "bonus-vast-contract", None, "e"),
    ]  # fmt: skip
    filled = tmp_path / "ingevuld.xlsx"
    values = _values(computed_invoer(book, rows, filled), 5)
    manifest = json.loads((rvo / "manifest.json").read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in manifest["valuation"]["value_table"]["blocks"]}
    fixed, older = (Decimal(blocks[b]["value_eur"]) for b in ("bonus-vast-contract", "bonus-50-plus"))
    both = Decimal("40000.00") + fixed + older
    # the order and the spaces no longer matter; categorie B still withholds the 50+ toeslag
    assert values == [both, both, both, Decimal("20000.00") + fixed, Decimal("40000.00") + fixed]
    result = run_cli("realisatie", rvo, filled, "--peildatum", "2031-01-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    assert [Decimal(r["value_eur"]) for r in json.loads(result.stdout)["rows"]] == values


def test_the_voornemen_names_the_voorgenomen_boete(rvo: Path, tmp_path: Path) -> None:  # noqa: F811
    from test_fourteenth_letter_workbook import _rvo_letter

    text = _rvo_letter(rvo, tmp_path, "--peildatum", "2033-01-15", "--melding", "2032-09-20")
    assert "Nog niet ingevuld: € 108.000,00; de voorgenomen boete is € 108.000,00 (100% van het tekort)." in text
    assert "de indicatieve boete is" not in text
    # the terminal is no voornemen: there the boete is still indicative
    report = tmp_path / "rapportage.csv"
    result = run_cli("realisatie", rvo, report, "--peildatum", "2033-01-15", "--melding", "2032-09-20")
    assert result.exit_code == 0, result.output + result.stderr
    terminal = result.output.replace("\u00a0", " ")
    assert "de indicatieve boete is € 108.000,00" in terminal
    assert "de voorgenomen boete" not in terminal


def test_the_interim_letter_defines_the_afroepwaarde_as_paid_or_owed(raam: Path, tmp_path: Path) -> None:  # noqa: F811
    from test_realisation_letter_basis import RAAM_ROWS, _letter, write_csv

    report = write_csv(tmp_path / "raam.csv", RAAM_ROWS)
    text = _letter(raam, report, tmp_path / "raam.docx", "--peildatum", "2029-02-01", "--afroepwaarde", "3000000")
    assert (
        "6,5% van de Afroepwaarde van € 3.000.000,00 (de waarde exclusief btw die op grond van de Nadere "
        "overeenkomsten die tot 1 februari 2029 aan de Opdrachtnemer zijn gegund, aan hem is betaald of "
        "verschuldigd, met meer- en minderwerk; bron: opgegeven door de Opdrachtgever)." in text
    )
    assert "(de waarde exclusief btw van de Nadere overeenkomsten" not in text
