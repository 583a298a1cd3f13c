"""The nineteenth reading's Q MINOR-4 (reader Q's works contract with a V.O.F.; here the fourteenth
reading's dike work of "Combinatie Lekoever v.o.f.", tests/fixtures/veertiende-lezing g1): the
voornemen of a boete was addressed to the V.O.F. only, while Article 1 makes each partner jointly and
severally liable. The letter is now addressed to the partners too."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

G = FIXTURES / "veertiende-lezing"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, G / "g1.yaml", G / "g1-gunning.yaml", "WSRL-2027-017-01")


def _letter(work: Path, name: str) -> str:
    letter = work.parent / name
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", "--peildatum", "2031-09-30",
                     "--oplevering", "2030-05-31", "--onderhoudstermijn-tot", "2031-05-31", "--melding", "2031-06-15",
                     "--briefdatum", "2031-10-10", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(letter)


def test_the_letter_to_a_combination_is_addressed_to_its_partners_too(work: Path) -> None:
    text = _letter(work, "brief.docx")
    assert "Aan (Aannemer): Combinatie Lekoever v.o.f.\nAan de vennoten, ieder hoofdelijk aansprakelijk: " \
        "Dijkbouw Boer B.V. en Waterwerken Kaya B.V.\nDatum: 10 oktober 2031" in text.replace("\u00a0", " ")  # fmt: skip


def test_a_letter_to_a_contractor_without_partners_names_none(tmp_path: Path) -> None:
    fixtures = FIXTURES / "achttiende-lezing"
    holder = tmp_path / "c"
    assert run_cli("contract", fixtures / "p1.yaml", fixtures / "p1-gunning.yaml", "-o", holder).exit_code == 0
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", holder / "ZW-2027-014-01", fixtures / "p1-rapport-eind.xlsx", "--peildatum",
                     "2031-05-01", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    assert "Aan de vennoten" not in docx_text(letter)
