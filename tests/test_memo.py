"""`explain --memo`: the motivation memo, and the proportionality warning `calc` and `explain` share."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, docx_text, run_cli

from clausegen import fmt
from clausegen.api import prepare
from clausegen.publish.proportion import check

TENDERS = sorted(p for p in EXAMPLES.glob("*.yaml") if "gunning" not in p.name)


def _tender(tmp_path: Path, labour_share: str) -> Path:
    path = tmp_path / "tender.yaml"
    text = (EXAMPLES / "schoonmaak-den-haag.yaml").read_text()
    path.write_text(text.replace("duration_months: 48", f"duration_months: 48\nlabour_share: {labour_share}"))
    return path


@pytest.mark.parametrize("tender", TENDERS, ids=lambda p: p.stem)
def test_memo_explains_each_figure_of_the_plan(tender: Path, tmp_path: Path) -> None:
    out = tmp_path / "motivering.docx"
    result = run_cli("explain", tender, "--memo", "-o", out)
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    calc = json.loads(run_cli("calc", tender, "--json").stdout)
    framework = prepare(tender).plan.framework  # a framework's value is an estimate (tenth reading MINOR-2)
    figures = "Geraamde waarde, schijf en raming" if framework else "Grondslag, schijf en verplichting"
    for heading in ("Waarom social return wel of niet", figures, "Instrumenten en alternatieven", "Evenredigheid"):
        assert heading in text
    for lot in calc["lots"]:
        assert fmt.euro(Decimal(lot["obligation_eur"])) in text
        if lot["indicative_person_years"]:
            assert fmt.aantal(Decimal(lot["indicative_person_years"]), 1) in text
    assert fmt.euro(Decimal(calc["total_obligation_eur"])) in text
    document = docx.Document(str(out))
    assert document.core_properties.title.startswith("Motivering social return: ")
    assert len(document.element.body.findall(".//{*}tbl")) == 2  # the info block and the figures


def test_memo_names_the_reason_where_no_social_return_applies(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    assert run_cli("explain", EXAMPLES / "catering-kantine-klein.yaml", "--memo", "-o", out).exit_code == 0
    assert "Geen social-returnverplichting, omdat de waarde valt in een schijf zonder verplichting" in docx_text(out)


def test_memo_needs_output_and_refuses_to_overwrite(tmp_path: Path) -> None:
    tender = EXAMPLES / "schoonmaak-den-haag.yaml"
    result = run_cli("explain", tender, "--memo")
    assert result.exit_code == 2 and "--memo en -o" in result.stderr
    out = tmp_path / "m.docx"
    assert run_cli("explain", tender, "--memo", "-o", out).exit_code == 0
    again = run_cli("explain", tender, "--memo", "-o", out)
    assert again.exit_code == 2 and "bestaat al" in again.stderr
    assert run_cli("explain", tender, "--memo", "-o", out, "--force").exit_code == 0


def test_disproportionate_obligation_warns_the_same_in_calc_explain_and_memo(tmp_path: Path) -> None:
    tender = _tender(tmp_path, "0.05")
    prepared = prepare(tender)
    results = check(prepared.plan, prepared.tender)
    warned = [r for r in results if r.warning]
    assert warned, results
    for r in warned:  # the formula in model.Settings: per year > share × labour person-years per year
        assert r.per_year is not None and r.capacity_per_year is not None
        assert r.per_year > r.share * r.capacity_per_year
    calc = run_cli("calc", tender).stdout
    explain = run_cli("explain", tender).stdout
    for r in warned:
        assert r.warning.replace("\u00a0", " ") in calc
        assert r.warning in explain
    out = tmp_path / "m.docx"
    run_cli("explain", tender, "--memo", "-o", out)
    assert "Niet evenredig, herzien of motiveren" in docx_text(out)


def test_proportionate_obligation_does_not_warn(tmp_path: Path) -> None:
    tender = _tender(tmp_path, "0.8")
    assert "Waarschuwing evenredigheid" not in run_cli("calc", tender).stdout
    out = tmp_path / "m.docx"
    run_cli("explain", tender, "--memo", "-o", out)
    assert "Evenredig: perceel 1" in docx_text(out)


def test_the_share_is_a_profile_setting(tmp_path: Path) -> None:
    tender = _tender(tmp_path, "0.8")
    prepared = prepare(tender)
    settings = type(prepared.plan.settings).model_validate(
        {**prepared.plan.settings.model_dump(), "max_person_years_per_year_share": Decimal("0.01")}
    )
    plan = replace(prepared.plan, settings=settings)
    assert any(r.warning for r in check(plan, prepared.tender))


def test_manifest_records_why_no_social_return_applies(tmp_path: Path) -> None:
    result = run_cli("generate", EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml", "-o", tmp_path, "--json")
    lots = json.loads(result.stdout)["plan"]["lots"]
    assert [lot["reason_code"] for lot in lots] == [None, None, "onder-drempel"]
