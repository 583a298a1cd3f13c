"""The sixteenth reading's minors on support and the melding (reader K's facility contract of a
gemeente, tests/fixtures/zestiende-lezing): support in the Hersteltermijn needs no consent (K MINOR-1),
the voornemen says no consent was recorded rather than that there was none (K MINOR-2), the
interim letter counts reserved rows as reserved (K MINOR-3), and a melding before the deadline of
the final report warns (K MINOR-8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

K = FIXTURES / "zestiende-lezing"
END = K / "k2-rapport-eind.xlsx"


@pytest.fixture(scope="module")
def facility(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, K / "k2.yaml", K / "k2-gunning.yaml", "GU-2027-0309-01")


def _letter(facility: Path, tmp_path: Path, report: Path, *args: str) -> tuple[str, str, str]:
    letter = tmp_path / f"brief-{len(list(tmp_path.glob('*.docx')))}.docx"
    result = run_cli("realisatie", facility, report, *args, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(letter).replace("\u00a0", " "), result.stdout, result.stderr


def test_support_in_the_hersteltermijn_is_named_apart(facility: Path, tmp_path: Path) -> None:
    text, _, err = _letter(facility, tmp_path, END, "--peildatum", "2031-02-15", "--melding", "2030-10-01",
                           "--instemming", "5")  # fmt: skip
    assert "Ondersteuning in de Hersteltermijn (rij 9) telt mee zonder voorafgaande instemming en zonder de grens " \
        "van artikel 17 (artikel 28)." in text  # fmt: skip
    assert "Ondersteuning (rij 5) telt mee: de Opdrachtgever heeft vooraf schriftelijk ingestemd" in text
    assert "rijen 5 en 9" not in text
    assert "rij 9" not in err


def test_without_recorded_consent_the_voornemen_does_not_deny_it(facility: Path, tmp_path: Path) -> None:
    text, _, err = _letter(facility, tmp_path, END, "--peildatum", "2031-02-15", "--melding", "2030-10-01")
    assert "voor deze bijdragen is in deze berekening geen instemming van de Opdrachtgever vastgelegd. Heeft de " \
        "Opdrachtgever wel vooraf schriftelijk ingestemd, dan volgt een gecorrigeerde berekening." in text  # fmt: skip
    assert "heeft de Opdrachtgever niet ingestemd" not in text
    # the supplier wrote "instemming 15-4-2028" in row 5's toelichting: the buyer is told to check it
    assert "rij 5 noemt in de toelichting een instemming" in err


def test_the_interim_letter_counts_reserved_rows_as_reserved(facility: Path, tmp_path: Path) -> None:
    text, out, _ = _letter(facility, tmp_path, K / "k2-rapport-tussen.xlsx", "--peildatum", "2029-01-31")
    assert "Van de 5 regels tellen er 5 mee, waarvan 2 onder voorbehoud van instemming (rijen 5 en 6)." in text
    assert "Alle regels tellen volledig mee." not in text
    assert "5 van 5 regels tellen mee, waarvan 2 onder voorbehoud van instemming." in out


def test_a_melding_before_the_final_report_is_due_warns(facility: Path, tmp_path: Path) -> None:
    _, _, early = _letter(facility, tmp_path, END, "--peildatum", "2031-02-15", "--melding", "2030-08-01")
    assert "de melding van 1 augustus 2030 ligt vóór de uiterste datum van de eindrapportage (11 september 2030)" in (
        early.replace("\u00a0", " "))  # fmt: skip
    _, _, later = _letter(facility, tmp_path, END, "--peildatum", "2031-02-15", "--melding", "2030-10-01")
    assert "uiterste datum van de eindrapportage" not in later


def test_a_plan_after_award_does_not_change_the_obligation(tmp_path: Path) -> None:
    """K MAJOR-1 (twelfth reading C MINOR-13, fifteenth reading I MINOR-10): a higher percentage in a
    work's plan of approach after award bound by the text, but nothing could record it. The text now
    says what the tool does: only a plan scored at award can raise the obligation (`commitment`)."""
    out = tmp_path / "out"
    result = run_cli("generate", K / "k1.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    for document in ("bijlage", "overeenkomst"):
        text = docx_text(next(out.glob(f"*-{document}-social-return.docx"))).replace("\u00a0", " ")
        assert "Een percentage of bedrag in het Plan van aanpak verandert de Social-returnverplichting niet" in text
        assert "een hoger percentage of bedrag daarin is een inspanning, geen verplichting" in text
        assert "dan is de Social-returnverplichting dat hogere percentage" not in text
        assert "of het hogere bedrag dat volgt uit wat hij in het Plan van aanpak" not in text
    award = tmp_path / "gunning.yaml"
    award.write_text((K / "k1-gunning.yaml").read_text(encoding="utf-8").replace(
        "  - number: PG-2027-017-W\n", "  - number: PG-2027-017-W\n    commitment: {percentage: 7}\n", 1),
        encoding="utf-8")  # fmt: skip
    refused = run_cli("contract", K / "k1.yaml", award, "-o", tmp_path / "c")
    assert refused.exit_code == 2
    assert "het volgt na de gunning en verandert de verplichting niet" in refused.output
