"""The twelfth legal reading, reader C: the catering framework ZW-2027-044 of a gemeente
(tests/fixtures/twaalfde-lezing/c2.yaml), three lots with one holder each. Holder A has lot 1
(scored plan of approach, 7 % committed) and lot 3 (below the threshold: no obligation); holder B
has lot 2 with a PSO certificate.

- MAJOR-2: the letter's total counted the voluntary work on lot 3 as "ingevuld" (93,33 % next to a
  boete of € 91.666,67), and said a surplus on one lot fills a shortfall on another while the
  contract forbids it for the only lot with an obligation.
- MAJOR-3: work in a Nadere overeenkomst that runs past the framework was cut at the framework's
  end, although raamovereenkomst.telling counts it up to its end and settles after it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

TWAALFDE = FIXTURES / "twaalfde-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def holders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("c2")
    result = run_cli("contract", TWAALFDE / "c2.yaml", TWAALFDE / "c2-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def _run(*args: object) -> tuple[str, str]:
    result = run_cli("realisatie", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout.replace(NBSP, " "), result.stderr


A_FINAL = ("--peildatum", "2032-02-01", "--melding", "2031-10-01", "--afroepwaarde", "1=2500000",
           "--afroepwaarde", "3=200000")  # fmt: skip


def test_the_total_leaves_out_the_voluntary_lot(holders: Path, tmp_path: Path) -> None:
    text, _ = _run(holders / "ZW-2027-044-A", TWAALFDE / "c2a-rapport2.csv", *A_FINAL)
    lines = {line.split("  ")[0]: line for line in text.splitlines() if line.startswith(("Perceel", "Totaal"))}
    assert "geen verplichting" in lines["Perceel 3"] and "voldaan" not in lines["Perceel 3"]
    total = lines["Totaal percelen met verplichting"]
    # only lot 1 counts: € 83.333,33 of € 175.000,00 (47,62 %), tekort and boete € 91.666,67
    assert total.split() == [
        "Totaal", "percelen", "met", "verplichting", "€", "175.000,00", "€", "83.333,33", "47,62%", "€", "91.666,67",
        "€", "91.666,67",
    ]  # fmt: skip
    assert "93,33%" not in text
    letter = tmp_path / "brief.docx"
    _run(holders / "ZW-2027-044-A", TWAALFDE / "c2a-rapport2.csv", *A_FINAL, "-o", letter)
    body = docx_text(letter).replace(NBSP, " ")
    assert "Totaal percelen met verplichting" in body and "geen verplichting" in body
    data = json.loads(_run(holders / "ZW-2027-044-A", TWAALFDE / "c2a-rapport2.csv", *A_FINAL, "--json")[0])
    assert data["fulfilment_percent"] == "47.62"  # the JSON total agrees
    assert data["realised_eur"] == "163333.33"  # all realised work, as before


def test_no_set_off_sentence_when_no_lot_can_receive_a_surplus(holders: Path) -> None:
    text, _ = _run(holders / "ZW-2027-044-A", TWAALFDE / "c2a-rapport2.csv", *A_FINAL)
    assert "vermindert een overschot op het ene perceel een tekort op een ander perceel" not in text
    assert (
        "Een overschot op een ander perceel vermindert geen tekort op perceel 1: voor dat perceel is het Plan van "
        "aanpak bij de gunning als gunningscriterium beoordeeld (artikel " in text
    )


B = ("--afroepwaarde", "1000000")


def test_a_call_off_running_past_the_framework_counts_to_its_end(holders: Path, tmp_path: Path) -> None:
    report = TWAALFDE / "c2b-rapport4.csv"  # one row: 1-8-2030 to 31-12-2031, in a call-off to 31-12-2031
    # the row names its Nadere overeenkomst and runs past the end: the buyer must say whether it ran on
    # (seventeenth reading N MAJOR-4)
    refused = run_cli("realisatie", holders / "ZW-2027-044-B", report, "--peildatum", "2032-05-01", "--melding",
                      "2032-02-01", *B)  # fmt: skip
    assert refused.exit_code == 2 and "rij 2 noemt Nadere overeenkomst NO-sportcentrum" in refused.output
    none = ("--laatste-nadere-overeenkomst-tot", "geen")
    cut, _ = _run(holders / "ZW-2027-044-B", report, "--peildatum", "2032-05-01", "--melding", "2032-02-01", *B,
                  *none, "--json")  # fmt: skip
    assumed, _ = _run(holders / "ZW-2027-044-B", report, "--peildatum", "2032-05-01", "--melding", "2032-02-01", *B,
                      *none)  # fmt: skip
    assert "Geen Nadere overeenkomst liep door na het einde van de raamovereenkomst (31 juli 2031)" in assumed
    extra = ("--laatste-nadere-overeenkomst-tot", "2031-12-31")
    full, _ = _run(holders / "ZW-2027-044-B", report, "--peildatum", "2032-05-01", "--melding", "2032-02-01", *B,
                   *extra, "--json")  # fmt: skip
    # the whole row counts: 17 months x € 40.000 x 18/36 / 12 = € 28.333,33; tekort 50.000 - 15.625 - 28.333,33
    assert (json.loads(cut)["realised_eur"], json.loads(full)["realised_eur"]) == ("20000.00", "28333.33")
    assert json.loads(full)["shortfall_eur"] == "6041.67"
    assert json.loads(full)["last_call_off_end"] == "2031-12-31"
    letter = tmp_path / "brief.docx"
    _run(holders / "ZW-2027-044-B", report, "--peildatum", "2032-05-01", "--melding", "2032-02-01", *B, *extra,
         "-o", letter)  # fmt: skip
    body = docx_text(letter).replace(NBSP, " ")
    assert "1 augustus 2027 tot en met 31 juli 2031; de laatste Nadere overeenkomst tot en met 31 december 2031" in body
    assert (
        "Een Nadere overeenkomst liep door na het einde van de raamovereenkomst (31 juli 2031), tot en met 31 december "
        "2031. Inzet daarin telt mee tot die dag, en de vaststelling volgt op de eindrapportage daarna (artikel "
        in body
    )
    assert "--laatste-nadere-overeenkomst-tot" not in body


def test_a_melding_before_the_last_call_off_ends_is_refused(holders: Path) -> None:
    result = run_cli("realisatie", holders / "ZW-2027-044-B", TWAALFDE / "c2b-rapport4.csv", "--peildatum",
                     "2032-05-01", "--melding", "2031-10-01", *B, "--laatste-nadere-overeenkomst-tot", "2031-12-31")  # fmt: skip
    assert result.exit_code == 2
    assert (
        "de melding (1 oktober 2031) ligt niet na het einde van de laatste Nadere overeenkomst (31 december 2031)"
        in (result.stderr.replace(NBSP, " "))
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2031-06-30", "ligt niet na het einde van de raamovereenkomst (31 juli 2031)"),
        ("31-12-2031", "laatste-nadere-overeenkomst-tot"),
    ],
)
def test_a_wrong_last_call_off_date_is_refused(holders: Path, day: str, expected: str) -> None:
    result = run_cli("realisatie", holders / "ZW-2027-044-B", TWAALFDE / "c2b-rapport4.csv", "--peildatum",
                     "2032-05-01", *B, "--laatste-nadere-overeenkomst-tot", day)  # fmt: skip
    assert result.exit_code == 2 and expected in result.stderr.replace(NBSP, " ")
    assert "Traceback" not in result.stderr


def test_the_option_is_refused_for_a_contract_that_is_no_framework(tmp_path: Path) -> None:
    out = tmp_path / "werk"
    made = run_cli("contract", FIXTURES / "elfde-lezing" / "t1-dijk.yaml", FIXTURES / "elfde-lezing" / "g1-dijk.yaml",
                   "-o", out)  # fmt: skip
    assert made.exit_code == 0, made.output + made.stderr
    result = run_cli("realisatie", out / "WOV-2027-014-01", FIXTURES / "elfde-lezing" / "r1-dijk.csv", "--peildatum",
                     "2028-06-30", "--laatste-nadere-overeenkomst-tot", "2031-12-31")  # fmt: skip
    assert result.exit_code == 2
    assert "geldt alleen voor een raamovereenkomst met de verplichting op het niveau van de raamovereenkomst" in (
        result.stderr
    )


def test_the_dates_table_says_which_date_is_not_a_last_one(holders: Path) -> None:
    text = docx_text(holders / "ZW-2027-044-A" / "ZW-2027-044-A-raamovereenkomst-social-return.docx").replace(NBSP, " ")
    # C MINOR-1 and the thirteenth reading E MINOR-2: the first evaluation takes place on its date
    assert "een datum is de uiterste datum, behalve bij het eerste evaluatiegesprek:" in text
    assert "\nDatum\n" in text and "Uiterlijk op" not in text and "niet eerder dan" not in text
    assert (
        "Eerste evaluatiegesprek: op deze datum, of later als de eerste rapportage dan nog niet is bevestigd (Artikel "
        in text
    )
    assert "\n23 oktober 2028\n" in text


def test_the_commitment_names_its_lot(holders: Path) -> None:
    text = docx_text(holders / "ZW-2027-044-A" / "ZW-2027-044-A-raamovereenkomst-social-return.docx").replace(NBSP, " ")
    assert (
        "heeft in het Plan van aanpak dat hij bij zijn inschrijving voor Perceel 1 heeft ingediend, toegezegd ten minste "
        "7% van de Opdrachtwaarde van dat Perceel aan Inspanningswaarde te realiseren." in text
    )
    assert (
        "Het toegezegde percentage geldt ook als de Afroepwaarde voor Perceel 1 afwijkt van de geraamde waarde: de "
        "Social-returnverplichting is dan dat percentage maal de Afroepwaarde van dat Perceel, volgens Artikel " in text
    )
    assert "werkelijke waarde van de Raamovereenkomst afwijkt" not in text  # C MINOR-9


def test_the_letter_gives_the_whole_exception_to_the_boete(holders: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    text, _ = _run(holders / "ZW-2027-044-A", TWAALFDE / "c2a-rapport2.csv", *A_FINAL, "-o", letter)
    exception = (
        "niet aan hem is toe te rekenen en dat hij alles heeft gedaan wat redelijkerwijs van hem kon worden verwacht "
        "om Kandidaten te werven en in te zetten"
    )
    assert exception in text  # D MINOR-3, in the terminal
    assert exception in docx_text(letter).replace(NBSP, " ")  # and in the letter


def test_a_works_contract_names_the_planned_oplevering_and_the_archive_duty(tmp_path: Path) -> None:
    made = run_cli("contract", FIXTURES / "elfde-lezing" / "t1-dijk.yaml", FIXTURES / "elfde-lezing" / "g1-dijk.yaml",
                   "-o", tmp_path)  # fmt: skip
    assert made.exit_code == 0, made.output + made.stderr
    text = docx_text(tmp_path / "WOV-2027-014-01" / "WOV-2027-014-01-overeenkomst-social-return.docx")
    text = text.replace(NBSP, " ")
    assert "\nGeplande oplevering\n31 januari 2029 (de Looptijd loopt tot de werkelijke oplevering)\n" in text
    assert "\nEinddatum\n" not in text  # C MINOR-11
    assert (
        "tenzij een wettelijke bewaarplicht, zoals die uit de archiefwetgeving en de selectielijst die voor de "
        "Opdrachtgever gelden, langer is; dan bewaart hij ze niet langer dan die plicht vraagt." in text
    )  # C MINOR-10
