"""The twelfth legal reading, reader C, MAJOR-4: the register's figures for a contract with lots
differed from the realisation letter on the same contract folder and report.

The catering framework ZW-2027-044 (tests/fixtures/twaalfde-lezing/c2.yaml, c2-gunning.yaml):
holder A has lot 1 (a scored plan of approach, a commitment of 7 %, raming € 196.000,00) and lot 3
(below the threshold: no obligation). Its report c2a-rapport2.csv has € 80.000,00 on lot 1 in the
Looptijd, € 80.000,00 of voluntary work on lot 3, and € 3.333,33 on lot 1 in the Hersteltermijn
(1-11 to 31-12-2031). `realisatie --melding 2031-10-01 --peildatum 2032-02-01` gives on lot 1 a
tekort and a boete of € 112.666,67 and keeps lot 3 out of the offsetting (monitoring.sancties
forbids it onto a lot whose plan was scored). The register said "gerealiseerd € 160.000,00 |
voldaan 81,63% | indicatief tekort € 36.000,00 | boete € 36.000,00": it counted the voluntary
work on lot 3 towards lot 1's obligation, and it did not value the report again after `register
melding`, so the work in the Hersteltermijn did not count."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, run_cli

TWAALFDE = FIXTURES / "twaalfde-lezing"
REPORT = TWAALFDE / "c2a-rapport2.csv"
NUMBER = "ZW-2027-044-A"
PEILDATUM = "2032-02-01"
MELDING = "2031-10-01"


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("c2")
    result = run_cli("contract", TWAALFDE / "c2.yaml", TWAALFDE / "c2-gunning.yaml", "-o", out / "contract")
    assert result.exit_code == 0, result.output + result.stderr
    return out / "contract" / NUMBER


def _letter(holder: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("realisatie", holder, REPORT, "--peildatum", PEILDATUM, "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _register(db: Path, *args: object) -> Any:
    result = run_cli("register", "--db", db, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def _status(db: Path) -> dict[str, Any]:
    data = json.loads(_register(db, "status", "--json", "--peildatum", PEILDATUM).stdout)
    (contract,) = [c for c in data["contracts"] if c["contract"] == NUMBER]
    found: dict[str, Any] = contract
    return found


def _lot(letter: dict[str, Any], lot: str) -> dict[str, Any]:
    (found,) = [x for x in letter["lots"] if x["id"] == lot]
    return found


def test_the_letter_as_the_reader_read_it(holder: Path) -> None:
    letter = _letter(holder, "--melding", MELDING)
    assert (letter["shortfall_eur"], letter["charge_eur"], letter["phase"]) == ("112666.67", "112666.67",
                                                                               "na-hersteltermijn")  # fmt: skip
    assert _lot(letter, "1")["realised_eur"] == "83333.33"
    assert _lot(letter, "3")["obligation_eur"] == "0.00"
    assert _lot(letter, "3")["realised_eur"] == "80000.00"
    assert letter["transfers"] == []


def test_register_status_after_the_melding_equals_the_letter(holder: Path, tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    _register(db, "add", holder)
    _register(db, "report", holder, REPORT, "--peildatum", PEILDATUM)
    recorded = _register(db, "melding", NUMBER, MELDING)
    assert "Hersteltermijn van 2 oktober 2031 tot en met 1 januari 2032" in recorded.stderr
    letter = _letter(holder, "--melding", MELDING)
    contract = _status(db)
    # tekort and boete are the letter's, per lot: lot 3's voluntary work fills nothing of lot 1
    assert contract["indicative_shortfall_eur"] == letter["shortfall_eur"] == "112666.67"
    assert contract["charge_eur"] == letter["charge_eur"] == "112666.67"
    assert contract["remaining_eur"] == "112666.67"
    # what counts towards the obligation: lot 1, with its work in the Hersteltermijn
    assert contract["realised_eur"] == _lot(letter, "1")["realised_eur"] == "83333.33"
    assert contract["reported_eur"] == "83333.33"
    assert contract["fulfilment_percent"] == _lot(letter, "1")["fulfilment_percent"] == "42.52"
    assert contract["obligation_eur"] == letter["obligation_eur"] == "196000.00"
    assert (contract["phase"], contract["recovery"]) == (letter["phase"], "afgelopen")
    assert (contract["recovery_start"], contract["recovery_end"]) == (letter["recovery_start"], letter["recovery_end"])
    # the old figures are gone
    assert "160000.00" not in json.dumps(contract)
    assert "36000.00" not in json.dumps(contract)
    text = _register(db, "status", "--peildatum", PEILDATUM).stdout
    line = next(x for x in text.splitlines() if x.startswith(NUMBER))
    assert "€ 83.333,33   42,52%" in line
    assert line.endswith("€ 112.666,67  1 oktober 2031  afgelopen       € 112.666,67")
    assert "€ 160.000,00" not in text
    assert "81,63%" not in text
    assert "€ 36.000,00" not in text
    # the stored figures are those a full recompute gives
    again = _register(db, "recompute")
    assert again.stdout.strip().endswith("herberekend: geen wijziging(en)")


def test_register_status_without_the_melding_is_the_letter_without_it(holder: Path, tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    _register(db, "add", holder)
    _register(db, "report", holder, REPORT, "--peildatum", PEILDATUM)
    plain = _letter(holder)
    contract = _status(db)
    assert plain["shortfall_eur"] == "116000.00"
    assert plain["charge_eur"] is None
    assert contract["indicative_shortfall_eur"] == plain["shortfall_eur"]
    assert contract["realised_eur"] == _lot(plain, "1")["realised_eur"] == "80000.00"
    assert contract["charge_eur"] == "0.00"
    assert contract["hersteltermijn"] == "nog niet aangevangen"
    assert (contract["phase"], contract["melding_date"], contract["recovery"]) == ("na-looptijd", None, None)
    assert contract["recovery_not_started"] == 1
    assert "160000.00" not in json.dumps(contract)


def test_a_report_stored_after_the_melding_is_valued_with_it(holder: Path, tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    _register(db, "add", holder)
    _register(db, "melding", NUMBER, MELDING)
    _register(db, "report", holder, REPORT, "--peildatum", PEILDATUM)
    contract = _status(db)
    assert (contract["indicative_shortfall_eur"], contract["charge_eur"]) == ("112666.67", "112666.67")
    assert contract["realised_eur"] == "83333.33"


def test_recompute_values_the_stored_report_with_the_melding(holder: Path, tmp_path: Path) -> None:
    db = tmp_path / "reg.sqlite"
    _register(db, "add", holder)
    _register(db, "report", holder, REPORT, "--peildatum", PEILDATUM)
    _register(db, "melding", NUMBER, MELDING)
    # a register written by an older clausegen: the report's value of every lot, without the melding
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE reports SET realised = 16000000")
        connection.execute("UPDATE figures SET realised = 16000000")
    assert _status(db)["indicative_shortfall_eur"] == "36000.00"
    changed = _register(db, "recompute").stdout
    assert f"{NUMBER} versie 1: gerealiseerd € 160.000,00 -> € 83.333,33" in changed
    assert f"{NUMBER}: gerealiseerd € 160.000,00 -> € 83.333,33" in changed
    contract = _status(db)
    assert (contract["indicative_shortfall_eur"], contract["charge_eur"]) == ("112666.67", "112666.67")


def test_the_council_report_has_the_letters_figures(holder: Path, tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    db = tmp_path / "reg.sqlite"
    _register(db, "add", holder)
    _register(db, "report", holder, REPORT, "--peildatum", PEILDATUM)
    _register(db, "melding", NUMBER, MELDING)
    _register(db, "export", "-o", tmp_path / "raad.xlsx", "--peildatum", PEILDATUM)
    book = load_workbook(tmp_path / "raad.xlsx")
    charges = [[c.value for c in row] for row in book["Hersteltermijnen en boetes"].iter_rows()]
    (line,) = [row for row in charges if row[0] == NUMBER]
    assert line[3:5] == ["1 oktober 2031", "afgelopen"]
    assert [Decimal(str(v)) for v in line[5:]] == [Decimal("112666.67"), Decimal("112666.67")]
    # per kind of contribution: lot 1's placements with the Hersteltermijn, not lot 3's voluntary work
    sheet = [[c.value for c in row] for row in book["Verplichting per instrument en "].iter_rows()]
    (placements,) = [row for row in sheet if row[0] == "Plaatsingen"]
    assert Decimal(str(placements[3])) == Decimal("83333.33")
    reconciled = [[c.value for c in row] for row in book["Verantwoording van de cijfers"].iter_rows()]
    (own,) = [row for row in reconciled if row[0] == NUMBER]
    assert [Decimal(str(v)) for v in own[2:]] == [Decimal(x) for x in ("196000", "83333.33", "0", "0", "83333.33")]
