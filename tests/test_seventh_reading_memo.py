"""The covers and the memo of a framework whose obligation lives per Nadere overeenkomst (seventh
legal reading MINOR-3, MINOR-4 and the memo part of MAJOR-1): the sum is an estimate over all
Nadere overeenkomsten, owed per Nadere overeenkomst; the interim test is per Nadere overeenkomst;
a tender without lots has no Perceel column. Tenders of the reader's own: tests/fixtures/zevende-lezing/."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

TENDERS = FIXTURES / "zevende-lezing"


def test_covers_of_an_obligation_per_call_off_say_estimate_owed_per_call_off(tmp_path: Path) -> None:
    tender, award = TENDERS / "t4-min-ict.yaml", TENDERS / "t4-gunning.yaml"
    assert run_cli("generate", tender, "-o", tmp_path / "gen").exit_code == 0
    assert run_cli("contract", tender, award, "-o", tmp_path / "c").exit_code == 0
    (annex,) = (tmp_path / "gen").glob("*bijlage-social-return.docx")
    text = docx_text(annex)
    assert "Raming social return, alle Nadere overeenkomsten samen (verschuldigd per Nadere overeenkomst)" in text
    holder = docx_text(next((tmp_path / "c").rglob("*-1-raamovereenkomst-social-return.docx"))).replace("\u00a0", " ")
    label = "Raming social return, alle Nadere overeenkomsten van de Opdrachtnemer samen"
    assert f"{label} (verschuldigd per Nadere overeenkomst)\n€ 200.000,00" in holder
    assert "(raming, per Nadere overeenkomst)" not in text + holder


def test_memo_of_a_per_call_off_framework_without_lots(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    result = run_cli("explain", TENDERS / "t4-min-ict.yaml", "--memo", "-o", memo)
    assert result.exit_code == 0, result.output
    text = docx_text(memo).replace("\u00a0", " ")
    assert "per nadere overeenkomst van € 100.000,00 of meer of de houder ten minste 50%" in text
    assert "vermenigvuldigd met het deel van haar eigen looptijd dat is verstreken" in text
    assert "het deel van de looptijd van de raamovereenkomst" not in text
    # tenth reading MINOR-2: a framework's value measures band and estimate; the sum is no obligation
    assert "De geraamde waarde is de maatstaf voor de schijf en voor de raming" in text
    assert "verschuldigd is het percentage van de waarde van elke nadere overeenkomst" in text
    assert "per perceel" not in text.lower()
    assert "Perceel\nGeraamde waarde" not in text
    assert "Geraamde waarde (maatstaf voor schijf en raming)\nSchijf" in text
    assert "Grondslag (opdrachtwaarde)" not in text and "De grondslag is" not in text


def test_memo_with_lots_keeps_the_lot_column(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", TENDERS / "t1-vr-facilitair.yaml", "--memo", "-o", memo).exit_code == 0
    text = docx_text(memo)
    assert "Perceel\nGeraamde waarde (maatstaf voor schijf en raming)" in text
    assert "De geraamde waarde per perceel is de maatstaf voor de schijf en voor de raming" in text


def test_the_holders_annex_of_a_per_call_off_framework_defines_its_estimate(tmp_path: Path) -> None:
    # MAJOR-1 (a): no "5% van de Opdrachtwaarde van € 4.000.000,00" where the Opdrachtwaarde is the
    # framework's € 12 mln; the holder's share is the defined Indicatief aandeel, owed per call-off
    tender, award = TENDERS / "t4-min-ict.yaml", TENDERS / "t4-gunning.yaml"
    assert run_cli("contract", tender, award, "-o", tmp_path / "c").exit_code == 0
    text = docx_text(next((tmp_path / "c").rglob("*-1-raamovereenkomst-social-return.docx"))).replace("\u00a0", " ")
    assert (
        "Indicatief aandeel: de geraamde waarde van de Raamovereenkomst voor alle Opdrachtnemers samen, gedeeld" in text
    )
    assert "dat is € 4.000.000,00: het deel dat bij een gelijke verdeling van de Nadere overeenkomsten op één" in text
    assert "5% van het Indicatief aandeel van € 4.000.000,00, dat is € 200.000,00." in text
    assert "5% van de Opdrachtwaarde van € 4.000.000,00" not in text
    assert "Verschuldigd is per Nadere overeenkomst het percentage maal haar waarde, volgens Artikel 22." in text
