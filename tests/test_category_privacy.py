"""A placement category must hold at least `settings.min_groups_per_category` groups of the
tender's Doelgroep (review B2): with one group, reporting the category names the group and so a
benefit. `generate`, `contract` and `check` refuse it in Dutch; the fixed examples pass and their
documents and workbook show only categories of two or more groups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import yaml

from tests.conftest import EXAMPLES, copy_library, docx_text, run_cli

BEVEILIGING = EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml"
AWARD = EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml"
NARROW = ["participatiewet", "banenafspraak", "statushouders", "ww-langdurig", "leerlingen"]
"""The Doelgroep the beveiliging example had before (with Statushouders, whom category A needs
since the fourth reading): category B then held only the WW group."""


def _tender(tmp_path: Path, groups: list[str]) -> Path:
    data = yaml.safe_load(BEVEILIGING.read_text(encoding="utf-8"))
    data["target_groups"] = groups
    path = tmp_path / "aanbesteding.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    copy_library(root)
    return root


def test_generate_refuses_a_category_with_one_group_and_says_how_to_fix_it(tmp_path: Path) -> None:
    tender = _tender(tmp_path, NARROW)
    out = tmp_path / "out"
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    line = next(i for i, t in enumerate(tender.read_text().splitlines(), 1) if t.startswith("target_groups"))
    assert message.startswith(f"Error: {tender}:{line}: target_groups: in bouwblok 'plaatsing-b'")
    assert "alleen 'ww-langdurig'" in message and "ten minste 2 groepen" in message
    assert "settings.min_groups_per_category" in message
    assert "neem in target_groups ook een van 'niet-uitkeringsgerechtigd', 'jongeren' op" in message
    assert "of laat 'ww-langdurig' weg" in message
    assert not out.exists()


def test_each_fix_the_message_names_is_accepted(tmp_path: Path) -> None:
    for groups in (NARROW + ["niet-uitkeringsgerechtigd"], [g for g in NARROW if g != "ww-langdurig"]):
        result = run_cli("generate", _tender(tmp_path, groups), "-o", tmp_path / "-".join(groups), "--json")
        assert result.exit_code == 0, result.output


def test_contract_refuses_it_before_writing_a_workbook(tmp_path: Path) -> None:
    tender = _tender(tmp_path, NARROW)
    award = tmp_path / "gunning.yaml"
    award.write_text(AWARD.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("contract", tender, award, "-o", tmp_path / "contracten")
    assert result.exit_code == 2
    assert "plaatsing-b" in result.stderr and "ww-langdurig" in result.stderr
    assert not (tmp_path / "contracten").exists()


def test_the_minimum_is_a_profile_setting(tmp_path: Path) -> None:
    library = _library(tmp_path)
    profile = library / "profiles" / "beveiliging.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("\nsettings:\n", "\nsettings:\n  min_groups_per_category: 3\n"), encoding="utf-8")
    # Category A holds participatiewet, banenafspraak and statushouders: three; category B holds
    # ww-langdurig and niet-uitkeringsgerechtigd: two, below three.
    result = run_cli("generate", BEVEILIGING, "-o", tmp_path / "drie", "--library", library)
    assert result.exit_code == 2
    assert "bouwblok 'plaatsing-b'" in result.stderr and "ten minste 3 groepen" in result.stderr
    profile.write_text(text.replace("\nsettings:\n", "\nsettings:\n  min_groups_per_category: 1\n"), encoding="utf-8")
    result = run_cli("generate", _tender(tmp_path, NARROW), "-o", tmp_path / "een", "--library", library)
    assert result.exit_code == 0, result.output


def test_check_reports_a_profile_whose_own_doelgroep_leaves_a_category_with_one_group(tmp_path: Path) -> None:
    library = _library(tmp_path)
    profile = library / "profiles" / "beveiliging.yaml"
    text = profile.read_text(encoding="utf-8")
    groups = re.search(r"^target_groups: .*$", text, re.M)
    assert groups is not None
    profile.write_text(text.replace(groups.group(0), f"target_groups: [{', '.join(NARROW)}]"), encoding="utf-8")
    result = run_cli("check", "--library", library)
    assert result.exit_code == 1
    line = text[: groups.start()].count("\n") + 1
    assert f"{profile}:{line}: target_groups: in bouwblok 'plaatsing-b'" in result.output
    assert run_cli("check").exit_code == 0


def test_documents_and_workbook_of_the_example_show_only_categories_of_two_groups(tmp_path: Path) -> None:
    result = run_cli("generate", BEVEILIGING, "-o", tmp_path / "docs")
    assert result.exit_code == 0, result.output
    annex = next((tmp_path / "docs").glob("*-bijlage-social-return.docx"))
    text = docx_text(annex)
    assert "Elke categorie omvat ten minste 2 groepen uit de Doelgroep" in text
    listed = dict(re.findall(r"‘(Dienstverband Kandidaat in categorie [AB])’: de groepen? ([^\n]+)\.", text))
    assert set(listed) == {"Dienstverband Kandidaat in categorie A", "Dienstverband Kandidaat in categorie B"}
    groups = {k: re.findall(r"‘([^’]+)’", v) for k, v in listed.items()}
    assert all(len(names) >= 2 for names in groups.values()), groups
    assert groups["Dienstverband Kandidaat in categorie B"] == [
        "Langdurig werklozen en werklozen van 50 jaar of ouder met WW",
        "Werkzoekenden zonder uitkering",
    ]

    result = run_cli("contract", BEVEILIGING, AWARD, "-o", tmp_path / "contracten")
    assert result.exit_code == 0, result.output
    tender = yaml.safe_load(BEVEILIGING.read_text(encoding="utf-8"))
    for folder in sorted((tmp_path / "contracten").iterdir()):
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        valuation = manifest["valuation"]
        bound = {b["id"]: b["target_groups"] for b in valuation["value_table"]["blocks"] if b["kind"] == "plaatsing"}
        workbook = openpyxl.load_workbook(next(folder.glob("*-verantwoording.xlsx")))
        rows = [r for r in workbook["Waardetabel"].iter_rows(values_only=True) if r and r[0] in bound]
        assert rows, folder.name
        for row in rows:
            present = [g for g in bound[row[0]] if g in tender["target_groups"]]
            assert row[-1] == "ja" and len(present) >= 2, (folder.name, row, present)


def test_the_web_form_gives_the_same_message_and_no_documents(tmp_path: Path) -> None:
    from clausegen.web.app import create_app

    client = create_app(_library(tmp_path)).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    data = yaml.safe_load(BEVEILIGING.read_text(encoding="utf-8"))
    form = {key: str(data[key]) for key in ("reference", "title", "category", "contract_type", "publication_date")}
    form["contracting_authority"] = data["contracting_authority"]["name"]
    form["duration_months"] = str(data["duration_months"])
    for index, lot in enumerate(data["lots"]):
        form[f"lots-{index}-id"] = str(lot["id"])
        form[f"lots-{index}-title"] = lot["title"]
        form[f"lots-{index}-value_eur"] = str(lot["value_eur"])
    form.update(target_groups_shown="1", target_groups=NARROW)
    body = client.post("/api/plan", data=form).get_json()
    assert body["ok"] is False, body
    message = " ".join(body["errors"]["target_groups"])  # next to the field the buyer must change
    assert "bouwblok 'plaatsing-b'" in message and "laat 'ww-langdurig' weg" in message
    response = client.post("/generate", data=form)
    assert response.status_code == 422
    assert response.mimetype == "text/html"
