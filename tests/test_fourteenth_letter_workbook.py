"""The thirteenth reading's points on the workbook and the realisation letter (readers E and F):
a per-call-off framework's workbook asks no Afroepwaarde and `--afroepwaarde` is refused there
(F MINOR-1); a toeslag a category withholds is not valued in the workbook (E MAJOR-2); the
Afroepwaarde is what is paid or owed (F MINOR-6); the letter per Nadere overeenkomst values and
does not establish during the term (F MINOR-3); support counts only with the consent (E MINOR-4);
the letter has a sender, an addressee, a date and a closing (E MINOR-6)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, run_cli

ZEVENDE = FIXTURES / "zevende-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ict(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seventh reading's ICT framework with three holders and the obligation per Nadere overeenkomst."""
    out = tmp_path_factory.mktemp("t4") / "c"
    result = run_cli("contract", ZEVENDE / "t4-min-ict.yaml", ZEVENDE / "t4-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / "2027-ICT-0412-1"


def _all_text(book: openpyxl.Workbook) -> str:
    parts = []
    for sheet in book.worksheets:
        parts += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        for validation in sheet.data_validations.dataValidation:
            parts += [validation.prompt or "", validation.promptTitle or "", validation.error or ""]
    return "\n".join(parts)


def test_a_per_call_off_workbook_asks_no_afroepwaarde(ict: Path) -> None:
    book = openpyxl.load_workbook(ict / "2027-ICT-0412-1-verantwoording.xlsx")
    assert "cg_afroepwaarde" not in book.defined_names
    text = _all_text(book)
    assert "Afroepwaarde tot nu toe (excl. btw)" not in text
    assert "Leeg: de raming uit de bijlage geldt" not in text
    assert "raming_eur (indicatie)" not in text
    guide = "\n".join(str(c.value or "") for c in book["Toelichting"]["A"])
    assert "Afroepwaarde" not in guide
    sheet = book["Verplichting"]
    assert (
        "Verschuldigd is per Nadere overeenkomst het percentage van haar waarde; dit blad geeft alleen een "
        "indicatie voor al uw Nadere overeenkomsten samen." in _all_text(book)
    )
    assert sheet.max_column == 5  # perceel .. percentage, no column F or G


def test_afroepwaarde_on_a_per_call_off_contract_is_an_error(ict: Path) -> None:
    result = run_cli("realisatie", ict, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31", "--afroepwaarde", "1155000")
    assert result.exit_code == 2
    assert (
        "bij contract 2027-ICT-0412-1 geldt de Social-returnverplichting per Nadere overeenkomst; daar telt geen "
        "Afroepwaarde, maar beslist de lijst van Nadere overeenkomsten (het blad Nadere overeenkomsten in de "
        "werkmap, of --nadere-overeenkomsten): laat --afroepwaarde weg" in result.stderr
    )
    assert "heeft een vaste verplichting" not in result.stderr


def test_the_api_refuses_an_afroepwaarde_per_call_off_too(ict: Path) -> None:
    from decimal import Decimal

    from clausegen.errors import ClausegenError
    from clausegen.realisation.api import realisatie

    with pytest.raises(ClausegenError) as caught:
        realisatie(ict, ZEVENDE / "r-t4.csv", "2031-10-31", call_off={"": Decimal("1155000")})
    assert caught.value.code == "realisation.call-off-per-call-off"

