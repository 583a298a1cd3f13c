"""The register counts one supplier's Kandidaat across its contracts by the rule each contract
counts him by (algemeen.telregels v8; thirteenth reading F MAJOR-2): on days he works in two
contracts, his hours count together up to a full-time week, the row that starts first first. Two
half-time jobs at once are no conflict; two full-time ones are, and the later loses those days; in
between, the later loses the hours that do not fit, and the conflict says how many.

Worked out by hand on the register fixtures (tests/fixtures/register: 2026-0142-P2 and 2026-0201,
supplier KvK 12345678, block participatiewet € 40.000,00 for a full-time year of 36 hours): K-7
works October to December 2027 in both, P2's row first (lower contract number on the same day).
- 18 + 18 hours: nothing is cut; 2026-0201 keeps 40.000 x 18/36 x 3/12 = 5.000,00;
- 24 + 24 hours: 12 of 2026-0201's 24 hours fit; it loses 40.000 x 12/36 x 3/12 = 3.333,33;
- 36 + 36 hours: 2026-0201 loses the whole 10.000,00, as before."""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture

from clausegen.register import open_engine, report, status
from clausegen.register.bundle import Stint, allocate

D = datetime.date
DAY = D(2028, 4, 1)
HEADER = "perceel,kandidaat,bouwblok,uren_per_week,van,tot,toeslagen,bedrag_eur,toelichting"
P2, C0201 = FIXTURES / "2026-0142-P2", FIXTURES / "2026-0201"


def _stint(contract: str, row: int, hours: int) -> Stint:
    return Stint(contract, row, "K", D(2027, 10, 1), D(2027, 12, 31), 24, D(2027, 10, 1), Fraction(hours))


def test_hours_that_fit_in_a_full_time_week_are_no_conflict() -> None:
    assert allocate([_stint("A", 2, 18), _stint("B", 3, 18)]) == []


def test_the_later_row_loses_the_hours_that_do_not_fit() -> None:
    (cut,) = allocate([_stint("A", 2, 24), _stint("B", 3, 24)])
    assert (cut.contract, cut.row, cut.kind, cut.kept_contract, cut.hours) == ("B", 3, "overlap", "A", Fraction(12))
    (cut,) = allocate([_stint("A", 2, 36), _stint("B", 3, 36)])
    assert (cut.contract, cut.hours) == ("B", None)  # all it counted there


def test_contracts_with_another_full_time_week_compare_shares() -> None:
    # half of a 40-hour week in A and half of a 36-hour week in B: a full-time week together, no cut
    half_of_40 = Stint("A", 2, "K", D(2027, 10, 1), D(2027, 12, 31), 24, D(2027, 10, 1), Fraction(20), Fraction(40))
    assert allocate([half_of_40, _stint("B", 3, 18)]) == []


def _reports(engine, tmp_path: Path, hours: int) -> None:  # noqa: ANN001
    for folder in (P2, C0201):
        path = tmp_path / f"{folder.name}.csv"
        path.write_text(f"{HEADER}\n,K-7,participatiewet,{hours},2027-10-01,2027-12-31,,,\n", encoding="utf-8")
        report(engine, folder, path, DAY)


@pytest.mark.parametrize(
    ("hours", "deducted", "cut"), [(18, "0.00", None), (24, "3333.33", "12"), (36, "10000.00", "")]
)
def test_the_register_cuts_only_the_hours_above_a_full_time_week(
    db_url: str, tmp_path: Path, hours: int, deducted: str, cut: str | None
) -> None:
    engine = open_engine(db_url)
    _reports(engine, tmp_path, hours)
    st = status(engine, DAY).to_json()
    by = {c["contract"]: c for c in st["contracts"]}
    assert by["2026-0201"]["deducted_eur"] == deducted
    assert by["2026-0142-P2"]["deducted_eur"] == "0.00"
    if cut is None:
        assert st["conflicts"] == []
        return
    (conflict,) = st["conflicts"]
    assert (conflict["cut_contract"], conflict["kept_contract"], conflict["kind"]) == ("2026-0201", "2026-0142-P2",
                                                                                       "overlap")  # fmt: skip
    assert conflict["hours"] == (cut or None)


def test_status_names_the_hours_a_conflict_takes(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    _reports(open_engine(db), tmp_path, 24)
    result = run_cli("register", "--db", db, "status", "--peildatum", "2028-04-01")
    assert result.exit_code == 0, result.output + result.stderr
    assert (
        "kandidaat K-7: 2026-0201 rij 2 2027-10-01 t/m 2027-12-31 (12 uur per week), telt bij 2026-0142-P2 rij 2"
        in result.stdout
    )


def test_a_cut_takes_only_the_hours_the_contract_counted(tmp_path: Path) -> None:
    # P2 counts K-7 at 20 hours from October and 16 more from November (20 + 16 = 36: 40.000 x 16/36
    # x 2/12 = 2.962,96 for row 3); 2026-0201 has him full-time from 15 October. In November and
    # December 2026-0201's row starts before P2's row 3, which so loses all it counted there: the
    # 2.962,96 at 16 hours, not the row's 20 hours (3.703,70). 2026-0201 loses the 20 hours P2's row
    # 2 holds: 40.000 x 20/36 x (17/31 + 2)/12 = 4.719,24.
    engine = open_engine(str(tmp_path / "r.sqlite"))
    rows = {P2: ",K-7,participatiewet,20,2027-10-01,2027-12-31,,,\n,K-7,participatiewet,20,2027-11-01,2027-12-31,,,\n",
            C0201: ",K-7,participatiewet,36,2027-10-15,2027-12-31,,,\n"}  # fmt: skip
    for folder, text in rows.items():
        path = tmp_path / f"{folder.name}.csv"
        path.write_text(f"{HEADER}\n{text}", encoding="utf-8")
        report(engine, folder, path, DAY)
    by = {c["contract"]: c for c in status(engine, DAY).to_json()["contracts"]}
    assert (by["2026-0142-P2"]["deducted_eur"], by["2026-0142-P2"]["realised_eur"]) == ("2962.96", "5555.56")
    assert by["2026-0201"]["deducted_eur"] == "4719.24"
