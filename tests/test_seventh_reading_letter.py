"""The realisation letter on the seventh legal reading's own tenders (tests/fixtures/zevende-lezing:
a waterschap's works in two phases, T2, and a university's catering with a lot below the
threshold and a PSO certificate, T3), read back from the terminal and the .docx."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

ZEVENDE = FIXTURES / "zevende-lezing"
NBSP = "\u00a0"


def _contract(tmp_path: Path, tender: str, award: str, number: str) -> Path:
    result = run_cli("contract", ZEVENDE / tender, ZEVENDE / award, "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "c" / number


def _letter(folder: Path, report: str, day: str, out: Path) -> tuple[str, str]:
    text = run_cli("realisatie", folder, ZEVENDE / report, "--peildatum", day)
    assert text.exit_code == 0, text.output + text.stderr
    written = run_cli("realisatie", folder, ZEVENDE / report, "--peildatum", day, "-o", out)
    assert written.exit_code == 0, written.output + written.stderr
    return text.stdout.replace(NBSP, " "), docx_text(out).replace(NBSP, " ")


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory.mktemp("t2"), "t2-wdod-gww.yaml", "t2-gunning.yaml", "WDOD-2027-117-C")


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contract(tmp_path_factory.mktemp("t3"), "t3-ut-catering.yaml", "t3-gunning.yaml", "UT-2027-CAT-1")


def test_the_interim_test_names_the_lot_that_is_behind(works: Path, tmp_path: Path) -> None:
    # MINOR-1: in total the Aannemer is far above the test; only perceel 2 is € 482,46 under its own
    terminal, letter = _letter(works, "r-t2.csv", "2028-12-31", tmp_path / "brief.docx")
    expected = (
        "De realisatie ligt op perceel 2 € 482,46 onder de toets (€ 45.482,46). De tussentijdse toets van "
        "artikel 28 is 25% van het lineaire verwachte pad, per perceel."
    )
    assert expected in terminal and expected in letter
    assert "De realisatie ligt € 482,46 onder de tussentijdse toets" not in letter


def test_a_purchase_above_the_audit_amount_asks_for_the_accountant(works: Path, tmp_path: Path) -> None:
    # MINOR-6: € 45.000 of Buy Social in one report, the clause's limit is € 25.000 (artikel 18)
    _, letter = _letter(works, "r-t2.csv", "2030-06-30", tmp_path / "eind.docx")
    assert (
        "De inkoop bij Sociale ondernemingen telt in deze verantwoording voor € 45.000,00. Bedraagt het "
        "Loonkostendeel van de facturen van één Sociale onderneming in een rapportageperiode meer dan € 25.000,00, "
        "dan hoort bij haar opgave een verklaring van een accountant over de berekening (artikel 18)"
    ) in letter


def test_voluntary_work_is_apart_from_what_contributions_must_fill(catering: Path, tmp_path: Path) -> None:
    # MINOR-2: lot 2 has no obligation; its € 22.222,22 is voluntary and not part of lot 1's remainder
    terminal, letter = _letter(catering, "r-t3.csv", "2028-12-31", tmp_path / "brief.docx")
    for text in (terminal, letter):
        assert "Nog te realiseren tot het einde van de looptijd: € 38.722,23." in text
        assert "Daarvan is op de peildatum € 37.777,77 gerealiseerd; er resteert met bijdragen € 38.722,23" in text
        assert (
            "Vrijwillige inzet op perceel 2, dat geen verplichting heeft: € 22.222,22; die telt na de looptijd mee "
            "voor een tekort op een ander perceel van dit contract (artikel 29)."
        ) in text
    assert "accountant" not in letter  # € 9.000 of Buy Social stays under the limit


def test_no_daarvan_of_a_smaller_amount(catering: Path, tmp_path: Path) -> None:
    # MINOR-5: when contributions have done more than they had to, the letter says so plainly
    terminal, _ = _letter(catering, "r-t3.csv", "2032-07-31", tmp_path / "eind.docx")
    assert (
        "Met bijdragen in te vullen over de hele looptijd: € 76.500,00 (de verplichting min het deel dat het "
        "PSO-certificaat invult). Gerealiseerd is op de peildatum € 105.666,66; met bijdragen resteert niets meer."
    ) in terminal  # a final letter: no reservation of the eindrapportage (eleventh reading A MINOR-6)
