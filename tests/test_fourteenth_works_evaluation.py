"""Thirteenth legal reading, reader E, MINOR-3: in a work of fourteen months the only interim test
fell twelve months after the start, two months before the planned oplevering, too late to steer.
The profile bouw (v3) now evaluates first at six months and then every half year
(`evaluation_months: 6`, with the reason in the profile's comment). The contract: the reader's
work of the Gemeente Zwolle (tests/fixtures/dertiende-lezing e2), from 1 July 2027, planned
oplevering 31 August 2028: the first evaluation is 1 January 2028."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

E = FIXTURES / "dertiende-lezing"


def test_a_work_is_first_evaluated_after_six_months(tmp_path: Path) -> None:
    result = run_cli("contract", E / "e2.yaml", E / "e2-gunning.yaml", "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(next((tmp_path / "c").glob("*/*.docx"))).replace("\u00a0", " ")
    assert "Eerste evaluatiegesprek: op deze datum, of later als de eerste rapportage dan nog niet is bevestigd " \
        "(Artikel 24)\n1 januari 2028\n" in text  # fmt: skip
    assert "Het eerste evaluatiegesprek vindt plaats ten vroegste 6 maanden na de ingangsdatum" in text
    assert "daarna evalueren partijen ten minste eenmaal per 6 maanden" in text
    assert "ten vroegste 12 maanden na de ingangsdatum" not in text
    assert "1 juli 2028" not in text
