"""The ninth legal reading (two readers, tenders of their own: tests/fixtures/negende-lezing).

Reader A: a water board's works tender (at1), a province's catering with lots (at2) and a small
cleaning contract with a PSO certificate (at3). Reader B: a municipality's facilities framework
with three holders over two lots whose plan was scored at award (bt1), an ICT framework settled
per call-off (bt2) and a road reconstruction (bt3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

NEGENDE = FIXTURES / "negende-lezing"
NBSP = "\u00a0"


def _contracts(tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    result = run_cli("contract", NEGENDE / f"{name}.yaml", NEGENDE / f"{name}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def _annex(folder: Path) -> str:
    return docx_text(next(folder.glob("*-social-return.docx"))).replace(NBSP, " ")


def test_a_plan_scored_at_award_is_not_bundled(tmp_path: Path) -> None:
    # B MAJOR-1: the bundling article no longer lets the buyer allow, after award, what the
    # sanction article forbids for lots whose plan was scored
    out = _contracts(tmp_path, "bt1")
    both = _annex(out / "RO114-A")
    assert (
        "De Social-returnverplichtingen van de Percelen 1 en 2 worden niet gebundeld, ook niet met instemming van "
        "de Opdrachtgever"
    ) in both
    assert "mag met schriftelijke instemming van de Opdrachtgever" not in both
    assert "behalve voor zover Artikel" not in both
    one = _annex(out / "RO114-B")
    assert "De Social-returnverplichting van Perceel 1 wordt niet gebundeld" in one
    tender = tmp_path / "t"
    assert run_cli("generate", NEGENDE / "bt1.yaml", "-o", tender).exit_code == 0
    assert "worden niet gebundeld, ook niet met instemming" in docx_text(next(tender.glob("*-bijlage-*.docx")))


def test_the_indicative_share_divides_by_the_announced_holders(tmp_path: Path) -> None:
    # B MINOR-2 (ninth reading) asked for the real count; the tenth reading (MAJOR-2) keeps the
    # tender's share, by the 3 holders announced, as the measure and shows the count of 2 apart
    out = _contracts(tmp_path, "bt1")
    annex = _annex(out / "RO114-B")
    assert "gedeeld door het aantal Opdrachtnemers dat de aanbestedingsstukken noemden (3)" in annex
    assert "komt de Social-returnverplichting van de Opdrachtnemer naar verwachting uit op € 130.000,00" in annex
    assert "bij 2 gegunde Opdrachtnemers voor Perceel 1 is de raming" in annex
    assert "en van zijn Social-returnverplichting € 195.000,00" in annex
    both = _annex(out / "RO114-A")
    assert "(Perceel 1: € 2.600.000,00; Perceel 2: € 1.600.000,00)" in both
    manifest = json.loads((out / "RO114-B" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["contract"]["obligation_eur"] == "130000.00"


def test_the_penalty_counts_the_pso_share_and_the_hersteltermijn_has_a_start(tmp_path: Path) -> None:
    # A MAJOR-3, MAJOR-1 and MINOR-4, in monitoring.sancties
    annex = _annex(_contracts(tmp_path, "at3") / "GEM-ZUT-2027-19-01")
    assert (
        "Blijkt bij de vaststelling dat de som van de erkende gerealiseerde Inspanningswaarde en het deel dat "
        "volgens Artikel 15 als ingevuld geldt, lager is dan de Social-returnverplichting"
    ) in annex
    assert "gelijk aan het tekort: de Social-returnverplichting min de som van de erkende gerealiseerde" in annex
    assert "Hersteltermijn van 3 maanden, die loopt vanaf de dag na de melding," in annex
    assert (
        "tellen in de Hersteltermijn ook mee, zonder de voorafgaande instemming en boven de grens van Artikel" in annex
    )


def test_maintenance_after_the_oplevering_counts_in_the_onderhoudstermijn(tmp_path: Path) -> None:
    # A MAJOR-2: row 4 (January and February 2030) is repair work after the oplevering of
    # 15 December 2029; with the end of the onderhoudstermijn both months count (€ 3.333,33),
    # without it the row counts only inside the Hersteltermijn and the letter says why
    folder = _contracts(tmp_path, "at1") / "WSR-2027-031-P1"
    report = NEGENDE / "r-at1-p1.csv"
    common = ("--oplevering", "2029-12-15", "--peildatum", "2030-03-01", "--melding", "2030-02-01", "--json")
    result = run_cli("realisatie", folder, report, *common, "--onderhoudstermijn-tot", "2030-12-15")
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    assert data["maintenance_end"] == "2030-12-15"
    assert (data["rows"][2]["value_eur"], data["rows"][2]["counted"]) == ("3333.33", True)
    assert data["shortfall_eur"] == "114166.67"
    without = json.loads(run_cli("realisatie", folder, report, *common).stdout)
    assert without["rows"][2]["value_eur"] == "1607.14" and without["maintenance_end"] is None
    letter = tmp_path / "brief.docx"
    written = run_cli("realisatie", folder, report, *common[:-1], "--onderhoudstermijn-tot", "2030-12-15", "-o", letter)
    assert written.exit_code == 0, written.output + written.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert "Onderhoudstermijn\n16 december 2029 tot en met 15 december 2030" in text
    assert "telt mee tot en met het einde van de onderhoudstermijn op 15 december 2030" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--onderhoudstermijn-tot", "2030-12-15"), "--onderhoudstermijn-tot geldt alleen samen met --oplevering"),
        (
            ("--oplevering", "2029-12-15", "--onderhoudstermijn-tot", "2029-12-01"),
            "het einde van de onderhoudstermijn (1 december 2029) ligt niet na de oplevering (15 december 2029)",
        ),
    ],
)
def test_a_bad_onderhoudstermijn_is_refused(tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    folder = _contracts(tmp_path, "at1") / "WSR-2027-031-P1"
    result = run_cli("realisatie", folder, NEGENDE / "r-at1-p1.csv", "--peildatum", "2030-03-01", *extra)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert message in result.stderr


def test_the_letter_says_why_a_row_counts_less_and_what_remains_after_netting(tmp_path: Path) -> None:
    # A MINOR-7 and MINOR-8: row 6 has 40 hours a week (36 count); lot A's surplus may fill lot C
    # after the Looptijd, so what is still to realise is € 3.586,85, not € 5.814,81
    folder = _contracts(tmp_path, "at2") / "PGLD-CAT-07-AC"
    result = run_cli("realisatie", folder, NEGENDE / "r-at2-ac.csv", "--peildatum", "2029-11-01")
    assert result.exit_code == 0, result.output + result.stderr
    text = result.stdout.replace(NBSP, " ")
    assert "rij 6: € 31.827,96 (uren boven 36 per week tellen niet mee)" in text
    assert "Nog te realiseren tot het einde van de looptijd: € 5.814,81." in text
    assert (
        "Na verrekening van de overschotten tussen de percelen, zoals artikel 32 die na de looptijd toelaat: " in text
    )
    assert "€ 3.586,85." in text


def test_a_melding_without_a_shortfall_opens_no_hersteltermijn(tmp_path: Path) -> None:
    # A MINOR-8: the contract was fully filled at the end of its term
    folder = _contracts(tmp_path, "at3") / "GEM-ZUT-2027-19-01"
    args = ("--peildatum", "2030-11-15", "--melding", "2030-08-01", "--json")
    result = run_cli("realisatie", folder, NEGENDE / "r-at3.csv", *args)
    assert result.exit_code == 0, result.output + result.stderr
    assert "de melding van 1 augustus 2030 opent geen Hersteltermijn" in result.stderr
    data = json.loads(result.stdout)
    assert (data["melding"], data["recovery_start"], data["shortfall_eur"]) == (None, None, "0.00")
    short = json.loads(run_cli("realisatie", folder, NEGENDE / "r-at3b.csv", *args).stdout)
    assert (short["melding"], short["charge_eur"]) == ("2030-08-01", "2630.20")


def test_the_workbook_percentage_counts_the_pso_share(tmp_path: Path) -> None:
    # A MINOR-6: the percentage on sheet Verplichting adds the certificate's share
    import openpyxl

    folder = _contracts(tmp_path, "at3") / "GEM-ZUT-2027-19-01"
    sheet = openpyxl.load_workbook(next(folder.glob("*-verantwoording.xlsx")))["Verplichting"]
    cells = {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    (pso,) = [k for k, v in cells.items() if isinstance(v, str) and v.startswith("Ingevuld door PSO-certificaat")]
    amount = sheet[pso.replace("A", "B")].value
    assert str(amount) == "3828.13"
    formulas = [v for v in cells.values() if isinstance(v, str) and v.startswith("=IF(") and "/C" in v]
    assert formulas and all(f"$B${pso[1:]}" in f for f in formulas)
