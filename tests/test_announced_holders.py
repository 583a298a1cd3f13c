"""A framework announced for three holders and awarded to two (tenth legal reading, MAJOR-2 and
MINOR-1): the signed annex keeps the tender's Indicatief aandeel (the Geraamde waarde divided by the
holders the tender announced) as the measure of the Plan van aanpak and of a commitment, shows the
estimate at the holders actually awarded apart, and `contract` and `calc --award` warn.

tests/fixtures/announced-holders/inhuur.yaml: € 6 mln, `suppliers: 3`, obligation at framework
level, 2%, plan of approach as award criterion; the award has two holders, A with a commitment
of 4%, B without. The lots case uses tests/fixtures/negende-lezing/bt1 (two lots, each awarded to
two of the three announced holders)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

HOLDERS = FIXTURES / "announced-holders"
TENDER = HOLDERS / "inhuur.yaml"
AWARD = HOLDERS / "inhuur-gunning.yaml"
NBSP = "\u00a0"

WARNING_A = (
    "Waarschuwing: contract 2027-0415-A: de Raamovereenkomst is aan 2 Opdrachtnemers gegund, de aanbesteding "
    "noemde er 3; het Indicatief aandeel blijft € 2.000.000,00, de Geraamde waarde gedeeld door 3 zoals in de "
    "aanbesteding; de bijlage noemt de raming bij 2 Opdrachtnemers (€ 3.000.000,00) apart"
)


def _text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


def _contracts(tmp_path: Path, tender: Path = TENDER, award: Path = AWARD, *options: str):  # noqa: ANN202
    out = tmp_path / "c"
    result = run_cli(*options, "contract", tender, award, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contracts of T2 (announced for three holders, awarded to two), written once."""
    return _contracts(tmp_path_factory.mktemp("t2"))[0]


def _annex(out: Path, number: str) -> str:
    return _text(out / number / f"{number}-raamovereenkomst-social-return.docx")


def test_the_tender_documents_measure_the_plan_by_the_announced_holders(tmp_path: Path) -> None:
    out = tmp_path / "t"
    assert run_cli("generate", TENDER, "-o", out).exit_code == 0
    form = _text(out / "2027-0415-plan-van-aanpak-formulier.docx")
    assert (
        "Voor de begroting en de beoordeling gaat elke Inschrijver uit van het Indicatief aandeel van "
        "€ 2.000.000,00 aan Nadere overeenkomsten (de Geraamde waarde van € 6.000.000,00 gedeeld door 3 "
        "Opdrachtnemers); bij 2% is dat € 40.000,00."
    ) in form
    annex = _text(out / "2027-0415-bijlage-social-return.docx")
    assert "gedeeld door het aantal Opdrachtnemers (3), dat is € 2.000.000,00" in annex
    assert "gedeeld door het Indicatief aandeel van € 2.000.000,00, de waarde waarbij het bedrag" in annex
    assert "gedeeld door de geraamde waarde waarbij het bedrag hoort" not in annex
    assert "aan minder Opdrachtnemers" not in annex


def test_the_signed_annex_keeps_the_tender_share_as_the_measure(signed: Path) -> None:
    out = signed
    annex = _annex(out, "2027-0415-A")
    # MAJOR-2 (1): the Indicatief aandeel of the tender, with its amount, measures plan and commitment
    assert (
        "Indicatief aandeel: de Geraamde waarde gedeeld door het aantal Opdrachtnemers dat de "
        "aanbestedingsstukken noemden (3), dat is € 2.000.000,00:"
    ) in annex
    assert (
        "Het bedrag in het Plan van aanpak hoort bij € 2.000.000,00, ook nu de Raamovereenkomst aan minder "
        "Opdrachtnemers is gegund."
    ) in annex
    assert "aan wie de Raamovereenkomst is gegund (2)" not in annex
    assert "dat is € 3.000.000,00" not in annex
    # (2): the estimate at the two holders awarded is there, apart and as a raming only
    # not in the definition too: only Artikel 5 gives it (fifteenth reading J MINOR-7)
    assert "Die raming is alleen een indicatie" not in annex
    assert (
        "De Raamovereenkomst is aan minder Opdrachtnemers gegund dan de aanbestedingsstukken noemden. De tabel "
        "blijft het Indicatief aandeel uit de aanbestedingsstukken volgen, de maatstaf waarop het Plan van "
        "aanpak bij de gunning is beoordeeld. Alleen als raming: bij 2 gegunde Opdrachtnemers is de raming van "
        "de waarde van de Nadere overeenkomsten van de Opdrachtnemer € 3.000.000,00 en van zijn "
        "Social-returnverplichting € 120.000,00. Ook die raming is niet verschuldigd; verschuldigd is het "
        "percentage uit de tabel maal de Afroepwaarde"
    ) in annex
    # the figures follow the tender's share: 4% (committed) of € 2 mln
    assert (
        "over het aantal Opdrachtnemers dat de aanbestedingsstukken noemden (3), komt de "
        "Social-returnverplichting van de Opdrachtnemer naar verwachting uit op € 80.000,00."
    ) in annex
    assert "over het Indicatief aandeel van € 2.000.000,00, waarop het plan bij de gunning is beoordeeld," in annex
    assert "aan wie zij is gegund" not in annex
    # (4): a committed amount is divided by the named share, never by a lower-case "geraamde waarde"
    assert (
        "dan is de Social-returnverplichting dat bedrag maal de werkelijke waarde, gedeeld door het Indicatief "
        "aandeel van € 2.000.000,00, de waarde waarbij het bedrag in het Plan van aanpak hoort"
    ) in annex
    assert "de geraamde waarde waarbij het bedrag hoort" not in annex
    manifest = json.loads((out / "2027-0415-A" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["contract"]["obligation_eur"] == "80000.00"
    assert manifest["contract"]["holders"] == 3
    assert manifest["contract"]["obligation_is_estimate"] is True
    assert WARNING_A.removeprefix("Waarschuwing: ") in [w.replace(NBSP, " ") for w in manifest["warnings"]]
    other = _annex(out, "2027-0415-B")
    assert "dat is € 2.000.000,00" in other
    assert "Social-returnverplichting € 60.000,00" in other  # 2% of € 3 mln, the raming only
    assert (
        json.loads((out / "2027-0415-B" / "manifest.json").read_text(encoding="utf-8"))["contract"]["obligation_eur"]
        == "40000.00"
    )


def test_the_cover_calls_the_figure_an_estimate(signed: Path) -> None:
    # MINOR-1: the cover no longer calls the estimate the Social-returnverplichting
    annex = _annex(signed, "2027-0415-A")
    label = "Raming social return over het Indicatief aandeel"
    assert f"{label}\n€ 80.000,00 (niet verschuldigd; verschuldigd is het percentage maal de Afroepwaarde)" in annex
    assert "Social-returnverplichting (indicatief aandeel)" not in annex


def test_contract_and_calc_warn_about_fewer_holders(tmp_path: Path) -> None:
    # MAJOR-2 (3): a Dutch warning on stderr, per contract, through the catalog
    _, result = _contracts(tmp_path)
    assert WARNING_A in result.stderr.replace(NBSP, " ")
    assert "contract 2027-0415-B: de Raamovereenkomst is aan 2 Opdrachtnemers gegund" in result.stderr
    calc = run_cli("calc", TENDER, "--award", AWARD)
    assert calc.exit_code == 0, calc.output + calc.stderr
    assert WARNING_A in calc.stderr.replace(NBSP, " ")
    english = run_cli("--lang", "en", "contract", TENDER, AWARD, "-o", tmp_path / "en")
    assert english.exit_code == 0, english.output + english.stderr
    assert (
        "contract 2027-0415-A: the framework agreement was awarded to 2 holders, the tender announced 3; the "
        "Indicatief aandeel stays € 2.000.000,00, the Geraamde waarde divided by 3 as in the tender; the annex "
        "gives the estimate at 2 holders (€ 3.000.000,00) separately"
    ) in english.stderr.replace(NBSP, " ")


def test_all_announced_holders_awarded_gives_no_warning_and_no_separate_estimate(tmp_path: Path) -> None:
    award = tmp_path / "drie.yaml"
    award.write_text(
        AWARD.read_text(encoding="utf-8")
        + "  - number: 2027-0415-C\n    contractor:\n      name: Derde Advies B.V.\n      kvk: '12312312'\n"
        "      address: Plein 1, 2511 CR Den Haag\n      signatory: D. Derde, directeur\n"
        "    start_date: 2027-10-01\n",
        encoding="utf-8",
    )
    out, result = _contracts(tmp_path, TENDER, award)
    assert "Opdrachtnemers gegund, de aanbesteding noemde er" not in result.stderr
    annex = _annex(out, "2027-0415-C")
    assert "dat de aanbestedingsstukken noemden (3), dat is € 2.000.000,00" in annex
    assert "Het bedrag in het Plan van aanpak hoort bij € 2.000.000,00." in annex
    assert "gegunde Opdrachtnemers" not in annex
    assert "aan minder Opdrachtnemers gegund dan de aanbestedingsstukken noemden" not in annex
    assert "ook nu de Raamovereenkomst aan minder Opdrachtnemers is gegund" not in annex


def test_lots_keep_their_own_share_and_estimate(tmp_path: Path) -> None:
    bt1 = FIXTURES / "negende-lezing"
    out, result = _contracts(tmp_path, bt1 / "bt1.yaml", bt1 / "bt1-gunning.yaml")
    assert (
        "Waarschuwing: contract RO114-B: perceel 1 is aan 2 Opdrachtnemers gegund, de aanbesteding noemde er 3; "
        "het Indicatief aandeel blijft € 2.600.000,00, de Geraamde waarde van het perceel gedeeld door 3 zoals "
        "in de aanbesteding; de bijlage noemt de raming bij 2 Opdrachtnemers (€ 3.900.000,00) apart"
    ) in result.stderr.replace(NBSP, " ")
    both = _annex(out, "RO114-A")
    assert (
        "Het bedrag in het Plan van aanpak hoort bij het Indicatief aandeel van het Perceel (Perceel 1: "
        "€ 2.600.000,00; Perceel 2: € 1.600.000,00), ook nu een Perceel aan minder Opdrachtnemers is gegund."
    ) in both
    assert "De Percelen 1 en 2 zijn aan minder Opdrachtnemers gegund dan de aanbestedingsstukken noemden." in both
    assert (
        "bij 2 gegunde Opdrachtnemers voor Perceel 2 is de raming van de waarde van de Nadere overeenkomsten van "
        "de Opdrachtnemer € 2.400.000,00 en van zijn Social-returnverplichting € 144.000,00. Ook die ramingen "
        "zijn niet verschuldigd"
    ) in both
    manifest = json.loads((out / "RO114-B" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["contract"]["obligation_eur"] == "130000.00"  # 5% of € 7,8 mln / 3
