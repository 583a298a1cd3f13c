"""The memo written with `--award` (lawyer's fifth reading MAJOR-2, MINOR-3, MINOR-7, MINOR-8):
a section 'Gunning' per contract with its lots, obligation and basis, commitment, PSO certificate
and every award warning, the same warnings on stderr and in `explain --json --award`; a note where
lots together fall in a higher band; the labour-year proxy named; the lenient interim test of a
framework with several holders stated. The lawyer's own tenders, generated through the CLI and
read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

LEZING = FIXTURES / "vijfde-lezing-memo"


def _memo(name: str, out: Path, award: bool = True) -> tuple[str, str]:
    """The memo's text and the command's stderr."""
    extra = ("--award", LEZING / f"{name}-gunning.yaml") if award else ()
    result = run_cli("explain", LEZING / f"{name}.yaml", "--memo", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " ")), result.stderr


def _award_warnings(name: str) -> list[str]:
    result = run_cli("explain", LEZING / f"{name}.yaml", "--json", "--award", LEZING / f"{name}-gunning.yaml")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["award_warnings"])


def _gunning(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[lines.index("Gunning") + 1 :])


def test_award_section_names_each_contract_its_lots_obligation_and_commitment(tmp_path: Path) -> None:
    text, _ = _memo("cat", tmp_path / "memo.docx")
    section = _gunning(text)
    assert section.startswith("Gunning (1 juli 2027).")
    assert (
        "2027-0815-A – Veluwse Keukens B.V.: percelen 1 en 2; Social-returnverplichting € 252.000,00 "
        "(opdrachtwaarde; perceel 1: 7% van € 2.900.000,00; perceel 2: 5% van € 980.000,00); toezegging 7% voor "
        "perceel 1 (Plan van aanpak als gunningscriterium; voor perceel 2 geldt het percentage uit de "
        "aanbestedingsstukken)." in section
    )
    assert (
        "2027-0815-B – Lunchwerk Sociaal B.V.: perceel 3; geen Social-returnverplichting (alleen de "
        "inspanningsbepaling); PSO-certificaat trede 3, geldig tot 31 maart 2028: telt niet mee, omdat voor dit "
        "contract geen Social-returnverplichting geldt." in section
    )


def test_award_warnings_are_in_the_memo_on_stderr_and_in_json_from_one_source(tmp_path: Path) -> None:
    for name in ("cat", "bev", "hwi"):
        text, stderr = _memo(name, tmp_path / f"{name}.docx")
        warnings = _award_warnings(name)
        assert warnings, name
        section = _gunning(text)
        assert "Waarschuwingen bij de gunning:" in section
        for warning in warnings:
            assert warning in section
            assert f"Waarschuwing: {warning}" in stderr.splitlines()


def test_framework_holder_obligation_is_a_percentage_of_the_call_offs(tmp_path: Path) -> None:
    text, _ = _memo("bev", tmp_path / "memo.docx")
    section = _gunning(text)
    assert "2027-0902-1 – IJsselwacht Beveiliging B.V.: Social-returnverplichting: 5,5% van de Afroepwaarde" in section
    assert (  # the amount is the raming over the Indicatief aandeel (twelfth reading D MINOR-10)
        "raming over het Indicatief aandeel (gelijke verdeling over 2 houders) € 99.000,00, als zodanig niet "
        "verschuldigd" in section
    )
    assert "toezegging 6% (Plan van aanpak als gunningscriterium)" in section
    assert "PSO-certificaat trede 2, geldig tot 30 juni 2029: telt niet mee, omdat het Plan van aanpak" in section


def test_without_award_there_is_no_award_section_and_no_award_warning(tmp_path: Path) -> None:
    text, stderr = _memo("cat", tmp_path / "memo.docx", award=False)
    assert "Gunning" not in text.splitlines()
    assert "contract 2027-0815" not in stderr


def test_an_award_without_warnings_says_so(tmp_path: Path) -> None:
    text, stderr = _memo("bouw", tmp_path / "memo.docx")
    section = _gunning(text)
    assert "2027-1101-H – Vechtdal Bouw B.V.: percelen 1, 2 en 3; Social-returnverplichting € 370.000,00" in section
    assert "De gunning geeft geen waarschuwingen." in section
    assert "contract 2027-1101" not in stderr


def test_lots_together_in_a_higher_band_are_pointed_out(tmp_path: Path) -> None:
    text, _ = _memo("bouw", tmp_path / "memo.docx", award=False)
    assert (
        "Let op: de percelen 1, 2 en 3 samen (€ 7.400.000,00) vallen in schijf 3; per perceel is de schijf lager. "
        "Schijf 3 vraagt:" in text
    )
    assert (
        "Overweeg vóór publicatie of de percelen samen schijf 3 moeten volgen (bijvoorbeeld één "
        "perceelsoverstijgend plan van aanpak"
    ) in text  # eleventh reading A MINOR-8: the advice is for before publication, not after award
    assert "Worden zij aan één aannemer gegund" not in text
    assert "waarom elk perceel op zijn eigen waarde is ingedeeld" in text
    cat, _ = _memo("cat", tmp_path / "cat.docx", award=False)  # lot 1 alone is already in the top band
    assert "Let op: de percelen" not in cat


def test_labour_year_is_named_an_effort_value_not_a_wage_cost(tmp_path: Path) -> None:
    text, _ = _memo("hwi", tmp_path / "memo.docx", award=False)
    assert (
        "De waarde van een arbeidsjaar is hier benaderd met de Inspanningswaarde van 'Dienstverband Kandidaat in "
        "categorie A' (€ 40.000,00, waardetabel" in text
    )
    assert "dat is geen loonkostprijs." in text


def test_lenient_interim_test_of_a_framework_with_several_holders_is_stated(tmp_path: Path) -> None:
    text, _ = _memo("bev", tmp_path / "memo.docx", award=False)
    assert "Tussentijdse toets: bij een evaluatie toetst de opdrachtgever of de houder ten minste 50%" in text
    assert (  # the raming is the floor of the expected amount (twelfth reading D MINOR-9)
        "Is zij hoger, dan is het verwachte bedrag 33,3% van de raming, of van die verplichting als zij ook de "
        "raming overschrijdt, en vraagt de toets 16,7% daarvan." in text
    )
    assert "Dat is een milde toets" not in text
    assert "De aanbestedende dienst kiest dit bewust, of verscherpt de maatstaf" in text
    cat, _ = _memo("cat", tmp_path / "cat.docx", award=False)  # no framework: no such paragraph
    assert "Tussentijdse toets" not in cat


def test_a_committed_amount_is_shown_per_lot_not_as_a_rate(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    text = (LEZING / "cat-gunning.yaml").read_text(encoding="utf-8")
    award.write_text(text.replace("commitment: {percentage: 7}", "commitment: {amount_eur: 230000}"), encoding="utf-8")
    out = tmp_path / "memo.docx"
    result = run_cli("explain", LEZING / "cat.yaml", "--memo", "-o", out, "--award", award)
    assert result.exit_code == 0, result.output
    section = _gunning(re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " ")))
    assert (
        "Social-returnverplichting € 279.000,00 (opdrachtwaarde; perceel 1: € 230.000,00 toegezegd, bij een "
        "grondslag van € 2.900.000,00; perceel 2: 5% van € 980.000,00); toezegging € 230.000,00 voor perceel 1"
    ) in section


def test_a_refused_award_writes_no_memo(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    text = (LEZING / "bouw-gunning.yaml").read_text(encoding="utf-8")
    award.write_text(
        text.replace("    start_date:", "    commitment: {percentage: 9}\n    start_date:"), encoding="utf-8"
    )
    out = tmp_path / "memo.docx"
    result = run_cli("explain", LEZING / "bouw.yaml", "--memo", "-o", out, "--award", award)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {award}:11: contracts.0.commitment: een toezegging kan alleen")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_holders_rates_are_listed_per_lot_in_the_lot_order_of_the_tender(tmp_path: Path) -> None:
    """lawyer6 MINOR-3: a holder of lots 1 (7% committed) and 2 (5%) reads lot 1 first, not a sorted set."""
    schoon = FIXTURES / "zesde-lezing-x2"
    out = tmp_path / "memo.docx"
    result = run_cli("explain", schoon / "schoon.yaml", "--memo", "-o", out, "--award", schoon / "schoon-gunning.yaml")
    assert result.exit_code == 0, result.output
    section = _gunning(re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " ")))
    assert (
        "WS-2027-031-R1 – Twentse Schoonmaak Combinatie B.V.: percelen 1 en 2; Social-returnverplichting: per "
        "perceel een percentage van de Afroepwaarde (de waarde van de Nadere overeenkomsten die aan deze "
        "Opdrachtnemer worden gegund), perceel 1: 7%, perceel 2: 5%; raming over het Indicatief aandeel" in section
    )
    assert "5% en 7%" not in section
    assert "WS-2027-031-R2 – Hygiëne Noord-Oost B.V.: perceel 1; Social-returnverplichting: 5% van de Afroepwaarde" in (
        section
    )
