"""The nineteenth reading's R MINOR-6 (reader R's framework owed per Nadere overeenkomst; here the
eighteenth reading's ICT framework, tests/fixtures/achttiende-lezing): where one Nadere overeenkomst
has its own melding, the letter said of the others "de andere: nog niet aangevangen", also of those
whose obligation was met. A met Nadere overeenkomst has no tekort and so no Hersteltermijn."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

P = FIXTURES / "achttiende-lezing"


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> str:
    holder = written_contract(tmp_path_factory, P / "p1.yaml", P / "p1-gunning.yaml", "ZW-2027-014-01")
    out = holder.parent / "brief.docx"
    result = run_cli("realisatie", holder, P / "p1-rapport-eind.xlsx", "--peildatum", "2031-05-01",
                     "--melding", "NO-02=2030-12-20", "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(out)


def test_a_met_nadere_overeenkomst_has_no_hersteltermijn(letter: str) -> None:
    assert ("NO-02: 3 maanden na de melding van 20 december 2030, tot en met 20 maart 2031; NO-01: geen tekort, "
            "dus geen Hersteltermijn; gebundeld 2028: NO-03, NO-04: geen tekort, dus geen Hersteltermijn") in letter  # fmt: skip
    assert "de andere: nog niet aangevangen" not in letter
