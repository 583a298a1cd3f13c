"""The contract-side minors of the fifth reading (lawyer5 MINOR-1, 9, 10): the PSO warning gives
the real reason a certificate has no effect, a framework holder's estimate is marked as one in the
manifest and the status line, and the privacy refusal says "geen enkele groep" instead of
"maar 0 groep(en)"."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, run_cli
from test_category_risk import RAAM, _old_categories, _with_groups

VIJFDE = FIXTURES / "vijfde-lezing"
CAT, CAT_AWARD = VIJFDE / "cat.yaml", VIJFDE / "cat-gunning.yaml"
BEV, BEV_AWARD = VIJFDE / "bev.yaml", VIJFDE / "bev-gunning.yaml"


def _manifest(outdir: Path, number: str) -> dict:
    return json.loads((outdir / number / "manifest.json").read_text(encoding="utf-8"))


def test_pso_warning_for_a_contract_without_obligation_names_that_reason(tmp_path: Path) -> None:
    result = run_cli("contract", CAT, CAT_AWARD, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    expected = (
        "contract 2027-0815-B: voor dit contract geldt geen Social-returnverplichting (alleen de "
        "inspanningsbepaling), dus een PSO-certificaat heeft geen gevolg; de bijlage noemt het daarom niet"
    )
    assert expected in result.stderr
    assert "Plan van aanpak, of een profiel zonder PSO" not in result.stderr
    manifest = _manifest(tmp_path, "2027-0815-B")
    assert manifest["contract"]["obligation_eur"] == "0.00"
    assert manifest["contract"]["obligation_is_estimate"] is False
    assert expected.split(": ", 1)[1] in " ".join(manifest["warnings"])


def test_pso_warning_where_every_lot_asks_a_plan_of_approach(tmp_path: Path) -> None:
    result = run_cli("contract", BEV, BEV_AWARD, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (
        "contract 2027-0902-2: een PSO-certificaat telt in dit contract niet mee (de opdracht vraagt een Plan van "
        "aanpak)" in result.stderr  # a framework without lots (thirteenth reading E MINOR-10)
    )


def test_a_framework_holder_gets_an_estimate_not_an_obligation(tmp_path: Path) -> None:
    result = run_cli("contract", BEV, BEV_AWARD, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "(overeenkomst 2027-0902-1, raming € 99.000,00 (verschuldigd: 5,5% van de Afroepwaarde))" in result.stderr
    assert "(overeenkomst 2027-0902-2, raming € 108.000,00 (verschuldigd: 6% van de Afroepwaarde))" in result.stderr
    assert "verplichting € 99.000,00" not in result.stderr
    manifest = _manifest(tmp_path, "2027-0902-1")
    assert manifest["contract"]["holders"] == 2
    assert manifest["contract"]["obligation_eur"] == "99000.00"  # the key keeps its meaning and value
    assert manifest["contract"]["obligation_is_estimate"] is True


def test_a_fixed_obligation_keeps_its_status_line(tmp_path: Path) -> None:
    result = run_cli("contract", CAT, CAT_AWARD, "-o", tmp_path)
    assert "(overeenkomst 2027-0815-A, verplichting € 252.000,00)" in result.stderr
    assert _manifest(tmp_path, "2027-0815-A")["contract"]["obligation_is_estimate"] is False


def test_the_schema_knows_the_estimate_flag(tmp_path: Path) -> None:
    result = run_cli("schema", "-o", tmp_path / "schema")
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "schema").rglob("*.json"))
    assert "obligation_is_estimate" in text


def test_privacy_refusal_says_not_a_single_group_when_none_is_left(tmp_path: Path) -> None:
    library = _old_categories(tmp_path)
    tender = _with_groups(tmp_path / "t", RAAM, ["wajong", "banenafspraak"])
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", library)
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert "en geen enkele groep waaruit zo'n gegeven niet blijkt;" in message
    assert "0 groep(en)" not in message
    assert not (tmp_path / "out").exists()


def test_the_register_labels_an_estimate_it_records(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run_cli("contract", BEV, BEV_AWARD, "-o", out).exit_code == 0
    assert run_cli("contract", CAT, CAT_AWARD, "-o", tmp_path / "d").exit_code == 0
    db = str(tmp_path / "r.sqlite")
    result = run_cli("register", "--db", db, "add", out / "2027-0902-1")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2027-0902-1: toegevoegd"
    assert (
        "Waarschuwing: overeenkomst 2027-0902-1: de verplichting € 99.000,00 is een raming (houder van een "
        "raamovereenkomst die het percentage van zijn Afroepwaarde verschuldigd is)" in result.stderr
    )
    fixed = run_cli("register", "--db", db, "add", tmp_path / "d" / "2027-0815-A")
    assert fixed.exit_code == 0 and "raming" not in fixed.stderr
    status = json.loads(run_cli("register", "--db", db, "status", "--json").stdout)
    assert status["total"]["obligation_eur"] == "351000.00"  # the estimate is in the total, as the warning says
