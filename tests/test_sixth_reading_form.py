"""The plan-of-approach form of the sixth legal reading (MINOR-6): the budget base (the holder's
indicative share to plan against) is given only for the lots that ask a plan of approach."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import FIXTURES, docx_text, run_cli

SCHOON = FIXTURES / "zesde-lezing-x2" / "schoon.yaml"


def _form(tender: Path, out: Path) -> str:
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \t]+", " ", docx_text(next(out.glob("*-plan-van-aanpak-formulier.docx"))).replace("\u00a0", " "))


def test_a_lot_without_a_plan_gets_no_budget_base(tmp_path: Path) -> None:
    text = _form(SCHOON, tmp_path / "out")
    assert (
        "Voor de begroting en de beoordeling gaat elke Inschrijver uit van het Indicatief aandeel van het Perceel: "
        "Perceel 1 € 2.800.000,00, bij het voorgeschreven percentage € 140.000,00. Dat bedrag is alleen de maatstaf"
    ) in text
    assert "Perceel 2 € 800.000,00" not in text
    assert "bij het voorgeschreven percentage € 40.000,00" not in text


def test_every_lot_with_a_plan_keeps_its_budget_base(tmp_path: Path) -> None:
    data = yaml.safe_load(SCHOON.read_text(encoding="utf-8"))
    data["lots"][1]["value_eur"] = 3000000  # band 3: lot 2 asks a plan too
    data["value_eur"] = 8600000
    tender = tmp_path / "schoon.yaml"
    tender.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text = _form(tender, tmp_path / "out")
    assert (
        "uit van het Indicatief aandeel per Perceel: Perceel 1 € 2.800.000,00, bij het voorgeschreven percentage "
        "€ 140.000,00 en Perceel 2 € 1.500.000,00, bij het voorgeschreven percentage € 75.000,00."
    ) in text
