"""The sixth legal reading's minors in the verantwoording: a framework letter after the term calls
no € 0,00 a tekort and names no call-off date after the framework's end (MINOR-7); with a renewed
PSO certificate the letter names both certificates and the part of the Looptijd each covers
(MINOR-2); the framework workbook states per lot what is owed (MINOR-5). Contracts are written by `clausegen contract` from the repository's framework example
and the third reading's groen tender; letters are read back."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import docx_text, run_cli
from contract_builder import write_csv

from clausegen.realisation.terms import load_terms

D = datetime.date
ROOT = Path(__file__).resolve().parent.parent
BEVEILIGING = ROOT / "examples" / "beveiliging-raamovereenkomst-houders"
NBSP = "\u00a0"
FRAMEWORK_ROWS = [
    ("1", "K-01", "plaatsing-a", 36, D(2027, 8, 1), D(2028, 7, 31), "", "", "receptie"),
    ("2", "", "inkoop-sociaal", "", D(2027, 9, 1), "", "", 40000, "factuur"),
]
"""Lot 1 (6 % of € 1.000.000 = 60.000) gets 40.000; lot 2 (5 % of € 500.000 = 25.000) gets 40.000."""
CALL_OFF = ("--afroepwaarde", "1=1000000", "--afroepwaarde", "2=500000")


@pytest.fixture(scope="module")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2026-0621-A: holder of lots 1 and 2 (framework 1 July 2027 to 30 June 2031), lot 1 at its
    committed 6 %, lot 2 at 5 %."""
    out = tmp_path_factory.mktemp("beveiliging")
    result = run_cli("contract", f"{BEVEILIGING}.yaml", f"{BEVEILIGING}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "2026-0621-A"


def _figures(path: Path) -> dict[str, list[str]]:
    """The letter's figures table by its first column (Perceel 1, Perceel 2, Totaal)."""
    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Verplichting")
    return {row.cells[0].text: [c.text.replace(NBSP, " ") for c in row.cells] for row in table.rows}


def test_a_framework_letter_after_the_term_says_voldaan_and_the_end_date(framework: Path, tmp_path: Path) -> None:
    report = write_csv(tmp_path / "raam.csv", FRAMEWORK_ROWS)
    out = tmp_path / "na-looptijd.docx"
    result = run_cli("realisatie", framework, report, "--peildatum", "2031-09-01", *CALL_OFF, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    figures = _figures(out)
    header = figures["Perceel"]
    assert header[-2:] == ["Tekort", "Indicatieve boete"]
    tekort = header.index("Tekort")
    assert figures["Perceel 1"][tekort] == "€ 20.000,00"
    assert figures["Perceel 2"][tekort] == "voldaan"  # not a "tekort" of € 0,00
    assert figures["Totaal"][tekort] == "€ 20.000,00"
    text = docx_text(out).replace(NBSP, " ")
    # call-offs are awarded up to the framework's end (30 June 2031), not up to the peildatum
    assert "1 september 2031 aan de Opdrachtnemer zijn gegund" not in text
    assert (
        "Perceel 2: de verplichting is 5% van de Afroepwaarde van € 500.000,00: de werkelijke waarde van de Nadere "
        "overeenkomsten van de Opdrachtnemer, dat is wat op grond van de Nadere overeenkomsten is betaald of "
        "verschuldigd, met meer- en minderwerk, exclusief btw (de Nadere overeenkomsten die tot en met 30 juni 2031, "
        "het einde van de looptijd van de raamovereenkomst, aan de Opdrachtnemer zijn gegund; bron: opgegeven door "
        "de Opdrachtgever)." in text  # the final letter: the Afroepwaarde as defined (eleventh reading A MINOR-4)
    )
    terminal = run_cli("realisatie", framework, report, "--peildatum", "2031-09-01", *CALL_OFF)
    lines = [line.split() for line in terminal.output.replace(NBSP, " ").splitlines()]
    assert ["Perceel", "2", "€", "25.000,00", "€", "40.000,00", "160,00%", "voldaan", "–"] in lines


def test_a_framework_letter_fully_filled_after_the_term_has_no_tekort(framework: Path, tmp_path: Path) -> None:
    rows = [*FRAMEWORK_ROWS, ("1", "", "inkoop-sociaal", "", D(2028, 9, 1), "", "", 30000, "factuur")]
    report = write_csv(tmp_path / "vol.csv", rows)
    out = tmp_path / "vol.docx"
    result = run_cli("realisatie", framework, report, "--peildatum", "2031-09-01", *CALL_OFF, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    figures = _figures(out)
    tekort = figures["Perceel"].index("Tekort")
    assert [figures[name][tekort] for name in ("Perceel 1", "Perceel 2", "Totaal")] == ["voldaan"] * 3
    text = docx_text(out).replace(NBSP, " ")
    assert "De looptijd is voorbij en de Social-returnverplichting is volledig ingevuld; er is geen tekort." in text
    # during the term the figures keep their amounts and the call-offs run to the peildatum
    during = tmp_path / "looptijd.docx"
    result = run_cli("realisatie", framework, report, "--peildatum", "2029-02-01", *CALL_OFF, "-o", during)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(during).replace(NBSP, " ")
    assert "de verplichting tot nu toe is 6% van de Afroepwaarde" in text
    assert "Nadere overeenkomsten die tot 1 februari 2029 aan de Opdrachtnemer zijn gegund" in text
    assert "voldaan" not in text


GROEN = ROOT / "tests" / "fixtures" / "derde-lezing"
GROEN_ROWS = [("1", "K-001", "plaatsing-a", 18, D(2027, 9, 1), D(2029, 8, 31), "", "", "")]


@pytest.fixture(scope="module")
def groen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GZW-2027-014-01: Looptijd 1 July 2027 to 30 June 2031, a PSO certificate (trede 2) of the
    award valid until 30 September 2028."""
    out = tmp_path_factory.mktemp("groen")
    result = run_cli("contract", GROEN / "groen.yaml", GROEN / "groen-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "GZW-2027-014-01"


def _pso_letter(folder: Path, tmp_path: Path, *options: str) -> str:
    report = write_csv(tmp_path / "groen.csv", GROEN_ROWS)
    out = tmp_path / f"pso-{len(list(tmp_path.glob('*.docx')))}.docx"
    result = run_cli("realisatie", folder, report, "--peildatum", "2031-12-01", "-o", out, *options)
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(out).replace(NBSP, " ")


def test_the_pso_sentence_names_both_certificates_and_what_each_covers(groen: Path, tmp_path: Path) -> None:
    text = _pso_letter(groen, tmp_path, "--pso-vernieuwd", "2028-12-01:2031-06-30")
    (sentence,) = [line for line in text.splitlines() if line.startswith("Ingevuld door de PSO-certificaten")]
    assert "dat is € 28.750,00 (€ 28.750,00 tot de peildatum)" in sentence
    assert (
        "Daarbij telt het certificaat van de gunning (trede 2, geldig tot en met 30 september 2028) voor de periode "
        "van 1 juli 2027 tot en met 30 september 2028; het vernieuwde certificaat (ontvangen op 1 december 2028, "
        "geldig tot en met 30 juni 2031) voor de periode van 1 december 2028 tot en met 30 juni 2031. In de periode "
        "van 1 oktober 2028 tot en met 30 november 2028 geldt geen certificaat" in sentence
    )
    assert "het deel dat de PSO-certificaten invullen" in text
    assert "Ingevuld door het PSO-certificaat (trede 2" not in text  # no longer the expired one alone


def test_a_renewal_received_in_time_covers_from_its_start_date(groen: Path, tmp_path: Path) -> None:
    text = _pso_letter(groen, tmp_path, "--pso-vernieuwd", "2028-10-20:2031-06-30:2028-10-01")
    assert (
        "het vernieuwde certificaat (ingegaan op 1 oktober 2028, ontvangen op 20 oktober 2028, geldig tot en met "
        "30 juni 2031) voor de periode van 1 oktober 2028 tot en met 30 juni 2031." in text
    )
    assert "geldt geen certificaat" not in text
    # without a renewal the sentence names the award's certificate, as before
    plain = _pso_letter(groen, tmp_path)
    assert "Ingevuld door het PSO-certificaat (trede 2, geldig tot en met 30 september 2028), volgens artikel" in plain
    assert "Daarbij telt" not in plain


def _obligation_fact(folder: Path) -> tuple[str, str]:
    """The sheet Verplichting's "Social-returnverplichting" and the Toelichting's line that repeats it."""
    workbook = openpyxl.load_workbook(folder / f"{folder.name}-verantwoording.xlsx")
    facts = {row[0]: row[1] for row in workbook["Verplichting"].iter_rows(min_row=1, max_row=12, values_only=True)}
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    return str(facts["Social-returnverplichting"]).replace(NBSP, " "), guide.replace(NBSP, " ")


def test_the_framework_workbook_states_per_lot_what_is_owed(framework: Path, tmp_path: Path) -> None:
    manifest = json.loads((framework / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["valuation"]["committed_lots"] == ["1"]
    fact, guide = _obligation_fact(framework)
    assert fact == (
        "€ 161.000,00 (raming over het Indicatief aandeel); verschuldigd is per perceel het percentage van de werkelijke "
        "waarde van uw Nadere overeenkomsten voor dat perceel (perceel 1: 6%, toegezegd in het Plan van aanpak; "
        "perceel 2: 5%)"
    )
    assert f"Social-returnverplichting: {fact}." in guide
    assert " of " not in fact
    # a holder of one lot, without a commitment: that lot's percentage, for that lot
    other, _ = _obligation_fact(framework.parent / "2026-0621-C")
    assert other.endswith("verschuldigd is 5% van de werkelijke waarde van uw Nadere overeenkomsten voor perceel 2")
    # a manifest written before the key: no lot is said to be committed
    del manifest["valuation"]["committed_lots"]
    older = tmp_path / "manifest.json"
    older.write_text(json.dumps(manifest), encoding="utf-8")
    _, terms = load_terms(older)
    assert terms.committed == () and terms.lots[0].percentage == Decimal(6)
