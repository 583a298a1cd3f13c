"""The thirteenth legal reading (tests/fixtures/dertiende-lezing/): reader E's services contract
with a commitment in euros (e1.yaml, e1-gunning-c.yaml) and works contract (e2.yaml), and reader
F's catering framework with one holder and two lots, lot 1 with a scored plan (f2.yaml).

- E MAJOR-1: the Looptijd of a work cited § 9 for the oplevering and § 12 (liability after it) for
  the onderhoudstermijn; the UAV 2012 has the oplevering in § 9 and § 10, the onderhoudstermijn in § 11.
- E MAJOR-3: a commitment in euros was printed as "5% van de Opdrachtwaarde …, dat is € 230.000,00".
- F MAJOR-1: at framework level four articles counted only work during the framework's term,
  while raamovereenkomst.telling counts work in call-offs that run on.
- F MAJOR-4: the final letter said "met bijdragen resteert niets meer" next to a tekort on lot 1,
  adding lot 2's surplus that the contract keeps out of lot 1, and its total read 112,67 %."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

DERTIENDE = FIXTURES / "dertiende-lezing"
NBSP = "\u00a0"


def _contract(tmp_path: Path, tender: str, award: str) -> dict[str, str]:
    result = run_cli("contract", DERTIENDE / tender, DERTIENDE / award, "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    return {p.parent.name: docx_text(p).replace(NBSP, " ") for p in tmp_path.glob("*/*-social-return.docx")}


def test_the_looptijd_of_a_work_cites_the_right_paragraphs(tmp_path: Path) -> None:
    (text,) = _contract(tmp_path, "e2.yaml", "e2-gunning.yaml").values()
    assert "tot en met de dag waarop het werk is opgeleverd (§ 9 en § 10 van de UAV 2012)" in text
    assert "tot het einde van de onderhoudstermijn (§ 11 van de UAV 2012)" in text
    assert "§ 12 van de UAV 2012" not in text


def test_a_commitment_in_euros_is_not_printed_as_a_percentage(tmp_path: Path) -> None:
    (text,) = _contract(tmp_path, "e1.yaml", "e1-gunning-c.yaml").values()
    assert re.search(
        r"het bedrag dat de Opdrachtnemer in het Plan van aanpak heeft toegezegd, € 230\.000,00 \(Artikel \d+\), in "
        r"plaats van 5% van de Opdrachtwaarde van € 3\.760\.000,00\.",
        text,
    )
    assert "dat is € 230.000,00" not in text


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, DERTIENDE / "f2.yaml", DERTIENDE / "f2-gunning.yaml", "GU-2027-031-R1")


def test_work_in_a_running_call_off_counts_in_every_article(catering: Path) -> None:
    text = docx_text(catering / "GU-2027-031-R1-raamovereenkomst-social-return.docx").replace(NBSP, " ")
    running = (
        "de looptijd van de Raamovereenkomst of, voor een Nadere overeenkomst die na haar einde doorloopt, de looptijd "
        "van die Nadere overeenkomst"
    )
    assert text.count(running) >= 3  # algemeen.onderwerp, algemeen.telregels, buy-social.inkoop
    assert "Alleen inzet tijdens de looptijd van de Raamovereenkomst telt mee." not in text
    assert re.search(
        r"realiseert de Social-returnverplichting tijdens de looptijd van de Raamovereenkomst en, bij Nadere "
        r"overeenkomsten die na haar einde doorlopen, tot hun einde \(Artikel \d+\)\.",
        text,
    )


def test_the_final_letter_says_what_remains_per_lot(catering: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    args = ("realisatie", catering, DERTIENDE / "f2-rapport.xlsx", "--peildatum", "2032-03-01", "--melding",
            "2031-10-01", "--afroepwaarde", "1=4000000", "--afroepwaarde", "2=900000")  # fmt: skip
    result = run_cli(*args, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    for text in (result.stdout.replace(NBSP, " "), docx_text(letter).replace(NBSP, " ")):
        assert "resteert niets meer" not in text
        assert (
            "maar de verplichting geldt per perceel: op perceel 1 resteert met bijdragen nog € 25.940,86; het "
            "overschot op een ander perceel vult dat niet." in text
        )
        assert "112,67%" not in text
    total = next(line for line in result.stdout.replace(NBSP, " ").splitlines() if line.startswith("Totaal"))
    assert " – " in total and "€ 25.940,86" in total


@pytest.fixture(scope="module")
def den_haag(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A contract of the bundled example and its manifest, for the workbook tests."""

    from conftest import EXAMPLES

    out = tmp_path_factory.mktemp("den-haag")
    made = run_cli("contract", EXAMPLES / "schoonmaak-den-haag.yaml", EXAMPLES / "schoonmaak-den-haag-gunning.yaml",
                   "-o", out)  # fmt: skip
    assert made.exit_code == 0, made.output + made.stderr
    folder = next(p for p in out.iterdir() if p.is_dir())
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_the_workbook_applies_the_maximum_per_kandidaat_over_his_rows(
    den_haag: tuple[Path, dict], tmp_path: Path
) -> None:
    """E MINOR-12: the workbook showed 124 % while realisatie found a tekort, because one kandidaat's
    two rows counted 48 months where the contract allows 24."""

    from conftest import computed_invoer

    folder, manifest = den_haag
    lot = manifest["contract"]["lots"][0]
    start = datetime.date.fromisoformat(manifest["contract"]["start_date"])
    middle = (
        start.replace(year=start.year + 1, month=start.month + 6)
        if start.month <= 6
        else start.replace(year=start.year + 2, month=start.month - 6)
    )  # 18 months after the start
    rows = [
        (lot, "K-01", "plaatsing-a", 36, start, middle - datetime.timedelta(days=1)),  # 18 months
        (lot, "k-01", "plaatsing-a", 36, middle, middle.replace(year=middle.year + 1)),  # 12 more: 6 count
    ]
    filled = tmp_path / "ingevuld.xlsx"
    invoer = computed_invoer(next(folder.glob("*-verantwoording.xlsx")), rows, filled)
    header = invoer[0]
    months = [Decimal(r[header.index("maanden")]) for r in invoer[1:3]]
    assert months == [Decimal("18"), Decimal("6")]
    result = run_cli("realisatie", folder, filled, "--peildatum", manifest["contract"]["end_date"], "--json")
    assert result.exit_code == 0, result.output + result.stderr

    values = [Decimal(r[header.index("waarde_eur")]) for r in invoer[1:3]]
    assert sum(values) == Decimal(json.loads(result.stdout)["realised_eur"])


def test_a_framework_row_after_the_peildatum_is_not_said_to_fall_outside_the_term(catering: Path) -> None:
    """F MINOR-2: an interim letter called work in a call-off that runs on "buiten de looptijd"."""
    args = ("realisatie", catering, DERTIENDE / "f2-rapport.xlsx", "--afroepwaarde", "1=4000000", "--afroepwaarde",
            "2=900000")  # fmt: skip
    interim = run_cli(*args, "--peildatum", "2029-08-01")
    assert interim.exit_code == 0, interim.output + interim.stderr
    assert "rij 5: telt niet: ligt na de peildatum (1 augustus 2029)" in interim.stdout
    assert "buiten de looptijd" not in interim.stdout
    final = run_cli(*args, "--peildatum", "2032-03-01")
    assert (
        "rij 5: telt niet: valt buiten de looptijd van het contract (1 augustus 2027 tot en met 31 juli 2031); inzet "
        "in een Nadere overeenkomst die na het einde van de raamovereenkomst doorliep, telt mee tot haar einde als die "
        "einddatum is opgegeven" in final.stdout
    )


def test_the_workbook_maximum_leaves_out_rows_that_count_for_nothing(
    den_haag: tuple[Path, dict], tmp_path: Path
) -> None:
    """A second reader: rows worth nothing used up the maximum."""
    from conftest import computed_invoer

    folder, manifest = den_haag
    lot = manifest["contract"]["lots"][0]
    start = datetime.date.fromisoformat(manifest["contract"]["start_date"])
    later = start.replace(year=start.year + 2)
    rows = [
        ("9", "K-1", "plaatsing-a", 36, start, later - datetime.timedelta(days=1)),  # no lot 9: counts for nothing
        (lot, "K-1", "plaatsing-a", 36, later, later.replace(year=later.year + 1) - datetime.timedelta(days=1)),
    ]
    invoer = computed_invoer(next(folder.glob("*-verantwoording.xlsx")), rows, tmp_path / "ingevuld.xlsx")
    header = invoer[0]
    assert Decimal(invoer[2][header.index("maanden")]) == Decimal("12")  # not 0: row 2 used no months
