"""The register's messages (`register.*`) through the CLI on SQLite: Dutch from the catalog, one
line naming the file (and key path), what is wrong and what to do; exit 2 without a traceback;
English with --lang en. A refusal changes nothing in the register."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture

from clausegen.errors import ClausegenError
from clausegen.register import open_engine, restore, retention, status
from clausegen.register.db import head_revision, shown_url

AGAIN = "; schrijf de map opnieuw met `clausegen contract`"


def error_line(result) -> str:  # noqa: ANN001
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    return tmp_path / "register.sqlite"


def register(db: Path, *args: object, lang: str = "nl"):  # noqa: ANN201
    return run_cli("--lang", lang, "register", "--db", db, *args)


def changed(tmp_path: Path, change, name: str = "P1") -> Path:  # noqa: ANN001
    """A copy of the 2026-0142-P1 contract folder with its manifest changed by `change(data)`."""
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "2026-0142-P1", folder)
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "manifest.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return folder


def test_a_folder_without_manifest_and_a_manifest_that_is_no_json(db: Path, tmp_path: Path) -> None:
    assert error_line(register(db, "add", tmp_path)) == (
        f"Error: {tmp_path}: in deze map staat geen manifest.json; geef de map die `clausegen contract` per "
        "overeenkomst schreef"
    )
    assert error_line(register(db, "add", tmp_path, lang="en")) == (
        f"Error: {tmp_path}: this folder holds no manifest.json; give the folder that `clausegen contract` wrote "
        "for the contract"
    )
    broken = tmp_path / "kapot"
    broken.mkdir()
    (broken / "manifest.json").write_text('{\n  "plan": {\n    "lots": [,]\n', encoding="utf-8")
    assert error_line(register(db, "add", broken)) == (
        f"Error: {broken / 'manifest.json'}:3: manifest.json is geen geldige JSON (beschadigd of met de hand "
        f"bewerkt){AGAIN}"
    )
    (broken / "manifest.json").write_text("[1, 2]", encoding="utf-8")
    assert error_line(register(db, "add", broken)).endswith(f": manifest.json bevat geen JSON-object met velden{AGAIN}")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["contract"]["contractor"].update(kvk="1234"),
         'contract.contractor.kvk: een KvK-nummer heeft 8 cijfers, niet "1234"'),
        (lambda d: d["contract"].pop("end_date"), "contract.end_date: dit veld ontbreekt in manifest.json"),
        (lambda d: d["contract"].update(end_date="2020-01-01"),
         "contract.end_date: de einddatum 2020-01-01 ligt vóór de ingangsdatum 2027-04-01"),
        (lambda d: d["contract"].update(start_date="1 april"),
         'contract.start_date: "1 april" is geen datum JJJJ-MM-DD'),
        (lambda d: d["contract"].update(obligation_eur="-5"),
         'contract.obligation_eur: "-5" is geen bedrag van 0 of meer'),
        (lambda d: d["profile"].update(version="twee"),
         'profile.version: "twee" is geen heel getal van 0 of meer'),
        (lambda d: d["plan"]["lots"][0].update(band="x"), 'plan.lots.0.band: "x" is geen heel getal van 0 of meer'),
        (lambda d: d["plan"].update(lots="alle"),
         'plan.lots: hier hoort een lijst van percelen (JSON-objecten), niet "alle"'),
        (lambda d: d["plan"]["lots"][0].update(instruments="sroi"), 'plan.lots.0.instruments: hier hoort een lijst, niet "sroi"'),
        (lambda d: d["valuation"].update(settings=["x"]), "valuation.settings: hier hoort een JSON-object met velden, niet [\"x\"]"),
    ],
)  # fmt: skip
def test_a_manifest_value_is_named_by_its_key_path(db: Path, tmp_path: Path, change, expected: str) -> None:  # noqa: ANN001
    folder = changed(tmp_path, change)
    assert error_line(register(db, "add", folder)) == f"Error: {folder / 'manifest.json'}: {expected}{AGAIN}"
    assert status(open_engine(str(db))).contracts == []


def test_a_changed_manifest_names_its_changes_and_the_way_to_record_it(db: Path, tmp_path: Path) -> None:
    assert register(db, "add", FIXTURES / "2026-0142-P1").exit_code == 0
    one = changed(tmp_path, lambda d: d["contract"]["contractor"].update(name="Schoon BV"), "een")
    line = error_line(register(db, "add", one))
    assert line.startswith(
        f"Error: {one / 'manifest.json'}: overeenkomst 2026-0142-P1 staat al in het register met een ander "
        'manifest (contract.contractor.name: "'
    )
    assert line.endswith(
        ' -> "Schoon BV"); controleer de map, of gebruik --replace om het nieuwe manifest vast te leggen'
    )

    def many(data: dict) -> None:
        data["contract"]["contractor"].update(name="Schoon BV", kvk="11112222")
        data["clausegen_version"] = "0.2.0"
        data["warnings"] = ["een nieuwe waarschuwing"]
        data["library"]["fingerprint"] = "0" * 64
        data["award"] = {"sha256": "1" * 64, "award_date": "2027-01-01"}

    line = error_line(register(db, "add", changed(tmp_path, many, "veel"), lang="en"))
    assert "; and 2 more); check the folder, or use --replace to record the new manifest" in line
    layout = tmp_path / "opmaak"
    shutil.copytree(FIXTURES / "2026-0142-P1", layout)
    data = json.loads((layout / "manifest.json").read_text(encoding="utf-8"))
    (layout / "manifest.json").write_text(json.dumps(data, indent=4), encoding="utf-8")
    assert error_line(register(db, "add", layout)).endswith(
        "overeenkomst 2026-0142-P1 staat al in het register met een manifest dat alleen in opmaak verschilt; "
        "gebruik --replace om het nieuwe bestand vast te leggen"
    )
    assert register(db, "add", "--replace", layout).exit_code == 0


def test_a_report_for_a_tender_manifest_is_refused(db: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    report.write_text("perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n")
    tender = FIXTURES / "tender-2026-0300"
    assert error_line(register(db, "report", tender, report)) == (
        f"Error: {tender / 'manifest.json'}: dit manifest.json is van een aanbesteding; een verantwoording hoort "
        "bij een overeenkomst: geef de map van de overeenkomst die `clausegen contract` schreef"
    )


def test_export_backup_and_restore_say_what_to_do(db: Path, tmp_path: Path) -> None:
    assert register(db, "add", FIXTURES / "2026-0142-P1").exit_code == 0
    pdf = tmp_path / "raad.pdf"
    assert error_line(register(db, "export", "-o", pdf)) == (
        f"Error: {pdf}: de raadsrapportage is een .docx of een .xlsx; geef -o een naam die op .docx of .xlsx eindigt"
    )
    copy = tmp_path / "kopie.json"
    assert register(db, "backup", "-o", copy).exit_code == 0
    assert error_line(register(db, "backup", "-o", copy)) == (
        f"Error: {copy}: het bestand bestaat al; kies een andere naam of gebruik --force om het te overschrijven"
    )
    assert error_line(register(db, "restore", copy)) == (
        "Error: het register is niet leeg; terugzetten kan alleen in een leeg register: geef met --db een nieuwe "
        "database op"
    )
    fresh = tmp_path / "nieuw.sqlite"
    missing = tmp_path / "nergens.json"
    assert error_line(register(fresh, "restore", missing)) == (
        f"Error: {missing}: het kopiebestand bestaat niet; controleer het pad"
    )
    data = json.loads(copy.read_text(encoding="utf-8"))
    wrong = tmp_path / "oud.json"
    wrong.write_text(json.dumps({**data, "revision": "0000-oud"}), encoding="utf-8")
    assert error_line(register(fresh, "restore", wrong)) == (
        f"Error: {wrong}: de kopie hoort bij een andere versie van het register (migratie 0000-oud; deze clausegen "
        f"verwacht {head_revision()}); zet haar terug met de clausegen-versie die haar maakte en maak daarna met "
        "deze versie een nieuwe kopie"
    )
    data["tables"]["contracts"][0]["end_date"] = "eind 2031"
    damaged = tmp_path / "bewerkt.json"
    damaged.write_text(json.dumps(data), encoding="utf-8")
    assert error_line(register(fresh, "restore", damaged)) == (
        f"Error: {damaged}: de kopie is beschadigd of bewerkt: de rijen van tabel 'contracts' passen niet in het "
        "register; er is niets teruggezet; gebruik een ongewijzigde kopie van `clausegen register backup -o KOPIE.json`"
    )
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["tables"]["contract_lots"][0]["contract_id"] = 999  # a lot of a contract the copy lacks
    orphan = tmp_path / "wees.json"
    orphan.write_text(json.dumps(data), encoding="utf-8")
    assert "de rijen van tabel 'contract_lots' passen niet" in error_line(register(fresh, "restore", orphan))
    assert status(open_engine(str(fresh))).contracts == []  # nothing half-restored
    other = tmp_path / "anders.json"
    other.write_text('{"format": "iets anders"}', encoding="utf-8")
    assert error_line(register(fresh, "restore", other)) == (
        f"Error: {other}: dit is geen kopie van een clausegen-register; maak de kopie met "
        "`clausegen register backup -o KOPIE.json`"
    )
    other.write_text("{niet", encoding="utf-8")
    assert error_line(register(fresh, "restore", other, lang="en")) == (
        f"Error: {other}:1: this backup file is not valid JSON (damaged or edited); make a new copy with "
        "`clausegen register backup -o COPY.json`"
    )


def test_database_urls_and_dates(tmp_path: Path) -> None:
    assert error_line(run_cli("register", "--db", "mysqlx://beheer:geheim@db/register", "status")) == (
        "Error: 'mysqlx://beheer:***@db/register' is geen database die het register kan gebruiken; geef met --db "
        "of CLAUSEGEN_DB een pad naar een .sqlite-bestand of postgresql://gebruiker@host/database"
    )
    assert shown_url("postgresql+psycopg://beheer:geheim@db:5432/r") == "postgresql+psycopg://beheer:***@db:5432/r"
    nowhere = tmp_path / "bestaat" / "niet" / "r.sqlite"
    line = error_line(run_cli("register", "--db", nowhere, "status"))
    assert line.startswith("Error: de register-database is niet bereikbaar (")
    assert line.endswith(
        "); controleer --db of CLAUSEGEN_DB (een pad naar een .sqlite-bestand in een bestaande map, of "
        "postgresql://gebruiker@host/database) en of de databaseserver draait"
    )
    assert error_line(run_cli("register", "--db", tmp_path / "r.sqlite", "status", "--peildatum", "morgen")) == (
        "Error: peildatum: 'morgen' is geen datum; schrijf de peildatum als JJJJ-MM-DD, bijvoorbeeld 2028-04-01"
    )
    with pytest.raises(ClausegenError) as caught:
        retention(open_engine(str(tmp_path / "r.sqlite")), 0)
    assert caught.value.message == "de bewaartermijn is ten minste 1 jaar, niet 0; geef --years 1 of meer (standaard 7)"


def test_a_damaged_copy_restores_nothing_on_either_database(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "bron.sqlite"
    assert run_cli("register", "--db", source, "add", FIXTURES / "2026-0142-P1").exit_code == 0
    copy = tmp_path / "kopie.json"
    assert run_cli("register", "--db", source, "backup", "-o", copy).exit_code == 0
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["tables"]["contract_lots"][0]["contract_id"] = 999
    copy.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ClausegenError) as caught:
        restore(open_engine(db_url), copy)
    assert caught.value.code == "register.dump-damaged" and caught.value.params == {"table": "contract_lots"}
    assert status(open_engine(db_url)).contracts == []


def test_a_postgresql_server_that_does_not_answer() -> None:
    line = error_line(run_cli("register", "--db", "postgresql://beheer:geheim@127.0.0.1:1/register", "status"))
    assert line.startswith("Error: de register-database is niet bereikbaar (") and "geheim" not in line
    assert line.endswith("en of de databaseserver draait")
