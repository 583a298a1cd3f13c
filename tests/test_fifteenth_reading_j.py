"""The fifteenth reading's J MAJOR-1: in a framework whose obligation lives per Nadere
overeenkomst, a melding opened the whole time from the end of a Nadere overeenkomst to the end of
the Hersteltermijn, so rows dated between the end and the melding counted in the list of rows, a
bundle's tekort vanished and the letter contradicted its own table. A row now counts only in the
term of its Nadere overeenkomst and in the Hersteltermijn (monitoring.sancties), with or without a
melding, and the list and the table rest on one count (tests/fixtures/vijftiende-lezing, reader J's
own framework)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, written_contract

J = FIXTURES / "vijftiende-lezing"
LIST = J / "j1-nadere-overeenkomsten.csv"
MELDING = ("--melding", "2031-02-15")  # Hersteltermijn 16 February to 15 May 2031


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, J / "j1.yaml", J / "j1-gunning.yaml", "GRS-2027-014-01")


def valued(holder: Path, report: Path, *extra: str) -> dict:
    result = run_cli("realisatie", holder, report, "--nadere-overeenkomsten", LIST, "--peildatum", "2031-06-01",
                     "--json", *extra)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_a_melding_does_not_change_which_days_count(holder: Path) -> None:
    plain, noticed = valued(holder, J / "j1-rapport.csv"), valued(holder, J / "j1-rapport.csv", *MELDING)
    rows = {r["row"]: r for r in noticed["rows"]}
    # the stage for NO-03 running past its end counts only in NO-03's term, as without the melding
    assert rows[6]["value_eur"] == "6666.67" == {r["row"]: r for r in plain["rows"]}[6]["value_eur"]
    assert "of de Hersteltermijn (16 februari 2031 tot en met 15 mei 2031) telt" in rows[6]["reason"]
    # work for NO-05 in April and June 2030, after its end and before the melding, counts for none
    for number in (9, 10):
        assert rows[number]["counted"] is False
        assert rows[number]["reason"] == (
            "valt buiten de looptijd van Nadere overeenkomst NO-05 (1 januari 2029 tot en met 31 december 2029) en "
            "buiten de Hersteltermijn (16 februari 2031 tot en met 15 mei 2031)"
        )
    bundle = next(c for c in noticed["call_offs"] if c["number"].startswith("bundel-2028"))
    assert bundle["realised_eur"] == "6666.67"
    assert bundle["shortfall_eur"] == "333.33" and bundle["charge_eur"] == "333.33"
    # the list of rows and the table per Nadere overeenkomst rest on one count
    counted = sum(Decimal(r["value_eur"]) for r in noticed["rows"] if r["counted"])
    assert counted == sum(Decimal(c["realised_eur"]) for c in noticed["call_offs"])
    assert Decimal(noticed["realised_eur"]) == Decimal(plain["realised_eur"])


def test_work_in_the_hersteltermijn_counts_and_the_gap_before_it_does_not(holder: Path, tmp_path: Path) -> None:
    """One row from NO-05's last month through the gap into the Hersteltermijn counts exactly as
    the two rows of its term and of the Hersteltermijn would."""
    head = (J / "j1-rapport.csv").read_text(encoding="utf-8").splitlines()[0]
    spanning = tmp_path / "doorlopend.csv"
    spanning.write_text(f"{head}\n2;K-010;plaatsing-a;36;1-12-2029;31-3-2031;;;doorlopend;NO-05\n", encoding="utf-8")
    split = tmp_path / "gesplitst.csv"
    split.write_text(f"{head}\n2;K-010;plaatsing-a;36;1-12-2029;31-12-2029;;;looptijd;NO-05\n"
                     "2;K-010;plaatsing-a;36;16-2-2031;31-3-2031;;;hersteltermijn;NO-05\n", encoding="utf-8")  # fmt: skip
    one = valued(holder, spanning, *MELDING)["rows"][0]
    two = valued(holder, split, *MELDING)["rows"]
    assert one["counted"] and all(r["counted"] for r in two)
    # plaatsing-a € 40.000,00 a year: December 2029 and 16 February to 31 March 2031, 2 + 13/28 months
    assert one["value_eur"] == "8214.29"
    # the two rows are each rounded to whole cents (3.333,33 + 4.880,95)
    assert abs(Decimal(one["value_eur"]) - sum(Decimal(r["value_eur"]) for r in two)) <= Decimal("0.01")
    # without the melding only December 2029 counts
    alone = valued(holder, spanning)["rows"][0]
    assert alone["value_eur"] == two[0]["value_eur"]


def test_each_nadere_overeenkomst_has_its_own_melding(holder: Path) -> None:
    """Fourteenth reading H MINOR-9, sixteenth reading L MAJOR-1: `--melding NUMMER=DATUM` per
    Nadere overeenkomst or bundle (a bundle by one of its call-offs), each with its own Hersteltermijn."""
    data = valued(holder, J / "j1-rapport.csv", "--melding", "NO-05=2030-03-01", "--melding", "NO-03=2031-02-15")
    units = {c["number"]: c for c in data["call_offs"]}
    assert units["NO-05"]["melding"] == "2030-03-01" and units["NO-05"]["recovery_end"] == "2030-06-01"
    bundle = next(c for c in data["call_offs"] if c["number"].startswith("bundel-2028"))
    assert bundle["melding"] == "2031-02-15" and bundle["recovery_end"] == "2031-05-15"
    rows = {r["row"]: r for r in data["rows"]}
    # K-006's placement in April 2030 lies in NO-05's own Hersteltermijn (2 March to 1 June 2030): it counts
    assert rows[10]["counted"] and rows[10]["value_eur"] == "3333.33"
    assert "of de Hersteltermijn (2 maart 2030 tot en met 1 juni 2030)" in rows[9]["reason"]
    # a call-off without a melding of its own and no melding for all has no Hersteltermijn
    assert units["NO-01"]["melding"] is None


@pytest.mark.parametrize(
    ("meldingen", "fault"),
    [
        (("NO-09=2031-01-01",), "--melding noemt 'NO-09', maar dat is geen Nadere overeenkomst of bundel uit de lijst"),
        (
            ("NO-05=2029-12-31",),
            "--melding NO-05=31 december 2029 ligt niet na het einde van NO-05 op 31 december 2029",
        ),
        (("NO-03=2031-01-01", "NO-04=2031-02-01"), "--melding noemt"),
        (("2031-01-01", "2031-02-01"), "--melding zonder nummer mag maar één keer"),
    ],
)
def test_a_melding_per_nadere_overeenkomst_is_checked(holder: Path, meldingen: tuple[str, ...], fault: str) -> None:
    args = [part for m in meldingen for part in ("--melding", m)]
    result = run_cli("realisatie", holder, J / "j1-rapport.csv", "--nadere-overeenkomsten", LIST, "--peildatum",
                     "2031-06-01", *args)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert fault in (result.output + result.stderr).replace("\u00a0", " ")
    assert "Traceback" not in result.output + result.stderr


def test_a_melding_per_nadere_overeenkomst_needs_a_framework_per_nadere_overeenkomst(tmp_path_factory) -> None:  # noqa: ANN001
    other = written_contract(tmp_path_factory, J / "j2.yaml", J / "j2-gunning.yaml", "PZH-2027-0077-01")
    result = run_cli("realisatie", other, J / "j1-rapport.csv", "--melding", "NO-01=2031-01-01")
    assert result.exit_code == 2
    assert (
        "--melding NUMMER=DATUM geldt alleen bij een raamovereenkomst met een verplichting per Nadere" in result.output
    )
