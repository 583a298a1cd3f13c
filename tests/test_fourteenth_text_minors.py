"""Thirteenth legal reading, language and small points in the notice, the memo and the annexes:
- E TAAL-1: a work's eForms text (BT-777) and memo say "aannemer", as the annex does (UAV 2012);
- E TAAL-3: the memo quotes the privacy basis in its own lower case ("de opdrachtgever");
- F MINOR-9: a bundle is settled no later than its setting after the framework's end or, if later,
  after the end of the last bundled Nadere overeenkomst (raamovereenkomst.bundeling v8);
- F TAAL-1: the expected amount of the interim test is "the lower of two amounts", which a supplier
  can follow (monitoring.evaluatie v7).
The tenders: tests/fixtures/dertiende-lezing e1 (RVO, services), e2 (Zwolle, a work), f1 (ICT,
per Nadere overeenkomst) and f2 (catering, at framework level)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

L = FIXTURES / "dertiende-lezing"


def _text(path: Path) -> str:
    return re.sub(r"[ \t]+", " ", docx_text(path).replace("\u00a0", " "))


def _memo(name: str, out: Path) -> str:
    result = run_cli("explain", L / f"{name}.yaml", "--memo", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return _text(out)


def test_a_works_notice_and_memo_say_aannemer(tmp_path: Path) -> None:
    result = run_cli("notice", L / "e2.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    assert "de aannemer realiseert" in result.stdout
    assert "opdrachtnemer" not in result.stdout
    memo = _memo("e2", tmp_path / "memo.docx")
    assert "De aannemer rapporteert per categorie uit de waardetabel" in memo
    assert "De opdrachtnemer rapporteert" not in memo


def test_a_services_notice_keeps_opdrachtnemer() -> None:
    result = run_cli("notice", L / "e1.yaml")
    assert result.exit_code == 0, result.output + result.stderr
    assert "de opdrachtnemer realiseert" in result.stdout


def test_the_memo_quotes_the_public_task_in_lower_case(tmp_path: Path) -> None:
    memo = _memo("e1", tmp_path / "memo.docx")
    assert "in samenhang met de wettelijke taak van de opdrachtgever om rechtmatig" in memo
    assert "de wettelijke taak van de Opdrachtgever" not in memo


def test_a_bundle_is_settled_after_its_last_call_off_where_that_ends_later(tmp_path: Path) -> None:
    out = tmp_path / "t"
    result = run_cli("generate", L / "f1.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    text = "\n".join(_text(p) for p in sorted(out.glob("*.docx")))
    assert (
        "maanden na het einde van deze Raamovereenkomst of, als dat later is, na het einde van de laatste "
        "gebundelde Nadere overeenkomst;" in text
    )
    assert "maanden na het einde van deze Raamovereenkomst; partijen" not in text


def test_the_expected_amount_is_the_lower_of_two(tmp_path: Path) -> None:
    out = tmp_path / "t"
    result = run_cli("generate", L / "f2.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    text = "\n".join(_text(p) for p in sorted(out.glob("*.docx")))
    assert "Het verwachte bedrag is het laagste van twee bedragen: (a) het verstreken deel van de looptijd maal" in text
    assert "maal het hoogste van twee bedragen" not in text
    memo = _memo("f2", tmp_path / "memo.docx")
    assert "Het verwachte bedrag is het laagste van twee bedragen: (a) het verstreken deel van de looptijd van de " \
        "raamovereenkomst maal" in memo  # fmt: skip


def test_a_framework_memo_and_status_line_name_the_estimate_in_the_contracts_terms(tmp_path: Path) -> None:
    # F MINOR-5: one holder at framework level (catering f2): the cover says "Raming social return"
    memo = _memo("f2", tmp_path / "memo.docx")
    assert "Raming social return" in memo and "Totale social-returnverplichting" not in memo
    # F MINOR-4: per Nadere overeenkomst (ICT f1), the status line and the memo use the annex's terms
    result = run_cli("contract", L / "f1.yaml", L / "f1-gunning.yaml", "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output + result.stderr
    assert (
        "raming € 120.000,00 (verschuldigd per Nadere overeenkomst: 5% van haar waarde; kleinere dan € 100.000,00 "
        "per kalenderjaar gebundeld))" in result.stderr.replace("\u00a0", " ")
    )
    out = tmp_path / "award.docx"
    result = run_cli("explain", L / "f1.yaml", "--memo", "--award", L / "f1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    award = _text(out)
    assert "Social-returnverplichting: per Nadere overeenkomst van € 100.000,00 of meer 5% van haar waarde, kleinere " \
        "per kalenderjaar gebundeld; raming over het Indicatief aandeel" in award  # fmt: skip
    assert "5% van de Afroepwaarde" not in award
