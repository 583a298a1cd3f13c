"""The register follows the longer Hersteltermijn of a framework holder for the part of its tekort
above the raming (raamovereenkomst.niveau v8), as `realisatie` does (tests/test_excess_recovery.py):
RVB-2027-FM3-H1 (three holders, no lots, 6,5 %, raming € 260.000,00, recovery_months 3,
recovery_months_excess 6); a report with an Afroepwaarde of € 6.000.000,00 fixes € 390.000,00, and
€ 200.000,00 is filled; melding 1 November 2031. On SQLite and on PostgreSQL (tests/register_db.py)."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from alembic import command
from conftest import framework_holder, run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import insert, select

from clausegen.register import open_engine
from clausegen.register.db import _config, make_engine, write
from clausegen.register.export import export
from clausegen.register.manifest import read_manifest
from clausegen.register.tables import contracts

NUMBER = "RVB-2027-FM3-H1"
MELDING = "2031-11-01"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return framework_holder(tmp_path_factory)


def _workbook(holder: Path, target: Path, afroepwaarde: int) -> Path:
    """The holder's own workbook with its Afroepwaarde on the sheet Verplichting and € 200.000,00
    of social purchasing in the Looptijd on the sheet Invoer, as the holder would fill them in."""
    workbook = openpyxl.load_workbook(holder / f"{NUMBER}-verantwoording.xlsx")
    sheet = workbook["Verplichting"]
    row = next(r for r in range(1, 60) if sheet.cell(row=r, column=1).value == "(geen percelen)")
    sheet.cell(row=row, column=6, value=afroepwaarde)
    rows = workbook["Invoer"]
    values = (None, None, "inkoop-sociaal", None, datetime.date(2028, 6, 1), datetime.date(2028, 6, 30), None,
              200000, "sociaal werkbedrijf")  # fmt: skip
    for column, value in enumerate(values, start=1):
        rows.cell(row=2, column=column, value=value)
    workbook.save(target)
    return target


def _cli(url: str, *args: object) -> str:
    result = run_cli("register", "--db", url, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def _register(url: str, holder: Path, tmp_path: Path, afroepwaarde: int = 6_000_000) -> str:
    """Through the CLI: the contract, its report with the Afroepwaarde, and the melding; the
    melding's status line (stderr)."""
    _cli(url, "add", holder)
    _cli(url, "report", holder, _workbook(holder, tmp_path / "verantwoording.xlsx", afroepwaarde),
         "--peildatum", "2031-10-15")  # fmt: skip
    result = run_cli("register", "--db", url, "melding", NUMBER, MELDING)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stderr.replace(NBSP, " ")


def _status(url: str, day: str) -> tuple[dict, dict]:
    data = json.loads(_cli(url, "status", "--json", "--peildatum", day))
    return next(c for c in data["contracts"] if c["contract"] == NUMBER), data["total"]


KEYS = ("obligation_basis", "obligation_eur", "indicative_shortfall_eur", "recovery", "recovery_end",
        "recovery_excess_end", "charge_eur", "charge_pending_eur")  # fmt: skip


def _figures(contract: dict) -> tuple:
    return tuple(contract[k] for k in KEYS)


def test_the_boete_of_the_part_above_the_raming_waits_for_the_longer_term(
    db_url: str, holder: Path, tmp_path: Path
) -> None:
    said = _register(db_url, holder, tmp_path)
    assert "Hersteltermijn van 2 november 2031 tot en met 1 februari 2032, voor het deel van het tekort boven " \
           "de raming tot en met 1 mei 2032" in said  # fmt: skip
    # in the normal Hersteltermijn: no boete at all
    running, total = _status(db_url, "2032-01-15")
    assert _figures(running) == ("afroepwaarde", "390000.00", "190000.00", "loopt", "2032-02-01", "2032-05-01",
                                 "0.00", "0.00")  # fmt: skip
    assert running["phase"] == "hersteltermijn" and total["charge_eur"] == "0.00"
    # after the normal term: € 200.000 counts first for the raming of € 260.000, so the boete is that
    # of € 60.000; the € 130.000 above the raming still runs to 1 May 2032 (as the letter says)
    for day in ("2032-02-02", "2032-03-01", "2032-05-01"):
        between, total = _status(db_url, day)
        assert _figures(between) == ("afroepwaarde", "390000.00", "190000.00", "loopt", "2032-02-01",
                                     "2032-05-01", "60000.00", "130000.00"), day  # fmt: skip
        assert between["hersteltermijn"] == "loopt"
        assert (total["charge_eur"], total["recovery_running"], total["recovery_ended"]) == ("60000.00", 1, 0)
        assert total["indicative_shortfall_eur"] == "190000.00"
    # after the longer term: the whole tekort
    ended, total = _status(db_url, "2032-05-02")
    assert _figures(ended) == ("afroepwaarde", "390000.00", "190000.00", "afgelopen", "2032-02-01", "2032-05-01",
                               "190000.00", "0.00")  # fmt: skip
    assert (total["charge_eur"], total["recovery_running"], total["recovery_ended"]) == ("190000.00", 0, 1)


def test_the_register_and_the_letter_agree(db_url: str, holder: Path, tmp_path: Path) -> None:
    _register(db_url, holder, tmp_path)
    report = tmp_path / "verantwoording.xlsx"
    for day in ("2032-01-15", "2032-03-01", "2032-05-02"):
        letter = run_cli("realisatie", holder, report, "--peildatum", day, "--melding", MELDING, "--json")
        assert letter.exit_code == 0, letter.output + letter.stderr
        data = json.loads(letter.stdout)
        contract, _total = _status(db_url, day)
        assert contract["charge_eur"] == (data["charge_eur"] or "0.00"), day
        assert contract["charge_pending_eur"] == (data["charge_pending_eur"] or "0.00"), day
        assert contract["recovery_excess_end"] == data["recovery_excess_end"], day


def test_the_council_report_names_the_pending_boete(db_url: str, holder: Path, tmp_path: Path) -> None:
    _register(db_url, holder, tmp_path)
    engine = open_engine(db_url)
    document = docx.Document(str(export(engine, tmp_path / "raad.docx", datetime.date(2032, 3, 1))))
    text = "\n".join(p.text for p in document.paragraphs).replace(NBSP, " ")
    assert "toont de kolom Boete alleen de boete over het deel tot de raming" in text
    assert "De boete over het deel boven de raming, nu nog niet verschuldigd: € 130.000,00." in text
    charges = next(t for t in document.tables if t.rows[0].cells[-1].text == "Boete")
    row = [c.text.replace(NBSP, " ") for c in charges.rows[1].cells]
    assert row[4:] == ["loopt", "€ 190.000,00", "€ 60.000,00"]
    later = docx.Document(str(export(engine, tmp_path / "later.docx", datetime.date(2032, 5, 2))))
    assert "nu nog niet verschuldigd" not in "\n".join(p.text for p in later.paragraphs)
    engine.dispose()


def test_an_obligation_not_above_the_raming_has_one_term(db_url: str, holder: Path, tmp_path: Path) -> None:
    # € 4.000.000 x 6,5 % = € 260.000, the raming itself: € 60.000 short, all of it after 3 months
    said = _register(db_url, holder, tmp_path, afroepwaarde=4_000_000)
    assert "boven de raming" not in said
    contract, _total = _status(db_url, "2032-03-01")
    assert _figures(contract) == ("afroepwaarde", "260000.00", "60000.00", "afgelopen", "2032-02-01", None,
                                  "60000.00", "0.00")  # fmt: skip


def _manifest(holder: Path, target: Path, **settings: int | None) -> Path:
    """A copy of the contract folder whose manifest has `settings` (None: the key removed)."""
    shutil.copytree(holder, target)
    path = target / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in settings.items():
        if value is None:
            data["valuation"]["settings"].pop(key, None)
        else:
            data["valuation"]["settings"][key] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def _stored_months(url: str) -> dict[str, tuple[int, int]]:
    engine = open_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(contracts.c.number, contracts.c.recovery_months, contracts.c.recovery_months_excess)
        ).all()
    engine.dispose()
    return {number: (months, excess) for number, months, excess in rows}


def test_the_setting_is_read_from_the_manifest(db_url: str, holder: Path, tmp_path: Path) -> None:
    _cli(db_url, "add", holder)
    _cli(db_url, "add", FIXTURES / "2026-0201")  # a manifest without the setting: twice recovery_months
    assert _stored_months(db_url) == {NUMBER: (3, 6), "2026-0201": (3, 6)}
    longer = _manifest(holder, tmp_path / "langer", recovery_months_excess=9)
    _cli(db_url, "add", longer, "--replace")
    assert _stored_months(db_url)[NUMBER] == (3, 9)
    older = _manifest(holder, tmp_path / "ouder", recovery_months=4, recovery_months_excess=None)
    _cli(db_url, "add", older, "--replace")
    assert _stored_months(db_url)[NUMBER] == (4, 8)


def test_a_longer_term_shorter_than_the_normal_one_is_refused(tmp_path: Path, holder: Path) -> None:
    wrong = _manifest(holder, tmp_path / "fout", recovery_months_excess=2)
    result = run_cli("register", "--db", str(tmp_path / "r.sqlite"), "add", wrong)
    assert result.exit_code != 0
    said = result.output + result.stderr
    assert "recovery_months_excess (2) is korter dan recovery_months (3)" in said
    assert "valuation.settings.recovery_months_excess" in said
    for text in ("yes", -1):
        bad = _manifest(holder, tmp_path / f"fout-{text}", recovery_months_excess=None)
        path = bad / "manifest.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["valuation"]["settings"]["recovery_months_excess"] = text
        path.write_text(json.dumps(data), encoding="utf-8")
        refused = run_cli("register", "--db", str(tmp_path / "r.sqlite"), "add", bad)
        assert refused.exit_code != 0
        assert "valuation.settings.recovery_months_excess" in refused.output + refused.stderr


def test_a_register_at_revision_0003_gets_the_longer_term(tmp_path: Path, holder: Path) -> None:
    """Contracts stored before migration 0004 get their stored manifest's setting, else twice recovery_months."""
    path = tmp_path / "oud.sqlite"
    engine = make_engine(str(path))
    with write(engine) as connection:
        command.upgrade(_config(connection), "0003")
        own = _manifest(holder, tmp_path / "eigen", recovery_months_excess=9)
        for folder in (own, FIXTURES / "2026-0201"):
            row = dict(read_manifest(folder).contract or {})
            row.pop("recovery_months_excess")
            row["added_at"] = datetime.datetime(2031, 1, 1)
            connection.execute(insert(contracts).values(row))
    engine.dispose()
    assert _stored_months(str(path)) == {NUMBER: (3, 9), "2026-0201": (3, 6)}
    with write(open_engine(str(path))) as connection:
        command.downgrade(_config(connection), "0003")
        command.upgrade(_config(connection), "head")
    assert _stored_months(str(path)) == {NUMBER: (3, 9), "2026-0201": (3, 6)}
