"""The fourteenth reading's remaining minors on the parties, the workbook's consent rule, a first
PSO certificate obtained late, the reporting period and a work's deviation from the UAV 2012
(docs/juridische-toets-veertiende-lezing.md). Each is read back from the documents the CLI writes
for the readers' own tenders (tests/fixtures/veertiende-lezing)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

from clausegen.model import party_name

G = FIXTURES / "veertiende-lezing"
NBSP = "\u00a0"


def text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


@pytest.fixture(scope="module")
def zwolle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Contract A of reader G's second tender: Gemeente Zwolle, team Inkoop; three lots; PSO."""
    return written_contract(tmp_path_factory, G / "g2.yaml", G / "g2-gunning.yaml", "GEM-ZWL-2027-044-A")


@pytest.fixture(scope="module")
def dijk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tender documents of reader G's first tender: a work for a water board."""
    out = tmp_path_factory.mktemp("dijk")
    result = run_cli("generate", G / "g1.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_the_opdrachtgever_is_not_named_twice_in_article_1(zwolle: Path) -> None:
    """G TAAL-1, H TAAL-3: a name that starts with the legal entity adds only its remainder."""
    annex = text(next(zwolle.glob("*-overeenkomst-social-return.docx")))
    assert "Opdrachtgever: Gemeente Zwolle (team Inkoop), vertegenwoordigd door de burgemeester" in annex
    assert "Gemeente Zwolle (Gemeente Zwolle" not in annex


@pytest.mark.parametrize(
    ("entity", "name", "party"),
    [
        ("Gemeente Zwolle", "Gemeente Zwolle, team Inkoop", "Gemeente Zwolle (team Inkoop)"),
        ("Provincie Gelderland", "Provincie Gelderland - afdeling Inkoop", "Provincie Gelderland (afdeling Inkoop)"),
        ("Gemeente Zwolle", "Gemeente Zwolle", "Gemeente Zwolle"),
        ("Stichting Inkoop Oost", "Inkoopbureau Oost", "Stichting Inkoop Oost (Inkoopbureau Oost)"),
        (
            "De Staat der Nederlanden (Ministerie van Financiën)",
            "Categorie ICT",
            "De Staat der Nederlanden (Ministerie van Financiën), handelend onder de naam Categorie ICT",
        ),
        (
            "De Staat der Nederlanden (Ministerie van Financiën)",
            "Ministerie van Financiën",
            "De Staat der Nederlanden (Ministerie van Financiën)",
        ),
    ],
)
def test_party_name(entity: str, name: str, party: str) -> None:
    assert party_name(entity, name) == party


def test_the_workbook_states_the_consent_and_the_cap(zwolle: Path) -> None:
    """G MINOR-7: work elsewhere and support need prior written consent and share a cap."""
    book = openpyxl.load_workbook(next(zwolle.glob("*-verantwoording.xlsx")))
    lines = [str(c) for row in book["Toelichting"].iter_rows(values_only=True) for c in row if c]
    rule = next(line for line in lines if line.startswith("- Een dienstverband, leerwerkplek of stageplaats elders"))
    assert "tellen alleen mee als de Opdrachtgever vooraf schriftelijk heeft ingestemd met de bijdrage" in rule
    assert "Samen tellen zij voor ten hoogste 50% van de Social-returnverplichting van elk perceel." in rule
    assert "wat zonder instemming of boven die grens ligt, telt de Opdrachtgever niet" in rule
    column = next(line for line in lines if line.startswith("9. toelichting:"))
    assert "ook de datum waarop de Opdrachtgever schriftelijk instemde" in column


def test_a_first_pso_certificate_obtained_during_the_term_counts_from_its_receipt(zwolle: Path) -> None:
    """G MINOR-8: a contractor without a certificate at award that obtains one later."""
    annex = text(next(zwolle.glob("*-overeenkomst-social-return.docx")))
    assert (
        "uiterlijk op 29 oktober 2027 aan de Opdrachtgever, en daarna elk vernieuwd certificaat volgens het eerste "
        "lid. Verkrijgt de Opdrachtnemer pas na die datum voor het eerst een certificaat op ten minste het niveau "
        "trede 2, dan telt het mee volgens het eerste lid vanaf de dag waarop de Opdrachtgever het ontvangt." in annex
    )


def test_the_reporting_period_is_defined_from_the_start_date(dijk: Path) -> None:
    """G MINOR-2: "elk kwartaal" counts from the start date, as the table of deadlines does."""
    annex = text(next(dijk.glob("*-bijlage-social-return.docx")))
    assert (
        "Een rapportageperiode is een periode van drie maanden, gerekend vanaf de ingangsdatum van de "
        "Overeenkomst; de laatste rapportageperiode eindigt met de looptijd." in annex
    )


def test_a_works_tender_annex_states_its_deviation_from_the_uav(dijk: Path) -> None:
    """G MINOR-4: the bidder reads the deviation from the UAV 2012 before it prices, not only after award."""
    annex = text(next(dijk.glob("*-bijlage-social-return.docx")))
    contract = text(next(dijk.glob("*-overeenkomst-social-return.docx")))
    rule = (
        "wijkt {}uitdrukkelijk af van de UAV 2012 voor zover zij regels geeft over de inhouding op en verrekening "
        "met termijnbetalingen en de eindafrekening (vergelijk § 40 van de UAV 2012) en over de boete van Artikel"
    )
    assert "Na de gunning maakt deze bijlage deel uit van het bestek. Zij " + rule.format("dan ") in annex
    assert "Deze bijlage " + rule.format("") in contract


END = ("--peildatum", "2031-09-30", "--oplevering", "2030-05-31", "--onderhoudstermijn-tot", "2031-05-31",
       "--melding", "2031-06-15")  # fmt: skip
"""Reader G's final valuation of the work: the Hersteltermijn has passed, so the letter is the voornemen."""


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, G / "g1.yaml", G / "g1-gunning.yaml", "WSRL-2027-017-01")


def _rows(result) -> dict:  # noqa: ANN001 - click's Result
    import json

    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    return {r["row"]: r for r in data["rows"]} | {"shortfall": data["shortfall_eur"]}


def test_a_voornemen_counts_no_support_without_recorded_consent(work: Path, tmp_path: Path) -> None:
    """G MINOR-6: after the Looptijd support counts only with the consent recorded (--instemming);
    the letter then rests on no reservation."""
    letter = tmp_path / "voornemen.docx"
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    assert "ondersteuning in rij 6 telt niet mee, omdat voor die rij geen instemming van de Opdrachtgever is " \
        "opgegeven" in result.stderr  # fmt: skip
    body = text(letter)
    assert "Deze brief is het voornemen" in body
    assert (
        "Ondersteuning (rij 6) telt niet mee. Zij telt alleen mee als de Opdrachtgever vooraf schriftelijk heeft "
        "ingestemd met de bijdrage en met de reden waarom zij buiten de Opdracht plaatsvindt (artikel 19); voor deze "
        "bijdrage is in deze berekening geen instemming van de Opdrachtgever vastgelegd. Heeft de Opdrachtgever wel "
        "vooraf schriftelijk ingestemd, dan volgt een gecorrigeerde berekening." in body
    )  # the careful wording of the sixteenth reading's K MINOR-2
    assert "onder voorbehoud van die instemming" not in body
    without = _rows(run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--json"))
    assert without[6]["counted"] is False
    assert "voor deze regel is geen instemming van de Opdrachtgever vastgelegd" in without[6]["reason"]
    consented = _rows(run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--instemming", "6", "--json"))
    assert consented[6]["counted"] is True
    assert consented[6]["value_eur"] == "12000.00"
    # the support of € 12.000,00 is exactly the difference in the tekort
    from decimal import Decimal

    assert Decimal(without["shortfall"]) - Decimal(consented["shortfall"]) == Decimal("12000.00")
    letter2 = tmp_path / "met-instemming.docx"
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--instemming", "6", "-o", letter2)
    assert "telt niet mee, omdat" not in result.stderr
    assert "Ondersteuning (rij 6) telt mee: de Opdrachtgever heeft vooraf schriftelijk ingestemd" in text(letter2)


def test_during_the_term_support_counts_under_the_reservation(work: Path, tmp_path: Path) -> None:
    """Without --instemming an interim letter keeps the reservation (thirteenth reading E MINOR-4)."""
    letter = tmp_path / "tussentijds.docx"
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", "--peildatum", "2029-03-31", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Deze brief telt haar onder voorbehoud van die instemming; zonder instemming telt zij niet." in text(letter)


@pytest.mark.parametrize(
    ("given", "fault"),
    [
        ("zes", "--instemming 'zes' is geen rijnummer"),
        ("2,6", "--instemming noemt rij 2, maar die rij is geen ondersteuning"),
    ],
)
def test_consent_names_support_rows_only(work: Path, given: str, fault: str) -> None:
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--instemming", given)
    assert result.exit_code == 2
    assert fault in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
