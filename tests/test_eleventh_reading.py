"""The eleventh reading's BLOCKER-1, replayed on the reader's tender (tests/fixtures/elfde-lezing):
a framework of Provincie Gelderland with two lots, three holders announced per lot and two
awarded; holder -03 holds only lot 2, which asks no plan of approach. `contract` stopped on an
internal marker in the definition of the Indicatief aandeel and wrote no contract at all."""

from __future__ import annotations

from conftest import FIXTURES, docx_text, run_cli

ELFDE = FIXTURES / "elfde-lezing"


def test_a_holder_of_a_lot_without_a_plan_gets_its_contract(tmp_path) -> None:  # noqa: ANN001
    result = run_cli("contract", ELFDE / "bt1.yaml", ELFDE / "bt1-gunning.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(tmp_path / "PGLD-2027-017-03" / "PGLD-2027-017-03-raamovereenkomst-social-return.docx")
    text = text.replace("\u00a0", " ")
    # the raming at the real number of holders stands in Artikel 5 only (fifteenth reading J MINOR-7)
    assert "Die raming is alleen een indicatie" not in text
    assert "Alleen als raming: bij 2 gegunde Opdrachtnemers voor Perceel 2" in text
    assert "\ue000" not in text
    assert {p.name for p in tmp_path.iterdir()} == {"PGLD-2027-017-01", "PGLD-2027-017-02", "PGLD-2027-017-03"}
