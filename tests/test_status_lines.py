"""The status lines on stderr and `batch`'s summary table come from the catalog (issue 12):
Dutch by default, English with --lang en exactly as before, `-q` silences them, and the keys of
`batch --json` do not follow the language."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, run_cli

TENDER = EXAMPLES / "schoonmaak-den-haag.yaml"
AWARD = EXAMPLES / "schoonmaak-den-haag-gunning.yaml"


def _broken(tmp_path: Path) -> Path:
    broken = tmp_path / "kapot.yaml"
    text = TENDER.read_text(encoding="utf-8").replace("2026-0142", "2026-0299")
    broken.write_text(text.replace("category: schoonmaak", "category: schoonmaakk"), encoding="utf-8")
    return broken


def test_generate_says_what_it_saved_in_dutch_and_in_english(tmp_path: Path) -> None:
    dutch = run_cli("generate", TENDER, "-o", tmp_path / "nl")
    english = run_cli("--lang", "en", "generate", TENDER, "-o", tmp_path / "en")
    assert dutch.exit_code == english.exit_code == 0, dutch.output + english.output
    # the status lines, then the example's warning (its proportionality is not motivated)
    assert dutch.stderr.splitlines()[1:4] == [
        f"opgeslagen: {tmp_path / 'nl' / '2026-0142-bijlage-social-return.docx'}  (bijlage, 26 artikelen)",
        f"opgeslagen: {tmp_path / 'nl' / '2026-0142-overeenkomst-social-return.docx'}  (overeenkomst, 28 artikelen)",
        f"opgeslagen: {tmp_path / 'nl' / 'manifest.json'}",
    ]
    assert english.stderr.splitlines()[1:4] == [
        f"wrote {tmp_path / 'en' / '2026-0142-bijlage-social-return.docx'}  (bijlage, 26 articles)",
        f"wrote {tmp_path / 'en' / '2026-0142-overeenkomst-social-return.docx'}  (overeenkomst, 28 articles)",
        f"wrote {tmp_path / 'en' / 'manifest.json'}",
    ]
    assert [line.split(":")[0] for line in dutch.stderr.splitlines()[4:]] == ["Waarschuwing"]
    assert [line.split(":")[0] for line in english.stderr.splitlines()[4:]] == ["Warning"]
    assert all(Path(line.split(": ", 1)[1].split("  (")[0]).is_file() for line in dutch.stderr.splitlines()[1:4])


def test_contract_names_the_overeenkomst_and_its_obligation(tmp_path: Path) -> None:
    dutch = run_cli("contract", TENDER, AWARD, "-o", tmp_path / "nl")
    english = run_cli("--lang", "en", "contract", TENDER, AWARD, "-o", tmp_path / "en")
    assert dutch.exit_code == english.exit_code == 0, dutch.output + english.output
    manifest = tmp_path / "nl" / "2026-0142-P1" / "manifest.json"
    assert f"opgeslagen: {manifest}  (overeenkomst 2026-0142-P1, verplichting € 75.000,00)" in dutch.stderr
    manifest = tmp_path / "en" / "2026-0142-P1" / "manifest.json"
    assert f"wrote {manifest}  (contract 2026-0142-P1, verplichting € 75.000,00)" in english.stderr
    assert "wrote" not in dutch.stderr and "opgeslagen" not in english.stderr


def test_the_batch_table_and_count_follow_the_language_and_json_does_not(tmp_path: Path) -> None:
    broken = _broken(tmp_path)
    dutch = run_cli("batch", TENDER, broken, "-o", tmp_path / "nl", "-j", "1")
    english = run_cli("--lang", "en", "batch", TENDER, broken, "-o", tmp_path / "en", "-j", "1")
    assert dutch.exit_code == english.exit_code == 1
    head, _, good, bad = dutch.stdout.splitlines()
    assert head.split() == ["aanbesteding", "map", "documenten", "totale", "verplichting", "status"]
    assert good.split()[-1] == "ok" and f"MISLUKT: {broken}:" in bad
    assert dutch.stderr.splitlines()[-1] == f"1 van 2 aanbestedingen opgeslagen in {tmp_path / 'nl'}, 1 mislukt"
    assert "documenten maken voor 2 aanbestedingen" in dutch.stderr
    head, _, good, bad = english.stdout.splitlines()
    assert head.split() == ["tender", "folder", "documents", "total", "obligation", "status"]
    assert good.split()[-1] == "ok" and f"FAILED: {broken}:" in bad
    assert english.stderr.splitlines()[-1] == f"1 of 2 tenders written to {tmp_path / 'en'}, 1 failed"
    assert "generating 2 tenders" in english.stderr
    as_json = [
        json.loads(run_cli(*lang, "batch", TENDER, "-o", tmp_path / name, "-j", "1", "--json").stdout)
        for lang, name in (((), "nl-json"), (("--lang", "en"), "en-json"))
    ]
    assert [sorted(rows[0]) for rows in as_json] == [sorted(as_json[1][0])] * 2
    assert {"tender", "folder", "files", "ok", "error"} <= set(as_json[0][0])


def test_quiet_silences_the_dutch_status_lines(tmp_path: Path) -> None:
    quiet = run_cli("-q", "batch", TENDER, "-o", tmp_path / "q", "-j", "1")
    # only the warning survives -q (the example's proportionality is not motivated)
    assert quiet.exit_code == 0 and [line.split(":")[0] for line in quiet.stderr.splitlines()] == ["Waarschuwing"]
    assert quiet.stdout.splitlines()[0].split()[0] == "aanbesteding"
    assert run_cli("-q", "schema", "-o", tmp_path / "s").stderr == ""
    assert (tmp_path / "s" / "tender.schema.json").is_file()
