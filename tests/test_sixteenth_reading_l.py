"""The sixteenth reading's L MAJOR-2: with a framework-level obligation, `--laatste-nadere-overeenkomst-tot`
took only a date, so any text in the column nadere_overeenkomst made work after the framework's end
count ("iets" turned a boete of € 6.305,85 into "voldaan"). `NUMMER=DATUM` names each Nadere
overeenkomst that ran on; only a row that names one counts after the end, up to its end. A plain
date still works but warns, and each row it lets count says by which number (reader L's own
hoogwaardige inhuur, tests/fixtures/zestiende-lezing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, written_contract

L = FIXTURES / "zestiende-lezing"
REPORT = L / "l2-rapport-label.xlsx"  # row 10: K-105 in July and August 2031, labelled "iets"
AT = ("--peildatum", "2032-07-01", "--melding", "2031-12-01", "--afroepwaarde", "2100000", "--json")


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, L / "l2.yaml", L / "l2-gunning.yaml", "PG-0088-01")


def _run(holder: Path, *last: str) -> tuple[dict, str]:
    result = run_cli("realisatie", holder, REPORT, *AT, *last)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout), result.stderr


def test_only_a_named_nadere_overeenkomst_counts_after_the_end(holder: Path) -> None:
    named, err = _run(holder, "--laatste-nadere-overeenkomst-tot", "NO-7=2031-09-30")
    row = {r["row"]: r for r in named["rows"]}[10]
    assert row["counted"] is False
    assert "Nadere overeenkomst iets liep na het einde van de raamovereenkomst (30 juni 2031) niet door" in row[
        "reason"].replace("\u00a0", " ")  # fmt: skip
    assert named["last_call_off_end"] == "2031-09-30"
    assert "noemt geen Nadere overeenkomst" not in err
    plain, warned = _run(holder, "--laatste-nadere-overeenkomst-tot", "2031-09-30")
    loose = {r["row"]: r for r in plain["rows"]}[10]
    assert loose["counted"] and loose["value_eur"] == "6666.67"
    assert "als inzet in Nadere overeenkomst iets" in loose["reason"]
    assert "--laatste-nadere-overeenkomst-tot noemt geen Nadere overeenkomst" in warned
    # the row is exactly the difference in the tekort
    from decimal import Decimal

    assert Decimal(named["shortfall_eur"]) - Decimal(plain["shortfall_eur"]) == Decimal("6666.67")


def test_a_plain_date_and_numbers_do_not_mix(holder: Path) -> None:
    result = run_cli("realisatie", holder, REPORT, *AT, "--laatste-nadere-overeenkomst-tot", "2031-09-30",
                     "--laatste-nadere-overeenkomst-tot", "NO-7=2031-09-30")  # fmt: skip
    assert result.exit_code == 2
    assert "of één datum zonder nummer, niet beide" in result.output


def test_the_model_framework_annex_owes_no_sum_of_lots_per_nadere_overeenkomst(tmp_path: Path) -> None:
    """L MAJOR-3: the model annex of a framework owed per Nadere overeenkomst said a holder owed "de
    som van de bedragen van de Percelen" awarded to it, against its own Article 24."""
    from conftest import docx_text

    out = tmp_path / "out"
    result = run_cli("generate", L / "l1.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(next(out.glob("*-raamovereenkomst-social-return.docx"))).replace("\u00a0", " ")
    assert "de som van de bedragen van de Percelen die in de Raamovereenkomst aan hem zijn gegund" not in text
    assert "tenzij alle Percelen aan hem zijn gegund" not in text
    assert "per Perceel; de som over de Percelen" not in text
    assert "per Nadere overeenkomst: het percentage van het Perceel maal haar waarde" in text
    assert "De Social-returnverplichting van de Opdrachtnemer geldt per Nadere overeenkomst die aan hem wordt " \
        "gegund" in text and "€ 180.000,00" not in text  # the model names no total of all lots  # fmt: skip


def test_the_table_per_nadere_overeenkomst_reads_as_reader_l_asked(tmp_path_factory: pytest.TempPathFactory) -> None:
    """L MINOR-1 (the PSO column and 'Nog te realiseren' explained) and L MINOR-2 (a Nadere
    overeenkomst that has not begun is not 'lopend' in words)."""
    holder = written_contract(tmp_path_factory, L / "l1.yaml", L / "l1-gunning.yaml", "UTR-ICT-07-H1")
    result = run_cli("realisatie", holder, L / "l1-rapport-h1.xlsx", "--peildatum", "2028-06-30")
    assert result.exit_code == 0, result.output + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("NO-N05"))
    assert line.endswith(": nog niet begonnen")
    assert "De kolom PSO geeft het deel tot de peildatum; ‘Nog te realiseren’ is de verplichting min het " \
        "gerealiseerde min het deel dat het certificaat over de hele looptijd" in result.stdout  # fmt: skip
    data = json.loads(run_cli("realisatie", holder, L / "l1-rapport-h1.xlsx", "--peildatum", "2028-06-30",
                              "--json").stdout)  # fmt: skip
    assert next(c for c in data["call_offs"] if c["number"] == "NO-N05")["status"] == "lopend"  # JSON unchanged


def test_a_row_after_the_last_nadere_overeenkomst_names_both_ends(holder: Path) -> None:
    """L MINOR-8: not 'de looptijd van het contract (… 30 september 2031)', the framework ended on 30 June."""
    data, _ = _run(holder, "--laatste-nadere-overeenkomst-tot", "NO-7=2031-09-30")
    reasons = [r["reason"].replace("\u00a0", " ") for r in data["rows"] if not r["counted"]]
    assert any("valt buiten de looptijd van de raamovereenkomst (1 juli 2027 tot en met 30 juni 2031) en van de "
               "Nadere overeenkomst die daarna doorliep (tot en met 30 september 2031)" in r for r in reasons)  # fmt: skip
    assert not any("looptijd van het contract (1 juli 2027 tot en met 30 september 2031)" in r for r in reasons)


def test_the_voornemen_gives_the_two_parts_of_a_tekort_above_the_raming(holder: Path) -> None:
    """L MINOR-7: each part of the tekort has its own Hersteltermijn (raamovereenkomst.niveau)."""
    result = run_cli("realisatie", holder, REPORT, *AT[:-1], "--laatste-nadere-overeenkomst-tot", "NO-7=2031-09-30")
    assert result.exit_code == 0, result.output + result.stderr
    text = result.stdout.replace("\u00a0", " ")
    data = json.loads(run_cli("realisatie", holder, REPORT, *AT, "--laatste-nadere-overeenkomst-tot",
                              "NO-7=2031-09-30").stdout)  # fmt: skip
    from decimal import Decimal

    # 7.805,85 in all, of which 5.553,76 on the part above the raming
    assert Decimal(data["shortfall_eur"]) - Decimal(data["excess_shortfall_eur"]) == Decimal("2252.09")
    assert (
        "Het tekort bestaat uit twee delen (artikel 23): € 2.252,09 op het deel tot de raming, met de Hersteltermijn tot en met 1 maart 2032, en € 5.553,76 op het deel boven "
        "de raming (€ 10.500,00), met de langere Hersteltermijn tot en met 1 juni 2032." in text
    )
