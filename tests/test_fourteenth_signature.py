"""Twelfth legal reading, reader C, MINOR-2: a combination (V.O.F.) signing with two partners was
"vertegenwoordigd door" one person above the signature blocks and by two in Article 1, and the
award file required `signatory` even where `signatories` names who sign. Now `signatories` wins in
both places, and `signatory` may be left out. The award: tests/fixtures/zevende-lezing t2 (the
Combinatie Dijkversterking IJsseldelta V.O.F.)."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

Z = FIXTURES / "zevende-lezing"
BOTH = "G. Jansen, namens Jansen GWW B.V. en P. Dijkstra, namens Dijkstra Waterbouw B.V."


def _contract(tmp_path: Path, award: Path) -> str:
    result = run_cli("contract", Z / "t2-wdod-gww.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output + result.stderr
    return docx_text(next((tmp_path / "c").glob("*/*.docx")))


def test_the_signature_heading_names_who_sign_as_article_one_does(tmp_path: Path) -> None:
    text = _contract(tmp_path, Z / "t2-gunning.yaml")
    assert f"Voor de Aannemer, Combinatie Dijkversterking IJsseldelta V.O.F., vertegenwoordigd door {BOTH}:" in text
    assert text.count(f"vertegenwoordigd door {BOTH}") == 2  # Article 1 and above the signature blocks
    assert "vertegenwoordigd door G. Jansen en P. Dijkstra, gezamenlijk bevoegd:" not in text


def test_signatory_may_be_left_out_where_signatories_are_given(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    text = (Z / "t2-gunning.yaml").read_text(encoding="utf-8")
    award.write_text(
        text.replace("      signatory: G. Jansen en P. Dijkstra, gezamenlijk bevoegd\n", ""), encoding="utf-8"
    )
    assert "signatory:" not in award.read_text(encoding="utf-8")
    assert f"vertegenwoordigd door {BOTH}:" in _contract(tmp_path, award)


def test_a_contractor_without_anyone_to_sign_is_refused(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    text = (Z / "t2-gunning.yaml").read_text(encoding="utf-8")
    text = text.replace("      signatory: G. Jansen en P. Dijkstra, gezamenlijk bevoegd\n", "")
    text = text.replace(
        '      signatories: ["G. Jansen, namens Jansen GWW B.V.", "P. Dijkstra, namens Dijkstra Waterbouw B.V."]\n', ""
    )
    award.write_text(text, encoding="utf-8")
    result = run_cli("contract", Z / "t2-wdod-gww.yaml", award, "-o", tmp_path / "c")
    assert result.exit_code == 2
    assert "geef signatory (wie de Opdrachtnemer vertegenwoordigt) of signatories (wie ondertekenen)" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "c").exists()
