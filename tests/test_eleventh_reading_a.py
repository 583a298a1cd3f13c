"""The eleventh legal reading, reader A: a framework with one holder whose obligation lives at
framework level (PFL-2027-RO-07, tests/fixtures/elfde-lezing/t3-schoonmaak-ro.yaml: € 2.000.000,00 over 48
months, 5 %, raming € 100.000,00). Its annex used to state the raming as a fixed minimum (art. 7
"realiseert ten minste … € 100.000,00", a cover row "Social-returnverplichting € 100.000,00")
while the settlement article owes the percentage of the real value (MAJOR-1); "werkelijke
waarde" was undefined (MINOR-4); and the interim test multiplied the obligation over the
call-offs concluded so far by the elapsed share of the term once more (MINOR-3)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

ELFDE = FIXTURES / "elfde-lezing"
NBSP = "\u00a0"


def _text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


@pytest.fixture(scope="module")
def annexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("a3")
    tender = run_cli("generate", ELFDE / "t3-schoonmaak-ro.yaml", "-o", out / "tender")
    assert tender.exit_code == 0, tender.output + tender.stderr
    contract = run_cli(
        "contract", ELFDE / "t3-schoonmaak-ro.yaml", ELFDE / "g3-schoonmaak-ro.yaml", "-o", out / "contract"
    )
    assert contract.exit_code == 0, contract.output + contract.stderr
    holder = out / "contract" / "PFL-2027-RO-07-H1"
    return {
        "bijlage": _text(out / "tender" / "PFL-2027-RO-07-bijlage-social-return.docx"),
        "model": _text(out / "tender" / "PFL-2027-RO-07-raamovereenkomst-social-return.docx"),
        "contract": _text(holder / "PFL-2027-RO-07-H1-raamovereenkomst-social-return.docx"),
        "dir": str(holder),
    }


@pytest.mark.parametrize("kind", ["bijlage", "model", "contract"])
def test_the_one_holders_obligation_is_the_percentage_of_the_afroepwaarde(annexes: dict[str, str], kind: str):
    text = annexes[kind]
    # the obligation clause owes the percentage and calls the amount a raming
    assert (
        "De Opdrachtnemer realiseert ten minste het hieronder genoemde percentage van de Afroepwaarde (de "
        "werkelijke waarde van de Nadere overeenkomsten, vastgesteld volgens Artikel " in text
    )
    assert "Over de geraamde Opdrachtwaarde komt dat naar raming neer op:" in text
    assert "5% van de Opdrachtwaarde van € 2.000.000,00, dat is € 100.000,00." in text
    assert (
        "Het is een raming en als zodanig niet verschuldigd: de Opdrachtnemer is het percentage verschuldigd "
        "over de Afroepwaarde, volgens Artikel " in text
    )
    assert "ten minste het volgende bedrag aan Inspanningswaarde" not in text
    # the overview and its table
    assert (
        "Op basis van de geraamde Opdrachtwaarde komt de Social-returnverplichting naar raming uit op € 100.000,00."
        in text
    )
    assert "bedraagt de Social-returnverplichting in totaal" not in text
    assert "\nVerplichting (raming)\n" in text
    assert (
        "Het bedrag in de kolom ‘Verplichting (raming)’ is het percentage uit de tabel maal de Opdrachtwaarde" in text
    )
    # the cover: a raming, with what is owed
    assert (
        "\nRaming social return\n€ 100.000,00 (verschuldigd is het percentage maal de Afroepwaarde, de werkelijke "
        "waarde van de Nadere overeenkomsten)\n" in text
    )
    assert "\nSocial-returnverplichting\n€ 100.000,00" not in text
    assert "Totale social-returnverplichting" not in text


@pytest.mark.parametrize("kind", ["bijlage", "contract"])
def test_afroepwaarde_and_the_obligation_are_defined_on_the_real_value(annexes: dict[str, str], kind: str):
    text = annexes[kind]
    assert (
        "Afroepwaarde: de werkelijke waarde van de Nadere overeenkomsten, dat is de waarde exclusief btw die op "
        "grond van die Nadere overeenkomsten aan de Opdrachtnemer is betaald of verschuldigd, met meer- en "
        "minderwerk; eindigt een Nadere overeenkomst eerder, dan telt de waarde tot haar einde." in text
    )
    assert (
        "Waar deze bijlage spreekt van de werkelijke waarde van de Nadere overeenkomsten, is de Afroepwaarde bedoeld."
        in text
    )
    assert re.search(
        r"Social-returnverplichting: de verplichting van de Opdrachtnemer om tijdens de looptijd van de "
        r"Raamovereenkomst ten minste het bedrag aan Inspanningswaarde te realiseren dat volgt uit Artikel \d+\. "
        r"Verschuldigd is het percentage maal de Afroepwaarde, volgens Artikel \d+; het bedrag in Artikel \d+ is een "
        r"raming\.",
        text,
    )
    assert re.search(r"maal de Afroepwaarde \(de werkelijke waarde, zie Artikel \d+\)\.", text)  # the settlement
    assert "maal de Afroepwaarde, de werkelijke waarde van alle Nadere overeenkomsten samen." in text  # the level


def test_the_interim_test_counts_the_elapsed_term_once(annexes: dict[str, str]):
    text = annexes["contract"]
    assert re.search(
        r"lager is dan 50% van het verwachte bedrag\. Het verwachte bedrag is het laagste van twee bedragen: \(a\) "
        r"het verstreken deel van de looptijd maal de raming van de Social-returnverplichting in Artikel \d+, of maal "
        r"het bedrag dat volgt uit de Nadere overeenkomsten die tot dan zijn gesloten als dat hoger is; \(b\) het "
        r"bedrag dat volgt uit de Nadere overeenkomsten die tot dan zijn gesloten \(Artikel \d+\)\.",
        text,
    )
    assert "50% van de Social-returnverplichting maal het verstreken deel" not in text
    assert "maal het hoogste van twee bedragen" not in text  # fourteenth reading F TAAL-1: the old sentence


def _valuation(holder: str, peildatum: str, value: str) -> dict:
    result = run_cli(
        "realisatie", holder, ELFDE / "r3.csv", "--peildatum", peildatum, "--afroepwaarde", value, "--json"
    )
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_the_interim_expectation_follows_the_raming_and_the_concluded_call_offs(annexes: dict[str, str]):
    # 1 May 2029: 732 of the 1461 days have passed
    used = _valuation(annexes["dir"], "2029-05-01", "1100000")  # 5 % = € 55.000 over the call-offs so far
    # the raming × the elapsed share (€ 100.000 × 732/1461), below the € 55.000 of the call-offs
    assert (used["obligation_eur"], used["expected_eur"], used["interim_threshold_eur"]) == (
        "55000.00", "50102.67", "25051.34",
    )  # fmt: skip
    low = _valuation(annexes["dir"], "2029-05-01", "300000")  # few call-offs: no more than their € 15.000
    assert (low["expected_eur"], low["interim_threshold_eur"]) == ("15000.00", "7500.00")
    high = _valuation(annexes["dir"], "2029-05-01", "2600000")  # above the raming: € 130.000 × 732/1461
    assert (high["expected_eur"], high["interim_threshold_eur"]) == ("65133.47", "32566.74")


def test_the_letter_explains_the_expectation_of_a_framework(annexes: dict[str, str], tmp_path: Path):
    letter = tmp_path / "brief.docx"
    result = run_cli(
        "realisatie", annexes["dir"], ELFDE / "r3.csv", "--peildatum", "2029-05-01", "--afroepwaarde", "1100000",
        "-o", letter,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = _text(letter)
    assert (
        "Verwacht is het verstreken deel van de looptijd maal de raming of, als die hoger is, de verplichting over "
        "de gesloten Nadere overeenkomsten, maar niet meer dan die verplichting" in text
    )


def test_a_framework_with_several_holders_defines_the_afroepwaarde_the_same_way(tmp_path: Path):
    out = tmp_path / "houders"
    result = run_cli("generate", EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    text = _text(next(out.glob("*-bijlage-social-return.docx")))
    assert (
        "Afroepwaarde: de werkelijke waarde van de Nadere overeenkomsten die aan de Opdrachtnemer zijn gegund" in text
    )
    assert "op grond van zijn eigen Nadere overeenkomsten aan de Opdrachtnemer is betaald of verschuldigd" in text
    # several holders keep their own cover row; the one-holder label is not used
    assert "\nRaming social return\n" not in text


@pytest.fixture(scope="module")
def lots_contracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("a2")
    result = run_cli("contract", ELFDE / "t2-beveiliging.yaml", ELFDE / "g2-beveiliging.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return {
        number: _text(out / number / f"{number}-overeenkomst-social-return.docx")
        for number in ("GVS-2027-BEV-A", "GVS-2027-BEV-B")
    }


def test_the_lot_offsetting_paragraph_is_only_in_a_contract_with_more_lots(lots_contracts: dict[str, str]):
    rule = "Heeft de Opdrachtnemer onder deze Overeenkomst meer Percelen, dan vermindert"
    assert rule in lots_contracts["GVS-2027-BEV-A"]  # lots 1 and 3
    one = lots_contracts["GVS-2027-BEV-B"]  # lot 2 alone (MINOR-7)
    assert rule not in one and "een tekort op een ander Perceel" not in one
    assert "Andere Percelen van de aanbesteding maken geen deel uit van de Overeenkomst" in one


def test_a_works_contract_says_where_its_looptijd_ends(tmp_path: Path):
    result = run_cli("contract", ELFDE / "t1-dijk.yaml", ELFDE / "g1-dijk.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    text = _text(tmp_path / "WOV-2027-014-01" / "WOV-2027-014-01-overeenkomst-social-return.docx")
    assert re.search(
        r"De Looptijd loopt tot de werkelijke oplevering, en voor inzet bij onderhoud en herstel tot het einde van de "
        r"onderhoudstermijn \(zie de begripsbepaling Looptijd in Artikel \d+\)\.",
        text,
    )
    assert "Hoe lang de Looptijd werkelijk duurt" not in text


def test_the_one_holders_workbook_takes_the_afroepwaarde_and_realisatie_reads_it(
    annexes: dict[str, str], tmp_path: Path
):
    import openpyxl
    from conftest import libreoffice_sheets

    holder = Path(annexes["dir"])
    manifest = json.loads((holder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["contract"]["obligation_is_estimate"] is True  # the register counts it as a raming
    workbook = openpyxl.load_workbook(holder / "PFL-2027-RO-07-H1-verantwoording.xlsx")
    sheet = workbook["Verplichting"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "(geen percelen)")
    assert sheet.cell(row=row - 1, column=6).value == "Afroepwaarde tot nu toe (excl. btw)"
    assert sheet[f"F{row}"].protection.locked is False and sheet[f"G{row}"].value == 100000
    sheet[f"F{row}"] = 1500000
    filled = tmp_path / "ingevuld.xlsx"
    workbook.save(filled)
    computed = libreoffice_sheets(filled, ("Verplichting",))["Verplichting"]
    lot = next(r for r in computed if r and r[0] == "(geen percelen)")
    assert Decimal(lot[2]) == Decimal("75000")  # 5 % of the Afroepwaarde in LibreOffice too
    result = run_cli("realisatie", holder, filled, "--peildatum", "2031-06-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    assert (data["obligation_eur"], data["obligation_fixed"]) == ("75000.00", True)


def test_the_profiles_cap_binds_the_obligation_on_the_real_value(tmp_path: Path):
    """A profile's max_obligation_eur caps each lot's obligation; the framework annex says the cap
    applies to the percentage of the Afroepwaarde too, so realisatie and the workbook follow it."""
    import openpyxl
    from conftest import copy_library, libreoffice_sheets

    library = copy_library(tmp_path / "library")
    profile = library / "profiles" / "schoonmaak.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "max_obligation_eur: 90000\n", encoding="utf-8")
    out = tmp_path / "contract"
    result = run_cli(
        "contract", ELFDE / "t3-schoonmaak-ro.yaml", ELFDE / "g3-schoonmaak-ro.yaml", "-o", out, "--library", library
    )
    assert result.exit_code == 0, result.output + result.stderr
    holder = out / "PFL-2027-RO-07-H1"
    text = _text(holder / "PFL-2027-RO-07-H1-raamovereenkomst-social-return.docx")
    assert "5% van de Opdrachtwaarde van € 2.000.000,00, dat is € 90.000,00 (begrensd)." in text
    assert "met inachtneming van de begrenzing" in text
    manifest = json.loads((holder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["valuation"]["lots"][0]["max_obligation_eur"] == "90000.00"

    def owed(value: str) -> str:
        found = run_cli("realisatie", holder, ELFDE / "r3.csv", "--peildatum", "2031-06-01", "--afroepwaarde", value,
                        "--json")  # fmt: skip
        assert found.exit_code == 0, found.output + found.stderr
        return json.loads(found.stdout)["obligation_eur"]

    assert owed("1500000") == "75000.00"  # below the cap: 5 %
    assert owed("2600000") == "90000.00"  # 5 % would be € 130.000: the cap
    workbook = openpyxl.load_workbook(holder / "PFL-2027-RO-07-H1-verantwoording.xlsx")
    sheet = workbook["Verplichting"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "(geen percelen)")
    sheet[f"F{row}"] = 2600000
    workbook.save(tmp_path / "ingevuld.xlsx")
    computed = libreoffice_sheets(tmp_path / "ingevuld.xlsx", ("Verplichting",))["Verplichting"]
    assert Decimal(next(r for r in computed if r and r[0] == "(geen percelen)")[2]) == Decimal("90000")


def test_without_a_cap_the_manifest_says_none(annexes: dict[str, str]):
    manifest = json.loads((Path(annexes["dir"]) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["valuation"]["lots"][0]["max_obligation_eur"] is None


def test_the_letter_names_the_workbook_as_the_source_of_the_afroepwaarde(annexes: dict[str, str], tmp_path: Path):
    import openpyxl

    holder = Path(annexes["dir"])
    workbook = openpyxl.load_workbook(holder / "PFL-2027-RO-07-H1-verantwoording.xlsx")
    sheet = workbook["Verplichting"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "(geen percelen)")
    sheet[f"F{row}"] = 1100000
    workbook.save(tmp_path / "ingevuld.xlsx")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", holder, tmp_path / "ingevuld.xlsx", "--peildatum", "2029-05-01", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = _text(letter)
    assert "zijn gesloten; bron: opgave op het blad Verplichting). De raming in de bijlage was € 100.000,00." in text
    assert "bron: opgegeven door de Opdrachtgever" not in text
