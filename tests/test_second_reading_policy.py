"""Second legal reading (December 2026): a services profile on a mostly-supply contract warns (M-6),
Buy Social has an objective test and no reversed burden of proof (M-7), and the buyer's AVG basis
names its statutory task while payslips count as hour records only (M-10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, copy_library, docx_text, run_cli

LEZING = FIXTURES / "tweede-lezing"
WARNING = "Waarschuwing hoofdvoorwerp: het aandeel arbeid is 20%, minder dan 30% (instelling low_labour_share)"


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def test_calc_explain_and_memo_warn_about_a_low_labour_share(tmp_path: Path) -> None:
    tender = LEZING / "ict.yaml"
    calc = run_cli("calc", str(tender))
    assert calc.exit_code == 0 and WARNING in calc.output
    explain = run_cli("explain", str(tender))
    assert explain.exit_code == 0 and WARNING in explain.output
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", str(tender), "--memo", "-o", str(memo)).exit_code == 0
    text = _plain(docx_text(memo))
    assert WARNING.replace(" (instelling low_labour_share)", "") in text and "gebruik het profiel leveringen" in text


def test_no_supply_warning_for_labour_intensive_services() -> None:
    calc = run_cli("calc", str(LEZING / "schoonmaak-raam.yaml"))
    assert calc.exit_code == 0 and "hoofdvoorwerp" not in calc.output


def test_the_threshold_is_a_profile_setting(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    copy_library(library)
    profile = library / "profiles" / "ict.yaml"
    text = profile.read_text(encoding="utf-8")
    text = (
        text.replace("settings:\n", "settings:\n  low_labour_share: 0.15\n", 1)
        if "settings:\n" in text
        else (text + "settings:\n  low_labour_share: 0.15\n")
    )
    profile.write_text(text, encoding="utf-8")
    calc = run_cli("calc", str(LEZING / "ict.yaml"), "--library", str(library))
    assert calc.exit_code == 0, calc.output
    assert "hoofdvoorwerp" not in calc.output


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("catering")
    assert run_cli("generate", str(LEZING / "catering.yaml"), "-o", str(out)).exit_code == 0
    return _plain(docx_text(out / "2027-0222-bijlage-social-return.docx"))


def test_buy_social_needs_an_objective_test_and_the_contractor_carries_the_proof(catering: str) -> None:
    assert "ten minste één van deze eisen" in catering  # m-22
    assert "met als maatschappelijke missie de arbeidsparticipatie van mensen met een afstand" in catering
    assert "een inschrijving in dat register alleen is niet genoeg" in catering
    assert "meer dan € 25.000,00, dan gaat de opgave vergezeld van een verklaring van een accountant" in catering
    assert "tenzij de Opdrachtgever aantoont dat zij onjuist zijn" not in catering
    assert "De Opdrachtnemer draagt de bewijslast." in catering


def test_avg_basis_names_the_statutory_task_and_payslips_are_redacted(catering: str) -> None:
    assert (
        "(artikel 6 lid 1 onder e en lid 3 AVG), in samenhang met de wettelijke taak van de Opdrachtgever" in catering
    )
    assert (
        "op grond van artikel 2.80 Aanbestedingswet 2012 aan zijn overeenkomsten verbindt" in catering
    )  # lawyer5 MINOR-11
    assert "(artikel 6 lid 1 onder b en c AVG)" in catering and "(artikel 6 lid 1 onder f AVG)" in catering  # m-18
    assert "onder b, c en f" not in catering
    assert "Een loonstrook geldt alleen als urenoverzicht" in catering
    assert "no-riskpolis" in catering


def test_the_public_task_text_is_set_per_tender(tmp_path: Path) -> None:
    source = (EXAMPLES / "schoonmaak-den-haag.yaml").read_text(encoding="utf-8")
    basis = "de taak van het college op grond van artikel 160 van de Gemeentewet"
    tender = tmp_path / "tender.yaml"
    tender.write_text(source.rstrip("\n") + f"\npublic_task_basis: {basis}\n", encoding="utf-8")
    result = run_cli("generate", str(tender), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    annex = next((tmp_path / "out").glob("*-bijlage-social-return.docx"))
    assert f"lid 3 AVG), in samenhang met {basis}." in _plain(docx_text(annex))
