"""Value tables by version and date, the table checks (overlap, gap, privacy, coverage), the
person-years total and the settings the legal review added, read back from the documents."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import yaml
from hostdocs import real_library_copy

from clausegen import fmt
from clausegen.api import prepare, render_documents
from clausegen.library.load import collect
from clausegen.library.tables import special_term
from clausegen.rules import make_plan
from tests.conftest import docx_text, run_cli

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "profiles" / "value-tables" / "standaard.yaml"


def write_tender(tmp_path: Path, **fields: object) -> Path:
    data: dict[str, object] = {
        "reference": "VT-1",
        "title": "Schoonmaak regiokantoren",
        "contracting_authority": "Ministerie van Voorbeeldzaken",
        "category": "schoonmaak",
        "contract_type": "overeenkomst",
        "value_eur": 1_000_000,
        "duration_months": 36,
        "publication_date": "2027-01-01",
    }
    data.update(fields)
    path = tmp_path / "tender.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def add_version(library: Path, name: str, version: int, start: str, until: str | None, value: int) -> None:
    """A further version of table 'standaard' in its own file, with category A at `value`."""
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    data.update(version=version, valid_from=start)
    if until is not None:
        data["valid_until"] = until
    data["blocks"][0]["value_eur"] = value
    (library / "profiles" / "value-tables" / name).write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def set_first_version_until(library: Path, until: str) -> None:
    path = library / "profiles" / "value-tables" / "standaard.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "valid_from: 2020-01-01\n", f"valid_from: 2020-01-01\nvalid_until: {until}\n"
    )
    path.write_text(text, encoding="utf-8")


def body_of(tmp_path: Path, tender: Path, library: Path | None, kind: str = "bijlage") -> str:
    files, _ = render_documents(prepare(tender, library))
    name = next(n for n in files if f"-{kind}-" in n)
    out = tmp_path / name
    out.write_bytes(files[name])
    return re.sub(r"[ \t\r\n]+", " ", docx_text(out))


def test_the_tender_date_picks_the_table_in_force(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    set_first_version_until(library, "2027-06-30")
    add_version(library, "standaard-4.yaml", 4, "2027-07-01", None, 50000)
    old = prepare(write_tender(tmp_path, publication_date="2027-06-30"), library)
    new = prepare(write_tender(tmp_path, publication_date="2027-07-01"), library)
    assert old.inputs.table.version == 3 and old.inputs.table.block("plaatsing-a").value_eur == 40000
    assert new.inputs.table.version == 4 and new.inputs.table.block("plaatsing-a").value_eur == 50000
    assert old.plan.lots[0].person_years == Decimal("1.2")  # € 50.000 / € 40.000, rounded down
    assert new.plan.lots[0].person_years == Decimal("1.0")
    assert "versie 4" in body_of(tmp_path, write_tender(tmp_path, publication_date="2027-07-01"), library)


def test_a_date_without_a_table_in_force_is_refused(tmp_path: Path) -> None:
    result = run_cli("calc", write_tender(tmp_path, publication_date="2019-06-01"))
    assert result.exit_code == 2
    assert "geen versie van waardetabel 'standaard' geldt op 2019-06-01" in result.output


def test_check_reports_overlap_and_gap_between_versions(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    add_version(library, "standaard-4.yaml", 4, "2027-07-01", None, 50000)  # version 3 is open-ended
    result = run_cli("check", "--library", library)
    assert result.exit_code == 1
    assert "versie 3 en versie 4 gelden allebei op 2027-07-01" in result.output
    set_first_version_until(library, "2027-05-31")
    result = run_cli("check", "--library", library)
    assert "tussen versie 3 (tot en met 2027-05-31) en versie 4 (vanaf 2027-07-01) geldt geen versie" in result.output
    path = library / "profiles" / "value-tables" / "standaard.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2027-05-31", "2027-06-30"), encoding="utf-8")
    result = run_cli("check", "--library", library)
    assert result.exit_code == 0, result.output


def test_check_refuses_a_block_that_reveals_a_special_category(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    path = library / "profiles" / "value-tables" / "standaard.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "label: Dienstverband Kandidaat in categorie B", "label: Dienstverband Kandidaat met een WW-uitkering"
    )
    text = text.replace("id: leerwerkplek-instroom", "id: ex-gedetineerde-leerwerkplek")
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--library", library)
    assert result.exit_code == 1
    assert "bouwblok 'plaatsing-b': het label noemt 'ww'" in result.output
    assert "bouwblok 'ex-gedetineerde-leerwerkplek': het id noemt 'gedetineerd'" in result.output
    assert special_term("Leerwerkplek praktijkonderwijs, voortgezet speciaal onderwijs") is None
    assert special_term("Dienstverband met WIA-uitkering") == "wia"
    assert special_term("Toeslag voor een dienstverband voor onbepaalde tijd") is None


def test_the_shipped_table_names_no_special_category() -> None:
    lib = collect(ROOT)
    for versions in lib.table_versions.values():
        for entry in versions:
            for block in entry.item.blocks:  # type: ignore[attr-defined]
                assert special_term(block.id) is None and special_term(block.label) is None, block.id


def test_check_wants_a_block_for_every_group_of_a_profile(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    path = library / "profiles" / "value-tables" / "standaard.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "[participatiewet, statushouders, wajong,",
        "[participatiewet, wajong,",
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--library", library)
    assert result.exit_code == 1
    assert "doelgroep 'statushouders' heeft geen plaatsing of leerwerkplek in waardetabel 'standaard'" in result.output


def test_no_block_for_a_group_outside_the_doelgroep(tmp_path: Path) -> None:
    restricted = write_tender(tmp_path, target_groups=["participatiewet", "statushouders", "banenafspraak"])
    prepared = prepare(restricted)
    ids = [b.id for b in prepared.inputs.table.blocks]
    assert "plaatsing-b" not in ids and "stage-bol" not in ids and "leerwerkplek-bbl" not in ids
    assert {"plaatsing-a", "bonus-50-plus", "inkoop-sociaal", "ondersteuning"} <= set(ids)
    body = body_of(tmp_path, restricted, None)
    assert "Dienstverband Kandidaat in categorie A" in body
    assert "categorie B" not in body and "Stageplaats mbo BOL" not in body
    full = body_of(tmp_path, write_tender(tmp_path), None)
    assert "Dienstverband Kandidaat in categorie B" in full


def test_person_years_total_is_the_total_obligation_over_the_reference_block(tmp_path: Path) -> None:
    """€ 45.000 (1,1) + € 75.000 (1,8): the sum of the rounded lots is 2,9; the total is 3,0."""
    lots = [
        {"id": "1", "title": "Noord", "value_eur": 900_000},
        {"id": "2", "title": "Zuid", "value_eur": 1_500_000},
    ]
    prepared = prepare(write_tender(tmp_path, value_eur=None, lots=lots))
    plan = prepared.plan
    assert [lot.person_years for lot in plan.lots] == [Decimal("1.1"), Decimal("1.8")]
    assert plan.total_obligation == Decimal("120000.00")
    assert plan.total_person_years == Decimal("3.0")
    again = make_plan(prepared.tender, prepared.inputs.profile, prepared.inputs.table)
    assert again.total_person_years == Decimal("3.0")
    body = body_of(tmp_path, write_tender(tmp_path, value_eur=None, lots=lots), None)
    assert f"Totaal {fmt.euro(Decimal(2400000))} {fmt.euro(Decimal(120000))} 3,0" in body


def test_review_settings_reach_the_documents(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    path = library / "profiles" / "schoonmaak.yaml"
    text = re.sub(r"(?ms)^settings:.*", "", path.read_text(encoding="utf-8")) + (
        "settings:\n  sanction_percent: 80\n  buy_social_share_percent: 50\n  pso_share_percent: 25\n"
        "  interim_percent: 40\n  plan_max_pages: 3\n  award_points: [9, 6, 4, 1, 0]\n"
        "  buy_social_max_percent: 60\n  social_enterprise_min_percent: 35\n  retention_years: 3\n"
    )
    path.write_text(text, encoding="utf-8")
    big = write_tender(tmp_path, value_eur=3_000_000)
    body = body_of(tmp_path, big, library)
    for expected in (
        "boete in de zin van artikel 6:91 van het Burgerlijk Wetboek van 80% van het tekort",
        "Loonkostendeel van de factuur mee, voor 50%",
        "lager is dan 40% van de Social-returnverplichting maal het verstreken deel van de looptijd",
        "ten hoogste 3 A4-pagina's",
        "duidelijk wat gevraagd is. 9 Goed",
        "voor ten hoogste 60% invullen",
        "ten minste 35% van haar medewerkers",
        "niet langer dan 3 jaar na de vaststelling",
    ):
        assert expected in body, expected
    assert "gedeeld door 45" in body  # 5 aspects x 9 points
    small = body_of(tmp_path, write_tender(tmp_path, value_eur=1_000_000), library)
    assert "dan geldt 25% van de Social-returnverplichting als ingevuld" in small


def test_small_obligation_gets_the_light_regime_and_small_call_offs_are_bundled(tmp_path: Path) -> None:
    small = body_of(tmp_path, write_tender(tmp_path, value_eur=400_000), None)  # € 20.000 obligation
    assert f"lager is dan {fmt.euro(Decimal(25000))}, rapporteert de Opdrachtnemer alleen aan het einde" in small
    library = real_library_copy(tmp_path)
    path = library / "profiles" / "ict.yaml"
    text = (
        re.sub(r"(?ms)^settings:.*", "", path.read_text(encoding="utf-8"))
        + "settings:\n  call_off_min_eur: 75000\n  min_groups_outside_sensitive_kind: 1\n"
    )
    path.write_text(text, encoding="utf-8")
    ict = write_tender(tmp_path, category="ict", contract_type="raamovereenkomst", value_eur=2_000_000)
    body = body_of(tmp_path, ict, library, kind="raamovereenkomst")
    assert (
        f"waarde lager dan {fmt.euro(Decimal(75000))} exclusief btw heeft geen eigen Social-returnverplichting" in body
    )


def test_works_use_the_uav_2012_vocabulary(tmp_path: Path) -> None:
    body = body_of(tmp_path, ROOT / "examples" / "bouw-fietsbrug.yaml", None, kind="overeenkomst")
    assert "Opdrachtnemer" not in body
    for expected in (
        "Aannemer:",
        "Directie:",
        "wijkt uitdrukkelijk af van de UAV 2012",
        "na de oplevering van het werk",
        "bij de eindafrekening van het werk",
    ):
        assert expected in body, expected
    services = body_of(tmp_path, ROOT / "examples" / "schoonmaak-den-haag.yaml", None, kind="overeenkomst")
    assert "Aannemer" not in services and "rangorderegeling van de Overeenkomst" in services
