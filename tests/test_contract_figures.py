"""Every row of a contract's figures table adds up: the percentage times the value gives the
obligation, a committed amount says 'toezegging', and the person-years follow the obligation
that is owed (lawyer's reading B-4)."""

from __future__ import annotations

import zipfile
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
from conftest import AWARD_EXAMPLES, EXAMPLES
from lxml import etree

import clausegen

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFERENCE_EUR = Decimal("40000")  # plaatsing-a, the reference block of the standard value table


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("€", "").replace("\u00a0", "").replace(".", "").replace(",", ".").strip())


def _figures_rows(path: Path) -> list[list[str]]:
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    for table in body.iter(W + "tbl"):
        rows = [["".join(t.text or "" for t in cell.iter(W + "t")) for cell in row.iter(W + "tc")]
                for row in table.iter(W + "tr")]  # fmt: skip
        if rows and any("arbeidsjaren" in cell for cell in rows[0]):
            return rows[1:]
    raise AssertionError(f"no figures table in {path.name}")


@pytest.mark.parametrize("award", [p.name for p in AWARD_EXAMPLES])
def test_every_row_of_the_figures_table_adds_up(award: str, tmp_path: Path):
    tender = EXAMPLES / award.replace("-gunning.yaml", ".yaml")
    clausegen.contract(tender, EXAMPLES / award, tmp_path)
    annexes = sorted(tmp_path.glob("*/*-social-return.docx"))
    assert annexes
    percentages: set[str] = set()
    for annex in annexes:
        for lot, _title, value, percentage, obligation, years in _figures_rows(annex):
            if lot == "" and _title == "Totaal":
                continue
            owed = _amount(obligation)
            percentages.add(percentage)
            if percentage not in ("toezegging", "geen"):
                pct = Decimal(percentage.rstrip("%").replace(",", "."))
                assert (_amount(value) * pct / 100).quantize(Decimal("0.01")) == owed, (annex.name, lot)
            if years not in ("–", ""):
                expected = (owed / REFERENCE_EUR).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
                assert Decimal(years.replace(",", ".")) == expected, (annex.name, lot, years)
    if "beveiliging" in award:
        assert "6%" in percentages  # 2026-0621-A committed 6 % in its plan, above the profile's 5 %
