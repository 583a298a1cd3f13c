"""Defects a second reader of the thirteenth reading's change found, on the readers' tenders:

- a call-off running past the framework (`--laatste-nadere-overeenkomst-tot`) kept the interim
  figures but the phase and the letter's method said the term was over;
- during the term the letter said a surplus on another lot never fills a short lot, also where
  the contract lets it after the term;
- the register took a cut off a contract's obligated work for overlap with voluntary work, which
  the register does not count;
- the workbook's maximum months per kandidaat also counted rows that count for nothing
  (tests/test_thirteenth_reading.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, docx_text, run_cli

TWAALFDE = FIXTURES / "twaalfde-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("c2")
    result = run_cli("contract", TWAALFDE / "c2.yaml", TWAALFDE / "c2-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_a_running_call_off_keeps_the_interim_phase_and_letter(catering: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    args = ("realisatie", catering / "ZW-2027-044-B", TWAALFDE / "c2b-rapport4.csv", "--peildatum", "2031-10-01",
            "--afroepwaarde", "1000000", "--laatste-nadere-overeenkomst-tot", "2031-12-31")  # fmt: skip
    data = json.loads(run_cli(*args, "--json").stdout)
    assert data["phase"] == "looptijd"
    result = run_cli(*args, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert "volledig ingevuld; er is geen tekort" not in text
    assert "Dit is de waardering van de eindrapportage" not in text
    assert "De enige tussentijdse toets" in text


def _register(db: Path, *args: object) -> Any:
    result = run_cli("register", "--db", db, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_the_register_takes_no_cut_for_overlap_with_voluntary_work(tmp_path: Path) -> None:
    """One contractor with two contracts: A (lots 1 and 3, lot 3 without obligation) and X (lot 2).
    K-04 works voluntarily on A's lot 3 and, at the same time, on X's lot 2."""
    award = (TWAALFDE / "c2-gunning.yaml").read_text(encoding="utf-8")
    award = award.replace("ZW-2027-044-B", "ZW-2027-044-X").replace('kvk: "68765432"', 'kvk: "72345678"')
    (tmp_path / "gunning.yaml").write_text(award, encoding="utf-8")
    made = run_cli("contract", TWAALFDE / "c2.yaml", tmp_path / "gunning.yaml", "-o", tmp_path / "c")
    assert made.exit_code == 0, made.output + made.stderr
    head = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n"
    (tmp_path / "a.csv").write_text(head + "1;K-01;plaatsing-a;36;1-9-2027;31-8-2029;;;a\n"
                                    "3;K-04;plaatsing-a;36;1-1-2028;31-12-2029;;;vrijwillig\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "x.csv").write_text(head + "2;K-04;plaatsing-a;36;1-10-2027;31-12-2029;;;x\n", encoding="utf-8")
    db = tmp_path / "reg.sqlite"
    for number, report in (("ZW-2027-044-A", "a.csv"), ("ZW-2027-044-X", "x.csv")):
        _register(db, "add", tmp_path / "c" / number)
        _register(db, "report", tmp_path / "c" / number, tmp_path / report, "--peildatum", "2030-06-01")
    status = json.loads(_register(db, "status", "--json", "--peildatum", "2030-06-01").stdout)
    contracts = {c["contract"]: c for c in status["contracts"]}
    letter = json.loads(run_cli("realisatie", tmp_path / "c" / "ZW-2027-044-A", tmp_path / "a.csv", "--peildatum",
                                "2030-06-01", "--json").stdout)  # fmt: skip
    lot1 = next(x for x in letter["lots"] if x["id"] == "1")
    assert contracts["ZW-2027-044-A"]["realised_eur"] == lot1["realised_eur"] == "80000.00"
    x_letter = json.loads(run_cli("realisatie", tmp_path / "c" / "ZW-2027-044-X", tmp_path / "x.csv", "--peildatum",
                                  "2030-06-01", "--json").stdout)  # fmt: skip
    assert contracts["ZW-2027-044-X"]["realised_eur"] == x_letter["realised_eur"]
