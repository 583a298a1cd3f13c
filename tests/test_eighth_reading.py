"""The eighth legal reading's MAJOR-1: a PSO certificate below the level the profile accepts (trede 1
where the ict profile counts from trede 2) fills nothing: `contract` warns, the holder's annex does
not name it, and neither the manifest nor the workbook credits it. The reader's tender:
tests/fixtures/achtste-lezing (a province's ICT framework, holder B with a trede-1 certificate)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from conftest import EXAMPLES, FIXTURES, docx_text, one_contract_award, run_cli

ACHTSTE = FIXTURES / "achtste-lezing"


def test_a_certificate_below_the_accepted_level_counts_for_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert (
        "Waarschuwing: contract PFL-ICT-07-B: het PSO-certificaat (trede 1) telt in dit contract niet mee: het "
        "profiel van de aanbesteding aanvaardt PSO pas vanaf trede 2"
    ) in result.stderr
    folder = out / "PFL-ICT-07-B"
    annex = docx_text(next(folder.glob("*-social-return.docx")))
    assert "op het niveau trede 1 overgelegd" not in annex
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["valuation"].get("pso") is None
    sheet = openpyxl.load_workbook(next(folder.glob("*-verantwoording.xlsx")))["Verplichting"]
    assert not any("PSO" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    memo = tmp_path / "memo.docx"
    explained = run_cli(
        "explain", ACHTSTE / "t1-flevoland-ict.yaml", "--memo", "-o", memo, "--award", ACHTSTE / "t1-gunning.yaml"
    )
    assert explained.exit_code == 0, explained.output + explained.stderr
    assert "telt niet mee, omdat het profiel PSO pas vanaf trede 2 aanvaardt" in docx_text(memo)


def test_a_call_off_that_runs_past_the_framework_keeps_counting(tmp_path: Path) -> None:
    # MAJOR-2: the framework ends on 30 June 2031; a Nadere overeenkomst that runs to 31 December
    # keeps its obligation, so its work counts to the peildatum (the whole year: € 40.000,00)
    out = tmp_path / "c"
    assert run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out).exit_code == 0
    result = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv", "--peildatum", "2032-01-15", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    (row,) = json.loads(result.stdout)["rows"]
    assert (row["value_eur"], row["counted"], row["reason"]) == ("40000.00", True, "")
    annex = docx_text(next((out / "PFL-ICT-07-A").glob("*-social-return.docx")))
    # per Nadere overeenkomst: the term of the one the contribution is made for (eighteenth reading P MAJOR-1)
    assert "de looptijd van de Nadere overeenkomst waarvoor de bijdrage wordt geleverd" in annex.replace("\u00a0", " ")


def test_a_per_call_off_letter_with_lots_says_nothing_of_a_tekort_per_lot(tmp_path: Path) -> None:
    # MINOR-6: no "het tekort is per perceel berekend" where no tekort is computed at all
    out = tmp_path / "c"
    assert run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out).exit_code == 0
    result = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv", "--peildatum", "2031-09-30")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Deze brief stelt niets vast op het niveau van de Raamovereenkomst" in result.stdout
    assert "tekort is per perceel berekend" not in result.stdout and "verrekening" not in result.stdout


def test_the_tender_annex_defines_every_holder_of_a_lot(tmp_path: Path) -> None:
    # MINOR-1 and MINOR-3: with two holders per lot the definition speaks of every Inschrijver of a
    # lot, and small call-offs are bundled per holder and per lot
    out = tmp_path / "t"
    assert run_cli("generate", ACHTSTE / "t1-flevoland-ict.yaml", "-o", out).exit_code == 0
    annex = docx_text(next(out.glob("*-bijlage-social-return.docx")))
    assert "voor een Perceel: elke Inschrijver aan wie dat Perceel wordt gegund" in annex
    assert "voor elk Perceel de partij aan wie dat Perceel is gegund" not in annex
    assert "van de Opdrachtnemer onder hetzelfde Perceel waarvan de looptijd in hetzelfde kalenderjaar begint" in annex


def test_the_holders_certificate_is_named_once(tmp_path: Path) -> None:
    # MINOR-2 and MINOR-4: the PSO article refers to the article on the certificate handed in, which
    # alone names its level and validity; one term (the framework's) and no stray "hij"
    out = tmp_path / "c"
    tender, award = (
        EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml",
        "beveiliging-raamovereenkomst-houders-gunning",
    )
    assert run_cli("contract", tender, EXAMPLES / f"{award}.yaml", "-o", out).exit_code == 0
    annex = docx_text(next((out / "2026-0621-C").glob("*-social-return.docx")))
    assert "bij de gunning heeft overgelegd, staat met zijn niveau en geldigheid in Artikel" in annex
    assert annex.count("geldig tot en met 31 december 2029") == 1
    assert "Het overige deel vult hij in" not in annex
    # a certificate below the accepted level: the article says it does not count, without its level
    flevoland = tmp_path / "f"
    assert (
        run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", flevoland).exit_code
        == 0
    )
    below = docx_text(next((flevoland / "PFL-ICT-07-B").glob("*-social-return.docx")))
    assert "ligt onder het niveau trede 2 en telt daarom niet mee" in below
    assert "looptijd van de Raamovereenkomst waarin het certificaat" not in below  # per call-off: the call-off's term


def test_a_peildatum_before_the_start_is_refused(tmp_path: Path) -> None:
    # MINOR-5: the contract starts in 2031; today and an explicit day before it are both refused
    out = tmp_path / "c"
    assert run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out).exit_code == 0
    today = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv")
    assert today.exit_code == 2 and "Traceback" not in today.output + today.stderr
    assert "zonder --peildatum is de peildatum vandaag" in today.stderr
    early = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv", "--peildatum", "2027-01-01")
    assert early.exit_code == 2
    assert "de peildatum (1 januari 2027) ligt vóór de ingangsdatum van contract PFL-ICT-07-A" in early.stderr


def test_a_committed_amount_is_named_in_the_definition_and_the_settlement(tmp_path: Path) -> None:
    # MINOR-7: a single-holder framework whose holder committed an amount
    noord = ("Adviesbureau Noord B.V.", "56789012", "Herestraat 1, 9711 LA Groningen", "P. de Vries, directeur")
    award = one_contract_award(
        tmp_path / "gunning.yaml", "2026-0311", "2026-0311-1", noord, "    commitment: {amount_eur: 200000}\n"
    )
    out = tmp_path / "c"
    result = run_cli("contract", EXAMPLES / "hoogwaardige-inhuur-raamovereenkomst.yaml", award, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    annex = docx_text(next((out / "2026-0311-1").glob("*-social-return.docx")))
    assert "wat hij in het Plan van aanpak bij zijn inschrijving heeft toegezegd (een percentage of een bedrag), " \
        "volgens Artikel" in annex  # fmt: skip
    assert "Een bijstelling verlaagt het toegezegde percentage of bedrag aan Inspanningswaarde niet" in annex
    assert (
        "Heeft de Opdrachtnemer in het Plan van aanpak een bedrag toegezegd, dan is de Social-returnverplichting dat"
        in annex
    )


def test_the_notice_of_a_single_holder_framework_gives_an_estimate() -> None:
    # MINOR-8: settled on the real call-offs, so the amount is an estimate
    result = run_cli("notice", EXAMPLES / "hoogwaardige-inhuur-raamovereenkomst.yaml", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    (lot,) = json.loads(result.stdout)["lots"]
    assert "ten minste 2% van de werkelijke waarde van de nadere overeenkomsten" in lot["BT-777"]
    assert "Naar raming is dat € 170.000,00" in lot["BT-777"].replace("\u00a0", " ")
    assert "vastgesteld op de werkelijke waarde van de nadere overeenkomsten" in lot["BT-777"]
