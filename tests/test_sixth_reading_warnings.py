"""Warnings of the sixth legal reading: `generate` prints the supply-dominated warning that `calc`
and `explain` give, each command once (MINOR-9); a partnership as contractor without its partners
named gets a warning wherever an award is read (MINOR-10)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import FIXTURES, docx_text, run_cli

ICT = FIXTURES / "tweede-lezing" / "ict.yaml"
SUPPLY = "hoofdvoorwerp: het aandeel arbeid is 20%, minder dan 30% (instelling low_labour_share)"


def test_generate_calc_and_explain_each_print_the_supply_warning_once(tmp_path: Path) -> None:
    generate = run_cli("generate", ICT, "-o", tmp_path / "out")
    assert generate.exit_code == 0, generate.output
    assert generate.stderr.count(SUPPLY) == 1
    assert f"Waarschuwing: {SUPPLY}. Bestaat de opdracht overwegend uit leveringen" in generate.stderr
    assert (tmp_path / "out" / "manifest.json").is_file()
    as_json = run_cli("generate", ICT, "-o", tmp_path / "json", "--json")
    assert as_json.stderr.count(SUPPLY) == 1 and SUPPLY not in as_json.stdout
    for command in ("calc", "explain"):
        result = run_cli(command, ICT)
        assert result.exit_code == 0, result.output
        assert result.output.count(SUPPLY) == 1, command
        assert f"Waarschuwing {SUPPLY}" in result.output, command


def test_generate_gives_no_supply_warning_for_a_labour_intensive_tender(tmp_path: Path) -> None:
    result = run_cli("generate", FIXTURES / "tweede-lezing" / "schoonmaak-raam.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "hoofdvoorwerp" not in result.stderr


HWI = FIXTURES / "vijfde-lezing-memo" / "hwi.yaml"
HWI_AWARD = FIXTURES / "vijfde-lezing-memo" / "hwi-gunning.yaml"
PARTNERS = (
    "contract 2027-0333-02: de Opdrachtnemer Programma Partners V.O.F. is naar zijn naam een vennootschap onder "
    "firma (V.O.F.), maar de gunning noemt geen vennoten. Elke vennoot van een V.O.F. (en elke beherende vennoot "
    "van een C.V.) is hoofdelijk verbonden voor de verbintenissen van de vennootschap (artikelen 18 en 19 WvK); "
    "noem daarom in contractor.partners elke vennoot met naam en KvK-nummer (name, kvk)"
)


def _award(tmp_path: Path, contractor: dict[str, object]) -> Path:
    """The HWI award with the second contractor changed."""
    data = yaml.safe_load(HWI_AWARD.read_text(encoding="utf-8"))
    data["contracts"][1]["contractor"].update(contractor)
    path = tmp_path / "gunning.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_vof_without_partners_warns_at_calc_explain_memo_and_contract(tmp_path: Path) -> None:
    for command in ("calc", "explain"):
        result = run_cli(command, HWI, "--award", HWI_AWARD)
        assert result.exit_code == 0, result.output
        assert result.output.count(PARTNERS) == 1, command
    memo = tmp_path / "memo.docx"
    result = run_cli("explain", HWI, "--memo", "-o", memo, "--award", HWI_AWARD)
    assert f"Waarschuwing: {PARTNERS}" in result.stderr
    assert PARTNERS in re.sub(r"[ \t]+", " ", docx_text(memo).replace("\u00a0", " "))
    contract = run_cli("contract", HWI, HWI_AWARD, "-o", tmp_path / "c")
    assert contract.exit_code == 0, contract.output
    assert PARTNERS in contract.stderr
    assert "2027-0333-01: de Opdrachtnemer" not in contract.stderr  # a B.V. names no partners


def test_named_partners_or_a_name_without_a_partnership_give_no_warning(tmp_path: Path) -> None:
    partners = [{"name": "E. Smit Advies B.V.", "kvk": "11112222"}, {"name": "J. de Boer", "kvk": "33334444"}]
    for contractor in ({"partners": partners}, {"name": "Van Dijk CV-techniek B.V."}):
        result = run_cli("explain", HWI, "--award", _award(tmp_path, contractor))
        assert result.exit_code == 0, result.output
        assert "noemt geen vennoten" not in result.output, contractor


def test_a_maatschap_and_a_cv_warn_too_in_english(tmp_path: Path) -> None:
    for name, form in (("Maatschap Smit en De Boer", "maatschap"), ("Beheer Smit C.V.", "(C.V.)")):
        result = run_cli("explain", HWI, "--award", _award(tmp_path, {"name": name}))
        assert "is naar zijn naam een " in result.output and form in result.output, name
    english = run_cli("--lang", "en", "explain", HWI, "--award", HWI_AWARD)
    assert "but the award names no partners" in english.output
    assert "name every partner in contractor.partners" in english.output
