"""The second reader of the register: (1) `register melding` and `recompute` valued a stored report
again without the Afroepwaarde it was stored with; (2) `register status` computed the expected
amount linearly where the letter uses `valuation.expected_amount`; (3) a contract whose lots may not
offset each other was compared on its totals, so a surplus on one lot hid a tekort on another;
(4) `register report` printed the whole report's value, not what counts.

The one holder of a framework-level obligation, 2027-0089-1 (tests/fixtures/tiende-lezing/
t1-een-houder.yaml): lots 1 and 2, ramingen € 150.000,00 and € 45.000,00, 5 %, term 1-9-2027 to
31-8-2030. Its workbook gives the Afroepwaarde 1 = € 4.000.000,00 and 2 = € 500.000,00 on the sheet
Verplichting, so it owes € 200.000,00 and € 25.000,00. Migration 0005 stores the Afroepwaarde and
the lots' figures per report (`report_lots`, `reports.lots_shortfall`)."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from alembic import command
from conftest import FIXTURES, docx_text, run_cli
from contract_builder import SURPLUS_ON_LOT_2, contract_folder, fill_workbook, two_lot_manifest, write_csv

from clausegen.register import open_engine
from clausegen.register.db import _config, make_engine, write

D = datetime.date
TIENDE = FIXTURES / "tiende-lezing"
NUMBER = "2027-0089-1"
AFROEP = {"1": 4_000_000, "2": 500_000}


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("een-houder")
    result = run_cli("contract", TIENDE / "t1-een-houder.yaml", TIENDE / "g1-een-houder.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / NUMBER


def _workbook(holder: Path, target: Path, rows: list[tuple[object, ...]]) -> Path:
    """The holder's workbook with `rows` on the sheet Invoer and its Afroepwaarde per lot on the sheet Verplichting."""
    fill_workbook(holder / f"{NUMBER}-verantwoording.xlsx", target, rows)
    book = openpyxl.load_workbook(target)
    sheet = book["Verplichting"]
    for row in range(1, 60):
        lot = sheet.cell(row=row, column=1).value
        if lot in AFROEP:
            sheet.cell(row=row, column=6, value=AFROEP[str(lot)])
    book.save(target)
    return target


def _cli(db: Path, *args: object) -> Any:
    result = run_cli("register", "--db", db, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def _contract(db: Path, day: str, number: str = NUMBER) -> dict[str, Any]:
    data = json.loads(_cli(db, "status", "--json", "--peildatum", day).stdout)
    (found,) = [c for c in data["contracts"] if c["contract"] == number]
    result: dict[str, Any] = found
    return result


def _letter(folder: Path, report: Path, day: str, *extra: str) -> dict[str, Any]:
    result = run_cli("realisatie", folder, report, "--peildatum", day, "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# € 170.000 on lot 1 and € 45.000 on lot 2 in the Looptijd, € 10.000 on lot 1 in the Hersteltermijn
# of the melding of 1 November 2030. On the raming neither lot is short, so the letter without the
# Afroepwaarde has no tekort and the melding opens no Hersteltermijn; on the Afroepwaarde lot 1 is
# € 30.000 short, and the € 10.000 in the Hersteltermijn counts.
FINAL = [
    ("1", "", "inkoop-sociaal", "", D(2028, 6, 1), D(2028, 6, 30), "", 170000, "inkoop"),
    ("2", "", "inkoop-sociaal", "", D(2028, 6, 1), D(2028, 6, 30), "", 45000, "inkoop"),
    ("1", "", "inkoop-sociaal", "", D(2030, 12, 1), D(2030, 12, 1), "", 10000, "in de Hersteltermijn"),
]
MELDING = "2030-11-01"
AFTER = "2031-03-01"


def test_melding_and_recompute_value_the_report_with_its_afroepwaarde(holder: Path, tmp_path: Path) -> None:
    report = _workbook(holder, tmp_path / "eind.xlsx", FINAL)
    letter = _letter(holder, report, AFTER, "--melding", MELDING)
    assert (letter["obligation_eur"], letter["realised_eur"]) == ("225000.00", "225000.00")
    db = tmp_path / "reg.sqlite"
    _cli(db, "add", holder)
    _cli(db, "report", holder, report, "--peildatum", AFTER)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT lot_id, call_off, obligation FROM report_lots ORDER BY lot_id").fetchall()
    assert stored == [("1", 400000000, 20000000), ("2", 50000000, 2500000)]  # whole cents
    _cli(db, "melding", NUMBER, MELDING)
    after_melding = _contract(db, AFTER)
    # with the Afroepwaarde the report has a tekort, so the work in the Hersteltermijn counts, as in
    # the letter; valued on the raming (as before) it had none and the € 10.000 did not count
    assert (after_melding["obligation_basis"], after_melding["reported_eur"]) == ("afroepwaarde", "225000.00")
    assert after_melding["realised_eur"] == letter["realised_eur"]
    done = _cli(db, "recompute")
    assert "herberekend: geen wijziging(en)" in done.stdout
    assert _contract(db, AFTER)["reported_eur"] == "225000.00"


def _downgraded(db: Path) -> None:
    """The register back at migration 0004, as a register stored before this change is."""
    with write(make_engine(str(db))) as connection:
        command.downgrade(_config(connection), "0004")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)


def test_a_register_at_0004_is_upgraded_and_its_old_reports_keep_todays_behaviour(holder: Path, tmp_path: Path) -> None:
    report = _workbook(holder, tmp_path / "eind.xlsx", FINAL)
    db = tmp_path / "oud.sqlite"
    _cli(db, "add", holder)
    _cli(db, "report", holder, report, "--peildatum", AFTER)
    _downgraded(db)
    open_engine(str(db)).dispose()  # upgrades to the head: 0005's table and column come back empty
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert connection.execute("SELECT count(*) FROM report_lots").fetchone() == (0,)
        assert connection.execute("SELECT lots_shortfall, obligation FROM reports").fetchone() == (None, 22500000)
    # the report fixed its obligation from an Afroepwaarde the register did not keep: it is valued
    # again without one, as before, and gets no lots (its Afroepwaarde is not known)
    _cli(db, "melding", NUMBER, MELDING)
    assert _contract(db, AFTER)["reported_eur"] == "215000.00"
    _cli(db, "recompute")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM report_lots").fetchone() == (0,)
    # a new version stores them
    _cli(db, "report", holder, report, "--peildatum", "2031-03-02")
    assert _contract(db, AFTER)["reported_eur"] == "225000.00"


DURING = "2029-03-01"


def test_status_expects_what_the_letter_expects_for_the_one_holder(holder: Path, tmp_path: Path) -> None:
    report = _workbook(holder, tmp_path / "tussen.xlsx", FINAL[:2])
    letter = _letter(holder, report, DURING)
    lots = {lot["id"]: lot for lot in letter["lots"]}
    # half of the term (548 of 1096 days) has passed; lot 1 owes € 200.000 (above its raming): half
    # of it; lot 2 owes € 25.000, below its raming of € 45.000: half of the raming, at most the
    # € 25.000 (valuation.expected_amount)
    assert (lots["1"]["expected_eur"], lots["2"]["expected_eur"]) == ("100000.00", "22500.00")
    assert letter["expected_eur"] == "122500.00"
    db = tmp_path / "reg.sqlite"
    _cli(db, "add", holder)
    _cli(db, "report", holder, report, "--peildatum", DURING)
    contract = _contract(db, DURING)
    assert contract["obligation_eur"] == "225000.00"
    assert contract["expected_eur"] == letter["expected_eur"]
    assert contract["expected_eur"] != "112500.00"  # the linear path over € 225.000, as status had it
    data = json.loads(_cli(db, "status", "--json", "--peildatum", DURING).stdout)
    assert data["total"]["expected_eur"] == "122500.00"
    assert "€ 122.500,00" in _cli(db, "status", "--peildatum", DURING).stdout.replace("\u00a0", " ")


@pytest.fixture
def apart(tmp_path: Path) -> tuple[Path, Path]:
    """Both lots of the cleaning tender for one contractor (obligations € 75.000,00 and € 45.000,00,
    term 1-4-2027 to 31-3-2031), whose lots may not offset each other, and its final report: lot 1
    short, lot 2 over its obligation (contract_builder.SURPLUS_ON_LOT_2)."""
    manifest = two_lot_manifest()
    manifest["valuation"]["offsetting"] = False
    folder = contract_folder(tmp_path / "out", manifest)
    return folder, write_csv(tmp_path / "eind.csv", SURPLUS_ON_LOT_2)


def test_a_surplus_on_one_lot_hides_no_tekort_on_another(apart: tuple[Path, Path], tmp_path: Path) -> None:
    folder, report = apart
    number = folder.name
    day = "2031-09-01"
    letter = _letter(folder, report, day)
    lots = {lot["id"]: lot for lot in letter["lots"]}
    assert (lots["1"]["shortfall_eur"], lots["2"]["shortfall_eur"]) == ("16666.67", "0.00")
    assert letter["shortfall_eur"] == "16666.67" and letter["transfers"] == []
    db = tmp_path / "reg.sqlite"
    _cli(db, "add", folder)
    _cli(db, "report", folder, report, "--peildatum", day)
    contract = _contract(db, day, number)
    # on the totals (€ 120.000,00 against € 109.567,89) the register said € 10.432,11
    assert (contract["obligation_eur"], contract["realised_eur"]) == ("120000.00", "109567.89")
    assert contract["indicative_shortfall_eur"] == letter["shortfall_eur"]
    assert contract["remaining_eur"] == "16666.67" and contract["lots_shortfall_eur"] == "16666.67"
    assert contract["lots"] == [
        {"lot": "1", "call_off_eur": None, "obligation_eur": "75000.00", "realised_eur": "58333.33",
         "shortfall_eur": "16666.67"},
        {"lot": "2", "call_off_eur": None, "obligation_eur": "45000.00", "realised_eur": "51234.56",
         "shortfall_eur": "0.00"},
    ]  # fmt: skip
    data = json.loads(_cli(db, "status", "--json", "--peildatum", day).stdout)
    assert data["total"]["indicative_shortfall_eur"] == "16666.67"
    assert data["suppliers"][0]["indicative_shortfall_eur"] == "16666.67"
    text = _cli(db, "status", "--peildatum", day).stdout.replace("\u00a0", " ")
    assert (
        "Per perceel (percelen die elkaar niet aanvullen: een overschot vult geen tekort op een ander perceel)" in text
    )
    assert "Indicatief tekort na de looptijd: € 16.666,67." in text
    assert "Indicatief tekort na de looptijd: € 10.432,11" not in text
    raad = tmp_path / "raad.docx"
    _cli(db, "export", "-o", raad, "--peildatum", day)
    council = docx_text(raad).replace("\u00a0", " ")
    assert (f"Bij {number} vullen de percelen elkaar niet aan; het tekort is de som van de percelen: perceel 1 "
            "€ 16.666,67; perceel 2 € 0,00.") in council  # fmt: skip
    # the boete after the Hersteltermijn of a melding is that of the lots' tekort, as in the letter
    _cli(db, "melding", number, "2031-05-01")
    charged = _letter(folder, report, day, "--melding", "2031-05-01")
    assert _contract(db, day, number)["charge_eur"] == charged["charge_eur"] == "16666.67"


def test_recompute_fills_the_lots_of_a_report_stored_before_0005(apart: tuple[Path, Path], tmp_path: Path) -> None:
    folder, report = apart
    number = folder.name
    db = tmp_path / "oud.sqlite"
    _cli(db, "add", folder)
    _cli(db, "report", folder, report, "--peildatum", "2031-09-01")
    _downgraded(db)
    open_engine(str(db)).dispose()
    before = _contract(db, "2031-09-01", number)
    assert (before["indicative_shortfall_eur"], before["lots_shortfall_eur"], before["lots"]) == ("10432.11", None, [])
    done = _cli(db, "recompute")
    assert f"{number} versie 1: tekort over de percelen - -> € 16.666,67" in done.stdout.replace("\u00a0", " ")
    assert _contract(db, "2031-09-01", number)["indicative_shortfall_eur"] == "16666.67"


def test_register_report_prints_what_counts_as_status_does(tmp_path: Path) -> None:
    """Holder A of ZW-2027-044 (tests/test_twelfth_reading_register.py): € 80.000,00 on lot 1 and
    € 80.000,00 of voluntary work on lot 3, which has no obligation and counts toward none."""
    twaalfde = FIXTURES / "twaalfde-lezing"
    out = tmp_path / "contract"
    made = run_cli("contract", twaalfde / "c2.yaml", twaalfde / "c2-gunning.yaml", "-o", out)
    assert made.exit_code == 0, made.output + made.stderr
    folder, report = out / "ZW-2027-044-A", twaalfde / "c2a-rapport2.csv"
    db = tmp_path / "reg.sqlite"
    _cli(db, "add", folder)
    said = _cli(db, "report", folder, report, "--peildatum", "2032-02-01").stdout
    assert said.strip() == "ZW-2027-044-A: opgeslagen als versie 1 (80000.00 gerealiseerd)"
    assert "160000.00 gerealiseerd" not in said  # the whole report's value, voluntary work included
    again = _cli(db, "report", folder, report, "--peildatum", "2032-02-01").stdout
    assert again.strip() == "ZW-2027-044-A: ongewijzigd, al opgeslagen als versie 1 (80000.00 gerealiseerd)"
    assert _contract(db, "2032-02-01", "ZW-2027-044-A")["reported_eur"] == "80000.00"
