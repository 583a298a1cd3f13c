"""The fourth legal reading's warnings and refusal reason (lawyer4 MINOR-1, MINOR-4, MINOR-7), run
through the CLI on the reviewer's kind of tender (fixtures/vierde-lezing): a facilitair contract
of a waterschap named as a plain string, with a Doelgroep narrowed to category-B groups, no labour
share and no motivation of proportionality; and a small supply without any obligation."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

from clausegen.register import add, open_engine, report
from clausegen.register.figures import value_stored
from clausegen.register.tables import reports

LEZING = FIXTURES / "vierde-lezing"
SMAL = LEZING / "smal.yaml"
UNMOTIVATED = (
    "Waarschuwing: de evenredigheid van de verplichting is niet gemotiveerd: de aanbesteding geeft geen "
    "labour_share en geen proportionality_motivation (artikel 1.10 Aanbestedingswet 2012). Vul vóór publicatie "
    "labour_share of proportionality_motivation in."
)
NO_REPRESENTATIVE = (
    "Waarschuwing: contract 2027-FM-200-1: represented_by ontbreekt: de aanbesteding noemt geen vertegenwoordiger "
    "van de Opdrachtgever 'Waterschap Voorbeelddelta', zodat het ondertekeningsblok open blijft. Geef "
    "contracting_authority als {name, legal_entity, represented_by} en vul represented_by in vóór ondertekening."
)
OUTSIDE = (
    "het Bouwblok ‘Stageplaats mbo BOL niveau 2 tot en met 4’ (stage-bol) geldt volgens de Waardetabel niet voor "
    "de Doelgroep van deze aanbesteding"
)


def _tender(tmp_path: Path, extra: str = "", authority: str | None = None) -> Path:
    text = SMAL.read_text(encoding="utf-8")
    if authority is not None:
        text = re.sub(r"(?m)^contracting_authority: .*$", authority.rstrip("\n"), text)
    tender = tmp_path / "aanbesteding.yaml"
    tender.write_text(text + extra, encoding="utf-8")
    return tender


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("Waarschuwing", "Warning"))]


# ------------------------------------------------------------------ MINOR-1: proportionality


def test_generate_and_explain_warn_once_on_stderr_when_proportionality_is_not_motivated(tmp_path: Path) -> None:
    generated = run_cli("generate", str(SMAL), "-o", str(tmp_path / "out"))
    assert generated.exit_code == 0, generated.output
    assert _warnings(generated.stderr) == [UNMOTIVATED]
    assert generated.stderr.splitlines()[-1] == UNMOTIVATED  # after the lines that say what was written
    assert (tmp_path / "out" / "manifest.json").exists()
    for args in (("explain", str(SMAL)), ("explain", str(SMAL), "--json")):
        explained = run_cli(*args)
        assert explained.exit_code == 0, explained.output
        assert _warnings(explained.stderr) == [UNMOTIVATED], args
        assert "niet gemotiveerd" not in explained.stdout  # the result stays clean (JSON parses)
    json.loads(run_cli("explain", str(SMAL), "--json").stdout)
    quiet = run_cli("-q", "generate", str(SMAL), "-o", str(tmp_path / "q"))
    assert quiet.stderr == UNMOTIVATED + "\n"  # -q silences status lines, never warnings


def test_the_memo_says_it_in_the_reviewers_words(tmp_path: Path) -> None:
    result = run_cli("explain", str(SMAL), "--memo", "-o", str(tmp_path / "memo.docx"))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == [UNMOTIVATED]
    text = docx_text(tmp_path / "memo.docx")
    assert (
        "Let op: de evenredigheid van de verplichting is niet gemotiveerd. Vul vóór publicatie labour_share of "
        "proportionality_motivation in."
    ) in text
    assert "Er is nog geen motivering" not in text


@pytest.mark.parametrize(
    "extra",
    [
        "proportionality_motivation: De verplichting vraagt 2,5 arbeidsjaren over drie jaar op een opdracht met veel "
        "eigen personeel.\n",
        "labour_share: 0.6\n",
    ],
    ids=["motivation", "labour-share"],
)
def test_no_warning_once_the_file_motivates_or_can_be_checked(tmp_path: Path, extra: str) -> None:
    tender = _tender(tmp_path, extra)
    for args in (("generate", str(tender), "-o", str(tmp_path / "out")), ("explain", str(tender))):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        assert "niet gemotiveerd" not in result.output, args
    memo = run_cli("explain", str(tender), "--memo", "-o", str(tmp_path / "m.docx"))
    assert memo.exit_code == 0 and "niet gemotiveerd" not in docx_text(tmp_path / "m.docx")


def test_a_tender_without_an_obligation_has_nothing_to_motivate(tmp_path: Path) -> None:
    # 2027-L-009: a supply of € 180.000, an effort clause only, no obligation and no labour share
    for args in (
        ("generate", str(LEZING / "lev.yaml"), "-o", str(tmp_path / "out")),
        ("explain", str(LEZING / "lev.yaml")),
    ):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        assert "evenredigheid" not in result.stderr, args


def test_the_warning_in_english(tmp_path: Path) -> None:
    result = run_cli("--lang", "en", "generate", str(SMAL), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == [
        "Warning: the proportionality of the obligation is not motivated: the tender gives no labour_share and no "
        "proportionality_motivation (article 1.10 Aanbestedingswet 2012). Fill in labour_share or "
        "proportionality_motivation before publication."
    ]


# ------------------------------------------------------------------ MINOR-7: the authority as a party


def test_contract_warns_before_signature_when_the_authority_is_a_plain_name(tmp_path: Path) -> None:
    result = run_cli("contract", str(SMAL), str(LEZING / "smal-gunning.yaml"), "-o", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == [NO_REPRESENTATIVE]
    manifest = json.loads((tmp_path / "c" / "2027-FM-200-1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"] == [NO_REPRESENTATIVE.removeprefix("Waarschuwing: ")]
    # explain gives the same words from the same function, before publication
    explained = run_cli("explain", str(SMAL))
    assert ("Waarschuwing partij: " + NO_REPRESENTATIVE.split("2027-FM-200-1: ")[1]) in explained.stdout.splitlines()


def test_a_service_without_legal_entity_gets_the_legal_entity_warning(tmp_path: Path) -> None:
    tender = _tender(tmp_path, authority="contracting_authority: Dienst Facilitair Voorbeelddelta")
    result = run_cli("contract", str(tender), str(LEZING / "smal-gunning.yaml"), "-o", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == [
        "Waarschuwing: contract 2027-FM-200-1: legal_entity ontbreekt: de aanbesteding noemt geen rechtspersoon en "
        "vertegenwoordiger van de Opdrachtgever, en de bijlage noemt als Opdrachtgever 'Dienst Facilitair "
        "Voorbeelddelta'. Een ministerie, dienst of directie is geen rechtspersoon: geef contracting_authority als "
        "{name, legal_entity, represented_by} en vul die in vóór ondertekening, bijvoorbeeld met legal_entity: De "
        "Staat der Nederlanden (Ministerie van ...).",
        # a dienst of unknown kind has no statute for its public task: the annex falls back (lawyer7 MINOR-7)
        "Waarschuwing: contract 2027-FM-200-1: grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG); vul "
        "public_task_basis in de aanbesteding in (de wettelijke taak van de aanbestedende dienst, bijvoorbeeld voor "
        "de Staat de Comptabiliteitswet 2016, door de juridische afdeling bevestigd).",
    ]


def test_no_party_warning_when_entity_and_representative_are_given(tmp_path: Path) -> None:
    authority = (
        "contracting_authority:\n  name: Waterschap Voorbeelddelta\n  legal_entity: Waterschap Voorbeelddelta\n"
        "  represented_by: de dijkgraaf, ir. M. Jansen\n"
    )
    tender = _tender(tmp_path, authority=authority)
    result = run_cli("contract", str(tender), str(LEZING / "smal-gunning.yaml"), "-o", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == []
    assert "Waarschuwing partij" not in run_cli("explain", str(tender)).stdout
    annex = docx_text(tmp_path / "c" / "2027-FM-200-1" / "2027-FM-200-1-overeenkomst-social-return.docx")
    assert "de dijkgraaf, ir. M. Jansen" in annex


def test_contract_warnings_come_from_the_catalog_in_english(tmp_path: Path) -> None:
    result = run_cli("--lang", "en", "contract", str(SMAL), str(LEZING / "smal-gunning.yaml"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert _warnings(result.stderr) == [
        "Warning: contract 2027-FM-200-1: represented_by is missing: the tender names no representative of the "
        "contracting authority 'Waterschap Voorbeelddelta', so the signature block stays open. Give "
        "contracting_authority as {name, legal_entity, represented_by} and fill in represented_by before signature."
    ]


# ------------------------------------------------------------------ MINOR-4: the refusal reason


@pytest.fixture(scope="module")
def contract_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contract")
    result = run_cli("contract", str(SMAL), str(LEZING / "smal-gunning.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / "2027-FM-200-1"


def test_a_block_outside_the_doelgroep_is_named_so_and_an_unknown_block_is_refused(
    contract_dir: Path, tmp_path: Path
) -> None:
    report_file = LEZING / "smal-verantwoording.csv"
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", str(contract_dir), str(report_file), "--peildatum", "2028-11-15", "-o", str(letter))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"rij 3: telt niet: {OUTSIDE}" in lines
    assert any(line.startswith("rij 4: geweigerd: bouwblok 'stage-mbo' staat niet in de waardetabel") for line in lines)
    # what a supplier may choose: the blocks that count here, not the whole table
    assert "kies uit: plaatsing-a, plaatsing-b, leerwerkplek-instroom, leerwerkplek-bbl," in result.stdout
    text = docx_text(letter)
    assert f"3\ntelt niet\n{OUTSIDE}" in text
    assert "staat niet in de waardetabel" in text and "'stage-bol' staat niet" not in text


def test_the_workbook_lists_the_block_as_not_counting_here(contract_dir: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(contract_dir / "2027-FM-200-1-verantwoording.xlsx")
    rows = [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]
    stage = [row for row in rows if row and row[0] == "stage-bol"]
    assert stage and any("nee" in str(cell) for row in stage for cell in row), stage
    manifest = json.loads((contract_dir / "manifest.json").read_text(encoding="utf-8"))
    valuation = manifest["valuation"]
    assert "stage-bol" in [b["id"] for b in valuation["value_table"]["blocks"]]
    assert "stage-bol" not in valuation["allowed_blocks"] and "plaatsing-b" in valuation["allowed_blocks"]


def test_the_register_stores_and_recomputes_the_same_reason(contract_dir: Path, tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'register.db'}")
    folder = tmp_path / "2027-FM-200-1"
    shutil.copytree(contract_dir, folder)
    add(engine, folder)
    stored = report(engine, folder, LEZING / "smal-verantwoording.csv", datetime.date(2028, 11, 15))
    reasons = {row.row: row.reason for row in stored.valuation.rows}
    assert reasons[3] == OUTSIDE
    with engine.connect() as connection:
        row = connection.execute(reports.select()).one()
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        again = value_stored(connection, manifest, row.id, row.report_date)
    assert {r.row: r.reason for r in again.rows}[3] == OUTSIDE
