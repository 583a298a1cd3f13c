"""Warnings of the sixth legal reading: `generate` prints the supply-dominated warning that `calc`
and `explain` give, each command once (MINOR-9)."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, run_cli

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
